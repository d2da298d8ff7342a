"""Raw page -> "no trafficking wording here": decided before the article text is extracted.

Most news pages are not about trafficking (77 of 995 in issue 15's news mix named it at all), and
trafilatura alone costs ~50-70 ms a page, over the whole budget of a page at 100 pages/s on two
cores. The page's HTML, tags replaced by spaces and entities decoded, is a superset of the text
trafilatura would extract from it (the same decoded string goes to trafilatura), so when no
registered language's trafficking vocabulary (`nlp/relevance.py`) matches anywhere in it, the
article text cannot match either and the case classifier could not accept it. A page in a
language tipwatch cannot extract is also kept whole when it names that language's trafficking
wording (`nlp/foreign_relevance.py`, checked in `nlp/article.py` after the cheap language guess
below): its text is scored for the review queue.

Such a page still counts in coverage as a fetched article of its outlet: `metadata_article`
keeps what coverage reads (canonical URL, title, publication date, language, a content hash
of the visible text) from cheap scans of the markup, with `metadata_only` set and no text:
the text stays in the page's WARC record (`tipwatch reextract` reads it again), and a text that
was never read for victims' names is never stored.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime

from tipwatch.crawlers.canonical import canonical_url
from tipwatch.domain.language_codes import canonical
from tipwatch.nlp.lang import registered
from tipwatch.nlp.langid import detect_language
from tipwatch.nlp.markup import trim_markup_text
from tipwatch.nlp.relevance import mentions_trafficking_in_any
from tipwatch.records import Article, FetchedPage, Skipped, content_hash

# Fewer characters of text than this make no article (the same floor as text extraction's).
MIN_TEXT_CHARS = 200

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_NOT_PROSE = re.compile(r"<(script|style|noscript|template|svg)\b.*?</\1\s*>", re.I | re.S)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)
_META = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_LINK = re.compile(r"<link\b[^>]*>", re.I)
_PARA = re.compile(r"<p\b[^>]*>(.*?)</p\s*>", re.I | re.S)
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"(\d{4}-\d{2}-\d{2})')
_TIME = re.compile(r"<time\b[^>]*\bdatetime\s*=\s*[\"']?(\d{4}-\d{2}-\d{2})", re.I)
_HTML_LANG = re.compile(r"<html\b[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)
_TITLE_KEYS = ("og:title", "twitter:title")
_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
)
# Characters of paragraph text given to the language detector (its cost is nearly flat in length
# up to here; the first paragraphs of a page are its article's in most layouts).
_LANGUAGE_SAMPLE = 300


def visible_text(body: str) -> str:
    """The decoded HTML without scripts (JSON-LD kept), styles, SVG, noscript, templates and
    comments, its tags replaced by spaces and entities decoded: a superset of the text
    trafilatura extracts (it drops those elements too, and reads JSON-LD, which stays)."""
    return page_texts(body)[1]


def page_texts(body: str) -> tuple[str, str]:
    """The page's markup trimmed of what never holds text (`trim_markup`), and its
    `visible_text`: one scan for both."""
    trimmed = _trimmed(body)
    return trimmed, html.unescape(_TAG.sub(" ", trimmed))


def _trimmed(body: str) -> str:
    return trim_markup_text(body)


def page_mentions_trafficking(body: str, visible: str | None = None) -> bool:
    """Does any registered language's trafficking vocabulary match anywhere in the page?
    (`visible`: the page's `visible_text`, when already at hand.) One literal scan of the text
    serves every language (`mentions_trafficking_in_any`)."""
    text = visible_text(body) if visible is None else visible
    return mentions_trafficking_in_any(registered(), text)


def _attrs(tag: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTR.finditer(tag)
    }


def _metas(body: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _META.finditer(body):
        a = _attrs(m.group(0))
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
        if key and "content" in a:
            out.setdefault(key, a["content"].strip())
    return out


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value.strip()[:10], "%Y-%m-%d").date()
    except ValueError:
        return None


def _title(body: str, metas: dict[str, str]) -> str | None:
    for key in _TITLE_KEYS:
        if metas.get(key):
            return _SPACE.sub(" ", metas[key]).strip()[:1000] or None
    m = _TITLE.search(body)
    if m:
        return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", m.group(1)))).strip()[:1000] or None
    return None


def _publish_date(body: str, metas: dict[str, str]) -> date | None:
    for key in _DATE_KEYS:
        if (found := _date(metas.get(key))) is not None:
            return found
    for rx in (_LD_DATE, _TIME):
        m = rx.search(body)
        if m and (found := _date(m.group(1))) is not None:
            return found
    return None


def _rel_canonical(body: str) -> str | None:
    for m in _LINK.finditer(body):
        a = _attrs(m.group(0))
        if "canonical" in a.get("rel", "").lower().split() and a.get("href", "").strip():
            return a["href"].strip()
    return None


def _prose(body: str, enough: int, *, trimmed: bool = False) -> list[str]:
    """The page's paragraphs (40+ characters) in order, until `enough` characters are in
    (`trimmed`: `body` is already without scripts, styles and the like)."""
    out: list[str] = []
    size = 0
    for m in _PARA.finditer(body if trimmed else _NOT_PROSE.sub(" ", body)):
        para = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", m.group(1)))).strip()
        if len(para) < 40:
            continue
        out.append(para)
        size += len(para)
        if size >= enough:
            break
    return out


def _language(body: str, title: str | None, prose: list[str]) -> str | None:
    sample = " ".join([title, *prose] if title else prose)[: _LANGUAGE_SAMPLE + 100]
    found = detect_language(sample) if prose else None
    if found is None:
        lang = _HTML_LANG.search(body[:5000])
        found = canonical(lang.group(1)) if lang else None
    return found


def metadata_article(
    page: FetchedPage,
    body: str,
    country_of_publication: str | None,
    visible: str | None = None,
    trimmed: str | None = None,
) -> Article | Skipped:
    """The article of a page that names no trafficking wording: metadata only, no text. A page
    with under `MIN_TEXT_CHARS` of text is a `too_short` skip, as text extraction
    would have made it (an empty page); the page's whole text counts, menus included, so no
    article is lost for being laid out without paragraphs. (`visible` and `trimmed`: the
    page's `page_texts`, when already at hand.)"""
    if trimmed is None or visible is None:
        trimmed, visible = page_texts(body)
    prose = _prose(trimmed, _LANGUAGE_SAMPLE, trimmed=True)
    # str.split() and re's \s split on the same (Unicode) whitespace
    visible = " ".join(visible.split())
    chars = len(visible)
    if chars < MIN_TEXT_CHARS:
        return Skipped(
            stage="article",
            reason="too_short",
            url=page.final_url or page.url,
            source_id=page.source_id,
            detail=f"{chars} characters of text on the page, no trafficking wording",
        )
    metas = _metas(body)
    title = _title(body, metas)
    final_url = page.final_url or page.url
    return Article(
        canonical_url=canonical_url(final_url, _rel_canonical(body)),
        url=page.url,
        title=title,
        text="",
        publish_date=_publish_date(body, metas),
        language=_language(body, title, prose),
        source_id=page.source_id,
        country_of_publication=country_of_publication,
        content_hash=content_hash(visible),
        fetched_at=page.fetched_at,
        metadata_only=True,
    )
