"""What opening the SQLite store costs as it grows: `PRAGMA quick_check` runs at every open (a
damaged store is refused, issue 14 I10), and `integrity_check` in `tipwatch db check`.

Usage: .venv/bin/python -m bench.store_open [--articles N ...] [--keep DIR]

Builds a store of N articles of ~4 KB text each (plus their extractions, through raw inserts for
speed), then times `Store(url)` (quick_check + migration check), `check_sqlite_file` alone,
and the full integrity check, with a cold and a warm page cache where the OS allows (the cold
figure drops the file's pages with posix_fadvise).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import string
import tempfile
import time
from pathlib import Path

from tipwatch.store.db import _QUICK_CHECKED, Store, check_sqlite_file


def _fill(path: Path, n: int) -> None:
    Store(f"sqlite:///{path}").dispose()  # schema
    rng = random.Random(7)
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(5000)]
    con = sqlite3.connect(path)
    con.execute(
        "INSERT OR IGNORE INTO sources (id, name, country, languages, homepage) "
        "VALUES ('bench', 'Bench', 'IN', '[\"en\"]', 'https://bench.example/')"
    )
    rows = []
    for i in range(n):
        text = " ".join(rng.choices(words, k=650))
        rows.append(
            (
                f"{i:032x}",
                f"https://bench.example/{i}",
                f"https://bench.example/{i}",
                f"Title {i}",
                text,
                "en",
                "bench",
                "IN",
                f"{i:064x}",
            )
        )
        if len(rows) == 2000:
            _insert(con, rows)
            rows = []
    if rows:
        _insert(con, rows)
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def _insert(con: sqlite3.Connection, rows: list[tuple[str, ...]]) -> None:
    con.executemany(
        "INSERT INTO articles (id, canonical_url, url, title, text, language, source_id, "
        "country_of_publication, content_hash, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)",
        rows,
    )


def _drop_cache(path: Path) -> bool:
    if not hasattr(os, "posix_fadvise"):
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
    return True


def _timed(label: str, fn: object) -> float:
    t0 = time.perf_counter()
    fn()  # type: ignore[operator]
    dt = time.perf_counter() - t0
    print(f"  {label:<38} {dt * 1000:9.1f} ms")
    return dt


def _measure(path: Path) -> None:
    url = f"sqlite:///{path}"

    def quick() -> None:
        _QUICK_CHECKED.clear()  # time the check, not the once-per-process memo
        check_sqlite_file(path)

    def store_open() -> None:
        _QUICK_CHECKED.clear()
        Store(url).dispose()

    cold = _drop_cache(path)
    _timed("quick_check (cold cache)" if cold else "quick_check", quick)
    _timed("quick_check (warm cache)", quick)
    _timed("Store() open (warm: check + migrations)", store_open)
    _timed("integrity_check (db check)", lambda: check_sqlite_file(path, full=True))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    ap.add_argument("--keep", type=Path, default=None)
    args = ap.parse_args()
    for n in args.articles:
        folder = Path(args.keep or tempfile.mkdtemp(prefix="tipwatch-bench-open-"))
        path = folder / f"store-{n}.db"
        if not path.exists():
            _fill(path, n)
        size = path.stat().st_size / 1e6
        print(f"{n} articles, {size:.0f} MB")
        _measure(path)
        if args.keep is None:
            for p in folder.iterdir():
                p.unlink()
            folder.rmdir()


if __name__ == "__main__":
    main()
