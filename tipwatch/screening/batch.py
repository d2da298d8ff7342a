"""Screening a provider's client list: a CSV in, a CSV of ranked hits out
(`tipwatch screen --file clients.csv`).

In: a header row with `name` (required) and any of `country` (ISO alpha-2), `birth_year`, and a
client reference (`id`, `ref` or `client_ref`). Out: one row per hit, best first per client
(`rank` 1, 2, ...), with the match verdict, the score, the dataset, the latest status with its
outcome, date and source, and whether an analyst reviewed it; a client with no hit gets one
row saying so, and a row that cannot be screened (no name, a bad country or year) gets one row
saying why: no client is dropped without a line. Cells that start like a formula are
neutralised as in every tipwatch CSV.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from pydantic import ValidationError
from sqlalchemy.orm import Session

from tipwatch.exports.tabular import neutralise
from tipwatch.screening.names import MATCH_THRESHOLD
from tipwatch.screening.service import ScreeningQuery, screen

FIELDS = [
    "client_ref",
    "query_name",
    "rank",
    "match",
    "score",
    "dataset",
    "subject_id",
    "caption",
    "matched_name",
    "latest_status",
    "outcome",
    "status_date",
    "source_url",
    "reviewed",
    "note",
]
_REF_COLUMNS = ("client_ref", "ref", "id")
MAX_ROWS = 100_000


class BatchError(ValueError):
    """The file cannot be read as a client list at all (no header with `name`, too many rows)."""


@dataclass(frozen=True)
class ClientRow:
    line: int
    ref: str
    name: str
    query: ScreeningQuery | None
    problem: str | None = None


def read_clients(
    fh: TextIO,
    *,
    limit: int = 3,
    threshold: float = MATCH_THRESHOLD,
    cutoff: float = 0.5,
    include_unreviewed: bool = False,
) -> list[ClientRow]:
    """The client list's rows, each with its query or the reason it cannot be screened."""
    reader = csv.DictReader(fh)
    columns = {c.strip().lower(): c for c in (reader.fieldnames or []) if c}
    if "name" not in columns:
        raise BatchError("the CSV needs a header row with a `name` column")
    ref_column = next((columns[c] for c in _REF_COLUMNS if c in columns), None)
    out: list[ClientRow] = []
    for n, raw in enumerate(reader, start=2):
        if len(out) >= MAX_ROWS:
            raise BatchError(f"more than {MAX_ROWS} clients: split the file")
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        ref = (raw.get(ref_column) or "").strip() if ref_column else str(n - 1)
        name = row.get("name", "")
        year = row.get("birth_year", "")
        try:
            query = ScreeningQuery(
                name=name,
                country=row.get("country") or None,
                birth_year=int(year) if year else None,
                limit=limit,
                threshold=threshold,
                cutoff=cutoff,
                include_unreviewed=include_unreviewed,
            )
        except (ValidationError, ValueError) as exc:
            problem = _problem(exc)
            out.append(ClientRow(line=n, ref=ref, name=name, query=None, problem=problem))
            continue
        out.append(ClientRow(line=n, ref=ref, name=name, query=query))
    return out


def _problem(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        return f"{err['loc'][0] if err['loc'] else 'row'}: {err['msg']}"
    return f"birth_year: {exc}"


def screen_clients(session: Session, clients: Iterable[ClientRow]) -> Iterator[dict[str, Any]]:
    """The output rows, client by client."""
    for client in clients:
        base = {"client_ref": client.ref, "query_name": client.name}
        if client.query is None:
            yield {**base, "note": f"not screened (line {client.line}): {client.problem}"}
            continue
        result = screen(session, client.query)
        if not result.hits:
            yield {**base, "note": "no candidate"}
            continue
        for rank, hit in enumerate(result.hits, start=1):
            latest = hit.latest_status
            yield {
                **base,
                "rank": rank,
                "match": "yes" if hit.match else "no",
                "score": f"{hit.score:.3f}",
                "dataset": hit.dataset,
                "subject_id": hit.subject_id,
                "caption": hit.caption,
                "matched_name": hit.matched_name,
                "latest_status": latest.status if latest else "",
                "outcome": latest.outcome.value if latest else "",
                "status_date": latest.date.isoformat() if latest and latest.date else "",
                "source_url": latest.source_url if latest else "",
                "reviewed": "yes" if hit.reviewed else "no",
                "note": hit.label or "",
            }


def write_rows(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write the rows as CSV (formula-like cells neutralised); returns how many."""
    writer = csv.DictWriter(out, fieldnames=FIELDS, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: neutralise(str(row.get(k, ""))) for k in FIELDS})
        n += 1
    return n
