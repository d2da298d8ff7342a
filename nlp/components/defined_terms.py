"""Short names a text defines for a person it has just named.

Court judgments and some releases name a party once and then use a defined term:
'Lim Boon Heng ("the accused")', 'X ("the first accused")', 'X (hereinafter "A1")'. Every later
use of the term is a mention of that person, so the steps the text reports for "the first
accused" are theirs. A term is taken only when one person defines it and it is not a plural
group ("the accused persons"); its uses are alias mentions (no role is read from them).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from tipwatch.nlp.components.base import Person, doc_text
from tipwatch.nlp.lang import LanguageSupport

_MAX_WORDS = 4


def _plural(lang: LanguageSupport, term: str) -> bool:
    last = term.split()[-1].lower()
    return last in lang.status.generic_subjects and last not in lang.lexicon.accused_nouns


def defined_terms(lang: LanguageSupport, doc: Doc, people: list[Person]) -> dict[str, Person]:
    """The terms defined right after a person's mention, each with its person (a term two
    people define is no one's)."""
    pattern = lang.people.defined_term
    if pattern is None:
        return {}
    text = doc_text(doc)
    found: dict[str, Person | None] = {}
    for person in people:
        for _start, end in person.mentions:
            m = pattern.match(text, end)
            if m is None:
                continue
            term = " ".join(m.group("term").split())
            if not term or len(term.split()) > _MAX_WORDS or _plural(lang, term):
                continue
            key = term.lower()
            if key in found and found[key] is not person:
                found[key] = None
            else:
                found[key] = person
    return {k: p for k, p in found.items() if p is not None}


def attach_defined_terms(lang: LanguageSupport, doc: Doc, people: list[Person]) -> None:
    """Add every use of a defined term, after its definition, to its person's mentions (as an
    alias mention, from which no role is read)."""
    terms = defined_terms(lang, doc, people)
    if not terms:
        return
    text = doc_text(doc)
    taken = {span for p in people for span in p.mentions}
    covered = [span for p in people for span in p.mentions]
    for term, person in terms.items():
        first = min(s for s, _e in person.mentions)
        for m in re.finditer(rf"(?<![\w\"“‘']){re.escape(term)}(?![\w\"”’'])", text, re.I):
            span = (m.start(), m.end())
            if m.start() <= first or span in taken:
                continue
            if any(a < span[1] and span[0] < b for a, b in covered):
                continue  # inside another name ("Lim" in "Lim Boon Heng")
            if doc.char_span(*span, alignment_mode="strict") is None:
                continue
            person.mentions.append(span)
            person.alias_mentions.append(span)
            taken.add(span)
        person.mentions.sort()
