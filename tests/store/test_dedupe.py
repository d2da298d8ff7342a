from __future__ import annotations

import itertools
import json

import pytest

from tests.conftest import shared_dir
from tests.factories import make_article, make_extraction
from tipwatch.store.db import Store
from tipwatch.store.dedupe import NEAR_DUPLICATE_DISTANCE, exact_duplicate_of, hamming, simhash64
from tipwatch.store.models import ArticleRow
from tipwatch.store.repository import save_article


def _bodies() -> list[str]:
    path = shared_dir() / "datasets" / "article-extraction-benchmark" / "ground-truth.json"
    if not path.exists():
        pytest.skip(f"shared dataset absent: {path}")
    gt = json.loads(path.read_text("utf-8"))
    return [v["articleBody"] for v in gt.values() if len(v["articleBody"]) > 800]


def _reprint(text: str) -> str:
    return "UPDATED with agency copy.\n" + text + "\nReporting by Wire Staff; editing by Desk."


def test_identical_text_same_fingerprint_and_empty_text_defined() -> None:
    assert simhash64("the same words here") == simhash64("The same words, here!")
    assert simhash64("") == 0


def test_distinct_real_articles_are_never_near_duplicates() -> None:
    hashes = [simhash64(t) for t in _bodies()]
    closest = min(hamming(a, b) for a, b in itertools.combinations(hashes, 2))
    assert closest > NEAR_DUPLICATE_DISTANCE


def test_reprints_of_real_articles_are_near_duplicates() -> None:
    bodies = _bodies()
    dist = [hamming(simhash64(t), simhash64(_reprint(t))) for t in bodies]
    share = sum(d <= NEAR_DUPLICATE_DISTANCE for d in dist) / len(dist)
    assert share >= 0.95, sorted(dist)[-10:]


def test_store_links_syndicated_copies_in_one_cluster(store: Store) -> None:
    bodies = _bodies()
    a, b = bodies[0], bodies[1]
    with store.session() as s:
        first, _ = save_article(s, make_article("https://x.example/1", a), make_extraction(a, []))
        copy, _ = save_article(
            s, make_article("https://y.example/1", _reprint(a), "in-b"), make_extraction(a, [])
        )
        other, _ = save_article(s, make_article("https://x.example/2", b), make_extraction(b, []))
    with store.session() as s:
        rows = {r.canonical_url: r for r in s.query(ArticleRow)}
        assert rows["https://x.example/1"].cluster_id == first.id
        assert rows["https://y.example/1"].cluster_id == first.id
        assert rows["https://x.example/2"].cluster_id == other.id
        assert copy.id != first.id


def test_exact_duplicate_under_another_url_is_found(store: Store) -> None:
    text = "Court convicts two over forced labour at a brick kiln in the district."
    art = make_article("https://x.example/a", text)
    with store.session() as s:
        row, _ = save_article(s, art, make_extraction(text, []))
    with store.session() as s:
        same = make_article("https://x.example/a?utm_source=feed", text)
        assert exact_duplicate_of(s, same.content_hash, same.canonical_url) == row.id
        assert exact_duplicate_of(s, art.content_hash, art.canonical_url) is None
