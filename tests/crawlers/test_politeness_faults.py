"""One real crawl (`crawlers.run.crawl`) of a set of misbehaving loopback servers, one fault per
host or route (tests/crawlers/servers.py), and what the crawler did about each.

All hosts share one feed server (`hub`), so robots.txt failures of a host never hide its
article URLs. Timeouts, pauses and backoffs are shortened through `TIPWATCH_CRAWL_*` settings.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from tests.crawlers.conftest import make_settings
from tests.crawlers.servers import (
    FaultServer,
    Route,
    bomb,
    compress,
    iter_gaps,
    page,
    redirect,
    reset,
    retry_after_date,
    sequence,
    sleep_then,
    trickle,
)
from tipwatch.crawlers.ledger import is_transient
from tipwatch.crawlers.run import CrawlResult, crawl
from tipwatch.crawlers.source_defs import Source
from tipwatch.crawlers.warc import read_pages
from tipwatch.nlp.article import page_to_article
from tipwatch.records import Article, FetchedPage, Skipped
from tipwatch.store.db import Store
from tipwatch.store.models import UrlRow

TIMEOUT = 1.5
RETRY_AFTER_MAX = 1.5
BACKOFF_BASE = 0.4
BACKOFF_RETRIES = 2
CRAWL_DELAY_MAX = 1.0
MAX_REDIRECTS = 3
USER_AGENT = "tipwatch-test/0.1 (+https://example.invalid/tipwatch)"
# Scrapy's RetryMiddleware: the first attempt + RETRY_TIMES (2) for timeouts and resets.
NETWORK_ATTEMPTS = 3

ENV = {
    "TIPWATCH_CRAWL_RETRY_AFTER_MAX": str(RETRY_AFTER_MAX),
    "TIPWATCH_CRAWL_BACKOFF_BASE": str(BACKOFF_BASE),
    "TIPWATCH_CRAWL_BACKOFF_RETRIES": str(BACKOFF_RETRIES),
    "TIPWATCH_CRAWL_DELAY_MAX": str(CRAWL_DELAY_MAX),
    "TIPWATCH_CRAWL_MAX_REDIRECTS": str(MAX_REDIRECTS),
}

ALLOW_ALL = page("User-agent: *\nAllow: /\n", content_type="text/plain")


def article(title: str, names: str = "") -> str:
    para = (
        f"<p>{title}. The district court heard the human trafficking case on Monday. {names} "
        "The prosecution said the accused recruited workers with false promises of jobs "
        "and then confiscated their passports, according to the charge sheet.</p>"
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{para * 2}</article></body></html>"
    )


OK = page(article("A normal article"))

NAMES_LATIN = "Łukasz Nowak, Nguyễn Văn An and 山田太郎 were charged."
JAPANESE = (
    "<!doctype html><html><head><title>人身売買事件</title></head><body><article>"
    "<h1>人身売買の疑いで男を起訴</h1>"
    "<p>東京地方検察庁は十五日、外国人女性を働かせたとして、山田太郎被告（四十五歳）を"
    "人身取引の罪で起訴したと発表した。起訴状によると、山田被告は二〇二三年から女性らを"
    "監禁し、飲食店で働かせていたという。</p>"
    "<p>警察は関係者からも事情を聴いている。検察は被告が複数の仲介業者と連絡を取り合い、"
    "旅券を取り上げていたとみて、詳しい経緯を調べている。弁護側は起訴内容の一部を否認して"
    "いる。次回の公判は来月に開かれる予定で、被害者の支援団体も注目している。</p>"
    "</article></body></html>"
)
CP1252_UNDECLARED = (
    "<!doctype html><html><head><title>Juicio por trata</title></head><body><article>"
    "<h1>Condenan a dos por trata de personas</h1><p>El tribunal oral condenó a José Núñez "
    "Peña y a María Ibáñez Muñoz a doce años de prisión por trata de personas con fines de "
    "explotación laboral. Según la fiscalía, los acusados retenían los documentos de los "
    "trabajadores y les cobraban una deuda por el viaje.</p><p>La defensa anunció que "
    "apelará la sentencia ante la cámara de casación la próxima semana.</p>"
    "</article></body></html>"
)
CYRILLIC = (
    "<!doctype html><html><head><title>Суд</title></head><body><article>"
    "<h1>Осуждены за торговлю людьми</h1><p>Районный суд приговорил Ивана Петрова и Сергея "
    "Смирнова к восьми годам лишения свободы за торговлю людьми. По данным следствия, "
    "обвиняемые отбирали у работников паспорта и удерживали их на складе.</p>"
    "</article></body></html>"
)
CP1252 = (
    "<!doctype html><html><head><meta charset='windows-1252'><title>Court</title></head>"
    "<body><article><h1>Trafficking trial</h1><p>François Müller and José Núñez were "
    "charged with trafficking by the prosecutor’s office, and &#321;ukasz Nowak was named "
    "as a co-accused. The court heard that workers were recruited with false promises and "
    "their passports were confiscated on arrival, the charge sheet says.</p>"
    "<p>The hearing continues next week, when the defence will present its witnesses and "
    "the prosecution will call two more officers to testify about the raids.</p>"
    "</article></body></html>"
)

# host name -> {path: route}; every path not starting with "/robots" is an article in the feed.
HOSTS: dict[str, dict[str, Route]] = {
    "robots5xx": {
        "/robots.txt": page("oops", status=500, content_type="text/plain"),
        "/a.html": OK,
    },
    "robotsslow": {
        "/robots.txt": sleep_then(TIMEOUT + 2.5, ALLOW_ALL),
        "/a.html": OK,
    },
    "robots404": {"/a.html": OK, "/b.html": OK},  # /robots.txt -> 404: allow all
    "crawldelay": {
        "/robots.txt": page("User-agent: *\nCrawl-delay: 1\n", content_type="text/plain"),
        "/a.html": OK,
        "/b.html": OK,
        "/c.html": OK,
    },
    "crawldelaycap": {
        "/robots.txt": page("User-agent: *\nCrawl-delay: 120\n", content_type="text/plain"),
        "/a.html": OK,
        "/b.html": OK,
    },
    "ra429": {
        "/robots.txt": ALLOW_ALL,
        "/ra.html": sequence(page("slow down", 429, headers={"Retry-After": "1"}), OK),
        "/b.html": OK,
    },
    "ra503date": {
        "/robots.txt": ALLOW_ALL,
        "/rd.html": sequence(retry_after_date(503, 2.0), OK),
    },
    "racap": {
        "/robots.txt": ALLOW_ALL,
        "/big-wait.html": sequence(page("later", 429, headers={"Retry-After": "86400"}), OK),
    },
    "always429": {
        "/robots.txt": ALLOW_ALL,
        "/x.html": page("no", 429, headers={"Retry-After": "0"}),
    },
    "backoff503": {
        "/robots.txt": ALLOW_ALL,
        "/y.html": sequence(page("busy", 503), page("busy", 503), OK),
    },
    "always503": {"/robots.txt": ALLOW_ALL, "/z.html": page("busy", 503)},
    "slow": {"/robots.txt": ALLOW_ALL, "/slow.html": trickle(0.2)},
    "reset": {"/robots.txt": ALLOW_ALL, "/reset.html": reset()},
    "bombs": {
        "/robots.txt": ALLOW_ALL,
        "/gzip.html": bomb("gzip"),
        "/deflate.html": bomb("deflate"),
        "/br.html": bomb("br"),
        "/zstd.html": bomb("zstd"),
        "/gzip-small.html": page(
            compress(article("Compressed but fine").encode(), "gzip"),
            headers={"Content-Encoding": "gzip"},
        ),
    },
    "redirects": {
        "/robots.txt": ALLOW_ALL,
        "/loop-a": redirect("/loop-b"),
        "/loop-b": redirect("/loop-a"),
        "/self": redirect("/self", 301),
        "/meta-loop": page(
            "<html><head><meta http-equiv='refresh' content='0;url=/meta-loop'></head></html>"
        ),
        **{f"/hop/{i}": redirect(f"/hop/{i + 1}") for i in range(1, 10)},
        "/moved": redirect("/final.html", 301),
        "/final.html": OK,
    },
    "ssrf": {
        "/robots.txt": ALLOW_ALL,
        "/to-10": redirect("http://10.0.0.1/admin"),
        "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
        "/to-192": redirect("http://192.168.1.1/"),
        "/to-mapped": redirect("http://[::ffff:10.0.0.1]/"),
        "/to-zero": redirect("http://0.0.0.0/"),
    },
    "charset": {
        "/robots.txt": ALLOW_ALL,
        # Header says ISO-8859-1, the bytes (and <meta>) are UTF-8.
        "/header-latin1.html": page(
            article("Header lies", NAMES_LATIN).encode("utf-8"),
            content_type="text/html; charset=iso-8859-1",
        ),
        # No charset in the header; <meta> says windows-1252, and it is.
        "/meta-1252.html": page(CP1252.encode("cp1252"), content_type="text/html"),
        # Shift_JIS, declared nowhere.
        "/sjis.html": page(JAPANESE.encode("shift_jis"), content_type="text/html"),
        # The server says UTF-8; the page was saved as windows-1252 (no <meta>).
        "/header-utf8-is-1252.html": page(
            CP1252_UNDECLARED.encode("cp1252"), content_type="text/html; charset=utf-8"
        ),
        # The same lie about a windows-1251 (Cyrillic) page: not Latin, detection decides.
        "/header-utf8-is-1251.html": page(
            CYRILLIC.encode("cp1251"), content_type="text/html; charset=utf-8"
        ),
    },
}
# Entry paths that are only reached through redirects are not in the feed.
NOT_IN_FEED = {"/loop-b", "/final.html", *(f"/hop/{i}" for i in range(2, 10))}


@dataclass
class FaultCrawl:
    servers: dict[str, FaultServer]
    hub: FaultServer
    result: CrawlResult
    pages: list[FetchedPage]
    # URL ledger rows after the crawl: url -> (state, reason, retry_at is set)
    ledger: dict[str, tuple[str, str | None, bool]]

    def url(self, host: str, path: str) -> str:
        return self.servers[host].url(path)

    def skip(self, host: str, path: str) -> Skipped:
        """The crawl's one skip record for this URL, checked against the URL ledger: a transient
        reason leaves the URL pending with a retry time, any other ends it as skipped."""
        url = self.url(host, path)
        found = [s for s in self.result.skips if s.url == url]
        assert len(found) == 1, (url, found, self.result.skips)
        state, reason, has_retry = self.ledger[url]
        assert reason == found[0].reason, (url, self.ledger[url])
        if is_transient(found[0].reason):
            assert (state, has_retry) == ("pending", True), (url, self.ledger[url])
        else:
            assert state == "skipped", (url, self.ledger[url])
        return found[0]

    def page(self, host: str, path: str) -> FetchedPage:
        url = self.url(host, path)
        found = [p for p in self.pages if p.url == url]
        assert len(found) == 1, (url, [p.url for p in self.pages])
        assert self.ledger[url][0] == "fetched", (url, self.ledger[url])
        return found[0]

    def fetched(self, host: str, path: str) -> bool:
        return any(p.url == self.url(host, path) for p in self.pages)


def _feed(urls: list[str]) -> str:
    items = "".join(f"<item><title>t</title><link>{u}</link></item>" for u in urls)
    head = "<?xml version='1.0'?><rss version='2.0'><channel><title>f</title>"
    return f"{head}{items}</channel></rss>"


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultCrawl]:
    tmp = tmp_path_factory.mktemp("faults")
    with ExitStack() as stack, pytest.MonkeyPatch.context() as mp:
        for key, value in ENV.items():
            mp.setenv(key, value)
        servers = {name: stack.enter_context(FaultServer(routes)) for name, routes in HOSTS.items()}
        hub_routes: dict[str, Route] = {"/robots.txt": ALLOW_ALL}
        sources = []
        for name, server in servers.items():
            urls = [
                server.url(p)
                for p in HOSTS[name]
                if not p.startswith("/robots") and p not in NOT_IN_FEED
            ]
            hub_routes[f"/{name}.xml"] = page(_feed(urls), content_type="application/rss+xml")
        hub = stack.enter_context(FaultServer(hub_routes))
        for name, server in servers.items():
            sources.append(
                Source(
                    id=name,
                    name=name,
                    country="IN",
                    languages=["en"],
                    homepage=server.url("/"),
                    feeds=[hub.url(f"/{name}.xml")],
                )
            )
        settings = make_settings(
            tmp / "var",
            download_timeout=TIMEOUT,
            max_body_bytes=50_000,
            crawl_retry_after_max=RETRY_AFTER_MAX,
            crawl_backoff_base=BACKOFF_BASE,
            crawl_backoff_retries=BACKOFF_RETRIES,
            crawl_delay_max=CRAWL_DELAY_MAX,
            crawl_max_redirects=MAX_REDIRECTS,
        )
        assert settings.user_agent == USER_AGENT
        result = crawl(sources, tmp / "out", settings, allow_loopback=True, timeout=90)
        store = Store(settings.resolved_database_url, upgrade=False)
        with store.session() as s:
            ledger = {
                u.url: (u.state, u.reason, u.retry_at is not None)
                for u in s.scalars(select(UrlRow))
            }
        store.dispose()
        done = FaultCrawl(servers, hub, result, list(read_pages(result.warc_path)), ledger)
    # Servers stopped and environment restored; the request logs stay readable.
    yield done


def test_crawl_finishes(faults: FaultCrawl) -> None:
    assert faults.result.finish_reason == "finished"
    assert os.environ.get("TIPWATCH_CRAWL_BACKOFF_BASE") is None  # env restored


# --- robots.txt ----------------------------------------------------------------------------


def test_robots_5xx_disallows_the_host(faults: FaultCrawl) -> None:
    server = faults.servers["robots5xx"]
    assert server.paths() == ["/robots.txt"]  # fetched once, no retry, no article
    skip = faults.skip("robots5xx", "/a.html")
    assert skip.reason == "robots_unavailable"
    assert "HTTP 500" in (skip.detail or "")


def test_robots_timeout_disallows_the_host(faults: FaultCrawl) -> None:
    assert faults.servers["robotsslow"].paths() == ["/robots.txt"]
    skip = faults.skip("robotsslow", "/a.html")
    assert skip.reason == "robots_unavailable"
    assert "Timeout" in (skip.detail or "") or "took longer" in (skip.detail or "")


def test_robots_4xx_allows_everything(faults: FaultCrawl) -> None:
    server = faults.servers["robots404"]
    assert server.paths()[0] == "/robots.txt"
    assert faults.fetched("robots404", "/a.html") and faults.fetched("robots404", "/b.html")


def test_robots_requests_use_our_user_agent(faults: FaultCrawl) -> None:
    robots_hits = [
        h for s in [*faults.servers.values(), faults.hub] for h in s.hits if h.path == "/robots.txt"
    ]
    assert len(robots_hits) >= len(faults.servers) - 1  # every host but ssrf's targets
    assert {h.headers.get("user-agent") for h in robots_hits} == {USER_AGENT}


def test_crawl_delay_is_honoured(faults: FaultCrawl) -> None:
    server = faults.servers["crawldelay"]
    times = [h.at for h in server.hits if h.path != "/robots.txt"]
    assert len(times) == 3
    assert min(iter_gaps(times)) >= 0.95


def test_crawl_delay_is_capped(faults: FaultCrawl) -> None:
    server = faults.servers["crawldelaycap"]
    times = [h.at for h in server.hits if h.path != "/robots.txt"]
    assert len(times) == 2
    gap = next(iter_gaps(times))
    assert CRAWL_DELAY_MAX - 0.05 <= gap < CRAWL_DELAY_MAX + 4.0


# --- 429 / 503 -----------------------------------------------------------------------------


def test_retry_after_seconds_pauses_the_host_then_retries(faults: FaultCrawl) -> None:
    server = faults.servers["ra429"]
    first, second = server.times("/ra.html")
    assert second - first >= 0.95
    # Nothing else went to the paused host during the pause.
    assert not [h for h in server.hits if first < h.at < first + 0.95]
    assert faults.page("ra429", "/ra.html").status == 200
    assert faults.fetched("ra429", "/b.html")


def test_retry_after_http_date(faults: FaultCrawl) -> None:
    first, second = faults.servers["ra503date"].times("/rd.html")
    assert second - first >= 0.9  # the date has 1 s resolution: 2 s ahead is >= 1 s
    assert faults.fetched("ra503date", "/rd.html")


def test_retry_after_is_capped(faults: FaultCrawl) -> None:
    first, second = faults.servers["racap"].times("/big-wait.html")
    assert RETRY_AFTER_MAX - 0.05 <= second - first < RETRY_AFTER_MAX + 4.0
    assert faults.fetched("racap", "/big-wait.html")


def test_429_retries_are_bounded_and_named(faults: FaultCrawl) -> None:
    assert faults.servers["always429"].paths().count("/x.html") == 1 + BACKOFF_RETRIES
    assert faults.skip("always429", "/x.html").reason == "http_429"


def test_503_without_retry_after_backs_off_exponentially(faults: FaultCrawl) -> None:
    times = faults.servers["backoff503"].times("/y.html")
    assert len(times) == 3
    gap1, gap2 = iter_gaps(times)
    # base * 2**(n-1), times a jitter factor in [0.5, 1).
    assert gap1 >= BACKOFF_BASE * 0.5 - 0.02
    assert gap2 >= BACKOFF_BASE * 1.0 - 0.02
    assert faults.fetched("backoff503", "/y.html")
    assert faults.servers["always503"].paths().count("/z.html") == 1 + BACKOFF_RETRIES
    assert faults.skip("always503", "/z.html").reason == "http_503"


# --- timeouts, resets, sizes -----------------------------------------------------------------


def test_trickling_body_times_out(faults: FaultCrawl) -> None:
    times = faults.servers["slow"].times("/slow.html")
    assert len(times) == NETWORK_ATTEMPTS
    assert min(iter_gaps(times)) >= TIMEOUT - 0.1  # each attempt was cut at the timeout
    assert faults.skip("slow", "/slow.html").reason == "timeout"


def test_connection_reset_is_a_fetch_error(faults: FaultCrawl) -> None:
    # Scrapy retries twice; Twisted's connection pool may add one automatic GET retry.
    attempts = faults.servers["reset"].paths().count("/reset.html")
    assert NETWORK_ATTEMPTS <= attempts <= 2 * NETWORK_ATTEMPTS
    assert faults.skip("reset", "/reset.html").reason == "fetch_error"


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br", "zstd"])
def test_decompression_bombs_are_too_large(faults: FaultCrawl, encoding: str) -> None:
    assert faults.servers["bombs"].paths().count(f"/{encoding}.html") == 1
    skip = faults.skip("bombs", f"/{encoding}.html")
    assert skip.reason == "too_large"
    assert "decompress" in (skip.detail or "")


def test_small_compressed_page_is_kept(faults: FaultCrawl) -> None:
    fetched = faults.page("bombs", "/gzip-small.html")
    assert b"Compressed but fine" in fetched.body
    assert "Content-Encoding" not in fetched.headers


# --- redirects -----------------------------------------------------------------------------


def test_redirect_loop_is_named(faults: FaultCrawl) -> None:
    server = faults.servers["redirects"]
    assert faults.skip("redirects", "/loop-a").reason == "redirect_loop"
    assert server.paths().count("/loop-a") == 1 and server.paths().count("/loop-b") == 1


def test_self_redirect_is_a_loop(faults: FaultCrawl) -> None:
    assert faults.skip("redirects", "/self").reason == "redirect_loop"
    assert faults.servers["redirects"].paths().count("/self") == 1


def test_meta_refresh_loop_is_a_loop(faults: FaultCrawl) -> None:
    assert faults.skip("redirects", "/meta-loop").reason == "redirect_loop"


def test_redirect_hops_are_bounded(faults: FaultCrawl) -> None:
    hops = [p for p in faults.servers["redirects"].paths() if p.startswith("/hop/")]
    assert hops == [f"/hop/{i}" for i in range(1, MAX_REDIRECTS + 2)]
    assert faults.skip("redirects", "/hop/1").reason == "too_many_redirects"


def test_plain_redirect_still_works(faults: FaultCrawl) -> None:
    moved = faults.page("redirects", "/moved")
    assert moved.final_url == faults.url("redirects", "/final.html")


# --- SSRF --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "address"),
    [
        ("/to-10", "10.0.0.1"),
        ("/to-metadata", "169.254.169.254"),
        ("/to-192", "192.168.1.1"),
        ("/to-mapped", "10.0.0.1"),
        ("/to-zero", "0.0.0.0"),
    ],
)
def test_redirect_to_private_address_is_blocked(
    faults: FaultCrawl, path: str, address: str
) -> None:
    skip = faults.skip("ssrf", path)
    assert skip.reason == "blocked_address"
    assert address in (skip.detail or "")
    # The hop to the private address never became a page.
    assert not faults.fetched("ssrf", path)


# --- charsets ------------------------------------------------------------------------------


def _article(fetched: FetchedPage) -> Article:
    result = page_to_article(fetched, "IN")
    assert isinstance(result, Article), result
    return result


def test_header_latin1_body_utf8(faults: FaultCrawl) -> None:
    fetched = faults.page("charset", "/header-latin1.html")
    assert fetched.headers["Content-Type"] == "text/html; charset=utf-8"
    assert fetched.headers["X-Tipwatch-Original-Content-Type"] == "text/html; charset=iso-8859-1"
    text = _article(fetched).text
    for name in ("Łukasz Nowak", "Nguyễn Văn An", "山田太郎"):
        assert name in text


def test_meta_windows_1252_without_header_charset(faults: FaultCrawl) -> None:
    fetched = faults.page("charset", "/meta-1252.html")
    assert fetched.headers["Content-Type"] == "text/html; charset=windows-1252"
    text = _article(fetched).text
    for name in ("François Müller", "José Núñez", "Łukasz Nowak", "prosecutor’s"):
        assert name in text


def test_utf8_header_on_a_windows_1252_page_reads_as_windows_1252(faults: FaultCrawl) -> None:
    fetched = faults.page("charset", "/header-utf8-is-1252.html")
    assert fetched.headers["Content-Type"] == "text/html; charset=windows-1252"
    text = _article(fetched).text
    for name in ("José Núñez Peña", "María Ibáñez Muñoz", "condenó", "próxima"):
        assert name in text


def test_utf8_header_on_a_cyrillic_page_is_not_forced_to_windows_1252(faults: FaultCrawl) -> None:
    fetched = faults.page("charset", "/header-utf8-is-1251.html")
    assert "Ивана Петрова" in _article(fetched).text


def test_undeclared_shift_jis(faults: FaultCrawl) -> None:
    fetched = faults.page("charset", "/sjis.html")
    assert "charset=" in fetched.headers["Content-Type"]
    text = _article(fetched).text
    assert "山田太郎" in text and "人身取引" in text
