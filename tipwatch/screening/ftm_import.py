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

Scale (issue 13): entities are written in batches of BATCH (one multi-row upsert, one insert of
their screening keys), with each name's analysis stored beside them for the scorer; for files
over PARALLEL_FROM_BYTES, parsing, keys and analysis run in two worker processes. The whole
import is one transaction. 1M people take about 5 minutes on 2 cores (bench/screening.py).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import re
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, cast

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.types import registry
from sqlalchemy import Connection, Table, delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from tipwatch import progress
from tipwatch.store.models import DatasetRow, ExternalEntityRow, NameKeyRow, utcnow
from tipwatch.store.name_keys import ENTITY, keys_for_names, names_analysis

DATASET_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
RESERVED = frozenset({"tipwatch"})
# One entity per line: OpenSanctions' largest Person lines are a few kB.
MAX_LINE_BYTES = 1024 * 1024
# Longest name (characters) and most names per person; a person over either is skipped.
MAX_NAME_CHARS = 500
MAX_NAMES_PER_ENTITY = 100
# Entities per write (one multi-row upsert and one key insert each).
BATCH = 2000
# Files from this size get their keys made in two processes (about 100,000 persons).
PARALLEL_FROM_BYTES = 20 * 1024 * 1024


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


def parse_entity(line: str, skipped: Counter[str]) -> PersonEntity | None:
    """The person a line holds, or None with the reason counted in `skipped`."""
    if not line.strip():
        return None
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        skipped["invalid_json"] += 1
        return None
    if not isinstance(data, dict) or not data.get("id") or not data.get("schema"):
        skipped["not_an_entity"] += 1
        return None
    try:
        proxy = model.get_proxy(data, cleaned=False)
    except (InvalidData, TypeError, ValueError):
        skipped["invalid_entity"] += 1
        return None
    if not proxy.schema.is_a("Person"):
        skipped[f"schema_{proxy.schema.name}"] += 1
        return None
    names = sorted(set(proxy.get_type_values(registry.name)))
    if not names:
        skipped["no_name"] += 1
        return None
    if len(names) > MAX_NAMES_PER_ENTITY:
        skipped["too_many_names"] += 1
        return None
    if any(len(n) > MAX_NAME_CHARS for n in names):
        skipped["name_too_long"] += 1
        return None
    return PersonEntity(
        entity_id=str(proxy.id)[:200],
        schema=proxy.schema.name,
        caption=str(proxy.caption)[:500],
        names=names,
        countries=sorted(set(proxy.get_type_values(registry.country))),
        birth_dates=sorted(set(proxy.get("birthDate"))),
        topics=sorted(set(proxy.get("topics"))),
        properties=proxy.to_dict()["properties"],
    )


def read_entities(path: Path, report: ImportReport) -> Iterator[PersonEntity]:
    with path.open("rb") as fh:
        for line in _lines(fh, report):
            entity = parse_entity(line, report.skipped)
            if entity is not None:
                yield entity


Prepared = tuple[list[tuple[PersonEntity, set[str], dict[str, Any]]], Counter[str]]


def _prepare(lines: list[str]) -> Prepared:
    """A batch of lines parsed, each person with the blocking keys and the analysis of its
    names, and the skips by reason (run in a worker process for large files)."""
    skipped: Counter[str] = Counter()
    out: list[tuple[PersonEntity, set[str], dict[str, Any]]] = []
    for line in lines:
        entity = parse_entity(line, skipped)
        if entity is not None:
            out.append((entity, keys_for_names(entity.names), names_analysis(entity.names)))
    return out, skipped


def _workers(path: Path, workers: int | None) -> int:
    if workers is not None:
        return max(1, workers)
    if path.stat().st_size < PARALLEL_FROM_BYTES:
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def _line_batches(path: Path, report: ImportReport) -> Iterator[list[str]]:
    with path.open("rb") as fh:
        batch: list[str] = []
        for line in _lines(fh, report):
            batch.append(line)
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch


def _prepared(batches: Iterator[list[str]], workers: int) -> Iterator[Prepared]:
    """Each batch prepared, in file order. With workers > 1 in that many processes, at most 2
    batches per worker in flight (memory stays bounded)."""
    if workers <= 1:
        for batch in batches:
            yield _prepare(batch)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        window: deque[Future[Prepared]] = deque()
        for batch in batches:
            window.append(pool.submit(_prepare, batch))
            if len(window) >= 2 * workers:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


def _upsert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    table = cast(Table, ExternalEntityRow.__table__)
    stmt: Any = pg_insert(table) if conn.dialect.name == "postgresql" else sqlite_insert(table)
    updated = {c: stmt.excluded[c] for c in rows[0] if c != "id"}
    conn.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=updated), rows)


def import_ftm(
    session: Session,
    path: Path,
    *,
    dataset: str,
    title: str | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Load the file's persons as `dataset`, replacing what the dataset held: in batches of
    BATCH entities (one multi-row upsert and one key insert each), the keys made in `workers`
    processes (default: 2 for files over PARALLEL_FROM_BYTES, else 1), all in the session's one
    transaction, so screening sees the old dataset or the new one, never half."""
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
    conn = session.connection()
    entities_t = cast(Table, ExternalEntityRow.__table__)
    keys_t = cast(Table, NameKeyRow.__table__)
    # Rows this import writes carry its start time; rows of the dataset older than that are
    # no longer in the file and go at the end.
    started = utcnow()
    had_rows = conn.scalar(
        select(ExternalEntityRow.id).where(ExternalEntityRow.dataset == dataset).limit(1)
    )
    done = 0
    batches = _line_batches(path, report)
    for batch, skipped in _prepared(batches, _workers(path, workers)):
        report.skipped.update(skipped)
        rows: dict[str, dict[str, Any]] = {}
        key_rows: list[dict[str, str]] = []
        for entity, entity_keys, analysis in batch:
            row_id = f"{dataset}:{entity.entity_id}"[:200]
            if row_id in rows:
                report.skipped["duplicate_id"] += 1
                continue
            rows[row_id] = {
                "id": row_id,
                "dataset": dataset,
                "entity_id": entity.entity_id,
                "schema": entity.schema,
                "caption": entity.caption,
                "names": entity.names,
                "countries": entity.countries,
                "birth_dates": entity.birth_dates,
                "topics": entity.topics,
                "properties": entity.properties,
                "analysis": analysis,
                "imported_at": started,
            }
            key_rows.extend(
                {"key": k, "subject_type": ENTITY, "subject_id": row_id}
                for k in sorted(entity_keys)
            )
        # An id an earlier batch of this file wrote is a duplicate too (the first one stands).
        earlier = set(
            conn.scalars(
                select(ExternalEntityRow.id).where(
                    ExternalEntityRow.id.in_(list(rows)),
                    ExternalEntityRow.imported_at >= started,
                )
            )
        )
        if earlier:
            report.skipped["duplicate_id"] += len(earlier)
            for row_id in earlier:
                del rows[row_id]
            key_rows = [r for r in key_rows if r["subject_id"] not in earlier]
        done += len(batch)
        progress.report("import ftm", done, None)
        if not rows:
            continue
        if had_rows:
            conn.execute(
                delete(keys_t).where(
                    keys_t.c.subject_type == ENTITY, keys_t.c.subject_id.in_(list(rows))
                )
            )
        _upsert(conn, list(rows.values()))
        if key_rows:
            conn.execute(insert(keys_t), key_rows)
        report.imported += len(rows)
    stale = select(entities_t.c.id).where(
        entities_t.c.dataset == dataset, entities_t.c.imported_at < started
    )
    report.removed = int(conn.scalar(select(func.count()).select_from(stale.subquery())) or 0)
    if report.removed:
        conn.execute(
            delete(keys_t).where(keys_t.c.subject_type == ENTITY, keys_t.c.subject_id.in_(stale))
        )
        conn.execute(
            delete(entities_t).where(
                entities_t.c.dataset == dataset, entities_t.c.imported_at < started
            )
        )
    ds.entity_count = report.imported
    ds.skipped = dict(report.skipped)
    ds.imported_at = utcnow()
    session.flush()
    # Entity rows were written past the ORM: what the session holds of them is stale.
    session.expire_all()
    return report
