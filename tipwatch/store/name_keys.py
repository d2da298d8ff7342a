"""Blocking keys for screening, kept in the store (`name_keys`) in the same transaction as the
names they index. In the store (not in screening) because every session that changes a person
must refresh them: `tipwatch.store.db` installs the flush hooks; the key rule itself is
`tipwatch.domain.names.blocking_keys`.

Persons: any flush that adds or changes a perpetrator mention or a person marks that person;
after the flush, the person's keys are recomputed from its current names. A suppressed or merged
person keeps no keys. Imported entities get their keys when they are imported.

Keys are a superset (a mention deleted in bulk leaves its old keys until the person next
changes): screening re-reads names and statuses before scoring, so a stale key never shows.

A pipeline run defers the refresh (`defer`): its sessions list the persons they touch in
`name_keys_pending`, and the run recomputes their keys once its worker processes have exited
(`refresh_pending`), so the main process does not hold rigour's name tagger (~400 MB) while
the workers hold the spaCy model (issue 15). Until then a new person's name is not a key.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, event, insert, inspect, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from tipwatch.domain.names import ANALYSIS_VERSION, analyse, analysis_record, blocking_keys
from tipwatch.store.models import (
    KEY_CHARS,
    DatasetRow,
    ExternalEntityRow,
    NameKeyPendingRow,
    NameKeyRow,
    PerpetratorRow,
    PersonRow,
)

PERSON = "person"
ENTITY = "entity"
_DIRTY = "tipwatch_dirty_persons"
_DEFER = "tipwatch_defer_name_keys"


def stored_key(key: str) -> str:
    """A blocking key as the store holds it (cut to the column's length)."""
    return key[:KEY_CHARS]


def keys_for_names(names: Iterable[str]) -> set[str]:
    keys: set[str] = set()
    for name in names:
        keys |= blocking_keys(name)
    return {stored_key(k) for k in keys}


def names_analysis(names: Iterable[str]) -> dict[str, Any]:
    """What `external_entities.analysis` keeps for these names: the version of the analysis
    and each name's tokens."""
    return {"v": ANALYSIS_VERSION, "names": {n: analysis_record(analyse(n)) for n in names}}


def replace_keys(session: Session, subject_type: str, subject_id: str, keys: set[str]) -> None:
    conn = session.connection()
    conn.execute(
        delete(NameKeyRow).where(
            NameKeyRow.subject_type == subject_type, NameKeyRow.subject_id == subject_id
        )
    )
    if keys:
        conn.execute(
            insert(NameKeyRow),
            [{"key": k, "subject_type": subject_type, "subject_id": subject_id} for k in keys],
        )


def person_names(session: Session, person_id: str) -> list[str]:
    conn = session.connection()
    names = set(
        conn.scalars(
            select(PerpetratorRow.name).where(PerpetratorRow.person_id == person_id).distinct()
        )
    )
    display = conn.scalar(select(PersonRow.display_name).where(PersonRow.id == person_id))
    if display:
        names.add(display)
    return sorted(names)


def refresh_person_keys(session: Session, person_id: str) -> None:
    conn = session.connection()
    row = conn.execute(
        select(PersonRow.merged_into, PersonRow.suppressed_at).where(PersonRow.id == person_id)
    ).first()
    if row is None or row.merged_into is not None or row.suppressed_at is not None:
        replace_keys(session, PERSON, person_id, set())
        return
    replace_keys(session, PERSON, person_id, keys_for_names(person_names(session, person_id)))


def _collect(session: Session, _context: Any, _instances: Any) -> None:
    dirty: set[str] = session.info.setdefault(_DIRTY, set())
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, PerpetratorRow) and obj.person_id:
            dirty.add(obj.person_id)
            history = _person_history(obj)
            dirty.update(history)
        elif isinstance(obj, PersonRow):
            dirty.add(obj.id)


def _person_history(obj: PerpetratorRow) -> set[str]:
    state = inspect(obj)
    hist = state.attrs.person_id.history
    return {p for p in (hist.deleted or ()) if p}


def _refresh(session: Session, _context: Any) -> None:
    dirty: set[str] = session.info.pop(_DIRTY, set())
    if session.info.get(_DEFER):
        _mark_pending(session, dirty)
        return
    for person_id in sorted(dirty):
        refresh_person_keys(session, person_id)


def defer(session: Session) -> None:
    """From now on, `session` lists the persons it changes as pending instead of recomputing
    their keys (see the module docstring)."""
    session.info[_DEFER] = True


def _mark_pending(session: Session, person_ids: set[str]) -> None:
    if not person_ids:
        return
    conn = session.connection()
    rows = [{"person_id": p} for p in sorted(person_ids)]
    # another writer may list the same person meanwhile: a listed person is listed
    if conn.dialect.name == "postgresql":
        conn.execute(pg_insert(NameKeyPendingRow).on_conflict_do_nothing(), rows)
    else:
        conn.execute(sqlite_insert(NameKeyPendingRow).on_conflict_do_nothing(), rows)


def pending_count(session: Session) -> int:
    return len(session.scalars(select(NameKeyPendingRow.person_id)).all())


def refresh_pending(session: Session, *, limit: int = 500) -> int:
    """Recompute the keys of up to `limit` pending persons and take them off the list; returns
    how many (call until 0, one transaction each)."""
    ids = list(
        session.scalars(
            select(NameKeyPendingRow.person_id).order_by(NameKeyPendingRow.person_id).limit(limit)
        )
    )
    for person_id in ids:
        refresh_person_keys(session, person_id)
    if ids:
        session.connection().execute(
            delete(NameKeyPendingRow).where(NameKeyPendingRow.person_id.in_(ids))
        )
    return len(ids)


def rekey_entities(
    session: Session, *, after: str = "", limit: int = 500
) -> tuple[str | None, int]:
    """Recompute the keys (and the stored analysis) of up to `limit` imported entities with ids
    after `after`; returns the last id done (None when there were none: call again with it, one
    transaction each) and how many."""
    rows = session.execute(
        select(ExternalEntityRow.id, ExternalEntityRow.names)
        .where(ExternalEntityRow.id > after)
        .order_by(ExternalEntityRow.id)
        .limit(limit)
    ).all()
    conn = session.connection()
    for entity_id, names in rows:
        texts = [str(n) for n in names]
        replace_keys(session, ENTITY, entity_id, keys_for_names(texts))
        conn.execute(
            update(ExternalEntityRow)
            .where(ExternalEntityRow.id == entity_id)
            .values(analysis=names_analysis(texts))
        )
    return (rows[-1][0] if rows else None), len(rows)


def keys_rekeyed(session: Session) -> None:
    """Every imported list's keys were recomputed: raise their keys version (postings made from
    the older keys are then not used)."""
    session.execute(update(DatasetRow).values(keys_version=DatasetRow.keys_version + 1))


def stale_datasets(session: Session) -> list[str]:
    """Imported lists keyed by another version of the name analysis (one entity read per list):
    their keys miss what the analysis has learnt since, until `tipwatch db rekey`."""
    stale: list[str] = []
    for (dataset,) in session.execute(select(DatasetRow.name).order_by(DatasetRow.name)):
        analysis = session.execute(
            select(ExternalEntityRow.analysis).where(ExternalEntityRow.dataset == dataset).limit(1)
        ).scalar()
        if analysis is not None and analysis.get("v") != ANALYSIS_VERSION:
            stale.append(dataset)
    return stale


def install() -> None:
    """Register the flush hooks (idempotent)."""
    if not event.contains(Session, "before_flush", _collect):
        event.listen(Session, "before_flush", _collect)
        event.listen(Session, "after_flush_postexec", _refresh)


install()
