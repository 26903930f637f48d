"""A small hand-made dataset for the views' examples and tests (invented numbers, not real data).

Two provinces, five counties, five GB/T 4754 sections with CSRC and NBS42 children,
county employment and national gross output for 2020, an input-output table, six companies and
four supply links (two of them inferred).

>>> toy_dataset().counts()["regions"]
10
"""

from __future__ import annotations

import pandas as pd

from clusteratlas.loaders.dataset import Dataset

__all__ = ["toy_dataset"]

SECTIONS = {
    "A": "农、林、牧、渔业",
    "C": "制造业",
    "F": "批发和零售业",
    "I": "信息传输、软件和信息技术服务业",
    "M": "科学研究和技术服务业",
}
SECTORS = {
    "NBS42:01": ("农林牧渔产品和服务", "A"),
    "NBS42:12": ("化学产品", "C"),
    "NBS42:16": ("通用设备", "C"),
    "NBS42:17": ("专用设备", "C"),
    "NBS42:30": ("批发和零售", "F"),
    "NBS42:32": ("信息传输、软件和信息技术服务", "I"),
    "NBS42:35": ("研究和试验发展", "M"),
}
# county -> employment by section A, C, F, I, M (2020)
EMPLOYMENT = {
    "100101": (50, 900, 200, 40, 10),
    "100102": (400, 150, 300, 20, 5),
    "100103": (100, 300, 250, 600, 300),
    "200101": (300, 600, 150, 30, 20),
    "200102": (80, 200, 700, 100, 60),
}
# (from, to, flow z_ij); coefficient = flow / gross output of the buyer
FLOWS = [
    ("NBS42:01", "NBS42:12", 30.0),
    ("NBS42:12", "NBS42:16", 60.0),
    ("NBS42:12", "NBS42:17", 40.0),
    ("NBS42:16", "NBS42:17", 80.0),
    ("NBS42:17", "NBS42:01", 20.0),
    ("NBS42:30", "NBS42:16", 25.0),
    ("NBS42:32", "NBS42:30", 35.0),
    ("NBS42:35", "NBS42:16", 15.0),
    ("NBS42:35", "NBS42:32", 20.0),
    ("NBS42:16", "NBS42:16", 50.0),
]
OUTPUT = {
    "NBS42:01": 400.0,
    "NBS42:12": 500.0,
    "NBS42:16": 600.0,
    "NBS42:17": 450.0,
    "NBS42:30": 350.0,
    "NBS42:32": 300.0,
    "NBS42:35": 120.0,
}


def _regions() -> pd.DataFrame:
    rows = [
        ("100000", "全国", "country", None),
        ("10", "甲省", "province", "100000"),
        ("1001", "甲市", "prefecture", "10"),
        ("100101", "东县", "county", "1001"),
        ("100102", "西县", "county", "1001"),
        ("100103", "北县", "county", "1001"),
        ("20", "乙省", "province", "100000"),
        ("2001", "乙市", "prefecture", "20"),
        ("200101", "南县", "county", "2001"),
        ("200102", "中县", "county", "2001"),
    ]
    return pd.DataFrame(rows, columns=["code", "name", "level", "parent_code"])


def _industries() -> pd.DataFrame:
    rows: list[tuple[str, str, str, str, str | None]] = [
        (f"GB4754:{s}", n, "GB4754", "section", None) for s, n in SECTIONS.items()
    ]
    rows += [(f"CSRC:{s}", n, "CSRC", "section", f"GB4754:{s}") for s, n in SECTIONS.items()]
    rows += [(c, n, "NBS42", "sector", f"GB4754:{s}") for c, (n, s) in SECTORS.items()]
    return pd.DataFrame(rows, columns=["code", "name", "scheme", "level", "parent_code"])


def toy_dataset() -> Dataset:
    """The hand-made dataset described in this module's docstring.

    >>> sorted(toy_dataset().companies["region_code"].unique())
    ['100101', '100103', '200102']
    """
    employment = [
        (region, f"GB4754:{s}", 2020, "employment", float(v))
        for region, values in EMPLOYMENT.items()
        for s, v in zip(SECTIONS, values, strict=True)
    ]
    output = [("100000", code, 2020, "gross_output", x) for code, x in OUTPUT.items()]
    links = [(i, j, 2020, z, z / OUTPUT[j]) for i, j, z in FLOWS]
    companies = pd.DataFrame(
        {
            "id": [f"SZSE:00000{i}" for i in range(1, 7)],
            "name": ["东方机械", "东方化工", "北方软件", "北方研究", "中原商贸", "东方装备"],
            "exchange": ["SZSE"] * 6,
            "ticker": [f"00000{i}" for i in range(1, 7)],
            "region_code": ["100101", "100101", "100103", "100103", "200102", "100101"],
            "market_cap": [120.0, 80.0, 300.0, 50.0, 40.0, 200.0],
        }
    )
    company_industries = pd.DataFrame(
        {
            "company_id": companies["id"],
            "industry_code": ["CSRC:C", "CSRC:C", "CSRC:I", "CSRC:M", "CSRC:F", "CSRC:C"],
            "share": [1.0] * 6,
            "primary": [True] * 6,
        }
    )
    supply = pd.DataFrame(
        [
            ("SZSE:000002", "SZSE:000001", 2020, 10.0, 0.4, "annual report", False),
            ("SZSE:000001", "SZSE:000006", 2020, 25.0, 0.5, "annual report", False),
            ("SZSE:000003", "SZSE:000005", 2020, None, None, "I-O coefficient", True),
            ("SZSE:000004", "SZSE:000003", 2020, None, None, "I-O coefficient", True),
        ],
        columns=["supplier_id", "customer_id", "year", "value", "share", "source", "inferred"],
    )
    indicators = pd.DataFrame(
        [("100101", "gdp", 2020, 1500.0, "100 million CNY", "invented")],
        columns=["region_code", "indicator", "year", "value", "unit", "source"],
    )
    return Dataset.from_frames(
        metadata={"source": "clusteratlas toy dataset (invented numbers)"},
        regions=_regions(),
        industries=_industries(),
        companies=companies,
        company_industries=company_industries,
        region_industries=pd.DataFrame(
            employment + output,
            columns=["region_code", "industry_code", "year", "measure", "value"],
        ),
        supply_links=supply,
        industry_links=pd.DataFrame(
            links, columns=["from_code", "to_code", "year", "flow", "coefficient"]
        ),
        region_indicators=indicators,
    )
