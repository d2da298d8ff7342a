"""Server-side SVG charts for the coverage dashboard.

Pure functions: report models in, `Markup` out. Every piece of text that reaches the markup goes
through `markupsafe.escape` (country and outlet names come from the data and may hold anything);
numbers are formatted here. No JavaScript and no `style=` attribute (the CSP forbids inline
styles): colours and fonts come from classes in static/style.css, geometry from SVG
presentation attributes. Each chart has a `<title>` and `<desc>` and the dashboard prints a
text table of the same numbers under it; native `<title>` tooltips give exact values on hover.

The `*_rows` / `heatmap` functions compute the numbers once, for both the chart and its table.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from tipwatch.domain.rates import fmt_rate
from tipwatch.metrics.effort import INSUFFICIENT, NOT_MONITORED, OK, UNKNOWN, CoverageStatus
from tipwatch.metrics.mix import CASE_TYPES, FitTest, MixResult
from tipwatch.metrics.origin import OriginCell
from tipwatch.metrics.report import CaptureRecapture, CountryReport
from tipwatch.metrics.source_health import HealthBucket as SourceHealthBucket
from tipwatch.metrics.source_health import SourceHealth

FONT_W = 6.6  # approximate width of one character at the charts' 12px font, for layout only


def _e(value: object) -> str:
    return str(escape(value))


def _n(x: float) -> str:
    """A coordinate: at most one decimal, no trailing zeros."""
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fmt_num(x: float | None, digits: int = 2) -> str:
    if x is None:
        return "—"
    if math.isinf(x):
        return "∞"
    return f"{x:,.{digits}f}"


def fmt_pct(x: float | None, digits: int = 0) -> str:
    return "—" if x is None else f"{x * 100:.{digits}f}%"


def _svg_open(cid: str, width: float, height: float, title: str, desc: str, cls: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {cls}" id="{_e(cid)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" height="{_n(height)}" '
        f'role="img" aria-labelledby="{_e(cid)}-t {_e(cid)}-d">'
        f'<title id="{_e(cid)}-t">{_e(title)}</title><desc id="{_e(cid)}-d">{_e(desc)}</desc>'
    )


def _text(x: float, y: float, text: str, cls: str = "", anchor: str = "start") -> str:
    c = f' class="{cls}"' if cls else ""
    a = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return f'<text x="{_n(x)}" y="{_n(y)}"{c}{a}>{_e(text)}</text>'


def _hatch(pid: str, cls: str) -> str:
    return (
        f'<defs><pattern id="{_e(pid)}" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" class="{cls}-bg"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" class="{cls}-line" stroke-width="3"/></pattern></defs>'
    )


def _nice_max(x: float) -> float:
    """The smallest 1/2/2.5/5 x 10^k at least x (x > 0)."""
    if x <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        if x <= m * mag + 1e-12:
            return m * mag
    return 10 * mag


STATUS_LABEL: dict[str, str] = {
    OK: "ok",
    INSUFFICIENT: "insufficient coverage",
    NOT_MONITORED: "not monitored",
}


# --- 1. ranked bars per country ----------------------------------------------------------------


@dataclass(frozen=True)
class BarRow:
    country: str
    country_name: str
    population: int | None
    case_articles: int
    per_million: float | None  # None: no population figure
    status: CoverageStatus  # of the current month
    months: int
    months_not_ok: int
    outlets: int
    languages: tuple[str, ...]
    language_low: float | None  # % of the population, lower..upper
    language_high: float | None

    @property
    def drawn(self) -> bool:
        """A bar is drawn only for a number worth reading: never a zero under failed
        monitoring, never a missing population."""
        if self.per_million is None:
            return False
        return not (self.per_million == 0 and self.status != OK)

    @property
    def language_range(self) -> str:
        if self.language_high is None:
            return "no CLDR language data"
        low = self.language_low if self.language_low is not None else self.language_high
        if round(low) == round(self.language_high):
            return f"{self.language_high:.0f}% of people"
        return f"{low:.0f}–{self.language_high:.0f}% of people"

    @property
    def shown_value(self) -> str:
        if self.per_million is None:
            return "no population figure"
        if not self.drawn:
            return STATUS_LABEL[self.status]
        return fmt_rate(self.per_million)


def bar_rows(countries: Iterable[CountryReport]) -> list[BarRow]:
    """One row per country, ranked by case articles per million over the report's months;
    countries without a drawable number come last, by name."""
    rows: list[BarRow] = []
    for c in countries:
        total = sum(m.case_articles for m in c.months)
        current = c.latest or (c.months[-1] if c.months else None)
        status: CoverageStatus = current.coverage_status if current else NOT_MONITORED
        outlets = current.outlets_monitored if current else len(c.outlets)
        lang = c.language
        rows.append(
            BarRow(
                country=c.country,
                country_name=c.country_name,
                population=c.population,
                case_articles=total,
                per_million=total / c.population * 1_000_000 if c.population else None,
                status=status,
                months=len(c.months),
                months_not_ok=sum(1 for m in c.months if m.coverage_status != OK),
                outlets=outlets,
                languages=tuple(lang.monitored_languages) if lang else (),
                language_low=lang.population_share_lower_pct if lang else None,
                language_high=lang.population_share_pct if lang else None,
            )
        )
    return sorted(
        rows,
        key=lambda r: (not r.drawn, -(r.per_million or 0.0) if r.drawn else 0.0, r.country_name),
    )


def ranked_bars(rows: Sequence[BarRow], *, cid: str = "chart-ranked") -> Markup:
    label_w, bar_w, note_x = 200.0, 330.0, 560.0
    row_h, top = 28.0, 30.0
    width = 960.0
    height = top + row_h * max(len(rows), 1) + 10
    vmax = _nice_max(max((r.per_million or 0.0 for r in rows if r.drawn), default=0.0))
    parts = [
        _svg_open(
            cid,
            width,
            height,
            "Case articles per million people, by country",
            "Ranked bars of case articles per million population over the report period. "
            "Countries whose current month has insufficient coverage are hatched; countries "
            "that are not monitored or have no count get a label instead of a bar.",
            "ranked",
        ),
        _hatch(f"{cid}-hatch", "hatch"),
        _text(label_w, 16, "0", "axis", "middle"),
        _text(label_w + bar_w, 16, f"{fmt_rate(vmax)} per million", "axis", "end"),
        _text(note_x, 16, "current month · outlets · languages (share of people)", "axis"),
    ]
    if not rows:
        parts.append(_text(label_w, top + 16, "No country in the report.", "muted"))
    for i, r in enumerate(rows):
        y = top + i * row_h
        cls = f"bar-row status-{r.status.replace(' ', '-')}"
        tip = (
            f"{r.country_name} ({r.country}): {r.shown_value} case articles per million "
            f"({r.case_articles} case articles, population "
            f"{r.population if r.population is not None else 'unknown'}); current month "
            f"{STATUS_LABEL[r.status]}; {r.months_not_ok} of {r.months} months not ok"
        )
        parts.append(f'<g class="{cls}" data-country="{_e(r.country)}"><title>{_e(tip)}</title>')
        parts.append(
            _text(label_w - 8, y + 17, _clip(f"{r.country_name} ({r.country})", 30), "", "end")
        )
        if r.drawn:
            assert r.per_million is not None
            w = max(bar_w * r.per_million / vmax, 2.0) if r.per_million > 0 else 0.0
            fill = f' fill="url(#{_e(cid)}-hatch)"' if r.status != OK else ""
            parts.append(
                f'<rect class="bar" x="{_n(label_w)}" y="{_n(y + 5)}" width="{_n(w)}" '
                f'height="{_n(row_h - 10)}"{fill}/>'
            )
            parts.append(_text(label_w + w + 5, y + 17, fmt_rate(r.per_million), "value"))
        else:
            parts.append(
                f'<rect class="no-bar" x="{_n(label_w)}" y="{_n(y + 5)}" width="{_n(bar_w)}" '
                f'height="{_n(row_h - 10)}"/>'
            )
            parts.append(_text(label_w + 8, y + 17, f"no bar: {r.shown_value}", "no-bar-label"))
        langs = ", ".join(r.languages) or "no language"
        note = (
            f"{STATUS_LABEL[r.status]} · {r.outlets} outlet{'s' if r.outlets != 1 else ''} · "
            f"{langs} ({r.language_range})"
        )
        parts.append(_text(note_x, y + 17, _clip(note, 60), f"note status-{r.status[:3]}"))
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))


# --- 2. time series per case type --------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    months: tuple[str, ...]
    counts: Mapping[str, tuple[int, ...]]  # case type -> count per month
    status: Mapping[str, CoverageStatus]  # month -> coverage status

    @property
    def not_ok(self) -> list[str]:
        return [m for m in self.months if self.status.get(m, NOT_MONITORED) != OK]

    def ok_runs(self) -> list[list[int]]:
        """Indexes of the months with ok coverage, in runs of consecutive months: each run is
        one line segment; the months between runs are gaps."""
        runs: list[list[int]] = []
        prev = -2
        for i, m in enumerate(self.months):
            if self.status.get(m, NOT_MONITORED) != OK:
                continue
            if i == prev + 1 and runs:
                runs[-1].append(i)
            else:
                runs.append([i])
            prev = i
        return runs


def series_for(
    country: CountryReport, counts: Mapping[tuple[str, str], int], types: Sequence[str] = CASE_TYPES
) -> Series:
    """A country's monthly counts per case type from {(case type, month): count}; the months
    and their coverage status come from the report's effort rows."""
    months = tuple(m.month for m in country.months)
    return Series(
        months=months,
        counts={t: tuple(counts.get((t, m), 0) for m in months) for t in types},
        status={m.month: m.coverage_status for m in country.months},
    )


def time_series(series: Series, *, title: str, cid: str = "chart-series") -> Markup:
    """Small multiples, one panel per case type on a shared y scale; months without ok
    coverage are shaded in every panel (a low count there is not evidence of few cases)."""
    types = list(series.counts)
    cols = min(len(types), 5) or 1
    pw, ph = 180.0, 150.0
    ml, mt, mb = 30.0, 22.0, 22.0
    width = cols * pw + 10
    rows_n = max(1, math.ceil(len(types) / cols))
    height = rows_n * ph + 24
    n = len(series.months)
    vmax = _nice_max(max((v for vals in series.counts.values() for v in vals), default=0) or 1)
    parts = [
        _svg_open(
            cid,
            width,
            height,
            title,
            "One small line chart per case type, cases per month on a shared scale. Shaded "
            "months had insufficient coverage or no monitoring: they are gaps in the line, "
            "not zeros.",
            "series",
        )
    ]
    iw = pw - ml - 12
    ih = ph - mt - mb

    def x_of(i: int, ox: float) -> float:
        return ox + ml + (iw * (i + 0.5) / n if n else 0.0)

    for k, t in enumerate(types):
        ox = (k % cols) * pw
        oy = (k // cols) * ph
        vals = series.counts[t]
        parts.append(f'<g class="panel" data-type="{_e(t)}">')
        parts.append(_text(ox + ml, oy + 14, f"{t} ({sum(vals)})", "panel-title"))
        step = iw / n if n else iw
        for i, m in enumerate(series.months):
            st = series.status.get(m, NOT_MONITORED)
            if st != OK:
                found = vals[i]
                tip = f"{m}: {STATUS_LABEL[st]}, not plotted" + (
                    f" ({found} found, a lower bound)" if found else ""
                )
                parts.append(
                    f'<rect class="shade shade-{st[:3]}" x="{_n(ox + ml + i * step)}" '
                    f'y="{_n(oy + mt)}" width="{_n(step)}" height="{_n(ih)}">'
                    f"<title>{_e(tip)}</title></rect>"
                )
        base = oy + mt + ih
        parts.append(
            f'<line class="axis-line" x1="{_n(ox + ml)}" y1="{_n(base)}" '
            f'x2="{_n(ox + ml + iw)}" y2="{_n(base)}"/>'
        )
        parts.append(_text(ox + ml - 4, oy + mt + 8, fmt_num(vmax, 0), "axis", "end"))
        parts.append(_text(ox + ml - 4, base, "0", "axis", "end"))
        if n:
            parts.append(_text(ox + ml, base + 14, series.months[0], "axis"))
            if n > 1:
                parts.append(_text(ox + ml + iw, base + 14, series.months[-1], "axis", "end"))
        # A month without ok coverage is a gap: no point, and no line drawn through it.
        for run in series.ok_runs():
            pts = [(x_of(i, ox), base - ih * vals[i] / vmax) for i in run]
            if len(pts) > 1:
                d = " ".join(f"{_n(x)},{_n(y)}" for x, y in pts)
                parts.append(f'<polyline class="line line-{_e(t)}" points="{d}"/>')
            for (x, y), i in zip(pts, run, strict=True):
                parts.append(
                    f'<circle class="dot" cx="{_n(x)}" cy="{_n(y)}" r="2.5">'
                    f"<title>{_e(t)}, {_e(series.months[i])}: {vals[i]}</title></circle>"
                )
        parts.append("</g>")
    parts.append(
        f'<g class="legend"><rect class="shade shade-ins" x="{_n(ml)}" y="{_n(height - 16)}" '
        f'width="12" height="10"/>'
        + _text(
            ml + 16,
            height - 7,
            "insufficient coverage or not monitored (a gap, not a zero)",
            "axis",
        )
        + "</g>"
    )
    parts.append("</svg>")
    return Markup("".join(parts))


# --- 3. origin vs reporting heatmap ------------------------------------------------------------


@dataclass
class Heatmap:
    rows: list[str]  # known nationalities ("other" last); "unknown" is never a row
    cols: list[str]  # known case countries ("other" last); "unknown" is never a column
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    row_totals: dict[str, int] = field(default_factory=dict)
    col_totals: dict[str, int] = field(default_factory=dict)
    max_count: int = 0
    other_rows: int = 0  # nationalities folded into "other"
    other_cols: int = 0
    # Cell counts left out of the grid because the nationality or the case country is unknown
    # (stated in words beside it: an unknown is not a country).
    unknown_nationality: int = 0
    unknown_case_country: int = 0

    def count(self, row: str, col: str) -> int:
        return self.counts.get((row, col), 0)

    def level(self, row: str, col: str) -> int:
        """Colour bucket 0..5 (0 = empty), on a square-root scale."""
        v = self.count(row, col)
        if v <= 0 or self.max_count <= 0:
            return 0
        return max(1, min(5, math.ceil(5 * math.sqrt(v / self.max_count))))


OTHER = "other"


def _order(totals: Mapping[str, int], limit: int) -> tuple[list[str], set[str]]:
    known = sorted((k for k in totals if k != UNKNOWN), key=lambda k: (-totals[k], k))
    keep, fold = known[:limit], set(known[limit:])
    return list(keep) + ([OTHER] if fold else []), fold


def heatmap(cells: Iterable[OriginCell], *, max_rows: int = 20, max_cols: int = 15) -> Heatmap:
    """Nationality x case country counts, summed over publication countries (a person reported
    by outlets of two countries counts in each). Beyond `max_rows` / `max_cols` the smallest
    are folded into "other". Cells with an unknown nationality or case country are not in the
    grid: they are summed into `unknown_nationality` / `unknown_case_country` for the text."""
    raw: dict[tuple[str, str], int] = {}
    unknown_nat = unknown_country = 0
    for cell in cells:
        if cell.nationality == UNKNOWN or cell.case_country == UNKNOWN:
            unknown_nat += cell.perpetrators if cell.nationality == UNKNOWN else 0
            unknown_country += cell.perpetrators if cell.case_country == UNKNOWN else 0
            continue
        key = (cell.nationality, cell.case_country)
        raw[key] = raw.get(key, 0) + cell.perpetrators
    rt: dict[str, int] = {}
    ct: dict[str, int] = {}
    for (r, c), v in raw.items():
        rt[r] = rt.get(r, 0) + v
        ct[c] = ct.get(c, 0) + v
    rows, fold_r = _order(rt, max_rows)
    cols, fold_c = _order(ct, max_cols)
    hm = Heatmap(
        rows=rows,
        cols=cols,
        other_rows=len(fold_r),
        other_cols=len(fold_c),
        unknown_nationality=unknown_nat,
        unknown_case_country=unknown_country,
    )
    for (r, c), v in raw.items():
        key = (OTHER if r in fold_r else r, OTHER if c in fold_c else c)
        hm.counts[key] = hm.counts.get(key, 0) + v
    for (r, c), v in hm.counts.items():
        hm.row_totals[r] = hm.row_totals.get(r, 0) + v
        hm.col_totals[c] = hm.col_totals.get(c, 0) + v
    hm.max_count = max(hm.counts.values(), default=0)
    return hm


# --- 4. per-country panel ----------------------------------------------------------------------


@dataclass(frozen=True)
class MixRow:
    category: str
    count: int
    share: float
    low: float
    high: float
    reference: float | None  # expected share of all cases under the reference, if tested


def mix_rows(mix: MixResult, fit: FitTest | None) -> list[MixRow]:
    """Observed shares with their intervals; the reference share is the expected count under
    the reference (renormalised over its own categories, for the cases in them) over all cases,
    so both are on the same scale."""
    ref: dict[str, float] = {}
    if fit is not None and mix.n:
        ref = {c: e / mix.n for c, e in zip(fit.categories, fit.expected, strict=True)}
    return [
        MixRow(s.category, s.count, s.share, s.low, s.high, ref.get(s.category)) for s in mix.shares
    ]


def mix_chart(rows: Sequence[MixRow], *, level: float, cid: str = "chart-mix") -> Markup:
    label_w, plot_w, row_h, top = 90.0, 360.0, 26.0, 26.0
    width = label_w + plot_w + 80
    height = top + row_h * max(len(rows), 1) + 30
    parts = [
        _svg_open(
            cid,
            width,
            height,
            "Case-type mix with intervals, against the reference",
            f"Observed share of each case type (dot) with its {level:.0%} simultaneous "
            "interval (whisker); the diamond is the share expected under the reference mix.",
            "mix",
        )
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        x = label_w + plot_w * tick
        parts.append(
            f'<line class="grid" x1="{_n(x)}" y1="{_n(top - 6)}" x2="{_n(x)}" '
            f'y2="{_n(top + row_h * len(rows))}"/>'
        )
        parts.append(_text(x, top - 10, f"{tick:.0%}", "axis", "middle"))
    for i, r in enumerate(rows):
        y = top + i * row_h + row_h / 2
        tip = (
            f"{r.category}: {r.count} cases, {fmt_pct(r.share, 1)} "
            f"(interval {fmt_pct(r.low, 1)}–{fmt_pct(r.high, 1)})"
            + (f"; reference {fmt_pct(r.reference, 1)}" if r.reference is not None else "")
        )
        parts.append(f'<g class="mix-row"><title>{_e(tip)}</title>')
        parts.append(_text(label_w - 8, y + 4, r.category, "", "end"))
        x0, x1 = label_w + plot_w * r.low, label_w + plot_w * r.high
        parts.append(
            f'<line class="whisker" x1="{_n(x0)}" y1="{_n(y)}" x2="{_n(x1)}" y2="{_n(y)}"/>'
            f'<line class="whisker" x1="{_n(x0)}" y1="{_n(y - 5)}" x2="{_n(x0)}" y2="{_n(y + 5)}"/>'
            f'<line class="whisker" x1="{_n(x1)}" y1="{_n(y - 5)}" x2="{_n(x1)}" y2="{_n(y + 5)}"/>'
        )
        parts.append(
            f'<circle class="dot" cx="{_n(label_w + plot_w * r.share)}" cy="{_n(y)}" r="4"/>'
        )
        if r.reference is not None:
            xr = label_w + plot_w * r.reference
            parts.append(f'<path class="ref" d="M{_n(xr)},{_n(y - 6)} l5,6 l-5,6 l-5,-6 z"/>')
        parts.append(_text(label_w + plot_w + 8, y + 4, f"{r.count}", "value"))
        parts.append("</g>")
    ly = height - 10
    parts.append(
        f'<g class="legend"><circle class="dot" cx="{_n(label_w)}" cy="{_n(ly - 4)}" r="4"/>'
        + _text(label_w + 8, ly, "observed, with interval", "axis")
        + f'<path class="ref" d="M{_n(label_w + 170)},{_n(ly - 10)} l5,6 l-5,6 l-5,-6 z"/>'
        + _text(label_w + 180, ly, "reference", "axis")
        + "</g></svg>"
    )
    return Markup("".join(parts))


@dataclass(frozen=True)
class Estimate:
    method: str
    observed: int
    n_hat: float
    low: float
    high: float  # may be inf
    level: float

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.high)


def estimate_of(cr: CaptureRecapture) -> Estimate | None:
    """The multi-source log-linear estimate if there is one, else Chapman's with Chao's
    log interval."""
    if cr.multi_source is not None:
        m = cr.multi_source
        return Estimate(
            f"log-linear ({m.sources} sources, {m.criterion.upper()})",
            m.observed,
            m.selected.n_hat,
            m.ci.low,
            m.ci.high,
            m.ci.level,
        )
    if cr.two_source is not None:
        t = cr.two_source
        return Estimate(
            "Chapman (two sources)",
            t.observed,
            t.n_hat,
            t.ci_log.low,
            t.ci_log.high,
            t.ci_log.level,
        )
    return None


def estimate_chart(est: Estimate, *, cid: str = "chart-estimate") -> Markup:
    width, height, ml, plot_w = 520.0, 70.0, 20.0, 440.0
    finite_high = est.high if math.isfinite(est.high) else max(est.n_hat, est.low) * 2
    vmax = _nice_max(max(finite_high, est.n_hat, est.observed, 1.0))

    def x(v: float) -> float:
        return ml + plot_w * min(v, vmax) / vmax

    y = 30.0
    parts = [
        _svg_open(
            cid,
            width,
            height,
            "Estimated number of cases (capture-recapture)",
            f"Observed {est.observed} distinct cases; estimate {fmt_num(est.n_hat, 0)} with a "
            f"{est.level:.0%} interval {fmt_num(est.low, 0)} to {fmt_num(est.high, 0)}.",
            "estimate",
        ),
        f'<line class="axis-line" x1="{_n(ml)}" y1="{_n(y + 14)}" x2="{_n(ml + plot_w)}" '
        f'y2="{_n(y + 14)}"/>',
        _text(ml, y + 28, "0", "axis", "middle"),
        _text(ml + plot_w, y + 28, fmt_num(vmax, 0), "axis", "middle"),
        f'<rect class="observed" x="{_n(ml)}" y="{_n(y - 4)}" width="{_n(x(est.observed) - ml)}" '
        f'height="8"><title>observed: {est.observed}</title></rect>',
        f'<line class="whisker" x1="{_n(x(est.low))}" y1="{_n(y)}" x2="{_n(x(est.high))}" '
        f'y2="{_n(y)}"/>',
        f'<circle class="dot" cx="{_n(x(est.n_hat))}" cy="{_n(y)}" r="5">'
        f"<title>estimate: {_e(fmt_num(est.n_hat, 0))}</title></circle>",
        _text(x(est.n_hat), y - 10, f"≈ {fmt_num(est.n_hat, 0)}", "value", "middle"),
    ]
    if not math.isfinite(est.high):
        parts.append(
            f'<path class="ref" d="M{_n(ml + plot_w)},{_n(y)} l-8,-5 l0,10 z"/>'
            + _text(ml + plot_w - 10, y - 8, "unbounded", "axis", "end")
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def share_meter(share: float, *, label: str, cid: str) -> Markup:
    """A thin horizontal meter for a share in [0, 1]."""
    w = 200.0
    s = min(max(share, 0.0), 1.0)
    return Markup(
        _svg_open(cid, w, 14, label, f"{label}: {fmt_pct(s, 0)}", "meter")
        + f'<rect class="meter-bg" x="0" y="2" width="{_n(w)}" height="10"/>'
        + f'<rect class="meter-fg" x="0" y="2" width="{_n(w * s)}" height="10"/>'
        + "</svg>"
    )


# --- 5. per-source health over time -------------------------------------------------------------


def _bucket_tip(source_id: str, b: SourceHealthBucket) -> str:
    reasons = ", ".join(f"{k} {v}" for k, v in b.skips_by_reason.items())
    return (
        f"{source_id}, {b.start}..{b.end}: {b.articles_stored} articles stored, "
        f"{b.pages_fetched} pages fetched ({b.fetch_failures} failed for good), "
        f"{b.urls_found} article URLs found by {b.crawl_runs} crawl run"
        f"{'' if b.crawl_runs == 1 else 's'} ({b.failed_runs} failed), {b.skips} skipped"
        + (f" ({reasons})" if reasons else "")
    )


def health_chart(rows: Sequence[SourceHealth], *, cid: str = "chart-health") -> Markup:
    """Small multiples, one row per source: a bar per week for the articles stored (scaled to
    that source's busiest week, so a drop shows whatever the outlet's size) and a red bar below
    the baseline for the failures (failed crawl runs + failed fetches + skips, on one scale for
    all sources).
    Flagged sources come first, with the reason."""
    label_w, cell_w, row_h, top = 190.0, 38.0, 44.0, 34.0
    weeks = len(rows[0].buckets) if rows else 0
    note_x = label_w + cell_w * weeks + 16
    width = 960.0
    height = top + row_h * max(len(rows), 1) + 8
    fail_max = max((b.failures for r in rows for b in r.buckets), default=0) or 1
    parts = [
        _svg_open(
            cid,
            width,
            height,
            "Per-source health: articles stored and failures per week",
            "One row per outlet, one column per seven-day window ending today. Bars above the "
            "line: articles stored that week, scaled to the outlet's busiest week. Red bars "
            "below: failed crawl runs, failed fetches and skipped pages. Outlets whose latest "
            "week dropped to no article, or whose failures rose, are flagged and listed first.",
            "health",
        )
    ]
    if rows:
        first, last = rows[0].buckets[0], rows[0].buckets[-1]
        parts.append(_text(label_w, 14, f"weeks from {first.start} to {last.end}", "axis"))
        parts.append(_text(note_x, 14, "flag", "axis"))
    else:
        parts.append(_text(label_w, top + 16, "No outlet.", "muted"))
    for k, r in enumerate(rows):
        y0 = top + k * row_h
        base = y0 + 26
        flagged = r.flag is not None
        cls = "health-row flagged" if flagged else "health-row"
        parts.append(f'<g class="{cls}" data-source="{_e(r.source_id)}">')
        parts.append(
            _text(label_w - 8, base - 4, _clip(f"{r.source_id} ({r.country})", 28), "", "end")
        )
        a_max = max((b.articles_stored for b in r.buckets), default=0) or 1
        parts.append(
            f'<line class="axis-line" x1="{_n(label_w)}" y1="{_n(base)}" '
            f'x2="{_n(label_w + cell_w * weeks)}" y2="{_n(base)}"/>'
        )
        for i, b in enumerate(r.buckets):
            x = label_w + i * cell_w + 4
            h = 22.0 * b.articles_stored / a_max
            fh = 12.0 * b.failures / fail_max
            tip = _e(_bucket_tip(r.source_id, b))
            parts.append(f'<g class="week" data-start="{b.start}"><title>{tip}</title>')
            parts.append(
                f'<rect class="week-hit" x="{_n(x - 2)}" y="{_n(base - 24)}" '
                f'width="{_n(cell_w - 4)}" height="38"/>'
            )
            if b.articles_stored:
                parts.append(
                    f'<rect class="stored" x="{_n(x)}" y="{_n(base - h)}" '
                    f'width="{_n(cell_w - 8)}" height="{_n(max(h, 1.0))}"/>'
                )
            if b.failures:
                parts.append(
                    f'<rect class="failed" x="{_n(x)}" y="{_n(base + 1)}" '
                    f'width="{_n(cell_w - 8)}" height="{_n(max(fh, 1.0))}"/>'
                )
            parts.append("</g>")
        note = f"{r.flag.upper()}: {r.flag_reason}" if r.flag else "ok"
        parts.append(_text(note_x, base - 4, _clip(note, 70), "note flag" if flagged else "note"))
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))
