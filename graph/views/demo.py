"""The demo's views: for each seed county its region, supply-chain and industry-space pages,
one cluster network of them all, a national map, and an index page that groups them by
county beside the resilience table.

>>> import tempfile
>>> from clusteratlas.graph.views._toy import toy_dataset
>>> with tempfile.TemporaryDirectory() as d:
...     paths = write_demo_views(toy_dataset(), d, regions=["100101", "100103"])
...     sorted(p.name for p in paths)[:3]
['clusters.html', 'index.html', 'industry-space-100101.html']
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from clusteratlas.errors import ClusterAtlasError
from clusteratlas.graph.definitions.scope import AnalysisScope
from clusteratlas.graph.definitions.score_columns import SAMPLE_ONLY_COLUMNS
from clusteratlas.graph.views._data import view_scope
from clusteratlas.graph.views._format import magnitudes_for, number, page_language, percent
from clusteratlas.graph.views.clusters import cluster_network_view
from clusteratlas.graph.views.industry_space import industry_space_view
from clusteratlas.graph.views.map import map_view
from clusteratlas.graph.views.model import View
from clusteratlas.graph.views.names import add_search_names
from clusteratlas.graph.views.region import region_view
from clusteratlas.graph.views.report import Report, region_report
from clusteratlas.graph.views.supply_chain import supply_chain_view
from clusteratlas.loaders.dataset import Dataset
from clusteratlas.loaders.dataset_json import coverage_note, featured_regions, region_word

__all__ = ["QUESTIONS", "questions", "write_demo_views"]

log = logging.getLogger("clusteratlas")

QUESTIONS = {
    "report": "The {region} on one page to quote: its mix against the nation, its change since "
    "the data's earlier year, its resilience rank, clusters, supply chain, firms and sources",
    "region": "What is the {region} made of: its industries by share, clusters and companies?",
    "supply-chain": "Which sectors does the {region}'s own industry buy from and sell to?",
    "industry-space": "Which industries are near the {region}'s clusters (what could it grow)?",
    "clusters": "Which clusters are central, and which clusters are each {region}'s neighbours?",
    "map": "Where are the resilient and the exposed {regions}?",
}
"""What each view answers, one line each (the index page shows them), in the words of the
data: ``{region}`` is the analysed region level (county, msa, provincia)."""


def questions(level: str) -> dict[str, str]:
    """:data:`QUESTIONS` for regions of ``level``.

    Parameters
    ----------
    level : str
        The analysis scope's region level.

    Returns
    -------
    dict
        View kind -> question.

    Examples
    --------
    >>> questions("county")["map"]
    'Where are the resilient and the exposed counties?'
    """
    word, words = region_word(level), region_word(level, plural=True)
    return {k: q.format(region=word, regions=words) for k, q in QUESTIONS.items()}


SCORE_COLUMNS = [
    ("rank", "rank"),
    ("rank_low", "rank_low"),
    ("rank_high", "rank_high"),
    ("rank_spec_low", "rank_spec_low"),
    ("rank_spec_high", "rank_spec_high"),
    ("resilience", "resilience (0-100)"),
    ("resilience_low", "resilience_low"),
    ("resilience_high", "resilience_high"),
    ("sample_size", "sample_size"),
    ("small_sample", "small_sample"),
    ("entropy", "entropy"),
    ("worst_loss", "worst loss (any sector)"),
    ("worst_sector_name", "shock that hurts it most beyond the nation"),
    ("worst_sector_loss", "its loss"),
    ("worst_sector_excess", "beyond the nation"),
    ("main_dependency_name", "main dependency (supply side)"),
]
"""Columns of the index's resilience table (column of the scores, heading); those the
scores lack are left out."""
PERCENT_COLUMNS = {"worst_loss", "worst_sector_loss", "worst_sector_excess"}
INTEGER_COLUMNS = {
    "rank",
    "rank_low",
    "rank_high",
    "rank_spec_low",
    "rank_spec_high",
    "sample_size",
}


def write_demo_views(
    dataset: Dataset,
    out_dir: str | Path,
    regions: Sequence[str] | None = None,
    clusters: pd.DataFrame | None = None,
    scores: pd.DataFrame | None = None,
    tables: Mapping[str, str] | None = None,
    scope: AnalysisScope | None = None,
    network: nx.Graph | None = None,
    recovery: pd.DataFrame | None = None,
) -> list[Path]:
    """Write the demo's HTML views into ``out_dir`` and return their paths (index last).

    Per region in ``regions`` present in the dataset: ``report-<code>.html`` (its profile
    on one page, :func:`~clusteratlas.graph.views.report.region_report`, from the
    ``scores``, ``clusters`` and ``recovery`` given), ``region-<code>.html``,
    ``supply-chain-<code>.html`` (the chain of the region's own sector, see
    :func:`~clusteratlas.graph.analytics.focus.region_focus`) and
    ``industry-space-<code>.html``; then ``clusters.html`` (which of their clusters are
    central), ``map.html`` (every region coloured by resilience) and ``index.html``: one
    section per region with its row of ``scores`` and its views, each with the question
    it answers (:func:`questions`), and links to ``tables``. A region missing from the
    dataset, or a view the data cannot support, is skipped with a warning and listed on
    the index. The pages draw what an analysis computed, once for all of them; what is
    not given is computed by the analytics for the page.

    Parameters
    ----------
    dataset : Dataset
        The data the views draw.
    out_dir : str or Path
        The folder to write into (created if needed; existing pages are replaced).
    regions : sequence of str, optional
        Region codes to draw pages for; default the dataset's featured regions
        (:func:`~clusteratlas.loaders.dataset_json.featured_regions`).
    clusters : DataFrame, optional
        The clusters with their centrality (``analyze``'s ``clusters``).
    scores : DataFrame, optional
        The resilience table, indexed by region code (``analyze``'s ``regions``).
    tables : mapping of str to str, optional
        Label -> relative path of files the index links to (the demo's CSV files).
    scope : AnalysisScope, optional
        The analysis scope of the tables; default inferred from the data.
    network : Graph, optional
        The cluster network (``analyze``'s ``network``).
    recovery : DataFrame, optional
        The declared clusters against the detected ones (``analyze``'s ``recovery``).

    Returns
    -------
    list of Path
        The pages written, in the order written, ``index.html`` last.

    Examples
    --------
    >>> import tempfile
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> with tempfile.TemporaryDirectory() as d:
    ...     paths = write_demo_views(toy_dataset(), d, regions=["100101", "999"])
    ...     [p.name for p in paths][:2], paths[-1].name
    (['report-100101.html', 'region-100101.html'], 'index.html')
    """
    if scope is None:
        scope = view_scope(dataset)
    if regions is None:
        regions = featured_regions(dataset)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    known = set(dataset.regions["code"])
    present = [str(c) for c in regions if str(c) in known]
    skipped = [f"{c}: not in the dataset" for c in regions if str(c) not in known]
    written: dict[str, tuple[Path, View | Report]] = {}

    def attempt(name: str, build: Callable[[], View | Report]) -> None:
        try:
            with magnitudes_for(dataset.metadata.get("lang")):  # money as the names' language
                view = build()
        except ClusterAtlasError as e:
            skipped.append(f"{name}: {e}")
            log.warning("view %s skipped: %s", name, e)
            return
        if isinstance(view, View):  # its search box finds names in either language
            add_search_names(view, dataset)
        written[name] = (view.write_html(out / name), view)

    log.info(
        "views: %d pages of %d regions, a cluster network and a map ...",
        4 * len(present),
        len(present),
    )
    for code in present:
        attempt(
            f"report-{code}.html",
            partial(
                region_report,
                dataset,
                code,
                scope=scope,
                scores=scores,
                clusters=clusters,
                recovery=recovery,
            ),
        )
        attempt(
            f"region-{code}.html",
            partial(
                region_view, dataset, [code], clusters=clusters, recovery=recovery, scope=scope
            ),
        )
        attempt(
            f"supply-chain-{code}.html",
            partial(supply_chain_view, dataset, regions=[code], scope=scope),
        )
        attempt(
            f"industry-space-{code}.html",
            partial(industry_space_view, dataset, [code], scope=scope, clusters=clusters),
        )
    if present:
        attempt(
            "clusters.html",
            partial(
                cluster_network_view,
                dataset,
                present,
                clusters=clusters,
                network=network,
                scope=scope,
            ),
        )
    attempt(
        "map.html",
        partial(map_view, dataset, "resilience", highlight=present, scope=scope, scores=scores),
    )
    index = out / "index.html"
    names = dict(zip(dataset.regions["code"].astype(str), dataset.regions["name"], strict=True))
    index.write_text(
        _index_page(
            present,
            names,
            written,
            skipped,
            scores,
            dict(tables or {}),
            questions(scope.level),
            _about(dataset, scope, scores),
            coverage_note(dataset.metadata, scope.level, scope.year, len(scores))
            if scores is not None
            else None,
        ),
        encoding="utf-8",
    )
    return [p for p, _ in written.values()] + [index]


def _about(dataset: Dataset, scope: AnalysisScope, scores: pd.DataFrame | None) -> tuple[str, str]:
    """(the country, what the pages analyse): the data's ``country`` region (else its
    dataset name) and e.g. '10 provincias of España: exports (EUR million), 2022', with
    the regions of the level that have no values (in no ranking) named."""
    regions = dataset.regions
    countries = regions.loc[regions["level"] == "country", "name"].astype(str).tolist()
    where = countries[0] if len(countries) == 1 else str(dataset.metadata.get("name") or "")
    n = len(scores) if scores is not None else int((regions["level"] == scope.level).sum())
    unit = f" ({scope.unit})" if scope.unit else ""
    kind = region_word(scope.level, plural=n != 1)
    what = f"{n:,} {kind}" + (f" of {where}" if where else "")
    what = f"{what}: {scope.measure}{unit}, {scope.year}"
    covered = scores is not None and coverage_note(
        dataset.metadata, scope.level, scope.year, len(scores)
    )
    # regions of the level without values are in no ranking: say so (the data's coverage
    # note, shown beside the table, says it already where the data have one)
    if scores is not None and not covered:
        codes = regions.loc[regions["level"] == scope.level, "code"].astype(str)
        unscored = sorted(set(codes) - set(scores.index.astype(str)))
        if unscored:
            shown = ", ".join(unscored[:5]) + (", ..." if len(unscored) > 5 else "")
            what += (
                f"; not scored: {len(unscored):,} "
                f"{region_word(scope.level, plural=len(unscored) != 1)} without values ({shown})"
            )
    return where, what


def _language(names: Mapping[str, str]) -> str:
    """The index page's language, from its region names (:func:`page_language`)."""
    return page_language(names.values())


def _cell(value: Any, column: str = "") -> str:
    """One cell of the resilience table: losses in %, counts and ranks whole, flags yes/no."""
    if not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value):
        return "n/a"
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "yes" if value else "no"
    if column in PERCENT_COLUMNS:
        return percent(value)
    if column in INTEGER_COLUMNS:
        return f"{int(value):,}"
    if isinstance(value, float):
        return number(value, 3)
    return html.escape(str(value))


def _score_line(scores: pd.DataFrame, code: str) -> str:
    """'resilience 62.1 (61.8-62.5), rank 764 of 2,837 (742-789)' for one region."""
    row: Any = scores.loc[code]

    def interval(low: str, high: str, integer: bool = False) -> str:
        if low not in scores.columns or high not in scores.columns or pd.isna(row[low]):
            return ""
        a, b = float(row[low]), float(row[high])
        return f" ({a:,.0f}-{b:,.0f})" if integer else f" ({number(a, 3)}-{number(b, 3)})"

    text = f"resilience {number(float(row['resilience']), 3)}"
    text += interval("resilience_low", "resilience_high")
    if "rank" in scores.columns:
        text += f", rank {int(row['rank']):,} of {len(scores):,}"
        text += interval("rank_low", "rank_high", integer=True)
        spec = interval("rank_spec_low", "rank_spec_high", integer=True)
        if spec:
            text += f", over the specifications{spec}"
    if "small_sample" in scores.columns and bool(row["small_sample"]):
        text += "; small sample"
    return text


def _table_notes(scores: pd.DataFrame) -> list[str]:
    """What the table's columns mean, one line each, from the scores and their ``attrs``."""
    a = scores.attrs
    u = a.get("uncertainty") or {}
    notes = []
    if "resilience_low" in scores.columns and u.get("method"):
        notes.append(
            f"_low/_high: {u['confidence']:.0%} intervals from {u['replicates']} multinomial "
            f"bootstrap replicates of each region's sample (seed {u['seed']}); rank_low is the "
            "better end. They cover sampling noise only, not the choice of model."
        )
    elif u.get("reason"):
        notes.append(f"No sampling intervals: {u['reason']}.")
    spec = a.get("specifications") or {}
    if "rank_spec_low" in scores.columns and spec.get("method"):
        notes.append(
            "rank_spec_low/high: the best and worst rank over "
            f"{spec.get('distinct', spec['count'])} distinct specifications, "
            "every combination of the shock level (" + ", ".join(spec["shock"]) + "), the "
            "growth window ("
            + ", ".join(spec["growth"])
            + "), the weights ("
            + ", ".join(spec["weights"])
            + ") and the regions compared ("
            + ", ".join(spec["regions"])
            + "): the analyst's choices, not sampling noise."
        )
    sizes = scores["sample_size"] if "sample_size" in scores.columns else pd.Series()
    if "small_sample" in scores.columns and sizes.notna().any():
        floor = a.get("min_sample")
        n_small = int(scores["small_sample"].fillna(False).astype(bool).sum())
        notes.append(
            "sample_size: the region's total in the sample (its sampled units: the measure is "
            "a declared sample count, dataset.json samples); small_sample: fewer than "
            + (f"{int(floor):,}" if floor else "the minimum")
            + f", so its score and rank are noisy ({n_small:,} of {len(scores):,} regions)."
        )
    if "worst_sector_excess" in scores.columns:
        notes.append(
            "Losses are shares of the region's activity after "
            + str(scores.attrs.get("shock") or "a 10% fall in one sector's final demand")
            + ". worst loss: the largest, from any sector (the composite's component). The "
            "next three columns name the sector whose shock costs the region most beyond what "
            "it costs the nation's mix, the region's loss from it and that excess."
        )
    return notes


def _index_page(
    present: list[str],
    names: dict[str, str],
    written: dict[str, tuple[Path, View | Report]],
    skipped: list[str],
    scores: pd.DataFrame | None,
    tables: dict[str, str],
    asked: dict[str, str],
    about: tuple[str, str] = ("", ""),
    coverage: str | None = None,
) -> str:
    esc = html.escape
    where, what = about

    def link(name: str, kind: str) -> str:
        if name not in written:
            return ""
        path, view = written[name]
        return (
            f'<li><a href="{esc(path.name)}">{esc(view.title)}</a> '
            f'<span class="q">{esc(asked[kind])}</span> '
            f'<span class="n">({esc(view.size_text)})</span></li>'
        )

    table = ""
    if scores is not None and len(scores):
        # intervals and sample sizes exist for a declared sample only: columns that no
        # region fills (full counts) are left out, small_sample with sample_size
        empty = {c for c in SAMPLE_ONLY_COLUMNS if c in scores.columns and scores[c].isna().all()}
        if "sample_size" in empty or "sample_size" not in scores.columns:
            empty.add("small_sample")
        cols = [(c, t) for c, t in SCORE_COLUMNS if c in scores.columns and c not in empty]
        head = "".join(f"<th>{esc(t)}</th>" for _, t in cols)
        rows = []
        rows_in = scores.loc[[c for c in present if c in scores.index]]
        if "rank" in rows_in.columns:
            rows_in = rows_in.sort_values("rank")
        for code, row in rows_in.iterrows():
            cells = "".join(
                f"<td{' class=t' if c.endswith('_name') else ''}>{_cell(row[c], c)}</td>"
                for c, _ in cols
            )
            rows.append(
                f'<tr><td><a href="#r{esc(str(code))}">{esc(names.get(str(code), str(code)))}</a>'
                f"</td><td>{esc(str(code))}</td>{cells}</tr>"
            )
        notes = "".join(
            f'<p class="note">{esc(n)}</p>'
            for n in ([coverage] if coverage else []) + _table_notes(scores)
        )
        table = (
            f"<h2>Resilience of these regions (among {len(scores):,})</h2>"
            f"<table><tr><th>region</th><th>code</th>{head}</tr>{''.join(rows)}</table>{notes}"
        )
    files = ""
    if tables:
        files = (
            "<p>Full tables: "
            + ", ".join(f'<a href="{esc(href)}">{esc(label)}</a>' for label, href in tables.items())
            + "</p>"
        )
    sections = []
    for code in present:
        items = "".join(
            link(f"{kind}-{code}.html", kind)
            for kind in ("report", "region", "supply-chain", "industry-space")
        )
        score_line = ""
        if scores is not None and code in scores.index and "resilience" in scores.columns:
            score_line = f'<p class="score">{esc(_score_line(scores, code))}</p>'
        sections.append(
            f'<section id="r{esc(code)}"><h3>{esc(names.get(code, code))} ({esc(code)})</h3>'
            f"{score_line}<ul>{items}</ul></section>"
        )
    overall = "".join(link(n, k) for n, k in (("clusters.html", "clusters"), ("map.html", "map")))
    missing = "".join(f"<li>{esc(s)}</li>" for s in skipped)
    return (
        f'<!DOCTYPE html>\n<html lang="{_language(names)}"><head><meta charset="utf-8">'
        f"<title>clusteratlas views{esc(': ' + where) if where else ''}</title><style>"
        "body{font-family:'Noto Sans CJK SC','Source Han Sans SC',sans-serif;margin:20px;"
        "color:#1f2933;max-width:1400px} table{border-collapse:collapse;font-size:13px}"
        "td,th{border:1px solid #d9e2ec;padding:3px 8px;text-align:right}"
        "td:first-child,th:first-child,td.t{text-align:left} section{margin:10px 0}"
        "h3{margin:14px 0 2px 0} .q{color:#52606d} .n{color:#9aa5b1;font-size:12px}"
        ".score{margin:2px 0;color:#52606d;font-size:13px}"
        ".note{margin:3px 0;color:#52606d;font-size:12px;max-width:1100px}</style></head><body>"
        f"<h1>clusteratlas views{esc(': ' + where) if where else ''}</h1>"
        + (f'<p class="about">{esc(what)}</p>' if what else "")
        + "<p>Every page works offline (JavaScript inlined): search "
        "a name, click legend entries to hide a group, export PNG or CSV.</p>"
        f"{table}{files}<h2>The whole picture</h2><ul>{overall}</ul>"
        f"<h2>By region</h2>{''.join(sections)}"
        + (f"<h2>Skipped</h2><ul>{missing}</ul>" if skipped else "")
        + "</body></html>\n"
    )
