"""Pure helpers that turn store rows into what the templates show.

Everything that becomes markup here is built from escaped text: `highlight` escapes each text
segment and only adds its own `<mark>` tags around them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from tipwatch.records import LegalStatus
from tipwatch.store.models import PerpetratorRow

# Proceedings that have not ended in a conviction: the person is presumed innocent.
ALLEGED_STATUSES = frozenset({LegalStatus.WANTED, LegalStatus.ARRESTED, LegalStatus.CHARGED})
CONVICTED_STATUSES = frozenset({LegalStatus.CONVICTED, LegalStatus.SENTENCED})
NOT_CONVICTED_STATUSES = frozenset({LegalStatus.ACQUITTED, LegalStatus.DISCHARGED})


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
    """A legal status shown as a fact: the stage, whether it is an allegation, date and source."""

    status: str
    kind: str  # alleged | convicted | not_convicted
    note: str
    status_date: date | None
    source_url: str
    source_href: str | None


def status_view(p: PerpetratorRow) -> StatusView:
    try:
        st = LegalStatus(p.status)
    except ValueError:
        st = None
    if st in CONVICTED_STATUSES:
        kind, note = "convicted", "convicted by a court, as reported"
    elif st in NOT_CONVICTED_STATUSES:
        kind, note = "not_convicted", "not convicted"
    else:
        kind, note = "alleged", "alleged: not convicted, presumed innocent"
    return StatusView(
        status=p.status,
        kind=kind,
        note=note,
        status_date=p.status_date,
        source_url=p.source_url,
        source_href=safe_href(p.source_url),
    )


@dataclass(frozen=True)
class PerpetratorView:
    index: int
    name: str
    nationality: str | None
    age: int | None
    status: StatusView
    evidence: list[tuple[int, int]]


def perpetrator_views(rows: Sequence[PerpetratorRow]) -> list[PerpetratorView]:
    return [
        PerpetratorView(
            index=i,
            name=p.name,
            nationality=p.nationality,
            age=p.age,
            status=status_view(p),
            evidence=_spans(p.evidence),
        )
        for i, p in enumerate(rows, start=1)
    ]


def _spans(raw: object) -> list[tuple[int, int]]:
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


def highlight(text: str, labelled_spans: Sequence[tuple[str, Sequence[tuple[int, int]]]]) -> Markup:
    """The text, escaped, with each evidence span wrapped in `<mark>`.

    `labelled_spans` pairs a label (e.g. the perpetrator's name, shown as the mark's title) with
    its spans. Spans are clamped to the text; empty ones are ignored. Where spans overlap, the
    text is cut at every span boundary and each piece is marked with all the labels covering it,
    so marks never nest and every mark holds exactly the characters of its spans.
    """
    n = len(text)
    cover: list[tuple[int, int, str]] = []
    for label, spans in labelled_spans:
        for start, end in spans:
            s, e = max(0, start), min(n, end)
            if s < e:
                cover.append((s, e, label))
    if not cover:
        return Markup(escape(text))
    cuts = sorted({0, n, *(s for s, _, _ in cover), *(e for _, e, _ in cover)})
    # Pieces between consecutive cuts; neighbours with the same labels are joined again.
    pieces: list[tuple[int, int, tuple[str, ...]]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        labels = tuple(sorted({label for s, e, label in cover if s <= a and b <= e}))
        if pieces and pieces[-1][2] == labels:
            pieces[-1] = (pieces[-1][0], b, labels)
        else:
            pieces.append((a, b, labels))
    parts: list[str] = []
    for a, b, labels in pieces:
        segment = escape(text[a:b])
        if labels:
            title = escape("Evidence for: " + "; ".join(labels))
            parts.append(f'<mark class="evidence" title="{title}">{segment}</mark>')
        else:
            parts.append(str(segment))
    return Markup("".join(parts))
