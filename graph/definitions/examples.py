"""A tiny dataset for examples and tests (the docstrings of every wing run on it).

>>> example_dataset().counts()["regions"]
4
"""

from __future__ import annotations

import pandas as pd

from clusteratlas.loaders.dataset import Dataset

__all__ = ["example_dataset"]


def example_dataset() -> Dataset:
    """A tiny dataset for examples and tests: one country, one province, two counties,
    two GB4754 sections (A, C), two NBS42 sectors (01, 06), two firms and one inferred link.

    Returns
    -------
    Dataset
        Regions ``1`` (country) > ``10`` (province) > ``11``, ``12`` (counties);
        county employment in 2020 by section (11: A 30, C 10; 12: A 10, C 50), the
        province's 2020 and the country's 2017-2019 employment, the country's 2020
        gross output by sector (01: 100, 06: 200) and a 2020 NBS42 input-output
        table (01 -> 06 flow 50, coefficient 0.25; 06 -> 01 flow 10, coefficient
        0.1); firms ``f1`` (county 11, section A) and ``f2`` (county 12, section C)
        with one inferred supply link f1 -> f2. A new Dataset on every call.

    Examples
    --------
    >>> ds = example_dataset()
    >>> ds.counts()["region_industries"]
    14
    >>> ds.regions["code"].tolist()
    ['1', '10', '11', '12']
    """
    regions = pd.DataFrame(
        {
            "code": ["1", "10", "11", "12"],
            "name": ["Country", "Province", "County 1", "County 2"],
            "level": ["country", "province", "county", "county"],
            "parent_code": [None, "1", "10", "10"],
        }
    )
    industries = pd.DataFrame(
        {
            "code": ["GB4754:A", "GB4754:C", "NBS42:01", "NBS42:06"],
            "name": ["Agriculture", "Manufacturing", "Farm products", "Goods"],
            "scheme": ["GB4754", "GB4754", "NBS42", "NBS42"],
            "level": ["section", "section", "sector", "sector"],
            "parent_code": [None, None, "GB4754:A", "GB4754:C"],
        }
    )
    ri = [
        ("11", "GB4754:A", 2020, "employment", 30.0),
        ("11", "GB4754:C", 2020, "employment", 10.0),
        ("12", "GB4754:A", 2020, "employment", 10.0),
        ("12", "GB4754:C", 2020, "employment", 50.0),
        ("10", "GB4754:A", 2020, "employment", 40.0),
        ("10", "GB4754:C", 2020, "employment", 60.0),
        ("1", "GB4754:A", 2017, "employment", 70.0),
        ("1", "GB4754:C", 2017, "employment", 90.0),
        ("1", "GB4754:A", 2018, "employment", 80.0),
        ("1", "GB4754:A", 2019, "employment", 90.0),
        ("1", "GB4754:C", 2018, "employment", 100.0),
        ("1", "GB4754:C", 2019, "employment", 95.0),
        ("1", "NBS42:01", 2020, "gross_output", 100.0),
        ("1", "NBS42:06", 2020, "gross_output", 200.0),
    ]
    return Dataset.from_frames(
        regions=regions,
        industries=industries,
        region_industries=pd.DataFrame(
            ri, columns=["region_code", "industry_code", "year", "measure", "value"]
        ),
        industry_links=pd.DataFrame(
            {
                "from_code": ["NBS42:01", "NBS42:06"],
                "to_code": ["NBS42:06", "NBS42:01"],
                "year": [2020, 2020],
                "flow": [50.0, 10.0],
                "coefficient": [0.25, 0.1],
            }
        ),
        companies=pd.DataFrame(
            {"id": ["f1", "f2"], "name": ["Firm 1", "Firm 2"], "region_code": ["11", "12"]}
        ),
        company_industries=pd.DataFrame(
            {
                "company_id": ["f1", "f2"],
                "industry_code": ["GB4754:A", "GB4754:C"],
                "share": [1.0, 1.0],
                "primary": [True, True],
            }
        ),
        supply_links=pd.DataFrame(
            {
                "supplier_id": ["f1"],
                "customer_id": ["f2"],
                "year": [2020],
                "value": [5.0],
                "share": [0.5],
                "source": ["example"],
                "inferred": [True],
            }
        ),
    )
