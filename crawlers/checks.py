"""Health checks of source definitions against the live sites: `tipwatch sources check`.

For every source this probes, with httpx:

* robots.txt of each host the source uses: HTTP status, Crawl-delay, and whether our
  User-Agent may fetch each feed, sitemap, section and search URL (disallowed URLs are
  reported and NOT fetched);
* each feed: HTTP status, whether it parses, item count, newest item date;
* each news sitemap: HTTP status, URL count, newest date (for a sitemap index, the first
  child sitemap is fetched and counted as well);
* each section page: HTTP status, number of links matching its `article_pattern`;
* the on-site search URL for the first search term: HTTP status, matching result links.

Politeness: at most `concurrency` sources at once, one request at a time per host, at least
`delay` seconds (or the source's politeness override, or the host's Crawl-delay, capped at
`MAX_CRAWL_DELAY`) between two requests to one host, the identifying User-Agent from the
settings, a timeout per request and a cap on body size. Network errors become FAIL results;
nothing here raises for a bad site.

Each probe is OK, WARN (usable but suspicious: empty, stale, search disallowed) or FAIL (the
crawler cannot use it); a source is as bad as its worst probe.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
from protego import Protego

from tipwatch.crawlers.discovery import (
    DiscoveryError,
    Link,
    html_hrefs,
    parse_feed,
    parse_search_results,
    parse_sitemap,
    section_links,
)
from tipwatch.crawlers.source_defs import Source

OK, WARN, FAIL = "OK", "WARN", "FAIL"
_RANK = {OK: 0, WARN: 1, FAIL: 2}
# Host Crawl-delay is honoured up to this many seconds between requests of one check.
MAX_CRAWL_DELAY = 30.0
# Feed/sitemap whose newest entry is older than this is reported as stale (WARN).
DEFAULT_STALE_DAYS = 14


@dataclass
class Probe:
    kind: str  # robots | feed | sitemap | section | search
    url: str
    status: str = OK  # OK | WARN | FAIL
    reason: str = ""  # why WARN/FAIL, for people
    http_status: int | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "url": self.url,
            "status": self.status,
            "reason": self.reason,
            "http_status": self.http_status,
            "details": self.details,
        }


@dataclass
class SourceCheck:
    source_id: str
    name: str
    country: str
    probes: list[Probe] = field(default_factory=list)

    @property
    def status(self) -> str:
        if not self.probes:
            return WARN
        return max((p.status for p in self.probes), key=_RANK.__getitem__)

    @property
    def reasons(self) -> list[str]:
        """`<kind> <url>: <reason>` for every non-OK probe, FAILs first."""
        bad = [p for p in self.probes if p.status != OK]
        bad.sort(key=lambda p: -_RANK[p.status])
        return [f"{p.kind} {p.url}: {p.reason}" for p in bad]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.source_id,
            "name": self.name,
            "country": self.country,
            "status": self.status,
            "reasons": self.reasons if self.probes else ["nothing to check"],
            "probes": [p.to_dict() for p in self.probes],
        }


@dataclass
class _Fetched:
    url: str
    status: int | None = None
    body: bytes = b""
    error: str = ""  # transport error; empty when a response arrived
    unreachable: bool = False  # connection could not be made (or timed out)


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class _Fetcher:
    """GETs with one request at a time per host and a minimum interval per host."""

    def __init__(
        self, client: httpx.AsyncClient, *, delay: float, timeout: float, max_bytes: int
    ) -> None:
        self.client = client
        self.delay = delay
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._locks: dict[str, asyncio.Lock] = {}
        self._next_ok: dict[str, float] = {}
        self._interval: dict[str, float] = {}

    def slow_down(self, url: str, seconds: float) -> None:
        key = _host_key(url)
        self._interval[key] = max(self._interval.get(key, 0.0), seconds)

    async def get(self, url: str, *, delay: float | None = None) -> _Fetched:
        key = _host_key(url)
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            wait = self._next_ok.get(key, 0.0) - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                return await asyncio.wait_for(self._get(url), timeout=self.timeout * 2)
            except TimeoutError:
                return _Fetched(url, error=f"timed out after {self.timeout:g}s", unreachable=True)
            finally:
                interval = max(self.delay, delay or 0.0, self._interval.get(key, 0.0))
                self._next_ok[key] = time.monotonic() + interval

    async def _get(self, url: str) -> _Fetched:
        try:
            async with self.client.stream("GET", url) as resp:
                chunks: list[bytes] = []
                size = 0
                async for chunk in resp.aiter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        return _Fetched(
                            url,
                            resp.status_code,
                            error=f"body larger than {self.max_bytes} bytes",
                        )
                    chunks.append(chunk)
                return _Fetched(str(resp.url), resp.status_code, b"".join(chunks))
        except httpx.TimeoutException:
            return _Fetched(url, error=f"timed out after {self.timeout:g}s", unreachable=True)
        except httpx.ConnectError as exc:
            return _Fetched(url, error=f"unreachable: {_describe(exc)}", unreachable=True)
        except httpx.TooManyRedirects:
            return _Fetched(url, error="too many redirects")
        except httpx.HTTPError as exc:
            return _Fetched(url, error=f"{type(exc).__name__}: {_describe(exc)}")
        except (OSError, ValueError) as exc:  # invalid URL, odd socket errors
            return _Fetched(url, error=f"{type(exc).__name__}: {exc}")


def _describe(exc: BaseException) -> str:
    # httpx/anyio wrap the socket error ("All connection attempts failed"); look underneath.
    cause: BaseException | None = exc
    for _ in range(8):
        if cause is None:
            break
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, socket.gaierror):
            return "DNS lookup failed"
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror.lower()
        cause = cause.__cause__ or cause.__context__
    text = str(exc).strip()
    low = text.lower()
    if "refused" in low:
        return "connection refused"
    if "name or service not known" in low or "nodename nor servname" in low:
        return "DNS lookup failed"
    return text or type(exc).__name__


def _newest(links: Sequence[Link]) -> datetime | None:
    dates = [x.published for x in links if x.published is not None]
    return max(dates) if dates else None


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt is not None else None


class _Robots:
    """robots.txt of one origin: fetched once per check, shared by every source."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.url = origin + "/robots.txt"
        self.probe = Probe("robots", self.url)
        self.parser: Protego | None = None
        self.unreachable_reason = ""
        self._done = asyncio.Event()
        self._started = False

    async def load(self, fetcher: _Fetcher, user_agent: str) -> None:
        if self._started:
            await self._done.wait()
            return
        self._started = True
        try:
            got = await fetcher.get(self.url)
            probe = self.probe
            probe.http_status = got.status
            if got.error and got.status is None:
                probe.status, probe.reason = FAIL, got.error
                if got.unreachable:
                    self.unreachable_reason = got.error
            elif got.status is not None and 200 <= got.status < 300:
                text = got.body.decode("utf-8", errors="replace")
                try:
                    self.parser = Protego.parse(text)
                except Exception as exc:  # Protego is lenient; a crash must not stop us
                    probe.status, probe.reason = WARN, f"cannot parse robots.txt: {exc}"
                if self.parser is not None:
                    delay = self.parser.crawl_delay(user_agent)
                    probe.details["crawl_delay"] = delay
                    if delay:
                        fetcher.slow_down(self.url, min(float(delay), MAX_CRAWL_DELAY))
            elif got.status is not None and 400 <= got.status < 500:
                probe.details["note"] = f"no robots.txt (HTTP {got.status}): everything allowed"
            else:
                probe.status = WARN
                probe.reason = (
                    f"robots.txt answered HTTP {got.status}; crawlers may treat the whole "
                    "site as disallowed"
                )
        finally:
            self._done.set()

    def allowed(self, url: str, user_agent: str) -> bool:
        return self.parser is None or bool(self.parser.can_fetch(url, user_agent))


class Checker:
    def __init__(
        self,
        fetcher: _Fetcher,
        user_agent: str,
        *,
        stale_days: int = DEFAULT_STALE_DAYS,
        now: datetime | None = None,
    ) -> None:
        self.fetcher = fetcher
        self.user_agent = user_agent
        self.stale_days = stale_days
        self.now = now or datetime.now(UTC)
        self._robots: dict[str, _Robots] = {}

    def _robots_for(self, url: str) -> _Robots:
        origin = _host_key(url)
        if origin not in self._robots:
            self._robots[origin] = _Robots(origin)
        return self._robots[origin]

    async def check(self, source: Source) -> SourceCheck:
        result = SourceCheck(source.id, source.name, source.country)
        delay = source.politeness.download_delay
        targets: list[tuple[str, str, str]] = []  # (kind, url, article pattern)
        targets += [("feed", u, "") for u in source.feeds]
        targets += [("sitemap", u, "") for u in source.news_sitemaps]
        targets += [("section", s.url, s.article_pattern) for s in source.sections]
        if source.search_urls:
            targets.append(("search", source.search_urls[0], source.search_article_pattern))
        if not targets:
            return result
        # robots.txt first, once per host the source uses.
        seen_robots: list[_Robots] = []
        for _, url, _ in targets:
            robots = self._robots_for(url)
            if robots not in seen_robots:
                seen_robots.append(robots)
                await robots.load(self.fetcher, self.user_agent)
        for robots in seen_robots:
            result.probes.append(_copy(robots.probe))
        robots_probe = {r.origin: result.probes[i] for i, r in enumerate(seen_robots)}
        for kind, url, pattern in targets:
            robots = self._robots_for(url)
            probe = Probe(kind, url)
            result.probes.append(probe)
            if robots.unreachable_reason:
                probe.status = FAIL
                probe.reason = f"not fetched, {robots.unreachable_reason}"
                continue
            if not robots.allowed(url, self.user_agent):
                robots_probe[robots.origin].details.setdefault("disallowed", []).append(url)
                probe.status = WARN if kind == "search" else FAIL
                probe.reason = "disallowed by robots.txt for our user agent (not fetched)"
                continue
            try:
                await self._probe(probe, pattern, delay)
            except Exception as exc:  # a probe must never take the whole check down
                probe.status, probe.reason = FAIL, f"check crashed: {type(exc).__name__}: {exc}"
        return result

    async def _probe(self, probe: Probe, pattern: str, delay: float | None) -> None:
        got = await self.fetcher.get(probe.url, delay=delay)
        probe.http_status = got.status
        if got.error:
            probe.status, probe.reason = FAIL, got.error
            return
        if got.status is None or not 200 <= got.status < 300:
            probe.status, probe.reason = FAIL, f"HTTP {got.status}"
            return
        if got.url != probe.url:
            probe.details["final_url"] = got.url
        if probe.kind == "feed":
            self._feed(probe, got)
        elif probe.kind == "sitemap":
            await self._sitemap(probe, got, delay)
        elif probe.kind == "section":
            hrefs = html_hrefs(got.body)
            links = section_links(hrefs, got.url, pattern)
            probe.details.update(links=len({x.url for x in links}), all_links=len(hrefs))
            if not links:
                probe.status, probe.reason = WARN, "no links match article_pattern"
        elif probe.kind == "search":
            links = parse_search_results(got.body, got.url, pattern)
            probe.details["links"] = len(links)
            if not links:
                probe.status = WARN
                probe.reason = "no result links match the article pattern (JS-rendered search?)"

    def _feed(self, probe: Probe, got: _Fetched) -> None:
        try:
            links = parse_feed(got.body, got.url)
        except DiscoveryError as exc:
            probe.status, probe.reason = FAIL, f"does not parse as a feed: {exc}"
            return
        self._dated(probe, links, "items", "feed has no items")

    async def _sitemap(self, probe: Probe, got: _Fetched, delay: float | None) -> None:
        try:
            content = parse_sitemap(got.body, got.url, max_size=self.fetcher.max_bytes)
        except DiscoveryError as exc:
            probe.status, probe.reason = FAIL, f"does not parse as a sitemap: {exc}"
            return
        if content.kind == "urlset":
            self._dated(probe, content.links, "urls", "sitemap lists no URLs")
            return
        probe.details["sitemaps"] = len(content.links)
        if not content.links:
            probe.status, probe.reason = WARN, "sitemap index lists no sitemaps"
            return
        child = content.links[0].url
        probe.details["child"] = child
        if not self._robots_for(child).allowed(child, self.user_agent):
            probe.status = FAIL
            probe.reason = f"first child sitemap {child} is disallowed by robots.txt"
            return
        sub = await self.fetcher.get(child, delay=delay)
        if sub.error or sub.status is None or not 200 <= sub.status < 300:
            probe.status = FAIL
            probe.reason = f"first child sitemap {child}: {sub.error or f'HTTP {sub.status}'}"
            return
        try:
            inner = parse_sitemap(sub.body, sub.url, max_size=self.fetcher.max_bytes)
        except DiscoveryError as exc:
            probe.status, probe.reason = FAIL, f"first child sitemap {child}: {exc}"
            return
        self._dated(probe, inner.links, "urls", "first child sitemap lists no URLs")

    def _dated(self, probe: Probe, links: list[Link], what: str, empty: str) -> None:
        newest = _newest(links)
        probe.details[what] = len(links)
        probe.details["newest"] = _iso(newest)
        if not links:
            probe.status, probe.reason = WARN, empty
        elif newest is not None and (self.now - newest).days > self.stale_days:
            probe.status = WARN
            probe.reason = f"stale: newest entry {newest:%Y-%m-%d} ({(self.now - newest).days} d)"


def _copy(p: Probe) -> Probe:
    return Probe(p.kind, p.url, p.status, p.reason, p.http_status, dict(p.details))


async def check_sources_async(
    sources: Sequence[Source],
    *,
    user_agent: str,
    timeout: float = 20.0,
    concurrency: int = 4,
    delay: float = 1.0,
    max_bytes: int = 10 * 1024 * 1024,
    stale_days: int = DEFAULT_STALE_DAYS,
) -> list[SourceCheck]:
    """Check every source; results in the order of `sources`."""
    limits = httpx.Limits(max_connections=max(concurrency, 1) * 2)
    async with httpx.AsyncClient(
        headers={"User-Agent": user_agent},
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        max_redirects=5,
        limits=limits,
        trust_env=False,
    ) as client:
        fetcher = _Fetcher(client, delay=delay, timeout=timeout, max_bytes=max_bytes)
        checker = Checker(fetcher, user_agent, stale_days=stale_days)
        gate = asyncio.Semaphore(max(concurrency, 1))

        async def one(source: Source) -> SourceCheck:
            async with gate:
                try:
                    return await checker.check(source)
                except Exception as exc:  # never crash the command
                    result = SourceCheck(source.id, source.name, source.country)
                    result.probes.append(
                        Probe("source", source.homepage, FAIL, f"{type(exc).__name__}: {exc}")
                    )
                    return result

        return list(await asyncio.gather(*(one(s) for s in sources)))


def check_sources(
    sources: Sequence[Source],
    *,
    user_agent: str,
    timeout: float = 20.0,
    concurrency: int = 4,
    delay: float = 1.0,
    max_bytes: int = 10 * 1024 * 1024,
    stale_days: int = DEFAULT_STALE_DAYS,
) -> list[SourceCheck]:
    """Synchronous wrapper of `check_sources_async` (runs its own event loop)."""
    return asyncio.run(
        check_sources_async(
            sources,
            user_agent=user_agent,
            timeout=timeout,
            concurrency=concurrency,
            delay=delay,
            max_bytes=max_bytes,
            stale_days=stale_days,
        )
    )


def any_failed(results: Sequence[SourceCheck]) -> bool:
    """True when at least one source FAILs (`tipwatch sources check` then exits with 1)."""
    return any(r.status == FAIL for r in results)


def _summary(p: Probe) -> str:
    d = p.details
    bits: list[str] = []
    if p.http_status is not None:
        bits.append(str(p.http_status))
    if p.kind == "robots" and d.get("crawl_delay"):
        bits.append(f"crawl-delay {d['crawl_delay']:g}")
    for key in ("items", "urls", "sitemaps", "links"):
        if key in d:
            bits.append(f"{d[key]} {key}")
    if d.get("newest"):
        bits.append(f"newest {str(d['newest'])[:10]}")
    return " ".join(bits)


def render_table(results: Sequence[SourceCheck], *, verbose: bool = False) -> str:
    """One row per source (`OK` or the first reason); with `verbose`, one row per probe."""
    rows = [("SOURCE", "CC", "STATUS", "DETAIL")]
    for r in results:
        reasons = r.reasons
        if not r.probes:
            detail = "nothing to check (no feeds, sitemaps, sections or search)"
        elif reasons:
            detail = reasons[0] + (f" (+{len(reasons) - 1} more)" if len(reasons) > 1 else "")
        else:
            detail = "; ".join(f"{p.kind} {_summary(p)}" for p in r.probes if p.kind != "robots")
        rows.append((r.source_id, r.country, r.status, detail))
        if verbose:
            for p in r.probes:
                text = f"{p.kind} {p.url} {_summary(p)}"
                if p.reason:
                    text += f" - {p.reason}"
                rows.append(("", "", "  " + p.status, text))
    w0 = max(len(x[0]) for x in rows)
    w2 = max(len(x[2]) for x in rows)
    lines = [f"{a:<{w0}}  {b:<2}  {c:<{w2}}  {d}".rstrip() for a, b, c, d in rows]
    counts = {s: sum(1 for r in results if r.status == s) for s in (OK, WARN, FAIL)}
    lines.append(
        f"{len(results)} sources: {counts[OK]} OK, {counts[WARN]} WARN, {counts[FAIL]} FAIL"
    )
    return "\n".join(lines)


def report_json(results: Sequence[SourceCheck]) -> dict[str, Any]:
    return {
        "checked_at": datetime.now(UTC).isoformat(),
        "ok": not any_failed(results),
        "sources": [r.to_dict() for r in results],
    }
