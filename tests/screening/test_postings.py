"""Key postings of imported lists (`tipwatch.screening.postings`): the candidates they give are the
candidates the SQL statement gives, and postings that no longer match the store are never used.

Real store, real import of real names (the real-pair set's gallery), real screening service."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import numpy as np
import orjson
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tests.screening.conftest import add_case
from tipwatch.cli import app
from tipwatch.domain.names import ANALYSIS_VERSION, blocking_keys
from tipwatch.records import LegalStatus
from tipwatch.screening import postings, service
from tipwatch.screening.ftm_import import import_ftm
from tipwatch.screening.names import stored_analyses
from tipwatch.screening.realset import build as build_realset
from tipwatch.screening.service import ScreeningQuery, screen
from tipwatch.store.db import Store
from tipwatch.store.models import DatasetRow, ExternalEntityRow
from tipwatch.store.name_keys import keys_rekeyed, stored_key

runner = CliRunner()
GALLERY = 1500


def _write_list(path: Path, names: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for n, name in enumerate(names):
            record = {"id": f"p{n}", "schema": "Person", "properties": {"name": [name]}}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def real() -> tuple[list[str], list[str]]:
    data = build_realset()
    names = [name for _, name in sorted(data.gallery.items())][:GALLERY]
    queries = [q.text for q in data.queries if q.split == "dev"][:150]
    return names, queries


def _stores(
    tmp_path: Path, names: list[str], url: str | None = None
) -> tuple[Store, Store, postings.PostingsCache]:
    """The same store opened twice: plain (SQL only) and with postings attached (and the
    attached cache)."""
    url = url or f"sqlite:///{(tmp_path / 'tipwatch.db').resolve()}"
    plain = Store(url)
    add_case(
        plain,
        "https://example.org/p1",
        "Police in Accra charged Kwame Mensah with trafficking in persons.",
        [("Kwame Mensah", LegalStatus.CHARGED)],
        published=date(2026, 5, 6),
        country="GH",
    )
    with plain.session() as s:
        import_ftm(s, _write_list(tmp_path / "list.jsonl", names), dataset="real")
    with plain.session() as s:
        postings.build(s, "real", postings.root_of(tmp_path))
    with_postings = Store(url)
    cache = postings.attach(with_postings, tmp_path)
    return plain, with_postings, cache


def test_postings_give_the_sql_candidates(
    tmp_path: Path, real: tuple[list[str], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    names, queries = real
    plain, fast, _ = _stores(tmp_path, names)
    used: list[int] = []
    real_weigh = service.weigh

    def counting(*args: object, **kwargs: object) -> list[tuple[float, str]]:
        used.append(1)
        return real_weigh(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "weigh", counting)
    # A small cap makes the ranking itself matter (which 20 of the sharing subjects come back).
    monkeypatch.setattr(service, "MAX_CANDIDATES", 20)
    found = 0
    for text in [*queries, "Kwame Mensah", "Mensah"]:
        with plain.session() as s:
            expected, expected_freq, _ = service._candidates(s, text)
        with fast.session() as s:
            got, freq, _ = service._candidates(s, text)
        assert got == expected, text
        assert freq == expected_freq, text
        found += bool(got)
    assert used, "the postings were never used"
    assert found > 100
    # and the screening results, persons included, are the same
    for text in ["Kwame Mensah", *queries[:20]]:
        with plain.session() as s:
            a = screen(s, ScreeningQuery(name=text)).hits
        with fast.session() as s:
            b = screen(s, ScreeningQuery(name=text)).hits
        assert [(h.subject_id, h.score) for h in a] == [(h.subject_id, h.score) for h in b]


def test_postings_find_the_sql_candidates_on_sqlite_and_postgresql(
    store_url: str, tmp_path: Path, real: tuple[list[str], list[str]]
) -> None:
    """On either store the postings are built from the list's own rows (on PostgreSQL, whatever
    the collation) and give the candidates SQL gives: the same subjects, the same key counts."""
    names, queries = real
    plain, fast, cache = _stores(tmp_path, names[:600], store_url)
    found = 0
    for text in [*queries[:60], "Kwame Mensah"]:
        with plain.session() as s:
            expected, expected_freq, _ = service._candidates(s, text)
        with fast.session() as s:
            got, freq, _ = service._candidates(s, text)
        assert set(got) == set(expected), text
        assert freq == expected_freq, text
        found += bool(got)
    assert found > 40
    with fast.session() as s:
        ready, missing = cache.for_datasets(s)
    assert [p.dataset for p in ready] == ["real"] and not missing
    assert len(ready[0].id_offsets) == 601
    plain.dispose()
    fast.dispose()


def test_postings_hold_the_names_as_screening_would_analyse_them(
    tmp_path: Path, real: tuple[list[str], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A candidate's names read from the postings (token numbers in the list's token table) are
    the names and analyses the table gives (`stored_analyses`), also for an entity whose stored
    analysis is missing or of another version (analysed at the build); a token shared by many
    names is held once."""
    names, _ = real
    plain, _, cache = _stores(tmp_path, names[:400])
    with plain.session() as s:
        rows = list(s.scalars(select(ExternalEntityRow).order_by(ExternalEntityRow.id)))
        rows[0].analysis = None
        rows[1].analysis = {"v": ANALYSIS_VERSION - 1, "names": {}}
        s.commit()
    with plain.session() as s:
        postings.build(s, "real", postings.root_of(tmp_path))
        expected = [
            (r.id, stored_analyses(r.names, r.analysis))
            for r in s.scalars(select(ExternalEntityRow).order_by(ExternalEntityRow.id))
        ]
        ready, missing = cache.for_datasets(s)
    assert not missing
    lists = ready[0]
    numbers = list(range(len(expected)))
    got = lists.analyses_of(numbers)
    assert lists.subject_ids(np.array(numbers)) == [eid for eid, _ in expected]
    assert got == [analyses for _, analyses in expected]
    assert any(a.tokens for a in got[0]) and any(a.tokens for a in got[1])
    tokens_held = sum(len(a.tokens) for analyses in got for a in analyses)
    rows = [lists.token_row(n) for n in range(lists.token_count())]
    assert len({json.dumps(row) for row in rows}) == len(rows) < tokens_held * 0.6
    # Read again, the same token objects (made once per list) ...
    again = lists.analyses_of(numbers[:50])
    assert all(
        x is y
        for a, b in zip(again, got[:50], strict=True)
        for m, n in zip(a, b, strict=True)
        for x, y in zip(m.tokens, n.tokens, strict=True)
    )
    # ... and, once more than TOKENS_KEPT would be kept, made afresh (equal) and no more kept.
    monkeypatch.setattr(postings, "TOKENS_KEPT", 10)
    lists.tokens.clear()
    assert lists.analyses_of(numbers[:50]) == got[:50]
    kept = set(lists.tokens)
    assert len(kept) > 10
    fresh = next(
        n
        for n in numbers[50:]
        if any(set(parts) - kept for _, parts in orjson.loads(lists.records_of([n])[0]))
    )
    assert lists.analyses_of([fresh]) == [got[fresh]]
    assert 0 < len(lists.tokens) <= 10


def test_postings_that_no_longer_match_the_store_are_not_used(
    tmp_path: Path, real: tuple[list[str], list[str]]
) -> None:
    names, _ = real
    _, fast, cache = _stores(tmp_path, names[:300])
    with fast.session() as s:
        ready, missing = cache.for_datasets(s)
    assert [p.dataset for p in ready] == ["real"] and not missing

    # Re-imported with a new person: the old postings do not know her, so SQL answers.
    newcomer = "Abena Serwaa Owusu-Boateng"
    with fast.session() as s:
        import_ftm(
            s, _write_list(tmp_path / "list2.jsonl", [*names[:300], newcomer]), dataset="real"
        )
    with fast.session() as s:
        ready, missing = cache.for_datasets(s)
        assert missing == ["real"]
        hits = screen(s, ScreeningQuery(name=newcomer)).hits
    assert hits and hits[0].caption == newcomer

    # Built again: used again, and they know her.
    with fast.session() as s:
        postings.build(s, "real", postings.root_of(tmp_path))
    with fast.session() as s:
        ready, missing = cache.for_datasets(s)
        assert [p.dataset for p in ready] == ["real"] and not missing
        assert screen(s, ScreeningQuery(name=newcomer)).hits[0].caption == newcomer

    # Rekeyed keys: postings made before are stale.
    with fast.session() as s:
        keys_rekeyed(s)
    with fast.session() as s:
        assert cache.for_datasets(s)[1] == ["real"]
        row = s.get(DatasetRow, "real")
        assert row is not None and row.keys_version == 1


def test_a_serving_process_builds_missing_postings_in_the_background(
    tmp_path: Path, real: tuple[list[str], list[str]]
) -> None:
    names, _ = real
    url = f"sqlite:///{(tmp_path / 'tipwatch.db').resolve()}"
    store = Store(url)
    with store.session() as s:
        import_ftm(s, _write_list(tmp_path / "list.jsonl", names[:200]), dataset="real")
    cache = postings.attach(store, tmp_path, build_missing=True)
    with store.session() as s:
        assert cache.for_datasets(s)[1] == ["real"]
    deadline = time.monotonic() + 60
    ready: list[postings.DatasetPostings] = []
    while not ready and time.monotonic() < deadline:
        time.sleep(0.2)
        with store.session() as s:
            ready, _ = cache.for_datasets(s)
    assert [p.dataset for p in ready] == ["real"]
    keys = blocking_keys(names[0])
    assert keys and all(ready[0].count(stored_key(k)) >= 1 for k in keys)
    assert ready[0].count("t:no-such-name-part") == 0


def test_a_digest_collision_is_refused(
    tmp_path: Path, real: tuple[list[str], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    names, _ = real
    store = Store(f"sqlite:///{(tmp_path / 'tipwatch.db').resolve()}")
    with store.session() as s:
        import_ftm(s, _write_list(tmp_path / "list.jsonl", names[:50]), dataset="real")
    monkeypatch.setattr(postings, "key_digest", lambda key: 7)
    with store.session() as s, pytest.raises(postings.PostingsError, match="digest"):
        postings.build(s, "real", postings.root_of(tmp_path))
    assert not postings._folder(postings.root_of(tmp_path), "real").exists()

    # A serving process tries once, then leaves the list on SQL until the list changes.
    builds: list[str] = []
    real_build = postings.build

    def counting(session: object, dataset: str, root: Path) -> Path:
        builds.append(dataset)
        return real_build(session, dataset, root)  # type: ignore[arg-type]

    monkeypatch.setattr(postings, "build", counting)
    cache = postings.attach(store, tmp_path, build_missing=True)
    for _ in range(5):
        with store.session() as s:
            assert cache.for_datasets(s) == ([], ["real"])
        assert cache._building is not None
        cache._building.join(30)
    assert builds == ["real"]
    with store.session() as s:
        keys_rekeyed(s)  # the list changed: worth one more try
    with store.session() as s:
        cache.for_datasets(s)
    assert cache._building is not None
    cache._building.join(30)
    assert builds == ["real", "real"]


def test_import_and_rekey_commands_build_postings(
    tmp_path: Path, real: tuple[list[str], list[str]]
) -> None:
    names, _ = real
    dd = ["--data-dir", str(tmp_path)]
    path = _write_list(tmp_path / "list.jsonl", names[:100])
    res = runner.invoke(app, ["import", "ftm", str(path), "--dataset", "real", *dd])
    assert res.exit_code == 0, res.output
    store = Store(f"sqlite:///{(tmp_path / 'tipwatch.db').resolve()}")
    with store.session() as s:
        row = s.get(DatasetRow, "real")
        assert row is not None
        loaded = postings.load(postings.root_of(tmp_path), row)
    assert loaded is not None and len(loaded.id_offsets) == 101

    res = runner.invoke(app, ["db", "rekey", *dd])
    assert res.exit_code == 0, res.output
    assert "key postings rebuilt: real" in res.output
    with store.session() as s:
        row = s.get(DatasetRow, "real")
        assert row is not None and row.keys_version == 1
        assert postings.load(postings.root_of(tmp_path), row) is not None


def test_warming_makes_the_token_table_before_the_first_request(
    tmp_path: Path, real: tuple[list[str], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A serving process, batch worker or helper starting (`PostingsCache.warm`) makes the
    list's first tokens at once, so its first requests do not make them; what screening then
    reads is what it read made one by one, and at most TOKENS_AT_START (and TOKENS_KEPT) are
    made."""
    names, queries = real
    _, fast, cache = _stores(tmp_path, names[:600])
    with fast.session() as s:
        cold = [screen(s, ScreeningQuery(name=q, limit=5, cutoff=0.3)) for q in queries[:40]]
    cache._loaded.clear()
    with fast.session() as s:
        ready, missing = cache.warm(s)
    assert not missing
    lists = ready[0]
    assert len(lists.tokens) == lists.token_count() > 100
    made = dict(lists.tokens)
    with fast.session() as s:
        warm = [screen(s, ScreeningQuery(name=q, limit=5, cutoff=0.3)) for q in queries[:40]]
    assert [r.hits for r in warm] == [r.hits for r in cold]
    assert any(r.hits for r in warm)
    # Screening used the tokens made at the start: none was made again.
    assert all(lists.tokens[n] is t for n, t in made.items())
    monkeypatch.setattr(postings, "TOKENS_AT_START", 10)
    lists.tokens.clear()
    assert lists.make_tokens() == 10 and sorted(lists.tokens) == list(range(10))
    monkeypatch.setattr(postings, "TOKENS_KEPT", 5)
    lists.tokens.clear()
    assert lists.make_tokens() == 5 and sorted(lists.tokens) == list(range(5))
