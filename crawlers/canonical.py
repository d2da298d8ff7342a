"""Canonical article URLs: one identity per article whatever link led to it.

Tracking parameters (utm_*, fbclid, gclid, ...) and fragments are stripped, scheme and host are
lower-cased, default ports dropped and the remaining query sorted. A page's `rel=canonical` is
trusted only when it points to the same site (the host or a subdomain of the same parent), since
a hostile page could otherwise claim another outlet's identity.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "_hs", "ga_")
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid",
        "_ga", "_gl", "ocid", "cmpid", "ito", "ncid", "sr_share", "share", "ref_src", "ref_url",
        "smid", "smtyp", "cid", "icid", "mbid", "rss", "feed", "at_medium", "at_campaign",
        "src", "ref", "amp", "outputtype", "spm", "s_cid",
    }
)  # fmt: skip


def _is_tracking(name: str) -> bool:
    n = name.lower()
    return n in TRACKING_PARAMS or n.startswith(TRACKING_PREFIXES)


def strip_tracking(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = host
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{host}:{port}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    )
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def _site(host: str) -> str:
    labels = host.lower().rstrip(".").split(".")
    # Good enough without a public-suffix list: two labels, three for "co.uk"-style suffixes.
    if (
        len(labels) >= 3
        and len(labels[-1]) == 2
        and labels[-2] in {"co", "com", "org", "net", "gov", "ac", "edu"}
    ):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def canonical_url(page_url: str, rel_canonical: str | None = None) -> str:
    """The article's canonical URL, from the fetched URL and the page's rel=canonical (if any)."""
    base = strip_tracking(page_url)
    if not rel_canonical:
        return base
    target = urljoin(page_url, rel_canonical.strip())
    t = urlsplit(target)
    if t.scheme not in ("http", "https") or not t.hostname:
        return base
    page_host = urlsplit(page_url).hostname or ""
    if t.hostname.lower() != page_host.lower() and _site(t.hostname) != _site(page_host):
        return base
    return strip_tracking(target)
