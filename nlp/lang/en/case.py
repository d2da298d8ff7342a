"""English evidence that a text reports a human-trafficking case: trafficking terms, their
distractors (drugs, arms, wildlife), legal steps, and policy or awareness vocabulary."""

from __future__ import annotations

import re

from tipwatch.nlp.lang.en.charges import PERSON_SOLD, SELL
from tipwatch.nlp.lang.rules import CaseRules, wrap_tolerant

# human-trafficking or migrant-smuggling wording (tolerant of a hard line wrap)
HT_TERM = re.compile(
    r"\b(?:(?:human|sex|sexual|child|children|labou?r|people|person|persons|women|girls?|baby|"
    r"organ)[- ]traffick\w*|traffick(?:ing|ed)\s+(?:in|of)\s+(?:persons|people|humans|human beings|"
    r"women|girls|children|minors?|a minor|a child|babies)|traffick(?:ed|ing)\s+(?:\w+\s+){0,3}?"
    r"(?:women|girls|children|minors?|migrants|workers|people|victims|teenagers?)|"
    r"(?:people|human|migrant|alien|child|children|infant|baby|newborn)[- ]smuggl\w*|"
    r"smuggl\w+\s+(?:of\s+)?(?:migrants|people|"
    r"asylum[- ]seekers|aliens)|smuggl(?:e|es|ed|ing)\s+(?:[\w-]+\s+){0,3}?(?:women|girls|"
    r"children|minors|boys|teenagers|migrants|workers|persons|infants?|bab(?:y|ies)|newborns?|"
    r"toddlers?)\b|traffick(?:ed|ing)\s+of\s+(?:\w+\s+)?"
    r"minorities|forced labou?r|sexual servitude|domestic servitude|slavery|"
    r"servitude|debt bondage|(?:unlawful|illegal) (?:entry|immigration)|unlawful non-citizens|"
    r"trafficking of a minor|trafficking victims?|trafficker|traffickers|smugglers?|"
    r"modern slavery|for (?:sexual exploitation|prostitution)|"
    # South Asian news English for sex trafficking; a smuggling ring (drugs and gold are
    # told apart by the distractor words before the match)
    r"sex[- ]rackets?|flesh[- ]trade|immoral traffic\w*|"
    r"smuggling (?:ring|network|gang|syndicate|racket)s?|"
    # recruitment fraud that sends workers abroad (South Asia, the Philippines), people
    # moved as cargo or smuggled across a border (goods are told apart as above)
    r"(?:job|visa|recruitment|manpower)[- ]rackets?|human cargo|"
    # the sale of a person, or a person sold or forced into prostitution (news that never
    # writes "trafficking": "sold a 16-year-old girl to a brothel")
    rf"{SELL}\s+(?:(?:a|an|the|her|his|their|two|three|four|\d+|minor|teenage|"
    rf"young|\d+-year-old)\s+){{0,3}}{PERSON_SOLD}|"
    rf"{SELL}\s+(?:\w+\s+){{0,5}}?(?:to|into)\s+(?:a\s+|the\s+)?(?:brothels?|"
    r"prostitution|flesh[- ]trade|sex work)|"
    r"(?:forc|push|lur)\w*\s+(?:\w+\s+){0,3}?into\s+(?:prostitution|flesh[- ]trade|sex work)|"
    r"smuggled\s+(?:in|into|across|out of|through|over)\b)\b",
    re.I,
)


HT_TERM = re.compile(wrap_tolerant(HT_TERM.pattern), re.I)
GENERIC_TRAFFICKING = re.compile(r"\btraffick(?:ing|ed|ers?)\b", re.I)
DISTRACTOR = re.compile(
    r"\b(?:drugs?|narcotics?|cocaine|heroin|meth\w*|cannabis|ganja|marijuana|arms|firearms?|"
    r"guns?|weapons?|wildlife|ivory|timber|gold|cigarettes?|tobacco|ammunition|fentanyl|crack|"
    r"opium|ketamine|donkey|rhino|pangolins?|animals?|hashish|ice|kush|contraband|"
    r"counterfeit|credit cards?|antiquities|stolen goods|cattle|livestock|cows?)\b",
    re.I,
)
_LEGAL_WORDS = re.compile(
    r"\b(?:arrest\w*|charged|charges|indict\w*|arraign\w*|convict\w*|sentenc\w*|jailed|"
    r"imprison\w*|acquitt\w*|pleaded|pled|guilty|detained|remanded|prosecut\w*|trial|"
    r"extradit\w*|warrant|custody|accused|court|nabbed|apprehended|fugitive|wanted|"
    r"handed over|booked|chargesheet\w*|charge[- ]sheet\w*|(?-i:FIRs?)|(?:in|pay)\s+restitution)\b",
    re.I,
)
# a legal step that happened to someone (not "convictions", "court", "prosecution")
_EVENT_WORDS = re.compile(
    r"\b(?:arrested|charged|indicted|arraign(?:ed|s)|convicted|sentenced|jailed|imprisoned|"
    r"acquitted|pleaded|pled|pleads|detained|remanded|extradited|nabbed|apprehended|booked|"
    r"handed over|found\s+(?:\w+\s+){0,12}?(?:not\s+)?guilty|discharged|manhunt|absconding|"
    r"fled|declared wanted|condemn(?:s|ed)?|fined|suspended sentence|"
    # a court's order to pay the victims is part of a sentence
    r"(?:pay|paid|pays|receive|received)\s+[^;\n]{0,50}?\d[^;\n]{0,20}?\s+in\s+restitution|"
    r"ordered\s+to\s+pay\s+[^.;\n]{0,60}?restitution|"
    r"chargesheet(?:ed)?|charge ?sheet|rescued|intercepted|jails|"
    # held, and a bid against being held: "remains in detention", "extended their detention",
    # "loses bid to end detention" (not protective custody, where rescued people are placed)
    r"(?:remains?|remained|held|kept|placed)\s+in\s+(?!protective)(?:\w+\s+)?"
    r"(?:detention|custody)|(?:end|extends?|extended|against)\s+(?:(?:his|her|their)\s+)?"
    r"detention|gets?\s+(?:life|\d+\s+years)|"
    # South Asian police and court steps: "FIR No. 215/2024 was registered under sections 3
    # and 4", "a case has been registered against", "sought post-arrest bail"
    r"(?-i:FIR)s?\b[^;]{0,80}?\bregistered|(?:case|cases|complaint)\s+(?:has|have|had|was|"
    r"were)\s+(?:been\s+)?(?:registered|lodged)|registered\s+(?:an?\s+)?(?-i:FIR)|"
    r"post-arrest|bail\s+(?:petition|application|plea)s?)\b",
    re.I,
)
# policy, awareness and statistics pieces: no proceedings against anyone in particular
_POLICY = re.compile(
    r"\b(?:bill|legislation|amend(?:ment|ed|s)?|guidelines|polic(?:y|ies)|awareness|campaign|"
    r"march(?:ed|ers)?|walk(?:ed)?|rally|workshop|seminar|conference|summit|world day|"
    r"statistics|convictions|reports of|cases in|cases last year|mandate|council|committee|"
    r"task force|national action plan|signed|memorandum|ratif\w+|lawmakers?|senators?|"
    r"parliament|assembly|cooperation|bilateral|talks|lawsuits?|civil suit|reparations|"
    r"compensate)\b",
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

# a paragraph ends at a blank line, or at a line break after a closing stop (one paragraph a
# line, as press-release pages are laid out)
_PARA_BREAK = re.compile(r"\n[ \t]*\n|(?<=[.!?\"”])[ \t]*\n")

# nouns that name people as what is trafficked (lemmas; an object with one of them among its
# modifiers counts too: "trafficking in persons cases")
_TRAFFICKED_PEOPLE = {
    "person", "people", "human", "humans", "being", "woman", "women", "girl", "boy", "child",
    "children", "minor", "teen", "teenager", "youth", "juvenile", "adolescent", "baby", "infant",
    "newborn", "orphan", "daughter", "son", "wife", "bride", "man", "men", "family", "worker",
    "labourer", "laborer", "labor", "labour", "migrant", "immigrant", "emigrant", "refugee",
    "asylum", "seeker", "alien", "foreigner", "national", "citizen", "victim", "individual",
    "maid", "helper", "domestic", "nanny", "servant", "slave", "prostitute", "student",
    "athlete", "player", "dancer", "model", "recruit", "applicant", "jobseeker", "villager",
    "female", "females", "male", "males", "adult", "adults", "kid", "kids", "youngster", "lady",
    "ladies", "toddler", "underage", "fisherman", "fishermen", "crew", "crewman", "seafarer",
    "sailor", "deckhand", "miner", "farmworker", "farmhand", "cook", "waitress", "hostess",
    "masseuse", "entertainer", "singer", "escort", "employee", "hand", "caregiver", "nurse",
    "organ", "organs", "kidney", "kidneys", "sex", "sexual", "prostitution", "servitude",
    "minority", "minorities", "tribal", "tribals", "labourers", "persons",
    "exploitation", "her", "him", "them", "us", "me", "someone", "anyone", "others",
}  # fmt: skip
# nouns the object slot holds that name no trafficked object
_TRADE_FRAMES = {
    "case", "crime", "charge", "count", "offence", "offense", "ring", "network", "gang",
    "syndicate", "racket", "operation", "scheme", "conspiracy", "organization", "organisation",
    "enterprise", "venture", "activity", "business", "industry", "trade", "route", "hub",
    "law", "act", "statute", "unit", "task", "force", "team", "investigation", "probe",
    "prosecution", "trial", "conviction", "sentence", "allegation", "accusation", "problem",
    "issue", "crisis", "awareness", "prevention", "month", "day", "year", "week", "division",
    "section", "court", "centre", "center", "shelter", "hotline", "survivor", "nature", "form",
    "type", "kind", "part", "role", "way", "connection", "relation", "behalf", "context",
    "violation", "purpose", "purposes", "means", "cause", "result", "attempt", "effort", "fight",
    "victimization", "justice", "jury", "facility", "exchange", "nation", "state", "country",
    "city", "region", "area", "district", "province", "county", "world", "community", "town",
    "village", "territory", "border", "continent", "home", "house", "hotel", "camp",
    "prison", "jail", "author", "date", "budget", "claim", "rumour", "rumor", "fear", "concern",
}  # fmt: skip
_TRADE_QUANTITIES = {
    "number", "numbers", "group", "groups", "hundred", "hundreds", "thousand", "thousands",
    "dozen", "dozens", "score", "scores", "million", "millions", "batch", "boatload",
    "truckload", "lot", "lots", "bunch", "handful", "pair", "couple", "total", "amount",
    "quantity", "shipment", "consignment", "load", "cargo",
}  # fmt: skip

CASE = CaseRules(
    ht_term=HT_TERM,
    generic_trafficking=GENERIC_TRAFFICKING,
    distractor=DISTRACTOR,
    legal_words=_LEGAL_WORDS,
    event_words=_EVENT_WORDS,
    policy=_POLICY,
    topic_line=_TOPIC_LINE,
    step_words=_STEP_WORDS,
    not_taken=_NOT_TAKEN,
    para_break=_PARA_BREAK,
    list_item=re.compile(
        r"\s*(?:\((?:[a-z]|[ivx]{1,5}|\d{1,2})\)|(?:[a-z]|[ivx]{1,5}|\d{1,2})[.)]|[-•*–]|"
        r"(?:count|charge)\s+(?:no\.?\s*)?(?:\d{1,2}|[ivx]{1,5}|one|two|three|four|five|six)"
        r"\s*[:.–-])\s",
        re.I,
    ),
    case_anaphora=re.compile(
        r"\b(?:in\s+(?:this|that)\s+connection|in\s+connection\s+with\s+(?:the|this|that)\s+"
        r"(?:case|crime|racket|incident|matter|operation|raid|rescue)|(?:involved|involvement)\s+in\s+"
        r"(?:the|this|that)\s+(?:crime|racket|case|offence|offense|scheme|operation)|"
        r"(?:members?|kingpin|mastermind|ringleader|leader)\s+of\s+the\s+(?:racket|gang|syndicate|"
        r"ring|network))\b",
        re.I,
    ),
    list_opener=re.compile(r":[-—–]?[ \t]*(?:\n|$)"),
    bare_term=re.compile(
        r"(?:traffickers?|smugglers?|smuggling\s+(?:ring|network|gang|syndicate|racket)s?)",
        re.I,
    ),
    trafficked_people=frozenset(_TRAFFICKED_PEOPLE),
    trade_frames=frozenset(_TRADE_FRAMES),
    thing_heads=frozenset(
        {"pornography", "porn", "image", "video", "material", "remains", "identity", "identitie"}
    ),
    trade_quantities=frozenset(_TRADE_QUANTITIES),
)
