"""The answer to each library query, computed in pandas/networkx straight from a Dataset.

Used by ``test_queries.py``: every query run on Neo4j must equal its oracle here.
The oracles restate each question independently of the Cypher (and of the
analytics package), so that a mistake in either shows up as a mismatch.
"""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pandas as pd

from clusteratlas.loaders.dataset import Dataset
from clusteratlas.loaders.provenance import provenance_of


def descendants(dataset: Dataset, code: str, table: str = "regions") -> set[str]:
    """``code`` and every row under it through ``parent_code``."""
    frame = dataset.table(table)
    children: dict[str, list[str]] = {}
    for child, parent in zip(frame["code"], frame["parent_code"], strict=True):
        if isinstance(parent, str):
            children.setdefault(parent, []).append(child)
    out, todo = {code}, [code]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


_HIERARCHIES: dict[int, tuple[dict, dict, dict]] = {}


def _hierarchy(ds: Dataset) -> tuple[dict, dict, dict[str, set[str]]]:
    """Parent and level of each region, and the levels strictly under each (cached)."""
    if id(ds) not in _HIERARCHIES:
        parent = dict(zip(ds.regions["code"], ds.regions["parent_code"], strict=True))
        level_of = dict(zip(ds.regions["code"], ds.regions["level"], strict=True))
        below: dict[str, set[str]] = {}
        for region in ds.regions["code"]:
            up = parent.get(region)
            while isinstance(up, str):
                below.setdefault(up, set()).add(level_of[region])
                up = parent.get(up)
        _HIERARCHIES[id(ds)] = (parent, level_of, below)
    return _HIERARCHIES[id(ds)]


def rollup_target(ds: Dataset, code: str, level: str) -> str | None:
    """The region of ``level`` that ``code`` counts in: its ancestor (or itself) of that
    level; failing that, where the level exists elsewhere in its country, an equivalent:
    its parent when the parent has no region of that level under it (a municipality
    without prefectures), else the region itself (a county directly under its province);
    None when ``code`` has regions of that level under it (a province placement)."""
    parent, level_of, below = _hierarchy(ds)
    chain, at = [], code
    while isinstance(at, str):
        chain.append(at)
        at = parent.get(at)
    for region in chain:
        if level_of[region] == level:
            return region
    if level in below.get(code, set()) or len(chain) < 2:
        return None
    if not any(level in below.get(a, set()) for a in chain[1:]):
        return None
    return code if level in below.get(chain[1], set()) else chain[1]


def matrix(dataset: Dataset, year: int, measure: str, scheme: str, level: str) -> pd.DataFrame:
    """Region x industry values (summed, 0 where absent) over regions of ``level``."""
    ri = dataset.region_industries
    ri = ri[(ri["year"] == year) & (ri["measure"] == measure)]
    regions = dataset.regions.set_index("code")
    industries = dataset.industries.set_index("code")
    ri = ri[ri["region_code"].map(regions["level"]).eq(level)]
    ri = ri[ri["industry_code"].map(industries["scheme"]).eq(scheme)]
    return ri.pivot_table(
        index="region_code", columns="industry_code", values="value", aggfunc="sum", fill_value=0.0
    ).astype(float)


def names(dataset: Dataset, table: str = "regions", key: str = "code") -> pd.Series:
    frame = dataset.table(table)
    return pd.Series(frame["name"].to_numpy(), index=frame[key].to_numpy())


def listed_companies_in_region(ds: Dataset, region: str, limit: int = 1000) -> pd.DataFrame:
    inside = descendants(ds, region)
    companies = ds.companies[ds.companies["region_code"].isin(inside)]
    ci = ds.company_industries.assign(primary=lambda f: f["primary"].fillna(False))
    ci = ci.sort_values(
        ["company_id", "primary", "share", "industry_code"], ascending=[True, False, False, True]
    )
    first = ci.drop_duplicates("company_id").set_index("company_id")["industry_code"]
    out = pd.DataFrame(
        {
            "id": companies["id"],
            "name": companies["name"],
            "exchange": companies["exchange"],
            "ticker": companies["ticker"],
            "region_code": companies["region_code"],
            "region_name": companies["region_code"].map(names(ds)),
            "industry_code": companies["id"].map(first),
        }
    )
    out["industry_name"] = out["industry_code"].map(names(ds, "industries"))
    return out.sort_values("id").head(limit)


def region_industries_by_lq(
    ds: Dataset,
    region: str,
    year: int = 2020,
    measure: str = "employment",
    scheme: str = "GB4754",
    min_count: int = 30,
    limit: int = 25,
) -> pd.DataFrame:
    level = ds.regions.set_index("code").loc[region, "level"]
    e = matrix(ds, year, measure, scheme, level)
    e = e.loc[:, e.sum() > 0]
    row = e.loc[region]
    sampled = _sampled(ds, measure, level)
    reference = e.sum() / e.to_numpy().sum()
    out = pd.DataFrame(
        {
            "industry_code": e.columns,
            "industry_name": [names(ds, "industries")[c] for c in e.columns],
            "value": row.to_numpy(),
            "share": (row / row.sum()).to_numpy(),
            "reference_share": reference.to_numpy(),
        }
    )
    out["lq"] = out["share"] / out["reference_share"]
    out["small_sample"] = sampled & (out["value"] < min_count)
    order = ["small_sample", "lq", "industry_code"]
    return out.sort_values(order, ascending=[True, False, True]).head(limit)


def _sampled(ds: Dataset, measure: str, level: str) -> bool:
    """Whether dataset.json declares ``measure`` a sample count at ``level``."""
    return level in ((ds.metadata.get("samples") or {}).get(measure) or [])


def regions_specialised_in(
    ds: Dataset,
    industry: str,
    level: str = "county",
    year: int = 2020,
    measure: str = "employment",
    min_lq: float = 1.25,
    min_value: float = 0.0,
    limit: int = 20,
    min_count: int = 30,
) -> pd.DataFrame:
    scheme = ds.industries.set_index("code").loc[industry, "scheme"]
    e = matrix(ds, year, measure, scheme, "county")
    if level != "county":  # counties roll up into their region of `level`, or an equivalent
        target = {c: rollup_target(ds, c, level) for c in e.index}
        e = e.groupby(e.index.map(target)).sum()
    totals = e.sum(axis=1)
    value = e[industry] if industry in e.columns else pd.Series(0.0, index=e.index)
    reference = value.sum() / totals.sum()
    out = pd.DataFrame({"code": e.index, "value": value.to_numpy(), "total": totals.to_numpy()})
    out = out[(out["total"] > 0) & (out["value"] >= min_value)]
    out["share"] = out["value"] / out["total"]
    out["lq"] = out["share"] / reference
    out = out[out["lq"] >= min_lq]
    out.insert(1, "name", out["code"].map(names(ds)))
    out["small_sample"] = _sampled(ds, measure, "county") & (out["value"] < min_count)
    order = ["small_sample", "lq", "code"]
    out = out.sort_values(order, ascending=[True, False, True]).head(limit)
    out["region_level"] = out["code"].map(ds.regions.set_index("code")["level"])
    return out[["code", "name", "value", "share", "lq", "small_sample", "region_level"]]


def diversification_in_province(
    ds: Dataset,
    province: str,
    year: int = 2020,
    measure: str = "employment",
    scheme: str = "GB4754",
    level: str = "county",
    least_first: bool = False,
    limit: int = 10,
) -> pd.DataFrame:
    e = matrix(ds, year, measure, scheme, level)
    e = e[e.index.isin(descendants(ds, province) - {province}) & (e.sum(axis=1) > 0)]
    rows = []
    for code, values in e.iterrows():
        shares = [v / values.sum() for v in values if v > 0]
        entropy = -sum(s * math.log(s) for s in shares)
        hhi = sum(s * s for s in shares)
        rows.append((code, entropy, hhi, 1 / hhi, len(shares)))
    out = pd.DataFrame(
        rows, columns=["code", "entropy", "hhi", "effective_industries", "industries"]
    )
    out.insert(1, "name", out["code"].map(names(ds)))
    out["_key"] = out["entropy"] if least_first else -out["entropy"]
    return out.sort_values(["_key", "code"]).drop(columns="_key").head(limit)


def _strongest_chains(
    graph: nx.DiGraph[str], industry: str, upstream: bool, cutoff: int, min_hops: int = 1
) -> dict[str, tuple[int, float, list[str]]]:
    """For each industry joined to ``industry`` by a chain of ``min_hops``..``cutoff`` links
    (simple paths; only the industry may repeat, at both ends): (fewest hops, largest product
    of the edges' ``weight``, that chain's path), the path oriented along the flow."""
    chains: dict[str, list[tuple[float, int, list[str]]]] = {}
    if industry in graph:
        for other in graph.nodes:
            if other == industry:  # own sector: the self-loop and cycles back to the industry
                paths = [[industry, industry]] if graph.has_edge(industry, industry) else []
                for u in graph.predecessors(industry):
                    if u != industry and cutoff >= 2:
                        paths += [
                            [*p, industry]
                            for p in nx.all_simple_paths(graph, industry, u, cutoff=cutoff - 1)
                        ]
            else:
                src, dst = (other, industry) if upstream else (industry, other)
                paths = list(nx.all_simple_paths(graph, src, dst, cutoff=cutoff))
            for path in paths:
                if len(path) - 1 < min_hops:
                    continue
                strength = math.prod(graph[u][v]["weight"] for u, v in itertools.pairwise(path))
                chains.setdefault(other, []).append((-strength, len(path) - 1, path))
    return {
        code: (min(c[1] for c in found), -min(found)[0], min(found)[2])
        for code, found in chains.items()
    }


def industry_chains(
    ds: Dataset,
    industry: str,
    upstream: bool,
    year: int = 2020,
    max_hops: int = 2,
    min_coefficient: float = 0.05,
    limit: int = 50,
) -> pd.DataFrame:
    links = ds.industry_links
    links = links[(links["year"] == year) & (links["coefficient"] >= min_coefficient)]
    graph: nx.DiGraph[str] = nx.DiGraph()
    for a, b, c in zip(links["from_code"], links["to_code"], links["coefficient"], strict=True):
        graph.add_edge(a, b, weight=c)
    best = _strongest_chains(graph, industry, upstream, min(max_hops, 4))
    out = pd.DataFrame(
        [(code, *b) for code, b in best.items()],
        columns=["code", "hops", "coefficient", "path"],
    )
    out.insert(1, "name", out["code"].map(names(ds, "industries")))
    return out.sort_values(["coefficient", "code"], ascending=[False, True]).head(limit)


def output_shares(ds: Dataset, industry: str, year: int) -> pd.DataFrame:
    """Every direct buyer of ``industry``'s output in ``year`` from the dataset's tables:
    ``code, name, kind, share`` with share z_ij / x_i (industries) or f_ik / x_i (final-use
    categories), x_i the national region's gross output."""
    ri = ds.region_industries
    national = ds.regions.loc[ds.regions["level"] == "country", "code"].item()
    x = ri[
        (ri["region_code"] == national)
        & (ri["industry_code"] == industry)
        & (ri["year"] == year)
        & (ri["measure"] == "gross_output")
    ]["value"].item()
    links = ds.industry_links
    links = links[(links["from_code"] == industry) & (links["year"] == year)]
    uses = ds.industry_final_uses
    uses = uses[(uses["industry_code"] == industry) & (uses["year"] == year)]
    return pd.concat(
        [
            pd.DataFrame({"code": links["to_code"], "kind": "industry",
                          "share": links["flow"] / x}),
            pd.DataFrame({"code": uses["category"], "kind": "final_demand",
                          "share": uses["value"] / x}),
        ],
        ignore_index=True,
    ).assign(name=lambda f: f["code"].map(
        {**names(ds, "industries"), **dict(zip(uses["category"], uses["category_name"],
                                               strict=True))}))  # fmt: skip


def industry_downstream(
    ds: Dataset,
    industry: str,
    year: int = 2020,
    max_hops: int = 2,
    min_share: float = 0.02,
    limit: int = 50,
) -> pd.DataFrame:
    """Direct buyers by output share (industries and final-demand categories), the two rows
    that close the account, then industries reached only by chains of output shares."""
    direct = output_shares(ds, industry, year)
    listed = (direct["share"] >= min_share) | (direct["share"] < 0)  # negatives: own rows
    kept = direct[listed].assign(hops=1)
    kept = kept.assign(path=[[industry, c] for c in kept["code"]])
    kept = kept.sort_values(["share", "code"], ascending=[False, True])
    small = direct[~listed]
    closing = pd.DataFrame(
        {
            "code": ["below_min_share", "unallocated"],
            "name": [f"direct buyers under min_share ({len(small)})",
                     "output the table leaves unallocated (discrepancy, rounding)"],
            "kind": ["below_min_share", "unallocated"],
            "hops": [1, 1],
            "share": [small["share"].sum(), round(1.0 - direct["share"].sum(), 12) + 0.0],
            "path": [[], []],
        }
    )  # fmt: skip
    x = ds.region_industries
    x = x[
        (x["measure"] == "gross_output")
        & (x["year"] == year)
        & (x["region_code"] == ds.regions.loc[ds.regions["level"] == "country", "code"].item())
    ]
    x = x.set_index("industry_code")["value"]  # fmt: skip
    links = ds.industry_links
    links = links[links["year"] == year]
    graph: nx.DiGraph[str] = nx.DiGraph()
    for a, b, z in zip(links["from_code"], links["to_code"], links["flow"], strict=True):
        if z / x[a] >= min_share:
            graph.add_edge(a, b, weight=z / x[a])
    best = _strongest_chains(graph, industry, False, min(max_hops, 4), min_hops=2)
    listed = set(kept.loc[kept["kind"] == "industry", "code"])
    chains = pd.DataFrame(
        [(code, "industry", *b) for code, b in best.items() if code not in listed],
        columns=["code", "kind", "hops", "share", "path"],
    )
    chains.insert(1, "name", chains["code"].map(names(ds, "industries")))
    chains = chains.sort_values(["share", "code"], ascending=[False, True])
    columns = ["code", "name", "kind", "hops", "share", "path"]
    out = pd.concat([kept[columns], closing[columns], chains[columns]], ignore_index=True)
    return out.head(limit)


def supply_paths(
    ds: Dataset,
    supplier: str,
    customer: str,
    max_hops: int = 4,
    year: int | None = None,
    limit: int = 25,
) -> pd.DataFrame:
    links = ds.supply_links
    if year is not None:
        links = links[links["year"] == year]
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for rec in links.to_dict("records"):
        graph.add_edge(rec["supplier_id"], rec["customer_id"], **rec)
    rows = []
    if supplier in graph and customer in graph:
        for path in nx.all_simple_edge_paths(graph, supplier, customer, cutoff=min(max_hops, 6)):
            data = [graph.get_edge_data(*e) for e in path]
            shares = [d["share"] for d in data if not pd.isna(d["share"])]
            scores = [d["score"] for d in data if not pd.isna(d["score"])]
            rows.append(
                {
                    "path": [supplier] + [e[1] for e in path],
                    "hops": len(path),
                    "years": [int(d["year"]) for d in data],
                    "min_share": min(shares) if shares else None,
                    "min_score": min(scores) if scores else None,
                    "inferred": any(bool(d["inferred"]) for d in data),
                }
            )
    out = pd.DataFrame(
        rows, columns=["path", "hops", "years", "min_share", "min_score", "inferred"]
    )
    order = sorted(
        range(len(out)), key=lambda k: (rows[k]["hops"], rows[k]["path"], rows[k]["years"])
    )
    return out.iloc[order].head(limit)


def single_supplier_dependencies(
    ds: Dataset, year: int | None = None, min_share: float = 0.0, limit: int = 100
) -> pd.DataFrame:
    links = ds.supply_links
    if year is not None:
        links = links[links["year"] == year]
    rows = []
    company_names = names(ds, "companies", "id")
    region_of = ds.companies.set_index("id")["region_code"]
    for customer, group in links.groupby("customer_id"):
        if group["supplier_id"].nunique() != 1:
            continue
        shares = group["share"].dropna()
        share = float(shares.max()) if len(shares) else None
        scores, ties = group["score"].dropna(), group["tied"].dropna()
        score = float(scores.max()) if len(scores) else None
        tied = int(ties.max()) if len(ties) else None
        if (share or 0.0) < min_share:
            continue
        supplier = group["supplier_id"].iloc[0]
        rows.append(
            (
                customer,
                company_names[customer],
                region_of[customer],
                supplier,
                company_names[supplier],
                share,
                score,
                tied,
                bool(group["inferred"].any()),
            )
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "customer_id",
            "customer_name",
            "customer_region",
            "supplier_id",
            "supplier_name",
            "share",
            "score",
            "tied",
            "inferred",
        ],
    )
    key = out["share"].astype(float).fillna(out["score"].astype(float)).fillna(0.0)
    out["_key"] = -key
    return out.sort_values(["_key", "customer_id"]).drop(columns="_key").head(limit)


def similar_regions(
    ds: Dataset,
    region: str,
    year: int = 2020,
    measure: str = "employment",
    scheme: str = "GB4754",
    by: str = "lq_cosine",
    limit: int = 10,
    min_count: int = 30,
    min_share: float = 0.001,
) -> pd.DataFrame:
    """Cosine of location-quotient vectors and Krugman's index of share vectors; in a sample,
    a cell with observed and expected counts both below ``min_count`` has LQ 1; in full
    counts, every cell of an industry below ``min_share`` of the total has LQ 1."""
    level = ds.regions.set_index("code").loc[region, "level"]
    e = matrix(ds, year, measure, scheme, level)
    e = e.loc[e.sum(axis=1) > 0, e.sum() > 0]
    if region not in e.index:
        return pd.DataFrame(columns=["code", "name", "lq_cosine", "krugman"])
    shares = e.div(e.sum(axis=1), axis=0)
    reference = e.sum() / e.to_numpy().sum()
    lq = shares / reference
    if _sampled(ds, measure, level):
        expected = pd.DataFrame(
            np.outer(e.sum(axis=1), reference), index=e.index, columns=e.columns
        )
        lq = lq.mask((e < min_count) & (expected < min_count), 1.0)
    else:
        lq.loc[:, reference < min_share] = 1.0
    norms = (lq**2).sum(axis=1) ** 0.5
    cosine = lq.mul(lq.loc[region], axis=1).sum(axis=1) / (norms * norms[region])
    krugman = shares.sub(shares.loc[region], axis=1).abs().sum(axis=1)
    out = pd.DataFrame(
        {"code": e.index, "lq_cosine": cosine.to_numpy(), "krugman": krugman.to_numpy()}
    )
    out = out[out["code"] != region]
    out.insert(1, "name", out["code"].map(names(ds)))
    key = out["krugman"] if by == "krugman" else -out["lq_cosine"]
    return out.assign(_key=key).sort_values(["_key", "code"]).drop(columns="_key").head(limit)


def companies_in_exposed_regions(
    ds: Dataset,
    industry: str | None = None,
    min_share: float = 0.4,
    year: int = 2020,
    measure: str = "employment",
    scheme: str = "GB4754",
    limit: int = 100,
) -> pd.DataFrame:
    ri = ds.region_industries
    ri = ri[(ri["year"] == year) & (ri["measure"] == measure)]
    ri = ri[ri["industry_code"].map(ds.industries.set_index("code")["scheme"]).eq(scheme)]
    ri = ri[ri["region_code"].isin(set(ds.companies["region_code"]))]
    totals = ri.groupby("region_code")["value"].sum()
    ri = ri[ri["region_code"].map(totals) > 0]
    ri = ri.assign(share=ri["value"] / ri["region_code"].map(totals))
    if industry is not None:
        ri = ri[ri["industry_code"] == industry]
    top = ri.sort_values(["region_code", "share", "industry_code"], ascending=[True, False, True])
    top = top.drop_duplicates("region_code")
    top = top[top["share"] >= min_share].set_index("region_code")
    companies = ds.companies[ds.companies["region_code"].isin(top.index)]
    out = pd.DataFrame(
        {
            "id": companies["id"],
            "name": companies["name"],
            "region_code": companies["region_code"],
            "region_name": companies["region_code"].map(names(ds)),
            "sector_code": companies["region_code"].map(top["industry_code"]),
        }
    )
    out["sector_name"] = out["sector_code"].map(names(ds, "industries"))
    out["sector_share"] = out["region_code"].map(top["share"])
    return out.sort_values(["sector_share", "id"], ascending=[False, True]).head(limit)


def regions_by_indicator(
    ds: Dataset,
    indicator: str = "gdp",
    year: int | None = None,
    min_value: float | None = None,
    limit: int = 50,
) -> pd.DataFrame:
    ind = ds.region_indicators
    ind = ind[ind["indicator"] == indicator]
    if year is not None:
        ind = ind[ind["year"] == year]
    if min_value is not None:
        ind = ind[ind["value"] >= min_value]
    regions = ds.regions.set_index("code")
    out = pd.DataFrame(
        {
            "code": ind["region_code"],
            "name": ind["region_code"].map(regions["name"]),
            "level": ind["region_code"].map(regions["level"]),
            "year": ind["year"],
            "value": ind["value"],
            "qualifier": ind["qualifier"],
            "unit": ind["unit"],
            "source": ind["source"],
        }
    )
    return out.sort_values(["value", "code", "year"], ascending=[False, True, True]).head(limit)


def province_employment_by_section(
    ds: Dataset,
    province: str | None = None,
    year: int = 2020,
    measure: str = "employment",
    scheme: str = "GB4754",
    level: str = "county",
) -> pd.DataFrame:
    countries = set(ds.regions.loc[ds.regions["level"] == "country", "code"])
    provinces = ds.regions[ds.regions["parent_code"].isin(countries)]["code"]  # under the country
    if province is not None:  # any region: a prefecture rolls up its counties too
        provinces = ds.regions.loc[ds.regions["code"] == province, "code"]
    parts = []
    e = matrix(ds, year, measure, scheme, level)
    present = ds.region_industries
    present = present[(present["year"] == year) & (present["measure"] == measure)]
    for code in provinces:
        inside = e[e.index.isin(descendants(ds, code) - {code})]
        if inside.empty:
            continue
        obs = present[present["region_code"].isin(inside.index)]
        counts = obs.groupby("industry_code")["region_code"].nunique()
        values = inside.sum()[counts.index]
        parts.append(
            pd.DataFrame(
                {
                    "province_code": code,
                    "industry_code": values.index,
                    "value": values.to_numpy(),
                    "share": (values / values.sum()).to_numpy(),
                    "regions": counts.to_numpy(),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out.insert(1, "province_name", out["province_code"].map(names(ds)))
    out.insert(3, "industry_name", out["industry_code"].map(names(ds, "industries")))
    return out.sort_values(
        ["province_code", "value", "industry_code"], ascending=[True, False, True]
    )


def industry_hierarchy(
    ds: Dataset, scheme: str | None = None, root: str | None = None
) -> pd.DataFrame:
    ind = ds.industries
    children = ind["parent_code"].value_counts()
    if scheme is not None:
        ind = ind[ind["scheme"] == scheme]
    if root is not None:
        ind = ind[ind["code"].isin(descendants(ds, root, "industries"))]
    out = pd.DataFrame(
        {
            "code": ind["code"],
            "name": ind["name"],
            "scheme": ind["scheme"],
            "level": ind["level"],
            "parent_code": ind["parent_code"],
            "parent_name": ind["parent_code"].map(names(ds, "industries")),
            "children": ind["code"].map(children).fillna(0).astype(int),
        }
    )
    return out.sort_values(["scheme", "code"])


def graph_statistics(ds: Dataset, clusters: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    counts = {
        ("label", "Cluster"): len(clusters) + len(ds.clusters),
        ("relationship", "IN_REGION"): int(clusters["region_code"].notna().sum())
        + len(ds.clusters),
        ("relationship", "OF_INDUSTRY"): int(clusters["industry_code"].notna().sum())
        + len(ds.cluster_industries),
        ("relationship", "MEMBER_OF"): len(members.drop_duplicates()),
        ("label", "Company"): len(ds.companies),
        ("label", "Indicator"): ds.region_indicators["indicator"].nunique(),
        ("label", "Industry"): len(ds.industries),
        ("label", "Region"): len(ds.regions),
        ("relationship", "HAS_INDUSTRY"): len(ds.region_industries),
        ("relationship", "INPUT_TO"): len(ds.industry_links),
        ("relationship", "SOLD_TO"): len(ds.industry_final_uses),
        ("label", "FinalDemand"): ds.industry_final_uses["category"].nunique(),
        ("relationship", "MAPS_TO"): len(ds.industry_crosswalk),
        ("relationship", "STAFFS"): len(ds.industry_bridge),
        ("relationship", "OVERLAPS"): len(ds.region_overlaps),
        ("relationship", "IN_INDUSTRY"): len(ds.company_industries),
        ("relationship", "LOCATED_IN"): len(ds.companies),
        ("relationship", "MEASURED"): len(ds.region_indicators),
        ("relationship", "PART_OF"): int(ds.regions["parent_code"].notna().sum()),
        ("relationship", "SUBDIVISION_OF"): int(ds.industries["parent_code"].notna().sum()),
        ("relationship", "SUPPLIES"): len(ds.supply_links),
        ("label", "Dataset"): 1,  # the load's own node (dataset.json name, analysis choices)
        # the tests write one analysis back: its node, its clusters, each county's scores
        ("label", "Analysis"): 1,
        ("relationship", "FOUND_BY"): len(clusters),
        ("relationship", "HAS_SCORES"): len(
            set(ds.regions.loc[ds.regions["level"] == "county", "code"])
            & set(ds.region_industries.query("year == 2020")["region_code"])
        ),
    }
    prov = provenance_of(ds)
    if prov is not None:  # Source and Measure nodes, and what links to them
        measures = prov.measures(ds)
        counts[("label", "Source")] = len(prov.sources)
        counts[("label", "Measure")] = len(measures)
        counts[("relationship", "FROM_SOURCE")] = len(measures)
        counts[("relationship", "SOURCED_FROM")] = sum(
            int(prov.assign(ds, t)["source_id"].notna().sum())
            for t in ("regions", "industries", "companies", "clusters")
        )
    rows = [(kind, name, count) for (kind, name), count in counts.items() if count]
    return pd.DataFrame(rows, columns=["kind", "name", "count"]).sort_values(["kind", "name"])


def regions_by_listed_companies(
    ds: Dataset, level: str = "county", within: str | None = None, limit: int = 20
) -> pd.DataFrame:
    inside = descendants(ds, within) if within is not None else set(ds.regions["code"])
    counts: dict[str, int] = {}
    for code in ds.companies["region_code"]:  # each company counts in its region of `level`
        target = rollup_target(ds, code, level)
        if target is not None and target in inside:
            counts[target] = counts.get(target, 0) + 1
    regions = ds.regions.set_index("code")
    rows = [(c, regions.at[c, "name"], n, regions.at[c, "level"]) for c, n in counts.items()]
    out = pd.DataFrame(rows, columns=["code", "name", "companies", "region_level"])
    return out.sort_values(["companies", "code"], ascending=[False, True]).head(limit)


def companies_in_industry(
    ds: Dataset,
    industry: str,
    primary_only: bool = True,
    region: str | None = None,
    limit: int = 1000,
) -> pd.DataFrame:
    ci = ds.company_industries
    scheme = ds.industries.set_index("code")["scheme"]
    ci = ci.assign(_scheme=ci["industry_code"].map(scheme))
    has_primary = set(
        ci.loc[ci["primary"].fillna(False).astype(bool), ["company_id", "_scheme"]].itertuples(
            index=False, name=None
        )
    )
    ci = ci[ci["industry_code"].isin(descendants(ds, industry, "industries"))]
    if primary_only:  # a company's only classification in a scheme is its primary one there
        only = pd.Series(
            [
                (c, s) not in has_primary
                for c, s in zip(ci["company_id"], ci["_scheme"], strict=True)
            ],
            index=ci.index,
        )
        ci = ci[ci["primary"].fillna(False).astype(bool) | only]
    region_of = ds.companies.set_index("id")["region_code"]
    ci = ci.assign(region_code=ci["company_id"].map(region_of))
    if region is not None:
        ci = ci[ci["region_code"].isin(descendants(ds, region))]
    out = pd.DataFrame(
        {
            "id": ci["company_id"],
            "name": ci["company_id"].map(names(ds, "companies", "id")),
            "industry_code": ci["industry_code"],
            "share": ci["share"],
            "primary": ci["primary"],
            "region_code": ci["region_code"],
            "region_name": ci["region_code"].map(names(ds)),
        }
    )
    return out.sort_values(["id", "industry_code"]).head(limit)


def listed_firm_specialisation(
    ds: Dataset,
    region: str,
    scheme: str = "SW2021",
    industry_level: str = "level1",
    limit: int = 20,
) -> pd.DataFrame:
    """Listed firms per industry at one level (climbed by parent_code), in the region and
    below it, against all classified listed firms."""
    ind = ds.industries.set_index("code")
    parent = ind["parent_code"].to_dict()

    def top(code: str) -> str | None:
        while isinstance(code, str) and code in ind.index:
            if ind.at[code, "scheme"] == scheme and ind.at[code, "level"] == industry_level:
                return code
            code = parent.get(code)
        return None

    ci = ds.company_industries
    ci = ci[ci["industry_code"].map(ind["scheme"]) == scheme]
    firms = pd.DataFrame({"company_id": ci["company_id"], "top": ci["industry_code"].map(top)})
    firms = firms.dropna().drop_duplicates()
    inside = descendants(ds, region)
    region_of = ds.companies.set_index("id")["region_code"]
    firms["here"] = firms["company_id"].map(region_of).isin(inside)
    national = firms.groupby("top")["company_id"].nunique()
    here = firms[firms["here"]].groupby("top")["company_id"].nunique()
    out = pd.DataFrame({"industry_code": here.index, "firms": here.to_numpy()})
    out["industry_name"] = out["industry_code"].map(ind["name"])
    out["region_firms"] = out["firms"].sum()
    out["firm_share"] = out["firms"] / out["region_firms"]
    out["national_share"] = out["industry_code"].map(national) / national.sum()
    out["firm_lq"] = out["firm_share"] / out["national_share"]
    out = out.sort_values(["firms", "firm_lq", "industry_code"], ascending=[False, False, True])
    cols = ["industry_code", "industry_name", "firms", "region_firms", "firm_share",
            "national_share", "firm_lq"]  # fmt: skip
    return out[cols].head(limit)


def industry_time_series(
    ds: Dataset,
    industry: str,
    region: str = "100000",
    measure: str = "employment",
    from_year: int | None = None,
    to_year: int | None = None,
) -> pd.DataFrame:
    """Value, share of the region's total (same scheme and level), its change, and growth
    only where neither value is a sample count (dataset.json ``samples``)."""
    ri = ds.region_industries
    industries = ds.industries.set_index("code")
    scheme, level = industries.loc[industry, ["scheme", "level"]]
    ri = ri[(ri["region_code"] == region) & (ri["measure"] == measure)]
    same = ri["industry_code"].map(industries["scheme"]).eq(scheme) & ri["industry_code"].map(
        industries["level"]
    ).eq(level)
    totals = ri[same].groupby("year")["value"].sum()
    ri = ri[ri["industry_code"] == industry]
    if from_year is not None:
        ri = ri[ri["year"] >= from_year]
    if to_year is not None:
        ri = ri[ri["year"] <= to_year]
    ri = ri.sort_values("year")
    region_level = ds.regions.set_index("code").loc[region, "level"]
    sampled = region_level in (ds.metadata.get("samples") or {}).get(measure, [])
    total = ri["year"].map(totals)
    share = (ri["value"] / total).where(total > 0)
    previous = ri["value"].shift(1)
    growth = (ri["value"] / previous - 1.0).where((previous > 0) & (not sampled))
    return pd.DataFrame(
        {
            "year": ri["year"],
            "value": ri["value"],
            "share": share,
            "share_change": share.diff(),
            "growth": growth,
            "sample": sampled,
        }
    )


def industry_linkages(ds: Dataset, year: int = 2020, limit: int = 50) -> pd.DataFrame:
    links = ds.industry_links
    links = links[links["year"] == year]
    codes = sorted(set(links["from_code"]) | set(links["to_code"]))
    out = pd.DataFrame({"code": codes})
    out["name"] = out["code"].map(names(ds, "industries"))
    out["backward_linkage"] = out["code"].map(links.groupby("to_code")["coefficient"].sum())
    out["intermediate_inputs"] = out["code"].map(links.groupby("to_code")["flow"].sum())
    out["intermediate_sales"] = out["code"].map(links.groupby("from_code")["flow"].sum())
    out = out.fillna(
        {"backward_linkage": 0.0, "intermediate_inputs": 0.0, "intermediate_sales": 0.0}
    )
    return out.sort_values(["backward_linkage", "code"], ascending=[False, True]).head(limit)


def clusters_in_region(
    ds: Dataset,
    clusters: pd.DataFrame,
    members: pd.DataFrame,
    region: str,
    centrality: str = "pagerank",
    limit: int = 50,
) -> pd.DataFrame:
    """Declared clusters of the dataset first (with their state: not testable when an
    industry is not of the scheme and level of the specialisation clusters' industries, else
    detected when a specialisation cluster of their region is one of them, else not
    detected), then the detected clusters by centrality."""
    inside_regions = descendants(ds, region)
    declared = ds.clusters[ds.clusters["region_code"].isin(inside_regions)]
    links = ds.cluster_industries.sort_values(["cluster_id", "industry_code"])
    codes = links.groupby("cluster_id")["industry_code"].apply(list)
    industry_names = names(ds, "industries")
    special = clusters[clusters["kind"] == "specialisation"]
    detected_cells = set(zip(special["region_code"], special["industry_code"], strict=True))
    ind = ds.industries.set_index("code")
    level_of = dict(zip(ind.index, zip(ind["scheme"], ind["level"], strict=True), strict=True))
    levels = {level_of[code] for code in special["industry_code"]}

    def state(region: str, mine: list[str]) -> str | None:
        if not levels:
            return None
        if not mine or any(level_of[m] not in levels for m in mine):
            return "not testable"
        return "detected" if any((region, m) in detected_cells for m in mine) else "not detected"

    rows = []
    for c in declared.sort_values("id").itertuples(index=False):
        mine = codes.get(c.id, [])
        rows.append({
            "id": c.id, "kind": c.kind, "label": c.label, "region_code": c.region_code,
            "region_name": names(ds).get(c.region_code),
            "industry_code": ", ".join(mine),
            "industry_name": ", ".join(industry_names[m] for m in mine),
            "lq": None, "members": None, "centrality": None,
            "state": state(c.region_code, mine), "year": c.year,
            "inferred": None, "member_regions": None,
        })  # fmt: skip
    inside = clusters[clusters["region_code"].isin(inside_regions)]
    score = inside[centrality] if centrality in inside else pd.Series(None, index=inside.index)
    inside, score = inside[score.notna()], score[score.notna()]
    counts = members.groupby("cluster_id")["company_id"].nunique()
    detected = pd.DataFrame(
        {
            "id": inside["cluster_id"],
            "kind": inside["kind"],
            "label": inside["industry_code"].map(industry_names),
            "region_code": inside["region_code"],
            "region_name": inside["region_code"].map(names(ds)),
            "industry_code": inside["industry_code"],
            "industry_name": inside["industry_code"].map(industry_names),
            "lq": inside["lq"],
            "members": inside["cluster_id"].map(counts).fillna(0).astype(int),
            "centrality": score,
            "state": None,
            "year": SCOPE_2020["year"],
            "inferred": inside["inferred"],
            "member_regions": inside["member_regions"],
        }
    ).sort_values(["centrality", "id"], ascending=[False, True])
    out = pd.concat([pd.DataFrame(rows, columns=detected.columns), detected], ignore_index=True)
    return out.head(limit)


SCOPE_2020 = {"level": "county", "scheme": "GB4754", "measure": "employment", "year": 2020}
"""The scope the query tests write their scores and clusters back with."""


def region_scores(
    ds: Dataset,
    scores: pd.DataFrame,
    within: str,
    score: str = "resilience",
    level: str = "county",
    lowest_first: bool = False,
    limit: int = 20,
) -> pd.DataFrame:
    """One analysis' scores (the only one written: SCOPE_2020), with its year, measure
    and id (LEVEL|SCHEME|MEASURE|YEAR|first 8 hex digits of the parameters' SHA-256)."""
    import hashlib
    import json

    regions = ds.regions[ds.regions["level"] == level]
    regions = regions[regions["code"].isin(descendants(ds, within))]
    values = scores[score].dropna()
    out = pd.DataFrame({"code": regions["code"], "name": regions["name"]})
    out = out[out["code"].isin(values.index)]
    out["score"] = out["code"].map(values).astype(float)
    for end in ("low", "high"):
        column = scores.get(f"{score}_{end}")
        out[f"score_{end}"] = out["code"].map(column) if column is not None else None
    for end in ("low", "high"):
        column = scores.get(f"{score}_spec_{end}")
        out[f"score_spec_{end}"] = out["code"].map(column) if column is not None else None
    out["sample_size"] = out["code"].map(scores["sample_size"])
    out["small_sample"] = out["code"].map(scores["small_sample"])
    spec = hashlib.sha256(json.dumps(SCOPE_2020, sort_keys=True).encode()).hexdigest()[:8]
    out["year"], out["measure"] = SCOPE_2020["year"], SCOPE_2020["measure"]
    out["analysis"] = "county|GB4754|employment|2020|" + spec
    key = out["score"] if lowest_first else -out["score"]
    return out.assign(_key=key).sort_values(["_key", "code"]).drop(columns="_key").head(limit)


def sources(ds: Dataset) -> pd.DataFrame:
    """The ``sources`` query from the dataset's provenance: what each source supports."""
    prov = provenance_of(ds)
    assert prov is not None
    supports: dict[str, dict[str, int]] = {sid: {} for sid in prov.sources}
    what = {
        "regions": "Region", "industries": "Industry", "companies": "Company",
        "clusters": "Cluster", "company_industries": "IN_INDUSTRY",
        "region_industries": "HAS_INDUSTRY", "supply_links": "SUPPLIES",
        "industry_links": "INPUT_TO", "industry_crosswalk": "MAPS_TO",
        "industry_final_uses": "SOLD_TO",
        "region_indicators": "MEASURED",
    }  # fmt: skip
    for table, label in what.items():
        for sid, n in prov.assign(ds, table)["source_id"].value_counts().items():
            supports[sid][label] = int(n)
            if table == "companies":
                supports[sid]["LOCATED_IN"] = int(n)
    measures = prov.measures(ds)
    rows = []
    for sid, source in sorted(prov.sources.items()):
        if not supports[sid]:
            continue
        own = measures[measures["source_id"] == sid].sort_values("id")
        rows.append(
            {
                "id": sid,
                "title": source.title,
                "publisher": source.publisher,
                "vintage": source.vintage,
                "licence": source.licence,
                "url": source.url,
                "supports": [f"{k} {v}" for k, v in sorted(supports[sid].items())],
                "measures": [f"{n} ({u})" for n, u in zip(own["name"], own["unit"], strict=True)],
                "note": source.note,
            }
        )
    return pd.DataFrame(rows)


def lookup(ds: Dataset, text: str, kind: str | None = None, limit: int = 50) -> pd.DataFrame:
    """Regions, industries and companies whose name contains ``text`` (exact names first).

    The query's fulltext index may also find names that only match after normalisation
    (full-width letters), and codes, aliases (pinyin, short names) and English names match
    too; this oracle is used with Chinese texts where containment is the match
    (``matched``: name when the name is the text, else part of name).
    ``score`` (Lucene's relevance) has no pandas counterpart and is left None.
    """
    regions = ds.regions.set_index("code")
    industries = ds.industries.set_index("code")

    def within(code: object) -> str:
        names = []
        while isinstance(code, str) and regions.loc[code, "level"] != "country":
            names.append(regions.loc[code, "name"])
            code = regions.loc[code, "parent_code"]
        return " / ".join(reversed(names))

    rows = []
    for code, r in regions.iterrows():
        if text in r["name"]:
            parent = r["parent_code"]
            has = isinstance(parent, str)
            rows.append(
                (
                    "region",
                    code,
                    r["name"],
                    r["level"],
                    parent if has else None,
                    regions.loc[parent, "name"] if has else None,
                    within(parent),
                )
            )
    for code, i in industries.iterrows():
        if text in i["name"]:
            parent = i["parent_code"]
            has = isinstance(parent, str)
            rows.append(
                (
                    "industry",
                    code,
                    i["name"],
                    i["level"],
                    parent if has else None,
                    industries.loc[parent, "name"] if has else None,
                    i["scheme"],
                )
            )
    for c in ds.companies.itertuples():
        if text in c.name:
            rows.append(
                (
                    "company",
                    c.id,
                    c.name,
                    regions.loc[c.region_code, "level"],
                    c.region_code,
                    regions.loc[c.region_code, "name"],
                    within(c.region_code),
                )
            )
    out = pd.DataFrame(
        rows, columns=["kind", "code", "name", "level", "parent_code", "parent_name", "within"]
    )
    if kind is not None:
        out = out[out["kind"] == kind]
    exact = out["name"] == text
    out = out.assign(
        matched=exact.map({True: "name", False: "part of name"}), score=None, _exact=exact
    )
    out = out.sort_values(["_exact", "kind", "code"], ascending=[False, True, True])
    return out.drop(columns="_exact").head(limit)
