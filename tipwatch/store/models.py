"""Tables of the store of record (SQLAlchemy 2). Schema changes go through Alembic migrations."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from tipwatch.domain.review_state import ReviewFlag, ReviewState, parse_flags


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class SourceRow(Base):
    """An outlet as its YAML file defined it at the last run (coverage metrics read this)."""

    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(2), index=True)
    languages: Mapped[list[Any]] = mapped_column(JSON)
    homepage: Mapped[str] = mapped_column(Text)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # An outlet outside the registry whose pages came in through `ingest-warc` (migration 0020):
    # kept under its registrable `domain`, counted apart in coverage until an operator adopts it
    # (`tipwatch sources adopt`). `country` is then inferred (UNKNOWN_COUNTRY when no clue was
    # found), `country_method` says how (`tipwatch.crawlers.page_country.METHODS`) and
    # `country_evidence` from what text; `languages` are those detected in its articles.
    provisional: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false(), index=True
    )
    domain: Mapped[str | None] = mapped_column(String(253), index=True, unique=True)
    country_method: Mapped[str | None] = mapped_column(String(40))
    country_evidence: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CrawlRunRow(Base):
    """One crawl of one or more sources, with what it fetched and skipped."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    source_ids: Mapped[list[Any]] = mapped_column(JSON)
    warc_path: Mapped[str | None] = mapped_column(Text)
    pages_fetched: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="running")


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    canonical_url: Mapped[str] = mapped_column(Text, unique=True)
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    publish_date: Mapped[date | None] = mapped_column(Date, index=True)
    language: Mapped[str | None] = mapped_column(String(12))
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    country_of_publication: Mapped[str | None] = mapped_column(String(2), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    warc_path: Mapped[str | None] = mapped_column(Text)
    # Byte offset of the stored version's record in `warc_path` (migration 0011; older rows: None
    # when the URL ledger did not know it).
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)
    # 64-bit SimHash of the text as 16 hex digits, for near-duplicate (syndicated copy) detection.
    simhash: Mapped[str | None] = mapped_column(String(16))
    # MinHash signature of the story body (128 x 32-bit, hex), the near-duplicate fingerprint since
    # migration 0009; its LSH band keys are in `article_lsh_bands` (see tipwatch.store.dedupe).
    minhash: Mapped[str | None] = mapped_column(Text)
    # Article id of the first-seen member of this article's near-duplicate cluster (itself when
    # it is the first). Coverage metrics count a cluster once: syndicated copies are not
    # independent reports.
    cluster_id: Mapped[str | None] = mapped_column(String(32), index=True)
    # Set when an admin took the article down (text blanked, cases removed; see tombstones).
    suppressed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    extractions: Mapped[list[ExtractionRow]] = relationship(back_populates="article")

    # Articles fingerprinted before MinHash (migration 0009): only SimHash compares them, and
    # this partial index keeps that lookup from scanning every article (migration 0012).
    __table_args__ = (
        Index(
            "ix_articles_legacy_simhash",
            "simhash",
            sqlite_where=sql_text("minhash IS NULL AND simhash IS NOT NULL"),
            postgresql_where=sql_text("minhash IS NULL AND simhash IS NOT NULL"),
        ),
    )


class ArticleVersionRow(Base):
    """An earlier version of an article that a re-fetch of its URL replaced (C23). The text is not
    kept here: it stays readable in its WARC record (`warc_path` at `warc_offset`); the content
    hash says which extraction (`extractions.content_hash`) was made from it."""

    __tablename__ = "article_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    warc_path: Mapped[str | None] = mapped_column(Text)
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    superseded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Content hash of the version that replaced it.
    superseded_by: Mapped[str] = mapped_column(String(64))
    # The machine's extractions of this version as they were when it was superseded (id,
    # extractor version, is_case, case_score, skipped, payload): a review based on it can be
    # traced after the extraction row shows the new text.
    extractions: Mapped[list[Any]] = mapped_column(JSON, default=list)


class ArticleBandRow(Base):
    """One LSH band key of an article's MinHash: articles sharing a key are near-duplicate
    candidates (indexed, so candidate lookup is one indexed IN query on SQLite and PostgreSQL)."""

    __tablename__ = "article_lsh_bands"

    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    band_key: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)


class UrlRow(Base):
    """The URL ledger: every discovered URL and the one state it is in.

    States: pending (to fetch; `retry_at` when deferred), fetched (response archived in WARC, not
    yet processed), stored (an article row exists: `article_id`), duplicate_of (same content as
    `duplicate_of`), skipped (`reason`), failed (`reason` and `detail`, permanent).
    """

    __tablename__ = "urls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url_key: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the normalised URL
    url: Mapped[str] = mapped_column(Text)
    source_id: Mapped[str | None] = mapped_column(String(100), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str | None] = mapped_column(String(80))
    detail: Mapped[str | None] = mapped_column(Text)
    retry_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    warc_path: Mapped[str | None] = mapped_column(Text)
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)
    article_id: Mapped[str | None] = mapped_column(String(32))
    duplicate_of: Mapped[str | None] = mapped_column(String(32))
    # When the response was archived (set by `fetched`; kept while stored): a feed or sitemap
    # date later than this sends a stored URL back to pending for an update (migration 0011).
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    discovered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SkipRow(Base):
    """A named, counted skip: a page or article a stage could not or would not process."""

    __tablename__ = "skips"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    stage: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(80), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[str | None] = mapped_column(String(100), index=True)
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ExtractionRow(Base):
    """The machine's original extraction, kept as produced (reviewers never edit this row)."""

    __tablename__ = "extractions"
    __table_args__ = (UniqueConstraint("article_id", "extractor_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    extractor_version: Mapped[str] = mapped_column(String(40))
    # Content hash of the article text the extraction was made from (migration 0011). When an
    # updated article's new text replaces it, the extraction of the earlier text is kept in
    # `article_versions.extractions`.
    content_hash: Mapped[str | None] = mapped_column(String(64))
    is_case: Mapped[bool] = mapped_column(Boolean)
    case_score: Mapped[float] = mapped_column(Float)
    skipped: Mapped[str | None] = mapped_column(String(80))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    article: Mapped[ArticleRow] = relationship(back_populates="extractions")


class CaseRow(Base):
    """One article's report of a case, with its review state."""

    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), unique=True)
    extraction_id: Mapped[int] = mapped_column(ForeignKey("extractions.id"))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    admin1: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(200))
    court_or_agency: Mapped[list[Any]] = mapped_column(JSON, default=list)
    charge_categories: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # The charges with their statute and evidence spans (migration 0021): a list of
    # `tipwatch.store.charges.CaseCharge` as JSON, the machine's or the reviewer's.
    charges: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default=sql_text("'[]'"))
    case_score: Mapped[float] = mapped_column(Float)
    victims_count: Mapped[int | None] = mapped_column(Integer)
    review_status: Mapped[str] = mapped_column(
        String(20), default=ReviewState.PENDING.value, index=True
    )
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_reason: Mapped[str | None] = mapped_column(Text)
    # Why the machine holds the case for an analyst (`ReviewFlag` values, space-separated; null
    # when none): a pending case with a flag is not shown as a case until an analyst accepts it
    # (`tipwatch.store.visibility.case_not_held`). Reasons only, never a name.
    review_flags: Mapped[str | None] = mapped_column(String(200))
    # Set when an analyst sent an article the machine did not take for a case to the review
    # queue (migration 0019): a re-run of the NLP that still finds no case leaves it alone.
    promoted_by: Mapped[str | None] = mapped_column(String(100))
    promoted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A syndicated copy's case: the case of its near-duplicate cluster it is grouped under (the
    # first-seen one), and how (`tipwatch.store.syndication.CopyState`: grouped, differs,
    # separate). Null on a primary or unclustered case (migration 0022).
    copy_of: Mapped[str | None] = mapped_column(String(32), index=True)
    copy_state: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    article: Mapped[ArticleRow] = relationship()
    perpetrators: Mapped[list[PerpetratorRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="PerpetratorRow.id"
    )

    @property
    def flags(self) -> list[ReviewFlag]:
        return parse_flags(self.review_flags)

    @property
    def held(self) -> bool:
        """Pending with a review flag: waiting for an analyst, not shown as a case."""
        return bool(self.flags) and self.review_status == ReviewState.PENDING.value


class PerpetratorRow(Base):
    """A person in a case with the latest legal status the article reports, dated and sourced."""

    __tablename__ = "perpetrators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    status: Mapped[str] = mapped_column(String(20))
    status_date: Mapped[date | None] = mapped_column(Date)
    # Where the status date comes from (`tipwatch.domain.status_date.DateSource`): "text" (a
    # date the sentence giving the status states, resolved against the publication date, its
    # span in `status_date_evidence`) or "publication" (the article's date). Null on rows stored
    # before migration 0022 (their date is the publication date).
    status_date_source: Mapped[str | None] = mapped_column(String(20))
    status_date_evidence: Mapped[list[Any] | None] = mapped_column(JSON)
    source_url: Mapped[str] = mapped_column(Text)
    nationality: Mapped[str | None] = mapped_column(String(2))
    age: Mapped[int | None] = mapped_column(Integer)
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # The person this mention was resolved to (tipwatch.store.persons); rows are re-created on
    # every re-extraction or edit, so the link is re-resolved each time (pins keep splits).
    person_id: Mapped[str | None] = mapped_column(ForeignKey("persons.id"), index=True)

    case: Mapped[CaseRow] = relationship(back_populates="perpetrators")


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # A disabled account cannot log in; its row stays (the audit log names it).
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SavedSearchRow(Base):
    """A search an analyst saved (its checked parameters), with when they last opened it: the
    search page counts the documents indexed since then (migration 0019)."""

    __tablename__ = "saved_searches"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_visit_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UiSessionRow(Base):
    """A logged-in review UI session. The signed cookie carries a random session id; only its
    sha256 is stored. Logout sets `revoked_at`; a password or role reset revokes all of a user's
    sessions; a cookie whose row is missing, revoked or expired is worth nothing."""

    __tablename__ = "ui_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoginFailureRow(Base):
    """One failed (or not yet verified) review UI login, for the sliding-window brute-force limit.

    `account_key` is a keyed hash of the user name as typed (a password typed into the name field
    is never stored, and an unknown name counts like a known one); `address` is the client
    address. Rows older than the window are pruned; a successful login deletes its account's rows.
    """

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    account_key: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)


class OutboxRow(Base):
    """Index writes, committed in the same transaction as the record they describe."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "synced_at", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_type: Mapped[str] = mapped_column(String(40))
    doc_id: Mapped[str] = mapped_column(String(100))
    op: Mapped[str] = mapped_column(String(10))  # upsert | delete
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    synced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Set when the engine refused the document for good (a 4xx other than 429): the row leaves
    # the queue with the engine's reason in `last_error`, for an operator to look at.
    quarantined_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CaseEditRow(Base):
    """A reviewer's version of a case (perpetrators, charge categories, jurisdiction).

    The machine's `ExtractionRow` stays as produced; the latest edit is what the case shows, and
    a re-run of the NLP never overwrites a case that has one. `extraction_id` is the machine
    extraction the reviewer looked at when editing.
    """

    __tablename__ = "case_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    extraction_id: Mapped[int | None] = mapped_column(ForeignKey("extractions.id"))
    edited: Mapped[dict[str, Any]] = mapped_column(JSON)
    edited_by: Mapped[str] = mapped_column(String(100))
    edited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)


class AuditRow(Base):
    """Append-only audit log: each row's `hash` is the sha256 of its content and `prev_hash`
    (the previous row's hash), so an edited or deleted row breaks the chain. `prev_hash` is
    unique: two writers can never fork the chain."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(100), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHeadRow(Base):
    """The head of the audit log, one row (`id` 1), moved in the transaction of every append:
    how many rows the log has, the last one's id and hash, and an HMAC over them with a key
    that lives outside the database (`tipwatch.store.audit`). A DELETE of the newest audit
    rows leaves the head pointing past them; rewriting the head needs the key."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    row_count: Mapped[int] = mapped_column(BigInteger)
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))


class PersonRow(Base):
    """A person across articles: the mentions (`PerpetratorRow.person_id`) resolved to them.

    A merged person keeps its row with `merged_into` set (followed when resolving). A suppressed
    person (correction or takedown) is hidden from the UI's lists, the index, exports and
    screening; the suppression survives re-extraction and re-crawls because new mentions resolve
    to the same person through `person_names`.
    """

    __tablename__ = "persons"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    merged_into: Mapped[str | None] = mapped_column(ForeignKey("persons.id"), index=True)
    suppressed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    suppressed_by: Mapped[str | None] = mapped_column(String(100))
    suppressed_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PersonNameRow(Base):
    """A normalised name key (within a country, '' when unknown) that resolves to a person."""

    __tablename__ = "person_names"
    __table_args__ = (UniqueConstraint("name_key", "country"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    country: Mapped[str] = mapped_column(String(2), default="")
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)


class PersonJudgementRow(Base):
    """A reviewer's judgement that two persons are not the same person (`not_same`) or that it
    cannot be told (`unsure`); `person_a` < `person_b`. Duplicate suggestions leave a
    `not_same` pair out, and a merge against it needs the conflict confirmed. A merge is the
    positive judgement (in the audit log)."""

    __tablename__ = "person_judgements"
    __table_args__ = (UniqueConstraint("person_a", "person_b"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_a: Mapped[str] = mapped_column(String(32), index=True)
    person_b: Mapped[str] = mapped_column(String(32), index=True)
    judgement: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PersonPinRow(Base):
    """A reviewer's decision that the name `name_key` in case `case_id` is `person_id` (a split
    or an explicit assignment). Consulted before `person_names`, so re-extraction keeps it."""

    __tablename__ = "person_pins"
    __table_args__ = (UniqueConstraint("case_id", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(String(32), index=True)
    name_key: Mapped[str] = mapped_column(String(300))
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TombstoneRow(Base):
    """A takedown that later crawls must respect: `kind` is `article` (matched on
    `match_key` = canonical URL key or content hash) or `person` (matched on the person id).
    Lifting a tombstone sets `lifted_at`; rows are never deleted."""

    __tablename__ = "tombstones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    match_key: Mapped[str] = mapped_column(String(128), index=True)
    object_id: Mapped[str] = mapped_column(String(100), index=True)
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    lifted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lifted_by: Mapped[str | None] = mapped_column(String(100))


class NameKeyPendingRow(Base):
    """A person whose screening keys wait to be recomputed. A pipeline run defers the key rule
    (rigour's name tagger: ~400 MB and ~7 s to load) while its worker processes run, and
    recomputes the keys of every person listed here when they have exited, in the run's own
    last step (`tipwatch.store.name_keys.refresh_pending`; issue 15). A run killed before then
    leaves the rows for the next run."""

    __tablename__ = "name_keys_pending"

    person_id: Mapped[str] = mapped_column(String(32), primary_key=True)


KEY_CHARS = 120


class NameKeyRow(Base):
    """Blocking keys for screening (`tipwatch.domain.names.blocking_keys`): a subject is a
    tipwatch person (`subject_type` 'person', id = persons.id) or an imported entity ('entity',
    id = external_entities.id). Keys are a superset: screening re-reads the subject's current
    names and status from the store before scoring, so a stale key can cost time, never a
    wrong answer."""

    __tablename__ = "name_keys"
    __table_args__ = (
        UniqueConstraint("subject_type", "subject_id", "key"),
        # Screening reads subjects by key from this index alone (migration 0018).
        Index("ix_name_keys_key_subject", "key", "subject_type", "subject_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(KEY_CHARS))
    subject_type: Mapped[str] = mapped_column(String(10))
    subject_id: Mapped[str] = mapped_column(String(200))


class DatasetRow(Base):
    """An imported list (e.g. FollowTheMoney entities from OpenSanctions), kept apart from
    tipwatch's news-derived persons and named in every screening hit."""

    __tablename__ = "datasets"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    entity_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Raised by `tipwatch db rekey` once every entity's keys are recomputed: key postings made
    # from older keys are not used (`tipwatch.screening.postings`).
    keys_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ExternalEntityRow(Base):
    """A FollowTheMoney Person from an imported dataset, as given (properties kept whole)."""

    __tablename__ = "external_entities"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)  # "<dataset>:<entity id>"
    dataset: Mapped[str] = mapped_column(ForeignKey("datasets.name"), index=True)
    entity_id: Mapped[str] = mapped_column(String(200))
    schema: Mapped[str] = mapped_column(String(40))
    caption: Mapped[str] = mapped_column(String(500))
    names: Mapped[list[Any]] = mapped_column(JSON, default=list)
    countries: Mapped[list[Any]] = mapped_column(JSON, default=list)
    birth_dates: Mapped[list[Any]] = mapped_column(JSON, default=list)
    topics: Mapped[list[Any]] = mapped_column(JSON, default=list)
    properties: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The names' analysis for screening ({"v": version, "names": {name: tokens}}; see
    # tipwatch.domain.names.analysis_record): none, or another version, and screening analyses
    # the names itself.
    analysis: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class ApiKeyRow(Base):
    """A screening API key: only its sha256 is stored; `rate_per_minute` is its own limit."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    rate_per_minute: Mapped[int] = mapped_column(Integer, default=60)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
