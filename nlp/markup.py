"""Markup that never holds article text, cut from a page in one linear scan."""

from __future__ import annotations

import re

# Elements that never hold article text, dropped from pages over MAX_HTML_BYTES (JSON-LD
# scripts are kept: trafilatura reads the title and date from them).
_NOT_TEXT = re.compile(rb"<(script|style|svg|noscript|template)\b|<!--", re.I)


def trim_markup(body: bytes) -> bytes:
    """`body` without scripts (JSON-LD kept), styles, SVG, noscript, templates and comments.

    One forward scan with `bytes.find` (each search starts where the last ended), so the time is
    linear in the page even for hostile markup (unclosed tags or comments: the rest is kept).
    """
    low = body.lower()
    out: list[bytes] = []
    pos = 0
    while (m := _NOT_TEXT.search(low, pos)) is not None:
        if m.group(1) is None:  # <!-- ... -->
            end = low.find(b"-->", m.end())
            stop = -1 if end < 0 else end + 3
        else:
            name = m.group(1)
            tag_end = low.find(b">", m.end())
            if tag_end < 0:
                break
            if name == b"script" and b"ld+json" in low[m.start() : tag_end]:
                out.append(body[pos : tag_end + 1])
                pos = tag_end + 1
                continue
            if low[tag_end - 1 : tag_end] == b"/":  # <svg ... />
                stop = tag_end + 1
            else:
                close = low.find(b"</" + name, tag_end)
                close_end = -1 if close < 0 else low.find(b">", close)
                stop = -1 if close_end < 0 else close_end + 1
        if stop < 0:
            break
        out.append(body[pos : m.start()])
        pos = stop
    out.append(body[pos:])
    return b"".join(out)


_NOT_TEXT_STR = re.compile(r"<(script|style|svg|noscript|template)\b|<!--", re.I | re.A)
_LD_JSON_STR = re.compile(r"ld\+json", re.I | re.A)
_CLOSE_STR = {
    name: re.compile("</" + name, re.I | re.A)
    for name in ("script", "style", "svg", "noscript", "template")
}


def trim_markup_text(body: str) -> str:
    """`trim_markup` of a decoded page: exactly
    `trim_markup(body.encode("utf-8", "surrogatepass")).decode("utf-8", "replace")`, without
    encoding, lower-casing and decoding the whole page (a third of the cost on a news page).

    The same scan on the text: every pattern and search is ASCII (re.ASCII | re.IGNORECASE folds
    only ASCII letters, as `bytes.lower` does), and no non-ASCII character matches one, so the
    cuts fall at the same places. A kept part holding a lone surrogate (which the byte path
    decodes to U+FFFD) sends the page down the byte path.
    """
    out: list[str] = []
    pos = 0
    find = body.find
    while (m := _NOT_TEXT_STR.search(body, pos)) is not None:
        name = m.group(1)
        if name is None:  # <!-- ... -->
            end = find("-->", m.end())
            stop = -1 if end < 0 else end + 3
        else:
            name = name.lower()
            tag_end = find(">", m.end())
            if tag_end < 0:
                break
            if name == "script" and _LD_JSON_STR.search(body, m.start(), tag_end):
                out.append(body[pos : tag_end + 1])
                pos = tag_end + 1
                continue
            if body[tag_end - 1 : tag_end] == "/":  # <svg ... />
                stop = tag_end + 1
            else:
                close = _CLOSE_STR[name].search(body, tag_end)
                close_end = -1 if close is None else find(">", close.start())
                stop = -1 if close_end < 0 else close_end + 1
        if stop < 0:
            break
        out.append(body[pos : m.start()])
        pos = stop
    out.append(body[pos:])
    trimmed = "".join(out)
    try:
        trimmed.encode("utf-8")
    except UnicodeEncodeError:
        return trim_markup(body.encode("utf-8", "surrogatepass")).decode("utf-8", "replace")
    return trimmed
