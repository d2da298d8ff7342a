"""The shape of one language's data: what each tipwatch component reads from its language.

A language folder (`nlp/lang/<code>/`) fills these records; the components under
`nlp/components/` hold the language-independent machinery (zones, scoring, merging people,
walking the dependency parse) and take every word list, pattern and grammar hook from the
`LanguageSupport` they are configured with. The records are frozen and compared by identity,
so a pipeline built for one record is cached for that record only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from tipwatch.domain.status_date import DatePhrase
from tipwatch.records import ChargeCategory, LegalStatus

Pattern = re.Pattern[str]
# (compiled wording, category or None when inferred from context, statute short name or None)
ChargePattern = tuple[Pattern, ChargeCategory | None, str | None]

# Role labels the components give people themselves ("victim" from a victim verb or cue,
# "witness" from "testified"): not words of any language, and protected whatever a language's
# role words are.
PROTECTED_ROLE_LABELS = frozenset({"victim", "witness"})


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Word lists more than one component reads."""

    # verbs whose grammatical object (or passive subject) is the accused
    transitive_triggers: Mapping[str, LegalStatus]
    # verbs whose subject is the accused
    intransitive_triggers: Mapping[str, LegalStatus]
    # nouns that mark a person as the accused ("the accused, X", "defendant X")
    accused_nouns: frozenset[str]
    # people the law protects: names masked in stored text and never output
    vulnerable_role_words: frozenset[str]
    # words that, next to a name, mark a person who can never be a perpetrator
    protected_role_words: frozenset[str]
    # roles that can never be a perpetrator, whatever legal step the text links them to
    hard_protected_roles: frozenset[str]
    # job or family words: the person is still listed when linked to a legal step of their own
    weak_role_words: frozenset[str]
    speech_verbs: frozenset[str]
    victim_verbs: frozenset[str]
    pseudonyms: frozenset[str]
    number_words: Mapping[str, int]
    # lower-case demonym -> ISO alpha-2
    demonyms: Mapping[str, str]
    # one-word "names" that are labels or headings ("Sentence", "Date")
    label_words: frozenset[str]

    def number(self, word: str) -> int | None:
        """The count a word states: digits, or one of the language's number words."""
        if word.isdecimal():
            return int(word)
        return self.number_words.get(word.lower())

    @cached_property
    def folded_label_words(self) -> frozenset[str]:
        """`label_words` in lower case, to compare a name against."""
        return frozenset(w.lower() for w in self.label_words)

    @cached_property
    def redact_roles(self) -> frozenset[str]:
        """Roles whose names are masked in the stored text (and never output)."""
        return self.vulnerable_role_words | PROTECTED_ROLE_LABELS

    @cached_property
    def never_perpetrator_roles(self) -> frozenset[str]:
        """Roles never listed as perpetrators."""
        return self.hard_protected_roles | PROTECTED_ROLE_LABELS


@dataclass(frozen=True, eq=False)
class ZoneRules:
    list_markers: Pattern  # a line that opens a "related posts" list
    end_punct: Pattern  # a line that ends like a sentence
    # sentences start inside a line only after a stop (`tipwatch_stop_breaks`): for a model
    # whose parser, given the line breaks as boundaries, splits sentences after any word
    breaks_only_at_stops: bool = False


@dataclass(frozen=True, eq=False)
class CaseRules:
    ht_term: Pattern  # human-trafficking or migrant-smuggling wording
    generic_trafficking: Pattern
    distractor: Pattern  # drugs, arms, wildlife ... near "trafficking"
    legal_words: Pattern
    event_words: Pattern  # a legal step that happened to someone
    policy: Pattern  # policy, awareness and statistics pieces
    topic_line: Pattern  # title/standfirst lines of front matter or JSON-LD
    step_words: Pattern  # a legal step taken against someone
    not_taken: Pattern  # negation just before a step ("will not be arrested")
    para_break: Pattern
    # a trafficking term that names no trade ("trafficker", "smuggling ring"): in a text whose
    # title is about drug, arms or wildlife trafficking, it is that trade's
    bare_term: Pattern | None = None
    # what is trafficked, read from the parse (`case_classifier.trade_objects`): lemmas of the
    # nouns that name people as the object of "trafficking (in|of) X" / "trafficked X" (any
    # other common noun there names goods: eels, identities, tusks), and of the nouns such an
    # object slot holds that name no object at all ("trafficking cases", "of trafficking
    # crimes"). Empty: the object is not read.
    trafficked_people: frozenset[str] = frozenset()
    trade_frames: frozenset[str] = frozenset()
    # goods whatever word for people qualifies them ("child pornography", "human remains",
    # "the identities of citizens"): made or taken from people, not people
    thing_heads: frozenset[str] = frozenset()
    # quantities the object is read through ("large numbers of migrants")
    trade_quantities: frozenset[str] = frozenset()
    # an enumerated item ("(c) Trafficking within ...", "2. Rape"): items after a line that a
    # colon ends ("you pleaded guilty to:-") are that line's paragraph, one count a line
    list_item: Pattern | None = None
    list_opener: Pattern | None = None
    # a legal step worded as part of a case told before ("arrested ... in this connection",
    # "involved in the crime", "members of the racket"): it links to a trafficking term in
    # one of the sentences before it
    case_anaphora: Pattern | None = None


@dataclass(frozen=True, eq=False)
class ChargeRules:
    patterns: tuple[ChargePattern, ...]
    statutes: tuple[ChargePattern, ...]
    # statutes whose category is "other" unless their gloss names a child or organs
    other_statutes: frozenset[str]
    distractor_before: Pattern
    distractor_after: Pattern
    sex_context: Pattern
    labour_context: Pattern
    organ_context: Pattern
    minor_in_gloss: Pattern
    minor_in_charge: Pattern
    gloss_after: Pattern
    gloss_inner: Pattern
    charge_statement: Pattern
    case_prose: Pattern
    list_head: Pattern
    list_stop: Pattern
    sent_end: Pattern
    agent_noun: Pattern
    letters: Pattern
    bare_trafficking: Pattern
    offence_list_lead: Pattern
    list_joiner: Pattern
    org_after: Pattern
    not_offence_before: Pattern
    # small words a title-case headline leaves in lower case
    headline_minor_words: frozenset[str]
    # after a statute, words that make it the name of a court ("a special POCSO court"): no
    # charge
    court_after: Pattern | None = None
    # the purposes a law's definition of trafficking enumerates ("prostitution, pornography,
    # sexual exploitation, forced labor, slavery ..."): a sentence naming `definition_purposes`
    # or more distinct ones quotes the definition, and its wording is no charge of the case
    purpose_term: Pattern | None = None
    definition_purposes: int = 4
    # what victims suffered, not what anyone is charged with: "charges of defaming the
    # victims of sexual slavery" (the words just before the trafficking term)
    suffered_before: Pattern | None = None


@dataclass(frozen=True, eq=False)
class PeopleRules:
    # the alternation of lower-case name particles ("van", "bin"); a lower-case word of a name
    # is accepted when it occurs in this text
    particle_pattern: str
    # (pattern with group "name" and, when the flag is set, group "age")
    shape_patterns: tuple[tuple[Pattern, bool], ...]
    accused_cue: Pattern
    not_name_words: frozenset[str]
    title_prefixes: frozenset[str]
    placeholder: Pattern
    calendar_words: frozenset[str]
    date_leads: frozenset[str]
    name_abbreviations: frozenset[str]
    possessive_suffix: Pattern  # a name word ending in a possessive ends the name
    possessives: frozenset[str]  # tokens trimmed from the end of a name
    apostrophes: frozenset[str]
    title_glue: frozenset[str]  # tokens allowed between a title word and a name ("'s", "as")
    legal_lemmas: frozenset[str]  # verbs whose proper-noun arguments are candidate names
    age_after: Pattern
    age_before: Pattern
    # nationality, given the demonym: after the name ("X, a Nigerian national") and before it
    # ("Nigerian man X")
    nationality_after: Callable[[str], Pattern]
    nationality_before: Callable[[str], Pattern]
    not_victim_context: frozenset[str]
    hold_victim: frozenset[str]
    hold_lemma: str  # "hold" makes a victim only with a word of `hold_victim`
    contact_lead: Pattern
    # lemmas of the auxiliaries that make a participle passive in a parse with no passive
    # label (Universal Dependencies: Spanish "ser"): "X fue rescatada" makes X a victim as
    # "X was rescued" does (ClearNLP's `nsubjpass`)
    passive_auxiliaries: frozenset[str] = frozenset()
    # the words that introduce another name of the person just named ("X, aka Y", "X, also
    # known as Y"): Y is not another person
    alias_cue: Pattern | None = None
    # words a title-case headline writes with capitals that are not names ("<Place> Man
    # Pleads Guilty", "Foreign Nationals Sentenced"): person nouns, legal verbs and adjectives,
    # beside the legal lemmas, role words and the text's own lower-case vocabulary
    headline_words: frozenset[str] = frozenset()
    # legal words a headline's capitals glue to the end of a name ("Jury Finds X Guilty")
    headline_tail: frozenset[str] = frozenset()
    # a short name the text defines for the person just named, in parentheses and quotes
    # ('X ("the first accused")', 'X (hereinafter "A1")'): group "term"; the term's later
    # uses are mentions of that person
    defined_term: Pattern | None = None
    # a court caption's prosecuting party and "v" before a name, on the name's line ("Public
    # Prosecutor v X", "State v X", "R v X"): X is the accused, and the prosecutor's title
    # is not X's role
    caption_prosecution: Pattern | None = None
    # ... and the caption that names the accused first, matched right after the name on its
    # line ("X v Republic", "X and Another v S", "X ........ APPELLANT"); for the table form
    # (group "table") the State must be a party on a line of its own (`caption_state`)
    caption_defence: Pattern | None = None
    caption_state: Pattern | None = None
    # a party's or an official's title the NER takes into the name, cut from its front
    # ("Petitioners X", "Lawyer X"): the word is then the mention's role word, read as one
    role_prefixes: frozenset[str] = frozenset()
    # words that are never a given name the NER left out before a name ("Sheriff", "Judge",
    # "Man"): a capitalised word before a name is taken in only when it is none of them
    not_given_names: frozenset[str] = frozenset()
    # a name that the text also writes as the front of an institution's, a law's or a
    # building's name ("X College", "the Expanded Anti-Trafficking in Persons Act"): a
    # capitalised word after the name (group "of" allows "in Persons" between)
    thing_after_name: Pattern | None = None
    # a law report citation the NER tags as a name ("925 Phil. 97"): the text around a
    # one-word mention
    citation_around: Pattern | None = None


# a DATE entity's text -> the date it states (unresolved), None when it states none
DatePhraseParser = Callable[[str], DatePhrase | None]
# a sentence -> its date phrases, as spans of its doc
DateFinder = Callable[[SpacySpan], list[SpacySpan]]
# (language, verb, role "subj" or "obj") -> the status the verb gives that argument
VerbStatus = Callable[["LanguageSupport", Token, str], LegalStatus | None]


@dataclass(frozen=True, eq=False)
class StatusRules:
    """Linking people to legal steps walks the parse; which verb gives which status to which
    argument, with its exceptions ("found not guilty", "released on bail"), is the language's
    `verb_status` hook. The words the walk itself looks for are below."""

    verb_status: VerbStatus
    noun_triggers: Mapping[str, LegalStatus]  # "the arrest of X", "the trial of X"
    case_nouns: frozenset[str]  # "the case against X"
    drop_verbs: frozenset[str]  # "... was dismissed": discharged
    file_verbs: frozenset[str]  # "filed charges against X": charged
    generic_subjects: frozenset[str]  # "the defendants were convicted": a document-level step
    sentence_verbs: frozenset[str]
    pronouns: frozenset[str]  # personal pronouns that refer to the last person named
    wanted_cue: Pattern  # "the fugitive X", "the wanted man, X"
    identified_as: str  # "identified as X": X stands for the noun it names
    identify_lemmas: frozenset[str]
    listing_lemmas: frozenset[str]  # "Others charged include A and B", "Those convicted were"
    verdict_verb: str  # "a jury found X guilty"
    verdict_word: str
    noun_preps: frozenset[str]  # "the arrest of X", "charges against X"
    against_prep: str
    with_prep: str
    along_words: frozenset[str]  # "along with", "together with"
    # triggers that do not list people in a reduced relative ("Others charged include")
    unlisted_triggers: frozenset[str]
    # the step of being held ("remains in custody", "held in detention"), read only for a
    # person no other step was read for; None: the language reads none
    custody_status: VerbStatus | None = None
    # reads a DATE entity's words ("on Tuesday", "March 3") into what they state; None: the
    # language dates no status from the text (its status date is the publication date)
    date_phrase: DatePhraseParser | None = None
    # verbs whose dative is the one sentenced ("the judge gave X ten years", "handed X a
    # term"); a dative of any other verb is no step ("X charged them 50 pounds")
    dative_triggers: frozenset[str] = frozenset()
    # prepositions by which a date phrase dates the step itself ("on Tuesday", "in March"); a
    # date after any other ("remanded till February 16", "by March") bounds something else
    dating_prepositions: frozenset[str] = frozenset()
    # triggers whose clause dates the alleged conduct, not the legal step ("between Jan. 11 and
    # Jan. 16, X is accused of trafficking"): they give a status but never its date
    conduct_triggers: frozenset[str] = frozenset()
    # the date phrases of a sentence, for a model that tags no DATE entity (None: the model's
    # DATE entities are the date phrases)
    find_dates: DateFinder | None = None
    # dependency labels of a relative clause on a noun ("X, who was jailed"): ClearNLP's
    # "relcl"; Universal Dependencies models label it "acl" (the voice then read by
    # `verb_status` from the verb, not from the label)
    relative_deps: frozenset[str] = frozenset({"relcl"})
    # prepositions whose gerund clause reports a step of the verb's subject as done ("was
    # fired after being charged", "held for days before being indicted"; not "without")
    done_step_preps: frozenset[str] = frozenset()
    # a text that says its one accused is at large ("on the run", "on the Ten Most Wanted
    # list") and tells of no capture: the charged person is wanted
    at_large: Pattern | None = None
    captured: Pattern | None = None
    # words that set a group apart from the people named ("13 others", "individuals also
    # charged"), and group words that state a size ("both", "the pair"; numbers are the
    # lexicon's `number_words`): a group's step is everyone's only when it is not another
    # group and its size, if given, is the number of people accused
    other_group_words: frozenset[str] = frozenset()
    # modal auxiliaries of a hypothetical ("could", "should"; not the future's "will"): a
    # complement of a verb they govern reports no step ("should be allowed to get on")
    hypothetical_modals: frozenset[str] = frozenset()
    group_size_words: Mapping[str, int] = field(default_factory=dict)
    # words for a group the text spoke of before ("they", "both"; "the duo", "the men"): a
    # list of names introduced for it ("They were identified as A and B") is that group's
    group_pronouns: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()
    # a list of names after a group's noun: group "noun", and group "dash" when a dash opens it
    # (then a dash may close it): "four women -- A, B and C --", "traffickers including A"
    group_list_frame: Pattern | None = None
    # a case that names its accused ("The case ... names X as the prime accused, along with A
    # and B"): group "first" holds the first name; the match ends after "along with" when the
    # list goes on. Read from the text, as the parse often takes "names" for a noun
    named_accused_frame: Pattern | None = None
    # verbs of intent or expectation: a step in their complement is still to come ("has agreed
    # to receive a sentence of life", "is expected to be charged", "plans to plead guilty")
    intent_verbs: frozenset[str] = frozenset()
    # indefinite articles: "a Bronx man" is a description of someone named later
    indefinite_articles: frozenset[str] = frozenset()
    # distributive words that carry a shared verb: "were convicted and each sentenced to ..."
    distributive_words: frozenset[str] = frozenset()
    # ... and after a comma, for a group of victims only ("rescued four victims, A (30), B"):
    # group "noun"
    victim_list_comma: Pattern | None = None
    # verbs whose group subject a list of names follows ("The arrestees are A and B")
    group_list_verbs: frozenset[str] = frozenset()
    # words that end such a list when an item opens with them (", of Dharan", ", during")
    list_stop_words: frozenset[str] = frozenset()
    # words that introduce another name of the person just named inside such a list ("A alias
    # B"): lower-case words after a name that do not make it a modifier
    alias_words: frozenset[str] = frozenset()
    # generic subjects that stand for one person: the accused only when the text accuses one
    singular_subjects: frozenset[str] = frozenset()
    # a penalty imposed on someone is their sentence ("imposed a fine of Rs 20,000 on X"): the
    # verbs, the penalty nouns (their object) and the preposition before the person
    # one person described before they are named, in the lead ("A Bronx man pleaded guilty
    # ... X, 29, admitted"): the nouns of such a description
    lead_description_nouns: frozenset[str] = frozenset()
    # nouns that name a person as convicted ("the convict, X")
    convict_nouns: frozenset[str] = frozenset()
    # a verdict delivered against someone convicts them ("handed down the verdict against X")
    verdict_nouns: frozenset[str] = frozenset()
    impose_lemmas: frozenset[str] = frozenset()
    penalty_nouns: frozenset[str] = frozenset()
    penalty_prep: str = ""
    # where the parse links a name to no legal step, the step worded right after the name
    # ("X, 45 ans, a été arrêté"): group "verb" is the trigger; the name is its object after a
    # passive auxiliary (group "passive") or as a bare participle's, else its subject
    trigger_after_name: Pattern | None = None
    # ... or right before it, the name its object ("a condamné mardi X"); group "verb"
    trigger_before_name: Pattern | None = None
    # date phrases found by pattern, for a model whose NER tags no DATE entities (French's)
    date_pattern: Pattern | None = None


@dataclass(frozen=True, eq=False)
class RoleCue:
    """A frame that introduces a protected person by role ("the victim, X, 15", "X, a victim
    of", "a girl named X"), whatever the statistical NER saw. `pattern` has a group "name" that
    may hold more words than the name: the component keeps the run of name-like words nearest
    the cue (the last ones when the name comes before the role, `name_before`)."""

    pattern: Pattern
    name_before: bool
    # a lower-case name is accepted (in lower-case text only)
    lower_ok: bool = False
    # punctuation closes the "name" group on both sides ("the victim, bui thi lan, 15"): a
    # lower-case name may have several words
    bounded: bool = False


@dataclass(frozen=True, eq=False)
class VictimRules:
    count: Pattern
    count_victims: Pattern
    family_roles: frozenset[str]
    cue_always: Pattern
    cue_context: Pattern
    after_name: Pattern
    victim_words: Pattern
    accused_words: Pattern
    skip_tokens: frozenset[str]
    role_before: Pattern
    role_after: Pattern
    apposition_tail: Pattern
    testify_lemmas: frozenset[str]
    role_cues: tuple[RoleCue, ...]
    # words never (part of) a name a role cue introduces, beside the people rules'
    # `not_name_words`, calendar words, demonyms and the model's stop words
    cue_not_names: frozenset[str]
    # after a cue name: the name is the one named, not the person ("a girl named X as her abuser")
    cue_reject_after: Pattern
    # words joining names in one cue ("the girls, Linh and Amara, 14 and 15")
    cue_joiners: frozenset[str]
    # a list of protected people: "other victims included A, 29, B, and 32-year-old C"; its
    # "list" group runs to the end of the sentence (`listed_names`)
    victim_list: Pattern | None = None


@dataclass(frozen=True, eq=False)
class JurisdictionRules:
    dateline: Pattern
    colon_dateline: Pattern
    court_place: tuple[Pattern, ...]
    court_country: tuple[tuple[Pattern, str], ...]
    extradited_to: Pattern
    extradited_from: Pattern
    org_keywords: Pattern
    demonym_auth: Pattern
    # US state names that are more often something else (a country, a city)
    ambiguous_states: frozenset[str]
    # words before a place that make it a route, not where the case is
    route_words: frozenset[str]
    possessives: tuple[str, ...]
    article_prefix: str  # lower-case "the " before a place name
    court_seat_article: Pattern  # "The", "A" before a court's seat
    org_article: Pattern  # "the" before a court or agency name
    authority_words: frozenset[str]  # "Nigerian police", "Thai authorities"
    # the language's own country names the gazetteer (English names) does not know, lower
    # case -> ISO alpha-2 ("méxico" -> "MX")
    country_names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, eq=False)
class LanguageSupport:
    """Everything the pipeline needs for one language: its spaCy model and its rules."""

    code: str  # ISO 639-1, as the language detector reports it
    model_names: tuple[str, ...]  # spaCy packages to try, in order
    lexicon: Lexicon
    zones: ZoneRules
    case: CaseRules
    charges: ChargeRules
    people: PeopleRules
    status: StatusRules
    victims: VictimRules
    jurisdiction: JurisdictionRules


def wrap_tolerant(pattern: str) -> str:
    """Let a lexicon phrase match across a hard line wrap ("sex\\ntrafficking")."""
    return pattern.replace("[- ]", "[-\\s]").replace(" ", "\\s+")
