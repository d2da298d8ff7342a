"""Recall and precision of the per-language trafficking vocabularies on labelled real articles.

Usage: .venv/bin/python -m bench.foreign_relevance [FILE.jsonl ...]
(default: every `nlp/corpus/relevance/*.jsonl`; each row: language, label "trafficking" or
"negative", kind, text, and where it came from). A text is predicted positive when
`nlp.foreign_relevance.score` makes it a candidate (a trafficking term and a legal step). Printed
per language: counts, TP/FP/FN/TN, precision, recall, F1 of the candidate rule (n/a where
undefined); "topic" recall and false-positive rate of the trafficking terms alone (a text names
one, legal step or not: policy and awareness pieces name no legal step and are no candidates);
and the terms behind each false positive.
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
    topic: dict[str, list[tuple[bool, bool]]] = {}
    false_pos: list[str] = []
    for row in rows:
        result = score(str(row["text"]), str(row["language"]))
        if result is None:
            print(f"no vocabulary for {row['language']!r}: {row['where']}")
            continue
        gold = row["label"] == "trafficking"
        by_lang.setdefault(result.language, []).append((gold, result.is_candidate, row["where"]))
        topic.setdefault(result.language, []).append((gold, bool(result.trafficking_terms)))
        if result.is_candidate and not gold:
            false_pos.append(
                f"  FP {result.language} {row['where']}: "
                f"{result.trafficking_terms} + {result.legal_terms}"
            )
    print("lang   pos  neg   TP  FP  FN  TN   precision  recall  F1    topic-recall  topic-FP-rate")
    for lang, items in sorted(by_lang.items()):
        tp = sum(g and p for g, p, _ in items)
        fp = sum(p and not g for g, p, _ in items)
        fn = sum(g and not p for g, p, _ in items)
        tn = sum(not g and not p for g, p, _ in items)
        prec, rec = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        f1 = _ratio(2 * tp, 2 * tp + fp + fn)
        named = topic[lang]
        t_rec = _ratio(sum(g and n for g, n in named), sum(g for g, _ in named))
        t_fpr = _ratio(sum(n and not g for g, n in named), sum(not g for g, _ in named))
        print(
            f"{lang:<6} {tp + fn:>3}  {fp + tn:>3}  {tp:>3} {fp:>3} {fn:>3} {tn:>3}"
            f"   {prec:>9}  {rec:>6}  {f1:<4}  {t_rec:>12}  {t_fpr:>13}"
        )
    for line in false_pos:
        print(line)


if __name__ == "__main__":
    main()
