"""Near-duplicate detection on real syndicated pairs: old SimHash rule vs the MinHash rule.

Usage: .venv/bin/python -m bench.near_duplicates --mirrors /work/.mirror

`bench/data/syndicated_pairs.jsonl` holds provenance only (publishers' texts are not committed):
each line names two texts by repository, commit, path and how the text is cut out of the file,
with the sha256 of the text used. `--mirrors DIR` holds bare git mirrors as `DIR/owner+name/repo`
(or `DIR/owner+name`), as the research tool's fetch leaves them; texts are rebuilt with
`git --git-dir ... show COMMIT:PATH` and checked against their hashes.

Labels: `same_story` (the same wire/agency dispatch run by two outlets, read by hand; kind `copy`
when the two are about the same length, `excerpt` when one is a cut-down version under 60% of the
other) and `different_story` (two different stories on the same topic and day). Length bands are
by the shorter text's words. The article-extraction benchmark bodies (../shared) give the
false-merge rate over unrelated real articles, whole and cut to brief length.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import itertools
import json
import os
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from tipwatch.store.dedupe import (
    NEAR_DUPLICATE_DISTANCE,
    hamming,
    is_near_duplicate,
    minhash,
    simhash64,
)

PAIRS = Path(__file__).resolve().parent / "data" / "syndicated_pairs.jsonl"
BANDS = ("<150", "150-400", ">400")


def band(words: int) -> str:
    return BANDS[0] if words < 150 else BANDS[1] if words <= 400 else BANDS[2]


def _git_dir(mirrors: Path, repo: str) -> Path:
    base = mirrors / repo.replace("/", "+")
    return base / "repo" if (base / "repo").exists() else base


_FILES: dict[tuple[str, str, str], str] = {}


def _file(mirrors: Path, repo: str, commit: str, path: str) -> str:
    key = (repo, commit, path)
    if key not in _FILES:
        out = subprocess.run(
            ["git", "--git-dir", str(_git_dir(mirrors, repo)), "show", f"{commit}:{path}"],
            check=True,
            capture_output=True,
        )
        _FILES[key] = out.stdout.decode("utf-8")
    return _FILES[key]


_CSV: dict[tuple[str, str, str], dict[str, dict[str, str]]] = {}


def rebuild(mirrors: Path, side: dict) -> str:
    """The text one side of a pair names, cut out of its file as `cut` says; hash checked."""
    cut = side["cut"]
    raw = _file(mirrors, side["repo"], side["commit"], side["path"])
    if cut["format"] != "csv":
        raise ValueError(f"unknown cut format {cut['format']!r}")
    key = (side["repo"], side["commit"], side["path"])
    if key not in _CSV:
        csv.field_size_limit(sys.maxsize)
        _CSV[key] = {r[cut["id_column"]]: r for r in csv.DictReader(io.StringIO(raw))}
    field = _CSV[key][cut["id"]][cut["field"]]
    text = "\n".join(p.strip() for p in field.split("###") if p.strip())
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != side["sha256"]:
        raise ValueError(f"hash mismatch for {side['repo']}:{side['path']} id {cut['id']}")
    return text


Method = Callable[[str, str], bool]


def old_method(a: str, b: str) -> bool:
    return hamming(simhash64(a), simhash64(b)) <= NEAR_DUPLICATE_DISTANCE


def new_method(a: str, b: str) -> bool:
    return is_near_duplicate(minhash(a), minhash(b))


METHODS: dict[str, Method] = {"old SimHash<=7": old_method, "new MinHash J>=": new_method}


def _share(hits: list[bool]) -> str:
    return f"{sum(hits)}/{len(hits)} ({sum(hits) / len(hits):.0%})" if hits else "-"


def report_pairs(mirrors: Path) -> None:
    rows = [json.loads(line) for line in PAIRS.read_text("utf-8").splitlines() if line.strip()]
    groups: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    repos = set()
    for r in rows:
        a, b = rebuild(mirrors, r["a"]), rebuild(mirrors, r["b"])
        repos |= {r["a"]["repo"], r["b"]["repo"]}
        words = min(len(a.split()), len(b.split()))
        groups[(r["label"], r["kind"])].append((band(words), a, b))
    print(f"real pairs: {len(rows)} from {', '.join(sorted(repos))} (hashes verified)")
    for (label, kind), items in sorted(groups.items()):
        what = "linked (want high)" if label == "same_story" else "wrongly linked (want 0)"
        print(f"\n{label}/{kind}: {len(items)} pairs, share {what}")
        print(f"  {'method':18s} {'all':>14s} " + " ".join(f"{b:>14s}" for b in BANDS))
        for name, fn in METHODS.items():
            res = [(bd, fn(a, b)) for bd, a, b in items]
            cells = [_share([h for _, h in res])]
            cells += [_share([h for bd, h in res if bd == b]) for b in BANDS]
            print(f"  {name:18s} " + " ".join(f"{c:>14s}" for c in cells))


def _brief(text: str, words: int = 120) -> str:
    return " ".join(text.split()[:words])


def report_benchmark() -> None:
    shared = Path(
        os.environ.get("TIPWATCH_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared")
    )
    path = shared / "datasets/article-extraction-benchmark/ground-truth.json"
    if not path.exists():
        print(f"\nbenchmark bodies absent: {path}")
        return
    bodies = [v["articleBody"] for v in json.loads(path.read_text("utf-8")).values()]
    bodies = [b for b in bodies if b.strip()]
    print(f"\narticle-extraction benchmark: {len(bodies)} real bodies, all pairs unrelated")
    for label, texts in (
        ("whole bodies", bodies),
        ("cut to 120 words", [_brief(b) for b in bodies]),
    ):
        sims = [simhash64(t) for t in texts]
        sigs = [minhash(t) for t in texts]
        by_band: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
        for i, j in itertools.combinations(range(len(texts)), 2):
            bd = band(min(len(texts[i].split()), len(texts[j].split())))
            old = hamming(sims[i], sims[j]) <= NEAR_DUPLICATE_DISTANCE
            by_band[bd].append((old, is_near_duplicate(sigs[i], sigs[j])))
        allp = [x for v in by_band.values() for x in v]
        print(f"  {label}: {len(allp)} pairs, false merges")
        for name, k in (("old SimHash<=7", 0), ("new MinHash J>=", 1)):
            cells = [f"all {sum(x[k] for x in allp)}"]
            cells += [f"{b} {sum(x[k] for x in by_band[b])}/{len(by_band[b])}" for b in BANDS]
            print(f"    {name:18s} " + "  ".join(cells))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    args = parser.parse_args(argv)
    report_pairs(args.mirrors)
    report_benchmark()


if __name__ == "__main__":
    main()
