"""Spanish cues for where proceedings happen: datelines ("CIUDAD DE MÉXICO.-", "Madrid,
12 mar (EFE).-"), courts and prosecutors with their seat, the agencies that place a case in one
country, extradition phrasing and Spanish country names."""

from __future__ import annotations

import re
from types import MappingProxyType

from tipwatch.nlp.lang.es.lexicon import COUNTRY_NAMES
from tipwatch.nlp.lang.rules import JurisdictionRules

_UP = r"A-ZÁÉÍÓÚÑ"
_LOW = r"a-záéíóúüñ"
_PLACE = rf"[{_UP}][{_UP}{_LOW}.'\- ]{{2,30}}?"
# "TIJUANA, Baja California.-", "Madrid, 12 mar (EFE).-", "CANCÚN –"
_DATELINE = re.compile(
    rf"^\s*({_PLACE})(?:,\s*([{_UP}][{_UP}{_LOW}.\- ]{{1,20}}?))?\s*(?:,\s*\d{{1,2}}\s+\w+\.?)?"
    r"\s*(?:\([^)]{1,20}\))?\s*\.?\s*[–—-]{1,2}\s",
    re.M,
)
_COLON_DATELINE = re.compile(rf"^\s*({_PLACE})(?:/[{_UP}][{_UP}{_LOW}.'\- ]{{2,30}})?:\s", re.M)
_SEAT = rf"([{_UP}][{_LOW}]+(?: (?:de |del )?[{_UP}][{_LOW}]+)?)"
# "un juez de Tijuana", "la Audiencia Provincial de Sevilla", "Fiscalía de Chiapas",
# "el Juzgado Penal de Cancún"
_COURT_PLACE = [
    re.compile(
        rf"\b(?:[Jj]uzgado|[Tt]ribunal|[Aa]udiencia(?: Provincial)?|[Jj]uez|[Jj]ueza|"
        rf"[Ff]iscal[ií]a)(?: [{_UP}][{_LOW}]+){{0,4}} (?:de|del|en) {_SEAT}\b"
    ),
]
_COURT_COUNTRY = [
    (
        re.compile(
            r"\bFiscal[ií]a General de la Rep[uú]blica\b|\bFGR\b|\bGuardia Nacional\b|"
            r"\bInstituto Nacional de Migraci[oó]n\b|\bINM\b|\bvinculad[oa]s? a proceso\b|"
            r"\bMinisterio P[uú]blico\b|\bSEDENA\b"
        ),
        "MX",
    ),
    (
        re.compile(
            r"\bAudiencia Nacional\b|\bAudiencia Provincial\b|\bGuardia Civil\b|"
            r"\bPolic[ií]a Nacional\b(?= [^.]{0,40}Espa)|\bMossos\b|\bErtzaintza\b|"
            r"\bC[oó]digo Penal espa[nñ]ol\b|\bTribunal Supremo\b(?=[^.]{0,60}Espa)"
        ),
        "ES",
    ),
    (
        re.compile(r"\bFiscal[ií]a General de la Naci[oó]n\b|\bCTI\b|\bMigraci[oó]n Colombia\b"),
        "CO",
    ),
    (re.compile(r"\bPROTEX\b|\bGendarmer[ií]a Nacional\b"), "AR"),
]
_EXTRADITED_TO = re.compile(
    rf"\bextradit\w*\s+(?:[\w,]+\s+){{0,6}}?a\s+({_PLACE.replace('{2,30}?', '{2,30}')})"
)
_EXTRADITED_FROM = re.compile(
    rf"\bextradit\w*\s+(?:[\w,]+\s+){{0,4}}?desde\s+([{_UP}][{_LOW}]+(?: [{_UP}][{_LOW}]+)?)"
)
_ORG_KEYWORDS = re.compile(
    r"\b(?:Juzgado|Tribunal|Audiencia|Fiscal[ií]a|Polic[ií]a|Guardia|Ministerio|Secretar[ií]a|"
    r"Instituto|Procuradur[ií]a|Unidad|Gendarmer[ií]a|Mossos|Direcci[oó]n|Comisar[ií]a)\b"
)
# "la policía mexicana", "las autoridades guatemaltecas", "la justicia española"
_DEMONYM_AUTH = re.compile(
    r"\b(?:[Pp]olic[ií]a|[Aa]utoridades|[Jj]usticia|[Ff]iscal[ií]a|[Tt]ribunales|"
    r"[Gg]obierno|[Mm]igraci[oó]n)\s+([a-záéíóúüñ]+)\b"
)

JURISDICTION = JurisdictionRules(
    dateline=_DATELINE,
    colon_dateline=_COLON_DATELINE,
    court_place=tuple(_COURT_PLACE),
    court_country=tuple(_COURT_COUNTRY),
    extradited_to=_EXTRADITED_TO,
    extradited_from=_EXTRADITED_FROM,
    org_keywords=_ORG_KEYWORDS,
    demonym_auth=_DEMONYM_AUTH,
    ambiguous_states=frozenset({"georgia", "washington", "florida", "nevada", "colorado"}),
    route_words=frozenset({"desde", "hacia", "hasta", "rumbo"}),
    possessives=(),
    article_prefix="el ",
    court_seat_article=re.compile(r"^(?:El|La|Los|Las|Un|Una) "),
    org_article=re.compile(r"^(?:el|la|los|las)\s+", re.I),
    authority_words=frozenset({"policía", "autoridades", "justicia", "fiscalía"}),
    country_names=MappingProxyType(COUNTRY_NAMES),
)
