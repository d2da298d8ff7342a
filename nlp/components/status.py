"""Legal status per person: link each mention to legal verbs through the dependency parse.

The furthest stage reported for a person in the text wins (see lexicon.STATUS_ORDER).
Pronoun subjects ("He was jailed") go to the most recently mentioned person; plural generic
subjects ("The defendants were convicted") give a document-level stage used for accused people
with no stage of their own.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Token

from tipwatch.nlp.components.base import Person, doc_text
from tipwatch.nlp.components.people import HARD_PROTECTED
from tipwatch.nlp.components.zones import LISTED
from tipwatch.nlp.lexicon import INTRANSITIVE_TRIGGERS, STATUS_ORDER, TRANSITIVE_TRIGGERS
from tipwatch.records import LegalStatus, Span

_NOUN_TRIGGERS: dict[str, LegalStatus] = {
    "arrest": LegalStatus.ARRESTED,
    "detention": LegalStatus.ARRESTED,
    "extradition": LegalStatus.ARRESTED,
    "charge": LegalStatus.CHARGED,
    "trial": LegalStatus.CHARGED,
    "indictment": LegalStatus.CHARGED,
    "prosecution": LegalStatus.CHARGED,
    "arraignment": LegalStatus.CHARGED,
    "conviction": LegalStatus.CONVICTED,
    "sentencing": LegalStatus.SENTENCED,
    "acquittal": LegalStatus.ACQUITTED,
    "warrant": LegalStatus.WANTED,
    "discharge": LegalStatus.DISCHARGED,
}
# "the case against X was dismissed", "withdrew the charges against X"
_CASE_NOUNS = {"case", "charge", "charges", "information", "complaint", "proceedings", "count"}
_DROP_VERBS = {"dismiss", "withdraw", "drop", "quash", "throw", "discontinue", "strike"}
_FILE_VERBS = {"file", "frame", "bring", "lay", "press", "prefer", "institute"}
_POLICE = {"police", "authorities", "custody", "officers", "officials", "agents", "investigators"}
_GENERIC_SUBJECTS = {
    "defendants",
    "accused",
    "men",
    "women",
    "pair",
    "couple",
    "trio",
    "gang",
    "suspects",
    "they",
    "them",
    "both",
    "all",
    "brothers",
    "sisters",
    "family",
    "traffickers",
    "smugglers",
    "offenders",
    "members",
    "others",
    "people",
    "individuals",
    "persons",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "two",
    "group",
    "ring",
}
_SENTENCE_WORDS = {
    "year",
    "years",
    "month",
    "months",
    "sentence",
    "jail",
    "prison",
    "life",
    "imprisonment",
    "term",
    "custody",
    "weeks",
    "order",
    "probation",
    "community",
}
_CHARGE_WORDS = {
    "charge",
    "charges",
    "count",
    "counts",
    "trial",
    "court",
    "allegation",
    "allegations",
    "offence",
    "offences",
    "offense",
    "offenses",
    "trafficking",
    "prison",
    "years",
    "sentence",
    "life",
    "accusation",
    "accusations",
    "prosecution",
    "magistrate",
    "judge",
    "jury",
    "extradition",
    "deportation",
}


def _subtree_lower(tok: Token) -> set[str]:
    return {t.lower_ for t in tok.subtree}


def _verb_status(verb: Token, role: str) -> LegalStatus | None:
    """Status that `verb` gives to its argument with grammatical role `role`
    ("subj" active subject, "obj" object or passive subject)."""
    lemma = verb.lemma_.lower()
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    # conditional or hypothetical: "if convicted, he faces ...", "could be sentenced"
    if any(
        (c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"})
        or (c.dep_ == "aux" and c.lower_ in {"could", "would", "might", "may", "should"})
        for c in verb.children
    ):
        return None
    # a future step is not yet taken: "they will be sentenced on June 26" (but "X will stand
    # trial" still reports a charge)
    if lemma in _SENTENCE_VERBS | {"convict"} and any(
        c.dep_ == "aux" and c.lower_ in {"will", "shall", "'ll"} for c in verb.children
    ):
        return None
    words = _subtree_lower(verb)
    children = {c.lower_ for c in verb.children}
    if lemma == "find" and role == "obj":
        if "guilty" in words:
            return LegalStatus.ACQUITTED if "not" in words else LegalStatus.CONVICTED
        return None
    if lemma == "declare" and role == "obj" and "wanted" in words:
        return LegalStatus.WANTED
    if lemma in {"change", "enter", "offer"} and role == "subj" and "plea" in words:
        if "guilty" in words and "not" not in words:
            return LegalStatus.CONVICTED
        return LegalStatus.CHARGED if "guilty" in words else None
    if lemma == "plead":
        if "guilty" not in words:
            return LegalStatus.CHARGED if role == "subj" else None
        return LegalStatus.CHARGED if "not" in words else LegalStatus.CONVICTED
    if role == "obj" and lemma in TRANSITIVE_TRIGGERS:
        status = TRANSITIVE_TRIGGERS[lemma]
        if lemma == "release" and (
            not words & {"insufficient", "lack", "without", "dropped", "no"} or "bail" in words
        ):
            return None
        if lemma == "clear" and "of" not in children and "of" not in words:
            return None
        if lemma == "hand":
            if words & _SENTENCE_WORDS and not words & _POLICE:
                return LegalStatus.SENTENCED
            if not words & _POLICE:
                return None
        if lemma == "want" and (
            verb.tag_ != "VBN"
            or any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
            or any(c.dep_ == "xcomp" for c in verb.children)
        ):
            return None  # "who had wanted to adopt X" is a wish, not a warrant
        if lemma in {"catch", "try"} and verb.tag_ != "VBN":
            return None
        if lemma == "accuse" and verb.tag_ != "VBN":
            return None
        return status
    if role == "subj" and lemma in INTRANSITIVE_TRIGGERS:
        status = INTRANSITIVE_TRIGGERS[lemma]
        if lemma in {"serve", "receive", "get"} and not words & _SENTENCE_WORDS:
            return None
        if lemma in {"face", "deny"} and not words & _CHARGE_WORDS:
            return None
        if lemma == "appear" and not words & {"court", "magistrate", "magistrates", "judge"}:
            return None
        if lemma == "stand" and "trial" not in words:
            return None
        if lemma == "escape" and not words & {"custody", "prison", "jail", "arrest"}:
            return None
        if lemma == "admit" and not words & (
            _CHARGE_WORDS | {"trafficking", "smuggling", "conspiracy", "offences"}
        ):
            return None
        return status
    # headline style "X charged with trafficking", no auxiliary
    if (
        role == "subj"
        and lemma in TRANSITIVE_TRIGGERS
        and verb.tag_ == "VBN"
        and not any(c.dep_ in {"dobj", "obj"} for c in verb.children)
    ):
        return _verb_status(verb, "obj")
    if lemma == "be" and role == "subj":
        if "custody" in words:
            return LegalStatus.ARRESTED
        if "large" in words or "run" in words or "wanted" in words:
            return LegalStatus.WANTED
        if "guilty" in words and "found" not in words:
            return LegalStatus.CONVICTED
    return None


def _verb_cluster(verb: Token) -> list[Token]:
    """The verb, its coordinated verbs and clausal complements ("arrested and charged")."""
    out = [verb]
    head = verb
    while head.dep_ == "conj" and head.head.pos_ in {"VERB", "AUX"}:
        head = head.head
        out.append(head)
    for v in list(out):
        for c in v.children:
            if c.dep_ in {"conj", "xcomp", "advcl"} and c.pos_ in {"VERB", "AUX"}:
                out.append(c)
                out.extend(cc for cc in c.children if cc.dep_ in {"conj", "xcomp"})
    return out


def _cluster_status(verb: Token, role: str) -> tuple[LegalStatus | None, list[Token]]:
    best: LegalStatus | None = None
    hits: list[Token] = []
    for v in _verb_cluster(verb):
        # in a cluster, coordinated verbs share the argument's role
        r = role
        if v is not verb and any(c.dep_ in {"nsubjpass", "auxpass"} for c in v.children):
            r = "obj"
        st = _verb_status(v, r)
        if st is None and v is not verb and r == "subj" and v.tag_ == "VBN":
            st = _verb_status(v, "obj")
        if st is not None:
            hits.append(v)
            if best is None or STATUS_ORDER[st] > STATUS_ORDER[best]:
                best = st
    return best, hits


def _listed_after(verb: Token) -> tuple[LegalStatus | None, list[Token]]:
    """The status named by a reduced relative in the subject: "[Others charged] include"."""
    for subj in verb.children:
        # the parser may hang "charged" on the verb ("Others [ccomp charged] include")
        if subj.dep_ not in {"nsubj", "nsubjpass", "ccomp", "csubj"} or subj.i > verb.i:
            continue
        for t in subj.subtree:
            if (
                t.tag_ == "VBN"
                and t.dep_ in {"acl", "amod", "relcl", "ccomp", "csubj"}
                and t.lemma_.lower() in TRANSITIVE_TRIGGERS
                and t.lemma_.lower() not in {"want", "try", "catch", "accuse", "release", "hand"}
            ):
                return TRANSITIVE_TRIGGERS[t.lemma_.lower()], [t]
    return None, []


def _along_with(prep: Token) -> bool:
    """ "along with", "together with" (not a plain "with": "charged with trafficking")."""
    near = [prep.head, *prep.children]
    if prep.i > 0:
        near.append(prep.doc[prep.i - 1])
    return any(t.lower_ in {"along", "together", "alongside"} for t in near)


def token_status(tok: Token) -> tuple[LegalStatus | None, list[Token]]:
    """Status given to the noun phrase headed by `tok`, and the trigger tokens."""
    cur = tok
    steps = 0
    while cur.dep_ in {"compound", "appos", "conj", "flat", "amod", "nummod"} and steps < 6:
        if cur.head is cur:
            break
        cur = cur.head
        steps += 1
    best: LegalStatus | None = None
    hits: list[Token] = []

    def take(st: LegalStatus | None, trig: list[Token]) -> None:
        nonlocal best
        if st is not None and (best is None or STATUS_ORDER[st] > STATUS_ORDER[best]):
            best = st
        hits.extend(trig)

    head = cur.head
    dep = cur.dep_
    # "the suspect, identified as X, was apprehended": X stands for the noun it names
    if (
        dep == "pobj"
        and head.lower_ == "as"
        and head.head.lemma_.lower() in {"identify", "name"}
        and head.head.dep_ in {"acl", "relcl"}
        and head.head.head.pos_ in {"NOUN", "PROPN"}
        and steps < 6
    ):
        noun = head.head.head
        st, trig = token_status(noun) if noun.i != tok.i else (None, [])
        take(st, trig)
    if dep in {"dobj", "obj", "attr"} and head.lemma_ in {"include", "be"}:
        # "Others charged include A, B and C", "Those convicted were A and B"
        take(*_listed_after(head))
    if dep in {"nsubjpass", "nsubj:pass", "dobj", "obj"} and head.pos_ in {"VERB", "AUX"}:
        take(*_cluster_status(head, "obj"))
    elif dep == "nsubj" and head.lower_ == "guilty" and head.head.lemma_ == "find":
        # "a jury found X guilty" / "found X not guilty"
        negated = any(c.dep_ == "neg" for c in head.children)
        take(LegalStatus.ACQUITTED if negated else LegalStatus.CONVICTED, [head.head, head])
    elif dep == "nsubj" and head.dep_ == "auxpass" and head.head.pos_ == "VERB":
        # inverted passive: "Charged before the court were X and Y"
        take(*_cluster_status(head.head, "obj"))
    elif dep == "nsubj" and head.pos_ in {"VERB", "AUX"}:
        take(*_cluster_status(head, "subj"))
    elif dep == "pobj" and head.lower_ in {"of", "against", "for"} and head.head.pos_ == "NOUN":
        noun = head.head
        st = _case_noun_status(noun) if head.lower_ == "against" else None
        if st is None:
            st = _NOUN_TRIGGERS.get(noun.lemma_.lower())
        if st is None:
            # "the discharge application of X"
            st = next(
                (
                    _NOUN_TRIGGERS[c.lemma_.lower()]
                    for c in noun.children
                    if c.dep_ == "compound" and c.lemma_.lower() in _NOUN_TRIGGERS
                ),
                None,
            )
        if st is not None:
            take(st, [noun])
    elif dep == "pobj" and head.lower_ == "by" and head.head.lemma_ == "plead":
        pass
    elif dep == "pobj" and head.lower_ == "with" and _along_with(head):
        # "X was found guilty along with Y and Z": a co-defendant shares the step
        verb = head.head
        while verb.pos_ not in {"VERB", "AUX"} and verb.head is not verb:
            verb = verb.head
        if verb.pos_ in {"VERB", "AUX"}:
            passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
            take(*_cluster_status(verb, "obj" if passive else "subj"))
    # "X, who was jailed ...", "X, who pleaded guilty"
    for child in cur.children:
        if child.dep_ == "relcl":
            passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in child.children)
            take(*_cluster_status(child, "obj" if passive else "subj"))
        if child.dep_ == "acl" and child.tag_ == "VBN":  # "X, charged with ..."
            take(*_cluster_status(child, "obj"))
    return best, hits


def _case_noun_status(noun: Token) -> LegalStatus | None:
    """ "the case against X was dismissed" -> discharged; "filed charges against X" -> charged."""
    if noun.lemma_.lower() not in _CASE_NOUNS and noun.lower_ not in _CASE_NOUNS:
        return None
    verb = noun.head
    if noun.dep_ in {"nsubjpass", "dobj", "obj", "nsubj:pass"} and verb.pos_ == "VERB":
        lemma = verb.lemma_.lower()
        if any(c.dep_ == "neg" for c in verb.children):
            return None
        if lemma in _DROP_VERBS:
            return LegalStatus.DISCHARGED
        if lemma in _FILE_VERBS:
            return LegalStatus.CHARGED
    return None


_WANTED_CUE = re.compile(
    r"\b(?:fugitive|wanted (?:man|woman|suspect|person)|at large)\b[^.;]{0,25}$", re.I
)
_SENTENCE_VERBS = {"sentence", "jail", "imprison"}


def _description_sentenced(doc: Doc, mask: list[int]) -> list[Token]:
    """Sentencing verbs whose object is a description, not a name or a pronoun:
    "the court sentenced the owner of the bar to life", "the agent was jailed"."""
    out: list[Token] = []
    for tok in doc:
        if mask[tok.i] == LISTED or tok.lemma_.lower() not in _SENTENCE_VERBS:
            continue
        if tok.pos_ != "VERB" or _verb_status(tok, "obj") is None:
            continue
        for c in tok.children:
            if (
                c.dep_ in {"dobj", "obj", "nsubjpass"}
                and c.pos_ == "NOUN"
                and c.lower_ not in _GENERIC_SUBJECTS
                and c.tag_ != "NNS"
            ):
                out.append(tok)
    return out


def _sentence_by_description(doc: Doc, people: list[Person], mask: list[int]) -> None:
    """A sentence reported for "the owner"/"the agent" belongs to the one convicted person."""
    events = _description_sentenced(doc, mask)
    if not events:
        return
    convicted = [
        p for p in people if p.status is LegalStatus.CONVICTED and p.role not in HARD_PROTECTED
    ]
    if len(convicted) == 1:
        _set_status(convicted[0], LegalStatus.SENTENCED, _evidence(events[:1]))


def _set_status(person: Person, st: LegalStatus, evidence: list[Span]) -> None:
    if person.status is None or STATUS_ORDER[st] > STATUS_ORDER[person.status]:
        person.status = st
    person.status_evidence.extend(evidence)


def _evidence(hits: list[Token]) -> list[Span]:
    return [(t.idx, t.idx + len(t.text)) for t in hits]


@Language.factory(
    "tipwatch_status",
    requires=["doc._.people", "token.dep", "doc._.prose_mask"],
    assigns=["doc._.people"],
)
def make_status(nlp: Language, name: str) -> StatusLinker:
    return StatusLinker()


class StatusLinker:
    def __call__(self, doc: Doc) -> Doc:
        people: list[Person] = doc._.people or []
        mask = doc._.prose_mask or [2] * len(doc)
        owner: dict[int, Person] = {}
        for person in people:
            for start, end in person.mentions:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None or mask[span.start] == LISTED:
                    continue
                owner[span.root.i] = person
                for t in span:
                    owner.setdefault(t.i, person)
                # every token attached outside the span ("Ma. Cristina Ebol" may parse as two)
                heads = [t for t in span if t.head.i not in range(span.start, span.end)]
                for head_tok in heads or [span.root]:
                    if head_tok.is_punct:
                        continue
                    st, hits = token_status(head_tok)
                    if st is not None:
                        _set_status(person, st, _evidence(hits) + [(start, end)])
        doc_best: LegalStatus | None = None
        doc_best_ev: list[Span] = []
        last: Person | None = None
        for tok in doc:
            if mask[tok.i] == LISTED:
                continue
            if tok.i in owner:
                if owner[tok.i].role not in HARD_PROTECTED:
                    last = owner[tok.i]
                continue
            low = tok.lower_
            if tok.pos_ == "PRON" and low in {"he", "she", "him", "her"}:
                if last is None:
                    continue
                st, hits = token_status(tok)
                if st is not None:
                    _set_status(last, st, _evidence(hits))
            elif low in _GENERIC_SUBJECTS and tok.pos_ in {"NOUN", "PRON", "NUM", "DET"}:
                st, hits = token_status(tok)
                if st is not None and (
                    doc_best is None or STATUS_ORDER[st] > STATUS_ORDER[doc_best]
                ):
                    doc_best = st
                    doc_best_ev = _evidence(hits)
        _sentence_by_description(doc, people, mask)
        for person in people:
            # "identified the fugitive as X", "the wanted man, X"
            if person.status is None and any(
                _WANTED_CUE.search(doc_text(doc)[max(0, s - 40) : s]) for s, _e in person.mentions
            ):
                person.status = LegalStatus.WANTED
                person.status_evidence.extend(person.mentions[:1])
        for person in people:
            if (
                person.status is None
                and doc_best is not None
                and (person.accused_evidence or person.age is not None)
            ):
                person.status = doc_best
                person.status_evidence.extend(doc_best_ev)
        return doc
