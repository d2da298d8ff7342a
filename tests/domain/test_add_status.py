"""Adding a legal status is a change to the one table: every reader takes the table as a
keyword, so a status added to a copy of it is ranked, labelled and flagged by the row alone.

Readers exercised: the latest-status rule, the person timeline and list, screening (outcome and
notice), the exports (CSV and FollowTheMoney topics and notes) and the search index. A status
the table does not know is never labelled convicted and never raises.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update

from tests.screening.conftest import add_case, person_of
from tipwatch.domain.legal_status import (
    LEGAL_STATUSES,
    TRAFFICKING_TOPIC,
    Outcome,
    StatusInfo,
    StatusTable,
)
from tipwatch.domain.person_status import latest_status
from tipwatch.exports.ftm import entities, write_ftm
from tipwatch.exports.rows import export_rows
from tipwatch.exports.tabular import write_csv
from tipwatch.index.base import SearchQuery
from tipwatch.index.fts5 import Fts5Index
from tipwatch.index.sync import sync_outbox
from tipwatch.records import LegalStatus
from tipwatch.screening.service import ScreeningQuery, screen
from tipwatch.store.db import Store
from tipwatch.store.models import PerpetratorRow
from tipwatch.store.person_timeline import list_persons, person_timeline

APPEALED = StatusInfo(
    status="appealed",
    rank=7,  # after sentencing: the conviction stands while the appeal runs
    outcome=Outcome.CONVICTED,
    label="Convicted, appeal pending",
    note="convicted by a court, as reported; appeal pending",
    ftm_topic=TRAFFICKING_TOPIC,
)
INDICTED = StatusInfo(
    status="indicted",
    rank=2,
    outcome=Outcome.ALLEGED,
    label="Indicted",
    note="alleged: not convicted, presumed innocent",
    ftm_topic=None,
)
TABLE: StatusTable = LEGAL_STATUSES.with_status(APPEALED).with_status(INDICTED)
NAME = "Ramesh Kumar"


@dataclass(frozen=True)
class Report:
    status: str
    status_date: date | None
    review_status: str = "pending"


def test_the_copy_has_the_rows_and_the_original_is_untouched() -> None:
    assert "appealed" in TABLE and "appealed" not in LEGAL_STATUSES
    assert TABLE.values()[-1] == "appealed"
    assert TABLE.outcome("appealed") is Outcome.CONVICTED
    assert TABLE.is_alleged("indicted") and TABLE.note("indicted") == INDICTED.note
    assert TABLE.ftm_topic("appealed") == TRAFFICKING_TOPIC
    assert TABLE.label("appealed") == "Convicted, appeal pending"
    assert TABLE.alleged_phrase() == "Wanted, arrested, charged and indicted"
    assert LEGAL_STATUSES.alleged_phrase() == "Wanted, arrested and charged"


def test_latest_status_ranks_the_new_status_by_its_row() -> None:
    same_day = date(2026, 6, 1)
    reports = [
        Report("charged", date(2026, 1, 5)),
        Report("appealed", same_day),
        Report("sentenced", same_day),
        Report("convicted", date(2026, 7, 1), review_status="rejected"),
    ]
    latest = latest_status(reports, table=TABLE)
    assert latest is not None and latest.status == "appealed"
    # Without the row the status is unknown: ranked below every known one, never an error.
    default = latest_status(reports)
    assert default is not None and default.status == "sentenced"
    assert latest_status([Report("charged", None, review_status="rejected")]) is None


def _store_appealed(store: Store) -> str:
    """A person reported charged, then (same day as a sentencing report) appealing."""
    add_case(
        store,
        "https://example.org/charged",
        f"Police charged {NAME} with trafficking.",
        [(NAME, LegalStatus.CHARGED)],
        published=date(2026, 1, 5),
    )
    appealed = add_case(
        store,
        "https://example.org/appealed",
        f"{NAME} appealed against his conviction for trafficking.",
        [(NAME, LegalStatus.CONVICTED)],
        published=date(2026, 6, 1),
    )
    # The NLP cannot emit a status its enum lacks: write the new status as a reviewer's data.
    with store.session() as s:
        s.execute(
            update(PerpetratorRow)
            .where(PerpetratorRow.case_id == appealed)
            .values(status="appealed")
        )
    return person_of(store, NAME)


def test_store_readers_rank_the_new_status(store: Store) -> None:
    person = _store_appealed(store)
    with store.session() as s:
        timeline = person_timeline(s, person, table=TABLE)
        assert [m.status for m in timeline.mentions] == ["appealed", "charged"]
        assert timeline.latest is not None and timeline.latest.status == "appealed"
        [listing] = list_persons(s, query="kumar", table=TABLE)
        assert listing.latest is not None and listing.latest.status == "appealed"
        # The default table does not know it: still read, still latest by date.
        plain = person_timeline(s, person)
        assert plain.latest is not None and plain.latest.status == "appealed"


def test_screening_labels_the_new_status_per_its_row(store: Store) -> None:
    _store_appealed(store)
    with store.session() as s:
        result = screen(s, ScreeningQuery(name=NAME), table=TABLE)
        unknown = screen(s, ScreeningQuery(name=NAME))
    [hit] = result.hits
    assert hit.latest_status is not None
    assert (hit.latest_status.status, hit.latest_status.outcome) == ("appealed", "convicted")
    assert [(f.status, f.outcome) for f in hit.earlier_statuses] == [("charged", "alleged")]
    assert "Wanted, arrested, charged and indicted mean alleged" in result.notice
    # Unknown to the table: reported as it is, and read as alleged, never as convicted.
    [plain] = unknown.hits
    assert plain.latest_status is not None
    assert (plain.latest_status.status, plain.latest_status.outcome) == ("appealed", "alleged")


def test_exports_flag_the_new_status_per_its_row(store: Store) -> None:
    _store_appealed(store)
    with store.session() as s:
        rows = list(export_rows(s))
    buf = io.StringIO()
    assert write_csv(rows, buf) == 2
    assert ",appealed," in buf.getvalue()
    ftm = io.StringIO()
    write_ftm(rows, ftm, table=TABLE)
    persons = [e for e in map(json.loads, ftm.getvalue().splitlines()) if e["schema"] == "Person"]
    [person] = persons
    assert person["properties"]["topics"] == [TRAFFICKING_TOPIC]
    [note] = person["properties"]["notes"]
    assert "Latest status reported in local news: appealed" in note
    assert "Wanted, arrested, charged and indicted mean alleged." in note
    # With the default table the unknown status carries no risk flag.
    [plain] = [p for p in entities(rows) if p.schema.name == "Person"]
    assert plain.get("topics") == []


def test_the_index_carries_the_new_status(store: Store, tmp_path: Path) -> None:
    _store_appealed(store)
    index = Fts5Index(tmp_path / "index.db")
    try:
        sync_outbox(store, index)
        hits = index.search(SearchQuery(status="appealed"))
        assert [h.statuses for h in hits] == [["appealed"]]
    finally:
        index.close()


@pytest.mark.parametrize("status", ["appealed", "", "CONVICTED", "convicted ", "guilty"])
def test_an_unknown_status_is_never_labelled_convicted(status: str) -> None:
    assert status not in LEGAL_STATUSES
    assert LEGAL_STATUSES.outcome(status) is Outcome.ALLEGED
    assert LEGAL_STATUSES.is_alleged(status)
    assert LEGAL_STATUSES.ftm_topic(status) is None
    assert LEGAL_STATUSES.sort_rank(status) < min(r.rank for r in LEGAL_STATUSES)
    assert LEGAL_STATUSES.label(status) == status
