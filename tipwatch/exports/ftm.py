"""FollowTheMoney export: Person, CourtCase, CourtCaseParty and the source Article, so that
OpenSanctions, yente and Aleph users can load tipwatch's data.

- One `Person` per tipwatch person (all name variants, country).
- One `CourtCase` per case report, topic `crime.traffick.human` (the case is about trafficking).
- One `CourtCaseParty` per mention: role `defendant`, `status` the legal status reported, `date`
  its date, `sourceUrl` the article. This is where the status lives.
- One `Article` per source article, linked to the case by `Documentation`.

Alleged is not convicted: the Person gets the topic `crime.traffick.human` only when its latest
reported status is convicted or sentenced, and `wanted` when it is wanted; arrested, charged and
acquitted persons get no crime topic, their status is on the CourtCaseParty.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import TextIO

from followthemoney import model
from followthemoney.proxy import EntityProxy

from tipwatch.exports.rows import ExportRow
from tipwatch.records import LegalStatus

PREFIX = "tipwatch"
TOPIC = "crime.traffick.human"
CONVICTED = {LegalStatus.CONVICTED.value, LegalStatus.SENTENCED.value}


def _entity(schema: str, *key: str) -> EntityProxy:
    e = model.make_entity(schema)
    e.make_id(PREFIX, schema, *key)
    return e


def _latest(rows: list[ExportRow]) -> ExportRow:
    def key(r: ExportRow) -> tuple[str, int]:
        return (r.status_date.isoformat() if r.status_date else "", LegalStatus(r.status).rank)

    return max(rows, key=key)


def entities(rows: Iterable[ExportRow]) -> Iterable[EntityProxy]:
    by_person: dict[str, list[ExportRow]] = defaultdict(list)
    by_case: dict[str, list[ExportRow]] = defaultdict(list)
    for row in rows:
        by_person[row.person_id or f"mention:{row.case_id}:{row.name}"].append(row)
        by_case[row.case_id].append(row)
    persons: dict[str, EntityProxy] = {}
    for person_key, prows in sorted(by_person.items()):
        p = _entity("Person", person_key)
        for r in prows:
            p.add("name", r.name)
            p.add("country", r.country)
            p.add("sourceUrl", r.source_url)
        latest = _latest(prows)
        if latest.status in CONVICTED:
            p.add("topics", TOPIC)
        elif latest.status == LegalStatus.WANTED.value:
            p.add("topics", "wanted")
        p.add(
            "notes",
            f"Latest status reported in local news: {latest.status}"
            + (f" on {latest.status_date.isoformat()}" if latest.status_date else "")
            + f" ({latest.source_url}). Wanted, arrested and charged mean alleged.",
        )
        persons[person_key] = p
        yield p
    for case_id, crows in sorted(by_case.items()):
        first = crows[0]
        case = _entity("CourtCase", case_id)
        case.add("name", first.article_title or f"Case reported by {first.outlet}")
        case.add("country", first.country)
        case.add("topics", TOPIC)
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
        for r in crows:
            person = persons[r.person_id or f"mention:{r.case_id}:{r.name}"]
            party = _entity("CourtCaseParty", case_id, person.id or "")
            party.add("party", person.id)
            party.add("case", case.id)
            party.add("role", "defendant")
            party.add("status", r.status)
            party.add("date", r.status_date)
            party.add("sourceUrl", r.source_url)
            party.add("namesMentioned", r.name)
            yield party


def write_ftm(rows: Iterable[ExportRow], out: TextIO) -> int:
    n = 0
    for e in entities(rows):
        out.write(json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True))
        out.write("\n")
        n += 1
    return n
