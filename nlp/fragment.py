"""Text that arrives with HTML markup in it: the plain text the pipeline reads, and where each
of its characters came from.

Article text is usually plain: trafilatura cuts it from a page. But text given as text (a feed
entry's description, a scraped archive's body column, a paste into `tipwatch extract`) often
keeps the publisher's markup: `<p>` after `<p>` with no space between them, `<a href=...>`
around names, `&quot;` and `&#x2019;` for quotes. Read as prose, such a text has no paragraphs
(so no sentence ends where one paragraph stops), names glued to tags ("Isaac, 33.</p><p>The")
and entities inside words.

`plain_text` turns such a fragment into plain text: a block element (paragraph, division, list
item, heading, quotation, table row) becomes a paragraph break, `<br>` a line break, an inline
element nothing, a script, style or template nothing with its content, an entity its character.
Only the names of HTML elements count as tags, so a plain text that writes "<Borough> Man"
keeps it. Each character of the plain text keeps the span of the source it came from, so that
every offset the pipeline reports (evidence, redactions of victims' names) is mapped back onto
the text as given (`Plain.source_span`): a redaction still covers the name in the source, with
any markup inside it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from tipwatch.records import Span

# HTML elements that end a paragraph or a line of the text they hold
_BLOCK = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "address",
        "blockquote",
        "figure",
        "figcaption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "caption",
        "pre",
        "center",
        "hr",
        "form",
        "fieldset",
        "details",
        "summary",
    ]
)
_LINE = frozenset({"br", "td", "th"})
# elements whose content is never article text
_DROPPED = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object"})
_INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "label",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
        "picture",
        "source",
        "video",
        "audio",
        "html",
        "body",
        "meta",
        "link",
        "title",
    ]
)
_KNOWN = _BLOCK | _LINE | _DROPPED | _INLINE

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,15})(?:\s[^<>]*)?/?>|<!--.*?(?:-->|$)", re.S)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_ANY = re.compile(
    r"</?(?:" + "|".join(sorted(_KNOWN, key=len, reverse=True)) + r")\b|<!--|" + _ENTITY.pattern,
    re.I,
)


@dataclass(frozen=True)
class Plain:
    """The plain text of a source text, and for each of its characters the source span
    `[starts[i], ends[i])` it came from (both None when the text was plain already)."""

    text: str
    source_length: int
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    @property
    def changed(self) -> bool:
        return self.starts is not None

    def source_span(self, span: Span) -> Span:
        """The source span holding the plain text's `[start, end)`: from the first character's
        source start to the last character's source end (markup in between included)."""
        if self.starts is None or self.ends is None:
            return span
        start, end = span
        n = len(self.text)
        if n == 0:
            return (0, 0)
        start = min(max(start, 0), n)
        end = min(max(end, start), n)
        src_start = self.starts[start] if start < n else self.source_length
        if end <= start:
            return (src_start, src_start)
        return (src_start, max(src_start, self.ends[end - 1]))


def plain_text(source: str) -> Plain:
    """`source` without its markup (see the module's doc); the same text when it holds none."""
    if ("<" not in source and "&" not in source) or _ANY.search(source) is None:
        return Plain(source, len(source))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def put(chars: str, start: int, end: int) -> None:
        for ch in chars:
            out.append(ch)
            starts.append(start)
            ends.append(end)

    def put_run(a: int, b: int) -> None:
        out.extend(source[a:b])
        starts.extend(range(a, b))
        ends.extend(range(a + 1, b + 1))

    def put_source(a: int, b: int) -> None:
        pos = a
        for m in _ENTITY.finditer(source, a, b):
            put_run(pos, m.start())
            put(html.unescape(m.group(0)), m.start(), m.end())
            pos = m.end()
        put_run(pos, b)

    def trailing_breaks() -> int:
        n = 0
        for ch in reversed(out):
            if ch == "\n":
                n += 1
            elif ch not in " \t\r\xa0":
                break
        return n if out else 2  # the start of the text is a break already

    def put_break(want: int, at: int, end: int) -> None:
        have = trailing_breaks()
        if have < want:
            put("\n" * (want - have), at, end)

    pos = 0
    n = len(source)
    while pos < n:
        m = _TAG.search(source, pos)
        if m is None:
            break
        name = (m.group(2) or "").lower()
        if m.group(0).startswith("<!--"):
            put_source(pos, m.start())
            pos = m.end()
            continue
        if name not in _KNOWN:
            put_source(pos, m.end())
            pos = m.end()
            continue
        put_source(pos, m.start())
        pos = m.end()
        closing = bool(m.group(1))
        if name in _DROPPED and not closing and not m.group(0).endswith("/>"):
            close = re.compile(r"</" + name + r"\s*>", re.I).search(source, pos)
            pos = n if close is None else close.end()
        elif name in _BLOCK:
            put_break(2, m.start(), m.end())
        elif name in _LINE:
            put_break(1, m.start(), m.end())
    put_source(pos, n)
    return Plain("".join(out), n, tuple(starts), tuple(ends))
