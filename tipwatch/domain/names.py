"""How a person's name is analysed and keyed: the rule that the store's screening keys and the
screening matcher share.

A name is analysed once into tokens (`rigour.names.analyze_names`: honorifics removed, tokens
casefolded, transliterated to ASCII, metaphone, and Wikidata name symbols that tie spellings of
one name together across scripts and romanisations, as yente does), each with a transliteration
skeleton and tipwatch's romanisation groups. `blocking_keys` gives the keys a store or search
index uses to find candidates before scoring them (`tipwatch.screening.names.name_score`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from itertools import product

import icu
from anyascii import anyascii
from normality import ascii_text
from rigour.names import NameTypeTag, analyze_names
from rigour.names.symbol import SymbolCategory
from rigour.text.phonetics import metaphone

from tipwatch.domain.cyrillic_cjk import Syllables, cjk_syllables
from tipwatch.domain.readings import (
    han_spellings,
    han_syllables,
    hangul_spellings,
    mandarin_spellings,
    wade_giles_pairs,
)
from tipwatch.domain.thai import romanised as thai_romanised
from tipwatch.domain.thai import spellings as thai_spellings
from tipwatch.domain.transcribed import TRANSCRIPTION_DOTS, consonant_spellings
from tipwatch.domain.transcribed import reading as transcription_reading
from tipwatch.domain.transcribed import spellings as transcription_spellings

# Romanisation groups that name symbols miss (abbreviations and common spellings). Each line is
# one name written several ways in English-language news; extend with care: a wrong group merges
# two different people's names.
ROMANISATION_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(line.split())
    for line in (
        "muhammad mohammed mohammad mohamed muhammed mohamad mohammod mohd md muhamad mahomed "
        "mhd muhd",
        "ahmed ahmad ahmet ahamed",
        "hussain hussein husain hossain husein hossein hosain",
        "abdul abdel abdoul abd",
        "yusuf yousef youssef yusef yousuf yousif yussuf",
        "ibrahim ebrahim ibrahima",
        "chaudhary chaudhry choudhary chowdhury choudhury chaudhari",
        "srivastava shrivastava",
        "mustafa mostafa moustafa mustapha",
        "osman usman uthman othman",
        "oleksandr aleksandr alexander aleksander alexandr",
        "sergei sergey serhiy serhii",
        "yuri yury yuriy iouri",
        "dmitri dmitry dmytro",
        "mikhail mykhailo michail",
    )
)
_GROUP_OF: dict[str, int] = {
    token: number for number, group in enumerate(ROMANISATION_GROUPS) for token in group
}
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


# Spelling differences that transliteration into and out of other scripts introduces
# (Джоши -> dzhoshi for Joshi, Иер -> ier for Iyer, Уалид -> ualid for Walid), and the Dutch and
# German spellings of Cyrillic names (Gontsjar, Gontschar for Gonchar; Roedenskiy; Sergej):
# compared on a skeleton where these collapse.
_SKELETON_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"t?sch|tsj|tch"), "ch"),
    (re.compile(r"(?<=[aeiou])j(?![aeiou])"), "i"),
    (re.compile(r"oe"), "u"),
    (re.compile(r"dzh|dj"), "j"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck|c(?=[aou])|q"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"eo"), "o"),
    (re.compile(r"eu"), "u"),
    (re.compile(r"y"), "i"),
    (re.compile(r"(?<=[bcdfgjklmnprstvz])h"), ""),
    # Before doubled letters collapse: ee and oo are long i and u (Ameen / Amin, Makhdoom /
    # Makhdum, Hoon / Hun).
    (re.compile(r"ee"), "i"),
    (re.compile(r"oo"), "u"),
    (re.compile(r"([a-z])\1+"), r"\1"),
)


# Consonant keys compare a name part across scripts. Arabic script mostly leaves short vowels
# out and writes long vowels, w and y with the same letters; Brahmic scripts (Tamil above all)
# do not tell voiced from unvoiced consonants; Sinhala transliterations lose inherent vowels.
# Reduced to coarse consonant classes, a Latin spelling and an other-script spelling of one name
# agree: Tavakkoli / توکلی -> tkl, Wickremesinghe / விக்கிரமசிங்க -> vkrmsnk... (v and w are
# dropped, so -> krmsnk), Jayasuriya / ජයසූරිය -> ssr. Only compared across scripts.
_ARABIC_LETTERS = str.maketrans(
    {
        "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "c", "ح": "h", "خ": "k",
        "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "j", "س": "s", "ش": "s", "ص": "s",
        "ض": "z", "ط": "t", "ظ": "z", "غ": "g", "ف": "f", "ق": "k", "ک": "k", "ك": "k",
        "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "h", "ھ": "h",
    }
)  # fmt: skip
# Letters Latin spellings write two ways: ض as d or dh (Riyadh, Ramadan) or, as Persian and Urdu
# say it, z (Raza); ذ and ظ as dh (Adhari) or z; ث as th (Uthman) or s (Osman). The key reads the
# second; `arabic_consonant_variants` gives the keys with the first.
# ج is g in Egypt and in the French spellings of Levantine names (Gamal, Naguib, Gemayel).
_ARABIC_DENTALS = {"ض": "d", "ذ": "d", "ظ": "d", "ث": "t", "ج": "g"}
_ARABIC_VARIANTS_MAX = 8


@lru_cache(maxsize=50_000)
def arabic_consonant_variants(word: str) -> frozenset[str]:
    """Consonant keys of an Arabic-script part with its ض, ذ, ظ and ث read as the d or t
    sounds Arabic spellings give them, and its ج as g, apart from its own key."""
    at = [i for i, ch in enumerate(word) if ch in _ARABIC_DENTALS]
    if not at:
        return frozenset()
    out: set[str] = set()
    for choice in product((False, True), repeat=min(len(at), 3)):
        letters = list(word)
        for i, use in zip(at, choice, strict=False):
            if use:
                letters[i] = _ARABIC_DENTALS[word[i]]
        out.add(consonant_key("".join(letters), "arabic"))
    out.discard(consonant_key(word, "arabic"))
    return frozenset(sorted(out)[:_ARABIC_VARIANTS_MAX])


_LATIN_C: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"ck"), "k"),
    (re.compile(r"ch|c(?=[eiy])"), "s"),
)
_OTHER_C: tuple[tuple[re.Pattern[str], str], ...] = ((re.compile(r"[cx]"), "s"),)
_CONSONANT_CLASSES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[aeiouywvh']"), ""),
    (re.compile(r"[kgqcx]"), "k"),
    (re.compile(r"[jzs]"), "s"),
    (re.compile(r"[td]"), "t"),
    (re.compile(r"[pbf]"), "p"),
    (re.compile(r"([a-z])\1+"), r"\1"),
)


@lru_cache(maxsize=100_000)
def consonant_key(word: str, origin: str) -> str:
    """The coarse consonant classes of one name part: from its Arabic-script letters, else from
    its ASCII form."""
    out = word.translate(_ARABIC_LETTERS) if origin == "arabic" else word
    out = "".join(ch for ch in out.casefold() if "a" <= ch <= "z" or ch == "'")
    # Transliterations of Brahmic scripts write c for the sibilant (ச, च), pinyin x too.
    rules = _LATIN_C if origin == "latin" else _OTHER_C
    return _rewrite(_rewrite(out, rules), _CONSONANT_CLASSES)


def _rewrite(text: str, rules: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for pattern, repl in rules:
        text = pattern.sub(repl, text)
    return text


# What a match of each rule of _SKELETON_RULES must contain, rule by rule: a rule runs only
# where one of these occurs (the empty needle: where two neighbouring characters are the same),
# and a rule that is a plain string is replaced as one. The same skeleton at less than half the
# cost: screening makes ~300 skeletons of candidates' neighbouring parts written together
# (`QueryScorer._pair`) per query, most of them new.
_SKELETON_NEEDLES: tuple[tuple[str, ...], ...] = (
    ("sch", "tsj", "tch"),
    ("j",),
    ("oe",),
    ("dzh", "dj"),
    ("kh",),
    ("ph",),
    ("c", "q"),
    ("w",),
    ("ou",),
    ("eo",),
    ("eu",),
    ("y",),
    ("h",),
    ("ee",),
    ("oo",),
    ("",),  # doubled letters: where two neighbouring characters are the same (`_doubled`)
)
_SKELETON_STEPS: tuple[tuple[tuple[str, ...], re.Pattern[str], bool, str], ...] = tuple(
    (needles, pattern, pattern.pattern.isalpha(), repl)
    for (pattern, repl), needles in zip(_SKELETON_RULES, _SKELETON_NEEDLES, strict=True)
)


@lru_cache(maxsize=100_000)
def skeleton(form: str) -> str:
    text = form
    for needles, pattern, plain, repl in _SKELETON_STEPS:
        found = False
        for needle in needles:
            if (needle in text) if needle else _doubled(text):
                found = True
                break
        if found:
            text = text.replace(pattern.pattern, repl) if plain else pattern.sub(repl, text)
    return text


def _doubled(text: str) -> bool:
    """Whether two neighbouring characters are the same (a plain loop: compiled, it runs
    natively, where `any` over a generator would not)."""
    for i in range(len(text) - 1):  # noqa: SIM110
        if text[i] == text[i + 1]:
            return True
    return False


# Latin spellings of one name in other European orthographies and in transliterations made for
# their readers (German, Polish, Hungarian, Dutch, French, Baltic), which the skeleton does not
# collapse because the same letters mean another sound in English: German ch after a vowel is
# kh (Govoruchin / Govorukhin, Enchbold / Enkhbold), j before a vowel is y (Jurij / Yuriy,
# Jesiakov / Yesyakov), Polish cz and sz, Hungarian cs, zs, dzs and sz (Sztanyiszlav), Dutch tj
# (Tjubarov / Chubarov, Sjuchevitj / Shukhevich), French ou before a vowel
# (Anouar / Anwar). A part's variants are the
# skeletons of these readings; two parts meet when one's skeleton is among the other's variants.
_VARIANT_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"ny(?=[aeiou])"), "n"),
    (re.compile(r"^dz(?=[aeiou])"), "z"),
    (re.compile(r"sj"), "sh"),
    (re.compile(r"(?<!t)sch"), "sh"),
    # German ch (before the rules below write ch for other letters).
    (re.compile(r"(?<=[aeiounr])ch|^ch(?=[rl])"), "kh"),
    (re.compile(r"tj"), "ch"),
    (re.compile(r"j(?=[aeiou])"), "y"),
    (re.compile(r"ou(?=[aei])"), "w"),
    (re.compile(r"dzs"), "j"),
    (re.compile(r"zs"), "zh"),
    (re.compile(r"cs"), "ch"),
    (re.compile(r"sz"), "s"),
    (re.compile(r"cz"), "ch"),
    (re.compile(r"rz"), "zh"),
    (re.compile(r"x"), "ks"),
)
# Endings other languages add to a foreign name: French -e (Govoroukhine), Baltic -s, -as, -us
# (Karpovas, Cubarovs, Anatolijus).
_ENDINGS = re.compile(r"(?<=[^aeiou])e$|(?<=[vnt])s$|(?<=[ovnj])[au]s$")
VARIANT_MIN_LENGTH = 5
# Letters with a caron or acute that ASCII folding turns into another sound (Čubarov is
# Chubarov, not Cubarov): spelt out before folding.
_SPELT_OUT = str.maketrans(
    {"č": "ch", "ć": "ch", "š": "sh", "ś": "sh", "ž": "zh", "ź": "zh", "ż": "zh", "ř": "rzh"}
)


@lru_cache(maxsize=100_000)
def spelling_variants(form: str, word: str = "") -> frozenset[str]:
    """Skeletons of a Latin name part (`form`, its ASCII form; `word`, as written) read in other
    European orthographies (`_VARIANT_RULES`) and without a foreign ending (`_ENDINGS`), apart
    from its own skeleton."""
    if len(form) < VARIANT_MIN_LENGTH:
        return frozenset()
    spelt = _ascii(word.casefold().translate(_SPELT_OUT)) if word and not word.isascii() else ""
    read = _rewrite(spelt or form, _VARIANT_RULES)
    out = {skeleton(read)}
    if spelt:
        out.add(skeleton(spelt))
    for reading in (form, read):
        bare = _ENDINGS.sub("", reading)
        if bare != reading and len(bare) >= VARIANT_MIN_LENGTH - 1:
            out.add(skeleton(bare))
    out.discard(skeleton(form))
    return frozenset(out)


# Greek letters for sounds Greek spells with two (μπ b, ντ d, γκ g) and χ for kh or h, which
# ICU transliterates letter by letter (Μπατούλγκα batoulnga for Batulga, Βολοντίμιρ volontimir
# for Volodimir, Χόπκο chopko for Hopko).
_GREEK_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^mp"), "b"),
    (re.compile(r"mp"), "mb"),
    (re.compile(r"nt"), "d"),
    (re.compile(r"n(?=g)|g(?=k)"), ""),
    (re.compile(r"gk|^g(?=k)"), "g"),
)


# ... and a foreign name in Greek letters: ντ after a vowel for nd (Αλεξάντερ Alexander), τσ for
# the ch Greek lacks (Τουρτσίνοφ Turchinov), a final φ for the v of a Slavic -ov.
_GREEK_FOREIGN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<=[aeiou])nt"), "nd"),
    (re.compile(r"ts"), "ch"),
    (re.compile(r"(?<=[aeio])f$"), "v"),
)


@lru_cache(maxsize=20_000)
def greek_variants(form: str) -> frozenset[str]:
    """Skeletons of a Greek part read with Greek's two-letter spellings as one sound and χ as
    kh or h, and as a foreign name written in Greek letters."""
    out: set[str] = set()
    for read in (
        _rewrite(form, _GREEK_RULES),
        _rewrite(_rewrite(form, _GREEK_FOREIGN), _GREEK_RULES),
    ):
        out |= {read, read.replace("ch", "h"), read.replace("ch", "kh")}
    out = {skeleton(v) for v in out}
    out.discard(skeleton(form))
    return frozenset(v for v in out if len(v) >= 3)


# Katakana writes a foreign name with a vowel after every consonant and r for l (イブラヒム
# iburahimu for Ibrahim, ルトフィ rutofi for Lutfi, シャヒッド shahiddo for Shahid): a kana part's
# variants are its skeletons without those added vowels (`kana_variants`).
_KANA_FINAL: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<=[td])o(?=[bcdfghjkmnpqrstvwz])"), ""),
    (re.compile(r"(?<=[bcdfghjkmnpqrstvwz])[uo]$"), ""),
)
# A u between two consonants is added (iburahimu) or the name's own (muhamado): both readings.
_KANA_INNER_U = re.compile(r"(?<=[bcdfgjkmnpqrstvwz])u(?=[bcdfgjkmnpqrstvwz])")


@lru_cache(maxsize=20_000)
def kana_variants(form: str) -> frozenset[str]:
    """Skeletons of a foreign name written in kana, read back without katakana's added vowels,
    with its r as r or l and its j as j or z (ジ is ji and zi)."""
    bare = _rewrite(form, _KANA_FINAL)
    out: set[str] = set()
    for word in (bare, _KANA_INNER_U.sub("", bare)):
        for r in ("r", "l"):
            for j in ("j", "z"):
                out.add(skeleton(word.replace("r", r).replace("j", j)))
    out.discard(skeleton(form))
    return frozenset(v for v in out if len(v) >= 3)


_KANA_NASAL = re.compile(r"n(?=[bpm])")


@lru_cache(maxsize=20_000)
def kana_consonant_variants(form: str) -> frozenset[str]:
    """Consonant keys of a foreign name written in kana with its r read as l and its ン before
    a b, p or m as the m it stands for (ミェーゴンボ myegonbo: Miyegombo), apart from its own."""
    own = consonant_key(form, "kana")
    nasal = _KANA_NASAL.sub("m", form)
    out = {
        consonant_key(w, "kana") for w in (nasal, form.replace("r", "l"), nasal.replace("r", "l"))
    }
    out.discard(own)
    return frozenset(out)


# Ukrainian and Belarusian letters, romanised as those languages' own lists and passports spell
# them: their Г is an h (Гузь Huz, Ганна Hanna, Герега Hereha), not the g of Russian, and и is y.
_EAST_SLAVIC_H = str.maketrans(
    {
        "г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "yi", "є": "ye", "е": "e", "ё": "yo",
        "а": "a", "б": "b", "в": "v", "д": "d", "ж": "zh", "з": "z", "й": "y", "к": "k",
        "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ў": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
        "ы": "y", "э": "e", "ю": "yu", "я": "ya", "ь": "", "ъ": "", "'": "", "’": "",
        "ʼ": "",
    }
)  # fmt: skip


@lru_cache(maxsize=20_000)
def cyrillic_variants(word: str) -> frozenset[str]:
    """The skeleton of a Cyrillic name part read as Ukrainian or Belarusian (Г as h), when it
    has a letter those languages read otherwise than Russian does; else nothing."""
    folded = word.casefold()
    if not any(ch in folded for ch in "гґєїі"):
        return frozenset()
    read = folded.translate(_EAST_SLAVIC_H)
    if not read.isascii() or not read.isalpha():
        return frozenset()
    return frozenset({skeleton(read)})


# Most variants a Cyrillic word gets from its Korean or Chinese readings, so keys stay few.
CJK_VARIANTS_MAX = 64


def _one_per_skeleton(spellings: tuple[str, ...]) -> list[str]:
    """The first of `spellings` with each skeleton, in their order."""
    first: dict[str, str] = {}
    for spelling in spellings:
        first.setdefault(skeleton(spelling), spelling)
    return list(first.values())


def _cjk_variants(form: str, readings: tuple[Syllables, ...]) -> frozenset[str]:
    """Skeletons of a Cyrillic word read as a Korean or Chinese name (`cjk_syllables`): its
    syllables' spellings written together (one spelling per distinct skeleton of a syllable),
    the likeliest first, at most CJK_VARIANTS_MAX."""
    own = skeleton(form)
    ranked: dict[str, int] = {}
    for syllables in readings:
        options = [_one_per_skeleton(spelt) for spelt in syllables]
        for combo in product(*(list(enumerate(o)) for o in options)):
            rank = sum(i for i, _ in combo)
            # Written together, and as its syllables' skeletons side by side, which is what a
            # Han or Hangul form's syllables spell together (Чханхи: canghi = 昌 cang + 熙 hi).
            for joined in (
                skeleton("".join(s for _, s in combo)),
                "".join(skeleton(s) for _, s in combo),
            ):
                if joined != own and rank < ranked.get(joined, rank + 1):
                    ranked[joined] = rank
    best = sorted(ranked, key=lambda v: (ranked[v], v))
    return frozenset(best[:CJK_VARIANTS_MAX])


def _variants(form: str, word: str, origin: str) -> frozenset[str]:
    """A part's other readings by the script it was written in (`word`, as written, when the
    part is the whole word)."""
    if origin == "latin":
        return spelling_variants(form, word)
    if origin == "kana":
        return kana_variants(form)
    if origin == "greek":
        return greek_variants(form)
    if origin == "cyrillic" and word:
        return cyrillic_variants(word) - {skeleton(form)}
    if origin == "hangul" and len(word) > 1:
        return hangul_foreign_variants(form)
    return frozenset()


# Korean writes a foreign name's lone consonants as syllables with the vowel ㅡ (eu): 마르코스
# maleukoseu for Marcos, 사르 saleu for Sar, 소크 sokeu for Sok. A Hangul word with such a
# syllable is a foreign name (`_is_foreign_hangul`), kept whole; its variant drops those vowels.
_EPENTHETIC_EU = re.compile(r"(?<=[bcdfghjklmnprstvz])eu(?![aeiou])")


def _is_foreign_hangul(word: str) -> bool:
    """A Hangul word of two syllables or more with a syllable of ㅡ and no final consonant after
    a consonant (르, 크, 스, 트 ...): Korean names have none."""
    if len(word) < 2:
        return False
    for ch in word[1:]:
        code = ord(ch) - 0xAC00
        if not 0 <= code < 11172:
            return False
        initial, vowel, final = code // 588, (code % 588) // 28, code % 28
        if vowel == 18 and final == 0 and initial != 11:
            return True
    return False


@lru_cache(maxsize=20_000)
def hangul_foreign_variants(form: str) -> frozenset[str]:
    """Skeletons of a foreign name in Hangul without the vowels Korean adds to its consonants."""
    plain = _EPENTHETIC_EU.sub("", form)
    if len(plain) < 2:
        return frozenset()
    # ㄹ is read l at the end of a syllable and r before a vowel; in a foreign name it stands
    # for either letter (마르코스 Marcos, 사르 Sar).
    return frozenset({skeleton(plain), skeleton(plain.replace("l", "r"))} - {skeleton(form)})


# Mandarin syllables in pinyin and in Wade-Giles, which Taiwan and older lists write names in
# (Zhang Rongzhong / Chang Jung-chung, Ding / Ting, Xin / Hsin): a name whose every part is a
# Mandarin syllable, or two written as one, gets its parts' spellings in the other system as
# variants. Only such names: Dang, Dung or Tang in a Vietnamese or Thai name are not Mandarin.
MANDARIN_JOINED_MAX = 12


@lru_cache(maxsize=1)
def _mandarin() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """Every pinyin and Wade-Giles syllable, and each one's spellings in the other system."""
    syllables: set[str] = set()
    other: dict[str, set[str]] = {}
    for pinyin, wade in wade_giles_pairs():
        syllables |= {pinyin, wade}
        if pinyin != wade:
            other.setdefault(pinyin, set()).add(wade)
            other.setdefault(wade, set()).add(pinyin)
    return frozenset(syllables), {k: frozenset(v) for k, v in other.items()}


@lru_cache(maxsize=50_000)
def _mandarin_splits(form: str) -> tuple[tuple[str, ...], ...]:
    """`form` as one Mandarin syllable or two written as one (("zhang",), ("rong", "zhang"))."""
    syllables, _ = _mandarin()
    if form in syllables:
        return ((form,),)
    if len(form) > MANDARIN_JOINED_MAX:
        return ()
    return tuple(
        (form[:k], form[k:])
        for k in range(1, len(form))
        if form[:k] in syllables and form[k:] in syllables
    )


def mandarin_name(forms: list[str]) -> bool:
    """Every part of the name (initials aside) is a Mandarin syllable or two."""
    parts = [f for f in forms if len(f) > 1]
    return bool(parts) and all(_mandarin_splits(f) for f in parts)


@lru_cache(maxsize=50_000)
def mandarin_variants(form: str) -> frozenset[str]:
    """Skeletons of a Mandarin name part in the other romanisation (pinyin <-> Wade-Giles)."""
    _, other = _mandarin()
    out: set[str] = set()
    for split in _mandarin_splits(form):
        spellings = [other.get(s, frozenset()) | {s} for s in split]
        out.update(skeleton("".join(combo)) for combo in _product(spellings))
    out.discard(skeleton(form))
    return frozenset(out)


def _product(options: list[frozenset[str]]) -> list[tuple[str, ...]]:
    combos: list[tuple[str, ...]] = [()]
    for choice in options:
        combos = [c + (o,) for c in combos for o in sorted(choice)]
    return combos


# Connecting words of a name (Arabic al/bin/ibn, Malay binti, Mauritanian ould, Dutch van der,
# Iberian da/dos/de): they say little about who the person is, so they weigh little in a match,
# and a patronymic one fixes the order of the names around it ("Salman bin Muhammad" is not
# "Muhammad bin Salman").
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PARTICLES = _words(
    "al el ul ud bin ibn bint binti bte ben ould van von der den de da di du del della la le "
    "dos das do y"
)
PATRONYMIC = _words("bin ibn bint binti bte ben ould")


_SYLLABIC = frozenset({"han", "hangul", "kana"})


_WHOLE_WHEN_SHORT = _SYLLABIC | {"arabic"}


@dataclass(frozen=True)
class Token:
    """One part of a name: its ASCII form, transliteration skeleton, metaphone, name symbols,
    nickname symbols, the script it was written in and whether it is a connecting particle."""

    form: str
    phonetic: str
    symbols: frozenset[str]
    skeleton: str = ""
    nicks: frozenset[str] = frozenset()
    origin: str = "latin"
    consonants: str = ""
    # A Han character (simplified form) when the part is one: two Han parts are the same name
    # only as the same character, whatever their pinyin (瓔 and 應 are both "ying").
    han: str = ""
    # The first syllable of a hyphenated pair (Hung- of Hung-Chun): it and the next part match
    # only in their order.
    bound: bool = False
    # A connecting particle (set by `analyse`: a particle word that does not end the name, so
    # "Ratna De" keeps her family name).
    particle: bool = False
    # A Han character's or Hangul syllable's Latin spellings in the romanisations names are
    # written in (pinyin, Wade-Giles, Hong Kong Cantonese; Revised Romanization,
    # McCune-Reischauer and common Korean spellings), as skeletons: 許 meets Hsu and Hui.
    readings: frozenset[str] = frozenset()
    # A Latin part's skeletons in other European orthographies (`spelling_variants`).
    variants: frozenset[str] = frozenset()
    # Other consonant keys of a part, besides `consonants`: those of a foreign name written in
    # Chinese characters read back into Latin (`tipwatch.domain.transcribed`).
    consonant_variants: frozenset[str] = frozenset()
    # Written in brackets after or inside the name (Puspakamal Dahal (Prachanda), Bhesh Kumari
    # Raut (Bhattarai)): a nickname, a maiden or married name, a clan name that one list adds
    # and another leaves out. It counts when it matches and costs little when it does not.
    aside: bool = False

    @property
    def is_initial(self) -> bool:
        # A one-letter syllable of a Han or Hangul name (娥 e, 이 i) is a whole name part, and
        # so is an Arabic-script word that transliterates to one letter (علاء l for Alaa).
        return len(self.form) == 1 and self.origin not in _WHOLE_WHEN_SHORT


@dataclass(frozen=True)
class AnalysedName:
    original: str
    tokens: tuple[Token, ...]

    @property
    def comparable(self) -> str:
        return " ".join(t.form for t in self.tokens)


def script_of(text: str) -> str:
    """The script most of a text's letters are written in: 'latin', 'arabic', 'cyrillic',
    'han', 'kana', 'hangul', 'devanagari', 'thai', 'ethiopic', ... ('none' without letters)."""
    if text.isascii():
        return "latin" if any(ch.isalpha() for ch in text) else "none"
    return _script_of(text)


@lru_cache(maxsize=4096)
def _script_of(text: str) -> str:
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        try:
            word = unicodedata.name(ch).split()[0].lower()
        except ValueError:
            continue
        word = {"cjk": "han", "hiragana": "kana", "katakana": "kana"}.get(word, word)
        counts[word] = counts.get(word, 0) + 1
    return max(counts, key=lambda w: counts[w]) if counts else "none"


def nickname_groups(form: str) -> frozenset[str]:
    """Nickname groups of an English given name from the `nicknames` package (hand-curated
    names and their diminutives: Peggy -> Margaret), as symbols shared by the name and its
    nicknames."""
    return _NICKNAMES.get(form, frozenset())


def _load_nicknames() -> dict[str, frozenset[str]]:
    from nicknames import NickNamer

    groups: dict[str, set[str]] = {}
    for canonical, nicknames in NickNamer().nickname_lookup.items():
        symbol = "n:" + canonical
        groups.setdefault(canonical, set()).add(symbol)
        for nick in nicknames:
            groups.setdefault(nick, set()).add(symbol)
    return {name: frozenset(syms) for name, syms in groups.items()}


_NICKNAMES = _load_nicknames()


# Titles written before Arabic-script names (Dr., Sheikh, Sayyid, Engineer); dropped like
# rigour drops Latin ones.
_ARABIC_TITLES = frozenset({"د", "د.", "دكتور", "الدكتور", "الشيخ", "السيد", "المهندس", "م."})


_DOTTED_INITIALS = re.compile(r"\b(?:[A-Za-z]\.)+(?=[A-Za-z])|\b(?:[A-Za-z]\.){2,}")


# Honorifics that lead names in South Asian, West African and Malaysian lists and that rigour's
# prefix list does not have; only leading words are dropped, and only while two words remain.
_LEADING_TITLES = _words(
    "shri shree smt smt. shrimati km km. thiru tmt kunwar maulana alhaji alh. engr engr. barr "
    "barr. hon hon. honourable datuk dato dato' tun adv adv. capt capt. col col. maj gen prof "
    "prof. dr dr. mr mr. mrs mrs. ms ms. eng eng. drs drs. dra dra. ir ir. kh kh. "
    "gen. general lt lt. brig brig. brigadier major captain ven ven. venerable "
    "alhaj alhaz al-haj haji hajji begum barrister advocate engineer professor doctor "
    "मा. मा डा. डा श्री श्रीमती"
)
# Korean titles written before a name (member of the National Assembly, member, minister,
# president): dropped wherever they stand, before the name is cut into its syllables.
_KOREAN_TITLES = frozenset({"국회의원", "의원", "장관", "대통령"})


# Academic and professional degrees written after a name in Indonesian, Malaysian and South
# Asian lists ("ADE KOMARUDIN, M.H.", "BAMBANG WURYANTO, SH, MBA"), compared without dots.
_DEGREES = _words(
    "sh mh msi mm se mba ma msc lc ak sip sag mipol phd mpa mt st skm ssos spd mpd mhum sth "
    "mkes sked skom mkom mhs bsc llb llm mphil esq cpa mag sfil sikom mpsi seak sstp ssi shi "
    # Indonesian degrees of agriculture, fisheries, forestry, health, arts, theology, law
    "sp spi spt shut stp mma ms mp map mikom mth msn ssn sds meng mak sst spsi sfarm apt "
    "skep ns sgz mkn mtr sak"
)
# Honorifics of Indonesian lists: Drs./Dra. (doctorandus), Ir. (engineer), H./Hj. (hajji).
_HAJJI = _words("h h. hj hj. hj.")


# Titles written after a name: a Buddhist monk's in Sri Lanka (Thero, හිමි Himi).
_TRAILING_TITLES = frozenset({"thero", "thera", "himi", "හිමි", "හිමියන්"})


def _degree(word: str) -> bool:
    """A degree or a title that lists write after a name (SH, M.Si, Thero)."""
    bare = word.casefold().replace(".", "")
    return bare in _DEGREES or bare in _TRAILING_TITLES


def _drop_titles(name: str) -> str:
    words = name.split()
    while len(words) > 2 and words[0].casefold().strip("()") in _LEADING_TITLES:
        words.pop(0)
    # H. for hajji, not an initial, when a full name part follows (H. DARIZAL BASIR; but
    # H. D. Deve Gowda keeps its initials).
    while (
        len(words) > 2
        and words[0].casefold() in _HAJJI
        and len(words[1].strip(".")) > 1
        and not words[1].endswith(".")
    ):
        words.pop(0)
    while len(words) > 1 and _degree(words[-1]):
        words.pop()
    return " ".join(words)


TRANSCRIBED_HAN = "transcribed_han"


def _transcribed_tokens(name: str) -> tuple[Token, ...]:
    """A foreign name written in Chinese characters with a middle dot between its parts
    (恩赫包勒德·巴特): one part per dotted word, spelt as its pinyin run together, its other
    readings as variants and consonant keys (`tipwatch.domain.transcribed`). Empty for any
    other name, one with Latin letters among the characters too."""
    if not TRANSCRIPTION_DOTS.search(name):
        return ()
    words = TRANSCRIPTION_DOTS.sub(" ", name).split()
    if len(words) < 2 or not all(script_of(ch) == "han" for w in words for ch in w):
        return ()
    tokens: list[Token] = []
    for word in words:
        syllables = han_syllables(word)
        form = _ascii("".join(syllables))
        if not form:
            continue
        spelt = transcription_spellings(syllables)
        primary = transcription_reading(syllables)
        consonants = consonant_key(primary, "latin")
        own = skeleton(form)
        tokens.append(
            Token(
                form=form,
                phonetic=metaphone(primary),
                symbols=frozenset(),
                skeleton=own,
                origin=TRANSCRIBED_HAN,
                consonants=consonants,
                variants=frozenset(
                    v for v in (skeleton(w) for w in spelt) if len(v) >= 3 and v != own
                ),
                consonant_variants=frozenset(
                    consonant_key(w, "latin") for w in consonant_spellings(spelt)
                )
                - {consonants},
            )
        )
    return tuple(tokens)


# Scripts written without spaces between words: rigour's word splitter cuts a Thai name part
# into syllables (อภิรัชต์ -> xphi, rach, t). A name in them is one part per space-separated
# word, transliterated whole, with the letters their silencing mark mutes left out.
_SPACELESS = frozenset({"thai", "lao", "khmer", "myanmar"})
_SILENCED = re.compile(
    "[\u0e00-\u0e7f\u0e80-\u0eff\u1780-\u17ff][\u0e38\u0e39\u0e34]?[\u0e4c\u0ecc\u17cd]"
)


def _spaceless_tokens(cleaned: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    # A hyphenated pair (a Korean given name in Thai, จ็อง-กุล) is two parts, as in Latin.
    for word in cleaned.replace("-", " ").split():
        origin = script_of(word)
        form = thai_romanised(word) if origin == "thai" else ""
        if not form:
            form = _ascii(anyascii(_SILENCED.sub("", word)))
        if not form:
            continue
        own = skeleton(form)
        key = consonant_key(form, origin)
        others = thai_spellings(word, form) if origin == "thai" else frozenset()
        tokens.append(
            Token(
                form=form,
                phonetic=metaphone(form),
                symbols=frozenset(),
                skeleton=own,
                origin=origin,
                consonants=key,
                variants=frozenset(skeleton(s) for s in others) - {own},
                consonant_variants=frozenset(consonant_key(s, origin) for s in others) - {key},
            )
        )
    return tuple(tokens)


def _uncomma(name: str) -> str:
    """A court or parliament list's "Family, Title Given" read as "Title Given Family", so that
    the title leads and is dropped, and the parts keep their usual order."""
    head, sep, tail = name.partition(",")
    if sep and all(_degree(w) for w in tail.replace(",", " ").split()):
        # "NAME, SH, MH, M.Si": the tail is degrees, not a given name.
        return head
    if sep and tail.strip() and "," not in tail:
        words = head.split()
        lead: list[str] = []
        while len(words) > 1 and words[0].casefold() in _LEADING_TITLES:
            lead.append(words.pop(0))
        return " ".join([*lead, tail.strip(), *words])
    return name.replace(",", " ")


# Latin initials as Tamil and Sinhala print them: the English letter's name in their script,
# with a full stop (ஏ. = A., எச். = H., එම්. = M.), as ICU or anyascii transliterate it. Tamil
# has one letter for B and P, and for D and T: such initials compare by consonant class.
_LETTER_NAMES: dict[str, str] = {
    "e": "a", "ee": "a", "pi": "p", "bi": "b", "ci": "c", "si": "c", "ti": "t", "di": "d",
    "i": "e", "ip": "e", "ep": "f", "eph": "f", "ji": "g", "ec": "h", "ech": "h", "ecc": "h",
    "ai": "i", "je": "j", "ke": "k", "el": "l", "em": "m", "en": "n", "o": "o", "kyu": "q",
    "ar": "r", "es": "s", "yu": "u", "vi": "v", "eks": "x", "vai": "y", "icat": "z",
    # ... and Devanagari and Bengali ones, read with the vowel their last letter carries
    # (एस. esa = S., এইচ. eica = H.), and Sinhala's spellings ICU gives otherwise.
    "efa": "f", "epha": "f", "ef": "f", "eca": "h", "eica": "h", "ela": "l", "ema": "m",
    "ena": "n", "ara": "r", "esa": "s", "eksa": "x", "zeda": "z", "jeda": "z", "dablyu": "w",
    "dabliu": "w", "kiu": "q", "kiv": "q", "iu": "u", "bhi": "v", "oyai": "y", "vyi": "y",
    "ayi": "i",
}  # fmt: skip
# Scripts whose lists write an initial as the letter of the sound a name begins with, with a
# full stop (আ. ক. ম. = A. K. M., ম. = M.): one letter, its vowel sign and marks.
_AKSHARA_INITIAL_SCRIPTS = frozenset(
    {"devanagari", "bengali", "gurmukhi", "gujarati", "oriya", "telugu", "kannada", "malayalam"}
)


def _akshara_initial(word: str) -> str:
    """The Latin initial a one-letter Brahmic word with a full stop stands for ("ক." -> "K."),
    or ''; a title (मा., डा.) is no initial."""
    bare = word[:-1]
    if word.casefold() in _LEADING_TITLES or not bare:
        return ""
    if sum(1 for ch in bare if unicodedata.category(ch) == "Lo") != 1:
        return ""
    if any(unicodedata.category(ch) not in {"Lo", "Mn", "Mc"} for ch in bare):
        return ""
    ascii_form = _ascii(_transliterate(bare))
    return ascii_form[0].upper() + "." if ascii_form else ""


def _syllables(word: str) -> str:
    """A Han or Hangul word of two to four characters written as its syllables ("김정은" ->
    "김 정 은", "蔡英文" -> "蔡 英 文"): the family name becomes a part of its own, which the
    name symbols tie to its Latin spellings (김 = Kim, 蔡 = Tsai), and the given name's
    syllables meet a Latin spelling written apart, hyphenated or joined (Jong-un, Jongun)."""
    script = script_of(word)
    if word.endswith(".") and script not in {"latin", "none", "han", "hangul", "arabic"}:
        letter = _LETTER_NAMES.get(_ascii(_transliterate(word)))
        if letter:
            return letter.upper() + "."
        if script in _AKSHARA_INITIAL_SCRIPTS:
            initial = _akshara_initial(word)
            if initial:
                return initial
    if script == "hangul" and word in _KOREAN_TITLES:
        return ""
    if (
        2 <= len(word) <= 4
        and script in {"han", "hangul"}
        and all(script_of(ch) in {"han", "hangul"} for ch in word)
        and not (script == "hangul" and _is_foreign_hangul(word))
    ):
        return " ".join(word)
    if script == "arabic":
        if word in _ARABIC_TITLES:
            return ""
        # The article written onto the name (الغانم = al-Ghanim) as a part of its own.
        if word.startswith("ال") and (len(word) > 4 or (len(word) == 4 and word not in _ALLAH)):
            return "ال " + word[2:]
    return word


# Allah in the compounds of names (عبد الله): one word, not the article and a part.
_ALLAH = frozenset({"الله", "اللہ", "اللّه"})

_TO_SIMPLIFIED = icu.Transliterator.createInstance("Traditional-Simplified")


@lru_cache(maxsize=20_000)
def _simplified(char: str) -> str:
    return str(_TO_SIMPLIFIED.transliterate(char))


def _readings(own: str, origin: str, given: bool = False) -> frozenset[str]:
    """The skeletons of a lone Han character's or Hangul syllable's Latin spellings; for a
    syllable of a Chinese given name (`given`), its Mandarin -en, -in also as -eng, -ing and
    the other way round, as Taiwan's names mix them (李麗芬 Li-Feng Lee, 楊玉欣 Yu-xing)."""
    if len(own) != 1:
        return frozenset()
    spellings: AbstractSet[str]
    if origin == "han":
        spellings = han_spellings(own)
        if given:
            spellings = set(spellings) | {
                s[:-1] if s.endswith("ng") else s + "g"
                for s in mandarin_spellings(own)
                if s.endswith(("en", "eng", "in", "ing"))
            }
    elif origin == "hangul":
        spellings = hangul_spellings(own)
    else:
        return frozenset()
    return frozenset(skeleton(s) for s in spellings)


_GLUED_ABBREVIATION = re.compile(r"(?<=[^\x00-\x7f])\.(?=[^\x00-\x7f\s])")
_BOUND = "\u2060"  # word joiner: marks the first syllable of a hyphenated pair
# Syllables in Latin letters, with the accents and tone marks of Vietnamese, Hokkien (POJ) and
# Hakka spellings (Bêng-chong, Li̍p-hiông): up to six letters, each with its marks.
_SYLLABLE = "(?:[A-Za-z\u00c0-\u024f\u1e00-\u1eff][\u0300-\u036f\u1dc0-\u1dff]*){1,6}"
_CJK_SYLLABLES = re.compile(rf"(?<![^\W\d_])({_SYLLABLE})-({_SYLLABLE})(?![^\W\d_])")


_SINHALA_CONSONANTS = range(0x0D9A, 0x0DC7)
_SINHALA_VIRAMA = "\u0dca"
_SINHALA_SIGNS = frozenset(chr(c) for c in (*range(0x0DCF, 0x0DE0), 0x0DF2, 0x0DF3))
_SINHALA_ANUSVARA = "\u0d82"


@lru_cache(maxsize=20_000)
def sinhala_romanised(word: str) -> str:
    """A Sinhala word in Latin letters with the vowel a that a consonant carries unless a vowel
    sign or the virama follows it (රතන ratana, not rtn), and the anusvara as the n or m of the
    consonant after it (අමරතුංග amaratunga); `anyascii` for each letter."""
    out: list[str] = []
    for i, ch in enumerate(word):
        following = word[i + 1] if i + 1 < len(word) else ""
        if ch == _SINHALA_ANUSVARA:
            nxt = anyascii(word[i + 1 : i + 2])
            out.append("m" if nxt[:1] in {"p", "b", "m"} else "n")
            continue
        out.append(anyascii(ch))
        if (
            ord(ch) in _SINHALA_CONSONANTS
            and following != _SINHALA_VIRAMA
            and following not in _SINHALA_SIGNS
        ):
            out.append("a")
    return "".join(out)


def _transliterate(text: str) -> str:
    """ASCII for a name part written in another script: ICU's transliteration, and `anyascii`
    for the scripts ICU has no rule for (Sinhala, Khmer, Lao, Burmese ...)."""
    out = ascii_text(text)
    if not out.strip() or "?" in out:
        out = anyascii(text)
    return out


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", folded.casefold())


# Tokens made by `analyse`, one object per value: the scorer keeps what it learns of a token per
# object for a query's lifetime (`QueryScorer`), so Kumar in a thousand names is compared once.
_ANALYSED_TOKENS: dict[Token, Token] = {}
_ANALYSED_TOKENS_MAX = 200_000


@lru_cache(maxsize=200_000)
def analyse(name: str) -> AnalysedName:
    """Analyse a person's name ("KUMAR, Ramesh", "Dr. Nguyễn Văn Ánh", "Мухаммед Али")."""
    written = name.translate(_CANDRABINDU)
    if "\u0919" in written or "\u0999" in written:
        written = _VELAR_NASAL.sub(_velar_nasal_g, written)
    analysed = _analyse(written)
    if len(_ANALYSED_TOKENS) >= _ANALYSED_TOKENS_MAX:
        _ANALYSED_TOKENS.clear()
    return AnalysedName(
        original=name,
        tokens=tuple(_ANALYSED_TOKENS.setdefault(t, t) for t in analysed.tokens),
    )


# Candrabindu nasalises a vowel (पाँच, বাঁশ) where anusvara closes it with a nasal (संजय); Latin
# spellings write both as n or m (Paanch, Sanjay), which is how the anusvara is transliterated,
# by the consonant after it. The candrabindu is read as an anusvara.
_CANDRABINDU = str.maketrans({"\u0901": "\u0902", "\u0981": "\u0982"})
# The velar nasal (Devanagari ङ, Bengali ঙ) is ṅ in ICU's transliteration, which ASCII folding
# makes a plain n, where Latin spellings write ng (गुरुङ Gurung, सिङ् Singh, छेवांङ् Chhewang): it
# is read as ङ्ग (ṅg) unless a velar consonant follows it already (गङ्गा Ganga).
_VELAR_NASAL = re.compile("(\u0919)(?!\u094d[\u0915-\u0918])|(\u0999)(?!\u09cd[\u0995-\u0998])")


def _velar_nasal_g(match: re.Match[str]) -> str:
    return "\u0919\u094d\u0917" if match.group(1) else "\u0999\u09cd\u0997"


# Brackets in a name, ASCII or full-width, and what a list writes in them that is no name: a
# retired officer's or a dead person's mark, a title or degree, a date.
_BRACKETED = re.compile(r"[(\uff08]([^()\uff08\uff09]*)[)\uff09]")
_BRACKET_NOTES = frozenset({"retd", "retired", "rtd", "deceased", "late", "purn", "aka", "a.k.a"})


def _is_note(text: str) -> bool:
    words = [w.strip(".,;: ").casefold() for w in text.split()]
    words = [w for w in words if w]
    return (
        not words
        or any(ch.isdigit() for ch in text)
        or all(
            w in _BRACKET_NOTES
            or w.replace(".", "") in _BRACKET_NOTES
            or w in _LEADING_TITLES
            or w + "." in _LEADING_TITLES
            or _degree(w)
            for w in words
        )
    )


def _analyse(name: str) -> AnalysedName:
    """`_analyse_plain` of the name outside brackets, then of each bracketed name (Puspakamal
    Dahal (Prachanda): Prachanda) as parts aside; bracketed notes ((Retd.), (Dr.)) dropped."""
    if not _BRACKETED.search(name):
        return _analyse_plain(name)
    main = " ".join(_BRACKETED.sub(" ", name).split())
    asides = [m.group(1) for m in _BRACKETED.finditer(name) if not _is_note(m.group(1))]
    if not main:
        main, asides = " ".join(asides), []
    tokens = list(_analyse_plain(main).tokens)
    for text in asides:
        tokens.extend(
            replace(t, aside=True, particle=False, bound=False) for t in _analyse_plain(text).tokens
        )
    return AnalysedName(original=name, tokens=tuple(tokens))


def _analyse_plain(name: str) -> AnalysedName:
    transcribed = _transcribed_tokens(name)
    if transcribed:
        return AnalysedName(original=name, tokens=transcribed)
    # A given name of two hyphenated syllables (Hung-Chun, Jong-un, Chi-fung) is one name part:
    # its syllables are marked so that they match in their order, not as two loose names
    # (Hung-Chun Lee is not Chun-Yi Hung).
    joined = _CJK_SYLLABLES.sub(lambda m: f"{m.group(1)}{_BOUND} {m.group(2)}", _uncomma(name))
    # An abbreviation glued to the name in another script (मा.अकबाल: Hon. Akbal) stands apart.
    joined = _GLUED_ABBREVIATION.sub(". ", joined)
    cleaned = " ".join(_syllables(w) for w in joined.replace(" .", ".").split())
    cleaned = _DOTTED_INITIALS.sub(lambda m: m.group(0).replace(".", ". "), cleaned)
    cleaned = _drop_titles(" ".join(cleaned.split()))
    bound = {i for i, w in enumerate(cleaned.split()) if w.endswith(_BOUND)}
    cleaned = cleaned.replace(_BOUND, "")
    if "-" in cleaned and cjk_syllables(cleaned.split()) is not None:
        # A Korean or Chinese given name in Cyrillic with its syllables hyphenated (Сяо-мин)
        # is one word, as it is written most often (Сяомин).
        cleaned = cleaned.replace("-", "")
    if script_of(cleaned) in _SPACELESS:
        return AnalysedName(original=name, tokens=_spaceless_tokens(cleaned))
    names = analyze_names(NameTypeTag.PER, [cleaned], infer_initials=True, consolidate=False)
    if not names:
        return AnalysedName(original=name, tokens=())
    parsed = max(names, key=lambda n: len(n.parts))
    symbols: dict[int, set[str]] = {}
    nicks: dict[int, set[str]] = {}
    for span in parsed.spans:
        if span.symbol.category is SymbolCategory.NAME:
            target = symbols
        elif span.symbol.category is SymbolCategory.NICK and len(span.parts) == 1:
            target = nicks
        else:
            continue
        for part in span.parts:
            target.setdefault(part.index, set()).add(str(span.symbol.id))
    # The name's own words, when rigour kept one part per word: transliterated from them, a part
    # keeps the vowel signs rigour's normalisation strips (Devanagari, Bengali matras).
    words = cleaned.split()
    own_words = len(words) == len(parsed.parts)
    # A Korean or Chinese name in Cyrillic (Кан Чханхи): each word's Latin spellings.
    cjk = cjk_syllables(words) if own_words else None
    # A Chinese name in characters, cut into its syllables: the first is the family name.
    han_name = (
        own_words
        and len(words) in range(2, 5)
        and all(len(w) == 1 and script_of(w) == "han" for w in words)
    )
    tokens: list[Token] = []
    for part in parsed.parts:
        syms = set(symbols.get(part.index, set()))
        origin = script_of(part.form or "")
        own = words[part.index] if own_words else (part.form or "")
        form = _ascii(part.ascii or "")
        if origin == "sinhala" and own and script_of(own) == "sinhala":
            # rigour's and anyascii's Sinhala leave out the vowel a consonant carries.
            form = _ascii(sinhala_romanised(own))
        if form:
            forms = [form]
        else:
            # No ASCII form from rigour (Arabic, Han, Devanagari, Thai, Ge'ez, Hebrew ...):
            # ICU's transliteration, a word per token ("张伟" -> zhang, wei), so the name has
            # tokens to find and compare; its cross-script name symbols stay with it.
            forms = [f for f in (_ascii(w) for w in _transliterate(own).split()) if f]
            if not forms and syms:
                forms = [(part.form or "").casefold()]
        for form in forms:
            group = _GROUP_OF.get(form)
            token_syms = set(syms) if len(forms) == 1 else set()
            if group is not None:
                token_syms.add(f"g{group}")
            tokens.append(
                Token(
                    form=form,
                    phonetic=(part.metaphone if part.ascii else None) or metaphone(form),
                    symbols=frozenset(token_syms),
                    skeleton=skeleton(form),
                    nicks=frozenset(nicks.get(part.index, set()) | nickname_groups(form)),
                    origin=origin,
                    han=_simplified(own) if origin == "han" and len(own) == 1 else "",
                    readings=(
                        _readings(own, origin, given=han_name and part.index > 0)
                        if len(forms) == 1
                        else frozenset()
                    ),
                    variants=_variants(form, own if len(forms) == 1 else "", origin)
                    | (_cjk_variants(form, tuple(cjk[part.index])) if cjk else frozenset()),
                    bound=own_words and part.index in bound,
                    consonants=consonant_key(
                        own if origin == "arabic" and len(forms) == 1 else form,
                        origin if len(forms) == 1 else "latin",
                    ),
                    consonant_variants=(
                        arabic_consonant_variants(own)
                        if origin == "arabic" and len(forms) == 1
                        else kana_consonant_variants(form)
                        if origin == "kana"
                        else frozenset()
                    ),
                )
            )
    if all(t.origin == "latin" for t in tokens) and mandarin_name([t.form for t in tokens]):
        tokens = [
            replace(t, variants=t.variants | mandarin_variants(t.form)) if len(t.form) > 1 else t
            for t in tokens
        ]
    last = len(tokens) - 1
    tokens = [
        # A particle hyphenated to the name (el-Khalil) is not a syllable bound to it.
        replace(t, particle=True, bound=False) if t.form in PARTICLES and i < last else t
        for i, t in enumerate(tokens)
    ]
    return AnalysedName(original=name, tokens=tuple(tokens))


# The version of `analyse`'s output. Imported entities keep their names' analysis in the store
# (`analysis_record`), so that screening at a million people scores candidates without
# analysing their names again; a record of another version is ignored and the name analysed
# afresh. Change it with any change to what `analyse` returns (tests/screening/
# test_analysis_record.py pins a digest of the analysis of sample names to this number).
ANALYSIS_VERSION = 9


def analysis_record(name: AnalysedName) -> list[list[object]]:
    """The analysis as JSON-ready lists (one per token), for the store."""
    return [
        [
            t.form,
            t.phonetic,
            sorted(t.symbols),
            t.skeleton,
            sorted(t.nicks),
            t.origin,
            t.consonants,
            t.han,
            int(t.bound),
            int(t.particle),
            sorted(t.readings),
            sorted(t.variants),
            sorted(t.consonant_variants),
            int(t.aside),
        ]
        for t in name.tokens
    ]


_EMPTY: frozenset[str] = frozenset()
_TOKEN_FIELDS = tuple(f.name for f in fields(Token))
# Stored tokens met again (the same name part in many names: Muhammad, Kumar, Wang) are one
# object, made once: 500 candidates per query made fewer objects, and the garbage collector ran
# less often in the middle of a request (in process at 1M people: p95 136 -> 78 ms).
_INTERNED: dict[tuple[object, ...], Token] = {}
_INTERNED_MAX = 200_000


def _token_by_dict(*values: object) -> Token:
    """A token made without the frozen dataclass's checked `__init__` (twelve
    `object.__setattr__` calls): its fields are set in one step, the same values `Token(...)`
    would hold (tests/screening/test_analysis_record.py compares the two). Only for this
    module run as Python source: compiled (`tipwatch.native`), a token has no `__dict__` and
    its constructor is the fast way."""
    token = object.__new__(Token)
    token.__dict__.update(zip(_TOKEN_FIELDS, values, strict=True))
    return token


_make_token: Callable[..., Token] = _token_by_dict if __file__.endswith(".py") else Token


def from_record(original: str, record: list[list[object]]) -> AnalysedName:
    """The analysis `analysis_record` stored.

    Screening reads up to 500 stored analyses per query; tokens met before are reused
    (`_INTERNED`) and new ones made by `_make_token` (`token_of`)."""
    return AnalysedName(original=original, tokens=tuple([token_of(row) for row in record]))


def token_of(row: list[object]) -> Token:
    """One token of a stored analysis (a row of `analysis_record`): the token met before with
    the same fields (`_INTERNED`), else a new one made by `_make_token`."""
    (
        form,
        phonetic,
        symbols,
        skel,
        nicks,
        origin,
        consonants,
        han,
        bound,
        particle,
        readings,
        variants,
        consonant_variants,
        aside,
    ) = row
    key: tuple[object, ...] = (
        form,
        phonetic,
        tuple(symbols),  # type: ignore[arg-type]
        skel,
        tuple(nicks),  # type: ignore[arg-type]
        origin,
        consonants,
        han,
        bound,
        particle,
        tuple(readings),  # type: ignore[arg-type]
        tuple(variants),  # type: ignore[arg-type]
        tuple(consonant_variants),  # type: ignore[arg-type]
        aside,
    )
    interned = _INTERNED
    token = interned.get(key)
    if token is not None:
        return token
    token = _make_token(
        str(form),
        str(phonetic),
        frozenset(symbols) if symbols else _EMPTY,  # type: ignore[call-overload]
        str(skel),
        frozenset(nicks) if nicks else _EMPTY,  # type: ignore[call-overload]
        str(origin),
        str(consonants),
        str(han),
        bool(bound),
        bool(particle),
        frozenset(readings) if readings else _EMPTY,  # type: ignore[call-overload]
        frozenset(variants) if variants else _EMPTY,  # type: ignore[call-overload]
        frozenset(consonant_variants) if consonant_variants else _EMPTY,  # type: ignore[call-overload]
        bool(aside),
    )
    if len(interned) >= _INTERNED_MAX:
        interned.clear()
    interned[key] = token
    return token


def blocking_keys(name: AnalysedName | str) -> set[str]:
    """Keys under which a candidate name is stored so that a query finds it: token forms,
    metaphones and name symbols (initials are skipped: too broad)."""
    n = analyse(name) if isinstance(name, str) else name
    keys: set[str] = set()
    for group in token_keys(n):
        keys |= group
    return keys | article_keys(n)


def article_keys(name: AnalysedName) -> set[str]:
    """The consonant keys of an Arabic-script part with the article before it written onto it,
    as French and Maghrebi spellings do (العذاري / Ladhari, الوريمي / Lourimi): the part alone
    may have too few consonant classes to be a key of its own; and of a part with the article
    after it written onto it (Shamsul, Mujibur)."""
    keys: set[str] = set()
    tokens = name.tokens
    for i, (first, second) in enumerate(zip(tokens, tokens[1:], strict=False)):
        if _is_article(second) and not first.particle and not first.is_initial:
            # ... and written onto the part before it, as Bengali and Urdu names do (شمس ال حق
            # Shamsul Haque), with the sound of a sun letter after it (مجیب ال رحمن Mujibur).
            joined = join_consonants(first.consonants, "l")
            if len(joined) >= 3 and joined != first.consonants:
                keys.add("c:" + joined)
            if i + 2 < len(tokens):
                sun = sun_join(first, second, tokens[i + 2])
                if sun:
                    keys.add("c:" + sun)
        if _is_article(first) and not second.particle and not second.is_initial:
            joined = join_consonants("l", second.consonants)
            if len(joined) >= 3:
                keys.add("c:" + joined)
            keys.update("c:" + j for j in article_variant_joins(first, second))
    return keys


def _is_article(t: Token) -> bool:
    """The Arabic-script article (ال) as a part of its own."""
    return t.particle and t.origin == "arabic" and t.consonants == "l"


def sun_join(first: Token, article: Token, third: Token) -> str:
    """The consonant key of a part with the Arabic-script article written onto it where the
    next part begins with a sun letter, whose sound the article takes (مجیب ال رحمن: mspr, as
    in Mujibur); '' when that is not the case or the key is shorter than three classes."""
    if not _is_article(article) or first.particle:
        return ""
    if not third.consonants or third.consonants[0] not in SUN_CLASSES:
        return ""
    joined = join_consonants(first.consonants, third.consonants[0])
    return joined if len(joined) >= 3 and joined != first.consonants else ""


def article_variant_joins(first: Token, second: Token) -> set[str]:
    """The consonant keys of an Arabic-script particle and the part after it written as one
    word, the part's letters read with their other sounds (ال + عذاري: ltr as in Ladhari);
    keys of three classes or more."""
    if not (first.particle and first.origin == "arabic" and second.consonant_variants):
        return set()
    return {
        j
        for j in (join_consonants(first.consonants, c) for c in second.consonant_variants)
        if len(j) >= 3
    }


def token_keys(name: AnalysedName | str) -> list[set[str]]:
    """The blocking keys of each name part (initials have none)."""
    n = analyse(name) if isinstance(name, str) else name
    out: list[set[str]] = []
    for t in n.tokens:
        if t.is_initial:
            continue
        keys: set[str] = set()
        out.append(keys)
        keys.add("t:" + t.form)
        keys.add("k:" + t.skeleton)
        if t.phonetic:
            keys.add("p:" + t.phonetic)
        keys.update("s:" + s for s in t.symbols)
        if len(t.consonants) >= 3:
            keys.add("c:" + t.consonants)
        keys.update("c:" + c for c in t.consonant_variants if len(c) >= 3)
        keys.update("k:" + r for r in t.readings)
        keys.update("k:" + v for v in t.variants)
    return out


def join_consonants(first: str, second: str) -> str:
    """Two parts' consonant keys as one word's: a class repeated across the join is one
    (عبد ال لطيف / Abdellatif)."""
    return first + second[1:] if first and second and first[-1] == second[0] else first + second


# The consonant classes of the Arabic "sun letters" (t, th, d, dh, r, z, s, sh and their
# emphatic forms, l, n): the article's l takes their sound (al-Zaman is az-Zaman), so a name
# written as one word in Latin letters has no l there (اسد الزمان / Asaduzzaman).
SUN_CLASSES = frozenset("tsrnl")


def compound_joins(first: str, article: str, third: str) -> tuple[str, ...]:
    """The consonant keys of a name part, a connecting particle and the next part written as one
    word (عبد الفتاح / Abdelfattah): the three joined, and, where the particle is the article
    (`l`) and the next part begins with a sun letter's class, also without the article's l.
    Only a next part of two classes or more: one class could vanish into the first part's
    (عثمان الحناوى is not Usman)."""
    joined = join_consonants(join_consonants(first, article), third)
    if article == "l" and len(third) >= 2 and third[0] in SUN_CLASSES:
        return (joined, join_consonants(first, third))
    return (joined,)


SPLIT_MIN = 4


def query_keys(name: AnalysedName | str) -> list[set[str]]:
    """The keys a query looks candidates up by: each part's (`token_keys`), and for two
    neighbouring parts the keys of the word they make together, which a list may write as
    one (Bal Krishna / बालकृष्ण, Gholam Ali / غلامعلی)."""
    n = analyse(name) if isinstance(name, str) else name
    out = token_keys(n)
    parts = [t for t in n.tokens if not t.is_initial]
    for group, t in zip(out, parts, strict=False):
        # ... and the other way round: one word of the query that a list writes as two parts
        # (Thambidurai / Thambi Durai, Bharathimohan / Bharathi Mohan), split into two halves
        # of SPLIT_MIN letters or more; in another script, its consonant classes split where
        # three or more lie on one side (बालकृष्ण plkrsn: Bal Krishna's krsn). The halves join
        # the part's own group: the store reads one group's keys rarest first, so they add no
        # forced read of a common half (Abdul of Abdulrahman).
        if t.origin == "latin" and len(t.form) >= 2 * SPLIT_MIN:
            for k in range(SPLIT_MIN, len(t.form) - SPLIT_MIN + 1):
                group.update(("k:" + skeleton(t.form[:k]), "k:" + skeleton(t.form[k:])))
        elif t.origin != "latin" and len(t.consonants) >= 5:
            group.update(
                "c:" + half
                for k in range(1, len(t.consonants))
                for half in (t.consonants[:k], t.consonants[k:])
                if len(half) >= 3
            )
    for first, second, third in zip(parts, parts[1:], parts[2:], strict=False):
        # A compound with the article inside, looked up as the one word a list may write
        # (اسد الزمان / Asaduzzaman).
        if second.particle and not first.particle and not third.particle:
            compound = {
                "c:" + j
                for j in compound_joins(first.consonants, second.consonants, third.consonants)
                if len(j) >= 4
            }
            if compound:
                out.append(compound)
    glued = article_keys(n)
    if glued:
        out.append(glued)
    for first, second in zip(parts, parts[1:], strict=False):
        if first.particle or second.particle:
            continue
        keys = {"k:" + skeleton(first.form + second.form)}
        joined = join_consonants(first.consonants, second.consonants)
        if len(joined) >= 4:
            keys.add("c:" + joined)
        out.append(keys)
    return out
