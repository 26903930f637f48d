"""What the cluster network says: docs/cluster-network.md, regenerated.

Run ``scripts/cluster-network`` (or ``python scripts/cluster_network_doc.py``) after any
change to cluster detection, the cluster network or the bundled data;
``tests/unit/test_cluster_network_doc.py`` fails while the document differs from what
this script writes.

On the bundled China data it runs :func:`clusteratlas.graph.analytics.pipeline.analyze`
(the default scope and thresholds) and reports

1. the clusters by market kind and the network's size and components;
2. how far the 50 sampled betweenness sources ``analyze`` uses are from exact
   betweenness (Spearman, top-100 overlap, share of clusters above zero);
3. the ten most central clusters by betweenness, PageRank, strength and related market
   potential, each with its strongest links;
4. the article's counties' clusters and their ranks;
5. one sentence per top cluster on why it is central, written by hand from this output
   (:data:`READINGS`); rendering fails when a cluster read there is no longer in the
   tables, so no sentence outlives the numbers it explains.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "cluster-network.md"
COMMAND = "scripts/cluster-network"
TOP = 10
MEASURES = {
    "betweenness": "exact betweenness (`analyze`'s sampled rank beside it)",
    "pagerank": "PageRank",
    "strength": "strength (sum of link weights)",
    "market_potential": "related market potential (sampled workers)",
}

READINGS: dict[str, dict[str, str]] = {
    "betweenness": {
        "321302|GB4754:C|2020": "Suqian lies on the eastern north-south corridor: chains "
        "between clusters of the south (Guangdong, Zhejiang, Hunan) and of the north "
        "(Shandong, Hebei, the Northeast) pass through north Jiangsu and Suqian's "
        "manufacturing, linked to Xuzhou, Lianyungang and Bengbu among others.",
        "420303|GB4754:C|2020": "Shiyan (Dongfeng's truck base) lies where the network "
        "crosses the mountains between Sichuan-Chongqing and central and northern China: "
        "chains between the Southwest's clusters and those of Henan, Hebei, Shandong and "
        "the Northeast pass through it.",
        "120115|GB4754:C|2020": "Baodi, with Fengnan, Qian'an and Shanhaiguan below it, "
        "lies on the coastal corridor from the North China plain to the Northeast: chains "
        "between Northeast China's clusters and the rest of the country pass through "
        "them.",
    },
    "pagerank": {
        "510117|GB4754:C|2020": "Pidu's manufacturing is linked to many clusters, most of "
        "them hotel and catering (H) and culture (R) clusters of Chengdu and its "
        "neighbours: PageRank, which rewards links from clusters that are themselves well "
        "linked, ranks the factory hub of a dense service region first.",
        "500120|GB4754:C|2020": "Bishan's manufacturing plays the same part for "
        "Chongqing's service clusters.",
    },
    "market_potential": {
        "440105|GB4754:C|2020": "Haizhu's manufacturing is tied to the most sampled "
        "workers: all its links lie within about 50 km, many to other factory clusters of "
        "the Guangzhou-Foshan belt.",
    },
}
"""Hand-written readings of top clusters, by measure and cluster id (from this output)."""


def analysis() -> tuple[Any, Any]:
    """The bundled data and the default analysis of them."""
    from clusteratlas.graph.analytics.pipeline import analyze
    from clusteratlas.loaders.bundled import load_bundled

    china = load_bundled("china")
    return china, analyze(china)


def _places(dataset: Any) -> pd.Series:
    from clusteratlas.graph.definitions.regions import region_ancestors

    names = dataset.regions.set_index("code")["name"]
    province = region_ancestors(dataset, "province").map(names)
    prefecture = region_ancestors(dataset, "prefecture").map(names)
    where = province.fillna("") + " " + prefecture.fillna("")
    return (where.str.replace(r"\s+", " ", regex=True).str.strip() + " " + names).str.strip()


def _partners(network: Any, cluster: str, dataset: Any, n: int = 3) -> str:
    names = dataset.regions.set_index("code")["name"]
    industries = dataset.industries.set_index("code")["name"]
    links = sorted(network[cluster].items(), key=lambda kv: (-kv[1]["weight"], kv[0]))[:n]
    out = []
    for other, data in links:
        region, industry = other.split("|")[:2]
        km = data.get("distance_km", 0.0)
        out.append(f"{names.get(region, region)} {industries.get(industry, industry)} {km:.0f} km")
    return "; ".join(out)


def _link_mix(network: Any, cluster: str, dataset: Any) -> tuple[str, str, str]:
    """What a cluster's links reach: by section letter (most first), the farthest (km),
    and by prefecture (the three with most)."""
    from collections import Counter

    from clusteratlas.graph.definitions.regions import region_ancestors

    names = dataset.regions.set_index("code")["name"]
    # a prefecture, or the province-level city (Tianjin, Chongqing) that has none
    prefecture = region_ancestors(dataset, "prefecture").fillna(
        region_ancestors(dataset, "province")
    )
    links = network[cluster]
    sections = Counter(other.split("|")[1].split(":")[-1] for other in links)
    places = Counter(names.get(prefecture.get(other.split("|")[0]), "(none)") for other in links)
    farthest = max((d.get("distance_km", 0.0) for d in links.values()), default=0.0)
    mix = " ".join(f"{k}{v}" for k, v in sorted(sections.items(), key=lambda kv: (-kv[1], kv[0])))
    where = ", ".join(f"{k} {v}" for k, v in places.most_common(3))
    return mix, f"{farthest:.0f}", where


def _chain_ends(network: Any, clusters: list[str], dataset: Any, sources: int = 60) -> dict:
    """For each of ``clusters``: the province pairs most often at the two ends of the
    shortest chains (distance 1 / weight) that pass through it, from ``sources`` seeded
    random start clusters: what its betweenness is made of."""
    import random
    import warnings
    from collections import Counter

    import igraph as ig

    from clusteratlas.graph.definitions.regions import region_ancestors

    names = list(network.nodes)
    index = {n: i for i, n in enumerate(names)}
    graph = ig.Graph(n=len(names), edges=[(index[u], index[v]) for u, v in network.edges()])
    graph.es["d"] = [1.0 / w for _, _, w in network.edges(data="weight")]
    province = region_ancestors(dataset, "province").map(dataset.regions.set_index("code")["name"])
    wanted = {index[c]: c for c in clusters}
    ends: dict[str, Counter[tuple[str, str]]] = {c: Counter() for c in clusters}
    for start in random.Random(0).sample(range(len(names)), min(sources, len(names))):
        with warnings.catch_warnings():  # other components are unreachable: no chain
            warnings.simplefilter("ignore", RuntimeWarning)
            paths = graph.get_shortest_paths(start, weights="d", output="vpath")
        for path in paths:
            for node in set(path[1:-1]) & wanted.keys():
                a, b = (str(province.get(names[p].split("|")[0])) for p in (path[0], path[-1]))
                ends[wanted[node]][(min(a, b), max(a, b))] += 1
    return ends


def _table(frame: pd.DataFrame) -> list[str]:
    head = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = ["| " + " | ".join(str(v) for v in row) + " |" for row in frame.to_numpy()]
    return [head, rule, *rows]


def render() -> str:
    """The document's text."""
    import networkx as nx

    from clusteratlas.graph.analytics.centrality import centrality
    from clusteratlas.graph.analytics.clusters import (
        DISTANCE_SCALE_KM,
        MAX_DISTANCE_KM,
        MAX_LINKS,
        MIN_LINKAGE,
        MIN_SAMPLED_SIZE,
    )
    from clusteratlas.graph.analytics.pipeline import placed_regions
    from clusteratlas.loaders.dataset_json import featured_regions

    china, result = analysis()
    network = result.network
    clusters = result.clusters.set_index("cluster_id")
    place = _places(china)
    definition = result.parameters["cluster_network"]
    plan = result.parameters["centrality_plans"]["cluster"]
    exact = centrality(network, measures=("betweenness",), exact=True, engine="igraph")
    exact = exact["betweenness"].reindex(clusters.index)
    sampled = clusters["betweenness"].copy()
    sampled_rank = sampled.rank(ascending=False, method="min")
    clusters["betweenness"] = exact  # the tables rank by exact betweenness
    rho = sampled.corr(exact, method="spearman")
    overlap = len(set(sampled.nlargest(100).index) & set(exact.nlargest(100).index))
    kinds = clusters["market"].value_counts()
    section_of = clusters["industry_code"].astype(str).str.split(":").str[-1]
    pairs = pd.Series(
        ["-".join(sorted((section_of.get(u, "?"), section_of.get(v, "?"))))
         for u, v in network.edges()]
    )  # fmt: skip
    manufacturing_links = float(pairs.str.contains("C").mean()) if len(pairs) else 0.0
    common_pairs = ", ".join(f"{k} ({v:,})" for k, v in pairs.value_counts().head(4).items())
    codes = clusters["region_code"].dropna().astype(str).unique()
    placed_all = pd.Index(codes)
    placed = placed_regions(china, codes, result.scope.region_groups(china))
    borrowed = int(placed["borrowed"].sum())
    unplaced = len(codes) - len(placed)
    top_sections = clusters["industry_code"][clusters["pagerank"].nlargest(100).index]
    top_section = top_sections.mode().iloc[0]
    top_section_share = float((top_sections == top_section).mean())
    top_section_name = str(clusters.loc[top_sections.index[0], "industry_name"])
    section_share = float((clusters["industry_code"] == top_section).mean())
    a = result.scope.io_coefficients(china)
    linkage = a.to_numpy() + a.to_numpy().T
    section_links = pd.Series(
        ((linkage >= MIN_LINKAGE).sum(axis=1) - (a.to_numpy().diagonal() * 2 >= MIN_LINKAGE)),
        index=a.index,
    )
    links_of_top = int(section_links[top_section])
    median_links = float(section_links.median())
    lines = [
        "# The cluster network",
        "",
        f"Generated by `{COMMAND}` from the bundled China data and the default analysis "
        "(`clusteratlas analyze`); do not edit by hand. The readings at the end of each "
        "table are written by hand from these tables, and the script refuses to render one "
        "whose cluster has left them.",
        "",
        "## Definition",
        "",
        "A specialisation cluster is a county x GB/T 4754 section cell with LQ >= 1.25, in "
        "the top quarter of counties by that LQ, with at least "
        f"{MIN_SAMPLED_SIZE} sampled workers (the census long-form sample), in a traded, "
        "mixed or resource section (`dataset.json` `industry_markets`; local services such "
        "as real estate, schools and public administration form none).",
        "",
        "Two clusters c = (r, i) and d = (q, j) are linked when their industries trade, "
        f"l_ij = a_ij + a_ji >= {MIN_LINKAGE} (national technical coefficients, NBS 2020 "
        f"table aggregated to sections), and their counties lie within {MAX_DISTANCE_KM:,.0f}"
        f" km; the link weighs w = l_ij * exp(-distance / {DISTANCE_SCALE_KM:,.0f} km), and "
        f"each cluster keeps its {MAX_LINKS} strongest links (a link stays when either end "
        f"keeps it). A county without its own coordinates ({borrowed:,} of the clusters' "
        f"{len(placed_all):,} counties: new or renamed units) takes its prefecture's point "
        "and is at least the median distance between neighbouring counties from any other; "
        f"one whose prefecture has none either ({unplaced:,}) gets no link. Betweenness "
        "uses distance 1 / w. Related market potential sums the linked clusters' sizes "
        "times w: a Harris (1954) market potential over the cluster's links only.",
        "",
        "What the links are, at the section level: a link joins two sections that trade "
        f"materially; {manufacturing_links:.0%} of links have a manufacturing end, and the "
        f"most common pairs are {common_pairs} (letters: GB/T 4754 sections). Mixed "
        "clusters (wholesale and retail, hotels and catering, finance, business services, "
        "culture) are mostly the central-place services of urban districts. What the "
        "centralities then answer: **betweenness**, which clusters lie on the closest "
        "chains between other clusters anywhere in the country; links are at most "
        f"{MAX_DISTANCE_KM:,.0f} km long, so most such chains are long and follow corridors "
        "of the network, and the top clusters are corridor nodes between large regions, "
        "not bridges between neighbours; **PageRank**, which clusters are linked to many "
        "clusters that are themselves well linked: the factory hubs of dense service "
        "regions; **strength**, how close a cluster is to its trading partners; **market "
        "potential**, how many workers the clusters it is tied to hold. The tables give "
        "what each top cluster's links reach (by section letter, and the three prefectures "
        "with most), so each reading can be checked.",
        "",
        "## The network",
        "",
        f"- {len(clusters):,} clusters: "
        + ", ".join(f"{kinds.get(k, 0):,} {k}" for k in ("traded", "mixed", "resource"))
        + ".",
        f"- {definition['links']:,} links, {definition['components']:,} components; the "
        f"largest holds {definition['largest_component']:,} clusters "
        f"({definition['largest_component'] / len(clusters):.0%}).",
        f"- Exact betweenness is above zero for {int((exact > 0).sum()):,} clusters "
        f"({(exact > 0).mean():.0%}); no closest chain between two other clusters passes "
        "through the rest: their partners are linked more closely to each other.",
        f"- {top_section_share:.0%} of the top 100 clusters by PageRank are "
        f"{top_section_name} ({section_share:.0%} of all clusters): at the section level "
        f"{top_section_name} trades with {links_of_top} of the other "
        f"{len(section_links) - 1} sections (l_ij >= {MIN_LINKAGE}), the median section "
        f"with {median_links:.0f}: finer industry data (NBS42 sectors by county) would "
        "link factory clusters to each other by what they make.",
        f"- `analyze` samples betweenness from {plan['sources']} sources (seed "
        f"{plan['seed']}; exact would cost {plan['work']:,} units against a budget of "
        f"{plan['budget']:,}): Spearman {rho:.2f} with exact betweenness, {overlap} of the "
        "exact top 100 in its top 100.",
        "",
    ]
    used: set[tuple[str, str]] = set()
    for measure, title in MEASURES.items():
        top = clusters[measure].sort_values(ascending=False, kind="stable").head(TOP)
        rows = []
        for rank, (cid, value) in enumerate(top.items(), start=1):
            c = clusters.loc[cid]
            mix, farthest, where = _link_mix(network, cid, china)
            shown = f"{value:.4g}" + (
                f" (sampled #{int(sampled_rank[cid])})" if measure == "betweenness" else ""
            )
            rows.append(
                [
                    rank,
                    f"{place.get(c['region_code'], c['region_code'])} ({c['region_code']})",
                    c["industry_name"],
                    f"{c['size']:,.0f}",
                    f"{c['lq']:.2f}",
                    shown,
                    network.degree(cid),
                    mix,
                    farthest,
                    where,
                    _partners(network, cid, china),
                ]
            )
        columns = ["#", "county", "section", "size", "LQ", measure, "links"]
        columns += ["links by section", "farthest km", "links by prefecture (top 3)"]
        columns += ["strongest"]
        frame = pd.DataFrame(rows, columns=columns)
        lines += [f"## Top {TOP} by {title}", "", *_table(frame), ""]
        readings = READINGS.get(measure, {})
        chains = _chain_ends(network, list(readings), china) if measure == "betweenness" else {}
        for cid, sentence in readings.items():
            if cid not in top.index:
                raise SystemExit(
                    f"READINGS[{measure!r}] reads {cid}, no longer in the top {TOP}: "
                    "rewrite the readings from the new tables"
                )
            name = f"{clusters.loc[cid, 'region_name']} {clusters.loc[cid, 'industry_name']}"
            lines.append(f"- **{name}** (#{list(top.index).index(cid) + 1}): {sentence}")
            if cid in chains:
                total = sum(chains[cid].values())
                top_pairs = "; ".join(
                    f"{a}-{b} {n / total:.1%}" for (a, b), n in chains[cid].most_common(5)
                )
                lines.append(
                    f"  (Chains through it from 60 random start clusters, by the provinces "
                    f"at their two ends: {top_pairs}.)"
                )
            used.add((measure, cid))
        if readings:
            lines.append("")
    lines += [
        "## The article's counties",
        "",
        f"Ranks among {len(clusters):,} clusters (1 = most central).",
        "",
    ]
    ranks = {m: clusters[m].rank(ascending=False, method="min") for m in MEASURES}
    rows = []
    for code in featured_regions(china):
        for cid, c in clusters[clusters["region_code"] == code].iterrows():
            rows.append(
                [f"{c['region_name']} ({code})", c["industry_name"], f"{c['size']:,.0f}"]
                + [f"{int(ranks[m][cid]):,}" for m in MEASURES]
            )
    heads = ["exact betweenness" if m == "betweenness" else m for m in MEASURES]
    frame = pd.DataFrame(rows, columns=["county", "section", "size", *heads])
    lines += [*_table(frame), ""]
    missing = {(m, c) for m, r in READINGS.items() for c in r} - used
    assert not missing, missing
    assert nx.is_connected(network.subgraph(max(nx.connected_components(network), key=len)))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Write (or, with ``--check``, compare) the document."""
    from generated_doc import write_or_check

    return write_or_check(DOC, render, COMMAND, argv)


if __name__ == "__main__":
    sys.exit(main())
