"""Pure helpers that turn store rows into what the templates show.

Everything that becomes markup here is built from escaped text: `highlight` escapes each text
segment and only adds its own `<mark>` tags around them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from sqlalchemy.orm import object_session

from tipwatch.domain.legal_status import LEGAL_STATUSES, Outcome
from tipwatch.store.models import PerpetratorRow
from tipwatch.store.persons import Hidden, hidden_in_case

# Shown to non-admins in place of a suppressed person's name.
SUPPRESSED_NAME = "[suppressed person]"


def alleged_phrase() -> str:
    """The statuses that are allegations, from the legal-status table, as the UI's footer and
    case page say them: "Wanted, arrested or charged"."""
    return LEGAL_STATUSES.alleged_phrase("or")


def safe_href(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL with a host, else None (shown as text only)."""
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ord(ch) < 33 for ch in url):
        return None
    return url


@dataclass(frozen=True)
class StatusView:
    """A legal status shown as a fact: the stage, whether it is an allegation, date and source.

    `kind` (the outcome: alleged, convicted or not_convicted) and `note` come from the one
    legal-status table (`tipwatch.domain.legal_status.LEGAL_STATUSES`); templates read them
    from here and hold no list of statuses of their own."""

    status: str
    kind: str  # an Outcome value: alleged | convicted | not_convicted
    note: str
    status_date: date | None
    source_url: str
    source_href: str | None

    @property
    def alleged(self) -> bool:
        return self.kind == Outcome.ALLEGED


class ReportedStatus(Protocol):
    """A status as one source reported it: a perpetrator row or a person's mention."""

    @property
    def status(self) -> str: ...
    @property
    def status_date(self) -> date | None: ...
    @property
    def source_url(self) -> str: ...


def status_view(p: ReportedStatus) -> StatusView:
    """The view of a reported status; a status the table does not know reads as alleged."""
    return StatusView(
        status=p.status,
        kind=LEGAL_STATUSES.outcome(p.status).value,
        note=LEGAL_STATUSES.note(p.status),
        status_date=p.status_date,
        source_url=p.source_url,
        source_href=safe_href(p.source_url),
    )


@dataclass(frozen=True)
class Concealment:
    """What one user may not see of one case: the names of suppressed persons. Admins see
    them (marked suppressed); everyone else sees `SUPPRESSED_NAME` and masked text."""

    hidden: Hidden = field(default_factory=Hidden)
    reveal: bool = False

    @property
    def active(self) -> bool:
        return bool(self.hidden) and not self.reveal

    def text(self, text: str | None) -> str | None:
        return self.hidden.mask(text) if text and self.active else text

    def snapshot(self, data: dict[str, Any]) -> dict[str, Any]:
        """A case snapshot (`case_snapshot`, `machine_snapshot`, an edit) with hidden names
        replaced."""
        if not self.active:
            return data
        perps = [
            {**p, "name": SUPPRESSED_NAME} if self.hidden.hides_name(str(p.get("name"))) else p
            for p in data.get("perpetrators") or []
        ]
        return {**data, "perpetrators": perps}


def concealment(rows: Sequence[PerpetratorRow], *, reveal: bool) -> Concealment:
    """The concealment for a case's perpetrator rows (loaded in a session)."""
    session = object_session(rows[0]) if rows else None
    if session is None:
        return Concealment(reveal=reveal)
    return Concealment(hidden=hidden_in_case(session, rows), reveal=reveal)


@dataclass(frozen=True)
class PerpetratorView:
    index: int
    name: str
    nationality: str | None
    age: int | None
    status: StatusView
    evidence: list[tuple[int, int]]
    person_id: str | None = None  # None: no link (unresolved, or hidden from this user)
    suppressed: bool = False
    # where the status date comes from: "text" (with the stated date's span) or "publication";
    # None on rows stored before status dates were read from the text
    status_date_source: str | None = None
    status_date_evidence: tuple[int, int] | None = None


def perpetrator_views(
    rows: Sequence[PerpetratorRow], conceal: Concealment | None = None
) -> list[PerpetratorView]:
    """Views of a case's perpetrators; without `conceal`, suppressed persons are concealed."""
    if conceal is None:
        conceal = concealment(rows, reveal=False)
    views = []
    for i, p in enumerate(rows, start=1):
        suppressed = conceal.hidden.hides(p)
        hide = suppressed and not conceal.reveal
        views.append(
            PerpetratorView(
                index=i,
                name=SUPPRESSED_NAME if hide else p.name,
                nationality=None if hide else p.nationality,
                age=None if hide else p.age,
                status=status_view(p),
                evidence=spans_of(p.evidence),
                person_id=None if hide else p.person_id,
                suppressed=suppressed,
                status_date_source=p.status_date_source,
                status_date_evidence=next(iter(spans_of([p.status_date_evidence])), None)
                if p.status_date_evidence
                else None,
            )
        )
    return views


def spans_of(raw: object) -> list[tuple[int, int]]:
    """Evidence spans as stored (JSON lists); malformed entries are dropped."""
    out: list[tuple[int, int]] = []
    if not isinstance(raw, list):
        return out
    for item in raw:
        if (
            isinstance(item, list | tuple)
            and len(item) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) for x in item)
        ):
            out.append((item[0], item[1]))
    return out


@dataclass(frozen=True)
class Evidence:
    """The evidence of one extracted field in the article text: `key` names it on the page
    (`p1` the first perpetrator, `c2` the second charge, `j` the jurisdiction), `kind` is
    perpetrator, charge or jurisdiction, `label` is shown as the mark's title."""

    key: str
    kind: str
    label: str
    spans: Sequence[tuple[int, int]]


def highlight(text: str, items: Sequence[Evidence]) -> Markup:
    """The text, escaped, with each evidence span wrapped in `<mark>`.

    Only the spans of `items` are marked. Spans are clamped to the text; empty ones are
    ignored. Where spans overlap, the text is cut at every span boundary and each piece is
    marked with all the items covering it, so marks never nest and every mark holds exactly the
    characters of its spans. Each mark says which items it is evidence of (`data-ev`, their
    keys; `ev-<kind>` classes) and where it is in the text (`data-start`, `data-end`: character
    offsets), so the page's script can scroll to a field's evidence.
    """
    n = len(text)
    cover: list[tuple[int, int, Evidence]] = []
    for item in items:
        for start, end in item.spans:
            s, e = max(0, start), min(n, end)
            if s < e:
                cover.append((s, e, item))
    if not cover:
        return Markup(escape(text))
    cuts = sorted({0, n, *(s for s, _, _ in cover), *(e for _, e, _ in cover)})
    # Pieces between consecutive cuts; neighbours with the same items are joined again.
    pieces: list[tuple[int, int, tuple[Evidence, ...]]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        found = {item.key: item for s, e, item in cover if s <= a and b <= e}
        covering = tuple(found[k] for k in sorted(found))
        if pieces and [i.key for i in pieces[-1][2]] == [i.key for i in covering]:
            pieces[-1] = (pieces[-1][0], b, covering)
        else:
            pieces.append((a, b, covering))
    parts: list[str] = []
    for a, b, covering in pieces:
        segment = escape(text[a:b])
        if covering:
            kinds = " ".join(f"ev-{k}" for k in sorted({i.kind for i in covering}))
            title = escape("Evidence for: " + "; ".join(i.label for i in covering))
            keys = escape(" ".join(i.key for i in covering))
            parts.append(
                f'<mark class="evidence {escape(kinds)}" title="{title}" data-ev="{keys}" '
                f'data-start="{a}" data-end="{b}">{segment}</mark>'
            )
        else:
            parts.append(str(segment))
    return Markup("".join(parts))
