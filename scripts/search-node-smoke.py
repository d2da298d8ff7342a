#!/usr/bin/env python3
"""Smoke test of the node that scripts/search-node starts, through the official client.

    .venv/bin/python scripts/search-node-smoke.py [URL]

URL defaults to $TIPWATCH_SEARCH_URL, then http://127.0.0.1:$SEARCH_NODE_PORT (9250). Checks
GET /, an index with keyword/text/date fields and an asciifolding analyzer, a bulk request whose
every item is read, a bool query with filters and terms aggregations, and versioned indices
behind an alias swapped atomically. Everything it creates is named with a per-run prefix and
deleted at the end. Exits 0 and prints "N passed, 0 failed" when every check passes, 1 otherwise.
"""

from __future__ import annotations

import os
import sys
import traceback
import uuid

from elasticsearch import Elasticsearch, NotFoundError, helpers

MAPPING = {
    "dynamic": "strict",
    "properties": {
        "person": {"type": "text", "analyzer": "folded", "fields": {"raw": {"type": "keyword"}}},
        "country": {"type": "keyword"},
        "status": {"type": "keyword"},
        "body": {"type": "text"},
        "published": {"type": "date"},
    },
}
# One node: no replicas, so the indices are green. asciifolding comes from the node's tipwatch
# module (analysis-common is not on Maven Central).
SETTINGS = {
    "number_of_shards": 1,
    "number_of_replicas": 0,
    "analysis": {
        "analyzer": {
            "folded": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding"],
            }
        }
    },
}

# (id, person, country, status, body, published)
DOCS = [
    (
        "a1",
        "Ramesh Kumar",
        "IN",
        "arrested",
        "Police arrested him on trafficking charges",
        "2024-03-01",
    ),
    (
        "a2",
        "Maria Lopez",
        "MX",
        "convicted",
        "A court convicted her of human trafficking",
        "2024-05-10",
    ),
    (
        "a3",
        "Nguyễn Văn Ân",
        "VN",
        "charged",
        "He was charged with trafficking workers",
        "2023-11-20",
    ),
    ("a4", "Ramesh Patel", "IN", "convicted", "Convicted of trafficking in Delhi", "2024-07-15"),
    ("a5", "John Smith", "GB", "acquitted", "Acquitted of forced labour charges", "2022-01-05"),
]


def main() -> int:
    url = (
        (sys.argv[1] if len(sys.argv) > 1 else None)
        or os.environ.get("TIPWATCH_SEARCH_URL")
        or (f"http://127.0.0.1:{os.environ.get('SEARCH_NODE_PORT', '9250')}")
    )
    es = Elasticsearch(url, request_timeout=30)
    prefix = f"tipwatch-smoke-{uuid.uuid4().hex[:8]}"
    v1, v2, alias = f"{prefix}-persons-v1", f"{prefix}-persons-v2", f"{prefix}-persons"
    passed, failed = 0, 0

    def check(name: str, fn) -> None:
        nonlocal passed, failed
        try:
            fn()
        except Exception:  # noqa: BLE001 - report every failure and go on
            failed += 1
            print(f"FAIL {name}", file=sys.stderr)
            traceback.print_exc()
        else:
            passed += 1
            print(f"ok   {name}")

    def info() -> None:
        body = es.info()
        number = body["version"]["number"]
        assert body["tagline"] == "You Know, for Search", body
        assert int(number.split(".")[0]) >= 8, number
        assert es.ping()
        print(f"     Elasticsearch {number}, Lucene {body['version']['lucene_version']}")

    def create_index() -> None:
        es.indices.create(index=v1, mappings=MAPPING, settings=SETTINGS)
        got = es.indices.get_mapping(index=v1)[v1]["mappings"]["properties"]
        assert got["country"]["type"] == "keyword" and got["published"]["type"] == "date", got
        health = es.cluster.health(index=v1, wait_for_status="green", timeout="30s")
        assert health["status"] == "green", health

    def bulk_index() -> None:
        actions = [
            {
                "_op_type": "index",
                "_index": v1,
                "_id": doc_id,
                "_source": {"person": p, "country": c, "status": s, "body": b, "published": d},
            }
            for doc_id, p, c, s, b, d in DOCS
        ]
        ok, errors = helpers.bulk(es, actions, refresh="wait_for", raise_on_error=False)
        assert ok == len(DOCS) and not errors, errors
        # A 200 can hide item errors: a strict mapping must reject an unknown field, per item.
        resp = es.bulk(
            operations=[
                {"index": {"_index": v1, "_id": "bad"}},
                {"person": "X", "unknown_field": 1},
                {"index": {"_index": v1, "_id": "a6"}},
                {
                    "person": "Ana Silva",
                    "country": "BR",
                    "status": "wanted",
                    "published": "2024-02-02",
                },
            ],
            refresh="wait_for",
        )
        items = [next(iter(item.values())) for item in resp["items"]]
        assert resp["errors"] is True, resp
        assert items[0]["status"] == 400, items
        assert items[0]["error"]["type"] == "strict_dynamic_mapping_exception", items
        assert items[1]["status"] == 201, items
        assert es.count(index=v1)["count"] == len(DOCS) + 1

    def search() -> None:
        resp = es.search(
            index=v1,
            query={
                "bool": {
                    "must": [{"match": {"body": "trafficking"}}],
                    "filter": [
                        {"terms": {"country": ["IN", "MX", "VN"]}},
                        {"range": {"published": {"gte": "2024-01-01", "lt": "2025-01-01"}}},
                    ],
                    "must_not": [{"term": {"status": "acquitted"}}],
                }
            },
            aggs={
                "by_country": {"terms": {"field": "country"}},
                "by_status": {"terms": {"field": "status"}},
            },
            size=10,
        )
        ids = sorted(hit["_id"] for hit in resp["hits"]["hits"])
        assert ids == ["a1", "a2", "a4"], ids
        aggs = resp["aggregations"]
        countries = {b["key"]: b["doc_count"] for b in aggs["by_country"]["buckets"]}
        assert countries == {"IN": 2, "MX": 1}, countries
        statuses = {b["key"]: b["doc_count"] for b in aggs["by_status"]["buckets"]}
        assert statuses == {"convicted": 2, "arrested": 1}, statuses
        phrase = es.search(index=v1, query={"match_phrase": {"person": "ramesh kumar"}})
        assert [h["_id"] for h in phrase["hits"]["hits"]] == ["a1"], phrase["hits"]
        folded = es.search(index=v1, query={"match_phrase": {"person": "NGUYEN van an"}})
        assert [h["_id"] for h in folded["hits"]["hits"]] == ["a3"], folded["hits"]

    def aliases() -> None:
        es.indices.put_alias(index=v1, name=alias)
        assert es.count(index=alias)["count"] == len(DOCS) + 1
        es.indices.create(index=v2, mappings=MAPPING, settings=SETTINGS)
        helpers.bulk(
            es,
            [{"_index": v2, "_id": "b1", "_source": {"person": "Only In V2", "country": "FR"}}],
            refresh="wait_for",
        )
        es.indices.update_aliases(
            actions=[
                {"remove": {"index": v1, "alias": alias}},
                {"add": {"index": v2, "alias": alias}},
            ]
        )
        assert list(es.indices.get_alias(name=alias)) == [v2]
        assert es.count(index=alias)["count"] == 1
        es.indices.delete(index=v1)
        assert not es.indices.exists(index=v1)
        try:
            es.indices.get(index=v1)
        except NotFoundError:
            pass
        else:
            raise AssertionError(f"{v1} still exists")

    try:
        check("GET / (info, ping)", info)
        check("create index with keyword/text/date mapping", create_index)
        check("bulk index, item errors read", bulk_index)
        check("bool query with filters, terms aggregations, asciifolding", search)
        check("alias put, atomic swap via _aliases, old index deleted", aliases)
    finally:
        try:
            es.options(ignore_status=404).indices.delete(index=f"{prefix}-*")
        except Exception:  # noqa: BLE001
            traceback.print_exc()
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
