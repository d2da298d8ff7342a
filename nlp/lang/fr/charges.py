# ruff: noqa: E501  (regex lexicon lines are kept whole for readability)
"""French charge wording: "traite des êtres humains", "proxénétisme aggravé", "travail forcé",
"aide à l'entrée et au séjour irréguliers", with the statutes French-language courts cite
(France's Code pénal and CESEDA, Belgium's Code pénal, West African trafficking laws) and the
cues that place a wording in a charge statement ("mis en examen pour", "condamné pour").

`child_trafficking` only when the charge wording itself names a child or minor.
"""

from __future__ import annotations

import re

from tipwatch.nlp.lang.rules import ChargeRules
from tipwatch.records import ChargeCategory as C

_D = r"(?:d['’]\s*|de\s+)"  # "de" / "d'"
_MINOR = r"(?:(?:un(?:e)?\s+|des\s+|de\s+|d['’]\s*)?(?:mineur(?:e)?s?|enfants?|fillettes?|bébés?|nourrissons?)(?:\s+de\s+(?:moins\s+de\s+)?(?:quinze|15|dix-huit|18)\s+ans)?)"
_PATTERNS: list[tuple[str, C | None, str | None]] = [
    # child trafficking: the charge itself names a child or minor
    (
        rf"traite\s+(?:des\s+êtres?\s+humains?\s+)?(?:aggravée\s+)?(?:de\s+|des\s+|d['’]\s*|sur\s+|à\s+l['’]égard\s+d['’]\s*)?{_MINOR}",
        C.CHILD_TRAFFICKING,
        None,
    ),
    (rf"trafic\s+{_D}?(?:enfants|bébés|mineur(?:e)?s)", C.CHILD_TRAFFICKING, None),
    (rf"vente\s+{_D}?(?:enfants?|bébés?|nourrissons?)", C.CHILD_TRAFFICKING, None),
    (
        rf"proxénétisme\s+(?:aggravé\s+)?(?:sur|à\s+l['’]égard\s+d['’]\s*|de)\s*{_MINOR}",
        C.CHILD_TRAFFICKING,
        None,
    ),
    (rf"(?:prostitution|exploitation\s+sexuelle)\s+{_D}{_MINOR}", C.CHILD_TRAFFICKING, None),
    # sex trafficking
    (
        r"traite\s+(?:des\s+êtres?\s+humains?|des\s+personnes|d['’]\s*êtres?\s+humains?|des\s+femmes)\s+(?:\w+\s+){0,3}?(?:aux\s+fins|à\s+des\s+fins|en\s+vue)\s+(?:d['’]\s*exploitation\s+sexuelle|de\s+(?:la\s+)?prostitution)",
        C.SEX_TRAFFICKING,
        None,
    ),
    (r"proxénétisme(?:\s+aggravé)?(?:\s+en\s+bande\s+organisée)?", C.SEX_TRAFFICKING, None),
    (r"prostitution\s+forcée", C.SEX_TRAFFICKING, None),
    (r"esclavage\s+sexuel", C.SEX_TRAFFICKING, None),
    (r"exploitation\s+(?:de\s+la\s+)?(?:sexuelle|prostitution)", C.SEX_TRAFFICKING, None),
    # labour trafficking
    (
        r"traite\s+(?:des\s+êtres?\s+humains?|des\s+personnes|d['’]\s*êtres?\s+humains?)\s+(?:\w+\s+){0,3}?(?:aux\s+fins|à\s+des\s+fins|en\s+vue)\s+(?:de\s+travail\s+forcé|d['’]\s*exploitation\s+(?:par\s+le\s+travail|économique)|de\s+servitude|de\s+mendicité)",
        C.LABOUR_TRAFFICKING,
        None,
    ),
    (r"travail\s+forcé|travaux\s+forcés", C.LABOUR_TRAFFICKING, None),
    (
        r"(?:réduction\s+en\s+)?(?:esclavage|servitude)(?:\s+domestique)?",
        C.LABOUR_TRAFFICKING,
        None,
    ),
    (
        r"exploitation\s+par\s+le\s+travail|mendicité\s+forcée|exploitation\s+de\s+la\s+mendicité",
        C.LABOUR_TRAFFICKING,
        None,
    ),
    (
        r"(?:soumission|soumettre)\s+(?:\w+\s+){0,3}?à\s+des\s+conditions\s+de\s+travail(?:\s+ou\s+d['’]\s*hébergement)?\s+(?:contraires|incompatibles)\s+(?:à|avec)\s+la\s+dignité(?:\s+humaine)?",
        C.LABOUR_TRAFFICKING,
        None,
    ),
    # organ trafficking
    (
        r"trafic\s+d['’]\s*organes|traite\s+(?:\w+\s+){0,4}?(?:aux\s+fins|en\s+vue)\s+(?:du|de\s+)\s*prélèvement\s+d['’]\s*organes",
        C.ORGAN_TRAFFICKING,
        None,
    ),
    # migrant smuggling
    (
        r"aide\s+(?:aggravée\s+)?(?:à\s+l['’]\s*entrée|au\s+séjour|à\s+la\s+circulation|à\s+l['’]\s*immigration)(?:\s*(?:,|et|ou)\s*(?:à\s+la\s+circulation|au\s+séjour|à\s+l['’]\s*entrée))*\s+(?:(?:irrégul|illég|clandestin)\w*(?:\s+d['’]\s*(?:un\s+)?étrangers?)?|d['’]\s*(?:un\s+)?étrangers?\s+en\s+situation\s+irrégulière)",
        C.MIGRANT_SMUGGLING,
        None,
    ),
    (
        r"(?:trafic|traite|passage)\s+(?:illicite\s+)?de\s+migrants|passeurs?\s+de\s+migrants",
        C.MIGRANT_SMUGGLING,
        None,
    ),
    (
        r"(?:organisation|filière|réseau)s?\s+d['’]\s*immigration\s+(?:clandestine|irrégulière)|immigration\s+clandestine",
        C.MIGRANT_SMUGGLING,
        None,
    ),
    (
        r"fai(?:re|t|saient|sait)\s+passer\s+(?:des\s+|de\s+)?(?:\d+\s+)?(?:migrants|clandestins)",
        C.MIGRANT_SMUGGLING,
        None,
    ),
    # generic trafficking in persons: category inferred from context
    (
        r"traite\s+(?:des\s+|d['’]\s*)?(?:êtres?\s+humains?|etres?\s+humains?|personnes|femmes)|traite\s+humaine",
        None,
        None,
    ),
    (r"trafic\s+(?:d['’]\s*)?(?:êtres?\s+humains?|humains?|personnes)|trafic\s+humain", None, None),
]

# Statutes: (regex, category or None for inferred, short statute name)
_ART = r"(?:l['’]\s*)?(?:article|art\.?)\s*"
_STATUTES: list[tuple[str, C | None, str]] = [
    (rf"{_ART}225-4-(?:[2-9])\b(?:\s+du\s+code\s+pénal)?", None, "C. pén. 225-4-2"),
    (rf"{_ART}225-4-1\b(?:\s+du\s+code\s+pénal)?", None, "C. pén. 225-4-1"),
    (rf"{_ART}225-7-1\b(?:\s+du\s+code\s+pénal)?", C.CHILD_TRAFFICKING, "C. pén. 225-7-1"),
    (rf"{_ART}225-(?:5|6|7)\b(?!-)(?:\s+du\s+code\s+pénal)?", C.SEX_TRAFFICKING, "C. pén. 225-5"),
    (rf"{_ART}225-14-[12]\b(?:\s+du\s+code\s+pénal)?", C.LABOUR_TRAFFICKING, "C. pén. 225-14-1"),
    (rf"{_ART}224-1\s*A\b", C.LABOUR_TRAFFICKING, "C. pén. 224-1 A"),
    (
        rf"{_ART}L\.?\s*(?:622-1|823-1)\b(?:\s+du\s+(?:CESEDA|code\s+de\s+l['’]entrée\s+et\s+du\s+séjour\s+des\s+étrangers))?",
        C.MIGRANT_SMUGGLING,
        "CESEDA L823-1",
    ),
    (rf"{_ART}433\s*quinquies\b", None, "C. pén. belge 433quinquies"),
    (r"loi\s+(?:n°\s*|no\s*)?2005[-‑]06\b", None, "Sénégal loi 2005-06"),
    (r"loi\s+(?:n°\s*|no\s*)?2016[-‑]1111\b", None, "Côte d'Ivoire loi 2016-1111"),
    (r"loi\s+(?:n°\s*|no\s*)?0?29[-‑]2008\b", None, "Burkina Faso loi 029-2008"),
    (r"loi\s+(?:n°\s*|no\s*)?2012[-‑]023\b", None, "Mali loi 2012-023"),
    (r"ordonnance\s+(?:n°\s*|no\s*)?2010[-‑]86\b", None, "Niger ordonnance 2010-86"),
    (r"loi\s+(?:n°\s*|no\s*)?27[-‑]14\b", None, "Maroc loi 27-14"),
    (r"loi\s+organique\s+(?:n°\s*|no\s*)?2016[-‑]61\b", None, "Tunisie loi 2016-61"),
]

_DISTRACTORS = (
    r"drogues?|stupéfiants|cocaïne|héroïne|cannabis|résine|haschich|armes|munitions|cigarettes|"
    r"tabac|carburant|ivoire|espèces\s+protégées|animaux|véhicules|voitures|influence|contrefaçons?|"
    r"médicaments|devises|faux\s+billets"
)
_DISTRACTOR_BEFORE = re.compile(
    rf"\b(?:{_DISTRACTORS})\s*(?:,|et|ou)?\s*(?:de\s+|d['’]\s*)?$", re.I
)
_DISTRACTOR_AFTER = re.compile(rf"^\s*(?:de\s+|d['’]\s*|des\s+)(?:{_DISTRACTORS})\b", re.I)
_SEX_CONTEXT = re.compile(
    r"\b(?:prostitu\w+|proxénét\w+|maisons?\s+closes?|bordels?|passes|racolage|trottoir|"
    r"exploitation\s+sexuelle|esclav\w+\s+sexuel\w*|salons?\s+de\s+massage|escort\w*|"
    r"relations\s+sexuelles\s+tarifées|clients)\b",
    re.I,
)
_LABOUR_CONTEXT = re.compile(
    r"\b(?:travail\s+forcé|travaux\s+forcés|exploitation\s+par\s+le\s+travail|servitude|"
    r"esclavage|domestiques?|bonnes?\s+à\s+tout\s+faire|chantiers?|agricoles?|champs|"
    r"exploitations?\s+agricoles?|ateliers?|usines?|plantations?|mendicité|sans\s+(?:salaire|"
    r"rémunération)|non\s+rémunérée?s?|salaires?\s+impayés|pêche|orpaillage|mines?\s+d['’]or)\b",
    re.I,
)
_ORGAN_CONTEXT = re.compile(r"\b(?:organes|reins?|greffes?|transplant\w*)\b", re.I)
_MINOR_IN_GLOSS = re.compile(r"\b(?:mineur\w*|enfants?)\b", re.I)
_MINOR_IN_CHARGE = re.compile(
    r"\b(?:mineur\w*|enfants?|fillettes?|bébés?|moins\s+de\s+(?:1[0-8]|quinze|dix-huit)\s+ans)\b",
    re.I,
)
_GLOSS_AFTER = re.compile(
    r"^(?:\s+du\s+[Cc]ode\s+[\wé ]{0,20}?)?,?\s+(?:qui|lequel)\s+(?:réprime|punit|sanctionne|"
    r"concerne|porte\s+sur|vise|définit)\s+[^,.;()]{0,80}"
)
_CHARGE_STATEMENT = re.compile(
    r"\b(?:mis(?:e|es)?\s+en\s+examen|inculp\w+|poursuivi\w*|poursuites|condamn\w+|coupables?|"
    r"chefs?\s+d['’]\s*(?:accusation|inculpation)|accus(?:é|ée|és|ées|ation|ations)|"
    r"pour\s+des\s+faits|répondre\s+de|compara[iî]\w+|jug(?:é|ée|és|ées)|reconnu\w*|relax\w+|"
    r"acquitt\w+|renvoy\w+|écrou\w+|soupçonn\w+|suspect(?:é|ée|és|ées)|infractions?|délits?|"
    r"crimes?|encour\w+|risquen?t?|requis|réquisitions?)\b",
    re.I,
)
_CASE_PROSE = re.compile(
    r"\b(?:enquête\w*|arrest\w*|interpell\w*|garde\s+à\s+vue|procès|tribunal|cour|parquet|"
    r"procureur\w*|mandat|extrad\w+|détention|démantel\w+|gendarmes?|policiers?)\b",
    re.I,
)
_LIST_HEAD = re.compile(
    r"(?:chefs?\s+d['’]\s*(?:accusation|inculpation)|chefs?|infractions|poursuivi(?:e|s|es)?\s+pour|"
    r"condamné(?:e|s|es)?\s+pour|mis(?:e|es)?\s+en\s+examen\s+pour|suivants)\s*:\s*$",
    re.I,
)
_LIST_STOP = re.compile(
    r"^\s*(?:peines?|circonstances|victimes?|contexte|détention|caution|réquisitions?)\b", re.I
)
_SENT_END = re.compile(r"[.!?](?=\s+[\"'“‘«(]?[A-ZÀ-Ý0-9])|\n(?![ \t]*[a-zà-ÿ])")
_AGENT_NOUN = re.compile(
    r"(?:trafiquants?|passeurs?|proxénètes|exploiteurs?|recruteurs?)$|^\s*(?:réseau|gang|bande|filière)s?\b",
    re.I,
)
_OFFENCE_LIST_LEAD = re.compile(
    r"\b(?:coupables?|condamn\w+|poursuivi\w*|mis(?:e|es)?\s+en\s+examen|chefs?|infractions?|"
    r"crimes?|délits?|inculp\w+)\b[^.;:!?]{0,200}$",
    re.I,
)
# a trafficking word naming a unit or an agency ("l'Office central pour la répression de la
# traite des êtres humains", "la lutte contre la traite") is no offence
_ORG_AFTER = re.compile(r"^[\s)]*\((?:OCRTEH|OCRIEST|BRP|CNLTP|CNLTPPA|ONLTP)\)", re.I)
_NOT_OFFENCE_BEFORE = re.compile(
    r"(?:\b(?:lutte|lutter|luttant|combattre|combat|répression|réprimer|prévention|prévenir|"
    r"anti|journée\s+mondiale)\s+(?:\w+\s+){0,1}?"
    r"(?:la\s+|le\s+|les\s+|du\s+|de\s+la\s+|des\s+|de\s+|d['’]\s*)?|\bconnue?s?\s+pour\s+(?:\w+\s+){0,3})$",
    re.I,
)


CHARGES = ChargeRules(
    patterns=tuple((re.compile(p, re.I), c, s) for p, c, s in _PATTERNS),
    statutes=tuple((re.compile(p, re.I), c, s) for p, c, s in _STATUTES),
    other_statutes=frozenset(),
    distractor_before=_DISTRACTOR_BEFORE,
    distractor_after=_DISTRACTOR_AFTER,
    sex_context=_SEX_CONTEXT,
    labour_context=_LABOUR_CONTEXT,
    organ_context=_ORGAN_CONTEXT,
    minor_in_gloss=_MINOR_IN_GLOSS,
    minor_in_charge=_MINOR_IN_CHARGE,
    gloss_after=_GLOSS_AFTER,
    gloss_inner=re.compile(r"\(([^)]*[A-Za-zÀ-ÿ][^)]*)\)"),
    charge_statement=_CHARGE_STATEMENT,
    case_prose=_CASE_PROSE,
    list_head=_LIST_HEAD,
    list_stop=_LIST_STOP,
    sent_end=_SENT_END,
    agent_noun=_AGENT_NOUN,
    letters=re.compile(r"[A-Za-zÀ-ÿ]"),
    bare_trafficking=re.compile(r"\btraite\b", re.I),
    offence_list_lead=_OFFENCE_LIST_LEAD,
    # "... viol, proxénétisme et traite"
    list_joiner=re.compile(r"(?:,|\bet|\bde|\bpour)\s*$"),
    org_after=_ORG_AFTER,
    not_offence_before=_NOT_OFFENCE_BEFORE,
    headline_minor_words=frozenset(
        {
            "de",
            "du",
            "des",
            "la",
            "le",
            "les",
            "à",
            "au",
            "aux",
            "et",
            "en",
            "pour",
            "sur",
            "par",
            "un",
            "une",
        }
    ),
)
