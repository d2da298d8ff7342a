# ruff: noqa: E501  (regex lexicon lines are kept whole for readability)
"""Charges: trafficking and smuggling offences by wording and by statute, with a category.

The statute lexicon covers the main anti-trafficking laws of English-reporting jurisdictions.
Where the wording does not say which kind of trafficking, the category is inferred from the
text (commercial sex -> sex, forced work -> labour, otherwise sex trafficking is assumed only
when sexual-exploitation words are present).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from nlp.components.base import ChargeHit
from nlp.components.zones import LISTED, PROSE, prose_line_mask
from tipwatch.records import ChargeCategory as C

_MINOR = (
    r"(?:a\s+)?(?:minors?|child(?:ren)?|juveniles?|girls? under \d+|person under \d+|"
    r"(?:\d+|[a-z]+)-year-old (?:girls?|boys?|child(?:ren)?))"
)
_PATTERNS: list[tuple[str, C | None, str | None]] = [
    # child trafficking: the charge itself names a child or minor
    (
        rf"(?:human\s+|sex(?:ual)?\s+|sex-)?traffick(?:ing|ed)\s+(?:of\s+|in\s+)?{_MINOR}",
        C.CHILD_TRAFFICKING,
        None,
    ),
    (r"child(?:ren)?[- ](?:sex[- ])?traffick(?:ing|ers?)", C.CHILD_TRAFFICKING, None),
    (r"traffick(?:ing|ed)\s+(?:a\s+)?(?:baby|babies|infants?)", C.CHILD_TRAFFICKING, None),
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
        r"traffick(?:ing|ed)\s+(?:\w+\s+){0,4}?for\s+(?:the\s+purposes?\s+of\s+)?(?:sexual exploitation|prostitution|commercial sex|sex work|sex)",
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
        r"(?:organ|kidney)[- ]traffick(?:ing|ers?)|traffick(?:ing|ed)\s+(?:in|of)\s+(?:human\s+)?organs",
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
        r"(?:section|sec\.?|s\.)\s*370\b(?:\s*(?:of the )?(?:IPC|Indian Penal Code))?",
        None,
        "IPC 370",
    ),
    (r"\bIPC\s*(?:section\s*)?370A?\b", None, "IPC 370"),
    (r"Immoral Traffic(?:\s*\(Prevention\))?\s*Act|\bITPA\b|\bPITA\b", C.SEX_TRAFFICKING, "ITPA"),
    (r"\bPOCSO\b(?:\s*Act)?|Protection of Children from Sexual Offences Act", None, "POCSO"),
    (
        r"(?:section|sec\.?|s\.)\s*143\s*(?:of the )?(?:BNS|Bharatiya Nyaya Sanhita)",
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
        r"\bTIPPEA\b|Trafficking in Persons \(Prevention, Enforcement and Administration\)",
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
    r"sexual servitude|sex slaves?)\b",
    re.I,
)
_LABOUR_CONTEXT = re.compile(
    r"\b(?:forced labou?r|labou?r exploitation|domestic servitude|"
    r"unpaid work|slavery|slave|debt bondage|construction|factory|farm\w*|"
    r"domestic (?:worker|servant|help)|forced to work|jobs? abroad|"
    r"overseas employment|recruit\w* (?:for|as) work\w*|military service)\b",
    re.I,
)
_MINOR_IN_CHARGE = re.compile(r"\b(?:minor|child|children|juvenile|girl|boy|under 1[0-8])\b", re.I)


def infer_category(text: str) -> C:
    """Category for generic trafficking wording, from the whole text's vocabulary."""
    sex = len(_SEX_CONTEXT.findall(text))
    labour = len(_LABOUR_CONTEXT.findall(text))
    if labour > sex:
        return C.LABOUR_TRAFFICKING
    return C.SEX_TRAFFICKING


def find_charges(text: str, allowed: list[tuple[int, int]] | None = None) -> list[ChargeHit]:
    """Every trafficking/smuggling charge wording in `text` (optionally only inside `allowed`)."""
    hits: list[ChargeHit] = []
    taken: list[tuple[int, int]] = []

    def ok(start: int, end: int) -> bool:
        if allowed is not None and not any(s <= start < e for s, e in allowed):
            return False
        return not any(s < end and start < e for s, e in taken)

    inferred: C | None = None
    for rx, cat, statute in _COMPILED:
        for m in rx.finditer(text):
            start, end = m.start(), m.end()
            if not ok(start, end):
                continue
            if _DISTRACTOR_BEFORE.search(
                text[max(0, start - 30) : start]
            ) or _DISTRACTOR_AFTER.match(text[end : end + 40]):
                continue
            category = cat
            was_inferred = False
            if category is None:
                if _MINOR_IN_CHARGE.search(m.group(0)):
                    category = C.CHILD_TRAFFICKING
                else:
                    if inferred is None:
                        inferred = infer_category(text)
                    category = inferred
                    was_inferred = True
            hits.append(
                ChargeHit(
                    text=m.group(0),
                    category=category,
                    statute=statute,
                    span=(start, end),
                    inferred=was_inferred,
                )
            )
            taken.append((start, end))
    for rx, cat, statute in _COMPILED_STATUTES:
        for m in rx.finditer(text):
            start, end = m.start(), m.end()
            if not ok(start, end):
                continue
            category = cat
            was_inferred = False
            if category is None:
                if statute == "POCSO":
                    category = C.OTHER
                else:
                    if inferred is None:
                        inferred = infer_category(text)
                    category = inferred
                    was_inferred = True
            hits.append(
                ChargeHit(
                    text=m.group(0),
                    category=category,
                    statute=statute,
                    span=(start, end),
                    inferred=was_inferred,
                )
            )
            taken.append((start, end))
    hits.sort(key=lambda h: h.span)
    # explicit wording beats inference: drop inferred categories when the text names one
    explicit = {h.category for h in hits if not h.inferred and h.category is not C.OTHER}
    if explicit:
        hits = [h for h in hits if not h.inferred or h.category in explicit]
    return hits


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
        allowed = [
            (s, e)
            for s, e, zone in prose_line_mask(doc.text)
            if zone == PROSE or (zone != LISTED and len(doc.text[s:e].split()) >= 3)
        ]
        doc._.charges = find_charges(doc.text, allowed)
        return doc
