"""End-to-end throughput of `tipwatch ingest-warc` on a news mix, beside two baselines.

Usage: .venv/bin/python -m bench.pipeline [--no-baselines] [--cache] [N ...]
                                                         (default: 1000 20000)
       .venv/bin/python -m bench.pipeline --lsh [N ...]  (near-duplicate lookup)

For each N it writes a WARC of N real article pages: the 181 pages of
`../shared/datasets/article-extraction-benchmark/` with their paragraphs redrawn from the pool of
all their paragraphs (so copies are different texts that deduplication keeps apart), plus ~3%
real case reports of `../shared/datasets/cases-dev/` laid out as article pages. Then it runs
`tipwatch ingest-warc --json` on a fresh data folder and prints wall time, articles/s, CPU
seconds per stage and in total (every process of the run, sampled), and peak RSS (the sum over
the run's processes). In the same run, on up to 500 of the same pages in this process, the two
baselines: trafilatura + langdetect only, and the naive design (trafilatura, langdetect and the
full spaCy pipeline on every article, one process); ratios are per article.

`--lsh` measures the near-duplicate lookup (`cluster_for`) for new articles against N stored
articles (synthetic MinHash signatures, real band keys) and prints SQLite's query plans.
Prints figures; asserts nothing (speed targets live here, not in tests).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TIPWATCH_SHARED_DIR", ROOT.parent / "shared"))
BENCH_HTML = SHARED / "datasets" / "article-extraction-benchmark" / "html"
CASES = SHARED / "datasets" / "cases-dev" / "cases.jsonl"
HOST = "bench-news.example"
CASE_SHARE = 0.03
BASELINE_SAMPLE = 500
_PARA = re.compile(r"(<p\b[^>]*>)(.*?)(</p\s*>)", re.I | re.S)
_TITLE = re.compile(r"(<title\b[^>]*>)(.*?)(</title\s*>)", re.I | re.S)
_TAGS = re.compile(r"<[^>]+>")
_TRAFFICKING_WORDS = re.compile(r"\b(?:traffick\w*|smuggl\w*|forced labou?r|slavery)\b", re.I)


def _benchmark_pages() -> list[str]:
    return [
        gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
        for p in sorted(BENCH_HTML.glob("*.html.gz"))
    ]


def _case_pages() -> list[str]:
    out = []
    for line in CASES.read_text("utf-8").splitlines():
        row = json.loads(line)
        if not row["is_case"]:
            continue
        paras = [p.strip() for p in row["text"].split("\n") if p.strip()]
        title = paras[0][:200]
        body = "".join(f"<p>{p}</p>" for p in paras[1:])
        out.append(
            f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"</head><body><nav><a href='/'>Home</a> <a href='/crime'>Crime</a></nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>News desk</footer></body></html>"
        )
    return out


def build_pages(n: int, seed: int = 15) -> list[tuple[str, bytes]]:
    """N (url, html) pages: redrawn benchmark pages and ~3% case reports."""
    rng = random.Random(seed)
    # the case reports are drawn apart from the paragraphs: the same share whatever the pools
    draw_case = random.Random(seed + 1)
    pages = _benchmark_pages()
    # Paragraphs are redrawn within the page's own class (pages that name trafficking, pages that
    # do not), so the mix keeps the benchmark's share of pages that mention it.
    # (by the bench's own words, not tipwatch's vocabulary: a change of the vocabulary must not
    # change the mix it is measured on)
    relevant = [bool(_TRAFFICKING_WORDS.search(page)) for page in pages]
    pools: dict[bool, list[str]] = {True: [], False: []}
    for page, rel in zip(pages, relevant, strict=True):
        pools[rel].extend(
            m.group(2) for m in _PARA.finditer(page) if len(_TAGS.sub("", m.group(2)).split()) >= 12
        )
    cases = _case_pages()
    out: list[tuple[str, bytes]] = []
    for k in range(n):
        url = f"https://{HOST}/news/{k}.html"
        if draw_case.random() < CASE_SHARE:
            page = cases[k % len(cases)].replace(
                "</article>", f"<p>Reported by our desk, story {k}.</p></article>"
            )
        else:
            j = k % len(pages)
            pool = pools[relevant[j]]
            page = _PARA.sub(
                lambda m, pool=pool: m.group(1) + rng.choice(pool) + m.group(3), pages[j]
            )
            page = _TITLE.sub(
                lambda m, k=k: m.group(1) + m.group(2) + f" ({k})" + m.group(3), page, count=1
            )
        out.append((url, page.encode("utf-8")))
    return out


def _fetched(url: str, body: bytes, at: datetime, source_id: str = "") -> Any:
    from tipwatch.records import FetchedPage

    return FetchedPage(
        url=url,
        final_url=url,
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=body,
        fetched_at=at,
        source_id=source_id,
    )


def write_warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    from tipwatch.crawlers.warc import write_pages

    now = datetime.now(UTC)
    write_pages(path, (_fetched(url, body, now) for url, body in pages))


def _pss(pid: int, fallback: int) -> int:
    """Proportional set size from /proc/PID/smaps_rollup (cheap, unlike a full smaps read)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return fallback


def _kind(p: psutil.Process, root: psutil.Process) -> str:
    """What a process of the run is: the command, Prefect's server, the fork server, a worker."""
    if p.pid == root.pid:
        return "main"
    try:
        cmd = " ".join(p.cmdline())
        parent = p.ppid()
    except psutil.Error:
        return "other"
    if "prefect" in cmd or "uvicorn" in cmd:
        return "prefect server"
    if "forkserver" in cmd:
        # workers fork from the fork server, so they carry its command line
        return "fork server" if parent == root.pid else "workers"
    return "other"


class TreeSampler:
    """Samples a process tree: CPU seconds per process (last seen) and the peak summed RSS."""

    def __init__(self, pid: int, every: float = 0.2, pss_every: int = 5) -> None:
        self.root = psutil.Process(pid)
        self.every = every
        # Reading a process's PSS (smaps_rollup) costs ~6 ms of kernel time for a 600 MB
        # process and holds its memory map's lock: read every `pss_every`-th sample only (once
        # a second), or the sampler itself takes a sixth of a core from the run it measures.
        self.pss_every = pss_every
        self.cpu: dict[int, float] = {}
        self.kinds: dict[int, str] = {}
        self.peak_rss = 0
        # PSS: shared pages (a fork server's imports, libraries) divided among their sharers;
        # the sum is the memory the run takes, where the RSS sum counts shared pages repeatedly.
        self.peak_pss = 0
        # PSS per kind of process (main, prefect server, fork server, workers) at the peak
        self.peak_parts: dict[str, int] = {}
        # (seconds since start, CPU seconds of the tree so far), once a second
        self.timeline: list[tuple[float, float]] = []
        self._t0 = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        tick = 0
        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            with_pss = tick % self.pss_every == 0
            tick += 1
            rss = pss = 0
            parts: dict[str, int] = {}
            for p in procs:
                try:
                    t = p.cpu_times()
                    self.cpu[p.pid] = t.user + t.system
                    if p.pid not in self.kinds:
                        self.kinds[p.pid] = _kind(p, self.root)
                    mem_rss = p.memory_info().rss
                    rss += mem_rss
                    if with_pss:
                        one = _pss(p.pid, mem_rss)
                        pss += one
                        kind = self.kinds[p.pid]
                        parts[kind] = parts.get(kind, 0) + one
                except psutil.Error:
                    continue
            self.peak_rss = max(self.peak_rss, rss)
            if with_pss:
                self.timeline.append((time.perf_counter() - self._t0, self.cpu_seconds))
            if with_pss and pss > self.peak_pss:
                self.peak_pss = pss
                self.peak_parts = parts
            self._stop.wait(self.every)

    def cpu_by_kind(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for pid, cpu in self.cpu.items():
            kind = self.kinds.get(pid, "other")
            out[kind] = out.get(kind, 0.0) + cpu
        return dict(sorted(out.items()))

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())


def run_tipwatch(warc: Path, data_dir: Path, sources_dir: Path) -> dict[str, Any]:
    env = {
        **os.environ,
        "TIPWATCH_DATA_DIR": str(data_dir),
        "TIPWATCH_PROGRESS": "0",
        "TIPWATCH_LOG_JSON": "1",
    }
    cmd = [
        str(ROOT / ".venv" / "bin" / "tipwatch"),
        "ingest-warc",
        str(warc),
        "--sources",
        str(sources_dir),
        "--source",
        "bench-news",
        # the mix's pages come from many hosts: all of them to the one bench outlet
        "--pin-all",
        "--json",
    ]
    t0 = time.perf_counter()
    # TIPWATCH_BENCH_LOG=FILE keeps the run's structured log (timestamps of its phases)
    log_path = os.environ.get("TIPWATCH_BENCH_LOG")
    err = open(log_path, "wb") if log_path else subprocess.DEVNULL  # noqa: SIM115
    if log_path:
        stamp = datetime.now(UTC).isoformat()
        err.write(f'{{"event": "bench.start", "timestamp": "{stamp}"}}\n'.encode())
        err.flush()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=err)
    with TreeSampler(proc.pid) as sampler:
        out, _ = proc.communicate()
    wall = time.perf_counter() - t0
    if log_path:
        err.close()
    if proc.returncode != 0:
        raise SystemExit(f"ingest-warc failed with exit {proc.returncode}")
    result = json.loads(out.decode().strip().splitlines()[-1])
    return {
        "wall": wall,
        "cpu": sampler.cpu_seconds,
        "peak_rss_mb": sampler.peak_rss / 2**20,
        "peak_pss_mb": sampler.peak_pss / 2**20,
        "peak_parts_mb": {k: v / 2**20 for k, v in sorted(sampler.peak_parts.items())},
        "busy": _busy(sampler.timeline, 10.0),
        "cpu_by_kind": sampler.cpu_by_kind(),
        "result": result,
    }


def _busy(timeline: list[tuple[float, float]], every: float) -> list[float]:
    """Cores busy on average in each `every` seconds of the run (CPU seconds / wall seconds)."""
    out: list[float] = []
    mark_t, mark_cpu = 0.0, 0.0
    for t, cpu in timeline:
        if t - mark_t >= every:
            out.append((cpu - mark_cpu) / (t - mark_t))
            mark_t, mark_cpu = t, cpu
    return out


def baselines(pages: list[tuple[str, bytes]]) -> dict[str, float]:
    """CPU seconds per article of the two baselines, on this process, one page at a time."""
    from tipwatch.nlp.article import page_to_article
    from tipwatch.nlp.extractor import CaseExtractor
    from tipwatch.records import Article

    now = datetime.now(UTC)
    fetched = [_fetched(url, body, now, "bench-news") for url, body in pages]
    t0 = time.process_time()
    articles = [page_to_article(p, "IN") for p in fetched]
    extract_s = time.process_time() - t0
    texts = [a.text for a in articles if isinstance(a, Article)]
    extractor = CaseExtractor()
    extractor.analyse("Warm-up sentence.")
    t1 = time.process_time()
    for text in texts:
        extractor.analyse(text)
    spacy_s = time.process_time() - t1
    n = len(fetched)
    return {
        "pages": n,
        "extract_per_page": extract_s / n,
        "naive_per_page": (extract_s + spacy_s) / n,
    }


def bench(n: int, with_baselines: bool = True, cache: Path | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="tipwatch-bench-") as tmp:
        root = Path(tmp)
        pages = build_pages(n)
        warc = root / "mix.warc.gz"
        if cache is not None:
            # the same pages (same N, seed and vocabulary) are written once
            digest = hashlib.sha1()
            for url, body in pages:
                digest.update(url.encode())
                digest.update(body)
            warc = cache / f"mix-{n}-{digest.hexdigest()[:12]}.warc.gz"
            if not warc.exists():
                cache.mkdir(parents=True, exist_ok=True)
                write_warc(warc.with_suffix(".part"), pages)
                warc.with_suffix(".part").rename(warc)
        else:
            write_warc(warc, pages)
        sources = root / "sources"
        sources.mkdir()
        (sources / "bench-news.yaml").write_text(
            f"id: bench-news\nname: Bench News\ncountry: IN\nlanguages: [en]\n"
            f'homepage: "https://{HOST}/"\nfeeds: ["https://{HOST}/feed.xml"]\n'
        )
        run = run_tipwatch(warc, root / "var", sources)
        counts = run["result"]["counts"]
        base = baselines(pages[:BASELINE_SAMPLE]) if with_baselines else None
    articles = counts["articles"] + counts["duplicates"]
    rate = n / run["wall"]
    print(f"\n== N = {n} pages ({sum(len(b) for _, b in pages) / 2**20:.0f} MiB of HTML) ==")
    print(
        f"tipwatch ingest-warc: {run['wall']:.1f} s wall, {rate:.1f} pages/s, "
        f"{run['cpu']:.1f} CPU s ({run['cpu'] / n * 1000:.1f} ms/page), "
        f"peak memory {run['peak_pss_mb']:.0f} MiB PSS ({run['peak_rss_mb']:.0f} MiB RSS summed "
        f"over the run's processes), executor {counts['executor']}"
    )
    print(
        f"  articles {counts['articles']} (metadata-only/no trafficking wording "
        f"{counts['not_relevant']}), cases {counts['cases']}, duplicates {counts['duplicates']}, "
        f"skipped {counts['skipped']}"
    )
    print("  CPU s by process: " + ", ".join(f"{k} {v:.1f}" for k, v in run["cpu_by_kind"].items()))
    print("  cores busy, by 10 s: " + " ".join(f"{b:.1f}" for b in run["busy"]))
    print(
        "  PSS at the peak: "
        + ", ".join(f"{k} {v:.0f} MiB" for k, v in run["peak_parts_mb"].items())
    )
    print(
        "  CPU s per stage: " + ", ".join(f"{k} {v:.1f}" for k, v in counts["cpu_seconds"].items())
    )
    if base is None:
        return
    ex, naive = base["extract_per_page"], base["naive_per_page"]
    print(
        f"baselines on {base['pages']} of the pages, one process: "
        f"trafilatura+langdetect {ex * 1000:.1f} CPU ms/page ({1 / ex:.1f} pages/s), "
        f"naive full spaCy {naive * 1000:.1f} CPU ms/page ({1 / naive:.1f} pages/s)"
    )
    per_page = run["wall"] / n
    print(
        f"ratios (wall per page): tipwatch is {naive / per_page:.1f}x the naive pipeline, "
        f"{ex / per_page:.1f}x trafilatura+langdetect alone; articles seen {articles}"
    )


def bench_lsh(n: int, lookups: int = 200) -> None:
    from sqlalchemy import insert, text

    from tipwatch.settings import Settings
    from tipwatch.store.db import Store
    from tipwatch.store.dedupe import band_keys, cluster_for, signature_hex
    from tipwatch.store.models import ArticleBandRow, ArticleRow, SourceRow

    rng = random.Random(n)
    with tempfile.TemporaryDirectory(prefix="tipwatch-lsh-") as tmp:
        store = Store.from_settings(Settings(data_dir=Path(tmp)))
        now = datetime.now(UTC)
        with store.session() as s:
            s.add(SourceRow(id="b", name="b", country="IN", languages=["en"], homepage="x"))
        chunk = 5000
        for start in range(0, n, chunk):
            rows, bands = [], []
            for i in range(start, min(n, start + chunk)):
                sig = tuple(rng.getrandbits(32) for _ in range(128))
                aid = f"{i:032x}"
                rows.append(
                    {
                        "id": aid,
                        "canonical_url": f"https://b/{i}",
                        "url": f"https://b/{i}",
                        "text": "",
                        "source_id": "b",
                        "content_hash": f"{i:064x}",
                        "simhash": f"{rng.getrandbits(64):016x}",
                        "minhash": signature_hex(sig),
                        "cluster_id": aid,
                        "created_at": now,
                    }
                )
                bands.extend({"article_id": aid, "band_key": k} for k in band_keys(sig))
            with store.session() as s:
                s.execute(insert(ArticleRow), rows)
                s.execute(insert(ArticleBandRow), bands)
        new_ids = []
        with store.session() as s:
            for j in range(lookups):
                sig = tuple(rng.getrandbits(32) for _ in range(128))
                aid = f"f{j:031x}"
                s.add(
                    ArticleRow(
                        id=aid,
                        canonical_url=f"https://b/new/{j}",
                        url=f"https://b/new/{j}",
                        text="",
                        source_id="b",
                        content_hash=f"f{j:063x}",
                        simhash=f"{rng.getrandbits(64):016x}",
                        minhash=signature_hex(sig),
                    )
                )
                s.flush()
                s.add_all(ArticleBandRow(article_id=aid, band_key=k) for k in band_keys(sig))
                new_ids.append(aid)
        with store.session() as s:
            t0 = time.perf_counter()
            for aid in new_ids:
                cluster_for(s, aid)
            per = (time.perf_counter() - t0) / lookups
            plans = [
                " | ".join(str(r[-1]) for r in s.execute(text("EXPLAIN QUERY PLAN " + sql)).all())
                for sql in (
                    "SELECT article_id FROM article_lsh_bands WHERE band_key IN ('a', 'b')",
                    "SELECT id FROM articles WHERE minhash IS NULL AND simhash IS NOT NULL "
                    "AND simhash LIKE '__ab%'",
                )
            ]
        store.dispose()
    print(f"near-duplicate lookup with {n} stored: {per * 1000:.2f} ms per new article")
    for plan in plans:
        print(f"  plan: {plan}")


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] == "--lsh":
        for n in [int(a) for a in args[1:]] or [1000, 100_000]:
            bench_lsh(n)
        return
    # --no-baselines: only the tipwatch run (the baselines take minutes; use it while tuning)
    quick = "--no-baselines" in args
    # --cache: keep each N's WARC under build/bench/ and reuse it (writing it takes minutes)
    cache = ROOT / "build" / "bench" if "--cache" in args else None
    for n in [int(a) for a in args if not a.startswith("--")] or [1000, 20_000]:
        bench(n, with_baselines=not quick, cache=cache)


if __name__ == "__main__":
    main()
