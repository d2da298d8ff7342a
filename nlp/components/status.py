"""Legal status per person: link each mention to legal verbs through the dependency parse.

The furthest stage reported for a person in the text wins (`LEGAL_STATUSES.further`).
Pronoun subjects ("He was jailed") go to the most recently mentioned person; plural generic
subjects ("The defendants were convicted") give a document-level stage used for accused people
with no stage of their own. Which verb gives which stage, and the words the walk looks for,
are the language's (`LanguageSupport.status`); the dependency labels are those of the
language's spaCy model.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as Span_

from tipwatch.domain.legal_status import LEGAL_STATUSES
from tipwatch.nlp.components.base import Person, doc_text, headline_span
from tipwatch.nlp.components.introduced import ACCUSED, introduced_in
from tipwatch.nlp.components.status_dates import attach_status_dates
from tipwatch.nlp.components.zones import LISTED
from tipwatch.nlp.lang import LanguageSupport, support_for
from tipwatch.nlp.lang.rules import StatusRules
from tipwatch.records import LegalStatus, Span

# passive markers and relative clauses: ClearNLP labels (English) and Universal Dependencies
# ones (French)
_PASSIVE = frozenset({"nsubjpass", "auxpass", "nsubj:pass", "aux:pass"})
_RELCL = frozenset({"relcl", "acl:relcl"})
# the codes courts give victims whose names they withhold: "AAA", "BBB", "AAA262197"
_PSEUDONYM_CODE = re.compile(r"^([A-Z])\1\1\d*$")


def _past_participle(tok: Token) -> bool:
    """A past participle: the Penn tag VBN, or (models with no Penn tags) the morphology."""
    if tok.tag_ == "VBN":
        return True
    return (
        tok.tag_ == tok.pos_
        and tok.morph.get("VerbForm", []) == ["Part"]
        and tok.morph.get("Tense", []) == ["Past"]
    )


def _verb_cluster(
    verb: Token,
    done_preps: frozenset[str] = frozenset(),
    distributive: frozenset[str] = frozenset(),
) -> list[Token]:
    """The verb, its coordinated verbs and clausal complements ("arrested and charged"), and
    a step in a gerund clause after one of `done_preps` ("fired after being charged")."""
    out = [verb]
    head = verb
    while head.dep_ == "conj" and head.head.pos_ in {"VERB", "AUX"}:
        head = head.head
        out.append(head)
    for v in list(out):
        for c in v.children:
            if c.dep_ == "conj" and c.lower_ in distributive:
                # "were convicted and each sentenced to 180 months": the parse hangs the second
                # participle on the distributive word
                out.extend(g for g in c.children if g.dep_ == "acl" and g.pos_ == "VERB")
            if c.dep_ in {"conj", "xcomp", "advcl"} and c.pos_ in {"VERB", "AUX"}:
                if c.dep_ == "conj" and _own_subject(c):
                    # "police rescued X, and her trafficker was found guilty": another clause
                    continue
                out.append(c)
                out.extend(
                    cc
                    for cc in c.children
                    if cc.dep_ in {"conj", "xcomp"} and not (cc.dep_ == "conj" and _own_subject(cc))
                )
    # "X was cleared of raping A but convicted of ...": the parser hangs the second participle
    # on the first verb's gerund; it is the person's step all the same
    for p in verb.children:
        if p.dep_ != "prep":
            continue
        if p.lower_ in done_preps:
            out.extend(
                g
                for g in p.children
                if g.dep_ == "pcomp" and g.pos_ == "VERB" and not _own_subject(g)
            )
        for g in p.children:
            if g.dep_ != "pcomp" or g.pos_ != "VERB":
                continue
            out.extend(
                cc
                for cc in g.children
                if cc.dep_ == "conj" and _past_participle(cc) and not _own_subject(cc)
            )
    return out


def _unreal(lang: LanguageSupport, verb: Token) -> bool:
    """A negated or hypothetical verb ("should be allowed to", "did not agree to"): its
    complement reports no step taken ("will continue to stand trial" still does)."""
    return any(
        c.dep_ == "neg"
        or c.morph.get("Polarity", []) == ["Neg"]
        or (c.dep_ in {"aux", "aux:pass"} and c.lower_ in lang.status.hypothetical_modals)
        for c in verb.children
    )


def _custody(lang: LanguageSupport, doc: Doc, person: Person, mask: list[int]) -> None:
    """Held by the authorities, for a person no other step was read for: the verb a mention is
    the subject or object of, or that verb's complement ("was ordered to remain in custody")."""
    read = lang.status.custody_status
    if read is None:
        return
    for start, end in person.mentions:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or mask[span.start] == LISTED:
            continue
        root = span.root
        for _ in range(4):
            # "A and B were taken into custody": B's verb is A's; so is that of "A and his
            # brother B" (B in apposition to a noun that is A's conjunct)
            if root.dep_ not in {"conj", "appos"} or root.head.pos_ not in {"PROPN", "NOUN"}:
                break
            root = root.head
        if root.dep_ in {"nsubj", "nsubjpass", "nsubj:pass"}:
            role = "obj" if root.dep_ != "nsubj" else "subj"
        elif root.dep_ in {"dobj", "obj"}:
            role = "obj"
        else:
            continue
        verb = root.head
        # the verb's complement ("was ordered to remain in custody") and, for a subject, a
        # verb coordinated with it that has no subject of its own ("lost their appeal and
        # will remain in detention")
        others = [(c, "subj") for c in verb.children if c.dep_ == "xcomp"]
        if role == "subj":
            others += [
                (c, "subj")
                for c in verb.children
                if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} and not _own_subject(c)
            ]
        for v, r in [(verb, role), *others]:
            st = read(lang, v, r) if not _unreal(lang, v) else None
            if st is not None:
                _set_status(person, st, _evidence([v]) + [(start, end)])
                return


def _at_large(
    lang: LanguageSupport, doc: Doc, people: list[Person], protected: frozenset[str]
) -> None:
    """A text about one charged person that says they are at large ("on the run for three
    years, now on the Ten Most Wanted list ... X, who was charged in 2019") and tells of no
    capture: X is wanted, the stage the text leaves them at."""
    rules = lang.status
    if rules.at_large is None or rules.captured is None:
        return
    stepped = [p for p in people if p.status is not None and p.role not in protected]
    if len({p.name for p in stepped}) != 1 or stepped[0].status is not LegalStatus.CHARGED:
        return
    text = doc_text(doc)
    found = rules.at_large.search(text)
    if found is None or rules.captured.search(text):
        return
    for person in stepped:
        person.status = LegalStatus.WANTED
        person.status_evidence.append((found.start(), found.end()))


def _accused(person: Person) -> bool:
    return person.role == "accused" or bool(person.accused_evidence)


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass", "nsubj:pass", "expl"} for c in verb.children)


def _cluster_status(
    lang: LanguageSupport, verb: Token, role: str
) -> tuple[LegalStatus | None, list[Token]]:
    best: LegalStatus | None = None
    hits: list[Token] = []
    for v in _verb_cluster(verb, lang.status.done_step_preps, lang.status.distributive_words):
        # in a cluster, coordinated verbs share the argument's role
        r = role
        if (
            v.dep_ == "xcomp"
            and v.head.pos_ in {"VERB", "AUX"}
            and v.head.lemma_.lower() in lang.status.intent_verbs
        ):
            continue  # "has agreed to receive a sentence", "is expected to be charged"
        if v is not verb and any(c.dep_ in _PASSIVE for c in v.children):
            r = "obj"
        elif v.dep_ == "xcomp" and v.head.pos_ in {"VERB", "AUX"}:
            # "the judge ordered X to serve ten years", "X was ordered to serve": the one the
            # order controls does the complement; the one who orders does not
            with_object = any(c.dep_ in {"dobj", "obj"} for c in v.head.children)
            if (role == "subj" and with_object) or _unreal(lang, v.head):
                continue
            if role == "obj":
                r = "subj"
        st = lang.status.verb_status(lang, v, r)
        if st is None and v is not verb and r == "subj" and _past_participle(v):
            st = lang.status.verb_status(lang, v, "obj")
        if st is not None:
            hits.append(v)
            if LEGAL_STATUSES.further(best, st):
                best = st
    return best, hits


def _listed_after(lang: LanguageSupport, verb: Token) -> tuple[LegalStatus | None, list[Token]]:
    triggers = lang.lexicon.transitive_triggers
    """The status named by a reduced relative in the subject: "[Others charged] include"."""
    for subj in verb.children:
        # the parser may hang "charged" on the verb ("Others [ccomp charged] include")
        if subj.dep_ not in {"nsubj", "nsubjpass", "ccomp", "csubj"} or subj.i > verb.i:
            continue
        for t in subj.subtree:
            if (
                t.tag_ == "VBN"
                and t.dep_ in {"acl", "amod", "relcl", "ccomp", "csubj"}
                and t.lemma_.lower() in triggers
                and t.lemma_.lower() not in lang.status.unlisted_triggers
            ):
                return triggers[t.lemma_.lower()], [t]
    return None, []


def _along_with(lang: LanguageSupport, prep: Token) -> bool:
    """ "along with", "together with" (not a plain "with": "charged with trafficking")."""
    near = [prep.head, *prep.children]
    if prep.i > 0:
        near.append(prep.doc[prep.i - 1])
    return any(t.lower_ in lang.status.along_words for t in near)


def _coordinated_nmod(tok: Token) -> bool:
    """Two names joined by "and" that a small model parsed as a modifier of the second ("A
    and B": A `nmod` of B): a conjunct."""
    head = tok.head
    if tok.dep_ != "nmod" or tok.pos_ != "PROPN" or head.pos_ != "PROPN" or head.i <= tok.i:
        return False
    return any(t.dep_ == "cc" for t in tok.doc[tok.i + 1 : head.i])


def _named_object_before(verb: Token, i: int) -> bool:
    """Has `verb` a proper-noun object before token `i` ("jailed A for ten years and B ...")?
    Then a name the parse joined to the verb or its first term after it is a gapped object."""
    return any(c.dep_ in {"dobj", "obj"} and c.pos_ == "PROPN" and c.i < i for c in verb.children)


def token_status(lang: LanguageSupport, tok: Token) -> tuple[LegalStatus | None, list[Token]]:
    """Status given to the noun phrase headed by `tok`, and the trigger tokens."""
    rules = lang.status
    cur = tok
    steps = 0
    via_conj = False
    while (
        cur.dep_ in {"compound", "appos", "conj", "flat", "amod", "nummod"}
        or _coordinated_nmod(cur)
    ) and steps < 6:
        if cur.head.i == cur.i:
            break
        via_conj = via_conj or cur.dep_ in {"conj", "nmod"}
        cur = cur.head
        steps += 1
    best: LegalStatus | None = None
    hits: list[Token] = []

    def take(st: LegalStatus | None, trig: list[Token]) -> None:
        nonlocal best
        if st is not None and LEGAL_STATUSES.further(best, st):
            best = st
        hits.extend(trig)

    head = cur.head
    dep = cur.dep_
    if via_conj and cur.pos_ == "VERB" and _named_object_before(cur, tok.i):
        # "jailed A for ten years and B for seven": B parsed as a conjunct of the verb
        take(*_cluster_status(lang, cur, "obj"))
    # "the suspect, identified as X, was apprehended": X stands for the noun it names
    if (
        dep == "pobj"
        and head.lower_ == rules.identified_as
        and head.head.lemma_.lower() in rules.identify_lemmas
        and head.head.dep_ in {"acl", "relcl"}
        and head.head.head.pos_ in {"NOUN", "PROPN"}
        and steps < 6
    ):
        noun = head.head.head
        st, trig = token_status(lang, noun) if noun.i != tok.i else (None, [])
        take(st, trig)
        if noun.lower_ in rules.convict_nouns:
            take(LegalStatus.CONVICTED, [noun])  # "the convict, identified as X"
    listed = introduced_in(lang, tok.doc, tok.idx)
    if listed is not None and listed.kind == ACCUSED and listed.group != tok.i:
        # "The arrested accused were identified as A, B and C", "arrested three traffickers
        # including A and B": the group's step (its items are read from the text: a long list
        # of names is parsed badly)
        if listed.step is not None:
            take(listed.step, [tok.doc[i] for i in listed.triggers])
        else:
            take(*token_status(lang, tok.doc[listed.group]))
    if dep in {"dobj", "obj", "attr"} and head.lemma_ in rules.listing_lemmas:
        # "Others charged include A, B and C", "Those convicted were A and B"
        take(*_listed_after(lang, head))
    if (
        dep in {"nsubjpass", "nsubj:pass", "dobj", "obj"}
        or (dep == "dative" and head.lemma_.lower() in rules.dative_triggers)
    ) and head.pos_ in {"VERB", "AUX"}:
        # (a dative of a verb that gives a sentence: "the judge gave X ten years"; not "X
        # charged them 50 pounds")
        take(*_cluster_status(lang, head, "obj"))
    elif (
        dep == "nsubj"
        and head.lower_ == rules.verdict_word
        and head.head.lemma_ == rules.verdict_verb
    ):
        # "a jury found X guilty" / "found X not guilty"
        take(_verdict(head), [head.head, head])
    elif (
        dep == "nsubj"
        and head.lower_ == rules.verdict_word
        and head.pos_ == "ADJ"
        and not any(c.dep_ in {"cop", "aux", "auxpass"} for c in head.children)
    ):
        # a headline's verdict with no verb: "X guilty of trafficking offence"
        take(_verdict(head), [head])
    elif dep == "poss" and head.pos_ == "NOUN" and head.lemma_.lower() in rules.noun_triggers:
        # "X's trial", "upholds X's sex trafficking conviction", "her detention"; "X's
        # sentencing" is the hearing to come ("is set for May"): convicted, not yet sentenced
        take(_hearing_noun_status(rules, head), [head])
    elif dep == "nsubj" and head.dep_ == "auxpass" and head.head.pos_ == "VERB":
        # inverted passive: "Charged before the court were X and Y"
        take(*_cluster_status(lang, head.head, "obj"))
    elif dep == "nsubj" and head.pos_ in {"VERB", "AUX"}:
        take(*_cluster_status(lang, head, "subj"))
    elif dep == "nsubj" and any(c.dep_ == "cop" for c in head.children):
        # Universal Dependencies copula: a participle parsed as the predicate noun or adjective
        # ("X fue [cop] absuelto"); the language's `verb_status` reads it as the verb
        take(*_cluster_status(lang, head, "subj"))
    elif (
        dep == "pobj"
        and head.lower_ == rules.against_prep
        and head.head.lemma_.lower() in rules.verdict_nouns
        and not any(t.lower_ in {"not", "acquittal", "acquitted"} for t in head.head.subtree)
        and not (head.head.head.pos_ == "VERB" and _unreal(lang, head.head.head))
    ):
        # "handed down the verdict against X", "the conviction against X"
        take(LegalStatus.CONVICTED, [head.head])
    elif dep == "pobj" and head.lower_ in rules.noun_preps and head.head.pos_ == "NOUN":
        noun = head.head
        st = _case_noun_status(lang, noun) if head.lower_ == rules.against_prep else None
        if st is None:
            st = _hearing_noun_status(rules, noun)
        if st is None:
            # "the discharge application of X"
            st = next(
                (
                    _hearing_noun_status(rules, c)
                    for c in noun.children
                    if c.dep_ == "compound" and c.lemma_.lower() in rules.noun_triggers
                ),
                None,
            )
        if st is not None:
            take(st, [noun])
    elif dep == "nmod" and head.pos_ == "NOUN" and _case_marker(cur) in rules.noun_preps:
        # Universal Dependencies: "l'arrestation de X", "un mandat d'arrêt contre X" (the
        # preposition is the name's `case` child, not its head)
        noun = head
        prep = _case_marker(cur)
        st = _case_noun_status(lang, noun) if prep == rules.against_prep else None
        if st is None:
            st = _hearing_noun_status(rules, noun)
        if st is not None:
            take(st, [noun])
    elif (
        dep == "pobj"
        and via_conj
        and head.dep_ == "prep"
        and head.head.pos_ == "VERB"
        and _named_object_before(head.head, head.i)
    ):
        # a gapped verb: "sentenced A to life and B to ten years", "jailed A for ten years
        # and B for seven": the parse joins B to the first term, B is the verb's object too
        take(*_cluster_status(lang, head.head, "obj"))
    elif dep == "pobj" and head.lower_ == rules.against_prep and head.head.pos_ == "VERB":
        # "a case has been registered against X" with "against" on the verb, not the noun
        verb = head.head
        for noun in verb.children:
            if noun.dep_ in {"nsubjpass", "nsubj:pass", "dobj", "obj"}:
                st = _case_noun_status(lang, noun)
                if st is not None and not _unreal(lang, verb):
                    take(st, [noun, verb])
                    break
    elif (
        dep == "pobj"
        and rules.penalty_prep
        and head.lower_ == rules.penalty_prep
        and head.head.lemma_.lower() in rules.impose_lemmas
        and head.head.pos_ == "VERB"
        and not _unreal(lang, head.head)
        and any(
            c.dep_ in {"dobj", "obj"} and c.lemma_.lower() in rules.penalty_nouns
            for c in head.head.children
        )
    ):
        # "the court imposed a fine of Rs 20,000 on X": a penalty is a sentence
        take(LegalStatus.SENTENCED, [head.head])
    elif dep == "pobj" and head.lower_ == rules.with_prep and _along_with(lang, head):
        # "X was found guilty along with Y and Z": a co-defendant shares the step
        verb = head.head
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        if verb.pos_ in {"VERB", "AUX"}:
            passive = any(c.dep_ in _PASSIVE for c in verb.children)
            take(*_cluster_status(lang, verb, "obj" if passive else "subj"))
    for child in cur.children:
        if child.dep_ == "amod" and child.lower_ == rules.verdict_word and child.i > cur.i:
            # a headline's verdict parsed as the name's modifier: "X guilty of trafficking"
            take(_verdict(child), [child])
    # "convicted sex trafficker X", "jailed gang leader X": a participle on the noun X stands by
    if cur.i != tok.i and cur.pos_ == "NOUN":
        for child in cur.children:
            if child.dep_ == "amod" and child.i < cur.i and _past_participle(child):
                take(rules.verb_status(lang, child, "obj"), [child])
    if cur.i != tok.i and cur.lower_ in rules.convict_nouns and cur.pos_ == "NOUN":
        take(LegalStatus.CONVICTED, [cur])  # "the convict, X"
    # "X, who was jailed ...", "X, who pleaded guilty"; "the accused, X, who is absconding"
    # (the clause on the name the parse put in apposition)
    rel_owners = [cur] + ([tok] if tok.dep_ == "appos" and tok.head.i == cur.i else [])
    for child in (c for owner in rel_owners for c in owner.children):
        if child.dep_ in rules.relative_deps or child.dep_ in _RELCL:
            passive = any(c.dep_ in _PASSIVE for c in child.children)
            take(*_cluster_status(lang, child, "obj" if passive else "subj"))
        if child.dep_ == "acl" and _past_participle(child):  # "X, charged with ..."
            take(*_cluster_status(lang, child, "obj"))
        # "X, the pastor facing trafficking charges", "X, the man arrested on Monday": the
        # participle on X's apposition
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            for acl in child.children:
                if acl.dep_ == "acl" and acl.pos_ == "VERB":
                    take(*_cluster_status(lang, acl, "obj" if _past_participle(acl) else "subj"))
    return best, hits


def _hearing_noun_status(rules: StatusRules, noun: Token) -> LegalStatus | None:
    """The status a legal noun gives the person it is about: "X's trial", "the arrest of X";
    "X's sentencing", "sentencing hearings for X" is the hearing to come (convicted, not yet
    sentenced)."""
    st = rules.noun_triggers.get(noun.lemma_.lower())
    if (
        st is LegalStatus.ARRESTED
        and noun.dep_ == "pobj"
        and noun.head.lower_ == "for"
        and rules.noun_triggers.get(noun.head.head.lemma_.lower()) is LegalStatus.WANTED
    ):
        return LegalStatus.WANTED  # "a warrant for X's arrest": X is sought, not held
    return LegalStatus.CONVICTED if st is LegalStatus.SENTENCED else st


def _verdict(word: Token) -> LegalStatus:
    """The verdict a "guilty" states: acquitted when negated ("not guilty")."""
    negated = any(c.dep_ == "neg" for c in word.children)
    return LegalStatus.ACQUITTED if negated else LegalStatus.CONVICTED


def _case_marker(tok: Token) -> str:
    """The preposition a Universal Dependencies parse hangs on a noun as its `case` child."""
    return next((c.lower_ for c in tok.children if c.dep_ == "case"), "")


def _case_noun_status(lang: LanguageSupport, noun: Token) -> LegalStatus | None:
    """ "the case against X was dismissed" -> discharged; "filed charges against X" -> charged."""
    rules = lang.status
    if noun.lemma_.lower() not in rules.case_nouns and noun.lower_ not in rules.case_nouns:
        return None
    verb = noun.head
    if noun.dep_ in {"nsubjpass", "dobj", "obj", "nsubj:pass"} and verb.pos_ == "VERB":
        lemma = verb.lemma_.lower()
        if any(c.dep_ == "neg" for c in verb.children):
            return None
        if lemma in rules.drop_verbs:
            return LegalStatus.DISCHARGED
        if lemma in rules.file_verbs:
            return LegalStatus.CHARGED
    return None


def _description_sentenced(lang: LanguageSupport, doc: Doc, mask: list[int]) -> list[Token]:
    """Sentencing verbs whose object is a description, not a name or a pronoun:
    "the court sentenced the owner of the bar to life", "the agent was jailed"."""
    out: list[Token] = []
    for tok in doc:
        if mask[tok.i] == LISTED or tok.lemma_.lower() not in lang.status.sentence_verbs:
            continue
        if tok.pos_ != "VERB" or lang.status.verb_status(lang, tok, "obj") is None:
            continue
        for c in tok.children:
            if (
                c.dep_ in {"dobj", "obj", "nsubjpass", "nsubj:pass"}
                and c.pos_ == "NOUN"
                and c.lower_ not in lang.status.generic_subjects
                and c.tag_ != "NNS"
            ):
                out.append(tok)
    return out


def _sentence_by_description(
    lang: LanguageSupport, doc: Doc, people: list[Person], mask: list[int]
) -> None:
    """A sentence reported for "the owner"/"the agent" belongs to the one convicted person."""
    events = _description_sentenced(lang, doc, mask)
    if not events:
        return
    convicted = [
        p
        for p in people
        if p.status is LegalStatus.CONVICTED and p.role not in lang.lexicon.never_perpetrator_roles
    ]
    if len(convicted) == 1:
        _set_status(convicted[0], LegalStatus.SENTENCED, _evidence(events[:1]))


_SHORT_TEXT_SENTENCES = 8


def _sole_person_by_description(
    lang: LanguageSupport, doc: Doc, people: list[Person], mask: list[int]
) -> None:
    """A brief that names one person and reports the step of "the television star", "the
    former coach" or, in its headline, "slavery boss given suspended sentence": in so short a
    text the description is that person (the furthest step wins)."""
    protected = lang.lexicon.never_perpetrator_roles
    named = [p for p in people if p.role not in protected]
    if len(named) != 1:
        return
    if sum(1 for _ in doc.sents) > _SHORT_TEXT_SENTENCES:
        return
    skip = lang.lexicon.protected_role_words | protected | lang.status.generic_subjects
    head = headline_span(doc_text(doc))
    for tok in doc:
        # a headline drops the article: "Carlisle modern slavery boss given suspended sentence"
        in_headline = head is not None and head[0] <= tok.idx < head[1]
        if (
            mask[tok.i] == LISTED
            or tok.pos_ != "NOUN"
            or tok.dep_ not in {"nsubj", "nsubjpass", "nsubj:pass", "ROOT"}
            or (tok.dep_ == "ROOT" and not in_headline)
            or tok.lower_ in skip
            or tok.morph.get("Number", []) == ["Plur"]
            or not (
                in_headline
                or any(
                    c.dep_ == "det" and c.morph.get("Definite", []) == ["Def"] for c in tok.children
                )
            )
        ):
            continue
        st, hits = token_status(lang, tok)
        if st is not None:
            _set_status(named[0], st, _evidence(hits))


def _described_by_apposition(
    lang: LanguageSupport, doc: Doc, people: list[Person], owner: dict[int, Person], mask: list[int]
) -> None:
    """ "A federal judge sentenced a former Florida tax collector" and "X, a former Seminole
    County tax collector, ...": a step reported for a description belongs to the one person
    the text gives that noun in apposition (the furthest step wins). Nouns any person may be
    described by ("man", "woman", "suspect") are left to the other readings."""
    protected = lang.lexicon.never_perpetrator_roles
    skip = (
        lang.lexicon.protected_role_words
        | protected
        | lang.status.generic_subjects
        | lang.status.lead_description_nouns
    )
    described: dict[str, list[Person]] = {}
    for tok in doc:
        if tok.dep_ != "appos" or tok.pos_ != "NOUN" or tok.head.i not in owner:
            continue
        person = owner[tok.head.i]
        key = tok.lemma_.lower()
        if person.role in protected or key in skip:
            continue
        if all(p is not person for p in described.setdefault(key, [])):
            described[key].append(person)
    if not described:
        return
    for tok in doc:
        if (
            tok.i in owner
            or mask[tok.i] == LISTED
            or tok.dep_ == "appos"
            or tok.pos_ not in {"NOUN", "PROPN"}
            or tok.ent_type_ == "PERSON"
        ):
            continue
        persons = described.get(tok.lemma_.lower()) or described.get(tok.lower_)
        if persons is None or len(persons) != 1:
            continue
        st, hits = token_status(lang, tok)
        if st is not None and hits:
            _set_status(persons[0], st, _evidence(hits))


_LEAD_SENTENCES = 3


def _lead_description(
    lang: LanguageSupport, doc: Doc, owner: dict[int, Person], mask: list[int]
) -> None:
    """The lead's "a <place> man pleaded guilty" is the first person named in the sentence
    after it ("X, 29, admitted ..."), when that person is named there as the subject or with
    an age and is no official, victim or witness. `owner`: the person each token of a
    mention names (`StatusLinker`)."""
    nouns = lang.status.lead_description_nouns
    if not nouns:
        return
    protected = lang.lexicon.never_perpetrator_roles
    sents = [s for s in list(doc.sents)[: _LEAD_SENTENCES + 1] if s.text.strip()]
    for i, sent in enumerate(sents[:_LEAD_SENTENCES]):
        if any(t.i in owner for t in sent):
            return  # the lead names someone itself: nothing is described for later
        for tok in sent:
            # "An Annandale, Virginia, man was sentenced": the parse makes the noun the
            # apposition of the place, which takes the subject's place and the article
            subj = tok.head if tok.dep_ == "appos" and tok.head.pos_ == "PROPN" else tok
            if (
                mask[tok.i] == LISTED
                or tok.pos_ != "NOUN"
                or tok.lower_ not in nouns
                or subj.dep_ not in {"nsubj", "nsubjpass", "nsubj:pass"}
                or not (
                    any(
                        c.dep_ == "det" and c.morph.get("Definite", []) == ["Ind"]
                        for c in subj.children
                    )
                    # "An" before a place, parsed as part of its name
                    or subj.left_edge.lower_ in lang.status.indefinite_articles
                )
            ):
                continue
            st, hits = token_status(lang, tok)
            if st is None:
                continue
            # the next sentence naming anyone ("Bronx Man Pleads Guilty" / "A Bronx man
            # pleaded guilty Tuesday ..." / "X, 29, admitted ...")
            named = next(
                (
                    [t for t in nxt if t.i in owner]
                    for nxt in sents[i + 1 :]
                    if any(t.i in owner for t in nxt)
                ),
                [],
            )
            if not named:
                return
            person = owner[named[0].i]
            if person.role in protected:
                return
            subject = any(
                owner.get(t.i) is person and t.dep_ in {"nsubj", "nsubjpass", "nsubj:pass"}
                for t in named
            )
            if subject or person.age is not None:
                _set_status(person, st, _evidence(hits))
            return


def _adjacent_status(lang: LanguageSupport, doc: Doc, person: Person, mask: list[int]) -> None:
    """A legal step worded next to a name the parse linked to none (the language's
    `trigger_after_name` / `trigger_before_name`; a small model's parse errs)."""
    after, before = lang.status.trigger_after_name, lang.status.trigger_before_name
    text = doc_text(doc)
    for start, end in person.mentions:
        found: list[tuple[re.Match[str], str | None]] = []
        if after is not None and (m := after.match(text, end, min(len(text), end + 120))):
            found.append((m, "subj" if m.group("active") else None))
        if before is not None:
            lead = max(0, start - 80)
            m = before.search(text[lead:start])
            if m is not None:
                m = before.match(text, lead + m.start(), start)
            if m is not None:
                found.append((m, "obj"))
        for m, role in found:
            span = doc.char_span(m.start("verb"), m.end("verb"))
            if span is None or len(span) != 1 or mask[span.start] == LISTED:
                continue
            tok = span[0]
            if role is None:
                # a passive auxiliary or a bare participle: the name is its object; a finite
                # verb ("X comparaît"): its subject
                passive = "passive" in m.re.groupindex and m.group("passive")
                role = "obj" if passive or _past_participle(tok) else "subj"
            st = lang.status.verb_status(lang, tok, role)
            if st is not None:
                _set_status(person, st, _evidence([tok]) + [(start, end)])


def _possessor(
    doc: Doc, pron: Token, owner: dict[int, Person], protected: frozenset[str]
) -> Person | None:
    """Whose "her trial" it is: the person who is the subject of the same sentence, before the
    pronoun ("X confirms she won't testify in her trial"), not merely the last one named ("X,
    the girlfriend of the late Y, ... since her arrest")."""
    sent = pron.sent
    for tok in sent:
        if tok.i >= pron.i:
            break
        person = owner.get(tok.i)
        if (
            person is not None
            and person.role not in protected
            and tok.dep_ in {"nsubj", "nsubjpass", "nsubj:pass"}
        ):
            return person
    return None


_CHAIN = (
    LegalStatus.ARRESTED,
    LegalStatus.CHARGED,
    LegalStatus.CONVICTED,
    LegalStatus.SENTENCED,
)


def _everyone(
    lang: LanguageSupport,
    tok: Token,
    people: list[Person],
    protected: frozenset[str],
    singular: bool = False,
) -> bool:
    """Does the group `tok` heads stand for every person accused ("the defendants", "three
    foreign nationals each"), not another group ("13 others", "three defendants" of ten,
    "individuals also charged")?"""
    rules = lang.status
    near = [tok, *tok.children]
    if any(t.lower_ in rules.other_group_words for t in near):
        return False
    accused = sum(
        1
        for p in people
        if p.role not in protected
        and (p.status is not None or p.accused_evidence or p.age is not None)
    )
    if singular or tok.lower_ in rules.singular_subjects:
        # "the suspect" of a text that accuses one person ("every defendant is presumed
        # innocent" is a rule, not a person)
        definite = any(
            c.dep_ == "det" and c.morph.get("Definite", []) == ["Def"] and c.lower_ != "every"
            for c in tok.children
        )
        return definite and accused == 1
    for t in near:
        size = rules.group_size_words.get(t.lower_) or lang.lexicon.number(t.text)
        if size is not None and size != accused:
            return False
    return True


_NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "nsubj:pass", "dobj", "obj", "pobj", "appos"})


_ORDINALS = frozenset({"first", "second", "third", "fourth", "fifth", "sixth", "1st", "2nd", "3rd"})


def _group_word(tok: Token) -> bool:
    """A group word used as a noun: "the defendants", "they", and "the accused" even when the
    parser tags the participle a verb or adjective; not an ordinal one ("the first accused": a
    term of its own, see `defined_terms`)."""
    nominal = tok.pos_ in {"NOUN", "PRON", "NUM", "DET"} or (
        tok.pos_ in {"VERB", "ADJ"}
        and tok.dep_ in _NOMINAL_DEPS
        and any(c.dep_ == "det" for c in tok.children)
    )
    return nominal and not any(
        c.dep_ == "amod" and c.tag_ == "JJ" and c.lower_ in _ORDINALS for c in tok.children
    )


def _plural(tok: Token) -> bool:
    """ "the accused were", "all the accused", "both accused": a participle used as a plural
    noun (it has no number of its own)."""
    head = tok.head
    if tok.dep_ in {"nsubj", "nsubjpass", "nsubj:pass"} and (
        head.tag_ == "VBP"
        or any(
            c.dep_ in {"aux", "auxpass"} and c.lower_ in {"were", "are", "have"}
            for c in head.children
        )
    ):
        return True
    return any(
        c.lower_ in {"all", "both", "two", "three", "four"} or c.like_num for c in tok.children
    )


def _apposed_noun(lang: LanguageSupport, span: Span_) -> Token | None:
    """The accused noun of "acquitted the co-accused, X" when the parser did not link X to
    it: the step of that noun is X's ("co-accused" split in three tokens: its first)."""
    doc = span.doc
    i = span.start
    if i < 2 or doc[i - 1].text != "," or doc[i - 2].lower_ not in lang.lexicon.accused_nouns:
        return None
    noun = doc[i - 2]
    if noun.head.i in range(span.start, span.end) or any(t.head.i == noun.i for t in span):
        return None  # linked already: the parse's apposition is read as it is
    if i >= 4 and doc[i - 3].text == "-":
        return doc[i - 4]
    return noun


def _group_step_further(own: LegalStatus, group: LegalStatus) -> bool:
    """ "The defendants pleaded guilty", "three foreign nationals each were sentenced": a step
    the text reports for the accused as a group carries each one further along the chain."""
    return own in _CHAIN and group in _CHAIN and _CHAIN.index(group) > _CHAIN.index(own)


def _set_status(person: Person, st: LegalStatus, evidence: list[Span]) -> None:
    if LEGAL_STATUSES.further(person.status, st):
        person.status = st
    person.status_evidence.extend(evidence)


def _evidence(hits: list[Token]) -> list[Span]:
    return [(t.idx, t.idx + len(t.text)) for t in hits]


@Language.factory(
    "tipwatch_status",
    requires=["doc._.people", "token.dep", "doc._.prose_mask"],
    assigns=["doc._.people"],
    default_config={"language": "en"},
)
def make_status(nlp: Language, name: str, language: str) -> StatusLinker:
    return StatusLinker(support_for(language))


class StatusLinker:
    def __init__(self, lang: LanguageSupport) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        lang = self.lang
        protected = lang.lexicon.never_perpetrator_roles
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
                apposed = _apposed_noun(lang, span)
                for head_tok in [*(heads or [span.root]), *([apposed] if apposed else [])]:
                    if head_tok.is_punct:
                        continue
                    st, hits = token_status(lang, head_tok)
                    if st is not None:
                        _set_status(person, st, _evidence(hits) + [(start, end)])
                        if head_tok.dep_ in {"nsubjpass", "nsubj:pass", "dobj", "obj"} and any(
                            h.i == head_tok.head.i for h in hits
                        ):
                            # the step is the verb's own, not a clause joined to it
                            person.direct_step = True
        doc_best: LegalStatus | None = None
        doc_best_ev: list[Span] = []
        group_best: LegalStatus | None = None
        group_ev: list[Span] = []
        last: Person | None = None
        accused = [p for p in people if _accused(p)]
        sole_accused = accused[0] if len({p.name for p in accused}) == 1 else None
        for tok in doc:
            if mask[tok.i] == LISTED:
                continue
            if tok.i in owner:
                # an official the step was done to by name ("police officer X was arrested")
                # is the accused a following "he" stands for
                if owner[tok.i].role not in protected or owner[tok.i].direct_step:
                    last = owner[tok.i]
                continue
            low = tok.lower_
            if _PSEUDONYM_CODE.match(tok.text):
                # a victim the court names by a code ("AAA testified that she ..."): the
                # pronouns that follow are hers, not the last named person's
                last = None
                continue
            if (
                tok.pos_ in {"NOUN", "PROPN"}
                and low in lang.lexicon.accused_nouns
                and tok.dep_ != "appos"
                and not any(c.i in owner for c in tok.children if c.dep_ == "appos")
                and last is not None
                and accused
                and not _accused(last)
            ):
                # "convicted appellant of the charge, and sentenced him": "him" is the
                # appellant, not a witness named last; the one accused the text names (none
                # if it names several; a text that names no accused keeps the last named:
                # "X (to whom we shall refer as the offender) ... He was sentenced")
                last = sole_accused
            if tok.pos_ == "PRON" and low in lang.status.pronouns:
                target = _possessor(doc, tok, owner, protected) if tok.dep_ == "poss" else last
                if target is None:
                    continue
                st, hits = token_status(lang, tok)
                if st is not None:
                    _set_status(target, st, _evidence(hits))
            elif low in lang.status.generic_subjects and _group_word(tok):
                one = low in lang.status.singular_subjects or (
                    tok.pos_ in {"VERB", "ADJ"} and not _plural(tok)
                )
                if one and not _everyone(lang, tok, people, protected, singular=True):
                    # "the suspect" (or "the accused" the parse gives no number) of a text
                    # that accuses several people
                    continue
                st, hits = token_status(lang, tok)
                if st is not None and LEGAL_STATUSES.further(doc_best, st):
                    doc_best = st
                    doc_best_ev = _evidence(hits)
                if (
                    st is not None
                    and _everyone(lang, tok, people, protected)
                    and LEGAL_STATUSES.further(group_best, st)
                ):
                    group_best = st
                    group_ev = _evidence(hits)
        for person in people:
            if person.status is None and person.role not in protected:
                _adjacent_status(lang, doc, person, mask)
        _sentence_by_description(lang, doc, people, mask)
        _sole_person_by_description(lang, doc, people, mask)
        _described_by_apposition(lang, doc, people, owner, mask)
        _lead_description(lang, doc, owner, mask)
        for person in people:
            # "identified the fugitive as X", "the wanted man, X"
            if person.status is None and any(
                lang.status.wanted_cue.search(doc_text(doc)[max(0, s - 40) : s])
                for s, _e in person.mentions
            ):
                person.status = LegalStatus.WANTED
                person.status_evidence.extend(person.mentions[:1])
        group_step_alone = group_best is not None and not any(
            p.status is not None and not LEGAL_STATUSES.further(p.status, group_best)
            for p in people
            if p.role not in protected
        )
        for person in people:
            if person.status is None or (
                # an arrest is the first step: a further one the text gives its accused
                # ("the defendants were indicted") is theirs too, furthest stage wins
                person.status is LegalStatus.ARRESTED
                and person.accused_evidence
                and doc_best is not None
                and LEGAL_STATUSES.further(person.status, doc_best)
            ):
                if doc_best is not None and (person.accused_evidence or person.age is not None):
                    person.status = doc_best
                    person.status_evidence.extend(doc_best_ev)
            elif (
                group_best is not None
                and _group_step_further(person.status, group_best)
                and group_step_alone
            ):
                # a group's step that no one has on their own is everyone's; one that someone
                # has may be theirs alone ("X was sentenced ... the defendants pleaded guilty")
                person.status = group_best
                person.status_evidence.extend(group_ev)
        for person in people:
            if person.status is None and person.role not in protected:
                _custody(lang, doc, person, mask)
        _at_large(lang, doc, people, protected)
        attach_status_dates(lang, doc, people)
        return doc
