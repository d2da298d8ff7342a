"""English cues for where proceedings happen: datelines, court names, the courts and agencies
that place a case in one country, extradition phrasing."""

from __future__ import annotations

import re

from tipwatch.nlp.lang.rules import JurisdictionRules

_DATELINE = re.compile(
    r"^\s*([A-Z][A-Za-z.'\- ]{2,30}?)(?:,\s*([A-Z][A-Za-z.\- ]{1,20}?))?\s*(?:\([^)]{1,20}\))?\s*"
    r"[–—-]{1,2}\s",
    re.M,
)
# "Pune:" / "Kathmandu/New Delhi:" datelines (South Asian and African press)
_COLON_DATELINE = re.compile(
    r"^\s*([A-Z][A-Za-z.'\- ]{2,30}?)(?:/[A-Z][A-Za-z.'\- ]{2,30})?:\s", re.M
)
_COURT_TYPES = (
    r"(?:District|High|Sessions|Magistrates?'?|Magistrate's|Circuit|Federal High|Regional Trial|"
    r"Supreme|Crown|Criminal|Municipal|Superior|County|City|Special|Family|Juvenile|Appeals?|"
    r"Provincial|Metropolitan|Chief Magistrate's|Trial)"
)
# where the court sits: "the Kathmandu District Court", "a court in Accra", "Federal High Court,
# Kano", "court sitting in Benin City"
_COURT_PLACE = [
    re.compile(rf"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?) {_COURT_TYPES} Court\b"),
    re.compile(r"\b[Cc]ourts?\b(?: [A-Z][a-z]+)*(?: sitting)? in ([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b"),
    re.compile(r"\bCourt, ([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b"),
]
_COURT_COUNTRY = [
    (
        re.compile(
            r"\bCrown Court\b|\bOld Bailey\b|\bCrown Prosecution Service\b|\bCPS\b|"
            r"\bNational Crime Agency\b|\bHome Office\b|\bConstabulary\b"
        ),
        "GB",
    ),
    (
        re.compile(
            r"\bDistrict Attorney\b|\bSuperior Court\b|\bU\.S\. Attorney\b|\bFBI\b|"
            r"\bHomeland Security\b|\bSheriff'?s (?:Office|Department)\b"
        ),
        "US",
    ),
    (
        re.compile(
            r"\bAustralian Federal Police\b|\bAFP\b|\bCommonwealth Director of Public "
            r"Prosecutions\b"
        ),
        "AU",
    ),
    (re.compile(r"\bDirectorate of Criminal Investigations?\b|\bDCI\b|\bODPP\b"), "KE"),
    (re.compile(r"\bPhilippine National Police\b|\bNBI\b|\bIACAT\b"), "PH"),
    (re.compile(r"\bFIR\b|\bAnti-Human Trafficking Unit\b|\bIPC\b|\bSessions Court\b"), "IN"),
]
_EXTRADITED_TO = re.compile(
    r"\bextradit\w*\s+(?:[\w,]+\s+){0,6}?to\s+(?:the\s+)?([A-Z][a-z]+(?: [A-Z][a-z]+)?)"
)
_EXTRADITED_FROM = re.compile(
    r"\bextradit\w*\s+(?:[\w,]+\s+){0,4}?from\s+(?:the\s+)?([A-Z][a-z]+(?: [A-Z][a-z]+)?)"
)
_ORG_KEYWORDS = re.compile(
    r"\b(?:Court|Courts|Police|Constabulary|Department|Agency|Office|Bureau|Task Force|Unit|"
    r"Service|Directorate|Prosecutors?|Attorney|Sheriff|Border Force|Immigration|Customs|"
    r"Tribunal|Magistrates?|Justice Center|Justice Centre|Strike Team|Crime Agency)\b"
)
_DEMONYM_AUTH = re.compile(
    r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+(?:police|authorities|court|courts|prosecutors|"
    r"officials|immigration|judge|government)\b"
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
    ambiguous_states=frozenset({"georgia", "washington"}),
    route_words=frozenset({"from", "to"}),
    possessives=("'s", "’s"),
    article_prefix="the ",
    court_seat_article=re.compile(r"^(?:The|A|An) "),
    org_article=re.compile(r"^the\s+", re.I),
    authority_words=frozenset(
        {"police", "authorities", "court", "courts", "prosecutors", "immigration"}
    ),
)
