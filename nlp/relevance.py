"""Could this text be a trafficking case report? A regex test cheap enough to run before spaCy.

The case classifier (`nlp/components/case_classifier.py`) only scores a text above a tiny floor
when it finds trafficking evidence: a human-trafficking or smuggling term, the word
"trafficking", or a charge wording or statute of the language's charge lexicon. With none of
them its score is at most sigmoid(-7.6) ~ 0.0005, whatever else the text says.
`mentions_trafficking` asks exactly that question with the classifier's own patterns, over the
whole text (a superset of the classifier's per-sentence matches), so at any case threshold above
`SAFE_THRESHOLD` it never rejects a text the classifier would accept: skipping spaCy for the
rest changes no decision. `tipwatch eval` runs through it, so the quality gate checks that too.

The vocabulary covers the offences charged around trafficking too (migrant smuggling in its
verb forms, inducing or harbouring migrants, brothel keeping, promoting prostitution, illegal
recruitment): a case report worded only so is then read. A wider net of words the classifier
does not read as evidence ("smuggling" alone, prostitution) was tried: it sent 66 more of
20,000 news pages to spaCy (3.6% of the run's time) for no decision it could change.

A second test (a legal-step word somewhere in the text) would cut a few more texts, but one
real case report of the development set (a feature on a foiled child sale) names no step in
the classifier's words: the filter keeps every case report, so it asks only about trafficking.
The same question runs on a raw page (tags stripped) before its article text is extracted.
"""

from __future__ import annotations

import re
import re._compiler as sre_compile
import re._constants as sre_c
import re._parser as sre_parse
from collections.abc import Iterable, Sequence
from functools import cache
from re import Pattern
from re._casefix import _EXTRA_CASES
from typing import Any, NamedTuple

from tipwatch.nlp.lang import LanguageSupport
from tipwatch.nlp.literal_scan import LiteralScan

# Below this case threshold the filter is off: a text with no trafficking vocabulary can score up
# to ~0.0005 (see the module docstring).
SAFE_THRESHOLD = 0.001


def _vocabulary(lang: LanguageSupport) -> Iterable[Pattern[str]]:
    yield lang.case.ht_term
    yield lang.case.generic_trafficking
    yield lang.charges.bare_trafficking
    for rx, _category, _statute in lang.charges.patterns:
        yield rx
    for rx, _category, _statute in lang.charges.statutes:
        yield rx


# A required literal shorter than this says too little to be worth checking first.
_MIN_FACTOR = 3
_REPEATS = (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT)
_BOUNDARY = (sre_c.AT, sre_c.AT_BOUNDARY)
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


class Literal(NamedTuple):
    """A lower-case literal every match holds, and whether the pattern puts a word boundary
    (`\\b`) right before (`left`) or after (`right`) it."""

    text: str
    left: bool = False
    right: bool = False


# A set of literals of which every match holds one.
Alternatives = frozenset[Literal]


def _choose(candidates: list[Alternatives]) -> Alternatives | None:
    useful = _useful(candidates)
    return max(useful, key=lambda c: (min(len(f.text) for f in c), -len(c)), default=None)


def _useful(candidates: list[Alternatives]) -> list[Alternatives]:
    return [c for c in candidates if c and min(len(f.text) for f in c) >= _MIN_FACTOR]


def _literal(run: str, left: bool, right: bool) -> Literal:
    # a boundary tells something only next to a word character (then the neighbour is not one)
    return Literal(run, left and run[0] in _ASCII_WORD, right and run[-1] in _ASCII_WORD)


def _factors(
    items: Sequence[tuple[Any, Any]], left: bool = False, right: bool = False
) -> list[Alternatives]:
    """Sets of lower-case literals, each of which every match of the parsed sequence `items`
    holds one of (an empty list: none found). Each element of a sequence is in every match, so
    every element's sets are required; a branch gives one set, one literal per alternative;
    a repeat counts only when it must occur at least once. `left`/`right`: a word boundary
    stands right before/after the sequence."""
    candidates: list[Alternatives] = []
    run: list[str] = []
    run_left = False
    n = len(items)

    def before(i: int) -> bool:
        return left if i == 0 else tuple(items[i - 1]) == _BOUNDARY

    def after(i: int) -> bool:
        return right if i == n - 1 else tuple(items[i + 1]) == _BOUNDARY

    def flush(boundary_after: bool) -> None:
        if run:
            candidates.append(frozenset({_literal("".join(run), run_left, boundary_after)}))
            run.clear()

    for i, (op, av) in enumerate(items):
        if op is sre_c.LITERAL:
            if not run:
                run_left = before(i)
            run.append(chr(av).lower())
            continue
        flush(tuple(items[i]) == _BOUNDARY)
        if op is sre_c.SUBPATTERN:
            candidates.extend(_factors(av[-1], before(i), after(i)))
        elif op is sre_c.BRANCH:
            alternatives = [_choose(_factors(b, before(i), after(i))) for b in av[1]]
            if all(a is not None for a in alternatives):
                candidates.append(frozenset().union(*(a for a in alternatives if a is not None)))
        elif op in _REPEATS and av[0] >= 1:
            # the first and the last repetition may sit next to the boundaries
            candidates.extend(_factors(av[2], before(i) and av[0] >= 1, False))
    flush(right)
    return _useful(candidates)


def required_literals(rx: Pattern[str]) -> frozenset[str] | None:
    """Literals (lower case) of which every match of `rx` contains one (the most selective
    such set), or None."""
    best = _choose(_factors(sre_parse.parse(rx.pattern, rx.flags)))
    return None if best is None else frozenset(f.text for f in best)


def literal_gate(rx: Pattern[str]) -> tuple[Alternatives, ...]:
    """Every set of literals of which each match of `rx` holds one: a text that lacks all of
    one set's literals cannot match."""
    return tuple(_factors(sre_parse.parse(rx.pattern, rx.flags)))


class _Seen:
    """Which literal texts a lower-cased text holds (`present`: found in one pass by
    `LiteralScan`), and which of them stand where their word boundaries allow."""

    def __init__(self, low: str, present: frozenset[str]) -> None:
        self.low = low
        self.present = present
        self.bounded: dict[Literal, bool] = {}

    def passes(self, gate: tuple[Alternatives, ...]) -> bool:
        """Does the text pass a `literal_gate`: for every set, one of its literals where its
        boundaries allow? (False: no match of the gated pattern is possible.)"""
        return all(any(self.occurs(lit) for lit in alts) for alts in gate)

    def occurs(self, lit: Literal) -> bool:
        """Does the text hold `lit` where its boundaries allow? Only an ASCII letter, digit or
        underscore next to it rules a place out: lower-casing maps no non-word character to one
        of those, so no place where the pattern could match is ruled out."""
        if lit.text not in self.present:
            return False
        if not (lit.left or lit.right):
            return True
        found = self.bounded.get(lit)
        if found is None:
            found = self.bounded[lit] = self._at_boundaries(lit)
        return found

    def _at_boundaries(self, lit: Literal) -> bool:
        low = self.low
        start = low.find(lit.text)
        size = len(lit.text)
        while start >= 0:
            end = start + size
            if (not lit.left or start == 0 or low[start - 1] not in _ASCII_WORD) and (
                not lit.right or end == len(low) or low[end] not in _ASCII_WORD
            ):
                return True
            start = low.find(lit.text, start + 1)
        return False


def split_alternatives(rx: Pattern[str]) -> list[tuple[tuple[Alternatives, ...], Pattern[str]]]:
    """`rx` as one pattern per alternative of its outermost alternation (`\\b(?:A|B)\\b` ->
    `\\bA\\b`, `\\bB\\b`): a text holds a match of `rx` exactly when it holds one of some
    part, and each part gets its own literal gate, so a page with "forced" in it no longer
    runs every alternative of a long pattern. Patterns with no such alternation stay whole.
    Each part comes with its `literal_gate`."""
    return [(tuple(_factors(sub)), part) for sub, part in _split(rx)]


def _split(rx: Pattern[str]) -> list[tuple[Any, Pattern[str]]]:
    """`split_alternatives`' parts, each with its parsed form."""
    parsed = sre_parse.parse(rx.pattern, rx.flags)
    branches = [i for i, (op, _av) in enumerate(parsed.data) if op is sre_c.BRANCH]
    if len(branches) != 1:
        return [(parsed, rx)]
    at = branches[0]
    before, after = list(parsed.data[:at]), list(parsed.data[at + 1 :])
    parts = []
    for alternative in parsed.data[at][1][1]:
        sub = sre_parse.SubPattern(parsed.state, before + list(alternative.data) + after)
        parts.append((sub, sre_compile.compile(sub, rx.flags)))
    return parts


_ZERO_WIDTH = (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT)


def start_literals(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    """Lower-case literals one of which every match of the parsed sequence `items` starts with
    (zero-width assertions before it skipped), or None when a match may start otherwise."""
    for i, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue
        if op is sre_c.LITERAL:
            run = []
            for next_op, next_av in items[i:]:
                if next_op is not sre_c.LITERAL:
                    break
                run.append(chr(next_av).lower())
            # a letter str.lower() turns into two ("İ") cannot be looked for in the lowered text
            return frozenset({"".join(run)}) if all(len(c) == 1 for c in run) else None
        if op is sre_c.SUBPATTERN:
            return start_literals(av[-1])
        if op is sre_c.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                found = start_literals(branch)
                if found is None:
                    return None
                union |= found
            return frozenset(union)
        return None
    return None


Gated = tuple[tuple[Alternatives, ...], Pattern[str]]


class _Part(NamedTuple):
    gate: tuple[Alternatives, ...]
    rx: Pattern[str]
    # literals one of which each match starts with (`start_literals`, each at least
    # `_MIN_FACTOR` long), or None: the pattern is then tried only where one of them stands
    starts: frozenset[str] | None

    def search(self, text: str, low: str) -> bool:
        """`self.rx.search(text)`; `low`: the gate's lowered `text`. A pattern with start literals
        is matched (`rx.match(text, i)`: lookbehinds and `\\b` still see the text before `i`)
        only where `low` holds one of them, when `low` lines up with `text` character for
        character (the same length: no character was lower-cased into two)."""
        if self.starts is None or len(low) != len(text):
            return self.rx.search(text) is not None
        match = self.rx.match
        for lit in self.starts:
            at = low.find(lit)
            while at >= 0:
                if match(text, at):
                    return True
                at = low.find(lit, at + 1)
        return False


class _Gates(NamedTuple):
    """A language's vocabulary, split at outermost alternations, with each part's gate."""

    parts: tuple[_Part, ...]
    # every literal text of every gate
    literals: frozenset[str]
    # the characters of those literals and of the start literals
    chars: frozenset[str]
    # literal text -> the parts (by index) one of whose gate's sets holds it: a part runs only
    # when the text holds a literal of that set (its most selective one, as `_choose` picks)
    by_key: dict[str, tuple[int, ...]]
    # parts without a gate: they always run
    ungated: tuple[int, ...]


def _key(gate: tuple[Alternatives, ...]) -> Alternatives:
    return max(gate, key=lambda c: (min(len(f.text) for f in c), -len(c)))


def _useful_starts(starts: frozenset[str] | None) -> frozenset[str] | None:
    return starts if starts and min(map(len, starts)) >= _MIN_FACTOR else None


@cache
def _gates(lang: LanguageSupport) -> _Gates:
    patterns = list(_vocabulary(lang))
    if any(rx.flags & re.ASCII for rx in patterns):
        # the gate reads a neighbour that re.ASCII's \b takes for a non-word character ("ſ")
        # as the word character it folds to
        raise ValueError(f"{lang.code}: the relevance gate needs Unicode patterns, not re.ASCII")
    parts = tuple(
        _Part(tuple(_factors(sub)), part, _useful_starts(start_literals(sub)))
        for rx in patterns
        for sub, part in _split(rx)
    )
    by_key: dict[str, list[int]] = {}
    for i, part in enumerate(parts):
        if part.gate:
            for lit in _key(part.gate):
                by_key.setdefault(lit.text, []).append(i)
    literals = frozenset(lit.text for part in parts for alts in part.gate for lit in alts)
    starts = {text for part in parts for text in part.starts or ()}
    return _Gates(
        parts=parts,
        literals=literals,
        chars=frozenset("".join(literals | starts)),
        by_key={text: tuple(ids) for text, ids in by_key.items()},
        ungated=tuple(i for i, part in enumerate(parts) if not part.gate),
    )


# The one character str.lower() turns into two ("İ" -> "i" and a combining dot above; Unicode's
# SpecialCasing), where `re` lower-cases it to "i" alone.
_LOWERS_TO_TWO = "\u0130"


def case_folds(chars: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """(character, literal character) pairs: the characters that `re.IGNORECASE` matches to one
    of `chars` (lower-case literal characters) but that `str.lower()` does not turn into it:
    "ı" and "ſ" (re's extra case equivalents of "i" and "s") and "İ". A text holding "ſmuggling"
    matches a pattern "smuggl" (re.I), so the gate replaces them (`_Scanner.lower`)."""
    candidates = sorted({chr(c) for c in _EXTRA_CASES} | set(_LOWERS_TO_TWO))
    return tuple(
        (c, x)
        for x in sorted(set(chars))
        for c in candidates
        if c.lower() != x and re.fullmatch(re.escape(x), c, re.IGNORECASE)
    )


class _Scanner(NamedTuple):
    literals: LiteralScan
    # the literals' characters (gates and start literals) and their case folds
    chars: frozenset[str]
    folds: tuple[tuple[str, str], ...]

    def seen(self, text: str) -> _Seen:
        """The literals `text` holds, found in one pass over it lowered (`lower`)."""
        low = self.lower(text)
        return _Seen(low, self.literals.found(low))

    def lower(self, text: str) -> str:
        """`text` lower-cased as the gate reads it, re's case equivalents of the literals'
        characters replaced by them, one character for one (word boundaries stay): "İ" before
        lower-casing (which would make it two characters), the others after (so that their
        upper-case forms, lower-cased to them, are replaced too)."""
        for c, x in self.folds:
            if c in _LOWERS_TO_TWO and c in text:
                text = text.replace(c, x)
        low = text.lower()
        for c, x in self.folds:
            if c not in _LOWERS_TO_TWO and c in low:
                low = low.replace(c, x)
        return low


def _scanner(literals: frozenset[str], chars: frozenset[str]) -> _Scanner:
    folds = case_folds(chars)
    clash = sorted({c for c, _x in folds} & chars)
    if clash:
        # replacing "ı" by "i" would hide a literal spelled with "ı"
        raise ValueError(
            f"the relevance gate cannot read literals holding {clash}: re.IGNORECASE matches "
            "them to other literal characters that str.lower() keeps apart"
        )
    return _Scanner(LiteralScan(literals), chars, folds)


@cache
def _scan(langs: tuple[LanguageSupport, ...]) -> _Scanner:
    literals = frozenset().union(*(_gates(lang).literals for lang in langs))
    return _scanner(literals, frozenset().union(*(_gates(lang).chars for lang in langs)))


def _matches(lang: LanguageSupport, text: str, seen: _Seen) -> bool:
    gates = _gates(lang)
    candidates = set(gates.ungated)
    for found in seen.present:
        candidates.update(gates.by_key.get(found, ()))
    for i in sorted(candidates):
        part = gates.parts[i]
        if seen.passes(part.gate) and part.search(text, seen.low):
            return True
    return False


class PatternGate:
    """Which of a fixed list of patterns could match a text: a pattern whose `literal_gate`
    the text fails (for some set of literals every match holds one of, the lower-cased text
    holds none where the pattern's word boundaries allow) cannot match anywhere in it, so its
    `finditer` would find nothing. One literal scan of the text answers for every pattern;
    components that run many patterns over a text (`nlp/components/charges.py`) skip the
    ones that cannot match, with exactly the same matches."""

    def __init__(self, patterns: Sequence[Pattern[str]]) -> None:
        if any(rx.flags & re.ASCII for rx in patterns):
            raise ValueError("the pattern gate needs Unicode patterns, not re.ASCII")
        self.gates = tuple(literal_gate(rx) for rx in patterns)
        literals = frozenset(lit.text for gate in self.gates for alts in gate for lit in alts)
        self._scan = _scanner(literals, frozenset("".join(literals)))

    def possible(self, text: str) -> list[bool]:
        """For each pattern, in order: could it match `text`? (False: it cannot.)"""
        seen = self._scan.seen(text)
        return [seen.passes(gate) for gate in self.gates]


class LiteralPresence:
    """Which of a fixed set of literals a text holds as `re.IGNORECASE` would find them: a
    pattern holding `re.escape(literal)` under `re.I` can match only where the literal stands
    in this sense, so a loop over many such patterns (one per demonym, say) need only try those
    of the literals present. The text is lowered as the relevance gate lowers it (re's extra
    case equivalents folded), then scanned once. A literal that lower-casing would lengthen
    ("İ") is always reported present."""

    def __init__(self, literals: Iterable[str]) -> None:
        literals = list(literals)  # read twice
        self.always = frozenset(lit for lit in literals if len(lit.lower()) != len(lit))
        self.by_lower: dict[str, list[str]] = {}
        for lit in literals:
            if lit not in self.always:
                self.by_lower.setdefault(lit.lower(), []).append(lit)
        lowered = frozenset(self.by_lower)
        self._scan = _scanner(lowered, frozenset("".join(lowered)))

    def present(self, text: str) -> frozenset[str]:
        """The literals `text` may hold (every one it holds; never one it cannot)."""
        found = self._scan.seen(text).present
        return self.always.union(*(self.by_lower[f] for f in found))


def mentions_trafficking(lang: LanguageSupport, text: str) -> bool:
    """Does `text` hold any trafficking or smuggling wording, charge or statute of `lang`?

    Exactly `any(rx.search(text) for rx in vocabulary)`, faster: a pattern runs only when
    the lower-cased text holds, for every set of literals that each of its matches must hold,
    one of them where the pattern's word boundaries allow it (`literal_gate`). Which literals
    the text holds is found in one pass (`LiteralScan`), so most pages cost that pass and a
    few set look-ups.
    """
    return mentions_trafficking_in_any((lang,), text)


def mentions_trafficking_in_any(langs: Iterable[LanguageSupport], text: str) -> bool:
    """`any(mentions_trafficking(lang, text) for lang in langs)`, with one literal scan of the
    text for all the languages."""
    among = tuple(langs)
    if not among:
        return False
    seen = _scan(among).seen(text)
    return any(_matches(lang, text, seen) for lang in among)


def could_be_case(lang: LanguageSupport, text: str) -> bool:
    """False only for a text the case classifier cannot score above `SAFE_THRESHOLD`."""
    return mentions_trafficking(lang, text)
