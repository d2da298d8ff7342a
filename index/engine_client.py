"""The few engine operations the search backend needs, over either official client:
`elasticsearch` (Elasticsearch 8/9) or `opensearch-py` (OpenSearch clusters). The backend
(`index/elastic.py`) is written once against `EngineClient`; requests and mappings are the same
JSON for both engines.

Errors are translated into two kinds: `EngineDown` (connection trouble, timeouts, 429 and 5xx,
and an answer whose body cannot be read, such as a 200 with truncated JSON: worth retrying) and
`EngineRefused` (any other HTTP error: permanent).

Every request has a timeout (`TIPWATCH_SEARCH_TIMEOUT`, 30 s by default) and the clients' own
retries are off (the backend retries with backoff), so a frozen engine (SIGSTOP, a long GC
pause) fails a call within a bounded time instead of hanging the sync.
"""

from __future__ import annotations

from typing import Any, Protocol


class EngineDown(RuntimeError):
    """Transient: the engine is unreachable, overloaded (429) or failing (5xx)."""


class EngineRefused(RuntimeError):
    """Permanent: the engine answered with an HTTP error other than 429/5xx."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"HTTP {status}: {message}")
        self.status = status


TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})
DEFAULT_TIMEOUT = 30.0  # seconds per request


def classify(status: int | None, message: str) -> Exception:
    if status is None or status in TRANSIENT_STATUSES or status >= 500:
        return EngineDown(message)
    return EngineRefused(status, message)


def _meta_of(mappings: dict[str, Any]) -> dict[str, Any]:
    """The `_meta` of the one index in a get-mapping answer."""
    for entry in mappings.values():
        return dict((entry.get("mappings") or {}).get("_meta") or {})
    return {}


class EngineClient(Protocol):
    flavor: str

    def create_index(self, name: str, body: dict[str, Any]) -> None: ...

    def indices(self, pattern: str) -> list[str]: ...

    def mapping_meta(self, name: str) -> dict[str, Any]:
        """The `_meta` object of the index's mapping (empty when it has none)."""
        ...

    def alias_targets(self, alias: str) -> list[str]: ...

    def update_aliases(self, actions: list[dict[str, Any]]) -> None: ...

    def delete_index(self, name: str) -> None: ...

    def refresh(self, index: str) -> None: ...

    def bulk(self, index: str, lines: list[dict[str, Any]]) -> dict[str, Any]: ...

    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]: ...

    def count(self, index: str) -> int: ...

    def close(self) -> None: ...


class ElasticsearchClient:
    """Over the official `elasticsearch` client."""

    flavor = "elasticsearch"

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        from elasticsearch import Elasticsearch

        self._es = Elasticsearch(url, request_timeout=timeout, max_retries=0)

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        from elasticsearch import ApiError, TransportError

        try:
            return fn(*args, **kwargs)
        except ApiError as exc:
            raise classify(exc.meta.status, str(exc)[:500]) from exc
        except TransportError as exc:
            raise EngineDown(str(exc)[:500]) from exc

    def create_index(self, name: str, body: dict[str, Any]) -> None:
        self._call(self._es.indices.create, index=name, **body)

    def indices(self, pattern: str) -> list[str]:
        got = self._call(self._es.indices.get, index=pattern, allow_no_indices=True)
        return sorted(got.keys())

    def mapping_meta(self, name: str) -> dict[str, Any]:
        got: dict[str, Any] = dict(self._call(self._es.indices.get_mapping, index=name))
        return _meta_of(got)

    def alias_targets(self, alias: str) -> list[str]:
        from elasticsearch import NotFoundError

        try:
            got = self._es.indices.get_alias(name=alias)
        except NotFoundError:
            return []
        except Exception:
            got = self._call(self._es.indices.get_alias, name=alias)
        return sorted(got.keys())

    def update_aliases(self, actions: list[dict[str, Any]]) -> None:
        self._call(self._es.indices.update_aliases, actions=actions)

    def delete_index(self, name: str) -> None:
        self._call(
            self._es.indices.delete, index=name, ignore_unavailable=True, allow_no_indices=True
        )

    def refresh(self, index: str) -> None:
        self._call(self._es.indices.refresh, index=index)

    def bulk(self, index: str, lines: list[dict[str, Any]]) -> dict[str, Any]:
        resp = self._call(self._es.bulk, operations=lines, index=index, refresh=False)
        return dict(resp.body)

    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]:
        return dict(self._call(self._es.search, index=index, **body).body)

    def count(self, index: str) -> int:
        return int(self._call(self._es.count, index=index)["count"])

    def close(self) -> None:
        self._es.close()


class OpenSearchClient:
    """Over `opensearch-py` (OpenSearch 2.x/3.x clusters)."""

    flavor = "opensearch"

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        from opensearchpy import OpenSearch

        self._os = OpenSearch(url, timeout=timeout, max_retries=0, retry_on_timeout=False)

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        from opensearchpy.exceptions import ConnectionError as OsConnectionError
        from opensearchpy.exceptions import SerializationError, TransportError

        try:
            return fn(*args, **kwargs)
        except (OsConnectionError, SerializationError) as exc:
            # A body that cannot be read (a 200 with truncated JSON) confirms nothing: retry.
            raise EngineDown(f"{type(exc).__name__}: {str(exc)[:500]}") from exc
        except TransportError as exc:
            status = exc.status_code if isinstance(exc.status_code, int) else None
            raise classify(status, str(exc)[:500]) from exc

    def create_index(self, name: str, body: dict[str, Any]) -> None:
        self._call(self._os.indices.create, index=name, body=body)

    def indices(self, pattern: str) -> list[str]:
        got = self._call(self._os.indices.get, index=pattern, allow_no_indices=True)
        return sorted(got.keys())

    def mapping_meta(self, name: str) -> dict[str, Any]:
        got: dict[str, Any] = dict(self._call(self._os.indices.get_mapping, index=name))
        return _meta_of(got)

    def alias_targets(self, alias: str) -> list[str]:
        from opensearchpy.exceptions import NotFoundError

        try:
            got = self._os.indices.get_alias(name=alias)
        except NotFoundError:
            return []
        except Exception:
            got = self._call(self._os.indices.get_alias, name=alias)
        return sorted(got.keys())

    def update_aliases(self, actions: list[dict[str, Any]]) -> None:
        self._call(self._os.indices.update_aliases, body={"actions": actions})

    def delete_index(self, name: str) -> None:
        self._call(
            self._os.indices.delete, index=name, ignore_unavailable=True, allow_no_indices=True
        )

    def refresh(self, index: str) -> None:
        self._call(self._os.indices.refresh, index=index)

    def bulk(self, index: str, lines: list[dict[str, Any]]) -> dict[str, Any]:
        return dict(self._call(self._os.bulk, body=lines, index=index, refresh=False))

    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]:
        return dict(self._call(self._os.search, index=index, body=body))

    def count(self, index: str) -> int:
        return int(self._call(self._os.count, index=index)["count"])

    def close(self) -> None:
        self._os.close()


def make_client(url: str, timeout: float = DEFAULT_TIMEOUT) -> EngineClient:
    """`opensearch+http(s)://...` -> OpenSearch; `http(s)://` or `elasticsearch+http(s)://` ->
    Elasticsearch. `timeout`: seconds per request."""
    if url.startswith("opensearch+"):
        return OpenSearchClient(url.removeprefix("opensearch+"), timeout=timeout)
    return ElasticsearchClient(url.removeprefix("elasticsearch+"), timeout=timeout)
