"""The one "visible case" rule, as SQLAlchemy clauses every query of shown data uses.

A case is visible when it is not rejected, not held for review (a pending case with a review
flag, e.g. `dual_role`) and its article was not taken down (`ArticleRow.suppressed_at` is null: a
takedown deletes the case too, so the article clause is a safety net). A mention of a person is
visible when, in addition, the person is not suppressed. The review queue, person pages, exports,
screening, coverage metrics and the dashboard read these clauses instead of writing the rule
again.

The clauses name `CaseRow`, `ArticleRow` and `PersonRow`: the query must join them
(`join_article` / `join_person` do it), or pass aliases.
"""

from __future__ import annotations

from typing import TypeVarTuple

from sqlalchemy import ColumnElement, Select, and_, or_
from sqlalchemy.orm.util import AliasedClass

from tipwatch.domain.review_state import ReviewState
from tipwatch.store.models import ArticleRow, CaseRow, PerpetratorRow, PersonRow

Ts = TypeVarTuple("Ts")

_Case = type[CaseRow] | AliasedClass[CaseRow]
_Article = type[ArticleRow] | AliasedClass[ArticleRow]
_Person = type[PersonRow] | AliasedClass[PersonRow]


def case_not_rejected(case: _Case = CaseRow) -> ColumnElement[bool]:
    """The case was not rejected by an analyst (pending or accepted)."""
    return case.review_status != ReviewState.REJECTED.value


def case_not_held(case: _Case = CaseRow) -> ColumnElement[bool]:
    """The case is not held for review: it has no review flag (`ReviewFlag`, e.g. `dual_role`),
    or an analyst has decided it. A held case is listed in the review queue with its reason and
    shown nowhere else."""
    return or_(case.review_flags.is_(None), case.review_status != ReviewState.PENDING.value)


def article_shown(article: _Article = ArticleRow) -> ColumnElement[bool]:
    """The article was not taken down."""
    return article.suppressed_at.is_(None)


def person_shown(person: _Person = PersonRow) -> ColumnElement[bool]:
    """The person is not suppressed (true for a mention not resolved to a person when the person
    table is outer-joined)."""
    return person.suppressed_at.is_(None)


def visible_case(case: _Case = CaseRow, article: _Article = ArticleRow) -> ColumnElement[bool]:
    """The case is shown as a case: not rejected, not held for review, its article not taken
    down."""
    return and_(case_not_rejected(case), case_not_held(case), article_shown(article))


def visible_mention(
    case: _Case = CaseRow, article: _Article = ArticleRow, person: _Person = PersonRow
) -> ColumnElement[bool]:
    """A perpetrator mention is shown: its case is visible and its person not suppressed."""
    return and_(visible_case(case, article), person_shown(person))


def join_article(q: Select[*Ts]) -> Select[*Ts]:
    """`q` (selecting from `CaseRow`) joined to the case's article."""
    return q.join(ArticleRow, ArticleRow.id == CaseRow.article_id)


def join_person(q: Select[*Ts]) -> Select[*Ts]:
    """`q` (selecting from `PerpetratorRow`) outer-joined to the mention's person."""
    return q.outerjoin(PersonRow, PersonRow.id == PerpetratorRow.person_id)
