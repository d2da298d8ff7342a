"""The fresh reading of an article an analyst promotes to the review queue.

The text is the stored one, or, when the store kept none (a page without trafficking wording
is kept only in its archived WARC record), the article extracted again from that record. The
extractor then reads it with the case threshold at zero: it lists the people, charges and
jurisdiction it finds even in a text it would not take for a case, and masks the names of
victims, minors and witnesses before the text is stored. One extractor per process, loaded on
the first promotion.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from tipwatch.crawlers.warc import WarcError, read_page_at
from tipwatch.nlp.article import page_to_article
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.records import Extraction, Skipped
from tipwatch.settings import Settings
from tipwatch.store.models import ArticleRow


class TextUnavailable(RuntimeError):
    """The article's text is neither stored nor readable from its archived page."""


@cache
def _reader() -> CaseExtractor:
    return CaseExtractor(case_threshold=0.0)


def archived_text(settings: Settings, article: ArticleRow) -> str:
    """The article's text extracted again from its archived page."""
    if not article.warc_path:
        raise TextUnavailable("the store kept no text and knows no archived page for it")
    try:
        page = read_page_at(
            Path(article.warc_path),
            int(article.warc_offset or 0),
            max_body_bytes=settings.max_body_bytes,
        )
    except (OSError, WarcError) as exc:
        raise TextUnavailable(f"its archived page cannot be read: {exc}") from exc
    got = page_to_article(
        page,
        article.country_of_publication,
        max_html_bytes=settings.extract_max_html_bytes,
        timeout=settings.extract_timeout,
        triage=False,
    )
    if isinstance(got, Skipped):
        raise TextUnavailable(f"no article text in its archived page ({got.reason})")
    return got.text


def original_text(settings: Settings, article: ArticleRow) -> str | None:
    """The original text of an article in a language tipwatch cannot extract, read from its
    archived page for a reviewer who reads the language (the store never keeps it: its
    victims' names cannot be masked). None when the page cannot be read."""
    if article.text:
        return None
    try:
        return archived_text(settings, article)
    except TextUnavailable:
        return None


def fresh_reading(settings: Settings, article: ArticleRow) -> tuple[Extraction, str | None]:
    """(the extraction, the text read from the archive or None when the store has it)."""
    text = None if article.text else archived_text(settings, article)
    extraction = _reader().extract_text(
        text if text is not None else article.text,
        source=article.canonical_url,
        language=article.language,
        publication_country=article.country_of_publication,
    )
    return extraction, text
