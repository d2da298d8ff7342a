"""WARC storage for fetched pages: one gzip-compressed `response` record per article.

Writing is atomic: records go to `<name>.open`, which is flushed, fsynced and renamed to `<name>`
on close, so a reader never sees a half-written archive under the final name. Reading verifies
every record's block and payload digests and turns corrupt or truncated input into `WarcError`.

Reading is bounded (issue 14, I7): gzip members are inflated in 64 KiB steps with the output
counted and discarded until the member is known to be small enough, and a response body over
the crawler's maximum body size (`settings.max_body_bytes`) is never read whole. Such a record is
`WarcRecordTooLarge`; `iter_records` yields it and goes on with the next member.
"""

from __future__ import annotations

import contextlib
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from types import ModuleType, TracebackType
from typing import IO, Any, Self, cast

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tipwatch.records import FetchedPage

# Custom WARC headers carrying what the standard ones cannot.
SOURCE_ID_HEADER = "WARC-Tipwatch-Source-Id"
REQUEST_URI_HEADER = "WARC-Tipwatch-Request-URI"
STATUS_HEADER = "WARC-Tipwatch-Status"

OPEN_SUFFIX = ".open"

# Default maximum response body read back from a WARC: the crawler's (`Settings.max_body_bytes`).
DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
# Room for the WARC and HTTP headers of one record on top of its body, when bounding how far a
# gzip member may inflate.
RECORD_HEADER_ALLOWANCE = 256 * 1024
_INFLATE_STEP = 1 << 16

_gzip_zlib: ModuleType
try:
    # Intel's ISA-L inflates gzip members ~3x faster than zlib (0.61 -> 0.21 ms for a 176 KB
    # page), with the same checks of the trailer's CRC and length and zlib's decompressobj API;
    # every record is inflated twice in an ingest (the reader, then the worker).
    from isal import isal_zlib
    from isal.igzip_lib import IsalError

    _gzip_zlib = isal_zlib
    # (the stubs declare IsalError as an instance of Exception; it is the class)
    _INFLATE_ERRORS: tuple[type[Exception], ...] = (zlib.error, cast("type[Exception]", IsalError))
except ImportError:  # no ISA-L wheel for this platform: zlib
    _gzip_zlib = zlib
    _INFLATE_ERRORS = (zlib.error,)


def _gzip_member_decompressor() -> Any:
    """A decompressor of one gzip member (CRC and length verified at its end)."""
    return _gzip_zlib.decompressobj(zlib.MAX_WBITS | 16)


class WarcError(Exception):
    """A WARC file is missing, corrupt, truncated or not one tipwatch wrote. Names the file."""


class WarcRecordTooLarge(WarcError):
    """One record is larger than the maximum body size (a decompression bomb or an oversized
    page): skipped as `too_large`; the records after it are still readable."""


def _status_line(status: int) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    return f"{status} {phrase}".rstrip()


def _utc(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


class WarcPageWriter:
    """Incremental, atomic WARC writer. Use as a context manager or call `close()` / `abort()`.

    On normal exit of the `with` block the file is committed; on an exception it is removed.
    Each record is built in memory and appended whole: when the disk is full (or any write
    fails) the file is cut back to the end of the last complete record and the `OSError` names
    the file, so what is on disk is always whole records (`close()` can still commit them).
    """

    def __init__(self, path: Path, *, warcinfo: dict[str, str] | None = None) -> None:
        self.path = Path(path)
        self.open_path = self.path.with_name(self.path.name + OPEN_SUFFIX)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd: int | None = os.open(
            self.open_path,
            os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0),
            0o644,
        )
        self._size = 0
        self.count = 0
        self._synced_once = False
        info = {"software": "tipwatch", "format": "WARC File Format 1.1", **(warcinfo or {})}
        try:
            self._append(lambda w: w.write_record(w.create_warcinfo_record(self.path.name, info)))
        except OSError:
            self.abort()
            raise

    def _append(self, build: Callable[[WARCWriter], object]) -> int:
        """Build one record with `build(writer)` into memory, append it whole; its offset."""
        if self._fd is None:
            raise WarcError(f"{self.path}: writer already closed")
        buf = BytesIO()
        build(WARCWriter(buf, gzip=True, warc_version="1.1"))
        data = memoryview(buf.getbuffer())
        offset = self._size
        try:
            written = 0
            while written < len(data):
                written += os.write(self._fd, data[written:])
        except OSError as exc:
            # Never leave half a record: cut the file back to the last whole one.
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, offset)
            raise OSError(exc.errno, exc.strerror, str(self.open_path)) from exc
        finally:
            data.release()
        self._size = offset + written
        return offset

    def write(self, page: FetchedPage) -> int:
        """Append one `response` record; returns its byte offset (the start of its gzip member).

        The record is not durable until `sync()` (or `close()`)."""
        http_headers = StatusAndHeaders(
            _status_line(page.status), list(page.headers.items()), protocol="HTTP/1.1"
        )
        warc_headers = {
            "WARC-Date": _utc(page.fetched_at).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            SOURCE_ID_HEADER: page.source_id,
            REQUEST_URI_HEADER: page.url,
            STATUS_HEADER: str(page.status),
        }

        def build(writer: WARCWriter) -> None:
            writer.write_record(
                writer.create_warc_record(
                    page.final_url,
                    "response",
                    payload=BytesIO(page.body),
                    length=len(page.body),
                    http_headers=http_headers,
                    warc_headers_dict=warc_headers,
                )
            )

        offset = self._append(build)
        self.count += 1
        return offset

    def sync(self) -> None:
        """Fsync what was written so far (the `.open` file keeps its name)."""
        if self._fd is None:
            raise WarcError(f"{self.path}: writer already closed")
        os.fsync(self._fd)
        if not self._synced_once:
            # The first sync also makes the new `.open` directory entry durable.
            _fsync_dir(self.path.parent)
            self._synced_once = True

    def close(self) -> Path:
        """Fsync and rename `<name>.open` to `<name>`. Returns the final path."""
        if self._fd is None:
            return self.path
        fd, self._fd = self._fd, None
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(self.open_path, self.path)
        _fsync_dir(self.path.parent)
        return self.path

    def abort(self) -> None:
        """Discard the partial file."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)
        self.open_path.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_pages(
    path: Path, pages: Iterable[FetchedPage], *, warcinfo: dict[str, str] | None = None
) -> int:
    """Write `pages` to a gzip WARC at `path` atomically. Returns the number of records written."""
    with WarcPageWriter(path, warcinfo=warcinfo) as writer:
        for page in pages:
            writer.write(page)
        return writer.count


def read_pages(
    path: Path, *, max_body_bytes: int | None = DEFAULT_MAX_BODY_BYTES
) -> Iterator[FetchedPage]:
    """Yield every `response` record of a tipwatch WARC as a `FetchedPage`, verifying digests.

    Raises `WarcError` if the file is missing, truncated, not gzip/WARC, or a digest fails, and
    `WarcRecordTooLarge` at a body over `max_body_bytes` (None: no limit).
    """
    path = Path(path)
    try:
        fh = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise WarcError(f"{path}: cannot open WARC file: {exc}") from exc
    with fh:
        try:
            _verify_gzip(path, fh)
            fh.seek(0)
            yield from _iter_pages(path, fh, max_body_bytes)
        except WarcError:
            raise
        except (
            ArchiveLoadFailed,
            *_INFLATE_ERRORS,
            EOFError,
            OSError,
            ValueError,
            TypeError,
            AttributeError,
        ) as exc:
            raise WarcError(f"{path}: corrupt or truncated WARC file: {exc}") from exc


def _iter_pages(
    path: Path, fh: IO[bytes], max_body_bytes: int | None, check_digests: bool = True
) -> Iterator[FetchedPage]:
    it = ArchiveIterator(fh, check_digests="raise" if check_digests else False)
    for record in it:
        if record.rec_type != "response":
            _discard(record.raw_stream)
            continue
        uri = record.rec_headers.get_header("WARC-Target-URI")
        declared = record.rec_headers.get_header("Content-Length")
        body = _drain(record.raw_stream, max_body_bytes)
        if body is None:
            raise WarcRecordTooLarge(
                f"{path}: record for {uri} has a body over max_body_bytes={max_body_bytes}"
            )
        if check_digests and record.digest_checker.passed is not True:
            raise WarcError(f"{path}: record for {uri} has no verifiable digest")
        http = record.http_headers
        if http is None or uri is None:
            raise WarcError(f"{path}: response record without HTTP headers or target URI")
        status_text = record.rec_headers.get_header(STATUS_HEADER) or http.get_statuscode()
        date = record.rec_headers.get_header("WARC-Date")
        headers: dict[str, str] = {}
        for name, value in http.headers:
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        try:
            yield FetchedPage(
                url=record.rec_headers.get_header(REQUEST_URI_HEADER) or uri,
                final_url=uri,
                status=int(status_text),
                headers=headers,
                body=body,
                fetched_at=_utc(datetime.fromisoformat(date or "")),
                source_id=record.rec_headers.get_header(SOURCE_ID_HEADER) or "",
            )
        except (TypeError, ValueError) as exc:
            raise WarcError(
                f"{path}: malformed response record for {uri} (length {declared}): {exc}"
            ) from exc


def _drain(stream: IO[bytes], limit: int | None) -> bytes | None:
    """The whole stream, or None as soon as it is longer than `limit` bytes (None: no limit)."""
    chunks = []
    size = 0
    while True:
        chunk = stream.read(65536)
        if not chunk:
            break
        size += len(chunk)
        if limit is not None and size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _discard(stream: IO[bytes]) -> None:
    while stream.read(65536):
        pass


def _inflate(d: Any, data: bytes, keep: list[bytes] | None = None, room: int = 0) -> int:
    """Feed `data` to `d` in bounded steps; returns how many bytes it inflated to. The output
    is appended to `keep` while it stays within `room` bytes in all, and discarded otherwise
    (None: always), so memory stays at `room` and one step whatever the compression ratio."""
    inflated = 0
    while not d.eof:
        out = d.decompress(data, _INFLATE_STEP)
        inflated += len(out)
        if keep is not None and inflated <= room:
            keep.append(out)
        data = d.unconsumed_tail
        if not data and len(out) < _INFLATE_STEP:
            break
    return inflated


def _verify_gzip(path: Path, fh: IO[bytes]) -> None:
    """Check that the file is a complete sequence of gzip members (CRC and length verified).

    warcio stops quietly at a short final member, so truncation is caught here instead.
    """
    members = 0
    d = _gzip_member_decompressor()
    pending = False  # bytes fed to the current member that have not reached its trailer
    while True:
        chunk = fh.read(1 << 16)
        if not chunk:
            break
        while chunk:
            pending = True
            _inflate(d, chunk)
            if not d.eof:
                break
            members += 1
            pending = False
            chunk = d.unused_data
            d = _gzip_member_decompressor()
    if pending:
        raise WarcError(f"{path}: truncated WARC file (last gzip member is incomplete)")
    if members == 0:
        raise WarcError(f"{path}: empty WARC file")


def _read_member(path: Path, fh: IO[bytes]) -> tuple[int, bytes] | None:
    """The one gzip member starting at the current position, verified (CRC and length): (its
    compressed length, its inflated bytes), or None at a clean end of file. Raises
    `WarcError` if it is cut short."""
    scanned = _scan_member(path, fh, None)
    if scanned is None:
        return None
    length, data = scanned
    assert data is not None  # no limit
    return length, data


def _scan_member(path: Path, fh: IO[bytes], limit: int | None) -> tuple[int, bytes | None] | None:
    """Find the end of the gzip member starting at the current position, inflating it in
    bounded steps and verifying its CRC and length: (its compressed length, its inflated
    bytes), with None for the bytes when it inflates past `limit` (None: no limit; past it
    the output is discarded, so a decompression bomb never fills memory); None at a clean end
    of file. Raises `WarcError` if it is cut short or corrupt. The member is inflated once:
    its records are read from the inflated bytes (`_member_pages`)."""
    d = _gzip_member_decompressor()
    kept: list[bytes] | None = []
    fed = 0
    inflated = 0
    while True:
        chunk = fh.read(1 << 16)
        if not chunk:
            if fed == 0:
                return None
            raise WarcError(f"{path}: truncated WARC record (gzip member is incomplete)")
        room = (limit if limit is not None else sys.maxsize) - inflated
        try:
            inflated += _inflate(d, chunk, kept, room)
        except _INFLATE_ERRORS as exc:
            raise WarcError(f"{path}: corrupt gzip member: {exc}") from exc
        fed += len(chunk)
        if kept is not None and limit is not None and inflated > limit:
            kept = None  # too large: only its end is wanted now
        if d.eof:
            return fed - len(d.unused_data), None if kept is None else b"".join(kept)


def _member_limit(max_body_bytes: int | None) -> int | None:
    return None if max_body_bytes is None else max_body_bytes + RECORD_HEADER_ALLOWANCE


def _member_pages(
    path: Path, member: bytes, max_body_bytes: int | None = None, check_digests: bool = True
) -> list[FetchedPage]:
    """The `response` pages (0 for a warcinfo record, else 1) of one verified gzip member, as
    its inflated bytes."""
    try:
        return list(_iter_pages(path, BytesIO(member), max_body_bytes, check_digests))
    except WarcError:
        raise
    except (
        ArchiveLoadFailed,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        TypeError,
        AttributeError,
    ) as exc:
        raise WarcError(f"{path}: corrupt WARC record: {exc}") from exc


def read_page_at(
    path: Path,
    offset: int,
    *,
    max_body_bytes: int | None = DEFAULT_MAX_BODY_BYTES,
    check_digests: bool = True,
) -> FetchedPage:
    """Read the one `response` record whose gzip member starts at byte `offset` of `path`,
    verifying the gzip CRC and the record's block and payload digests.

    Raises `WarcError` if the file is missing, the offset does not start a complete member, the
    record is not a response, or a digest fails; `WarcRecordTooLarge` if its body is over
    `max_body_bytes` (None: no limit), without inflating it into memory. `check_digests=False`
    skips the digests (never the gzip CRC) of a record this run has verified already.
    """
    path = Path(path)
    try:
        fh = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise WarcError(f"{path}: cannot open WARC file: {exc}") from exc
    with fh:
        if offset < 0:
            raise WarcError(f"{path}: negative record offset {offset}")
        fh.seek(offset)
        scanned = _scan_member(path, fh, _member_limit(max_body_bytes))
    if scanned is None:
        raise WarcError(f"{path}: no record at offset {offset} (end of file)")
    member = scanned[1]
    if member is None:
        raise WarcRecordTooLarge(
            f"{path}: the record at offset {offset} inflates past "
            f"max_body_bytes={max_body_bytes} (+ headers)"
        )
    pages = _member_pages(path, member, max_body_bytes, check_digests)
    if len(pages) != 1:
        raise WarcError(f"{path}: the record at offset {offset} is not a response record")
    return pages[0]


def iter_records(
    path: Path, *, max_body_bytes: int | None = DEFAULT_MAX_BODY_BYTES
) -> Iterator[tuple[int, list[FetchedPage] | WarcError]]:
    """Every gzip member of a WARC file (ours or anybody's, e.g. CC-NEWS) with its byte offset:
    the response pages it holds (none for warcinfo/request/metadata records), or the error that
    made it unreadable. A corrupt record does not hide the records after it; a torn tail ends the
    iteration with its error. A record over `max_body_bytes` (None: no limit) is a
    `WarcRecordTooLarge`, found without inflating it into memory."""
    path = Path(path)
    try:
        fh = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise WarcError(f"{path}: cannot open WARC file: {exc}") from exc
    with fh:
        if fh.read(2) != b"\x1f\x8b":
            raise WarcError(f"{path}: not a gzip-compressed WARC file (record-level gzip needed)")
        fh.seek(0)
        while True:
            offset = fh.tell()
            try:
                scanned = _scan_member(path, fh, _member_limit(max_body_bytes))
            except WarcError as exc:
                # A corrupt member (a flipped byte, a torn write in the middle): skip to the next
                # gzip member that reads, so one bad record does not hide the rest of the file.
                following = _next_member(path, fh, offset + 1, _member_limit(max_body_bytes))
                lost = (following if following is not None else _size(fh)) - offset
                yield offset, WarcError(f"{exc} (at offset {offset}; {lost} bytes skipped)")
                if following is None:
                    return
                fh.seek(following)
                continue
            if scanned is None:
                return
            length, member = scanned
            fh.seek(offset + length)  # _scan_member reads ahead in chunks
            if member is None:
                yield (
                    offset,
                    WarcRecordTooLarge(
                        f"{path}: the record at offset {offset} inflates past "
                        f"max_body_bytes={max_body_bytes} (+ headers)"
                    ),
                )
                continue
            try:
                yield offset, _member_pages(path, member, max_body_bytes)
            except WarcError as exc:
                yield offset, exc


def _size(fh: IO[bytes]) -> int:
    return fh.seek(0, 2)


def _next_member(path: Path, fh: IO[bytes], start: int, limit: int | None) -> int | None:
    """Offset of the first gzip member at or after `start` that reads whole (CRC and length
    checked), or None. The gzip magic can occur inside compressed data by chance: each candidate
    is verified, and scanning goes on past the ones that do not read."""
    magic = b"\x1f\x8b\x08"
    pos = start
    while True:
        fh.seek(pos)
        window = fh.read(1 << 16)
        if len(window) < len(magic):
            return None
        found = window.find(magic)
        if found < 0:
            pos += len(window) - (len(magic) - 1)
            continue
        candidate = pos + found
        fh.seek(candidate)
        try:
            if _scan_member(path, fh, limit) is not None:
                return candidate
        except WarcError:
            pass
        pos = candidate + 1


def salvage_open_warc(open_path: Path) -> tuple[Path | None, list[tuple[int, FetchedPage]]]:
    """Recover the `<name>.open` WARC of a crawl that was killed.

    Keeps the leading run of complete, digest-verified records, truncates the torn tail (a record
    cut short by the kill, or anything after the first unreadable byte), fsyncs and renames the
    file to `<name>`. Returns the final path and the (offset, page) of every response record
    kept. A file with no complete response record is deleted and (None, []) returned. A final
    file that already exists is never overwritten: the `.open` file is then left as it is.
    """
    open_path = Path(open_path)
    if not open_path.name.endswith(OPEN_SUFFIX):
        raise ValueError(f"{open_path} is not an {OPEN_SUFFIX} WARC file")
    final = open_path.with_name(open_path.name[: -len(OPEN_SUFFIX)])
    if final.exists():
        raise WarcError(f"{open_path}: cannot salvage, {final} already exists")
    kept: list[tuple[int, FetchedPage]] = []
    good_end = 0
    with open(open_path, "r+b") as fh:
        while True:
            fh.seek(good_end)
            try:
                member = _read_member(open_path, fh)
                if member is None:
                    break
                length, data = member
                pages = _member_pages(open_path, data)
            except WarcError:
                break
            kept.extend((good_end, page) for page in pages)
            good_end += length
        if not kept:
            fh.close()
            open_path.unlink()
            _fsync_dir(open_path.parent)
            return None, []
        fh.truncate(good_end)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(open_path, final)
    _fsync_dir(final.parent)
    return final, kept
