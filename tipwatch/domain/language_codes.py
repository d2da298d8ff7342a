"""One language-code convention for the whole of tipwatch: `canonical(code)`.

The convention is BCP 47's and CLDR's: a language is named by its shortest ISO 639 code, the
two-letter ISO 639-1 code where one exists ("hi", "bn", "sw") and the three-letter ISO 639-3
code otherwise. Filipino, the national language of the Philippines, is `fil`: CLDR's
population table (which the coverage report reads) says `fil`, while the detectors (langdetect,
py3langid, lingua) report its standard form, Tagalog, as `tl`. tipwatch reads them as one
language, so `tl` is written `fil` everywhere.

Every boundary where a code enters tipwatch passes it through `canonical`: the language
detector's answer (`nlp/langid.py`), an outlet's `languages` in the registry
(`crawlers/source_defs.py`), an article's language when the extractor picks its pipeline
(`nlp/extractor.py`), and the population and skip tables of the coverage report
(`tipwatch/metrics/language.py`). Codes already stored under an old spelling (`tl`) are read
through it too, so no data migration is needed.
"""

from __future__ import annotations

from functools import cache

import pycountry

# Deprecated or detector-specific spellings -> the convention's code.
_ALIASES: dict[str, str] = {
    "tl": "fil",  # Tagalog as detectors report it; CLDR and the Philippines say Filipino
    "iw": "he",  # pre-1989 ISO 639 codes Java-era detectors still emit
    "in": "id",
    "ji": "yi",
    "jw": "jv",
    "mo": "ro",
    "no": "nb",  # CLDR's territory data counts Bokmål (nb) and Nynorsk (nn) apart
    # ISO 639-3 individual languages that Flores/fastText-style detectors report for a
    # macrolanguage CLDR names by its two-letter code
    "npi": "ne",
    "swh": "sw",
    "zsm": "ms",
    "cmn": "zh",
    "arb": "ar",
    "pes": "fa",
}
# ISO 639-2 special codes: no language at all.
_NOT_LANGUAGES = frozenset({"und", "mul", "mis", "zxx"})


def _base(code: str) -> str:
    """ "pt-BR", "zh_Hant", " EN " -> "pt", "zh", "en"."""
    return code.strip().replace("-", "_").split("_", 1)[0].lower()


@cache
def canonical(code: str) -> str:
    """The convention's code for `code`: region and script dropped, ISO 639-2/3 codes with a
    two-letter equivalent shortened ("tgl" -> "fil", "fra" -> "fr"), aliases resolved.
    A code ISO 639 does not know ("und", "xx") is returned lower-cased, not guessed."""
    base = _base(code)
    if len(base) == 3:
        lang = pycountry.languages.get(alpha_3=base)
        if lang is None:
            lang = pycountry.languages.get(bibliographic=base)
        two = getattr(lang, "alpha_2", None) if lang is not None else None
        if two:
            base = two
    return _ALIASES.get(base, base)


def canonical_or_none(code: str | None) -> str | None:
    """`canonical` of a code that may be missing (an undecided detector, an old row)."""
    return canonical(code) if code else None


@cache
def is_language(code: str) -> bool:
    """Whether `canonical(code)` names a language ISO 639 knows."""
    canon = canonical(code)
    if canon in _NOT_LANGUAGES:
        return False
    if len(canon) == 2:
        return pycountry.languages.get(alpha_2=canon) is not None
    if len(canon) == 3:
        return pycountry.languages.get(alpha_3=canon) is not None
    return False
