"""Trafficking relevance of a text in a language tipwatch cannot extract.

tipwatch extracts cases from English, French and Spanish (`nlp/lang/`). An article in another
language is skipped as `unsupported_language`, but an analyst who reads the language can still
review it when it looks like a case report. `score(text, language)` reads the language's vocabulary
(`nlp/lang/vocab/<code>.yaml`: trafficking, smuggling and forced-labour wording, and legal
steps) and says which terms the text names. A text naming at least one term of each kind is a
candidate (`ForeignRelevance.is_candidate`); the extractor puts the score on the skipped
article's extraction record, and the pipeline sends candidates to the review queue as
"not extracted: <language>".

Matching is case-insensitive on NFC text. In a language written with spaces a term matches
at word boundaries (a vowel sign or virama is part of a word, not a boundary); `*` at either
end of a term lets the word go on past it. Thai and Khmer write no spaces, so their terms
match anywhere. Latin-script vocabularies with `fold_diacritics` compare text and terms
without combining marks (Yoruba tone marks, French accents are spelled inconsistently
online). Recall and precision per language: `python -m bench.foreign_relevance`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from tipwatch.domain.language_codes import canonical
from tipwatch.records import ForeignRelevance

__all__ = [
    "ForeignRelevance",
    "Vocabulary",
    "VocabularyError",
    "languages",
    "mentions_trafficking",
    "score",
    "vocabulary",
]

# A letter, digit, or a mark that belongs to a word in Indic, Sinhala and Arabic scripts (Python's
# \w leaves combining vowel signs out, so "गिरफ्तार" would have a "boundary" after its "ि").
_WORD = r"[\w\u0300-\u036f\u0600-\u06ff\u0900-\u0dff\u200c\u200d]"
# Distinct terms of each kind from which that kind's part of the score is full.
_SATURATE = 3
_TRAFFICKING_WEIGHT = 0.6


class VocabularyError(ValueError):
    """A vocabulary file is missing a field or holds a term that cannot be matched."""


@dataclass(frozen=True)
class _Term:
    label: str  # the term as written in the vocabulary file
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Vocabulary:
    language: str
    name: str
    version: str
    spaced: bool
    fold_diacritics: bool
    trafficking: tuple[_Term, ...]
    legal: tuple[_Term, ...]
    # languages the detector confuses with this one, whose terms are read too (`also:`)
    also: tuple[str, ...] = ()

    def normalise(self, text: str) -> str:
        out = unicodedata.normalize("NFC", text).casefold()
        if self.fold_diacritics:
            out = _fold(out)
        # one apostrophe, one space
        out = out.replace("\u2019", "'").replace("\u02bc", "'")
        return re.sub(r"\s+", " ", out)


def _fold_table() -> dict[int, str | None]:
    """Precomposed Latin letters -> their base letters, combining marks -> nothing: folding by
    `str.translate` runs at C speed on a whole page (the triage folds every page)."""
    table: dict[int, str | None] = {cp: None for cp in range(0x300, 0x370)}
    for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = "".join(
            ch for ch in unicodedata.normalize("NFD", chr(cp)) if not unicodedata.combining(ch)
        )
        if base and base != chr(cp):
            table[cp] = base
    return table


_FOLD = _fold_table()


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _compile(term: str, *, spaced: bool, fold: bool) -> _Term:
    raw = term.strip()
    open_start, open_end = raw.startswith("*"), raw.endswith("*")
    core = raw.strip("*").strip()
    if not core:
        raise VocabularyError(f"empty term {term!r}")
    norm = unicodedata.normalize("NFC", core).casefold()
    if fold:
        norm = _fold(norm)
    body = r"\s+".join(re.escape(part) for part in norm.split())
    if spaced:
        left = "" if open_start else f"(?<!{_WORD})"
        right = "" if open_end else f"(?!{_WORD})"
        body = f"{left}{body}{right}"
    return _Term(raw, re.compile(body))


def _terms(data: dict[str, Any], key: str, *, spaced: bool, fold: bool) -> tuple[_Term, ...]:
    words = data.get(key)
    if not isinstance(words, list) or not words:
        raise VocabularyError(f"{data.get('language')!r}: {key!r} must be a non-empty list")
    return tuple(_compile(str(w), spaced=spaced, fold=fold) for w in words)


def _parse(data: dict[str, Any]) -> Vocabulary:
    for field in ("language", "name", "version", "spaced", "fold_diacritics"):
        if field not in data:
            raise VocabularyError(f"vocabulary without {field!r}: {data.get('language')!r}")
    spaced, fold = bool(data["spaced"]), bool(data["fold_diacritics"])
    return Vocabulary(
        language=canonical(str(data["language"])),
        name=str(data["name"]),
        version=str(data["version"]),
        spaced=spaced,
        fold_diacritics=fold,
        trafficking=_terms(data, "trafficking", spaced=spaced, fold=fold),
        legal=_terms(data, "legal", spaced=spaced, fold=fold),
        also=tuple(canonical(str(code)) for code in data.get("also") or ()),
    )


@cache
def _all() -> dict[str, Vocabulary]:
    folder = resources.files("tipwatch.nlp.lang") / "vocab"
    out: dict[str, Vocabulary] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        vocab = _parse(yaml.safe_load(entry.read_text("utf-8")))
        if vocab.language != canonical(entry.name.removesuffix(".yaml")):
            raise VocabularyError(f"{entry.name} declares language {vocab.language!r}")
        out[vocab.language] = vocab
    return out


def languages() -> list[str]:
    """The languages with a vocabulary, in the code convention."""
    return sorted(_all())


def vocabulary(language: str) -> Vocabulary | None:
    """The vocabulary of `language` (any spelling `canonical` reads), or None."""
    return _all().get(canonical(language))


def _with_siblings(vocab: Vocabulary) -> list[Vocabulary]:
    """`vocab` and the vocabularies it names in `also`: the detector reads some Malay as
    Indonesian (`bench/langid.py`), so a text scored as one is matched against both lists."""
    return [vocab, *(v for code in vocab.also if (v := _all().get(code)) is not None)]


def _found(terms: tuple[_Term, ...], text: str) -> list[str]:
    return [t.label for t in terms if t.pattern.search(text)]


def mentions_trafficking(text: str, language: str) -> bool:
    """Does `text` name any trafficking term of `language`'s vocabulary (False without one)?
    The page triage (`nlp/triage.py`) keeps the text of such a page for `score`."""
    vocab = vocabulary(language)
    if vocab is None:
        return False
    for v in _with_siblings(vocab):
        norm = v.normalise(text)  # once per vocabulary, not once per term
        if any(t.pattern.search(norm) for t in v.trafficking):
            return True
    return False


def score(text: str, language: str) -> ForeignRelevance | None:
    """The trafficking relevance of `text` in `language`, or None when tipwatch has no
    vocabulary for the language (the caller records the plain skip)."""
    vocab = vocabulary(language)
    if vocab is None:
        return None
    trafficking: list[str] = []
    legal: list[str] = []
    for v in _with_siblings(vocab):
        norm = v.normalise(text)
        trafficking += [t for t in _found(v.trafficking, norm) if t not in trafficking]
        legal += [t for t in _found(v.legal, norm) if t not in legal]
    value = (
        _TRAFFICKING_WEIGHT * min(len(trafficking), _SATURATE) / _SATURATE
        + (1 - _TRAFFICKING_WEIGHT) * min(len(legal), _SATURATE) / _SATURATE
    )
    return ForeignRelevance(
        language=vocab.language,
        score=round(value, 4),
        trafficking_terms=trafficking,
        legal_terms=legal,
        is_candidate=bool(trafficking and legal),
        vocabulary_version=vocab.version,
    )
