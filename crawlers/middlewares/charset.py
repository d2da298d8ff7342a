"""Make an HTML response's `Content-Type` charset say what its bytes really are.

Downstream code (`FetchedPage` -> `nlp.article`) decodes the body with the `Content-Type`
charset, defaulting to UTF-8; Scrapy lets the header win over `<meta charset>` (scrapy#4933).
Real sites get this wrong (a server-wide `charset=iso-8859-1` on UTF-8 pages, pages declaring
their charset only in `<meta>`, undeclared Shift_JIS), which mangles names. The charset is
chosen, for HTML responses with non-ASCII bytes, in this order:

1. a byte-order mark;
2. UTF-8, when the bytes are valid UTF-8 (legacy text is practically never valid UTF-8);
3. the `<meta>` charset, when the header only has a server-default label (ISO-8859-1, ASCII,
   windows-1252) or none, and the bytes decode in it;
4. the header charset, when the bytes decode in it;
5. the `<meta>` charset, when the bytes decode in it;
6. windows-1252, when UTF-8 was declared (header or `<meta>`) but the bytes are not UTF-8 and
   read as Latin text in windows-1252: a page saved by a legacy editor under a server's UTF-8
   label; statistical detection guesses other Latin code pages for short texts ("Núńez" for
   "Núñez" in windows-1250), and browsers fall back to windows-1252 for Latin locales;
7. detection (charset-normalizer), else windows-1252.

ISO-8859-1/ASCII labels are read as windows-1252, as browsers do. When the choice differs from
the header, the header becomes `<type>; charset=<choice>` and the original value is kept in
`X-Tipwatch-Original-Content-Type`. The body bytes are never changed.

Sits below `HttpCompressionMiddleware` (590) so it sees decompressed bodies.
Setting: `TIPWATCH_CHARSET_FIX_ENABLED` (default True).
"""

from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Request, Response, TextResponse
from scrapy.responsetypes import responsetypes
from w3lib.encoding import html_body_declared_encoding, read_bom

logger = logging.getLogger(__name__)

ORIGINAL_HEADER = "X-Tipwatch-Original-Content-Type"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Labels servers send by default; a <meta> declaration is more likely to be right.
_WEAK = frozenset({"iso8859-1", "ascii", "cp1252"})
_CHARSET_PARAM = re.compile(r";\s*charset\s*=\s*(\"[^\"]*\"|[^;\s]*)", re.I)
# How much of the body the detector looks at.
_DETECT_BYTES = 200_000


def _codec(label: str | None) -> str | None:
    """Python codec name of a charset label (latin-1/ascii read as windows-1252), or None."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if name in ("iso8859-1", "ascii") else name


def _raw_codec(label: str | None) -> str | None:
    try:
        return codecs.lookup(label.strip().strip("\"'")).name if label else None
    except LookupError:
        return None


def _label(codec: str) -> str:
    """A charset label for the header that browsers and Python both understand."""
    if codec.startswith("cp125"):
        return "windows-" + codec[2:]
    if codec.startswith("iso8859-"):
        return "iso-" + codec[3:]
    return codec.replace("_", "-") if codec in ("euc_jp", "euc_kr") else codec


def _decodes(body: bytes, codec: str | None) -> bool:
    if codec is None:
        return False
    try:
        body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def header_charset(content_type: str) -> str | None:
    match = _CHARSET_PARAM.search(content_type)
    return match.group(1).strip("\"'") if match else None


# Characters a windows-1252 reading of Latin-script text produces beyond ASCII: Latin-1 letters
# and signs, and the curly quotes, dashes, ellipsis and euro sign of the 0x80-0x9F block.
_LATIN_1252 = re.compile(r"[\u00a0-\u00ff\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u20ac]")


_WORD = re.compile(r"[^\W\d_]{2,}")


def _latin_in_1252(body: bytes) -> bool:
    """The bytes decode in windows-1252 to Latin-script text: every non-ASCII character is a
    Latin-1 letter or sign or typographic punctuation, and words with accents still have ASCII
    letters ("Núñez", "été"). Another single-byte script read as windows-1252 also gives Latin-1
    letters, but whole words of them (windows-1251 "Иван" reads "Èâàí"), so it is refused."""
    try:
        text = body.decode("cp1252")
    except UnicodeDecodeError:
        return False
    if not all(_LATIN_1252.fullmatch(ch) for ch in text if ord(ch) > 0x7F):
        return False
    accented = [w for w in _WORD.findall(text) if not w.isascii()]
    foreign = [w for w in accented if not any(ch.isascii() for ch in w)]
    return len(foreign) * 2 < len(accented)


def choose_charset(body: bytes, declared: str | None) -> str | None:
    """The Python codec the body is in, or None when any ASCII-compatible one will do."""
    bom, _ = read_bom(body)
    if bom:
        return _codec(bom)
    if body.isascii():
        return None
    if _decodes(body, "utf-8"):
        return "utf-8"
    header = _codec(declared)
    meta = _codec(html_body_declared_encoding(body[:4096]))
    if meta and (header is None or header in _WEAK) and _decodes(body, meta):
        return meta
    if _decodes(body, header):
        return header
    if _decodes(body, meta):
        return meta
    if "utf-8" in (header, meta) and _latin_in_1252(body):
        return "cp1252"
    match = from_bytes(body[:_DETECT_BYTES]).best()
    detected = _codec(match.encoding) if match is not None else None
    return detected or "cp1252"


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lower()
    return b"<html" in head or b"<!doctype html" in head or b"<meta" in head


class CharsetMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetMiddleware:
        if not crawler.settings.getbool("TIPWATCH_CHARSET_FIX_ENABLED", True):
            raise NotConfigured("TIPWATCH_CHARSET_FIX_ENABLED is off")
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        raw = response.headers.get(b"Content-Type")
        content_type = raw.decode("latin-1") if raw else ""
        media = content_type.split(";", 1)[0].strip().lower()
        if media and media not in _HTML_TYPES:
            return response
        if not media and not _looks_like_html(response.body):
            return response
        declared = header_charset(content_type)
        chosen = choose_charset(response.body, declared)
        if chosen is None or chosen == _raw_codec(declared):
            return response
        label = _label(chosen)
        base = _CHARSET_PARAM.sub("", content_type).strip() or "text/html"
        headers = Headers(response.headers)
        headers[b"Content-Type"] = f"{base}; charset={label}"
        if raw:
            headers[ORIGINAL_HEADER] = raw
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("tipwatch/charset_fixed")
        logger.info(
            "Charset of %s: %r declared, bytes are %s",
            response.url,
            content_type,
            label,
            extra={"spider": self.crawler.spider},
        )
        cls = responsetypes.from_args(headers=headers, url=response.url, body=response.body)
        if issubclass(cls, TextResponse):
            return response.replace(cls=cls, headers=headers, encoding=label)
        return response.replace(cls=cls, headers=headers)
