"""Issue 14 E2: a person both trafficked and charged. When the text names someone in a victim,
minor or witness role and also as accused (a trafficked girl who was charged with recruiting
others), the name stays masked and is not output as a perpetrator, and the case is held for an
analyst with the reason `dual_role`: pending, listed in the review queue and on its page with
the reason, left out of exports and screening until an analyst accepts it. The name reaches no
output path at any point (store, index, UI, exports)."""

from __future__ import annotations

import re
import sqlite3
from html import escape
from io import BytesIO
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tipwatch.accounts import create_user
from tipwatch.crawlers.source_defs import Source
from tipwatch.domain.review_state import ReviewFlag, ReviewState
from tipwatch.exports.rows import export_rows
from tipwatch.flows.backfill import ingest_warc
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.records import redact
from tipwatch.review_ui.app import create_app
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import CaseRow

from .test_victim_role_cues import CANARIES, NOT_VICTIMS

# (id, text, the dual-role name, accused who stay perpetrators)
DUAL: list[tuple[str, str, str, list[str]]] = [
    (
        "victim-apposition-then-charged",
        "Police in Durban charged Kwame Mensah, 52, with human trafficking on Tuesday. The "
        "victim, Thandeka Ngcobo, 17, was also charged with recruiting two other girls for "
        "Mensah. Thandeka Ngcobo appeared in court on Wednesday.",
        "Thandeka Ngcobo",
        ["Kwame Mensah"],
    ),
    (
        "victim-of-then-arrested",
        "A court in Accra convicted Kofi Boateng of human trafficking on Monday. Aisha "
        "Mensah, a victim of sex trafficking, was charged with recruiting other girls. Aisha "
        "Mensah was arrested in March.",
        "Aisha Mensah",
        ["Kofi Boateng"],
    ),
    (
        "surname-repeat-as-accused",
        "Prosecutors charged Ama Owusu, 19, with human trafficking on Monday. Owusu, a victim "
        "of trafficking herself, recruited girls for Kofi Boateng, 50, who was also charged. "
        "Boateng and Owusu will appear in court on Friday.",
        "Ama Owusu",
        ["Kofi Boateng"],
    ),
]


def _present(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.I) is not None


@pytest.mark.parametrize(
    ("text", "dual", "accused"), [d[1:] for d in DUAL], ids=[d[0] for d in DUAL]
)
def test_a_name_in_a_victim_role_and_accused_is_flagged_masked_and_not_a_perpetrator(
    extractor: CaseExtractor, text: str, dual: str, accused: list[str]
) -> None:
    ex = extractor.extract_text(text, source="t", language="en")
    assert ex.is_case
    assert ex.review_flags == [ReviewFlag.DUAL_ROLE]
    masked = redact(text, ex.redactions)
    for word in dual.split():
        assert not _present(word, masked), word
        assert not any(_present(word, p.name) for p in ex.perpetrators), word
    # the flag is a reason, never a name: the extraction as stored carries no word of it
    stored = ex.model_dump_json(exclude={"redactions"})
    assert '"review_flags":["dual_role"]' in stored
    assert [w for w in dual.split() if w not in accused[0] and _present(w, stored)] == []
    assert set(accused) <= {p.name for p in ex.perpetrators}


@pytest.mark.parametrize(
    "text", [c[1] for c in CANARIES] + [t for t, _ in NOT_VICTIMS], ids=lambda t: t[:30]
)
def test_victims_alone_or_accused_alone_raise_no_flag(extractor: CaseExtractor, text: str) -> None:
    assert extractor.extract_text(text, source="t", language="en").review_flags == []


HOST = "news.dual-role-courier.example"
DUAL_TEXT = DUAL[0][1]
DUAL_WORDS = ["Thandeka", "Ngcobo"]
PLAIN_TEXT = (
    "Police in Pretoria charged Sipho Dlamini, 38, with human trafficking on Monday after "
    "a raid on a farm where eleven men had been made to work without pay for two years. "
    "Dlamini was arrested at the farm gate and his passports for the workers were seized. "
    "Dlamini will appear in the Pretoria Magistrates Court on Friday, police said."
)


def _warc(path: Path) -> None:
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i, (title, text) in enumerate(
            [("Durban trafficking charges", DUAL_TEXT), ("Pretoria farm raid", PLAIN_TEXT)]
        ):
            paras = "".join(f"<p>{escape(s)}</p>" for s in re.split(r"(?<=\.)\s+", text) if s)
            body = (
                "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
                f"<title>{title}</title></head><body><article><h1>{title}</h1>"
                f"<time datetime='2026-11-0{i + 2}'>November 2026</time>{paras}"
                "</article></body></html>"
            ).encode()
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            w.write_record(
                w.create_warc_record(
                    f"https://{HOST}/news/{i}", "response", payload=BytesIO(body), http_headers=http
                )
            )


def _exported_names(store: Store) -> set[str]:
    with store.session() as s:
        # unreviewed cases included: a held case stays out even then
        return {r.name for r in export_rows(s, include_unreviewed=True)}


def _dumps(data: Path) -> str:
    out = []
    for db in sorted(data.glob("*.db")):
        con = sqlite3.connect(db)
        try:
            out.append("\n".join(con.iterdump()))
        finally:
            con.close()
    return "\n".join(out)


def test_dual_role_case_is_held_for_review_until_an_analyst_accepts_it(
    extractor: CaseExtractor, tmp_path: Path
) -> None:
    warc = tmp_path / "dual.warc.gz"
    _warc(warc)
    source = Source(
        id="dual-courier", name="DC", country="ZA", languages=["en"], homepage=f"https://{HOST}/"
    )
    data = tmp_path / "var"
    settings = Settings(data_dir=data, search_url="", secret_key="test-secret-" + "k" * 40)
    result = ingest_warc([warc], [source], settings, extractor=extractor)
    assert result.counts.articles == 2

    store = Store(settings.resolved_database_url)
    try:
        with store.session() as s:
            cases = {c.article.title: c for c in s.scalars(select(CaseRow))}
            held = cases["Durban trafficking charges"]
            plain = cases["Pretoria farm raid"]
            assert held.review_status == ReviewState.PENDING
            assert held.flags == [ReviewFlag.DUAL_ROLE] and held.held
            assert [p.name for p in held.perpetrators] == ["Kwame Mensah"]
            assert plain.flags == [] and not plain.held
            held_id = held.id

        # held: not exported (nor screened), the other case is
        names = _exported_names(store)
        assert "Sipho Dlamini" in names and "Kwame Mensah" not in names

        with TestClient(create_app(settings, store), follow_redirects=False) as client:
            with store.session() as s:
                create_user(s, "rita", "correct horse battery", "reviewer")
            page = client.get("/login").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', page)
            assert token is not None
            r = client.post(
                "/login",
                data={
                    "username": "rita",
                    "password": "correct horse battery",
                    "csrf_token": token.group(1),
                },
            )
            assert r.status_code == 303
            queue = client.get("/?review=pending")
            assert queue.status_code == 200
            assert "held: <code>dual_role</code>" in queue.text
            assert queue.text.count("<code>dual_role</code>") == 1  # only the held case
            case_page = client.get(f"/cases/{held_id}")
            assert case_page.status_code == 200
            assert "<code>dual_role</code> (held)" in case_page.text
            assert ReviewFlag.DUAL_ROLE.reason in case_page.text
            for html in (queue.text, case_page.text):
                assert [w for w in DUAL_WORDS if _present(w, html)] == []

            # the analyst decides: accepted, the case is shown (the flag stays as history)
            token2 = re.search(r'name="csrf_token" value="([^"]+)"', case_page.text)
            assert token2 is not None
            r = client.post(
                f"/cases/{held_id}/review",
                data={"decision": "accepted", "csrf_token": token2.group(1)},
            )
            assert r.status_code == 303, r.text
            after = client.get(f"/cases/{held_id}").text
            assert "<code>dual_role</code>:" in after and "(held)" not in after
        assert "Kwame Mensah" in _exported_names(store)
    finally:
        store.dispose()

    # the dual-role name is in no table of the store or the index, at any point
    assert [w for w in DUAL_WORDS if _present(w, _dumps(data))] == []
