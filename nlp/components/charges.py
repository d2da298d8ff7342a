# ruff: noqa: E501  (regex lexicon lines are kept whole for readability)
"""Charges: trafficking and smuggling offences by wording and by statute, with a category.

The statute lexicon covers the main anti-trafficking laws of English-reporting jurisdictions.
Each hit gets a tier: a formal charge statement or a count in a charge list beats prose about
the case, which beats headlines, definitions and background; only the highest tier present
gives the case's charges (`select_charges`). Where the wording does not say which kind of
trafficking, the category is inferred from the charge's own context, then from the text
(organs -> organ, commercial sex -> sex, forced work -> labour); with nothing to go on, no
category is reported. A statute's own gloss ("section 370(4), which deals with trafficking of
minors") counts as its wording.
`child_trafficking` only when the charge wording itself names a child or minor.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from tipwatch.nlp.components.base import ChargeHit, doc_text
from tipwatch.nlp.components.zones import LISTED, PROSE, prose_line_mask
from tipwatch.records import ChargeCategory as C

_MINOR = (
    r"(?:a\s+)?(?:minors?|child(?:ren)?|juveniles?|girls? under \d+|person under \d+|"
    r"(?:\d+|[a-z]+)-year-old (?:girls?|boys?|child(?:ren)?)|"
    r"(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several)\s+)?minor\s+(?:girls?|boys?|child(?:ren)?))"
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
    # labour trafficking
    (r"(?:labou?r|work)[- ]traffick(?:ing|ed)", C.LABOUR_TRAFFICKING, None),
    (
        r"traffick(?:ing|ed)\s+(?:\w+\s+){0,4}?for\s+(?:the\s+purposes?\s+of\s+)?(?:labou?r|forced labou?r|labou?r exploitation|exploitation|domestic servitude|work)",
        C.LABOUR_TRAFFICKING,
        None,
    ),
    (r"forced (?:or compulsory )?labou?r", C.LABOUR_TRAFFICKING, None),
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
        r"smuggl(?:ing|ed)\s+(?:of\s+)?(?:\d+\s+)?(?:migrants|people|persons|aliens|asylum[- ]seekers|unlawful non-citizens|illegal immigrants)",
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
    (r"(?:human|persons?|people)[- ]traffick(?:ing|ed)", None, None),
    (
        r"traffick(?:ing|ed)\s+(?:in|of)\s+(?:persons|people|human beings|women|girls|humans|adults)",
        None,
        None,
    ),
    (
        r"traffick(?:ing|ed)\s+(?:\w+\s+){0,4}?(?:women|girls|men|people|persons|victims)\s+(?:into|within|around|out of|across|to|from)\b",
        None,
        None,
    ),
    (
        r"conspiracy to (?:commit\s+)?traffic\w*(?:\s+(?:in\s+)?(?:persons|people|women|girls))?",
        None,
        None,
    ),
    (
        r"arranging or facilitating (?:the )?travel of another person with a view to (?:their )?exploitation",
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

_COMPILED = [(re.compile(p, re.I), c, s) for p, c, s in _PATTERNS]
_COMPILED_STATUTES = [(re.compile(p, re.I), c, s) for p, c, s in _STATUTES]
_DISTRACTOR_BEFORE = re.compile(
    r"\b(?:drugs?|narcotics?|cocaine|heroin|meth\w*|cannabis|ganja|marijuana|arms|firearms?|"
    r"guns?|weapons?|wildlife|ivory|timber|gold|cigarettes?|tobacco|fuel|ammunition|crack|"
    r"fentanyl|opium|ketamine|animal|rhino|pangolin|antiquities|counterfeit)\s*(?:and\s+\w+\s+)?$",
    re.I,
)
_DISTRACTOR_AFTER = re.compile(
    r"^\s*(?:in|of)\s+(?:drugs?|narcotics?|cocaine|heroin|firearms?|weapons?|guns?|wildlife|"
    r"ivory|arms|fentanyl|methamphetamine|controlled)",
    re.I,
)
_SEX_CONTEXT = re.compile(
    r"\b(?:prostitut\w+|commercial sex|sex work\w*|brothels?|escort|"
    r"sexual(?:ly)? exploit\w+|pimp\w*|sex trade|massage parlou?r|"
    r"sexual servitude|sex slaves?|pander\w*|sex for money|sexual acts? for money|"
    r"(?:forced|made) to have sex|sex with (?:customers|clients|men)|for sex)\b",
    re.I,
)
_LABOUR_CONTEXT = re.compile(
    r"\b(?:forced labou?r|labou?r exploitation|domestic servitude|"
    r"unpaid work|slavery|slave|debt bondage|construction|(?<!baby )factory|farm\w*|"
    r"domestic (?:work(?:ers?)?|servants?|help(?:ers?)?)|forced to work|jobs? abroad|"
    r"overseas employment|recruit\w* (?:for|as) work\w*|military service|plantations?|"
    r"without pay|for no pay|unpaid|wages? (?:were |was )?withheld)\b",
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


def not_an_offence(text: str, start: int, end: int) -> bool:
    """The trafficking words name an agency, a campaign or a place, not an offence."""
    return bool(
        _ORG_AFTER.match(text[end : end + 40])
        or _NOT_OFFENCE_BEFORE.search(text[max(0, start - 40) : start])
    )


def _is_headline(line: str) -> bool:
    """A title or standfirst line: capitals throughout or title case, no closing stop."""
    stripped = line.strip()
    letters = _LETTERS.findall(stripped)
    if not letters:
        return False
    if sum(c.isupper() for c in letters) >= 0.7 * len(letters):
        return True
    words = [w for w in stripped.split() if _LETTERS.search(w)]
    if stripped.endswith((".", "!", "?", '"', "”")) or len(words) < 4:
        return False
    minor = {"of", "in", "to", "for", "and", "the", "a", "an", "on", "at", "with", "by", "from"}
    capped = sum(1 for w in words if w[0].isupper() or w.lower() in minor)
    return capped >= 0.85 * len(words)


def _line_tiers(text: str) -> list[tuple[int, int, bool, bool]]:
    """(start, end, headline, listed count) per line."""
    out: list[tuple[int, int, bool, bool]] = []
    pos = 0
    in_list = 0  # lines left in the current list of counts
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line)
        pos = end
        words = line.split()
        if _LIST_HEAD.search(line.strip()):
            in_list = 15
            out.append((start, end, False, False))
            continue
        if in_list and (_LIST_STOP.match(line) or len(words) > 12):
            in_list = 0
        listed = bool(in_list) and 0 < len(words) <= 12
        if in_list:
            in_list -= 1
        out.append((start, end, not listed and _is_headline(line), listed))
    return out


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    s = 0
    for m in _SENT_END.finditer(text, max(0, start - 600), start):
        s = m.end()
    m2 = _SENT_END.search(text, end)
    return s, (m2.end() if m2 else len(text))


def infer_category(text: str, context: str | None = None) -> C | None:
    """Category for generic trafficking wording: from the charge's own context first, else from
    the text's vocabulary (organ removal -> organ, commercial sex -> sex, forced work -> labour);
    None when the text gives nothing to go on."""
    for chunk in (context, text):
        if not chunk:
            continue
        sex = len(_SEX_CONTEXT.findall(chunk))
        labour = len(_LABOUR_CONTEXT.findall(chunk))
        organ = len(_ORGAN_CONTEXT.findall(chunk))
        if organ and organ >= max(sex, labour):
            return C.ORGAN_TRAFFICKING
        if labour > sex:
            return C.LABOUR_TRAFFICKING
        if sex:
            return C.SEX_TRAFFICKING
    return None


def statute_gloss(text: str, m: re.Match[str]) -> str:
    """What the text says the statute covers: a bracketed gloss inside the match ("section 143
    (trafficking of persons)") or a following "which deals with ..." clause."""
    inner = " ".join(re.findall(r"\(([^)]*[A-Za-z][^)]*)\)", m.group(0)))
    after = _GLOSS_AFTER.match(text[m.end() : m.end() + 160])
    return " ".join(x for x in (inner, after.group(0) if after else "") if x)


def find_charges(text: str, allowed: list[tuple[int, int]] | None = None) -> list[ChargeHit]:
    """Every trafficking/smuggling charge wording in `text` (optionally only inside `allowed`),
    each with its tier (see `ChargeHit.tier`). `select_charges` keeps the ones that count."""
    hits: list[ChargeHit] = []
    taken: list[tuple[int, int]] = []
    lines = _line_tiers(text)
    prose_text = "\n".join(text[s:e] for s, e in allowed) if allowed is not None else text

    def ok(start: int, end: int) -> bool:
        if allowed is not None and not any(s <= start < e for s, e in allowed):
            return False
        return not any(s < end and start < e for s, e in taken)

    def place(start: int, end: int) -> tuple[int, bool, str]:
        line = next((ln for ln in lines if ln[0] <= start < ln[1]), (0, len(text), False, False))
        if line[3]:
            return 3, True, text[max(0, start - 300) : end + 300]
        s, e = _sentence(text, start, end)
        sent = text[s:e]
        context = text[max(line[0], s - 300) : min(line[1], e + 300)]
        if line[2]:
            return 1, False, context
        agent = bool(_AGENT_NOUN.search(text[start:end]) or _AGENT_NOUN.match(text[end : end + 12]))
        if _CHARGE_STATEMENT.search(sent) and not agent:
            return 3, False, context
        if _CASE_PROSE.search(sent):
            return 2, False, context
        return 1, False, context

    def add(m: re.Match[str], cat: C | None, statute: str | None) -> None:
        start, end = m.start(), m.end()
        tier, listed, context = place(start, end)
        category = cat
        was_inferred = guessed = False
        if category is None:
            gloss = statute_gloss(text, m) if statute is not None else ""
            names_minor = (
                _MINOR_IN_GLOSS.search(gloss)
                if statute is not None
                else _MINOR_IN_CHARGE.search(m.group(0))
            )
            if names_minor:
                category = C.CHILD_TRAFFICKING
            elif gloss and _ORGAN_CONTEXT.search(gloss):
                category = C.ORGAN_TRAFFICKING
            elif statute == "POCSO":
                category = C.OTHER
            else:
                category = infer_category(prose_text, context)
                was_inferred = True
                if category is None:
                    category, guessed = C.SEX_TRAFFICKING, True
        hits.append(
            ChargeHit(
                text=m.group(0),
                category=category,
                statute=statute,
                span=(start, end),
                inferred=was_inferred,
                tier=tier,
                listed=listed,
                guessed=guessed,
            )
        )
        taken.append((start, end))

    for rx, cat, statute in _COMPILED:
        for m in rx.finditer(text):
            start, end = m.start(), m.end()
            if not ok(start, end):
                continue
            if (
                _DISTRACTOR_BEFORE.search(text[max(0, start - 30) : start])
                or _DISTRACTOR_AFTER.match(text[end : end + 40])
                or not_an_offence(text, start, end)
            ):
                continue
            add(m, cat, statute)
    for rx, cat, statute in _COMPILED_STATUTES:
        for m in rx.finditer(text):
            if ok(m.start(), m.end()):
                add(m, cat, statute)
    # a bare "trafficking" in a list of offences: "found guilty of conspiracy to rape, child
    # prostitution and trafficking"
    for m in _BARE_TRAFFICKING.finditer(text):
        start, end = m.start(), m.end()
        if not ok(start, end) or _DISTRACTOR_AFTER.match(text[end : end + 40]):
            continue
        if _DISTRACTOR_BEFORE.search(text[max(0, start - 30) : start]):
            continue
        s, _e = _sentence(text, start, end)
        lead = text[s:start]
        if _OFFENCE_LIST_LEAD.search(lead) and re.search(r"(?:,|\band|\bof|\bwith)\s*$", lead):
            add(m, None, None)
    hits.sort(key=lambda h: h.span)
    return hits


def select_charges(hits: list[ChargeHit]) -> list[ChargeHit]:
    """The charges of the case: those worded where the text states a charge or legal step
    (the highest tier present), not headlines, definitions or background. Explicit wording
    beats an inferred category, except for a count listed on its own."""
    # a category guessed with nothing in the text to support it is not reported
    hits = [h for h in hits if not h.guessed]
    if not hits:
        return []
    top = max(h.tier for h in hits)
    kept = [h for h in hits if h.tier == top]
    explicit = {h.category for h in kept if not h.inferred and h.category is not C.OTHER}
    if explicit:
        kept = [h for h in kept if not h.inferred or h.listed or h.category in explicit]
    return kept


@Language.factory(
    "tipwatch_charges",
    requires=["doc._.prose_mask"],
    assigns=["doc._.charges"],
)
def make_charges(nlp: Language, name: str) -> ChargeFinder:
    return ChargeFinder()


class ChargeFinder:
    def __call__(self, doc: Doc) -> Doc:
        # prose, and table lines of three words or more; never menus or related-posts lists
        # (and the counts of a charge list, however short)
        listed = {s for s, _e, _h, is_count in _line_tiers(doc_text(doc)) if is_count}
        allowed = [
            (s, e)
            for s, e, zone in prose_line_mask(doc_text(doc))
            if zone == PROSE
            or (zone != LISTED and (len(doc_text(doc)[s:e].split()) >= 3 or s in listed))
        ]
        doc._.charges = find_charges(doc_text(doc), allowed)
        return doc
