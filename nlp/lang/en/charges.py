# ruff: noqa: E501  (regex lexicon lines are kept whole for readability)
"""English charge wording: trafficking and smuggling offences, the statutes of
English-reporting jurisdictions, and the cues that place a wording in a charge statement.

The statute lexicon covers the main anti-trafficking laws of English-reporting jurisdictions.
`child_trafficking` only when the charge wording itself names a child or minor.
"""

from __future__ import annotations

import re

from tipwatch.nlp.lang.rules import ChargeRules
from tipwatch.records import ChargeCategory as C

_MINOR = (
    r"(?:a\s+)?(?:minors?|child(?:ren)?|juveniles?|girls? under \d+|person under \d+|"
    r"(?:\d+|[a-z]+)-year-old (?:girls?|boys?|child(?:ren)?)|"
    r"(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several)\s+)?minor\s+(?:girls?|boys?|child(?:ren)?))"
)
# the sale of a person, also read by the case decision (`lang/en/case.py`): the verb, and the
# people sold (not "sold the girl's phone")
SELL = r"(?:sell(?:s|ing)?|sold)"
PERSON_SOLD = (
    r"(?:girls?|boys?|wom[ae]n|minors?|child(?:ren)?|teenagers?|bab(?:y|ies)|infants?|"
    r"newborns?|daughters?|sons?|wi(?:fe|ves)|brides?)(?!['’])"
)
_PATTERNS: list[tuple[str, C | None, str | None]] = [
    # child trafficking: the charge itself names a child or minor
    (
        rf"(?:human\s+|sex(?:ual)?\s+|sex-)?traffick(?:ing|ed)\s+(?:of\s+|in\s+)?{_MINOR}",
        C.CHILD_TRAFFICKING,
        None,
    ),
    (r"child(?:ren)?[- ](?:sex[- ])?traffick(?:ing|ers?)", C.CHILD_TRAFFICKING, None),
    (
        r"traffic(?:k(?:ing|ed))?\s+(?:a\s+)?(?:baby|babies|infants?|child|children)\b",
        C.CHILD_TRAFFICKING,
        None,
    ),
    (
        r"traffick(?:ing|ed)\s+(?:her|his|their)\s+(?:own\s+|\w+-year-old\s+)?(?:daughters?|sons?|child(?:ren)?|nieces?|nephews?)",
        C.CHILD_TRAFFICKING,
        None,
    ),
    (
        r"(?:buying|selling|sale)\s+of\s+(?:a\s+)?(?:child(?:ren)?|minors?|bab(?:y|ies))",
        C.CHILD_TRAFFICKING,
        None,
    ),
    (
        r"commercial sexual exploitation of (?:a )?(?:child(?:ren)?|minors?)",
        C.CHILD_TRAFFICKING,
        None,
    ),
    # sex trafficking
    (
        r"sex(?:ual)?[- ]traffick(?:ing|ed)(?:\s+by\s+(?:force|fraud|coercion)[\w ,/]*)?",
        C.SEX_TRAFFICKING,
        None,
    ),
    (
        r"traffic(?:k(?:ing|ed))?\s+(?:\w+\s+){0,4}?for\s+(?:the\s+purposes?\s+of\s+)?(?:sexual exploitation|prostitution|commercial sex|sex work|sex)",
        C.SEX_TRAFFICKING,
        None,
    ),
    (
        r"(?:trafficking|conspiracy to traffic)\s+(?:\w+\s+){0,3}?(?:into|within|out of)\s+the\s+UK\s+for\s+sexual\s+exploitation",
        C.SEX_TRAFFICKING,
        None,
    ),
    (r"sexual servitude", C.SEX_TRAFFICKING, None),
    (r"trafficking by force(?:/|\s+or\s+)?fear", C.SEX_TRAFFICKING, None),
    (r"forced prostitution", C.SEX_TRAFFICKING, None),
    # keeping a brothel or running a prostitution business counts as a sex-trafficking case
    # (docs/annotation.md); promoting or facilitating prostitution is charged as its own
    # count (category other) but still makes the text a candidate (pimping and pandering are
    # left to the context they give a bare "human trafficking" charge)
    (
        r"(?:brothel[- ]keeping|(?:keep\w*|kept|runn?\w*|ran|operat\w*|manag\w*)\s+(?:an?\s+|the\s+)?"
        r"(?:\w+[- ]end\s+|illegal\s+|\w+\s+)?(?:brothels?|prostitution\s+(?:services?|rings?|"
        r"business\w*|rackets?|networks?|operations?|dens?)|(?:brothel|sex)\s+(?:network|ring)s?))",
        C.SEX_TRAFFICKING,
        None,
    ),
    (
        r"(?:promot|facilitat|procur|solicit|encourag|advanc|profit)\w*\s+(?:\w+\s+){0,2}?prostitution|"
        r"living (?:off|on) the (?:earnings|proceeds) of prostitution|"
        r"(?:child|juvenile) prostitution",
        C.OTHER,
        None,
    ),
    # labour trafficking
    (r"(?:labou?r|work)[- ]traffick(?:ing|ed)", C.LABOUR_TRAFFICKING, None),
    (
        r"traffick(?:ing|ed)\s+(?:\w+\s+){0,4}?for\s+(?:the\s+purposes?\s+of\s+)?(?:labou?r|forced labou?r|labou?r exploitation|exploitation|domestic servitude|work)",
        C.LABOUR_TRAFFICKING,
        None,
    ),
    (r"forced (?:or compulsory )?labou?r", C.LABOUR_TRAFFICKING, None),
    # the Philippines' Migrant Workers Act offence, often charged beside trafficking
    (
        r"(?:large[- ]scale\s+|syndicated\s+)?illegal recruitment|Migrant Workers (?:and Overseas Filipinos )?Act",
        C.OTHER,
        None,
    ),
    (
        r"(?:holding|held|hold)\s+(?:a\s+)?(?:person|people|someone|\w+)\s+in\s+slavery(?:\s+or\s+servitude)?",
        C.LABOUR_TRAFFICKING,
        None,
    ),
    (r"(?:domestic|involuntary)\s+servitude", C.LABOUR_TRAFFICKING, None),
    (r"slavery(?:\s+offences?)?", C.LABOUR_TRAFFICKING, None),
    (r"debt bondage", C.LABOUR_TRAFFICKING, None),
    (r"bonded labou?r", C.LABOUR_TRAFFICKING, None),
    # organ trafficking
    (
        r"(?:organ|kidney)[- ]traffick(?:ing|ers?)|traffick(?:ing|ed)\s+(?:in|of)\s+(?:human\s+)?organs|"
        r"traffick(?:ing|ed)\s+(?:\w+\s+){0,3}?for\s+(?:the\s+(?:purposes?\s+of\s+)?)?(?:the\s+)?(?:removal|harvesting|sale)\s+of\s+(?:their\s+|human\s+)?(?:organs|kidneys?)",
        C.ORGAN_TRAFFICKING,
        None,
    ),
    # migrant smuggling
    (r"(?:people|human|migrant|alien|person)[- ]smuggl(?:ing|ers?)", C.MIGRANT_SMUGGLING, None),
    (
        r"smuggl(?:e|es|ing|ed)\s+(?:of\s+)?(?:\d+\s+|\w+\s+)?(?:(?:illegal|undocumented|irregular|foreign)\s+)?(?:migrants|people|persons|aliens|asylum[- ]seekers|unlawful non-citizens|immigrants|nationals|refugees)",
        C.MIGRANT_SMUGGLING,
        None,
    ),
    # harbouring or ferrying migrants without papers (Immigration Acts of Malaysia, Singapore)
    (
        r"(?:harbou?r|ferr|transport|conceal|shelter|employ)\w*\s+(?:\w+\s+){0,3}?(?:illegal|undocumented|irregular)\s+(?:immigrants|migrants|foreigners|workers)",
        C.MIGRANT_SMUGGLING,
        None,
    ),
    # 8 U.S.C. 1324(a)(1)(A)(iv): encouraging or inducing aliens to enter or reside unlawfully
    (
        r"(?:encourag|induc)\w*\s+(?:(?:and|or)\s+(?:encourag|induc)\w*\s+)?(?:an?\s+|illegal\s+)*aliens?",
        C.MIGRANT_SMUGGLING,
        None,
    ),
    (
        r"(?:facilitat|assist|conspir|aid|abett)\w*\s+(?:\w+\s+){0,4}?(?:unlawful|illegal)\s+(?:entry|immigration|migration)",
        C.MIGRANT_SMUGGLING,
        None,
    ),
    (
        r"facilitating the bringing (?:in)?to \w+ of (?:a group of )?(?:five or more |\w+ )?(?:people|persons|non-citizens)[^.;\n]{0,120}",
        C.MIGRANT_SMUGGLING,
        None,
    ),
    (
        r"facilitat\w*\s+(?:\w+\s+){0,3}?breach(?:es)?\s+of\s+(?:\w+\s+)?immigration\s+law|(?:immigration\s+)?facilitation\s+offen[cs]es?",
        C.MIGRANT_SMUGGLING,
        None,
    ),
    (
        r"(?:bringing|transporting|harbou?ring)\s+(?:in\s+)?(?:illegal\s+)?aliens",
        C.MIGRANT_SMUGGLING,
        None,
    ),
    # generic trafficking in persons: category inferred from context
    # (not the name of an act: "the Prevention of Human Trafficking Act" is a statute)
    (
        r"(?:human|persons?|people)[- ]traffick(?:ing|ed)"
        r"(?!\s+(?:\([^)\n]{0,30}\)\s*)?Act\b|\s+and\s+Transportation)",
        None,
        None,
    ),
    (
        r"traffick(?:ing|ed)\s+(?:in|of)\s+(?:persons|people|human beings|women|girls|humans|adults)",
        None,
        None,
    ),
    (
        r"traffick(?:ing|ed)\s+(?:\w+\s+){0,4}?(?:wom[ae]n|girls?|m[ae]n|people|persons?|victims?|"
        r"workers|labou?rers|migrants|youths?|boys)\s+"
        r"(?:into|within|around|out of|across|to|from)\b",
        None,
        None,
    ),
    # the sale of a person ("selling a 16-year-old girl to a brothel", "sold her daughter")
    (
        rf"{SELL}\s+(?:(?:a|an|the|her|his|their|two|three|\d+|minor|teenage|young|"
        rf"\d+-year-old)\s+){{0,3}}{PERSON_SOLD}",
        None,
        None,
    ),
    (
        r"conspiracy to (?:commit\s+)?traffic\w*(?:\s+(?:in\s+)?(?:persons|people|women|girls))?",
        None,
        None,
    ),
    (
        # the Modern Slavery Act 2015 s.2 offence, as charged and as judgments word it
        r"arrang\w*\s+or\s+facilitat\w*\s+(?:the\s+)?travel\s+of\s+(?:another|a)(?:\s+person)?\s+"
        r"with\s+a\s+view\s+to\s+(?:\w+\s+){0,2}?exploit\w*",
        None,
        None,
    ),
    (
        r"(?:charged with|convicted of|guilty of|accused of|jailed for|sentenced for|arrested for|counts? of|charges? of)\s+(?:\w+\s+){0,2}?traffick(?:ing)\b",
        None,
        None,
    ),
]

# Statutes: (regex, category or None for inferred, short statute name)
_STATUTES: list[tuple[str, C | None, str]] = [
    (
        r"(?:section|sec\.?|s\.)\s*370A\b(?:\s*(?:of the )?(?:IPC|Indian Penal Code))?",
        None,
        "IPC 370A",
    ),
    (
        r"(?:section|sec\.?|s\.)\s*370\b(?:\s*\(\d+\))?(?:\s*\([^)\n]{0,60}\))?(?:\s*(?:of the )?(?:IPC|Indian Penal Code))?",
        None,
        "IPC 370",
    ),
    (r"\bIPC\s*(?:section\s*)?370A?\b", None, "IPC 370"),
    (r"Immoral Traffic(?:\s*\(Prevention\))?\s*Act|\bITPA\b|\bPITA\b", C.SEX_TRAFFICKING, "ITPA"),
    (r"\bPOCSO\b(?:\s*Act)?|Protection of Children from Sexual Offences Act", None, "POCSO"),
    (
        r"(?:section|sec\.?|s\.)\s*143\s*(?:\(\d+\)\s*)?(?:\([^)\n]{0,60}\)\s*)?(?:of the )?(?:BNS|Bharatiya Nyaya Sanhita)",
        None,
        "BNS 143",
    ),
    (r"\bBNS\s*(?:section\s*)?14[34]\b", None, "BNS 143"),
    (
        r"(?:Republic Act|R\.?A\.?)\s*(?:No\.?\s*)?9208|Anti-Trafficking in Persons Act of 2003",
        None,
        "RA 9208",
    ),
    (
        r"(?:Republic Act|R\.?A\.?)\s*(?:No\.?\s*)?10364|Expanded Anti-Trafficking in Persons Act",
        None,
        "RA 10364",
    ),
    (r"(?:Republic Act|R\.?A\.?)\s*(?:No\.?\s*)?11862", None, "RA 11862"),
    (
        r"\bATIPSOM\b|Anti-Trafficking in Persons and Anti-Smuggling of Migrants Act",
        None,
        "ATIPSOM",
    ),
    (
        r"\bTIPPEA\b|Trafficking in Persons \((?:Prevention|Prohibition)\),?\s*Enforcement and Administration",
        None,
        "TIPPEA",
    ),
    (r"Modern Slavery Act(?: 2015)?", C.LABOUR_TRAFFICKING, "Modern Slavery Act 2015"),
    # Singapore: trafficking of women and girls, brothels, living on prostitution
    (r"Women'?s Charter", None, "Women's Charter"),
    (r"Prevention of Human Trafficking Act|\bPHTA\b", None, "PHTA"),
    # Ghana's Act 694, Uganda's and others' acts of that name
    (r"(?<!Anti-)(?<!of )Human Trafficking Act", None, "Human Trafficking Act"),
    (r"(?<!Anti-)(?<!Counter-)Trafficking in Persons Act", None, "Trafficking in Persons Act"),
    (r"18\s*U\.?S\.?C\.?\s*(?:§+\s*)?159[01]", C.SEX_TRAFFICKING, "18 U.S.C. 1591"),
    (r"18\s*U\.?S\.?C\.?\s*(?:§+\s*)?1589", C.LABOUR_TRAFFICKING, "18 U.S.C. 1589"),
    (r"8\s*U\.?S\.?C\.?\s*(?:§+\s*)?1324", C.MIGRANT_SMUGGLING, "8 U.S.C. 1324"),
    (r"(?:Penal Code|PC)\s*(?:section\s*)?236\.1", None, "Cal. PC 236.1"),
    (r"\bHTTCA\b|Human Trafficking and Trafficking of Children Act", None, "HTTCA 2007"),
    (r"\bPSHTA\b|Prevention and Suppression of Human Trafficking Act", None, "PSHTA 2012"),
    (
        r"Human Trafficking and Transportation \(Control\) Act",
        None,
        "Human Trafficking and Transportation (Control) Act",
    ),
    (r"Counter[- ]Trafficking in Persons Act", None, "Counter-Trafficking in Persons Act"),
    (r"Prevention and Combating of Trafficking in Persons Act", None, "PACOTIP"),
    (r"Trafficking Victims Protection Act|\bTVPA\b", None, "TVPA"),
    (r"Anti-Human Trafficking Act", None, "Anti-Human Trafficking Act"),
    (
        r"Prevention,? Suppression and Punishment of Trafficking in Persons",
        None,
        "Trafficking in Persons Act",
    ),
]

_DISTRACTOR_BEFORE = re.compile(
    r"\b(?:drugs?|narcotics?|cocaine|heroin|meth\w*|cannabis|ganja|marijuana|arms|firearms?|"
    r"guns?|weapons?|wildlife|ivory|timber|gold|cigarettes?|tobacco|fuel|ammunition|crack|"
    r"fentanyl|opium|ketamine|animal|rhino|pangolin|antiquities|counterfeit)\s*(?:and\s+\w+\s+)?$",
    re.I,
)
# images of abuse are goods: "trafficking (of|in) child pornography", "Trafficking Child
# Pornography" (the charge's words end before the good)
_ABUSE_IMAGES = (
    r"(?:child\s+)?(?:pornograph\w*|porn\b|(?:sexual\s+)?abuse\s+(?:images?|material|videos?)|"
    r"obscen\w+)"
)
_DISTRACTOR_AFTER = re.compile(
    r"^\s*(?:(?:in|of)\s+(?:drugs?|narcotics?|cocaine|heroin|firearms?|weapons?|guns?|wildlife|"
    rf"ivory|arms|fentanyl|methamphetamine|controlled|{_ABUSE_IMAGES})|{_ABUSE_IMAGES})",
    re.I,
)
_SEX_CONTEXT = re.compile(
    r"\b(?:prostitut\w+|commercial sex|sex work\w*|brothels?|escort|"
    r"sexual(?:ly)? exploit\w+|pimp\w*|sex trade|massage parlou?r|connection houses?|"
    r"sexual servitude|sex slaves?|pander\w*|sex for money|sexual acts? for money|"
    r"(?:forced|made) to have sex|sex with (?:customers|clients|men)|for sex|rape|raped|"
    r"raping)\b",
    re.I,
)
_LABOUR_CONTEXT = re.compile(
    r"\b(?:forced labou?r|labou?r exploitation|domestic servitude|"
    r"unpaid work|slavery|slave|debt bondage|construction|(?<!baby )factory|farm\w*|"
    r"domestic (?:work(?:ers?)?|servants?|help(?:ers?)?)|forced to work|jobs? abroad|"
    r"overseas employment|recruit\w* (?:for|as) work\w*|military service|plantations?|"
    r"without pay|for no pay|unpaid|wages? (?:were |was )?withheld|"
    # people held to work in online-fraud compounds (South-East Asia)
    r"scam (?:compounds?|cent(?:re|er)s?|hubs?|operations?)|forced to (?:scam|commit fraud))\b",
    re.I,
)
_MINOR_IN_GLOSS = re.compile(r"\b(?:minors?|child(?:ren)?|juveniles?)\b", re.I)
_ORGAN_CONTEXT = re.compile(r"\b(?:kidneys?|organs|transplant\w*)\b", re.I)
# a statute's own gloss: "section 143 (trafficking of persons)", "..., which deals with ..."
_GLOSS_AFTER = re.compile(
    r"^(?:\s*\(\d+\))?(?:\s*of the [A-Z][\w ]{0,40}?)?,?\s+which\s+(?:deals with|covers|relates to|"
    r"concerns|punishes|penali[sz]es)\s+[^,.;()]{0,80}"
)
_MINOR_IN_CHARGE = re.compile(r"\b(?:minor|child|children|juvenile|girl|boy|under 1[0-8])\b", re.I)


_CHARGE_STATEMENT = re.compile(
    r"\b(?:charged|charges?|counts?|convicted|convictions?|guilty|pleaded|pled|pleads?|"
    r"indicted|indictments?|jailed|sentenced|admit(?:s|ted)?|den(?:y|ies|ied)|suspicion|"
    r"offen[cs]es?(?!\s*(?:\(\w+\)\s*)?Act)|faces?|facing|arraigned|acquitted|cleared|chargesheet\w*)\b",
    re.I,
)
_CASE_PROSE = re.compile(
    r"\b(?:accused|alleged\w*|arrest\w*|trial|court|prosecut\w*|detained|remanded|"
    r"extradit\w*|warrant)\b",
    re.I,
)
# "...with the following felony counts:", "Charges:", "Convicted of:"
_LIST_HEAD = re.compile(
    r"(?:counts?|charges?|offen[cs]es|felony|felonies|misdemeanou?rs?|convicted of|guilty of|"
    r"guilty to|charged with|following)\s*:\s*$",
    re.I,
)
_LIST_STOP = re.compile(
    r"^\s*(?:sentencing enhancements?|enhancements?|allegations?|special allegations?|"
    r"maximum|status|pre-?trial|circumstances|victims?|background|bail)\b",
    re.I,
)
# a sentence ends at a stop before a capital, or at a line break unless the text is hard-wrapped
_SENT_END = re.compile(r"[.!?](?=\s+[\"'“‘(]?[A-Z0-9])|\n(?![ \t]*[a-z])")
# an agent or group noun describes a person, not the offence charged
_AGENT_NOUN = re.compile(r"(?:ers?|ring|gang)$|^\s*(?:ring|gang|network|syndicate)s?\b", re.I)
_LETTERS = re.compile(r"[A-Za-z]")
_BARE_TRAFFICKING = re.compile(r"\btrafficking\b", re.I)
_OFFENCE_LIST_LEAD = re.compile(
    r"\b(?:guilty|convicted|charged|charges?|counts?|offen[cs]es|crimes)\b[^.;:!?]{0,200}$",
    re.I,
)


# a trafficking word naming a unit, task force or campaign ("Human Trafficking Task Force",
# "anti-trafficking efforts") or a kind of place ("an area known for human trafficking")
_ORG_AFTER = re.compile(
    r"^[\s)]*(?:\(\w+\)\s*)?(?:task\s*force|units?|teams?|bureau|division|coalition|cent(?:er|re)|"
    r"office|section|squad|awareness|prevention|information|hotline|committee|council|"
    r"commission|agency|department|program(?:me)?|initiative|month|day|week|summit|"
    r"conference|efforts?|laws?|polic(?:y|ies)|statistics|report|areas?|hot\s?spots?|zones?|"
    r"corridors?|routes?)\b",
    re.I,
)
_NOT_OFFENCE_BEFORE = re.compile(
    r"(?:\banti[-\s]?(?:human[-\s])?|known\s+for\s+(?:\w+\s+){0,3})$", re.I
)


_PURPOSE_TERM = re.compile(
    r"\b(?:prostitution|pornography|sexual exploitation|forced labou?r|slavery|"
    r"(?:involuntary )?servitude|debt bondage|removal (?:or sale )?of organs|sale of organs|"
    r"forced marriage|begging)\b",
    re.I,
)

CHARGES = ChargeRules(
    purpose_term=_PURPOSE_TERM,
    patterns=tuple((re.compile(p, re.I), c, s) for p, c, s in _PATTERNS),
    statutes=tuple((re.compile(p, re.I), c, s) for p, c, s in _STATUTES),
    other_statutes=frozenset({"POCSO"}),
    court_after=re.compile(r"\s+(?:\(\w+\)\s+)?(?:courts?|judges?|tribunals?|benches)\b", re.I),
    distractor_before=_DISTRACTOR_BEFORE,
    distractor_after=_DISTRACTOR_AFTER,
    sex_context=_SEX_CONTEXT,
    labour_context=_LABOUR_CONTEXT,
    organ_context=_ORGAN_CONTEXT,
    minor_in_gloss=_MINOR_IN_GLOSS,
    minor_in_charge=_MINOR_IN_CHARGE,
    gloss_after=_GLOSS_AFTER,
    gloss_inner=re.compile(r"\(([^)]*[A-Za-z][^)]*)\)"),
    charge_statement=_CHARGE_STATEMENT,
    case_prose=_CASE_PROSE,
    list_head=_LIST_HEAD,
    list_stop=_LIST_STOP,
    sent_end=_SENT_END,
    agent_noun=_AGENT_NOUN,
    letters=_LETTERS,
    bare_trafficking=_BARE_TRAFFICKING,
    offence_list_lead=_OFFENCE_LIST_LEAD,
    # "... conspiracy to rape, child prostitution and trafficking"
    list_joiner=re.compile(r"(?:,|\band|\bof|\bwith)\s*$"),
    org_after=_ORG_AFTER,
    not_offence_before=_NOT_OFFENCE_BEFORE,
    suffered_before=re.compile(
        r"\b(?:victims?|survivors?)\s+of\s+(?:the\s+)?(?:[a-z]+\s+)?$", re.I
    ),
    headline_minor_words=frozenset(
        {"of", "in", "to", "for", "and", "the", "a", "an", "on", "at", "with", "by", "from"}
    ),
)
