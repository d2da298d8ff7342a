"""Person-name comparison for screening.

A name is analysed once into tokens (`tipwatch.domain.names.analyse`, re-exported here: ASCII
forms, transliteration skeletons, metaphones and Wikidata name symbols). Two names are compared by
aligning their tokens, order-free, and weighing each pair by the strongest evidence that the two
tokens are the same name part:

1.00  same ASCII form (Nguyễn = Nguyen = NGUYEN = Нгуен after transliteration)
0.95  a shared name symbol, or one of tipwatch's romanisation groups (Mohammed/Muhammad/Mohd)
0.90  same transliteration skeleton (Dzhoshi/Joshi), or same metaphone and close spelling
<=0.9 Jaro-Winkler for typos, when at least 0.86
0.75  an initial against a token starting with that letter (R. Kumar / Ramesh Kumar)

The score is 2·matched / (|query| + |candidate|), where a candidate's unmatched extra token
(a middle name the query left out) counts half. `blocking_keys` (from the domain, so that the
store can keep the keys up to date) gives the keys used to find candidates before scoring them.
"""

from __future__ import annotations

from jellyfish import jaro_winkler_similarity

from tipwatch.domain.names import AnalysedName, Token, analyse, blocking_keys

__all__ = ["AnalysedName", "Token", "analyse", "best_variant", "blocking_keys", "name_score"]

SAME = 1.0
SYMBOL = 0.95
PHONETIC = 0.9
INITIAL = 0.75
FUZZY_FLOOR = 0.86
FUZZY_WEIGHT = 0.9
EXTRA_TOKEN_WEIGHT = 0.5


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


def best_variant(query: str, variants: list[str]) -> tuple[str, float]:
    """The candidate's name variant that matches `query` best, with its score."""
    q = analyse(query)
    best = ("", 0.0)
    for variant in variants:
        score = name_score(q, analyse(variant))
        if score > best[1]:
            best = (variant, score)
    return best
