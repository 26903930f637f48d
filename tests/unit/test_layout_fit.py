"""Layouts made for the window a page opens in (graph/views/layout.py), checked by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from clusteratlas.graph.views.layout import (
    REFERENCE_CANVAS,
    _label_order,
    _layered,
    default_reserve,
    fit_scale,
    fitted_spread,
    label_px,
)


def test_label_px_follows_the_zoom_between_13_and_11_px():
    # 13 px from the design zoom 0.8 up; 13 * s / 0.8 below it; never under 11
    assert label_px(0.8) == 13.0 and label_px(1.2) == 13.0
    assert label_px(0.72) == pytest.approx(13 * 0.72 / 0.8)  # 11.7
    assert label_px(0.6) == 11.0  # 13 * 0.6 / 0.8 = 9.75 -> the floor


def test_fit_scale_counts_the_label_under_a_node():
    G = nx.Graph()
    G.add_node("a", size=10.0, label="制造业")
    # s = 1: label 3 CJK chars x 13 px = 39 px, half 19.5 + 2 = 21.5 > the node's 11.5
    # (10 + 1/2 border + 1): 43 wide; a (67 - 24) px wide canvas fits it at s = 43 / 43 = 1.
    # Height: 11.5 up, 11.5 + 13 x (0.5 + 1) + 6 = 37 down: 48.5 <= 600 - 24, not binding.
    assert fit_scale(G, {"a": (0.0, 0.0)}, (67.0, 600.0)) == pytest.approx(1.0)
    # twice as wide a canvas: 1.6 at most (the page's largest first zoom)
    assert fit_scale(G, {"a": (0.0, 0.0)}, (200.0, 600.0)) == 1.6


def test_companies_are_labelled_last_and_get_no_reserved_room_on_big_pages():
    G = nx.Graph()
    G.add_node("firm", kind="company", priority=99.0)
    G.add_node("ind", kind="industry", priority=1.0)
    G.add_node("region", kind="region", must_label=True, priority=0.0)
    assert _label_order(G) == ["region", "ind", "firm"]
    G.add_nodes_from((f"c{i}", {"kind": "company"}) for i in range(70))
    assert default_reserve(G) == 2  # 73 nodes > 60: all but the 71 companies


def test_a_long_layer_wraps_into_columns_that_fit_the_reference_canvas():
    # one focus and 24 suppliers: a single column of 24 slots of at least
    # 2 x 10 + 4 + 8.1 + 16.25 + 14 = 62 canvas units is 1,490 high, 0.3 of the 470 px
    # canvas; wrapped, the drawing fits at a larger zoom
    G = nx.DiGraph()
    G.add_node("focus", layer=0, label="化学产品", size=10.0)
    for i in range(24):
        G.add_node(f"s{i:02d}", layer=-1, label="制造业", size=10.0, score=float(i))
        G.add_edge(f"s{i:02d}", "focus")
    pos = _layered(G)
    columns = {round(pos[f"s{i:02d}"][0]) for i in range(24)}
    assert len(columns) > 1
    single = {n: (0.0 if n != "focus" else 300.0, 62.35 * k) for k, n in enumerate(G)}
    assert fit_scale(G, pos) > 2 * fit_scale(G, single)
    # the highest score first: s23 heads the first column
    first = min(columns)
    top = min((p[1], n) for n, p in pos.items() if round(p[0]) == first)
    assert top[1] == "s23"


def test_fitted_spread_leaves_no_node_on_another():
    G = nx.Graph()
    for i in range(12):
        G.add_node(i, label=f"产业{i}", size=20.0)
    spread = fitted_spread(G, {i: (0.0, 0.0) for i in G}, 12, "both")
    xy = list(spread.values())
    for i in range(len(xy)):
        for j in range(i + 1, len(xy)):
            # node boxes of half size 20 + 1 + 2 = 23: centres at least 46 apart on some axis
            assert max(abs(xy[i][0] - xy[j][0]), abs(xy[i][1] - xy[j][1])) >= 46 - 1e-6
    assert REFERENCE_CANVAS == (950.0, 470.0)
