"""The view object: a reduced, laid-out graph with a title, legend and notes, as offline HTML.

Every view function (region, supply chain, cluster network, industry space) builds
a networkx graph whose nodes carry ``label``, ``tooltip``, ``color``, ``shape``,
``score`` (what the top-k reduction ranks by) and ``size_value`` (what the node
size encodes), and whose edges carry ``weight`` (what the width encodes),
``tooltip`` and ``inferred``; :func:`finish_view` reduces it to at most
``max_nodes`` nodes (:func:`reduce_to_top_k`), lays it out with networkx, turns
the metrics into pixel sizes and widths, and returns a :class:`View`.

A :class:`View` writes one self-contained UTF-8 HTML file: vis-network's
JavaScript and CSS (shipped inside pyvis 0.3.2) are inlined, positions are fixed
and physics is off, so the page needs no network and opens instantly.

>>> import networkx as nx
>>> G = nx.path_graph(5)
>>> nx.set_node_attributes(G, {n: float(n) for n in G}, "score")
>>> H, reduction = reduce_to_top_k(G, max_nodes=3)
>>> sorted(H.nodes), reduction.dropped_nodes
([2, 3, 4], 2)
"""

from __future__ import annotations

import functools
import html
import json
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from clusteratlas.errors import UsageError

__all__ = [
    "DEFAULT_MAX_EDGES",
    "DEFAULT_MAX_NODES",
    "DESIGN_SCALE",
    "LABEL_PX",
    "Legend",
    "Reduction",
    "Threshold",
    "View",
    "colour_states",
    "darker",
    "finish_view",
    "label_width",
    "reduce_to_top_k",
    "remove_overlaps",
    "wrap_label",
]

DEFAULT_MAX_NODES = 300
DEFAULT_MAX_EDGES = 1500
FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
)
MIN_SIZE, MAX_SIZE = 10.0, 40.0
MIN_WIDTH, MAX_WIDTH = 1.0, 9.0
LABEL_PX = 13.0
"""Height of node labels on screen, in CSS pixels, at every zoom."""
DESIGN_SCALE = 0.8
"""The smallest initial zoom of a page: layouts leave room for labels at this scale."""


@dataclass(frozen=True)
class Reduction:
    """What the top-k rule dropped: counts before and after, and what nodes were ranked by."""

    requested_nodes: int
    requested_edges: int
    kept_nodes: int
    kept_edges: int
    score_label: str = "score"

    @property
    def dropped_nodes(self) -> int:
        """Nodes of the requested graph that are not drawn."""
        return self.requested_nodes - self.kept_nodes

    @property
    def dropped_edges(self) -> int:
        """Edges of the requested graph that are not drawn."""
        return self.requested_edges - self.kept_edges

    def describe(self) -> str:
        """One sentence for the page: the rule and what it dropped.

        >>> Reduction(3000, 9000, 300, 1500, "PageRank").describe()[:60]
        'Reduced for display: 300 of 3,000 nodes kept (the focus node'
        """
        return (
            f"Reduced for display: {self.kept_nodes:,} of {self.requested_nodes:,} nodes kept "
            f"(the focus nodes, then the highest {self.score_label}; ties by id) and "
            f"{self.kept_edges:,} of {self.requested_edges:,} edges (those between kept nodes, "
            f"heaviest first); dropped {self.dropped_nodes:,} nodes and "
            f"{self.dropped_edges:,} edges."
        )


def reduce_to_top_k(
    G: nx.Graph,
    max_nodes: int = DEFAULT_MAX_NODES,
    max_edges: int = DEFAULT_MAX_EDGES,
    *,
    score: str = "score",
    weight: str = "weight",
    keep: Iterable[Hashable] = (),
    score_label: str = "score",
) -> tuple[nx.Graph, Reduction | None]:
    """Reduce ``G`` to at most ``max_nodes`` nodes and ``max_edges`` edges by a stated rule.

    Rule: the nodes in ``keep`` (the focus) are always kept; the remaining places
    go to the other nodes with the highest ``score`` attribute (missing = 0), ties
    broken by ascending ``str(id)``. Edges between kept nodes are kept; when more
    than ``max_edges`` remain, those with the highest ``weight`` are kept (ties by
    endpoint ids). ``G`` is never changed: the result is a copy.

    Parameters
    ----------
    G : networkx.Graph or DiGraph
    max_nodes, max_edges : int
        Limits (``max_nodes`` must be at least the number of ``keep`` nodes).
    score, weight : str
        Node and edge attributes to rank by.
    keep : iterable of node ids
        Nodes that are kept whatever their score.
    score_label : str
        How the page names the score (``"PageRank"``).

    Returns
    -------
    (graph, Reduction or None)
        The reduced copy, and what was dropped (``None`` when nothing was).

    Examples
    --------
    >>> G = nx.star_graph(4)  # centre 0
    >>> nx.set_node_attributes(G, {0: 0.0, 1: 5.0, 2: 4.0, 3: 3.0, 4: 2.0}, "score")
    >>> H, r = reduce_to_top_k(G, max_nodes=3, keep=[0])
    >>> sorted(H.nodes), r.kept_edges, r.dropped_edges
    ([0, 1, 2], 2, 2)
    """
    focus = [n for n in keep if n in G]
    if len(focus) > max_nodes:
        raise UsageError(
            f"max_nodes={max_nodes} is smaller than the {len(focus)} focus nodes (the focus "
            "is always drawn)"
        )
    if G.number_of_nodes() <= max_nodes and G.number_of_edges() <= max_edges:
        return G.copy(), None
    focus_set = set(focus)
    others = sorted(
        (n for n in G if n not in focus_set),
        key=lambda n: (-float(G.nodes[n].get(score) or 0.0), str(n)),
    )
    kept = focus + others[: max_nodes - len(focus)]
    H = G.subgraph(kept).copy()
    if H.number_of_edges() > max_edges:
        ranked = sorted(
            H.edges(data=True),
            key=lambda e: (-float(e[2].get(weight) or 0.0), str(e[0]), str(e[1])),
        )
        H.remove_edges_from([(u, v) for u, v, _ in ranked[max_edges:]])
    reduction = Reduction(
        G.number_of_nodes(),
        G.number_of_edges(),
        H.number_of_nodes(),
        H.number_of_edges(),
        score_label,
    )
    return H, reduction


@dataclass(frozen=True)
class Legend:
    """What colours, shapes, sizes and edges mean, shown beside the network.

    ``colours`` entries are ``(colour, label)`` or ``(colour, label, key)``; with a
    key, clicking the entry hides the nodes whose ``section`` attribute is that key.
    ``shapes`` entries likewise, with keys matched against the node attribute
    ``kind``. ``colour_title`` names what the colours are (the data's own word for
    the grouping, e.g. "industry section"). ``ramp`` is a continuous colour scale
    (``{"label", "colours", "ticks", "note"}``) for views coloured by a number.

    >>> Legend(colours=(("#000", "制造业 (GB4754:C)", "GB4754:C"),)).colours[0][2]
    'GB4754:C'
    """

    colours: tuple[tuple[str, ...], ...] = ()
    shapes: tuple[tuple[str, ...], ...] = ()
    sizes: str = ""
    edges: tuple[str, ...] = ()
    colour_title: str = "industry section"
    ramp: Mapping[str, Any] | None = None
    rings: tuple[tuple[str, str], ...] = ()

    def entries(self) -> dict[str, list[tuple[str, str, str]]]:
        """Colour and shape entries padded to ``(symbol, label, key)`` (key '' = no toggle).

        >>> Legend(shapes=(("dot", "industry"),)).entries()["shapes"]
        [('dot', 'industry', '')]
        """
        pad = lambda e: (str(e[0]), str(e[1]), str(e[2]) if len(e) > 2 else "")  # noqa: E731
        return {"colours": [pad(e) for e in self.colours], "shapes": [pad(e) for e in self.shapes]}


@dataclass(frozen=True)
class Threshold:
    """A slider on the page: hide ``target`` ("nodes" or "edges") whose ``filter_value`` < value.

    >>> Threshold("LQ", target="nodes", maximum=5.0).value
    0.0
    """

    label: str
    target: str = "nodes"
    minimum: float = 0.0
    maximum: float = 1.0
    step: float = 0.01
    value: float = 0.0
    help: str = ""


SHAPE_SYMBOLS = {
    "dot": "●",
    "square": "■",
    "diamond": "◆",
    "triangle": "▲",
    "star": "★",
    "hexagon": "⬢",
    "box": "▭",
}


@dataclass
class View:
    """A finished view: laid-out graph, title, legend and notes; writes offline HTML.

    ``graph`` nodes carry ``label``, ``tooltip``, ``color``, ``shape``, ``size``,
    ``x``, ``y`` (and what the page's tools use: ``priority``, ``section``, ``kind``,
    ``row``, ``name``, ``code``); edges carry ``width``, ``tooltip``, ``inferred``,
    ``row``. Use :meth:`write_html` for a file and, in Jupyter, the object itself (it
    renders inline through an ``iframe srcdoc``, with no network either).

    The page has a search box (name or code: centres the node, highlights it with its
    neighbours and dims the rest), legend entries that hide a section or a node kind,
    an optional threshold slider, and buttons that export the picture (PNG) and the
    drawn nodes and links (CSV). Labels keep one size on screen (``LABEL_PX``) and are
    drawn, most important first, only where they cover no other node or label.
    """

    kind: str
    title: str
    subtitle: str
    graph: nx.Graph
    legend: Legend
    notes: tuple[str, ...] = ()
    reduction: Reduction | None = None
    height: str = "720px"
    metadata: dict[str, Any] = field(default_factory=dict)
    threshold: Threshold | None = None
    ranking: tuple[tuple[str, str], ...] = ()
    ranking_title: str = ""
    min_scale: float = DESIGN_SCALE
    centre: str | None = None
    search_scale: float | None = None
    centre_nodes: tuple[str, ...] = ()

    @property
    def n_nodes(self) -> int:
        """Number of nodes drawn."""
        return int(self.graph.number_of_nodes())

    @property
    def n_edges(self) -> int:
        """Number of edges drawn."""
        return int(self.graph.number_of_edges())

    def node_ids(self) -> list[str]:
        """Ids of the drawn nodes, as strings (as in the page)."""
        return [str(n) for n in self.graph.nodes]

    def network(self) -> Any:
        """The pyvis ``Network`` for this view (built without pyvis' quadratic helpers),
        e.g. to change it in a notebook; :meth:`to_html` renders the same data."""
        return _network(self)

    def to_html(self) -> str:
        """The page as a string: one self-contained UTF-8 HTML document.

        The page data (:func:`_page`: pyvis' nodes, edges, options and heading) rendered
        through the package's template, as pyvis' ``generate_html`` renders them, without
        building the ``Network`` object."""
        page = _page(self)
        template = _environment().get_template("template.html")
        return str(
            template.render(
                height=page["height"],
                width="100%",
                nodes=page["nodes"],
                edges=page["edges"],
                heading=page["heading"],
                options=json.dumps(page["options"]),
            )
        )

    def write_html(self, path: str | Path) -> Path:
        """Write the page to ``path`` (UTF-8; parent folders are created) and return the path."""
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        self.metadata.setdefault("file_stem", out.stem)
        out.write_text(self.to_html(), encoding="utf-8")
        return out

    def nodes_frame(self) -> Any:
        """The drawn nodes as a DataFrame (id, name, kind, section and each node's numbers).

        The same columns as the page's "Nodes CSV" button.

        >>> v = finish_view(nx.Graph([("a", "b")]), kind="t", title="t", subtitle="s",
        ...                 legend=Legend())
        >>> list(v.nodes_frame()["id"])
        ['a', 'b']
        """
        import pandas as pd

        rows = [
            {
                "id": str(n),
                "name": a.get("name", a.get("label", n)),
                "kind": a.get("kind", ""),
                "section": a.get("section_name", a.get("section", "")),
                **dict(a.get("row") or {}),
            }
            for n, a in self.graph.nodes(data=True)
        ]
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        height = int(self.height.removesuffix("px")) + 300 if self.height.endswith("px") else 1020
        doc = html.escape(self.to_html(), quote=True)
        return (
            f'<iframe srcdoc="{doc}" sandbox="allow-scripts allow-downloads" '
            f'style="width:100%;height:{height}px;border:0"></iframe>'
        )

    def __repr__(self) -> str:
        return f"View({self.kind!r}, {self.title!r}, nodes={self.n_nodes}, edges={self.n_edges})"


def finish_view(
    G: nx.Graph,
    *,
    kind: str,
    title: str,
    subtitle: str,
    legend: Legend,
    notes: Iterable[str] = (),
    keep: Iterable[Hashable] = (),
    score_label: str = "score",
    layout: str = "spring",
    max_nodes: int = DEFAULT_MAX_NODES,
    max_edges: int = DEFAULT_MAX_EDGES,
    seed: int = 7,
    threshold: Threshold | None = None,
    ranking: Iterable[tuple[str, str]] = (),
    ranking_title: str = "",
    centre: Hashable | None = None,
    reserve_labels: int | None = None,
    centre_nodes: Iterable[Hashable] = (),
) -> View:
    """Reduce, lay out and size ``G`` (a copy) and wrap it as a :class:`View`.

    Sizes: ``size_value`` is mapped to MIN_SIZE..MAX_SIZE pixels by the square
    root of its min-max rescaling within its ``size_group`` (default: its shape,
    since each shape encodes one metric); a node with a fixed ``size`` keeps it. Widths:
    ``weight`` is mapped linearly from 0..max to MIN_WIDTH..MAX_WIDTH pixels.
    Layouts: ``spring`` (seeded Fruchterman-Reingold), ``shell`` (rings by the
    node attribute ``shell``), ``radial`` (node attributes ``ring``, a radius in rings,
    and ``angle``), ``layers`` (columns by the node attribute ``layer``),
    ``fixed`` (the nodes' own ``x`` and ``y``, kept as they are).

    Labels: every layout but ``fixed`` is then spread (:func:`remove_overlaps`) so
    that the nodes, and the labels of the ``reserve_labels`` most important nodes
    (``must_label`` first, then ``priority``; default: all when there are at most 150
    nodes, else 40), cover each other nowhere at the page's smallest initial zoom
    (:data:`DESIGN_SCALE`, labels :data:`LABEL_PX` pixels high on screen).

    Initial view: the whole drawing when it fits at that zoom; otherwise the page centres
    on the mean position of ``centre_nodes`` (else on ``centre``, else the middle) and
    moves so that as much of the drawing stays on screen as the zoom allows.

    >>> G = nx.DiGraph([("a", "b")])
    >>> v = finish_view(G, kind="demo", title="t", subtitle="s", legend=Legend())
    >>> v.n_nodes, v.n_edges, "x" in v.graph.nodes["a"]
    (2, 1, True)
    """
    keep = list(keep)
    H, reduction = reduce_to_top_k(G, max_nodes, max_edges, keep=keep, score_label=score_label)
    _set_sizes(H)
    _set_widths(H)
    if layout != "fixed":
        pos = _layout(H, layout, seed)
        n_reserved = (
            reserve_labels
            if reserve_labels is not None
            else (H.number_of_nodes() if H.number_of_nodes() <= 150 else 40)
        )
        pos = _spread(H, pos, n_reserved, axis="y" if layout == "layers" else "both")
        for node, (x, y) in pos.items():
            H.nodes[node]["x"], H.nodes[node]["y"] = round(x, 1), round(y, 1)
    page_notes = list(notes)
    if reduction is not None:
        page_notes.insert(0, reduction.describe())
    view = View(
        kind,
        title,
        subtitle,
        H,
        legend,
        tuple(page_notes),
        reduction,
        threshold=threshold,
        ranking=tuple((str(i), str(t)) for i, t in ranking),
        ranking_title=ranking_title,
        centre=None if centre is None else str(centre),
        centre_nodes=tuple(str(n) for n in centre_nodes if n in H),
    )
    return view


def wrap_label(text: str, width: int = 9) -> str:
    """Break a long name into lines of about ``width`` characters, at 、，和 or a space
    when there is one near the middle.

    >>> print(wrap_label("信息传输、软件和信息技术服务业"))
    信息传输、软件和
    信息技术服务业
    >>> wrap_label("制造业")
    '制造业'
    """
    text = str(text)
    if len(text) <= width + 2:
        return text
    mid = len(text) / 2
    cuts = [i + 1 for i, c in enumerate(text[:-1]) if c in "、，, /" or c == "和"]
    cuts = [i for i in cuts if 3 <= i <= len(text) - 3]
    cut = min(cuts, key=lambda i: (abs(i - mid), i)) if cuts else min(width, len(text) // 2)
    head, tail = text[:cut].rstrip(), text[cut:].lstrip()
    return head + "\n" + (wrap_label(tail, width) if len(tail) > width + 4 else tail)


def label_width(text: str, px: float = LABEL_PX) -> float:
    """Estimated width in pixels of ``text`` at ``px`` (CJK characters 1 em, others 0.62 em).

    An upper estimate for the page's CJK sans-serif font; the page measures the real
    width itself before it draws a label.

    >>> label_width("制造业"), label_width("ab")
    (39.0, 16.12)
    """
    lines = str(text).split("\n") or [""]
    return round(max(sum(px if ord(c) >= 0x2E80 else 0.62 * px for c in ln) for ln in lines), 2)


def remove_overlaps(
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
    >>> out = remove_overlaps(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([5.0, 5.0]),
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


def _spread(
    H: nx.Graph, pos: Mapping[Any, tuple[float, float]], reserve: int, axis: str
) -> dict[Any, tuple[float, float]]:
    import numpy as np

    nodes = list(H.nodes)
    if not nodes:
        return {}
    ranked = _label_order(H)
    reserved = {n for n in ranked[:reserve]} | {n for n in H if H.nodes[n].get("must_label")}
    hw, up, down = _footprints(H, reserved)
    xy = np.array([pos[n] for n in nodes], dtype=float)
    xy = remove_overlaps(xy, hw, up, down, axis=axis)
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


def _set_sizes(H: nx.Graph) -> None:
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


def _set_widths(H: nx.Graph) -> None:
    weights = [float(a.get("weight") or 0.0) for _, _, a in H.edges(data=True)]
    top = max(weights, default=0.0)
    for _, _, a in H.edges(data=True):
        if "width" not in a:
            w = float(a.get("weight") or 0.0)
            a["width"] = round(MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * (w / top if top else 0), 2)


def _layout(H: nx.Graph, kind: str, seed: int) -> dict[Any, tuple[float, float]]:
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


def darker(colour: str, factor: float = 0.7) -> str:
    """``colour`` (``#rrggbb``) with each channel multiplied by ``factor``.

    >>> darker("#ffffff", 0.5)
    '#808080'
    """
    if not (isinstance(colour, str) and colour.startswith("#") and len(colour) == 7):
        return colour
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * factor):02x}" for c in rgb)


def colour_states(background: str, border: str | None = None) -> dict[str, Any]:
    """A vis-network colour object whose hover and selection keep the node's own colour.

    (A bare colour string or a partial object lets vis-network repaint hovered nodes
    in its default blue.)

    >>> colour_states("#e15759")["hover"]["background"]
    '#e15759'
    """
    edge = border or darker(background)
    return {
        "background": background,
        "border": edge,
        "highlight": {"background": background, "border": "#102a43"},
        "hover": {"background": background, "border": edge},
    }


@functools.cache
@functools.cache
def _environment() -> Any:
    """Jinja environment, one per process: this package's template first, then pyvis'
    templates folder (for the inlined vis-network library). Found without importing
    pyvis (whose import pulls in IPython), and compiled once: the inlined library is
    half a megabyte."""
    import importlib.util

    from jinja2 import ChoiceLoader, Environment, FileSystemLoader

    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pyvis is not installed (pip install pyvis)")
    pyvis_dir = Path(next(iter(spec.submodule_search_locations)))
    return Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(str(Path(__file__).parent)),
                FileSystemLoader(str(pyvis_dir / "templates")),
            ]
        ),
        autoescape=True,
    )


def dash_pattern(width: float) -> list[float]:
    """vis-network's ``dashes`` for a dashed link ``width`` wide: [dash, gap] in the
    link's own units, both growing with the width. A gap of vis-network's default [5, 5]
    closes on wide links (the round caps reach width / 2 into it from each side, so a
    9-wide dashed link drew solid); here the gap keeps at least 6 clear:
    dash = max(8, 2 w), gap = max(6, 2 w) + w.

    >>> dash_pattern(1.0), dash_pattern(9.0)
    ([8.0, 7.0], [18.0, 27.0])
    """
    return [max(8.0, 2.0 * width), max(6.0, 2.0 * width) + width]


def _plain(value: Any) -> Any:
    """JSON-safe scalars (numpy numbers, NaN -> None) for the page's data."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) or hasattr(value, "item"):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return str(value)
        if not math.isfinite(number):
            return None
        return (
            int(number) if float(number).is_integer() and not isinstance(value, float) else number
        )
    return str(value)


def _network(view: View) -> Any:
    """The pyvis Network of a view, filled from its page data (:func:`_page`)."""
    from pyvis.network import Network

    page = _page(view)
    net = Network(
        height=view.height,
        width="100%",
        directed=view.graph.is_directed(),
        cdn_resources="in_line",
    )
    # Fill pyvis' lists directly: add_node/add_edge scan lists (quadratic in size).
    for options in page["nodes"]:
        net.nodes.append(options)
        net.node_ids.append(options["id"])
        net.node_map[options["id"]] = options
    net.edges.extend(page["edges"])
    net.options = page["options"]  # a dict: pyvis' set_options would replace everything
    net.heading = page["heading"]
    net.templateEnv = _environment()
    net.path = "template.html"
    return net


def _page(view: View) -> dict[str, Any]:
    """What the page draws, in pyvis' shapes: node and edge dicts (vis-network options),
    the network options and the heading the template shows (texts, legend, config)."""
    directed = view.graph.is_directed()
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    search: list[str] = []
    for node, a in view.graph.nodes(data=True):
        label = str(a.get("label", node))
        colour = a.get("color", "#97c2fc")
        border = a.get("border_color") or ("#102a43" if a.get("highlight") else None)
        states = colour if isinstance(colour, dict) else colour_states(str(colour), border)
        name = str(a.get("name", label.split("\n")[0]))
        code = str(a.get("code", node))
        options: dict[str, Any] = {
            "id": str(node),
            "label": "",
            "fullLabel": label,
            "title": str(a.get("tooltip", label)),
            "color": states,
            "baseColor": states,
            "shape": a.get("shape", "dot"),
            "size": float(a.get("size", MIN_SIZE)),
            "x": float(a.get("x", 0.0)),
            "y": float(a.get("y", 0.0)),
            "priority": float(
                1e9 if a.get("must_label") else (a.get("priority", a.get("score", 0.0)) or 0.0)
            ),
            "name": name,
            "code": code,
            "searchText": f"{name} {code}",
            "section": str(a.get("section", "")),
            "sectionName": str(a.get("section_name", a.get("section", ""))),
            "kind": str(a.get("kind", "")),
            "row": {str(k): _plain(v) for k, v in dict(a.get("row") or {}).items()},
            "borderWidth": float(a.get("border_width", 5 if a.get("highlight") else 1)),
        }
        if a.get("filter_value") is not None:
            options["filterValue"] = _plain(a["filter_value"])
        if a.get("pinned"):
            options["pinned"] = True
        if a.get("border_dashes"):
            options["shapeProperties"] = {"borderDashes": [5, 4]}
        nodes.append(options)
        search.append(f"{name} ({code})" if code != name else name)
    for k, (u, v, a) in enumerate(view.graph.edges(data=True)):
        colour = {"color": a.get("color", "#9aa5b1"), "opacity": 0.75}
        edge: dict[str, Any] = {
            "id": f"e{k}",
            "from": str(u),
            "to": str(v),
            "width": float(a.get("width", MIN_WIDTH)),
            "title": str(a.get("tooltip", "")),
            "color": colour,
            "baseColor": colour,
            "dashes": (
                dash_pattern(float(a.get("width", MIN_WIDTH)))
                if a.get("inferred", False) or a.get("dashes", False)
                else False
            ),
            "row": {str(k2): _plain(v2) for k2, v2 in dict(a.get("row") or {}).items()},
        }
        if a.get("filter_value") is not None:
            edge["filterValue"] = _plain(a["filter_value"])
        if directed:
            edge["arrows"] = "to"
        edges.append(edge)
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": True},
        "nodes": {
            "font": {"size": LABEL_PX, "face": FONT_STACK, "color": "#1f2933"},
            "borderWidth": 1,
            "scaling": {"label": {"drawThreshold": 1, "maxVisible": 200}},
        },
        "edges": {"smooth": False, "arrows": {"to": {"scaleFactor": 0.5}}},
    }
    threshold = view.threshold
    # The page's texts travel in pyvis' ``heading`` (passed to the template as is).
    heading = {
        "kind": view.kind,
        "title": view.title,
        "subtitle": view.subtitle,
        "notes": list(view.notes),
        "legend": {
            **view.legend.entries(),
            "sizes": view.legend.sizes,
            "edges": view.legend.edges,
            "colour_title": view.legend.colour_title,
            "rings": [(str(c), str(t)) for c, t in view.legend.rings],
            "ramp": view.legend.ramp,
        },
        "symbols": SHAPE_SYMBOLS,
        "font": FONT_STACK,
        "search": sorted(set(search)),
        "threshold": None
        if threshold is None
        else {
            "label": threshold.label,
            "min": threshold.minimum,
            "max": threshold.maximum,
            "step": threshold.step,
            "value": threshold.value,
            "help": threshold.help,
        },
        "ranking": list(view.ranking),
        "ranking_title": view.ranking_title,
    }
    heading["config"] = {
        "label_px": LABEL_PX,
        "min_scale": view.min_scale,
        "max_scale": 1.6,
        "centre": view.centre,
        "centre_nodes": list(view.centre_nodes),
        "search_scale": view.search_scale,
        "file_stem": str(view.metadata.get("file_stem", view.kind)),
        "threshold": None if threshold is None else {"target": threshold.target},
    }
    return {
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "heading": heading,
        "height": view.height,
    }
