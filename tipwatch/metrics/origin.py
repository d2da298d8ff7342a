"""Origin vs reporting: perpetrators' nationality against the country of the case and the
country of publication.

A country that is both the top "origin" and the top "reporting" country may simply have the most
monitored press (the report behind tipwatch makes this point about India): reading the matrix
next to the effort metrics keeps the two apart. Definitions and caveats: docs/metrics-effort.md.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from tipwatch.metrics.effort import UNKNOWN, PerpetratorFact, load_perpetrators, normalise_name


class OriginCell(BaseModel):
    """Distinct perpetrators with this nationality, in cases of this country, reported by
    outlets of this publication country ("unknown" where the nationality or case country was
    not extracted)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nationality: str
    case_country: str
    publication_country: str
    perpetrators: int


def origin_matrix(perpetrators: Iterable[PerpetratorFact]) -> list[OriginCell]:
    """Count distinct perpetrators per (nationality, case country, publication country).

    A person is a normalised name within a case country; the same person reported by outlets in
    two countries counts once in each publication country's cell. A person whose nationality is
    known in one report and missing in another counts under both the known nationality and
    "unknown". Sorted by count descending, then by the three keys.
    """
    cells: dict[tuple[str, str, str], set[str]] = {}
    for p in perpetrators:
        key = (p.nationality or UNKNOWN, p.case_country or UNKNOWN, p.publication_country)
        cells.setdefault(key, set()).add(normalise_name(p.name))
    out = [
        OriginCell(nationality=n, case_country=c, publication_country=pub, perpetrators=len(v))
        for (n, c, pub), v in cells.items()
    ]
    return sorted(
        out,
        key=lambda x: (-x.perpetrators, x.nationality, x.case_country, x.publication_country),
    )


def origin_vs_reporting(session: Session) -> list[OriginCell]:
    return origin_matrix(load_perpetrators(session))


class NationalityCoverage(BaseModel):
    """How many of the distinct people in the origin matrix have a known nationality: stated as
    text beside the matrix instead of plotting "unknown" as if it were a country."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    people: int  # distinct normalised names within a case country
    nationality_known: int  # of them, with a nationality in at least one report
    case_country_unknown: int  # of them, in cases without an extracted jurisdiction

    @property
    def nationality_unknown(self) -> int:
        return self.people - self.nationality_known

    def sentence(self) -> str:
        if not self.people:
            return "no named perpetrator"
        share = self.nationality_unknown / self.people
        text = (
            f"nationality unknown for {self.nationality_unknown} of {self.people} "
            f"{'person' if self.people == 1 else 'people'} ({share:.0%})"
        )
        if self.case_country_unknown:
            text += f"; case country unknown for {self.case_country_unknown}"
        return text


def nationality_coverage(perpetrators: Iterable[PerpetratorFact]) -> NationalityCoverage:
    known: dict[tuple[str, str], bool] = {}
    for p in perpetrators:
        key = (normalise_name(p.name), p.case_country or UNKNOWN)
        known[key] = known.get(key, False) or bool(p.nationality)
    return NationalityCoverage(
        people=len(known),
        nationality_known=sum(known.values()),
        case_country_unknown=sum(1 for _, c in known if c == UNKNOWN),
    )
