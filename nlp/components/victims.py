"""Victims: count them where stated, and make sure no victim/minor/witness name leaves the stage.

People whose mentions sit next to victim words ("victim", "rescued", "survivor", "the girl")
are marked protected, even when another rule linked them to a legal verb. Names introduced the
way reporters introduce protected people ("identified only as X", "referred to in the judgment
as X", "testified as X", "X (not her real name)") are protected too, whether or not the
statistical NER saw them as a PERSON.

Redactions: the character span of EVERY occurrence of EVERY word of every protected name
(full name, surname-only and first-name-only repeats) goes to `doc._.redactions`; the store masks
those spans before the text is saved. Occurrences inside an accused person's own full-name
mention are left alone (that name is output anyway).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from tipwatch.nlp.components.base import Person, doc_text
from tipwatch.nlp.lexicon import NUMBER_WORDS, VULNERABLE_ROLE_WORDS
from tipwatch.records import Span

_COUNT = re.compile(
    r"\b(\d{1,5}|" + "|".join(NUMBER_WORDS) + r")\s+(?:\w+\s+){0,2}?"
    r"(?:victims|survivors|women and girls|women|girls|children|minors|boys|workers|migrants|"
    r"people|persons|men)\b(?=[^.]{0,80}\b(?:rescued|trafficked|freed|exploited|victims?|"
    r"smuggled|forced|recovered|identified)\b)",
    re.I,
)
_COUNT_VICTIMS = re.compile(
    r"\b(\d{1,5}|" + "|".join(NUMBER_WORDS) + r")\s+(?:\w+\s+){0,2}?(?:victims|survivors)\b", re.I
)

# roles whose names are masked in the stored text (and never output)
REDACT_ROLES = set(VULNERABLE_ROLE_WORDS)
# family ties: masked too, unless the text links the person to a legal step of their own
FAMILY_ROLES = {"daughter", "son", "niece", "nephew", "mother", "father", "sister", "brother"}
PROTECTED_ROLES = REDACT_ROLES

_NAME_WORD = r"(?:[A-Z][a-z\u00e0-\u00ff]+(?:[-'’][A-Za-z\u00e0-\u00ff]+)*|[A-Z]\.)"
_NAME = rf"(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})"
_Q = r"[\"'“‘]?"
# cues that introduce a protected person's (often substitute) name: always protective
_CUE_ALWAYS = re.compile(
    r"\b(?:identified\s+(?:\w+\s+){0,5}?only\s+as|"
    r"(?:referred\s+to|known|named|described|called)\s+(?:\w+\s+){0,5}?only\s+as|"
    r"referred\s+to\s+(?:\w+\s+){0,5}?as|"
    r"testif(?:ied|ying|ies)\s+(?:\w+\s+){0,3}?(?:as|under\s+the\s+(?:name|pseudonym))|"
    r"(?:gave|gives|give|giving)\s+(?:her|his|their)\s+(?:first\s+)?names?\s+(?:only\s+)?as|"
    r"under\s+the\s+pseudonym|given\s+the\s+pseudonym|(?:a|the)\s+pseudonym|"
    r"whom\s+(?:we|the\s+\w+)\s+(?:are\s+)?call(?:ing)?)\s+" + _Q + _NAME
)
# "identified/named as X": protective when the nearest role word before it is a victim word
_CUE_CONTEXT = re.compile(
    r"\b(?:identified|named|listed|described)\s+(?:\w+\s+){0,5}?as\s+" + _Q + _NAME
)
_AFTER_NAME = re.compile(
    r"(?<![\w.])" + _NAME + r"[\"'”’]?\s*(?:\(|,\s*)(?:not\s+(?:her|his|their)\s+real\s+names?|"
    r"names?\s+(?:has\s+been\s+|have\s+been\s+|was\s+|were\s+)?changed|a\s+pseudonym|"
    r"pseudonym|whose\s+names?\s+(?:has|have)\s+been\s+changed)"
)
_VICTIM_WORDS = re.compile(
    r"\b(?:victims?|survivors?|rescued|complainants?|witness(?:es)?|girls?|boys?|child(?:ren)?|"
    r"minors?|teenagers?|teens?|daughters?|sons?|donors?|women|mothers?|neighbou?rs?|"
    r"workers|migrants|recruits|trafficked|exploited|abused)\b",
    re.I,
)
_ACCUSED_WORDS = re.compile(
    r"\b(?:suspects?|accused|defendants?|traffickers?|smugglers?|arrested|charged|convicted|"
    r"sentenced|jailed|detained|recruiters?|agents?|owners?|ringleaders?|perpetrators?|"
    r"offenders?|wanted|fugitives?|man\s+held|arraigned)\b",
    re.I,
)
_SKIP_TOKENS = {"the", "and", "of", "ma", "mr", "mrs", "ms", "miss", "dr", "st", "jr", "sr"}


def _to_int(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token.lower())


def victims_count(text: str) -> int | None:
    for rx in (_COUNT_VICTIMS, _COUNT):
        for m in rx.finditer(text):
            n = _to_int(m.group(1))
            if n is not None and 0 < n < 100000:
                return n
    return None


def _victim_apposition(text: str, start: int, end: int) -> bool:
    """ "victim Jane Roe", "Jane Roe, a victim", "Jane Roe, 16, who was rescued"."""
    before = text[max(0, start - 25) : start]
    after = text[end : end + 45]
    role = re.search(
        r"\b(?:victims?|survivors?|complainants?|witness|girl|boy|daughter|minor)"
        r"[ \t]*(,?)[ \t]*\Z",
        before,
        re.I,
    )
    # "victim Jane Roe", "the victim, Jane Roe, said"; not "in addition to the victim, Roe
    # promoted..." (a fronted phrase, then the subject) nor a word on the line above
    if role and (not role.group(1) or re.match(r"^\s*(?:[,;:)(]|$|\.\s)", after)):
        return True
    return bool(
        re.match(
            r"^\s*(?:,\s*(?:\d{1,2}\s*,\s*)?)(?:a|an|the|one of the)\s+(?:\w+\s+){0,2}?"
            r"(?:victims?|survivors?|complainant|witness|girl|boy)\b",
            after,
            re.I,
        )
    )


def _victim_context_before(text: str, pos: int) -> bool:
    """Is the nearest role word in the 250 characters before `pos` (same paragraph) a victim
    word rather than an accused word?"""
    start = max(0, pos - 250)
    para = text.rfind("\n", start, pos)
    window = text[(para + 1 if para >= 0 else start) : pos]
    last_v = max((m.end() for m in _VICTIM_WORDS.finditer(window)), default=-1)
    last_a = max((m.end() for m in _ACCUSED_WORDS.finditer(window)), default=-1)
    return last_v > last_a


def _trim_name(name: str) -> str:
    words = name.split()
    while words and (words[-1].endswith(".") and len(words[-1]) <= 2):
        words.pop()
    return " ".join(words)


def cue_names(text: str) -> list[tuple[str, Span]]:
    """(name, span) for names the text introduces as protected people."""
    out: list[tuple[str, Span]] = []
    for m in _CUE_ALWAYS.finditer(text):
        name = _trim_name(m.group("name"))
        if name:
            out.append((name, (m.start("name"), m.start("name") + len(name))))
    for m in _AFTER_NAME.finditer(text):
        name = _trim_name(m.group("name"))
        if name:
            out.append((name, (m.start("name"), m.start("name") + len(name))))
    for m in _CUE_CONTEXT.finditer(text):
        name = _trim_name(m.group("name"))
        # the nearest role word may be inside the cue: "identified the defendant as X"
        if name and _victim_context_before(text, m.start("name")):
            out.append((name, (m.start("name"), m.start("name") + len(name))))
    return out


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def redaction_spans(text: str, names: list[str], keep: list[Span]) -> list[Span]:
    """Every occurrence of every word of `names` (capitalised or upper-case), except inside the
    `keep` spans; merged and sorted."""
    tokens: set[str] = set()
    for name in names:
        for word in re.split(r"[\s]+", name):
            word = word.strip(".,;:'’\"“”()")
            if len(word) < 2 or word.lower() in _SKIP_TOKENS:
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
)
def make_victims(nlp: Language, name: str) -> VictimGuard:
    return VictimGuard()


def _testified(doc: Doc, person: Person) -> bool:
    """The subject of "testify"/"give evidence" (and never linked to a legal step)."""
    if person.status is not None or person.accused_evidence:
        return False
    for start, end in person.mentions:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if root.dep_ == "nsubj" and root.head.lemma_ in {"testify", "depose"}:
            return True
    return False


class VictimGuard:
    def __call__(self, doc: Doc) -> Doc:
        people: list[Person] = doc._.people or []
        text = doc_text(doc)
        cues = cue_names(text)
        protected: list[str] = [n for n, _ in cues]
        for person in people:
            cued = any(_overlaps(m, span) for m in person.mentions for _, span in cues) or any(
                person.name in n or n in person.name for n, _ in cues if len(n.split()) > 1
            )
            if cued or any(_victim_apposition(text, s, e) for s, e in person.mentions):
                person.role = "victim"
            elif _testified(doc, person):
                person.role = "witness"
            if person.role in REDACT_ROLES or (
                person.role in FAMILY_ROLES
                and person.status is None
                and not person.accused_evidence
            ):
                protected.append(person.name)
        names = sorted(set(protected))
        protected_keys = {n.lower() for n in names}
        keep: list[Span] = [
            m
            for p in people
            if p.role not in REDACT_ROLES
            and p.name.lower() not in protected_keys
            and len(p.name.split()) > 1
            and p.status is not None
            for m in p.mentions
            if len(text[m[0] : m[1]].split()) > 1
        ]
        doc._.victim_names = names
        doc._.redactions = redaction_spans(text, names, keep)
        doc._.victims_count = victims_count(text)
        return doc
