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
over PARALLEL_FROM_BYTES, parsing, keys, analysis and the rows' JSON text are made in two worker
processes, and the writing process hands finished tuples to the driver (`_Writer`), key rows in
key order, with a large SQLite page cache for the import (`_large_cache`). The whole import is
one transaction. 1M people take about 4 minutes on 2 cores, 5.5 with the key postings
(bench/screening.py).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import re
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, cast

import orjson
from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.types import registry
from sqlalchemy import JSON, Connection, Table, delete, func, select
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
# SQLite page cache (KiB) while an import writes: its key index outgrows the default 2 MB.
IMPORT_CACHE_KIB = 512 * 1024


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


@dataclass(frozen=True)
class PreparedRow:
    """One person ready to write: the entity's column values (JSON columns already as JSON
    text, in COLUMNS order after `id`, `dataset` and before `imported_at`) and its blocking
    keys, sorted. Made in the worker processes, so the writing process only writes."""

    entity_id: str
    values: tuple[str, ...]
    keys: tuple[str, ...]


Prepared = tuple[list[PreparedRow], Counter[str]]

# external_entities columns the import writes, in the order of the statement's values.
COLUMNS = (
    "id",
    "dataset",
    "entity_id",
    "schema",
    "caption",
    "names",
    "countries",
    "birth_dates",
    "topics",
    "properties",
    "analysis",
    "imported_at",
)
_JSON_COLUMNS = frozenset(
    c.name for c in cast(Table, ExternalEntityRow.__table__).c if isinstance(c.type, JSON)
)


def _json(value: object) -> str:
    return orjson.dumps(value).decode()


def prepare_row(entity: PersonEntity) -> PreparedRow:
    """The entity's values as written, its names' analysis and its blocking keys."""
    return PreparedRow(
        entity_id=entity.entity_id,
        values=(
            entity.entity_id,
            entity.schema,
            entity.caption,
            _json(entity.names),
            _json(entity.countries),
            _json(entity.birth_dates),
            _json(entity.topics),
            _json(entity.properties),
            _json(names_analysis(entity.names)),
        ),
        keys=tuple(sorted(keys_for_names(entity.names))),
    )


def _prepare(lines: list[str]) -> Prepared:
    """A batch of lines parsed, each person ready to write, and the skips by reason (run in a
    worker process for large files)."""
    skipped: Counter[str] = Counter()
    out: list[PreparedRow] = []
    for line in lines:
        entity = parse_entity(line, skipped)
        if entity is not None:
            out.append(prepare_row(entity))
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


class _Writer:
    """The import's two statements, written for the store's driver and run with
    `exec_driver_sql`: rows go to the driver as tuples, with no per-row work by SQLAlchemy
    (its parameter processing cost a quarter of a 1M import). The JSON columns arrive as JSON
    text, and `imported_at` is turned into what the column's own type writes, so the ORM reads
    these rows as it reads its own."""

    def __init__(self, conn: Connection, started: datetime) -> None:
        self.conn = conn
        postgres = conn.dialect.name == "postgresql"
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        json_mark = f"CAST({mark} AS JSON)" if postgres else mark
        marks = ", ".join(json_mark if c in _JSON_COLUMNS else mark for c in COLUMNS)
        updated = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c != "id")
        self.upsert = (
            f"INSERT INTO external_entities ({', '.join(COLUMNS)}) VALUES ({marks}) "
            f"ON CONFLICT (id) DO UPDATE SET {updated}"
        )
        self.insert_keys = (
            f'INSERT INTO name_keys ("key", subject_type, subject_id) VALUES ({mark}, {mark}, '
            f"{mark})"
        )
        column = cast(Table, ExternalEntityRow.__table__).c.imported_at
        process = column.type.bind_processor(conn.dialect)
        self.imported_at: Any = process(started) if process else started

    def entities(self, dataset: str, rows: dict[str, PreparedRow]) -> None:
        self.conn.exec_driver_sql(
            self.upsert,
            [(row_id, dataset, *r.values, self.imported_at) for row_id, r in rows.items()],
        )

    def keys(self, rows: dict[str, PreparedRow]) -> None:
        # In key order: the rows land next to each other in the key index (200k people: 51 s
        # -> 47 s for the whole import).
        self.conn.exec_driver_sql(
            self.insert_keys,
            sorted((k, ENTITY, row_id) for row_id, r in rows.items() for k in r.keys),
        )


@contextmanager
def _large_cache(conn: Connection) -> Iterator[None]:
    """On SQLite, a page cache of IMPORT_CACHE_KIB for the import's one transaction, then the
    connection's own again: with the default 2 MB, a large import writes the same index pages
    out to the write-ahead log again and again as its key rows land all over the key index."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")


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
    writer = _Writer(conn, started)
    with _large_cache(conn):
        for batch, skipped in _prepared(_line_batches(path, report), _workers(path, workers)):
            report.skipped.update(skipped)
            rows: dict[str, PreparedRow] = {}
            for prepared in batch:
                row_id = f"{dataset}:{prepared.entity_id}"[:200]
                if row_id in rows:
                    report.skipped["duplicate_id"] += 1
                    continue
                rows[row_id] = prepared
            # An id an earlier batch of this file wrote is a duplicate too (the first stands).
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
            writer.entities(dataset, rows)
            writer.keys(rows)
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
