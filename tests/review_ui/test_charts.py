"""The dashboard's SVG charts, on constructed report models (no database)."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

from tests.review_ui.report_factory import IMG, SCRIPT, demo_report
from tipwatch.metrics.estimators import chapman
from tipwatch.metrics.origin import OriginCell
from tipwatch.metrics.report import CaptureRecapture
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


def test_time_series_shades_months_without_ok_coverage() -> None:
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
        assert len(p.findall(f"{SVG}circle")) == 6
    # A zero in a failed month is labelled as such, not as 0.
    tips = ["".join(c.itertext()) for c in panels[0].findall(f"{SVG}circle")]
    assert tips[1] == "sex, 2024-02: insufficient coverage"
    assert tips[0] == "sex, 2024-01: 2"


def test_heatmap_keeps_unknown_last_and_folds_the_tail() -> None:
    report = demo_report()
    hm = charts.heatmap(report.origin)
    assert hm.rows == ["NG", "GH", "CN", "unknown"]
    assert hm.cols == ["NG", "GH", "unknown"]
    assert hm.count("NG", "NG") == 30 and hm.count("unknown", "NG") == 12
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
    assert small.rows[5:] == ["other", "unknown"] and small.other_rows == 25
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
