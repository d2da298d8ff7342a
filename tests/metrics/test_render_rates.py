"""`tipwatch coverage` text: rates with significant digits, the report period and what it left
out, the unknown nationality share and the flagged outlets (issue 16's numbers)."""

from __future__ import annotations

from tests.review_ui.report_factory import issue16_report
from tipwatch.coverage import CoverageRow
from tipwatch.metrics.render import latest_text, report_text
from tipwatch.tables import coverage_text


def test_report_text_states_period_unknowns_and_dropped_outlets() -> None:
    report = issue16_report()
    text = report_text(report)
    assert "Report period 2026-01 to 2026-06: 250 articles dated before the period" in text
    assert "nationality unknown for 60 of 63 people (95%)" in text
    assert "- in-wire (IN): dropped: no article stored in the last 7 days" in text
    india = next(c for c in report.countries if c.country == "IN")
    # One case in June over 1,363.6 M people: 0.00073 per million, not "0.0007".
    assert latest_text(india).endswith("(0.00073 per million)")


def test_coverage_table_prints_significant_digits() -> None:
    row = CoverageRow(
        country="IN",
        country_name="India",
        population=1_352_617_328,
        sources=2,
        languages=["en"],
        articles_fetched=900,
        skipped_unsupported_language=0,
        case_articles=6,
        cases_reported_here=6,
        perpetrators=0,
        case_articles_per_million=0.0044,
        perpetrators_per_million=0.0,
        note=None,
    )
    line = coverage_text([row]).splitlines()[2]
    assert "  0.0044  " in line and line.split()[-1] == "0"
