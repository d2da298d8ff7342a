"""The Source model: YAML loading, errors that name file and field, cron, assertions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tipwatch.crawlers.source_defs import (
    DEFAULT_SEARCH_TERMS,
    Source,
    SourceError,
    check_assertions,
    load_source,
    load_sources,
    validate_cron,
    validate_registry,
)

FULL = """# a complete source file
id: sample-daily
name: "Sample Daily"
country: ke
languages: [EN, sw]
homepage: "https://www.sample.example/"
feeds: ["https://www.sample.example/feed/"]
news_sitemaps: ["https://www.sample.example/news-sitemap.xml"]
sections:
  - url: "https://www.sample.example/news/"
    article_pattern: '/\\d{4}/\\d{2}/[^/]+/$'
search:
  url: "https://www.sample.example/?s={query}"
  terms: ["human trafficking", "forced labour"]
schedule: "15 */4 * * mon-fri"
politeness: {download_delay: 2.5, max_concurrency: 1}
assertions: {min_articles: 1, max_articles: 300}
verified: false
demo: false
notes: "Regional paper."
"""


def _write(tmp_path: Path, text: str, name: str = "sample-daily.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_full_source_loads_and_normalises(tmp_path: Path) -> None:
    s = load_source(_write(tmp_path, FULL))
    assert s.country == "KE"
    assert s.languages == ["en", "sw"]
    assert s.schedule == "15 */4 * * mon-fri"
    assert s.politeness.download_delay == 2.5 and s.politeness.max_concurrency == 1
    assert (s.assertions.min_articles, s.assertions.max_articles) == (1, 300)
    assert s.notes == "Regional paper."
    assert s.search is not None and s.search.terms == ["human trafficking", "forced labour"]
    assert s.search_urls == [
        "https://www.sample.example/?s=human+trafficking",
        "https://www.sample.example/?s=forced+labour",
    ]
    # No pattern of its own: search results use the first section's pattern.
    assert s.search_article_pattern == r"/\d{4}/\d{2}/[^/]+/$"
    # Sources travel to the crawl child process as JSON; the round trip must be lossless.
    assert Source.model_validate(s.model_dump(mode="json")) == s


def test_minimal_source_gets_defaults() -> None:
    s = Source(id="x", name="X", country="IN", languages=["en"], homepage="x")
    assert s.search is None and s.search_urls == []
    assert s.politeness.download_delay is None
    assert s.assertions.min_articles == 0 and s.assertions.max_articles is None
    assert s.schedule == "0 */6 * * *"
    assert s.notes is None and s.verified is False


def test_search_terms_default_to_trafficking_vocabulary() -> None:
    s = Source(
        id="x",
        name="X",
        country="IN",
        languages=["en"],
        homepage="https://x.example/",
        search={"url": "https://x.example/search/{query}/", "article_pattern": "/story/"},
    )
    assert s.search is not None
    assert tuple(s.search.terms) == DEFAULT_SEARCH_TERMS
    assert "migrant smuggling" in s.search.terms
    assert s.search_urls[0] == "https://x.example/search/human%20trafficking/"
    assert len(s.search_urls) == len(DEFAULT_SEARCH_TERMS)
    assert s.search_article_pattern == "/story/"


def _mutate(key: str, value: object) -> str:
    raw = yaml.safe_load(FULL)
    parts = key.split(".")
    target = raw
    for p in parts[:-1]:
        target = target[int(p)] if p.isdigit() else target[p]
    target[parts[-1]] = value
    return yaml.safe_dump(raw)


@pytest.mark.parametrize(
    ("key", "value", "field", "fragment"),
    [
        ("feedz", ["https://x/"], "feedz", "unknown field"),
        ("country", "XX", "country", "not an ISO 3166-1 alpha-2"),
        ("country", "India", "country", "pattern"),
        ("languages", ["en", "english"], "languages", "ISO 639 language code"),
        ("languages", ["qq"], "languages", "ISO 639 language code"),
        ("languages", [], "languages", "at least 1"),
        ("sections.0.article_pattern", "/(unclosed", "sections[0].article_pattern", "regular"),
        ("schedule", "0 */6 * *", "schedule", "5 fields"),
        ("schedule", "0 25 * * *", "schedule", "hour field: 25 is outside 0-23"),
        ("search.url", "https://x.example/search", "search.url", "{query}"),
        ("search.terms", [], "search.terms", "at least 1"),
        ("search.article_pattern", "[a-", "search.article_pattern", "regular expression"),
        ("politeness.download_delay", -1, "politeness.download_delay", "greater than"),
        ("politeness.max_concurrency", 0, "politeness.max_concurrency", "greater than"),
        ("assertions.min_articles", 500, "assertions", "below min_articles"),
        ("verified", "perhaps", "verified", "boolean"),
        ("id", "Not Valid", "id", "pattern"),
        ("feeds", ["feed.xml"], "feeds[0]", "not an absolute http(s) URL"),
        ("sections.0.url", "ftp://x.example/", "sections[0].url", "not an absolute http(s)"),
    ],
)
def test_invalid_fields_are_named_with_the_file(
    tmp_path: Path, key: str, value: object, field: str, fragment: str
) -> None:
    path = _write(tmp_path, _mutate(key, value))
    with pytest.raises(SourceError) as info:
        load_source(path)
    message = str(info.value)
    line = next((x for x in message.splitlines() if f"field '{field}'" in x), "")
    assert line.startswith(f"{path}: field '{field}': "), message
    assert fragment in line, message


def test_missing_required_field_is_named(tmp_path: Path) -> None:
    raw = yaml.safe_load(FULL)
    del raw["homepage"]
    path = _write(tmp_path, yaml.safe_dump(raw))
    with pytest.raises(SourceError, match=r"field 'homepage': required field is missing"):
        load_source(path)


def test_broken_yaml_and_non_mapping_name_the_file(tmp_path: Path) -> None:
    bad = _write(tmp_path, "id: [unclosed\n", "bad.yaml")
    with pytest.raises(SourceError, match=r"bad\.yaml: cannot read source file"):
        load_source(bad)
    listing = _write(tmp_path, "- just\n- a list\n", "list.yaml")
    with pytest.raises(SourceError, match=r"list\.yaml: a source file must be a YAML mapping"):
        load_source(listing)


def test_demo_sources_may_use_the_base_placeholder_real_ones_not() -> None:
    demo = Source(
        id="d",
        name="D",
        country="IN",
        languages=["en"],
        homepage="{{BASE}}/",
        feeds=["{{BASE}}/feed.xml"],
        demo=True,
    )
    assert demo.feeds == ["{{BASE}}/feed.xml"]
    with pytest.raises(ValueError, match="not an absolute http"):
        Source(
            id="d",
            name="D",
            country="IN",
            languages=["en"],
            homepage="{{BASE}}/",
            feeds=["{{BASE}}/feed.xml"],
        )


def test_duplicate_ids_name_both_files(tmp_path: Path) -> None:
    _write(tmp_path, FULL, "a.yaml")
    _write(tmp_path, FULL, "b.yaml")
    with pytest.raises(SourceError) as info:
        load_sources(tmp_path)
    assert "'sample-daily'" in str(info.value)
    assert "a.yaml" in str(info.value) and "b.yaml" in str(info.value)


def test_validate_registry_collects_layout_problems(tmp_path: Path) -> None:
    (tmp_path / "ke").mkdir()
    (tmp_path / "ng").mkdir()
    _write(tmp_path / "ke", FULL)  # fine: ke/sample-daily.yaml
    _write(tmp_path / "ng", FULL.replace("id: sample-daily", "id: other"), "other.yaml")
    _write(tmp_path / "ke", FULL.replace("id: sample-daily", "id: third"), "wrong-name.yaml")
    _write(tmp_path / "ke", FULL.replace("schedule:", "schedule: '* * *'\nx:"), "broken.yaml")
    good, problems = validate_registry(tmp_path)
    assert [s.id for s in good] == ["other", "sample-daily", "third"]
    joined = "\n".join(problems)
    assert "ng/other.yaml: field 'country': KE but the file is in folder 'ng'" in joined
    assert "wrong-name.yaml: field 'id': 'third' does not match the file name" in joined
    assert "broken.yaml" in joined
    assert len(problems) == 3, problems


@pytest.mark.parametrize(
    "expr",
    [
        "* * * * *",
        "*/15 * * * *",
        "0 6,18 * * mon-fri",
        "30 2 1 jan,jul *",
        "0 0 * * 7",
        "5-55/10 0-23/2 1-31 1-12 0-6",
        "  0   */6 * * *  ",
    ],
)
def test_valid_cron(expr: str) -> None:
    assert validate_cron(expr) == " ".join(expr.split())


@pytest.mark.parametrize(
    ("expr", "fragment"),
    [
        ("* * * *", "needs 5 fields"),
        ("* * * * * *", "needs 5 fields"),
        ("@daily", "needs 5 fields"),
        ("60 * * * *", "minute field: 60 is outside 0-59"),
        ("* 24 * * *", "hour field: 24"),
        ("* * 0 * *", "day of month field: 0"),
        ("* * * 13 *", "month field: 13"),
        ("* * * * 8", "day of week field: 8"),
        ("*/0 * * * *", "step '0'"),
        ("5-1 * * * *", "runs backwards"),
        ("* * * foo *", "'foo' is not a number"),
        ("1,,2 * * * *", "empty list element"),
        ("? * * * *", "not a number"),
    ],
)
def test_invalid_cron(expr: str, fragment: str) -> None:
    with pytest.raises(ValueError) as info:
        validate_cron(expr)
    assert fragment in str(info.value)


def test_check_assertions() -> None:
    s = Source(
        id="a",
        name="A",
        country="NG",
        languages=["en"],
        homepage="x",
        assertions={"min_articles": 5, "max_articles": 100},
    )
    assert check_assertions(s, 5) == []
    assert check_assertions(s, 100) == []
    low = check_assertions(s, 0)
    assert low == ["a: 0 articles this run, expected at least 5 (assertions.min_articles)"]
    high = check_assertions(s, 101)
    assert high == ["a: 101 articles this run, expected at most 100 (assertions.max_articles)"]
    unbounded = Source(id="b", name="B", country="NG", languages=["en"], homepage="x")
    assert check_assertions(unbounded, 10**6) == []
    assert check_assertions(unbounded, 0) == []
