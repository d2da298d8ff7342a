"""The country an outlet outside the registry publishes from, and how that was inferred.

Clues, strongest first (`METHODS`): the domain's country-code TLD, the page's geo meta tags
(`geo.region` "KE-30", `geo.country` "KE"), the publisher's postal address in JSON-LD
(`publisher.address.addressCountry`), the Open Graph locale (`og:locale` "en_NG") and the
`<html lang="en-IN">` region. Locale and language tags are the weakest: content management
systems ship `en_US` as a default, so they only decide when nothing stronger does, and `en_US`
/ `en-US` is never taken (recorded as evidence of an unknown country). Every
inference names its method and the text it was read from, and an operator confirms the country
when adopting the outlet (`tipwatch sources adopt`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pycountry
from lxml import html as lxml_html
from lxml.etree import ParserError

from tipwatch.crawlers.domains import cctld_country

CCTLD = "cctld"
GEO_META = "geo_meta"
JSONLD_PUBLISHER = "jsonld_publisher"
OG_LOCALE = "og_locale"
HTML_LANG = "html_lang"
UNKNOWN = "unknown"
# Strongest first; `UNKNOWN` is what is recorded when no clue was found.
METHODS = (CCTLD, GEO_META, JSONLD_PUBLISHER, OG_LOCALE, HTML_LANG, UNKNOWN)

# Bytes of a page read for its metadata (the clues sit in the head).
HEAD_BYTES = 256 * 1024
_REGION = re.compile(r"^[A-Za-z]{2,3}[-_]([A-Za-z]{2})\b")


@dataclass(frozen=True)
class CountryClue:
    country: str | None
    method: str
    # The text the country was read from, e.g. 'og:locale="en_NG"' (None for unknown).
    evidence: str | None = None

    @property
    def rank(self) -> int:
        return METHODS.index(self.method)


NO_CLUE = CountryClue(None, UNKNOWN)


def _country(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().upper()
    if code == "UK":
        code = "GB"
    if len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None:
        return code
    if len(code) == 3:
        found = pycountry.countries.get(alpha_3=code)
        return found.alpha_2 if found is not None else None
    try:
        found = pycountry.countries.lookup(code)
    except LookupError:
        return None
    return str(found.alpha_2)


def _region_country(tag: str | None) -> str | None:
    """The region of a locale or language tag: "en_NG" / "en-IN" -> NG / IN."""
    m = _REGION.match((tag or "").strip())
    return _country(m.group(1)) if m else None


def domain_clue(domain: str) -> CountryClue | None:
    country = cctld_country(domain)
    return CountryClue(country, CCTLD, f".{domain.rsplit('.', 1)[-1]}") if country else None


def _meta(doc: Any, key: str) -> str | None:
    for el in doc.iter("meta"):
        name = (el.get("name") or el.get("property") or "").strip().lower()
        if name == key:
            content = el.get("content")
            if content and content.strip():
                return str(content).strip()
    return None


def _publisher_countries(node: Any) -> list[str]:
    """`addressCountry` of every publisher (or the page's own organisation) in a JSON-LD tree."""
    out: list[str] = []
    if isinstance(node, list):
        for item in node:
            out.extend(_publisher_countries(item))
    elif isinstance(node, dict):
        kind = node.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        is_org = any(k in ("Organization", "NewsMediaOrganization") for k in kinds)
        for key, value in node.items():
            if key == "publisher" or (key == "address" and is_org):
                target = value.get("address", value) if isinstance(value, dict) else value
                if isinstance(target, dict):
                    country = target.get("addressCountry")
                    if isinstance(country, dict):
                        country = country.get("name") or country.get("@id")
                    if isinstance(country, str):
                        out.append(country)
            if isinstance(value, (dict, list)):
                out.extend(_publisher_countries(value))
    return out


def page_clue(body: bytes | str) -> CountryClue:
    """The strongest country clue in a page's markup (`NO_CLUE` when it has none or the markup
    does not parse)."""
    if isinstance(body, bytes):
        body = body[:HEAD_BYTES].decode("utf-8", errors="replace")
    else:
        body = body[:HEAD_BYTES]
    if not body.strip():
        return NO_CLUE
    try:
        doc = lxml_html.document_fromstring(body)
    except (ParserError, ValueError):
        return NO_CLUE
    for key in ("geo.country", "geo.region"):
        value = _meta(doc, key)
        if value and (country := _country(value.split("-")[0].split(";")[0])):
            return CountryClue(country, GEO_META, f'{key}="{value}"')
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for value in _publisher_countries(data):
            if country := _country(value):
                return CountryClue(country, JSONLD_PUBLISHER, f'addressCountry="{value}"')
    defaults: list[str] = []
    locale = _meta(doc, "og:locale")
    if country := _region_country(locale):
        if not _is_default(locale):
            return CountryClue(country, OG_LOCALE, f'og:locale="{locale}"')
        defaults.append(f'og:locale="{locale}"')
    lang = doc.get("lang") or doc.get("xml:lang")
    if country := _region_country(lang):
        if not _is_default(lang):
            return CountryClue(country, HTML_LANG, f'html lang="{lang}"')
        defaults.append(f'html lang="{lang}"')
    if defaults:
        return CountryClue(None, UNKNOWN, " ".join(defaults) + _DEFAULT_NOTE)
    return NO_CLUE


# Locale tags that content management systems set unless someone changes them (WordPress and
# most themes ship en_US): of the 126 outlets of the article-extraction benchmark, 48 had
# en_US/en-US as their only clue, and at least five of those are not American (an Indian,
# a Nigerian, a Russian, a Korean and a Swiss site). Recorded as evidence, never taken.
_DEFAULT_LOCALES = frozenset(("en-us",))
_DEFAULT_NOTE = " (a content management system default: not taken as the country)"


def _is_default(tag: str | None) -> bool:
    return (tag or "").strip().lower().replace("_", "-") in _DEFAULT_LOCALES
