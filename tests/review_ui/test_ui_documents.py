"""What the machine dropped is reachable (issue 16): an article that is no case has a page with
the reason, search finds it (counted, with its passage marked), a reviewer promotes it to the
review queue (the real extractor reads it again, from the archived page when its text was not
kept), and saved searches count what is new since the last visit."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import shared_dir
from tests.review_ui.conftest import csrf_from
from tipwatch.crawlers.warc import WarcPageWriter
from tipwatch.index.fts5 import Fts5Index
from tipwatch.index.sync import sync_outbox
from tipwatch.records import NOT_RELEVANT, Article, Extraction, FetchedPage, content_hash
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import AuditRow, CaseRow, SourceRow
from tipwatch.store.repository import save_article, save_extraction


def _real_case_report() -> dict[str, object]:
    """The shortest real case report of the development set that names its accused."""
    path = shared_dir() / "datasets" / "cases-dev" / "cases.jsonl"
    if not path.exists():
        pytest.skip("shared datasets absent")
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    named = [r for r in rows if r["is_case"] and r["perpetrators"] and r["language"] == "en"]
    return min(named, key=lambda r: int(r["n_chars"]))


def _store_article(
    store: Store,
    url: str,
    text: str,
    extraction: Extraction,
    *,
    title: str,
    metadata_only: bool = False,
    warc: tuple[str, int] | None = None,
) -> str:
    article = Article(
        canonical_url=url,
        url=url,
        title=title,
        text="" if metadata_only else text,
        publish_date=datetime(2024, 5, 6).date(),
        language="en",
        source_id="gh-news",
        country_of_publication="GH",
        content_hash=content_hash(text),
        fetched_at=datetime(2024, 5, 7, tzinfo=UTC),
        metadata_only=metadata_only,
    )
    with store.session() as s:
        if s.get(SourceRow, "gh-news") is None:
            s.add(
                SourceRow(
                    id="gh-news",
                    name="GH News",
                    country="GH",
                    languages=["en"],
                    homepage="https://gh.example/",
                )
            )
            s.flush()
        row, _ = save_article(
            s,
            article,
            extraction,
            warc_path=warc[0] if warc else None,
            warc_offset=warc[1] if warc else None,
        )
        assert save_extraction(s, row, extraction) is None
        return row.id


def _archive(warc: Path, url: str, text: str) -> int:
    """A WARC file holding one fetched page whose article is `text`; the record's offset."""
    html = (
        "<html><head><title>Court</title></head><body><article>"
        + "".join(f"<p>{para}</p>" for para in text.split("\n") if para.strip())
        + "</article></body></html>"
    )
    with WarcPageWriter(warc) as writer:
        return writer.write(
            FetchedPage(
                url=url,
                final_url=url,
                status=200,
                headers={"Content-Type": "text/html; charset=utf-8"},
                body=html.encode(),
                fetched_at=datetime(2024, 5, 7, tzinfo=UTC),
                source_id="gh-news",
            )
        )


def _rejected(url: str, score: float = 0.12) -> Extraction:
    return Extraction(source=url, language="en", is_case=False, case_score=score)


def _sync(settings: Settings, store: Store) -> None:
    index = Fts5Index(settings.data_dir / "index.db")
    try:
        sync_outbox(store, index)
    finally:
        index.close()


def test_a_rejected_article_is_found_and_promoted_by_a_reviewer(
    client: TestClient,
    store: Store,
    settings: Settings,
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    report = _real_case_report()
    text = str(report["text"])
    url = "https://gh.example/rejected"
    article_id = _store_article(store, url, text, _rejected(url), title="A court story")
    _sync(settings, store)

    add_user("vera", "viewer")
    login("vera")
    word = str(report["perpetrators"][0]["name"]).split()[-1]  # type: ignore[index]
    found = client.get("/search", params={"q": word})
    assert found.status_code == 200
    assert re.search(r"<strong>1</strong> document matches", found.text)
    assert f'href="/articles/{article_id}"' in found.text
    assert "rejected: below threshold" in found.text
    assert f"<mark>{word}</mark>" in found.text  # the passage marks the matched word
    page = client.get(f"/articles/{article_id}")
    assert page.status_code == 200
    assert 'data-reason="below_threshold"' in page.text and "case score 0.12" in page.text
    assert 'action="/articles/' + article_id + '/promote"' not in page.text  # viewers cannot
    token = csrf_from(page.text)
    refused = client.post(
        f"/articles/{article_id}/promote", data={"csrf_token": token, "reason": "x"}
    )
    assert refused.status_code == 403

    add_user("rita", "reviewer")
    client.cookies.clear()
    token = login("rita")
    page = client.get(f"/articles/{article_id}")
    assert f'action="/articles/{article_id}/promote"' in page.text
    no_reason = client.post(f"/articles/{article_id}/promote", data={"csrf_token": token})
    assert no_reason.status_code == 400
    done = client.post(
        f"/articles/{article_id}/promote",
        data={"csrf_token": token, "reason": "a sentencing the classifier missed"},
    )
    assert done.status_code == 303
    case_id = done.headers["location"].rsplit("/", 1)[-1]
    with store.session() as s:
        case = s.get_one(CaseRow, case_id)
        assert (case.review_status, case.promoted_by) == ("pending", "rita")
        # the extractor read it again with the threshold at zero: the accused are listed
        named = {p.name for p in case.perpetrators}
        assert any(word in n for n in named), named
        audit = s.scalars(select(AuditRow).where(AuditRow.object_id == case_id)).one()
        assert (audit.action, audit.actor, audit.reason) == (
            "promote",
            "rita",
            "a sentencing the classifier missed",
        )
    # the article page now leads to its case; search finds the case, not the article twice
    assert client.get(f"/articles/{article_id}").headers["location"] == f"/cases/{case_id}"
    found = client.get("/search", params={"q": word})
    assert f'href="/cases/{case_id}"' in found.text and f"/articles/{article_id}" not in found.text
    again = client.post(
        f"/articles/{article_id}/promote", data={"csrf_token": token, "reason": "twice"}
    )
    assert again.status_code == 409


def test_promoting_an_article_whose_text_was_not_kept_reads_its_archived_page(
    client: TestClient,
    store: Store,
    settings: Settings,
    add_user: Callable[..., str],
    login: Callable[..., str],
    tmp_path: Path,
) -> None:
    report = _real_case_report()
    text = str(report["text"])
    url = "https://gh.example/not-kept"
    warc = tmp_path / "pages.warc.gz"
    offset = _archive(warc, url, text)
    not_read = Extraction(
        source=url, language="en", is_case=False, case_score=0.0, skipped=NOT_RELEVANT
    )
    article_id = _store_article(
        store, url, text, not_read, title="Court", metadata_only=True, warc=(str(warc), offset)
    )
    add_user("rita", "reviewer")
    token = login("rita")
    page = client.get(f"/articles/{article_id}")
    assert 'data-reason="not_relevant"' in page.text and "text was not kept" in page.text
    done = client.post(
        f"/articles/{article_id}/promote", data={"csrf_token": token, "reason": "a real case"}
    )
    assert done.status_code == 303, done.text
    case_id = done.headers["location"].rsplit("/", 1)[-1]
    with store.session() as s:
        case = s.get_one(CaseRow, case_id)
        assert case.article.text  # read again from the archived page and stored (masked)
        assert str(report["perpetrators"][0]["name"]).split()[-1] in case.article.text  # type: ignore[index]
        assert case.perpetrators


def test_search_counts_pages_and_saved_searches_say_what_is_new(
    client: TestClient,
    store: Store,
    settings: Settings,
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    for i in range(3):
        url = f"https://gh.example/seminar-{i}"
        _store_article(
            store,
            url,
            f"A seminar on safe migration number {i} was held in Accra.",
            _rejected(url),
            title=f"Seminar <b>{i}</b>",
        )
    _sync(settings, store)
    add_user("vera", "viewer")
    token = login("vera")
    page = client.get("/search", params={"q": "seminar", "decision": "rejected"})
    assert re.search(r"<strong>3</strong> documents match", page.text)
    assert "Seminar &lt;b&gt;0&lt;/b&gt;" in page.text and "<b>0</b>" not in page.text
    assert page.text.count("<mark>seminar</mark>") + page.text.count("<mark>Seminar</mark>") >= 3
    bad = client.get("/search", params={"decision": "maybe"})
    assert bad.status_code == 400 and "Unknown machine decision." in bad.text

    saved = client.post(
        "/search/saved",
        data={"csrf_token": token, "name": "Seminars", "q": "seminar", "decision": "rejected"},
    )
    assert saved.status_code == 303
    opened = client.get(saved.headers["location"])
    assert opened.status_code == 303 and "q=seminar" in opened.headers["location"]
    listing = client.get("/search")
    assert re.search(r">Seminars</a>\s*<span class=\"count\">0 new</span>", listing.text)

    url = "https://gh.example/seminar-new"
    new_id = _store_article(
        store, url, "Another seminar on migration in Kumasi.", _rejected(url), title="Kumasi"
    )
    _sync(settings, store)
    listing = client.get("/search")
    saved_id = saved.headers["location"].rsplit("/", 1)[-1]
    assert f'href="/search/saved/{saved_id}?new=1">1 new</a>' in listing.text
    only_new = client.get(f"/search/saved/{saved_id}?new=1")
    assert "since=" in only_new.headers["location"]
    page = client.get(only_new.headers["location"])
    assert re.search(r"<strong>1</strong> document matches", page.text)
    assert f"/articles/{new_id}" in page.text
    # the visit is recorded: nothing is new any more
    assert "0 new" in client.get("/search").text
    gone = client.post(f"/search/saved/{saved_id}/delete", data={"csrf_token": token})
    assert gone.status_code == 303 and "Seminars" not in client.get("/search").text


def test_a_passage_is_escaped_and_only_its_marks_are_markup() -> None:
    from tipwatch.index.base import HIT_END, HIT_START
    from tipwatch.review_ui.search import snippet_html

    raw = f'<script>alert(1)</script> "{HIT_START}Obi{HIT_END}" & <mark>x</mark>'
    assert str(snippet_html(raw)) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &#34;<mark>Obi</mark>&#34; &amp; "
        "&lt;mark&gt;x&lt;/mark&gt;"
    )


def test_a_not_extracted_original_is_read_from_the_archive_by_reviewers_only(
    client: TestClient,
    store: Store,
    settings: Settings,
    add_user: Callable[..., str],
    login: Callable[..., str],
    tmp_path: Path,
) -> None:
    """A likely case report in a language tipwatch cannot extract: its text is not stored (its
    victims' names cannot be masked); a reviewer reads the original from the WARC record under
    a warning, a viewer does not see it."""
    from tipwatch.nlp.extractor import CaseExtractor

    corpus = Path(__file__).resolve().parents[2] / "nlp" / "corpus" / "relevance"
    rows = [json.loads(line) for line in (corpus / "pt_jamildo.jsonl").open(encoding="utf-8")]
    extractor = CaseExtractor()
    text, extraction = next(
        (r["text"], e)
        for r in rows
        if r["label"] == "trafficking"
        and (e := extractor.extract_text(r["text"], source="t", language="pt")).foreign_relevance
        and e.foreign_relevance.is_candidate
    )
    url = "https://br.example/caso"
    warc = tmp_path / "pt.warc.gz"
    offset = _archive(warc, url, text)
    article = Article(
        canonical_url=url,
        url=url,
        title="Caso",
        text=text,
        publish_date=datetime(2024, 5, 6).date(),
        language="pt",
        source_id="gh-news",
        country_of_publication="GH",
        content_hash=content_hash(text),
    )
    with store.session() as s:
        s.add(SourceRow(id="gh-news", name="GH", country="GH", languages=["en"], homepage="x"))
        s.flush()
        row, _ = save_article(s, article, extraction, warc_path=str(warc), warc_offset=offset)
        case_id = save_extraction(s, row, extraction)
        assert case_id is not None and row.text == ""
    sentence = text.split("\n")[1][:60]
    add_user("vera", "viewer")
    login("vera")
    seen = client.get(f"/cases/{case_id}")
    assert seen.status_code == 200 and sentence not in seen.text
    assert "unmasked-original" not in seen.text
    client.cookies.clear()
    add_user("rita", "reviewer")
    login("rita")
    read = client.get(f"/cases/{case_id}")
    assert sentence in read.text and 'class="error unmasked-original"' in read.text
