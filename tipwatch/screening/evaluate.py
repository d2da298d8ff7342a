"""Precision@1 and recall@10 of name matching on the generated name-variant set.

A query counts for precision@1 only when its identity scores strictly above every other entry
(a tie with a distractor is a miss: a screener cannot tell them apart).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from tipwatch.screening.evalset import EvalSet, generate
from tipwatch.screening.gallery import NameGallery


@dataclass(frozen=True)
class RuleResult:
    rule: str
    queries: int
    precision_at_1: float
    recall_at_10: float
    not_applicable: int


@dataclass(frozen=True)
class NameEvalReport:
    gallery_size: int
    identities: int
    rules: list[RuleResult]
    overall: RuleResult


def evaluate(evalset: EvalSet | None = None) -> NameEvalReport:
    data = evalset or generate()
    gallery = NameGallery()
    for ident in [*data.identities, *data.distractors]:
        gallery.add(ident.id, ident.name)
    hits1: dict[str, int] = defaultdict(int)
    hits10: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for q in data.queries:
        total[q.rule] += 1
        ranked = gallery.search(q.text, limit=10)
        ids = [r.entry_id for r in ranked]
        if q.expected in ids:
            hits10[q.rule] += 1
            top = ranked[0]
            runner_up = ranked[1].score if len(ranked) > 1 else -1.0
            if top.entry_id == q.expected and top.score > runner_up:
                hits1[q.rule] += 1
    rules = [
        RuleResult(
            rule=rule,
            queries=total[rule],
            precision_at_1=hits1[rule] / total[rule] if total[rule] else 0.0,
            recall_at_10=hits10[rule] / total[rule] if total[rule] else 0.0,
            not_applicable=data.not_applicable.get(rule, 0),
        )
        for rule in sorted(total)
    ]
    n = sum(total.values())
    overall = RuleResult(
        rule="all",
        queries=n,
        precision_at_1=sum(hits1.values()) / n if n else 0.0,
        recall_at_10=sum(hits10.values()) / n if n else 0.0,
        not_applicable=sum(data.not_applicable.values()),
    )
    return NameEvalReport(len(gallery), len(data.identities), rules, overall)


def render(report: NameEvalReport) -> str:
    lines = [
        f"name-variant set: {report.identities} identities, gallery of {report.gallery_size} "
        "names (identities + distractors sharing their family names)",
        f"{'rule':14} {'queries':>7} {'P@1':>6} {'R@10':>6} {'n/a':>5}",
    ]
    for r in [*report.rules, report.overall]:
        lines.append(
            f"{r.rule:14} {r.queries:7d} {r.precision_at_1:6.3f} {r.recall_at_10:6.3f} "
            f"{r.not_applicable:5d}"
        )
    return "\n".join(lines)
