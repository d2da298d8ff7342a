"""Counts of the corpus as markdown tables (`tipwatch corpus stats`), per split."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from tipwatch.nlp.corpus.schema import CorpusRecord

SPLITS = ("train", "dev", "test")


def _table(
    title: str, records: list[CorpusRecord], key: Callable[[CorpusRecord], Iterable[str]]
) -> str:
    per = {s: Counter(k for r in records if r.split == s for k in key(r)) for s in SPLITS}
    total = Counter(k for r in records for k in key(r))
    lines = [f"| {title} | " + " | ".join(SPLITS) + " | all |", "|---|" + "---|" * 4]
    for value, n in total.most_common():
        cells = " | ".join(str(per[s][value]) for s in SPLITS)
        lines.append(f"| {value} | {cells} | {n} |")
    return "\n".join(lines)


def stats(records: list[CorpusRecord]) -> str:
    pos = [r for r in records if r.is_case]
    neg = [r for r in records if not r.is_case]

    def kind(r: CorpusRecord) -> list[str]:
        if not r.is_case:
            return ["negative"]
        return ["case report, accused named" if r.named_accused else "case report, none named"]

    parts = [
        _table("records", records, kind),
        _table("borderline", [r for r in records if r.borderline], kind),
        _table("genre", records, lambda r: [r.genre]),
        _table("country of publication", records, lambda r: [r.country_of_publication or "-"]),
        _table("case country", pos, lambda r: [r.country or "-"]),
        _table("negative reason", neg, lambda r: [r.reason or "-"]),
        _table("case category", pos, lambda r: r.case_categories or ["(none)"]),
        _table("perpetrator status", pos, lambda r: [p.status for p in r.perpetrators]),
    ]
    outlets = {s: len({r.outlet for r in records if r.split == s}) for s in SPLITS}
    victims = sum(1 for r in records if r.victim_names)
    parts.append(
        f"outlets per split: {outlets}; records naming a victim, relative or witness: {victims}"
    )
    return "\n\n".join(parts)
