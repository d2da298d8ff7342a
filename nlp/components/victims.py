"""Victims: count them where stated, and make sure no victim/minor/witness name leaves the stage.

People whose mentions sit next to victim words ("victim", "rescued", "survivor", "the girl")
are marked protected, even when another rule linked them to a legal verb. Names introduced the
way reporters introduce protected people ("identified only as X", "referred to in the judgment
as X", "testified as X", "X (not her real name)") are protected too, whether or not the
statistical NER saw them as a PERSON.

Redactions: the character span of EVERY occurrence of EVERY word of every protected name
(full name, surname-only and first-name-only repeats) goes to `doc._.redactions`; the store masks
those spans before the text is saved. Occurrences inside an accused person's own full-name
mention are left alone (that name is output anyway). Counting phrases, cues and role words are the
language's (`LanguageSupport.victims`).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from tipwatch.nlp.components.base import Person, doc_text
from tipwatch.nlp.lang import LanguageSupport, support_for
from tipwatch.nlp.lang.rules import VictimRules
from tipwatch.records import Span


def _to_int(lang: LanguageSupport, token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return lang.lexicon.number_words.get(token.lower())


def victims_count(lang: LanguageSupport, text: str) -> int | None:
    for rx in (lang.victims.count_victims, lang.victims.count):
        for m in rx.finditer(text):
            n = _to_int(lang, m.group(1))
            if n is not None and 0 < n < 100000:
                return n
    return None


def _victim_apposition(rules: VictimRules, text: str, start: int, end: int) -> bool:
    """ "victim Jane Roe", "Jane Roe, a victim", "Jane Roe, 16, who was rescued"."""
    before = text[max(0, start - 25) : start]
    after = text[end : end + 45]
    role = rules.role_before.search(before)
    # "victim Jane Roe", "the victim, Jane Roe, said"; not "in addition to the victim, Roe
    # promoted..." (a fronted phrase, then the subject) nor a word on the line above
    if role and (not role.group(1) or rules.apposition_tail.match(after)):
        return True
    return bool(rules.role_after.match(after))


def _victim_context_before(rules: VictimRules, text: str, pos: int) -> bool:
    """Is the nearest role word in the 250 characters before `pos` (same paragraph) a victim
    word rather than an accused word?"""
    start = max(0, pos - 250)
    para = text.rfind("\n", start, pos)
    window = text[(para + 1 if para >= 0 else start) : pos]
    last_v = max((m.end() for m in rules.victim_words.finditer(window)), default=-1)
    last_a = max((m.end() for m in rules.accused_words.finditer(window)), default=-1)
    return last_v > last_a


def _trim_name(name: str) -> str:
    words = name.split()
    while words and (words[-1].endswith(".") and len(words[-1]) <= 2):
        words.pop()
    return " ".join(words)


def cue_names(rules: VictimRules, text: str) -> list[tuple[str, Span]]:
    """(name, span) for names the text introduces as protected people."""
    out: list[tuple[str, Span]] = []
    for m in rules.cue_always.finditer(text):
        name = _trim_name(m.group("name"))
        if name:
            out.append((name, (m.start("name"), m.start("name") + len(name))))
    for m in rules.after_name.finditer(text):
        name = _trim_name(m.group("name"))
        if name:
            out.append((name, (m.start("name"), m.start("name") + len(name))))
    for m in rules.cue_context.finditer(text):
        name = _trim_name(m.group("name"))
        # the nearest role word may be inside the cue: "identified the defendant as X"
        if name and _victim_context_before(rules, text, m.start("name")):
            out.append((name, (m.start("name"), m.start("name") + len(name))))
    return out


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def redaction_spans(
    rules: VictimRules, text: str, names: list[str], keep: list[Span]
) -> list[Span]:
    """Every occurrence of every word of `names` (capitalised or upper-case), except inside the
    `keep` spans; merged and sorted."""
    tokens: set[str] = set()
    for name in names:
        for word in re.split(r"[\s]+", name):
            word = word.strip(".,;:'’\"“”()")
            if len(word) < 2 or word.lower() in rules.skip_tokens:
                continue
            tokens.add(word)
    spans: list[Span] = []
    for tok in sorted(tokens, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w]){re.escape(tok)}(?![\w])", text, re.I):
            found = m.group(0)
            if not (found[:1].isupper() or found == tok):
                continue
            span = (m.start(), m.end())
            if any(_overlaps(span, k) for k in keep):
                continue
            spans.append(span)
    spans.sort()
    merged: list[Span] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


@Language.factory(
    "tipwatch_victims",
    requires=["doc._.people"],
    assigns=[
        "doc._.victims_count",
        "doc._.victim_names",
        "doc._.people",
        "doc._.redactions",
    ],
    default_config={"language": "en"},
)
def make_victims(nlp: Language, name: str, language: str) -> VictimGuard:
    return VictimGuard(support_for(language))


def _testified(rules: VictimRules, doc: Doc, person: Person) -> bool:
    """The subject of "testify"/"give evidence" (and never linked to a legal step)."""
    if person.status is not None or person.accused_evidence:
        return False
    for start, end in person.mentions:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if root.dep_ == "nsubj" and root.head.lemma_ in rules.testify_lemmas:
            return True
    return False


class VictimGuard:
    def __init__(self, lang: LanguageSupport) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        rules = self.lang.victims
        redact_roles = self.lang.lexicon.redact_roles
        people: list[Person] = doc._.people or []
        text = doc_text(doc)
        cues = cue_names(rules, text)
        protected: list[str] = [n for n, _ in cues]
        for person in people:
            cued = any(_overlaps(m, span) for m in person.mentions for _, span in cues) or any(
                person.name in n or n in person.name for n, _ in cues if len(n.split()) > 1
            )
            if cued or any(_victim_apposition(rules, text, s, e) for s, e in person.mentions):
                person.role = "victim"
            elif _testified(rules, doc, person):
                person.role = "witness"
            if person.role in redact_roles or (
                person.role in rules.family_roles
                and person.status is None
                and not person.accused_evidence
            ):
                protected.append(person.name)
        names = sorted(set(protected))
        protected_keys = {n.lower() for n in names}
        keep: list[Span] = [
            m
            for p in people
            if p.role not in redact_roles
            and p.name.lower() not in protected_keys
            and len(p.name.split()) > 1
            and p.status is not None
            for m in p.mentions
            if len(text[m[0] : m[1]].split()) > 1
        ]
        doc._.victim_names = names
        doc._.redactions = redaction_spans(rules, text, names, keep)
        doc._.victims_count = victims_count(self.lang, text)
        return doc
