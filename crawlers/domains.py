"""Registrable domains and the country of a country-code top-level domain.

An outlet outside the registry is known by its registrable domain (the public suffix plus one
label: `news.nation.co.ke` -> `nation.co.ke`, `www.bbc.co.uk` -> `bbc.co.uk`). The split reads
the Public Suffix List snapshot that tldextract ships inside its package; it never downloads the
list (no network at run time), so the answer only changes when tldextract is upgraded.
"""

from __future__ import annotations

import ipaddress
from functools import cache

import pycountry
import tldextract

# ccTLDs whose letters do not name the country: the IANA code differs (`.uk`), or the domain
# is sold worldwide as a generic name (`.io`, `.tv`, `.co`, ...). A bare registration under one
# of these says nothing about the outlet's country; a country's own second level under it
# (`com.co`, `gov.tv`) still does.
_CCTLD_COUNTRY = {"uk": "GB"}
_VANITY_CCTLDS = frozenset(("io", "tv", "co", "fm", "ai", "cc", "ws", "nu", "tk", "gg"))


@cache
def _extractor() -> tldextract.TLDExtract:
    # No suffix-list URLs and no cache folder: the snapshot bundled in the package only.
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


def host_of(host: str) -> str:
    """`host` lower-cased, without a trailing dot or a port."""
    host = host.strip().lower().rstrip(".")
    if host.startswith("[") or host.count(":") > 1:
        return host
    return host.partition(":")[0]


def registrable_domain(host: str) -> str | None:
    """The registrable domain of `host`, or None when it has none: an IP address, a single
    label, or a name outside the Public Suffix List (reserved names such as `.example`,
    `.local`, `.test`), which no public outlet can have."""
    host = host_of(host)
    if not host:
        return None
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return None
    parts = _extractor()(host)
    if not parts.suffix or not parts.domain:
        return None
    return f"{parts.domain}.{parts.suffix}"


def cctld_country(domain: str) -> str | None:
    """ISO 3166-1 alpha-2 country of the domain's country-code TLD (`nation.co.ke` -> KE,
    `bbc.co.uk` -> GB), or None for a generic TLD (`.com`, `.org`, `.news`) and for a bare
    registration under a ccTLD sold as a generic name (`example.io`, `example.tv`)."""
    parts = _extractor()(domain)
    labels = parts.suffix.split(".") if parts.suffix else []
    if not labels:
        return None
    tld = labels[-1]
    if len(tld) != 2 or not tld.isalpha():
        return None
    if tld in _VANITY_CCTLDS and len(labels) == 1:
        return None
    code = _CCTLD_COUNTRY.get(tld, tld.upper())
    return code if pycountry.countries.get(alpha_2=code) is not None else None
