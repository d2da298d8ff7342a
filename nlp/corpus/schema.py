"""One labelled article of the extraction corpus: where its text comes from and its labels.

The label fields have the names and meaning of `../shared/datasets/cases-dev/` (its README),
so the same scorer runs on both; `victim_names` lists every victim, relative of a victim,
minor and witness named in the text, so leaks can be counted. The text itself is never kept:
`repo`, `commit`, `path` and `selector` rebuild it, `sha256` verifies it.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Status = Literal[
    "wanted", "arrested", "charged", "convicted", "sentenced", "acquitted", "discharged"
]
Category = Literal[
    "sex_trafficking",
    "labour_trafficking",
    "child_trafficking",
    "organ_trafficking",
    "migrant_smuggling",
    "other",
]
Genre = Literal[
    "news",
    "press_release",
    "government_media_release",
    "court_report",
    "wire",
    "blog",
    "news_summary",
    "editorial",
    "news_digest",
]
NegativeReason = Literal[
    "drug", "wildlife", "arms", "road", "awareness", "policy", "other_crime", "other"
]
Split = Literal["train", "dev", "test"]


class Selector(BaseModel):
    """How a record's text is cut from its file.

    - `blob`: the whole file, decoded as UTF-8.
    - `jsonl`: line `line` (0-based) of a JSON-lines file; `fields` of that object.
    - `json`: the value at JSON pointer `pointer` (RFC 6901); `fields` of it when an object.
    - `csv`: data row `row` (0-based, after the header); columns `fields`.
    - `html`: the whole file as HTML, its main text by trafilatura's `extract` (defaults).

    With `fields`, the non-empty values are joined by a blank line, in that order.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["blob", "jsonl", "json", "csv", "html"]
    line: int | None = None
    pointer: str | None = None
    row: int | None = None
    fields: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _complete(self) -> Selector:
        needs = {"jsonl": "line", "json": "pointer", "csv": "row"}.get(self.kind)
        if needs and getattr(self, needs) is None:
            raise ValueError(f"a {self.kind} selector needs {needs}")
        if self.kind in ("jsonl", "csv") and not self.fields:
            raise ValueError(f"a {self.kind} selector needs fields")
        return self

    def key(self) -> str:
        """A stable short form, part of the record id."""
        return self.model_dump_json(exclude_defaults=True)


class Perpetrator(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    status: Status
    alias: str | list[str] | None = None
    nationality: str | None = None
    age: int | None = None
    note: str | None = None


class Charge(BaseModel):
    model_config = ConfigDict(extra="forbid")

    as_written: str
    category: Category


class Jurisdiction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    country: str | None = None
    admin1: str | None = None
    city: str | None = None
    court_or_agency: list[str] = Field(default_factory=list)


class CorpusRecord(BaseModel):
    """One article: provenance, metadata and labels (cases-dev schema plus victim names)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    outlet: str  # the publisher; the unit of the split (no outlet in two splits)
    split: Split | None = None
    repo: str
    commit: str = Field(pattern=r"^[0-9a-f]{40}$")
    path: str
    selector: Selector
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    n_chars: int
    url: str | None = None
    publish_date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")  # ISO date
    country_of_publication: str | None = None
    genre: Genre
    language: Literal["en"] = "en"
    is_case: bool
    borderline: bool = False
    notes: str = ""
    annotator: str
    victim_names: list[str] = Field(default_factory=list)
    # positives
    perpetrators: list[Perpetrator] = Field(default_factory=list)
    named_accused: bool | None = None
    charges: list[Charge] = Field(default_factory=list)
    case_categories: list[Category] = Field(default_factory=list)
    jurisdiction: Jurisdiction | None = None
    related_jurisdictions: list[str] = Field(default_factory=list)
    victims_count: int | None = None
    event_date: str | None = None
    # negatives
    reason: NegativeReason | None = None
    # both: the case country (positives: jurisdiction.country), or a clear country of a negative
    country: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> CorpusRecord:
        if self.is_case:
            if self.reason is not None:
                raise ValueError("a case report has no negative reason")
            if self.named_accused is None:
                raise ValueError("a case report says named_accused")
            if self.named_accused != bool(self.perpetrators):
                raise ValueError("named_accused must be true exactly when perpetrators are listed")
            derived = sorted({c.category for c in self.charges if c.category != "other"})
            if sorted(set(self.case_categories)) != derived:
                raise ValueError(f"case_categories must be {derived} (from charges)")
            jur_country = self.jurisdiction.country if self.jurisdiction else None
            if self.country != jur_country:
                raise ValueError("country must copy jurisdiction.country")
        else:
            if self.reason is None:
                raise ValueError("a negative needs a reason")
            if self.perpetrators or self.charges or self.jurisdiction:
                raise ValueError("a negative carries no case labels")
        return self


def record_id(outlet: str, repo: str, path: str, selector: Selector) -> str:
    """`c-<outlet>-<sha256(repo:path:selector)[:10]>`: stable across re-annotation."""
    digest = hashlib.sha256(f"{repo}:{path}:{selector.key()}".encode()).hexdigest()[:10]
    return f"c-{outlet}-{digest}"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
