"""English name shapes, titles, calendar words and role cues for finding people."""

from __future__ import annotations

import re
from functools import cache

from tipwatch.nlp.lang.rules import Pattern, PeopleRules

_PARTICLE = (
    r"(?:van|von|de|da|del|dos|das|di|du|bin|binti|binte|bint|bte|al|el|la|le|ul|ud|abu|ibn|der|den"
    r"|s/o|d/o|a/l|a/p|y)"
)
# a name word; also one with a capital inside ("DonTae", "LaShawn", "McKenzie")
_NAME_WORD = (
    r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]'[A-Z][a-z]+|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|"
    r"[A-Z][a-z]+[A-Z][a-z]+)"
)
# words of one name are on one line (a line break separates table cells and headings); a
# middle initial ("Michael J. Babb") and a generational suffix ("Royal III", "Thomas, Sr.")
NAME_RE = (
    rf"{_NAME_WORD}(?:[ \t]+(?:(?:{_PARTICLE}|[A-Z]\.)[ \t]+)?{_NAME_WORD}){{1,3}}"
    r"(?:,?[ \t]+(?:Jr\.|Sr\.|III|II|IV)(?![\w.]))?"
)
_SHAPE_PATTERNS = [
    # "Name, 45," / "Name, 45, of Town"
    (
        re.compile(
            rf"(?<![\w.])(?P<name>{NAME_RE}),\s+(?:aged\s+)?(?P<age>\d{{1,2}})\s*(?:[,;]|\.(?!\d)|\b(?:of|from)\b|$)",
            re.M,
        ),
        True,
    ),
    # "Name (45)"
    (re.compile(rf"(?<![\w.])(?P<name>{NAME_RE})\s+\((?P<age>\d{{1,2}})\)"), True),
    # "45-year-old Name"
    # "45-year-old Name", "a 36-year-old woman, Name"
    (
        re.compile(
            rf"\b(?P<age>\d{{1,2}})-year-old\s+(?:\w+\s+){{0,2}}?(?:[a-z]+,\s+)?(?P<name>{NAME_RE})"
        ),
        True,
    ),
    # "the accused, Name" / "suspect Name" / "identified as Name"
    (
        re.compile(
            rf"\b(?:accused|defendants?|suspects?|traffickers?|smugglers?|ringleader|identified as|"
            rf"named as|mastermind|absconders?|arrestees?|convicts?)\s*,?\s+(?:as\s+)?"
            rf"(?P<name>{NAME_RE})"
        ),
        False,
    ),
    # "Name, aka Nickname" / "Name (a/k/a ...)" / "Name, also known as ...": a person's name
    (
        re.compile(
            rf"(?<![\w.])(?P<name>{NAME_RE}),?\s+\(?(?:aka\b|a\.k\.a\.|a/k/a\b|also\s+known\s+as\b)"
        ),
        False,
    ),
    # a caption that names the accused first, at the start of its line: "X v Republic", "X and
    # Another v S" (the role is read by `PeopleRules.caption_defence`)
    (
        re.compile(
            rf"^[ \t]*(?P<name>{NAME_RE})(?=(?:\s*(?:&|and)\s+(?:Ors|Others|Another|Anor)\.?)?"
            r"\s+(?i:v|vs|versus)\.?\s+(?i:the\s+)?(?i:Public\s+Prosecutor|PP|State|S|R|Regina|"
            r"Rex|Republic|People|Crown)\b)",
            re.M,
        ),
        False,
    ),
]
_ACCUSED_CUE = re.compile(
    r"(?:co-)?(?:accused|defendants?|suspects?|traffickers?|smugglers?|ringleader|mastermind)\b"
)
_MONTHS = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    }
)
_NOT_NAME_WORDS = {
    "customs",
    "immigration",
    "enforcement",
    "homeland",
    "gang",
    "pregnant",
    "the",
    "a",
    "an",
    "police",
    "court",
    "county",
    "district",
    "state",
    "national",
    "federal",
    "crown",
    "supreme",
    "high",
    "city",
    "street",
    "road",
    "department",
    "office",
    "agency",
    "ministry",
    "justice",
    "center",
    "centre",
    "human",
    "trafficking",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "north",
    "south",
    "east",
    "west",
    "new",
    "united",
    "kingdom",
    "states",
    "republic",
    "he",
    "she",
    "they",
    "it",
    "his",
    "her",
    "their",
    "mr",
    "mrs",
    "ms",
    "miss",
    "in",
    "on",
    "at",
    "for",
    "and",
    "but",
    "after",
    "before",
    "when",
    "while",
    "with",
    "from",
    "by",
    "of",
    "this",
    "that",
    "these",
    "those",
    "both",
    "all",
    "two",
    "three",
    "four",
    "five",
    "six",
    "prosecutors",
    "detectives",
    "officers",
    "investigators",
    "authorities",
    "judge",
    "magistrate",
    "defendant",
    "defendants",
    "accused",
    "suspect",
    "suspects",
    "victim",
    "victims",
    "island",
    "bay",
    "beach",
    "park",
    "valley",
    "hills",
    "airport",
    # places people meet or are held in ("the Harrison Plaza security guards")
    "plaza",
    "mall",
    "motel",
    "station",
    "college",
    "resort",
    "market",
    "university",
    "school",
    "hospital",
    "church",
    "party",
    "government",
    "council",
    "task",
    "force",
    "unit",
    "division",
    "bureau",
    "service",
    "services",
    "commission",
    "team",
    "case",
    "press",
    "release",
    "immediate",
    "follow",
    "us",
    "home",
    "share",
    "read",
    "more",
    "related",
    "posts",
    "latest",
    "news",
    "minister",
    "senator",
    "president",
    "officer",
    "detective",
    "inspector",
    "sergeant",
    "constable",
    "director",
    "chief",
    "attorney",
    "general",
    "dr",
    "professor",
    "lord",
    "sir",
    "dame",
    "lady",
    "royal",
    "old",
    "bailey",
    "act",
    "section",
    "code",
    "penal",
    "law",
    "laws",
    "bill",
    "avenue",
    "world",
    "cup",
    "christmas",
    "easter",
    "thanks",
    "dear",
    "said",
    "says",
    "told",
    "according",
    "deputy",
    "sheriff",
    "facebook",
    "twitter",
    "instagram",
    "youtube",
    "google",
    "whatsapp",
    "telegram",
    "prime",
    "bank",
    "hotel",
    "restaurant",
    "spa",
    "limited",
    "ltd",
    "inc",
    "llc",
    "group",
    "media",
    "herald",
    "times",
    "post",
    "daily",
    "mail",
    "guardian",
    "telegraph",
    "tribune",
} | _MONTHS
_TITLE_PREFIX = {"mr", "mrs", "ms", "miss", "mx", "madam", "madame", "mdm"}
_PLACEHOLDER = re.compile(
    r"^(jane|john|baby|child|victim|witness|mr|ms|miss)\s+(doe|roe|[a-z]|\d+)$", re.I
)
_CALENDAR = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
} | _MONTHS
_DATE_LEAD = {
    "on",
    "last",
    "next",
    "this",
    "by",
    "until",
    "till",
    "since",
    "from",
    "every",
    "each",
    "before",
    "after",
    "of",
    "in",
    "late",
    "early",
    "that",
    "between",
    "to",
    "through",
}
# abbreviated given names written with a full stop ("Ma. Cristina" = Maria Cristina)
_NAME_ABBREV = {"ma", "md", "mohd", "muhd", "wm", "jos", "sta", "sto"}
_LEGAL_LEMMAS = {
    "slap",
    "arrest",
    "detain",
    "charge",
    "indict",
    "arraign",
    "convict",
    "sentence",
    "jail",
    "imprison",
    "acquit",
    "plead",
    "admit",
    "deny",
    "face",
    "find",
    "guilty",
    "extradite",
    "apprehend",
    "prosecute",
    "accuse",
    "remand",
    "want",
    "nab",
}
_AGE_AFTER = re.compile(r"^\s*(?:,|\()\s*(?:aged\s+)?(\d{1,2})\s*(?:,|\)|\b)")
_AGE_BEFORE = re.compile(r"\b(\d{1,2})[- ]year[- ]old\s+(?:\w+\s+){0,2}$")
_NOT_VICTIM_CONTEXT = {
    "guilty", "liable", "responsible", "accountable", "possession", "custody", "suspect",
}  # fmt: skip
_HOLD_VICTIM = {"captive", "hostage", "hostages", "slavery", "servitude", "will", "bondage"}
_CONTACT_LEAD = re.compile(
    r"^\s*(?:media\s+(?:inquiries|enquiries|contacts?)|press\s+(?:inquiries|enquiries|contacts?)|"
    r"contacts?|author|written\s+by|posted\s+by|by|reporter|editor|spokes(?:person|man|woman))"
    r"\s*:?\s*$",
    re.I,
)


# cached: called for every demonym at every mention of every person (a regex compiled, or looked
# up in re's cache, 190,000 times on 35 articles)
@cache
def _nationality_after(phrase: str) -> Pattern:
    return re.compile(
        rf"^[^.;\n]{{0,30}}?\b(?:an?|the)\s+({re.escape(phrase)})\s+"
        rf"(?:national|citizen|man|woman|businessman|businesswoman|woman|"
        rf"trafficker|smuggler|suspect|native)\b",
        re.I,
    )


@cache
def _nationality_before(phrase: str) -> Pattern:
    return re.compile(
        rf"\b({re.escape(phrase)})\s+(?:national|citizen|man|woman|"
        rf"trafficker|smuggler|suspect|businessman)\s*,?\s*$",
        re.I,
    )


# "X, aka Y", "a/k/a", "a.k.a.", "also known as", "alias", "nicknamed": the names after it are X's
_ALIAS_CUE = re.compile(
    r"(?:\ba\.?k\.?a\.?|\ba/k/a|\balso\s+known\s+as|\balias|\bnicknamed|\bknown\s+as)"
    r"(?=[\s\"“‘'A-Z])",
    re.I,
)
_DEFINED_TERM = re.compile(
    r"\s*\(\s*(?:(?:hereinafter|hereafter)\s+(?:referred\s+to\s+as\s+|called\s+)?)?"
    r"(?:the\s+)?[\"“‘'](?:the\s+)?(?P<term>[^\"”’'\n()]{1,40}?)[\"”’']\s*\)",
    re.I,
)
# a caption's prosecuting party from the line's start, then "v": the name after it is the accused
_CAPTION_PROSECUTION = re.compile(
    r"\s*(?:\b(?:public\s+prosecutor|pp|(?:the\s+)?state(?:\s+of\s+[A-Z][\w ]{1,30}?)?|"
    r"(?:the\s+)?people(?:\s+of\s+[A-Z][\w ]{1,30}?)?|republic(?:\s+of\s+[A-Z][\w ]{1,30}?)?|"
    r"regina|rex|r|(?:the\s+)?crown|united\s+states(?:\s+of\s+america)?|u\.\s?s\.?|commonwealth|"
    r"director\s+of\s+public\s+prosecutions|dpp|union\s+of\s+india|"
    r"government\s+of\s+[A-Z][\w ]{1,30}?))\s+(?:v|vs|versus)\.?\s+(?:[\w'.-]+\s+){0,4}$",
    re.I,
)
# the text right after a caption's accused party named first, an appeal's appellant: "X v
# Republic", "X and Another v S", "X & Ors v Public Prosecutor", and a table caption's "X
# ......... APPELLANT" (group "table"; the other party the State: `caption_state`)
_CAPTION_DEFENCE = re.compile(
    r"(?:\s*(?:&|and)\s+(?:ors|others|another|anor)\.?)?\s+(?:v|vs|versus)\.?\s+"
    r"(?:the\s+)?(?:public\s+prosecutor|pp|state|s|r|regina|rex|republic|people|crown|"
    r"commonwealth|queen|king)\b(?!\s+(?:v|vs)\b)|"
    r"(?P<table>[ \t]*(?:\.{3,}|[ \t]{3,})[ \t]*(?:(?:first|second|third|1st|2nd|3rd)[ \t]+)?"
    r"(?:appellant|accused|applicant)s?\b)",
    re.I,
)
_CAPTION_STATE = re.compile(
    r"^\s*(?:the\s+)?(?:state|republic|people|crown|regina|rex|public\s+prosecutor|"
    r"director\s+of\s+public\s+prosecutions)\b",
    re.I | re.M,
)
# titles a name's entity may start with: a party to the case or an official ("Petitioners X",
# "Lawyer X", "Prosecutor X"); cut, they are the mention's role word
_ROLE_PREFIX = {
    "petitioner", "petitioners", "appellant", "appellants", "respondent", "respondents",
    "defendant", "defendants", "accused", "lawyer", "attorney", "prosecutor", "barrister",
    "solicitor", "counsel", "advocate", "judge", "magistrate",
}  # fmt: skip
# an institution, a law or a building named after the words before it: "Sarah Lawrence
# College", "the Expanded Anti-Trafficking in Persons Act" (capitalised, on the same line)
_THING_AFTER_NAME = re.compile(
    r"[ \t]+(?:(?:in|of|for|on)[ \t]+[A-Z][\w'’-]*[ \t]+)?(?:College|University|School|"
    r"Academy|Institute|Hospital|Act|Mall|Plaza|Motel|Hotel|Stadium|Airport|Church|Temple|"
    r"Mosque|Cathedral)\b"
)
# a law report citation: volume, the report's abbreviation with its full stop, the page
# ("925 Phil. 97", "533 Phil. 703 (2006)")
_CITATION_AROUND = re.compile(r"\b\d+\s+(?P<name>[A-Z][a-z]+)\.\s+\d+")
_HEADLINE_WORDS = {
    "man", "men", "woman", "women", "couple", "trio", "duo", "pair", "brothers", "sisters",
    "family", "resident", "residents", "national", "nationals", "citizen", "citizens", "native",
    "immigrant", "immigrants", "teen", "teenager", "boy", "girl", "mother", "father", "son",
    "daughter", "husband", "wife", "member", "members", "leader", "leaders", "ringleader",
    "owner", "owners", "operator", "manager", "boss", "fugitive", "offender", "offenders",
    "trafficker", "traffickers", "smuggler", "smugglers", "pimp", "pimps", "dealer", "gang",
    "ring", "cult", "doctor", "coach", "pastor", "priest", "officer", "guard", "agent",
    "former", "ex", "notorious", "convicted", "alleged", "suspected", "accused", "key",
    "guilty", "plea", "pleas", "pleads", "plead", "admits", "sentenced", "sentencing",
    "sentences", "charged", "charges", "conviction", "arrested", "arrest",
    "indicted", "indictment", "extradited", "jailed", "detained", "acquitted", "cleared",
    "freed", "released", "faces", "face", "denied", "trial", "life", "years", "prison",
    "federal", "sex", "labor", "labour", "forced", "child", "visa", "fraud", "scheme",
}  # fmt: skip
# officials and ranks a name's entity may leave out before the name ("Sheriff X", "Chief X")
_NOT_GIVEN_NAMES = {
    "sheriff", "deputy", "chief", "detective", "inspector", "sergeant", "constable", "officer",
    "agent", "special", "general", "colonel", "major", "captain", "lieutenant", "commander",
    "commissioner", "superintendent", "director", "secretary", "minister", "president",
    "governor", "senator", "representative", "rep", "sen", "mayor", "councillor", "councilman",
    "justice", "judge", "magistrate", "prosecutor", "attorney", "lawyer", "counsel", "assistant",
    "acting", "former", "late", "dr", "prof", "professor", "rev", "reverend", "father", "sister",
    "brother", "pastor", "bishop", "imam", "sheikh", "chairman", "chairperson", "spokesman",
    "spokeswoman", "spokesperson", "police", "state", "federal", "county", "city", "district",
    "court", "us", "u.s", "the", "victim", "survivor", "witness", "defendant", "suspect",
    "accused", "convicted", "alleged", "notorious", "self", "styled", "ringleader", "leader",
    "king", "queen", "prince", "princess", "lord", "lady", "sir", "dame", "hon", "honourable",
    "charge", "influencer", "rapper", "singer", "actor", "star", "mogul", "tycoon", "billionaire",
}  # fmt: skip
_HEADLINE_TAIL = {
    "guilty", "sentenced", "charged", "convicted", "arrested", "indicted", "jailed",
    "detained", "acquitted", "extradited", "pleads", "admits", "cleared", "freed",
}  # fmt: skip


PEOPLE = PeopleRules(
    particle_pattern=_PARTICLE,
    shape_patterns=tuple(_SHAPE_PATTERNS),
    accused_cue=_ACCUSED_CUE,
    not_name_words=frozenset(_NOT_NAME_WORDS),
    title_prefixes=frozenset(_TITLE_PREFIX),
    placeholder=_PLACEHOLDER,
    calendar_words=frozenset(_CALENDAR),
    date_leads=frozenset(_DATE_LEAD),
    name_abbreviations=frozenset(_NAME_ABBREV),
    possessive_suffix=re.compile(r"['’]s$"),
    possessives=frozenset({"'s", "’s", "'"}),
    apostrophes=frozenset({"'", "’"}),
    title_glue=frozenset({"'", "’", "'s", "’s", "as"}),
    legal_lemmas=frozenset(_LEGAL_LEMMAS),
    age_after=_AGE_AFTER,
    age_before=_AGE_BEFORE,
    nationality_after=_nationality_after,
    nationality_before=_nationality_before,
    not_victim_context=frozenset(_NOT_VICTIM_CONTEXT),
    hold_victim=frozenset(_HOLD_VICTIM),
    hold_lemma="hold",
    contact_lead=_CONTACT_LEAD,
    alias_cue=_ALIAS_CUE,
    headline_words=frozenset(_HEADLINE_WORDS),
    headline_tail=frozenset(_HEADLINE_TAIL),
    defined_term=_DEFINED_TERM,
    caption_prosecution=_CAPTION_PROSECUTION,
    caption_defence=_CAPTION_DEFENCE,
    caption_state=_CAPTION_STATE,
    role_prefixes=frozenset(_ROLE_PREFIX),
    not_given_names=frozenset(
        _ROLE_PREFIX | _HEADLINE_WORDS | _TITLE_PREFIX | _NOT_GIVEN_NAMES | _CALENDAR | _MONTHS
    ),
    thing_after_name=_THING_AFTER_NAME,
    citation_around=_CITATION_AROUND,
)
