"""Person-name analysis and comparison for screening.

A name is analysed once into tokens (`rigour.names.analyze_names`: honorifics removed, tokens
casefolded, transliterated to ASCII, metaphone, and Wikidata name symbols that tie spellings of
one name together across scripts and romanisations, as yente does). Two names are compared by
aligning their tokens, order-free, and weighing each pair by the strongest evidence that the two
tokens are the same name part:

1.00  same ASCII form (Nguyễn = Nguyen = NGUYEN = Нгуен after transliteration)
0.95  a shared name symbol, or one of tipwatch's romanisation groups (Mohammed/Muhammad/Mohd)
0.90  same transliteration skeleton (Dzhoshi/Joshi), or same metaphone and close spelling
<=0.9 Jaro-Winkler for typos, when at least 0.86
0.75  an initial against a token starting with that letter (R. Kumar / Ramesh Kumar)

The score is 2·matched / (|query| + |candidate|), where a candidate's unmatched extra token
(a middle name the query left out) counts half. `blocking_keys` gives the keys a store or search
index uses to find candidates before scoring them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from jellyfish import jaro_winkler_similarity
from rigour.names import NameTypeTag, analyze_names
from rigour.names.symbol import SymbolCategory

SAME = 1.0
SYMBOL = 0.95
PHONETIC = 0.9
INITIAL = 0.75
FUZZY_FLOOR = 0.86
FUZZY_WEIGHT = 0.9
EXTRA_TOKEN_WEIGHT = 0.5

# Romanisation groups that name symbols miss (abbreviations and common spellings). Each line is
# one name written several ways in English-language news; extend with care: a wrong group merges
# two different people's names.
ROMANISATION_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(line.split())
    for line in (
        "muhammad mohammed mohammad mohamed muhammed mohamad mohammod mohd md muhamad mahomed",
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
# (Джоши -> dzhoshi for Joshi, Иер -> ier for Iyer, Уалид -> ualid for Walid): compared on a
# skeleton where these collapse.
_SKELETON_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"dzh|dj"), "j"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck|c(?=[aou])|q"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"y"), "i"),
    (re.compile(r"(?<=[bcdfgjklmnprstvz])h"), ""),
    (re.compile(r"([a-z])\1+"), r"\1"),
    (re.compile(r"ee"), "i"),
)


def skeleton(form: str) -> str:
    out = form
    for pattern, repl in _SKELETON_RULES:
        out = pattern.sub(repl, out)
    return out


@dataclass(frozen=True)
class Token:
    """One part of a name: its ASCII form, transliteration skeleton, metaphone and symbols."""

    form: str
    phonetic: str
    symbols: frozenset[str]
    skeleton: str = ""

    @property
    def is_initial(self) -> bool:
        return len(self.form) == 1


@dataclass(frozen=True)
class AnalysedName:
    original: str
    tokens: tuple[Token, ...]

    @property
    def comparable(self) -> str:
        return " ".join(t.form for t in self.tokens)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", folded.casefold())


@lru_cache(maxsize=200_000)
def analyse(name: str) -> AnalysedName:
    """Analyse a person's name ("KUMAR, Ramesh", "Dr. Nguyễn Văn Ánh", "Мухаммед Али")."""
    cleaned = " ".join(name.replace(",", " ").split())
    names = analyze_names(NameTypeTag.PER, [cleaned], infer_initials=True, consolidate=False)
    if not names:
        return AnalysedName(original=name, tokens=())
    parsed = max(names, key=lambda n: len(n.parts))
    symbols: dict[int, set[str]] = {}
    for span in parsed.spans:
        if span.symbol.category is not SymbolCategory.NAME:
            continue
        for part in span.parts:
            symbols.setdefault(part.index, set()).add(str(span.symbol.id))
    tokens: list[Token] = []
    for part in parsed.parts:
        form = _ascii(part.ascii or part.form or "")
        if not form:
            continue
        group = _GROUP_OF.get(form)
        syms = set(symbols.get(part.index, set()))
        if group is not None:
            syms.add(f"g{group}")
        tokens.append(
            Token(
                form=form,
                phonetic=part.metaphone or "",
                symbols=frozenset(syms),
                skeleton=skeleton(form),
            )
        )
    return AnalysedName(original=name, tokens=tuple(tokens))


def token_similarity(a: Token, b: Token) -> float:
    if a.form == b.form:
        return SAME
    if a.is_initial or b.is_initial:
        if a.form[0] == b.form[0]:
            return INITIAL if not (a.is_initial and b.is_initial) else SAME
        return 0.0
    if a.symbols & b.symbols:
        return SYMBOL
    if a.skeleton == b.skeleton:
        return PHONETIC
    jw = max(
        jaro_winkler_similarity(a.form, b.form), jaro_winkler_similarity(a.skeleton, b.skeleton)
    )
    if a.phonetic and a.phonetic == b.phonetic and jw >= 0.75:
        return PHONETIC
    if jw >= FUZZY_FLOOR:
        return jw * FUZZY_WEIGHT
    return 0.0


def align(query: AnalysedName, candidate: AnalysedName) -> list[tuple[int, int, float]]:
    """Greedy one-to-one alignment of tokens, strongest pairs first."""
    pairs = [
        (token_similarity(q, c), qi, ci)
        for qi, q in enumerate(query.tokens)
        for ci, c in enumerate(candidate.tokens)
    ]
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_q: set[int] = set()
    used_c: set[int] = set()
    out: list[tuple[int, int, float]] = []
    for sim, qi, ci in pairs:
        if sim <= 0.0 or qi in used_q or ci in used_c:
            continue
        used_q.add(qi)
        used_c.add(ci)
        out.append((qi, ci, sim))
    return out


def name_score(query: AnalysedName | str, candidate: AnalysedName | str) -> float:
    """Similarity of two person names in [0, 1]."""
    q = analyse(query) if isinstance(query, str) else query
    c = analyse(candidate) if isinstance(candidate, str) else candidate
    if not q.tokens or not c.tokens:
        return 0.0
    aligned = align(q, c)
    matched = sum(sim for _, _, sim in aligned)
    if not aligned:
        return 0.0
    extra_c = len(c.tokens) - len(aligned)
    extra_q = len(q.tokens) - len(aligned)
    # Every query token should be explained; a candidate's extra middle name costs less.
    denominator = 2 * len(aligned) + extra_q * 2 + extra_c * 2 * EXTRA_TOKEN_WEIGHT
    score = 2 * matched / denominator
    # A lone surname or given name must not look like a full match.
    if len(aligned) == 1 and max(len(q.tokens), len(c.tokens)) > 1:
        score = min(score, 0.6)
    return round(min(score, 1.0), 4)


def blocking_keys(name: AnalysedName | str) -> set[str]:
    """Keys under which a candidate name is stored so that a query finds it: token forms,
    metaphones and name symbols (initials are skipped: too broad)."""
    n = analyse(name) if isinstance(name, str) else name
    keys: set[str] = set()
    for t in n.tokens:
        if t.is_initial:
            continue
        keys.add("t:" + t.form)
        keys.add("k:" + t.skeleton)
        if t.phonetic:
            keys.add("p:" + t.phonetic)
        keys.update("s:" + s for s in t.symbols)
    return keys


def best_variant(query: str, variants: list[str]) -> tuple[str, float]:
    """The candidate's name variant that matches `query` best, with its score."""
    q = analyse(query)
    best = ("", 0.0)
    for variant in variants:
        score = name_score(q, analyse(variant))
        if score > best[1]:
            best = (variant, score)
    return best
