"""The SYNTHETIC dataset generator of the project (benchmarks and scale tests; not real data).

One generator, :func:`synthetic_dataset`, at any size; :func:`synthetic_national`
is the same generator at national size (3,000 regions, 100,000 companies,
1,000,000 supply links at ``scale=1``). Everything random is labelled so: region
codes ``SYN:P01``, ``SYN:F0001``, ``SYN:C00001`` and names ``synthetic county
00001``, company ids ``SYN:000001``, sources ``synthetic``,
``metadata['name'] = 'synthetic-<n_companies>-<seed>'`` and
``metadata['synthetic'] = True``.

Structure (seeded, vectorised numpy: about 5 s at national size):

- regions: a country, provinces, prefectures, counties (a tree; each prefecture
  in a random province, each county in a random prefecture);
- industries and industry_links: the REAL tables of the bundled China data (GB/T
  4754 sections, CSRC, the 42 NBS sectors and the national input-output flows of
  2018 and 2020), plus the real national series (employment 1990-2018, gross
  output, final use) re-coded to the synthetic country;
- county size is Pareto (Zipf-like, alpha 1.1); each county's sector mix is the
  national gross-output mix with 1-3 specialised sectors boosted 5-30x
  (regional specialisation), times gamma noise;
- companies are placed in counties in proportion to county size and get a sector
  from their county's mix; employees are Pareto (alpha 1.05, heavy-tailed);
- supply links: the customer is drawn with probability proportional to
  employees^0.7, the supplier's sector from the customer sector's column of the
  real input-output flows (z_ij / sum_i z_ij), the supplier within that sector
  again proportional to employees^0.7, from the customer's province for 30% of
  links; self-links and duplicates are dropped. In- and out-degrees are
  heavy-tailed;
- county employment by GB4754 section (2010, 2020) aggregates the county mix;
  county GDP indicators.

>>> ds = synthetic_dataset(n_companies=200, seed=1)
>>> ds.metadata["name"], len(ds.companies), len(ds.supply_links) > 0
('synthetic-200-1', 200, True)
>>> small = synthetic_national(scale=0.01, seed=2)
>>> small.counts()["regions"], small.counts()["companies"], small.counts()["supply_links"]
(30, 1000, 10000)
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from clusteratlas.loaders.dataset import Dataset

__all__ = ["synthetic_dataset", "synthetic_national"]

NATIONAL_REGIONS = 3_000
NATIONAL_COMPANIES = 100_000
NATIONAL_LINKS = 1_000_000
COUNTRY = "SYN:CN"
LOCAL_SHARE = 0.3  # share of supply links drawn within the customer's province
SIZE_EXPONENT = 0.7  # link attachment weight = employees ** SIZE_EXPONENT


@functools.cache
def _real_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Industries, industry_links and national region_industries of the bundled China data."""
    from clusteratlas.loaders.bundled import load_bundled

    china = load_bundled("china")
    ri = china.region_industries
    national = ri[ri["region_code"] == "100000"].assign(region_code=COUNTRY)
    return china.industries, china.industry_links, national.reset_index(drop=True)


def synthetic_national(scale: float = 1.0, seed: int = 0) -> Dataset:
    """The national-size synthetic dataset: 3,000 regions, 100,000 companies, 1M supply links.

    ``scale`` multiplies all three (``scale=0.1``: 300 regions, 10,000 companies,
    100,000 links). See the module doc for the structure.

    >>> synthetic_national(scale=0.005).counts()["supply_links"]
    5000
    """
    if scale <= 0:
        raise ValueError(f"scale must be > 0, got {scale}")
    return synthetic_dataset(
        n_companies=max(50, round(NATIONAL_COMPANIES * scale)),
        seed=seed,
        n_regions=max(30, round(NATIONAL_REGIONS * scale)),
        n_links=max(100, round(NATIONAL_LINKS * scale)),
    )


def _regions(rng: np.random.Generator, n_regions: int) -> pd.DataFrame:
    n_provinces = int(np.clip(round(n_regions * 0.01), 2, 34))
    n_prefectures = max(3, round(n_regions * 0.11))
    n_counties = n_regions - 1 - n_provinces - n_prefectures
    if n_counties < 1:
        raise ValueError(f"n_regions={n_regions} is too small for a hierarchy (at least 7)")
    provinces = [f"SYN:P{p:02d}" for p in range(1, n_provinces + 1)]
    prefectures = [f"SYN:F{f:04d}" for f in range(1, n_prefectures + 1)]
    counties = [f"SYN:C{c:05d}" for c in range(1, n_counties + 1)]
    # every province gets a prefecture and every prefecture a county, the rest at random
    pref_parent = np.concatenate(
        [np.arange(n_provinces), rng.integers(0, n_provinces, n_prefectures - n_provinces)]
    )[:n_prefectures]
    county_parent = np.concatenate(
        [
            np.arange(min(n_prefectures, n_counties)),
            rng.integers(0, n_prefectures, max(0, n_counties - n_prefectures)),
        ]
    )
    levels = ["country"] + ["province"] * n_provinces
    levels += ["prefecture"] * n_prefectures + ["county"] * n_counties
    frame = pd.DataFrame(
        {
            "code": [COUNTRY, *provinces, *prefectures, *counties],
            "name": ["synthetic country"]
            + [f"synthetic province {p[5:]}" for p in provinces]
            + [f"synthetic prefecture {f[5:]}" for f in prefectures]
            + [f"synthetic county {c[5:]}" for c in counties],
            "level": levels,
            "parent_code": [None]
            + [COUNTRY] * n_provinces
            + [provinces[i] for i in pref_parent]
            + [prefectures[i] for i in county_parent],
        }
    )
    frame["lon"] = rng.uniform(75, 135, len(frame)).round(4)
    frame["lat"] = rng.uniform(18, 53, len(frame)).round(4)
    return frame


def _draw_rows(rng: np.random.Generator, cumulative: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each i, a category drawn from the cumulative distribution ``cumulative[rows[i]]``."""
    u = rng.random(len(rows))
    out = np.empty(len(rows), dtype=np.int64)
    for start in range(0, len(rows), 200_000):  # bounded memory: 200k x categories booleans
        part = slice(start, start + 200_000)
        out[part] = (cumulative[rows[part]] < u[part, None]).sum(axis=1)
    return np.minimum(out, cumulative.shape[1] - 1)


def _weighted_pick(
    rng: np.random.Generator, groups: np.ndarray, weights: np.ndarray, wanted: np.ndarray
) -> np.ndarray:
    """For each i, a member of group ``wanted[i]`` drawn with probability proportional to weight.

    ``groups`` is the group of every member; a wanted group with no members gives -1.
    """
    order = np.lexsort((np.arange(len(groups)), groups))
    sorted_groups = groups[order]
    cum = np.cumsum(weights[order])
    starts = np.searchsorted(sorted_groups, wanted, side="left")
    ends = np.searchsorted(sorted_groups, wanted, side="right")
    empty = starts == ends
    before = np.where(starts > 0, cum[np.maximum(starts - 1, 0)], 0.0)
    total = cum[np.maximum(ends - 1, 0)] - before
    target = before + rng.random(len(wanted)) * total
    pos = np.searchsorted(cum, target, side="right")
    pos = np.clip(pos, starts, np.maximum(ends - 1, starts))
    return np.where(empty, -1, order[np.minimum(pos, len(order) - 1)])


def synthetic_dataset(
    n_companies: int = 10_000,
    seed: int = 0,
    *,
    n_regions: int | None = None,
    n_links: int | None = None,
    links_per_company: int = 3,
    companies_per_county: int = 20,
    years: tuple[int, ...] = (2010, 2020),
) -> Dataset:
    """A random but valid Dataset with ``n_companies`` companies (structure: module doc).

    ``n_regions`` defaults to about ``n_companies / companies_per_county`` counties
    plus their prefectures and provinces; ``n_links`` to ``n_companies *
    links_per_company`` (fewer only if the graph cannot hold that many distinct links).
    Supply links are dated ``years[-1]``; county employment has every year of ``years``.
    """
    rng = np.random.default_rng(seed)
    if n_regions is None:
        counties = max(10, n_companies // companies_per_county)
        n_regions = round(counties * 1.14) + 1
    n_links = n_companies * links_per_company if n_links is None else n_links
    industries, io_links, national = _real_tables()
    regions = _regions(rng, n_regions)
    counties = regions["code"][regions["level"] == "county"].to_numpy()
    county_province = regions.set_index("code")["parent_code"]
    county_province = county_province[counties].map(county_province).to_numpy()
    _, province_of_county = np.unique(county_province, return_inverse=True)

    # sectors, the national mix (gross output of the latest I-O year) and the I-O columns
    sectors = np.array(sorted(industries["code"][industries["scheme"] == "NBS42"]))
    io_year = int(io_links["year"].max())
    out = national[(national["measure"] == "gross_output") & (national["year"] == io_year)]
    base = out.set_index("industry_code")["value"].reindex(sectors).fillna(0).to_numpy()
    base = base / base.sum()
    z = (
        io_links[io_links["year"] == io_year]
        .pivot_table(index="from_code", columns="to_code", values="flow", aggfunc="sum")
        .reindex(index=sectors, columns=sectors)
        .fillna(0.0)
        .to_numpy()
    )
    supplier_given_customer = np.cumsum(z / np.maximum(z.sum(axis=0), 1e-12), axis=0).T

    # counties: Zipf-like sizes and specialised sector mixes
    n_counties, n_sectors = len(counties), len(sectors)
    county_size = rng.pareto(1.1, n_counties) + 1.0
    mix = base[None, :] * rng.gamma(2.0, 0.5, (n_counties, n_sectors))
    for k in range(3):
        chosen = rng.choice(n_sectors, n_counties, p=base)
        boost = np.where(rng.random(n_counties) < 1.0 / (k + 1), rng.uniform(5, 30, n_counties), 1)
        mix[np.arange(n_counties), chosen] *= boost
    mix /= mix.sum(axis=1, keepdims=True)

    # companies
    company_county = rng.choice(n_counties, n_companies, p=county_size / county_size.sum())
    company_sector = _draw_rows(rng, np.cumsum(mix, axis=1), company_county)
    employees = np.minimum(np.floor(20 * (rng.pareto(1.05, n_companies) + 1)), 2e6)
    width = max(6, len(str(n_companies - 1)))
    ids = np.array([f"SYN:{i:0{width}d}" for i in range(n_companies)])
    companies = pd.DataFrame(
        {
            "id": ids,
            "name": [f"synthetic company {i}" for i in range(n_companies)],
            "exchange": "SYN",
            "ticker": [f"{i:0{width}d}" for i in range(n_companies)],
            "region_code": counties[company_county],
            "listed_on": pd.Timestamp("2000-01-01")
            + pd.to_timedelta(rng.integers(0, 9000, n_companies), unit="D"),
            "employees": employees,
        }
    )
    company_industries = pd.DataFrame(
        {"company_id": ids, "industry_code": sectors[company_sector], "share": 1.0, "primary": True}
    )

    supply_links = _supply_links(
        rng, n_links, company_sector, province_of_county[company_county], employees,
        supplier_given_customer, years[-1], ids,
    )  # fmt: skip

    # county employment by GB4754 section, every year of `years`
    to_section = industries.set_index("code")["parent_code"].reindex(sectors).to_numpy()
    employment = pd.DataFrame(mix * (county_size * 20_000.0)[:, None], columns=to_section)
    employment = employment.T.groupby(level=0).sum().T
    frames = []
    for i, year in enumerate(sorted(years)):
        growth = rng.lognormal(0.0, 0.15, employment.shape) * (0.85 ** (len(years) - 1 - i))
        cell = (employment * growth).round(0).set_axis(counties, axis=0).stack()
        frames.append(
            cell.rename_axis(["region_code", "industry_code"])
            .rename("value")
            .reset_index()
            .assign(year=year, measure="employment")
        )
    region_industries = pd.concat([*frames, national], ignore_index=True)
    indicators = pd.DataFrame(
        {
            "region_code": counties,
            "indicator": "gdp",
            "year": years[-1],
            "value": (county_size * 2e9 * rng.lognormal(0, 0.3, n_counties)).round(0),
            "unit": "CNY",
            "source": "synthetic",
        }
    )
    return Dataset.from_frames(
        metadata={
            "name": f"synthetic-{n_companies}-{seed}",
            "synthetic": True,
            "seed": seed,
            "industry_links": "real: bundled china (NBS input-output tables 2018, 2020)",
        },
        regions=regions,
        industries=industries,
        companies=companies,
        company_industries=company_industries,
        region_industries=region_industries,
        supply_links=supply_links,
        industry_links=io_links,
        region_indicators=indicators,
    )


def _supply_links(
    rng: np.random.Generator,
    n_links: int,
    sector: np.ndarray,
    province: np.ndarray,
    employees: np.ndarray,
    supplier_given_customer: np.ndarray,
    year: int,
    ids: np.ndarray,
) -> pd.DataFrame:
    """Heavy-tailed, input-output-shaped firm links (see the module doc)."""
    n = len(ids)
    weight = employees**SIZE_EXPONENT
    wanted = min(n_links, n * (n - 1))
    found = np.empty((0, 2), dtype=np.int64)
    draw = int(wanted * 1.2) + 100
    for _ in range(8):  # top up after dropping self-links and duplicates
        customer = rng.choice(n, draw, p=weight / weight.sum())
        supplier_sector = _draw_rows(rng, supplier_given_customer, sector[customer])
        n_provinces = int(province.max()) + 1
        local = rng.random(draw) < LOCAL_SHARE
        supplier = _weighted_pick(rng, sector, weight, supplier_sector)
        local_pick = _weighted_pick(
            rng,
            sector * n_provinces + province,
            weight,
            supplier_sector * n_provinces + province[customer],
        )
        supplier = np.where(local & (local_pick >= 0), local_pick, supplier)
        ok = (supplier >= 0) & (supplier != customer)
        pairs = np.concatenate([found, np.stack([supplier[ok], customer[ok]], axis=1)])
        _, first = np.unique(pairs[:, 0] * n + pairs[:, 1], return_index=True)
        found = pairs[np.sort(first)]
        if len(found) >= wanted:
            break
        draw = int((wanted - len(found)) * 1.5) + 100
    found = found[:wanted]
    m = len(found)
    return pd.DataFrame(
        {
            "supplier_id": ids[found[:, 0]],
            "customer_id": ids[found[:, 1]],
            "year": year,
            "value": rng.lognormal(10.0, 1.5, m).round(2),
            "share": rng.uniform(0.01, 0.5, m).round(4),
            "source": "synthetic",
            "inferred": rng.random(m) < 0.5,
        }
    )
