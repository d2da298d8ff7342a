"""Person-name comparison for screening.

A name is analysed once into tokens (`tipwatch.domain.names.analyse`, re-exported here: ASCII
forms, transliteration skeletons, metaphones and Wikidata name symbols). Two names are compared by
aligning their tokens, order-free, and weighing each pair by the strongest evidence that the two
tokens are the same name part:

1.00  same ASCII form (Nguyễn = Nguyen = NGUYEN = Нгуен after transliteration)
0.95  a shared name symbol, or one of tipwatch's romanisation groups (Mohammed/Muhammad/Mohd)
0.90  same transliteration skeleton (Dzhoshi/Joshi), same metaphone and close spelling, or a
      Han character's or Hangul syllable's spelling in another romanisation (許 / Hui, 정 / Chung)
<=0.9 Jaro-Winkler for typos, when at least 0.88 (parts of five letters or more)
0.75  an initial against a token starting with that letter (R. Kumar / Ramesh Kumar)

The score is 2·matched / (|query| + |candidate|), where a candidate's unmatched extra token
(a middle name the query left out) counts half and a query's three quarters; matched parts
common in the list screened against weigh less (`commonness`). `blocking_keys` (from the
domain, so that the store can keep the keys up to date) gives the keys used to find candidates
before scoring them; `query_keys` adds a query's neighbouring parts read as one word.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TypeVar

from rapidfuzz.distance.JaroWinkler import similarity as jaro_winkler_similarity
from rigour.text.phonetics import metaphone

from tipwatch.domain.names import (
    ANALYSIS_VERSION,
    PATRONYMIC,
    TRANSCRIBED_HAN,
    AnalysedName,
    Token,
    analyse,
    article_variant_joins,
    blocking_keys,
    compound_joins,
    consonant_key,
    from_record,
    join_consonants,
    query_keys,
    skeleton,
    sun_join,
    token_keys,
)
from tipwatch.domain.readings import cjk_syllable_spellings
from tipwatch.screening.defaults import MATCH_THRESHOLD

__all__ = [
    "MATCH_THRESHOLD",
    "AnalysedName",
    "Token",
    "analyse",
    "best_variant",
    "blocking_keys",
    "name_score",
    "query_keys",
    "token_keys",
]

SAME = 1.0
SYMBOL = 0.95
PHONETIC = 0.9
# Same metaphone counts only for spellings this close (Saini and Singh share one).
PHONETIC_SPELLING_FLOOR = 0.88
NICKNAME = 0.85
CONSONANTS = 0.85
INITIAL = 0.75
FUZZY_FLOOR = 0.88
FUZZY_WEIGHT = 0.9
# One letter apart in a short name part is another name (Pham / Phan, Dung / Duong).
FUZZY_MIN_LENGTH = 5
EXTRA_TOKEN_WEIGHT = 0.5
# A query part the candidate does not have costs more than a candidate's extra part (a query
# should be explained), but not in full: a client's full name against a list's shorter form
# (Albert Chan Wai-yip / Albert Chan) is a common true match. 0.75 on the dev split: true
# matches 72.1% -> 72.7% at the same false matches (1.0 before).
QUERY_EDGE_WEIGHT = 0.75
MIDDLE_WEIGHT = 0.25
PARTICLE_WEIGHT = 0.25
# Scripts whose transliterations lose vowels or voicing (abjads, Brahmic and other South and
# South-East Asian abugidas, Ge'ez): their tokens meet a Latin spelling on consonant classes.
# Han, Hangul, kana, Cyrillic and Greek transliterate fully and are not compared so loosely.
CONSONANT_SCRIPTS = frozenset(
    {
        "arabic", "hebrew", "thaana", "syriac", "tamil", "sinhala", "devanagari", "bengali",
        "telugu", "kannada", "malayalam", "gujarati", "gurmukhi", "oriya", "ethiopic", "khmer",
        "myanmar", "lao", "thai", "tibetan", TRANSCRIBED_HAN,
    }
)  # fmt: skip
# Scripts in which an English given name cannot be written (Carrie Lam / 林鄭月娥).
SYLLABIC = frozenset({"han", "hangul"})
UNMATCHED_PARTICLE_WEIGHT = 0.1
# An initial the other name does not spell out says little (H. for hajji, a father's initial).
UNMATCHED_INITIAL_WEIGHT = 0.5
# Across scripts, a short part (Hayel / هايل) matches on its consonants when spelt this close.
CROSS_SCRIPT_SPELLING_FLOOR = 0.8
# Two Latin parts meet on consonant classes only with this many classes or more.
LATIN_CONSONANT_CLASSES = 3
SWAPPED_PATRONYM_CAP = 0.5
# The name symbol of the romanisation group of Muhammad (ROMANISATION_GROUPS' first).
MUHAMMAD = "g0"


def token_similarity(a: Token, b: Token) -> float:
    if a.han and b.han:
        return SAME if a.han == b.han else 0.0
    a_form, b_form = a.form, b.form
    if a_form == b_form:
        return SAME
    a_initial, b_initial = a.is_initial, b.is_initial
    if a_initial or b_initial:
        both = a_initial and b_initial
        if a_form[0] == b_form[0] or (both and _same_class(a_form[0], b_form[0])):
            return INITIAL if not both else SAME
        return 0.0
    if not a.symbols.isdisjoint(b.symbols):
        return SYMBOL
    if a.skeleton == b.skeleton:
        return PHONETIC
    if (a.readings and b.skeleton in a.readings and not b.readings) or (
        b.readings and a.skeleton in b.readings and not a.readings
    ):
        # A Han character or Hangul syllable in another romanisation (許 / Hui, 정 / Chung).
        return PHONETIC
    if (a.readings and not a.readings.isdisjoint(b.variants)) or (
        b.readings and not b.readings.isdisjoint(a.variants)
    ):
        # A Han or Hangul form against a part read as the same syllables in another script
        # (姜 / Кан, Kontsevich for 강).
        return PHONETIC
    if (a.variants or b.variants) and (
        b.skeleton in a.variants
        or a.skeleton in b.variants
        or not a.variants.isdisjoint(b.variants)
    ):
        # One name in two European orthographies (Govoruchin / Govorukhin, Jurij / Yuriy).
        return PHONETIC
    if not a.nicks.isdisjoint(b.nicks):
        return NICKNAME
    if (a.origin == "han") != (b.origin == "han"):
        # A pinyin syllable one letter from another is another character (ying, yong).
        return 0.0
    jw = spelt = max(
        jaro_winkler_similarity(a.form, b.form), jaro_winkler_similarity(a.skeleton, b.skeleton)
    )
    if (
        jw < FUZZY_FLOOR
        and (a.variants or b.variants)
        and min(len(a.form), len(b.form)) >= FUZZY_MIN_LENGTH
    ):
        # A typo away in the other orthography (Mijeegombyn / Miyegombyn).
        jw = max(
            jw,
            *(
                jaro_winkler_similarity(x, y)
                for x in a.variants | {a.skeleton}
                for y in b.variants | {b.skeleton}
            ),
        )
    if a.phonetic and a.phonetic == b.phonetic and jw >= PHONETIC_SPELLING_FLOOR:
        return PHONETIC
    if (
        a.origin != b.origin
        and (a.origin in CONSONANT_SCRIPTS or b.origin in CONSONANT_SCRIPTS)
        and a.consonants
        and (a.consonants == b.consonants or _same_consonants_in_script(a, b))
        and (_long_enough(a, b) or jw >= CROSS_SCRIPT_SPELLING_FLOOR)
    ):
        return CONSONANTS
    if jw >= FUZZY_FLOOR and min(len(a.form), len(b.form)) >= FUZZY_MIN_LENGTH:
        return jw * FUZZY_WEIGHT
    if (
        spelt >= CROSS_SCRIPT_SPELLING_FLOOR
        and a.origin == b.origin == "latin"
        and len(a.consonants) >= LATIN_CONSONANT_CLASSES
        and a.consonants == b.consonants
    ):
        # Two Latin spellings of a name from a script Latin renders loosely, that differ in
        # vowels and in letters of one sound class (Mujibur / Mozibur, Nasir / Nasser).
        return CONSONANTS * FUZZY_WEIGHT
    return 0.0


def _gaps(aligned: list[tuple[int, int, float]]) -> tuple[set[int], set[int]]:
    """Unmatched inner parts that trade places with an unmatched part of the other name
    (Nguyen Quang Cuong / Nguyen Quoc Cuong: a different middle name, not a dropped one)."""
    pairs = sorted((qi, ci) for qi, ci, _ in aligned)
    conflict_q: set[int] = set()
    conflict_c: set[int] = set()
    for (q0, c0), (q1, c1) in zip(pairs, pairs[1:], strict=False):
        lo_c, hi_c = sorted((c0, c1))
        gap_q = set(range(q0 + 1, q1))
        gap_c = set(range(lo_c + 1, hi_c))
        if gap_q and gap_c:
            conflict_q |= gap_q
            conflict_c |= gap_c
    return conflict_q, conflict_c


def _unexplained(
    tokens: tuple[Token, ...], used: set[int], edge_weight: float, conflicts: set[int]
) -> float:
    """The weight of a name's unmatched parts (`used`, the matched ones, is never empty): inner
    parts (with matched parts on both sides) that the other name simply leaves out weigh
    MIDDLE_WEIGHT, the others `edge_weight`, times UNMATCHED_PARTICLE_WEIGHT for a particle and
    UNMATCHED_INITIAL_WEIGHT for an initial."""
    first, last = min(used), max(used)
    total = 0.0
    for i, t in enumerate(tokens):
        if i in used or (i and tokens[i - 1].bound and i - 1 not in used):
            # A hyphenated pair left out whole (Wai-yip of Albert Chan Wai-yip) is one given
            # name: its second syllable adds nothing to the first's cost.
            continue
        inner = first < i < last and i not in conflicts
        total += (MIDDLE_WEIGHT if inner else edge_weight) * _unmatched_factor(t)
    return total


def _unmatched_factor(t: Token) -> float:
    """How much of an unmatched part's cost a part pays: a particle and a part in brackets
    little, an initial and Muhammad less. Muhammad (Md., Mohd) leads most men's names in
    Bangladesh, Malaysia and Pakistan, and lists write it or leave it out as they please
    (Md. Abdur Rahman / Abdur Rahman)."""
    return (
        UNMATCHED_PARTICLE_WEIGHT
        if t.particle or t.aside
        else UNMATCHED_INITIAL_WEIGHT
        if t.is_initial or MUHAMMAD in t.symbols
        else 1.0
    )


# Scripts whose v and b are one sound in Nepali and Bengali (व and ब, ব): Yadav is यादब, Dev is
# देब, Parvat is Parbat (`_same_consonants_in_script`).
BV_SCRIPTS = frozenset({"devanagari", "bengali"})
_BV = str.maketrans("", "", "bv")


def _same_consonants_in_script(a: Token, b: Token) -> bool:
    """A part in another script and a Latin part whose consonant classes differ only where the
    script writes one letter for two Latin ones: a Devanagari or Bengali part and a Latin one
    alike once b and v are left out of both, or a Tamil part whose k is the Latin spelling's h
    (Tamil writes the h of Sanskrit names with க: மகிந்த makinta / Mahinda, மகேசுவரன் /
    Maheswaran)."""
    origins = {a.origin, b.origin}
    if "latin" not in origins:
        return False
    if TRANSCRIBED_HAN in origins or "arabic" in origins or "thai" in origins:
        # A foreign name in Chinese characters: any of its readings' consonant keys; an
        # Arabic-script part with ض, ذ, ظ or ث read as d or t (رياض / Riadh); a Thai part
        # spelt by letter (วงษ์สุวรรณ / Wongsuwan).
        latin, other = (a, b) if a.origin == "latin" else (b, a)
        return latin.consonants in other.consonant_variants
    if origins & BV_SCRIPTS:
        return consonant_key(a.form.translate(_BV), a.origin) == consonant_key(
            b.form.translate(_BV), b.origin
        )
    if "tamil" in origins:
        latin = a if a.origin == "latin" else b
        return "h" in latin.form and a.consonants.replace("k", "") == b.consonants.replace("k", "")
    return False


def _same_class(a: str, b: str) -> bool:
    """Two letters of one voiced/unvoiced pair (B/P, D/T, G/K): scripts that write one letter
    for both (Tamil) print either initial, so two initials of one pair may be one name."""
    return {a, b} in ({"b", "p"}, {"d", "t"}, {"g", "k"})


def _long_enough(a: Token, b: Token) -> bool:
    """Consonant keys of three classes or more, of two when the names begin alike, or of one
    when an Arabic-script part's silent first letter stands for the Latin part's first vowel
    (عبو / Abbou, عمو / Ammou)."""
    n = len(a.consonants)
    return (
        n >= 3
        or (n == 2 and (a.form[0] == b.form[0] or _silent_onset(a, b)))
        or (n == 1 and _silent_onset(a, b))
    )


_VOWELS = frozenset("aeiou")


def _silent_onset(a: Token, b: Token) -> bool:
    """An Arabic-script part whose first letter has no Latin sound of its own (ع of على, عمر:
    Ali, Omar) against a Latin part that begins with a vowel and then that part's first
    consonant: the two names begin alike."""
    arabic, latin = (a, b) if a.origin == "arabic" else (b, a)
    if arabic.origin != "arabic" or latin.origin != "latin" or latin.form[0] not in _VOWELS:
        return False
    consonant = next((ch for ch in latin.form if ch not in _VOWELS), "")
    return arabic.form[0] == consonant


def _weight(t: Token) -> float:
    return PARTICLE_WEIGHT if t.particle else 1.0


def _joined(first: Token, second: Token) -> Token:
    form = first.form + second.form
    return Token(
        form=form,
        phonetic=metaphone(form),
        symbols=frozenset(),
        skeleton=skeleton(form),
        origin=first.origin,
        consonants=join_consonants(first.consonants, second.consonants),
    )


def _rejoin(a: tuple[Token, ...], b: tuple[Token, ...]) -> tuple[Token, ...]:
    """`a` with two neighbouring parts written as one where `b` writes them as one word
    (Gholam Ali / Gholamali, Jong Un / Jongun), when that word has no equal in `a`."""
    if len(a) < 2:
        return a
    forms_a = {t.form for t in a}
    wanted = [t for t in b if len(t.form) >= 4 and t.form not in forms_a]
    if not wanted:
        return a
    targets = {t.skeleton for t in wanted} | {v for t in wanted for v in t.variants}
    words = _words(wanted)
    # Consonant keys meet across scripts: a word in Arabic script against Latin parts, or a
    # Latin word against parts in Arabic script (Abdullah / عبد الله).
    a_consonantal = any(t.origin in CONSONANT_SCRIPTS for t in a)
    consonants = {
        t.consonants
        for t in wanted
        if len(t.consonants) >= 3 and (a_consonantal or t.origin in CONSONANT_SCRIPTS)
    }
    # Two-class keys only for a word ending in the article (ابو ال / Abul, عبد ال / Abdul).
    short = {
        t.consonants
        for t in wanted
        if len(t.consonants) == 2 and (a_consonantal or t.origin in CONSONANT_SCRIPTS)
    }
    out = list(a)
    i = 0
    while i < len(out) - 1:
        first, second = out[i], out[i + 1]
        joined_consonants = join_consonants(first.consonants, second.consonants)
        compound = (
            [
                j
                for j in compound_joins(first.consonants, second.consonants, out[i + 2].consonants)
                if j in consonants and j not in (first.consonants, out[i + 2].consonants)
            ]
            if second.particle and i + 2 < len(out)
            else []
        )
        if compound:
            # A compound with the article inside, written as one word in the other script
            # (عبد الفتاح / Abdelfattah, علاء الدين / Alaeddine; اسد الزمان / Asaduzzaman, the
            # article's l taking the sound of the sun letter after it).
            out[i : i + 3] = [
                replace(_joined(_joined(first, second), out[i + 2]), consonants=compound[0])
            ]
        elif (
            skeleton(first.form + second.form) in targets
            or (
                len(joined_consonants) >= 3
                and joined_consonants in consonants
                # A part whose one class the next part begins with adds nothing to its key
                # (ایاز s + سومرو smr is smr): that is no evidence of one word.
                and joined_consonants != second.consonants
                and joined_consonants != first.consonants
            )
            or (second.particle and joined_consonants in short)
        ):
            out[i : i + 2] = [_joined(first, second)]
        elif (
            second.particle
            and i + 2 < len(out)
            and (sun := sun_join(first, second, out[i + 2])) in consonants
        ):
            # The article written onto the part before it, taking the sound of the sun letter
            # after it (مجیب الرحمن / Mujibur Rahman, the l read as the r of Rahman).
            out[i : i + 2] = [replace(_joined(first, second), consonants=sun)]
        elif first.particle and first.origin == "arabic" and second.consonant_variants:
            # The article written onto a part read with another sound of one of its letters
            # (العذاري / Ladhari, ذ as dh).
            variant = next(
                (j for j in sorted(article_variant_joins(first, second)) if j in consonants), ""
            )
            if variant:
                out[i : i + 2] = [replace(_joined(first, second), consonants=variant)]
        elif first.readings and second.readings:
            spelt = _spelt_together(first, second, words)
            if spelt:
                out[i : i + 2] = [replace(_joined(first, second), readings=frozenset(spelt))]
        i += 1
    return tuple(out)


def _words(tokens: list[Token]) -> set[str]:
    """What two syllables written together may be spelt as in the other name: its parts'
    forms and their variants (a Cyrillic word's Korean readings: Чханхи / 昌熙)."""
    return {t.form for t in tokens} | {v for t in tokens for v in t.variants}


def _spelt_together(first: Token, second: Token, words: set[str]) -> set[str]:
    """The skeletons of `words` that spell two syllables in one (재 인 / Jaein, 英 文 / Yingwen,
    鍾 勳 / Jonghoon); each half is read on its own, as the syllables' readings are. A word
    that is already two syllables' skeletons side by side (a Cyrillic word's Korean reading,
    canghi for Чханхи) meets them as it is, and is kept as it is."""
    out: set[str] = set()
    for w in words:
        for k in range(1, len(w)):
            head, tail = w[:k], w[k:]
            if skeleton(head) in first.readings and skeleton(tail) in second.readings:
                out.add(skeleton(w))
                break
            if head in first.readings and tail in second.readings:
                out.add(w)
                break
    return out


def align(query: AnalysedName, candidate: AnalysedName) -> list[tuple[int, int, float]]:
    """Greedy one-to-one alignment of tokens, strongest pairs first."""
    return _align(query.tokens, candidate.tokens)


def _align(
    q_tokens: tuple[Token, ...],
    c_tokens: tuple[Token, ...],
    similarity: Callable[[Token, Token], float] = token_similarity,
) -> list[tuple[int, int, float]]:
    # (-similarity, qi, ci) of the pairs that match at all, in their natural order: strongest
    # first, then by position.
    pairs = []
    for qi, q in enumerate(q_tokens):
        for ci, c in enumerate(c_tokens):
            sim = similarity(q, c)
            if sim > 0.0:
                pairs.append((-sim, qi, ci))
    pairs.sort()
    used_q: set[int] = set()
    used_c: set[int] = set()
    out: list[tuple[int, int, float]] = []
    for neg, qi, ci in pairs:
        if qi in used_q or ci in used_c:
            continue
        used_q.add(qi)
        used_c.add(ci)
        out.append((qi, ci, -neg))
    if len(out) < min(len(q_tokens), len(c_tokens)) and len(out) < len(pairs):
        out = _reassign(out, pairs, len(q_tokens))
    return out


def _reassign(
    out: list[tuple[int, int, float]], pairs: list[tuple[float, int, int]], n_q: int
) -> list[tuple[int, int, float]]:
    """The greedy alignment with a part it left unmatched added, where the part that took its
    match can move to a free part and the two pairs weigh more than the one: in KIM Choon Jin
    against 金椿鎭, Jin takes 金 (its pinyin) first and leaves Kim nothing, though Jin also
    reads 鎭."""
    sims = {(qi, ci): -neg for neg, qi, ci in pairs}
    for qi in range(n_q):
        taken_c = {c: (q, sim) for q, c, sim in out}
        if any(q == qi for q, _, _ in out):
            continue
        best: tuple[float, int, int, int] | None = None
        for (q, ci), sim in sims.items():
            if q != qi or ci not in taken_c:
                continue
            other, old = taken_c[ci]
            for (q2, free), sim2 in sims.items():
                if q2 != other or free in taken_c:
                    continue
                gain = sim + sim2 - old
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, ci, other, free)
        if best is not None:
            _, ci, other, free = best
            out = [(q, c, s) for q, c, s in out if q != other]
            out += [(qi, ci, sims[(qi, ci)]), (other, free, sims[(other, free)])]
    return out


def _crossed_syllables(
    q: tuple[Token, ...], c: tuple[Token, ...], aligned: list[tuple[int, int, float]]
) -> bool:
    """The two syllables of a hyphenated given name (Hung-Chun) matched to parts of the other
    name that are not next to each other in that order (Chun-Yi Hung), or only one of them
    matched (Chun-ying against Ying: another given name)."""
    to_c = {qi: ci for qi, ci, _ in aligned}
    to_q = {ci: qi for qi, ci, _ in aligned}
    for tokens, mapping in ((q, to_c), (c, to_q)):
        for i, t in enumerate(tokens):
            if not t.bound or i + 1 >= len(tokens):
                continue
            first, second = i in mapping, i + 1 in mapping
            if first != second:
                return True
            if first and second and mapping[i + 1] != mapping[i] + 1:
                return True
    return False


def _rotation(order: list[int]) -> bool:
    """The other name's parts, read in the query's order, are in their own order up to one
    rotation (the family name moved from the end to the front, as court lists and East Asian
    usage write it); any other reordering (Abd al-Salam Mahmoud / Mahmoud Abd al-Salam Ahmad)
    names someone else."""
    if len(order) <= 2:
        return True
    drops = sum(1 for a, b in zip(order, order[1:], strict=False) if b < a)
    return drops == 0 or (drops == 1 and order[-1] < order[0])


def _family_inside(
    q: tuple[Token, ...], c: tuple[Token, ...], aligned: list[tuple[int, int, float]]
) -> bool:
    """A name in Han characters or Hangul syllables (two to four: family name first) whose
    family name matches a part of the other name lying between two of its other matched parts
    (鄭成湖 against Ho Cheong Sing, 尹英壹 against YI Wan Young): the other name writes the
    family name first or last of the parts the two share, never inside them (an English given
    name before it is not shared: Carrie Lam Cheng Yuet-ngor / 林鄭月娥)."""
    if len(aligned) < 3:
        return False
    for own, to_other in (
        (q, {qi: ci for qi, ci, _ in aligned}),
        (c, {ci: qi for qi, ci, _ in aligned}),
    ):
        if not _is_east_asian_name(own) or 0 not in to_other:
            continue
        partners = to_other.values()
        if min(partners) < to_other[0] < max(partners):
            return True
    return False


@lru_cache(maxsize=50_000)
def marked_family(original: str, parts: int) -> int:
    """The position of the one word written in capitals among words that are not (KIM Sung
    Tae, Yoon YOUNG-IL is not): how lists mark the family name; -1 without such a word, or when
    the name's `parts` are not its words one for one."""
    words = original.split()
    if len(words) != parts:
        return -1
    upper = [i for i, w in enumerate(words) if w.isupper() and sum(ch.isalpha() for ch in w) > 1]
    if len(upper) != 1 or not any(any(ch.islower() for ch in w) for w in words):
        return -1
    return upper[0]


def _families_apart(
    q: AnalysedName,
    c: AnalysedName,
    q_tokens: tuple[Token, ...],
    c_tokens: tuple[Token, ...],
    aligned: list[tuple[int, int, float]],
) -> bool:
    """A Chinese or Korean name in its own script (family name first) against a name whose
    family name is marked in capitals, with the two family names matched to other parts
    (鄭仁和 against YUN Ho Jung): another person."""
    for own_tokens, other, other_tokens, flip in (
        (q_tokens, c, c_tokens, False),
        (c_tokens, q, q_tokens, True),
    ):
        # Only where neither name had parts written together (`_rejoin`).
        if not _is_east_asian_name(own_tokens) or len(other_tokens) != len(other.tokens):
            continue
        family = marked_family(other.original, len(other_tokens))
        if family < 0:
            continue
        partner = dict((ci, qi) if flip else (qi, ci) for qi, ci, _ in aligned)
        if 0 in partner and partner[0] != family and family in partner.values():
            return True
    return False


def _crossed_initials(
    q: tuple[Token, ...], c: tuple[Token, ...], aligned: list[tuple[int, int, float]]
) -> bool:
    """Initials matched out of their order (S. P. against Ponguleti Srinivas): initials stand
    for the given names in the order they are written."""
    pairs = sorted((qi, ci) for qi, ci, _ in aligned if q[qi].is_initial or c[ci].is_initial)
    return any(b[1] < a[1] for a, b in zip(pairs, pairs[1:], strict=False))


def _swapped_patronym(
    q: tuple[Token, ...], c: tuple[Token, ...], aligned: list[tuple[int, int, float]]
) -> bool:
    """Both names tie two names with a patronymic particle (bin, ibn, ould) and the names on
    either side of it trade places: Salman bin Muhammad against Muhammad bin Salman."""
    qp = [i for i, t in enumerate(q) if t.form in PATRONYMIC]
    cp = [i for i, t in enumerate(c) if t.form in PATRONYMIC]
    if not qp or not cp:
        return False
    q_at, c_at = qp[0], cp[0]
    for qi, ci, _ in aligned:
        if q[qi].particle or c[ci].particle:
            continue
        if (qi < q_at) != (ci < c_at):
            return True
    return False


# A name part's commonness in the list screened against (the share of its subjects holding the
# part's form): a part held by RARE_SHARE or fewer weighs fully as matched evidence, one held by
# COMMON_SHARE or more weighs COMMON_WEIGHT, and the weight falls with the log of the share in
# between. Only lists of MIN_SUBJECTS or more say what is common.
RARE_SHARE = 0.0005
COMMON_SHARE = 0.01
COMMON_WEIGHT = 0.5
MIN_SUBJECTS = 1000


def commonness(counts: Mapping[str, int], subjects: int) -> dict[str, float]:
    """Matched-evidence weights of name-part forms from how many of a list's `subjects` hold
    each (`counts`: form -> subjects); forms weighing fully are left out."""
    if subjects < MIN_SUBJECTS:
        return {}
    out: dict[str, float] = {}
    span = math.log(COMMON_SHARE / RARE_SHARE)
    for form, count in counts.items():
        share = count / subjects
        if share <= RARE_SHARE:
            continue
        if share >= COMMON_SHARE:
            out[form] = COMMON_WEIGHT
        else:
            out[form] = 1.0 - (1.0 - COMMON_WEIGHT) * math.log(share / RARE_SHARE) / span
    return out


def name_score(
    query: AnalysedName | str,
    candidate: AnalysedName | str,
    common: Mapping[str, float] | None = None,
) -> float:
    """Similarity of two person names in [0, 1]. `common` (from `commonness`) weighs the
    query's matched parts by how common they are in the list screened: "Ali Ahmad" against
    "Ali Ahmad Bazzi" is weaker evidence where Ali and Ahmad are everywhere."""
    q = analyse(query) if isinstance(query, str) else query
    c = analyse(candidate) if isinstance(candidate, str) else candidate
    return _score(q, c, common, token_similarity)


def _score(
    q: AnalysedName,
    c: AnalysedName,
    common: Mapping[str, float] | None,
    similarity: Callable[[Token, Token], float],
) -> float:
    if not q.tokens or not c.tokens:
        return 0.0
    q_tokens = _rejoin(q.tokens, c.tokens)
    c_tokens = _rejoin(c.tokens, q_tokens)
    aligned = _align(q_tokens, c_tokens, similarity)
    if not aligned:
        return 0.0
    score = _aligned_score(q, c, q_tokens, c_tokens, aligned, common)
    # A part in brackets that matches only roughly (काठमाडौँ / Kathmandu) must not cost more
    # than leaving it unmatched would.
    loose = [p for p in aligned if p[2] < SAME and (q_tokens[p[0]].aside or c_tokens[p[1]].aside)]
    if loose and len(loose) < len(aligned):
        rest = [p for p in aligned if p not in loose]
        score = max(score, _aligned_score(q, c, q_tokens, c_tokens, rest, common))
    return score


def _aligned_score(
    q: AnalysedName,
    c: AnalysedName,
    q_tokens: tuple[Token, ...],
    c_tokens: tuple[Token, ...],
    aligned: list[tuple[int, int, float]],
    common: Mapping[str, float] | None,
) -> float:
    """The score of two names' parts (`_rejoin`ed) paired as `aligned` (never empty)."""
    weights = [min(_weight(q_tokens[qi]), _weight(c_tokens[ci])) for qi, ci, _ in aligned]
    if common:
        weights = [
            w * common.get(q_tokens[qi].form, 1.0)
            for w, (qi, _, _) in zip(weights, aligned, strict=True)
        ]
    matched = sum(sim * w for (_, _, sim), w in zip(aligned, weights, strict=True))
    pair_weight = sum(weights)
    used_q = {qi for qi, _, _ in aligned}
    used_c = {ci for _, ci, _ in aligned}
    conflict_q, conflict_c = _gaps(aligned)
    # Parts in brackets stand apart from the name's order (Jit Bahadur (Darji) Gautam).
    order = [ci for qi, ci, _ in sorted(aligned) if not (q_tokens[qi].aside or c_tokens[ci].aside)]
    in_order = all(a < b for a, b in zip(order, order[1:], strict=False))
    if not in_order:
        # Parts matched out of order: what lies between them in one name is not between them in
        # the other, so no unmatched part counts as a left-out middle name.
        conflict_q = set(range(len(q_tokens)))
        conflict_c = set(range(len(c_tokens)))
    # An English given name before a Chinese or Korean name (Carrie Lam Cheng Yuet-ngor /
    # 林鄭月娥) has no form in the other script: when that name is all matched, the query's
    # extra part costs what a candidate's does.
    query_edge = (
        EXTRA_TOKEN_WEIGHT
        if len(used_c) == len(c_tokens) and all(t.origin in SYLLABIC for t in c_tokens)
        else QUERY_EDGE_WEIGHT
    )
    if (
        all(t.origin in SYLLABIC for t in q_tokens)
        or all(t.origin in SYLLABIC for t in c_tokens)
        or _spelt_syllables(q_tokens)
        or _spelt_syllables(c_tokens)
    ):
        # Chinese and Korean names have no middle names: a syllable one name has and the other
        # lacks makes another given name (蘇秉勳 / So Khun, Ong Kee Hui / 黃熙, Chan Seong Yoon /
        # Chan Yoon).
        conflict_q = set(range(len(q_tokens)))
        conflict_c = set(range(len(c_tokens)))
    extra_q = _unexplained(q_tokens, used_q, query_edge, conflict_q)
    extra_c = _unexplained(c_tokens, used_c, EXTRA_TOKEN_WEIGHT, conflict_c)
    # A query token should be explained; a candidate's extra name costs less, and a name
    # part between two matched ones (a father's or middle name one source leaves out) least.
    denominator = 2 * pair_weight + extra_q * 2 + extra_c * 2
    score = 2 * matched / denominator
    # A lone surname or given name must not look like a full match.
    substantive = [(qi, ci) for qi, ci, _ in aligned if not q_tokens[qi].particle]
    longest = max(
        sum(1 for t in q_tokens if not t.particle), sum(1 for t in c_tokens if not t.particle)
    )
    if len(substantive) <= 1 and longest > 1:
        score = min(score, 0.6)
    if (
        _crossed_syllables(q_tokens, c_tokens, aligned)
        or _crossed_initials(q_tokens, c_tokens, aligned)
        or not _rotation(order)
        or _family_inside(q_tokens, c_tokens, aligned)
        or _families_apart(q, c, q_tokens, c_tokens, aligned)
    ):
        score = min(score, 0.6)
    if _swapped_patronym(q_tokens, c_tokens, aligned):
        score = min(score, SWAPPED_PATRONYM_CAP)
    if _foreign_given_name(q_tokens, c_tokens, aligned):
        score = max(score, FOREIGN_GIVEN_SCORE)
    return round(min(score, 1.0), 4)


# A Chinese name in characters against a Western given name and the family name it shares
# (梁家傑 / Alan Leong, 毛孟靜 / Claudia Mo, 馮檢基 / Фредерик Фэн): Hong Kong and overseas
# Chinese use an English given name that has no form in characters. The family name is all the
# two can share, and it weighs as a lone family name does elsewhere (at most 0.6), not as one
# part matched of three.
FOREIGN_GIVEN_SCORE = 0.6
HAN_NAME_LENGTHS = range(2, 5)


def _is_han_name(tokens: tuple[Token, ...]) -> bool:
    """Two to four Han characters: a Chinese name with its family name first."""
    return len(tokens) in HAN_NAME_LENGTHS and all(t.origin == "han" for t in tokens)


def _is_east_asian_name(tokens: tuple[Token, ...]) -> bool:
    """Two to four Han characters or Hangul syllables: a Chinese or Korean name, family name
    first."""
    return _is_han_name(tokens) or (
        len(tokens) in HAN_NAME_LENGTHS and all(t.origin == "hangul" for t in tokens)
    )


def _spelt_syllables(tokens: tuple[Token, ...]) -> bool:
    """Three parts or more in Latin letters, each a Chinese or Korean syllable's spelling
    (Chan Seong Yoon, Lim Guan Eng): a Chinese or Korean name, whose syllables are all its
    own."""
    if len(tokens) < 3:
        return False
    syllables = cjk_syllable_spellings()
    return all(
        t.origin == "latin" and not t.aside and not t.particle and t.form in syllables
        for t in tokens
    )


def _foreign_given_name(
    q: tuple[Token, ...], c: tuple[Token, ...], aligned: list[tuple[int, int, float]]
) -> bool:
    """One name is two to four Han characters, the other a Western given name then a family
    name, and the only match is the first character (the family name) with that family name;
    the given name is a Latin or Cyrillic part that spells no Chinese or Korean syllable."""
    if len(aligned) != 1:
        return False
    qi, ci, _ = aligned[0]
    for han, other, at_han, at_other in ((q, c, qi, ci), (c, q, ci, qi)):
        if at_han != 0 or len(other) != 2:
            continue
        if at_other != len(other) - 1 or not _is_han_name(han):
            continue
        syllables = cjk_syllable_spellings()
        given = other[0]
        if (
            given.origin in ("latin", "cyrillic")
            and len(given.form) >= 3
            and given.form not in syllables
            and given.skeleton not in syllables
        ):
            return True
    return False


def best_variant(
    query: str, variants: list[str], common: Mapping[str, float] | None = None
) -> tuple[str, float]:
    """The candidate's name variant that matches `query` best, with its score."""
    q = analyse(query)
    best = ("", 0.0)
    for variant in variants:
        score = name_score(q, analyse(variant), common)
        if score > best[1]:
            best = (variant, score)
    return best


# A score is rounded to four places: a bound (or a margin) this far above it still bounds it.
SCORE_ROUNDING = 1e-4
_LEAST_EDGE = min(EXTRA_TOKEN_WEIGHT, QUERY_EDGE_WEIGHT)
_LEAST_INNER = min(MIDDLE_WEIGHT, _LEAST_EDGE)

Subject = TypeVar("Subject", bound=Hashable)


class QueryScorer:
    """One query compared with many candidates, as screening does (hundreds per query).

    `score` is `name_score`, with each pair of tokens compared once per query: stored tokens
    met again are one object (`from_record` and `analyse` intern them), so Muhammad in 200
    candidates is compared with the query's parts once. `bound` is an upper bound of `score`,
    made from how well each part can match at all and what the parts that cannot must cost
    (see `bound`), so that `rank` scores in full only the candidates that could reach the floor
    or the kept best. What `bound` learns of a candidate's token (its similarity to each query
    part, whether a query pair could be written as it) is kept per token object for the
    query's lifetime."""

    def __init__(self, query: AnalysedName, common: Mapping[str, float] | None = None) -> None:
        self.query = query
        self.common = common or {}
        self._sims: dict[tuple[int, int], tuple[Token, Token, float]] = {}
        self._tokens: dict[int, tuple[Token, tuple[float, ...], bool]] = {}
        self._pairs: dict[tuple[int, int], tuple[Token, Token, bool, bool]] = {}
        # The variants `rank` scored in full (what the bound did not rule out), in order.
        self.fully_scored: list[str] = []
        tokens = query.tokens
        self._query_index = {id(t): i for i, t in enumerate(tokens)}
        self._weights = [_weight(t) * self.common.get(t.form, 1.0) for t in tokens]
        # What the query offers `_rejoin` on either side: its tokens as words the candidate's
        # neighbouring parts could spell together, and its own neighbouring parts joined.
        # Consonant keys count only where one side is in a consonant script (as in `_rejoin`):
        # `_consonants_any` holds the query's keys of such parts, `_consonants` all of them.
        wanted = [t for t in tokens if len(t.form) >= 4]
        self._consonantal = any(t.origin in CONSONANT_SCRIPTS for t in tokens)
        self._words = _words(wanted)
        self._targets = {t.skeleton for t in wanted} | {v for t in wanted for v in t.variants}
        self._consonants = {t.consonants for t in wanted if len(t.consonants) >= 3}
        self._short = {t.consonants for t in wanted if len(t.consonants) == 2}
        own = [t for t in wanted if t.origin in CONSONANT_SCRIPTS]
        self._consonants_any = {t.consonants for t in own if len(t.consonants) >= 3}
        self._short_any = {t.consonants for t in own if len(t.consonants) == 2}
        self._joined_skeletons: set[str] = set()
        self._joined_consonants: set[str] = set()
        self._joined_short: set[str] = set()
        self._syllable_pairs: list[tuple[Token, Token]] = []
        for i in range(len(tokens) - 1):
            first, second = tokens[i], tokens[i + 1]
            joined = join_consonants(first.consonants, second.consonants)
            self._joined_skeletons.add(skeleton(first.form + second.form))
            if len(joined) >= 3:
                self._joined_consonants.add(joined)
            self._joined_consonants.update(article_variant_joins(first, second))
            if i + 2 < len(tokens):
                sun = sun_join(first, second, tokens[i + 2])
                if sun:
                    self._joined_consonants.add(sun)
            if second.particle:
                self._joined_short.add(joined)
                if i + 2 < len(tokens):
                    self._joined_consonants.update(
                        compound_joins(
                            first.consonants, second.consonants, tokens[i + 2].consonants
                        )
                    )
            if first.readings and second.readings:
                self._syllable_pairs.append((first, second))

    def similarity(self, a: Token, b: Token) -> float:
        index = self._query_index.get(id(a), -1)
        if index >= 0 and self.query.tokens[index] is a:
            # A query part against a candidate token `_token` has met: its row holds it.
            seen_token = self._tokens.get(id(b))
            if seen_token is not None and seen_token[0] is b:
                return seen_token[1][index]
        key = (id(a), id(b))
        seen = self._sims.get(key)
        if seen is not None and seen[0] is a and seen[1] is b:
            return seen[2]
        sim = token_similarity(a, b)
        self._sims[key] = (a, b, sim)
        return sim

    def score(self, candidate: AnalysedName) -> float:
        return _score(self.query, candidate, self.common, self.similarity)

    def _token(self, t: Token) -> tuple[tuple[float, ...], bool]:
        """A candidate token's similarity to each query part, and whether two neighbouring
        query parts could be written as it (`_rejoin` of the query)."""
        seen = self._tokens.get(id(t))
        if seen is not None and seen[0] is t:
            return seen[1], seen[2]
        # Each candidate token comes here once a query, so its row is not cached pair by pair.
        sims = tuple([token_similarity(q, t) for q in self.query.tokens])
        joins = len(t.form) >= 4 and (
            t.skeleton in self._joined_skeletons
            or not self._joined_skeletons.isdisjoint(t.variants)
            or (
                (self._consonantal or t.origin in CONSONANT_SCRIPTS)
                and (t.consonants in self._joined_consonants or t.consonants in self._joined_short)
            )
            or any(_spelt_together(a, b, _words([t])) for a, b in self._syllable_pairs)
        )
        self._tokens[id(t)] = (t, sims, joins)
        return sims, joins

    def _pair(self, first: Token, second: Token, consonantal: bool) -> bool:
        """Whether two neighbouring candidate parts could be written as one query part
        (`consonantal`: the candidate has a part in a consonant script)."""
        key = (id(first), id(second))
        seen = self._pairs.get(key)
        if seen is None or seen[0] is not first or seen[1] is not second:
            joined = join_consonants(first.consonants, second.consonants)
            by_spelling = skeleton(first.form + second.form) in self._targets or bool(
                first.readings and second.readings and _spelt_together(first, second, self._words)
            )
            # The article written onto a part with another sound of one of its letters
            # (`_rejoin`): the candidate is in Arabic script, so only `_consonants` apply.
            by_variant = not self._consonants.isdisjoint(article_variant_joins(first, second))
            seen = (
                first,
                second,
                by_spelling or joined in self._consonants_any or joined in self._short_any,
                by_spelling or by_variant or joined in self._consonants or joined in self._short,
            )
            self._pairs[key] = seen
        return seen[3] if consonantal else seen[2]

    def _may_rejoin(self, q: tuple[Token, ...], c: tuple[Token, ...], joins: bool) -> bool:
        """Whether `_rejoin` writes two neighbouring parts of either name as one word against
        the other (`joins`: a candidate token could be a query pair written together): ruled
        out on what each side offers, else checked by rejoining."""
        if joins and len(q) >= 2 and _rejoin(q, c) != q:
            return True
        if len(c) < 2:
            return False
        consonantal = any(t.origin in CONSONANT_SCRIPTS for t in c)
        consonants = self._consonants if consonantal else self._consonants_any
        for i in range(len(c) - 1):
            second = c[i + 1]
            if self._pair(c[i], second, consonantal) or (
                second.particle
                and i + 2 < len(c)
                and (
                    any(
                        j in consonants
                        for j in compound_joins(
                            c[i].consonants, second.consonants, c[i + 2].consonants
                        )
                    )
                    or sun_join(c[i], second, c[i + 2]) in self._consonants
                )
            ):
                return _rejoin(c, q) != c
        return False

    def bound(self, candidate: AnalysedName) -> float:
        """An upper bound of `score(candidate)`.

        Without parts written together (`_may_rejoin`; else 1.0), the score is the matched
        pairs' similarity-weighted sum over their weights plus the unmatched parts' costs. A
        part that matches no part of the other name is unmatched whatever the alignment, and
        costs at least an inner part's weight, or an edge part's where it lies outside the
        matchable parts (E, their sum); a matched query part's similarity is at most its best
        against any candidate part (s). So the score is at most the best ratio of sum(s·w)
        over sum(w) + E for a set of the query's matchable parts, which is reached by taking
        them best s first; and at most 0.6 when only one substantive part can match in a
        longer name."""
        q, c = self.query.tokens, candidate.tokens
        nq, nc = len(q), len(c)
        if nq == 0 or nc == 0:
            return 0.0
        # Written as plain loops over typed locals: the compiled module runs them natively, and
        # screening bounds every candidate name (~650 a query at 1M people).
        rows: list[tuple[float, ...]] = []
        joins = False
        for t in c:
            sims, joined = self._token(t)
            rows.append(sims)
            joins = joins or joined
        if self._may_rejoin(q, c, joins):
            return 1.0
        best = [0.0] * nq
        matchable_c = [False] * nc
        any_match = False
        # A query part outside the matched ones costs QUERY_EDGE_WEIGHT unless every part of
        # the candidate is a Han or Hangul syllable (`_score`).
        syllabic = True
        matched_c = 0
        longest_c = 0
        for j in range(nc):
            sims = rows[j]
            for i in range(nq):
                s = sims[i]
                if s > 0.0:
                    matchable_c[j] = True
                    any_match = True
                    if s > best[i]:
                        best[i] = s
            if matchable_c[j]:
                matched_c += 1
            t = c[j]
            if t.origin not in SYLLABIC:
                syllabic = False
            if not t.particle:
                longest_c += 1
        if not any_match:
            return 0.0
        matchable = [s > 0.0 for s in best]
        q_edge = _LEAST_EDGE if syllabic else QUERY_EDGE_WEIGHT
        least = _least_cost(q, matchable, q_edge) + _least_cost(c, matchable_c, _LEAST_EDGE)
        pairs: list[tuple[float, float]] = []
        substantive_q = 0
        longest_q = 0
        weights = self._weights
        for i in range(nq):
            s = best[i]
            if s > 0.0:
                pairs.append((s, weights[i]))
            if not q[i].particle:
                longest_q += 1
                if s > 0.0:
                    substantive_q += 1
        pairs.sort(reverse=True)
        bound = 0.0
        matched = weight = 0.0
        for s, w in pairs:
            matched += s * w
            weight += w
            ratio = matched / (weight + least)
            if ratio > bound:
                bound = ratio
        if min(substantive_q, matched_c) <= 1 and max(longest_q, longest_c) > 1:
            bound = min(bound, 0.6)
        if self._may_be_foreign_given(c, rows):
            bound = max(bound, FOREIGN_GIVEN_SCORE)
        return min(bound, 1.0) + SCORE_ROUNDING

    def _may_be_foreign_given(self, c: tuple[Token, ...], rows: list[tuple[float, ...]]) -> bool:
        """Whether `_foreign_given_name` could raise the score: a Han name whose first
        character can match the other name's last part."""
        q = self.query.tokens
        if len(c) == 2 and _is_han_name(q):
            return rows[1][0] > 0.0
        if len(q) == 2 and _is_han_name(c):
            return rows[0][1] > 0.0
        return False

    def rank(
        self,
        subjects: Iterable[tuple[Subject, Sequence[AnalysedName]]],
        *,
        floor: float,
        keep: int | None = None,
        counted: Callable[[Subject], bool] | None = None,
        gain: float = 0.0,
        loss: float = 0.0,
    ) -> list[tuple[float, Subject, str]]:
        """The subjects whose best name variant scores at least `floor`, as (score, subject,
        that variant's original), best first (ties by subject), the first `keep` of them.

        The same list as scoring every variant of every subject: a subject whose bound is below
        the floor, or below the `keep`-th best score found, cannot be in it, and a variant
        whose bound is below its subject's best so far cannot replace it.

        With `counted`, the caller adjusts the scores afterwards, each by at most `gain` up and
        `loss` down, and drops some subjects: only subjects `counted` says it keeps as they are
        make the `keep`-th best (less `loss`), a subject is skipped only when its bound plus
        `gain` is below that, and every subject scored and not so outranked is returned (the
        caller cuts the list after adjusting)."""
        bounded: list[tuple[float, Subject, Sequence[AnalysedName], list[float]]] = []
        for subject, variants in subjects:
            bounds = [self.bound(v) for v in variants]
            top = max(bounds, default=0.0)
            if top >= floor:
                bounded.append((top, subject, variants, bounds))
        if keep is not None and counted is not None and gain == 0.0 and loss == 0.0:
            return self._rank_in_order(bounded, floor, keep, counted)
        bounded.sort(key=lambda t: -t[0])
        kept: list[float] = []
        scored: list[tuple[float, Subject, str]] = []
        for top, subject, variants, bounds in bounded:
            if keep is not None and len(kept) >= keep and top + gain < kept[0]:
                break
            best = self._best_variant(variants, bounds)
            if best[1] < floor:
                continue
            scored.append((best[1], subject, best[0]))
            if keep is not None and (counted is None or counted(subject)):
                heapq.heappush(kept, best[1] - loss)
                if len(kept) > keep:
                    heapq.heappop(kept)
        scored.sort(key=lambda t: (-t[0], t[1]))
        if keep is None:
            return scored
        if counted is None:
            return scored[:keep]
        if len(kept) < keep:
            return scored
        return [t for t in scored if t[0] + gain >= kept[0]]

    def _best_variant(
        self, variants: Sequence[AnalysedName], bounds: list[float]
    ) -> tuple[str, float]:
        best = ("", 0.0)
        for variant, bound in zip(variants, bounds, strict=True):
            if bound < best[1]:
                continue
            self.fully_scored.append(variant.original)
            score = self.score(variant)
            if score > best[1]:
                best = (variant.original, score)
        return best

    def _rank_in_order(
        self,
        bounded: list[tuple[float, Subject, Sequence[AnalysedName], list[float]]],
        floor: float,
        keep: int,
        counted: Callable[[Subject], bool],
    ) -> list[tuple[float, Subject, str]]:
        """`rank` when scores are final as they are: the caller orders equal scores by subject
        and puts the subjects `counted` does not vouch for (which may score lower or be
        dropped) first among equals. Many names tie (one part in common scores at most 0.6):
        a counted subject that could at most tie the `keep`-th best and comes after it is not
        scored, and the list holds the `keep` best counted subjects and the others not below
        them."""
        bounded.sort(key=lambda t: (-t[0], t[1]))
        best_counted: list[tuple[float, Subject]] = []
        scored: list[tuple[float, Subject, str]] = []
        for top, subject, variants, bounds in bounded:
            if len(best_counted) >= keep:
                least, last = best_counted[-1]
                if top < -least:
                    break
                # A score is rounded and `bound` adds SCORE_ROUNDING: this is the most it can be.
                most = round(top - SCORE_ROUNDING + 1e-9, 4)
                if (-most, subject) > (least, last) if counted(subject) else -most > least:
                    continue
            best = self._best_variant(variants, bounds)
            if best[1] < floor:
                continue
            scored.append((best[1], subject, best[0]))
            if counted(subject):
                bisect.insort(best_counted, (-best[1], subject))
                if len(best_counted) > keep:
                    best_counted.pop()
        scored.sort(key=lambda t: (-t[0], t[1]))
        if len(best_counted) < keep:
            return scored
        least, last = best_counted[-1]
        return [
            t
            for t in scored
            if (counted(t[1]) and (-t[0], t[1]) <= (least, last))
            or (not counted(t[1]) and -t[0] <= least)
        ]


def _least_cost(tokens: tuple[Token, ...], matchable: list[bool], edge: float) -> float:
    """The least that a name's parts that match nothing in the other name add to the score's
    denominator (`_unexplained`): an inner part's weight between the first and last parts
    that can match, `edge` outside them."""
    first = matchable.index(True)
    last = len(matchable) - 1 - matchable[::-1].index(True)
    total = 0.0
    for i, t in enumerate(tokens):
        if matchable[i] or (i and tokens[i - 1].bound and not matchable[i - 1]):
            continue
        total += (_LEAST_INNER if first < i < last else edge) * _unmatched_factor(t)
    return total


def current_records(stored: object) -> dict[str, object]:
    """The stored analysis's record of each name (`stored`: the `analysis` column's value,
    `{"v": version, "names": {name: record}}`) when it is of the current ANALYSIS_VERSION, else
    none: those names are analysed again."""
    if isinstance(stored, dict) and stored.get("v") == ANALYSIS_VERSION:
        held = stored.get("names")
        if isinstance(held, dict):
            return held
    return {}


def stored_analyses(names: list[object], stored: object) -> list[AnalysedName]:
    """A subject's distinct names, sorted, each as the import analysed it (`stored`: the
    `analysis` column's value, `{"v": version, "names": {name: record}}`), or analysed now when
    the stored analysis is missing or of another version. Screening reads up to 500 of these
    per query for a list without current postings (`analyses_by_number` reads the postings), so
    this runs compiled (`tipwatch.native`) with the scorer."""
    records = current_records(stored)
    out = []
    for name in sorted({str(n) for n in names}):
        record = records.get(name)
        out.append(from_record(name, record) if isinstance(record, list) else analyse(name))
    return out


def analyses_by_number(
    entry: list[list[object]], tokens: Mapping[int, Token]
) -> list[AnalysedName]:
    """A subject's names as an imported list's postings hold them (`postings.py`): each
    `[name, [token number, ...]]`, with the tokens of those numbers in `tokens`."""
    out = []
    for pair in entry:
        numbers = pair[1]
        assert isinstance(numbers, list)
        parts = tuple([tokens[int(n)] for n in numbers])
        out.append(AnalysedName(original=str(pair[0]), tokens=parts))
    return out
