"""`tipwatch import ftm FILE`: load FollowTheMoney Person entities from another source (for
example OpenSanctions entities with the `crime.traffick.human` topic) as a separate, labelled
dataset. Screening covers them beside tipwatch's news-derived persons; every hit names its
dataset.

The file is JSON Lines, one entity per line, as `ftm` and OpenSanctions publish them. Entities
that are not persons, lines that are not valid entities, and persons without a name are skipped
and counted by reason; re-importing a dataset replaces it (entities no longer in the file go).

Hostile input is bounded (issue 14, B4): a line over MAX_LINE_BYTES is skipped unread
(`line_too_large`), a person with a name over MAX_NAME_CHARS (`name_too_long`) or more than
MAX_NAMES_PER_ENTITY names (`too_many_names`) is skipped before any name analysis runs.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.types import registry
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tipwatch import progress
from tipwatch.store.models import DatasetRow, ExternalEntityRow, NameKeyRow, utcnow
from tipwatch.store.name_keys import ENTITY, keys_for_names, replace_keys

DATASET_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
RESERVED = frozenset({"tipwatch"})
# One entity per line: OpenSanctions' largest Person lines are a few kB.
MAX_LINE_BYTES = 1024 * 1024
# Longest name (characters) and most names per person; a person over either is skipped.
MAX_NAME_CHARS = 500
MAX_NAMES_PER_ENTITY = 100


class ImportError_(ValueError):
    """The import cannot start (bad dataset name, unreadable file)."""


@dataclass
class ImportReport:
    dataset: str
    imported: int = 0
    removed: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class PersonEntity:
    entity_id: str
    schema: str
    caption: str
    names: list[str]
    countries: list[str]
    birth_dates: list[str]
    topics: list[str]
    properties: dict[str, Any]


def _lines(fh: BinaryIO, report: ImportReport) -> Iterator[str]:
    """The file's lines, decoded; a line over MAX_LINE_BYTES is read past in bounded chunks
    and counted as `line_too_large`, never held whole."""
    while raw := fh.readline(MAX_LINE_BYTES + 1):
        if len(raw) > MAX_LINE_BYTES:
            while not raw.endswith(b"\n"):
                raw = fh.readline(1 << 16)
                if not raw:
                    break
            report.skipped["line_too_large"] += 1
            continue
        yield raw.decode("utf-8", errors="strict")


def read_entities(path: Path, report: ImportReport) -> Iterator[PersonEntity]:
    with path.open("rb") as fh:
        for line in _lines(fh, report):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                report.skipped["invalid_json"] += 1
                continue
            if not isinstance(data, dict) or not data.get("id") or not data.get("schema"):
                report.skipped["not_an_entity"] += 1
                continue
            try:
                proxy = model.get_proxy(data, cleaned=False)
            except (InvalidData, TypeError, ValueError):
                report.skipped["invalid_entity"] += 1
                continue
            if not proxy.schema.is_a("Person"):
                report.skipped[f"schema_{proxy.schema.name}"] += 1
                continue
            names = sorted(set(proxy.get_type_values(registry.name)))
            if not names:
                report.skipped["no_name"] += 1
                continue
            if len(names) > MAX_NAMES_PER_ENTITY:
                report.skipped["too_many_names"] += 1
                continue
            if any(len(n) > MAX_NAME_CHARS for n in names):
                report.skipped["name_too_long"] += 1
                continue
            yield PersonEntity(
                entity_id=str(proxy.id)[:200],
                schema=proxy.schema.name,
                caption=str(proxy.caption)[:500],
                names=names,
                countries=sorted(set(proxy.get_type_values(registry.country))),
                birth_dates=sorted(set(proxy.get("birthDate"))),
                topics=sorted(set(proxy.get("topics"))),
                properties=proxy.to_dict()["properties"],
            )


def import_ftm(
    session: Session, path: Path, *, dataset: str, title: str | None = None
) -> ImportReport:
    if not DATASET_RE.match(dataset) or dataset in RESERVED:
        raise ImportError_(
            f"dataset name {dataset!r}: use lower-case letters, digits, - and _ "
            "(and not 'tipwatch')"
        )
    if not path.is_file():
        raise ImportError_(f"{path}: no such file")
    report = ImportReport(dataset=dataset)
    ds = session.get(DatasetRow, dataset)
    if ds is None:
        ds = DatasetRow(name=dataset, title=title or dataset, source=str(path))
        session.add(ds)
    ds.title = title or ds.title
    ds.source = str(path)
    session.flush()
    seen: set[str] = set()
    for n, entity in enumerate(read_entities(path, report), 1):
        progress.report("import ftm", n, None)
        row_id = f"{dataset}:{entity.entity_id}"[:200]
        if row_id in seen:
            report.skipped["duplicate_id"] += 1
            continue
        seen.add(row_id)
        row = session.get(ExternalEntityRow, row_id)
        if row is None:
            row = ExternalEntityRow(id=row_id, dataset=dataset, entity_id=entity.entity_id)
            session.add(row)
        row.schema = entity.schema
        row.caption = entity.caption
        row.names = entity.names
        row.countries = entity.countries
        row.birth_dates = entity.birth_dates
        row.topics = entity.topics
        row.properties = entity.properties
        row.imported_at = utcnow()
        session.flush()
        replace_keys(session, ENTITY, row_id, keys_for_names(entity.names))
        report.imported += 1
    stale = [
        r
        for r in session.scalars(
            select(ExternalEntityRow.id).where(ExternalEntityRow.dataset == dataset)
        )
        if r not in seen
    ]
    if stale:
        session.execute(
            delete(NameKeyRow).where(
                NameKeyRow.subject_type == ENTITY, NameKeyRow.subject_id.in_(stale)
            )
        )
        session.execute(delete(ExternalEntityRow).where(ExternalEntityRow.id.in_(stale)))
    report.removed = len(stale)
    ds.entity_count = len(seen)
    ds.skipped = dict(report.skipped)
    ds.imported_at = utcnow()
    return report
