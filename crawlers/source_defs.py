"""Source definitions: one YAML file per outlet, validated here.

Sources are data. Spiders read them; coverage metrics read their country and languages; the
scheduler (`tipwatch schedule`) reads `schedule` and `timezone`; the flow calls
`check_assertions` after each run.

The real registry lives in `crawlers/sources/<country code, lower case>/<source id>.yaml`;
`validate_registry` checks that layout on top of the per-file validation.

Every field is checked when a file is loaded, and errors name the file and the field, e.g.
`crawlers/sources/in/the-hindu.yaml: field 'schedule': cron expression needs 5 fields ...`.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pycountry
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from tipwatch.crawlers.discovery import SEARCH_PLACEHOLDER, build_search_urls
from tipwatch.domain.language_codes import canonical, is_language

# Placeholder of the bundled demo outlets, replaced by the demo server's base URL.
DEMO_PLACEHOLDER = "{{BASE}}"

# Default on-site search terms: the usual English wording of trafficking prosecutions.
DEFAULT_SEARCH_TERMS: tuple[str, ...] = (
    "human trafficking",
    "trafficking in persons",
    "forced labour",
    "bonded labour",
    "migrant smuggling",
)


class SourceError(ValueError):
    """A source file is missing, unreadable or invalid. The message names the file."""


# --- small validators ---------------------------------------------------------------------------


def _check_regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression ({exc}): {value!r}") from exc
    return value


def _check_url(value: str, *, allow_placeholder: bool) -> str:
    """An absolute http(s) URL; a demo outlet may use the `{{BASE}}` placeholder instead."""
    value = value.strip()
    if allow_placeholder and value.startswith(DEMO_PLACEHOLDER):
        return value
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {value!r}")
    return value


_CRON_FIELDS: tuple[tuple[str, int, int, dict[str, int]], ...] = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day of month", 1, 31, {}),
    (
        "month",
        1,
        12,
        {
            m: i + 1
            for i, m in enumerate(
                ["jan", "feb", "mar", "apr", "may", "jun"]
                + ["jul", "aug", "sep", "oct", "nov", "dec"]
            )
        },
    ),
    (
        "day of week",
        0,
        7,
        {d: i for i, d in enumerate(["sun", "mon", "tue", "wed", "thu", "fri", "sat"])},
    ),
)


def validate_cron(expr: str) -> str:
    """A standard 5-field cron expression (minute hour day-of-month month day-of-week).

    Each field is a comma list of `*`, `N`, `N-M`, each optionally followed by `/STEP`; months
    and weekdays also take English three-letter names. Returns the expression with whitespace
    normalised; raises ValueError naming the offending field otherwise.
    """
    fields = expr.split()
    if len(fields) != 5:
        raise ValueError(
            f"cron expression needs 5 fields (minute hour day-of-month month day-of-week), "
            f"got {len(fields)}: {expr!r}"
        )
    for text, (name, lo, hi, names) in zip(fields, _CRON_FIELDS, strict=True):
        for item in text.split(","):
            _check_cron_item(item, name, lo, hi, names)
    return " ".join(fields)


def validate_timezone(name: str) -> str:
    """An IANA time zone name that this machine's tz database knows (e.g. `Europe/London`)."""
    name = name.strip()
    # The set Prefect's schedules accept too (`zoneinfo.available_timezones`, tzdata included).
    if name not in _timezones():
        raise ValueError(f"{name!r} is not an IANA time zone name (e.g. 'UTC', 'Africa/Nairobi')")
    return name


@functools.cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _cron_value(text: str, name: str, lo: int, hi: int, names: dict[str, int]) -> int:
    low = text.lower()
    if low in names:
        return names[low]
    if not text.isdigit():
        raise ValueError(f"cron {name} field: {text!r} is not a number")
    value = int(text)
    if not lo <= value <= hi:
        raise ValueError(f"cron {name} field: {value} is outside {lo}-{hi}")
    return value


def _check_cron_item(item: str, name: str, lo: int, hi: int, names: dict[str, int]) -> None:
    if not item:
        raise ValueError(f"cron {name} field has an empty list element")
    base, slash, step = item.partition("/")
    if slash and (not step.isdigit() or int(step) < 1):
        raise ValueError(f"cron {name} field: step {step!r} must be a positive number")
    if base == "*":
        return
    start, dash, end = base.partition("-")
    first = _cron_value(start, name, lo, hi, names)
    if dash and _cron_value(end, name, lo, hi, names) < first:
        raise ValueError(f"cron {name} field: range {base!r} runs backwards")


# --- the model -----------------------------------------------------------------------------------


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str
    # Regular expression; links on the section page that match are treated as articles.
    article_pattern: str = r".*"

    @field_validator("article_pattern")
    @classmethod
    def _regex(cls, v: str) -> str:
        return _check_regex(v)


class Search(BaseModel):
    """On-site search: `url` contains `{query}`, replaced by each URL-encoded term."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str
    terms: list[str] = Field(default_factory=lambda: list(DEFAULT_SEARCH_TERMS), min_length=1)
    # Links on a results page that match are articles. Default: the first section's pattern.
    article_pattern: str | None = None

    @field_validator("url")
    @classmethod
    def _template(cls, v: str) -> str:
        if SEARCH_PLACEHOLDER not in v:
            raise ValueError(f"search URL template must contain {SEARCH_PLACEHOLDER}: {v!r}")
        return v

    @field_validator("terms")
    @classmethod
    def _terms(cls, v: list[str]) -> list[str]:
        terms = [t.strip() for t in v]
        if any(not t for t in terms):
            raise ValueError("search terms must not be empty")
        return terms

    @field_validator("article_pattern")
    @classmethod
    def _regex(cls, v: str | None) -> str | None:
        return None if v is None else _check_regex(v)


class Politeness(BaseModel):
    """Per-outlet overrides. They can only make a crawl slower than the global settings:
    the effective delay is max(settings.download_delay, download_delay)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    download_delay: float | None = Field(default=None, ge=0, le=600)
    max_concurrency: int | None = Field(default=None, ge=1, le=16)


class Assertions(BaseModel):
    """Expected number of (new) articles per run; a run outside the range is flagged."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_articles: int = Field(default=0, ge=0)
    max_articles: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _order(self) -> Assertions:
        if self.max_articles is not None and self.max_articles < self.min_articles:
            raise ValueError(
                f"max_articles ({self.max_articles}) is below min_articles ({self.min_articles})"
            )
        return self


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str = Field(min_length=1)
    # ISO 3166-1 alpha-2 country of publication, upper case.
    country: str = Field(pattern=r"^[A-Z]{2}$")
    # The languages the outlet publishes in, in tipwatch's code convention
    # (`tipwatch.domain.language_codes.canonical`: ISO 639-1 where one exists, else
    # ISO 639-3; Filipino is `fil`, and `tl` is read as `fil`), lower case.
    languages: list[str] = Field(min_length=1)
    homepage: str
    feeds: list[str] = Field(default_factory=list)
    news_sitemaps: list[str] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    search: Search | None = None
    # 5-field cron expression, read in `timezone` (`tipwatch schedule` runs the source on it).
    schedule: str = "0 */6 * * *"
    # IANA time zone of `schedule`, e.g. "Asia/Kolkata"; daylight-saving changes follow it.
    timezone: str = "UTC"
    politeness: Politeness = Field(default_factory=Politeness)
    assertions: Assertions = Field(default_factory=Assertions)
    # True once a person has checked the URLs against the live site.
    verified: bool = False
    # True only for the bundled fictional demo outlets.
    demo: bool = False
    notes: str | None = None

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, v: Any) -> Any:
        if isinstance(v, str):
            code = v.strip().upper()
            if len(code) == 2 and pycountry.countries.get(alpha_2=code) is None:
                raise ValueError(f"{v!r} is not an ISO 3166-1 alpha-2 country code")
            return code
        return v

    @field_validator("languages")
    @classmethod
    def _lower_langs(cls, v: list[str]) -> list[str]:
        out: list[str] = []
        for raw in v:
            code = raw.strip().lower()
            if not (code.isascii() and code.isalpha() and len(code) in (2, 3)):
                raise ValueError(f"{raw!r} is not an ISO 639 language code (two or three letters)")
            if not is_language(code):
                raise ValueError(f"{raw!r} is not an ISO 639 language code")
            canon = canonical(code)
            if canon not in out:
                out.append(canon)
        return out

    @field_validator("schedule")
    @classmethod
    def _cron(cls, v: str) -> str:
        return validate_cron(v)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, v: str) -> str:
        return validate_timezone(v)

    @model_validator(mode="after")
    def _urls(self) -> Source:
        # Homepage is kept lenient (older callers pass placeholders); discovery URLs are not.
        for field_name in ("feeds", "news_sitemaps"):
            for i, url in enumerate(getattr(self, field_name)):
                try:
                    _check_url(url, allow_placeholder=self.demo)
                except ValueError as exc:
                    raise ValueError(f"{field_name}[{i}]: {exc}") from None
        for i, section in enumerate(self.sections):
            try:
                _check_url(section.url, allow_placeholder=self.demo)
            except ValueError as exc:
                raise ValueError(f"sections[{i}].url: {exc}") from None
        if self.search is not None:
            try:
                _check_url(self.search.url, allow_placeholder=self.demo)
            except ValueError as exc:
                raise ValueError(f"search.url: {exc}") from None
        return self

    @property
    def start_urls(self) -> list[str]:
        return [*self.feeds, *self.news_sitemaps, *(s.url for s in self.sections)]

    @property
    def search_article_pattern(self) -> str:
        """Article-link pattern for search results: the search's own, else the first section's."""
        if self.search is not None and self.search.article_pattern:
            return self.search.article_pattern
        if self.sections:
            return self.sections[0].article_pattern
        return r".*"

    @property
    def search_urls(self) -> list[str]:
        """One search-results URL per term (empty without a `search` block)."""
        if self.search is None:
            return []
        return build_search_urls(self.search.url, self.search.terms)


def check_assertions(source: Source, article_count: int) -> list[str]:
    """Violations of `source.assertions` for a run that found `article_count` articles.

    An empty list means the run looks normal. Messages are meant for people, e.g.
    `the-hindu: 0 articles this run, expected at least 5 (assertions.min_articles)`.
    """
    a = source.assertions
    problems: list[str] = []
    if article_count < 0:
        return [f"{source.id}: negative article count {article_count}"]
    if article_count < a.min_articles:
        problems.append(
            f"{source.id}: {article_count} articles this run, expected at least "
            f"{a.min_articles} (assertions.min_articles)"
        )
    if a.max_articles is not None and article_count > a.max_articles:
        problems.append(
            f"{source.id}: {article_count} articles this run, expected at most "
            f"{a.max_articles} (assertions.max_articles)"
        )
    return problems


# --- loading --------------------------------------------------------------------------------------


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def format_validation_error(path: Path, exc: ValidationError) -> str:
    """One line per problem: `<file>: field '<dotted.field>': <message>`."""
    lines = []
    for err in exc.errors():
        field = _loc(tuple(err.get("loc", ())))
        msg = str(err.get("msg", "invalid"))
        msg = msg.removeprefix("Value error, ")
        if err.get("type") == "extra_forbidden":
            msg = "unknown field (not part of the source schema)"
        elif err.get("type") == "missing":
            msg = "required field is missing"
        if not field:
            # Model-level checks name the field at the start of their message.
            m = re.match(r"^([A-Za-z_][\w.\[\]]*): (.*)$", msg, re.DOTALL)
            if m:
                field, msg = m.group(1), m.group(2)
        where = f"field '{field}'" if field else "source"
        lines.append(f"{path}: {where}: {msg}")
    return "\n".join(lines)


def packaged_sources_dir() -> Path:
    """The outlet registry shipped inside the package (`tipwatch/crawlers/sources/`), wherever
    tipwatch is installed or started from."""
    return Path(str(resources.files("tipwatch.crawlers") / "sources"))


def resolve_sources_dir(explicit: Path | None, configured: Path | None) -> Path:
    """The registry folder to read: `--sources`, else TIPWATCH_SOURCES_DIR, else the packaged one.
    A folder that was named but does not exist is an error, never a silent fall-back."""
    chosen = explicit if explicit is not None else configured
    if chosen is None:
        return packaged_sources_dir()
    if not chosen.is_dir():
        raise SourceError(f"{chosen}: sources folder not found")
    return chosen


def load_source(path: Path) -> Source:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SourceError(f"{path}: cannot read source file: {exc}") from exc
    if not isinstance(raw, dict):
        raise SourceError(f"{path}: a source file must be a YAML mapping")
    try:
        return Source.model_validate(raw)
    except ValidationError as exc:
        raise SourceError(
            f"{path}: invalid source definition:\n{format_validation_error(path, exc)}"
        ) from exc


def load_sources(directory: Path) -> list[Source]:
    """Every `*.yaml` below `directory`, sorted by id; duplicate ids are an error."""
    if not directory.is_dir():
        raise SourceError(f"{directory}: not a directory of source files")
    paths = sorted(directory.rglob("*.yaml"))
    sources = [load_source(p) for p in paths]
    seen: dict[str, Path] = {}
    for path, s in zip(paths, sources, strict=True):
        if s.id in seen:
            raise SourceError(
                f"duplicate source id {s.id!r} in {directory}: {seen[s.id]} and {path}"
            )
        seen[s.id] = path
    if not sources:
        raise SourceError(f"{directory}: no *.yaml source files found")
    return sorted(sources, key=lambda s: s.id)


def validate_registry(directory: Path) -> tuple[list[Source], list[str]]:
    """Load every file of a registry folder, collecting all problems instead of stopping.

    On top of `load_source`, checks the registry layout: the file name is `<id>.yaml`, it sits
    in a folder named after the lower-case country code, and ids are unique. Returns the valid
    sources (sorted by id) and the problems (empty when the registry is clean).
    """
    if not directory.is_dir():
        return [], [f"{directory}: not a directory of source files"]
    problems: list[str] = []
    good: list[Source] = []
    seen: dict[str, Path] = {}
    paths = sorted(directory.rglob("*.yaml"))
    if not paths:
        problems.append(f"{directory}: no *.yaml source files found")
    for path in paths:
        try:
            source = load_source(path)
        except SourceError as exc:
            problems.append(str(exc))
            continue
        if source.id != path.stem:
            problems.append(f"{path}: field 'id': {source.id!r} does not match the file name")
        if path.parent.name != source.country.lower():
            problems.append(
                f"{path}: field 'country': {source.country} but the file is in folder "
                f"{path.parent.name!r} (expected {source.country.lower()!r})"
            )
        if source.id in seen:
            problems.append(f"{path}: field 'id': {source.id!r} already used by {seen[source.id]}")
            continue
        seen[source.id] = path
        good.append(source)
    return sorted(good, key=lambda s: s.id), problems
