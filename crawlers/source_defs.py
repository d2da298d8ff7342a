"""Source definitions: one YAML file per outlet, validated here.

Sources are data. Spiders read them; coverage metrics read their country and languages.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class SourceError(ValueError):
    """A source file is missing, unreadable or invalid. The message names the file."""


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str
    # Regular expression; links on the section page that match are treated as articles.
    article_pattern: str = r".*"


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    country: str = Field(pattern=r"^[A-Z]{2}$")
    languages: list[str] = Field(min_length=1)
    homepage: str
    feeds: list[str] = Field(default_factory=list)
    news_sitemaps: list[str] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    schedule: str = "0 */6 * * *"
    verified: bool = False
    # True only for the bundled fictional demo outlets.
    demo: bool = False

    @field_validator("languages")
    @classmethod
    def _lower_langs(cls, v: list[str]) -> list[str]:
        return [x.lower() for x in v]

    @property
    def start_urls(self) -> list[str]:
        return [*self.feeds, *self.news_sitemaps, *(s.url for s in self.sections)]


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
        raise SourceError(f"{path}: invalid source definition:\n{exc}") from exc


def load_sources(directory: Path) -> list[Source]:
    """Every `*.yaml` below `directory`, sorted by id; duplicate ids are an error."""
    if not directory.is_dir():
        raise SourceError(f"{directory}: not a directory of source files")
    sources = [load_source(p) for p in sorted(directory.rglob("*.yaml"))]
    seen: dict[str, Source] = {}
    for s in sources:
        if s.id in seen:
            raise SourceError(f"duplicate source id {s.id!r} in {directory}")
        seen[s.id] = s
    if not sources:
        raise SourceError(f"{directory}: no *.yaml source files found")
    return sorted(sources, key=lambda s: s.id)
