"""A statute whose category was only inferred stays with the case's charges, under the category
of the nearest charge the wording names (before, explicit wording dropped it and its statute
with it: "pleads guilty to trafficking children ... under Republic Act 9208" kept no statute)."""

from __future__ import annotations

from typing import Any

from tipwatch.nlp.components.base import ChargeHit
from tipwatch.nlp.components.charges import select_charges
from tipwatch.records import Article, ChargeCategory, Extraction, Skipped

C = ChargeCategory


def _hit(
    category: C, span: tuple[int, int], *, statute: str | None = None, inferred: bool = False
) -> ChargeHit:
    return ChargeHit(
        text="x", category=category, statute=statute, span=span, inferred=inferred, tier=3
    )


def test_inferred_statute_takes_the_nearest_named_category() -> None:
    hits = [
        _hit(C.CHILD_TRAFFICKING, (0, 20)),
        _hit(C.SEX_TRAFFICKING, (40, 60), statute="RA 9208", inferred=True),
        _hit(C.SEX_TRAFFICKING, (70, 90), inferred=True),  # no statute: dropped as before
        _hit(C.LABOUR_TRAFFICKING, (300, 320)),
        _hit(C.SEX_TRAFFICKING, (330, 340), statute="RA 10364", inferred=True),
    ]
    kept = select_charges(hits)
    assert [(h.category, h.statute, h.span) for h in kept] == [
        (C.CHILD_TRAFFICKING, None, (0, 20)),
        (C.CHILD_TRAFFICKING, "RA 9208", (40, 60)),
        (C.LABOUR_TRAFFICKING, None, (300, 320)),
        (C.LABOUR_TRAFFICKING, "RA 10364", (330, 340)),
    ]


def test_demo_child_trafficking_case_keeps_its_statutes(
    demo_results: list[tuple[dict[str, Any], Article | Skipped, Extraction | None]],
) -> None:
    (extraction,) = [
        e
        for entry, _a, e in demo_results
        if "moalboal" in entry["path"] and "german" in entry["path"]
    ]
    assert extraction is not None
    assert {c.category for c in extraction.charges} == {C.CHILD_TRAFFICKING}
    assert {c.statute for c in extraction.charges} == {None, "RA 9208", "RA 10364", "RA 11862"}
