"""Fetched page -> Article: readable text, title, date, canonical URL, language."""

from __future__ import annotations

import re
from datetime import date, datetime

import trafilatura
from lxml import html as lxml_html
from trafilatura.settings import use_config

from tipwatch.crawlers.canonical import canonical_url
from tipwatch.nlp.deadline import ExtractTimeout, deadline
from tipwatch.nlp.foreign_relevance import mentions_trafficking as foreign_mentions_trafficking
from tipwatch.nlp.lang import for_language
from tipwatch.nlp.langid import detect_language
from tipwatch.nlp.markup import trim_markup
from tipwatch.nlp.sniff import binary_kind
from tipwatch.nlp.triage import (
    MIN_TEXT_CHARS,
    metadata_article,
    page_mentions_trafficking,
    page_texts,
)
from tipwatch.records import Article, FetchedPage, Skipped, content_hash

# detect_language and trim_markup live in nlp/langid.py and nlp/markup.py (nlp/triage.py uses
# them too); they stay importable from here.
__all__ = ["detect_language", "page_to_article", "text_to_article", "trim_markup"]

MAX_TREE_SIZE = 60_000
# Largest HTML (bytes) handed to trafilatura, after dropping scripts, styles and comments from a
# page over it: extraction time and memory grow with the page (about 2.5 s and 15-30 MB per MB
# measured, `bench/hostile_input.py`), so a larger page is skipped as `too_large_to_extract`.
# `Settings.extract_max_html_bytes` (TIPWATCH_EXTRACT_MAX_HTML_BYTES) overrides it.
MAX_HTML_BYTES = 2 * 1024 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Seconds trafilatura may spend on one page (`Settings.extract_timeout`, TIPWATCH_EXTRACT_TIMEOUT).
# Real pages under the size cap take well under a second (bench/hostile_input.py).
EXTRACT_TIMEOUT = 20.0
_CONFIG = use_config()
_CONFIG.set("DEFAULT", "max_tree_size", str(MAX_TREE_SIZE))


def _header(headers: dict[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return ""


def _rel_canonical(body: str) -> str | None:
    try:
        tree = lxml_html.fromstring(body)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    for link in tree.xpath("//link[@rel]"):
        rels = str(link.get("rel", "")).lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rels and href:
            return href
    return None


def _parse_date(value: object) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(str(value)[:10], "%Y-%m-%d").date()
    except ValueError:
        return None


def _decode(page: FetchedPage) -> str:
    ctype = _header(page.headers, "content-type")
    match = re.search(r"charset=([\w-]+)", ctype, re.I)
    encoding = match.group(1) if match else "utf-8"
    try:
        return page.body.decode(encoding, errors="replace")
    except LookupError:
        return page.body.decode("utf-8", errors="replace")


def page_to_article(
    page: FetchedPage,
    country_of_publication: str | None,
    *,
    max_html_bytes: int = MAX_HTML_BYTES,
    timeout: float | None = EXTRACT_TIMEOUT,
    triage: bool = False,
) -> Article | Skipped:
    """Extract the article from one fetched page, or say why it was skipped.

    With `triage`, a page whose markup names no trafficking wording at all gives a
    metadata-only article (`nlp/triage.py`) without running trafilatura.

    A page over `max_html_bytes` loses its scripts, styles and comments first; if it is still
    over, it is skipped as `too_large_to_extract` before trafilatura sees it; trafilatura gets
    `timeout` seconds (main thread only, see `nlp/deadline.py`), else the page is skipped as
    `extract_timeout` (issue 14, C19).
    """

    def skip(reason: str, detail: str | None = None) -> Skipped:
        return Skipped(
            stage="article",
            reason=reason,
            url=page.final_url or page.url,
            source_id=page.source_id,
            detail=detail,
        )

    if page.status >= 400:
        return skip("http_error", f"HTTP {page.status}")
    ctype = _header(page.headers, "content-type").lower()
    if ctype and not any(t in ctype for t in _HTML_TYPES):
        return skip("not_html", ctype)
    kind = binary_kind(page.body, ctype)
    if kind is not None:
        # PDF, image or archive bytes under an HTML (or no) content type: never parsed as markup.
        return skip("not_html", f"{kind} served as {ctype or 'no content-type'}")
    if not page.body.strip():
        return skip("no_text", "empty body")
    if len(page.body) > max_html_bytes:
        trimmed = trim_markup(page.body)
        if len(trimmed) > max_html_bytes:
            return skip(
                "too_large_to_extract",
                f"{len(page.body)} bytes of HTML, {len(trimmed)} without scripts, styles and "
                f"comments; limit {max_html_bytes} bytes (TIPWATCH_EXTRACT_MAX_HTML_BYTES)",
            )
        page = page.model_copy(update={"body": trimmed})
    body = _decode(page)
    if not ctype and "<html" not in body[:2000].lower() and "<body" not in body.lower():
        return skip("not_html", "no content-type and no html markup")
    if triage:
        markup, visible = page_texts(body)
        if not page_mentions_trafficking(body, visible):
            meta = metadata_article(page, body, country_of_publication, visible, markup)
            # A page in a language tipwatch cannot extract keeps its text when it names that
            # language's trafficking wording: the extractor scores it for the review queue.
            if not (
                isinstance(meta, Article)
                and meta.language is not None
                and for_language(meta.language) is None
                and foreign_mentions_trafficking(visible, meta.language)
            ):
                return meta
    final_url = page.final_url or page.url
    try:
        with deadline(timeout) as limit:
            doc = trafilatura.bare_extraction(
                body,
                url=final_url,
                favor_precision=True,
                include_comments=False,
                include_tables=False,
                include_links=False,
                with_metadata=True,
                config=_CONFIG,
            )
    except ExtractTimeout:
        pass  # the limit says it expired
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        return skip("extraction_error", f"{type(exc).__name__}: {exc}")
    if limit.expired:
        # Cut by the timer, or run on past it where its exception was dropped (a garbage-
        # collection callback): a page past its deadline either way.
        return skip(
            "extract_timeout",
            f"trafilatura ran over {timeout} s on {len(body)} characters of HTML "
            "(TIPWATCH_EXTRACT_TIMEOUT)",
        )
    if doc is None:
        return skip("no_text", "trafilatura found no main text")
    doc = doc if isinstance(doc, dict) else doc.as_dict()
    text = str(doc.get("text") or "").strip()
    if not text:
        return skip("no_text", "trafilatura found no main text")
    if len(text) < MIN_TEXT_CHARS:
        return skip("too_short", f"{len(text)} characters")
    title = doc.get("title")
    return Article(
        canonical_url=canonical_url(final_url, _rel_canonical(body)),
        url=page.url,
        title=str(title) if title else None,
        text=text,
        publish_date=_parse_date(doc.get("date")),
        language=detect_language(text),
        source_id=page.source_id,
        country_of_publication=country_of_publication,
        content_hash=content_hash(text),
        fetched_at=page.fetched_at,
    )


def text_to_article(
    text: str,
    *,
    url: str,
    source_id: str,
    country_of_publication: str | None = None,
    title: str | None = None,
    publish_date: date | None = None,
    language: str | None = None,
) -> Article | Skipped:
    """Wrap plain text as an Article (language detected when not given)."""
    if not text.strip():
        return Skipped(stage="article", reason="no_text", url=url, source_id=source_id)
    return Article(
        canonical_url=url,
        url=url,
        title=title,
        text=text,
        publish_date=publish_date,
        language=language or detect_language(text),
        source_id=source_id,
        country_of_publication=country_of_publication,
        content_hash=content_hash(text),
    )
