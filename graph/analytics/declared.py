"""Declared clusters (named by a source) against the clusters the detection finds.

A dataset's ``clusters`` table holds clusters someone names (the bundled China data:
the article's Cixi small household appliances, Jinjiang sporting goods, ...). The
detection (:func:`~clusteratlas.graph.analytics.clusters.detect_clusters`) works on
the matrix E of the analysis scope, here county employment by GB/T 4754 section.
:func:`declared_cluster_recovery` gives each declared cluster one of three states:

``detected``
    Its industries are E's own codes (the scheme and level of E, e.g. GB4754
    sections) and a detected specialisation cluster of its region is one of them.
``not detected``
    Its industries are E's own codes and none of them is a detected cluster of the
    region (``why`` says which threshold the best one misses).
``not testable``
    The data at E's level cannot tell it apart: it names an industry finer than E
    (a Shenwan industry, reaching a section only through its parent or a crosswalk),
    or none, or its region has no data in E. A detected section around it (Cixi's
    manufacturing) says the whole section is specialised, not that this cluster is:
    any manufacturing cluster declared in any manufacturing county would "pass".

Beside the state, the region's listed firms (a finer, firm-based view) give their own
verdict, ``firm_evidence``: ``supported`` (at least :data:`MIN_FIRMS` firms in the
cluster's industries and a firm LQ of at least the detection's ``min_lq``), ``not
supported`` (a firm LQ below ``min_lq``, from at least :data:`MIN_FIRMS` firms, or from
fewer in a region with so many listed firms that a cluster at the threshold would show
:data:`MIN_FIRMS` of them), ``too few firms`` (neither: one or two firms, whatever
their LQ, or none in a region with too few listed firms to expect any), or ``not
testable`` (no listed firm anywhere is classified in the cluster's industries).

Examples
--------
>>> from clusteratlas.graph.definitions.examples import example_dataset
>>> ds = example_dataset()
>>> ds = ds.replace(
...     clusters=pd.DataFrame({"id": ["d1", "d2"], "kind": "declared",
...                            "label": ["farming", "goods"], "region_code": ["11", "12"]}),
...     cluster_industries=pd.DataFrame({"cluster_id": ["d1", "d2"],
...                                      "industry_code": ["GB4754:A", "NBS42:06"]}))
>>> r = declared_cluster_recovery(ds, top_share=1.0)
>>> r[["cluster_id", "state", "level", "section_lq", "firm_evidence"]].round(4).values.tolist()
[['d1', 'detected', 'GB4754 section', 1.875, 'too few firms'], ['d2', 'not testable', 'GB4754 section', 1.3889, 'not testable']]
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pandas as pd

from clusteratlas.graph.analytics.clusters import (
    CLUSTER_MARKETS,
    default_min_size,
    detect_clusters,
    industry_markets,
)
from clusteratlas.graph.analytics.crosswalk import industries_to_scheme
from clusteratlas.graph.analytics.firms import company_coverage, company_industries_at
from clusteratlas.graph.definitions.hierarchy import (
    MAX_DEPTH,
    descendants,
    industry_parents,
    region_parents,
)
from clusteratlas.graph.definitions.quotients import location_quotient
from clusteratlas.graph.definitions.regions import region_ancestors
from clusteratlas.graph.definitions.scope import AnalysisScope, resolve_scope
from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "FIRM_EVIDENCE",
    "MIN_FIRMS",
    "STATES",
    "declared_cluster_recovery",
    "declared_cluster_sectors",
    "recovery_lines",
    "recovery_summary",
]

STATES = ("detected", "not detected", "not testable")
"""The states of a declared cluster, in report order (see the module docstring)."""

FIRM_EVIDENCE = ("supported", "not supported", "too few firms", "not testable")
"""The verdicts of the listed firms on a declared cluster, in report order."""

MIN_FIRMS = 3
"""The fewest listed firms in a cluster's industries whose firm LQ counts as evidence.

A firm LQ is a ratio of counts, and one firm more or less moves it by the whole of
1 / (region's firms x national share): in a county with five classified listed firms,
one firm in an industry holding 0.3% of the nation's listed firms gives an LQ near 60
(Changsha County's one construction machinery firm), two give 120. Such an LQ says a
firm is there, not that a cluster is. From three firms on, one firm more or less moves
the count by at most a third, and three firms of one narrow industry in one county is
already a concentration a source would name. Three is a judgement, not a test: the
count is shown beside the verdict.
"""

COLUMNS = (
    "cluster_id",
    "region_code",
    "region_name",
    "label",
    "state",
    "detected",
    "level",
    "detected_as",
    "section_lq",
    "lq_rank_share",
    "why",
    "listed_firms",
    "region_listed_firms",
    "firm_lq",
    "firm_evidence",
)


def declared_cluster_recovery(
    dataset: Dataset,
    clusters: pd.DataFrame | None = None,
    *,
    scope: AnalysisScope | None = None,
    min_lq: float = 1.25,
    top_share: float = 0.25,
    firm_scheme: str | None = None,
    min_size: float | None = None,
    cluster_markets: Collection[str] = CLUSTER_MARKETS,
) -> pd.DataFrame:
    """For each declared cluster: detected, not detected, or not testable at E's level, and why;
    and what the region's listed firms say.

    Parameters
    ----------
    dataset : Dataset
        Its ``clusters`` (kind ``declared``) with their ``cluster_industries``.
    clusters : DataFrame, optional
        Detected clusters (``region_code``, ``industry_code``, ``kind``; what
        ``analyze`` or ``detect_clusters`` return); None runs the detection on the
        scope's E as ``analyze`` does (``min_lq``, ``top_share``, ``min_size``, the
        dataset's ``industry_markets`` and ``cluster_markets``).
    scope : AnalysisScope, optional
        The scope of E (default inferred: the bundled data's county x GB4754 section).
    min_lq : float, default 1.25
        The detection's smallest LQ (used when ``clusters`` is None, and in ``why``),
        and the firm LQ a ``supported`` firm verdict needs.
    top_share : float, default 0.25
        The detection's share of regions by LQ (likewise).
    firm_scheme : str, optional
        The company classification for the firm-based columns (default: the scope's
        ``firm_scheme``, the finest the companies have; the bundled data: SW2021).
    min_size : float, optional
        The detection's size floor (None: :func:`~clusteratlas.graph.analytics.clusters.
        default_min_size`, 30 sampled units on sample counts); used when ``clusters`` is
        None, and in ``why``.
    cluster_markets : collection of str, default traded, mixed, resource
        Market kinds that can form clusters (likewise).

    Returns
    -------
    DataFrame
        One row per declared cluster: ``cluster_id, region_code, region_name, label,
        state`` (:data:`STATES`: ``detected`` when every industry of the cluster is one
        of E's scheme and level and a detected specialisation cluster of the region is
        one of them; ``not detected`` when they all are and none is detected; ``not
        testable`` when it names none, or one finer than or outside E's level, e.g. a
        Shenwan industry, or the region has no data in E), ``detected`` (bool: ``state
        == "detected"``), ``level`` (E's scheme and level, e.g. ``GB4754 section``),
        ``detected_as`` (for a detected one: the detected industries, with their LQ),
        ``section_lq`` and ``lq_rank_share`` (the best of the E industries the cluster
        names or reaches through parents and the crosswalk: its LQ in the region and
        the region's LQ rank among E's regions / their number; shown for a not
        testable cluster too, as context), ``why`` (one sentence: found, the threshold
        it misses, or why the data at E's level cannot test it), and the firm-based
        view: ``listed_firms`` (the region's listed firms in the cluster's industries
        of ``firm_scheme``, or below them: its finest named industries, the section
        codes named beside them left out), ``region_listed_firms`` (the region's
        classified listed firms), ``firm_lq`` ((listed_firms / region_listed_firms) /
        (national firms in those industries / all classified firms); kept for one or
        two firms, but then ``firm_evidence`` says ``too few firms``) and
        ``firm_evidence`` (:data:`FIRM_EVIDENCE`, the rule of the module docstring with
        :data:`MIN_FIRMS` and ``min_lq``). Empty, with those columns, when the dataset
        declares no cluster.

    See Also
    --------
    recovery_lines : the table as report lines.

    Examples
    --------
    A county specialised in agriculture (LQ 1.875) that a source names for farming, and
    a cluster named by an input-output sector (finer than a section) in a county whose
    manufacturing section is detected:

    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> ds = example_dataset().replace(
    ...     clusters=pd.DataFrame({"id": ["d1", "d2"], "kind": "declared",
    ...                            "label": ["farming", "goods"], "region_code": ["11", "12"]}),
    ...     cluster_industries=pd.DataFrame({"cluster_id": ["d1", "d2"],
    ...                                      "industry_code": ["GB4754:A", "NBS42:06"]}))
    >>> r = declared_cluster_recovery(ds, top_share=1.0)
    >>> r.loc[0, "state"], r.loc[0, "detected_as"], r.loc[0, "why"]
    ('detected', 'Agriculture (LQ 1.88)', 'found as Agriculture')
    >>> r[["listed_firms", "region_listed_firms", "firm_evidence"]].values.tolist()
    [[1, 1, 'too few firms'], [0, 1, 'not testable']]
    >>> r.loc[1, "state"], bool(r.loc[1, "detected"])
    ('not testable', False)
    >>> print(r.loc[1, "why"])
    its industries (Goods) are finer than a GB4754 section: the data count by GB4754 section, and Manufacturing (LQ 1.39, a detected cluster of the region) cannot tell goods apart from the rest of it
    """  # noqa: E501
    scope = resolve_scope(dataset, scope)
    declared = dataset.clusters
    declared = declared[declared["kind"] == "declared"]
    if declared.empty:
        return pd.DataFrame({c: pd.Series([], dtype="object") for c in COLUMNS})
    E = scope.matrix(dataset)
    lq = location_quotient(E)
    rank_share = lq.rank(axis=0, ascending=False, method="min") / len(lq)
    floor = default_min_size(dataset, scope) if min_size is None else float(min_size)
    markets = industry_markets(dataset) or {}
    if clusters is None:  # the detection analyze runs: the same floor and market kinds
        clusters = detect_clusters(
            E,
            min_lq=min_lq,
            top_share=top_share,
            min_size=floor,
            markets=markets or None,
            cluster_markets=cluster_markets,
            year=scope.year,
        ).clusters
    found = clusters[clusters["kind"] == "specialisation"] if "kind" in clusters else clusters
    found_cells = set(zip(found["region_code"], found["industry_code"], strict=True))
    ind = dataset.industries
    name_of = dict(zip(ind["code"].astype(str), ind["name"].astype(str), strict=True))
    at_level = _codes_at_level(ind, scope.scheme, scope.industry_level)
    parent = industry_parents(dataset)
    in_e = set(map(str, E.columns))
    links = dataset.cluster_industries.groupby("cluster_id")["industry_code"].apply(list).to_dict()
    all_codes = sorted({str(x) for codes in links.values() for x in codes})
    reaches = industries_to_scheme(dataset, all_codes, scope.scheme).to_dict()
    firms = _firm_view(dataset, firm_scheme or scope.firm_scheme, scope.level, parent, min_lq)
    level = f"{scope.scheme} {scope.industry_level}" if scope.industry_level else scope.scheme
    region_names = dataset.regions.set_index("code")["name"]
    level_of = dict(zip(dataset.regions["code"], dataset.regions["level"], strict=True))
    rows: list[dict[str, Any]] = []
    c: Any
    for c in declared.itertuples(index=False):
        codes = [str(x) for x in links.get(c.id, [])]
        finer = [x for x in codes if x not in at_level]
        # the E industries it names or reaches (context for a cluster E cannot test)
        sections = sorted(
            {x for x in codes if x in in_e}
            | {s for x in finer if isinstance(s := reaches.get(x), str) and s in in_e}
        )
        region = str(c.region_code)
        row: dict[str, Any] = {
            "cluster_id": c.id,
            "region_code": region,
            "region_name": region_names.get(region),
            "label": c.label,
            "state": "not testable",
            "level": level,
            "detected_as": None,
            "section_lq": float("nan"),
            "lq_rank_share": float("nan"),
        }
        row.update(firms(region, finer or codes))
        has_data = region in lq.index
        lq_r: dict[str, float] = {}
        if has_data and sections:
            lq_r = dict(zip(map(str, lq.columns), lq.loc[region].to_numpy(float), strict=True))
            rank_r = dict(
                zip(map(str, lq.columns), rank_share.loc[region].to_numpy(float), strict=True)
            )
            best = max(sections, key=lambda s: (lq_r[s], s))
            row["section_lq"] = lq_r[best]
            row["lq_rank_share"] = rank_r[best]
        if not codes:
            row["why"] = "the source names no industry: there is nothing to look for"
        elif finer:
            row["why"] = _why_finer(finer, sections, lq_r, region, found_cells, name_of,
                                    str(c.label), level, has_data)  # fmt: skip
        elif not has_data and level_of.get(region, scope.level) != scope.level:
            row["why"] = (
                f"the region is a {level_of.get(region)}, and the analysis compares "
                f"{scope.level} regions: `analyze --level {level_of.get(region)}` tests it"
            )
        elif not has_data:
            row["why"] = f"the region has no {scope.measure} data in {scope.year}"
        elif not sections:
            row["why"] = f"none of its industries has {scope.measure} data in {scope.year}"
        else:
            hits = [s for s in sections if (region, s) in found_cells]
            row["state"] = "detected" if hits else "not detected"
            names = [f"{name_of[s]} (LQ {lq_r[s]:.2f})" for s in hits]
            row["detected_as"] = "; ".join(names) if hits else None
            row["why"] = _why(hits, best, lq_r[best], rank_r[best], name_of, level, min_lq,
                              top_share)  # fmt: skip
            if not hits:  # a floor or a market kind can rule it out before its LQ does
                kind = markets.get(best)
                size = float(E[best].to_numpy()[E.index.get_loc(region)])
                if kind is not None and kind not in cluster_markets:
                    row["why"] = (
                        f"{name_of[best]} is a {kind} industry (dataset.json industry_markets):"
                        f" it forms no cluster, whatever its LQ ({lq_r[best]:.2f})"
                    )
                elif size < floor:
                    unit = f"{scope.measure}, {scope.unit}" if scope.unit else scope.measure
                    row["why"] = (
                        f"{name_of[best]} counts {size:,.0f} ({unit}) in the region, below "
                        f"the cluster floor of {floor:,.0f} (LQ {lq_r[best]:.2f})"
                    )
        row["detected"] = row["state"] == "detected"
        rows.append(row)
    return pd.DataFrame(rows, columns=list(COLUMNS))


SECTOR_COLUMNS = ("cluster_id", "label", "source", "sector", "sector_name", "industries")


def declared_cluster_sectors(
    dataset: Dataset, region: str, io_scheme: str | None = None
) -> pd.DataFrame:
    """The input-output sectors of the clusters a source names for ``region`` (declared
    clusters of the region or a region below it), so that a page about the region can
    start from the industry the source names when the region's own data cannot name one.

    A cluster's industries map to ``io_scheme`` (default: the analysis scope's) as
    companies' do, by :func:`~clusteratlas.graph.analytics.crosswalk.industries_to_scheme`
    (the dataset's ``industry_crosswalk``, the nearest ancestor's rows when a code has
    none, else ``parent_code``; the bundled data: a Shenwan 2021 industry through the
    SW2021 -> NBS42 judgement table); industries reaching no sector (the census sections)
    are left out.

    Parameters
    ----------
    dataset : Dataset
        Its ``clusters`` (kind ``declared``), ``cluster_industries``, industries and
        crosswalk.
    region : str
        A region code; the declared clusters of it and of every region below it count.
    io_scheme : str, optional
        The input-output scheme to map into; default the inferred scope's
        ``io_scheme`` (none: the result is empty).

    Returns
    -------
    DataFrame
        One row per cluster and sector: ``cluster_id, label, source, sector,
        sector_name, industries`` (the cluster's industries in that sector, as
        ``name (code)`` joined by "; "), clusters in id order (the source's order),
        within a cluster the sector with most of its industries first. Empty (with
        those columns) when the region has no declared cluster with such an industry.

    Examples
    --------
    >>> from clusteratlas.loaders.bundled import load_bundled
    >>> china = load_bundled("china")
    >>> changsha = declared_cluster_sectors(china, "430121")  # machinery, then cars
    >>> changsha[["cluster_id", "sector", "industries"]].values.tolist()
    [['declared:430121:1', 'NBS42:17', '工程机械 (SW2021:640600)'], ['declared:430121:2', 'NBS42:18', '汽车零部件 (SW2021:280200); 乘用车 (SW2021:280500); 商用车 (SW2021:280600)']]
    >>> declared_cluster_sectors(china, "320281").empty  # Jiangyin: the source names none
    True
    """  # noqa: E501
    empty = pd.DataFrame({c: pd.Series([], dtype="object") for c in SECTOR_COLUMNS})
    declared = dataset.clusters
    declared = declared[declared["kind"] == "declared"]
    if declared.empty:
        return empty
    inside = descendants(region_parents(dataset), [region]) | {region}
    declared = declared[declared["region_code"].astype(str).isin(inside)].sort_values("id")
    if io_scheme is None:
        io_scheme = resolve_scope(dataset).io_scheme
    if io_scheme is None:
        return empty
    ind = dataset.industries
    name_of = dict(zip(ind["code"].astype(str), ind["name"].astype(str), strict=True))
    links = dataset.cluster_industries
    codes = sorted(set(links["industry_code"].astype(str)))
    sector_of = industries_to_scheme(dataset, codes, io_scheme).to_dict()
    rows: list[dict[str, Any]] = []
    for c in declared.itertuples(index=False):
        by_sector: dict[str, list[str]] = {}
        for code in sorted(links.loc[links["cluster_id"] == c.id, "industry_code"].astype(str)):
            sector = sector_of.get(code)
            if isinstance(sector, str):
                by_sector.setdefault(sector, []).append(code)
        for sector, codes in sorted(by_sector.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            rows.append(
                {
                    "cluster_id": str(c.id),
                    "label": str(c.label),
                    "source": _text(getattr(c, "source", None)),
                    "sector": sector,
                    "sector_name": name_of.get(sector, sector),
                    "industries": "; ".join(f"{name_of.get(x, x)} ({x})" for x in codes),
                }
            )
    return pd.DataFrame(rows, columns=list(SECTOR_COLUMNS)) if rows else empty


def _codes_at_level(industries: pd.DataFrame, scheme: str, industry_level: str | None) -> set[str]:
    """The industry codes of E's scheme and level (the codes E can test)."""
    mine = industries[industries["scheme"].astype(str) == scheme]
    if industry_level is not None:
        mine = mine[mine["level"].astype(str) == industry_level]
    return set(mine["code"].astype(str))


def _why(
    hits: list[str],
    best: str,
    value: float,
    share: float,
    name_of: dict[str, str],
    level: str,
    min_lq: float,
    top_share: float,
) -> str:
    if hits:
        return "found as " + " and ".join(name_of[s] for s in hits)
    if value < min_lq:
        return f"its best {level}, {name_of[best]}, has LQ {value:.2f} < {min_lq:g}"
    return (
        f"{name_of[best]} has LQ {value:.2f} but the region is in the top {share:.0%} of "
        f"regions by that LQ, not the top {top_share:.0%}"
    )


def _why_finer(
    finer: list[str],
    sections: list[str],
    lq_r: dict[str, float],
    region: str,
    found_cells: set[tuple[str, str]],
    name_of: dict[str, str],
    label: str,
    level: str,
    has_data: bool,
) -> str:
    """Why E cannot test a cluster that names industries finer than (or outside) E's level."""
    shown = [name_of.get(x, x) for x in finer[:3]] + (["..."] if len(finer) > 3 else [])
    head = f"its industries ({', '.join(shown)}) are finer than a {level}"
    if not sections:
        return f"{head} and reach none of E: the data cannot look for it"
    if not has_data:
        return f"{head}, and the region has no data in E"

    def said(s: str) -> str:
        found = "a detected cluster" if (region, s) in found_cells else "not a detected cluster"
        return f"{name_of[s]} (LQ {lq_r[s]:.2f}, {found} of the region)"

    return (
        f"{head}: the data count by {level}, and {' and '.join(said(s) for s in sections)} "
        f"cannot tell {label} apart from the rest of it"
    )


def _firm_view(
    dataset: Dataset, scheme: str | None, region_level: str, parent: pd.Series, min_lq: float
) -> Any:
    codes = company_industries_at(dataset, scheme) if scheme else pd.Series([], dtype="str")
    region_of = dataset.companies.set_index("id")["region_code"].reindex(codes.index)
    placed = region_of.map(region_ancestors(dataset, region_level))
    lineage = _lineages(parent, set(codes))
    total = float(len(codes))

    def view(region: str, industries: list[str]) -> dict[str, Any]:
        mine = codes[placed == region]
        wanted = set(industries)
        if not wanted or total == 0:
            return {"listed_firms": 0, "region_listed_firms": len(mine),
                    "firm_lq": float("nan"), "firm_evidence": "not testable"}  # fmt: skip
        hit = codes.map(lambda c: bool(lineage[c] & wanted))
        n = int(hit[placed == region].sum())
        national = float(hit.sum()) / total
        firm_lq = (n / len(mine)) / national if len(mine) and national else float("nan")
        evidence = _firm_evidence(n, len(mine), national, firm_lq, min_lq)
        return {"listed_firms": n, "region_listed_firms": len(mine), "firm_lq": firm_lq,
                "firm_evidence": evidence}  # fmt: skip

    return view


def _firm_evidence(n: int, region_n: int, national: float, firm_lq: float, min_lq: float) -> str:
    """The listed firms' verdict (module docstring): ``national`` is the share of all
    classified listed firms in the cluster's industries."""
    if national == 0:
        return "not testable"
    if n >= MIN_FIRMS:
        return "supported" if firm_lq >= min_lq else "not supported"
    # fewer than MIN_FIRMS: against the cluster only if a cluster at the threshold would
    # have shown MIN_FIRMS firms in a region of this many listed firms
    return "not supported" if region_n * national * min_lq >= MIN_FIRMS else "too few firms"


def _lineages(parent: pd.Series, codes: set[str]) -> dict[str, set[str]]:
    """Each code with its ancestors (inside the table or not), by one walk up the hierarchy."""
    out = {c: {c} for c in codes}
    current = {c: parent.get(c) for c in codes}
    for _ in range(MAX_DEPTH):
        found = {c: p for c, p in current.items() if isinstance(p, str) and p not in out[c]}
        if not found:
            break
        for c, p in found.items():
            out[c].add(p)
        current = {c: parent.get(p) for c, p in found.items()}
    return out


def recovery_summary(recovery: pd.DataFrame) -> str:
    """The recovery table's counts by state and by firm verdict, in one phrase.

    Parameters
    ----------
    recovery : DataFrame
        :func:`declared_cluster_recovery`'s table (not empty).

    Returns
    -------
    str
        ``"<n> detected, <n> not detected, <n> not testable at <level> level; firm
        evidence: <n> supported, <n> not supported, <n> too few firms, <n> not
        testable"`` (every state and verdict named, zeros included).

    Examples
    --------
    >>> t = pd.DataFrame({"state": ["detected", "not testable"], "level": "GB4754 section",
    ...                   "firm_evidence": ["supported", "too few firms"]})
    >>> recovery_summary(t)
    '1 detected, 0 not detected, 1 not testable at GB4754 section level; firm evidence: 1 supported, 0 not supported, 1 too few firms, 0 not testable'
    """  # noqa: E501
    states = recovery["state"].value_counts()
    verdicts = recovery["firm_evidence"].value_counts()
    by_state = ", ".join(f"{int(states.get(s, 0))} {s}" for s in STATES)
    by_verdict = ", ".join(f"{int(verdicts.get(v, 0))} {v}" for v in FIRM_EVIDENCE)
    level = recovery["level"].iloc[0]
    return f"{by_state} at {level} level; firm evidence: {by_verdict}"


def recovery_lines(dataset: Dataset, recovery: pd.DataFrame) -> list[str]:
    """The recovery table as lines for a report (the ``analyze`` command prints them).

    Parameters
    ----------
    dataset : Dataset
        The data the table is about (its companies, for the coverage line).
    recovery : DataFrame
        :func:`declared_cluster_recovery`'s table.

    Returns
    -------
    list of str
        A headline (:func:`recovery_summary`: how many declared clusters are detected,
        not detected and not testable at E's level, the firm verdicts, and the listed
        firms' coverage), then one indented line per declared cluster with its state,
        why, its listed firms and their verdict; empty for an empty table.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> recovery_lines(example_dataset(), pd.DataFrame(columns=list(COLUMNS)))
    []
    >>> ds = example_dataset().replace(
    ...     clusters=pd.DataFrame({"id": ["d1", "d2"], "kind": "declared",
    ...                            "label": ["farming", "goods"], "region_code": ["11", "12"]}),
    ...     cluster_industries=pd.DataFrame({"cluster_id": ["d1", "d2"],
    ...                                      "industry_code": ["GB4754:A", "NBS42:06"]}))
    >>> for line in recovery_lines(ds, declared_cluster_recovery(ds, top_share=1.0)):
    ...     print(line)
    declared clusters: 1 detected, 0 not detected, 1 not testable at GB4754 section level; firm evidence: 0 supported, 0 not supported, 1 too few firms, 1 not testable; listed firms: companies of the data (exchange unknown)
      County 1 11 farming: detected. found as Agriculture; 1 of its 1 classified listed firms in these industries (firm LQ 2.00 from 1 firm): too few firms
      County 2 12 goods: not testable. its industries (Goods) are finer than a GB4754 section: ...; no listed firm is classified in its industries: firm evidence not testable
    """  # noqa: E501
    if recovery.empty:
        return []
    lines = [
        f"declared clusters: {recovery_summary(recovery)}; "
        f"listed firms: {company_coverage(dataset)}"
    ]
    r: Any
    for r in recovery.itertuples(index=False):
        n, total, verdict = int(r.listed_firms), int(r.region_listed_firms), r.firm_evidence
        if verdict == "not testable":
            firms = "; no listed firm is classified in its industries: firm evidence not testable"
        elif total == 0:
            firms = f"; the region has no classified listed firm: {verdict}"
        elif n == 0:
            firms = f"; none of its {total} classified listed firms in these industries: {verdict}"
        else:
            few = f" from {n} firm{'s' if n > 1 else ''}" if n < MIN_FIRMS else ""
            firms = (
                f"; {n} of its {total} classified listed firms in these industries "
                f"(firm LQ {r.firm_lq:.2f}{few}): {verdict}"
            )
        lines.append(f"  {r.region_name} {r.region_code} {r.label}: {r.state}. {r.why}{firms}")
    return lines


def _text(value: Any) -> str:
    """A cell as text: '' for a missing value (None or NaN), not the string 'nan'."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)
