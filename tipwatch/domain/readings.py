"""How one Han character or Hangul syllable of a name is spelt in Latin letters.

A Chinese name is romanised by the reading of where its bearer comes from: Mandarin pinyin on
the mainland (蔡 Cai), Wade-Giles in Taiwan (蔡 Tsai, 許 Hsu), Cantonese in Hong Kong and Macau
(許 Hui, 梁 Leung, 葉 Ip), each with its own habits. A Korean name is romanised syllable by
syllable in Revised Romanization (정 Jeong), McCune-Reischauer (Chong) or the bearer's own
spelling (Chung, Jung). ICU gives one of these (pinyin, Revised Romanization); a screening
query in another one would miss.

`readings` gives, for one character or syllable, the transliteration skeletons
(`tipwatch.domain.names.skeleton`) of its usual romanisations: pinyin and Wade-Giles from
`pypinyin`, Cantonese from the Jyutping of `ToJyutping` written as Hong Kong spells names, and
Hangul from its letters (jamo), each letter with the spellings the romanisation systems and
common usage give it. The tables behind the spellings are below; a spelling is added only
when people write names that way, since every spelling is a way for two names to meet.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Any

import icu

_HANJA = Path(__file__).with_name("data") / "hanja.tsv"
_HANVIET = Path(__file__).with_name("data") / "hanviet.tsv"
_WADE_GILES = Path(__file__).with_name("data") / "wadegiles.tsv"

# Jyutping initials, longest first, and how Hong Kong writes them in names.
_JYUTPING_INITIALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("gw", ("kw",)),
    ("kw", ("kw",)),
    ("ng", ("ng",)),
    ("b", ("p", "b")),
    ("p", ("p",)),
    ("m", ("m",)),
    ("f", ("f",)),
    ("d", ("t", "d")),
    ("t", ("t",)),
    ("n", ("n",)),
    ("l", ("l",)),
    ("g", ("k", "g")),
    ("k", ("k",)),
    ("h", ("h",)),
    ("w", ("w",)),
    ("z", ("ch", "ts", "tz", "j")),
    ("c", ("ch", "ts", "tz")),
    ("s", ("s", "sh")),
    ("j", ("y", "")),
)
# Jyutping finals and their Hong Kong spellings (梁 loeng -> Leung, Leong; 許 heoi -> Hui;
# 新 san -> San, Sun; 周 zau -> Chau, Chow; 何 ho -> Ho, Hoh; 娥 ngo -> Ngor).
_JYUTPING_FINALS: dict[str, tuple[str, ...]] = {
    "aa": ("a", "ah"), "aai": ("ai",), "aau": ("au",), "aam": ("am",), "aan": ("an",),
    "aang": ("ang",), "aap": ("ap",), "aat": ("at",), "aak": ("ak",),
    "a": ("a",), "ai": ("ai",), "au": ("au", "ow"), "am": ("am", "um"), "an": ("an", "un"),
    "ang": ("ang",), "ap": ("ap",), "at": ("at",), "ak": ("ak",),
    "e": ("e", "eh"), "ei": ("ei", "ee", "i"), "eu": ("eu",), "em": ("em",), "eng": ("eng",),
    "ep": ("ep",), "ek": ("ek",),
    "i": ("i", "ee"), "iu": ("iu",), "im": ("im",), "in": ("in",), "ing": ("ing",),
    "ip": ("ip",), "it": ("it",), "ik": ("ik",),
    "o": ("o", "oh", "or"), "oi": ("oi", "oy"), "ou": ("o", "ou", "oh"), "on": ("on",),
    "ong": ("ong",), "ot": ("ot",), "ok": ("ok",),
    "u": ("u", "oo"), "ui": ("ui", "ooi"), "un": ("un", "oon"), "ung": ("ung",),
    "ut": ("ut",), "uk": ("uk",),
    "oe": ("oe",), "oeng": ("eung", "eong"), "oek": ("euk", "eok"),
    "eoi": ("ui", "eui", "oi"), "eon": ("un", "eun", "on"), "eot": ("ut", "eut"),
    "yu": ("u", "ue", "yu"), "yun": ("uen", "un", "yun"), "yut": ("uet", "ut", "yut"),
    "m": ("m",), "ng": ("ng",),
}  # fmt: skip
# Sibilants before i are written sz, tsz or sze in Hong Kong names (施 si -> Sze, 智 zi -> Chi).
_SIBILANT_I: dict[str, tuple[str, ...]] = {
    "s": ("sze", "sz", "see"),
    "z": ("tsz", "tze", "chi", "tse"),
    "c": ("tsz", "tze", "chi", "tse"),
}


def cantonese_spellings(jyutping: str) -> set[str]:
    """Hong Kong spellings of one Jyutping syllable ("loeng4" -> leung, leong)."""
    syllable = jyutping.rstrip("0123456789")
    initial = ""
    options: tuple[str, ...] = ("",)
    for prefix, spelt in _JYUTPING_INITIALS:
        if syllable.startswith(prefix) and syllable[len(prefix) :] in _JYUTPING_FINALS:
            initial, options = prefix, spelt
            break
    final = syllable[len(initial) :]
    finals = _JYUTPING_FINALS.get(final)
    if finals is None:
        return {syllable} if syllable.isalpha() else set()
    out = {a + b for a, b in product(options, finals)}
    if final == "i" and initial in _SIBILANT_I:
        out.update(_SIBILANT_I[initial])
    if initial == "j" and final.startswith("yu"):
        # 余 jyu -> Yu, 阮 jyun -> Yuen, 月 jyut -> Yuet.
        out.update("y" + f for f in finals)
    return {s for s in out if s}


# Hangul letters: initial consonants, vowels and final consonants in Unicode order, each with
# its spellings in Revised Romanization, McCune-Reischauer (without breves and apostrophes)
# and common name spellings (정 Jeong, Chong, Chung, Jung; 이 Lee, Yi, Rhee; 서 Seo, Suh); ㅐ and
# ㅔ are one sound in Seoul speech and names spell either way (제 Je, Jae).
_INITIALS: tuple[tuple[str, ...], ...] = (
    ("g", "k"), ("kk", "gg"), ("n",), ("d", "t"), ("tt", "dd"), ("r", "l", "n", ""), ("m",),
    ("b", "p"), ("pp", "bb"), ("s", "sh"), ("ss",), ("",), ("j", "ch"), ("jj", "tch"),
    ("ch",), ("k",), ("t",), ("p",), ("h",),
)  # fmt: skip
_VOWELS: tuple[tuple[str, ...], ...] = (
    ("a", "ah"), ("ae", "e", "ai"), ("ya",), ("yae", "ye"), ("eo", "o", "u", "uh"), ("e", "ae"),
    ("yeo", "yo", "yu"), ("ye", "yae"), ("o", "oh"), ("wa",), ("wae",), ("oe", "oi", "we"),
    ("yo",), ("u", "oo", "woo"), ("wo", "weo"), ("we",), ("wi", "wee"), ("yu", "yoo"),
    ("eu", "u"), ("ui", "eui", "ee"), ("i", "ee", "yi"),
)  # fmt: skip
_FINALS: tuple[tuple[str, ...], ...] = (
    ("",), ("k", "g"), ("k",), ("k",), ("n",), ("n",), ("n",), ("t", "d"), ("l", "r"),
    ("k",), ("m",), ("l",), ("l",), ("l",), ("p",), ("l",), ("m",), ("p", "b"), ("p",),
    ("t", "s"), ("t",), ("ng",), ("t", "j"), ("t",), ("k",), ("t",), ("p",), ("t", "h"),
)  # fmt: skip
# Family-name spellings no letter table gives (박 Park: the r only marks a long a in English).
_FAMILY_SPELLINGS: dict[str, set[str]] = {"박": {"park"}}


# Hokkien readings (Taiwan's Tai-lo, as `taibun` gives them) are written in names in Church
# romanization (POJ: 柯建銘 Koa Kiàn-bêng, 陳 Tân) in Taiwan and in its English-letter habits in
# Singapore, Malaysia and the Philippines (蔡 Chua, 吳 Goh, 許 Khoo, 冠 Guan, 瑞 Swee). Tai-lo
# letters and their POJ spellings, applied in order (tsh before ts).
_TAILO_TO_POJ: tuple[tuple[str, str], ...] = (
    ("tsh", "chh"), ("ts", "ch"), ("oo", "o"), ("ua", "oa"), ("ue", "oe"), ("ing", "eng"),
    ("ik", "ek"),
)  # fmt: skip


def hokkien_spellings(tailo: str) -> set[str]:
    """Name spellings of one toneless Tai-lo syllable ("khoo" -> khoo, kho, khoh; "kuan" ->
    kuan, koan, guan; "tiunn" -> tiu, tiun)."""
    syllable = tailo.strip("-").casefold()
    if not syllable.isalpha() or not syllable.isascii():
        return set()
    # The nasal vowel (nn in Tai-lo, a raised n in POJ) is dropped or written n.
    bases = {syllable[:-2], syllable[:-1]} if syllable.endswith("nn") else {syllable}
    out: set[str] = set()
    for base in bases:
        poj = base
        for tailo_letters, poj_letters in _TAILO_TO_POJ:
            poj = poj.replace(tailo_letters, poj_letters)
        forms = {base, poj, poj.replace("oa", "ua").replace("oe", "ue")}
        for form in list(forms):
            if form.endswith(("o", "e")):
                forms.add(form + "h")  # 吳 Goh, 鄭 Teh
            if form.startswith("k") and not form.startswith("kh"):
                forms.add("g" + form[1:])  # 冠 Guan
            if "ui" in form:
                forms.add(form.replace("ui", "wee"))  # 瑞 Swee
        out |= forms
    return {s for s in out if s}


_HANGUL_BASE = 0xAC00
_HANGUL_LAST = 0xD7A3


def hangul_spellings(syllable: str) -> set[str]:
    """Latin spellings of one Hangul syllable ("정" -> jeong, chong, chung, jung, ...)."""
    code = ord(syllable) - _HANGUL_BASE
    if len(syllable) != 1 or not 0 <= code <= _HANGUL_LAST - _HANGUL_BASE:
        return set()
    initial, vowel, final = code // 588, (code % 588) // 28, code % 28
    vowels = _VOWELS[vowel]
    initials = _INITIALS[initial]
    if initial != 11:
        # "woo" and "yi" spell a vowel that starts the syllable (우 Woo, 이 Yi).
        vowels = tuple(v for v in vowels if v not in {"woo", "yi"})
    if initial == 11 and vowels[0][0] in "iy":
        # South Korean spelling drops an initial r before i and y (리 -> 이), family names
        # keep it in Latin letters (이 Lee, Rhee; 임 Lim; 류 Ryu; 양 Ryang).
        initials = ("", "l", "r")
    elif initial == 2:
        # ... and writes n for it before other vowels (로 -> 노 Roh, 라 -> 나 Ra).
        initials = ("n", "r")
    out = {a + b + c for a, b, c in product(initials, vowels, _FINALS[final])}
    if final and vowels[0] in {"a", "o", "eo", "u"}:
        # An h that lengthens the vowel before a final (안 Ahn, 손 Sohn, 준 Juhn).
        out.update(
            a + v.rstrip("h") + "h" + c for a, v, c in product(initials, vowels[:2], _FINALS[final])
        )
    out |= _FAMILY_SPELLINGS.get(syllable, set())
    return {s for s in out if s}


class _Han:
    """pypinyin, ToJyutping and the Korean readings of Han characters (Unihan's kHangul,
    `data/hanja.tsv`), loaded on first use (~1 s: a Latin-only screening process never needs
    them)."""

    _pinyin: Any = None
    _jyutping: Any = None
    _hanja: dict[str, tuple[str, ...]] = {}
    _hanviet: dict[str, tuple[str, ...]] = {}
    _hokkien: dict[str, tuple[str, ...]] = {}
    _traditional: Any = None

    @classmethod
    def load(cls) -> tuple[Any, Any]:
        if cls._pinyin is None:
            import pypinyin
            import ToJyutping

            cls._hanja = _unihan_table(_HANJA)
            cls._hanviet = _unihan_table(_HANVIET)
            cls._traditional = icu.Transliterator.createInstance("Simplified-Traditional")
            cls._hokkien = _hokkien_readings()
            cls._pinyin = pypinyin
            cls._jyutping = ToJyutping
        return cls._pinyin, cls._jyutping

    @classmethod
    def korean(cls, char: str) -> tuple[str, ...]:
        """The Hangul readings of a Han character (in its traditional form, as Korea writes
        it): 鄭 -> 정, 亮 -> 량, 양."""
        cls.load()
        return cls._lookup(cls._hanja, char)

    @classmethod
    def vietnamese(cls, char: str) -> set[str]:
        """The Sino-Vietnamese readings of a Han character in plain letters (王 vương -> vuong,
        丁 đinh -> dinh): Vietnamese names written in Han characters are read so."""
        cls.load()
        return {_unaccented(r).replace("đ", "d") for r in cls._lookup(cls._hanviet, char)}

    @classmethod
    def _lookup(cls, table: dict[str, tuple[str, ...]], char: str) -> tuple[str, ...]:
        found = table.get(char)
        if found is None:
            found = table.get(str(cls._traditional.transliterate(char)), ())
        return found

    @classmethod
    def hokkien(cls, char: str) -> set[str]:
        """The toneless Tai-lo readings of a Han character, literary and colloquial (陳 -> tan,
        tin; 許 -> hi, hu, khoo)."""
        cls.load()
        return {
            _unaccented(r) for entry in cls._lookup(cls._hokkien, char) for r in entry.split("/")
        }


def _unaccented(reading: str) -> str:
    """A reading without its tone and vowel marks, in lower case (tân -> tan, vương -> vuong)."""
    bare = unicodedata.normalize("NFD", reading)
    return "".join(c for c in bare if not unicodedata.combining(c)).casefold()


def _unihan_table(path: Path) -> dict[str, tuple[str, ...]]:
    """A table `scripts/hanja_table.py` wrote: a character, a tab, its readings."""
    return {
        char: tuple(readings.split())
        for char, _, readings in (
            line.partition("\t")
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith("#")
        )
    }


@lru_cache(maxsize=1)
def hanja_syllables() -> frozenset[str]:
    """Every Hangul syllable that reads a Han character (`data/hanja.tsv`): nearly every
    syllable of a Korean name."""
    return frozenset(r for readings in _unihan_table(_HANJA).values() for r in readings)


@lru_cache(maxsize=1)
def wade_giles_pairs() -> tuple[tuple[str, str], ...]:
    """Each pinyin syllable and its Wade-Giles spelling in plain letters (`data/wadegiles.tsv`,
    made by scripts/wadegiles_table.py)."""
    pairs: list[tuple[str, str]] = []
    for line in _WADE_GILES.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#") and "\t" in line:
            pinyin, wade = line.split("\t")
            pairs.append((pinyin, wade))
    return tuple(pairs)


def _hokkien_readings() -> dict[str, tuple[str, ...]]:
    """`taibun`'s table of every reading of a character (from Taiwan's Ministry of Education
    dictionary), read from the package's own data file: its Converter gives one reading per
    character, often the colloquial one (林 na where the family name is lim)."""
    import msgpack
    import taibun

    data = Path(taibun.__file__).with_name("data") / "prons.msgpack"
    table: dict[str, list[str]] = msgpack.unpackb(data.read_bytes(), raw=False)
    return {char: tuple(readings) for char, readings in table.items()}


def _plain(reading: str) -> str:
    """A pypinyin reading in plain letters: Wade-Giles's aspiration mark dropped, ü (which
    pypinyin writes v in both styles) as u."""
    return reading.replace("'", "").replace("v", "u")


def han_syllables(word: str) -> list[str]:
    """The pinyin of each character of a Han word, without tones (its most common reading):
    "恩赫包勒德" -> en, he, bao, lei, de."""
    pypinyin, _ = _Han.load()
    return [
        _plain(readings[0]).casefold()
        for readings in pypinyin.pinyin(word, style=pypinyin.Style.NORMAL, heteronym=False)
    ]


@lru_cache(maxsize=50_000)
def mandarin_spellings(char: str) -> frozenset[str]:
    """A Han character's Mandarin reading in pinyin, Wade-Giles and Taiwan's other
    romanisations (`taiwan_spellings`): 鄭 -> zheng, cheng, jeng, jheng."""
    pypinyin, _ = _Han.load()
    out: set[str] = set()
    for style in (pypinyin.Style.NORMAL, pypinyin.Style.WADEGILES):
        for reading in pypinyin.pinyin(char, style=style, heteronym=False)[0]:
            spelt = _plain(reading).casefold()
            if spelt.isalpha() and spelt.isascii():
                out.add(spelt)
                if style is pypinyin.Style.NORMAL:
                    out |= taiwan_spellings(spelt)
    return frozenset(out)


# Taiwan's romanisations besides Wade-Giles, from the pinyin: Mandarin Phonetic Symbols II
# (鄭 Jeng, 焜 Kuen, 徐 Shiu) and Tongyong Pinyin (鄭 Jheng, 志 Jhih, 欣 Sin). Initials first,
# longest first, then the finals each system writes otherwise.
_MPS2_INITIALS = (("zh", "j"), ("z", "tz"), ("c", "ts"), ("q", "ch"), ("x", "sh"))
_TONGYONG_INITIALS = (("zh", "jh"), ("q", "c"), ("x", "s"))
_MPS2_FINALS = (("iong", "iung"), ("ong", "ung"), ("un", "uen"), ("ui", "uei"), ("iu", "iou"))
_TONGYONG_FINALS = (("iu", "iou"), ("ui", "uei"))


def _respelt(
    pinyin: str,
    initials: tuple[tuple[str, str], ...],
    finals: tuple[tuple[str, str], ...],
    bare: dict[str, str],
    umlaut: str,
) -> str:
    """One pinyin syllable (ü written v) in another romanisation: its initial, its final and
    its ü as that system writes them."""
    if pinyin in bare:
        return bare[pinyin]
    if pinyin[:1] in "jqx" and pinyin[1:2] == "u":
        pinyin = pinyin[0] + "v" + pinyin[2:]  # ju, qu, xu: the u is ü
    head, rest = "", pinyin
    for old, new in initials:
        if pinyin.startswith(old):
            head, rest = new, pinyin[len(old) :]
            break
    for old, new in finals if not pinyin.startswith("y") else ():
        if rest.endswith(old):
            rest = rest[: -len(old)] + new
            break
    return (head + rest).replace("v", umlaut)


_MPS2_BARE = {
    "zhi": "jr", "chi": "chr", "shi": "shr", "ri": "r", "zi": "tz", "ci": "tsz", "si": "sz",
}  # fmt: skip
_TONGYONG_BARE = {
    "zhi": "jhih", "chi": "chih", "shi": "shih", "ri": "rih", "zi": "zih", "ci": "cih",
    "si": "sih",
}  # fmt: skip


def taiwan_spellings(pinyin: str) -> set[str]:
    """A pinyin syllable as Taiwan's Mandarin Phonetic Symbols II and Tongyong Pinyin spell it
    ("zheng" -> jeng, jheng; "kun" -> kuen; "xin" -> shin, sin)."""
    if not pinyin.isalpha():
        return set()
    plain = pinyin.replace("ü", "v")
    out = {
        _respelt(plain, _MPS2_INITIALS, _MPS2_FINALS, _MPS2_BARE, "iu"),
        _respelt(plain, _TONGYONG_INITIALS, _TONGYONG_FINALS, _TONGYONG_BARE, "yu"),
    }
    return {w for w in out if w.isalpha() and "v" not in w} - {pinyin}


@lru_cache(maxsize=50_000)
def han_spellings(char: str) -> frozenset[str]:
    """Latin spellings of one Han character: its pinyin, Wade-Giles, Hong Kong Cantonese and
    Korean spellings ("許" -> xu, hsu, hui, heo, huh, ...). Cached, so never mutable."""
    _, jyutping = _Han.load()
    out = set(mandarin_spellings(char))
    for _, reading in jyutping.get_jyutping_list(char):
        if reading:
            out |= cantonese_spellings(reading)
    for syllable in _Han.korean(char):
        out |= hangul_spellings(syllable)
    for reading in _Han.hokkien(char):
        out |= hokkien_spellings(reading)
    out.update(r for r in _Han.vietnamese(char) if r.isalpha() and r.isascii())
    return frozenset(out)


@lru_cache(maxsize=1)
def cjk_syllable_spellings() -> frozenset[str]:
    """Every Latin spelling of a Chinese or Korean syllable this module knows: pinyin and
    Wade-Giles, Hong Kong's Cantonese spellings and the romanisations of Hangul syllables. A
    Latin name part outside it (Alan, Raymond, Claudia) is no syllable of a Chinese or Korean
    name (~0.2 s, once)."""
    out: set[str] = set()
    for pinyin, wade in wade_giles_pairs():
        out |= {pinyin, wade}
    initials = [prefix for prefix, _ in _JYUTPING_INITIALS] + [""]
    for initial in initials:
        for final in _JYUTPING_FINALS:
            out |= cantonese_spellings(initial + final)
    for code in range(_HANGUL_BASE, _HANGUL_LAST + 1):
        out |= hangul_spellings(chr(code))
    return frozenset(out)
