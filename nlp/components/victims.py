"""Victims: count them where stated, and make sure no victim/minor/witness name leaves the stage.

People whose mentions sit next to victim words ("victim", "rescued", "survivor", "the girl")
are marked protected, even when another rule linked them to a legal verb. Names introduced the
way reporters introduce protected people ("identified only as X", "referred to in the judgment
as X", "testified as X", "X (not her real name)") are protected too, whether or not the
statistical NER saw them as a PERSON, and so are names a role cue introduces ("the victim,
Maria, 15", "Aisha, a victim of", "a girl named Bui Thi Lan"; `role_cue_names`), single given
names and lower-case text included.

Redactions: the character span of EVERY occurrence of EVERY word of every protected name
(full name, surname-only and first-name-only repeats) goes to `doc._.redactions`; the store masks
those spans before the text is saved. Occurrences inside an accused person's own full-name
mention are left alone (that name is output anyway). Counting phrases, cues and role words are the
language's (`LanguageSupport.victims`).
"""

from __future__ import annotations

import functools
import re

from spacy.language import Language
from spacy.tokens import Doc

from tipwatch.nlp.components.base import Person, doc_text
from tipwatch.nlp.lang import LanguageSupport, support_for
from tipwatch.nlp.lang.rules import VictimRules
from tipwatch.records import Span


def victims_count(lang: LanguageSupport, text: str) -> int | None:
    for rx in (lang.victims.count_victims, lang.victims.count):
        for m in rx.finditer(text):
            n = lang.lexicon.number(m.group(1))
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


def _lower_case_context(text: str, pos: int) -> bool:
    """Does the sentence holding `pos` start in lower case (text written without capitals,
    where names are lower case too)?"""
    start = max(text.rfind(p, 0, pos) for p in (". ", "! ", "? ", "\n"))
    head = re.search(r"[^\W\d_]", text[start + 1 : pos + 1])
    return head is not None and head.group(0).islower()


def _role_word(text: str, pos: int) -> bool:
    """A role word is lower case, or capitalised only as the first word of its sentence."""
    if text[pos : pos + 1].islower():
        return True
    start = max(text.rfind(p, 0, pos) for p in (". ", "! ", "? ", "\n"))
    return not re.search(r"\w", text[start + 1 : pos])


def _age(m: re.Match[str]) -> int | None:
    for group in ("age", "age_p"):
        if group in m.re.groupindex and m[group]:
            return int(m[group])
    return None


def _object_of_verb(doc: Doc, pos: int, age: int | None) -> bool:
    """Is the role word at `pos` a verb's object ("kidnapped the child, X,") with no minor's
    age after the name? Then the name may stand in apposition to the verb's subject."""
    if age is not None and age < 18:
        return False
    span = doc.char_span(pos, pos + 1, alignment_mode="expand")
    return span is not None and doc[span.start].dep_ in {"dobj", "obj"}


def _after_preposition(doc: Doc, pos: int) -> bool:
    """Is the token before the one at character `pos` a preposition ("in Sydney, the girl")?"""
    span = doc.char_span(pos, pos + 1, alignment_mode="expand")
    return span is not None and span.start > 0 and doc[span.start - 1].pos_ == "ADP"


@functools.cache
def _cue_not_names(lang: LanguageSupport) -> frozenset[str]:
    """Words never (part of) a name a cue introduces: the cue rules' own, the people rules'
    non-name and calendar words, demonyms and label words (built once per language)."""
    return (
        lang.victims.cue_not_names
        | lang.people.not_name_words
        | lang.people.calendar_words
        | frozenset(lang.lexicon.demonyms)
        | frozenset(w.lower() for w in lang.lexicon.label_words)
    )


def role_cue_names(lang: LanguageSupport, doc: Doc, text: str) -> list[tuple[str, Span]]:
    """(name, span) for people a role cue introduces ("the victim, Maria, 15", "Aisha, a victim
    of", "a girl named Bui Thi Lan"), whatever the NER saw. Of the words the cue's "name" group
    holds, the run of name-like words nearest the cue is the name: capitalised words, or
    lower-case ones in lower-case text where the cue allows it."""
    rules = lang.victims
    not_names = _cue_not_names(lang)
    out: list[tuple[str, Span]] = []
    for cue in rules.role_cues:
        for m in cue.pattern.finditer(text):
            if "role" in m.re.groupindex and m["role"]:
                if not _role_word(text, m.start("role")):
                    continue  # "Teen Wolf, 24": a role word inside a title or a name
                if not cue.name_before and _object_of_verb(doc, m.start("role"), _age(m)):
                    continue  # "the man who kidnapped the child, X, was jailed": X is the man
            start = m.start("name")
            words = [(w.start() + start, w.end() + start) for w in re.finditer(r"\S+", m["name"])]
            lower = cue.lower_ok and _lower_case_context(text, start)

            def name_like(span: Span, lower: bool = lower) -> bool:
                word = text[span[0] : span[1]]
                key = word.lower()
                if key in not_names or doc.vocab[key].is_stop:
                    return False
                return word[:1].isupper() or (lower and word.islower())

            if cue.bounded:
                # punctuation closes the group: every word is a name word or a joiner
                # ("the girls, Linh and Amara, 14 and 15")
                runs: list[list[Span]] = [[]]
                for span in words:
                    if text[span[0] : span[1]].lower() in rules.cue_joiners and runs[-1]:
                        runs.append([])
                    elif name_like(span):
                        runs[-1].append(span)
                    else:
                        runs = []
                        break
                runs = [r for r in runs if r]
            else:
                order = list(reversed(words)) if cue.name_before else words
                run: list[Span] = []
                for span in order:
                    if not name_like(span):
                        break
                    run.append(span)
                run.sort()
                if len(run) > 1 and any(text[s:e].islower() for s, e in run):
                    # several lower-case words only where punctuation closes the name
                    run = run[-1:] if cue.name_before else run[:1]
                runs = [run] if run else []
            for run in runs:
                span = (run[0][0], run[-1][1])
                if rules.cue_reject_after.match(text[span[1] : span[1] + 12]):
                    continue
                if cue.name_before and _after_preposition(doc, span[0]):
                    continue  # "After arriving in Sydney, the girl ...": a fronted phrase
                out.append((text[span[0] : span[1]], span))
    return out


def listed_names(lang: LanguageSupport, doc: Doc, text: str) -> list[tuple[str, Span]]:
    """(name, span) for the people a list of protected people names ("other victims included
    A, 29, B, and 32-year-old C"). Each item's run of capitalised name words is a name when the
    NER tagged it as a person, or when it has two words or more and the NER saw no place there:
    a list item may also be a place ("women from New York"). (The small model tags many names
    as organisations, so an organisation does not count against a name.)"""
    rules = lang.victims
    lists = list(rules.victim_list.finditer(text)) if rules.victim_list is not None else []
    if not lists:
        return []
    not_names = _cue_not_names(lang)
    persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in {"PERSON", "PER"}]
    others = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in {"GPE", "LOC", "FAC"}]
    out: list[tuple[str, Span]] = []
    for m in lists:
        base = m.start("list")
        # items end at a comma or semicolon, and at a joiner ("A and B"); an item's name is
        # its first run of name words
        runs: list[list[Span]] = []
        for item in re.finditer(r"[^,;]+", m["list"]):
            run: list[Span] = []
            closed = False
            for w in re.finditer(r"\S+", item.group(0)):
                word = w.group(0).strip("\"'“”‘’()")
                span = (base + item.start() + w.start(), base + item.start() + w.end())
                if word.lower() in rules.cue_joiners:
                    runs.append(run)
                    run, closed = [], False
                elif (
                    not closed
                    and word[:1].isupper()
                    and word.lower() not in not_names
                    and not doc.vocab[word.lower()].is_stop
                ):
                    run.append(span)
                elif run:
                    closed = True
            runs.append(run)
        for run in runs:
            if not run:
                continue
            span = (run[0][0], run[-1][1])
            person = any(_overlaps(span, p) for p in persons)
            if person or (len(run) > 1 and not any(_overlaps(span, o) for o in others)):
                out.append((text[span[0] : span[1]], span))
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
        cues = (
            cue_names(rules, text)
            + role_cue_names(self.lang, doc, text)
            + listed_names(self.lang, doc, text)
        )
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
