"""Pure text helpers for persons: the name key a mention resolves by, and masking a suppressed
person's name in article text.

`name_key` folds what varies between reports of one name: case, diacritics, punctuation,
honorifics and word order ("KUMAR, Ramesh", "Mr. Ramesh Kumar" and "Ramesh Kumar" share a key).
It does not fold spelling or transliteration variants: those are joined by a reviewer's merge.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from tipwatch.records import REDACTION_CHAR

MAX_KEY_LENGTH = 300

# Titles that say nothing about who the person is. Generational suffixes (Jr, Sr) and words that
# are also given names in the covered countries (e.g. Sri in Indonesia) are kept.
HONORIFICS = frozenset(
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "mdm", "mme", "mlle",
        "shri", "shree", "smt", "alhaji", "alhaja", "hon", "chief", "engr", "atty", "rev",
    }
)  # fmt: skip

# Letters that Unicode does not decompose into a base letter and a combining mark.
_LETTERS = str.maketrans(
    {"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"}
)
_APOSTROPHES = str.maketrans({c: None for c in "'’ʼ`´ʻ"})


def name_tokens(name: str) -> list[str]:
    """The name's words, case- and accent-folded, punctuation split off, honorifics dropped
    (unless the name is nothing else), in the order written."""
    folded = unicodedata.normalize("NFKD", name.casefold().translate(_APOSTROPHES))
    chars = []
    for ch in folded:
        if unicodedata.combining(ch):
            continue
        cat = unicodedata.category(ch)
        chars.append(ch if cat[0] in "LN" else " ")
    tokens = "".join(chars).translate(_LETTERS).split()
    kept = [t for t in tokens if t not in HONORIFICS]
    return kept or tokens


def name_key(name: str) -> str:
    """The key a mention resolves by: `name_tokens` sorted, so word order does not matter.
    A name with no letters or digits keys on its stripped, case-folded text."""
    tokens = name_tokens(name)
    key = " ".join(sorted(tokens)) if tokens else " ".join(name.casefold().split())
    return key[:MAX_KEY_LENGTH]


def _word_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    alts = sorted({w for w in words if w}, key=len, reverse=True)
    if not alts:
        return None
    body = "|".join(r"\s+".join(map(re.escape, w.split())) for w in alts)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def mask_names(
    text: str,
    names: Sequence[str],
    spans: Iterable[tuple[int, int]] = (),
    *,
    keep_words: Iterable[str] = (),
) -> str:
    """`text` with the given names masked by block characters of the same length (so evidence
    offsets stay valid): each span, each occurrence of a whole name, and each word of a name
    (3+ letters, not an honorific) standing alone, unless it is in `keep_words` (the words of
    people in the same text who are not hidden)."""
    if not text or (not names and not spans):
        return text
    chars = list(text)
    n = len(chars)

    def blank(start: int, end: int) -> None:
        for i in range(max(0, start), min(n, end)):
            if not chars[i].isspace():
                chars[i] = REDACTION_CHAR

    for start, end in spans:
        blank(start, end)
    keep = {w.casefold() for w in keep_words}
    words = {
        w
        for name in names
        for w in re.findall(r"\w+", name)
        if len(w) >= 3 and w.casefold() not in HONORIFICS and w.casefold() not in keep
    }
    for pattern in (_word_pattern(n.strip() for n in names), _word_pattern(words)):
        if pattern is not None:
            for m in pattern.finditer(text):
                blank(m.start(), m.end())
    return "".join(chars)
