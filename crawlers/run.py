"""Run a crawl from any Python process, as many times as needed.

Scrapy's Twisted reactor cannot be restarted within one process, so every call to `crawl` starts
a fresh child (`python -P -m tipwatch.crawlers.crawl_process`), waits for it and reads back its JSON
report. The child imports the same tipwatch as the parent (never a package in the current
directory: `-P`), and gets the store URL in its environment, never on its command line (`ps`).
A non-zero exit, a timeout or a missing report raises `CrawlError` with the tail of the child's log.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from pydantic import BaseModel, ConfigDict, Field

from tipwatch import progress
from tipwatch.crawlers.crawl_process import (
    CRAWL_SETTING_FIELDS,
    EXIT_CANNOT_WRITE,
    EXIT_NO_SPACE,
    EXIT_UNFINISHED,
    STORE_URL_ENV,
    default_warc_name,
    report_path_for,
)
from tipwatch.crawlers.source_defs import Source
from tipwatch.records import Skipped
from tipwatch.settings import Settings
from tipwatch.stopping import STOP

# The folder holding the `tipwatch` package this process runs: the child imports the same copy.
_IMPORT_ROOT = Path(str(resources.files("tipwatch"))).parent
LOG_TAIL_LINES = 40
# The module the child interpreter runs (`python -P -m CHILD_MODULE`).
CHILD_MODULE = "tipwatch.crawlers.crawl_process"


class CrawlError(RuntimeError):
    """The crawl child failed: non-zero exit, timeout, or no readable report."""

    def __init__(self, message: str, *, returncode: int | None, log_path: Path | None) -> None:
        super().__init__(message)
        self.returncode = returncode
        self.log_path = log_path


class CrawlResult(BaseModel):
    """What one crawl produced: the WARC of fetched articles and the counts of everything else."""

    model_config = ConfigDict(frozen=True)

    warc_path: Path
    report_path: Path
    log_path: Path
    pages_fetched: int
    articles_discovered: int
    # Article URLs found on each source's feeds, sitemaps, sections and search pages this run
    # (known ones included): what the sources' per-run assertions are checked against.
    discovered_by_source: dict[str, int] = Field(default_factory=dict)
    # Article-level skips by reason: http_<status> (incl. http_429/http_503 after retries),
    # robots_forbidden, robots_unavailable, blocked_address, redirect_loop, too_many_redirects,
    # offsite, too_old,
    # too_large, timeout, fetch_error.
    skipped: dict[str, int] = Field(default_factory=dict)
    # Requests of any kind (articles or discovery pages) refused by robots.txt.
    robots_forbidden: int = 0
    # Discovery failures, network errors and spider exceptions.
    errors: int = 0
    error_details: list[str] = Field(default_factory=list)
    requests: int = 0
    finish_reason: str = ""
    skips: list[Skipped] = Field(default_factory=list)
    # URL ledger: discovered URLs not fetched because the ledger already has them (stored,
    # skipped, failed, or deferred until later); pending URLs of an interrupted crawl that were
    # requested again; what was salvaged from killed crawls' WARCs; URL states afterwards.
    articles_known: int = 0
    articles_resumed: int = 0
    # Stored URLs re-fetched because a feed or sitemap dated them after their fetch (updates).
    articles_updated: int = 0
    salvaged: dict[str, object] = Field(default_factory=dict)
    url_states: dict[str, int] = Field(default_factory=dict)


def crawl(
    sources: list[Source],
    out_dir: Path,
    settings: Settings,
    *,
    allow_loopback: bool = False,
    since: datetime | None = None,
    timeout: float | None = None,
    store_url: str | None = None,
) -> CrawlResult:
    """Crawl `sources` in a child process; write `<out_dir>/crawl-*.warc.gz` and its report.

    `allow_loopback` is threaded through to the crawl settings (`TIPWATCH_ALLOW_LOOPBACK`);
    `since` skips articles whose feed/sitemap date is older; `timeout` (seconds) bounds the
    whole crawl. The child keeps the URL ledger in the store at `store_url` (default:
    `settings.resolved_database_url`): it salvages WARCs of killed crawls in `out_dir` first,
    then fetches only URLs the ledger has pending (see crawlers/ledger.py).
    """
    if not sources:
        raise ValueError("crawl() needs at least one source")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    warc_name = default_warc_name()
    warc_path = out_dir / warc_name
    report_path = report_path_for(warc_path)
    log_path = report_path.with_name(report_path.name.replace(".report.json", ".log"))

    with tempfile.TemporaryDirectory(prefix="tipwatch-crawl-") as tmp:
        sources_json = Path(tmp) / "sources.json"
        sources_json.write_text(
            json.dumps([s.model_dump(mode="json") for s in sources]), encoding="utf-8"
        )
        settings_json = Path(tmp) / "settings.json"
        crawl_settings = settings.model_dump(mode="json", include=set(CRAWL_SETTING_FIELDS))
        settings_json.write_text(json.dumps(crawl_settings), encoding="utf-8")
        cmd, env = child_invocation(
            sources_json,
            settings_json,
            out_dir,
            warc_name,
            store_url=store_url or settings.resolved_database_url,
            allow_loopback=allow_loopback,
            since=since,
        )
        with (
            _crawl_progress(store_url or settings.resolved_database_url, sources) as tick,
            open(log_path, "wb") as log,
        ):
            returncode = _run_child(cmd, env, log, timeout, log_path, tick)

    if returncode in (EXIT_NO_SPACE, EXIT_CANNOT_WRITE):
        # The child could not write its folder (its log may be missing for the same reason):
        # an OSError naming the folder, which the CLI turns into one line (free space shown).
        # What it wrote is whole records, committed, and marked `fetched` in the ledger.
        code = errno.ENOSPC if returncode == EXIT_NO_SPACE else errno.EACCES
        raise OSError(code, os.strerror(code), str(out_dir))
    stopped = STOP.requested and returncode == EXIT_UNFINISHED
    if returncode != 0 and not stopped:
        raise CrawlError(
            f"crawl child exited with code {returncode}; log {log_path}:\n" + _tail(log_path),
            returncode=returncode,
            log_path=log_path,
        )
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CrawlError(
            f"crawl child exited {returncode} but its report {report_path} is unreadable: {exc}",
            returncode=returncode,
            log_path=log_path,
        ) from exc
    if not warc_path.exists():
        raise CrawlError(
            f"crawl child exited {returncode} but wrote no WARC at {warc_path}",
            returncode=returncode,
            log_path=log_path,
        )
    return CrawlResult(
        warc_path=warc_path,
        report_path=report_path,
        log_path=log_path,
        pages_fetched=report["pages_fetched"],
        articles_discovered=report["articles_discovered"],
        discovered_by_source=report.get("discovered_by_source") or {},
        skipped=report["skipped"],
        robots_forbidden=report["robots_forbidden"],
        errors=report["errors"],
        error_details=report["error_details"],
        requests=report["requests"],
        finish_reason=report["finish_reason"],
        skips=[Skipped.model_validate(s) for s in report["skips"]],
        articles_known=report.get("articles_known", 0),
        articles_resumed=report.get("articles_resumed", 0),
        articles_updated=report.get("articles_updated", 0),
        salvaged=report.get("salvaged") or {},
        url_states=report.get("url_states") or {},
    )


def child_invocation(
    sources_json: Path,
    settings_json: Path,
    out_dir: Path,
    warc_name: str,
    *,
    store_url: str,
    allow_loopback: bool = False,
    since: datetime | None = None,
) -> tuple[list[str], dict[str, str]]:
    """The crawl child's command line and environment. Secrets go in the environment only."""
    cmd = [
        sys.executable,
        "-P",
        "-m",
        CHILD_MODULE,
        "--sources-json",
        str(sources_json),
        "--settings-json",
        str(settings_json),
        "--out",
        str(out_dir),
        "--warc-name",
        warc_name,
    ]
    if allow_loopback:
        cmd.append("--allow-loopback")
    if since is not None:
        cmd += ["--since", since.isoformat()]
    env = dict(os.environ)
    env[STORE_URL_ENV] = store_url
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(_IMPORT_ROOT), env.get("PYTHONPATH", "")) if p
    )
    return cmd, env


@contextmanager
def _crawl_progress(store_url: str, sources: list[Source]) -> Iterator[Callable[[], None] | None]:
    """While the child crawls, the URLs of `sources` it has dealt with (out of `pending`) and
    those still pending, read from the ledger (only when someone listens: `tipwatch.progress`)."""
    if not progress.listening():
        yield None
        return
    from sqlalchemy import func, select

    from tipwatch.store.db import Store
    from tipwatch.store.models import UrlRow

    store = Store(store_url, upgrade=False)
    ids = [s.id for s in sources]
    started = datetime.now(UTC)

    def tick() -> None:
        with store.session() as s:
            rows = s.execute(
                select(UrlRow.state, func.count())
                .where(UrlRow.source_id.in_(ids), UrlRow.updated_at >= started)
                .group_by(UrlRow.state)
            ).all()
            pending = s.scalar(
                select(func.count()).where(UrlRow.source_id.in_(ids), UrlRow.state == "pending")
            )
        done = sum(int(n) for state, n in rows if state != "pending")
        progress.report("crawl", done, done + int(pending or 0))

    try:
        yield tick
    finally:
        store.dispose()


def _run_child(
    cmd: list[str],
    env: dict[str, str],
    log: BinaryIO,
    timeout: float | None,
    log_path: Path,
    tick: Callable[[], None] | None = None,
) -> int:
    """Run the crawl child and return its exit code. The child ignores the terminal's Ctrl-C;
    this process passes the operator's stop on as SIGTERM (`tipwatch.stopping`)."""
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        with STOP.child(proc):
            try:
                return _wait(proc, timeout, tick)
            except subprocess.TimeoutExpired as exc:
                proc.kill()
                proc.wait()
                raise CrawlError(
                    f"crawl child timed out after {timeout} s (killed); log {log_path}:\n"
                    + _tail(log_path),
                    returncode=None,
                    log_path=log_path,
                ) from exc
    finally:
        if proc.poll() is None:  # KeyboardInterrupt, SystemExit: never leave the child behind
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            proc.wait()


def _wait(
    proc: subprocess.Popen[bytes], timeout: float | None, tick: Callable[[], None] | None
) -> int:
    """`proc.wait(timeout)`, calling `tick` about once a second meanwhile."""
    if tick is None:
        return proc.wait(timeout=timeout)
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        step = 1.0 if deadline is None else min(1.0, max(0.0, deadline - time.monotonic()))
        try:
            return proc.wait(timeout=step)
        except subprocess.TimeoutExpired:
            if deadline is not None and time.monotonic() >= deadline:
                raise
        # Progress is a courtesy: a busy store never stops the crawl.
        with contextlib.suppress(Exception):
            tick()


def _tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])
