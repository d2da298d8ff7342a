"""Non-English routing: one language-code convention, per-language trafficking vocabularies,
and the extraction record of an article tipwatch cannot extract."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml

from tests.factories import make_article
from tipwatch.crawlers.source_defs import Source
from tipwatch.domain.language_codes import canonical, is_language
from tipwatch.metrics.build import build_report
from tipwatch.metrics.effort import SourceFact
from tipwatch.metrics.language import UnsupportedSkip, language_table
from tipwatch.metrics.render import country_text
from tipwatch.nlp.article import page_to_article
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.nlp.foreign_relevance import languages, score
from tipwatch.nlp.langid import detect_language
from tipwatch.records import UNSUPPORTED_LANGUAGE, Article, Extraction, FetchedPage
from tipwatch.store.db import Store
from tipwatch.store.models import ExtractionRow, SourceRow
from tipwatch.store.repository import save_article, save_extraction

ROOT = Path(__file__).resolve().parents[2]
RELEVANCE = ROOT / "nlp" / "corpus" / "relevance" / "masakhanews.jsonl"
LANGID = ROOT / "nlp" / "corpus" / "langid" / "short_news.jsonl"
DEMO_TAGALOG = (
    ROOT / "tipwatch/demo/site/visayas-post/articles/siyam-na-kababaihan-nasagip-pantalan-cebu.html"
)
REGISTRY_LANGUAGES = {
    "hi", "bn", "ne", "ur", "si", "ta", "fil", "ms", "id", "th", "km", "sw", "ha", "yo", "fr",
    "es", "pt",
}  # fmt: skip


def _rows(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def _demo_tagalog_text() -> str:
    page = DEMO_TAGALOG.read_text("utf-8")
    body = re.search(r"<article\b.*?</article>", page, re.S)
    assert body is not None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body.group(0))).strip()


# --- the code convention -----------------------------------------------------------------------


def test_one_code_for_filipino_at_every_spelling() -> None:
    assert {canonical(c) for c in ("tl", "TL", "fil", "tgl", "fil-PH")} == {"fil"}
    assert (canonical("fra"), canonical("pt-BR"), canonical("zh_Hant"), canonical("npi")) == (
        "fr",
        "pt",
        "zh",
        "ne",
    )
    assert is_language("fil") and not is_language("und") and not is_language("qq")


def test_detector_reports_tagalog_as_fil() -> None:
    assert detect_language(_demo_tagalog_text()) == "fil"


def test_registry_writes_tl_as_fil() -> None:
    src = Source.model_validate(
        {
            "id": "ph-x",
            "name": "X",
            "country": "PH",
            "languages": ["en", "tl", "fil"],
            "homepage": "https://x.example/",
        }
    )
    assert src.languages == ["en", "fil"]


def test_philippines_is_not_monitored_and_unmonitored_in_filipino_at_once() -> None:
    # Babel's real CLDR table (which says "fil") against an outlet registered as "tl" and an
    # article the detector once stored as "tl": one language, monitored, skips counted under it.
    rows = language_table(
        [SourceFact("ph-a", "PH", ("en", "tl"))], [UnsupportedSkip("PH", "tl", 2)]
    )
    ph = rows[0]
    assert ph.monitored_languages == ["en", "fil"]
    assert "fil" not in ph.largest_unmonitored_languages
    assert "tl" not in ph.largest_unmonitored_languages
    assert ph.skipped_by_language == {"fil": 2}
    # English 64% and Filipino 60%: the lower bound is the larger of the two, not English alone
    assert ph.population_share_lower_pct == 64.0 and ph.population_share_pct == 100.0


def test_every_vocabulary_is_in_the_convention() -> None:
    assert set(languages()) == REGISTRY_LANGUAGES
    assert all(canonical(code) == code for code in languages())


# --- the vocabularies on real text -------------------------------------------------------------


def test_candidates_in_real_articles_and_hard_negatives_rejected() -> None:
    rows = _rows(RELEVANCE)
    positives = {r["where"]: r for r in rows if r["label"] == "trafficking"}
    # a father arrested in Liberia for selling his son (French); NAPTIP warns about
    # trafficking to Europe (Hausa)
    for where in ("data/fra/test.tsv#97", "data/hau/test.tsv#11"):
        row = positives[where]
        result = score(row["text"], row["language"])
        assert result is not None and result.is_candidate, where
    negatives = [r for r in rows if r["label"] == "negative"]
    assert len(negatives) >= 160
    flagged = [
        r["where"] for r in negatives if (s := score(r["text"], r["language"])) and s.is_candidate
    ]
    # other crime, courts and police: at most 2% are taken for trafficking
    assert len(flagged) * 50 <= len(negatives), flagged


def test_words_match_at_boundaries_and_thai_inside_words() -> None:
    hausa = score("An kama mutane uku kan fataucin mutane a Kano", "ha")
    assert hausa is not None and hausa.is_candidate
    assert hausa.trafficking_terms == ["fataucin mutane"]
    # "kotun" is a word of its own; "kotu" does not match inside it only by accident
    assert "kotu" not in (score("Kotunan", "ha") or hausa).legal_terms
    thai = score("ตำรวจจับกุมผู้ต้องหาคดีค้ามนุษย์ที่ชายแดน", "th")
    assert thai is not None and thai.is_candidate
    assert "ค้ามนุษย์" in thai.trafficking_terms and "จับกุม" in thai.legal_terms
    # drug trafficking is not trafficking in persons
    drugs = score("Trafic de drogue : trois hommes arrêtés et condamnés à Dakar", "fr")
    assert drugs is not None and not drugs.is_candidate and drugs.trafficking_terms == []


def test_yoruba_tone_marks_are_folded() -> None:
    result = score("Ọlọ́pàá mú àwọn afurasí NAPTIP ní ilé ẹjọ́", "yo")
    assert result is not None
    assert result.trafficking_terms == ["naptip"]
    assert {"olopaa", "ile ejo"} <= set(result.legal_terms)


def test_langid_corpus_rows_name_their_source() -> None:
    rows = _rows(LANGID)
    assert len({r["language"] for r in rows}) >= 17
    assert all(r["repo"] and r["commit"] and r["licence"] and r["where"] for r in rows)
    assert all(100 <= len(r["text"]) <= 400 for r in rows)


# --- the extraction record ---------------------------------------------------------------------


def test_non_english_article_is_skipped_with_its_relevance(store: Store) -> None:
    text = _demo_tagalog_text()
    extraction = CaseExtractor().extract_text(text, source="https://visayas.example/a")
    assert extraction.language == "fil"
    assert extraction.skipped == UNSUPPORTED_LANGUAGE
    foreign = extraction.foreign_relevance
    assert foreign is not None and foreign.is_candidate and foreign.language == "fil"
    assert foreign.legal_terms and foreign.trafficking_terms
    # the extractor's own words never include a name from the text
    assert "Gerona" not in json.dumps(extraction.to_cli_json())
    assert extraction.to_cli_json()["foreign_relevance"]["is_candidate"] is True
    # kept in the store's payload, read back as the same record
    article = make_article("https://visayas.example/a", text)
    with store.session() as s:
        row, _ = save_article(s, article.model_copy(update={"language": "fil"}), extraction)
        save_extraction(s, row, extraction)
        stored = s.query(ExtractionRow).filter_by(article_id=row.id).one()
        again = Extraction.model_validate(stored.payload)
    assert again.foreign_relevance == foreign


def test_english_and_vocabulary_less_languages_carry_no_relevance() -> None:
    extractor = CaseExtractor()
    german = extractor.extract_text(
        "Die Polizei hat in Berlin zwei Männer wegen Menschenhandels festgenommen. " * 3,
        source="de",
    )
    assert german.skipped == UNSUPPORTED_LANGUAGE and german.foreign_relevance is None
    assert "foreign_relevance" not in german.to_cli_json()


@pytest.mark.parametrize("path", sorted((ROOT / "nlp/lang/vocab").glob("*.yaml")))
def test_vocabulary_files_name_their_sources(path: Path) -> None:
    header = [ln for ln in path.read_text("utf-8").splitlines() if ln.startswith("#")]
    data = yaml.safe_load(path.read_text("utf-8"))
    assert len(header) >= 2 and "from" in header[0].lower() + header[1].lower()
    assert data["language"] == path.stem and data["trafficking"] and data["legal"]


def test_malay_read_as_indonesian_still_matches_malay_wording() -> None:
    # the detector reads 7 of 28 short Malay texts as Indonesian (bench/langid.py)
    result = score("Polis menahan tiga suspek kes pemerdagangan orang di Johor Bahru", "id")
    assert result is not None and result.is_candidate
    assert result.trafficking_terms == ["pemerdagangan orang"]


def test_portuguese_set_tells_people_from_drugs_and_influence() -> None:
    rows = _rows(ROOT / "nlp" / "corpus" / "relevance" / "pt_jamildo.jsonl")
    by_kind: dict[str, list[bool]] = {}
    for row in rows:
        result = score(row["text"], "pt")
        assert result is not None
        by_kind.setdefault(row["kind"], []).append(result.is_candidate)
    # drug trafficking and influence peddling ("tráfico de influência") are almost never taken
    assert sum(by_kind["drug_trafficking"]) <= 2 < len(by_kind["drug_trafficking"]) // 10
    assert not any(by_kind["influence_peddling"])
    # and at least half the trafficking-related posts are candidates
    assert sum(by_kind["trafficking_related"]) * 2 >= len(by_kind["trafficking_related"])


def _html_page(title: str, body: str) -> FetchedPage:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in body.split(". ") if p)
    page = (
        f"<html><head><title>{html.escape(title)}</title></head><body>"
        f"<article><h1>{html.escape(title)}</h1>{paras}</article></body></html>"
    )
    return FetchedPage(
        url="https://blog.example.br/post",
        final_url="https://blog.example.br/post",
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=page.encode(),
        fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
        source_id="br-demo",
    )


def test_triage_keeps_the_text_of_a_foreign_page_naming_trafficking() -> None:
    # Real Portuguese posts: a page in a language tipwatch cannot extract keeps its text (for
    # the scorer) when it names that language's trafficking wording, and is metadata-only
    # otherwise, like an English page without trafficking wording.
    rows = {
        r["where"]: r for r in _rows(ROOT / "nlp" / "corpus" / "relevance" / "pt_jamildo.jsonl")
    }
    trafficking = next(r for r in rows.values() if "trafico-de-seres-humanos" in r["where"])
    drugs = next(r for r in rows.values() if "trafico-de-drogas" in r["where"])
    kept, dropped = (
        page_to_article(_html_page(*r["text"].split("\n", 1)), "BR", triage=True)
        for r in (trafficking, drugs)
    )
    assert isinstance(kept, Article) and isinstance(dropped, Article)
    assert (kept.language, dropped.language) == ("pt", "pt")
    assert not kept.metadata_only and "tráfico de seres humanos" in kept.text.lower()
    assert dropped.metadata_only and dropped.text == ""


def test_coverage_report_reads_old_tl_rows_as_filipino(store: Store) -> None:
    # A store written before the convention: the outlet registered as "en, tl" and a Tagalog
    # article stored as "tl" and skipped. The rendered report names Filipino once, monitored.
    text = _demo_tagalog_text()
    with store.session() as s:
        s.add(SourceRow(id="ph-a", name="P", country="PH", languages=["en", "tl"], homepage="x"))
        s.flush()
        art = make_article("https://ph.example/a", text, source_id="ph-a", country="PH")
        skipped = Extraction(
            source=art.canonical_url,
            language="tl",
            is_case=False,
            case_score=0.0,
            skipped=UNSUPPORTED_LANGUAGE,
        )
        row, _ = save_article(s, art.model_copy(update={"language": "tl"}), skipped)
        save_extraction(s, row, skipped)
    with store.session() as s:
        report = build_report(s, today=date(2026, 3, 10))
    ph = next(c for c in report.countries if c.country == "PH")
    block = country_text(ph)
    assert "en,fil:" in block and "1 articles skipped" in block
    assert "largest unmonitored: es 31%" in block
    assert "fil 60%" not in block and "tl" not in block.split("Languages", 1)[1].split("\n")[0]
