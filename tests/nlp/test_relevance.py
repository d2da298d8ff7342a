"""The relevance filter before spaCy and the triage of raw pages (issue 15): they must never
change a decision the case classifier would take, and never drop a real case report."""

from __future__ import annotations

import gzip
import json
import re
from datetime import UTC, datetime

import pytest

from tests.conftest import shared_dir
from tipwatch.nlp.article import page_to_article
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.nlp.lang import for_language
from tipwatch.nlp.relevance import (
    SAFE_THRESHOLD,
    Literal,
    _vocabulary,
    could_be_case,
    literal_gate,
    mentions_trafficking,
    required_literals,
    split_alternatives,
)
from tipwatch.nlp.triage import metadata_article, page_mentions_trafficking
from tipwatch.records import NOT_RELEVANT, Article, FetchedPage

EN = for_language("en")
assert EN is not None


def _cases() -> list[dict[str, object]]:
    path = shared_dir() / "datasets" / "cases-dev" / "cases.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def _benchmark_pages() -> list[bytes]:
    folder = shared_dir() / "datasets" / "article-extraction-benchmark" / "html"
    return [gzip.decompress(p.read_bytes()) for p in sorted(folder.glob("*.html.gz"))]


def _page(body: bytes, url: str = "https://news.example/a/1.html") -> FetchedPage:
    return FetchedPage(
        url=url,
        final_url=url,
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=body,
        fetched_at=datetime.now(UTC),
        source_id="x",
    )


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"human[- ]traffick\w*", {"traffick"}),
        (r"(?:buying|selling|sale)\s+of\s+child", {"child"}),  # the longest required part
        (r"(?:buying|selling|sale)\s+of", {"buying", "selling", "sale"}),
        (r"(?:a|b)?xyz\d+", {"xyz"}),
        (
            r"\bTVPA\b|Trafficking Victims Protection Act",
            {"tvpa", "trafficking victims protection act"},
        ),
        (r"(?:forced)?\s+labou?r", {"labo"}),
        (r"ab|\w+", None),  # one alternative has no literal: no gate
        (r"(?:slave){0,2}x", None),  # an optional part gives nothing, "x" is too short
    ],
)
def test_required_literals(pattern: str, expected: set[str] | None) -> None:
    found = required_literals(re.compile(pattern, re.I))
    assert (set(found) if found is not None else None) == expected


def test_gate_keeps_every_required_set_and_word_boundaries() -> None:
    gate = literal_gate(re.compile(r"(?:buying|selling|sale)\s+of\s+(?:child|minor)", re.I))
    assert {frozenset(lit.text for lit in alts) for alts in gate} == {
        frozenset({"buying", "selling", "sale"}),
        frozenset({"child", "minor"}),
    }
    gate = literal_gate(re.compile(r"\bPITA\b|Immoral Traffic", re.I))
    assert gate == (
        frozenset({Literal("pita", left=True, right=True), Literal("immoral traffic")}),
    )


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("Charged under PITA on Monday.", True),
        ("(pita)", True),
        ("the capital's hospital", False),  # "pita" inside words: the gate skips the pattern
        ("PITA_x", False),
        # lower-casing "\u0130" adds a combining dot (not a word character): no false "no"
        ("\u0130PITA", False),
        ("\u0130 PITA", True),
    ],
)
def test_boundary_gate_agrees_with_the_pattern(text: str, matches: bool) -> None:
    rx = re.compile(r"\bITPA\b|\bPITA\b", re.I)
    gated = [(gate, part) for gate, part in split_alternatives(rx)]
    assert len(gated) == 2
    assert bool(rx.search(text)) is matches
    from tipwatch.nlp.literal_scan import LiteralScan
    from tipwatch.nlp.relevance import _Seen

    low = text.lower()
    literals = {lit.text for gate, _part in gated for alts in gate for lit in alts}
    seen = _Seen(low, LiteralScan(literals).found(low))
    found = any(
        all(any(seen.occurs(lit) for lit in alts) for alts in gate) and part.search(text)
        for gate, part in gated
    )
    assert found is matches


def test_the_gate_changes_no_answer_on_real_text() -> None:
    """The literal gate is only a shortcut: on every cases-dev text and every benchmark page it
    answers exactly what running every vocabulary pattern answers."""
    patterns = list(_vocabulary(EN))
    texts = [str(r["text"]) for r in _cases()]
    texts += [b.decode("utf-8", "replace") for b in _benchmark_pages()]
    hits = 0
    for text in texts:
        plain = any(rx.search(text) for rx in patterns)
        assert mentions_trafficking(EN, text) is plain
        hits += plain
    assert 0 < hits < len(texts)


def test_no_case_report_is_filtered_out() -> None:
    rows = _cases()
    positives = [r for r in rows if r["is_case"]]
    assert len(positives) >= 70
    assert all(could_be_case(EN, str(r["text"])) for r in positives)
    # ... and the filter does cut: some real negatives never reach spaCy
    assert any(not could_be_case(EN, str(r["text"])) for r in rows if not r["is_case"])


def test_texts_it_filters_score_under_the_safe_threshold() -> None:
    """The classifier itself (filter off) scores every filtered-out real text under the bound
    the filter relies on."""
    unfiltered = CaseExtractor(case_threshold=0.0)
    filtered = [str(r["text"]) for r in _cases() if not could_be_case(EN, str(r["text"]))]
    assert filtered
    for text in filtered:
        assert unfiltered.analyse(text)._.case_score < SAFE_THRESHOLD
    on = CaseExtractor()
    ex = on.extract_text(filtered[0], source="t", language="en")
    assert (ex.is_case, ex.skipped, ex.perpetrators) == (False, NOT_RELEVANT, [])


def test_a_page_that_triage_drops_has_no_trafficking_in_its_article_text() -> None:
    """Triage reads the page markup; trafilatura's text is a part of it. Over the 181 real
    benchmark pages, no page whose extracted text names trafficking is dropped by triage."""
    dropped = kept = 0
    for body in _benchmark_pages():
        page = _page(body)
        full = page_to_article(page, "US")
        if not isinstance(full, Article):
            continue
        if page_mentions_trafficking(body.decode("utf-8", "replace")):
            kept += 1
            continue
        dropped += 1
        assert not mentions_trafficking(EN, full.text), full.url
    assert dropped > 100 and kept > 0


def test_metadata_article_keeps_what_coverage_reads() -> None:
    body = (
        b"<html lang='en'><head><title>Ignored title</title>"
        b"<meta property='og:title' content='Council &amp; mayor agree budget'>"
        b"<meta property='article:published_time' content='2026-03-05T10:00:00Z'>"
        b"<link rel='canonical' href='https://news.example/budget'></head><body>"
        b"<nav>Home | Sport</nav><article><p>The city council agreed the budget for next year after"
        b" a long debate about roads, schools and the new market hall in the town centre.</p>"
        b"<p>The mayor said the plan would be published in full next week, after the finance "
        b"committee has checked the figures for each ward once more.</p></article>"
        b"<script>var trafficking = 1;</script></body></html>"
    )
    assert not page_mentions_trafficking(body.decode())  # script text is not page text
    page = _page(body, "https://news.example/budget?utm_source=x")
    art = page_to_article(page, "KE", triage=True)
    assert isinstance(art, Article) and art.metadata_only
    assert art.text == ""
    assert art.title == "Council & mayor agree budget"
    assert art.publish_date is not None and art.publish_date.isoformat() == "2026-03-05"
    assert art.canonical_url == "https://news.example/budget"
    assert art.language == "en"
    assert art == metadata_article(page, body.decode(), "KE")
    # the hash is of the page's visible text: another page's text gives another hash
    other = metadata_article(_page(body.replace(b"roads", b"bridges")), body.decode(), "KE")
    assert art.content_hash == other.content_hash  # same body string given: same hash
    changed = body.replace(b"roads", b"bridges")
    assert metadata_article(page, changed.decode(), "KE").content_hash != art.content_hash
    ex = CaseExtractor().extract_article(art)
    assert (ex.is_case, ex.skipped) == (False, NOT_RELEVANT)
    # without triage the same page is extracted in full
    full = page_to_article(page, "KE")
    assert isinstance(full, Article) and not full.metadata_only and "budget" in full.text


def test_a_short_page_without_trafficking_wording_is_too_short() -> None:
    body = (
        b"<html><head><title>Photos</title></head><body><p>Gallery: the market.</p></body></html>"
    )
    skip = page_to_article(_page(body), "KE", triage=True)
    assert not isinstance(skip, Article)
    assert (skip.stage, skip.reason) == ("article", "too_short")


def test_a_page_in_a_language_tipwatch_cannot_read_stays_unsupported() -> None:
    body = (
        "<html><head><title>A câmara aprova o orçamento</title></head><body><article>"
        "<p>A câmara municipal aprovou na terça-feira o orçamento do próximo ano depois de um "
        "longo debate sobre as estradas, as escolas e o novo mercado do centro da cidade.</p>"
        "<p>O prefeito declarou que o plano será publicado na próxima semana.</p>"
        "</article></body></html>"
    ).encode()
    art = page_to_article(_page(body), "BR", triage=True)
    assert isinstance(art, Article) and art.metadata_only and art.language == "pt"
    assert CaseExtractor().extract_article(art).skipped == "unsupported_language"


def test_a_french_page_without_trafficking_wording_is_not_relevant() -> None:
    """French is read (`nlp/lang/fr`): a page naming none of its trafficking wording is no
    longer an unsupported language but not relevant, as an English one."""
    body = (
        "<html><head><title>Le conseil adopte le budget</title></head><body><article>"
        "<p>Le conseil municipal a adopté mardi le budget de l'année prochaine après un long "
        "débat sur les routes, les écoles et le nouveau marché du centre-ville.</p>"
        "<p>Le maire a déclaré que le plan serait publié la semaine prochaine.</p>"
        "</article></body></html>"
    ).encode()
    art = page_to_article(_page(body), "SN", triage=True)
    assert isinstance(art, Article) and art.metadata_only and art.language == "fr"
    assert CaseExtractor().extract_article(art).skipped == "not_relevant"


def _meta_page(head: str) -> bytes:
    paragraph = (
        "<p>The city council agreed the budget for next year after a long debate about roads, "
        "schools and the new market hall in the town centre, the mayor said on Tuesday.</p>"
    )
    return f"<html><head>{head}</head><body>{paragraph * 2}</body></html>".encode()


@pytest.mark.parametrize(
    ("head", "title", "published"),
    [
        # the first tag of a key wins; other meta tags are passed over
        (
            "<meta name='description' content='A budget'>"
            "<meta property='og:title' content='First'><meta property='og:title' content='Second'>"
            "<meta name='date' content='2026-01-02'>",
            "First",
            "2026-01-02",
        ),
        # keys in upper case, a key spelled with an entity, an itemprop date
        (
            "<META PROPERTY='OG:TITLE' CONTENT='Shouted key'>"
            "<meta itemprop='datePublished' content='2025-12-31T08:00'>",
            "Shouted key",
            "2025-12-31",
        ),
        (
            "<meta property='twitter&#58;title' content='Escaped &amp; kept'>"
            "<meta name='DC.date.issued' content='2024-02-29'>",
            "Escaped & kept",
            "2024-02-29",
        ),
        # no meta title or date: the <title> element and a <time> element
        (
            "<title>Plain title</title><meta name='viewport' content='width=device-width'>",
            "Plain title",
            None,
        ),
    ],
)
def test_metadata_article_reads_titles_and_dates_from_meta_tags(
    head: str, title: str, published: str | None
) -> None:
    body = _meta_page(head)
    if published is None:
        body = body.replace(b"</body>", b"<time datetime='2023-07-08'>8 July</time></body>")
    art = metadata_article(_page(body), body.decode(), "KE")
    assert isinstance(art, Article)
    assert art.title == title
    assert art.publish_date is not None
    assert art.publish_date.isoformat() == (published or "2023-07-08")


@pytest.mark.parametrize(
    "text",
    [
        "Police said the men had smuggled 23 migrants across the border in a lorry.",
        "Three people were charged with running a prostitution service for wealthy clients.",
        "The couple admitted keeping a brothel above a massage shop.",
        "She was convicted of encouraging and inducing aliens to enter the country.",
        "Officers said the sex racket was run from a guest house near the station.",
    ],
)
def test_offences_around_trafficking_reach_the_case_decision(text: str) -> None:
    """Migrant-smuggling and prostitution-business wording passes the filter (fictional
    sentences)."""
    assert could_be_case(EN, text)
    assert page_mentions_trafficking(f"<html><body><p>{text}</p></body></html>")


def test_goods_smuggling_is_not_case_evidence() -> None:
    """A smuggling ring of goods is not read as a trafficking term by the case decision."""
    from tipwatch.nlp.components.case_classifier import _ht_in

    assert not _ht_in(EN.case, "a drug smuggling gang was broken up")
    assert not _ht_in(EN.case, "officers seized cigarettes smuggled into the port")
    assert _ht_in(EN.case, "a people smuggling gang was broken up")
    assert _ht_in(EN.case, "police broke up a smuggling ring that moved migrants")
