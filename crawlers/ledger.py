"""The URL ledger: the durable source of truth for which article URLs exist and what became of them.

Every article URL the crawler discovers gets one row in the store's `urls` table, keyed by the
sha256 of its normalised URL, and is always in exactly one state:

    pending ──► fetched ──► stored          (an article row exists: `article_id`)
       │  ▲               ├─► duplicate_of  (same article already stored from another URL)
       │  │               └─► skipped       (article stage: `article:<reason>`)
       │  └── defer (retry_at) while a transient error lasts, then ──► failed
       └─► skipped (crawl stage: offsite, too_old, robots_forbidden, http_404, too_large ...)

    stored ──► pending (reason `updated`)   a feed or sitemap dates the URL after its fetch
                                            (`reopen_updated`, bounded per source and crawl)

An updated URL keeps its `article_id` while pending and fetched; processing stores the new
version (or finds the text unchanged) and marks it `stored` again. If the re-fetch fails for good
(a skip, or `failed` after the attempts) it goes back to `stored` with the reason
`update:<reason>`: the stored version stays what the ledger says.

Each transition is one committed transaction (SQLite runs WAL with synchronous=FULL), so a
SIGKILL at any point leaves every URL in a state it really reached. The crawler writes `pending`
before it requests a URL and `fetched` only after the response is fsynced into the WARC; the
processing side writes `stored`/`duplicate_of`/`skipped` in the same transaction as the article.

Crawl-side transitions only leave `pending`; processing-side ones only leave `pending` or
`fetched`. A transition from any other state is a no-op that returns False, which makes every
mark idempotent (a salvage that re-marks a page already marked is harmless).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tipwatch.crawlers.discovery import normalize_url
from tipwatch.store.db import Store
from tipwatch.store.models import UrlRow, utcnow

PENDING = "pending"
FETCHED = "fetched"
STORED = "stored"
DUPLICATE = "duplicate_of"
SKIPPED = "skipped"
FAILED = "failed"
STATES = (PENDING, FETCHED, STORED, DUPLICATE, SKIPPED, FAILED)
# States a URL never leaves, except `stored` for an update (`reopen_updated`).
TERMINAL = (STORED, DUPLICATE, SKIPPED, FAILED)
# Reason of a stored URL sent back to pending because a feed or sitemap dated it after its fetch.
UPDATED = "updated"

# Transient fetch outcomes are deferred with exponential backoff, then failed for good.
MAX_ATTEMPTS = 3
RETRY_BASE = timedelta(minutes=30)
# Crawl-stage reasons that are decided without requesting the URL (no fetch attempt).
NO_ATTEMPT_REASONS = frozenset({"offsite", "too_old"})
# `robots_unavailable`: the host's robots.txt failed (429, 5xx, network error, too large), so
# the crawl refused every URL of the host (fail closed); worth another try later.
_TRANSIENT_REASONS = frozenset({"timeout", "fetch_error", "robots_unavailable", "host_deferred"})
_TRANSIENT_HTTP = frozenset({408, 425, 429, 500, 502, 503, 504})

_DISCOVER_BATCH = 500


def _rows_by_key(s: Session, keys: Sequence[str], *where: ColumnElement[bool]) -> dict[str, UrlRow]:
    """The ledger rows of `keys` (URL keys) that meet `where`, by key: one query per
    `_DISCOVER_BATCH` keys."""
    rows: dict[str, UrlRow] = {}
    for i in range(0, len(keys), _DISCOVER_BATCH):
        q = select(UrlRow).where(UrlRow.url_key.in_(keys[i : i + _DISCOVER_BATCH]), *where)
        rows.update((row.url_key, row) for row in s.scalars(q))
    return rows


def url_key(url: str) -> str:
    """sha256 (hex) of the normalised URL: the ledger's key."""
    return hashlib.sha256((normalize_url(url) or url.strip()).encode("utf-8")).hexdigest()


def is_transient(reason: str) -> bool:
    """Whether a crawl-stage skip reason is worth retrying later (timeouts, 5xx, 429 ...)."""
    if reason in _TRANSIENT_REASONS:
        return True
    if reason.startswith("http_"):
        try:
            return int(reason[5:]) in _TRANSIENT_HTTP
        except ValueError:
            return False
    return False


def is_update(row: UrlRow) -> bool:
    """Whether a pending or fetched URL is an update of a stored article (`reopen_updated`)."""
    reason = row.reason or ""
    return (
        row.state in (PENDING, FETCHED)
        and row.article_id is not None
        and (reason == UPDATED or reason.startswith(UPDATED + ":"))
    )


def retry_delay(attempts: int) -> timedelta:
    """Backoff before attempt `attempts + 1`: 30 min, 1 h, 2 h ..."""
    return RETRY_BASE * (2 ** max(0, attempts - 1))


def _aware(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


@dataclass(frozen=True)
class FetchedRef:
    """Where a fetched, not yet processed, page lives."""

    url: str
    source_id: str | None
    warc_path: str
    offset: int
    # The record's digests were verified when this process read it into the ledger (an
    # ingest's reader): the worker that reads it again checks its gzip CRC, not the digests.
    verified: bool = False


class Ledger:
    """The URL ledger over a `Store`. Every public mark is its own committed transaction unless
    a `session` is given, in which case it joins that transaction (processing side)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, url: str) -> Ledger:
        """A ledger over the store at `url` (schema upgraded to head)."""
        return cls(Store(url))

    def close(self) -> None:
        self.store.dispose()

    @contextmanager
    def _session(self, session: Session | None) -> Iterator[Session]:
        if session is not None:
            yield session
        else:
            with self.store.session() as s:
                yield s

    # --- reads ----------------------------------------------------------------------------------

    def get(self, url: str, *, session: Session | None = None) -> UrlRow | None:
        with self._session(session) as s:
            return s.scalar(select(UrlRow).where(UrlRow.url_key == url_key(url)))

    def state(self, url: str) -> str | None:
        row = self.get(url)
        return row.state if row is not None else None

    def should_fetch(self, url: str, *, now: datetime | None = None) -> bool:
        """True only for a pending URL whose retry time (if any) has come."""
        row = self.get(url)
        return row is not None and self._due(row, now or datetime.now(UTC))

    def fetchable(self, urls: Iterable[str], *, now: datetime | None = None) -> set[str]:
        """The subset of `urls` that `should_fetch` (one query per 500 URLs)."""
        now = now or datetime.now(UTC)
        by_key = {url_key(u): u for u in urls}
        with self.store.session() as s:
            rows = _rows_by_key(s, list(by_key))
            return {by_key[key] for key, row in rows.items() if self._due(row, now)}

    @staticmethod
    def _due(row: UrlRow, now: datetime) -> bool:
        if row.state != PENDING:
            return False
        retry_at = _aware(row.retry_at)
        return retry_at is None or retry_at <= now

    def pending_due(
        self, source_ids: Sequence[str] | None = None, *, now: datetime | None = None
    ) -> list[tuple[str, str | None]]:
        """(url, source_id) of every pending URL that is due, oldest first: the frontier a
        crawl rebuilds from the ledger (a feed may no longer list a URL found before a kill)."""
        now = now or datetime.now(UTC)
        q = select(UrlRow).where(UrlRow.state == PENDING)
        if source_ids is not None:
            q = q.where(UrlRow.source_id.in_(list(source_ids)))
        with self.store.session() as s:
            rows = list(s.scalars(q.order_by(UrlRow.id)))
        return [(r.url, r.source_id) for r in rows if self._due(r, now)]

    def fetched(self, source_ids: Sequence[str] | None = None) -> list[FetchedRef]:
        """Pages archived in a WARC and not yet processed, in fetch order."""
        q = select(UrlRow).where(UrlRow.state == FETCHED)
        if source_ids is not None:
            q = q.where(UrlRow.source_id.in_(list(source_ids)))
        with self.store.session() as s:
            rows = list(s.scalars(q.order_by(UrlRow.updated_at, UrlRow.id)))
        return [
            FetchedRef(r.url, r.source_id, r.warc_path or "", int(r.warc_offset or 0)) for r in rows
        ]

    def counts(self, source_ids: Sequence[str] | None = None) -> dict[str, int]:
        """Number of URLs per state."""
        q = select(UrlRow.state, func.count()).group_by(UrlRow.state)
        if source_ids is not None:
            q = q.where(UrlRow.source_id.in_(list(source_ids)))
        with self.store.session() as s:
            return {str(state): int(n) for state, n in s.execute(q)}

    # --- crawl side -----------------------------------------------------------------------------

    def discover(self, urls_with_source: Iterable[tuple[str, str | None]]) -> list[str]:
        """Record URLs as `pending` unless the ledger already knows them. Returns the URLs that
        are new (in the given order). One transaction per batch of up to 500 URLs."""
        todo: dict[str, tuple[str, str | None]] = {}
        for url, source_id in urls_with_source:
            todo.setdefault(url_key(url), (url, source_id))
        new: list[str] = []
        items = list(todo.items())
        for i in range(0, len(items), _DISCOVER_BATCH):
            new.extend(self._discover_batch(dict(items[i : i + _DISCOVER_BATCH])))
        return new

    def _discover_batch(self, batch: dict[str, tuple[str, str | None]]) -> list[str]:
        try:
            with self.store.session() as s:
                return self._insert_missing(s, batch)
        except IntegrityError:
            # Another process inserted one of these keys meanwhile: retry (now skips it).
            with self.store.session() as s:
                return self._insert_missing(s, batch)

    @staticmethod
    def _insert_missing(s: Session, batch: dict[str, tuple[str, str | None]]) -> list[str]:
        known = set(s.scalars(select(UrlRow.url_key).where(UrlRow.url_key.in_(list(batch)))))
        new: list[str] = []
        now = utcnow()
        for key, (url, source_id) in batch.items():
            if key in known:
                continue
            Ledger._new_row(s, key, url, source_id, now)
            new.append(url)
        s.flush()
        return new

    def mark_fetched_many(
        self, records: Sequence[tuple[str, str, int, str | None]], *, session: Session
    ) -> list[bool]:
        """`mark_fetched` for many (url, warc_path, offset, source_id) records in `session`:
        their ledger rows are read with one query, not one each (`ingest-warc` queues
        thousands). A URL given twice is marked once (the second is not pending any more)."""
        s = session
        rows = _rows_by_key(s, sorted({url_key(url) for url, _path, _offset, _sid in records}))
        out: list[bool] = []
        for url, warc_path, offset, source_id in records:
            key = url_key(url)
            row = rows.get(key)
            if row is None:
                row = rows[key] = self._new_row(s, key, url, source_id)
            out.append(
                self._apply(
                    row,
                    FETCHED,
                    (PENDING,),
                    source_id,
                    True,
                    self._fetched_fields(warc_path, offset),
                )
            )
        s.flush()
        return out

    @staticmethod
    def _fetched_fields(warc_path: str, offset: int) -> dict[str, Any]:
        return {
            "warc_path": warc_path,
            "warc_offset": int(offset),
            "fetched_at": utcnow(),
            "retry_at": None,
            "reason": None,
            "detail": None,
        }

    def mark_fetched(
        self,
        url: str,
        warc_path: str,
        offset: int,
        *,
        source_id: str | None = None,
        session: Session | None = None,
    ) -> bool:
        """The response is durably in `warc_path` at byte `offset` (call after the fsync). An
        update's reason (`updated`) stays until processing stores it."""
        return self._transition(
            url,
            FETCHED,
            (PENDING,),
            source_id=source_id,
            session=session,
            attempt=True,
            **self._fetched_fields(warc_path, offset),
        )

    def mark_skipped(
        self,
        url: str,
        reason: str,
        detail: str | None = None,
        *,
        source_id: str | None = None,
        attempted: bool | None = None,
        stage: str = "crawl",
        session: Session | None = None,
    ) -> bool:
        """A named, permanent skip: by the crawl (only from pending) or by a later stage such as
        `article` (from pending or fetched)."""
        if attempted is None:
            attempted = stage == "crawl" and reason not in NO_ATTEMPT_REASONS
        return self._transition(
            url,
            SKIPPED,
            (PENDING,) if stage == "crawl" else (PENDING, FETCHED),
            source_id=source_id,
            attempt=attempted,
            session=session,
            reason=reason[:80],
            detail=detail,
            retry_at=None,
        )

    def defer(
        self,
        url: str,
        retry_at: datetime | None,
        reason: str,
        detail: str | None = None,
        *,
        source_id: str | None = None,
        max_attempts: int = MAX_ATTEMPTS,
        count_attempt: bool = True,
    ) -> str | None:
        """A transient failure: stay pending until `retry_at` (default: backoff by attempts),
        or become `failed` once `max_attempts` fetch attempts have failed. Returns the new
        state, or None if the URL was not pending. `count_attempt=False`: the URL was not
        requested (its host asked to wait), so it does not use up an attempt."""
        with self.store.session() as s:
            row = self._row_for_update(s, url, source_id)
            if row.state != PENDING:
                return None
            if count_attempt:
                row.attempts = int(row.attempts or 0) + 1
            update = is_update(row)
            row.reason = (f"{UPDATED}:{reason}" if update else reason)[:80]
            row.detail = detail
            row.updated_at = utcnow()
            if row.attempts >= max_attempts:
                # An update that could not be fetched: the stored version stays.
                row.state = STORED if update else FAILED
                row.retry_at = None
            else:
                row.retry_at = retry_at or datetime.now(UTC) + retry_delay(row.attempts)
            return row.state

    def requeue(
        self,
        url: str,
        reason: str,
        detail: str | None = None,
        *,
        session: Session | None = None,
    ) -> bool:
        """Back to pending: a `fetched` page whose WARC record can no longer be read."""
        return self._transition(
            url,
            PENDING,
            (FETCHED,),
            session=session,
            reason=reason[:80],
            detail=detail,
            warc_path=None,
            warc_offset=None,
            retry_at=None,
        )

    def reopen_updated(
        self,
        dated: Iterable[tuple[str, datetime]],
        *,
        limit: int,
        now: datetime | None = None,
    ) -> list[str]:
        """Send `stored` URLs back to `pending` (reason `updated`) when a feed or sitemap gives
        them a date (modification or publication) later than their fetch: the article was
        updated or corrected. At most `limit` URLs (0: none); dates after `now` are not trusted
        (a clock or time zone error would re-fetch the URL on every crawl). Returns the URLs
        reopened, in the given order. One transaction."""
        if limit <= 0:
            return []
        now = now or datetime.now(UTC)
        latest: dict[str, tuple[str, datetime]] = {}
        for url, when in dated:
            when = _aware(when) or when
            if when > now:
                continue
            key = url_key(url)
            if key not in latest or when > latest[key][1]:
                latest[key] = (url, when)
        if not latest:
            return []
        reopened: list[str] = []
        with self.store.session() as s:
            rows = _rows_by_key(s, list(latest), UrlRow.state == STORED)
            for key, (url, when) in latest.items():
                row = rows.get(key)
                if row is None or row.article_id is None:
                    continue
                fetched = _aware(row.fetched_at) or _aware(row.updated_at)
                if fetched is None or when <= fetched:
                    continue
                row.state = PENDING
                row.reason = UPDATED
                row.detail = f"dated {when.isoformat()}, fetched {fetched.isoformat()}"
                row.retry_at = None
                row.attempts = 0
                row.updated_at = utcnow()
                reopened.append(url)
                if len(reopened) >= limit:
                    break
            s.flush()
        return reopened

    # --- processing side ------------------------------------------------------------------------

    def mark_stored(
        self,
        url: str,
        article_id: str,
        *,
        source_id: str | None = None,
        session: Session | None = None,
    ) -> bool:
        return self._transition(
            url,
            STORED,
            (PENDING, FETCHED),
            source_id=source_id,
            session=session,
            article_id=article_id,
            reason=None,
            detail=None,
            retry_at=None,
        )

    def plain_fetched(self, urls: Sequence[str], *, session: Session) -> set[str]:
        """The subset of `urls` that are `fetched` first fetches (not updates of a stored
        article): what `mark_stored_many` may mark."""
        keys = {url_key(u): u for u in urls}
        found: set[str] = set()
        ordered = sorted(keys)
        for i in range(0, len(ordered), _DISCOVER_BATCH):
            rows = session.execute(
                select(UrlRow.url_key, UrlRow.state, UrlRow.reason, UrlRow.article_id).where(
                    UrlRow.url_key.in_(ordered[i : i + _DISCOVER_BATCH])
                )
            ).all()
            for key, state, reason, article_id in rows:
                update = article_id is not None and (
                    (reason or "") == UPDATED or (reason or "").startswith(UPDATED + ":")
                )
                if state == FETCHED and not update:
                    found.add(keys[key])
        return found

    def mark_stored_many(
        self, stored: Sequence[tuple[str, str, str | None]], *, session: Session
    ) -> None:
        """`mark_stored` for many (url, article_id, source_id) at once, each URL one of
        `plain_fetched`'s in this transaction (one executemany UPDATE)."""
        if not stored:
            return
        table = cast(Table, UrlRow.__table__)
        now = utcnow()
        statement = (
            update(table)
            .where(table.c.url_key == bindparam("key"), table.c.state == FETCHED)
            .values(
                state=STORED,
                article_id=bindparam("aid"),
                reason=None,
                detail=None,
                retry_at=None,
                source_id=func.coalesce(table.c.source_id, bindparam("sid")),
                updated_at=now,
            )
        )
        params = [{"key": url_key(u), "aid": aid, "sid": sid} for u, aid, sid in stored]
        session.flush()
        result = session.connection().execute(statement, params)
        if result.rowcount not in (-1, len(params)):
            raise RuntimeError(
                f"ledger: {len(params)} URLs to mark stored, {result.rowcount} were fetched"
            )

    def mark_duplicate(
        self,
        url: str,
        of_article_id: str,
        *,
        source_id: str | None = None,
        session: Session | None = None,
    ) -> bool:
        return self._transition(
            url,
            DUPLICATE,
            (PENDING, FETCHED),
            source_id=source_id,
            session=session,
            duplicate_of=of_article_id,
            reason=None,
            detail=None,
            retry_at=None,
        )

    # --- internals ------------------------------------------------------------------------------

    @staticmethod
    def _row_for_update(s: Session, url: str, source_id: str | None) -> UrlRow:
        key = url_key(url)
        row = s.scalar(select(UrlRow).where(UrlRow.url_key == key))
        if row is None:
            row = Ledger._new_row(s, key, url, source_id)
        return row

    def _transition(
        self,
        url: str,
        to_state: str,
        from_states: tuple[str, ...],
        *,
        source_id: str | None = None,
        attempt: bool = False,
        session: Session | None = None,
        **fields: Any,
    ) -> bool:
        with self._session(session) as s:
            row = self._row_for_update(s, url, source_id)
            done = self._apply(row, to_state, from_states, source_id, attempt, fields)
            if done:
                s.flush()
            return done

    @staticmethod
    def _new_row(
        s: Session, key: str, url: str, source_id: str | None, now: datetime | None = None
    ) -> UrlRow:
        """A `pending` row for a URL the ledger does not know yet: discovered, or reaching a
        mark without being discovered first (a page handed straight to processing, a salvaged
        record of an unknown URL)."""
        now = now or utcnow()
        row = UrlRow(
            url_key=key,
            url=url,
            source_id=source_id,
            state=PENDING,
            attempts=0,
            discovered_at=now,
            updated_at=now,
        )
        s.add(row)
        return row

    @staticmethod
    def _apply(
        row: UrlRow,
        to_state: str,
        from_states: tuple[str, ...],
        source_id: str | None,
        attempt: bool,
        fields: dict[str, Any],
    ) -> bool:
        if row.state not in from_states:
            return False
        update = is_update(row)
        row.state = to_state
        if attempt:
            row.attempts = int(row.attempts or 0) + 1
        for name, value in fields.items():
            setattr(row, name, value)
        if update and to_state == PENDING:
            row.reason = f"{UPDATED}:{fields.get('reason') or ''}"[:80]
        elif update and to_state == FETCHED:
            row.reason = UPDATED  # processing tells an update from a first fetch by it
        elif update and to_state == SKIPPED:
            # An update that was not fetched or not extracted: the stored version stays.
            row.state = STORED
            row.reason = f"update:{fields.get('reason') or ''}"[:80]
        if row.source_id is None and source_id is not None:
            row.source_id = source_id
        row.updated_at = utcnow()
        return True
