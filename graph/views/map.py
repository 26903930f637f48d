"""Map view: every region with coordinates at its place, coloured by a score.

No tiles and no network: regions are dots at their longitude and latitude (an
equirectangular projection with the x axis shrunk by cos of the mean latitude), coloured
on a 7-class quantile scale of the chosen score: a column of ``resilience_scores`` (the
composite ``resilience``, ``entropy``, ``worst_loss``, ...) or the location quotient of one
industry (``score="lq"`` with ``industry``). Highlighted regions get a callout label in a
free margin, joined to their dot by a thin line, so they are readable at the first zoom;
other names appear as you zoom in, where they cover no other dot.

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> ds = toy_dataset()
>>> v = map_view(ds, score="entropy")  # the toy regions have no coordinates
Traceback (most recent call last):
...
clusteratlas.errors.UsageError: no region with a entropy score has coordinates (lon, lat)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from clusteratlas.errors import UsageError
from clusteratlas.graph.definitions.scope import AnalysisScope
from clusteratlas.graph.views._data import (
    employment_matrix,
    location_quotients,
    names_of,
    source_of,
    view_scope,
)
from clusteratlas.graph.views._format import number, rank_text
from clusteratlas.graph.views.model import Legend, Threshold, View, finish_view
from clusteratlas.graph.views.style import label_width
from clusteratlas.loaders.dataset import Dataset

__all__ = ["MAP_SCORES", "map_scores", "map_view"]

RAMP = ("#440154", "#443983", "#31688e", "#21918c", "#35b779", "#90d743", "#fde725")
MAP_SCORES = ("resilience", "entropy", "herfindahl", "worst_loss", "portfolio_variance", "lq")
"""Scores the CLI offers (any numeric column of ``resilience_scores`` works too)."""


def _score_direction(score: str) -> str | None:
    """Which end of ``score`` is the resilient one: the direction the resilience registry
    declares (:data:`~clusteratlas.graph.analytics.composite.COMPONENTS`), ``"higher"`` for
    the composite itself, None for a score the registry does not judge (an LQ, a loss that
    is not a component): the map then ranks it from the highest and claims no "better".

    >>> _score_direction("herfindahl"), _score_direction("resilience"), _score_direction("lq")
    ('lower', 'higher', None)
    """
    from clusteratlas.graph.analytics.composite import COMPONENTS

    if score == "resilience":
        return "higher"
    by_column = {c.column: c.direction for c in COMPONENTS.values()}
    return by_column.get(score)


def map_scores(
    dataset: Dataset,
    score: str = "resilience",
    *,
    industry: str | None = None,
    year: int | None = None,
    measure: str | None = None,
    scope: AnalysisScope | None = None,
    scores: pd.DataFrame | None = None,
) -> tuple[pd.Series, str]:
    """The score of every leaf region and a description of it.

    ``"lq"`` needs ``industry`` (its location quotient in each region); ``"entropy"`` and
    ``"herfindahl"`` come from the matrix E of ``scope`` (default inferred with ``year``
    and ``measure``); any other name is a numeric column of ``scores`` (the ``regions``
    table of ``analyze``), else of ``resilience_scores`` of the scope.

    Parameters
    ----------
    dataset : Dataset
        The data: regions (with ``lon``, ``lat`` for the map) and E.
    score : str, default "resilience"
        ``"lq"`` (with ``industry``), ``"entropy"``, ``"herfindahl"``, or a numeric column
        of the resilience table (``resilience``, ``worst_loss``, ``portfolio_variance``...).
    industry : str, optional
        The industry (code or name) of ``score="lq"``.
    year, measure : optional
        Choices of the analysis scope (default inferred from the data).
    scope : AnalysisScope, optional
        The whole scope at once (instead of ``year`` and ``measure``).
    scores : DataFrame, optional
        A precomputed resilience table indexed by region code (``analyze``'s
        ``regions``); default computed by ``resilience_scores`` of the scope.

    Returns
    -------
    (Series, str)
        The score (float) by region code, and what it is, for titles and legends.

    Raises
    ------
    UsageError
        ``"lq"`` without an industry or with one that is not a column of E, an unknown
        score, or a scope choice that matches no data.

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> s, what = map_scores(toy_dataset(), "lq", industry="GB4754:C")
    >>> round(float(s["100101"]), 2), what
    (2.05, 'location quotient of 制造业 (GB4754:C), employment 2020')
    """
    scope = view_scope(dataset, scope, year=year, measure=measure)
    measure = scope.measure
    if score == "lq":
        if not industry:
            raise UsageError("score 'lq' needs an industry (--industry NAME|CODE)")
        E, y, scheme = employment_matrix(dataset, scope=scope)
        if industry not in E.columns:
            from clusteratlas.graph.views.names import resolve_industry

            industry = resolve_industry(dataset, industry, prefer=[scheme])
        if industry not in E.columns:
            raise UsageError(f"industry {industry!r} is not a column of the {measure} data")
        name = names_of(dataset.industries).get(industry, industry)
        return location_quotients(E)[
            industry
        ], f"location quotient of {name} ({industry}), {measure} {y}"
    if score in ("entropy", "herfindahl"):
        from clusteratlas.graph.analytics.concentration import herfindahl, shannon_entropy

        E, y, _ = employment_matrix(dataset, scope=scope)
        E = E.loc[E.sum(axis=1) > 0]
        values = shannon_entropy(E) if score == "entropy" else herfindahl(E)
        word = "Shannon entropy (nats)" if score == "entropy" else "Herfindahl index"
        return values, f"{word} of {measure} shares, {y}"
    from clusteratlas.graph.analytics.resilience import resilience_scores

    frame = scores if scores is not None else resilience_scores(dataset, scope=scope)
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    if score not in numeric:
        raise UsageError(
            f"unknown map score {score!r}; choose lq (with an industry) or one of: "
            + ", ".join(sorted(set(numeric) | {"entropy", "herfindahl"}))
        )
    what = "resilience composite (0-100, percentile-based)" if score == "resilience" else score
    return frame[score].astype(float), what


def _project(lon: pd.Series, lat: pd.Series, width: float) -> tuple[pd.Series, pd.Series]:
    lat0 = float(lat.mean())
    x = (lon - float(lon.min())) * math.cos(math.radians(lat0))
    y = float(lat.max()) - lat
    k = width / float(x.max() or 1.0)
    return x * k, y * k


def map_view(
    dataset: Dataset,
    score: str = "resilience",
    *,
    industry: str | None = None,
    highlight: Sequence[str] = (),
    year: int | None = None,
    measure: str | None = None,
    scope: AnalysisScope | None = None,
    scores: pd.DataFrame | None = None,
    width: float = 1600.0,
) -> View:
    """Draw every region that has coordinates and a score, coloured by the score.

    Colours: 7 quantile classes of the score (the legend gives the class limits); dots
    all one size; ``highlight`` regions larger, ringed and with a callout label; a
    slider hides regions below a score; search finds any region by name or code. The
    ranking lists the highlighted regions and the 10 best by the score. ``scope`` and
    ``scores`` as in :func:`map_scores` (the demo passes its analysis', so the map and the
    tables rank the same regions the same way).

    Parameters
    ----------
    dataset : Dataset
        The data: regions (with ``lon``, ``lat`` for the map) and E.
    score : str, default "resilience"
        ``"lq"`` (with ``industry``), ``"entropy"``, ``"herfindahl"``, or a numeric column
        of the resilience table (``resilience``, ``worst_loss``, ``portfolio_variance``...).
    industry : str, optional
        The industry (code or name) of ``score="lq"``.
    highlight : sequence of str
        Region codes drawn larger, ringed and labelled at the first zoom.
    year, measure : optional
        Choices of the analysis scope (default inferred from the data).
    scope : AnalysisScope, optional
        The whole scope at once (instead of ``year`` and ``measure``).
    scores : DataFrame, optional
        A precomputed resilience table indexed by region code (``analyze``'s
        ``regions``); default computed by ``resilience_scores`` of the scope.
    width : float, default 1600.0
        Width of the drawing in canvas units (the height follows the projection).

    Returns
    -------
    View
        Kind ``map``: one dot per region with coordinates and a score.

    Raises
    ------
    UsageError
        For an unknown score, or when no scored region has coordinates.

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> ds = toy_dataset()
    >>> r = ds.regions  # the toy has no coordinates: invent some
    >>> ds = ds.replace(regions=r.assign(lon=110 + 0.5 * r.index, lat=30 + 0.3 * r.index))
    >>> v = map_view(ds, "entropy", highlight=["100101"])
    >>> v.kind, v.title
    ('map', 'Map: Shannon entropy (nats) of employment shares, 2020')
    """
    values, what = map_scores(
        dataset, score, industry=industry, year=year, measure=measure, scope=scope, scores=scores
    )
    regions = dataset.regions.set_index("code")
    scored = values.dropna()
    if scored.empty:
        raise UsageError(f"no region has a {score} score: it was not computed for these data")
    scored = scored[scored.index.isin(regions.index)].astype(float)
    coords = regions.loc[scored.index, ["lon", "lat", "name", "level", "parent_code"]]
    coords = coords.dropna(subset=["lon", "lat"])
    if coords.empty:
        raise UsageError(f"no region with a {score} score has coordinates (lon, lat)")
    missing = len(scored) - len(coords)
    xs, ys = _project(coords["lon"].astype(float), coords["lat"].astype(float), width)
    v = scored.loc[coords.index]
    direction = _score_direction(score)
    lower_better = direction == "lower"
    edges = np.unique(np.quantile(v.to_numpy(), np.linspace(0, 1, len(RAMP) + 1)))
    classes = np.clip(np.searchsorted(edges, v.to_numpy(), side="right") - 1, 0, len(edges) - 2)
    if lower_better:
        classes = (len(edges) - 2) - classes
    ramp = RAMP if len(edges) - 1 == len(RAMP) else RAMP[-(len(edges) - 1) :]
    descending = not lower_better
    # ranks among every scored region (drawn or not), as the tables rank them
    rank = scored.rank(ascending=not descending, method="min").astype(int).to_dict()
    order = v.sort_values(ascending=not descending, kind="stable")
    total = len(scored)
    best_word = "(1 = most resilient on this score)" if direction else "(1 = highest)"
    names = regions["name"].astype(str).to_dict()
    parents = regions["parent_code"].to_dict()
    marked = [str(c) for c in highlight if str(c) in coords.index]
    G: nx.Graph = nx.Graph()
    rows = zip(
        [str(c) for c in coords.index.tolist()],
        coords.to_dict(orient="records"),
        v.to_numpy(dtype=float).tolist(),
        classes.tolist(),
        np.asarray(xs, dtype=float).tolist(),
        np.asarray(ys, dtype=float).tolist(),
        strict=True,
    )
    for code, row, value, cls, x, y in rows:
        parent = parents.get(code)
        pname = names.get(parent, "") if isinstance(parent, str) else ""
        is_marked = code in marked
        G.add_node(
            str(code),
            label=str(row["name"]),
            name=str(row["name"]),
            code=str(code),
            color=RAMP[int(cls)] if len(ramp) == len(RAMP) else ramp[int(cls)],
            border_color="#102a43" if is_marked else None,
            border_width=3 if is_marked else 0.5,
            shape="dot",
            size=8.0 if is_marked else 4.0,
            x=round(float(x), 1),
            y=round(float(y), 1),
            priority=1e6 if is_marked else -rank[code] / total,
            kind="region",
            filter_value=value,
            pinned=is_marked,
            row={"score": value, "rank": rank[code], "lon": row["lon"], "lat": row["lat"]},
            tooltip=f"{row['name']} ({code}), {row['level']}"
            + (f" in {pname}" if pname else "")
            + f"\n{what}: {number(value)}\nrank {rank_text(rank[code], total)} {best_word}",
        )
    _add_callouts(G, marked, names, v, rank, total)
    ticks = [number(e) for e in edges]
    if lower_better:  # the ramp runs from the exposed end (purple) to the resilient (yellow)
        ticks = ticks[::-1]
    legend = Legend(
        ramp={
            "label": what,
            "colours": list(ramp),
            "ticks": [ticks[0], ticks[len(ticks) // 2], ticks[-1]],
            "note": "7 classes of equal counts (quantiles); limits: "
            + " | ".join(ticks)
            + (
                "; lower is more resilient, so the scale runs from the highest value"
                if lower_better
                else ""
            ),
        },
        shapes=(("dot", "region at its coordinates (one size)", "region"),)
        + ((("box", "highlighted region: its name and score", "callout"),) if marked else ()),
        edges=(("thin line: from a highlighted region to its label",) if marked else ()),
    )
    notes = [
        f"{len(coords):,} of the {total:,} regions with a {score} score drawn at their "
        "coordinates (longitude, latitude; no map tiles)"
        + (f"; {missing:,} have no coordinates and are not drawn." if missing else ".")
        + f" Ranks are among all {total:,}.",
        "Names appear as you zoom in, wherever they cover no other region.",
    ]
    ranking = [(c, f"{names[c]}: {number(v[c])} ({rank_text(rank[c], total)})") for c in marked]
    ranking += [
        (str(c), f"{names[str(c)]}: {number(v[c])} (#{rank[c]:,})")
        for c in order.index[:10]
        if c not in marked
    ]
    view = finish_view(
        G,
        kind="map",
        title=f"Map: {what}",
        subtitle=f"{len(coords):,} of {total:,} scored regions drawn, coloured by {what}. "
        f"Source: {source_of(dataset)}",
        legend=legend,
        notes=notes,
        layout="fixed",
        max_nodes=max(G.number_of_nodes(), 1),
        max_edges=max(G.number_of_edges(), 1),
        ranking=ranking,
        ranking_title=f"Highlighted regions, then the 10 {'highest' if descending else 'lowest'}"
        f" drawn (# = rank among all {total:,})",
        threshold=Threshold(
            score,
            target="nodes",
            minimum=float(np.floor(v.min() * 100) / 100),
            maximum=float(np.ceil(v.max() * 100) / 100),
            step=float(max((v.max() - v.min()) / 200, 1e-4)),
            value=float(np.floor(v.min() * 100) / 100),
            help=f"hide regions whose {score} is below this",
        ),
    )
    view.min_scale = 0.05  # the whole country at first; labels follow the zoom
    view.search_scale = 4.0  # a found region with its neighbours, named
    return view


def _add_callouts(
    G: nx.Graph,
    marked: list[str],
    names: dict[Any, str],
    values: pd.Series,
    rank: dict[Any, int],
    total: int,
) -> None:
    """A label node per highlighted region in a column right of the map, in latitude order."""
    if not marked:
        return
    xs = [a["x"] for _, a in G.nodes(data=True)]
    right = max(xs) + 40.0
    ordered = sorted(marked, key=lambda c: G.nodes[c]["y"])
    ys = [G.nodes[c]["y"] for c in ordered]
    gap = 46.0
    top = float(np.median(ys)) - gap * (len(ordered) - 1) / 2
    for k, code in enumerate(ordered):
        text = f"{names[code]} {number(values[code])} (#{rank[code]:,})"
        node = f"label:{code}"
        G.add_node(
            node,
            label=text,
            name=names[code],
            code=code,
            shape="box",
            color="#ffffff",
            border_color="#102a43",
            size=10.0,
            x=round(right + label_width(text) / 2 + 30.0, 1),
            y=round(top + k * gap, 1),
            priority=2e6,
            kind="callout",
            callout=True,
            tooltip=str(G.nodes[code]["tooltip"]),
        )
        G.add_edge(code, node, width=1.0, color="#52606d", tooltip=names[code])
