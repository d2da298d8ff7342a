"""Precision@1 and recall@10 of name matching on the generated name-variant set.

A query counts for precision@1 only when its identity scores strictly above every other entry
(a tie with a distractor is a miss: a screener cannot tell them apart).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from tipwatch.screening.evalset import EvalSet, generate
from tipwatch.screening.gallery import NameGallery
from tipwatch.screening.names import MATCH_THRESHOLD
from tipwatch.screening.realset import RealQuery, RealSet, build


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


@dataclass(frozen=True)
class RealRow:
    """One row of the real-pairs report: mate queries (recall@1, recall@10, true match at the
    threshold) and non-mate queries (false match: any other person at or above the threshold)."""

    group: str
    mates: int
    recall_at_1: float
    recall_at_10: float
    true_match: float
    non_mates: int
    false_match: float


@dataclass(frozen=True)
class RealEvalReport:
    split: str
    threshold: float
    gallery_size: int
    persons: int
    rows: list[RealRow]
    skipped: dict[str, int]
    fingerprint: str
    path: str = "in-memory gallery, every candidate ranked"


# A query's outcome: (first, in the top 10, true match at the threshold) for a mate; for a
# non-mate the last item says whether anyone reached the threshold (None for mates).
Outcome = tuple[bool, bool, bool, bool | None]


def _row(group: str, outcomes: list[Outcome]) -> RealRow:
    mates = [o for o in outcomes if o[3] is None]
    non = [o for o in outcomes if o[3] is not None]
    m = len(mates)
    return RealRow(
        group=group,
        mates=m,
        recall_at_1=sum(o[0] for o in mates) / m if m else 0.0,
        recall_at_10=sum(o[1] for o in mates) / m if m else 0.0,
        true_match=sum(o[2] for o in mates) / m if m else 0.0,
        non_mates=len(non),
        false_match=sum(bool(o[3]) for o in non) / len(non) if non else 0.0,
    )


def _outcome(q: RealQuery, ranked: list[tuple[str, float]], threshold: float) -> Outcome:
    """One query's ranked (id, score) answers judged: a mate is first only strictly above the
    runner-up; a non-mate is a false match when anyone reaches the threshold."""
    if q.expected is None:
        return (False, False, False, any(score >= threshold for _, score in ranked))
    ids = [i for i, _ in ranked]
    runner_up = ranked[1][1] if len(ranked) > 1 else -1.0
    first = bool(ranked) and ranked[0][0] == q.expected and ranked[0][1] > runner_up
    true_match = any(i == q.expected and score >= threshold for i, score in ranked)
    return (first, q.expected in ids, true_match, None)


def _report(
    data: RealSet,
    split: str,
    threshold: float,
    rank: Callable[[str], list[tuple[str, float]]],
    path: str,
) -> RealEvalReport:
    """Every query of the split ranked by `rank` (name -> best (person id, score) first) and
    judged, in groups: all, by kind of variant and by name culture."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for q in data.queries:
        if split != "all" and q.split != split:
            continue
        outcome = _outcome(q, rank(q.text), threshold)
        for group in ("all", f"kind:{q.kind}", f"culture:{q.culture}"):
            groups[group].append(outcome)
    return RealEvalReport(
        split=split,
        threshold=threshold,
        gallery_size=len(data.gallery),
        persons=data.persons,
        rows=[_row(g, groups[g]) for g in sorted(groups, key=lambda g: (g != "all", g))],
        skipped=dict(data.skipped),
        fingerprint=data.fingerprint,
        path=path,
    )


def evaluate_real(split: str = "test", threshold: float = MATCH_THRESHOLD) -> RealEvalReport:
    """Recall and false matches on real name pairs (`tipwatch.screening.realset`), by kind of
    variant (scripts included) and by name culture, for one split (`dev`, `test` or `all`)."""
    data = build()
    gallery = NameGallery()
    for pid, name in data.gallery.items():
        gallery.add(pid, name)

    def rank(name: str) -> list[tuple[str, float]]:
        return [(r.entry_id, r.score) for r in gallery.search(name, limit=10)]

    return _report(data, split, threshold, rank, "in-memory gallery, every candidate ranked")


def render_real(report: RealEvalReport) -> str:
    lines = [
        f"real name pairs ({report.split} split, {report.path}): {report.persons} persons from "
        "EveryPolitician, "
        f"gallery of {report.gallery_size}, threshold {report.threshold}",
        f"{'group':32} {'mates':>6} {'R@1':>6} {'R@10':>6} {'match':>6} {'non':>5} {'false':>6}",
    ]
    for r in report.rows:
        lines.append(
            f"{r.group:32} {r.mates:6d} {r.recall_at_1:6.3f} {r.recall_at_10:6.3f} "
            f"{r.true_match:6.3f} {r.non_mates:5d} {r.false_match:6.3f}"
        )
    if report.skipped:
        lines.append("skipped: " + ", ".join(f"{k} {v}" for k, v in sorted(report.skipped.items())))
    lines.append(f"set fingerprint {report.fingerprint[:16]}")
    return "\n".join(lines)


def evaluate_real_service(
    split: str = "test", threshold: float = MATCH_THRESHOLD, cutoff: float = 0.5
) -> RealEvalReport:
    """The same real-pair evaluation through the store-backed screening service, as the API
    answers: the gallery imported as a FollowTheMoney list into a temporary SQLite store,
    candidates found by the stored keys (rarity-ranked, capped) and hits from `cutoff` up."""
    import json
    import tempfile
    from pathlib import Path

    from tipwatch.screening.ftm_import import import_ftm
    from tipwatch.screening.service import ScreeningQuery, screen
    from tipwatch.store.db import Store

    data = build()
    with tempfile.TemporaryDirectory(prefix="tipwatch-eval-names-") as tmp:
        path = Path(tmp) / "gallery.ftm.json"
        entity_of: dict[str, str] = {}
        with path.open("w", encoding="utf-8") as fh:
            for n, (pid, name) in enumerate(sorted(data.gallery.items())):
                entity_of[f"realset:p{n}"] = pid
                record = {"id": f"p{n}", "schema": "Person", "properties": {"name": [name]}}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        store = Store(f"sqlite:///{tmp}/eval.db")
        try:
            with store.session() as s:
                import_ftm(s, path, dataset="realset")
            with store.session() as s:

                def rank(name: str) -> list[tuple[str, float]]:
                    query = ScreeningQuery(
                        name=name[:300], threshold=threshold, cutoff=cutoff, limit=10
                    )
                    return [(entity_of[h.subject_id], h.score) for h in screen(s, query).hits]

                return _report(
                    data,
                    split,
                    threshold,
                    rank,
                    f"through the screening service, hits from cutoff {cutoff}",
                )
        finally:
            store.dispose()
