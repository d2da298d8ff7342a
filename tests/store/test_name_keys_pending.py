"""A pipeline run's sessions defer persons' screening keys to the run's end (issue 15): the
persons are listed as pending, no key is computed, and `refresh_pending` gives them the keys
the immediate path gives (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import make_article, make_extraction
from tipwatch.records import LegalStatus
from tipwatch.store import name_keys
from tipwatch.store.db import Store
from tipwatch.store.models import NameKeyPendingRow, NameKeyRow, PersonRow
from tipwatch.store.repository import save_article, save_extraction

TEXT = (
    "Police in Pune arrested Arvind Tembhekar, 41, and Sunita Kale on Monday. Both were charged"
    " with trafficking after a raid on a placement agency that recruited workers for the Gulf."
)


def _save(store: Store, url: str, *, defer: bool) -> None:
    art = make_article(url, TEXT)
    ext = make_extraction(
        TEXT, [("Arvind Tembhekar", LegalStatus.ARRESTED), ("Sunita Kale", LegalStatus.CHARGED)]
    )
    with store.session() as s:
        if defer:
            name_keys.defer(s)
        row, _ = save_article(s, art, ext)
        assert save_extraction(s, row, ext) is not None


def _keys(store: Store) -> dict[str, set[str]]:
    with store.session() as s:
        persons = {p.id: p.display_name for p in s.scalars(select(PersonRow))}
        out: dict[str, set[str]] = {name: set() for name in persons.values()}
        for row in s.scalars(select(NameKeyRow).where(NameKeyRow.subject_type == "person")):
            out[persons[row.subject_id]].add(row.key)
    return out


def test_deferred_keys_are_pending_then_equal_the_immediate_ones(store: Store) -> None:
    _save(store, "https://in-a.example/deferred", defer=True)
    # the same persons again, deferred: still listed once each
    _save(store, "https://in-a.example/deferred-again", defer=True)
    with store.session() as s:
        assert name_keys.pending_count(s) == 2
    assert _keys(store) == {"Arvind Tembhekar": set(), "Sunita Kale": set()}
    with store.session() as s:
        assert name_keys.refresh_pending(s, limit=1) == 1
    with store.session() as s:
        assert name_keys.refresh_pending(s) == 1
    with store.session() as s:
        assert name_keys.refresh_pending(s) == 0
        assert s.scalars(select(NameKeyPendingRow)).all() == []
    deferred = _keys(store)
    assert all(deferred.values())
    # the same mentions saved the immediate way (another article: the same persons) change
    # nothing, and what the immediate path computes is what the deferred one did
    _save(store, "https://in-a.example/immediate", defer=False)
    with store.session() as s:
        assert name_keys.pending_count(s) == 0
        for pid in s.scalars(select(PersonRow.id)):
            expected = name_keys.keys_for_names(name_keys.person_names(s, pid))
            got = set(s.scalars(select(NameKeyRow.key).where(NameKeyRow.subject_id == pid)))
            assert got == expected
    assert _keys(store) == deferred
