"""Recall and precision of the per-language trafficking vocabularies on labelled real articles.

Usage: .venv/bin/python -m bench.foreign_relevance [FILE.jsonl ...]
(default: every `nlp/corpus/relevance/*.jsonl`; each row: language, label "trafficking" or
"negative", kind, text, and where it came from). A text is predicted positive when
`nlp.foreign_relevance.score` makes it a candidate (a trafficking term and a legal step). Printed
per language: counts, TP/FP/FN/TN, precision, recall, F1 (n/a where undefined), and the terms
behind each false positive.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tipwatch.nlp.foreign_relevance import score

CORPUS = Path(__file__).resolve().parent.parent / "nlp" / "corpus" / "relevance"


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.2f}" if den else "n/a"


def main() -> None:
    files = [Path(p) for p in sys.argv[1:]] or sorted(CORPUS.glob("*.jsonl"))
    rows = [json.loads(line) for f in files for line in f.read_text("utf-8").splitlines() if line]
    by_lang: dict[str, list[tuple[bool, bool, str]]] = {}
    false_pos: list[str] = []
    for row in rows:
        result = score(str(row["text"]), str(row["language"]))
        if result is None:
            print(f"no vocabulary for {row['language']!r}: {row['where']}")
            continue
        gold = row["label"] == "trafficking"
        by_lang.setdefault(result.language, []).append((gold, result.is_candidate, row["where"]))
        if result.is_candidate and not gold:
            false_pos.append(
                f"  FP {result.language} {row['where']}: "
                f"{result.trafficking_terms} + {result.legal_terms}"
            )
    print("lang   pos  neg   TP  FP  FN  TN   precision  recall  F1")
    for lang, items in sorted(by_lang.items()):
        tp = sum(g and p for g, p, _ in items)
        fp = sum(p and not g for g, p, _ in items)
        fn = sum(g and not p for g, p, _ in items)
        tn = sum(not g and not p for g, p, _ in items)
        prec, rec = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        f1 = _ratio(2 * tp, 2 * tp + fp + fn)
        print(
            f"{lang:<6} {tp + fn:>3}  {fp + tn:>3}  {tp:>3} {fp:>3} {fn:>3} {tn:>3}"
            f"   {prec:>9}  {rec:>6}  {f1}"
        )
    for line in false_pos:
        print(line)


if __name__ == "__main__":
    main()
