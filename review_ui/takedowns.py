"""What the takedown pages show: the takedowns list and the case page's "Take down article"
form (routes in `tipwatch.review_ui.routes.takedowns`)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from tipwatch.review_ui.views import safe_href
from tipwatch.store.models import ArticleRow
from tipwatch.store.takedowns import ARTICLE_KIND, TakedownEntry, syndicated_copies


def takedown_rows(entries: Sequence[TakedownEntry]) -> list[dict[str, object]]:
    """Each takedown with a safe link to its article and whether it can be lifted here."""
    return [
        {
            "entry": e,
            "href": safe_href(e.canonical_url),
            "liftable": e.kind == ARTICLE_KIND and e.lifted_at is None,
        }
        for e in entries
    ]


def form_context(session: Session, article: ArticleRow) -> dict[str, object]:
    """What the case page's "Take down article" form needs (admins only)."""
    return {
        "article_id": article.id,
        "copies": [
            {"id": a.id, "source_id": a.source_id} for a in syndicated_copies(session, article)
        ],
    }
