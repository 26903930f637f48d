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
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

__all__ = [
    "DEFAULT_MAX_EDGES",
    "DEFAULT_MAX_NODES",
    "Legend",
    "Reduction",
    "View",
    "finish_view",
    "reduce_to_top_k",
]

DEFAULT_MAX_NODES = 300
DEFAULT_MAX_EDGES = 1500
FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
)
MIN_SIZE, MAX_SIZE = 10.0, 40.0
MIN_WIDTH, MAX_WIDTH = 1.0, 9.0


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
        raise ValueError(f"max_nodes={max_nodes} is smaller than the {len(focus)} focus nodes")
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
    """What colours, shapes, sizes and edges mean, shown beside the network."""

    colours: tuple[tuple[str, str], ...] = ()
    shapes: tuple[tuple[str, str], ...] = ()
    sizes: str = ""
    edges: tuple[str, ...] = ()


SHAPE_SYMBOLS = {
    "dot": "●",
    "square": "■",
    "diamond": "◆",
    "triangle": "▲",
    "star": "★",
    "hexagon": "⬢",
}


@dataclass
class View:
    """A finished view: laid-out graph, title, legend and notes; writes offline HTML.

    ``graph`` nodes carry ``label``, ``tooltip``, ``color``, ``shape``, ``size``,
    ``x``, ``y``; edges carry ``width``, ``tooltip``, ``inferred``. Use
    :meth:`write_html` for a file and, in Jupyter, the object itself (it renders
    inline through an ``iframe srcdoc``, with no network either).
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
        """The pyvis ``Network`` for this view (built without pyvis' quadratic helpers)."""
        return _network(self)

    def to_html(self) -> str:
        """The page as a string: one self-contained UTF-8 HTML document."""
        return str(self.network().generate_html(name="view.html", notebook=False))

    def write_html(self, path: str | Path) -> Path:
        """Write the page to ``path`` (UTF-8; parent folders are created) and return the path."""
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(self.to_html(), encoding="utf-8")
        return out

    def _repr_html_(self) -> str:
        height = int(self.height.removesuffix("px")) + 260 if self.height.endswith("px") else 980
        doc = html.escape(self.to_html(), quote=True)
        return (
            f'<iframe srcdoc="{doc}" sandbox="allow-scripts" '
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
) -> View:
    """Reduce, lay out and size ``G`` (a copy) and wrap it as a :class:`View`.

    Sizes: ``size_value`` is mapped to MIN_SIZE..MAX_SIZE pixels by the square
    root of its min-max rescaling within its ``size_group`` (default: its shape,
    since each shape encodes one metric); a node with a fixed ``size`` keeps it. Widths:
    ``weight`` is mapped linearly from 0..max to MIN_WIDTH..MAX_WIDTH pixels.
    Layouts: ``spring`` (seeded Fruchterman-Reingold), ``shell`` (rings by the
    node attribute ``shell``), ``layers`` (columns by the node attribute ``layer``).

    >>> G = nx.DiGraph([("a", "b")])
    >>> v = finish_view(G, kind="demo", title="t", subtitle="s", legend=Legend())
    >>> v.n_nodes, v.n_edges, "x" in v.graph.nodes["a"]
    (2, 1, True)
    """
    keep = list(keep)
    H, reduction = reduce_to_top_k(G, max_nodes, max_edges, keep=keep, score_label=score_label)
    _set_sizes(H)
    _set_widths(H)
    for node, (x, y) in _layout(H, layout, seed).items():
        H.nodes[node]["x"], H.nodes[node]["y"] = x, y
    page_notes = list(notes)
    if reduction is not None:
        page_notes.insert(0, reduction.describe())
    return View(kind, title, subtitle, H, legend, tuple(page_notes), reduction)


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
    if kind == "shell":
        rings: dict[int, list[Any]] = {}
        for node, a in H.nodes(data=True):
            rings.setdefault(int(a.get("shell", 1)), []).append(node)
        pos = nx.shell_layout(H, nlist=[rings[k] for k in sorted(rings)], scale=1.0)
    else:
        simple: nx.Graph = nx.Graph(H.to_undirected(as_view=True))
        pos = nx.spring_layout(simple, seed=seed, weight=None, k=2.0 / math.sqrt(n), scale=1.0)
    scale = max(450.0, 60.0 * math.sqrt(n))
    return {
        k: (round(float(p[0]) * scale, 1), round(float(p[1]) * scale, 1)) for k, p in pos.items()
    }


def _layered(
    H: nx.Graph, row_gap: float = 70.0, per_column: int = 25
) -> dict[Any, tuple[float, float]]:
    """Columns by the ``layer`` attribute; a column of more than ``per_column`` nodes wraps
    into side-by-side sub-columns; within a column, highest ``score`` first (ties by id)."""
    layers: dict[int, list[Any]] = {}
    for node, a in H.nodes(data=True):
        layers.setdefault(int(a.get("layer", 0)), []).append(node)
    sub_gap = 150.0
    widest = max(math.ceil(len(m) / per_column) for m in layers.values())
    col_gap = widest * sub_gap + 250.0
    pos: dict[Any, tuple[float, float]] = {}
    for layer, members in layers.items():
        members.sort(key=lambda n: (-float(H.nodes[n].get("score") or 0.0), str(n)))
        subs = math.ceil(len(members) / per_column)
        rows = math.ceil(len(members) / subs)
        for k, node in enumerate(members):
            sub, row = divmod(k, rows)
            x = layer * col_gap + (sub - (subs - 1) / 2) * sub_gap
            y = (row - (rows - 1) / 2) * row_gap
            pos[node] = (round(x, 1), round(y, 1))
    return pos


@functools.cache
def _environment() -> Any:
    """Jinja environment: this package's template first, then pyvis' (for the inlined lib)."""
    import pyvis
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader

    return Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(str(Path(__file__).parent)),
                FileSystemLoader(str(Path(pyvis.__file__).parent / "templates")),
            ]
        ),
        autoescape=True,
    )


def _network(view: View) -> Any:
    from pyvis.network import Network

    directed = view.graph.is_directed()
    net = Network(height=view.height, width="100%", directed=directed, cdn_resources="in_line")
    # Fill pyvis' lists directly: add_node/add_edge scan lists (quadratic in size).
    for node, a in view.graph.nodes(data=True):
        options = {
            "id": str(node),
            "label": str(a.get("label", node)),
            "title": str(a.get("tooltip", a.get("label", node))),
            "color": a.get("color", "#97c2fc"),
            "shape": a.get("shape", "dot"),
            "size": float(a.get("size", MIN_SIZE)),
            "x": float(a.get("x", 0.0)),
            "y": float(a.get("y", 0.0)),
        }
        if a.get("highlight"):
            options["color"] = {"background": options["color"], "border": "#102a43"}
            options["borderWidth"] = 5
        net.nodes.append(options)
        net.node_ids.append(str(node))
        net.node_map[str(node)] = options
    for u, v, a in view.graph.edges(data=True):
        edge: dict[str, Any] = {
            "from": str(u),
            "to": str(v),
            "width": float(a.get("width", MIN_WIDTH)),
            "title": str(a.get("tooltip", "")),
            "color": {"color": a.get("color", "#9aa5b1"), "opacity": 0.75},
            "dashes": bool(a.get("inferred", False)),
        }
        if directed:
            edge["arrows"] = "to"
        net.edges.append(edge)
    net.options = {  # a dict: pyvis' set_options would strip spaces and replace everything anyway
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": True},
        "nodes": {"font": {"size": 14, "face": FONT_STACK}, "borderWidth": 1},
        "edges": {"smooth": False, "arrows": {"to": {"scaleFactor": 0.5}}},
    }
    # The page's texts travel in pyvis' ``heading`` (passed to the template as is);
    # the Jinja environment is shared so vis-network is parsed once per process.
    net.heading = {
        "kind": view.kind,
        "title": view.title,
        "subtitle": view.subtitle,
        "notes": list(view.notes),
        "legend": view.legend,
        "symbols": SHAPE_SYMBOLS,
        "font": FONT_STACK,
    }
    net.templateEnv = _environment()
    net.path = "template.html"
    return net
