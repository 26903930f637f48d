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
    MIN_SIZE,
    MIN_WIDTH,
    label_width,
)

__all__ = ["layout_positions", "set_sizes", "set_widths", "spread_labels"]


def _remove_overlaps(
    xy: Any,
    half_width: Any,
    up: Any,
    down: Any,
    *,
    axis: str = "both",
    gap: float = 4.0,
    iterations: int = 400,
    aspect: float = 1.5,
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


def _footprints(H: nx.Graph, reserved: set[Any]) -> tuple[Any, Any, Any]:
    """Half width, extent up and down of each node's box (with its label if reserved)."""
    import numpy as np

    f = LABEL_PX / DESIGN_SCALE  # label height in canvas units at the smallest initial zoom
    hw, up, down = [], [], []
    for node, a in H.nodes(data=True):
        r = float(a.get("size", MIN_SIZE)) + float(a.get("border_width", 1.0)) + 2.0
        if node in reserved and a.get("label"):
            lines = str(a["label"]).count("\n") + 1
            w = label_width(str(a["label"])) / DESIGN_SCALE + 8.0
            hw.append(max(r, w / 2))
            up.append(r)
            down.append(r + 4.0 + f / 2 + lines * f + 6.0)
        else:
            hw.append(r)
            up.append(r)
            down.append(r)
    return np.array(hw), np.array(up), np.array(down)


def _label_order(H: nx.Graph) -> list[Any]:
    return sorted(
        H.nodes,
        key=lambda n: (
            not H.nodes[n].get("must_label", False),
            -float(H.nodes[n].get("priority", H.nodes[n].get("score", 0.0)) or 0.0),
            str(n),
        ),
    )


def spread_labels(
    H: nx.Graph, pos: Mapping[Any, tuple[float, float]], reserve: int, axis: str
) -> dict[Any, tuple[float, float]]:
    """Positions moved apart so that no node, nor the label of the ``reserve`` most
    important nodes (``must_label`` first, then ``priority``), covers another at the
    page's smallest initial zoom (:func:`_remove_overlaps`).

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
    hw, up, down = _footprints(H, reserved)
    xy = np.array([pos[n] for n in nodes], dtype=float)
    xy = _remove_overlaps(xy, hw, up, down, axis=axis)
    return {n: (float(p[0]), float(p[1])) for n, p in zip(nodes, xy, strict=True)}


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


def _components(H: nx.Graph, seed: int, width: float = 1500.0) -> dict[Any, tuple[float, float]]:
    """Each connected component laid out alone (seeded spring), then packed in rows
    (largest first) about ``width`` canvas units wide."""
    simple: nx.Graph = nx.Graph(H.to_undirected(as_view=True))
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(map(str, c))))
    pos: dict[Any, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for part in parts:
        sub = simple.subgraph(part)
        n = len(part)
        if n == 1:
            local = {next(iter(part)): (0.0, 0.0)}
        else:
            raw = nx.spring_layout(sub, seed=seed, weight=None, k=2.0 / math.sqrt(n), scale=1.0)
            r = 60.0 * math.sqrt(n)
            local = {k: (float(p[0]) * r * 1.4, float(p[1]) * r) for k, p in raw.items()}
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        w, h = max(xs) - min(xs) + 160.0, max(ys) - min(ys) + 90.0
        if x > 0 and x + w > width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for k, (px, py) in local.items():
            pos[k] = (x + px - min(xs) + 80.0, y + py - min(ys) + 30.0)
        x += w
        row_h = max(row_h, h)
    return pos


def _layered(H: nx.Graph, per_column: int = 12) -> dict[Any, tuple[float, float]]:
    """Columns by the ``layer`` attribute, upstream (negative) left; a column of more than
    ``per_column`` nodes wraps into side-by-side sub-columns; within a column, highest
    ``score`` first (ties by id). Column widths follow the widest label in them."""
    f = LABEL_PX / DESIGN_SCALE
    layers: dict[int, list[Any]] = {}
    for node, a in H.nodes(data=True):
        layers.setdefault(int(a.get("layer", 0)), []).append(node)
    pos: dict[Any, tuple[float, float]] = {}
    x = 0.0
    placed: dict[int, float] = {}
    for layer in sorted(layers):
        members = layers[layer]
        members.sort(key=lambda n: (-float(H.nodes[n].get("score") or 0.0), str(n)))
        subs = math.ceil(len(members) / per_column)
        rows = math.ceil(len(members) / subs)
        width = max(
            max(label_width(str(H.nodes[m].get("label", m))) / DESIGN_SCALE for m in members),
            2 * MAX_SIZE,
        )
        sub_gap = width + 24.0
        row_gap = 2 * MAX_SIZE + 2.5 * f
        start = x + (sub_gap if placed else 0.0) + (subs - 1) * sub_gap / 2
        for k, node in enumerate(members):
            sub, row = divmod(k, rows)
            px = start + (sub - (subs - 1) / 2) * sub_gap
            py = (row - (rows - 1) / 2) * row_gap
            pos[node] = (px, py)
        x = start + (subs - 1) * sub_gap / 2 + 90.0
        placed[layer] = x
    return pos
