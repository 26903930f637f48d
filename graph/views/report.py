"""Region report: one offline HTML page per region, a profile an analyst can quote.

The page (:func:`region_report`) shows, for one region, the figures of
:func:`~clusteratlas.graph.views.profile.region_profile`: its industry mix against the
nation, its location quotients with the small cells flagged, the change of its mix since
the earlier census, its resilience rank with the sampling interval, its detected and
declared clusters with their evidence, its sector's suppliers, buyers and final uses in
the national input-output table, its listed firms by industry and the facts the data
quote for it. Every figure says its unit and source; tables beside the charts hold the
exact numbers.

Charts: Apache ECharts 6.1.0 (``echarts.common.min.js`` from the npm package ``echarts``,
Apache-2.0, with its NOTICE and the BSD-3-Clause licence of the d3 code it embeds in
``assets/``), inlined in the page and drawn with its SVG renderer, so the page works with
no network and the charts stay sharp when printed or zoomed. Why this build: the
"common" build (715 kB) is ECharts' smallest official one with the SVG renderer,
tooltips, legends and mark lines (the "simple" build, 500 kB, has neither tooltips nor
SVG); the full build is 1.1 MB; Chart.js (about 200 kB) is smaller but draws on a
canvas only; Vega-Lite needs vega, vega-lite and vega-embed (about 900 kB); pyecharts'
wheel ships no JavaScript (it loads ECharts from a CDN). The library draws; the numbers
are computed here, in Python, and written into each chart's options.

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> r = region_report(toy_dataset(), "100101")
>>> r.title, r.charts
('Region report: 东县 (100101)', ('mix', 'lq', 'upstream', 'downstream'))
"""

from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from clusteratlas.graph.analytics.clusters import CLUSTER_MARKETS
from clusteratlas.graph.definitions.scope import AnalysisScope
from clusteratlas.graph.views._data import records
from clusteratlas.graph.views._format import number, page_language, percent
from clusteratlas.graph.views.profile import RegionProfile, finite, region_profile
from clusteratlas.loaders.dataset import Dataset

__all__ = ["ECHARTS", "Report", "region_report", "render_report"]

ECHARTS = {
    "name": "Apache ECharts",
    "version": "6.1.0",
    "file": "echarts.common.min.js",
    "licence": "Apache-2.0 (with d3 code under BSD-3-Clause)",
    "from": "npm package echarts 6.1.0, dist/echarts.common.min.js",
}
"""The charting library inlined in every report, and where its file comes from."""

ASSETS = Path(__file__).parent / "assets"
REGION_COLOUR = "#c2410c"
NATION_COLOUR = "#9aa5b1"
BASE_COLOUR = "#f5b183"
CLUSTER_LQ = 1.25


@dataclass(frozen=True)
class Report:
    """One region's report page.

    Attributes
    ----------
    profile : RegionProfile
        The figures it shows.
    html : str
        The self-contained page.
    title : str
        Its title.
    charts : tuple of str
        The ids of the charts it draws.
    size_text : str
        "5 charts, 6 tables" (a property; the demo's index shows it).
    """

    profile: RegionProfile
    html: str
    title: str
    charts: tuple[str, ...]

    @property
    def size_text(self) -> str:
        """'5 charts, 8 tables' (the demo's index shows it)."""
        return f"{len(self.charts)} charts, {self.html.count('<table')} tables"

    def write_html(self, path: str | Path) -> Path:
        """Write the page (UTF-8), creating the folder; return the path.

        Parameters
        ----------
        path : str or Path
            The file to write.

        Returns
        -------
        Path
            ``path``.

        Examples
        --------
        >>> import tempfile
        >>> from clusteratlas.graph.views._toy import toy_dataset
        >>> with tempfile.TemporaryDirectory() as d:
        ...     region_report(toy_dataset(), "100101").write_html(Path(d) / "r.html").suffix
        '.html'
        """
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.html, encoding="utf-8")
        return target


def region_report(
    dataset: Dataset,
    region: str,
    *,
    scope: AnalysisScope | None = None,
    scores: pd.DataFrame | None = None,
    clusters: pd.DataFrame | None = None,
    recovery: pd.DataFrame | None = None,
) -> Report:
    """The report page of ``region``: its profile's charts and tables, offline.

    Parameters
    ----------
    dataset : Dataset
        The data.
    region : str
        A region code (resolve a name first with
        :func:`~clusteratlas.graph.views.names.resolve_region`).
    scope : AnalysisScope, optional
        The analysis scope (default inferred from the data).
    scores, clusters, recovery : DataFrame, optional
        ``analyze``'s ``regions``, ``clusters`` and ``recovery`` (an ``Analysis``'s
        tables); what is not given is left off the page, not recomputed.

    Returns
    -------
    Report

    Raises
    ------
    UsageError
        The region is not in the data or has no rows in the scope's E.

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> page = region_report(toy_dataset(), "100101").html
    >>> "echarts" in page, "东县" in page
    (True, True)
    """
    profile = region_profile(
        dataset, region, scope=scope, scores=scores, clusters=clusters, recovery=recovery
    )
    page, charts = render_report(profile, dataset)
    return Report(profile, page, _title(profile), charts)


def _title(p: RegionProfile) -> str:
    return f"Region report: {p.name} ({p.code})"


@functools.cache
def _echarts_js() -> str:
    return (ASSETS / ECHARTS["file"]).read_text(encoding="utf-8")


def _cite(dataset: Dataset, *words: str) -> str:
    """The provenance sources of ``dataset.json`` whose title holds all ``words``
    (title, publisher, vintage); else the dataset's source line."""
    from clusteratlas.graph.views._data import source_of

    sources = (dataset.metadata.get("provenance") or {}).get("sources") or {}
    found = [
        f"{s.get('title')} ({s.get('publisher')}, {s.get('vintage')})"
        for s in sources.values()
        if isinstance(s, dict) and all(w.lower() in str(s.get("title", "")).lower() for w in words)
    ]
    return "; ".join(found) if found else source_of(dataset)


def _pct(share: Any, digits: int = 1) -> float | None:
    """A share as a rounded percentage for a chart (None when missing)."""
    return round(100 * float(share), digits) if finite(share) else None


def _pp(change: Any) -> str:
    """A change of share in percentage points, signed."""
    if not finite(change):
        return "n/a"
    points = round(100 * float(change), 1)
    return f"{points:+.1f} pp" if points else "0.0 pp"


def _short(code: str) -> str:
    return code.rsplit(":", 1)[-1]


def _json(option: dict[str, Any]) -> str:
    return json.dumps(option, ensure_ascii=False).replace("</", "<\\/")


def render_report(p: RegionProfile, dataset: Dataset) -> tuple[str, tuple[str, ...]]:
    """The page of a profile and the ids of its charts.

    Parameters
    ----------
    p : RegionProfile
        :func:`~clusteratlas.graph.views.profile.region_profile`'s.
    dataset : Dataset
        The data it came from (for the sources' titles).

    Returns
    -------
    tuple
        The HTML document (ECharts inlined) and the chart ids.

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> ds = toy_dataset()
    >>> page, charts = render_report(region_profile(ds, "100101"), ds)
    >>> page.startswith("<!DOCTYPE html>"), charts
    (True, ('mix', 'lq', 'upstream', 'downstream'))
    """
    esc = html.escape
    charts: list[tuple[str, dict[str, Any], int, str]] = []
    sections: list[str] = []
    ind = p.industries.sort_values("share", ascending=False)
    labels = [f"{_short(c)} {n}" for c, n in zip(ind.index, ind["name"], strict=True)]
    unit_text = _unit_text(p, dataset)
    census = _cite(dataset, "census", str(p.year))
    sections.append(_key_figures(p, unit_text, census, _coverage(p, dataset)))

    # 1. the mix against the nation
    charts.append(
        (
            "mix",
            _bars(
                labels,
                [
                    (f"{p.name} {p.year}", [_pct(v) for v in ind["share"]], REGION_COLOUR, True),
                    (
                        f"all {p.n_regions:,} {_plural(p.level)} pooled {p.year}",
                        [_pct(v) for v in ind["national_share"]],
                        NATION_COLOUR,
                        False,
                    ),
                ],
                f"% of {p.scope.measure}",
            ),
            40 + 34 * len(labels),
            "%",
        )
    )
    sections.append(
        _figure(
            "mix",
            f"Industry mix against the nation, {p.year}: share of {p.scope.measure} by "
            f"{p.scope.scheme} {p.scope.industry_level or 'industry'} (%)",
            f"Shares of the region's {unit_text} in each {p.scope.industry_level or 'industry'}"
            f" (% of its total, {number(p.total)}); the nation: all {p.n_regions:,} "
            f"{_plural(p.level)} of the data pooled. Source: {census}.",
        )
    )

    # 2. location quotients, small cells flagged
    flag_text = (
        f"grey: fewer than {p.min_count:,.0f} sampled {p.unit or 'units'} in the cell, so the "
        "LQ is noisy (a count n has a relative sampling error of about 1/sqrt(n))"
        if p.min_count
        else "no minimum count (full counts)"
    )
    lq_items = []
    for (_, r), _label in zip(ind.iterrows(), labels, strict=True):
        value = round(float(r["lq"]), 2) if finite(r["lq"]) else None
        # as detect_clusters: an industry the markets leave unclassified may form clusters
        can = not r["market"] or str(r["market"]) in CLUSTER_MARKETS
        colour = (
            "#bcccdc"
            if r["flagged"]
            else ("#7c2d12" if value is not None and value >= CLUSTER_LQ and can else REGION_COLOUR)
        )
        item: dict[str, Any] = {"value": value, "itemStyle": {"color": colour}}
        if r["flagged"] and p.min_count:
            item["label"] = {"formatter": f"{{c}} (<{p.min_count:,.0f})"}
        lq_items.append(item)
    lq_option = _bars(labels, [("location quotient", lq_items, REGION_COLOUR, True)], "LQ")
    lq_option["series"][0]["markLine"] = {
        "symbol": "none",
        "silent": True,
        "label": {"formatter": "{b}", "position": "start", "fontSize": 12},
        "data": [
            {"xAxis": 1, "name": "1 = national share", "lineStyle": {"color": "#52606d"}},
            {
                "xAxis": CLUSTER_LQ,
                "name": f"{CLUSTER_LQ}",
                "lineStyle": {"color": "#7c2d12", "type": "dashed"},
            },
        ],
    }
    lq_option["legend"] = {"show": False}
    charts.append(("lq", lq_option, 40 + 30 * len(labels), ""))
    sections.append(
        _figure(
            "lq",
            f"Location quotients, {p.year}: the region's share over the nation's (LQ, no unit)",
            f"LQ = share in the region / share in the nation (Balassa 1965); dark: LQ ≥ "
            f"{CLUSTER_LQ} (the cluster detection's threshold) in an industry whose market can "
            f"form clusters ({', '.join(CLUSTER_MARKETS)}; a local one such as real estate "
            "cannot, whatever its LQ); a detected cluster also needs the region among the top "
            f"25% by LQ and the minimum size (see Clusters); {flag_text}. Source: {census}.",
        )
    )

    # 3. the change since the base year
    if p.base_year is not None:
        base = _cite(dataset, "census", str(p.base_year))
        charts.append(
            (
                "change",
                _bars(
                    labels,
                    [
                        (
                            f"{p.name} {p.base_year}",
                            [_pct(v) for v in ind["share_base"]],
                            BASE_COLOUR,
                            False,
                        ),
                        (
                            f"{p.name} {p.year}",
                            [_pct(v) for v in ind["share"]],
                            REGION_COLOUR,
                            True,
                        ),
                    ],
                    f"% of {p.scope.measure}",
                ),
                40 + 34 * len(labels),
                "%",
            )
        )
        sampled = " sampled" if p.sampled else ""
        sections.append(
            _figure(
                "change",
                f"Change of the mix, {p.base_year} → {p.year}: share of {p.scope.measure} (%)",
                f"The region's shares in {p.base_year} ({number(p.total_base)}{sampled}) and "
                f"{p.year} ({number(p.total)}{sampled}); the table below gives the change in "
                f"percentage points (pp) and the nation's. Sources: {base}; {census}.",
            )
        )
    sections.append(_industry_table(p, ind, unit_text))

    # 4. resilience
    if p.scores.get("rank") is not None and finite(p.scores.get("resilience")):
        sections.append(_resilience(p, charts))

    # 5. clusters
    sections.append(_clusters(p, dataset, census))

    # 6. supply chain
    if p.supply is not None:
        sections.append(_supply(p, dataset, charts))

    # 7. firms, 8. facts
    sections.append(_firms(p, dataset))
    if len(p.facts):
        sections.append(_facts(p))
    if p.notes:
        sections.append(
            "<h2>Not shown</h2><ul>" + "".join(f"<li>{esc(n)}</li>" for n in p.notes) + "</ul>"
        )
    sections.append(_sources(dataset))
    options = "".join(
        f'<script type="application/json" id="opt-{cid}">{_json(opt)}</script>'
        for cid, opt, _, _ in charts
    )
    body = "".join(sections)
    for cid, _, height, unit in charts:
        body = body.replace(
            f"<!--chart:{cid}-->",
            f'<div class="chart" id="chart-{cid}" data-option="opt-{cid}" data-unit="{unit}" '
            f'style="height:{height}px"></div>',
        )
    page = _PAGE.format(
        lang=page_language([p.name]),
        title=esc(_title(p)),
        heading=esc(_title(p)),
        where=esc(f"{p.level}{' in ' + p.parents if p.parents else ''}"),
        scope=esc(p.scope.describe()),
        body=body,
        options=options,
        echarts=_echarts_js(),
        credit=esc(
            f"Charts: {ECHARTS['name']} {ECHARTS['version']} ({ECHARTS['licence']}), inlined."
        ),
    )
    return page, tuple(cid for cid, _, _, _ in charts)


def _plural(level: str) -> str:
    from clusteratlas.loaders.dataset_json import region_word

    return region_word(level, plural=True)


def _unit_text(p: RegionProfile, dataset: Dataset | None = None) -> str:
    """What the figures count, in the data's own words (``dataset.json`` ``measure_labels``,
    else the measure's name), with the unit: 'employed residents by place of residence,
    census long-form sample, in persons'."""
    from clusteratlas.loaders.dataset_json import measure_label

    label = None if dataset is None else measure_label(dataset.metadata, p.scope.measure, p.level)
    if label is not None:
        return f"{label}, in {p.unit}" if p.unit else label
    what = f"{p.scope.measure} ({p.unit})" if p.unit else p.scope.measure
    if p.sampled:
        return f"{what}, counts of a sample"
    return what


def _coverage(p: RegionProfile, dataset: Dataset) -> str | None:
    """What the ranking leaves out (``dataset.json`` ``coverage``), when the data say."""
    from clusteratlas.loaders.dataset_json import coverage_note

    ranked = p.scores.get("n_ranked")
    if ranked is None:
        return None
    return coverage_note(dataset.metadata, p.level, p.year, int(ranked))


def _bars(
    labels: list[str], series: list[tuple[str, list[Any], str, bool]], axis_name: str
) -> dict[str, Any]:
    """Horizontal bars, one row per label (first on top), one series per tuple
    (name, values, colour, labelled)."""
    return {
        "animation": False,
        "textStyle": {"fontSize": 13},
        "grid": {"left": 8, "right": 60, "top": 34, "bottom": 40, "containLabel": True},
        "legend": {"top": 0, "textStyle": {"fontSize": 13}},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {
            "type": "value",
            "name": axis_name,
            "nameLocation": "middle",
            "nameGap": 26,
            "axisLabel": {"fontSize": 12},
        },
        "yAxis": {
            "type": "category",
            "data": labels,
            "inverse": True,
            "axisLabel": {"fontSize": 13, "width": 260, "overflow": "truncate"},
        },
        "series": [
            {
                "type": "bar",
                "name": name,
                "data": values,
                "itemStyle": {"color": colour},
                "label": {"show": labelled, "position": "right", "fontSize": 12},
                "barGap": "10%",
            }
            for name, values, colour, labelled in series
        ],
    }


def _figure(cid: str, title: str, caption: str) -> str:
    esc = html.escape
    return (
        f'<figure id="fig-{cid}"><figcaption><b>{esc(title)}</b></figcaption>'
        f'<!--chart:{cid}--><p class="src">{esc(caption)}</p></figure>'
    )


def _key_figures(p: RegionProfile, unit_text: str, census: str, coverage: str | None = None) -> str:
    esc = html.escape
    top = p.industries.sort_values("share", ascending=False).iloc[0]
    lines = [
        f"{p.scope.measure.capitalize()} {p.year}: {number(p.total)} ({unit_text}); "
        f"largest: {top['name']} {percent(top['share'])} (nation "
        f"{percent(top['national_share'])}).",
    ]
    if p.base_year is not None:
        lines.append(
            f"{top['name']}: {percent(top['share_base'])} in {p.base_year} → "
            f"{percent(top['share'])} in {p.year} ({_pp(top['change'])})."
        )
    s = p.scores
    if s.get("rank") is not None:
        lines.append(_rank_sentence(p) + (f" {coverage}" if coverage else ""))
    for r in records(p.facts):  # the sources in full under "What the article says"
        lines.append(f"{_fact_text(r)} ({r.year}; source below)")
    return (
        '<section class="key"><h2>Key figures</h2><ul>'
        + "".join(f"<li>{esc(t)}</li>" for t in lines)
        + "</ul></section>"
    )


def _rank_sentence(p: RegionProfile) -> str:
    s = p.scores
    u = s.get("uncertainty") or {}
    conf = f"{float(u['confidence']):.0%}" if u.get("confidence") else ""
    interval = ""
    if finite(s.get("rank_low")) and finite(s.get("rank_high")):
        interval = f" ({conf} sampling interval {int(s['rank_low']):,}-{int(s['rank_high']):,})"
    if finite(s.get("rank_spec_low")) and finite(s.get("rank_spec_high")):
        count = (s.get("specifications") or {}).get("distinct")
        interval += (
            f"; {int(s['rank_spec_low']):,}-{int(s['rank_spec_high']):,} over "
            f"{count or 'the'} distinct specifications (shock level and size, growth window, "
            "weights, "
            "small samples)"
        )
    score = f"{float(s['resilience']):.1f}"
    if finite(s.get("resilience_low")):
        score += f" ({float(s['resilience_low']):.1f}-{float(s['resilience_high']):.1f})"
    small = ""
    if bool(s.get("small_sample")) and s.get("min_sample"):
        small = (
            f" Small sample: fewer than {int(s['min_sample']):,} sampled units, so the score "
            "and rank are noisy."
        )
    return (
        f"Resilience rank {int(s['rank']):,} of {int(s['n_ranked']):,} ranked "
        f"{_plural(p.level)}{interval}, 1 = most resilient; score {score} of 0-100.{small}"
    )


def _industry_table(p: RegionProfile, ind: pd.DataFrame, unit_text: str) -> str:
    esc = html.escape
    has_base = p.base_year is not None
    head = [
        "code",
        "industry",
        "market",
        f"{p.year} count ({p.unit}{', sampled' if p.sampled else ''})",
        f"share {p.year}",
        f"nation {p.year}",
        "LQ",
    ]
    if has_base:
        head += [f"share {p.base_year}", "change", "nation's change"]
    rows = []
    for code, r in ind.iterrows():
        lq = f"{float(r['lq']):.2f}" if finite(r["lq"]) else "n/a"
        if r["flagged"] and p.min_count:
            lq += f" ⚑ <{p.min_count:,.0f}"
        cells = [
            esc(str(code)),
            esc(str(r["name"])),
            esc(str(r["market"])),
            number(r["count"]),
            percent(r["share"]),
            percent(r["national_share"]),
            esc(lq),
        ]
        if has_base:
            cells += [percent(r["share_base"]), _pp(r["change"]), _pp(r["national_change"])]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    note = (
        f"count: {unit_text}. ⚑: fewer than {p.min_count:,.0f} in the cell (the LQ is noisy). "
        if p.min_count
        else f"count: {unit_text}. "
    )
    note += (
        "market: traded, mixed, local or resource (dataset.json industry_markets). "
        "Shares in % of the region's total; changes in percentage points (pp)."
    )
    return (
        f"<h2>By industry</h2><table><tr>{''.join(f'<th>{esc(h)}</th>' for h in head)}</tr>"
        f'{"".join(rows)}</table><p class="src">{esc(note)}</p>'
    )


_DEFAULT_SHOCK = "a 10% fall in one sector's final demand"

#: What each component of the composite reads besides the region's shares.
_COMPONENT_INPUTS = {
    "worst_loss": "the national input-output table",
    "mean_loss": "the national input-output table",
    "dependency_loss": "the national input-output table",
    "portfolio_variance": "the national {measure} series",
}


def finite_text(value: Any) -> bool:
    """A value worth printing: not None, not NaN, not empty (an empty ticker is left out).

    >>> finite_text("000001"), finite_text(float("nan")), finite_text(""), finite_text(None)
    (True, False, False, False)
    """
    if value is None:
        return False
    if isinstance(value, float) and value != value:
        return False
    return str(value).strip() not in ("", "nan", "None")


def _inputs_used(s: Any, p: RegionProfile) -> str:
    """', the national input-output table and the national employment series': what the
    composite's components used (``components``), never an input a dropped one would have."""
    used = dict.fromkeys(
        _COMPONENT_INPUTS[c].format(measure=p.scope.measure)
        for c in (s.get("components") or {})
        if c in _COMPONENT_INPUTS
    )
    if not used:
        return ""
    names = list(used)
    return ", " + (names[0] if len(names) == 1 else f"{names[0]} and {names[1]}")


def _resilience(p: RegionProfile, charts: list[Any]) -> str:
    esc = html.escape
    s = p.scores
    u = s.get("uncertainty") or {}
    weights = ", ".join(f"{k} {v:g}" for k, v in (s.get("components") or {}).items())
    rows = [
        (
            "resilience (0-100, percentile composite)",
            f"{float(s['resilience']):.1f}"
            + (
                f" ({float(s['resilience_low']):.1f}-{float(s['resilience_high']):.1f})"
                if finite(s.get("resilience_low"))
                else ""
            ),
        ),
        (
            "rank (1 = most resilient)",
            f"{int(s['rank']):,} of {int(s['n_ranked']):,}"
            + (
                f" ({int(s['rank_low']):,}-{int(s['rank_high']):,})"
                if finite(s.get("rank_low"))
                else ""
            ),
        ),
    ]
    if finite(s.get("rank_spec_low")):
        rows.append(
            (
                "rank over the specifications (best-worst)",
                f"{int(s['rank_spec_low']):,}-{int(s['rank_spec_high']):,}; score "
                f"{float(s['resilience_spec_low']):.1f}-{float(s['resilience_spec_high']):.1f}",
            )
        )
    for key, label, fmt in (
        ("entropy", "entropy of the mix (nats)", lambda v: f"{v:.3f}"),
        ("portfolio_variance", "portfolio variance (growth rate², no unit)", lambda v: f"{v:.5f}"),
        (
            "worst_loss",
            f"worst loss: {s.get('shock') or _DEFAULT_SHOCK} (% of activity)",
            lambda v: percent(v),
        ),
        ("sample_size", "sample size (sampled units)", lambda v: f"{int(v):,}"),
    ):
        if finite(s.get(key)):
            rows.append((label, fmt(float(s[key]))))
    for key, label in (
        ("worst_sector_name", "shock that hurts it most beyond the nation"),
        ("main_dependency_name", "main dependency (supply side)"),
    ):
        if isinstance(s.get(key), str):
            extra = s.get(key.replace("_name", "_excess"))
            rows.append(
                (
                    label,
                    s[key] + (f" ({percent(extra)} beyond the nation)" if finite(extra) else ""),
                )
            )
    interval = (
        f"Intervals: {float(u['confidence']):.0%}, from {u['replicates']} multinomial bootstrap "
        f"replicates of every region's sample (seed {u['seed']}); they cover sampling noise "
        "only, not the choice of model."
        if u.get("method")
        else "No sampling intervals."
    )
    table = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    figure = ""
    counts = s.get("histogram")
    if counts:
        width = 100 / len(counts)
        own = min(int(float(s["resilience"]) // width), len(counts) - 1)
        labels = [f"{k * width:g}-{(k + 1) * width:g}" for k in range(len(counts))]
        bars = [
            {"value": n, "itemStyle": {"color": REGION_COLOUR if k == own else NATION_COLOUR}}
            for k, n in enumerate(counts)
        ]
        option = {
            "animation": False,
            "textStyle": {"fontSize": 13},
            "grid": {"left": 8, "right": 20, "top": 30, "bottom": 40, "containLabel": True},
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "xAxis": {
                "type": "category",
                "data": labels,
                "name": "resilience score (0-100)",
                "nameLocation": "middle",
                "nameGap": 28,
            },
            "yAxis": {"type": "value", "name": f"{_plural(p.level)}"},
            "series": [
                {
                    "type": "bar",
                    "name": _plural(p.level),
                    "data": bars,
                    "label": {"show": True, "position": "top", "fontSize": 11},
                }
            ],
        }
        charts.append(("resilience", option, 300, f" {_plural(p.level)}"))
        figure = _figure(
            "resilience",
            f"Where {p.name} stands: the resilience scores of the {int(s['n_ranked']):,} ranked "
            f"{_plural(p.level)} (number of {_plural(p.level)} per 5 points)",
            f"Its bin in colour: score {float(s['resilience']):.1f}. Computed by clusteratlas "
            f"from the {p.scope.measure} shares of every {p.level}{_inputs_used(s, p)} (the "
            "sources below).",
        )
    return (
        f"<h2>Resilience</h2><p>{esc(_rank_sentence(p))}</p>{figure}<table class=kv>{table}</table>"
        f'<p class="src">{esc(interval)} Composite weights: {esc(weights)}; a rank among '
        f"{_plural(p.level)}, not an absolute measure (README, How the resilience score is "
        f"built). Computed by clusteratlas from the {p.scope.measure} shares above"
        f"{_inputs_used(s, p)}.</p>"
    )


def _clusters(p: RegionProfile, dataset: Dataset, census: str) -> str:
    esc = html.escape
    out = ["<h2>Clusters</h2>"]
    c = p.clusters
    if len(c):
        rows = []
        for r in records(c):
            rows.append(
                "<tr>"
                + "".join(
                    f"<td>{x}</td>"
                    for x in (
                        esc(str(r.kind)),
                        esc(f"{r.industry_name} ({r.industry_code})"),
                        number(r.size),
                        percent(r.share),
                        f"{float(r.lq):.2f}",
                        percent(r.lq_rank_share)
                        if finite(getattr(r, "lq_rank_share", None))
                        else "n/a",
                        esc(str(r.market)),
                        str(int(r.n_members)),
                    )
                )
                + "</tr>"
            )
        out.append(
            "<h3>Detected in the data</h3><table><tr><th>kind</th><th>industry</th>"
            f"<th>size ({esc(p.unit or 'units')}{', sampled' if p.sampled else ''})</th>"
            "<th>share of the region</th>"
            "<th>LQ</th><th>LQ among the top</th><th>market</th><th>listed firms</th></tr>"
            + "".join(rows)
            + "</table>"
            f'<p class="src">Specialisation clusters: LQ ≥ {CLUSTER_LQ}, the region among the '
            f"top 25% of {_plural(p.level)} by LQ in the industry, "
            + (f"at least {p.min_count:,.0f} sampled units, " if p.min_count else "")
            + "traded, mixed or resource markets "
            '(Delgado, Porter &amp; Stern 2016). "LQ among the top": the share of '
            f"{_plural(p.level)} with an LQ at least as high. Source: {esc(census)}.</p>"
        )
    else:
        out.append(f"<p>No detected cluster in {esc(p.name)}.</p>")
    d = p.declared
    if len(d):
        rows = []
        for r in records(d):
            firms = f"{int(r.listed_firms)} of {int(r.region_listed_firms)}" + (
                f" (firm LQ {float(r.firm_lq):.2f})" if finite(r.firm_lq) else ""
            )
            rows.append(
                "<tr>"
                + "".join(
                    f"<td>{esc(x)}</td>"
                    for x in (
                        str(r.label),
                        f"{r.state} at {r.level} level",
                        str(r.why),
                        firms,
                        str(r.firm_evidence),
                        str(r.source) if isinstance(r.source, str) else "not given",
                    )
                )
                + "</tr>"
            )
        out.append(
            "<h3>Declared by a source</h3><table><tr><th>cluster</th><th>state</th>"
            "<th>why</th><th>listed firms in its industries</th><th>firm evidence</th>"
            "<th>named by</th></tr>" + "".join(rows) + "</table>"
            f'<p class="src">Listed firms: {esc(_companies(dataset))}. The detection works at '
            "the level the employment data count; a cluster finer than it is not testable "
            "there, and the listed firms' industries are the only finer evidence.</p>"
        )
    return "".join(out)


def _companies(dataset: Dataset) -> str:
    from clusteratlas.graph.analytics.firms import company_coverage

    return company_coverage(dataset)


def _supply(p: RegionProfile, dataset: Dataset, charts: list[Any]) -> str:
    esc = html.escape
    s = p.supply
    assert s is not None
    src = _cite(dataset, "input-output", str(s.year))
    up_labels = [
        f"{_short(c)} {n}" + (" (itself)" if c == s.code else "")
        for c, n in zip(s.upstream["code"], s.upstream["name"], strict=True)
    ]
    charts.append(
        (
            "upstream",
            _bars(
                up_labels,
                [
                    (
                        "inputs per 100 of output",
                        [_pct(v, 2) for v in s.upstream["coefficient"]],
                        "#486581",
                        True,
                    )
                ],
                "% of its output value",
            ),
            60 + 36 * len(up_labels),
            "%",
        )
    )
    down_labels = [
        f"{_short(c)} {n}" + (" (itself)" if c == s.code else "")
        for c, n in zip(s.downstream["code"], s.downstream["name"], strict=True)
    ]
    final_labels = [f"final use: {str(c).replace('_', ' ')}" for c in s.final_use["category"]]
    down = _bars(
        down_labels + final_labels,
        [
            (
                "bought by a sector (intermediate)",
                [_pct(v, 2) for v in s.downstream["share"]] + [None] * len(final_labels),
                "#486581",
                True,
            ),
            (
                "final use",
                [None] * len(down_labels) + [_pct(v, 2) for v in s.final_use["share"]],
                "#2f855a",
                True,
            ),
        ],
        "% of its output",
    )
    for series in down["series"]:
        series["barGap"] = "-100%"
    charts.append(("downstream", down, 60 + 36 * (len(down_labels) + len(final_labels)), "%"))
    return (
        f"<h2>Supply chain in brief: {esc(s.name)} ({esc(s.code)})</h2>"
        f"<p>{esc(s.reason)}</p>"
        + _figure(
            "upstream",
            f"What it buys: its largest inputs per 100 of its output's value, {s.year} (%)",
            f"a_ij = z_ij / x_j: sector i's output bought as input per unit of {s.name}'s "
            f"national gross output (x_j = {number(s.output)} {s.unit}). National table: the "
            f"region is assumed to use the nation's technology. Source: {src}.",
        )
        + _figure(
            "downstream",
            f"Where its output goes: the largest buyers and final uses, {s.year} (% of output)",
            f"b_ji = z_ji / x_j (the share of its output a sector buys; Ghosh 1958) and "
            f"f_jk / x_j by final-use category (negative: inventories drawn down); the rest "
            f"goes to other sectors. Source: {src}.",
        )
    )


def _firms(p: RegionProfile, dataset: Dataset) -> str:
    esc = html.escape
    f = p.firms
    head = f"<h2>Listed firms by industry ({esc(_companies(dataset))})</h2>"
    then = _listed_then(p)
    if then and not p.firms_dated:
        return head + f"<p>{esc(then)}</p>"
    if f.empty:
        return head + (
            f"<p>{esc(then)}</p>"
            if then
            else f"<p>None of the data's companies is placed in {esc(p.name)}.</p>"
        )
    groups: dict[str, list[Any]] = {}
    for r in records(f):
        groups.setdefault(str(r.group), []).append(r)
    rows = []
    for g in sorted(groups, key=lambda g: (-len(groups[g]), g)):
        members = groups[g]
        items = "; ".join(
            f"{r.name} ({', '.join(str(x) for x in (r.ticker, own) if finite_text(x))})"
            if any(finite_text(x) for x in (r.ticker, own))
            else str(r.name)
            for r in members
            for own in [r.industry if r.industry and r.industry != g else None]
        )
        rows.append(f"<tr><td>{esc(g)}</td><td>{len(members)}</td><td>{esc(items)}</td></tr>")
    classes = _cite(dataset, "industry classification")
    return (
        head
        + (f"<p>{esc(then)}</p>" if then else "")
        + "<table><tr><th>industry</th><th>firms</th><th>firms (ticker, own industry)</th></tr>"
        + "".join(rows)
        + "</table>"
        f'<p class="src">{len(f)} firms placed in {esc(p.name)} from their registered '
        f"address; grouped by the top level of {esc(p.firm_scheme or 'their classification')} "
        "(firms it does not classify: by their primary industry, scheme named). Counts of "
        f"listed firms, not of jobs. Sources: {esc(_cite(dataset, 'company list'))}; "
        f"{esc(classes)}.</p>"
    )


def _listed_then(p: RegionProfile) -> str:
    """What a report of an earlier year than the data's latest says of its firms: only those
    listed by the end of its year (``listed_on``), how many of today's, or that the list has
    no listing dates to tell (empty on a report of the latest year)."""
    year = p.firms_listed_by
    if year is None or not p.firms_today:
        return ""
    if not p.firms_dated:
        return (
            f"The company list gives no listing dates, so this {year} report cannot tell which "
            f"of the {p.firms_today} firms placed in {p.name} today were listed then, and "
            "counts none (here and in the supply chain)."
        )
    undated = p.firms_today - p.firms_dated
    return (
        f"A {year} report: only the firms listed by the end of {year} (listed_on), "
        f"{len(p.firms)} of the {p.firms_today} placed in {p.name} today, here and in the "
        "supply chain. The list is today's: firms delisted since, or then registered "
        "elsewhere, are missing."
        + (f" {undated} without a listing date left out." if undated else "")
    )


def _fact_text(r: Any) -> str:
    from clusteratlas.graph.views._format import indicator_text

    return indicator_text(r.indicator, r.value, r.unit, r.qualifier)


def _facts(p: RegionProfile) -> str:
    esc = html.escape
    rows = "".join(
        f"<tr><td>{esc(_fact_text(r))}</td><td>{r.year}</td><td>{esc(str(r.unit))}</td>"
        f"<td>{esc(str(r.qualifier).replace('_', ' '))}</td><td>{esc(str(r.source))}</td></tr>"
        for r in records(p.facts)
    )
    return (
        "<h2>What the article says</h2><table><tr><th>fact</th><th>year</th><th>unit</th>"
        f"<th>qualifier</th><th>source</th></tr>{rows}</table>"
        '<p class="src">Quoted as the source gives them: "&gt;" marks a lower bound '
        '("more than"), not an exact figure.</p>'
    )


def _sources(dataset: Dataset) -> str:
    esc = html.escape
    sources = (dataset.metadata.get("provenance") or {}).get("sources") or {}
    items = []
    for key, s in sources.items():
        if not isinstance(s, dict):
            continue
        parts = [str(s.get(k)) for k in ("title", "publisher", "vintage") if s.get(k)]
        extra = "; ".join(str(s[k]) for k in ("licence", "note") if s.get(k))
        items.append(
            f"<li><b>{esc(key)}</b>: {esc(', '.join(parts))}"
            + (f" ({esc(extra)})" if extra else "")
            + (f" {esc(str(s['url']))}" if s.get("url") else "")
            + "</li>"
        )
    if not items:
        from clusteratlas.graph.views._data import source_of

        items.append(f"<li>{esc(source_of(dataset))}</li>")
    return "<h2>Sources</h2><ul class=src>" + "".join(items) + "</ul>"


_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body{{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif;
margin:0 auto;padding:18px 24px;max-width:1180px;color:#1f2933;font-size:15px;line-height:1.45}}
h1{{font-size:26px;margin:4px 0}} h2{{font-size:20px;margin:26px 0 8px;
border-bottom:2px solid #e4e7eb;padding-bottom:3px}} h3{{font-size:16px;margin:14px 0 6px}}
.sub{{color:#52606d;margin:0 0 6px}} .src{{color:#52606d;font-size:13px;margin:4px 0 10px}}
.key ul{{margin:6px 0;padding-left:20px}} .key li{{margin:3px 0}}
figure{{margin:14px 0}} figcaption{{font-size:15px;margin-bottom:4px}}
.chart{{width:100%;min-height:120px}}
table{{border-collapse:collapse;font-size:13px;margin:6px 0}}
td,th{{border:1px solid #d9e2ec;padding:3px 7px;text-align:left;vertical-align:top}}
th{{background:#f0f4f8}} table.kv th{{font-weight:normal;color:#334e68}}
footer{{margin-top:24px;color:#7b8794;font-size:12px}}
@media print{{.chart{{break-inside:avoid}}}}
</style></head><body>
<h1 id="report-title">{heading}</h1>
<p class="sub">{where}. Scope: {scope}.</p>
{body}
<footer>{credit} Written by clusteratlas; works offline.</footer>
{options}
<script>{echarts}</script>
<script>
(function () {{
  var charts = [];
  document.querySelectorAll('div.chart').forEach(function (div) {{
    var option = JSON.parse(document.getElementById(div.dataset.option).textContent);
    var unit = div.dataset.unit || '';
    option.tooltip = Object.assign({{}}, option.tooltip || {{}}, {{
      valueFormatter: function (v) {{ return v == null ? 'n/a' : v + unit; }}
    }});
    var chart = echarts.init(div, null, {{renderer: 'svg'}});
    chart.setOption(option);
    charts.push(chart);
  }});
  window.addEventListener('resize', function () {{
    charts.forEach(function (c) {{ c.resize(); }});
  }});
  window.reportCharts = charts.length;
  window.reportReady = true;
}})();
</script>
</body></html>
"""
