"""Korean and Chinese names written in Cyrillic, read back into the Latin spellings they stand for.

Russian lists write a Korean name in the Kontsevich system, syllable by syllable from its Hangul
(강창희 Кан Чханхи for Kang Chang-hee, 표창원 Пхё Чханвон for Pyo Chang-won), and a Chinese
name in the Palladius system from its pinyin (Хун Сючжу for Hung Hsiu-chu / Hong Xiuzhu, Го for
Guo / Kuo). Transliterated letter by letter (kan chkhankhi, hun syuchzhu) such a name meets
neither its Latin spellings nor its Hangul or Han form.

`cjk_syllables` reads a whole name: when one of its edge words is a Korean or Chinese family name
as these systems write it, and every word cuts into syllables of the system, each word's
syllables get the Latin spellings they stand for: a Kontsevich syllable stands for the Hangul
syllables it may transcribe that read a Han character, as nearly all of a Korean name's do
(final н is ㄴ or ㅇ; к, т, п, ч are voiced between vowels as г, д, б, дж), each with the
spellings `hangul_spellings` gives; a Palladius syllable stands for its pinyin and Wade-Giles
syllables (a missing soft sign read either way). Any other name gets nothing.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

from tipwatch.domain.readings import hangul_spellings, hanja_syllables, wade_giles_pairs

_HANGUL_BASE = 0xAC00
# Kontsevich spellings of the Hangul letters, the system's own first, then the practice of
# Russian lists (voiced consonants between vowels, л for an initial ㄹ, ч for ㅊ).
_INITIALS: tuple[tuple[str, ...], ...] = (
    ("к", "г"), ("кк",), ("н",), ("т", "д"), ("тт",), ("р", "л"), ("м",), ("п", "б"),
    ("пп",), ("с", "ш"), ("сс",), ("",), ("ч", "дж", "чж"), ("чч",), ("чх", "ч"), ("кх",),
    ("тх",), ("пх",), ("х",),
)  # fmt: skip
_VOWELS: tuple[tuple[str, ...], ...] = (
    ("а",), ("э", "е"), ("я",), ("йя", "е"), ("о",), ("е", "э"), ("ё", "е"), ("йе", "е"),
    ("о",), ("ва",), ("вэ",), ("вэ", "ве"), ("ё",), ("у",), ("во",), ("вэ", "ве"), ("ви",),
    ("ю",), ("ы",), ("ый", "ы", "и"), ("и",),
)  # fmt: skip
# Finals by their index in a Hangul syllable; the compound finals (ㄳ, ㄺ ...) are left out.
_FINALS: dict[int, tuple[str, ...]] = {
    0: ("",), 1: ("к",), 2: ("к",), 4: ("н",), 7: ("т",), 8: ("ль", "л"), 16: ("м",),
    17: ("п",), 19: ("т",), 20: ("т",), 21: ("н", "нъ", "нг"), 22: ("т",), 23: ("т",),
    24: ("к",), 25: ("т",), 26: ("п",), 27: ("т",),
}  # fmt: skip
# Korean family names, and the forms Russian lists give some of them besides the system's.
_KOREAN_FAMILIES = (
    "김이박최정강조윤장임한오서신권황안송류유홍전고문양손배백허남심노하곽성차주우구민진나지엄채원"
    "천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부가복태목형"
    "피두감호"
)
_KOREAN_FAMILY_FORMS = {"ли": "이", "лим": "임", "лю": "류", "рю": "류", "ро": "노", "ра": "라"}

# Chinese family names (pinyin) whose Palladius forms mark a name as Chinese.
_CHINESE_FAMILIES = (  # noqa: SIM905
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng "
    "liang xie song tang han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai jia ding "
    "wei shen ren yao lu jin shi fan fang bai cui kang mao qiu qin gu hou shao meng long wan duan "
    "qian tan yin an chang lei ni tao su ye du cheng wen ke lai hong ou mo kong xiong zou yan you "
    "lian xue hao qiao"
).split()

# Palladius: pinyin initials, and finals after an initial / standing alone (y-, w- syllables).
_PALLADIUS_INITIALS = {
    "b": "б", "p": "п", "m": "м", "f": "ф", "d": "д", "t": "т", "n": "н", "l": "л", "g": "г",
    "k": "к", "h": "х", "j": "цз", "q": "ц", "x": "с", "zh": "чж", "ch": "ч", "sh": "ш",
    "r": "ж", "z": "цз", "c": "ц", "s": "с",
}  # fmt: skip
_PALLADIUS_FINALS = {
    "a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу", "an": "ань",
    "en": "энь", "ang": "ан", "eng": "эн", "ong": "ун", "er": "эр", "i": "и", "ia": "я",
    "ie": "е", "iao": "яо", "iu": "ю", "ian": "янь", "in": "инь", "iang": "ян", "ing": "ин",
    "iong": "юн", "u": "у", "ua": "уа", "uo": "о", "uai": "уай", "ui": "уй", "uan": "уань",
    "un": "унь", "uang": "уан", "v": "юй", "ve": "юэ", "van": "юань", "vn": "юнь",
}  # fmt: skip
_PALLADIUS_ALONE = {
    "yi": "и", "ya": "я", "yo": "ё", "ye": "е", "yao": "яо", "you": "ю", "yan": "янь", "yin": "инь",
    "yang": "ян", "ying": "ин", "yong": "юн", "yu": "юй", "yue": "юэ", "yuan": "юань",
    "yun": "юнь", "wu": "у", "wa": "ва", "wo": "во", "wai": "вай", "wei": "вэй", "wan": "вань",
    "wen": "вэнь", "wang": "ван", "weng": "вэн",
}  # fmt: skip
# Letters Russian lists write loosely: without the soft sign, е for э.
_LOOSE = str.maketrans({"ь": "", "э": "е"})
MAX_SYLLABLES = 3


@lru_cache(maxsize=1)
def _kontsevich() -> dict[str, tuple[str, ...]]:
    """Each Kontsevich syllable (and its Russian-practice forms) and the Sino-Korean syllables
    it may transcribe, those it spells by the system's own letters first."""
    table: dict[str, list[tuple[int, str]]] = {}
    sino = hanja_syllables() | set(_KOREAN_FAMILIES)
    for initial, spelt_initials in enumerate(_INITIALS):
        for vowel, spelt_vowels in enumerate(_VOWELS):
            for final, spelt_finals in _FINALS.items():
                syllable = chr(_HANGUL_BASE + (initial * 21 + vowel) * 28 + final)
                if syllable not in sino:
                    continue
                for (i, a), (j, b), (k, c) in product(
                    enumerate(spelt_initials), enumerate(spelt_vowels), enumerate(spelt_finals)
                ):
                    table.setdefault(a + b + c, []).append((i + j + k, syllable))
    return {k: tuple(s for _, s in sorted(v)) for k, v in table.items()}


def palladius(pinyin: str) -> str:
    """The Palladius spelling of a pinyin syllable ("xiu" -> сю, "zhi" -> чжи, "si" -> сы)."""
    if pinyin in _PALLADIUS_ALONE:
        return _PALLADIUS_ALONE[pinyin]
    if pinyin in _PALLADIUS_FINALS:
        return _PALLADIUS_FINALS[pinyin]
    initial = pinyin[:2] if pinyin[:2] in _PALLADIUS_INITIALS else pinyin[:1]
    final = pinyin[len(initial) :]
    if initial in {"j", "q", "x"} and final.startswith("u"):
        final = "v" + final[1:]  # ju is jü
    if initial in {"z", "c", "s"} and final == "i":
        return _PALLADIUS_INITIALS[initial] + "ы"
    spelt = _PALLADIUS_FINALS.get(final)
    if initial not in _PALLADIUS_INITIALS or spelt is None:
        return ""
    return _PALLADIUS_INITIALS[initial] + spelt


@lru_cache(maxsize=1)
def _mandarin() -> dict[str, tuple[str, ...]]:
    """Each Palladius syllable, written loosely, and the pinyin and Wade-Giles spellings of the
    syllables it may stand for."""
    table: dict[str, set[str]] = {}
    for pinyin, wade in wade_giles_pairs():
        spelt = palladius(pinyin)
        if spelt:
            table.setdefault(spelt.translate(_LOOSE), set()).update({pinyin, wade})
    return {k: tuple(sorted(v)) for k, v in table.items()}


@lru_cache(maxsize=1)
def _families() -> tuple[frozenset[str], frozenset[str]]:
    """Korean and Chinese family names as Cyrillic lists write them (Chinese ones loosely)."""
    korean = set(_KOREAN_FAMILY_FORMS)
    for spelt, syllables in _kontsevich().items():
        if any(s in _KOREAN_FAMILIES for s in syllables):
            korean.add(spelt)
    chinese = {palladius(p).translate(_LOOSE) for p in _CHINESE_FAMILIES} - {""}
    return frozenset(korean), frozenset(chinese)


def _cut(word: str, table: dict[str, tuple[str, ...]]) -> list[tuple[str, ...]] | None:
    """`word` cut into the fewest syllables of `table` (at most MAX_SYLLABLES; among equals, a
    consonant between vowels begins the next syllable: Мусон is му-сон), each as what it may
    stand for; None if it does not cut."""
    best: dict[int, list[str]] = {0: []}
    for end in range(1, len(word) + 1):
        options = [
            best[start] + [word[start:end]]
            for start in range(max(0, end - 6), end)
            if start in best and word[start:end] in table
        ]
        if options:
            best[end] = min(options, key=lambda cut: (len(cut), [len(s) for s in cut]))
    cut = best.get(len(word))
    if not cut or len(cut) > MAX_SYLLABLES:
        return None
    return [table[s] for s in cut]


Syllables = tuple[tuple[str, ...], ...]


def _read(words: list[str], korean: bool) -> list[Syllables] | None:
    """Each word's syllables, each as the Latin spellings of what it may stand for."""
    table = _kontsevich() if korean else _mandarin()
    out: list[Syllables] = []
    for word in words:
        cut = _cut(word if korean else word.translate(_LOOSE), table)
        if cut is None:
            return None
        out.append(tuple(_ordered(options, korean) for options in cut))
    return out


def _ordered(options: tuple[str, ...], korean: bool) -> tuple[str, ...]:
    """The spellings of what a syllable may stand for, those of its likeliest reading first."""
    spelt: dict[str, None] = {}
    for option in options:
        for spelling in sorted(hangul_spellings(option)) if korean else (option,):
            spelt.setdefault(spelling)
    return tuple(spelt)


def cjk_syllables(words: list[str]) -> list[list[Syllables]] | None:
    """For a name's words (as written), each word's readings as a Korean name in Kontsevich
    and as a Chinese name in Palladius (one or both), a reading being the word's syllables,
    each as the Latin spellings it stands for; None for any other name (not all Cyrillic, no
    family name of either at an edge, a word that does not cut into syllables)."""
    if not 2 <= len(words) <= 4:
        return None
    parts = [w.casefold().replace("-", "") for w in words]
    if not all(p.isalpha() and all("\u0400" <= ch <= "\u04ff" for ch in p) for p in parts):
        return None
    korean_families, chinese_families = _families()
    edges = {parts[0], parts[-1]}
    readings: list[list[Syllables]] = []
    if edges & korean_families:
        korean = _read(parts, korean=True)
        if korean is not None:
            readings.append(korean)
    if {e.translate(_LOOSE) for e in edges} & chinese_families:
        chinese = _read(parts, korean=False)
        if chinese is not None:
            readings.append(chinese)
    if not readings:
        return None
    return [[r[i] for r in readings] for i in range(len(parts))]
