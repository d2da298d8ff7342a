"""Parsing of discovery pages: RSS/Atom feeds, (news) sitemaps, section and search pages.

Pure functions over bytes; the spider does the fetching. XML is parsed with entity resolution and
network access off, so a hostile feed cannot read local files or reach other hosts.
"""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import quote, quote_plus, urldefrag, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

HTTP_SCHEMES = ("http", "https")


class DiscoveryError(ValueError):
    """A discovery page could not be parsed as what it was declared to be."""


@dataclass(frozen=True)
class Link:
    """An article URL found on a discovery page, with the date the page gave for it, if any."""

    url: str
    published: datetime | None = None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        recover=True,
        resolve_entities=False,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
    )


def _parse_xml(body: bytes, what: str) -> etree._Element:
    body = body.lstrip()
    if not body:
        raise DiscoveryError(f"empty {what}")
    try:
        root = etree.fromstring(body, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise DiscoveryError(f"{what} is not XML: {exc}") from exc
    if root is None:
        raise DiscoveryError(f"{what} is not XML")
    return root


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if _local(c) == name]


def _text(el: etree._Element | None) -> str:
    if el is None or el.text is None:
        return ""
    return str(el.text).strip()


def parse_date(value: str) -> datetime | None:
    """RFC 822 (RSS) or W3C/ISO 8601 (Atom, sitemaps) date -> aware UTC datetime, else None."""
    value = value.strip()
    if not value:
        return None
    dt: datetime | None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def _first_date(el: etree._Element, names: tuple[str, ...]) -> datetime | None:
    for name in names:
        for child in _children(el, name):
            dt = parse_date(_text(child))
            if dt is not None:
                return dt
    return None


def parse_feed(body: bytes, base_url: str) -> list[Link]:
    """Article links of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in document order."""
    root = _parse_xml(body, "feed")
    kind = _local(root)
    links: list[Link] = []
    if kind == "feed":  # Atom
        for entry in root.iter("{*}entry"):
            href = ""
            for link in _children(entry, "link"):
                rel = link.get("rel", "alternate")
                if rel == "alternate" and link.get("href"):
                    href = link.get("href", "")
                    break
            if href:
                date = _first_date(entry, ("published", "updated"))
                links.append(Link(urljoin(base_url, href.strip()), date))
    elif kind in ("rss", "RDF"):
        for item in root.iter("{*}item"):
            href = ""
            for link in _children(item, "link"):
                href = _text(link) or link.get("href", "")
                if href:
                    break
            if not href:
                for guid in _children(item, "guid"):
                    if guid.get("isPermaLink", "true").lower() == "true":
                        href = _text(guid)
            if href:
                date = _first_date(item, ("pubDate", "date", "published", "updated"))
                links.append(Link(urljoin(base_url, href), date))
    else:
        raise DiscoveryError(f"feed root element is <{kind}>, expected <rss>, <RDF> or <feed>")
    return links


@dataclass(frozen=True)
class SitemapContent:
    kind: str  # "urlset" or "sitemapindex"
    links: list[Link]


def parse_sitemap(body: bytes, base_url: str, *, max_size: int = 0) -> SitemapContent:
    """A sitemap (plain or gzip), Google News sitemap or sitemap index.

    For each URL the date is the news `publication_date` if given, else `lastmod`.
    """
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body, max_size)
    root = _parse_xml(body, "sitemap")
    kind = _local(root)
    if kind not in ("urlset", "sitemapindex"):
        raise DiscoveryError(f"sitemap root element is <{kind}>, expected <urlset>")
    child = "url" if kind == "urlset" else "sitemap"
    links: list[Link] = []
    for entry in _children(root, child):
        loc = "".join(_text(x) for x in _children(entry, "loc"))
        if not loc:
            continue
        date: datetime | None = None
        for news in _children(entry, "news"):
            date = _first_date(news, ("publication_date",))
        if date is None:
            date = _first_date(entry, ("lastmod",))
        links.append(Link(urljoin(base_url, loc), date))
    return SitemapContent(kind, links)


def _gunzip(body: bytes, max_size: int) -> bytes:
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as gz:
            while chunk := gz.read(1 << 16):
                out.write(chunk)
                if max_size and out.tell() > max_size:
                    raise DiscoveryError(f"gzip sitemap larger than {max_size} bytes unpacked")
    except (OSError, EOFError) as exc:
        raise DiscoveryError(f"bad gzip sitemap: {exc}") from exc
    return out.getvalue()


def section_links(hrefs: list[str], base_url: str, article_pattern: str) -> list[Link]:
    """Links of a section page whose absolute URL matches `article_pattern` (regex search)."""
    pattern = re.compile(article_pattern)
    out: list[Link] = []
    for href in hrefs:
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = normalize_url(urljoin(base_url, href))
        if url and pattern.search(url):
            out.append(Link(url))
    return out


def normalize_url(url: str) -> str:
    """Absolute http(s) URL without fragment, or "" if it is not one."""
    url = urldefrag(url.strip())[0]
    parts = urlsplit(url)
    if parts.scheme.lower() not in HTTP_SCHEMES or not parts.hostname:
        return ""
    return url


# --- on-site search ------------------------------------------------------------------------------

SEARCH_PLACEHOLDER = "{query}"


def build_search_urls(template: str, terms: Sequence[str]) -> list[str]:
    """One search-results URL per term: `{query}` in `template` replaced by the encoded term.

    In the query string the term is form-encoded (`human+trafficking`); in the path it is
    percent-encoded (`human%20trafficking`). Duplicate terms give one URL.
    """
    if SEARCH_PLACEHOLDER not in template:
        raise ValueError(f"search URL template has no {SEARCH_PLACEHOLDER}: {template!r}")
    in_query = "?" in template.split(SEARCH_PLACEHOLDER, 1)[0]
    urls: list[str] = []
    for term in terms:
        term = " ".join(term.split())
        if not term:
            continue
        encoded = quote_plus(term) if in_query else quote(term, safe="")
        url = template.replace(SEARCH_PLACEHOLDER, encoded)
        if url not in urls:
            urls.append(url)
    return urls


def html_hrefs(body: bytes) -> list[str]:
    """The `href` of every `<a>` of an HTML page, in document order ("" body gives [])."""
    if not body.strip():
        return []
    try:
        doc = lxml_html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return []
    return [str(a.get("href")) for a in doc.iter("a") if a.get("href") is not None]


def parse_search_results(body: bytes, base_url: str, article_pattern: str) -> list[Link]:
    """Article links of an on-site search-results page (HTML).

    Same filtering as a section page (`section_links`: absolute http(s), matching
    `article_pattern`), minus links back to the results page itself (pagination, sorting
    and "search again" links carry the query) and duplicates, in document order.
    """
    page = urlsplit(normalize_url(base_url) or base_url)
    out: list[Link] = []
    seen: set[str] = set()
    for link in section_links(html_hrefs(body), base_url, article_pattern):
        parts = urlsplit(link.url)
        if parts.netloc == page.netloc and parts.path == page.path and parts.query:
            continue
        if link.url in seen:
            continue
        seen.add(link.url)
        out.append(link)
    return out
