"""A foreign name written in Chinese characters, read back into the Latin spellings it may come
from.

Chinese writes a Mongolian, Arabic, African or Western name syllable by syllable in characters
chosen for their sound, its parts apart with a middle dot: 恩赫包勒德 (en he bao le de) is
Enkhbold, 福阿德·西尼烏拉 is Fouad Siniora. Read as a Chinese name (a family-name syllable and
given-name syllables) it meets nothing. Read as one word per dotted part, its pinyin has the
habits of such transcriptions, which `spellings` undoes:
- a consonant with no vowel of its own is written with one: 德 de for d, 特 te for t, 勒 le for
  l, 赫 he for kh, 斯 si for s, 布 bu for b (the vowel dropped, or kept where the name has it);
- 尔 er after a syllable is an r;
- l stands for l and r (拉 la is Ra in Dogara), and an English r may be an l;
- a syllable in -ao or -uo is an o (包 bao for bo), a final -ng an n before a consonant, n before b
  or p an m (贡布 gongbu for gombo);
- pinyin's q, x, c and zh are ch, s (or h: 希 xi for hi), ts and j.
`spellings` gives the readings as plain Latin words; the analysis takes their skeletons and
consonant keys (`tipwatch.domain.names`).
"""

from __future__ import annotations

import re
from itertools import product

# The dots Chinese (and Japanese) write between the parts of a transcribed foreign name.
TRANSCRIPTION_DOTS = re.compile("[\u00b7\u2027\u30fb\u2022\uff0e\uff65\u2219]")

# Pinyin initials and the English letters a transcription stands for.
_INITIALS: tuple[tuple[str, str], ...] = (("zh", "j"), ("q", "ch"), ("c", "ts"))
# A consonant written with an added vowel: 德 de, 特 te, 克 ke, 斯 si, 兹 zi, 茨 ci.
_ADDED_E = re.compile(r"^(?:[bpmfdtnlgkhrjsz]|ts|ch|sh)e$|^(?:s|z|ts)i$")
_ADDED_U = re.compile(r"^(?:[bpmfdtlgkhs])u$")
# A final -ng before a consonant or at the end is an n, and an n before b or p an m.
_NG_BEFORE_CONSONANT = re.compile(r"ng(?=[^aeiou]|$)")
_M_BEFORE_LABIAL = re.compile(r"n(?=[bp])")
# An h that begins a syllable (赫 he), which Mongolian names spell kh.
_SYLLABLE_H = re.compile(r"(?<![cstzk])h")


def _syllable(syllable: str, first: bool, drop_e: bool, drop_u: bool, x: str) -> str:
    s = {"lei": "le"}.get(syllable, syllable)
    if s == "er" and not first:
        return "r"
    for pinyin, english in _INITIALS:
        if s.startswith(pinyin) and not (pinyin == "c" and s.startswith("ch")):
            s = english + s[len(pinyin) :]
            break
    if s.startswith("x"):
        s = x + s[1:]
    if s.startswith("wu") or s.startswith("yi"):
        s = s[1:]
    s = s.replace("ao", "o").replace("uo", "o")
    if not first and drop_e and _ADDED_E.match(s):
        return s[:-1]
    if not first and drop_u and _ADDED_U.match(s):
        return s[:-1]
    return s


def _word(syllables: list[str], drop_e: bool, drop_u: bool, x: str) -> str:
    return "".join(_syllable(s, i == 0, drop_e, drop_u, x) for i, s in enumerate(syllables) if s)


def reading(syllables: list[str]) -> str:
    """The one reading a part's own consonant key is taken from: added e and i vowels dropped,
    u kept, x as s (["en", "he", "bao", "lei", "de"] -> enhbold)."""
    return _word(syllables, True, False, "s")


def spellings(syllables: list[str]) -> set[str]:
    """Latin words a foreign name part written as these pinyin syllables may stand for
    (["en", "he", "bao", "lei", "de"] -> enhbold, ...)."""
    out: set[str] = set()
    for drop_e, drop_u, x in product((True, False), (True, False), ("s", "h")):
        word = _word(syllables, drop_e, drop_u, x)
        if drop_u:
            word = _M_BEFORE_LABIAL.sub("m", _NG_BEFORE_CONSONANT.sub("n", word))
        out.update((word, word.replace("l", "r"), word.replace("r", "l")))
    return {w for w in out if w.isascii() and w.isalpha()}


def consonant_spellings(words: set[str]) -> set[str]:
    """The same readings with 赫 he (and any h that begins a syllable) read kh, as Mongolian
    names are spelt (Enkhbold): a consonant key drops an h but keeps kh's k."""
    return words | {_SYLLABLE_H.sub("kh", w) for w in words}
