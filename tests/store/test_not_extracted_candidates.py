"""A likely case report in a language tipwatch cannot extract goes to the review queue as
"not extracted: <language>" (issue 16): held until an analyst who reads it accepts it, its text
never stored (its victims' names cannot be masked; the review UI reads it from the WARC),
counted in the coverage report's language line. Real articles from the vocabularies' labelled
set (`nlp/corpus/relevance/`), read by the real extractor."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tipwatch.crawlers.source_defs import Source
from tipwatch.domain.review_state import ReviewFlag
from tipwatch.metrics.language import language_coverage
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.records import UNSUPPORTED_LANGUAGE, Article, content_hash
from tipwatch.store.cases import case_id_for
from tipwatch.store.db import Store
from tipwatch.store.models import CaseRow
from tipwatch.store.repository import save_article, save_extraction, upsert_sources

CORPUS = Path(__file__).resolve().parents[2] / "nlp" / "corpus" / "relevance" / "pt_jamildo.jsonl"


def _texts(label: str) -> list[str]:
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    return [r["text"] for r in rows if r["label"] == label]


def _candidate(extractor: CaseExtractor, text: str) -> bool:
    relevance = extractor.extract_text(text, source="t", language="pt").foreign_relevance
    assert relevance is not None  # Portuguese has a vocabulary
    return relevance.is_candidate


@pytest.fixture(scope="module")
def extractor() -> CaseExtractor:
    return CaseExtractor()


def _save(store: Store, extractor: CaseExtractor, url: str, text: str) -> tuple[str, str | None]:
    article = Article(
        canonical_url=url,
        url=url,
        title=text.split("\n", 1)[0][:200],
        text=text,
        publish_date=date(2024, 5, 6),
        language="pt",
        source_id="br-a",
        country_of_publication="BR",
        content_hash=content_hash(text),
    )
    extraction = extractor.extract_article(article)
    assert extraction.skipped == UNSUPPORTED_LANGUAGE
    with store.session() as s:
        row, _ = save_article(s, article, extraction)
        return row.id, save_extraction(s, row, extraction)


def test_a_foreign_candidate_is_held_in_the_queue_and_counted(
    store: Store, extractor: CaseExtractor
) -> None:
    with store.session() as s:
        upsert_sources(
            s, [Source(id="br-a", name="B", country="BR", languages=["pt"], homepage="x")]
        )
    candidates = [t for t in _texts("trafficking") if _candidate(extractor, t)][:2]
    assert len(candidates) == 2
    held_ids = []
    for i, text in enumerate(candidates):
        article_id, case_id = _save(store, extractor, f"https://br.example/t{i}", text)
        assert case_id == case_id_for(article_id)
        held_ids.append(case_id)
    negatives = [t for t in _texts("negative") if not _candidate(extractor, t)][:2]
    for i, text in enumerate(negatives):
        _, case_id = _save(store, extractor, f"https://br.example/n{i}", text)
        assert case_id is None  # a hard negative stays an article, no queue item
    with store.session() as s:
        for case_id in held_ids:
            case = s.get_one(CaseRow, case_id)
            assert case.flags == [ReviewFlag.NOT_EXTRACTED] and case.held
            assert case.review_status == "pending" and case.perpetrators == []
            # never stored: its victims' names cannot be masked (a reviewer reads the original
            # from the archived page, tests/review_ui/test_browser_walkthrough.py)
            assert case.article.text == ""
            assert 0 < case.case_score <= 1
        rows = {r.country: r for r in language_coverage(s)}
    assert rows["BR"].skipped_unsupported_language == 4
    assert rows["BR"].not_extracted_candidates == 2
