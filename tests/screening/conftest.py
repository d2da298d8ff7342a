"""Screening fixtures: cases saved through the repository (so persons are resolved by the real
code) and accepted by an analyst (screening and exports serve reviewed cases by default;
`accepted=False` leaves one pending), and FollowTheMoney files written to tmp_path."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from tests.factories import make_article, make_extraction
from tipwatch.records import LegalStatus
from tipwatch.store.db import Store
from tipwatch.store.models import PerpetratorRow, SourceRow
from tipwatch.store.repository import save_article, save_extraction
from tipwatch.store.review import review_case


def add_case(
    store: Store,
    url: str,
    text: str,
    names: list[tuple[str, LegalStatus]],
    *,
    published: date,
    country: str = "IN",
    accepted: bool = True,
) -> str:
    article = make_article(url, text, country=country).model_copy(
        update={"publish_date": published}
    )
    extraction = make_extraction(text, names, country=country)
    with store.session() as s:
        if s.get(SourceRow, article.source_id) is None:
            s.add(
                SourceRow(
                    id=article.source_id,
                    name="Daily Test",
                    country=country,
                    languages=["en"],
                    homepage="https://example.org/",
                )
            )
            s.flush()
        row, _ = save_article(s, article, extraction)
        case_id = save_extraction(s, row, extraction)
        assert case_id is not None
        if accepted:
            review_case(s, case_id, decision="accepted", user="analyst")
    return case_id


def person_of(store: Store, name: str) -> str:
    with store.session() as s:
        pid = s.scalar(select(PerpetratorRow.person_id).where(PerpetratorRow.name == name))
    assert pid is not None
    return pid


def write_ftm(path: Path, entities: list[dict[str, object]], extra_lines: list[str]) -> Path:
    lines = [json.dumps(e) for e in entities] + extra_lines
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def person_entity(entity_id: str, names: list[str], **props: list[str]) -> dict[str, object]:
    return {
        "id": entity_id,
        "schema": "Person",
        "properties": {"name": names[:1], "alias": names[1:], **props},
    }
