"""Cluster network view: clusters sized by their centrality, coloured by industry section.

A cluster is a region x industry specialisation (by default LQ >= 1.25 and a
share of the region >= 5%, or the rows of a precomputed ``clusters`` frame).
Clusters are linked by the input-output linkage between their sections,
w = max(A_IJ, A_JI) with A_IJ = Z_IJ / X_J aggregated from the I-O table to
sections (links INFERRED from national coefficients, drawn dashed), and by firm
supply links between their members (observed unless the link says inferred).

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> v = cluster_network_view(toy_dataset())
>>> v.n_nodes, v.graph.is_directed()  # 8 specialisations in 5 counties
(8, False)
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import pandas as pd
from clusteratlas.graph.views._data import (
    OTHER_COLOUR,
    employment_matrix,
    industry_graph,
    industry_roots,
    leaf_descendants,
    location_quotients,
    section_palette,
    specialisations,
)
from clusteratlas.graph.views.base import DEFAULT_MAX_NODES, Legend, View, finish_view
from clusteratlas.loaders.dataset import Dataset
from clusteratlas.loaders.errors import UsageError

__all__ = ["cluster_network_view", "section_linkages"]


def section_linkages(dataset: Dataset, year: int | None = None) -> pd.DataFrame:
    """Input-output coefficients between sections: A_IJ = Z_IJ / X_J (sections x sections).

    Z_IJ sums the flows from sectors of section I to sectors of section J (sections
    are the roots of the industry hierarchy); X_J is the national ``gross_output``
    of J's sectors when the dataset has it, else the intermediate inputs of J.

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> round(section_linkages(toy_dataset()).loc["GB4754:C", "GB4754:C"], 3)
    np.float64(0.148)
    """
    G, io_year = industry_graph(dataset, year)
    roots = industry_roots(dataset)
    flows = pd.DataFrame(
        [(roots.get(u, u), roots.get(v, v), a["flow"]) for u, v, a in G.edges(data=True)],
        columns=["from", "to", "flow"],
    )
    Z = flows.pivot_table(index="from", columns="to", values="flow", aggfunc="sum", fill_value=0.0)
    sections = sorted(set(Z.index) | set(Z.columns))
    Z = Z.reindex(index=sections, columns=sections, fill_value=0.0)
    ri = dataset.region_industries
    out = ri[(ri["measure"] == "gross_output") & (ri["year"] == io_year)]
    if out.empty:
        X = Z.sum(axis=0)
    else:
        X = out.assign(root=out["industry_code"].map(roots)).groupby("root")["value"].sum()
        X = X.reindex(sections).fillna(Z.sum(axis=0))
    return Z.div(X.where(X > 0), axis=1).fillna(0.0)


def cluster_network_view(
    dataset: Dataset,
    regions: Sequence[str] = (),
    *,
    year: int | None = None,
    measure: str = "employment",
    scheme: str | None = None,
    clusters: pd.DataFrame | None = None,
    scores: pd.Series | None = None,
    centrality_measure: str = "pagerank",
    min_lq: float = 1.25,
    min_share: float = 0.05,
    min_link: float = 0.01,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> View:
    """Draw the cluster network of ``regions`` (all leaf regions when empty).

    Parameters
    ----------
    regions : sequence of str
        Region codes; their leaf regions' clusters are drawn.
    clusters : DataFrame, optional
        Precomputed clusters (columns region_code, industry_code), e.g. from
        ``detect_clusters``; default: the specialisation rule above.
    scores : Series, optional
        Precomputed cluster centrality indexed by node id ``"<region>|<industry>"``;
        default: ``centrality(G, [centrality_measure])`` of the analytics, weighted.
    min_link : float
        Smallest linkage w drawn.

    When more than ``max_nodes`` clusters are found, the ``max_nodes`` largest by
    ``measure`` are linked and drawn (stated on the page).

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> v = cluster_network_view(toy_dataset(), ["10"])
    >>> sorted(v.node_ids())[:2]
    ['100101|GB4754:C', '100102|GB4754:A']
    """
    E, year, scheme = employment_matrix(dataset, year, measure, scheme)
    leaves = leaf_descendants(dataset, regions, E.index) if regions else list(E.index)
    if regions and not leaves:
        raise UsageError(f"no region with {measure} data in {list(regions)}")
    lq = location_quotients(E)
    shares = E.div(E.sum(axis=1), axis=0)
    found = specialisations(E, min_lq, min_share) if clusters is None else clusters.copy()
    found = found[found["region_code"].astype(str).isin(leaves)]
    found = found[found["industry_code"].astype(str).isin(E.columns)]
    notes = [
        f"Clusters: {len(found):,} region x industry specialisations (LQ ≥ {min_lq}, "
        f"share ≥ {min_share:.0%}) of {len(leaves):,} region(s), {measure} {year} ({scheme})."
        if clusters is None
        else f"Clusters: {len(found):,} precomputed clusters in {len(leaves):,} region(s)."
    ]
    if len(found) > max_nodes:
        pairs = zip(found["region_code"], found["industry_code"], strict=True)
        value = [E.at[str(r), str(i)] for r, i in pairs]
        found = found.assign(_v=value).sort_values(["_v", "region_code"], ascending=[False, True])
        notes.append(
            f"Reduced for display: the {max_nodes:,} largest clusters by {measure} are linked "
            f"and drawn; {len(found) - max_nodes:,} smaller clusters dropped."
        )
        found = found.head(max_nodes)
    reg = dataset.regions.set_index("code")
    ind = dataset.industries.set_index("code")
    roots = industry_roots(dataset)
    colours = section_palette(dataset)
    G = nx.Graph()
    pairs = zip(found["region_code"].astype(str), found["industry_code"].astype(str), strict=True)
    for r, i in pairs:
        G.add_node(
            f"{r}|{i}",
            region=r,
            industry=i,
            label=f"{reg.at[r, 'name']} {ind.at[i, 'name']}",
            color=colours.get(roots.get(i, i), OTHER_COLOUR),
            shape="dot",
            tooltip=f"Cluster {reg.at[r, 'name']} ({r}) × {ind.at[i, 'name']} ({i})\n"
            f"{measure} {year}: {E.at[r, i]:,.0f}, share {shares.at[r, i]:.1%}, "
            f"LQ {lq.at[r, i]:.2f}",
        )
    has_io = not dataset.industry_links.empty
    if has_io:
        _link_by_input_output(G, section_linkages(dataset), roots, min_link)
    else:
        notes.append("The dataset has no input-output links: only firm links connect clusters.")
    _link_by_firms(G, dataset, roots)
    values = _centrality(G, scores, centrality_measure)
    for n, a in G.nodes(data=True):
        c = float(values.get(n, 0.0))
        a.update(size_value=c, score=c)
        a["tooltip"] += f"\n{centrality_measure} {c:.4f}; links {G.degree(n)}"
    if any(a.get("inferred") for _, _, a in G.edges(data=True)):
        notes.append(
            "Dashed links are INFERRED from national input-output coefficients between the "
            "clusters' sections, not observed trade between the clusters."
        )
    used = sorted({roots.get(a["industry"], a["industry"]) for _, a in G.nodes(data=True)})
    legend = Legend(
        colours=tuple((colours[r], f"{ind.at[r, 'name']} ({r})") for r in used if r in colours),
        shapes=(("dot", "cluster: region × industry specialisation"),),
        sizes=f"cluster centrality: weighted {centrality_measure} in this network",
        edges=(
            "width: linkage w = max(A_IJ, A_JI) between the sections (plus firm links)",
            f"only links with w ≥ {min_link}",
            "dashed: inferred from input-output coefficients",
        ),
    )
    names = ", ".join(str(reg.at[c, "name"]) for c in regions if c in reg.index) or "all regions"
    return finish_view(
        G,
        kind="clusters",
        title=f"Cluster network: {names}, {year}",
        subtitle=f"Clusters sized by {centrality_measure}, coloured by section; {measure} "
        f"{year} ({scheme}). Source: {dataset.metadata.get('source', 'dataset')}",
        legend=legend,
        notes=notes,
        score_label=centrality_measure,
        max_nodes=max_nodes,
    )


def _link_by_input_output(G: nx.Graph, A: pd.DataFrame, roots: dict[str, str], min_link: float):  # type: ignore[no-untyped-def]
    nodes = list(G.nodes(data="industry"))
    for k, (u, iu) in enumerate(nodes):
        for v, iv in nodes[k + 1 :]:
            su, sv = roots.get(iu, iu), roots.get(iv, iv)
            if su not in A.index or sv not in A.index:
                continue
            a_uv, a_vu = float(A.at[su, sv]), float(A.at[sv, su])
            w = max(a_uv, a_vu)
            if w >= min_link:
                G.add_edge(
                    u,
                    v,
                    weight=w,
                    inferred=True,
                    tooltip=f"INFERRED from the I-O table: a({su}→{sv}) = {a_uv:.3f}, "
                    f"a({sv}→{su}) = {a_vu:.3f}",
                )


def _link_by_firms(G: nx.Graph, dataset: Dataset, roots: dict[str, str]) -> None:
    links = dataset.supply_links
    if links.empty:
        return
    ci = dataset.company_industries.sort_values("primary", ascending=False)
    ci = ci.drop_duplicates("company_id")
    section = {
        c: roots.get(i, i) for c, i in zip(ci["company_id"], ci["industry_code"], strict=True)
    }
    region = dict(zip(dataset.companies["id"], dataset.companies["region_code"], strict=True))
    by_key = {
        (a["region"], roots.get(a["industry"], a["industry"])): n for n, a in G.nodes(data=True)
    }
    for r in links.itertuples(index=False):
        u = by_key.get((region.get(r.supplier_id), section.get(r.supplier_id)))
        v = by_key.get((region.get(r.customer_id), section.get(r.customer_id)))
        if u is None or v is None or u == v:
            continue
        observed = not (bool(r.inferred) if pd.notna(r.inferred) else False)
        data = G.get_edge_data(u, v, default={"weight": 0.0, "inferred": True, "tooltip": ""})
        G.add_edge(
            u,
            v,
            weight=float(data["weight"]) + (float(r.share) if pd.notna(r.share) else 0.01),
            inferred=bool(data["inferred"]) and not observed,
            tooltip=(data["tooltip"] + "\n" if data["tooltip"] else "")
            + f"firm link {r.supplier_id} → {r.customer_id} "
            + ("(observed)" if observed else "(INFERRED)"),
        )


def _centrality(G: nx.Graph, scores: pd.Series | None, measure: str) -> dict[str, float]:
    if scores is not None:
        return {str(k): float(v) for k, v in scores.items()}
    if G.number_of_nodes() == 0:
        return {}
    from clusteratlas.graph.centrality import centrality

    frame = centrality(G, measures=[measure], weight="weight")
    return {str(k): float(v) for k, v in frame[measure].fillna(0.0).items()}
