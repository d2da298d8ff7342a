"""Merges that help and protect (issue 13): co-defendants are never merged, a merge across
countries, birth years or a "not the same" judgement needs confirming, judgements are kept and
read through merges, and duplicate suggestions use the screening matcher and respect them. On
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from tests.review_ui.person_factory import person_of, report
from tipwatch.screening.duplicates import suggest_duplicates
from tipwatch.store.db import Store
from tipwatch.store.models import AuditRow, PerpetratorRow, PersonRow
from tipwatch.store.person_judgements import NOT_SAME, judge, judged
from tipwatch.store.persons import MergeNeedsConfirmation, PersonError, merge_persons


def _case(store: Store, n: int, text: str, names: list[str], country: str = "IN") -> str:
    return report(
        store,
        url=f"https://news.example/{n}",
        text=text,
        names=[(name, "charged") for name in names],
        day=date(2025, 3, n),
        country=country,
    )


def _merged_into(store: Store, person_id: str) -> str | None:
    with store.session() as s:
        return s.get_one(PersonRow, person_id).merged_into


def test_two_people_named_in_one_article_are_never_merged(store: Store) -> None:
    case = _case(
        store,
        1,
        "Police charged Kwame Mensah and Kofi Mensah.",
        ["Kwame Mensah", "Kofi Mensah"],
        "GH",
    )
    kwame, kofi = person_of(store, case, "Kwame Mensah"), person_of(store, case, "Kofi Mensah")
    with store.session() as s, pytest.raises(PersonError, match="same article"):
        merge_persons(s, kwame, kofi, user="ana", reason="same family name", confirmed=True)
    assert _merged_into(store, kofi) is None
    with store.session() as s:
        # and never suggested as duplicates of each other
        assert [d.person_id for d in suggest_duplicates(s, kwame, floor=0.0)] == []


def test_other_country_or_birth_year_needs_confirming(store: Store) -> None:
    ghana = _case(store, 2, "Accra police charged Kwame Mensah.", ["Kwame Mensah"], "GH")
    nigeria = _case(store, 3, "Lagos police charged Kwame Mensa.", ["Kwame Mensa"], "NG")
    gh, ng = person_of(store, ghana, "Kwame Mensah"), person_of(store, nigeria, "Kwame Mensa")
    with store.session() as s, pytest.raises(MergeNeedsConfirmation) as refused:
        merge_persons(s, gh, ng, user="ana", reason="looks alike")
    assert refused.value.conflicts == ["different countries (GH, NG)"]
    assert _merged_into(store, ng) is None
    with store.session() as s:
        merge_persons(s, gh, ng, user="ana", reason="same passport in both", confirmed=True)
    assert _merged_into(store, ng) == gh
    with store.session() as s:
        audit = s.scalars(select(AuditRow).where(AuditRow.action == "merge")).one()
        assert audit.after["confirmed_conflicts"] == ["different countries (GH, NG)"]

    older = _case(store, 4, "Police charged Ramesh Kumar, 30.", ["Ramesh Kumar"])
    younger = _case(store, 5, "Police charged Ramesh Kumaar, 52.", ["Ramesh Kumaar"])
    a, b = person_of(store, older, "Ramesh Kumar"), person_of(store, younger, "Ramesh Kumaar")
    with store.session() as s:
        s.execute(update(PerpetratorRow).where(PerpetratorRow.person_id == a).values(age=30))
        s.execute(update(PerpetratorRow).where(PerpetratorRow.person_id == b).values(age=52))
    with store.session() as s, pytest.raises(MergeNeedsConfirmation) as refused:
        merge_persons(s, a, b, user="ana", reason="spelling")
    assert refused.value.conflicts == [
        "ages that put their births apart (born about 1995 and 1973)"
    ]


def test_not_the_same_is_kept_and_respected(store: Store) -> None:
    first = _case(store, 6, "Police charged Ramesh Kumar in Pune.", ["Ramesh Kumar"])
    second = _case(store, 7, "Police charged Rmesh Kumaar in Pune.", ["Rmesh Kumaar"])
    third = _case(store, 8, "Police charged Ramesh Kumarr in Pune.", ["Ramesh Kumarr"])
    a = person_of(store, first, "Ramesh Kumar")
    b = person_of(store, second, "Rmesh Kumaar")
    c = person_of(store, third, "Ramesh Kumarr")
    with store.session() as s:
        found = {d.person_id: d for d in suggest_duplicates(s, a)}
    assert set(found) == {b, c}
    assert all(d.score >= 0.75 and d.conflicts == [] for d in found.values())

    with store.session() as s:
        judge(s, a, b, judgement=NOT_SAME, user="ana", reason="different fathers' names")
    with store.session() as s:
        assert [d.person_id for d in suggest_duplicates(s, a)] == [c]
        assert [d.person_id for d in suggest_duplicates(s, b)] == [c]
        # a merge against the judgement needs confirming
        with pytest.raises(MergeNeedsConfirmation, match="judged them not the same"):
            merge_persons(s, a, b, user="bo", reason="spelling")
    # the judgement holds through a later merge: c merged into a is still not b
    with store.session() as s:
        merge_persons(s, a, c, user="ana", reason="one spelling more")
    with store.session() as s:
        assert judged(s, a) == {b: NOT_SAME}
        assert suggest_duplicates(s, a) == []
        audit = s.scalars(select(AuditRow).where(AuditRow.action == "judge_not_same")).one()
        assert audit.reason == "different fathers' names" and audit.after["other"] == b
