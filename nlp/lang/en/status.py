"""English legal-step grammar: which verb gives which status to which argument, and the words
the status linker looks for in the parse (en_core_web_sm's ClearNLP labels)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Token

from tipwatch.nlp.lang.en.dates import parse_date_phrase
from tipwatch.nlp.lang.rules import LanguageSupport, StatusRules
from tipwatch.records import LegalStatus

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
_CASE_NOUNS = {
    "case", "charge", "charges", "information", "complaint", "proceedings", "count",
    # Indian English: the police's final report, the first information report
    "chargesheet", "charge-sheet", "fir",
}  # fmt: skip
_DROP_VERBS = {"dismiss", "withdraw", "drop", "quash", "throw", "discontinue", "strike"}
# "a case was registered against X" (South Asian news): the case is X's charge
_FILE_VERBS = {"file", "frame", "bring", "lay", "press", "prefer", "institute", "register"}
_QUESTIONING = {
    "interrogation",
    "questioning",
    "interrogators",
    "investigators",
    "interview",
    "police",
    "custody",
    "probe",
}
_POLICE = {"police", "authorities", "custody", "officers", "officials", "agents", "investigators"}
_GENERIC_SUBJECTS = {
    "defendants",
    "accused",
    "detainees",
    "arrestees",
    "appellants",
    "convicts",
    "culprits",
    # one person, when the text accuses only one (`StatusRules.singular_subjects`)
    "defendant",
    "suspect",
    "convict",
    "culprit",
    "detainee",
    "men",
    "women",
    "pair",
    "duo",
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
# what a court gives: "given a suspended sentence", "given ten years", "given life"
_GIVEN_SENTENCE = frozenset(
    {"sentence", "term", "year", "month", "week", "life", "imprisonment", "jail", "prison"}
)
# "denied conspiring to traffic the victims": the accusation denied in court
_CRIME_GERUNDS = frozenset({"conspiring", "trafficking", "smuggling", "exploiting", "traffic"})
# a term, not a place: "sent X to 12 years in prison" (a court that "sent them to jail" in
# South Asian news remands them)
_PRISON_TERM = frozenset({"years", "months", "imprisonment", "life"})
_RECEIVED_SENTENCE = _GIVEN_SENTENCE | {"fine", "probation", "order", "ban", "penalty"}
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


_WANTED_CUE = re.compile(
    r"\b(?:fugitive|wanted (?:man|woman|suspect|person)|at large)\b[^.;]{0,25}$", re.I
)
_AT_LARGE = re.compile(
    r"\b(?:on the run|at large|most wanted|(?-i:fugitives?)|absconding|evading (?:arrest|"
    r"capture)|fled (?:the country|abroad))\b",
    re.I,
)
_CAPTURED = re.compile(
    r"\b(?:arrest(?:ed|s)?|captured|caught|nabbed|apprehended|extradited|surrendered|"
    r"turned (?:himself|herself) in|in custody|detained|remanded|jailed|sentenced|convicted)\b",
    re.I,
)
_SENTENCE_VERBS = {"sentence", "jail", "imprison"}
_HYPOTHETICAL = {"could", "would", "might", "may", "should", "must", "ought"}


_ON_CHARGE_PREPS = {"on", "over"}
_DEMAND_NOUNS = frozenset(
    {"pressure", "call", "demand", "plan", "bid", "effort", "attempt", "push", "request",
     "campaign", "appeal", "petition", "motion", "pledge", "promise", "threat", "order"}
)  # fmt: skip
_SEARCH_LEMMAS = {
    "launch", "intensify", "form", "constitute", "mount", "deploy", "conduct", "search",
    "hunt", "try", "attempt", "seek", "continue", "be", "step", "raid",
}  # fmt: skip
_CHARGE_NOUNS = {"charge", "count", "indictment"}
# held by the authorities: "remains in custody", "was held in pre-trial detention", "taken into
# custody" (not "protective custody", where rescued people are placed)
_CUSTODY = frozenset({"custody", "detention"})
_IN_CUSTODY_PREPS = frozenset({"in", "into", "under"})
_STAY_LEMMAS = frozenset({"be", "remain", "stay"})
_HOLD_LEMMAS = frozenset({"hold", "take", "place", "keep", "put", "send"})


# what a victim runs away from: "fled from her employer", "escaped from the brothel"
_ABUSE_PLACES = frozenset(
    {"employer", "employers", "captor", "captors", "trafficker", "traffickers", "abuser",
     "brothel", "den", "house", "home", "husband", "master", "owner", "recruiter", "camp"}
)  # fmt: skip


def _from_one_of(preps: Iterable[Token], places: frozenset[str]) -> bool:
    """Is one of `preps` a "from" whose object is one of `places` ("fled from her employer",
    "released from prison")?"""
    return any(
        prep.dep_ == "prep"
        and prep.lower_ == "from"
        and any(o.dep_ == "pobj" and o.lower_ in places for o in prep.children)
        for prep in preps
    )


def _fled_from_abuse(verb: Token) -> bool:
    return _from_one_of(verb.children, _ABUSE_PLACES)


def _in_custody(verb: Token) -> bool:
    """The verb's own "in custody" / "into detention" phrase (a preposition of the verb whose
    object is a custody word, not protective custody)."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in _IN_CUSTODY_PREPS:
            continue
        for obj in prep.children:
            if (
                obj.dep_ == "pobj"
                and obj.lemma_.lower() in _CUSTODY
                and not any(m.lower_ == "protective" for m in obj.children)
            ):
                return True
    return False


# what a person held by the authorities asks a court for, or loses: "loses bid to end
# detention", "lost their appeal against detention", "filed a petition challenging his custody"
_CONTEST_LEMMAS = frozenset({"lose", "win", "file", "launch", "mount", "make", "bring"})
_CONTEST_NOUNS = frozenset({"bid", "appeal", "challenge", "request", "petition", "plea"})
_PRISON = frozenset({"prison"})


def _from_prison(verb: Token) -> bool:
    """The verb's own "from prison" ("released early from prison"; not "from jail", where
    people are held before trial too)."""
    near = [*verb.children, *(g for c in verb.children if c.dep_ == "advmod" for g in c.children)]
    return _from_one_of(near, _PRISON)


def _contests_detention(verb: Token) -> bool:
    """The subject's own bid against their detention ("X loses bid to end detention"): they
    are held. Not "protective custody" (where rescued people are placed)."""
    if verb.lemma_.lower() not in _CONTEST_LEMMAS:
        return False
    for obj in verb.children:
        if obj.dep_ not in {"dobj", "obj"} or obj.lemma_.lower() not in _CONTEST_NOUNS:
            continue
        for t in obj.subtree:
            if (
                t.i > obj.i
                and t.lemma_.lower() in _CUSTODY
                and not any(m.lower_ == "protective" for m in t.children)
            ):
                return True
    return False


def custody_status(lang: LanguageSupport, verb: Token, role: str) -> LegalStatus | None:
    """The step of being held: "X remains in custody" (`role` "subj"), "X was held in
    pre-trial detention", "taken into custody" ("obj"): arrested, or charged when held on
    charges (the phrase on the verb or on "custody"). The linker reads it only for a person
    no other step was read for: it is the first step, and a text that tells a further one
    ("ordered to remain in custody" after the indictment) means that one."""
    lemma = verb.lemma_.lower()
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    if role == "subj" and _contests_detention(verb):
        return LegalStatus.ARRESTED
    if not _in_custody(verb):
        return None
    if not (
        (role == "subj" and lemma in _STAY_LEMMAS) or (role == "obj" and lemma in _HOLD_LEMMAS)
    ):
        return None
    held_on_charges = _on_charges(verb) or any(
        _on_charges(t) for t in verb.subtree if t.lemma_.lower() in _CUSTODY
    )
    return LegalStatus.CHARGED if held_on_charges else LegalStatus.ARRESTED


def _on_charges(verb: Token) -> bool:
    return any(
        c.dep_ == "prep"
        and c.lower_ in _ON_CHARGE_PREPS
        and any(o.dep_ == "pobj" and o.lemma_.lower() in _CHARGE_NOUNS for o in c.children)
        for c in verb.children
    )


# naming someone in a role: "named as an accused", "nominated as accused in the FIR"
_NAMING_LEMMAS = frozenset({"name", "nominate"})
_NAMED_ACCUSED = frozenset({"accused", "co-accused", "defendant", "defendants", "respondent"})
_NAMED_SUSPECT = frozenset({"suspect", "suspects"})


def _named_as(verb: Token, words: set[str]) -> LegalStatus | None:
    """The step of one named "as" the accused (charged: a case names its accused) or, where
    the case is the namer or the place, as a suspect. A person who names someone as the
    accused ("the victim, who names X as the main accused") is no case."""
    namer = next((c for c in verb.children if c.dep_ in {"nsubj", "csubj"}), None)
    cased = bool(words & _CASE_NOUNS) or (namer is not None and namer.lower_ in _CASE_NOUNS)
    if namer is not None and not cased:
        return None
    roles = {
        g.lower_
        for p in verb.children
        if p.dep_ == "prep" and p.lower_ == "as"
        for g in p.children
        if g.dep_ == "pobj"
    }
    if roles & _NAMED_ACCUSED or (roles & _NAMED_SUSPECT and cased):
        return LegalStatus.CHARGED
    return None


def _cleared(verb: Token) -> bool:
    """ "Two other defendants - A and B - were cleared": a passive "cleared" with nothing after
    it is a verdict (not "cleared to travel", "cleared for release", "cleared the area")."""
    return any(c.dep_ in {"auxpass", "aux:pass"} for c in verb.children) and not any(
        c.dep_ in {"xcomp", "dobj", "obj", "ccomp", "advcl"}
        or (c.dep_ == "prep" and c.lower_ in {"for", "to", "by"})
        or (c.dep_ == "agent" and not any(g.lemma_.lower() in _VERDICT_BODIES for g in c.children))
        for c in verb.children
    )


# who clears a person of a charge ("cleared by a jury"; not "cleared by doctors")
_VERDICT_BODIES = frozenset({"court", "jury", "judge", "magistrate", "tribunal", "bench"})


def verb_status(lang: LanguageSupport, verb: Token, role: str) -> LegalStatus | None:
    """Status that `verb` gives to its argument with grammatical role `role`
    ("subj" active subject, "obj" object or passive subject)."""
    lemma = verb.lemma_.lower()
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    # conditional or hypothetical: "if convicted, he faces ...", "could be sentenced", "could
    # have them arrested and jailed" (the modal on the verb the step hangs on)
    governing = [verb]
    while governing[-1].dep_ in {"ccomp", "xcomp", "conj"} and len(governing) < 4:
        governing.append(governing[-1].head)
    if any(
        (c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"})
        or (c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL)
        for v in governing
        for c in v.children
    ):
        return None
    # a step a demand or a plan asks for is not taken: "pressure on Indonesia to charge X",
    # "calls to extradite X", "a bid to arrest X"
    if (
        verb.dep_ == "acl"
        and verb.head.lemma_.lower() in _DEMAND_NOUNS
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    ):
        return None
    # a future step is not yet taken: "they will be sentenced on June 26", "are scheduled to
    # be sentenced in September" (but "X will stand trial" still reports a charge)
    if lemma in lang.status.sentence_verbs | {"convict"} and any(
        c.dep_ == "aux" and c.lower_ in {"will", "shall", "'ll", "to"} for c in verb.children
    ):
        return None
    # an arrest in an infinitive of purpose after a search is an aim, not a step: "a manhunt
    # was launched to nab him", "teams have been formed to arrest the others" (but "played a
    # role in an operation to detain X" reports the operation)
    if (
        lemma in lang.lexicon.transitive_triggers
        and lang.lexicon.transitive_triggers[lemma] is LegalStatus.ARRESTED
        and verb.dep_ in {"advcl", "xcomp"}
        and verb.head.lemma_.lower() in _SEARCH_LEMMAS
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    ):
        return None
    # a step in a present-tense time clause is still to come: "when they are sentenced";
    # "presumed innocent until convicted"
    time_words = {c.lower_ for c in verb.children if c.dep_ in {"mark", "advmod"}}
    if "until" in time_words or (
        time_words & {"when", "once"}
        and (
            verb.tag_ in {"VBP", "VBZ"}
            or any(c.dep_ in {"aux", "auxpass"} and c.tag_ in {"VBP", "VBZ"} for c in verb.children)
        )
    ):
        return None
    words = {t.lower_ for t in verb.subtree}
    children = {c.lower_ for c in verb.children}
    if lemma == "find" and role == "obj":
        if "guilty" in words:
            return LegalStatus.ACQUITTED if "not" in words else LegalStatus.CONVICTED
        return None
    # headline style "X found guilty of trafficking" (the auxiliary dropped, the parse reads
    # an active "found" with no object): X is the one found guilty
    if (
        lemma == "find"
        and role == "subj"
        and "guilty" in children
        and not any(c.dep_ in {"dobj", "obj"} for c in verb.children)
    ):
        return LegalStatus.ACQUITTED if "not" in words else LegalStatus.CONVICTED
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
    if lemma in _NAMING_LEMMAS:
        # "X was named as an accused in the FIR", "the case names X as the prime accused":
        # the case is against X; "named as a suspect" only when a case is the namer
        return _named_as(verb, words) if role == "obj" else None
    transitive = lang.lexicon.transitive_triggers
    intransitive = lang.lexicon.intransitive_triggers
    if role == "obj" and lemma in transitive:
        status = transitive[lemma]
        if lemma == "release" and _from_prison(verb) and not words & {"bail", "bond"}:
            # "released early from prison": the sentence was served
            return LegalStatus.SENTENCED
        if lemma == "release" and (
            not words & {"insufficient", "lack", "without", "dropped", "no"} or "bail" in words
        ):
            return None
        if lemma == "clear" and "of" not in children and "of" not in words and not _cleared(verb):
            return None
        if lemma == "give":
            # what is given is the sentence: "given a suspended sentence", "given life"
            given = {
                c.lemma_.lower()
                for c in verb.children
                if c.dep_ in {"dobj", "obj", "pobj", "attr", "npadvmod", "oprd"}
            }
            return LegalStatus.SENTENCED if given & _GIVEN_SENTENCE else None
        if lemma in {"slap", "send"}:
            # what the court slaps on or sends to is the term: "slapped X with 16 years in
            # jail", "sent X to 12 years in prison" (not "sent to judicial custody", "sent
            # home", "slapped with charges")
            needed = "with" if lemma == "slap" else "to"
            if needed not in words or not words & _PRISON_TERM or words & {"custody", "remand"}:
                return None
            return status
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
        if lemma == "book" and any(
            c.dep_ == "prep" and c.lower_ in {"under", "for"} for c in verb.children
        ):
            # South Asian news: "booked under Section 370", "booked for trafficking" is a case
            # registered against the person (docs/annotation.md); "booked into jail" an arrest
            return LegalStatus.CHARGED
        if status is LegalStatus.ARRESTED and _on_charges(verb):
            # "arrested on human trafficking charges", "detained over charges of ...": the
            # arrest reports the charge
            return LegalStatus.CHARGED
        if lemma == "accuse" and verb.tag_ != "VBN":
            return None
        return status
    if role == "subj" and lemma in intransitive:
        status = intransitive[lemma]
        if lemma in {"serve", "receive", "get"} and not words & _SENTENCE_WORDS:
            return None
        if lemma == "receive" and not any(
            c.dep_ in {"dobj", "obj"} and c.lemma_.lower() in _RECEIVED_SENTENCE
            for c in verb.children
        ):
            # what is received is the sentence: "received ten years", "received a suspended
            # sentence" (not "recruited or received children below 18 years", an indictment's
            # wording of trafficking)
            return None
        if lemma in {"face", "deny"} and not words & (_CHARGE_WORDS | _CRIME_GERUNDS):
            return None
        if lemma == "appear" and not words & {"court", "magistrate", "magistrates", "judge"}:
            return None
        if lemma == "stand" and "trial" not in words:
            return None
        if lemma == "await":
            # "awaiting trial", "awaiting sentencing", "awaiting extradition"
            if words & {"sentencing", "sentence"}:
                return LegalStatus.CONVICTED
            if words & {"trial", "verdict"}:
                return LegalStatus.CHARGED
            return LegalStatus.ARRESTED if "extradition" in words else None
        if lemma == "escape" and not words & {"custody", "prison", "jail", "arrest"}:
            return None
        if lemma in {"flee", "escape"} and _fled_from_abuse(verb):
            return None  # "she fled from her employer": a victim's escape, not a fugitive's
        if lemma == "admit" and not words & (
            _CHARGE_WORDS | {"trafficking", "smuggling", "conspiracy", "offences"}
        ):
            return None
        if lemma == "admit" and words & _QUESTIONING:
            # "admitted during interrogation their involvement": a confession to the police,
            # not a plea in court
            return None
        return status
    # headline style "X charged with trafficking", no auxiliary; the small model often tags
    # the participle as a past tense ("Andrew Tate charged with rape, officials say"): a step
    # done to a person, as the verb has no object, clause or auxiliary of its own
    if (
        role == "subj"
        and lemma in transitive
        and (
            verb.tag_ == "VBN"
            or (
                verb.tag_ == "VBD"
                and not any(c.dep_ in {"aux", "auxpass", "ccomp", "xcomp"} for c in verb.children)
            )
        )
        # ("detained on trafficking, rape charges": the charges parsed as the object)
        and not any(
            c.dep_ in {"dobj", "obj"} and c.lemma_.lower() not in _CHARGE_NOUNS
            for c in verb.children
        )
    ):
        return verb_status(lang, verb, "obj")
    if lemma == "be" and role == "subj":
        if "custody" in words:
            return LegalStatus.ARRESTED
        # "is in a New York prison awaiting trial": the participle hangs on the place
        for t in verb.subtree:
            if t.lemma_.lower() == "await" and t.dep_ in {"acl", "advcl", "xcomp"}:
                return verb_status(lang, t, "subj")
        # "X was among eight gang members being accused of trafficking", "among those
        # arrested": the group's participle is X's step
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ != "among":
                continue
            for group in prep.children:
                for acl in group.children:
                    if acl.dep_ == "acl" and acl.tag_ == "VBN":
                        st = verb_status(lang, acl, "obj")
                        if st is not None:
                            return st
        if "large" in words or "run" in words or "wanted" in words:
            return LegalStatus.WANTED
        if "guilty" in words and "found" not in words:
            return LegalStatus.CONVICTED
    return None


STATUS = StatusRules(
    verb_status=verb_status,
    custody_status=custody_status,
    noun_triggers=_NOUN_TRIGGERS,
    case_nouns=frozenset(_CASE_NOUNS),
    drop_verbs=frozenset(_DROP_VERBS),
    file_verbs=frozenset(_FILE_VERBS),
    generic_subjects=frozenset(_GENERIC_SUBJECTS),
    sentence_verbs=frozenset(_SENTENCE_VERBS),
    pronouns=frozenset({"he", "she", "him", "her"}),
    wanted_cue=_WANTED_CUE,
    at_large=_AT_LARGE,
    captured=_CAPTURED,
    identified_as="as",
    identify_lemmas=frozenset({"identify", "name"}),
    listing_lemmas=frozenset({"include", "be"}),
    verdict_verb="find",
    verdict_word="guilty",
    noun_preps=frozenset({"of", "against", "for"}),
    against_prep="against",
    with_prep="with",
    along_words=frozenset({"along", "together", "alongside"}),
    unlisted_triggers=frozenset({"want", "try", "catch", "accuse", "release", "hand", "give"}),
    dative_triggers=frozenset({"give", "hand"}),
    date_phrase=parse_date_phrase,
    dating_prepositions=frozenset({"on", "in", "at", "during"}),
    conduct_triggers=frozenset({"accuse", "allege", "suspect"}),
    done_step_preps=frozenset({"after", "before", "upon"}),
    hypothetical_modals=frozenset(_HYPOTHETICAL),
    other_group_words=frozenset({"other", "others", "remaining", "also", "rest"}),
    group_size_words={"both": 2, "pair": 2, "duo": 2, "couple": 2, "trio": 3},
    singular_subjects=frozenset({"defendant", "suspect", "convict", "culprit", "detainee"}),
    verdict_nouns=frozenset({"verdict", "judgment", "judgement", "conviction"}),
    convict_nouns=frozenset({"convict", "convicts"}),
    lead_description_nouns=frozenset(
        {
            "man",
            "woman",
            "resident",
            "national",
            "citizen",
            "native",
            "teen",
            "teenager",
            "mother",
            "father",
            "husband",
            "wife",
            "pastor",
            "doctor",
            "owner",
            "operator",
            "businessman",
            "businesswoman",
            "trader",
            "agent",
            "trafficker",
            "smuggler",
            "pimp",
        }
    ),  # fmt: skip
    impose_lemmas=frozenset({"impose", "award", "slap"}),
    penalty_nouns=frozenset(
        {"fine", "penalty", "sentence", "imprisonment", "term", "punishment", "jail"}
    ),
    penalty_prep="on",
    group_pronouns=frozenset({"they", "both", "all", "these", "those"}),
    group_nouns=frozenset(
        {"duo", "trio", "pair", "man", "woman", "person", "people", "individual", "gang"}
    ),
    group_list_verbs=frozenset({"be", "include"}),
    indefinite_articles=frozenset({"a", "an"}),
    distributive_words=frozenset({"each", "both", "all"}),
    intent_verbs=frozenset(
        {"agree", "expect", "plan", "hope", "intend", "seek", "want", "wish", "schedule"}
    ),
    named_accused_frame=re.compile(
        r"\b(?:names|named|nominates|nominated)[ \t]+(?P<first>[A-Z][^,;.\n]{0,60}?)[ \t]+as[ \t]+"
        r"(?:(?:the|an?)[ \t]+)?(?:(?:prime|main|principal|chief|key|lead|first)[ \t]+)?"
        r"(?:co-?)?(?:accused|defendants?)\b(?:,?[ \t]+(?:along|together)[ \t]+with[ \t]+)?"
    ),
    victim_list_comma=re.compile(r"\b(?P<noun>[A-Za-z]+),[ \t]+(?=[A-Z])"),
    group_list_frame=re.compile(
        r"\b(?P<noun>[A-Za-z]+)(?:(?P<dash>[ \t]?(?:--|—|–)[ \t]?|[ \t]-[ \t])|:[ \t]+|,?[ \t]+"
        r"(?:including|namely|viz\.?)[ \t]+)(?=[A-Z])"
    ),
    alias_words=frozenset({"alias", "aka", "a.k.a", "a/k/a", "urf", "known", "also"}),
    list_stop_words=frozenset(
        {
            "of",
            "from",
            "in",
            "at",
            "during",
            "with",
            "for",
            "to",
            "on",
            "by",
            "who",
            "which",
            "were",
            "was",
            "are",
            "is",
            "all",
            "after",
            "before",
            "while",
            "both",
        }
    ),
)
