"""Charges with their statute on cases (migration 0021): the machine's charges are stored as
extracted, a reviewer's edit replaces them, and the migration fills them from stored extraction
payloads (the charges of an edited case only where the reviewer kept their category)."""

from __future__ import annotations

from datetime import date

from alembic import command

from tipwatch.records import (
    Article,
    ChargeCategory,
    ChargeMention,
    Extraction,
    Jurisdiction,
    LegalStatus,
    PerpetratorMention,
    content_hash,
)
from tipwatch.store.db import Store, alembic_config, migrate
from tipwatch.store.models import CaseRow
from tipwatch.store.repository import save_article, save_extraction
from tipwatch.store.review import edit_case

TEXT = (
    "Ravi Kumar was charged under the Immoral Traffic (Prevention) Act and section 370 IPC, "
    "which deals with trafficking of minors, and under POCSO."
)


def _span(part: str) -> list[tuple[int, int]]:
    start = TEXT.index(part)
    return [(start, start + len(part))]


def _save(store: Store, n: int) -> str:
    url = f"https://in-a.example/{n}"
    article = Article(
        canonical_url=url,
        url=url,
        title="t",
        text=TEXT,
        publish_date=date(2024, 5, 6),
        language="en",
        source_id="in-a",
        country_of_publication="IN",
        content_hash=content_hash(TEXT),
    )
    extraction = Extraction(
        source=url,
        language="en",
        is_case=True,
        case_score=0.9,
        perpetrators=[
            PerpetratorMention(
                name="Ravi Kumar", status=LegalStatus.CHARGED, evidence=_span("Ravi Kumar")
            )
        ],
        charges=[
            ChargeMention(
                text="Immoral Traffic (Prevention) Act",
                category=ChargeCategory.SEX_TRAFFICKING,
                statute="ITPA",
                evidence=_span("Immoral Traffic (Prevention) Act"),
            ),
            ChargeMention(
                text="section 370 IPC",
                category=ChargeCategory.CHILD_TRAFFICKING,
                statute="IPC 370",
                evidence=_span("section 370 IPC"),
            ),
            ChargeMention(
                text="POCSO",
                category=ChargeCategory.OTHER,
                statute="POCSO",
                evidence=_span("POCSO"),
            ),
        ],
        jurisdiction=Jurisdiction(country="IN"),
    )
    with store.session() as s:
        row, _ = save_article(s, article, extraction)
        case_id = save_extraction(s, row, extraction)
    assert case_id is not None
    return case_id


MACHINE = [
    {
        "category": "sex_trafficking",
        "statute": "ITPA",
        "evidence": [list(_span("Immoral Traffic (Prevention) Act")[0])],
    },
    {
        "category": "child_trafficking",
        "statute": "IPC 370",
        "evidence": [list(_span("section 370 IPC")[0])],
    },
    {"category": "other", "statute": "POCSO", "evidence": [list(_span("POCSO")[0])]},
]


def test_machine_charges_are_stored_with_statute_and_evidence(store: Store) -> None:
    case_id = _save(store, 1)
    with store.session() as s:
        case = s.get_one(CaseRow, case_id)
        assert case.charges == MACHINE
        # `other` is a charge (its statute counts) but never a case category
        assert case.charge_categories == ["child_trafficking", "sex_trafficking"]


def test_migration_fills_charges_from_stored_extractions(store: Store) -> None:
    machine_case = _save(store, 1)
    edited_case = _save(store, 2)
    with store.session() as s:
        edit_case(
            s,
            edited_case,
            {
                "perpetrators": [{"name": "Ravi Kumar", "status": "charged"}],
                "charge_categories": ["sex_trafficking"],
                "charges": [{"category": "sex_trafficking", "statute": "ITPA"}],
            },
            user="rita",
        )
    command.downgrade(alembic_config(store.url), "0018")
    migrate(store.url)
    with store.session() as s:
        assert s.get_one(CaseRow, machine_case).charges == MACHINE
        # the reviewer dropped child_trafficking: its charge is not brought back
        assert s.get_one(CaseRow, edited_case).charges == [MACHINE[0], MACHINE[2]]
