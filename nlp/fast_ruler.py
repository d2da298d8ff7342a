"""The matching step of spaCy's attribute ruler, without spaCy's general `Matcher`.

The attribute ruler of the small pipelines (tag -> part of speech, and a few exceptions such as
"gonna" or "ai n't") holds 20-180 patterns of one or two tokens, each token tested for equality
or membership of its tag, lower-case form, dependency label, part of speech or whitespace, or
against a regular expression. spaCy's `Matcher` runs every pattern at every token: 13 ms of a
~1,000-token news text on the English pipeline, as much as the tagger, lemmatizer and
tipwatch's case classifier together. `FastRulerMatch` finds the same matches by looking up each
token's values in tables of the patterns that can start with them (about 1 ms), and the ruler
sets its attributes as before (`AttributeRuler.set_annotations`, later rules over earlier ones).

It is exact, not an approximation: the same `(rule, key, start, end)` matches in the same order
(`tests/nlp/test_fast_ruler.py` compares both on real texts of every pipeline). A pattern with
anything else (an operator such as `OP`, another attribute, another predicate) leaves the
pipeline's ruler as it is (`speed_up_attribute_ruler` returns False).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

# The token attributes a pattern may test, as the columns read from each token.
_COLUMNS: dict[str, Callable[[Doc], list[Any]]] = {
    "TAG": lambda doc: [t.tag_ for t in doc],
    "LOWER": lambda doc: [t.lower_ for t in doc],
    "DEP": lambda doc: [t.dep_ for t in doc],
    "POS": lambda doc: [t.pos_ for t in doc],
    "IS_SPACE": lambda doc: [t.is_space for t in doc],
}
# The attributes from the most to the least selective: a pattern is looked up by its first
# token's most selective test, so few candidates are tried at each token.
_SELECTIVE = ("LOWER", "DEP", "TAG", "POS", "IS_SPACE")
_STRING_ATTRS = frozenset({"TAG", "LOWER", "DEP", "POS"})

# One test of one token: (attribute, operator, operand) with operator "==", "in", "not in" or
# "regex" (operand: a value, a frozenset of values, or a compiled pattern).
Check = tuple[str, str, Any]
Match = tuple[int, int, int, int]
# (rule, key, tokens in the pattern, the tests left: (token offset, test))
_Candidate = tuple[int, int, int, tuple[tuple[int, Check], ...]]


class UnsupportedPattern(ValueError):
    """A pattern this matcher does not read (the spaCy matcher is kept for the ruler)."""


def _checks(spec: dict[str, Any]) -> list[Check]:
    out: list[Check] = []
    for attr, value in spec.items():
        if attr not in _COLUMNS:
            raise UnsupportedPattern(f"attribute {attr!r}")
        if attr == "IS_SPACE":
            if not isinstance(value, bool):
                raise UnsupportedPattern(f"IS_SPACE {value!r}")
            out.append((attr, "==", value))
        elif isinstance(value, str):
            out.append((attr, "==", value))
        elif isinstance(value, dict) and len(value) == 1:
            ((op, operand),) = value.items()
            if op == "IN" and all(isinstance(v, str) for v in operand):
                out.append((attr, "in", frozenset(operand)))
            elif op == "NOT_IN" and all(isinstance(v, str) for v in operand):
                out.append((attr, "not in", frozenset(operand)))
            elif op == "REGEX" and isinstance(operand, str) and attr in _STRING_ATTRS:
                out.append((attr, "regex", re.compile(operand)))
            else:
                raise UnsupportedPattern(f"{attr} {value!r}")
        else:
            raise UnsupportedPattern(f"{attr} {value!r}")
    return out


def _holds(check: Check, value: Any) -> bool:
    _attr, op, operand = check
    if op == "==":
        return bool(value == operand)
    if op == "in":
        return value in operand
    if op == "not in":
        return value not in operand
    return operand.search(value) is not None


class FastRulerMatch:
    """`AttributeRuler.match` for rulers whose patterns are fixed sequences of token tests."""

    def __init__(self, ruler: AttributeRuler) -> None:
        strings = ruler.vocab.strings
        # (rule, key, the checks of each token of the pattern)
        patterns: list[tuple[int, int, list[list[Check]]]] = []
        entries: list[dict[str, Any]] = list(ruler.patterns)
        for rule, entry in enumerate(entries):
            key = strings[str(rule)]
            for pattern in entry["patterns"]:
                if not pattern or not all(isinstance(spec, dict) for spec in pattern):
                    raise UnsupportedPattern(f"pattern {pattern!r}")
                patterns.append((rule, key, [_checks(spec) for spec in pattern]))
        # attribute -> value -> the patterns whose first token must have that value, each with
        # the tests left once that one holds
        self._by_value: dict[str, dict[Any, list[_Candidate]]] = {}
        # patterns whose first token has no equality or membership test: tried everywhere
        self._anywhere: list[_Candidate] = []
        for rule, key, tokens in patterns:
            anchor = min(
                (c for c in tokens[0] if c[1] in ("==", "in")),
                key=lambda c: _SELECTIVE.index(c[0]),
                default=None,
            )
            rest = [
                (j, check)
                for j, spec in enumerate(tokens)
                for check in spec
                if not (j == 0 and check is anchor)
            ]
            candidate = (rule, key, len(tokens), tuple(rest))
            if anchor is None:
                self._anywhere.append(candidate)
                continue
            attr, op, operand = anchor
            table = self._by_value.setdefault(attr, {})
            for value in (operand,) if op == "==" else sorted(operand):
                table.setdefault(value, []).append(candidate)
        self._attrs = tuple(
            sorted({c[0] for _r, _k, tokens in patterns for spec in tokens for c in spec})
        )

    def __call__(self, doc: Doc) -> list[Match]:
        n = len(doc)
        if not n or not (self._by_value or self._anywhere):
            return []
        columns = {attr: _COLUMNS[attr](doc) for attr in self._attrs}
        found: set[Match] = set()
        add = found.add
        for attr, table in self._by_value.items():
            get = table.get
            for start, value in enumerate(columns[attr]):
                hit = get(value)
                if hit:
                    for rule, key, length, rest in hit:
                        if start + length <= n and (
                            not rest or all(_holds(c, columns[c[0]][start + j]) for j, c in rest)
                        ):
                            add((rule, key, start, start + length))
        for rule, key, length, rest in self._anywhere:
            for start in range(n - length + 1):
                if all(_holds(c, columns[c[0]][start + j]) for j, c in rest):
                    add((rule, key, start, start + length))
        return sorted(found)


def speed_up_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Give the pipeline's attribute ruler `FastRulerMatch` as its matching step, when it reads
    all of the ruler's patterns (True); else leave the ruler as it is (False)."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    if not isinstance(ruler, AttributeRuler):
        return False
    try:
        fast = FastRulerMatch(ruler)
    except UnsupportedPattern:
        return False
    ruler.match = fast  # type: ignore[method-assign]
    return True


def spacy_matches(ruler: AttributeRuler, doc: Doc) -> Sequence[Match]:
    """The matches of spaCy's own matcher (what `AttributeRuler.match` returns unpatched)."""
    return AttributeRuler.match(ruler, doc)
