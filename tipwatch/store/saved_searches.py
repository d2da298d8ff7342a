"""Searches an analyst saved: their parameters and when they last opened them, so the search
page can say how many documents entered the index since ("new since your last visit")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tipwatch.store.models import SavedSearchRow, utcnow

MAX_SAVED = 50  # per user
MAX_NAME = 100


class SavedSearchError(ValueError):
    """A saved search that cannot be made (no name, a name too long, too many): the reason."""


def list_saved(session: Session, user_id: int) -> list[SavedSearchRow]:
    return list(
        session.scalars(
            select(SavedSearchRow)
            .where(SavedSearchRow.user_id == user_id)
            .order_by(SavedSearchRow.name)
        )
    )


def save_search(session: Session, user_id: int, name: str, params: dict[str, str]) -> int:
    """Save (or replace, by name) the user's search; returns its id. Its last visit is now."""
    name = " ".join(name.split())
    if not name:
        raise SavedSearchError("a saved search needs a name")
    if len(name) > MAX_NAME:
        raise SavedSearchError(f"a name has at most {MAX_NAME} characters")
    row = session.scalar(
        select(SavedSearchRow).where(SavedSearchRow.user_id == user_id, SavedSearchRow.name == name)
    )
    if row is None:
        if len(list_saved(session, user_id)) >= MAX_SAVED:
            raise SavedSearchError(f"at most {MAX_SAVED} saved searches per user")
        row = SavedSearchRow(user_id=user_id, name=name)
        session.add(row)
    row.params = dict(params)
    row.last_visit_at = utcnow()
    session.flush()
    return row.id


def visit_saved(session: Session, user_id: int, saved_id: int) -> tuple[dict[str, str], datetime]:
    """The saved search's parameters and the previous visit's time; the visit is recorded.
    KeyError when the user has no such saved search."""
    row = session.get(SavedSearchRow, saved_id)
    if row is None or row.user_id != user_id:
        raise KeyError(saved_id)
    previous = row.last_visit_at
    row.last_visit_at = utcnow()
    return {str(k): str(v) for k, v in row.params.items()}, previous


def delete_saved(session: Session, user_id: int, saved_id: int) -> bool:
    done = session.execute(
        delete(SavedSearchRow).where(
            SavedSearchRow.id == saved_id, SavedSearchRow.user_id == user_id
        )
    )
    return bool(getattr(done, "rowcount", 0))
