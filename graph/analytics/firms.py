"""Firm-based measures: what a region's listed companies do, counted in firms, never in jobs.

The census counts workers by coarse section; a company classification (the scope's
``firm_scheme``: the bundled data's Shenwan 2021 scheme for the Shenzhen Stock Exchange
list) is finer but covers only listed firms. Everything here counts **listed firms** and
says so in its column names (``firms``, ``firm_lq``): it is never mixed with census
employment, and it
describes only the companies of the dataset (for the bundled data: Shenzhen Stock
Exchange companies only, no Shanghai or Beijing listings, no unlisted firms).

- :func:`company_industries_at`: each company's industry in one scheme, at one level;
- :func:`listed_firm_specialisation`: per region and industry, the listed-firm count,
  its share of the region's listed firms, the national share and the listed-firm
  location quotient;
- :func:`company_io_sectors`, :func:`region_io_sectors`: the input-output sector of each
  company (its industries mapped by the dataset's crosswalk and hierarchy,
  :func:`~clusteratlas.graph.analytics.crosswalk.industries_to_scheme`), and a region's
  listed firms by sector, so that a county's supply chain can start from its own firms'
  sectors.

Examples
--------
>>> from clusteratlas.graph.definitions.examples import example_dataset
>>> ds = example_dataset()
>>> listed_firm_specialisation(ds, scheme="GB4754", industry_level="section")[
...     ["region_code", "industry_code", "firms", "firm_lq"]].values.tolist()
[['11', 'GB4754:A', 1, 2.0], ['12', 'GB4754:C', 1, 2.0]]
"""

from __future__ import annotations

import pandas as pd

from clusteratlas.graph.analytics.crosswalk import industries_to_scheme
from clusteratlas.graph.definitions.cache import dataset_cached
from clusteratlas.graph.definitions.hierarchy import climb, parents_of
from clusteratlas.graph.definitions.io_table import industry_mapping
from clusteratlas.graph.definitions.regions import region_ancestors
from clusteratlas.graph.definitions.scope import AnalysisScope
from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "EXCHANGE_NAMES",
    "companies_listed_by",
    "company_coverage",
    "company_industries_at",
    "company_io_sectors",
    "firm_cutoff_year",
    "firms_listed_by",
    "listed_firm_specialisation",
    "region_io_sectors",
    "top_level",
]

EXCHANGE_NAMES = {
    "SZSE": "Shenzhen Stock Exchange",
    "SSE": "Shanghai Stock Exchange",
    "BSE": "Beijing Stock Exchange",
    "HKEX": "Hong Kong Stock Exchange",
}
"""Exchange codes of ``companies.exchange`` spelled out for notes on pages and reports."""


def company_coverage(dataset: Dataset) -> str:
    """Which companies the data holds, for a note wherever companies are counted.

    ``"Shenzhen Stock Exchange companies only"`` for the bundled China data (every
    company listed on SZSE); the exchanges named for several; ``"no companies"``.

    Parameters
    ----------
    dataset : Dataset
        Its ``companies`` and their ``exchange`` codes (:data:`EXCHANGE_NAMES`).

    Returns
    -------
    str
        A phrase for notes: ``"<exchange> companies only"`` when every company has one
        known exchange, ``"companies of the data (<exchanges> only)"`` for several,
        ``"companies of the data (exchange unknown)"`` without exchanges, ``"no
        companies"``.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> company_coverage(example_dataset())
    'companies of the data (exchange unknown)'
    >>> ds = example_dataset()
    >>> company_coverage(ds.replace(companies=ds.companies.assign(exchange="SZSE")))
    'Shenzhen Stock Exchange companies only'
    """
    exchanges = sorted(set(dataset.companies["exchange"].dropna().astype(str)))
    if dataset.companies.empty:
        return "no companies"
    names = [EXCHANGE_NAMES.get(e, f"exchange {e}") for e in exchanges]
    if len(names) == 1 and exchanges[0] in EXCHANGE_NAMES:
        return f"{names[0]} companies only"
    if not names:
        return "companies of the data (exchange unknown)"
    return f"companies of the data ({', '.join(names)} only)"


def company_industries_at(
    dataset: Dataset, scheme: str, industry_level: str | None = None
) -> pd.Series:
    """Company id -> its industry in ``scheme``, climbed up ``parent_code`` to ``industry_level``.

    A company classified in the scheme more than once counts once: its primary
    classification first, then the largest share, then the smallest code. Companies not
    classified in the scheme (or whose industry has no ancestor at the level) are absent.

    Parameters
    ----------
    dataset : Dataset
        Its ``company_industries`` and ``industries``.
    scheme : str
        The classification counted (``SW2021``, ``CSRC``, ``GB4754``...).
    industry_level : str, optional
        The level of ``scheme`` to report (``section``...); None: the industry as
        classified.

    Returns
    -------
    Series
        str, company id -> industry code, sorted by company id.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> company_industries_at(example_dataset(), "GB4754", "section").to_dict()
    {'f1': 'GB4754:A', 'f2': 'GB4754:C'}
    """
    ind = dataset.industries
    scheme_of = ind.set_index("code")["scheme"]
    ci = dataset.company_industries
    ci = ci[ci["industry_code"].map(scheme_of).eq(scheme).fillna(False).astype(bool)]
    ci = ci.sort_values(
        ["company_id", "primary", "share", "industry_code"], ascending=[True, False, False, True]
    ).drop_duplicates("company_id")
    codes = ci.set_index("company_id")["industry_code"].astype("object")
    if industry_level is None:
        return codes.astype("str")
    at = pd.Series(
        (ind["level"].eq(industry_level) & ind["scheme"].eq(scheme)).to_numpy(),
        index=ind["code"].to_numpy(),
    )
    climbed = climb(parents_of(ind), at, start=codes.tolist())
    out = pd.Series(climbed.to_numpy(), index=codes.index, dtype="object").dropna()
    return out.astype("str")


def listed_firm_specialisation(
    dataset: Dataset,
    scheme: str | None = None,
    industry_level: str | None = None,
    region_level: str | None = None,
) -> pd.DataFrame:
    """Listed-firm counts per region and industry, and the listed-firm location quotient.

    Parameters
    ----------
    dataset : Dataset
        Its companies, their classification in ``scheme`` and their regions.
    scheme : str, optional
        The company classification (default: the analysis scope's ``firm_scheme``, the
        finest the companies have; the bundled data: ``SW2021``, the Shenwan 2021 scheme).
    industry_level : str, optional
        Level the industries are counted at (``level1`` .. ``level3`` for SW2021);
        default: the scheme's top level (the level of its industries without a parent
        in the scheme; ``level1`` for SW2021).
    region_level : str, optional
        Region level (default: the analysis scope's level; ``county`` for the bundled
        data); a company placed below it counts in its ancestor, one placed only above it
        (at a prefecture) counts nationally but in no region.

    Returns
    -------
    DataFrame
        One row per region and industry with at least one firm: ``region_code,
        industry_code, industry_name, firms, region_firms, firm_share, national_firms,
        national_share, firm_lq``, sorted by region then ``firms`` (descending).

    Notes
    -----
    With n_ri the listed firms of region r in industry i, n_r = sum_i n_ri, N_i the
    listed firms of industry i in the whole dataset (wherever placed) and N = sum_i N_i:
    ``firm_share`` = n_ri / n_r, ``national_share`` = N_i / N and
    ``firm_lq`` = (n_ri / n_r) / (N_i / N), Balassa's location quotient on counts of
    listed firms instead of employment. Counts are small: a county with two listed
    firms has shares of 0, 0.5 or 1, so read ``firms`` with ``firm_lq``.

    References
    ----------
    Balassa, B. (1965). Trade liberalisation and "revealed" comparative advantage. The
    Manchester School 33(2). Guimarães, P., Figueiredo, O. & Woodward, D. (2009).
    Dartboard tests for the location quotient. Regional Science and Urban Economics
    39(3) (location quotients of establishment counts and their sampling noise).

    Examples
    --------
    Two counties, three firms in A and one in C (computed by hand: county 11 has
    n = 3, all in A, national share of A 3/4, LQ 1 / 0.75):

    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> ds = example_dataset()
    >>> extra = pd.DataFrame({"id": ["f3", "f4"], "name": ["c", "d"], "exchange": "X",
    ...     "ticker": ["3", "4"], "region_code": ["11", "11"]})
    >>> ds = ds.replace(companies=pd.concat([ds.companies, extra]),
    ...     company_industries=pd.concat([ds.company_industries, pd.DataFrame(
    ...         {"company_id": ["f3", "f4"], "industry_code": ["GB4754:A"] * 2,
    ...          "share": 1.0, "primary": True})]))
    >>> t = listed_firm_specialisation(ds, scheme="GB4754", industry_level="section")
    >>> t[["region_code", "industry_code", "firms", "firm_share", "national_share"]].values.tolist()
    [['11', 'GB4754:A', 3, 1.0, 0.75], ['12', 'GB4754:C', 1, 1.0, 0.25]]
    >>> round(float(t["firm_lq"].iloc[0]), 4)
    1.3333
    """
    columns = [
        "region_code",
        "industry_code",
        "industry_name",
        "firms",
        "region_firms",
        "firm_share",
        "national_firms",
        "national_share",
        "firm_lq",
    ]
    if scheme is None:
        scheme = _scope(dataset).firm_scheme
    if scheme is None:
        return pd.DataFrame({c: pd.Series([], dtype="object") for c in columns})
    if region_level is None:
        region_level = _scope(dataset).level
    if industry_level is None:
        industry_level = top_level(dataset, scheme)
    industry = company_industries_at(dataset, scheme, industry_level)
    if industry.empty:
        return pd.DataFrame({c: pd.Series([], dtype="object") for c in columns})
    companies = dataset.companies.set_index("id")
    firms = pd.DataFrame({"industry_code": industry})
    firms["region_code"] = (
        companies["region_code"].reindex(firms.index).map(region_ancestors(dataset, region_level))
    )
    national = firms.groupby("industry_code").size()
    placed = firms.dropna(subset=["region_code"])
    counts = placed.groupby(["region_code", "industry_code"]).size().rename("firms").reset_index()
    counts["region_firms"] = counts.groupby("region_code")["firms"].transform("sum")
    counts["firm_share"] = counts["firms"] / counts["region_firms"]
    counts["national_firms"] = counts["industry_code"].map(national).astype("int64")
    counts["national_share"] = counts["national_firms"] / float(national.sum())
    counts["firm_lq"] = counts["firm_share"] / counts["national_share"]
    names = dataset.industries.set_index("code")["name"]
    counts["industry_name"] = counts["industry_code"].map(names)
    counts = counts.sort_values(
        ["region_code", "firms", "firm_lq", "industry_code"], ascending=[True, False, False, True]
    )
    return counts[columns].reset_index(drop=True)


def _scope(dataset: Dataset) -> AnalysisScope:
    """The dataset's inferred analysis scope (dataset.json's choices applied), whose
    ``io_scheme`` and ``firm_scheme`` the functions here default to."""
    return AnalysisScope.infer(dataset)


def top_level(dataset: Dataset, scheme: str) -> str | None:
    """The top level of ``scheme``: the level of its industries without a parent in the
    scheme (several such levels: the most common, then the first by name).

    Parameters
    ----------
    dataset : Dataset
        Its ``industries``.
    scheme : str
        An industry scheme.

    Returns
    -------
    str or None
        The level name; None when the dataset has no industry of ``scheme``.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> top_level(example_dataset(), "NBS42"), top_level(example_dataset(), "X")
    ('sector', None)
    """
    ind = dataset.industries
    own = ind[ind["scheme"] == scheme]
    tops = own.loc[~own["parent_code"].isin(set(own["code"])), "level"].astype(str)
    if tops.empty:
        return None
    counts = tops.value_counts()
    return str(sorted(counts.index, key=lambda v: (-counts[v], v))[0])


@dataset_cached
def company_io_sectors(
    dataset: Dataset, io_scheme: str | None = None, *, firm_scheme: str | None = None
) -> pd.Series:
    """Company id -> its input-output sector (companies without one are absent).

    A company's sector is the first of its classifications that maps to a code of
    ``io_scheme`` by :func:`~clusteratlas.graph.analytics.crosswalk.industries_to_scheme`
    (the dataset's ``industry_crosswalk``, else ``parent_code``), its classifications in
    ``firm_scheme`` first, then its primary one, the largest share, the smallest code.
    For the bundled data: the Shenwan 2021 industry through the SW2021 -> NBS42 judgement
    table (the CSRC sections reach no sector). Computed once per dataset (the views ask
    for several regions).

    Parameters
    ----------
    dataset : Dataset
        Its companies, their classifications, the industries and the crosswalk.
    io_scheme : str, optional
        The scheme of the sectors (default: the analysis scope's ``io_scheme``; none,
        without input-output links: an empty result).
    firm_scheme : str, optional
        The company classification tried first (default: the scope's ``firm_scheme``).

    Returns
    -------
    Series
        Company id -> sector code, sorted by id.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> company_io_sectors(example_dataset()).to_dict()  # sections map to no sector
    {}
    >>> company_io_sectors(example_dataset(), "GB4754").to_dict()
    {'f1': 'GB4754:A', 'f2': 'GB4754:C'}
    """
    if io_scheme is None or firm_scheme is None:
        scope = _scope(dataset)
        io_scheme = io_scheme if io_scheme is not None else scope.io_scheme
        firm_scheme = firm_scheme if firm_scheme is not None else scope.firm_scheme
    empty = pd.Series([], dtype="str")
    ci = dataset.company_industries
    if io_scheme is None or ci.empty:
        return empty
    scheme_of = dataset.industries.set_index("code")["scheme"]
    ci = ci.assign(
        _first=ci["industry_code"].map(scheme_of).isin([firm_scheme]).to_numpy(),
        sector=industries_to_scheme(dataset, ci["industry_code"], io_scheme).to_numpy(),
    ).dropna(subset=["sector"])
    ci = ci.sort_values(
        ["company_id", "_first", "primary", "share", "industry_code"],
        ascending=[True, False, False, False, True],
        kind="stable",
    ).drop_duplicates("company_id")
    if ci.empty:
        return empty
    return pd.Series(
        ci["sector"].astype(str).to_numpy(),
        index=pd.Index(ci["company_id"].astype(str).to_numpy(), dtype="str"),
        dtype="str",
    )


def region_io_sectors(
    dataset: Dataset,
    region: str,
    io_scheme: str | None = None,
    *,
    firm_scheme: str | None = None,
) -> pd.DataFrame:
    """The input-output sectors of a region's listed firms (the region and every region
    below it): ``sector, sector_name, firms, share``, most firms first.

    A company's sector is :func:`company_io_sectors`' (``io_scheme`` and ``firm_scheme``
    default to the analysis scope's). Empty when no company of the region has a sector.
    Counts listed firms only (the bundled data: Shenzhen Stock Exchange companies only).

    Parameters
    ----------
    dataset : Dataset
        Its regions, companies and classifications.
    region : str
        A region code; companies registered in it or in any region below it count.
    io_scheme : str, optional
        The scheme of the sectors (default: the analysis scope's ``io_scheme``).
    firm_scheme : str, optional
        The company classification tried first (default: the scope's ``firm_scheme``).

    Returns
    -------
    DataFrame
        ``sector`` (code), ``sector_name``, ``firms`` (int, listed firms in the sector)
        and ``share`` (firms / the region's firms with a sector), most firms first,
        then by code; empty with those columns when no firm has a sector.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> region_io_sectors(example_dataset(), "10").values.tolist()
    []
    >>> region_io_sectors(example_dataset(), "10", "GB4754").values.tolist()
    [['GB4754:A', 'Agriculture', 1, 0.5], ['GB4754:C', 'Manufacturing', 1, 0.5]]
    """
    columns = ["sector", "sector_name", "firms", "share"]
    regions = dataset.regions
    parent = parents_of(regions)
    inside = climb(parent, pd.Series({region: True}), start=regions["code"].tolist()).dropna()
    companies = dataset.companies
    ids = companies.loc[companies["region_code"].isin(inside.index), "id"]
    sector = company_io_sectors(dataset, io_scheme, firm_scheme=firm_scheme)
    chosen = sector.reindex(ids.astype(str)).dropna()
    if chosen.empty:
        return pd.DataFrame({c: pd.Series([], dtype="object") for c in columns})
    counts = chosen.value_counts()
    out = pd.DataFrame({"sector": counts.index.astype(str), "firms": counts.to_numpy()})
    out["sector_name"] = out["sector"].map(dataset.industries.set_index("code")["name"])
    out["share"] = out["firms"] / out["firms"].sum()
    out = out.sort_values(["firms", "sector"], ascending=[False, True])
    return out[columns].reset_index(drop=True)


def company_table(dataset: Dataset, scheme: str, level: str | None) -> pd.DataFrame:
    """Companies with the region at ``level`` and their primary industry mapped to ``scheme``.

    Parameters
    ----------
    dataset : Dataset
        Its companies, regions and classifications.
    scheme : str
        The industry scheme of the analysis (E's columns).
    level : str or None
        The region level of the analysis (None: the region as registered).

    Returns
    -------
    DataFrame
        ``company_id``, ``region_code`` (the ancestor at ``level``; companies placed
        only above it, e.g. at a prefecture, are dropped), ``industry_code`` (the primary
        industry, or the largest share, mapped up through ``parent_code``; companies
        whose industry has no ancestor in ``scheme`` are dropped), sorted by company.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> company_table(example_dataset(), "GB4754", "county").values.tolist()
    [['f1', '11', 'GB4754:A'], ['f2', '12', 'GB4754:C']]
    """
    companies = dataset.companies[["id", "region_code"]]
    if level is not None:
        companies = companies.assign(
            region_code=companies["region_code"].map(region_ancestors(dataset, level))
        )
    ci = dataset.company_industries.sort_values(
        ["company_id", "primary", "share", "industry_code"], ascending=[True, False, False, True]
    ).drop_duplicates("company_id")
    schemes = dataset.industries.set_index("code")["scheme"]
    mapping = {}
    for other in sorted(set(schemes[ci["industry_code"]].dropna())):
        mapping.update(industry_mapping(dataset, other, scheme).to_dict())
    ci = ci.assign(industry_code=ci["industry_code"].map(mapping))
    out = companies.merge(ci[["company_id", "industry_code"]], left_on="id", right_on="company_id")
    out = out.dropna(subset=["region_code", "industry_code"])
    return (
        out[["company_id", "region_code", "industry_code"]]
        .astype("str")
        .sort_values("company_id")
        .reset_index(drop=True)
    )


def companies_listed_by(companies: pd.DataFrame, year: int) -> pd.DataFrame:
    """The companies listed by the end of ``year``: ``listed_on`` on or before 31 December
    of ``year``. Companies without a listing date (or without the column) are left out: the
    list cannot say they were listed then.

    Parameters
    ----------
    companies : DataFrame
        ``dataset.companies`` (or some of its rows), with ``listed_on``.
    year : int
        The last year whose listings count.

    Returns
    -------
    DataFrame
        The rows of ``companies`` listed by then, in their order.

    Examples
    --------
    >>> c = pd.DataFrame({"id": ["a", "b", "c"],
    ...                   "listed_on": ["2010-12-31", "2011-01-01", None]})
    >>> companies_listed_by(c, 2010)["id"].tolist()
    ['a']
    """
    if "listed_on" not in companies:
        return companies.iloc[0:0]
    dates = pd.to_datetime(companies["listed_on"], errors="coerce")
    return companies[(dates <= pd.Timestamp(year=int(year), month=12, day=31)).to_numpy()]


def firms_listed_by(dataset: Dataset, year: int | None) -> Dataset:
    """``dataset`` with only the companies listed by the end of ``year``
    (:func:`companies_listed_by`), their industries and the supply links between
    them: the firms a page of ``year`` may count and draw. ``dataset`` itself when ``year``
    is None (a page of the data's latest year: today's list).

    Parameters
    ----------
    dataset : Dataset
        The data, its ``companies`` with ``listed_on``.
    year : int, optional
        The page's year (:func:`firm_cutoff_year`).

    Returns
    -------
    Dataset

    Examples
    --------
    >>> from clusteratlas.loaders.bundled import load_bundled
    >>> china = load_bundled("china")
    >>> kunshan = lambda ds: int((ds.companies["region_code"] == "320583").sum())
    >>> kunshan(china), kunshan(firms_listed_by(china, 2010))
    (15, 2)
    """
    if year is None:
        return dataset
    comp = companies_listed_by(dataset.companies, year)
    kept = set(comp["id"].astype(str))
    ci = dataset.company_industries
    sl = dataset.supply_links
    frames = {
        "companies": comp,
        "company_industries": ci[ci["company_id"].astype(str).isin(kept)],
        "supply_links": sl[
            sl["supplier_id"].astype(str).isin(kept) & sl["customer_id"].astype(str).isin(kept)
        ],
    }
    return dataset.replace(**frames)


def firm_cutoff_year(dataset: Dataset, scope: AnalysisScope) -> int | None:
    """The year up to which a page of ``scope`` counts listed firms: the scope's year when
    the data hold its measure, at its region level, in a later year (a page of the past: the
    company list is today's, so only the firms listed by the end of that year belong on it,
    :func:`firms_listed_by`); None when the scope's year is the latest (today's list).

    Parameters
    ----------
    dataset : Dataset
        The data (``region_industries`` years, ``regions`` levels).
    scope : AnalysisScope
        The page's measure, year and region level.

    Returns
    -------
    int or None

    Examples
    --------
    >>> from clusteratlas.loaders.bundled import load_bundled
    >>> china = load_bundled("china")
    >>> scope = AnalysisScope.infer(china)
    >>> firm_cutoff_year(china, scope), firm_cutoff_year(china, scope.replace(year=2010))
    (None, 2010)
    """
    ri = dataset.region_industries
    leaves = set(dataset.regions.loc[dataset.regions["level"] == scope.level, "code"].astype(str))
    rows = ri[(ri["measure"] == scope.measure) & ri["region_code"].astype(str).isin(leaves)]
    years = rows["year"].dropna()
    if years.empty or int(years.max()) <= int(scope.year):
        return None
    return int(scope.year)
