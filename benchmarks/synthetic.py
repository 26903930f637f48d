"""A SYNTHETIC dataset generator for load benchmarks and scale tests (not real data).

Everything it makes is random and labelled so: region names ``synthetic county
0001``, company ids ``SYN:000001``, sources ``synthetic``, and
``metadata['name'] = 'synthetic-<n_companies>-<seed>'``. It has the shape of the
bundled China data (a country, provinces, prefectures, counties; 20 GB4754-like
sections and 42 NBS42-like sectors; companies in counties; firm supply links;
an input-output table; region indicators) so that loads exercise every label and
relationship type.

>>> ds = synthetic_dataset(n_companies=200, seed=1)
>>> ds.metadata["name"], len(ds.companies), len(ds.supply_links) > 0
('synthetic-200-1', 200, True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from clusteratlas.loaders.dataset import Dataset

__all__ = ["synthetic_dataset"]

SECTIONS = [chr(c) for c in range(ord("A"), ord("T") + 1)]


def synthetic_dataset(
    n_companies: int = 10_000,
    seed: int = 0,
    *,
    links_per_company: int = 3,
    companies_per_county: int = 20,
    years: tuple[int, ...] = (2010, 2020),
) -> Dataset:
    """A random but valid Dataset with ``n_companies`` companies (see the module doc)."""
    rng = np.random.default_rng(seed)
    n_counties = max(10, n_companies // companies_per_county)
    n_prefectures = max(3, n_counties // 8)
    n_provinces = max(2, min(31, n_prefectures // 4))
    provinces = [f"P{p:02d}" for p in range(n_provinces)]
    prefectures = [f"F{f:04d}" for f in range(n_prefectures)]
    counties = [f"C{c:06d}" for c in range(n_counties)]
    regions = pd.DataFrame(
        {
            "code": ["SYN", *provinces, *prefectures, *counties],
            "name": ["synthetic country"]
            + [f"synthetic province {p}" for p in provinces]
            + [f"synthetic prefecture {f}" for f in prefectures]
            + [f"synthetic county {c}" for c in counties],
            "level": ["country"]
            + ["province"] * n_provinces
            + ["prefecture"] * n_prefectures
            + ["county"] * n_counties,
            "parent_code": [None]
            + ["SYN"] * n_provinces
            + [provinces[i % n_provinces] for i in range(n_prefectures)]
            + [prefectures[i % n_prefectures] for i in range(n_counties)],
        }
    )
    regions["lon"] = rng.uniform(75, 135, len(regions)).round(4)
    regions["lat"] = rng.uniform(18, 53, len(regions)).round(4)
    sections = [f"GB4754:{s}" for s in SECTIONS]
    sectors = [f"NBS42:{k:02d}" for k in range(1, 43)]
    industries = pd.DataFrame(
        {
            "code": sections + sectors,
            "name": [f"synthetic section {s}" for s in SECTIONS]
            + [f"synthetic sector {k}" for k in range(1, 43)],
            "scheme": ["GB4754"] * len(sections) + ["NBS42"] * len(sectors),
            "level": ["section"] * len(sections) + ["sector"] * len(sectors),
            "parent_code": [None] * len(sections)
            + [sections[k % len(sections)] for k in range(len(sectors))],
        }
    )
    ids = [f"SYN:{i:06d}" for i in range(n_companies)]
    companies = pd.DataFrame(
        {
            "id": ids,
            "name": [f"synthetic company {i}" for i in range(n_companies)],
            "exchange": "SYN",
            "ticker": [f"{i:06d}" for i in range(n_companies)],
            "region_code": rng.choice(counties, n_companies),
            "listed_on": pd.Timestamp("2000-01-01")
            + pd.to_timedelta(rng.integers(0, 9000, n_companies), unit="D"),
            "employees": rng.integers(10, 50_000, n_companies).astype(float),
        }
    )
    company_industries = pd.DataFrame(
        {
            "company_id": ids,
            "industry_code": rng.choice(sections, n_companies),
            "share": 1.0,
            "primary": True,
        }
    )
    cells = pd.MultiIndex.from_product(
        [counties, sections, list(years)], names=["region_code", "industry_code", "year"]
    ).to_frame(index=False)
    region_industries = cells.assign(
        measure="employment", value=rng.gamma(1.5, 800.0, len(cells)).round(0)
    )
    n_links = n_companies * links_per_company
    pairs = pd.DataFrame(
        {
            "supplier_id": rng.choice(ids, n_links),
            "customer_id": rng.choice(ids, n_links),
            "year": years[-1],
        }
    )
    pairs = pairs[pairs["supplier_id"] != pairs["customer_id"]].drop_duplicates(
        ["supplier_id", "customer_id", "year"]
    )
    supply_links = pairs.assign(
        value=rng.gamma(2.0, 1e4, len(pairs)).round(2),
        share=rng.uniform(0.01, 0.5, len(pairs)).round(4),
        source="synthetic",
        inferred=rng.random(len(pairs)) < 0.5,
    )
    io = pd.MultiIndex.from_product(
        [sectors, sectors, list(years)], names=["from_code", "to_code", "year"]
    ).to_frame(index=False)
    flow = rng.gamma(1.0, 1e5, len(io)).round(2)
    industry_links = io.assign(flow=flow, coefficient=(flow / 1e7).round(6))
    indicators = pd.DataFrame(
        {
            "region_code": counties,
            "indicator": "gdp",
            "year": years[-1],
            "value": rng.gamma(2.0, 1e10, n_counties).round(0),
            "unit": "CNY",
            "source": "synthetic",
        }
    )
    return Dataset.from_frames(
        metadata={"name": f"synthetic-{n_companies}-{seed}", "synthetic": True},
        regions=regions,
        industries=industries,
        companies=companies,
        company_industries=company_industries,
        region_industries=region_industries,
        supply_links=supply_links,
        industry_links=industry_links,
        region_indicators=indicators,
    )
