"""All of tipwatch's settings in one place, read from `TIPWATCH_*` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TIPWATCH_", extra="ignore")

    # `tipwatch screen` answers through a resident helper process that keeps the name tables
    # loaded (tipwatch/screening/helper.py); false: every call works in its own process.
    screen_helper: bool = True
    # Seconds without a request after which the helper stops.
    screen_helper_idle: float = Field(default=1800.0, gt=0.0)
    # Worker processes that `tipwatch serve` starts to screen batches (`POST /api/v1/match`,
    # `/match/{dataset}`) beside the server's own thread (tipwatch/screening/pool.py). Empty:
    # one fewer than the CPUs, at least 1 and at most 3; 0: batches use threads only.
    screen_workers: int | None = Field(default=None, ge=0, le=64)
    # Working folder for the embedded defaults: SQLite store, WARC archive, run outputs.
    data_dir: Path = Path("var")
    # Store of record. Empty means SQLite at <data_dir>/tipwatch.db. Any SQLAlchemy URL works,
    # e.g. postgresql+psycopg://user:pw@host/db when several people work at once.
    database_url: str = ""
    # Search index. Empty means SQLite FTS5 in its own file, <data_dir>/index.db (derived from the
    # store, rebuildable); http://host:9200 Elasticsearch; opensearch+http://host:9200 OpenSearch.
    search_url: str = ""
    # Key file (hex, made on first use) of the HMAC that anchors the audit log's head outside
    # the database. Default: audit.key beside a SQLite store, or in the data folder for
    # PostgreSQL; machines sharing one PostgreSQL store must point this at the same key.
    audit_key_file: Path | None = None
    # Name prefix of the Elasticsearch indices and alias (<prefix>-cases); tests use one per run.
    search_prefix: str = "tipwatch"
    # Seconds each Elasticsearch/OpenSearch request may take before it fails as transient (a frozen
    # engine fails the sync in bounded time; its rows stay pending for the next sync).
    search_timeout: float = Field(default=30.0, gt=0.0)
    # Folder with the real source YAML files (one per outlet). Empty: the registry shipped in the
    # package (tipwatch/crawlers/sources), found wherever tipwatch runs from.
    sources_dir: Path | None = None
    # Identifying User-Agent; the contact URL lets newsrooms reach the operator.
    user_agent: str = "tipwatch/0.1 (+https://github.com/tipwatch/tipwatch; news monitoring)"
    # Seconds between two requests to the same host (politeness floor).
    download_delay: float = 1.0
    # Whole-download timeout in seconds; a trickling body is abandoned after this.
    download_timeout: float = 30.0
    # Largest response body accepted, in bytes (applies after decompression too).
    max_body_bytes: int = 10 * 1024 * 1024
    # Largest page HTML (bytes) given to text extraction, after dropping scripts, styles and
    # comments from a page over it; a larger page is skipped as article:too_large_to_extract
    # (trafilatura takes about 2.5 s and 15-30 MB per MB of HTML: bench/hostile_input.py).
    extract_max_html_bytes: int = Field(default=2 * 1024 * 1024, ge=1)
    # Seconds trafilatura may spend on one page under that cap (pathological markup: deep
    # nesting, a giant table); beyond, the page is skipped as article:extract_timeout. 0: none.
    extract_timeout: float = Field(default=20.0, ge=0)
    # Decide pages that name no trafficking wording anywhere from their markup, before text
    # extraction: they are kept as metadata-only articles (nlp/triage.py; docs/performance.md).
    triage: bool = True
    # Where the article and NLP stages run (flows/executors.py): "auto" (worker processes when
    # there are enough pages and cores, else this process), "inline", "processes" or "dask".
    nlp_executor: Literal["auto", "inline", "processes", "dask"] = "auto"
    # Worker processes (or local Dask workers); 0: one per CPU core.
    nlp_workers: int = Field(default=0, ge=0)
    # Pages per batch: one batch is analysed by one worker and stored in one transaction.
    nlp_batch_size: int = Field(default=32, ge=1)
    # Dask scheduler address (tcp://host:8786) for nlp_executor "dask"; empty: a local cluster of
    # nlp_workers worker processes started for the run.
    dask_address: str = ""
    # Review UI bind address and port.
    ui_host: str = "127.0.0.1"
    ui_port: int = 8765
    # Secret for signing session cookies. Generated per data dir when empty.
    secret_key: str = ""
    # Review UI login brute-force limit: failed logins per account name and per client address
    # within a sliding window of `login_failure_window` seconds; beyond it, 429 with Retry-After.
    login_max_failures_per_account: int = Field(default=10, ge=1)
    login_max_failures_per_address: int = Field(default=30, ge=1)
    login_failure_window: float = Field(default=900.0, gt=0.0)
    # Run the demo without serving the UI afterwards.
    no_serve: bool = False
    # Share of trafficking-case probability above which an article counts as a case report.
    case_threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    # Folder with shared datasets (tests and evaluation only).
    shared_dir: Path = Path("../shared")
    # Emit logs as JSON lines instead of the console renderer.
    log_json: bool = False
    # Crawler address guard: extra networks (CIDR strings) the crawler may connect to besides
    # public addresses, e.g. ["10.20.0.0/16"] for an internal mirror. Loopback stays governed
    # by the crawl's allow_loopback flag. Env: TIPWATCH_CRAWL_ALLOWED_CIDRS='["10.20.0.0/16"]'.
    crawl_allowed_cidrs: list[str] = Field(default_factory=list)
    # Longest pause (seconds) a 429/503 Retry-After (or backoff) may impose on one host.
    crawl_retry_after_max: float = Field(default=3600.0, ge=0.0)
    # Longest pause (seconds) a crawl waits for one host in-process; a longer Retry-After (or
    # backoff) defers the host's URLs in the URL ledger until then and the crawl goes on.
    crawl_hold_max: float = Field(default=60.0, ge=0.0)
    # First backoff pause (seconds) after a 429/503 without Retry-After; doubles per strike.
    crawl_backoff_base: float = Field(default=30.0, ge=0.0)
    # Retries of one URL after 429/503 before it is skipped as http_429 / http_503.
    crawl_backoff_retries: int = Field(default=3, ge=0)
    # Cap (seconds) on a robots.txt Crawl-delay we honour; 0 ignores Crawl-delay.
    crawl_delay_max: float = Field(default=60.0, ge=0.0)
    # Bytes of a robots.txt parsed (RFC 9309 §2.5: at least 500 KiB); rules after the last line
    # break within the limit are ignored, as §2.5 allows. A robots.txt larger than both this and
    # max_body_bytes is not downloaded at all: its host is disallowed (robots_unavailable).
    crawl_robots_max_bytes: int = Field(default=1024 * 1024, ge=500 * 1024)
    # How long (seconds) a host's robots.txt is used before it is fetched again (RFC 9309 §2.4:
    # at most 24 h); a crawl that runs longer re-reads the rules.
    crawl_robots_cache_seconds: float = Field(default=86400.0, gt=0.0, le=86400.0)
    # Redirect hops followed per URL before it is skipped as too_many_redirects.
    crawl_max_redirects: int = Field(default=10, ge=0)
    # Stored articles re-fetched per source and crawl because their feed item or sitemap entry
    # is dated after tipwatch fetched them (an update or correction); 0 turns re-fetching off.
    # Undated entries are never re-fetched.
    crawl_refetch_max: int = Field(default=20, ge=0)
    # Retries of a whole crawl (the pipeline's crawl task) after a transient failure: a network
    # error, a timeout, a crawl child killed by a signal. Permanent errors are never retried.
    crawl_task_retries: int = Field(default=3, ge=0)
    # First pause (seconds) before such a retry; doubles per retry, with random jitter.
    crawl_task_retry_delay: float = Field(default=10.0, ge=0.0)
    # `tipwatch schedule`: scheduled runs that may run at once on the Prefect server, across every
    # `tipwatch schedule` process using it (a Prefect global concurrency limit, `tipwatch-crawls`;
    # one data folder runs one at a time anyway: its run lock).
    max_concurrent_crawls: int = Field(default=1, ge=1)
    # Seconds a scheduled run waits for the data folder's run lock (another run holds it) before
    # it is skipped, logged and recorded in Prefect as `Skipped`.
    schedule_lock_wait: float = Field(default=3600.0, ge=0.0)
    # `tipwatch prefect-server`: where the persistent Prefect server (and its UI) listens.
    prefect_server_host: str = "127.0.0.1"
    prefect_server_port: int = Field(default=4200, ge=1, le=65535)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'tipwatch.db').resolve()}"


def get_settings(**overrides: object) -> Settings:
    """A fresh Settings object; pass overrides to inject values (tests, the demo run)."""
    return Settings(**overrides)  # type: ignore[arg-type]
