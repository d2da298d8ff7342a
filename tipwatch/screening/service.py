"""Screening: ranked candidates for a name, from tipwatch's news-derived persons and from
imported lists, each hit with its dataset and - for tipwatch persons - the latest legal status
first (date and source articles), then the earlier stages.

Only reviewed facts by default: a tipwatch person is a hit through the cases an analyst accepted;
machine output nobody has checked yet (pending cases) counts only when the query asks for it
(`include_unreviewed`), and every hit says whether it rests on unreviewed facts (`reviewed`, and
each fact's `review_status`).

Never a label: a hit says what the cited articles reported (arrested, charged, convicted, ...)
and on which date, with the status's outcome from the legal-status table (alleged, convicted,
not convicted); `notice` repeats which statuses are alleged (read from the same table, which
`screen` takes as a keyword so that a status added to a copy is handled too).

Steps: blocking keys of the query -> subjects sharing at least one key (`name_keys`) -> current
names, status and suppression read from the store -> `name_score` on the best name variant ->
country and birth-year evidence -> rank. Every candidate scoring at least `cutoff` is returned,
best first, up to `limit`; `match` says whether it reaches `threshold`, and `features` why it
scored as it did (so a true match just under the threshold is still ranked, not dropped).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tipwatch.domain.legal_status import LEGAL_STATUSES, Outcome, StatusTable
from tipwatch.domain.person_status import latest_status
from tipwatch.domain.review_state import ReviewState
from tipwatch.screening.names import MATCH_THRESHOLD, best_variant, token_keys
from tipwatch.store.models import (
    DatasetRow,
    ExternalEntityRow,
    NameKeyRow,
    PerpetratorRow,
    PersonRow,
)
from tipwatch.store.name_keys import ENTITY, PERSON, stored_key
from tipwatch.store.person_timeline import Mention, person_timeline
from tipwatch.store.visibility import person_shown

TIPWATCH_DATASET = "tipwatch"


UNREVIEWED_LABEL = (
    "Includes unreviewed machine extraction: no analyst has checked these facts against the "
    "source articles yet."
)


def notice_for(table: StatusTable = LEGAL_STATUSES, *, include_unreviewed: bool = False) -> str:
    """The notice every result carries: which statuses are alleged, from the status table, and
    whether unreviewed machine output was asked for."""
    scope = (
        "This result was asked to include cases no analyst has reviewed yet: a hit whose "
        "`reviewed` is false rests on unchecked machine extraction. "
        if include_unreviewed
        else "Only cases an analyst has accepted are screened. "
    )
    return (
        "Statuses are facts reported by the cited news articles on the dates shown. "
        + scope
        + f"{table.alleged_phrase()} mean alleged: the person has not been convicted and is "
        "presumed innocent. Check the source articles before relying on a match."
    )


NOTICE = notice_for()
MAX_CANDIDATES = 500
CANDIDATE_ROWS = 50_000
KEY_WEIGHT_BASE = 1e7
COUNTRY_MISMATCH = 0.1
BIRTH_YEAR_MISMATCH = 0.15
BIRTH_YEAR_MATCH = 0.03


class StatusFact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    status: str
    outcome: Outcome = Field(
        description="alleged (presumed innocent), convicted or not_convicted, per the status"
    )
    date: date | None
    source_url: str
    article_title: str | None
    outlet: str | None
    review_status: str = Field(description="pending: not yet checked by an analyst")


class ScreeningQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=300)
    country: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$")
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    limit: int = Field(default=10, ge=1, le=50)
    threshold: float = Field(
        default=MATCH_THRESHOLD,
        ge=0.0,
        le=1.0,
        description="the score from which a hit is a match",
    )
    cutoff: float = Field(
        default=0.5, ge=0.0, le=1.0, description="the lowest score returned (ranked candidates)"
    )
    include_unreviewed: bool = Field(
        default=False,
        description="also screen cases no analyst has reviewed yet (machine output, labelled)",
    )


class ScreeningHit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    dataset: str
    subject_type: Literal["person", "entity"]
    subject_id: str
    caption: str
    score: float
    matched_name: str
    names: list[str]
    countries: list[str]
    latest_status: StatusFact | None = Field(
        description="tipwatch persons: the latest status reported, with date and source"
    )
    earlier_statuses: list[StatusFact]
    birth_dates: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    source_urls: list[str] = Field(default_factory=list)
    reviewed: bool = Field(
        default=True,
        description="every fact of the hit comes from a case an analyst accepted (imported "
        "lists: as published); false only when `include_unreviewed` was asked for",
    )
    label: str | None = Field(
        default=None, description="why the hit needs care: it includes unreviewed facts"
    )
    match: bool = Field(default=True, description="the score reaches the query's threshold")
    features: dict[str, float] = Field(
        default_factory=dict,
        description="name_match (best name agreement), country_disjoint, dob_year_match, "
        "dob_year_disjoint: what the score is made of",
    )


class ScreeningResult(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    query: ScreeningQuery
    hits: list[ScreeningHit]
    candidates_considered: int
    datasets: list[str]
    notice: str = NOTICE


def _fact(m: Mention, table: StatusTable) -> StatusFact:
    return StatusFact(
        status=m.status,
        outcome=table.outcome(m.status),
        date=m.status_date,
        source_url=m.source_url,
        article_title=m.article_title,
        outlet=m.outlet_name or m.outlet_id,
        review_status=m.review_status,
    )


def _candidates(session: Session, name: str) -> list[tuple[str, str]]:
    """Subjects sharing keys with the name, ranked by how rare the shared keys are.

    A key's weight is its rarity (log of a large constant over the number of subjects holding
    it), so a shared family name or a cross-script consonant key outweighs any number of keys of
    a common given name (Muhammad carries a dozen symbols): counting shared keys instead let 500
    "Muhammad Ahmad ..." push out the one "Mohd Qasimi" asked for. Every name part's rarest key
    is always read; further keys are read rarest first while the rows stay within
    CANDIDATE_ROWS. A subject's weight is, summed over the name's parts, the weight of the rarest
    key it shares with that part; the best MAX_CANDIDATES go on to be scored."""
    groups = [{stored_key(k) for k in g} for g in token_keys(name)]
    keys = sorted(set().union(*groups)) if groups else []
    if not keys:
        return []
    freq: dict[str, int] = {
        str(k): int(n)
        for k, n in session.execute(
            select(NameKeyRow.key, func.count())
            .where(NameKeyRow.key.in_(keys))
            .group_by(NameKeyRow.key)
        )
    }
    if not freq:
        return []
    chosen: set[str] = set()
    for group in groups:
        present = [k for k in group if k in freq]
        if present:
            chosen.add(min(present, key=lambda k: (freq[k], k)))
    rows_read = sum(freq[k] for k in chosen)
    for key in sorted(freq, key=lambda k: (freq[k], k)):
        if key in chosen:
            continue
        if rows_read + freq[key] > CANDIDATE_ROWS:
            break
        chosen.add(key)
        rows_read += freq[key]
    weight = {k: math.log(KEY_WEIGHT_BASE / freq[k]) for k in chosen}
    parts_of: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        for key in group & chosen:
            parts_of.setdefault(key, []).append(index)
    # Per subject and name part, the weight of the rarest key they share: a part counts once,
    # however many of its keys (form, skeleton, metaphone, symbols) match.
    best: dict[tuple[str, str], dict[int, float]] = {}
    for subject_type, subject_id, key in session.execute(
        select(NameKeyRow.subject_type, NameKeyRow.subject_id, NameKeyRow.key).where(
            NameKeyRow.key.in_(sorted(chosen))
        )
    ):
        parts = best.setdefault((str(subject_type), str(subject_id)), {})
        w = weight[str(key)]
        for index in parts_of[str(key)]:
            if w > parts.get(index, 0.0):
                parts[index] = w
    scores = {subject: sum(parts.values()) for subject, parts in best.items()}
    ranked = sorted(scores, key=lambda s: (-scores[s], s[1]))
    return ranked[:MAX_CANDIDATES]


def evidence(
    name_score: float, query: ScreeningQuery, countries: list[str], years: set[int]
) -> dict[str, float]:
    """The features of a candidate: its name agreement and the country and birth-year
    evidence (1.0 where it applies)."""
    features = {"name_match": round(name_score, 4)}
    if query.country and countries and query.country.lower() not in {c.lower() for c in countries}:
        features["country_disjoint"] = 1.0
    if query.birth_year is not None and years:
        close = any(abs(query.birth_year - y) <= 1 for y in years)
        features["dob_year_match" if close else "dob_year_disjoint"] = 1.0
    return features


def score_of(features: dict[str, float]) -> float:
    """The score the features make: the name agreement, less a country mismatch, less or plus
    the birth-year evidence, within 0..1."""
    score = (
        features["name_match"]
        - COUNTRY_MISMATCH * features.get("country_disjoint", 0.0)
        - BIRTH_YEAR_MISMATCH * features.get("dob_year_disjoint", 0.0)
        + BIRTH_YEAR_MATCH * features.get("dob_year_match", 0.0)
    )
    return round(max(0.0, min(1.0, score)), 4)


def _person_hit(
    session: Session, person_id: str, query: ScreeningQuery, table: StatusTable
) -> ScreeningHit | None:
    row = session.scalar(
        select(PersonRow).where(
            PersonRow.id == person_id, PersonRow.merged_into.is_(None), person_shown()
        )
    )
    if row is None:
        return None
    timeline = person_timeline(session, person_id, table=table)
    visible = [
        m
        for m in timeline.mentions
        if m.review_status == ReviewState.ACCEPTED or (query.include_unreviewed and not m.rejected)
    ]
    if not visible:
        return None
    names = sorted({m.name for m in visible} | {row.display_name})
    matched, name_score = best_variant(query.name, names)
    years: set[int] = set()
    countries = [row.country] if row.country else []
    features = evidence(name_score, query, countries, years)
    score = score_of(features)
    latest = latest_status(visible, table=table)
    reviewed = all(m.review_status == ReviewState.ACCEPTED for m in visible)
    return ScreeningHit(
        dataset=TIPWATCH_DATASET,
        subject_type="person",
        subject_id=person_id,
        caption=row.display_name,
        score=score,
        matched_name=matched,
        names=names,
        countries=countries,
        latest_status=_fact(latest, table) if latest is not None else None,
        earlier_statuses=[_fact(m, table) for m in visible if m is not latest],
        source_urls=sorted({m.source_url for m in visible}),
        reviewed=reviewed,
        label=None if reviewed else UNREVIEWED_LABEL,
        match=score >= query.threshold,
        features=features,
    )


def _entity_hit(session: Session, entity_id: str, query: ScreeningQuery) -> ScreeningHit | None:
    row = session.get(ExternalEntityRow, entity_id)
    if row is None:
        return None
    names = [str(n) for n in row.names]
    matched, name_score = best_variant(query.name, names)
    years = {int(d[:4]) for d in row.birth_dates if str(d)[:4].isdigit()}
    countries = [str(c) for c in row.countries]
    features = evidence(name_score, query, countries, years)
    score = score_of(features)
    props = row.properties or {}
    return ScreeningHit(
        dataset=row.dataset,
        subject_type="entity",
        subject_id=row.id,
        caption=row.caption,
        score=score,
        matched_name=matched,
        names=names,
        countries=countries,
        latest_status=None,
        earlier_statuses=[],
        birth_dates=[str(d) for d in row.birth_dates],
        topics=[str(t) for t in row.topics],
        source_urls=[str(u) for u in props.get("sourceUrl", [])][:10],
        match=score >= query.threshold,
        features=features,
    )


def _prescore(
    session: Session, query: ScreeningQuery, candidates: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Candidates whose best name could reach the cutoff (names read in bulk), best first;
    country and birth year can add at most BIRTH_YEAR_MATCH, so that is the margin."""
    person_ids = [i for t, i in candidates if t == PERSON]
    entity_ids = [i for t, i in candidates if t == ENTITY]
    names: dict[tuple[str, str], set[str]] = {}
    if person_ids:
        for pid, name in session.execute(
            select(PerpetratorRow.person_id, PerpetratorRow.name)
            .where(PerpetratorRow.person_id.in_(person_ids))
            .distinct()
        ):
            if pid:
                names.setdefault((PERSON, pid), set()).add(name)
        for pid, display in session.execute(
            select(PersonRow.id, PersonRow.display_name).where(PersonRow.id.in_(person_ids))
        ):
            names.setdefault((PERSON, pid), set()).add(display)
    if entity_ids:
        for eid, entity_names in session.execute(
            select(ExternalEntityRow.id, ExternalEntityRow.names).where(
                ExternalEntityRow.id.in_(entity_ids)
            )
        ):
            names[(ENTITY, eid)] = {str(n) for n in entity_names}
    floor = min(query.cutoff, query.threshold) - BIRTH_YEAR_MATCH
    scored = []
    for subject, subject_names in names.items():
        _, score = best_variant(query.name, sorted(subject_names))
        if score >= floor:
            scored.append((score, subject))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [subject for _, subject in scored]


def screen(
    session: Session, query: ScreeningQuery, *, table: StatusTable = LEGAL_STATUSES
) -> ScreeningResult:
    candidates = _candidates(session, query.name)
    hits: list[ScreeningHit] = []
    for subject_type, subject_id in _prescore(session, query, candidates)[: query.limit * 5]:
        if subject_type == PERSON:
            hit = _person_hit(session, subject_id, query, table)
        elif subject_type == ENTITY:
            hit = _entity_hit(session, subject_id, query)
        else:
            hit = None
        if hit is not None and hit.score >= min(query.cutoff, query.threshold):
            hits.append(hit)
    hits.sort(key=lambda h: (-h.score, h.dataset != TIPWATCH_DATASET, h.subject_id))
    datasets = [
        TIPWATCH_DATASET,
        *session.scalars(select(DatasetRow.name).order_by(DatasetRow.name)),
    ]
    return ScreeningResult(
        query=query,
        hits=hits[: query.limit],
        candidates_considered=len(candidates),
        datasets=datasets,
        notice=notice_for(table, include_unreviewed=query.include_unreviewed),
    )
