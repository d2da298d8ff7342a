"""Extraction throughput: articles per second through the spaCy stage, model loaded once.

Usage: .venv/bin/python -m bench.extract [N] [WORKERS]   (texts from ../shared/datasets/cases-dev)

Times N texts in this one process, then over WORKERS forked processes (default: one per core;
`nlp/parallel.py`, as `tipwatch eval` extracts), and checks that both give the same
extractions. Prints figures; asserts nothing (speed targets live here, not in tests).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

from tipwatch.nlp.extractor import CaseExtractor, Job
from tipwatch.nlp.lang import for_language
from tipwatch.nlp.parallel import default_workers, extract_parallel


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else default_workers()
    shared = Path(
        os.environ.get("TIPWATCH_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared")
    )
    path = shared / "datasets" / "cases-dev" / "cases.jsonl"
    texts = [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines() if line]
    batch = [texts[i % len(texts)] for i in range(n)]
    t0 = time.perf_counter()
    extractor = CaseExtractor()
    # load the spaCy pipeline itself: a warm-up text the relevance filter stops never loads it
    support = for_language("en")
    assert support is not None
    extractor.pipeline(support)
    t1 = time.perf_counter()
    chars = sum(len(t) for t in batch)
    alone = [
        extractor.extract_text(text, source=str(i), language="en") for i, text in enumerate(batch)
    ]
    t2 = time.perf_counter()
    jobs = [Job(text, str(i), "en") for i, text in enumerate(batch)]
    together = extract_parallel(extractor, jobs, workers=workers)
    t3 = time.perf_counter()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    same = [e.model_dump() for e in alone] == [e.model_dump() for e in together]
    print(f"model load: {t1 - t0:.2f} s")
    for label, secs in (("1 process", t2 - t1), (f"{workers} processes", t3 - t2)):
        print(
            f"{label}: {n} articles, {chars} chars in {secs:.2f} s"
            f" ({n / secs:.1f} articles/s, {chars / secs / 1000:.1f} kchar/s)"
        )
    print(f"same extractions in both: {same}")
    print(f"peak RSS: {rss_mb:.0f} MiB")


if __name__ == "__main__":
    main()
