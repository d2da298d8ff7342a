"""WARC round trip, digest verification and truncation detection."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.crawlers.conftest import CrawledSite
from tipwatch.crawlers.warc import (
    REQUEST_URI_HEADER,
    SOURCE_ID_HEADER,
    WarcError,
    WarcPageWriter,
    iter_records,
    read_page_at,
    read_pages,
    write_pages,
)
from tipwatch.records import FetchedPage


def _page(i: int, **kw: object) -> FetchedPage:
    values: dict[str, object] = {
        "url": f"http://news.example/a/{i}",
        "final_url": f"http://news.example/articles/{i}.html",
        "status": 200,
        "headers": {"Content-Type": "text/html; charset=utf-8", "X-Seq": str(i)},
        "body": f"<html><body>article {i} \u00e9\u0101</body></html>".encode() * 50,
        "fetched_at": datetime(2024, 6, 3, 10, 0, i, 123456, tzinfo=UTC),
        "source_id": "alpha-times",
    }
    values.update(kw)
    return FetchedPage.model_validate(values)


def test_round_trip_is_exact(tmp_path: Path) -> None:
    pages = [_page(i) for i in range(5)]
    path = tmp_path / "x.warc.gz"
    assert write_pages(path, pages) == 5
    assert list(read_pages(path)) == pages
    assert not (tmp_path / "x.warc.gz.open").exists()


def test_records_carry_target_uri_and_custom_headers(tmp_path: Path) -> None:
    path = tmp_path / "x.warc.gz"
    write_pages(path, [_page(1)])
    with open(path, "rb") as fh:
        records = [(r.rec_type, r.rec_headers) for r in ArchiveIterator(fh)]
    assert [t for t, _ in records] == ["warcinfo", "response"]
    headers = records[1][1]
    assert headers.get_header("WARC-Target-URI") == "http://news.example/articles/1.html"
    assert headers.get_header(SOURCE_ID_HEADER) == "alpha-times"
    assert headers.get_header(REQUEST_URI_HEADER) == "http://news.example/a/1"
    assert headers.get_header("WARC-Payload-Digest", "").startswith("sha1:")
    assert headers.get_header("WARC-Block-Digest", "").startswith("sha1:")


def test_crawled_warc_round_trips(crawled: CrawledSite, tmp_path: Path) -> None:
    pages = list(read_pages(crawled.result.warc_path))
    assert len(pages) == crawled.result.pages_fetched > 0
    copy = tmp_path / "copy.warc.gz"
    write_pages(copy, pages)
    again = list(read_pages(copy))
    assert [(p.url, p.final_url, p.body) for p in again] == [
        (p.url, p.final_url, p.body) for p in pages
    ]
    assert again == pages


def _members(data: bytes) -> list[bytes]:
    """Split a multi-member gzip file into its members' decompressed contents."""
    out = []
    while data:
        d = zlib.decompressobj(zlib.MAX_WBITS | 16)
        out.append(d.decompress(data))
        data = d.unused_data
    return out


def test_changed_body_fails_the_digest_check(tmp_path: Path) -> None:
    path = tmp_path / "x.warc.gz"
    write_pages(path, [_page(1), _page(2)])
    members = _members(path.read_bytes())
    assert len(members) == 3  # warcinfo + 2 responses
    # Same length, different content: only the digests can notice.
    members[2] = members[2].replace(b"article 2", b"article 9", 1)
    path.write_bytes(b"".join(gzip.compress(m) for m in members))
    with pytest.raises(WarcError, match="digest"):
        list(read_pages(path))


@pytest.mark.parametrize("keep", [0.99, 0.7, 0.5, 0.1])
def test_truncated_warc_raises(tmp_path: Path, keep: float) -> None:
    path = tmp_path / "x.warc.gz"
    write_pages(path, [_page(i) for i in range(3)])
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(WarcError, match="truncated|corrupt"):
        list(read_pages(path))


def test_not_a_warc_raises(tmp_path: Path) -> None:
    path = tmp_path / "x.warc.gz"
    path.write_bytes(b"<html>not a warc</html>")
    with pytest.raises(WarcError):
        list(read_pages(path))
    path.write_bytes(b"")
    with pytest.raises(WarcError, match="empty"):
        list(read_pages(path))
    with pytest.raises(WarcError, match="cannot open"):
        list(read_pages(tmp_path / "missing.warc.gz"))


def test_writer_is_atomic(tmp_path: Path) -> None:
    path = tmp_path / "x.warc.gz"
    writer = WarcPageWriter(path)
    writer.write(_page(1))
    assert not path.exists() and (tmp_path / "x.warc.gz.open").exists()
    assert writer.close() == path
    assert path.exists() and not (tmp_path / "x.warc.gz.open").exists()
    assert len(list(read_pages(path))) == 1


def test_writer_discards_partial_file_on_error(tmp_path: Path) -> None:
    path = tmp_path / "x.warc.gz"
    with pytest.raises(RuntimeError), WarcPageWriter(path) as writer:
        writer.write(_page(1))
        raise RuntimeError("boom")
    assert not path.exists() and not (tmp_path / "x.warc.gz.open").exists()


def test_a_corrupt_member_does_not_hide_the_records_after_it(tmp_path: Path) -> None:
    """Issue 14, C27: one flipped byte inside a gzip member used to end the reading of the
    whole file; now that record is one counted error and reading resumes at the next member."""
    path = tmp_path / "x.warc.gz"
    write_pages(path, [_page(i) for i in range(4)])
    members = [gzip.compress(m) for m in _members(path.read_bytes())]
    assert len(members) == 5  # warcinfo + 4 responses
    broken = bytearray(members[2])  # the second response
    broken[len(broken) // 2] ^= 0xFF
    members[2] = bytes(broken)
    path.write_bytes(b"".join(members))

    results = list(iter_records(path, max_body_bytes=None))
    errors = [item for _, item in results if isinstance(item, WarcError)]
    pages = [p for _, item in results if not isinstance(item, WarcError) for p in item]
    assert len(errors) == 1 and "bytes skipped" in str(errors[0])
    assert [p.headers["X-Seq"] for p in pages] == ["0", "2", "3"]
    # Offsets still point at real members: each page reads back on its own.
    offsets = [o for o, item in results if not isinstance(item, WarcError) and item]
    assert [read_page_at(path, o).headers["X-Seq"] for o in offsets] == ["0", "2", "3"]


def test_a_record_read_again_skips_its_digests_but_never_the_gzip_check(tmp_path: Path) -> None:
    """Issue 15: an ingest's worker reads again a record its reader has verified this run
    (`check_digests=False`): the digests are not recomputed, the gzip trailer still is."""
    path = tmp_path / "x.warc.gz"
    write_pages(path, [_page(1), _page(2)])
    members = _members(path.read_bytes())
    members[2] = members[2].replace(b"article 2", b"article 9", 1)
    compressed = [gzip.compress(m) for m in members]
    path.write_bytes(b"".join(compressed))
    offset = len(compressed[0]) + len(compressed[1])
    with pytest.raises(WarcError, match="digest"):
        read_page_at(path, offset)
    assert b"article 9" in read_page_at(path, offset, check_digests=False).body
    # one flipped byte of the compressed member: the CRC (or the inflate) fails either way
    broken = bytearray(compressed[2])
    broken[len(broken) // 2] ^= 0xFF
    path.write_bytes(compressed[0] + compressed[1] + bytes(broken))
    with pytest.raises(WarcError):
        read_page_at(path, offset, check_digests=False)
    # a wrong CRC alone (the deflate stream intact)
    bad_crc = bytearray(compressed[2])
    bad_crc[-8] ^= 0x01
    path.write_bytes(compressed[0] + compressed[1] + bytes(bad_crc))
    with pytest.raises(WarcError, match="corrupt gzip member"):
        read_page_at(path, offset, check_digests=False)
