"""Unbounded work from one hostile input (issue 14, C19 / I7 / B4): seconds and peak RSS.

- C19: a generated ~9 MB HTML page (many paragraphs, or one big table) through
  `page_to_article`, before (no HTML cap: what main did) and after (the default
  `TIPWATCH_EXTRACT_MAX_HTML_BYTES`); plus a 3 MB page of inline script around a normal
  article, which is trimmed and extracted, not skipped.
- I7: a WARC of N MiB of zeros (default 1024: a 1 MiB file) read with `iter_records` under the
  default `max_body_bytes`.
- B4: `import ftm` of a file with a 10 MB name beside a normal person.

Each case runs in its own child process, so its peak RSS is its own. Asserts nothing.

Usage: .venv/bin/python -m bench.hostile_input [ZERO_MIB]
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

SIZE = 9_000_000


def _paragraphs(size: int) -> bytes:
    parts = ["<html><head><title>Court list</title></head><body><article><h1>Court list</h1>"]
    n = i = 0
    while n < size:
        p = (
            f"<p>Item {i}: the court in Lagos heard that the accused moved workers across the "
            f"border in year {i} and kept their passports.</p>\n"
        )
        parts.append(p)
        n += len(p)
        i += 1
    return ("".join(parts) + "</article></body></html>").encode()


def _table(size: int) -> bytes:
    rows = [
        f"<tr><td>{i}</td><td>Case {i * 7}</td><td>Filed in Lagos</td></tr>\n"
        for i in range(size // 64)
    ]
    return ("<html><body><table>" + "".join(rows) + "</table></body></html>").encode()


def _scripted(size: int) -> bytes:
    text = " ".join(
        f"The High Court in Lagos convicted the accused of trafficking workers, case {i}."
        for i in range(20)
    )
    return (
        f"<html><head><title>Verdict</title><script>var x='{'y' * size}';</script></head>"
        f"<body><article><h1>Verdict</h1><p>{text}</p></article></body></html>"
    ).encode()


def _child_html(kind: str, mode: str) -> str:
    from tipwatch.nlp.article import MAX_HTML_BYTES, page_to_article
    from tipwatch.records import FetchedPage, Skipped

    body = {"paragraphs": _paragraphs, "table": _table, "scripted": _scripted}[kind](
        SIZE if kind != "scripted" else 3_000_000
    )
    page = FetchedPage(
        url="https://x.example/a",
        final_url="https://x.example/a",
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=body,
        fetched_at=datetime.now(UTC),
        source_id="bench",
    )
    cap = 1 << 62 if mode == "before" else MAX_HTML_BYTES
    t = time.perf_counter()
    result = page_to_article(page, "NG", max_html_bytes=cap)
    took = time.perf_counter() - t
    what = f"skipped {result.reason}" if isinstance(result, Skipped) else "article"
    return f"{len(body) / 1e6:.1f} MB, {took:.1f} s, {what}"


def _child_warc(zero_mib: int) -> str:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from tipwatch.crawlers.warc import iter_records

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "zeros.warc.gz"

        class Zeros(BytesIO):
            """`zero_mib` MiB of zeros, made as they are read (warcio reads twice: digests)."""

            left = zero_mib << 20

            def read(self, n: int | None = -1) -> bytes:
                n = min(self.left, 1 << 20 if n is None or n < 0 else n)
                self.left -= n
                return b"\0" * n

            def seek(self, pos: int, whence: int = 0) -> int:
                self.left = (zero_mib << 20) - pos
                return pos

            def tell(self) -> int:
                return (zero_mib << 20) - self.left

        with open(path, "wb") as fh:
            w = WARCWriter(fh, gzip=True)
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            w.write_record(
                w.create_warc_record(
                    "https://x.example/zeros",
                    "response",
                    payload=Zeros(),
                    length=zero_mib << 20,
                    http_headers=http,
                )
            )
        on_disk = path.stat().st_size
        t = time.perf_counter()
        items = [type(i).__name__ for _, i in iter_records(path)]
        took = time.perf_counter() - t
    return f"{on_disk / 1e6:.1f} MB file, {zero_mib} MiB inflated, {took:.1f} s, {items}"


def _child_ftm(hostile: bool) -> str:
    from tipwatch.screening.ftm_import import import_ftm
    from tipwatch.store.db import Store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ftm.json"
        lines = [
            {"id": "huge", "schema": "Person", "properties": {"name": ["A" * 10_000_000]}},
            {"id": "ok", "schema": "Person", "properties": {"name": ["Ramesh Kumar"]}},
        ][0 if hostile else 1 :]
        path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
        url = f"sqlite:///{Path(tmp) / 'db.sqlite'}"
        store = Store(url)
        t = time.perf_counter()
        with store.session() as s:
            report = import_ftm(s, path, dataset="bench")
        took = time.perf_counter() - t
        store.dispose()
    return f"{took:.1f} s, imported {report.imported}, skipped {dict(report.skipped)}"


def _child(args: list[str]) -> None:
    if args[0] == "html":
        out = _child_html(args[1], args[2])
    elif args[0] == "warc":
        out = _child_warc(int(args[1]))
    else:
        out = _child_ftm(args[1] == "hostile")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{out}, peak RSS {peak:.0f} MB")


def _run(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.hostile_input", "--child", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.strip() or proc.stderr.strip().splitlines()[-1]


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2:])
        return
    zero_mib = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    for kind in ("paragraphs", "table"):
        for mode in ("before", "after"):
            print(f"C19 {kind:10} {mode:6}: {_run('html', kind, mode)}", flush=True)
    print(f"C19 scripted   after : {_run('html', 'scripted', 'after')}", flush=True)
    print(f"I7  zero WARC  after : {_run('warc', str(zero_mib))}", flush=True)
    # The first import pays for loading the name analysis: the baseline is one normal person.
    print(f"B4  one person       : {_run('ftm', 'normal')}", flush=True)
    print(f"B4  10 MB name after : {_run('ftm', 'hostile')}", flush=True)


if __name__ == "__main__":
    main()
