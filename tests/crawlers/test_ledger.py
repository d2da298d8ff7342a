"""The URL ledger's transitions, WARC offsets and the salvage of a killed crawl's `.open` WARC."""

from __future__ import annotations

import gzip
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tipwatch.crawlers.crawl_process import lock_out_dir, recover_open_warcs
from tipwatch.crawlers.ledger import MAX_ATTEMPTS, Ledger, is_transient, url_key
from tipwatch.crawlers.warc import (
    OPEN_SUFFIX,
    WarcError,
    WarcPageWriter,
    read_page_at,
    read_pages,
    salvage_open_warc,
)
from tipwatch.records import FetchedPage
from tipwatch.store.db import Store
from tipwatch.store.models import UrlRow


def _page(i: int) -> FetchedPage:
    return FetchedPage(
        url=f"http://news.example/articles/{i}.html",
        final_url=f"http://news.example/articles/{i}.html",
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=(f"<html><body><p>article {i}</p>" + "x" * (300 * i) + "</body></html>").encode(),
        fetched_at=datetime(2024, 6, 3, 10, 0, i, tzinfo=UTC),
        source_id="news",
    )


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    led = Ledger(Store(f"sqlite:///{tmp_path / 'store.db'}"))
    yield led  # type: ignore[misc]
    led.close()


def _row(ledger: Ledger, url: str) -> UrlRow:
    with ledger.store.session() as s:
        row = s.scalar(select(UrlRow).where(UrlRow.url_key == url_key(url)))
    assert row is not None, url
    return row


def test_key_is_sha256_of_normalised_url() -> None:
    assert url_key("http://a.example/x#frag") == url_key("http://a.example/x")
    assert url_key("http://a.example/x") != url_key("http://a.example/y")
    assert len(url_key("http://a.example/x")) == 64


def test_discover_is_idempotent_and_returns_only_new(ledger: Ledger) -> None:
    new = ledger.discover([("http://a.example/1", "a"), ("http://a.example/2#c", "a")])
    assert new == ["http://a.example/1", "http://a.example/2#c"]
    assert ledger.discover([("http://a.example/2", "a"), ("http://a.example/3", "a")]) == [
        "http://a.example/3"
    ]
    assert ledger.counts() == {"pending": 3}
    assert ledger.should_fetch("http://a.example/1")
    assert not ledger.should_fetch("http://a.example/never-discovered")


def test_crawl_transitions_only_leave_pending(ledger: Ledger) -> None:
    url = "http://a.example/1"
    ledger.discover([(url, "a")])
    assert ledger.mark_fetched(url, "/w/x.warc.gz", 1234)
    assert not ledger.should_fetch(url)
    # A second fetch outcome (a salvage re-marking it, a late skip) changes nothing.
    assert not ledger.mark_fetched(url, "/w/other.warc.gz", 1)
    assert not ledger.mark_skipped(url, "http_404")
    row = _row(ledger, url)
    assert (row.state, row.warc_path, row.warc_offset, row.attempts) == (
        "fetched",
        "/w/x.warc.gz",
        1234,
        1,
    )
    assert ledger.mark_stored(url, "a" * 32)
    assert not ledger.mark_duplicate(url, "b" * 32)
    row = _row(ledger, url)
    assert (row.state, row.article_id, row.duplicate_of) == ("stored", "a" * 32, None)


def test_defer_backs_off_then_fails(ledger: Ledger) -> None:
    url = "http://a.example/flaky"
    ledger.discover([(url, "a")])
    now = datetime.now(UTC)
    assert ledger.defer(url, None, "http_503") == "pending"
    row = _row(ledger, url)
    assert row.retry_at is not None and row.attempts == 1
    assert not ledger.should_fetch(url)  # not due yet
    assert ledger.should_fetch(url, now=now + timedelta(days=2))
    assert ledger.pending_due(["a"]) == []
    ledger.discover([("http://a.example/ok", "a")])
    assert ledger.fetchable([url, "http://a.example/ok", "http://a.example/unknown"]) == {
        "http://a.example/ok"
    }
    assert ledger.pending_due(["a"], now=now + timedelta(days=2)) == [
        (url, "a"),
        ("http://a.example/ok", "a"),
    ]
    for _ in range(MAX_ATTEMPTS - 2):
        assert ledger.defer(url, now - timedelta(seconds=1), "timeout") == "pending"
    assert ledger.defer(url, None, "timeout", "still down") == "failed"
    row = _row(ledger, url)
    assert (row.state, row.reason, row.detail, row.attempts) == (
        "failed",
        "timeout",
        "still down",
        MAX_ATTEMPTS,
    )
    assert ledger.defer(url, None, "timeout") is None


def test_transient_reasons() -> None:
    assert is_transient("timeout") and is_transient("http_503") and is_transient("http_429")
    assert is_transient("robots_unavailable")
    assert not is_transient("http_404") and not is_transient("robots_forbidden")
    assert not is_transient("too_large") and not is_transient("http_abc")


def test_processing_marks_join_the_callers_transaction(ledger: Ledger) -> None:
    url = "http://a.example/1"
    ledger.discover([(url, "a")])
    ledger.mark_fetched(url, "/w/x.warc.gz", 0)
    with pytest.raises(RuntimeError), ledger.store.session() as s:
        assert ledger.mark_stored(url, "c" * 32, session=s)
        raise RuntimeError("article write failed")
    assert _row(ledger, url).state == "fetched"  # rolled back with the article
    with ledger.store.session() as s:
        ledger.mark_skipped(url, "article:no_text", stage="article", session=s)
    assert _row(ledger, url).state == "skipped"


def test_requeue_sends_an_unreadable_fetch_back_to_pending(ledger: Ledger) -> None:
    url = "http://a.example/1"
    ledger.discover([(url, "a")])
    ledger.mark_fetched(url, "/gone.warc.gz", 10)
    assert ledger.fetched(["a"])[0].warc_path == "/gone.warc.gz"
    assert ledger.requeue(url, "warc_unreadable")
    assert ledger.should_fetch(url)
    assert ledger.fetched() == []


def test_writer_offsets_point_at_each_record(tmp_path: Path) -> None:
    path = tmp_path / "x.warc.gz"
    pages = [_page(i) for i in range(1, 5)]
    with WarcPageWriter(path) as writer:
        offsets = [writer.write(p) for p in pages]
        writer.sync()
        assert writer.open_path.stat().st_size > offsets[-1]
    assert offsets == sorted(offsets) and offsets[0] > 0  # the warcinfo record comes first
    for offset, page in zip(offsets, pages, strict=True):
        assert read_page_at(path, offset) == page
    with pytest.raises(WarcError, match="not a response"):
        read_page_at(path, 0)  # the warcinfo record
    with pytest.raises(WarcError):
        read_page_at(path, offsets[1] + 3)  # not the start of a record
    with pytest.raises(WarcError, match="cannot open"):
        read_page_at(tmp_path / "missing.warc.gz", offsets[0])


def test_read_page_at_checks_the_digest(tmp_path: Path) -> None:
    path = tmp_path / "x.warc.gz"
    with WarcPageWriter(path) as writer:
        offset = writer.write(_page(1))
    data = path.read_bytes()
    member = gzip.decompress(data[offset:])
    tampered = member.replace(b"article 1", b"article 9")
    assert tampered != member
    path.write_bytes(data[:offset] + gzip.compress(tampered))
    with pytest.raises(WarcError, match="digest"):
        read_page_at(path, offset)


def _torn_open_warc(tmp_path: Path, n: int) -> tuple[Path, list[int], list[FetchedPage]]:
    """A `.open` WARC as a kill leaves it: n complete records, then half of record n+1."""
    path = tmp_path / "crawl-x.warc.gz"
    pages = [_page(i) for i in range(1, n + 2)]
    writer = WarcPageWriter(path)
    offsets = [writer.write(p) for p in pages]
    writer.sync()
    size = writer.open_path.stat().st_size
    assert writer._fd is not None
    os.close(writer._fd)  # the process dies: no commit, the `.open` file stays
    cut = offsets[-1] + (size - offsets[-1]) // 2
    with open(writer.open_path, "r+b") as fh:
        fh.truncate(cut)
    return writer.open_path, offsets, pages


def test_salvage_keeps_complete_records_and_cuts_the_torn_tail(tmp_path: Path) -> None:
    open_path, offsets, pages = _torn_open_warc(tmp_path, 3)
    with pytest.raises(WarcError, match="truncated"):
        list(read_pages(open_path))
    final, kept = salvage_open_warc(open_path)
    assert final == tmp_path / "crawl-x.warc.gz"
    assert not open_path.exists()
    assert [o for o, _ in kept] == offsets[:3]
    assert [p for _, p in kept] == pages[:3]
    assert list(read_pages(final)) == pages[:3]  # a valid, complete WARC again
    assert final.stat().st_size == offsets[3]  # cut exactly where the torn record began


def test_salvage_of_a_file_without_complete_response_removes_it(tmp_path: Path) -> None:
    open_path = tmp_path / ("y.warc.gz" + OPEN_SUFFIX)
    open_path.write_bytes(gzip.compress(b"WARC/1.1\r\n")[:7])
    assert salvage_open_warc(open_path) == (None, [])
    assert not open_path.exists() and not (tmp_path / "y.warc.gz").exists()


def test_recovery_marks_salvaged_pages_fetched(tmp_path: Path, ledger: Ledger) -> None:
    open_path, offsets, pages = _torn_open_warc(tmp_path, 3)
    ledger.discover([(p.url, "news") for p in pages])
    # Record 1 was marked before the kill; records 2 and 3 were archived but not yet marked;
    # record 4 was being written.
    final = str((tmp_path / "crawl-x.warc.gz").resolve())
    ledger.mark_fetched(pages[0].url, final, offsets[0])
    report = recover_open_warcs(tmp_path, ledger)
    assert report == {"files": 1, "pages": 3, "marked_fetched": 2, "errors": []}
    refs = {r.url: r for r in ledger.fetched(["news"])}
    assert set(refs) == {p.url for p in pages[:3]}
    for page, offset in zip(pages[:3], offsets[:3], strict=True):
        assert (refs[page.url].warc_path, refs[page.url].offset) == (final, offset)
        assert read_page_at(Path(final), offset) == page
    assert ledger.should_fetch(pages[3].url)  # torn: fetched again by the next crawl
    assert recover_open_warcs(tmp_path, ledger)["files"] == 0


def test_out_dir_lock_is_exclusive(tmp_path: Path) -> None:
    first = lock_out_dir(tmp_path)
    assert first is not None
    assert lock_out_dir(tmp_path) is None
    first.close()
    again = lock_out_dir(tmp_path)
    assert again is not None
    again.close()


def _ledger_state(led: Ledger) -> list[tuple[object, ...]]:
    with led.store.session() as s:
        return [
            (r.url, r.state, r.source_id, r.attempts, r.warc_path, r.warc_offset, r.reason)
            for r in s.scalars(select(UrlRow).order_by(UrlRow.url))
        ]


def test_marking_many_fetched_at_once_is_marking_each(tmp_path: Path) -> None:
    """`mark_fetched_many` (one query for a queue of records) leaves the ledger exactly as
    `mark_fetched` one by one: pending URLs, URLs never discovered, a URL given twice, one
    already fetched, one stored and reopened as an update, one stored."""
    urls = [f"http://news.example/a/{i}.html" for i in range(8)]

    def history(led: Ledger) -> None:
        led.discover([(u, "news") for u in urls[:5]])
        led.mark_fetched(urls[1], "/w/old.warc.gz", 10, source_id="news")
        led.mark_stored(urls[2], "a" * 32, source_id="news")
        led.mark_fetched(urls[3], "/w/old.warc.gz", 20, source_id="news")
        led.mark_stored(urls[3], "b" * 32, source_id="news")
        later = datetime.now(UTC) + timedelta(hours=1)
        assert led.reopen_updated([(urls[3], later)], limit=5, now=later) == [urls[3]]

    records = [
        (urls[0], "/w/new.warc.gz", 100, "news"),
        (urls[1], "/w/new.warc.gz", 200, "news"),
        (urls[2], "/w/new.warc.gz", 300, "news"),
        (urls[3], "/w/new.warc.gz", 400, "news"),
        (urls[5], "/w/new.warc.gz", 500, "other"),
        (urls[0], "/w/new.warc.gz", 600, "news"),
        (urls[6], "/w/new.warc.gz", 700, None),
    ]
    one = Ledger(Store(f"sqlite:///{tmp_path / 'one.db'}"))
    many = Ledger(Store(f"sqlite:///{tmp_path / 'many.db'}"))
    try:
        history(one)
        history(many)
        with one.store.session() as s:
            each = [
                one.mark_fetched(url, path, off, source_id=sid, session=s)
                for url, path, off, sid in records
            ]
        with many.store.session() as s:
            together = many.mark_fetched_many(records, session=s)
        assert together == each
        assert each[0] and not each[5] and not each[1] and not each[2]
        assert _ledger_state(many) == _ledger_state(one)
        states = {row[0]: row[1] for row in _ledger_state(many)}
        assert states[urls[0]] == "fetched" and states[urls[6]] == "fetched"
        assert states[urls[2]] == "stored"
        # the reopened update is fetched again and keeps saying it is an update
        assert [r[6] for r in _ledger_state(many) if r[0] == urls[3]] == ["updated"]
        assert states[urls[3]] == "fetched"
    finally:
        one.close()
        many.close()
