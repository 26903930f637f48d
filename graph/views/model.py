"""The view object: a reduced, laid-out graph with a title, legend and notes.

Every view function (region, supply chain, cluster network, industry space, map) builds
a networkx graph whose nodes carry ``label``, ``tooltip``, ``color``, ``shape``,
``score`` (what the top-k reduction ranks by) and ``size_value`` (what the node
size encodes), and whose edges carry ``weight`` (what the width encodes),
``tooltip`` and ``inferred``; :func:`finish_view` reduces it to at most
``max_nodes`` nodes (:func:`reduce_to_top_k`), lays it out
(:mod:`~clusteratlas.graph.views.layout`), turns the metrics into pixel sizes and
widths, and returns a :class:`View`, which writes one self-contained HTML page
(:mod:`~clusteratlas.graph.views.render`).

>>> import networkx as nx
>>> G = nx.path_graph(5)
>>> nx.set_node_attributes(G, {n: float(n) for n in G}, "score")
>>> H, reduction = reduce_to_top_k(G, max_nodes=3)
>>> sorted(H.nodes), reduction.dropped_nodes
([2, 3, 4], 2)
"""

from __future__ import annotations

import html
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from clusteratlas.errors import UsageError
from clusteratlas.graph.views.layout import (
    layout_positions,
    set_sizes,
    set_widths,
    spread_labels,
)
from clusteratlas.graph.views.style import DEFAULT_MAX_EDGES, DEFAULT_MAX_NODES, DESIGN_SCALE

__all__ = ["Legend", "Reduction", "Threshold", "View", "finish_view", "reduce_to_top_k"]


@dataclass(frozen=True)
class Reduction:
    """What the top-k rule dropped: counts before and after, and what nodes were ranked by.

    Attributes
    ----------
    requested_nodes, requested_edges : int
        The size of the graph the view was asked to draw.
    kept_nodes, kept_edges : int
        The size of the graph drawn.
    score_label : str
        How the page names the score nodes were ranked by (``"PageRank"``).
    dropped_nodes, dropped_edges : int
        Requested minus kept.
    """

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

        Returns
        -------
        str
            The counts kept and dropped, and the rule that chose them.

        Examples
        --------
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
        The graph to reduce; nodes with a ``score``, edges with a ``weight``.
    max_nodes, max_edges : int
        Limits (``max_nodes`` must be at least the number of ``keep`` nodes; defaults
        :data:`~clusteratlas.graph.views.style.DEFAULT_MAX_NODES`, 300, and
        :data:`~clusteratlas.graph.views.style.DEFAULT_MAX_EDGES`, 1,500).
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

    Raises
    ------
    UsageError
        ``max_nodes`` is smaller than the number of ``keep`` nodes in ``G``.

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

    Attributes
    ----------
    colours : tuple of tuple of str
        ``(colour, label)`` or ``(colour, label, key)`` entries.
    shapes : tuple of tuple of str
        ``(shape, label)`` or ``(shape, label, key)`` entries (vis.js shape names).
    sizes : str
        What node size encodes, in words.
    edges : tuple of str
        What edges, their width and dashes mean, one line each.
    colour_title : str
        The heading of the colour entries.
    ramp : mapping, optional
        A continuous colour scale, instead of or besides ``colours``.
    rings : tuple of (str, str)
        ``(colour, label)`` of the rings drawn around nodes (``"dashed"``: a dashed
        purple ring).

    Examples
    --------
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

        Returns
        -------
        dict
            ``{"colours": [...], "shapes": [...]}``, lists of ``(symbol, label, key)``.

        Examples
        --------
        >>> Legend(shapes=(("dot", "industry"),)).entries()["shapes"]
        [('dot', 'industry', '')]
        """
        pad = lambda e: (str(e[0]), str(e[1]), str(e[2]) if len(e) > 2 else "")  # noqa: E731
        return {"colours": [pad(e) for e in self.colours], "shapes": [pad(e) for e in self.shapes]}


@dataclass(frozen=True)
class Threshold:
    """A slider on the page: hide ``target`` ("nodes" or "edges") whose ``filter_value`` < value.

    Attributes
    ----------
    label : str
        The slider's label (``"LQ"``).
    target : {"nodes", "edges"}
        What the slider hides.
    minimum, maximum, step : float
        The slider's range and step.
    value : float
        Its initial value (0: everything shown).
    help : str
        A sentence under the slider.

    Examples
    --------
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

    Attributes
    ----------
    kind : str
        The kind of view (``region``, ``supply-chain``, ``clusters``,
        ``industry-space``, ``map``).
    title, subtitle : str
        The page's heading and the line under it (scope, source).
    graph : Graph
        The laid-out graph drawn.
    legend : Legend
        What colours, shapes, sizes and edges mean.
    notes : tuple of str
        Sentences under the legend (the reduction first, when there was one).
    reduction : Reduction or None
        What the top-k rule dropped; None when nothing was.
    height : str
        The network's CSS height (``"720px"``).
    metadata : dict
        Free-form facts about the view (the file stem the export buttons use...).
    threshold : Threshold or None
        An optional slider.
    ranking : tuple of (str, str)
        ``(node id, text)`` lines of a ranked list beside the network (click: centre).
    ranking_title : str
        The heading of ``ranking``.
    min_scale : float
        The smallest initial zoom (default :data:`DESIGN_SCALE`, what labels are
        spread for).
    centre : str or None
        The node the page centres on when the drawing does not fit.
    search_scale : float or None
        The zoom a search result is shown at (None: ``min_scale``).
    centre_nodes : tuple of str
        Nodes whose mean position the page centres on (before ``centre``).
    n_nodes, n_edges : int
        The number of nodes and edges drawn.
    size_text : str
        What the view draws, in words, with label boxes (callouts) counted apart.
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

    @property
    def size_text(self) -> str:
        """The drawn nodes and links in words; callout label boxes and their leader
        lines are counted as labels, not as data; no links (a map) are not mentioned.

        Examples
        --------
        >>> import networkx as nx
        >>> G = nx.Graph()
        >>> G.add_node("a"); G.add_node("label:a", callout=True); G.add_edge("a", "label:a")
        >>> View("map", "t", "", G, Legend(())).size_text
        '1 nodes, 1 labels'
        """
        labels = {n for n, a in self.graph.nodes(data=True) if a.get("callout")}
        nodes = self.graph.number_of_nodes() - len(labels)
        links = sum(1 for u, v in self.graph.edges() if u not in labels and v not in labels)
        text = f"{nodes:,} nodes" + (f", {links:,} links" if links else "")
        return f"{text}, {len(labels):,} labels" if labels else text

    def node_ids(self) -> list[str]:
        """Ids of the drawn nodes, as strings (as in the page).

        Returns
        -------
        list of str
            In the graph's node order.

        Examples
        --------
        >>> finish_view(nx.Graph([(1, 2)]), kind="t", title="t", subtitle="s",
        ...             legend=Legend()).node_ids()
        ['1', '2']
        """
        return [str(n) for n in self.graph.nodes]

    def network(self) -> Any:
        """The pyvis ``Network`` for this view (built without pyvis' quadratic helpers),
        e.g. to change it in a notebook; :meth:`to_html` renders the same data.

        Returns
        -------
        pyvis.network.Network
            See :func:`~clusteratlas.graph.views.render.pyvis_network`.

        Examples
        --------
        >>> v = finish_view(nx.Graph([("a", "b")]), kind="t", title="t", subtitle="s",
        ...                 legend=Legend())
        >>> len(v.network().nodes)
        2
        """
        from clusteratlas.graph.views.render import pyvis_network

        return pyvis_network(self)

    def to_html(self) -> str:
        """The page as a string: one self-contained UTF-8 HTML document
        (:func:`~clusteratlas.graph.views.render.render_html`).

        Returns
        -------
        str
            The HTML, JavaScript and data inlined (it opens with no network).

        Examples
        --------
        >>> v = finish_view(nx.Graph([("a", "b")]), kind="t", title="t", subtitle="s",
        ...                 legend=Legend())
        >>> v.to_html().startswith("<!DOCTYPE html>")
        True
        """
        from clusteratlas.graph.views.render import render_html

        return render_html(self)

    def write_html(self, path: str | Path) -> Path:
        """Write the page to ``path`` (UTF-8; parent folders are created) and return the path.

        Parameters
        ----------
        path : str or Path
            The HTML file to write (replaced if it exists); its stem names the files
            the page's export buttons save.

        Returns
        -------
        Path
            ``path``.

        Examples
        --------
        >>> import tempfile
        >>> v = finish_view(nx.Graph([("a", "b")]), kind="t", title="t", subtitle="s",
        ...                 legend=Legend())
        >>> with tempfile.TemporaryDirectory() as d:
        ...     v.write_html(Path(d) / "views" / "ab.html").name
        'ab.html'
        """
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        self.metadata.setdefault("file_stem", out.stem)
        out.write_text(self.to_html(), encoding="utf-8")
        return out

    def nodes_frame(self) -> Any:
        """The drawn nodes as a DataFrame (id, name, kind, section and each node's numbers).

        The same columns as the page's "Nodes CSV" button (a unit in a header that has one:
        ``share_frac``, :mod:`~clusteratlas.graph.definitions.export_columns`).

        Returns
        -------
        DataFrame
            One row per drawn node: ``id``, ``name``, ``kind``, ``section`` and the
            numbers in the node's ``row`` attribute.

        Examples
        --------
        >>> v = finish_view(nx.Graph([("a", "b")]), kind="t", title="t", subtitle="s",
        ...                 legend=Legend())
        >>> list(v.nodes_frame()["id"])
        ['a', 'b']
        """
        import pandas as pd

        from clusteratlas.graph.definitions.export_columns import with_unit_headers

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
        return with_unit_headers(pd.DataFrame(rows))  # the units, as the page's CSV

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

    Labels: every layout but ``fixed`` is then spread
    (:func:`~clusteratlas.graph.views.layout.spread_labels`) so that the nodes, and the
    labels of the ``reserve_labels`` most important nodes (``must_label`` first, then
    ``priority``; default: all when there are at most 150 nodes, else 40), cover each
    other nowhere at the page's smallest initial zoom
    (:data:`DESIGN_SCALE`, labels :data:`LABEL_PX` pixels high on screen).

    Initial view: the whole drawing when it fits at that zoom; otherwise the page centres
    on the mean position of ``centre_nodes`` (else on ``centre``, else the middle) and
    moves so that as much of the drawing stays on screen as the zoom allows.

    Parameters
    ----------
    G : Graph or DiGraph
        Nodes with ``label``, ``tooltip``, ``color``, ``shape``, ``score`` and
        ``size_value``; edges with ``weight``, ``tooltip`` and ``inferred``. Not changed.
    kind, title, subtitle : str
        As :class:`View`'s.
    legend : Legend
        What colours, shapes, sizes and edges mean.
    notes : iterable of str
        Sentences for the page (the reduction's sentence goes first).
    keep : iterable of node ids
        The focus: always drawn, whatever their score.
    score_label : str, default "score"
        How the page names the score the reduction ranks by.
    layout : {"spring", "shell", "radial", "layers", "fixed"}, default "spring"
        How nodes are placed (above).
    max_nodes, max_edges : int
        The reduction's limits (:func:`reduce_to_top_k`; 300 and 1,500).
    seed : int, default 7
        Seed of the spring layout.
    threshold : Threshold, optional
        A slider for the page.
    ranking : iterable of (str, str)
        ``(node id, text)`` lines of a ranked list beside the network.
    ranking_title : str
        Its heading.
    centre : node id, optional
        The node the page centres on when the drawing does not fit.
    reserve_labels : int, optional
        How many labels must have room (above; default all up to 150 nodes, else 40).
    centre_nodes : iterable of node ids
        Nodes whose mean position the page centres on (those drawn).

    Returns
    -------
    View
        The reduced, sized and laid-out view (``x``, ``y``, ``size``, ``width`` set).

    Raises
    ------
    UsageError
        ``max_nodes`` is smaller than the number of ``keep`` nodes, or ``layout`` is
        unknown.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b")])
    >>> v = finish_view(G, kind="demo", title="t", subtitle="s", legend=Legend())
    >>> v.n_nodes, v.n_edges, "x" in v.graph.nodes["a"]
    (2, 1, True)
    """
    keep = list(keep)
    H, reduction = reduce_to_top_k(G, max_nodes, max_edges, keep=keep, score_label=score_label)
    set_sizes(H)
    set_widths(H)
    if layout != "fixed":
        pos = layout_positions(H, layout, seed)
        n_reserved = (
            reserve_labels
            if reserve_labels is not None
            else (H.number_of_nodes() if H.number_of_nodes() <= 150 else 40)
        )
        pos = spread_labels(H, pos, n_reserved, axis="y" if layout == "layers" else "both")
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
