"""Registrable domains (the bundled Public Suffix List) and the country clues of a page."""

from __future__ import annotations

import pytest

from tipwatch.crawlers.domains import cctld_country, registrable_domain
from tipwatch.crawlers.page_country import (
    GEO_META,
    HTML_LANG,
    JSONLD_PUBLISHER,
    NO_CLUE,
    OG_LOCALE,
    domain_clue,
    page_clue,
)


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("news.nation.co.ke", "nation.co.ke"),
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("WWW.The-Star.co.ke.", "the-star.co.ke"),
        ("epaper.thehindu.com:443", "thehindu.com"),
        ("x.y.gov.in", "y.gov.in"),
        ("myblog.blogspot.com", "myblog.blogspot.com"),
        ("unknown.example", None),
        ("printer.local", None),
        ("localhost", None),
        ("192.168.1.4", None),
        ("", None),
    ],
)
def test_registrable_domain(host: str, domain: str | None) -> None:
    assert registrable_domain(host) == domain


@pytest.mark.parametrize(
    ("domain", "country"),
    [
        ("nation.co.ke", "KE"),
        ("bbc.co.uk", "GB"),
        ("dawn.com.pk", "PK"),
        ("rappler.ph", "PH"),
        ("example.com", None),
        ("example.org", None),
        ("example.news", None),
        ("startup.io", None),
        ("channel.tv", None),
        ("eltiempo.com.co", "CO"),
    ],
)
def test_cctld_country(domain: str, country: str | None) -> None:
    assert cctld_country(domain) == country
    clue = domain_clue(domain)
    assert (clue.country if clue else None) == country


def _page(head: str, lang: str = "en") -> bytes:
    html = f'<html lang="{lang}"><head><title>t</title>{head}</head>'
    return (html + "<body><p>x</p></body></html>").encode()


def test_page_clues_by_strength() -> None:
    og = '<meta property="og:locale" content="en_NG">'
    geo = '<meta name="geo.region" content="KE-30">'
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "publisher": {"@type": '
        '"NewsMediaOrganization", "address": {"@type": "PostalAddress", "addressCountry": '
        '"Ghana"}}}</script>'
    )
    c = page_clue(_page(og))
    assert (c.country, c.method, c.evidence) == ("NG", OG_LOCALE, 'og:locale="en_NG"')
    c = page_clue(_page(og + ld))
    assert (c.country, c.method) == ("GH", JSONLD_PUBLISHER)
    c = page_clue(_page(og + ld + geo))
    assert (c.country, c.method) == ("KE", GEO_META)
    c = page_clue(_page("", lang="en-IN"))
    assert (c.country, c.method) == ("IN", HTML_LANG)
    assert page_clue(_page("", lang="en")) == NO_CLUE
    # The content management systems' default locale is recorded, never taken.
    c = page_clue(_page('<meta property="og:locale" content="en_US">', lang="en-US"))
    assert (c.country, c.method) == (None, "unknown")
    assert c.evidence is not None and c.evidence.startswith('og:locale="en_US" html lang="en-US"')
    c = page_clue(_page('<meta property="og:locale" content="en_US">', lang="en-IN"))
    assert (c.country, c.method) == ("IN", HTML_LANG)
    assert page_clue(_page('<meta property="og:locale" content="en">')) == NO_CLUE
    assert page_clue(b"") == NO_CLUE
    assert page_clue(_page('<script type="application/ld+json">{not json</script>')) == NO_CLUE
