"""Elasticsearch / OpenSearch backend, chosen by `TIPWATCH_SEARCH_URL=http://host:9200`
(official `elasticsearch` client) or `opensearch+http://host:9200` (`opensearch-py`); the
clients sit behind `index/engine_client.py`, so mapping, queries and the write path are shared.

- Versioned indices behind an alias: `<prefix>-cases` points at `<prefix>-cases-v<UTC time>`.
  `rebuild` writes a new version, refreshes, checks its count against the store, swaps the alias
  in one `_aliases` call and deletes the old version; on any failure the partial new index is
  deleted and the alias still points at the old one.
- Bulk writes read every item's status (a 200 can hide item errors). 429 and 5xx items,
  connection errors and timeouts, and an answer that does not read as one result per item (a
  200 with truncated JSON), are retried with exponential backoff; when they persist the call raises
  and the outbox keeps the rows pending. A permanent 4xx comes back as an `ItemFailure` that
  the sync quarantines with the engine's reason.
- Queries are built from fixed fields: user text goes into a `multi_match`, never into
  `query_string`; filters are `term`/`range` clauses.
- Mapping and settings are data: `index/mappings/cases.json`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import structlog

from tipwatch.index.base import (
    FACET_FIELDS,
    HIT_END,
    HIT_START,
    IndexDoc,
    ItemFailure,
    SearchHit,
    SearchQuery,
    utc_iso,
)
from tipwatch.index.engine_client import DEFAULT_TIMEOUT, EngineClient, EngineDown, make_client
from tipwatch.index.engine_client import TRANSIENT_STATUSES as RETRY_STATUSES

log = structlog.get_logger(__name__)
MAPPING = json.loads((Path(__file__).parent / "mappings" / "cases.json").read_text("utf-8"))
# The documents' layout: a live index of another layout is rebuilt from the store by the next
# sync (`needs_rebuild`), as the FTS5 backend does with its file.
LAYOUT = int(MAPPING["mappings"]["_meta"]["layout"])

MAX_ATTEMPTS = 6
# Characters of a hit's body passage.
SNIPPET_CHARS = 160
BULK_CHUNK = 500


class EngineUnavailable(EngineDown):
    """The engine did not accept the writes after all retries (rows stay pending)."""


# Errors that say the engine or the index refuses writes for now (a write block set by an
# operator, the disk watermark's read-only block, a closed index), not that the document is bad.
TRANSIENT_ERROR_TYPES = frozenset({"cluster_block_exception", "index_closed_exception"})


def item_outcome(action: str, status: int, error_type: str) -> str:
    """What one bulk item's answer means for the outbox: "ok" (done), "retry" (transient: the
    rows stay pending) or "refused" (the document itself is bad: quarantined).

    Writes are idempotent by document id, so a 409 version conflict means the document is
    already there (another writer or an earlier attempt won), and a 404 on a delete means it is
    already gone. A cluster block (403 `index.blocks.write`, 429 read-only-allow-delete) is the
    index refusing every write, not this document: it is retried later, never quarantined."""
    if status < 300 or status == 409 or (action == "delete" and status == 404):
        return "ok"
    if status in RETRY_STATUSES or status >= 500 or error_type in TRANSIENT_ERROR_TYPES:
        return "retry"
    return "refused"


class ElasticIndex:
    def __init__(
        self,
        url: str,
        *,
        prefix: str = "tipwatch",
        client: EngineClient | None = None,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.url = url
        self.prefix = prefix
        self.alias = f"{prefix}-cases"
        self.engine = client or make_client(url, timeout=timeout)
        self.backoff = backoff
        self._sleep = sleep
        self._ensured = False
        self._stale_layout = False

    # --- index versions ----------------------------------------------------------------------

    def _new_version_name(self) -> str:
        return f"{self.alias}-v{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"

    def versions(self) -> list[str]:
        return self.engine.indices(f"{self.alias}-v*")

    def current_version(self) -> str | None:
        names = self.engine.alias_targets(self.alias)
        return names[-1] if names else None

    def ensure(self) -> str:
        """The index the alias points at, creating a first version when there is none."""
        current = self.current_version()
        if current is None:
            current = self._new_version_name()
            self.engine.create_index(current, MAPPING)
            self.engine.update_aliases([{"add": {"index": current, "alias": self.alias}}])
            log.info("index.version_created", index=current, alias=self.alias)
        elif self.engine.mapping_meta(current).get("layout") != LAYOUT:
            log.warning("index.layout_changed", index=current, layout=LAYOUT)
            self._stale_layout = True
        self._ensured = True
        return current

    @property
    def needs_rebuild(self) -> bool:
        """The live index holds documents of an older layout: rebuild it from the store. An
        engine that does not answer says nothing here: the writes that follow meet it."""
        try:
            self._target()
        except EngineDown:
            return False
        return self._stale_layout

    def _target(self) -> str:
        """The alias, after making sure it points at an index (checked once per instance)."""
        if not self._ensured:
            self.ensure()
        return self.alias

    # --- writes ------------------------------------------------------------------------------

    def _bulk(self, operations: list[dict[str, Any]], target: str) -> list[ItemFailure]:
        """Send (action, source) pairs; retry transient item failures; return permanent ones."""
        pending = operations
        failures: list[ItemFailure] = []
        for attempt in range(1, MAX_ATTEMPTS + 1):
            body: list[dict[str, Any]] = []
            for op in pending:
                body.extend(op["lines"])
            try:
                resp = self.engine.bulk(target, body)
                items = resp.get("items")
                if not isinstance(items, list) or len(items) != len(pending):
                    # A 200 whose body is not one answer per item confirms nothing: resend the
                    # batch (writes are idempotent by document id).
                    raise EngineDown(
                        f"bulk answer has {len(items) if isinstance(items, list) else 'no'} "
                        f"items for {len(pending)} operations"
                    )
            except EngineDown as exc:
                log.warning("index.bulk_retry", attempt=attempt, error=str(exc)[:200])
                if attempt == MAX_ATTEMPTS:
                    raise EngineUnavailable(str(exc)) from exc
                self._sleep(self.backoff * 2 ** (attempt - 1))
                continue
            retry: list[dict[str, Any]] = []
            for op, item in zip(pending, items, strict=True):
                result = next(iter(item.values()))
                status = int(result.get("status", 500))
                error = result.get("error") or {}
                outcome = item_outcome(op["action"], status, str(error.get("type", "")))
                if outcome == "ok":
                    continue
                if outcome == "retry":
                    retry.append(op)
                    continue
                reason = f"{error.get('type', 'error')}: {error.get('reason', '')}"[:1000]
                failures.append(ItemFailure(doc_id=op["doc_id"], status=status, reason=reason))
            if not retry:
                return failures
            if attempt == MAX_ATTEMPTS:
                raise EngineUnavailable(f"{len(retry)} documents still refused after retries")
            log.warning("index.bulk_items_retry", attempt=attempt, items=len(retry))
            pending = retry
            self._sleep(self.backoff * 2 ** (attempt - 1))
        return failures

    @staticmethod
    def _index_op(doc: IndexDoc) -> dict[str, Any]:
        return {
            "doc_id": doc.doc_id,
            "action": "index",
            "lines": [{"index": {"_id": doc.doc_id}}, doc.model_dump(mode="json")],
        }

    def upsert(self, docs: list[IndexDoc]) -> list[ItemFailure]:
        target = self._target()
        failures: list[ItemFailure] = []
        for start in range(0, len(docs), BULK_CHUNK):
            ops = [self._index_op(d) for d in docs[start : start + BULK_CHUNK]]
            failures.extend(self._bulk(ops, target))
        return failures

    def delete(self, doc_ids: list[str]) -> None:
        target = self._target()
        for start in range(0, len(doc_ids), BULK_CHUNK):
            ops = [
                {"doc_id": d, "action": "delete", "lines": [{"delete": {"_id": d}}]}
                for d in doc_ids[start : start + BULK_CHUNK]
            ]
            failures = self._bulk(ops, target)
            if failures:
                raise EngineUnavailable(f"delete refused: {failures[0].reason}")

    def rebuild(self, docs: Iterable[IndexDoc], expected: int) -> int:
        new = self._new_version_name()
        self.engine.create_index(new, MAPPING)
        try:
            batch: list[IndexDoc] = []
            n = 0
            for doc in docs:
                batch.append(doc)
                if len(batch) >= BULK_CHUNK:
                    n += self._write_all(batch, new)
                    batch = []
            if batch:
                n += self._write_all(batch, new)
            self.engine.refresh(new)
            counted = self.engine.count(new)
            if counted != expected:
                raise EngineUnavailable(
                    f"rebuild wrote {counted} documents, the store has {expected}"
                )
            old = self.current_version()
            actions: list[dict[str, Any]] = [{"add": {"index": new, "alias": self.alias}}]
            if old is not None:
                actions.insert(0, {"remove": {"index": old, "alias": self.alias}})
            self.engine.update_aliases(actions)
        except BaseException:
            self.engine.delete_index(new)
            log.warning("index.rebuild_failed", index=new)
            raise
        for stale in self.versions():
            if stale != new:
                self.engine.delete_index(stale)
        self._ensured = True
        self._stale_layout = False
        log.info("index.rebuilt", index=new, alias=self.alias, docs=counted)
        return counted

    def _write_all(self, docs: list[IndexDoc], target: str) -> int:
        failures = self._bulk([self._index_op(d) for d in docs], target)
        if failures:
            raise EngineUnavailable(f"{failures[0].doc_id}: {failures[0].reason}")
        return len(docs)

    # --- reads -------------------------------------------------------------------------------

    def _query(self, query: SearchQuery) -> dict[str, Any]:
        must: list[dict[str, Any]] = []
        if query.text.strip():
            must.append(
                {
                    "multi_match": {
                        "query": query.text[:500],
                        "fields": ["names^5", "title^3", "body"],
                        "operator": "and",
                        "type": "best_fields",
                    }
                }
            )
        filters: list[dict[str, Any]] = []
        for field, value in (
            ("country", query.country),
            ("review_status", query.review_status),
            ("source_id", query.source_id),
            ("language", query.language),
            ("statuses", query.status),
            ("charge_categories", query.charge_category),
            ("decision", query.decision),
            ("reason", query.reason),
        ):
            if value:
                filters.append({"term": {field: value}})
        if query.date_from or query.date_to:
            rng: dict[str, str] = {}
            if query.date_from:
                rng["gte"] = query.date_from.isoformat()
            if query.date_to:
                rng["lte"] = query.date_to.isoformat()
            filters.append({"range": {"publish_date": rng}})
        if query.seen_after:
            filters.append({"range": {"first_seen": {"gt": utc_iso(query.seen_after)}}})
        return {"bool": {"must": must or [{"match_all": {}}], "filter": filters}}

    def refresh(self) -> None:
        self.engine.refresh(self.alias)

    def search(self, query: SearchQuery) -> list[SearchHit]:
        self._target()
        body: dict[str, Any] = {
            "query": self._query(query),
            "size": query.limit,
            "from": query.offset,
            "sort": ["_score", {"doc_id": "asc"}],
        }
        if query.text.strip():
            body["highlight"] = {
                "pre_tags": [HIT_START],
                "post_tags": [HIT_END],
                "encoder": "default",
                "fields": {
                    "names": {"number_of_fragments": 0},
                    "title": {"number_of_fragments": 0},
                    "body": {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 2},
                },
            }
        resp = self.engine.search(self.alias, body)
        hits = []
        for h in resp["hits"]["hits"]:
            d = IndexDoc.model_validate(h["_source"])
            marked = h.get("highlight") or {}
            passages = marked.get("body") or marked.get("title") or marked.get("names") or []
            hits.append(SearchHit.of(d, float(h.get("_score") or 0.0), " … ".join(passages)))
        return hits

    def total(self, query: SearchQuery) -> int:
        self._target()
        resp = self.engine.search(
            self.alias, {"query": self._query(query), "size": 0, "track_total_hits": True}
        )
        return int(resp["hits"]["total"]["value"])

    def facets(self, query: SearchQuery) -> dict[str, dict[str, int]]:
        self._target()
        resp = self.engine.search(
            self.alias,
            {
                "query": self._query(query),
                "size": 0,
                "aggs": {f: {"terms": {"field": f, "size": 100}} for f in FACET_FIELDS},
            },
        )
        return {
            f: {
                str(b["key"]): int(b["doc_count"])
                for b in resp["aggregations"][f]["buckets"]
                if b["key"] != ""  # a case's empty reason is no value
            }
            for f in FACET_FIELDS
        }

    def count(self) -> int:
        self._target()
        self.engine.refresh(self.alias)
        return self.engine.count(self.alias)

    def doc_ids(self) -> set[str]:
        """Every document id in the index (for consistency checks)."""
        self.refresh()
        resp = self.engine.search(
            self.alias, {"size": 10_000, "_source": False, "query": {"match_all": {}}}
        )
        return {h["_id"] for h in resp["hits"]["hits"]}

    def clear(self) -> None:
        for name in self.versions():
            self.engine.delete_index(name)
        self._ensured = False

    def close(self) -> None:
        self.engine.close()
