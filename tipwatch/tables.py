"""Plain-text tables for the terminal (no colour codes, so output is easy to log and diff)."""

from __future__ import annotations

from collections.abc import Sequence

from tipwatch.coverage import CoverageRow
from tipwatch.domain.rates import fmt_rate


def render(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, v in enumerate(row):
            widths[i] = max(widths[i], len(v))
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    for row in cells:
        out.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))
    return "\n".join(out)


def coverage_text(rows: Sequence[CoverageRow]) -> str:
    return render(
        [
            "country",
            "sources",
            "languages",
            "articles",
            "skipped(lang)",
            "case articles",
            "cases here",
            "perpetrators",
            "case art./M pop",
            "perp./M pop",
            "provisional (outlets/art./cases)",
            "note",
        ],
        [
            [
                f"{r.country} {r.country_name}",
                r.sources,
                ",".join(r.languages),
                r.articles_fetched,
                r.skipped_unsupported_language,
                r.case_articles,
                r.cases_reported_here,
                r.perpetrators,
                fmt_rate(r.case_articles_per_million),
                fmt_rate(r.perpetrators_per_million),
                (
                    f"{r.provisional_outlets}/{r.provisional_articles}/"
                    f"{r.provisional_case_articles}"
                    if r.provisional_outlets
                    else ""
                ),
                r.note or "",
            ]
            for r in rows
        ],
    )
