"""Agreement between two independent annotations of the same records, per field.

- case decision: share of records where both say the same, and Cohen's kappa;
- perpetrator names: F1 of one annotator's names against the other's (positives both agree on),
  names matched after folding case, accents and punctuation;
- status: share of matched names with the same status;
- charge categories: F1 over (record, category) pairs;
- country: share of records (positives both agree on) with the same jurisdiction country;
- victim names: F1 over (record, folded name) pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

from tipwatch.nlp.corpus.schema import CorpusRecord
from tipwatch.nlp.eval import fold


@dataclass
class Counts:
    both: int = 0
    only_a: int = 0
    only_b: int = 0

    def f1(self) -> float:
        total = 2 * self.both + self.only_a + self.only_b
        return 2 * self.both / total if total else 1.0


@dataclass
class Agreement:
    n: int
    case_agree: int
    case_kappa: float
    names: Counts
    status_same: int
    status_total: int
    categories: Counts
    country_same: int
    country_total: int
    victims: Counts
    disagreements: list[str]

    def rows(self) -> list[tuple[str, str]]:
        def share(a: int, b: int) -> str:
            return f"{a / b:.3f} ({a}/{b})" if b else "n/a"

        return [
            ("records annotated twice", str(self.n)),
            ("case decision agreement", share(self.case_agree, self.n)),
            ("case decision Cohen's kappa", f"{self.case_kappa:.3f}"),
            ("perpetrator names F1", f"{self.names.f1():.3f}"),
            ("status agreement (names both list)", share(self.status_same, self.status_total)),
            ("charge-category F1", f"{self.categories.f1():.3f}"),
            ("country agreement", share(self.country_same, self.country_total)),
            ("victim names F1", f"{self.victims.f1():.3f}"),
        ]


def _kappa(pairs: list[tuple[bool, bool]]) -> float:
    n = len(pairs)
    if not n:
        return 1.0
    observed = sum(a == b for a, b in pairs) / n
    pa = sum(a for a, _ in pairs) / n
    pb = sum(b for _, b in pairs) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def _set_counts(a: set[str], b: set[str], into: Counts) -> None:
    into.both += len(a & b)
    into.only_a += len(a - b)
    into.only_b += len(b - a)


def compare(first: list[CorpusRecord], second: list[CorpusRecord]) -> Agreement:
    """Agreement over the records present in both lists (matched by id)."""
    by_id = {r.id: r for r in first}
    pairs = [(by_id[r.id], r) for r in second if r.id in by_id]
    names, cats, victims = Counts(), Counts(), Counts()
    status_same = status_total = country_same = country_total = 0
    notes: list[str] = []
    for a, b in pairs:
        if a.is_case != b.is_case:
            notes.append(f"{a.id}: case {a.is_case} vs {b.is_case}")
        va, vb = {fold(v) for v in a.victim_names}, {fold(v) for v in b.victim_names}
        _set_counts(va, vb, victims)
        if va != vb:
            # counts, not names: a disagreement line never repeats a victim's name
            notes.append(
                f"{a.id}: victim names: {len(va - vb)} only first, {len(vb - va)} only second"
            )
        if not (a.is_case and b.is_case):
            continue
        pa = {fold(p.name): p.status for p in a.perpetrators}
        pb = {fold(p.name): p.status for p in b.perpetrators}
        _set_counts(set(pa), set(pb), names)
        if set(pa) != set(pb):
            notes.append(
                f"{a.id}: names {sorted(set(pa) - set(pb))} vs {sorted(set(pb) - set(pa))}"
            )
        for name in set(pa) & set(pb):
            status_total += 1
            status_same += pa[name] == pb[name]
            if pa[name] != pb[name]:
                notes.append(f"{a.id}: status of {name}: {pa[name]} vs {pb[name]}")
        _set_counts(set(a.case_categories), set(b.case_categories), cats)
        if set(a.case_categories) != set(b.case_categories):
            notes.append(
                f"{a.id}: categories {sorted(a.case_categories)} vs {sorted(b.case_categories)}"
            )
        if a.country or b.country:
            country_total += 1
            country_same += a.country == b.country
            if a.country != b.country:
                notes.append(f"{a.id}: country {a.country} vs {b.country}")
    return Agreement(
        n=len(pairs),
        case_agree=sum(a.is_case == b.is_case for a, b in pairs),
        case_kappa=_kappa([(a.is_case, b.is_case) for a, b in pairs]),
        names=names,
        status_same=status_same,
        status_total=status_total,
        categories=cats,
        country_same=country_same,
        country_total=country_total,
        victims=victims,
        disagreements=notes,
    )
