"""Is this text a report of a human-trafficking case against people?

Evidence is read only from article prose (zones): a legal step (arrest, charge, trial,
conviction, sentence, acquittal, warrant) in the same or the next sentence as a
human-trafficking or migrant-smuggling term; failing that, a weaker link when the step and the
term share a paragraph, or when the title/standfirst names the trafficking topic and the body
reports a step taken (blog-style pieces that paraphrase across sentences). Drug, arms and
wildlife "trafficking", road traffic, awareness and policy pieces and menus/related-posts lists
are distractors.
"""

from __future__ import annotations

import bisect
import math
import re

from spacy.language import Language
from spacy.tokens import Doc

from tipwatch.nlp.components.base import ChargeHit, Person, doc_text
from tipwatch.nlp.components.charges import not_an_offence
from tipwatch.nlp.components.zones import PROSE
from tipwatch.nlp.lexicon import INTRANSITIVE_TRIGGERS, TRANSITIVE_TRIGGERS
from tipwatch.records import ChargeCategory

HT_TERM = re.compile(
    r"\b(?:(?:human|sex|sexual|child|children|labou?r|people|person|persons|women|girls?|baby|"
    r"organ)[- ]traffick\w*|traffick(?:ing|ed)\s+(?:in|of)\s+(?:persons|people|humans|human beings|"
    r"women|girls|children|minors?|a minor|a child|babies)|traffick(?:ed|ing)\s+(?:\w+\s+){0,3}?"
    r"(?:women|girls|children|minors?|migrants|workers|people|victims|teenagers?)|"
    r"(?:people|human|migrant|alien)[- ]smuggl\w*|smuggl\w+\s+(?:of\s+)?(?:migrants|people|"
    r"asylum[- ]seekers|aliens)|forced labou?r|sexual servitude|domestic servitude|slavery|"
    r"servitude|debt bondage|(?:unlawful|illegal) (?:entry|immigration)|unlawful non-citizens|"
    r"trafficking of a minor|trafficking victims?|trafficker|traffickers|smugglers?|"
    r"modern slavery|for (?:sexual exploitation|prostitution))\b",
    re.I,
)


def _wrap_tolerant(pattern: str) -> str:
    """Let a lexicon phrase match across a hard line wrap ("sex\ntrafficking")."""
    return pattern.replace("[- ]", "[-\\s]").replace(" ", "\\s+")


HT_TERM = re.compile(_wrap_tolerant(HT_TERM.pattern), re.I)
GENERIC_TRAFFICKING = re.compile(r"\btraffick(?:ing|ed|ers?)\b", re.I)
DISTRACTOR = re.compile(
    r"\b(?:drugs?|narcotics?|cocaine|heroin|meth\w*|cannabis|ganja|marijuana|arms|firearms?|"
    r"guns?|weapons?|wildlife|ivory|timber|gold|cigarettes?|tobacco|ammunition|fentanyl|crack|"
    r"opium|ketamine|donkey|rhino|pangolins?|animals?|hashish|ice|kush|contraband)\b",
    re.I,
)
_LEGAL_WORDS = re.compile(
    r"\b(?:arrest\w*|charged|charges|indict\w*|arraign\w*|convict\w*|sentenc\w*|jailed|"
    r"imprison\w*|acquitt\w*|pleaded|pled|guilty|detained|remanded|prosecut\w*|trial|"
    r"extradit\w*|warrant|custody|accused|court|nabbed|apprehended|fugitive|wanted|"
    r"handed over|booked)\b",
    re.I,
)
# a legal step that happened to someone (not "convictions", "court", "prosecution")
_EVENT_WORDS = re.compile(
    r"\b(?:arrested|charged|indicted|arraign(?:ed|s)|convicted|sentenced|jailed|imprisoned|"
    r"acquitted|pleaded|pled|pleads|detained|remanded|extradited|nabbed|apprehended|booked|"
    r"handed over|found\s+(?:\w+\s+){0,12}?(?:not\s+)?guilty|discharged|manhunt|absconding|"
    r"fled|declared wanted|condemn(?:s|ed)?|fined|suspended sentence|"
    r"chargesheet(?:ed)?|charge ?sheet|rescued|intercepted)\b",
    re.I,
)
# policy, awareness and statistics pieces: no proceedings against anyone in particular
_POLICY = re.compile(
    r"\b(?:bill|legislation|amend(?:ment|ed|s)?|guidelines|polic(?:y|ies)|awareness|campaign|"
    r"march(?:ed|ers)?|walk(?:ed)?|rally|workshop|seminar|conference|summit|world day|"
    r"statistics|convictions|reports of|cases in|cases last year|mandate|council|committee|"
    r"task force|national action plan|signed|memorandum|ratif\w+|lawmakers?|senators?|"
    r"parliament|assembly|cooperation|bilateral|talks)\b",
    re.I,
)
# the title and standfirst state what the piece is about: front matter, JSON-LD, first line
_TOPIC_LINE = re.compile(
    r"^(?:\s*(?:title|description|headline|summary)\s*:|\s*\"(?:headline|description)\"\s*:)",
    re.I,
)
# a legal step taken against someone (not "rescued", "intercepted", "fled")
_STEP_WORDS = re.compile(
    r"\b(?:arrested|charged|indicted|arraigned|convicted|sentenced|jailed|pleaded|pled|"
    r"pleads|detained|remanded|extradited|nabbed|apprehended|found\s+guilty|"
    r"(?:is|was|were|are|been|being|got)\s+caught)\b",
    re.I,
)
_NOT_TAKEN = re.compile(r"\b(?:not|never|no\s+one|nobody)\s+(?:\w+\s+){0,2}$", re.I)


def _took_step(sentence: str) -> bool:
    """A legal step reported as taken ("will not be arrested" is not one)."""
    return any(
        not _NOT_TAKEN.search(sentence[max(0, m.start() - 30) : m.start()])
        for m in _STEP_WORDS.finditer(sentence)
    )


_LINK_WEIGHT = 1.3
# a paragraph ends at a blank line, or at a line break after a closing stop (one paragraph a
# line, as press-release pages are laid out)
_PARA_BREAK = re.compile(r"\n[ \t]*\n|(?<=[.!?\"”])[ \t]*\n")
_SPEC_TRIGGERS = set(TRANSITIVE_TRIGGERS) | set(INTRANSITIVE_TRIGGERS) | {"find"}


def _ht_in(text: str) -> bool:
    if any(
        not DISTRACTOR.search(text[max(0, m.start() - 25) : m.start()])
        for m in HT_TERM.finditer(text)
    ):
        return True
    return any(
        not DISTRACTOR.search(text[max(0, m.start() - 40) : m.end() + 30])
        for m in GENERIC_TRAFFICKING.finditer(text)
    )


def topic_is_trafficking(text: str) -> bool:
    """Does the title or standfirst (first line, front matter, JSON-LD headline) name a
    human-trafficking or smuggling topic?"""
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip() and ln.strip() != "---"), "")
    topic = [first] + [ln for ln in lines if _TOPIC_LINE.match(ln)]
    return any(_ht_in(ln) for ln in topic)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@Language.factory(
    "tipwatch_case",
    requires=["doc._.prose_mask", "doc._.people", "doc._.charges"],
    assigns=["doc._.is_case", "doc._.case_score", "doc._.case_sentences"],
    default_config={"threshold": 0.5},
)
def make_case(nlp: Language, name: str, threshold: float) -> CaseClassifier:
    return CaseClassifier(threshold)


class CaseClassifier:
    def __init__(self, threshold: float) -> None:
        self.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        mask = doc._.prose_mask or [PROSE] * len(doc)
        sents = [s for s in doc.sents if sum(mask[t.i] == PROSE for t in s) * 2 >= len(s)]
        ht_flags: list[bool] = []
        legal_flags: list[bool] = []
        event_flags: list[bool] = []
        charge_hits: list[ChargeHit] = doc._.charges or []
        n_ht = n_dis = n_policy = 0
        for s in sents:
            text = s.text
            ht = [
                m
                for m in HT_TERM.finditer(text)
                if not DISTRACTOR.search(text[max(0, m.start() - 25) : m.start()])
                and not not_an_offence(text, m.start(), m.end())
            ]
            generic = [
                m
                for m in GENERIC_TRAFFICKING.finditer(text)
                if not DISTRACTOR.search(text[max(0, m.start() - 40) : m.end() + 30])
                and not not_an_offence(text, m.start(), m.end())
            ]
            dis = [
                m
                for m in GENERIC_TRAFFICKING.finditer(text)
                if DISTRACTOR.search(text[max(0, m.start() - 40) : m.end() + 30])
            ]
            statute = [
                c
                for c in charge_hits
                if c.category is not ChargeCategory.OTHER and s.start_char <= c.span[0] < s.end_char
            ]
            n_ht += len(ht) + len(generic) + len(statute)
            n_dis += len(dis)
            ht_flags.append(bool(ht or generic or statute))
            legal_flags.append(bool(_LEGAL_WORDS.search(text)))
            event_flags.append(bool(_EVENT_WORDS.search(text)))
            n_policy += len(_POLICY.findall(text))
        case_sents: list[tuple[int, int]] = []
        for i, s in enumerate(sents):
            if legal_flags[i] and (
                ht_flags[i]
                or (i > 0 and ht_flags[i - 1])
                or (i + 1 < len(sents) and ht_flags[i + 1])
            ):
                case_sents.append((s.start_char, s.end_char))
        strong = sum(1 for ev, ht in zip(event_flags, ht_flags, strict=True) if ev and ht)
        near_event = sum(
            1
            for i, ev in enumerate(event_flags)
            if ev
            and (
                ht_flags[i]
                or (i > 0 and ht_flags[i - 1])
                or (i + 1 < len(sents) and ht_flags[i + 1])
            )
        )
        # paragraph-level and document-level links: the trafficking term and the legal step in
        # the same paragraph, or the title/standfirst naming the topic and the body the step
        breaks = [m.end() for m in _PARA_BREAK.finditer(doc_text(doc))]
        para_of = [bisect.bisect_right(breaks, s.start_char) for s in sents]
        ht_paras = {para_of[i] for i, ht in enumerate(ht_flags) if ht}
        steps = [_took_step(s.text) for s in sents]
        para_event = sum(1 for i, st in enumerate(steps) if st and para_of[i] in ht_paras)
        doc_link = any(steps) and n_dis == 0 and topic_is_trafficking(doc_text(doc))
        linked = bool(para_event or doc_link)
        people: list[Person] = doc._.people or []
        accused = [p for p in people if p.status is not None and p.role in {None, "accused"}]
        charges: list[ChargeHit] = doc._.charges or []
        x = -2.2
        x += 1.3 * min(strong, 3)
        x += 0.4 * min(len(case_sents) - strong, 3)
        x += 0.6 if accused else 0.0
        x += 0.5 if charges else 0.0
        x += 0.25 * min(n_ht, 6)
        x -= 0.5 * min(n_dis, 6)
        if not accused:
            x -= 0.35 * min(n_policy, 6)
        if not near_event and linked:
            x += _LINK_WEIGHT
        if not near_event and not linked:
            x -= 1.5
        if n_ht == 0:
            x -= 3.0
        if not case_sents and not linked:
            x -= 2.0
        score = _sigmoid(x)
        doc._.case_score = score
        doc._.is_case = score >= self.threshold
        doc._.case_sentences = case_sents
        return doc
