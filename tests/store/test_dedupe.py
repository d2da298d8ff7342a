from __future__ import annotations

import itertools
import json
import re

import pytest

from tests.conftest import shared_dir
from tests.factories import make_article, make_extraction
from tipwatch.store.db import Store
from tipwatch.store.dedupe import (
    NEAR_DUPLICATE_DISTANCE,
    exact_duplicate_of,
    hamming,
    is_near_duplicate,
    minhash,
    simhash64,
)
from tipwatch.store.models import ArticleRow
from tipwatch.store.repository import save_article


def _bodies() -> list[str]:
    path = shared_dir() / "datasets" / "article-extraction-benchmark" / "ground-truth.json"
    if not path.exists():
        pytest.skip(f"shared dataset absent: {path}")
    gt = json.loads(path.read_text("utf-8"))
    return [v["articleBody"] for v in gt.values() if len(v["articleBody"]) > 800]


def _all_bodies() -> list[str]:
    path = shared_dir() / "datasets" / "article-extraction-benchmark" / "ground-truth.json"
    if not path.exists():
        pytest.skip(f"shared dataset absent: {path}")
    gt = json.loads(path.read_text("utf-8"))
    return [v["articleBody"] for v in gt.values() if len(v["articleBody"].split()) >= 130]


_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_DATELINES = ("NEW DELHI, Dec 3 (PTI) - ", "LAGOS, Dec 3 (NAN) - ", "HELSINKI (AP) \u2014 ", "")
_CREDITS = ("(PTI)", "\u2014 Reuters", "By Staff Reporter", "-- BERNAMA", "(IANS)")


def _brief(body: str, words: int = 115) -> list[str]:
    """The body cut to about `words` words, as sentences (a news brief)."""
    cut = " ".join(body.split()[:words])
    return [s for s in _SENTENCE.split(cut) if s]


def _wire_copies(body: str, i: int) -> tuple[str, str]:
    """Two outlets' copies of one brief: own headline, dateline or byline and credit line, and
    the second drops one sentence."""
    sentences = _brief(body)
    first = (
        f"Court hears case as agency reports {i}\n"
        + _DATELINES[i % len(_DATELINES)]
        + " ".join(sentences)
    )
    dropped = sentences[:]
    if len(dropped) > 2:
        del dropped[len(dropped) // 2]
    second = (
        f"{_CREDITS[(i + 1) % len(_CREDITS)]}\nOfficials say more on the matter {i}\n"
        + " ".join(dropped)
        + "\n"
        + _CREDITS[i % len(_CREDITS)]
    )
    return first, second


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


def test_brief_wire_copies_of_real_articles_are_linked_and_unrelated_briefs_are_not() -> None:
    # Issue 14, C22: ~115-word wire copies with another headline, a dateline or byline, a credit
    # line and a sentence dropped were ~16 SimHash bits apart (threshold 7) and counted twice.
    bodies = _all_bodies()
    copies = [_wire_copies(b, i) for i, b in enumerate(bodies)]
    linked = [is_near_duplicate(minhash(a), minhash(b)) for a, b in copies]
    assert sum(linked) / len(linked) >= 0.95, sum(linked)
    briefs = [minhash(" ".join(_brief(b))) for b in bodies]
    pairs = list(itertools.combinations(briefs, 2))
    merged = sum(is_near_duplicate(a, b) for a, b in pairs)
    assert merged / len(pairs) <= 0.01, merged


def test_store_links_brief_wire_copies_in_one_cluster(store: Store) -> None:
    bodies = _all_bodies()
    a, b = _wire_copies(bodies[0], 0)
    other = " ".join(_brief(bodies[1]))
    with store.session() as s:
        first, _ = save_article(s, make_article("https://x.example/b1", a), make_extraction(a, []))
        copy, _ = save_article(
            s, make_article("https://y.example/b1", b, "in-b"), make_extraction(b, [])
        )
        unrelated, _ = save_article(
            s, make_article("https://x.example/b2", other), make_extraction(other, [])
        )
    with store.session() as s:
        rows = {r.canonical_url: r for r in s.query(ArticleRow)}
        assert copy.id != first.id
        assert rows["https://x.example/b1"].cluster_id == first.id
        assert rows["https://y.example/b1"].cluster_id == first.id
        assert rows["https://x.example/b2"].cluster_id == unrelated.id


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


def _reference_minhash(hashes: list[int]) -> tuple[int, ...]:
    """The MinHash definition in Python's unbounded integers (what stored signatures hold)."""
    from tipwatch.store.dedupe import _MASK32, _MERSENNE, _PARAMS

    return tuple(min((a * x + b) % _MERSENNE for x in hashes) & _MASK32 for a, b in _PARAMS)


def _reference_simhash(text: str) -> int:
    from tipwatch.store.dedupe import _gram_hash, _grams, _words

    words = _words(text)
    if not words:
        return 0
    vector = [0] * 64
    for gram in _grams(words):
        h = _gram_hash(gram)
        for i in range(64):
            vector[i] += 1 if (h >> i) & 1 else -1
    return sum(1 << i for i in range(64) if vector[i] > 0)


def test_vectorised_fingerprints_equal_the_definitions() -> None:
    """The numpy MinHash and SimHash give exactly the signatures of the integer definitions,
    so articles fingerprinted before and after still meet (issue 15)."""
    import random

    from tipwatch.store.dedupe import _min_hashes, _shingle_hashes, _words, fingerprint_body

    texts = _all_bodies()[:60] + ["a b", "one", "", "x y z w"]
    for text in texts:
        hashes = list(_shingle_hashes(_words(fingerprint_body(text))))
        if hashes:
            assert _min_hashes(hashes) == _reference_minhash(hashes)
        assert simhash64(text) == _reference_simhash(text)
    rng = random.Random(15)
    # extremes of the 64-bit hash and of the Mersenne modulus
    edge = [0, 1, 2**64 - 1, 2**61 - 1, 2**61 - 2, 2**61, 2**63]
    hashes = [rng.getrandbits(64) for _ in range(2000)] + edge
    assert _min_hashes(hashes) == _reference_minhash(hashes)
    for value in edge:
        assert _min_hashes([value]) == _reference_minhash([value])
