"""Screening at scale: import, latency and quality for N indexed people, as a provider meets it.

Usage: .venv/bin/python -m bench.screening [N ...]   (default: 50000 1000000)
       options: --queries Q (single-name queries timed, default 300), --keep DIR (keep the data
       folders under DIR), --reuse DIR (skip the import when DIR/<N> holds one)

For each N it writes N FollowTheMoney persons (`bench/screening_population.py`: the gallery of
the real evaluation set among a crowd made of recombined real name parts), then, each step as a
user runs it, on a fresh data folder:

- `tipwatch import ftm` (wall time, people/s, peak RSS over its processes);
- `tipwatch serve`: seconds from launch to the first answered `/api/v1/screen`;
- Q real test-split queries through `GET /api/v1/screen` (after 20 warm-up requests): p50, p95
  and max latency, recall@1 and recall@10 of the mate queries, and the false-match rate of the
  different-person queries at the default threshold, as `tipwatch eval-names` reports them on
  the gallery alone (so the crowd's cost shows as the difference);
- `POST /api/v1/match` with 100 names, five batches of names not screened before (median and
  max wall time);
- `tipwatch screen NAME` as a fresh process: on its own (`cli alone`), starting the store's
  screening helper (`cli first`), then answered by that helper (`cli s`, median of five).

Prints figures; asserts nothing (speed targets live here, not in tests).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

from bench.screening_population import write
from tipwatch.screening.defaults import MATCH_THRESHOLD
from tipwatch.screening.realset import RealQuery, build

ROOT = Path(__file__).resolve().parents[1]
TIPWATCH = [sys.executable, "-m", "tipwatch"]
DATASET = "crowd"
WARM_UP = 20
BATCH = 100
BATCHES = 5
SEED = 13


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PeakRss:
    """The peak of the summed RSS of a process and its children, sampled every 0.2 s."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                root = psutil.Process(self.pid)
                procs = [root, *root.children(recursive=True)]
                total = sum(p.memory_info().rss for p in procs if p.is_running())
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            self._stop.wait(0.2)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def _env(data_dir: Path, port: int | None = None) -> dict[str, str]:
    env = dict(os.environ, TIPWATCH_DATA_DIR=str(data_dir))
    if port is not None:
        env["TIPWATCH_UI_PORT"] = str(port)
    return env


def run_import(path: Path, data_dir: Path) -> dict[str, Any]:
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*TIPWATCH, "import", "ftm", str(path), "--dataset", DATASET],
        env=_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    rss = PeakRss(proc.pid)
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    peak = rss.stop()
    if proc.returncode != 0:
        raise SystemExit(f"import failed: {err[-2000:]}")
    return {"wall_s": wall, "output": out.strip(), "peak_rss_mb": peak / 2**20}


def api_key(data_dir: Path) -> str:
    out = subprocess.run(
        [*TIPWATCH, "api-keys", "add", "--label", "bench", "--rate", "100000"],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.strip().splitlines()[0]  # stdout holds the key alone


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _subject(q: RealQuery) -> str:
    return f"{DATASET}:real-{(q.expected or '').replace(':', '-')}"


def queries(n: int) -> list[RealQuery]:
    qs = [q for q in build().queries if q.split == "test"]
    random.Random(SEED).shuffle(qs)
    return qs[:n]


def serve_and_measure(data_dir: Path, n_queries: int) -> dict[str, Any]:
    key = api_key(data_dir)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    launched = time.perf_counter()
    server = subprocess.Popen(
        [*TIPWATCH, "serve"],
        env=_env(data_dir, port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    headers = {"X-API-Key": key}
    report: dict[str, Any] = {}
    try:
        with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
            while True:
                try:
                    if client.get("/api/v1/screen", params={"name": "Ramesh Kumar"}).is_success:
                        break
                except httpx.TransportError:
                    pass
                if server.poll() is not None:
                    raise SystemExit("tipwatch serve exited")
                time.sleep(0.1)
            report["first_answer_s"] = time.perf_counter() - launched
            qs = queries(n_queries + WARM_UP + BATCHES * BATCH)
            for q in qs[:WARM_UP]:
                client.get("/api/v1/screen", params={"name": q.text})
            times: list[float] = []
            mates = r1 = r10 = 0
            others = false_matches = 0
            for q in qs[WARM_UP : WARM_UP + n_queries]:
                t = time.perf_counter()
                res = client.get("/api/v1/screen", params={"name": q.text})
                times.append(time.perf_counter() - t)
                res.raise_for_status()
                hits = res.json()["hits"]
                if q.expected is None:
                    others += 1
                    false_matches += bool(hits) and hits[0]["score"] >= MATCH_THRESHOLD
                    continue
                mates += 1
                ids = [h["subject_id"] for h in hits]
                r1 += ids[:1] == [_subject(q)]
                r10 += _subject(q) in ids
            report.update(
                p50_ms=1000 * statistics.median(times),
                p95_ms=1000 * pct(times, 0.95),
                max_ms=1000 * max(times),
                queries=len(times),
                recall_at_1=r1 / max(mates, 1),
                recall_at_10=r10 / max(mates, 1),
                false_match_rate=false_matches / max(others, 1),
            )
            # Each batch of names the server has not screened before, as a provider's next
            # client list is (the same batch sent again found the names' analyses cached).
            fresh = qs[WARM_UP + n_queries :]
            walls = []
            for b in range(BATCHES):
                names = fresh[b * BATCH : (b + 1) * BATCH]
                batch = {"queries": [{"name": q.text} for q in names]}
                t = time.perf_counter()
                client.post("/api/v1/match", json=batch).raise_for_status()
                walls.append(time.perf_counter() - t)
            report.update(batch_median_s=statistics.median(walls), batch_max_s=max(walls))
    finally:
        server.terminate()
        server.wait(timeout=30)
    report.update(cli_times(data_dir))
    return report


def cli_times(data_dir: Path) -> dict[str, float]:
    """`tipwatch screen NAME` as fresh processes: once on its own (no helper), once starting the
    store's screening helper, then five times answered by it (median)."""

    def timed(name: str, helper: bool) -> float:
        env = {**_env(data_dir), "TIPWATCH_SCREEN_HELPER": "true" if helper else "false"}
        t = time.perf_counter()
        subprocess.run([*TIPWATCH, "screen", name], env=env, capture_output=True, check=True)
        return time.perf_counter() - t

    stop = [*TIPWATCH, "screen-helper", "stop", "--data-dir", str(data_dir)]
    subprocess.run(stop, env=_env(data_dir), capture_output=True, check=True)
    names = [q.text for q in queries(7)]
    try:
        alone = timed(names[0], helper=False)
        first = timed(names[1], helper=True)
        warm = [timed(name, helper=True) for name in names[2:]]
    finally:
        subprocess.run(stop, env=_env(data_dir), capture_output=True, check=True)
    return {"cli_alone_s": alone, "cli_first_s": first, "cli_median_s": statistics.median(warm)}


def bench(n: int, n_queries: int, keep: Path | None, reuse: Path | None) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="tipwatch-bench-screening-"))
    try:
        data_dir = (reuse or keep or work) / str(n)
        row: dict[str, Any] = {"people": n}
        if reuse is not None and (data_dir / "tipwatch.db").exists():
            row["import"] = None
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
            data_dir.mkdir(parents=True)
            path = work / f"people-{n}.jsonl"
            write(path, n)
            row["import"] = run_import(path, data_dir)
            path.unlink()
        row.update(serve_and_measure(data_dir, n_queries))
        return row
    finally:
        shutil.rmtree(work, ignore_errors=True)


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "people     import s  people/s  peak MB  first s  p50 ms  p95 ms  max ms  "
        "batch100 s  cli alone/first/s  R@1    R@10   false",
    ]
    for r in rows:
        imp = r["import"]
        lines.append(
            f"{r['people']:>9,}  "
            + (
                f"{imp['wall_s']:>8.0f}  {r['people'] / imp['wall_s']:>8.0f}  "
                f"{imp['peak_rss_mb']:>7.0f}  "
                if imp
                else f"{'-':>8}  {'-':>8}  {'-':>7}  "
            )
            + f"{r['first_answer_s']:>7.1f}  {r['p50_ms']:>6.1f}  {r['p95_ms']:>6.1f}  "
            f"{r['max_ms']:>6.0f}  {r['batch_median_s']:>10.2f}  "
            f"{r['cli_alone_s']:>5.1f}/{r['cli_first_s']:.1f}/{r['cli_median_s']:.2f}  "
            f"{r['recall_at_1']:.3f}  {r['recall_at_10']:.3f}  {r['false_match_rate']:.3f}"
        )
    lines.append(
        "targets (issue 13): 1M import < 600 s; p95 < 50 ms at 1M; batch of 100 < 1 s; cli < 2 s"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("people", nargs="*", type=int, default=[50_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--reuse", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    for n in args.people:
        rows.append(bench(n, args.queries, args.keep, args.reuse))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    print(json.dumps(rows, indent=2) if args.json else table(rows))


if __name__ == "__main__":
    main()
