"""Issue 14, search-engine faults against real engines (TIPWATCH_TEST_SEARCH_URL; skipped
without it, failed under CI): a bulk answered 200 with a truncated body (I2), a frozen engine
(I4) and a `tipwatch index rebuild` killed before its alias swap (I9).

I2 puts a loopback fault injector between the backend and the real node: it forwards every
request and cuts the body of the node's bulk answers in half. I4 freezes a second node of its
own (SIGSTOP), never the shared one."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import select

from tests.index.test_elastic import _seed_store, _store_case_ids
from tipwatch.crawlers.source_defs import Source
from tipwatch.index.base import SearchQuery
from tipwatch.index.elastic import ElasticIndex
from tipwatch.index.sync import rebuild, sync_outbox
from tipwatch.store.db import Store
from tipwatch.store.models import OutboxRow
from tipwatch.store.repository import upsert_sources

REPO = Path(__file__).resolve().parents[2]
SCRIPT = str(REPO / "scripts" / "search-node")


def _rows(store: Store) -> list[OutboxRow]:
    with store.session() as s:
        return list(s.scalars(select(OutboxRow).order_by(OutboxRow.id)))


def _delete_prefix(url: str, prefix: str) -> None:
    httpx.delete(f"{url}/{prefix}-*", params={"ignore_unavailable": "true"}, timeout=60)


# --- I2: a bulk answered 200 with a truncated body ----------------------------------------------


class _TruncatingProxy:
    """Forwards HTTP requests to the engine and hands back its answers unchanged, except that
    the body of the first `cut` bulk answers (all of them when `cut` is None) is cut to half its
    length, with a Content-Length that matches: a well-formed 200 whose JSON ends mid-item."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cut: int | None = None
        self.bulk_seen = 0
        self.bulk_cut = 0
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                skip = {"host", "connection", "content-length", "accept-encoding"}
                headers = {k: v for k, v in self.headers.items() if k.lower() not in skip}
                conn = http.client.HTTPConnection(proxy.host, proxy.port, timeout=60)
                try:
                    conn.request(self.command, self.path, body=body, headers=headers)
                    resp = conn.getresponse()
                    data = resp.read()
                    out_headers = resp.getheaders()
                    status = resp.status
                finally:
                    conn.close()
                if "_bulk" in urlsplit(self.path).path and data:
                    with proxy._lock:
                        proxy.bulk_seen += 1
                        if proxy.cut is None or proxy.bulk_cut < proxy.cut:
                            proxy.bulk_cut += 1
                            data = data[: len(data) // 2]
                self.send_response(status)
                drop = {"content-length", "transfer-encoding", "connection"}
                for k, v in out_headers:
                    if k.lower() not in drop:
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward  # noqa: N815

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> _TruncatingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def truncating_proxy(search_url: str) -> Iterator[_TruncatingProxy]:
    with _TruncatingProxy(search_url) as proxy:
        yield proxy


@pytest.mark.parametrize("flavor", ["elasticsearch", "opensearch"])
def test_a_truncated_bulk_answer_confirms_nothing(
    store: Store, search_url: str, truncating_proxy: _TruncatingProxy, flavor: str
) -> None:
    """I2: every bulk answer comes back 200 with its JSON cut in half. The engine did write the
    documents, but nothing confirmed them: the sync resends the batch with backoff, then fails
    with the rows pending and the error recorded. A later sync against the real node marks them
    all synced, each document present once (writes are idempotent by id)."""
    _seed_store(store, 6)
    prefix = f"twtest-{uuid.uuid4().hex[:10]}"
    scheme = "" if flavor == "elasticsearch" else "opensearch+"
    faulty = ElasticIndex(scheme + truncating_proxy.url, prefix=prefix, backoff=0.01)
    real = ElasticIndex(scheme + search_url, prefix=prefix, backoff=0.01)
    try:
        with pytest.raises(RuntimeError):
            sync_outbox(store, faulty)
        assert truncating_proxy.bulk_cut == truncating_proxy.bulk_seen == 6  # resent each time
        rows = _rows(store)
        assert len(rows) == 6
        assert all(r.synced_at is None and r.quarantined_at is None for r in rows)
        assert all(r.attempts == 1 and r.last_error for r in rows)
        assert all("EngineUnavailable" in (r.last_error or "") for r in rows)
        # The engine applied the writes it could not confirm: the resends did not duplicate them.
        real.refresh()
        assert real.count() == 6

        assert sync_outbox(store, real) == 6
        assert all(r.synced_at is not None and r.last_error is None for r in _rows(store))
        assert real.doc_ids() == _store_case_ids(store)
        assert real.count() == 6

        # One cut answer, then a whole one: the same sync resends the batch and succeeds.
        _seed_store_more(store, 6, 3)
        truncating_proxy.cut, truncating_proxy.bulk_seen, truncating_proxy.bulk_cut = 1, 0, 0
        assert sync_outbox(store, faulty) == 3
        assert (truncating_proxy.bulk_seen, truncating_proxy.bulk_cut) == (2, 1)
        assert real.doc_ids() == _store_case_ids(store)
        assert real.count() == 9
    finally:
        faulty.close()
        real.close()
        _delete_prefix(search_url, prefix)


def _seed_store_more(store: Store, start: int, n: int) -> None:
    """`n` more cases after the `start` that `_seed_store` made."""
    from tests.factories import make_article, make_extraction
    from tipwatch.records import LegalStatus
    from tipwatch.store.repository import save_article, save_extraction

    with store.session() as s:
        for i in range(start, start + n):
            text = f"Police charged Person{i} Alpha with trafficking in Delhi, case {i}."
            ext = make_extraction(text, [(f"Person{i} Alpha", LegalStatus.CHARGED)])
            row, _ = save_article(s, make_article(f"https://news.example/p{i}", text), ext)
            save_extraction(s, row, ext)


# --- I4: a frozen engine ---------------------------------------------------------------------


@pytest.fixture
def own_node(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """A second single-node engine of this test's own (the shared one must never be frozen):
    its URL and the pid of its JVM."""
    port = int(os.environ.get("SEARCH_NODE_PORT", "9250")) + 8
    env = {**os.environ, "SEARCH_NODE_PORT": str(port), "SEARCH_NODE_DIR": str(tmp_path / "node")}
    env.pop("SEARCH_NODE_SETTINGS", None)
    started = subprocess.run(
        [SCRIPT, "start"], env=env, check=True, capture_output=True, text=True, timeout=300
    )
    url = started.stdout.strip().splitlines()[-1]
    pid = int((tmp_path / "node" / "node.pid").read_text().strip())
    try:
        yield url, pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)  # never leave a stopped JVM behind
        subprocess.run([SCRIPT, "stop"], env=env, check=False, capture_output=True, timeout=120)


def test_a_frozen_engine_fails_the_sync_in_bounded_time(
    store: Store, own_node: tuple[str, int]
) -> None:
    """I4: SIGSTOP freezes the engine; its port still accepts connections but nothing answers.
    Each request gives up at the client timeout, so the sync fails within a bounded time, over
    either client, with every row pending and the timeout recorded. After SIGCONT the next sync
    writes exactly what the store holds."""
    url, pid = own_node
    timeout = 2.0
    _seed_store(store, 5)
    prefix = f"twtest-{uuid.uuid4().hex[:10]}"
    indexes = [
        ElasticIndex(url, prefix=prefix, backoff=0.01, timeout=timeout),
        ElasticIndex("opensearch+" + url, prefix=prefix, backoff=0.01, timeout=timeout),
    ]
    try:
        indexes[0].ensure()
        os.kill(pid, signal.SIGSTOP)
        try:
            for attempt, ix in enumerate(indexes, start=1):
                started = time.monotonic()
                with pytest.raises(RuntimeError):
                    sync_outbox(store, ix)
                took = time.monotonic() - started
                # 6 bulk attempts (plus the alias look-up on a new instance), each cut off at the
                # timeout: bounded, nowhere near a hang.
                assert took < 9 * timeout + 10, took
                rows = _rows(store)
                assert len(rows) == 5
                assert all(r.synced_at is None and r.quarantined_at is None for r in rows)
                assert all(r.attempts == attempt for r in rows)
                assert all("time" in (r.last_error or "").lower() for r in rows), rows[0].last_error
        finally:
            os.kill(pid, signal.SIGCONT)
        assert sync_outbox(store, indexes[1]) == 5
        assert all(r.synced_at is not None for r in _rows(store))
        assert indexes[0].doc_ids() == _store_case_ids(store)
        assert indexes[0].count() == 5
    finally:
        for ix in indexes:
            ix.close()


# --- I9: `tipwatch index rebuild` killed before the alias swap ---------------------------------


def test_rebuild_killed_before_the_alias_swap_leaves_the_old_index_live(
    tmp_path: Path, search_url: str
) -> None:
    """I9: a real `tipwatch index rebuild` is SIGKILLed as soon as its new versioned index
    appears in the engine (600 documents: the swap is seconds away). The alias still points at
    the old version and searches answer from it; the next rebuild succeeds and deletes the
    orphaned partial version."""
    data = tmp_path / "var"
    data.mkdir()
    store = Store(f"sqlite:///{data / 'tipwatch.db'}")
    prefix = f"twtest-{uuid.uuid4().hex[:10]}"
    ix = ElasticIndex(search_url, prefix=prefix, backoff=0.05)
    try:
        with store.session() as s:
            upsert_sources(
                s, [Source(id="in-a", name="A", country="IN", languages=["en"], homepage="x")]
            )
        _seed_store(store, 600)
        ids = _store_case_ids(store)
        assert rebuild(store, ix) == 600
        old = ix.current_version()
        assert old is not None and ix.versions() == [old]

        env = {k: v for k, v in os.environ.items() if not k.startswith("TIPWATCH_")}
        env.update(
            TIPWATCH_DATA_DIR=str(data),
            TIPWATCH_SEARCH_URL=search_url,
            TIPWATCH_SEARCH_PREFIX=prefix,
        )
        cmd = [sys.executable, "-m", "tipwatch", "index", "rebuild"]
        proc = subprocess.Popen(
            cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        orphan: str | None = None
        try:
            deadline = time.monotonic() + 120
            while orphan is None and time.monotonic() < deadline and proc.poll() is None:
                orphan = next((v for v in ix.versions() if v != old), None)
                if orphan is None:
                    time.sleep(0.01)
            alias_at_kill = ix.current_version()
            proc.kill()
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.communicate(timeout=60)
        assert orphan is not None, ("the rebuild never created its new version", proc.stderr)
        assert proc.returncode == -signal.SIGKILL
        assert alias_at_kill == old, "killed after the swap: the window was missed"

        assert ix.current_version() == old
        assert set(ix.versions()) == {old, orphan}  # the partial version is left behind
        ix.refresh()
        assert ix.count() == 600
        assert ix.doc_ids() == ids
        assert len(ix.search(SearchQuery(text="Person7 Alpha", limit=5))) >= 1

        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert "indexed 600 documents" in done.stdout
        new = ix.current_version()
        assert new not in (None, old, orphan)
        assert ix.versions() == [new]  # the old version and the orphan are gone
        assert ix.count() == 600
        assert ix.doc_ids() == ids
    finally:
        try:
            ix.engine.delete_index(f"{prefix}-*")
        finally:
            ix.close()
            store.dispose()
