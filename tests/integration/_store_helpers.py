"""Shared helpers of the store tests: a small real-looking dataset and a graph fingerprint."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from clusteratlas.loaders.dataset import Dataset

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import synthetic_dataset  # noqa: E402

__all__ = ["ROOT", "fingerprint", "small_dataset", "synthetic_dataset"]


def small_dataset(name: str = "small", *, gdp: float = 1.0e12) -> Dataset:
    """Every table, Chinese names, a missing coordinate, an inferred link, two years, and
    what dataset.json may declare about the data (industry groups, featured regions)."""
    return Dataset.from_frames(
        metadata={
            "name": name,
            "industry_groups": {
                "name": "goods and services",
                "groups": {"GB4754:C": "goods", "GB4754:I": "services"},
            },
            "featured_regions": ["440305", "320583"],
        },
        regions=pd.DataFrame(
            {
                "code": ["440000", "440300", "440305", "440306", "320583"],
                "name": ["广东省", "深圳市", "南山区", "宝安区", "昆山市"],
                "level": ["province", "prefecture", "county", "county", "county"],
                "parent_code": [None, "440000", "440300", "440300", None],
                "lon": [113.27, 114.06, 113.93, None, 120.98],
                "lat": [23.13, 22.54, 22.53, None, 31.39],
            }
        ),
        industries=pd.DataFrame(
            {
                "code": ["GB4754:C", "GB4754:I", "CSRC:C", "NBS42:06", "NBS42:39"],
                "name": ["制造业", "信息传输、软件和信息技术服务业", "制造业", "电子", "信息"],
                "scheme": ["GB4754", "GB4754", "CSRC", "NBS42", "NBS42"],
                "level": ["section", "section", "section", "sector", "sector"],
                "parent_code": [None, None, "GB4754:C", "GB4754:C", "GB4754:I"],
            }
        ),
        companies=pd.DataFrame(
            {
                "id": ["SZSE:000063", "SZSE:300750", "SZSE:002415"],
                "name": ["中兴通讯", "宁德时代", "海康威视"],
                "exchange": ["SZSE"] * 3,
                "ticker": ["000063", "300750", "002415"],
                "region_code": ["440305", "440306", "320583"],
                "listed_on": pd.to_datetime(["1997-11-18", "2018-06-11", None]),
                "employees": [74811.0, None, 58000.0],
            }
        ),
        company_industries=pd.DataFrame(
            {
                "company_id": ["SZSE:000063", "SZSE:300750", "SZSE:002415"],
                "industry_code": ["CSRC:C"] * 3,
                "share": [1.0, 1.0, 0.8],
                "primary": [True, True, False],
            }
        ),
        region_industries=pd.DataFrame(
            {
                "region_code": ["440305", "440305", "440306", "440306", "320583"] * 2,
                "industry_code": ["GB4754:C", "GB4754:I", "GB4754:C", "GB4754:I", "GB4754:C"] * 2,
                "year": [2010] * 5 + [2020] * 5,
                "measure": ["employment"] * 10,
                "value": [120.0, 80.0, 300.0, 10.0, 400.0, 150.0, 160.0, 330.0, 0.0, 420.0],
            }
        ),
        supply_links=pd.DataFrame(
            {
                "supplier_id": ["SZSE:300750", "SZSE:002415"],
                "customer_id": ["SZSE:000063", "SZSE:000063"],
                "year": [2020, 2020],
                "value": [1.5e8, None],
                "share": [0.1, None],
                "source": ["annual report", "io-inference"],
                "inferred": [False, True],
            }
        ),
        industry_links=pd.DataFrame(
            {
                "from_code": ["NBS42:06", "NBS42:39", "NBS42:06"],
                "to_code": ["NBS42:39", "NBS42:06", "NBS42:39"],
                "year": [2020, 2020, 2018],
                "flow": [5.0e6, 1.2e6, 4.1e6],
                "coefficient": [0.12, 0.03, 0.11],
            }
        ),
        industry_final_uses=pd.DataFrame(
            {
                "industry_code": ["NBS42:06", "NBS42:06"],
                "year": [2020, 2020],
                "category": ["exports", "inventory_change"],
                "category_name": ["出口 exports (EX)", "存货变动 changes in inventories (FU202)"],
                "value": [3.0e6, -2.0e5],  # an inventory drawn down is negative
                "unit": ["10,000 CNY (万元)"] * 2,
            }
        ),
        industry_crosswalk=pd.DataFrame(
            {
                "from_code": ["CSRC:C", "CSRC:C"],
                "to_code": ["NBS42:06", "NBS42:39"],
                "weight": [0.75, None],
                "basis": ["电子 (C39): most listed manufacturers", None],
            }
        ),
        region_indicators=pd.DataFrame(
            {
                "region_code": ["440305", "320583", "320583"],
                "indicator": ["gdp", "gdp", "population"],
                "year": [2025, 2024, 2024],
                "value": [gdp, 5.1e11, 2.1e6],
                "unit": ["CNY", "CNY", "persons"],
                "source": ["article", "article", None],
            }
        ),
    )


_NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
_RELS = """MATCH (a)-[r]->(b)
RETURN type(r) AS type, labels(a)[0] + ':' + coalesce(a.code, a.id, a.name) AS a,
       labels(b)[0] + ':' + coalesce(b.code, b.id, b.name) AS b, properties(r) AS props"""


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def fingerprint(driver: Any, database: str) -> dict[str, Any]:
    """Counts per label and type, and a SHA-256 over every node's and relationship's properties."""
    nodes = driver.execute_query(_NODES, database_=database).records
    rels = driver.execute_query(_RELS, database_=database).records
    counts: dict[str, int] = {}
    lines = []
    for rec in nodes:
        label = ":".join(sorted(rec["labels"]))
        counts[label] = counts.get(label, 0) + 1
        lines.append("N " + label + " " + _canon(rec["props"]))
    for rec in rels:
        counts[rec["type"]] = counts.get(rec["type"], 0) + 1
        lines.append(f"R {rec['type']} {rec['a']} {rec['b']} " + _canon(rec["props"]))
    digest = hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()
    return {"counts": dict(sorted(counts.items())), "sha256": digest, "elements": len(lines)}
