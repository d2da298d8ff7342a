"""A case's charges with their statute: what `cases.charges` holds (migration 0021).

The NLP gives each charge its category, the statute when the text names one ("IPC 370",
"RA 9208") and the span of its wording. A case keeps them as `CaseCharge` JSON, the machine's
(`charges_from_extraction`, `charges_from_payload`) until a reviewer edits them
(`tipwatch.store.review.edit_case`, which keeps the evidence of a charge the reviewer kept).
`other` is allowed here (a statute outside the case categories, e.g. POCSO) though it is never
one of the case's `charge_categories`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from tipwatch.records import ChargeCategory, Extraction

# A statute as a reviewer types it: one line, printable, short ("IPC 370(4)", "RA 9208").
MAX_STATUTE = 120
Statute = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=MAX_STATUTE, pattern=r"^[^\x00-\x1f\x7f]+$"
    ),
]


class CaseCharge(BaseModel):
    """One charge of a case: category, statute (None when the text names none), evidence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    category: ChargeCategory
    statute: Statute | None = None
    evidence: list[tuple[int, int]] = Field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        """What makes two charges the same: category and statute (case-insensitive)."""
        return self.category.value, (self.statute or "").casefold()


def charge_json(charge: CaseCharge) -> dict[str, Any]:
    return {
        "category": charge.category.value,
        "statute": charge.statute,
        "evidence": [list(s) for s in charge.evidence],
    }


def unique_charges(charges: Iterable[CaseCharge]) -> list[CaseCharge]:
    """The charges in order, each (category, statute) once; evidence of repeats merged."""
    out: dict[tuple[str, str], CaseCharge] = {}
    for c in charges:
        seen = out.get(c.key)
        if seen is None:
            out[c.key] = c
        else:
            spans = sorted({*seen.evidence, *c.evidence})
            out[c.key] = seen.model_copy(update={"evidence": spans})
    return list(out.values())


def charges_from_extraction(extraction: Extraction) -> list[dict[str, Any]]:
    """The case's charges as the machine found them (stored on `CaseRow.charges`)."""
    return [
        charge_json(c)
        for c in unique_charges(
            CaseCharge(category=m.category, statute=m.statute, evidence=list(m.evidence))
            for m in extraction.charges
        )
    ]


def _span(raw: object) -> tuple[int, int] | None:
    if (
        isinstance(raw, list | tuple)
        and len(raw) == 2
        and all(isinstance(x, int) and not isinstance(x, bool) for x in raw)
        and 0 <= raw[0] <= raw[1]
    ):
        return raw[0], raw[1]
    return None


def parse_charges(raw: object) -> list[CaseCharge]:
    """Stored charges (`CaseRow.charges` or a payload's `charges`) as `CaseCharge`s. An entry
    that is not a charge (unknown category, malformed) raises ValueError: stored data is ours."""
    if not isinstance(raw, list):
        return []
    out = []
    for item in raw:
        if not isinstance(item, Mapping):
            raise ValueError(f"not a charge: {item!r}")
        spans = [s for s in (_span(x) for x in item.get("evidence") or []) if s is not None]
        out.append(
            CaseCharge(
                category=ChargeCategory(str(item.get("category"))),
                statute=(item.get("statute") or None),
                evidence=spans,
            )
        )
    return out


def charges_from_payload(payload: Mapping[str, Any]) -> list[CaseCharge]:
    """The machine's charges from an extraction's stored payload."""
    return unique_charges(parse_charges(payload.get("charges")))


def with_evidence(edited: Sequence[CaseCharge], known: Iterable[CaseCharge]) -> list[CaseCharge]:
    """The reviewer's charges, each with the evidence of the known charge it matches (same
    category and statute); a charge the reviewer added has none."""
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for c in known:
        if c.evidence:
            spans.setdefault(c.key, c.evidence)
    return [c.model_copy(update={"evidence": list(spans.get(c.key, []))}) for c in edited]
