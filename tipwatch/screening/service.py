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

Steps: blocking keys of the query (each part's, and each pair of neighbouring parts' as one
word) -> subjects sharing at least one key (`name_keys`) -> current names, status and
suppression read from the store -> `name_score` on the best name variant, the query's parts
weighed by how common they are among the subjects (`commonness`) ->
country and birth-year evidence -> rank. Every candidate scoring at least `cutoff` is returned,
best first, up to `limit`; `match` says whether it reaches `threshold`, and `features` why it
scored as it did (so a true match just under the threshold is still ranked, not dropped).
"""

from __future__ import annotations

import functools
import math
import time
from datetime import date
from typing import Any, Literal, NamedTuple

import orjson
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Text, TextClause, cast, func, select, text
from sqlalchemy.orm import Session

from tipwatch.domain.legal_status import LEGAL_STATUSES, Outcome, StatusTable
from tipwatch.domain.person_status import latest_status
from tipwatch.domain.review_state import ReviewState
from tipwatch.screening.names import (
    MATCH_THRESHOLD,
    SCORE_ROUNDING,
    AnalysedName,
    QueryScorer,
    analyse,
    best_variant,
    commonness,
    query_keys,
    stored_analyses,
)
from tipwatch.screening.postings import POSTINGS_INFO, DatasetPostings, PostingsCache, weigh
from tipwatch.store.models import (
    DatasetRow,
    ExternalEntityRow,
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
COUNT_CAP = CANDIDATE_ROWS + 1
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


def _key_counts(session: Session, keys: list[str], *, persons_only: bool = False) -> dict[str, int]:
    """How many subjects hold each key, counted up to COUNT_CAP (a key held more often than
    that is read as COUNT_CAP: too common to choose candidates by, whatever its exact count).
    Keys nobody holds are left out. One statement; each count reads at most COUNT_CAP index
    entries. `persons_only`: tipwatch's persons alone (imported lists counted from postings)."""
    params: dict[str, object] = {"cap": COUNT_CAP}
    for i, key in enumerate(keys):
        params[f"k{i}"] = key
    rows = session.execute(_counts_statement(len(keys), persons_only), params)
    return {str(k): int(n) for k, n in rows if n}


# Screening's statements differ only in how many keys they bind (and the weighing's, in the
# query's parts): each is built once per shape
# (SQLAlchemy parses a text statement's parameters anew each time it is made).
@functools.lru_cache(maxsize=256)
def _counts_statement(size: int, persons_only: bool) -> TextClause:
    only = f" AND subject_type = '{PERSON}'" if persons_only else ""
    return text(
        " UNION ALL ".join(
            f"SELECT :k{i} AS k, (SELECT count(*) FROM (SELECT 1 FROM name_keys "
            f"WHERE key = :k{i}{only} LIMIT :cap) AS c{i}) AS n"
            for i in range(size)
        )
    )


def _postings(session: Session) -> list[DatasetPostings] | None:
    """The imported lists' postings when every list has current ones (`postings.py`), else
    None: candidates are then weighed by SQL alone."""
    cache = session.info.get(POSTINGS_INFO)
    if not isinstance(cache, PostingsCache):
        return None
    ready, missing = cache.for_datasets(session)
    return None if missing else ready


# Where an imported entity's names can be read without the table: its list's postings and its
# number there (`DatasetPostings.records_of`).
Located = dict[str, tuple[DatasetPostings, int]]


def _candidates(
    session: Session, name: str
) -> tuple[list[tuple[str, str]], dict[str, int], Located]:
    """Subjects sharing keys with the name, ranked by how rare the shared keys are.

    A key's weight is its rarity (log of a large constant over the number of subjects holding
    it), so a shared family name or a cross-script consonant key outweighs any number of keys of
    a common given name (Muhammad carries a dozen symbols): counting shared keys instead let 500
    "Muhammad Ahmad ..." push out the one "Mohd Qasimi" asked for. Every name part's rarest key
    is always read; further keys are read rarest first while the rows stay within
    CANDIDATE_ROWS. A subject's weight is, summed over the name's parts, the weight of the rarest
    key it shares with that part; the best MAX_CANDIDATES go on to be scored. The weighing and
    ranking run in the database (one grouped query over the covering index of `name_keys`), so
    only the MAX_CANDIDATES rows come back, however many subjects share a common key. Also
    returns how many subjects hold each of the name's keys, and where the candidates weighed
    on postings can have their names read."""
    groups = [{stored_key(k) for k in g} for g in query_keys(name)]
    keys = sorted(set().union(*groups)) if groups else []
    located: Located = {}
    if not keys:
        return [], {}, located
    lists = _postings(session)
    freq = _key_counts(session, keys, persons_only=lists is not None)
    # With postings, the table holds only tipwatch's persons: none holds a key, none to weigh.
    persons_hold = bool(freq)
    for postings in lists or []:
        for key in keys:
            held = postings.count(key)
            if held:
                freq[key] = min(COUNT_CAP, freq.get(key, 0) + held)
    if not freq:
        return [], freq, located
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
    entries = [
        (index, key, math.log(KEY_WEIGHT_BASE / freq[key]))
        for index, group in enumerate(groups)
        for key in sorted(group & chosen)
    ]
    weighed = (
        _weighed(session, entries, persons_only=lists is not None)
        if lists is None or persons_hold
        else []
    )
    for postings in lists or []:
        for weight, subject, number in weigh(postings, entries, MAX_CANDIDATES):
            weighed.append((weight, ENTITY, subject))
            located[subject] = (postings, number)
    weighed.sort(key=lambda c: (-c[0], c[2]))
    return [(t, i) for _, t, i in weighed[:MAX_CANDIDATES]], freq, located


def _weighed(
    session: Session, entries: list[tuple[int, str, float]], *, persons_only: bool
) -> list[tuple[float, str, str]]:
    """The best MAX_CANDIDATES subjects by SQL, with their weight: per subject and name part,
    the weight of the rarest key they share (a part counts once, however many of its keys
    match: form, skeleton, metaphone, symbols), summed over parts."""
    params: dict[str, object] = {"limit": MAX_CANDIDATES}
    for n, (_, key, weight) in enumerate(entries):
        params[f"k{n}"] = key
        params[f"w{n}"] = weight
    statement = _weighed_statement(tuple(index for index, _, _ in entries), persons_only)
    return [(float(w), str(t), str(i)) for t, i, w in session.execute(statement, params)]


@functools.lru_cache(maxsize=256)
def _weighed_statement(parts: tuple[int, ...], persons_only: bool) -> TextClause:
    # The parts' numbers are written in, not bound: a bound VALUES column has no type in
    # PostgreSQL until the first row's parameter gives it one.
    values = ", ".join(f"(:k{n}, {part}, :w{n})" for n, part in enumerate(parts))
    only = f" AND n.subject_type = '{PERSON}'" if persons_only else ""
    return text(
        f"WITH q(k, part, w) AS (VALUES {values}) "
        "SELECT subject_type, subject_id, SUM(w) AS weight FROM ("
        "SELECT n.subject_type, n.subject_id, q.part, MAX(q.w) AS w "
        f"FROM q JOIN name_keys AS n ON n.key = q.k{only} "
        "GROUP BY n.subject_type, n.subject_id, q.part) AS per_part "
        "GROUP BY subject_type, subject_id ORDER BY weight DESC, subject_id LIMIT :limit"
    )


# Subjects screened against (persons and imported entities), counted at most once a minute per
# database: a name part's commonness is its share of them (`commonness`), and a count at a
# million entities takes ~40 ms.
SUBJECTS_TTL_S = 60.0
_subjects_seen: dict[str, tuple[float, int]] = {}


def _subjects(session: Session) -> int:
    bind = str(session.connection().engine.url)
    now = time.monotonic()
    seen = _subjects_seen.get(bind)
    if seen is not None and now - seen[0] < SUBJECTS_TTL_S:
        return seen[1]
    persons = session.scalar(
        select(func.count()).select_from(PersonRow).where(PersonRow.merged_into.is_(None))
    )
    entities = session.scalar(select(func.count()).select_from(ExternalEntityRow))
    total = int(persons or 0) + int(entities or 0)
    _subjects_seen[bind] = (now, total)
    return total


def _common(session: Session, query: AnalysedName, freq: dict[str, int]) -> dict[str, float]:
    """How common the query's name parts are among the subjects screened against."""
    counts = {t.form: freq.get(stored_key("t:" + t.form), 0) for t in query.tokens}
    if not any(counts.values()):
        return {}
    return commonness(counts, _subjects(session))


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
    session: Session,
    person_id: str,
    query: ScreeningQuery,
    table: StatusTable,
    common: dict[str, float],
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
    matched, name_score = best_variant(query.name, names, common)
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


class _EntityFacts(NamedTuple):
    """What a hit shows of an imported entity (`_entity_rows`)."""

    id: str
    dataset: str
    caption: str
    names: list[Any]
    countries: list[Any]
    birth_dates: list[Any]
    topics: list[Any]
    properties: dict[str, Any]


def _entity_hit(
    row: _EntityFacts, query: ScreeningQuery, matched: str, name_score: float
) -> ScreeningHit:
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
        names=[str(n) for n in row.names],
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
    session: Session,
    query: ScreeningQuery,
    candidates: list[tuple[str, str]],
    common: dict[str, float],
    keep: int,
    located: Located,
) -> list[tuple[float, tuple[str, str], str]]:
    """The candidates that could be among the `keep` best hits and reach the cutoff, best
    first, with their best name and its score (names read in bulk; imported entities' names as
    analysed at import). Only those are scored in full (`QueryScorer.rank`); the caller adjusts
    the scores by country and birth year and cuts the list."""
    person_ids = [i for t, i in candidates if t == PERSON]
    entity_ids = [i for t, i in candidates if t == ENTITY]
    analysed: dict[tuple[str, str], list[AnalysedName]] = {}
    if person_ids:
        names: dict[str, set[str]] = {}
        for pid, name in session.execute(
            select(PerpetratorRow.person_id, PerpetratorRow.name)
            .where(PerpetratorRow.person_id.in_(person_ids))
            .distinct()
        ):
            if pid:
                names.setdefault(pid, set()).add(name)
        for pid, display in session.execute(
            select(PersonRow.id, PersonRow.display_name).where(PersonRow.id.in_(person_ids))
        ):
            names.setdefault(pid, set()).add(display)
        for pid, person_names in names.items():
            analysed[(PERSON, pid)] = [analyse(n) for n in sorted(person_names)]
    # An imported entity's analysed names: from its list's postings when they hold it (a
    # memory map and the list's token table), read list by list, else read from the table.
    to_read = []
    by_list: dict[int, tuple[DatasetPostings, list[str], list[int]]] = {}
    for eid in entity_ids:
        where = located.get(eid)
        if where is None:
            to_read.append(eid)
            continue
        postings, number = where
        _, ids, numbers = by_list.setdefault(id(postings), (postings, [], []))
        ids.append(eid)
        numbers.append(number)
    for postings, ids, numbers in by_list.values():
        for eid, held in zip(ids, postings.analyses_of(numbers), strict=True):
            analysed[(ENTITY, eid)] = held
    if to_read:
        # Read as text and parsed with orjson: names and analyses hold only strings, lists and
        # small integers, and orjson reads them several times faster than the JSON type would.
        for eid, entity_names, stored in session.execute(
            select(
                ExternalEntityRow.id,
                cast(ExternalEntityRow.names, Text),
                cast(ExternalEntityRow.analysis, Text),
            ).where(ExternalEntityRow.id.in_(to_read))
        ):
            analysed[(ENTITY, eid)] = stored_analyses(
                orjson.loads(entity_names), orjson.loads(stored) if stored else None
            )
    # A hit's score is the name's, moved by the country and birth-year evidence within
    # [-loss, +gain], and rounded (`score_of`); a person's name is scored again over the names
    # the reader may see, and the person may not be shown at all. So only imported entities
    # make the `keep`-th best, and persons and entities are scored in full while they could
    # still reach it. When nothing moves a score, `screen` puts persons first among equal
    # scores and entities by id, the order `QueryScorer.rank` then cuts ties in.
    gain = BIRTH_YEAR_MATCH + SCORE_ROUNDING if query.birth_year is not None else 0.0
    loss = (COUNTRY_MISMATCH if query.country else 0.0) + (
        BIRTH_YEAR_MISMATCH if query.birth_year is not None else 0.0
    )
    floor = min(query.cutoff, query.threshold) - BIRTH_YEAR_MATCH
    scorer = QueryScorer(analyse(query.name), common)
    return scorer.rank(
        analysed.items(), floor=floor, keep=keep, counted=_is_entity, gain=gain, loss=loss
    )


def _is_entity(subject: tuple[str, str]) -> bool:
    return subject[0] == ENTITY


def _entity_rows(session: Session, ids: list[str]) -> dict[str, _EntityFacts]:
    """The entities' facts a hit shows, read as text and parsed with orjson (the JSON type's
    reader took a tenth of a request at 1M people)."""
    if not ids:
        return {}
    e = ExternalEntityRow
    rows = session.execute(
        select(
            e.id,
            e.dataset,
            e.caption,
            cast(e.names, Text),
            cast(e.countries, Text),
            cast(e.birth_dates, Text),
            cast(e.topics, Text),
            cast(e.properties, Text),
        ).where(e.id.in_(ids))
    )
    loads = orjson.loads
    return {
        str(eid): _EntityFacts(
            str(eid),
            str(dataset),
            str(caption),
            loads(names) if names else [],
            loads(countries) if countries else [],
            loads(births) if births else [],
            loads(topics) if topics else [],
            loads(props) if props else {},
        )
        for eid, dataset, caption, names, countries, births, topics, props in rows
    }


def screen(
    session: Session, query: ScreeningQuery, *, table: StatusTable = LEGAL_STATUSES
) -> ScreeningResult:
    candidates, freq, located = _candidates(session, query.name)
    common = _common(session, analyse(query.name), freq) if candidates else {}
    hits: list[ScreeningHit] = []
    best = _prescore(session, query, candidates, common, query.limit, located)
    rows = _entity_rows(session, [i for _, (t, i), _ in best if t == ENTITY])
    for name_match, (subject_type, subject_id), matched in best:
        hit: ScreeningHit | None = None
        if subject_type == PERSON:
            hit = _person_hit(session, subject_id, query, table, common)
        elif subject_type == ENTITY and subject_id in rows:
            hit = _entity_hit(rows[subject_id], query, matched, name_match)
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
