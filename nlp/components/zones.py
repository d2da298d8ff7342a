"""Mark which tokens are article prose, not site menus, captions or "Related posts" lists.

The list headings and sentence-final punctuation are the language's (`LanguageSupport.zones`).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from tipwatch.nlp.components.base import doc_text, headline_span
from tipwatch.nlp.lang import LanguageSupport, support_for
from tipwatch.nlp.lang.rules import ZoneRules


def _is_prose_line(rules: ZoneRules, line: str) -> bool:
    stripped = line.strip()
    words = stripped.split()
    if len(words) >= 14:
        return True
    return len(words) >= 7 and bool(rules.end_punct.search(stripped))


PROSE, OTHER, LISTED = 2, 1, 0


def prose_line_mask(rules: ZoneRules, text: str) -> list[tuple[int, int, int]]:
    """(start, end, zone) per line: PROSE, OTHER (menus, headings, tables) or LISTED (inside a
    "related posts" list, never evidence)."""
    out: list[tuple[int, int, int]] = []
    pos = 0
    in_list = False
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line)
        pos = end
        if rules.list_markers.match(line):
            in_list = True
            out.append((start, end, LISTED))
            continue
        prose = _is_prose_line(rules, line)
        if in_list and prose and len(line.split()) >= 25:
            in_list = False
        if in_list and not prose and len(line.split()) < 3:
            # a menu item or a date below a listed headline
            out.append((start, end, LISTED))
            continue
        out.append((start, end, LISTED if in_list else (PROSE if prose else OTHER)))
    _hard_wrapped(rules, text, out)
    return out


# a hard-wrapped paragraph's lines (text from a PDF: court judgments, e-papers) hold some
# words each; a menu's items or a byline hold fewer
_WRAP_LINE_WORDS = 5
# words a line of prose cannot end a sentence with: the break after them is a wrap
_RUN_ON_WORDS = frozenset(
    {"the", "a", "an", "of", "and", "or", "to", "in", "on", "at", "by", "for", "with", "from",
     "that", "which", "who", "was", "were", "is", "are", "has", "have", "had", "be", "been",
     "his", "her", "their", "its", "this", "these", "under", "into", "as", "not", "no"}
)  # fmt: skip


def _hard_wrapped(rules: ZoneRules, text: str, lines: list[tuple[int, int, int]]) -> None:
    """Mark as prose the lines of a paragraph wrapped at a fixed width: a run of adjacent
    lines (no blank line between them, none in a "related" list) where most line breaks fall
    mid-sentence (the next line goes on in lower case, or the line ends with a comma, a
    hyphen or an opening bracket) and whose lines hold a few words each. Such a line is
    short and ends with no stop, so alone it reads as a menu item or a heading."""
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j][2] != LISTED and text[lines[j][0] : lines[j][1]].strip():
            j += 1
        if j - i >= 2:
            run = [text[s:e].strip() for s, e, _ in lines[i:j]]
            wraps = sum(
                1
                for a, b in zip(run, run[1:], strict=False)
                if not rules.end_punct.search(a)
                and (
                    b[:1].islower()
                    or b[:1].isdigit()
                    or a[-1:] in ",-("
                    or a.rsplit(None, 1)[-1] in _RUN_ON_WORDS
                )
            )
            words = sum(len(r.split()) for r in run)
            if wraps * 2 >= j - i - 1 and words >= _WRAP_LINE_WORDS * (j - i):
                for k in range(i, j):
                    s, e, _ = lines[k]
                    lines[k] = (s, e, PROSE)
        i = max(j, i + 1)


@Language.factory(
    "tipwatch_zones",
    requires=["token.text"],
    assigns=["doc._.prose_mask"],
    default_config={"language": "en"},
)
def make_zones(nlp: Language, name: str, language: str) -> ZoneMarker:
    return ZoneMarker(support_for(language))


class ZoneMarker:
    def __init__(self, lang: LanguageSupport) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        mask = [OTHER] * len(doc)
        lines = prose_line_mask(self.lang.zones, doc_text(doc))
        li = 0
        for tok in doc:
            while li < len(lines) - 1 and tok.idx >= lines[li][1]:
                li += 1
            mask[tok.i] = lines[li][2] if lines else OTHER
        doc._.prose_mask = mask
        return doc


@Language.factory(
    "tipwatch_lines",
    requires=["token.text"],
    assigns=["token.is_sent_start"],
)
def make_lines(nlp: Language, name: str) -> LineBreaker:
    return LineBreaker()


_STOPS = set('.!?:"”')
_PARAGRAPH_WORDS = 8


def _is_paragraph(text: str, start: int) -> bool:
    """Does the line starting at `start` read as a paragraph (not a menu item or a byline)?"""
    end = text.find("\n", start)
    return len(text[start : end if end >= 0 else len(text)].split()) >= _PARAGRAPH_WORDS


class LineBreaker:
    """A blank line ends a sentence, and so does a line break after a closing stop: the parser
    otherwise runs front matter, headlines and captions into the next paragraph. A single break
    mid-sentence is hard wrapping and is left alone. Runs before the parser, which keeps these
    boundaries."""

    def __call__(self, doc: Doc) -> Doc:
        head = headline_span(doc_text(doc))
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            gap = prev.whitespace_ + (prev.text if prev.is_space else "")
            if tok.is_space or "\n" not in gap:
                continue
            blank = "\n\n" in gap.replace(" ", "").replace("\t", "")
            last = doc[tok.i - 2] if prev.is_space and tok.i >= 2 else prev
            # the headline ends at its line when a paragraph follows ("Man Sentenced for Sex
            # Trafficking" / "WASHINGTON - X, 36, was sentenced ..."): a press release's first
            # line has no stop of its own
            after_headline = (
                head is not None
                and last.idx < head[1] <= tok.idx
                and tok.text[:1].isupper()
                and _is_paragraph(doc_text(doc), tok.idx)
            )
            if blank or (last.text[-1:] in _STOPS and not tok.text[:1].islower()) or after_headline:
                tok.is_sent_start = True
        return doc


_BREAK_AFTER = set('.!?:"”»)…')


@Language.component(
    "tipwatch_stop_breaks",
    requires=["token.text"],
    assigns=["token.is_sent_start"],
)
def stop_breaks(doc: Doc) -> Doc:
    """For a language whose parser splits sentences badly once `tipwatch_lines` has set some
    boundaries (`ZoneRules.breaks_only_at_stops`): no sentence starts inside a line except after
    a stop. Boundaries already set, line starts and the token after a stop are left to
    `tipwatch_lines` and the parser. Runs after `tipwatch_lines`, before the parser."""
    for tok in doc[1:]:
        if tok.is_sent_start is not None or tok.is_space:
            continue
        prev = doc[tok.i - 1]
        if prev.is_space or "\n" in prev.whitespace_ or prev.text[-1:] in _BREAK_AFTER:
            continue
        tok.is_sent_start = False
    return doc
