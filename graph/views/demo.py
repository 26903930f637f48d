"""The demo's views: for each seed county its region, supply-chain and industry-space pages,
one cluster network of them all, and an index page linking everything.

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
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import pandas as pd

from clusteratlas.errors import ClusterAtlasError
from clusteratlas.graph.views.base import View
from clusteratlas.graph.views.clusters import cluster_network_view
from clusteratlas.graph.views.industry_space import industry_space_view
from clusteratlas.graph.views.region import region_view
from clusteratlas.graph.views.supply_chain import supply_chain_view
from clusteratlas.loaders.bundled import CHINA_SEED_COUNTIES
from clusteratlas.loaders.dataset import Dataset

__all__ = ["DEMO_REGIONS", "write_demo_views"]

log = logging.getLogger("clusteratlas")

DEMO_REGIONS = CHINA_SEED_COUNTIES
"""Default regions of the demo views: the article's counties."""


def write_demo_views(
    dataset: Dataset,
    out_dir: str | Path,
    regions: Sequence[str] = DEMO_REGIONS,
    clusters: pd.DataFrame | None = None,
) -> list[Path]:
    """Write the demo's HTML views into ``out_dir`` and return their paths (index last).

    Per region in ``regions`` present in the dataset: ``region-<code>.html``,
    ``supply-chain-<code>.html`` (the chain of its lead sector, see
    :func:`~clusteratlas.graph.views.supply_chain.lead_sector`) and
    ``industry-space-<code>.html``; then ``clusters.html`` (the cluster network of
    all of them) and ``index.html``. A region missing from the dataset, or a view
    the data cannot support, is skipped with a warning and listed on the index page.
    ``clusters``: precomputed clusters with their centrality (the ``clusters`` of
    ``analyze``), so the views need not detect and rank them again.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    known = set(dataset.regions["code"])
    present = [str(c) for c in regions if str(c) in known]
    skipped = [f"{c}: not in the dataset" for c in regions if str(c) not in known]
    written: list[tuple[Path, View]] = []

    def attempt(name: str, build: Callable[[], View]) -> None:
        try:
            view = build()
        except ClusterAtlasError as e:
            skipped.append(f"{name}: {e}")
            log.warning("view %s skipped: %s", name, e)
            return
        written.append((view.write_html(out / name), view))

    for code in present:
        attempt(f"region-{code}.html", partial(region_view, dataset, [code], clusters=clusters))
        attempt(f"supply-chain-{code}.html", partial(supply_chain_view, dataset, regions=[code]))
        attempt(f"industry-space-{code}.html", partial(industry_space_view, dataset, [code]))
    if present:
        attempt("clusters.html", partial(cluster_network_view, dataset, present, clusters=clusters))
    index = out / "index.html"
    index.write_text(_index_page(written, skipped), encoding="utf-8")
    return [p for p, _ in written] + [index]


def _index_page(written: list[tuple[Path, View]], skipped: list[str]) -> str:
    items = "\n".join(
        f'<li><a href="{html.escape(p.name)}">{html.escape(v.title)}</a> '
        f"({v.n_nodes} nodes, {v.n_edges} links)</li>"
        for p, v in written
    )
    missing = "".join(f"<li>{html.escape(s)}</li>" for s in skipped)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        "<title>clusteratlas views</title></head><body>"
        "<h1>clusteratlas views</h1><p>Each page works offline (JavaScript inlined).</p>"
        f"<ul>{items}</ul>"
        + (f"<h2>Skipped</h2><ul>{missing}</ul>" if skipped else "")
        + "</body></html>\n"
    )
