"""The one review screen (issue 16): every field's evidence marked in the article text at its
offsets, the differences between the machine's extraction and the reviewer's edit marked, and
charges with their statute stored, shown, edited through the form and exported.

The case comes from the real spaCy pipeline (`CaseExtractor`) on a short court report, stored
through the repository in a real SQLite store."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tipwatch.exports.ftm import entities
from tipwatch.exports.rows import export_rows
from tipwatch.exports.tabular import write_csv, write_jsonl
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.records import REDACTION_CHAR, Article, Extraction, content_hash
from tipwatch.store.db import Store
from tipwatch.store.models import AuditRow, CaseEditRow, CaseRow, SourceRow
from tipwatch.store.repository import save_article, save_extraction
from tipwatch.store.review import review_case

TEXT = (
    "Police in Mumbai arrested Ravi Kumar, 42, on Monday. He was charged under the "
    "Immoral Traffic (Prevention) Act. The victim, Priya Sharma, 16, was rescued from a flat in "
    "Andheri. The Mumbai Sessions Court remanded Ravi Kumar in custody."
)
VICTIM = "Priya Sharma"


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    """The real pipeline's extraction of TEXT (loaded once for this module)."""
    return CaseExtractor().extract_article(_article())


def _article() -> Article:
    url = "https://mumbai-courier.example/news/1"
    return Article(
        canonical_url=url,
        url=url,
        title="Man charged under trafficking act in Mumbai",
        text=TEXT,
        publish_date=date(2024, 5, 6),
        language="en",
        source_id="mumbai-courier",
        country_of_publication="IN",
        content_hash=content_hash(TEXT),
        fetched_at=datetime(2024, 5, 7, tzinfo=UTC),
    )


@pytest.fixture
def case_id(store: Store, extraction: Extraction) -> str:
    with store.session() as s:
        s.add(
            SourceRow(
                id="mumbai-courier",
                name="Mumbai Courier",
                country="IN",
                languages=["en"],
                homepage="https://mumbai-courier.example/",
            )
        )
        s.flush()
        row, _ = save_article(s, _article(), extraction)
        cid = save_extraction(s, row, extraction)
    assert cid is not None
    return cid


@pytest.fixture
def reviewer(
    client: TestClient, add_user: Callable[..., str], login: Callable[..., str]
) -> Iterator[tuple[TestClient, str]]:
    add_user("rita", "reviewer")
    yield client, login("rita")


class _Marks(HTMLParser):
    """The evidence marks of the article text: (keys, kinds, start, end, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[dict[str, Any]] = []
        self._in_text = False
        self._depth = 0
        self._mark: dict[str, Any] | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "div" and a.get("id") == "article-text":
            self._in_text = True
            self._depth = 0
        elif self._in_text and tag == "div":
            self._depth += 1
        if self._in_text and tag == "mark":
            self._mark = {
                "keys": (a.get("data-ev") or "").split(),
                "kinds": {c for c in (a.get("class") or "").split() if c.startswith("ev-")},
                "start": int(a["data-start"] or -1),
                "end": int(a["data-end"] or -1),
                "text": "",
            }

    def handle_endtag(self, tag: str) -> None:
        if self._in_text and tag == "mark" and self._mark is not None:
            self.marks.append(self._mark)
            self._mark = None
        elif self._in_text and tag == "div":
            if self._depth == 0:
                self._in_text = False
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_text:
            self.text += data
            if self._mark is not None:
                self._mark["text"] += data


def parse_marks(html: str) -> tuple[list[dict[str, Any]], str]:
    parser = _Marks()
    parser.feed(html)
    return parser.marks, parser.text


def covered(marks: list[dict[str, Any]], key: str) -> set[int]:
    return {i for m in marks if key in m["keys"] for i in range(m["start"], m["end"])}


def chars(spans: list[tuple[int, int]]) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


# --- evidence ----------------------------------------------------------------------------------


def test_every_fields_evidence_is_marked_at_its_offsets(
    reviewer: tuple[TestClient, str], case_id: str, extraction: Extraction
) -> None:
    client, _ = reviewer
    (perp,) = extraction.perpetrators
    (charge,) = extraction.charges
    assert charge.statute == "ITPA" and extraction.jurisdiction.evidence  # the NLP's reading
    html = client.get(f"/cases/{case_id}").text
    marks, shown = parse_marks(html)
    # The text shown is the stored text (victim masked): offsets are those of the extraction.
    assert len(shown) == len(TEXT)
    for m in marks:
        assert m["text"] == shown[m["start"] : m["end"]]
    assert covered(marks, "p1") == chars(perp.evidence)
    assert covered(marks, "c1") == chars(charge.evidence)
    assert covered(marks, "j") == chars(extraction.jurisdiction.evidence)
    assert {m["text"] for m in marks if "c1" in m["keys"]} == {"Immoral Traffic (Prevention) Act"}
    assert {m["text"] for m in marks if "j" in m["keys"]} == {"Mumbai"}
    assert {m["text"] for m in marks if "p1" in m["keys"]} >= {"Ravi Kumar", "arrested"}
    kinds = {
        k: {kind for m in marks if k in m["keys"] for kind in m["kinds"]} for k in ["p1", "c1", "j"]
    }
    assert kinds == {"p1": {"ev-perpetrator"}, "c1": {"ev-charge"}, "j": {"ev-jurisdiction"}}
    # Each field links to its evidence, with the number of spans.
    assert 'data-ev="p1" aria-controls="article-text"' in html
    assert 'data-ev="c1" aria-controls="article-text"' in html
    assert 'data-ev="j" aria-controls="article-text"' in html
    assert '<script src="/static/case.js" defer></script>' in html


def test_nothing_but_evidence_is_marked_and_the_victim_never_shown(
    reviewer: tuple[TestClient, str], case_id: str, extraction: Extraction
) -> None:
    client, _ = reviewer
    html = client.get(f"/cases/{case_id}").text
    marks, shown = parse_marks(html)
    assert VICTIM not in html and "Priya" not in html
    start = TEXT.index(VICTIM)
    assert shown[start : start + len(VICTIM)] == f"{REDACTION_CHAR * 5} {REDACTION_CHAR * 6}"
    evidence = chars(
        [s for p in extraction.perpetrators for s in p.evidence]
        + [s for c in extraction.charges for s in c.evidence]
        + list(extraction.jurisdiction.evidence)
    )
    marked = {i for m in marks for i in range(m["start"], m["end"])}
    assert marked == evidence
    assert not marked & chars(extraction.redactions)
    assert all(REDACTION_CHAR not in m["text"] for m in marks)


# --- machine vs edit ----------------------------------------------------------------------------


def _edit_form(token: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "csrf_token": token,
        "perp_name": ["Ravi Kumar", "Sunil Rao", ""],
        "perp_status": ["convicted", "wanted", "charged"],
        "perp_nationality": ["in", "", ""],
        "perp_age": ["42", "", ""],
        "charge_category": ["sex_trafficking"],
        "charge_row_category": ["sex_trafficking", "child_trafficking", ""],
        "charge_row_statute": ["ITPA", "IPC 370(4)", ""],
        "country": "IN",
        "admin1": "Maharashtra",
        "city": "Thane",
        "reason": "the court report names the statute",
    }
    data.update(overrides)
    return data


def _section(html: str, css: str) -> str:
    start = html.index(f'<section class="{css}">')
    return html[start : html.index("</section>", start)]


def test_differences_between_machine_and_edit_are_marked(
    reviewer: tuple[TestClient, str], case_id: str
) -> None:
    client, token = reviewer
    assert 'class="compare"' not in client.get(f"/cases/{case_id}").text
    r = client.post(f"/cases/{case_id}/edit", data=_edit_form(token))
    assert r.status_code == 303, r.text
    html = client.get(f"/cases/{case_id}").text
    compare = _section(html, "compare")
    changes = compare[compare.index('<ul class="changes">') : compare.index("</ul>")]
    assert [c.split("</li>")[0] for c in changes.split("<li>")[1:]] == [
        "Status of Ravi Kumar: charged → convicted",
        "Nationality of Ravi Kumar: — → IN",
        "Perpetrator added: Sunil Rao",
        "Charge category added: child_trafficking",
        "Charge added: child_trafficking (IPC 370(4))",
        "City: Mumbai → Thane",
    ]
    machine = compare[
        compare.index('<div class="machine">') : compare.index('<div class="edited">')
    ]
    edited = compare[compare.index('<div class="edited">') :]
    # The kept person is changed in both columns (status and nationality cells marked); the
    # added one is only in the edit.
    assert 'diff-changed">changed: status, nationality</span>' in machine
    assert 'diff-changed">changed: status, nationality</span>' in edited
    assert '<tr class="diff-added"><td><span class="name">Sunil Rao</span>' in edited
    assert "Sunil Rao" not in machine
    assert edited.count('class="diff-cell"') == 2  # status and nationality of Ravi Kumar
    assert 'diff-added">child_trafficking (IPC 370(4)) <span class="diff-tag diff-added">' in edited
    assert 'diff-same">sex_trafficking (ITPA)</li>' in machine
    assert machine.count('<span class="diff-tag diff-changed">changed</span>') == 1  # city
    assert "Mumbai" in machine and "Thane" in edited


def test_removed_person_and_category_are_marked_in_the_machine_column(
    reviewer: tuple[TestClient, str], case_id: str
) -> None:
    client, token = reviewer
    form = _edit_form(
        token,
        perp_name=["Sunil Rao"],
        perp_status=["charged"],
        perp_nationality=[""],
        perp_age=[""],
        charge_category=["labour_trafficking"],
        charge_row_category=[""],
        charge_row_statute=[""],
        city="Mumbai",
    )
    assert client.post(f"/cases/{case_id}/edit", data=form).status_code == 303
    compare = _section(client.get(f"/cases/{case_id}").text, "compare")
    assert "<li>Perpetrator removed: Ravi Kumar</li>" in compare
    assert "<li>Charge category removed: sex_trafficking</li>" in compare
    assert "<li>Charge removed: sex_trafficking (ITPA)</li>" in compare
    assert "<li>Charge category added: labour_trafficking</li>" in compare
    machine = compare[
        compare.index('<div class="machine">') : compare.index('<div class="edited">')
    ]
    assert '<tr class="diff-removed"><td><span class="name">Ravi Kumar</span>' in machine


# --- charges with statute ----------------------------------------------------------------------


def test_statute_is_stored_shown_and_saved_through_the_edit_form(
    reviewer: tuple[TestClient, str], store: Store, case_id: str, extraction: Extraction
) -> None:
    client, token = reviewer
    with store.session() as s:
        assert s.get_one(CaseRow, case_id).charges == [
            {"category": "sex_trafficking", "statute": "ITPA", "evidence": [[78, 110]]}
        ]
    html = client.get(f"/cases/{case_id}").text
    assert 'under <span class="statute">ITPA</span>' in html
    # The edit form starts from the case's charges.
    assert 'name="charge_row_statute" value="ITPA"' in html
    r = client.post(f"/cases/{case_id}/edit", data=_edit_form(token))
    assert r.status_code == 303, r.text
    with store.session() as s:
        case = s.get_one(CaseRow, case_id)
        # The kept charge keeps its evidence; the added one has none. Its category became a
        # case category although only sex_trafficking was ticked.
        assert case.charges == [
            {"category": "sex_trafficking", "statute": "ITPA", "evidence": [[78, 110]]},
            {"category": "child_trafficking", "statute": "IPC 370(4)", "evidence": []},
        ]
        assert case.charge_categories == ["child_trafficking", "sex_trafficking"]
        edit = s.scalars(select(CaseEditRow)).one()
        assert edit.edited["charges"][1] == {
            "category": "child_trafficking",
            "statute": "IPC 370(4)",
        }
    html = client.get(f"/cases/{case_id}").text
    assert 'under <span class="statute">IPC 370(4)</span>' in html
    marks, _ = parse_marks(html)
    assert covered(marks, "c1") == chars(extraction.charges[0].evidence)
    assert covered(marks, "c2") == set()


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ({"charge_row_category": ["", ""], "charge_row_statute": ["IPC 370", ""]}, "category"),
        (
            {"charge_row_category": ["other", ""], "charge_row_statute": ["", ""]},
            "needs its statute",
        ),
        ({"charge_row_category": ["piracy", ""], "charge_row_statute": ["X", ""]}, "category"),
        (
            {"charge_row_category": ["sex_trafficking", ""], "charge_row_statute": ["a\tb", ""]},
            "statute",
        ),
        (
            {"charge_row_category": ["sex_trafficking", ""], "charge_row_statute": ["x" * 121, ""]},
            "statute",
        ),
        (
            {"charge_row_category": ["sex_trafficking"], "charge_row_statute": ["A", "B"]},
            "Incomplete",
        ),
    ],
)
def test_bad_charge_rows_are_refused_and_change_nothing(
    reviewer: tuple[TestClient, str],
    store: Store,
    case_id: str,
    rows: dict[str, list[str]],
    problem: str,
) -> None:
    client, token = reviewer
    with store.session() as s:
        before = s.get_one(CaseRow, case_id).charges
    r = client.post(f"/cases/{case_id}/edit", data=_edit_form(token, **rows))
    assert r.status_code == 400
    assert problem in r.text
    with store.session() as s:
        assert s.get_one(CaseRow, case_id).charges == before
        assert s.scalars(select(CaseEditRow)).all() == []
        assert s.scalars(select(AuditRow).where(AuditRow.action == "edit")).all() == []


def test_other_charge_with_a_statute_is_kept_out_of_the_case_categories(
    reviewer: tuple[TestClient, str], store: Store, case_id: str
) -> None:
    client, token = reviewer
    form = _edit_form(token, charge_row_category=["other", ""], charge_row_statute=["POCSO", ""])
    assert client.post(f"/cases/{case_id}/edit", data=form).status_code == 303
    with store.session() as s:
        case = s.get_one(CaseRow, case_id)
        assert case.charges == [{"category": "other", "statute": "POCSO", "evidence": []}]
        assert case.charge_categories == ["sex_trafficking"]


def test_exports_carry_the_statute(store: Store, case_id: str) -> None:
    with store.session() as s:
        review_case(s, case_id, decision="accepted", user="rita")
    with store.session() as s:
        rows = list(export_rows(s))
    assert [(c.category, c.statute) for c in rows[0].charges] == [("sex_trafficking", "ITPA")]
    out = io.StringIO()
    write_csv(rows, out)
    (line,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert line["charges"] == "sex_trafficking [ITPA]"
    out = io.StringIO()
    write_jsonl(rows, out)
    assert json.loads(out.getvalue())["charges"] == [
        {"category": "sex_trafficking", "statute": "ITPA"}
    ]
    (court_case,) = [e for e in entities(rows) if e.schema.name == "CourtCase"]
    assert court_case.get("category") == ["sex_trafficking"]
    assert court_case.get("keywords") == ["ITPA"]
    assert "Charges reported in local news: sex_trafficking under ITPA" in court_case.get("notes")
