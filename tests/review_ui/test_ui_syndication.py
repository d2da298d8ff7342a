"""The review queue and the case page with syndicated copies and dated statuses: one queue row
per wire story listing the copies' outlets, accepting it from the queue accepts the copies
(audited), the case page lists the copies and says where each status date comes from; a low
band lists candidates, linked to their article page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tipwatch.records import Article, Extraction, Jurisdiction, content_hash
from tipwatch.store.db import Store
from tipwatch.store.models import CaseRow, PerpetratorRow, SourceRow
from tipwatch.store.repository import save_article, save_extraction
from tipwatch.store.review import audit_trail

BODY = (
    "Police in Lagos arrested Ada Obi on Monday after a raid on a hotel in Ikeja, where officers "
    "found six young women from Benin who said they had been promised work as hairdressers. Obi "
    "was charged with sex trafficking and remanded in custody, a NAPTIP spokesman told reporters."
)


@pytest.fixture
def reviewer(
    client: TestClient, add_user: Callable[..., str], login: Callable[..., str]
) -> TestClient:
    add_user("rita", "reviewer")
    login("rita")
    return client


ROW_RE = re.compile(r'<tr class="queue-row[^"]*" id="(case|candidate)-([0-9a-f]+)"')


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def _wire_story(add_case: Callable[..., str]) -> tuple[str, str, str]:
    primary = add_case(
        title="Hotel raid: woman held for trafficking",
        text="LAGOS, May 6 (NAN) - " + BODY,
        source_id="lagos-daily",
        syndicated=True,
    )
    copy = add_case(
        title="NAPTIP arrests suspected trafficker in Ikeja",
        text=BODY + "\n(NAN)",
        source_id="accra-times",
        pub_country="GH",
        syndicated=True,
    )
    other = add_case(title="Another story")
    return primary, copy, other


def test_the_queue_lists_a_wire_story_once_with_its_outlets(
    reviewer: TestClient, add_case: Callable[..., str], store: Store
) -> None:
    primary, copy, other = _wire_story(add_case)
    html = reviewer.get("/").text
    rows = ROW_RE.findall(html)
    assert sorted(rows) == sorted([("case", primary), ("case", other)])
    row = html[html.index(f'id="case-{primary}"') :]
    row = row[: row.index("</tr>")]
    assert "also in: <code>accra-times</code> (1 copy)" in row

    # accept from the queue's row: the copy is accepted too, with its own audit row
    r = reviewer.post(
        f"/cases/{primary}/review",
        data={"decision": "accepted", "csrf_token": _csrf(html), "next": "/"},
    )
    assert r.status_code == 303
    with store.session() as s:
        assert s.get_one(CaseRow, copy).review_status == "accepted"
        trail = audit_trail(s, copy)
        assert [(a.action, a.actor, a.reason) for a in trail] == [
            ("accept", "rita", f"syndicated copy of {primary}")
        ]


def test_the_case_page_lists_the_copies_and_the_copy_links_back(
    reviewer: TestClient, add_case: Callable[..., str]
) -> None:
    primary, copy, _ = _wire_story(add_case)
    html = reviewer.get(f"/cases/{primary}").text
    section = html[html.index('<section class="syndication">') :]
    section = section[: section.index("</section>")]
    assert "<code>accra-times</code>" in section
    assert "2024-05-06" in section
    assert f'href="/cases/{copy}"' in section
    back = reviewer.get(f"/cases/{copy}").text
    assert f'class="primary-link" href="/cases/{primary}"' in back
    assert "reviewed with it" in back


def test_the_case_page_says_where_the_status_date_comes_from(
    reviewer: TestClient, store: Store
) -> None:
    text = "Kwame Mensah was sentenced on Tuesday to 12 years for trafficking girls to Europe."
    start = text.index("Kwame Mensah")
    when = text.index("Tuesday")
    article = Article(
        canonical_url="https://news.example/mensah",
        url="https://news.example/mensah",
        title="Trafficker jailed",
        text=text,
        publish_date=date(2025, 3, 20),
        language="en",
        source_id="lagos-daily",
        country_of_publication="GH",
        content_hash=content_hash(text),
        fetched_at=datetime(2025, 3, 20, tzinfo=UTC),
    )
    ext = Extraction.model_validate(
        {
            "source": "test",
            "language": "en",
            "is_case": True,
            "case_score": 0.9,
            "perpetrators": [
                {
                    "name": "Kwame Mensah",
                    "status": "sentenced",
                    "evidence": [(start, start + 12)],
                    "status_date": "2025-03-18",
                    "status_date_evidence": (when, when + 7),
                }
            ],
            "jurisdiction": Jurisdiction(country="GH").model_dump(),
        }
    )
    with store.session() as s:
        s.add(
            SourceRow(
                id="lagos-daily",
                name="x",
                country="NG",
                languages=["en"],
                homepage="https://news.example/",
            )
        )
        s.flush()
        row, _ = save_article(s, article, ext)
        case_id = save_extraction(s, row, ext)
        assert case_id is not None
        perp = s.scalars(select(PerpetratorRow).where(PerpetratorRow.case_id == case_id)).one()
        assert (perp.status_date, perp.status_date_source) == (date(2025, 3, 18), "text")
    html = reviewer.get(f"/cases/{case_id}").text
    assert "2025-03-18" in html
    assert "stated in the text: &ldquo;Tuesday&rdquo;" in html
    assert 'title="#1 status date"' in html or "#1 status date" in html


def test_the_publication_date_is_said_to_be_one(
    reviewer: TestClient, add_case: Callable[..., str]
) -> None:
    case_id = add_case()
    html = reviewer.get(f"/cases/{case_id}").text
    assert "publication date (the text states none)" in html


def test_the_low_band_lists_candidates_linked_to_their_article(
    reviewer: TestClient, add_case: Callable[..., str], store: Store
) -> None:
    add_case(title="A case", score=0.9)
    text = "A seminar in Abuja discussed trafficking awareness with students and teachers today."
    article = Article(
        canonical_url="https://news.example/seminar",
        url="https://news.example/seminar",
        title="Awareness seminar",
        text=text,
        publish_date=date(2024, 5, 1),
        language="en",
        source_id="lagos-daily",
        country_of_publication="NG",
        content_hash=content_hash(text),
    )
    ext = Extraction(source="t", language="en", is_case=False, case_score=0.3)
    with store.session() as s:
        row, _ = save_article(s, article, ext)
        assert save_extraction(s, row, ext) is None
    assert ("candidate", article.article_id) not in ROW_RE.findall(reviewer.get("/").text)
    html = reviewer.get("/?band=low").text
    assert ROW_RE.findall(html) == [("candidate", article.article_id)]
    assert f'href="/articles/{article.article_id}"' in html
    assert "not a case" in html
