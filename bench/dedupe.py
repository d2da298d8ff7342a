"""Near-duplicate fingerprints on real articles: how far apart unrelated articles and reprints are.

Usage: .venv/bin/python -m bench.dedupe
(bodies from ../shared/datasets/article-extraction-benchmark)
"""

from __future__ import annotations

import itertools
import json
import os
import time
from pathlib import Path

from tipwatch.store.dedupe import NEAR_DUPLICATE_DISTANCE, hamming, simhash64


def main() -> None:
    shared = Path(
        os.environ.get("TIPWATCH_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared")
    )
    gt = json.loads(
        (shared / "datasets/article-extraction-benchmark/ground-truth.json").read_text("utf-8")
    )
    bodies = [v["articleBody"] for v in gt.values() if len(v["articleBody"]) > 800]
    t0 = time.perf_counter()
    hashes = [simhash64(b) for b in bodies]
    t1 = time.perf_counter()
    pairs = sorted(hamming(a, b) for a, b in itertools.combinations(hashes, 2))
    variants = {
        "credit lines added": lambda t: "UPDATED.\n" + t + "\nReporting by Wire Staff.",
        "last paragraph dropped": lambda t: "\n".join(t.split("\n")[:-1]) or t,
        "first paragraph dropped": lambda t: "\n".join(t.split("\n")[1:]) or t,
    }
    print(
        f"articles: {len(bodies)}  fingerprint time: {(t1 - t0) / len(bodies) * 1000:.2f} ms each"
    )
    print(f"unrelated pairs: {len(pairs)}  min {pairs[0]}  median {pairs[len(pairs) // 2]} bits")
    print(f"threshold: <= {NEAR_DUPLICATE_DISTANCE} bits")
    for name, fn in variants.items():
        d = sorted(hamming(simhash64(b), simhash64(fn(b))) for b in bodies)
        caught = sum(x <= NEAR_DUPLICATE_DISTANCE for x in d) / len(d)
        print(f"{name:24s} median {d[len(d) // 2]:2d} bits  max {d[-1]:2d}  linked {caught:.0%}")


if __name__ == "__main__":
    main()
