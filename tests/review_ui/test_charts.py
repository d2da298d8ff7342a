"""The dashboard's SVG charts, on constructed report models (no database)."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

from tests.review_ui.report_factory import (
    BACKFILL,
    IMG,
    SCRIPT,
    demo_report,
    issue16_report,
    issue16_type_months,
)
from tipwatch.domain.rates import fmt_rate
from tipwatch.metrics.estimators import chapman
from tipwatch.metrics.origin import OriginCell
from tipwatch.metrics.report import CaptureRecapture, CoverageReport
from tipwatch.review_ui import charts
from tipwatch.review_ui.dashboard import dashboard_context
from tipwatch.review_ui.render import make_templates

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """Well-formed XML (so every text was escaped) with the accessible name in place."""
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    assert root.find(SVG + "title") is not None and root.find(SVG + "desc") is not None
    for el in root.iter():
        assert el.tag.removeprefix(SVG) not in ("script", "foreignObject", "a", "image"), el.tag
        assert "style" not in el.attrib, el.attrib
        assert not [a for a in el.attrib if a.lower().startswith("on")], el.attrib
    return root


def test_ranked_bars_rank_by_rate_and_never_draw_a_zero_for_failed_monitoring() -> None:
    report = demo_report()
    rows = charts.bar_rows(report.countries)
    # Drawable first, highest rate first; then the others by name (Chad, Kenya).
    assert [r.country for r in rows] == ["GH", "NG", "TD", "KE"]
    gh, ng = rows[0], rows[1]
    assert ng.per_million is not None and math.isclose(ng.per_million, 62 / 218)
    assert gh.per_million is not None and math.isclose(gh.per_million, 14 / 33)
    by = {r.country: r for r in rows}
    assert by["KE"].status == "insufficient coverage" and not by["KE"].drawn
    assert by["KE"].shown_value == "insufficient coverage"
    assert by["TD"].status == "not monitored" and by["TD"].shown_value == "no population figure"
    assert by["GH"].months_not_ok == 2 and by["GH"].language_range == "50–90% of people"

    root = parse(charts.ranked_bars(rows))
    groups = root.findall(f"{SVG}g[@class]")
    bars = {g.get("data-country"): g for g in groups if "bar-row" in (g.get("class") or "")}
    assert set(bars) == {"NG", "GH", "KE", "TD"}
    for code in ("KE", "TD"):
        assert bars[code].find(f"{SVG}rect[@class='bar']") is None  # no zero-width bar
        assert bars[code].find(f"{SVG}rect[@class='no-bar']") is not None
    assert "status-not-monitored" in (bars["TD"].get("class") or "")
    assert "status-insufficient-coverage" in (bars["KE"].get("class") or "")
    widths = {c: float(bars[c].find(f"{SVG}rect[@class='bar']").get("width")) for c in ("GH", "NG")}  # type: ignore[union-attr]
    assert widths["GH"] > widths["NG"] > 0
    text = "".join(root.itertext())
    assert "no bar: insufficient coverage" in text and "2 outlets" in text


def test_insufficient_current_month_is_hatched() -> None:
    report = demo_report()
    gh = report.countries[1]
    assert gh.latest is not None
    gh.latest = gh.latest.model_copy(update={"coverage_status": "insufficient coverage"})
    gh.months[-1] = gh.latest
    svg = charts.ranked_bars(charts.bar_rows(report.countries))
    root = parse(svg)
    bar = root.find(f"{SVG}g[@data-country='GH']/{SVG}rect[@class='bar']")
    assert bar is not None and bar.get("fill") == "url(#chart-ranked-hatch)"


def test_text_is_escaped_everywhere() -> None:
    report = demo_report(xss=True)
    rows = charts.bar_rows(report.countries)
    svg = str(charts.ranked_bars(rows))
    parse(svg)
    assert "<script" not in svg and "<img" not in svg
    # The long name is clipped in the label but complete (escaped) in the tooltip.
    assert "Evil &lt;script&gt;alert(1)&lt;/script&gt;" in svg

    ctx = dashboard_context(report, {}, "GH")
    html = (
        make_templates()
        .get_template("dashboard.html")
        .render(user=None, csrf_token="", path="/coverage/dashboard", **ctx)
    )
    assert SCRIPT not in html and IMG not in html
    assert "&lt;script&gt;" in html
    assert "style=" not in html and "<style" not in html


def test_time_series_shades_months_without_ok_coverage_and_leaves_them_as_gaps() -> None:
    gh = demo_report().countries[1]
    counts = {("sex", "2024-01"): 2, ("sex", "2024-03"): 1, ("labour", "2024-06"): 4}
    series = charts.series_for(gh, counts)
    assert series.months == tuple(m.month for m in gh.months)
    assert series.counts["sex"] == (2, 0, 1, 0, 0, 0)
    assert series.counts["organ"] == (0,) * 6
    assert series.not_ok == ["2024-02", "2024-05"]
    root = parse(charts.time_series(series, title="Ghana by type"))
    panels = root.findall(f"{SVG}g[@class='panel']")
    assert [p.get("data-type") for p in panels] == ["sex", "labour", "child", "organ", "smuggling"]
    for p in panels:
        shades = p.findall(f"{SVG}rect")
        assert len([s for s in shades if "shade" in (s.get("class") or "")]) == 2
        # Issue 16 (was: a dot in every month): the two insufficient months have no point.
        assert len(p.findall(f"{SVG}circle")) == 4
    tips = ["".join(c.itertext()) for c in panels[0].findall(f"{SVG}circle")]
    assert tips == ["sex, 2024-01: 2", "sex, 2024-03: 1", "sex, 2024-04: 0", "sex, 2024-06: 0"]
    shade_tips = ["".join(s.itertext()) for s in panels[0].findall(f"{SVG}rect")]
    assert "2024-02: insufficient coverage, not plotted" in shade_tips


def test_heatmap_leaves_unknown_out_of_the_grid_and_folds_the_tail() -> None:
    report = demo_report()
    hm = charts.heatmap(report.origin)
    # Issue 16 (was: an "unknown" row and column): unknown is counted, never plotted.
    assert hm.rows == ["NG", "GH", "CN"]
    assert hm.cols == ["NG", "GH"]
    assert hm.unknown_nationality == 15 and hm.unknown_case_country == 3
    assert hm.count("NG", "NG") == 30 and hm.count("unknown", "NG") == 0
    assert hm.row_totals["NG"] == 34 and hm.level("NG", "NG") == 5 and hm.level("CN", "GH") == 0
    assert 1 <= hm.level("CN", "NG") < hm.level("GH", "GH") < 5

    many = [
        OriginCell(
            nationality=f"N{i:02d}", case_country="NG", publication_country="NG", perpetrators=i + 1
        )
        for i in range(30)
    ]
    small = charts.heatmap([*many, report.origin[4]], max_rows=5)
    assert small.rows[:5] == ["N29", "N28", "N27", "N26", "N25"]
    assert small.rows[5:] == ["other"] and small.other_rows == 25
    assert small.row_totals["other"] == sum(range(1, 26))
    # Same cell in two publication countries: summed.
    two = charts.heatmap(
        [
            OriginCell(
                nationality="NG", case_country="NG", publication_country="NG", perpetrators=2
            ),
            OriginCell(
                nationality="NG", case_country="NG", publication_country="GH", perpetrators=1
            ),
        ]
    )
    assert two.count("NG", "NG") == 3


def test_mix_chart_puts_reference_on_the_same_scale() -> None:
    ng = demo_report().countries[0]
    assert ng.mix is not None and ng.mix_vs_reference is not None
    rows = charts.mix_rows(ng.mix, ng.mix_vs_reference)
    by = {r.category: r for r in rows}
    assert set(by) == {"sex", "labour", "child", "organ", "smuggling"}
    # The reference is labour vs sex only: its shares cover the 19 of 24 cases in those types.
    assert by["sex"].reference is not None and by["labour"].reference is not None
    assert math.isclose(by["sex"].reference + by["labour"].reference, 19 / 24)
    assert by["child"].reference is None
    assert all(r.low <= r.share <= r.high for r in rows)
    root = parse(charts.mix_chart(rows, level=ng.mix.level))
    assert len(root.findall(f".//{SVG}path[@class='ref']")) == 3  # two rows + legend
    assert len(root.findall(f"{SVG}g[@class='mix-row']")) == 5


def test_estimate_prefers_multi_source_and_handles_an_unbounded_interval() -> None:
    two = CaptureRecapture(outlets=2, observed_cases=24, two_source=chapman(14, 16, 6))
    est = charts.estimate_of(two)
    assert est is not None and est.method == "Chapman (two sources)"
    assert est.observed == 24 and est.low <= est.n_hat <= est.high and est.bounded
    parse(charts.estimate_chart(est))
    unbounded = charts.Estimate("log-linear", 10, 30.0, 12.0, math.inf, 0.95)
    svg = str(charts.estimate_chart(unbounded))
    parse(svg)
    assert "unbounded" in svg and "inf" not in svg.replace("unbounded", "")
    assert (
        charts.estimate_of(CaptureRecapture(outlets=1, observed_cases=3, note="one outlet")) is None
    )


def test_empty_report_still_renders() -> None:
    report = demo_report().model_copy(update={"countries": [], "origin": []})
    root = parse(charts.ranked_bars(charts.bar_rows(report.countries)))
    assert "No country in the report." in "".join(root.itertext())
    ctx = dashboard_context(report, {}, "")
    assert ctx["selected"] is None
    html = (
        make_templates()
        .get_template("dashboard.html")
        .render(user=None, csrf_token="", path="/coverage/dashboard", **ctx)
    )
    assert "No perpetrator has been extracted yet." in html


def test_svg_numbers_are_plain() -> None:
    svg = str(charts.ranked_bars(charts.bar_rows(demo_report().countries)))
    for value in re.findall(r'\s(?:x|y|width|height)="([^"]*)"', svg):
        float(value)


# --- issue 16: the dashboard cannot be misread, with the issue's numbers -------------------


def _dashboard_html(report: CoverageReport, wanted: str = "IN") -> str:
    ctx = dashboard_context(report, issue16_type_months(), wanted)
    return (
        make_templates()
        .get_template("dashboard.html")
        .render(user=None, csrf_token="", path="/coverage/dashboard", **ctx)
    )


def _svg_by_id(html: str, cid: str) -> ET.Element:
    for m in re.findall(r"<svg\b.*?</svg>", html, re.S):
        root = parse(m)
        if root.get("id") == cid:
            return root
    raise AssertionError(f"no svg #{cid}")


def test_a_small_rate_prints_its_significant_digits_beside_a_visible_bar() -> None:
    html = _dashboard_html(issue16_report())
    ranked = _svg_by_id(html, "chart-ranked")
    india = ranked.find(f"{SVG}g[@data-country='IN']")
    assert india is not None
    bar = india.find(f"{SVG}rect[@class='bar']")
    assert bar is not None and float(bar.get("width") or 0) >= 2.0
    values = ["".join(t.itertext()) for t in india.findall(f"{SVG}text[@class='value']")]
    assert values == ["0.0044"]
    texts = ["".join(t.itertext()) for t in ranked.iter(f"{SVG}text")]
    assert "0.00" not in texts and "0.045" in texts  # Sri Lanka, two significant digits too
    # The data table under the chart prints the same figure.
    table = re.search(r'<table class="ranked-data">.*?</table>', html, re.S)
    assert table is not None
    row = re.search(r"<code>IN</code>.*?</tr>", table.group(0), re.S)
    assert row is not None and '<td class="num">0.0044</td>' in row.group(0)


def test_fmt_rate_significant_digits() -> None:
    assert [fmt_rate(x) for x in (0.0044, 0.00437, 0.28, 3, 9.96, 0, 1234.5, 1_000_000)] == [
        "0.0044",
        "0.0044",
        "0.28",
        "3.0",
        "10",
        "0",
        "1,234",
        "1,000,000",
    ]
    assert fmt_rate(None) == "n/a" and fmt_rate(None, missing="—") == "—"


def test_insufficient_months_are_gaps_not_zero_points() -> None:
    report = issue16_report()
    india = next(c for c in report.countries if c.country == "IN")
    status = {m.month: m.coverage_status for m in india.months}
    assert status["2026-03"] == "insufficient coverage"  # no Indian outlet crawled in March
    series = charts.series_for(india, issue16_type_months()["IN"])
    assert series.counts["sex"] == (1, 1, 0, 2, 1, 1)
    root = parse(charts.time_series(series, title="India"))
    sex = root.find(f"{SVG}g[@data-type='sex']")
    assert sex is not None
    months = ["".join(c.itertext()).split(": ")[0] for c in sex.findall(f"{SVG}circle")]
    assert months == [
        "sex, 2026-01",
        "sex, 2026-02",
        "sex, 2026-04",
        "sex, 2026-05",
        "sex, 2026-06",
    ]
    # Two line segments, neither crossing March's shaded band.
    shade = next(r for r in sex.findall(f"{SVG}rect") if "2026-03" in "".join(r.itertext()))
    x0 = float(shade.get("x") or 0)
    x1 = x0 + float(shade.get("width") or 0)
    lines = sex.findall(f"{SVG}polyline")
    assert len(lines) == 2
    for line in lines:
        xs = [float(p.split(",")[0]) for p in (line.get("points") or "").split()]
        assert all(x < x0 for x in xs) or all(x > x1 for x in xs)
    # No point at all in a panel's insufficient month, even for a zero.
    for panel in root.findall(f"{SVG}g[@class='panel']"):
        tips = ["".join(c.itertext()) for c in panel.findall(f"{SVG}circle")]
        assert not [t for t in tips if "2026-03" in t]


def test_a_backfill_25_years_back_neither_stretches_the_axis_nor_the_comparison() -> None:
    report = issue16_report()
    assert report.period is not None
    assert (report.period.start, report.period.end) == ("2026-01", "2026-06")
    assert report.period.articles_before == BACKFILL
    assert report.period.earliest_before == "2001-01"
    for c in report.countries:
        assert [m.month for m in c.months][0] == "2026-01"
    rows = {r.country: r for r in charts.bar_rows(report.countries)}
    ratio = (rows["LK"].per_million or 0) / (rows["IN"].per_million or 1)
    # Counted with the backfill, Sri Lanka would read (1 + 250) / 22 M against 6 / 1,364 M:
    # about 2,600 times India. Over the period it is one live report: about 10 times.
    assert 5 < ratio < 20
    html = _dashboard_html(report)
    series = _svg_by_id(html, "chart-series")
    axis = ["".join(t.itertext()) for t in series.iter(f"{SVG}text") if t.get("class") == "axis"]
    months = [t for t in axis if re.fullmatch(r"\d{4}-\d{2}", t)]
    assert months and min(months) == "2026-01"
    note = re.search(r'<p class="period-note" id="period-note">(.*?)</p>', html, re.S)
    assert note is not None
    assert note.group(1).startswith("250 articles dated before the period (2001-01 to")
    assert "are not plotted" in note.group(1)


def test_unknown_nationality_is_stated_not_plotted() -> None:
    report = issue16_report()
    assert report.nationality is not None
    assert (report.nationality.people, report.nationality.nationality_known) == (63, 3)
    html = _dashboard_html(report)
    share = re.search(r'<p class="unknown-share" id="unknown-share">(.*?)</p>', html, re.S)
    assert share is not None
    assert "nationality unknown for 60 of 63 people (95%)" in share.group(1)
    grid = re.search(r'<table class="heatmap".*?</table>', html, re.S)
    assert grid is not None
    heads = re.findall(r"<th scope=\"(?:row|col)\"[^>]*>([^<]*)</th>", grid.group(0))
    assert "IN" in heads and "unknown" not in heads
    assert charts.heatmap(report.origin).rows == ["IN"]


def test_source_health_flags_the_source_that_dropped() -> None:
    report = issue16_report()
    by = {h.source_id: h for h in report.source_health}
    assert by["in-wire"].flag == "dropped" and by["in-hindu"].flag is None
    assert [h.source_id for h in report.source_health][0] == "in-wire"  # flagged first
    latest = by["in-wire"].buckets[-1]
    assert latest.articles_stored == 0 and latest.skips_by_reason == {"http_403": 4}
    assert latest.failed_runs == 1  # the last run found no article URL on its feeds
    html = _dashboard_html(report)
    health = _svg_by_id(html, "chart-health")
    rows = {g.get("data-source"): g for g in health.iter(f"{SVG}g") if g.get("data-source")}
    assert set(rows) == {"in-wire", "in-hindu", "lk-daily"}
    assert "flagged" in (rows["in-wire"].get("class") or "")
    assert "flagged" not in (rows["in-hindu"].get("class") or "")
    weeks = rows["in-wire"].findall(f"{SVG}g[@class='week']")
    assert len(weeks) == 8
    assert weeks[-1].find(f"{SVG}rect[@class='stored']") is None
    assert weeks[-1].find(f"{SVG}rect[@class='failed']") is not None
    assert weeks[0].find(f"{SVG}rect[@class='stored']") is not None
    note = "".join(t for t in rows["in-wire"].itertext())
    assert "DROPPED: no article stored in the last 7 days" in note


def test_health_chart_escapes_source_ids() -> None:
    report = issue16_report()
    evil = f"src{SCRIPT}{IMG}"
    rows = [h.model_copy(update={"source_id": evil}) for h in report.source_health]
    svg = str(charts.health_chart(rows))
    root = parse(svg)
    assert "<script" not in svg and "<img" not in svg
    assert {g.get("data-source") for g in root.iter(f"{SVG}g") if g.get("data-source")} == {evil}
