"""Where nodes go: layouts by kind, sizes and widths in pixels, labels kept apart.

:func:`layout_positions` places a graph's nodes (spring, shell, radial rings, layers
of columns, or one block per connected group); :func:`spread_labels` then moves them
apart (:func:`_remove_overlaps`) until no node or reserved label covers another at the
page's smallest initial zoom; :func:`set_sizes` and :func:`set_widths` turn the metrics
nodes and links carry into pixels.

>>> import numpy as np
>>> out = _remove_overlaps(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([5.0, 5.0]),
...                       np.array([5.0, 5.0]), np.array([5.0, 5.0]), gap=0.0)
>>> float(out[1, 0] - out[0, 0]) >= 10.0
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import networkx as nx

from clusteratlas.graph.views.style import (
    DESIGN_SCALE,
    LABEL_PX,
    MAX_SIZE,
    MAX_WIDTH,
    MIN_LABEL_PX,
    MIN_SIZE,
    MIN_WIDTH,
    label_width,
)

__all__ = [
    "default_reserve",
    "fit_scale",
    "fitted_spread",
    "label_px",
    "layout_positions",
    "set_sizes",
    "set_widths",
    "spread_labels",
]


REFERENCE_CANVAS = (950.0, 470.0)
"""The network's size in CSS pixels on the smallest screen pages are made for (a 1280x720
window less the header, toolbar and legend): layouts aim to fit it at :data:`DESIGN_SCALE`."""


def _remove_overlaps(
    xy: Any,
    half_width: Any,
    up: Any,
    down: Any,
    *,
    axis: str = "both",
    gap: float = 4.0,
    iterations: int = 400,
    aspect: float = 1.3,
) -> Any:
    """Move boxes apart until no two overlap (deterministic; returns new centres).

    Box i spans ``x - half_width .. x + half_width`` and ``y - up .. y + down`` around
    its centre ``xy[i]``. Each round, every overlapping pair (with ``gap`` added) is
    pushed apart along the axis where the overlap is smaller (horizontal overlaps count
    ``1 / aspect`` as much, so layouts grow as wide as the page; only ``y`` when
    ``axis="y"``), each box by half the overlap; ties of position break by index.
    Stops when every pair is at least ``gap / 2`` apart, or after ``iterations`` rounds.

    >>> import numpy as np
    >>> out = _remove_overlaps(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([5.0, 5.0]),
    ...                       np.array([5.0, 5.0]), np.array([5.0, 5.0]), gap=0.0)
    >>> float(out[1, 0] - out[0, 0]) >= 10.0
    True
    """
    import numpy as np

    xy = np.array(xy, dtype=float, copy=True)
    hw, up_, dn = (np.asarray(a, dtype=float) for a in (half_width, up, down))
    n = len(xy)
    if n < 2:
        return xy
    order = np.arange(n)
    tie = np.where(order[:, None] < order[None, :], 1.0, -1.0)  # j after i: j moves +
    for _ in range(iterations):
        x, y = xy[:, 0], xy[:, 1]
        ox = np.minimum(x + hw, (x + hw)[:, None]) - np.maximum(x - hw, (x - hw)[:, None]) + gap
        y0, y1 = y - up_, y + dn
        oy = np.minimum(y1, y1[:, None]) - np.maximum(y0, y0[:, None]) + gap
        hit = (ox > 0) & (oy > 0)
        np.fill_diagonal(hit, False)
        if not (hit & (ox > gap / 2) & (oy > gap / 2)).any():
            break  # every pair clear of the other by at least half the gap
        cy = (y0 + y1) / 2
        sx = np.sign(x[None, :] - x[:, None])
        sx = np.where(sx == 0, tie, sx)
        sy = np.sign(cy[None, :] - cy[:, None])
        sy = np.where(sy == 0, tie, sy)
        along_x = (ox < oy * aspect) if axis == "both" else np.zeros_like(hit)
        move_x = np.where(hit & along_x, sx * ox / 2, 0.0)
        move_y = np.where(hit & ~along_x, sy * oy / 2, 0.0)
        # i moves away from j: minus the push it gives j
        xy[:, 0] -= move_x.sum(axis=1) * 0.6
        xy[:, 1] -= move_y.sum(axis=1) * 0.6
    return xy


def label_px(scale: float) -> float:
    """Height of labels on screen (CSS px) at zoom ``scale``, as the page draws them:
    ``LABEL_PX`` from :data:`DESIGN_SCALE` up, below it ``LABEL_PX * scale / DESIGN_SCALE``
    but never under ``MIN_LABEL_PX``.

    Parameters
    ----------
    scale : float
        The page's zoom (screen pixels per canvas unit).

    Returns
    -------
    float
        CSS pixels.

    Examples
    --------
    >>> # 13 x 0.72 / 0.8 = 11.7; at 0.4 it would be 6.5, so the floor, 11
    >>> label_px(1.0), round(label_px(0.72), 2), label_px(0.4)
    (13.0, 11.7, 11.0)
    """
    return max(MIN_LABEL_PX, min(LABEL_PX, LABEL_PX * scale / DESIGN_SCALE))


def _footprints(
    H: nx.Graph, reserved: set[Any], scale: float = DESIGN_SCALE
) -> tuple[Any, Any, Any]:
    """Half width, extent up and down of each node's box (with its label if reserved), in
    canvas units at zoom ``scale``."""
    import numpy as np

    px = label_px(scale)
    f = px / scale  # label height in canvas units at that zoom
    hw, up, down = [], [], []
    for node, a in H.nodes(data=True):
        r = float(a.get("size", MIN_SIZE)) + float(a.get("border_width", 1.0)) + 2.0
        if node in reserved and a.get("label"):
            lines = str(a["label"]).count("\n") + 1
            # must-label nodes get room for a zoom a quarter smaller: the page may open at it
            k = 1.25 if a.get("must_label") else 1.0
            w = k * label_width(str(a["label"]), px) / scale + 8.0
            hw.append(max(r, w / 2))
            up.append(r)
            down.append(r + 4.0 + k * (f / 2 + lines * f) + 6.0)
        else:
            hw.append(r)
            up.append(r)
            down.append(r)
    return np.array(hw), np.array(up), np.array(down)


def _label_order(H: nx.Graph) -> list[Any]:
    """Nodes in the order their labels get room (the page's order too): ``must_label``
    first, then every kind but companies, then companies; within each, by ``priority``
    (else ``score``), ties by id."""
    return sorted(
        H.nodes,
        key=lambda n: (
            not H.nodes[n].get("must_label", False),
            H.nodes[n].get("kind") == "company",
            -float(H.nodes[n].get("priority", H.nodes[n].get("score", 0.0)) or 0.0),
            str(n),
        ),
    )


def default_reserve(H: nx.Graph) -> int:
    """How many labels a layout leaves room for by default: every node's up to 60 nodes;
    above that every node but companies (which are labelled where they find room).

    Parameters
    ----------
    H : Graph
        Nodes with ``kind``.

    Returns
    -------
    int

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([(i, {"kind": "company"}) for i in range(70)] + [("r", {})])
    >>> default_reserve(G), default_reserve(nx.path_graph(5))
    (1, 5)
    """
    n = H.number_of_nodes()
    if n <= 60:
        return n
    return sum(1 for _, a in H.nodes(data=True) if a.get("kind") != "company")


def spread_labels(
    H: nx.Graph,
    pos: Mapping[Any, tuple[float, float]],
    reserve: int,
    axis: str,
    scale: float = DESIGN_SCALE,
    aspect: float = 1.3,
) -> dict[Any, tuple[float, float]]:
    """Positions moved apart so that no node, nor the label of the ``reserve`` most
    important nodes (``must_label`` first, then ``priority``), covers another at the
    zoom ``scale`` (:func:`_remove_overlaps`; labels :func:`label_px` high on screen).

    Parameters
    ----------
    H : Graph
        Nodes with ``size``, ``border_width`` and ``label``.
    pos : mapping
        Node -> (x, y).
    reserve : int
        How many labels get room.
    axis : {"both", "y"}
        Move along both axes, or only vertically (columns of a layered chain).
    scale : float, default DESIGN_SCALE
        The zoom the labels must have room at.
    aspect : float, default 1.3
        How much cheaper a horizontal push is than a vertical one
        (:func:`_remove_overlaps`): above 1 the drawing grows wider than tall.

    Returns
    -------
    dict
        Node -> (x, y).

    Examples
    --------
    >>> G = nx.Graph([("a", "b")])
    >>> moved = spread_labels(G, {"a": (0.0, 0.0), "b": (0.0, 0.0)}, 0, "both")
    >>> moved["a"] != moved["b"]
    True
    """
    import numpy as np

    nodes = list(H.nodes)
    if not nodes:
        return {}
    ranked = _label_order(H)
    reserved = {n for n in ranked[:reserve]} | {n for n in H if H.nodes[n].get("must_label")}
    hw, up, down = _footprints(H, reserved, scale)
    xy = np.array([pos[n] for n in nodes], dtype=float)
    xy = _remove_overlaps(xy, hw, up, down, axis=axis, aspect=aspect)
    return {n: (float(p[0]), float(p[1])) for n, p in zip(nodes, xy, strict=True)}


def fit_scale(
    H: nx.Graph, pos: Mapping[Any, tuple[float, float]], canvas: tuple[float, float] | None = None
) -> float:
    """The zoom at which every node of ``pos`` and the label under it fit ``canvas`` (CSS
    pixels, default :data:`REFERENCE_CANVAS`) with a 12-pixel margin, as the page fits
    them at first view: the largest s with (extent of nodes in canvas units) x s plus the
    labels' size on screen within the canvas (a few rounds, since labels keep their size
    on screen while nodes scale).

    Parameters
    ----------
    H : Graph
        Nodes with ``size``, ``border_width`` and ``label``.
    pos : mapping
        Node -> (x, y) in canvas units.
    canvas : (float, float), optional
        Width and height in CSS pixels.

    Returns
    -------
    float
        The zoom, at most 1.6 (the page's largest first zoom).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"size": 10.0}), ("b", {"size": 10.0})])
    >>> # no labels; each node 10 + 1/2 border + 1 = 11.5 across its centre: 1000 + 23 wide,
    >>> # so (1047 - 24) / 1023 = 1.0 (the height, 23, allows more)
    >>> fit_scale(G, {"a": (0.0, 0.0), "b": (1000.0, 0.0)}, (1047.0, 600.0))
    1.0
    """
    w_px, h_px = canvas or REFERENCE_CANVAS
    if not pos:
        return 1.0
    s = 1.0
    for _ in range(8):
        px = label_px(s)
        x0 = y0 = math.inf
        x1 = y1 = -math.inf
        for n, (x, y) in pos.items():
            a = H.nodes[n]
            r = float(a.get("size", MIN_SIZE)) + float(a.get("border_width", 1.0)) / 2 + 1
            text = str(a.get("label", "") or "")
            half = max(r, label_width(text, px) / s / 2 + 2 / s) if text else r
            below = r + (px / s) * (0.5 + text.count("\n") + 1) + 6 / s if text else r
            x0, x1 = min(x0, x - half), max(x1, x + half)
            y0, y1 = min(y0, y - r), max(y1, y + below)
        s2 = min((w_px - 24) / max(x1 - x0, 1.0), (h_px - 24) / max(y1 - y0, 1.0), 1.6)
        if abs(s2 - s) < 1e-3:
            break
        s = s2
    return round(s, 4)


def fitted_spread(
    H: nx.Graph, pos: Mapping[Any, tuple[float, float]], reserve: int, axis: str
) -> dict[Any, tuple[float, float]]:
    """:func:`spread_labels` made for the zoom the page will open at.

    The layout is tried as it is and drawn together (its positions times 0.7 and 0.45
    around their mean), each spread for :data:`DESIGN_SCALE` to grow about as wide as
    tall or wider (push aspect 1.3 and 2). The best: one whose fit on
    :data:`REFERENCE_CANVAS` (:func:`fit_scale`) is at least 95% of the zoom its labels
    were given room at, with the largest fit; else the largest such ratio (the first that
    fits at the design zoom ends the search). When even the best fits only at a smaller
    zoom, it is spread again for that zoom (labels then take more canvas units and get
    more room), twice at most, and the better kept. Graphs of more than 150 nodes try
    the positions as they are only.

    Parameters
    ----------
    H : Graph
    pos : mapping
        Node -> (x, y), the layout before spreading.
    reserve : int
        How many labels get room.
    axis : {"both", "y"}

    Returns
    -------
    dict
        Node -> (x, y).

    Examples
    --------
    >>> G = nx.Graph([("a", "b")])
    >>> moved = fitted_spread(G, {"a": (0.0, 0.0), "b": (0.0, 0.0)}, 2, "both")
    >>> moved["a"] != moved["b"]
    True
    """
    if not pos:
        return {}
    mx = sum(p[0] for p in pos.values()) / len(pos)
    my = sum(p[1] for p in pos.values()) / len(pos)
    shrinks = (1.0,) if len(pos) > 150 else (1.0, 0.7, 0.45)

    def squeezed(c: float) -> dict[Any, tuple[float, float]]:
        return {n: (mx + (x - mx) * c, my + (y - my) * c) for n, (x, y) in pos.items()}

    def key(fit: float, s: float) -> tuple[bool, float]:
        ok = fit >= 0.95 * s
        return ok, fit if ok else fit / s

    best: tuple[tuple[bool, float], dict[Any, tuple[float, float]], float, float] | None = None
    for c in shrinks:
        for aspect in (1.3, 2.0):
            spread = spread_labels(H, squeezed(c), reserve, axis, aspect=aspect)
            fit = fit_scale(H, spread)
            if best is None or key(fit, DESIGN_SCALE) > best[0]:
                best = (key(fit, DESIGN_SCALE), spread, c, aspect)
            if best[0][0] and best[0][1] >= 0.95 * DESIGN_SCALE:
                return best[1]  # labels fit at the design zoom: nothing better to find
    assert best is not None
    (ok, fit), spread, c, aspect = best
    if ok:
        return spread
    # too big for the design zoom: give the labels room at the zoom it will open at (labels
    # shrink with the zoom down to 11 px, so their room in canvas units only grows below
    # 11 / 13 of the design zoom)
    fit *= DESIGN_SCALE
    s = min(fit, MIN_LABEL_PX / LABEL_PX * DESIGN_SCALE - 1e-3)
    for _ in range(2):
        again = spread_labels(H, squeezed(c), reserve, axis, scale=s, aspect=aspect)
        fit2 = fit_scale(H, again)
        if key(fit2, s) > best[0]:
            best = (key(fit2, s), again, c, aspect)
        if fit2 >= 0.95 * s:
            break
        s = max((s + fit2) / 2, 0.2)
    return best[1]


def _rescale(values: Mapping[Any, float], lo: float, hi: float, sqrt: bool) -> dict[Any, float]:
    finite = [v for v in values.values() if math.isfinite(v)]
    if not finite:
        return {k: lo for k in values}
    vmin, vmax = min(finite), max(finite)
    out = {}
    for k, v in values.items():
        t = 0.5 if vmax == vmin else (v - vmin) / (vmax - vmin) if math.isfinite(v) else 0.0
        out[k] = lo + (hi - lo) * (math.sqrt(t) if sqrt else t)
    return out


def set_sizes(H: nx.Graph) -> None:
    """Node ``size`` in pixels from ``size_value``: the square root of its min-max
    rescaling to MIN_SIZE..MAX_SIZE within each ``size_group`` (default the shape, which
    encodes one metric); nodes with a fixed ``size`` keep it. Changes ``H`` in place.

    Parameters
    ----------
    H : Graph

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"size_value": 1.0}), ("b", {"size_value": 4.0})])
    >>> set_sizes(G)
    >>> G.nodes["a"]["size"] < G.nodes["b"]["size"]
    True
    """
    groups: dict[Any, dict[Any, float]] = {}
    for n, a in H.nodes(data=True):
        if "size" not in a and a.get("size_value") is not None:
            group = groups.setdefault(a.get("size_group", a.get("shape")), {})
            group[n] = float(a["size_value"])
    for values in groups.values():
        for n, s in _rescale(values, MIN_SIZE, MAX_SIZE, sqrt=True).items():
            H.nodes[n]["size"] = round(s, 2)
    for _, a in H.nodes(data=True):
        a.setdefault("size", MIN_SIZE)


def set_widths(H: nx.Graph) -> None:
    """Link ``width`` in pixels from ``weight``, linearly from 0..max to
    MIN_WIDTH..MAX_WIDTH (links with a fixed ``width`` keep it). Changes ``H`` in place.

    Parameters
    ----------
    H : Graph

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"weight": 2.0}), ("b", "c", {"weight": 1.0})])
    >>> set_widths(G)
    >>> G.edges["a", "b"]["width"]
    9.0
    """
    weights = [float(a.get("weight") or 0.0) for _, _, a in H.edges(data=True)]
    top = max(weights, default=0.0)
    for _, _, a in H.edges(data=True):
        if "width" not in a:
            w = float(a.get("weight") or 0.0)
            a["width"] = round(MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * (w / top if top else 0), 2)


def layout_positions(H: nx.Graph, kind: str, seed: int) -> dict[Any, tuple[float, float]]:
    """Positions of ``H``'s nodes by layout ``kind``.

    ``spring`` (seeded Fruchterman-Reingold), ``shell`` (rings by the node attribute
    ``shell``), ``radial`` (node attributes ``ring``, a radius in rings, and ``angle``),
    ``layers`` (columns by the node attribute ``layer``), ``components`` (each connected
    group laid out on its own, the groups packed side by side).

    Parameters
    ----------
    H : Graph
    kind : str
    seed : int
        Seed of the spring layout.

    Returns
    -------
    dict
        Node -> (x, y).

    Raises
    ------
    UsageError
        An unknown kind.

    Examples
    --------
    >>> sorted(layout_positions(nx.path_graph(3), "spring", seed=7))
    [0, 1, 2]
    """
    n = H.number_of_nodes()
    if n == 0:
        return {}
    if kind == "layers":
        return _layered(H)
    if kind == "radial":
        return {
            node: (
                float(a.get("ring", 1)) * 110.0 * 1.4 * math.cos(float(a.get("angle", 0.0))),
                float(a.get("ring", 1)) * 110.0 * math.sin(float(a.get("angle", 0.0))),
            )
            for node, a in H.nodes(data=True)
        }
    if kind == "components":
        return _components(H, seed)
    if kind == "shell":
        rings: dict[int, list[Any]] = {}
        for node, a in H.nodes(data=True):
            rings.setdefault(int(a.get("shell", 1)), []).append(node)
        for members in rings.values():
            members.sort(key=lambda m: (float(H.nodes[m].get("angle", 0.0)), str(m)))
        pos = nx.shell_layout(H, nlist=[rings[k] for k in sorted(rings)], scale=1.0)
    else:
        simple: nx.Graph = nx.Graph(H.to_undirected(as_view=True))
        pos = nx.spring_layout(simple, seed=seed, weight=None, k=2.0 / math.sqrt(n), scale=1.0)
    scale = max(260.0, 38.0 * math.sqrt(n))
    return {k: (float(p[0]) * scale, float(p[1]) * scale) for k, p in pos.items()}


def _components(H: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """Each connected component laid out alone (seeded spring), then packed in rows
    (largest first) whose width makes the whole about as wide for its height as
    :data:`REFERENCE_CANVAS` (the square root of the parts' total area times that
    aspect)."""
    simple: nx.Graph = nx.Graph(H.to_undirected(as_view=True))
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(map(str, c))))
    boxes = []
    for part in parts:
        sub = simple.subgraph(part)
        n = len(part)
        if n == 1:
            local = {next(iter(part)): (0.0, 0.0)}
        else:
            raw = nx.spring_layout(sub, seed=seed, weight=None, k=2.0 / math.sqrt(n), scale=1.0)
            r = 42.0 * math.sqrt(n)
            local = {k: (float(p[0]) * r * 1.4, float(p[1]) * r) for k, p in raw.items()}
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        boxes.append((local, min(xs), min(ys), max(xs) - min(xs) + 90.0, max(ys) - min(ys) + 60.0))
    aspect = REFERENCE_CANVAS[0] / REFERENCE_CANVAS[1]
    width = max(max(b[3] for b in boxes), math.sqrt(sum(b[3] * b[4] for b in boxes) * aspect))
    pos: dict[Any, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for local, x0, y0, w, h in boxes:
        if x > 0 and x + w > width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for k, (px, py) in local.items():
            pos[k] = (x + px - x0 + 45.0, y + py - y0 + 20.0)
        x += w
        row_h = max(row_h, h)
    return pos


def _layered(H: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Columns by the ``layer`` attribute, upstream (negative) left; within a column,
    highest ``score`` first (ties by id), each node given its own height (its shape and the
    label under it at :data:`DESIGN_SCALE`). A column of more than R nodes wraps into
    side-by-side sub-columns, R chosen so that the drawing fits :data:`REFERENCE_CANVAS`
    at the largest zoom (the widest label of a column sets its width)."""
    f = LABEL_PX / DESIGN_SCALE
    layers: dict[int, list[Any]] = {}
    for node, a in H.nodes(data=True):
        layers.setdefault(int(a.get("layer", 0)), []).append(node)
    for members in layers.values():
        members.sort(key=lambda n: (-float(H.nodes[n].get("score") or 0.0), str(n)))

    def height(n: Any) -> float:
        a = H.nodes[n]
        lines = str(a.get("label", n)).count("\n") + 1
        return 2 * float(a.get("size", MIN_SIZE)) + 4.0 + f / 2 + lines * f + 14.0

    def width(members: list[Any]) -> float:
        return max(
            max(label_width(str(H.nodes[m].get("label", m))) / DESIGN_SCALE for m in members),
            2 * MAX_SIZE,
        )

    def place(rows: int) -> dict[Any, tuple[float, float]]:
        pos: dict[Any, tuple[float, float]] = {}
        x = 0.0
        for layer in sorted(layers):
            members = layers[layer]
            subs = math.ceil(len(members) / rows)
            per = math.ceil(len(members) / subs)
            gap = width(members) + 24.0
            for sub in range(subs):
                column = members[sub * per : (sub + 1) * per]
                total = sum(height(m) for m in column)
                # every other column half a slot lower: neighbours' labels interleave
                y = -total / 2 + (height(column[0]) / 2 if sub % 2 else 0.0)
                for m in column:
                    h = height(m)
                    # the node's centre: its shape's radius below the top of its slot
                    pos[m] = (x + sub * gap, y + float(H.nodes[m].get("size", MIN_SIZE)) + 2.0)
                    y += h
            # room for the links between layers: at least 40, more between narrow columns
            x += (subs - 1) * gap + gap + max(40.0, 160.0 - gap)
        return pos

    def fit(pos: dict[Any, tuple[float, float]]) -> float:
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        w = max(xs) - min(xs) + 2 * MAX_SIZE + 160.0
        h = max(ys) - min(ys) + 2 * MAX_SIZE + 3 * f
        return min(REFERENCE_CANVAS[0] / w, REFERENCE_CANVAS[1] / h)

    longest = max(len(m) for m in layers.values())
    best = max(range(1, longest + 1), key=lambda r: (fit(place(r)), -r))
    return place(best)
