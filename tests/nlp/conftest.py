from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from tipwatch.nlp.article import page_to_article
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.records import Article, Extraction, FetchedPage, Skipped

DEMO_DIR = Path(__file__).resolve().parents[2] / "tipwatch" / "demo"


@pytest.fixture(scope="session")
def extractor() -> CaseExtractor:
    """The real spaCy model with tipwatch's components, loaded once for the whole session."""
    return CaseExtractor()


@pytest.fixture(scope="session")
def demo_key() -> dict[str, Any]:
    """The demo site's answer key (tipwatch/demo/expected.yaml)."""
    key: dict[str, Any] = yaml.safe_load((DEMO_DIR / "expected.yaml").read_text("utf-8"))
    return key


@pytest.fixture(scope="session")
def demo_results(
    extractor: CaseExtractor, demo_key: dict[str, Any]
) -> list[tuple[dict[str, Any], Article | Skipped, Extraction | None]]:
    """(key entry, article, extraction) for every demo article: HTML -> page_to_article ->
    CaseExtractor.extract_article, the path the pipeline takes."""
    out: list[tuple[dict[str, Any], Article | Skipped, Extraction | None]] = []
    for entry in demo_key["articles"]:
        path = DEMO_DIR / "site" / entry["outlet"] / entry["path"].lstrip("/")
        body = path.read_bytes().replace(b"{{BASE}}", b"http://127.0.0.2:8000")
        url = "http://127.0.0.2:8000" + entry["path"]
        page = FetchedPage(
            url=url,
            final_url=url,
            status=200,
            headers={"Content-Type": "text/html; charset=utf-8"},
            body=body,
            fetched_at=datetime(2026, 12, 1, tzinfo=UTC),
            source_id=entry["outlet"],
        )
        country = demo_key["outlets"][entry["outlet"]]["country"]
        article = page_to_article(page, country)
        extraction = extractor.extract_article(article) if isinstance(article, Article) else None
        out.append((entry, article, extraction))
    return out
