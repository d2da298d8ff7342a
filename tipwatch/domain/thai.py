"""Thai name parts in Latin letters, as Thai names are spelt in English.

ICU and `anyascii` transliterate Thai letter by letter: vowels written before their consonant
stay in front (เซน -> esn for Sen), and inherent vowels are lost (สก -> sk for Sok). Thai names
are spelt in Latin letters in two ways. By sound, in the Royal Thai General System (RTGS), which
`pythainlp`'s rule-based `royin` engine gives (no model, no download): a final ร, ล or ณ is n,
สุรศักดิ์ is Surasak. Or by letter, as many Thai spell their own names and as Thai writes a
foreign name (ลี จ็อง-กุล for Lee Jong-kul): each consonant by its letter, whatever it sounds
like at the end of a syllable (Wongsuwan, Chakkaphat, Kul). `romanised` gives the first,
`spellings` the others, with and without RTGS's aspiration marks (Phatcharawat / Patcharawat).
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii
from pythainlp.transliterate.royin import romanize as _royin

_NON_ALPHA = re.compile(r"[^a-z]+")
# A letter muted by the thanthakhat (with the vowel it carries), as in จันทร์, ศักดิ์.
_SILENCED = re.compile("[\u0e01-\u0e2e][\u0e38\u0e39\u0e34]?\u0e4c")
# Vowels written before the consonant they follow in speech (เ แ โ ใ ไ).
_LEADING_VOWEL = re.compile("([\u0e40-\u0e44])([\u0e01-\u0e2e])")
# รร (ro han) is a: -an at the end of a word (สุวรรณ Suwan), a before a consonant (ธรรม Tham).
_RO_HAN_END = re.compile(r"rr$")
_RO_HAN = re.compile(r"rr")
# RTGS writes the aspirated stops ph, th, kh; names in English often drop the h.
_ASPIRATED = re.compile(r"(?<=[ptk])h")
# ทร at the start of a Thai word is s (ทรง Song, ทรัพย์ Sap); a foreign name keeps tr.
_THR = re.compile(r"^thr")


@lru_cache(maxsize=20_000)
def romanised(word: str) -> str:
    """The RTGS spelling of one Thai word ('' when it has none)."""
    return _NON_ALPHA.sub("", _royin(word).casefold())


@lru_cache(maxsize=20_000)
def by_letter(word: str) -> str:
    """One Thai word spelt letter by letter, its leading vowels after their consonant."""
    text = _LEADING_VOWEL.sub(r"\2\1", _SILENCED.sub("", word))
    out = _NON_ALPHA.sub("", anyascii(text).casefold())
    return _RO_HAN.sub("a", _RO_HAN_END.sub("an", out))


def spellings(word: str, form: str) -> frozenset[str]:
    """The other Latin spellings of a Thai word whose RTGS form is `form`: by letter, both
    without the aspiration marks, and with an initial ทร read as s."""
    letters = by_letter(word)
    out = {letters, _ASPIRATED.sub("", form), _ASPIRATED.sub("", letters), _THR.sub("s", form)}
    return frozenset(s for s in out if s) - {form}
