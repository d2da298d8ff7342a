"""Key postings of imported lists as integer arrays, so that candidates at a million people are
weighed in memory instead of by a grouped SQL statement (issue 13, speed).

`name_keys` stays the store of record of every blocking key. For each imported dataset this
module derives, after the import, a folder of NumPy arrays (`<data_dir>/screening/<digest>/`):

- `khash`: the 64-bit digests of the dataset's distinct keys, sorted; `kstart`, `kcount`: where
  each key's subjects lie in `subjects`;
- `subjects`: subject numbers (int32), key by key; a subject's number is its rank among the
  dataset's entity ids in sorted order, so ordering by number is ordering by id;
- `id_blob`, `id_offsets`: the entity ids, to turn numbers back into ids;
- `records.bin`, `record_offsets`: each subject's distinct names, sorted, each with its tokens
  as numbers in the token table (`[[name, [token, ...]], ...]` in JSON), so that screening reads
  the 500 candidates' names from the memory map instead of the table (at 1M people, that read
  was a fifth of a request);
- `tokens.bin`, `token_offsets`: the token table, each distinct token of the list's names
  once, in JSON as `analysis_record` writes it (the stored analysis of the current version, or
  the name analysed at the build). A candidate's names are then a short list of numbers to look
  up, not an analysis to parse and rebuild token by token (a fifth of a request at 1M people).
  A serving process makes the table's first TOKENS_AT_START tokens as it starts (`warm`),
  any other the first time a candidate holds it, and keeps up to TOKENS_KEPT of them; the
  table itself stays in the memory map, so a list of millions of distinct name parts costs a
  process only the tokens it makes;
- `stamp.json`: the dataset, its import time, entity count, keys version and the analysis
  version.

A folder whose stamp does not match the dataset row (a newer import, `tipwatch db rekey`, an
older analysis) is not used: screening then reads that dataset's keys by SQL, as before, until
the folder is made again (`build`, run by `tipwatch import ftm`, `tipwatch db rekey`, and in the
background by `tipwatch serve` and the screening helper for a folder that is missing).

Reading is by memory map: a serving process opens a folder in milliseconds and the pages are
shared with the operating system's cache. Two distinct keys with one digest would merge their
subjects (~4e-7 for 4M keys); `build` refuses such a dataset (it stays on SQL) rather than
serve it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import structlog
from sqlalchemy import Text, cast, select, text
from sqlalchemy.orm import Session

from tipwatch.domain.names import (
    ANALYSIS_VERSION,
    Token,
    analyse,
    analysis_record,
    token_of,
)
from tipwatch.screening.names import AnalysedName, analyses_by_number, current_records
from tipwatch.store.db import Store
from tipwatch.store.models import DatasetRow, ExternalEntityRow
from tipwatch.store.name_keys import ENTITY

log = structlog.get_logger(__name__)

FETCH = 100_000
# The key under which a store's sessions carry the PostingsCache (`Store.set_session_info`).
POSTINGS_INFO = "tipwatch_screening_postings"
_ARRAYS = (
    "khash",
    "kstart",
    "kcount",
    "subjects",
    "id_blob",
    "id_offsets",
    "record_offsets",
    "token_offsets",
)
_RECORDS = "records.bin"
_TOKENS = "tokens.bin"
# Tokens a serving process keeps made per list (`DatasetPostings.analyses_of`).
TOKENS_KEPT = 200_000
# Tokens a process makes as it starts (`DatasetPostings.make_tokens`): the table's first ones.
# A token costs ~1.7 KB made; a list's table numbers its tokens in the order the list's subjects
# (sorted by id) first hold them, so a common name part, met early, has a low number.
TOKENS_AT_START = 50_000
# The folder's layout: a folder of another layout is stale like one of another import.
LAYOUT = 3


class PostingsError(RuntimeError):
    """The postings of a dataset could not be built (a digest collision)."""


def root_of(data_dir: Path) -> Path:
    """Where a data folder keeps its postings folders."""
    return data_dir / "screening"


def attach(store: Store, data_dir: Path, *, build_missing: bool = False) -> PostingsCache:
    """Give every later session of the store the postings of `data_dir` (`service` reads them
    from `session.info`)."""
    cache = PostingsCache(root_of(data_dir), build_missing=build_missing)
    store.set_session_info(POSTINGS_INFO, cache)
    return cache


def build_all(store: Store, data_dir: Path) -> list[str]:
    """Build every dataset's postings (after `tipwatch db rekey`); the datasets built."""
    with store.session() as s:
        names = list(s.scalars(select(DatasetRow.name).order_by(DatasetRow.name)))
    for name in names:
        with store.session() as s:
            build(s, name, root_of(data_dir))
    return names


def key_digest(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


def _folder(root: Path, dataset: str) -> Path:
    return root / hashlib.sha256(dataset.encode()).hexdigest()[:16]


def stamp_of(row: DatasetRow) -> dict[str, Any]:
    imported = row.imported_at
    return {
        "dataset": row.name,
        "imported_at": imported.isoformat() if imported else None,
        "entity_count": int(row.entity_count or 0),
        "keys_version": int(row.keys_version or 0),
        "analysis": ANALYSIS_VERSION,
        "layout": LAYOUT,
    }


def build(session: Session, dataset: str, root: Path) -> Path:
    """Write the dataset's postings folder from the store (replacing an older one)."""
    row = session.get(DatasetRow, dataset)
    if row is None:
        raise PostingsError(f"no dataset {dataset!r}")
    started = time.perf_counter()
    root.mkdir(parents=True, exist_ok=True)
    final = _folder(root, dataset)
    tmp = root / f".{final.name}.{os.getpid()}.{threading.get_ident()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    ids, record_offsets, token_offsets = _write_records(
        session, dataset, tmp / _RECORDS, tmp / _TOKENS
    )
    number = {eid: i for i, eid in enumerate(ids)}
    prefix = f"{dataset}:"
    subjects = array("i")
    starts: list[int] = []
    keys: list[str] = []
    last_key: str | None = None
    orphans = 0
    # The list's entities by their id prefix, compared as characters (a range on the ids would
    # follow the database's collation, which in PostgreSQL may ignore the colon); equal keys
    # come together in any deterministic collation, which is all the grouping below needs.
    rows = session.connection().execute(
        text(
            "SELECT key, subject_id FROM name_keys WHERE subject_type = :t "
            "AND substr(subject_id, 1, :n) = :prefix ORDER BY key, subject_id"
        ),
        {"t": ENTITY, "n": len(prefix), "prefix": prefix},
    )
    while chunk := rows.fetchmany(FETCH):
        for key, subject_id in chunk:
            num = number.get(subject_id)
            if num is None:
                orphans += 1
                continue
            if key != last_key:
                starts.append(len(subjects))
                keys.append(key)
                last_key = key
            subjects.append(num)
    counts = np.diff(np.array([*starts, len(subjects)], dtype=np.int64))
    digests = np.fromiter((key_digest(k) for k in keys), dtype=np.uint64, count=len(keys))
    order = np.argsort(digests, kind="stable")
    khash = digests[order]
    if len(khash) > 1 and bool(np.any(khash[1:] == khash[:-1])):
        shutil.rmtree(tmp, ignore_errors=True)
        raise PostingsError(f"dataset {dataset!r}: two keys share a digest; screening uses SQL")
    encoded = [eid.encode() for eid in ids]
    id_offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    if encoded:
        id_offsets[1:] = np.cumsum([len(e) for e in encoded])
    arrays: dict[str, np.ndarray] = {
        "khash": khash,
        "kstart": np.array(starts, dtype=np.int64)[order],
        "kcount": counts[order].astype(np.int32),
        "subjects": np.frombuffer(subjects, dtype=np.int32) if subjects else np.zeros(0, np.int32),
        "id_blob": np.frombuffer(b"".join(encoded), dtype=np.uint8),
        "id_offsets": id_offsets,
        "record_offsets": record_offsets,
        "token_offsets": token_offsets,
    }
    for name, values in arrays.items():
        np.save(tmp / f"{name}.npy", values)
    (tmp / "stamp.json").write_text(json.dumps(stamp_of(row)), encoding="utf-8")
    old = root / f".{final.name}.old.{os.getpid()}.{threading.get_ident()}"
    try:
        if final.exists():
            final.rename(old)
        tmp.rename(final)
    except OSError:
        # Another process put its folder in place first (built from the same store).
        shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    log.info(
        "postings.built",
        dataset=dataset,
        subjects=len(ids),
        keys=len(keys),
        postings=len(subjects),
        orphans=orphans,
        seconds=round(time.perf_counter() - started, 1),
    )
    return final


def _write_records(
    session: Session, dataset: str, path: Path, tokens_path: Path
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Write each entity's names with their token numbers to `path`, in id order, and the token
    table to `tokens_path`; the entities' ids, where each record starts and where each token
    starts (each one offset more). A name's tokens are its stored analysis when that is of the
    current version, else the name analysed now (what screening would do with it at each
    query)."""
    ids: list[str] = []
    offsets = array("q", [0])
    table: dict[bytes, int] = {}
    rows = session.connection().execute(
        select(
            ExternalEntityRow.id,
            cast(ExternalEntityRow.names, Text),
            cast(ExternalEntityRow.analysis, Text),
        )
        .where(ExternalEntityRow.dataset == dataset)
        .order_by(ExternalEntityRow.id)
    )
    written = 0
    with path.open("wb") as out:
        while chunk := rows.fetchmany(FETCH):
            parts = []
            for eid, names, analysis in chunk:
                record = orjson.dumps(_numbered(names, analysis, table))
                parts.append(record)
                written += len(record)
                ids.append(eid)
                offsets.append(written)
            out.write(b"".join(parts))
    tokens_path.write_bytes(b"".join(table))
    token_offsets = np.zeros(len(table) + 1, dtype=np.int64)
    if table:
        token_offsets[1:] = np.cumsum([len(raw) for raw in table])
    return ids, np.frombuffer(offsets, dtype=np.int64), token_offsets


def _numbered(
    names: str | None, analysis: str | None, table: dict[bytes, int]
) -> list[list[object]]:
    """An entity's distinct names, sorted, each with its tokens' numbers in `table` (a token
    met for the first time is added to it)."""
    held = current_records(orjson.loads(analysis) if analysis else None)
    out: list[list[object]] = []
    for name in sorted({str(n) for n in (orjson.loads(names) if names else [])}):
        record = held.get(name)
        if not isinstance(record, list):
            record = analysis_record(analyse(name))
        numbers = []
        for row in record:
            raw = orjson.dumps(row)
            number = table.get(raw)
            if number is None:
                number = table[raw] = len(table)
            numbers.append(number)
        out.append([name, numbers])
    return out


@dataclass(frozen=True)
class DatasetPostings:
    dataset: str
    stamp: dict[str, Any]
    khash: np.ndarray
    kstart: np.ndarray
    kcount: np.ndarray
    subjects: np.ndarray
    id_blob: np.ndarray
    id_offsets: np.ndarray
    record_offsets: np.ndarray
    records: np.ndarray
    token_offsets: np.ndarray
    token_blob: np.ndarray
    # The tokens made so far, by number (at most TOKENS_KEPT).
    tokens: dict[int, Token] = field(default_factory=dict)

    def _slot(self, key: str) -> int:
        h = np.uint64(key_digest(key))
        i = int(np.searchsorted(self.khash, h))
        if i < len(self.khash) and self.khash[i] == h:
            return i
        return -1

    def count(self, key: str) -> int:
        i = self._slot(key)
        return int(self.kcount[i]) if i >= 0 else 0

    def holders(self, key: str) -> np.ndarray:
        i = self._slot(key)
        if i < 0:
            return self.subjects[:0]
        start = int(self.kstart[i])
        return self.subjects[start : start + int(self.kcount[i])]

    def subject_ids(self, numbers: np.ndarray) -> list[str]:
        """The ids of many subjects at once."""
        return [b.decode() for b in _slices(self.id_blob, self.id_offsets, numbers)]

    def records_of(self, numbers: list[int]) -> list[bytes]:
        """The subjects' records: their names with token numbers, in JSON."""
        return _slices(self.records, self.record_offsets, np.asarray(numbers, dtype=np.int64))

    def analyses_of(self, numbers: list[int]) -> list[list[AnalysedName]]:
        """The subjects' distinct names, sorted, analysed as at the build."""
        entries = [orjson.loads(raw) for raw in self.records_of(numbers)]
        kept = self.tokens
        held: dict[int, Token] = {}
        to_make: set[int] = set()
        for entry in entries:
            for _, parts in entry:
                for n in parts:
                    if n not in held:
                        token = kept.get(n)
                        if token is None:
                            to_make.add(n)
                        else:
                            held[n] = token
        if to_make:
            made = sorted(to_make)
            if len(kept) + len(made) > TOKENS_KEPT:
                kept.clear()
            held.update(self._make(made))
        return [analyses_by_number(entry, held) for entry in entries]

    def _make(self, numbers: list[int]) -> dict[int, Token]:
        """The tokens of these numbers made from the table, and kept."""
        rows = _slices(self.token_blob, self.token_offsets, np.array(numbers, dtype=np.int64))
        made = {n: token_of(orjson.loads(raw)) for n, raw in zip(numbers, rows, strict=True)}
        self.tokens.update(made)
        return made

    def make_tokens(self) -> int:
        """Make the token table's first TOKENS_AT_START tokens now, as a serving process
        starts: made one by one as candidates first held them, they cost the first requests of
        a process ~0.3-0.5 s a hundred names at a million people (a batch worker answers only
        batches, so its first batches were that much slower). The rest are made as met, up to
        TOKENS_KEPT. Returns how many were made."""
        count = min(self.token_count(), TOKENS_AT_START, TOKENS_KEPT)
        numbers = [n for n in range(count) if n not in self.tokens]
        return len(self._make(numbers)) if numbers else 0

    def token_count(self) -> int:
        """Distinct tokens in the list's token table."""
        return len(self.token_offsets) - 1

    def token_row(self, number: int) -> list[object]:
        """One row of the token table, as `analysis_record` writes a token."""
        raw = _slices(self.token_blob, self.token_offsets, np.array([number], dtype=np.int64))
        row = orjson.loads(raw[0])
        assert isinstance(row, list)
        return row


def _slices(blob: np.ndarray, offsets: np.ndarray, numbers: np.ndarray) -> list[bytes]:
    """The byte ranges of `blob` that `offsets` gives for `numbers`: the offsets read in one
    step and the map's bytes sliced, not the array (indexing the memory map one number at a
    time cost ~3 us a subject)."""
    data = blob.data
    starts = offsets[numbers].tolist()
    ends = offsets[numbers + 1].tolist()
    return [data[lo:hi].tobytes() for lo, hi in zip(starts, ends, strict=True)]


def load(root: Path, row: DatasetRow) -> DatasetPostings | None:
    """The dataset's postings when its folder matches the dataset row, else None."""
    folder = _folder(root, row.name)
    try:
        stamp = json.loads((folder / "stamp.json").read_text(encoding="utf-8"))
        if stamp != stamp_of(row):
            return None
        arrays = {n: np.load(folder / f"{n}.npy", mmap_mode="r") for n in _ARRAYS}
        records = _blob(folder / _RECORDS, arrays["record_offsets"])
        token_blob = _blob(folder / _TOKENS, arrays["token_offsets"])
    except (OSError, ValueError, IndexError):
        return None
    if records is None or token_blob is None:
        return None
    return DatasetPostings(
        dataset=row.name, stamp=stamp, records=records, token_blob=token_blob, **arrays
    )


def _blob(path: Path, offsets: np.ndarray) -> np.ndarray | None:
    """A byte file of the folder as a memory map, or None when its size is not where its
    offsets end (a folder written only in part)."""
    size = path.stat().st_size
    if size != int(offsets[-1]):
        return None
    return np.memmap(path, dtype=np.uint8, mode="r") if size else np.zeros(0, dtype=np.uint8)


def weigh(
    postings: DatasetPostings, entries: list[tuple[int, str, float]], limit: int
) -> list[tuple[float, str, int]]:
    """The dataset's best `limit` subjects for the query's chosen keys: per subject and name
    part the weight of the rarest key they share, summed over parts; ties by subject id. The
    same weighing as the SQL statement in `service._candidates`. `entries` are (part, key,
    weight); each subject comes as (weight, id, number)."""
    slices = []
    parts = []
    weights = []
    # Rarest key first: a stable sort by subject and part then puts each pair's rarest key
    # first among its rows (one sort of one key; a two-key lexsort cost twice as much).
    for part, key, weight in sorted(entries, key=lambda e: -e[2]):
        held = postings.holders(key)
        if len(held):
            slices.append(held)
            parts.append(np.full(len(held), part, dtype=np.int64))
            weights.append(np.full(len(held), weight, dtype=np.float64))
    if not slices:
        return []
    subject = np.concatenate(slices).astype(np.int64)
    part_of = np.concatenate(parts)
    weight_of = np.concatenate(weights)
    n_parts = int(part_of.max()) + 1
    code = subject * n_parts + part_of
    order = np.argsort(code, kind="stable")
    code = code[order]
    weight_of = weight_of[order]
    first = np.empty(len(code), dtype=bool)
    first[0] = True
    np.not_equal(code[1:], code[:-1], out=first[1:])
    best = weight_of[first]
    owner = code[first] // n_parts
    starts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
    totals = np.add.reduceat(best, starts)
    owners = owner[starts]
    if len(totals) > limit:
        # Only subjects at or above the limit-th best total can be kept (ties included).
        kth = np.partition(totals, len(totals) - limit)[len(totals) - limit]
        keep = np.flatnonzero(totals >= kth)
        totals, owners = totals[keep], owners[keep]
    # Best total first, ties by subject number (owners are in ascending order).
    top = np.argsort(-totals, kind="stable")[:limit]
    numbers = owners[top]
    return list(
        zip(totals[top].tolist(), postings.subject_ids(numbers), numbers.tolist(), strict=True)
    )


class PostingsCache:
    """The postings of a store's datasets, as one serving process uses them: loaded once per
    dataset stamp; a dataset whose folder is missing or stale is answered by SQL and, when
    `build_missing`, built in a background thread (one at a time)."""

    def __init__(self, root: Path, *, build_missing: bool = False) -> None:
        self.root = root
        self.build_missing = build_missing
        self._loaded: dict[str, DatasetPostings] = {}
        self._lock = threading.Lock()
        self._building: threading.Thread | None = None
        # The stamp each dataset had when its build failed (a digest collision): not tried
        # again until the dataset changes, so a serving process does not rebuild a large list
        # over and over.
        self._failed: dict[str, dict[str, Any]] = {}

    def for_datasets(self, session: Session) -> tuple[list[DatasetPostings], list[str]]:
        """(postings of the datasets that have current ones, names of those that do not)."""
        ready: list[DatasetPostings] = []
        missing: list[str] = []
        to_build: list[tuple[str, dict[str, Any]]] = []
        for row in session.scalars(select(DatasetRow)):
            current = self._loaded.get(row.name)
            if current is None or current.stamp != stamp_of(row):
                with self._lock:
                    current = load(self.root, row)
                    if current is not None:
                        self._loaded[row.name] = current
                    else:
                        self._loaded.pop(row.name, None)
            if current is None:
                missing.append(row.name)
                stamp = stamp_of(row)
                if self._failed.get(row.name) != stamp:
                    to_build.append((row.name, stamp))
            else:
                ready.append(current)
        if to_build and self.build_missing:
            self._start_build(session, to_build)
        return ready, missing

    def warm(self, session: Session) -> tuple[list[DatasetPostings], list[str]]:
        """`for_datasets`, with the current postings' tokens made (`make_tokens`): what a
        serving process, a batch worker and the screening helper do as they start."""
        ready, missing = self.for_datasets(session)
        for postings in ready:
            postings.make_tokens()
        return ready, missing

    def _start_build(self, session: Session, datasets: list[tuple[str, dict[str, Any]]]) -> None:
        if self._building is not None and self._building.is_alive():
            return
        engine = session.get_bind()

        def run() -> None:
            for dataset, stamp in datasets:
                try:
                    with Session(engine) as s:
                        build(s, dataset, self.root)
                except Exception as exc:  # noqa: BLE001 - SQL keeps answering; said in the log
                    self._failed[dataset] = stamp
                    log.warning("postings.build_failed", dataset=dataset, error=str(exc))

        self._building = threading.Thread(target=run, name="postings-build", daemon=True)
        self._building.start()
