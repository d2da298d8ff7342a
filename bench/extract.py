"""Extraction throughput: articles per second through the spaCy stage, model loaded once.

Usage: .venv/bin/python -m bench.extract [N]   (texts from ../shared/datasets/cases-dev)
Prints figures; asserts nothing (speed targets live here, not in tests).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.nlp.lang import for_language


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
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
    chars = 0
    for i, text in enumerate(batch):
        extractor.extract_text(text, source=str(i), language="en")
        chars += len(text)
    t2 = time.perf_counter()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model load: {t1 - t0:.2f} s")
    print(f"articles: {n}  chars: {chars}  time: {t2 - t1:.2f} s")
    print(f"throughput: {n / (t2 - t1):.1f} articles/s  {chars / (t2 - t1) / 1000:.1f} kchar/s")
    print(f"peak RSS: {rss_mb:.0f} MiB")


if __name__ == "__main__":
    main()
