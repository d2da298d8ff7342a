"""Find the people in a text, merge their mentions, read age/nationality, and mark roles.

Candidates come from the statistical NER (PERSON) and from name-shape patterns for names the
small model misses ("Name, 45,", "45-year-old Name", "the accused, Name", "identified as Name").
Protected roles (victims, minors, witnesses, relatives, officers, judges, lawyers, officials)
are marked here; they are never output as perpetrators. Name shapes, titles, role words and
cues are the language's (`LanguageSupport.people` and `.lexicon`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

import numpy as np
from spacy.attrs import DEP, IS_TITLE, POS
from spacy.language import Language
from spacy.parts_of_speech import PROPN
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from tipwatch.nlp.components.base import Person, doc_text
from tipwatch.nlp.components.zones import LISTED
from tipwatch.nlp.gazetteer import lookup_city, lookup_country, subdivisions, us_states
from tipwatch.nlp.lang import LanguageSupport, support_for
from tipwatch.nlp.lang.rules import PeopleRules
from tipwatch.nlp.relevance import LiteralPresence


def norm_name(name: str) -> str:
    """Case/accent/punctuation/whitespace-insensitive key for a name."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\s]", "", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def _clean_name_span(rules: PeopleRules, span: SpacySpan) -> SpacySpan | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].lower_.rstrip(".") in rules.title_prefixes or doc[start].is_punct
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in rules.possessives):
        end -= 1
    if end <= start:
        return None
    start = _extend_left(rules, doc, start, end)
    out = doc[start:end]
    if "\n" in out.text:
        out = doc[start : start + len(out.text.split("\n")[0].split())]
        if len(out) == 0:
            return None
    return out


def _extend_left(rules: PeopleRules, doc: Doc, start: int, end: int) -> int:
    """Take in a given name the NER or the shape left out: "Friday Uchenna Okoro" (a weekday
    used as a first name, not after "on"/"last"...), "Ma. Cristina Ebol"."""
    if start == 0 or end - start < 2:
        return start
    prev = doc[start - 1]
    if prev.lower_ == "." and start >= 2 and doc[start - 2].lower_ in rules.name_abbreviations:
        return start - 2
    if prev.lower_.rstrip(".") in rules.name_abbreviations and prev.text.endswith("."):
        return start - 1
    if prev.lower_ in rules.calendar_words and prev.is_title and start >= 2:
        before = doc[start - 2]
        if (
            before.lower_ not in rules.date_leads
            and not before.like_num
            and prev.whitespace_
            and "\n" not in before.text_with_ws
        ):
            return start - 1
    return start


def is_place_name(text: str) -> bool:
    """A country, first-level region, US state or city in the gazetteer (never a person)."""
    key = text.lower().strip()
    return bool(
        lookup_country(key)
        or key in subdivisions()
        or key in us_states()
        or lookup_city(key) is not None
    )


def _plausible_name(lang: LanguageSupport, text: str) -> bool:
    rules = lang.people
    words = text.split()
    if not words or len(words) > 5:
        return False
    check = words
    if len(words) >= 3 and (
        words[0].lower() in rules.calendar_words
        or words[0].lower().rstrip(".") in rules.name_abbreviations
    ):
        check = words[1:]
    if any(w.lower().strip(".,'’") in rules.not_name_words for w in check):
        return False
    if len(words) == 1 and is_place_name(text):
        return False
    if len(words) > 1 and is_place_name(text):
        return False
    if norm_name(text) in lang.lexicon.pseudonyms or rules.placeholder.match(text):
        return False
    if any(ch.isdigit() for ch in text):
        return False
    if any(rules.possessive_suffix.search(w) for w in words[:-1]):
        return False  # "Clemente’s Anaheim apartment": a possessive ends the name
    if text.isupper() and len(text) > 4:
        return False
    letters = [w for w in words if w[:1].isalpha()]
    return bool(letters) and all(
        w[:1].isupper() or w.lower() in rules.particle_pattern for w in words
    )


def _char_span(doc: Doc, start: int, end: int) -> SpacySpan | None:
    return doc.char_span(start, end, alignment_mode="expand")


_ARG_DEPS = {"nsubj", "nsubjpass", "nsubj:pass", "dobj", "obj"}
# a person's entity label: "PERSON" in OntoNotes models (English), "PER" in WikiNER ones
# (Spanish, French)
_PERSON_LABELS = {"PERSON", "PER"}


def _tokens_where(doc: Doc, selected: np.ndarray) -> Iterator[Token]:
    """The doc's tokens where `selected` (one boolean per token) holds, in order: a component
    that reads a few tokens of a long doc makes a `Token` for those only."""
    for i in np.flatnonzero(selected):
        yield doc[int(i)]


def _is_argument_propn(doc: Doc) -> np.ndarray:
    """Per token: a proper noun that is the subject or object of its head (`_ARG_DEPS`)."""
    values = doc.to_array([POS, DEP])
    deps = [doc.vocab.strings[d] for d in _ARG_DEPS]
    return (values[:, 0] == PROPN) & np.isin(values[:, 1], deps)


def collect_candidates(lang: LanguageSupport, doc: Doc) -> list[tuple[SpacySpan, bool, int | None]]:
    """(span, from_shape, age) for every name mention found by NER or by shape."""
    rules = lang.people
    mask = doc._.prose_mask or [2] * len(doc)
    found: dict[tuple[int, int], tuple[SpacySpan, bool, int | None]] = {}
    for ent in doc.ents:
        if ent.label_ not in _PERSON_LABELS:
            continue
        span = _clean_name_span(rules, ent)
        if span is None or mask[span.start] == LISTED or not _plausible_name(lang, span.text):
            continue
        found[(span.start_char, span.end_char)] = (span, False, None)
    for pattern, has_age in rules.shape_patterns:
        for m in pattern.finditer(doc_text(doc)):
            span = _char_span(doc, m.start("name"), m.end("name"))
            if span is None or mask[span.start] == LISTED:
                continue
            span = _clean_name_span(rules, span)
            if span is None or not _plausible_name(lang, span.text):
                continue
            if is_place_name(span.text) or (
                any(t.ent_type_ in {"GPE", "LOC", "FAC", "DATE", "ORG"} for t in span)
                and not any(t.ent_type_ in _PERSON_LABELS for t in span)
                and not has_age
                and not rules.accused_cue.match(m.group(0))
            ):
                # the shape matched a place or organisation ("Santa Ana, 45"); the small model
                # often tags an unfamiliar name as ORG or GPE, so an age or an explicit
                # "the accused, X" cue outweighs that tag
                continue
            age = int(m.group("age")) if has_age else None
            key = (span.start_char, span.end_char)
            # drop NER spans that overlap this one (keep the shape span, it is delimited better)
            for other in [k for k in found if k[0] < key[1] and key[0] < k[1] and k != key]:
                del found[other]
            prev = found.get(key)
            found[key] = (span, prev[1] if prev else True, age if age is not None else None)
    # proper-noun phrases that are the arguments of legal verbs, missed by the NER
    for tok in _tokens_where(doc, _is_argument_propn(doc)):
        if mask[tok.i] == LISTED:
            continue
        if tok.head.lemma_.lower() not in rules.legal_lemmas:
            continue
        left = tok.i
        while (
            left > 0
            and doc[left - 1].pos_ == "PROPN"
            and doc[left - 1].dep_ in {"compound", "flat"}
            and doc[left - 1].head.i in range(left, tok.i + 1)
        ):
            left -= 1
        span = doc[left : tok.i + 1]
        if len(span) < 2 or any(t.ent_type_ in {"GPE", "LOC", "NORP", "FAC"} for t in span):
            continue
        cleaned = _clean_name_span(rules, span)
        if cleaned is None or not _plausible_name(lang, cleaned.text):
            continue
        key = (cleaned.start_char, cleaned.end_char)
        if any(k[0] < key[1] and key[0] < k[1] for k in found):
            continue
        found[key] = (cleaned, True, None)
    return sorted(found.values(), key=lambda x: x[0].start)


def _merge(doc: Doc, cands: list[tuple[SpacySpan, bool, int | None]]) -> list[Person]:
    people: list[Person] = []
    by_key: dict[str, Person] = {}
    singles: list[tuple[SpacySpan, bool, int | None]] = []
    for span, from_shape, age in cands:
        words = span.text.split()
        if len(words) < 2:
            singles.append((span, from_shape, age))
            continue
        key = norm_name(span.text)
        person = by_key.get(key)
        if person is None:
            # same first and last word as a known person ("Festus Omwamba" ~ "Festus Arasa Omwamba")
            nk = key.split()
            for other_key, other in by_key.items():
                ok = other_key.split()
                # "Ali Al Jenabi" ~ "Al Jenabi": two or more final words in common
                short, long_ = sorted((ok, nk), key=len)
                suffix = len(short) >= 2 and long_[-len(short) :] == short
                if (ok[0] == nk[0] and ok[-1] == nk[-1]) or suffix:
                    person = other
                    if len(nk) > len(ok):
                        other.name = span.text
                    break
        if person is None:
            person = Person(name=span.text, from_shape=from_shape)
            by_key[key] = person
            people.append(person)
        person.mentions.append((span.start_char, span.end_char))
        person.from_shape = person.from_shape and from_shape
        if age is not None and person.age is None:
            person.age = age
            person.age_evidence = (span.start_char, span.end_char)
    # surname-only mentions: NER singles plus capitalised tokens equal to a unique surname
    surname_owner: dict[str, list[Person]] = {}
    for p in people:
        surname_owner.setdefault(norm_name(p.surname), []).append(p)
    claimed = {m for p in people for m in p.mentions}
    for tok in _tokens_where(doc, doc.to_array(IS_TITLE) != 0):
        key = norm_name(tok.text)
        owners = surname_owner.get(key)
        if not owners or len(owners) != 1:
            continue
        tok_span = (tok.idx, tok.idx + len(tok.text))
        if any(s <= tok_span[0] < e for s, e in claimed):
            continue
        owners[0].mentions.append(tok_span)
    # a single word that is part of a hyphenated surname ("Ojeda-Gomez") or the given name of
    # one known person ("Andrew and Tristan Tate") is that person, not another one
    part_owner: dict[str, list[Person]] = {}
    for p in people:
        parts = {norm_name(w) for w in re.split(r"[-‐]", p.surname)} if "-" in p.surname else set()
        parts.add(norm_name(p.name.split()[0]))
        for part in parts:
            part_owner.setdefault(part, []).append(p)
    for span, from_shape, age in singles:
        key = norm_name(span.text)
        if key in surname_owner:
            continue
        owners = part_owner.get(key, [])
        if len(owners) == 1 and key not in by_key:
            owners[0].mentions.append((span.start_char, span.end_char))
            continue
        # single first names ("Kuba") stay as their own person
        person = by_key.get(key)
        if person is None:
            person = Person(name=span.text, from_shape=from_shape)
            by_key[key] = person
            people.append(person)
        person.mentions.append((span.start_char, span.end_char))
        if age is not None and person.age is None:
            person.age = age
            person.age_evidence = (span.start_char, span.end_char)
    for p in people:
        p.mentions.sort()
    return people


@cache
def _demonym_presence(lang: LanguageSupport) -> tuple[tuple[str, ...], LiteralPresence]:
    """The language's demonyms, longest first (the order they are tried in), and their
    presence test."""
    dem = lang.lexicon.demonyms
    return tuple(sorted(dem, key=len, reverse=True)), LiteralPresence(dem)


def _demonyms_in(lang: LanguageSupport, text: str) -> tuple[str, ...]:
    """The demonyms (longest first) that `text` may hold: the only ones whose nationality
    patterns (`re.escape(phrase)` under `re.I`) can match a window of it."""
    ordered, presence = _demonym_presence(lang)
    present = presence.present(text)
    return tuple(p for p in ordered if p in present)


def _read_age_nationality(
    lang: LanguageSupport, doc: Doc, person: Person, phrases: tuple[str, ...]
) -> None:
    """`phrases`: the demonyms to try, longest first (`_demonyms_in` the doc's text)."""
    rules = lang.people
    dem = lang.lexicon.demonyms
    for start, end in person.mentions:
        if person.age is None:
            m = rules.age_after.match(doc_text(doc)[end : end + 16])
            if m:
                person.age = int(m.group(1))
                person.age_evidence = (end + m.start(1), end + m.end(1))
            else:
                m = rules.age_before.search(doc_text(doc)[max(0, start - 40) : start])
                if m:
                    off = max(0, start - 40)
                    person.age = int(m.group(1))
                    person.age_evidence = (off + m.start(1), off + m.end(1))
        if person.nationality is None:
            window_after = doc_text(doc)[end : end + 80]
            window_before = doc_text(doc)[max(0, start - 40) : start]
            for phrase in phrases:
                m = rules.nationality_after(phrase).search(window_after)
                off = end
                if not m:
                    m = rules.nationality_before(phrase).search(window_before)
                    off = max(0, start - 40)
                if m:
                    person.nationality = dem[phrase]
                    person.nationality_evidence = (off + m.start(1), off + m.end(1))
                    break


def _victim_verb(lang: LanguageSupport, verb: Token) -> bool:
    """Does `verb` make its object a victim? "found guilty", "held in custody" do not."""
    lemma = verb.lemma_.lower()
    if lemma not in lang.lexicon.victim_verbs:
        return False
    words = {t.lower_ for t in verb.subtree}
    if words & lang.people.not_victim_context:
        return False
    return lemma != lang.people.hold_lemma or bool(words & lang.people.hold_victim)


_PHONE_AFTER = re.compile(r"^[\s,:]*(?:\+?\(?\d{2,4}\)?[\s.-]?){2,}\d{3,}")


def _mention_roles(
    lang: LanguageSupport, doc: Doc, start: int, end: int
) -> tuple[str | None, bool]:
    """(protected role word or None, accused marker) for one mention, from its context."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None, False
    accused = False
    role: str | None = None
    # words just before the name inside the same line ("Detective Inspector X", "victim X")
    before: list[Token] = []
    for t in reversed(doc[max(0, span.start - 3) : span.start]):
        if "\n" in t.text_with_ws or t.is_sent_end:
            break  # words on an earlier line or in an earlier sentence are not a title
        before.insert(0, t)
    for t in reversed(before):
        w = t.lower_.rstrip(".")
        if t.is_punct and t.text not in lang.people.apostrophes:
            break
        if w in lang.lexicon.accused_nouns:
            accused = True
            break
        if w in lang.lexicon.protected_role_words:
            role = w
            break
        if not (t.is_title or t.is_upper or t.lower_ in lang.people.title_glue):
            break  # "the victim while X": a title runs up to the name, no function words
    # a press contact or a byline: "Media inquiries: X (02) 6277 7260", "Author\nX", "By X"
    line_start = doc_text(doc).rfind("\n", 0, start) + 1
    prev_line_start = doc_text(doc).rfind("\n", 0, max(0, line_start - 1)) + 1
    lead = doc_text(doc)[line_start:start]
    prev_line = doc_text(doc)[prev_line_start : max(prev_line_start, line_start - 1)]
    if (
        _PHONE_AFTER.match(doc_text(doc)[end : end + 30])
        or lang.people.contact_lead.search(lead)
        or (not lead.strip() and lang.people.contact_lead.search(prev_line))
    ):
        role = role or "contact"
    root = span.root
    # apposition / compound heads and dependents ("X, the victim", "the victim, X")
    related = [root.head] if root.dep_ in {"appos", "compound", "nmod"} else []
    related += [
        c
        for c in root.children
        if c.dep_ in {"appos", "compound"} and c.i not in range(span.start, span.end)
    ]
    for rel in related:
        lo, hi = sorted((rel.i, root.i))
        if "\n" in doc[lo : hi + 1].text:
            continue  # the parser linked words on different lines (a table cell, a heading)
        w = rel.lower_
        if w in lang.lexicon.accused_nouns:
            accused = True
        elif w in lang.lexicon.protected_role_words and role is None:
            role = w
    # "X, a 17-year-old girl"/ "X, who was rescued"
    for child in root.children:
        if (
            child.dep_ in {"relcl", "acl:relcl"}
            and _victim_verb(lang, child)
            and any(g.dep_ in {"nsubjpass", "nsubj:pass"} for g in child.children)
        ):
            role = role or "victim"
    # object of a victim verb: "rescued X", "X was trafficked"
    head = root.head
    if root.dep_ in {"dobj", "obj", "nsubjpass", "nsubj:pass"} and _victim_verb(lang, head):
        role = role or "victim"
    if (
        root.dep_ == "nsubj"
        and lang.people.passive_auxiliaries
        and any(
            c.dep_ in {"aux", "aux:pass", "cop"}
            and c.lemma_.lower() in lang.people.passive_auxiliaries
            for c in head.children
        )
        and _victim_verb(lang, head)
    ):
        role = role or "victim"
    # the speaker of a quote is an official or a witness unless shown to be accused
    if root.dep_ == "nsubj" and head.lemma_ in lang.lexicon.speech_verbs:
        role = role or "speaker"
    return role, accused


def assign_roles(lang: LanguageSupport, doc: Doc, people: list[Person]) -> None:
    for person in people:
        roles: list[str] = []
        for start, end in person.mentions:
            role, accused = _mention_roles(lang, doc, start, end)
            if accused:
                person.accused_evidence.append((start, end))
            if role:
                roles.append(role)
        hard = [r for r in roles if r in lang.lexicon.never_perpetrator_roles]
        if hard:
            person.role = hard[0]
        elif roles and not person.accused_evidence:
            person.role = roles[0]
        elif person.accused_evidence:
            person.role = "accused"


@Language.factory(
    "tipwatch_people",
    requires=["doc.ents", "token.dep", "doc._.prose_mask"],
    assigns=["doc._.people"],
    default_config={"language": "en"},
)
def make_people(nlp: Language, name: str, language: str) -> PeopleFinder:
    return PeopleFinder(support_for(language))


class PeopleFinder:
    def __init__(self, lang: LanguageSupport) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        people = _merge(doc, collect_candidates(self.lang, doc))
        phrases = _demonyms_in(self.lang, doc_text(doc)) if people else ()
        for person in people:
            _read_age_nationality(self.lang, doc, person, phrases)
        assign_roles(self.lang, doc, people)
        doc._.people = people
        return doc
