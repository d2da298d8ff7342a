"""FollowTheMoney export: Person, CourtCase, CourtCaseParty and the source Article, so that
OpenSanctions, yente and Aleph users can load tipwatch's data.

- One `Person` per tipwatch person (all name variants, country).
- One `CourtCase` per case report; topic `crime.traffick.human` only when an analyst accepted the
  case and a party's reported status is an adjudicated one (a conviction: `Outcome.CONVICTED`).
  Its charges: `category` the charge categories, `keywords` the statutes the article names
  ("IPC 370"), and a note pairing each category with its statute (`charges_note`).
- One `CourtCaseParty` per person and case (its id from both, so a person merged from two
  mentions of one case is one party): role `defendant`, `status` the legal statuses reported,
  latest first, `date` their dates, `sourceUrl` the article. This is where the status lives.
- One `Article` per source article, linked to the case by `Documentation`.

Alleged is not convicted: the Person gets the topic of its latest reported status from the
legal-status table (`StatusInfo.ftm_topic`: `crime.traffick.human` for convicted and sentenced,
`wanted` for wanted) only when that status comes from a case an analyst accepted; arrested,
charged and acquitted persons (and any status the table does not know) get no crime topic, their
status is on the CourtCaseParty. The latest status is `tipwatch.domain.person_status.latest_status`.

Unreviewed rows (exported only on request, `ExportRow.reviewed` false) never give a topic, and
their Person and CourtCase say so in `notes`, their CourtCaseParty in `summary`
(`UNREVIEWED_NOTE`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import TextIO

from followthemoney import model
from followthemoney.proxy import EntityProxy

from tipwatch.domain.legal_status import LEGAL_STATUSES, TRAFFICKING_TOPIC, Outcome, StatusTable
from tipwatch.domain.person_status import latest_status
from tipwatch.exports.rows import ExportRow

PREFIX = "tipwatch"
# The topic of every CourtCase: the case is about trafficking, whatever its outcome.
TOPIC = TRAFFICKING_TOPIC
UNREVIEWED_NOTE = (
    "Unreviewed machine extraction: no analyst has checked this against the source article."
)


def _entity(schema: str, *key: str) -> EntityProxy:
    e = model.make_entity(schema)
    e.make_id(PREFIX, schema, *key)
    return e


def _person_key(row: ExportRow) -> str:
    """The person a row is about: its tipwatch person, or the mention itself when unresolved."""
    return row.person_id or f"mention:{row.case_id}:{row.name}"


def status_sentence(status: str, status_date: date | None, source_url: str) -> str:
    """The status with its date and source, as every note of tipwatch's FtM entities gives it."""
    return (
        f"Latest status reported in local news: {status}"
        + (f" on {status_date.isoformat()}" if status_date else "")
        + f" ({source_url})"
    )


def person_note(row: ExportRow, *, table: StatusTable = LEGAL_STATUSES) -> str:
    """The Person's note: its latest status, dated and sourced, and which statuses are alleged."""
    return (
        status_sentence(row.status, row.status_date, row.source_url)
        + f". {table.alleged_phrase()} mean alleged."
    )


def charges_note(row: ExportRow) -> str | None:
    """The case's charges as the article reports them, each category with its statute."""
    if not row.charges:
        return None
    return "Charges reported in local news: " + "; ".join(
        f"{c.category} under {c.statute}" if c.statute else c.category for c in row.charges
    )


def entities(
    rows: Iterable[ExportRow], *, table: StatusTable = LEGAL_STATUSES
) -> Iterable[EntityProxy]:
    by_person: dict[str, list[ExportRow]] = defaultdict(list)
    by_case: dict[str, list[ExportRow]] = defaultdict(list)
    for row in rows:
        by_person[_person_key(row)].append(row)
        by_case[row.case_id].append(row)
    persons: dict[str, EntityProxy] = {}
    for person_key, prows in sorted(by_person.items()):
        p = _entity("Person", person_key)
        for r in prows:
            p.add("name", r.name)
            p.add("country", r.country)
            p.add("sourceUrl", r.source_url)
        # Export rows never come from rejected cases, so every person has a latest report.
        latest = latest_status(prows, table=table) or prows[0]
        topic = table.ftm_topic(latest.status)
        if topic is not None and latest.reviewed:
            p.add("topics", topic)
        p.add("notes", person_note(latest, table=table))
        if not all(r.reviewed for r in prows):
            p.add("notes", UNREVIEWED_NOTE)
        persons[person_key] = p
        yield p
    for case_id, crows in sorted(by_case.items()):
        first = crows[0]
        case = _entity("CourtCase", case_id)
        case.add("name", first.article_title or f"Case reported by {first.outlet}")
        case.add("country", first.country)
        for category in first.charge_categories:
            case.add("category", category)
        for charge in first.charges:
            case.add("keywords", charge.statute)
        case.add("notes", charges_note(first))
        if first.reviewed and any(table.outcome(r.status) is Outcome.CONVICTED for r in crows):
            case.add("topics", TOPIC)
        if not first.reviewed:
            case.add("notes", UNREVIEWED_NOTE)
        case.add("sourceUrl", first.source_url)
        case.add("fileDate", first.publish_date)
        case.add("publisher", first.outlet)
        yield case
        article = _entity("Article", first.source_url)
        article.add("title", first.article_title)
        article.add("sourceUrl", first.source_url)
        article.add("publisher", first.outlet)
        article.add("publishedAt", first.publish_date)
        yield article
        doc = _entity("Documentation", case_id, first.source_url)
        doc.add("document", article.id)
        doc.add("entity", case.id)
        yield doc
        parties: dict[str, list[ExportRow]] = defaultdict(list)
        for r in crows:
            parties[_person_key(r)].append(r)
        for person_key, party_rows in parties.items():
            person = persons[person_key]
            party = _entity("CourtCaseParty", case_id, person.id or "")
            party.add("party", person.id)
            party.add("case", case.id)
            party.add("role", "defendant")
            latest_first = sorted(
                party_rows,
                key=lambda r: table.report_key(r.status, r.status_date),
                reverse=True,
            )
            for r in latest_first:
                party.add("status", r.status)
                party.add("date", r.status_date)
                party.add("namesMentioned", r.name)
            party.add("sourceUrl", first.source_url)
            if not first.reviewed:
                party.add("summary", UNREVIEWED_NOTE)
            yield party


def write_ftm(
    rows: Iterable[ExportRow], out: TextIO, *, table: StatusTable = LEGAL_STATUSES
) -> int:
    n = 0
    for e in entities(rows, table=table):
        out.write(json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True))
        out.write("\n")
        n += 1
    return n
