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
