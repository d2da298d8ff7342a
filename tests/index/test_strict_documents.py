"""Issue 14 I6 (2,000 dynamic fields), the document side: a search document is the closed
`IndexDoc` model, so a document with unknown fields cannot be built, and the FTS5 index has a
fixed set of columns that no document can add to. The Elasticsearch side (a document with 2,000
unknown fields refused per document by the strict mapping and quarantined while the rest index)
is in tests/index/test_elastic.py
(`test_a_document_with_2000_unknown_fields_is_quarantined_the_rest_index`)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from tipwatch.index.base import IndexDoc, SearchQuery
from tipwatch.index.elastic import MAPPING
from tipwatch.index.fts5 import Fts5Index

WIDE = {f"field_{i}": f"value {i}" for i in range(2000)}


def _fields(i: int) -> dict[str, Any]:
    return {
        "doc_id": f"d{i}",
        "doc_type": "case",
        "title": f"Case {i}",
        "names": ["Ada Obi"],
        "statuses": ["charged"],
        "body": "Police charged Ada Obi with trafficking.",
        "country": "NG",
        "country_of_publication": "NG",
        "source_id": "lagos-daily",
        "charge_categories": ["sex_trafficking"],
        "review_status": "pending",
        "publish_date": "2026-05-06",
        "url": f"https://news.example/{i}",
        "language": "en",
    }


def test_a_document_with_unknown_fields_cannot_be_built() -> None:
    assert IndexDoc.model_config.get("extra") == "forbid"
    with pytest.raises(ValidationError) as info:
        IndexDoc.model_validate({**_fields(1), **WIDE})
    errors = info.value.errors()
    assert len(errors) == 2000 and {e["type"] for e in errors} == {"extra_forbidden"}
    with pytest.raises(ValidationError):
        IndexDoc(**_fields(2), victims=["x"])  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        IndexDoc.model_validate_json(json.dumps({**_fields(3), "field_0": 1}))
    # the model and the engine's strict mapping name the same fields
    assert MAPPING["mappings"]["dynamic"] == "strict"
    assert set(MAPPING["mappings"]["properties"]) == set(IndexDoc.model_fields)


def test_fts5_columns_are_fixed_whatever_is_indexed(tmp_path: Path) -> None:
    path = tmp_path / "index.db"
    index = Fts5Index(path)
    try:
        docs = [IndexDoc.model_validate(_fields(i)) for i in range(3)]
        assert index.upsert(docs) == []
        assert index.count() == 3
        assert len(index.search(SearchQuery(text="Ada Obi"))) == 3
    finally:
        index.close()
    con = sqlite3.connect(path)
    try:
        before = {
            table: [row[1] for row in con.execute(f"PRAGMA table_info({table})")]
            for table in ("docs", "docs_fts")
        }
        stored = [json.loads(doc) for (doc,) in con.execute("SELECT doc FROM docs")]
    finally:
        con.close()
    assert before["docs_fts"] == ["title", "names", "body"]
    assert len(before["docs"]) < 10
    assert all(set(doc) == set(IndexDoc.model_fields) for doc in stored)
