"""SSRF guard: never connect to private, loopback, link-local, multicast, reserved addresses.

The check runs on the *resolved* IP of every request before it reaches the download handler,
so each redirect hop (a new request through the downloader middlewares) is checked too.
Host names are resolved with the reactor's resolver, the same cached resolver the HTTP handler
connects with, so the address checked is the address connected to (no second DNS answer).
The peer address of each response is checked again as a backstop.

Settings:
- `TIPWATCH_ALLOW_LOOPBACK` (bool): also allow loopback addresses (tests, the local demo), but
  only at the endpoints the crawl's own sources name (`TIPWATCH_LOOPBACK_ENDPOINTS`, "host:port"
  strings): a redirect or a feed link to another local service (a search engine on
  127.0.0.1:9200, a database) stays blocked.
- `TIPWATCH_ALLOWED_CIDRS` (list of CIDR strings): further explicitly allowed networks.
- `TIPWATCH_ADDRESS_GUARD_ENABLED` (bool, default True): `False` disables the guard.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached

from tipwatch.crawlers.middlewares.skips import BLOCKED_ADDRESS, TipwatchSkip

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
LOOPBACK_NETWORKS: tuple[IPNetwork, ...] = (
    ipaddress.ip_network("127.0.0.0/8"),
    ipaddress.ip_network("::1/128"),
)
# Resolves a host name to one IP address string (the reactor's cached resolver by default).
Resolver = Callable[[str], Awaitable[str]]
# (lower-case host as written in a source URL, port)
Endpoint = tuple[str, int]
_DEFAULT_PORTS = {"http": 80, "https": 443}


def endpoint_of(url: str) -> Endpoint | None:
    """(host, port) of an http(s) URL, the port made explicit; None for anything else."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    try:
        port = parts.port or _DEFAULT_PORTS[scheme]
    except ValueError:
        return None
    return parts.hostname.lower().strip("[]"), port


def parse_endpoints(values: Iterable[str]) -> frozenset[Endpoint]:
    """ "host:port" strings (IPv6 hosts in brackets) -> endpoints."""
    out: set[Endpoint] = set()
    for value in values:
        endpoint = endpoint_of(f"http://{value}")
        if endpoint is None:
            raise ValueError(f"TIPWATCH_LOOPBACK_ENDPOINTS: not host:port: {value!r}")
        out.add(endpoint)
    return frozenset(out)


def parse_networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    """CIDR strings -> networks; a bad entry raises ValueError naming it."""
    out: list[IPNetwork] = []
    for value in values:
        try:
            out.append(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError as exc:
            raise ValueError(f"TIPWATCH_ALLOWED_CIDRS: not a CIDR: {value!r} ({exc})") from exc
    return tuple(out)


def _unmapped(ip: IPAddress) -> IPAddress:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def address_allowed(ip: IPAddress, allowed: tuple[IPNetwork, ...] = ()) -> bool:
    """True for public unicast addresses, or addresses inside an explicitly allowed network."""
    ip = _unmapped(ip)
    if any(ip.version == net.version and ip in net for net in allowed):
        return True
    # is_global is False for private, loopback, link-local, reserved, unspecified, shared
    # (100.64/10) and documentation ranges; multicast has its own flag.
    return ip.is_global and not ip.is_multicast


async def _reactor_resolve(host: str) -> str:
    from twisted.internet import reactor as _reactor

    reactor: Any = _reactor  # the installed reactor; resolve() uses its (cached) resolver
    result = await maybe_deferred_to_future(reactor.resolve(host))
    return str(result)


class AddressGuardMiddleware:
    """Refuses (`TipwatchSkip("blocked_address")`) requests to non-public addresses."""

    def __init__(
        self,
        crawler: Crawler,
        allowed: tuple[IPNetwork, ...],
        resolver: Resolver | None = None,
        loopback_endpoints: frozenset[Endpoint] = frozenset(),
    ) -> None:
        self.crawler = crawler
        self.allowed = allowed
        self.resolver: Resolver = resolver or _reactor_resolve
        self.loopback_endpoints = loopback_endpoints

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        settings = crawler.settings
        if not settings.getbool("TIPWATCH_ADDRESS_GUARD_ENABLED", True):
            raise NotConfigured("TIPWATCH_ADDRESS_GUARD_ENABLED is off")
        allowed = parse_networks(settings.getlist("TIPWATCH_ALLOWED_CIDRS"))
        endpoints: frozenset[Endpoint] = frozenset()
        if settings.getbool("TIPWATCH_ALLOW_LOOPBACK"):
            endpoints = parse_endpoints(settings.getlist("TIPWATCH_LOOPBACK_ENDPOINTS"))
        return cls(crawler, allowed, loopback_endpoints=endpoints)

    def _allowed(self, ip: IPAddress, request: Request) -> bool:
        """Public or explicitly allowed; loopback only at one of the sources' own endpoints."""
        if address_allowed(ip, self.allowed):
            return True
        if not _unmapped(ip).is_loopback or not self.loopback_endpoints:
            return False
        endpoint = endpoint_of(request.url)
        if endpoint is None:
            return False
        host, port = endpoint
        return (host, port) in self.loopback_endpoints or (
            str(_unmapped(ip)),
            port,
        ) in self.loopback_endpoints

    def _block(self, request: Request, host: str, ip: str | None, why: str) -> TipwatchSkip:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"tipwatch/{BLOCKED_ADDRESS}")
        where = f"{host} ({ip})" if ip and ip != host else host
        logger.warning(
            "Blocked request to non-public address %s: %s (%s)",
            where,
            request.url,
            why,
            extra={"spider": self.crawler.spider},
        )
        return TipwatchSkip(BLOCKED_ADDRESS, f"{request.url}: {where} is {why}")

    async def process_request(self, request: Request) -> None:
        parsed = urlparse_cached(request)
        if parsed.scheme not in ("http", "https"):
            return
        host = (parsed.hostname or "").strip("[]")
        if not host:
            raise self._block(request, "(no host)", None, "not a valid host")
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            # A host name: resolve it first (DNS errors propagate as the request's failure).
            resolved = await self.resolver(host)
            try:
                ip = ipaddress.ip_address(resolved)
            except ValueError:
                raise self._block(request, host, resolved, "not resolvable to an IP") from None
        if not self._allowed(ip, request):
            raise self._block(request, host, str(ip), _describe(ip, self.loopback_endpoints))

    def process_response(self, request: Request, response: Response) -> Response:
        # Backstop: the peer we actually talked to (not meaningful through a proxy).
        peer: Any = getattr(response, "ip_address", None)
        if peer is None or request.meta.get("proxy"):
            return response
        try:
            ip = ipaddress.ip_address(str(peer))
        except ValueError:
            return response
        if not self._allowed(ip, request):
            host = urlparse_cached(request).hostname or ""
            raise self._block(request, host, str(ip), "a non-public peer address")
        return response


def _describe(ip: IPAddress, loopback_endpoints: frozenset[Endpoint] = frozenset()) -> str:
    ip = _unmapped(ip)
    if ip.is_loopback and loopback_endpoints:
        return "a loopback address that none of this crawl's sources names"
    for flag in (
        "loopback",
        "link_local",
        "multicast",
        "unspecified",
        "reserved",
        "private",
    ):
        if getattr(ip, f"is_{flag}", False):
            article = "an" if flag == "unspecified" else "a"
            return f"{article} {flag.replace('_', '-')} address"
    return "not a public address"
