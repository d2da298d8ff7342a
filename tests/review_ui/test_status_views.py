"""The review UI reads which statuses are allegations from the one legal-status table
(`tipwatch.domain.legal_status.LEGAL_STATUSES`): the status views, the footer and the case
page hold no list of statuses of their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from fastapi.testclient import TestClient

from tipwatch.domain.legal_status import LEGAL_STATUSES, Outcome
from tipwatch.review_ui.views import alleged_phrase, status_view


@dataclass(frozen=True)
class Reported:
    status: str
    status_date: date | None = None
    source_url: str = "https://example.org/a"


@pytest.mark.parametrize("status", LEGAL_STATUSES.values())
def test_status_view_takes_outcome_and_note_from_the_table(status: str) -> None:
    view = status_view(Reported(status))
    row = LEGAL_STATUSES[status]
    assert view.kind == row.outcome.value
    assert view.note == row.note
    assert view.alleged is (row.outcome is Outcome.ALLEGED)


def test_unknown_status_reads_as_alleged_never_as_convicted() -> None:
    view = status_view(Reported("extradited"))
    assert view.kind == "alleged" and view.alleged
    assert view.note == "alleged: not convicted, presumed innocent"


def test_alleged_phrase_names_exactly_the_alleged_statuses() -> None:
    phrase = alleged_phrase()
    assert phrase == "Wanted, arrested or charged"
    named = {w.strip().lower() for w in phrase.replace(" or ", ", ").split(",")}
    assert named == {r.status for r in LEGAL_STATUSES if r.alleged}


def test_footer_and_case_page_say_which_statuses_are_alleged(
    client: TestClient,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    case_id = add_case()
    add_user("vera", "viewer")
    login("vera")
    html = client.get(f"/cases/{case_id}").text
    assert f"<strong>{alleged_phrase()} means alleged</strong>" in html  # footer
    assert f"{alleged_phrase()}\nmeans <strong>alleged</strong>" in html  # case page hint
