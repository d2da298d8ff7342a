"""The date a person's status was reached, where the sentence giving the status states one.

Run by the status linker once every person has a status. The status is given by trigger words
(a legal verb or noun) among the person's status evidence; the date is a spaCy DATE entity of
the same sentence that is a time adverbial of the trigger's verb ("on Tuesday", "yesterday", "in
March"): "X was arrested on Monday and charged on Tuesday" dates the charge on Tuesday, not on
Monday; "X, who trafficked girls in 2019, was arrested" does not date the arrest 2019; a date
inside a noun phrase ("a 2014 prior conviction") or deeper ("prior to March 2018") dates nothing;
and a verb of accusation ("X is accused of ...", `StatusRules.conduct_triggers`) dates the
alleged conduct, never the step. The entity's words are read by the language's parser
(`StatusRules.date_phrase`); an entity that runs on past the date ("March 3 to five years") is
read by its longest leading part that is a date. The extractor resolves the phrases against the
publication date (`tipwatch.domain.status_date.resolve`).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from tipwatch.domain.status_date import DatePhrase
from tipwatch.nlp.components.base import Person
from tipwatch.nlp.lang import LanguageSupport
from tipwatch.records import LegalStatus, Span

_MAX_HOPS = 12


def _clause_verb(tok: Token) -> Token:
    """The token itself when it is a verb, else the first verb above it (the root at worst)."""
    cur = tok
    for _ in range(_MAX_HOPS):
        if cur.pos_ in {"VERB", "AUX"} or cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


# How a date phrase hangs on its verb: directly as a time adverbial ("sentenced yesterday",
# "last month"), or as the object of a preposition on the verb ("on Tuesday", "in March").
_ADVERBIAL = frozenset({"npadvmod", "tmod", "obl", "obl:tmod", "obl:mod", "advmod", "nmod:tmod"})
_PREP_OBJECT = frozenset({"pobj", "obl"})


def _dates_verb(lang: LanguageSupport, root: Token, verb: Token) -> bool:
    """Is the phrase headed by `root` a time adverbial of `verb`? A date inside a noun phrase
    ("a 2014 prior conviction") or deeper ("prior to March 2018") is not, nor one after a
    preposition that bounds rather than dates the step ("remanded till February 16")."""
    if root.head.i == verb.i:
        # Universal Dependencies hang the preposition on the date as its `case` child ("en
        # mars"): it must date the step, not bound it ("jusqu'au 16 février")
        return root.dep_ in _ADVERBIAL and all(
            c.lower_ in lang.status.dating_prepositions
            for c in root.children
            if c.dep_ == "case" and root.dep_.startswith("obl")
        )
    prep = root.head
    return (
        root.dep_ in _PREP_OBJECT
        and prep.dep_ == "prep"
        and prep.head.i == verb.i
        and prep.lower_ in lang.status.dating_prepositions
    )


def _gives(lang: LanguageSupport, tok: Token, status: LegalStatus) -> bool:
    """Is `tok` a trigger of `status` (a legal verb in either role, or a legal noun)?"""
    rules = lang.status
    if tok.pos_ in {"VERB", "AUX"}:
        return status in {rules.verb_status(lang, tok, "obj"), rules.verb_status(lang, tok, "subj")}
    return rules.noun_triggers.get(tok.lemma_.lower()) is status


def _read(lang: LanguageSupport, ent: SpacySpan) -> tuple[DatePhrase, SpacySpan] | None:
    parse = lang.status.date_phrase
    if parse is None:
        return None
    for end in range(ent.end, ent.start, -1):
        part = ent.doc[ent.start : end]
        phrase = parse(part.text)
        if phrase is not None:
            return phrase, part
    return None


def _pattern_dates(lang: LanguageSupport, sent: SpacySpan) -> list[SpacySpan]:
    """Date phrases the language's `date_pattern` finds in the sentence (for a model with no
    DATE entities)."""
    rx = lang.status.date_pattern
    if rx is None:
        return []
    out: list[SpacySpan] = []
    for m in rx.finditer(sent.text):
        span = sent.doc.char_span(
            sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="contract"
        )
        if span is not None and len(span):
            out.append(span)
    return out


def stated_dates(lang: LanguageSupport, doc: Doc, person: Person) -> list[tuple[DatePhrase, Span]]:
    """The dates stated beside the triggers of the person's status, nearest trigger first."""
    if person.status is None or lang.status.date_phrase is None:
        return []
    out: list[tuple[DatePhrase, Span]] = []
    seen: set[Span] = set()
    for start, end in person.status_evidence:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) != 1 or not _gives(lang, span[0], person.status):
            continue
        trigger = span[0]
        verb = _clause_verb(trigger)
        if verb.lemma_.lower() in lang.status.conduct_triggers:
            continue
        find = lang.status.find_dates
        dates = (
            find(trigger.sent)
            if find is not None
            else [e for e in trigger.sent.ents if e.label_ == "DATE"]
            + _pattern_dates(lang, trigger.sent)
        )
        for ent in sorted(dates, key=lambda e: abs(e.start - trigger.i)):
            found = _read(lang, ent)
            if found is None:
                continue
            phrase, part = found
            key = (part.start_char, part.end_char)
            if key in seen or not _dates_verb(lang, part.root, verb):
                continue
            seen.add(key)
            out.append((phrase, key))
    return out


def attach_status_dates(lang: LanguageSupport, doc: Doc, people: list[Person]) -> None:
    for person in people:
        person.status_dates = stated_dates(lang, doc, person)
