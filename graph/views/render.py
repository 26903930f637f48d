"""The page: a view's nodes, links, legend and texts as one self-contained HTML document.

:func:`_page_data` turns a :class:`~clusteratlas.graph.views.model.View` into pyvis'
shapes (node and edge dicts with vis-network options, the network options and the
heading the template shows); :func:`render_html` renders them through the package's
template (vis-network's JavaScript and CSS from pyvis inlined, positions fixed, physics
off, so the page needs no network and opens instantly); :func:`pyvis_network` gives the
same data as a pyvis ``Network`` for notebooks.

>>> import networkx as nx
>>> from clusteratlas.graph.views.model import Legend, finish_view
>>> v = finish_view(nx.Graph([("a", "b")]), kind="t", title="T", subtitle="s", legend=Legend())
>>> [n["id"] for n in _page_data(v)["nodes"]], "<title>T</title>" in render_html(v)
(['a', 'b'], True)
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clusteratlas.graph.definitions.export_columns import export_name
from clusteratlas.graph.views._format import page_language
from clusteratlas.graph.views.style import (
    DESIGN_SCALE,
    FONT_STACK,
    LABEL_PX,
    MIN_LABEL_PX,
    MIN_SIZE,
    MIN_WIDTH,
    SHAPE_SYMBOLS,
    colour_states,
    dash_pattern,
)

if TYPE_CHECKING:
    from clusteratlas.graph.views.model import View

__all__ = ["pyvis_network", "render_html"]


def render_html(view: View) -> str:
    """The page of ``view``: :func:`_page_data` rendered through the package's template, as
    pyvis' ``generate_html`` renders a Network, without building one.

    Parameters
    ----------
    view : View
        A finished view (:func:`~clusteratlas.graph.views.model.finish_view`).

    Returns
    -------
    str
        One self-contained UTF-8 HTML document: vis-network inlined, positions fixed,
        physics off, the legend, notes, search, slider and export buttons.

    Raises
    ------
    ImportError
        pyvis (whose templates folder holds vis-network) is not installed.

    Examples
    --------
    >>> import networkx as nx
    >>> from clusteratlas.graph.views.model import Legend, finish_view
    >>> v = finish_view(nx.Graph([("a", "b")]), kind="t", title="T", subtitle="s",
    ...                 legend=Legend())
    >>> page = render_html(v)
    >>> "<title>T</title>" in page, "vis-network" in page
    (True, True)
    """
    page = _page_data(view)
    # a view may bring its own page (the map: template.html plus its boundary layer)
    template = _environment().get_template(str(view.metadata.get("template", "template.html")))
    return str(
        template.render(
            height=page["height"],
            width="100%",
            nodes=page["nodes"],
            edges=page["edges"],
            heading=page["heading"],
            options=json.dumps(page["options"]),
            page_lang=page_language(n.get("name") or n.get("fullLabel", "") for n in page["nodes"]),
        )
    )


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


def pyvis_network(view: View) -> Any:
    """The pyvis Network of a view, filled from the data :func:`render_html` draws.

    Parameters
    ----------
    view : View
        A finished view.

    Returns
    -------
    pyvis.network.Network
        Nodes, edges, options and heading set directly (pyvis' ``add_node`` and
        ``add_edge`` are quadratic in size), JavaScript inlined, rendering through the
        package's template; change it and call its ``generate_html``.

    Examples
    --------
    >>> import networkx as nx
    >>> from clusteratlas.graph.views.model import Legend, finish_view
    >>> v = finish_view(nx.DiGraph([("a", "b")]), kind="t", title="T", subtitle="s",
    ...                 legend=Legend())
    >>> net = pyvis_network(v)
    >>> net.node_ids, net.directed
    (['a', 'b'], True)
    """
    from pyvis.network import Network

    page = _page_data(view)
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
    net.path = str(view.metadata.get("template", "template.html"))
    return net


def _page_data(view: View) -> dict[str, Any]:
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
            "mustLabel": bool(a.get("must_label")),
            "name": name,
            "code": code,
            "searchText": f"{name} {code} {a.get('search', '')}".strip(),  # names.py
            "section": str(a.get("section", "")),
            "sectionName": str(a.get("section_name", a.get("section", ""))),
            "kind": str(a.get("kind", "")),
            "row": {export_name(str(k)): _plain(v) for k, v in dict(a.get("row") or {}).items()},
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
            "row": {
                export_name(str(k2)): _plain(v2) for k2, v2 in dict(a.get("row") or {}).items()
            },
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
    heading: dict[str, Any] = {
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
        "layer": view.metadata.get("layer"),  # view-specific data for its own template
    }
    heading["config"] = {
        "label_px": LABEL_PX,
        "min_label_px": MIN_LABEL_PX,
        "design_scale": DESIGN_SCALE,
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
