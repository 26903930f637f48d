"""Regions up the hierarchy: the national region, its series, and each region's ancestor at a level.

Examples
--------
>>> from clusteratlas.graph.definitions.examples import example_dataset
>>> ds = example_dataset()
>>> national_region(ds), region_ancestors(ds, "province")["11"]
('1', '10')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from clusteratlas.errors import MatrixError
from clusteratlas.graph.definitions.hierarchy import climb, parents_of

if TYPE_CHECKING:
    from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "national_region",
    "national_series",
    "region_ancestors",
    "region_coordinates",
    "region_memberships",
    "rollup_with_overlaps",
]


def national_region(dataset: Dataset) -> str:
    """The code of the one region of level ``country`` (the bundled data: ``100000``).

    Parameters
    ----------
    dataset : Dataset

    Returns
    -------
    str

    Raises
    ------
    MatrixError
        There is not exactly one region of level ``country``.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> national_region(example_dataset())
    '1'
    """
    codes = dataset.regions.loc[dataset.regions["level"] == "country", "code"].tolist()
    if len(codes) != 1:
        raise MatrixError(f"regions: expected exactly one region of level 'country', got {codes}")
    return str(codes[0])


def national_series(
    dataset: Dataset, measure: str, scheme: str, region: str | None = None
) -> pd.DataFrame:
    """Years x industries table of the national region's ``measure`` (e.g. employment 1990-2018).

    Parameters
    ----------
    dataset : Dataset
    measure, scheme : str
        Which series (the analysis scope's measure and scheme).
    region : str, optional
        Default the national region.

    Returns
    -------
    DataFrame
        Rows years (int), columns industries, float64.

    Raises
    ------
    MatrixError
        The region has no such series.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> national_series(example_dataset(), "employment", "GB4754").loc[2019, "GB4754:A"]
    np.float64(90.0)
    """
    code = region or national_region(dataset)
    ri = dataset.region_industries
    ri = ri[(ri["region_code"] == code) & (ri["measure"] == measure)]
    ind = dataset.industries
    rows = ri[ri["industry_code"].isin(ind.loc[ind["scheme"] == scheme, "code"])]
    if rows.empty:
        raise MatrixError(f"region_industries: no {measure!r} series of region {code} in {scheme}")
    table = rows.pivot_table(index="year", columns="industry_code", values="value", aggfunc="sum")
    table.index = table.index.astype("int64")
    table.index.name, table.columns.name = None, None
    return table.sort_index().sort_index(axis=1).astype("float64")


def region_ancestors(dataset: Dataset, level: str) -> pd.Series:
    """Region code -> the code of its ancestor (or itself) at ``level``; NaN if none.

    Parameters
    ----------
    dataset : Dataset
    level : str

    Returns
    -------
    Series
        Indexed by every region code, sorted.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> region_ancestors(example_dataset(), "province").to_dict()
    {'1': nan, '10': '10', '11': '10', '12': '10'}
    """
    reg = dataset.regions.sort_values("code")
    at_level = pd.Series(reg["level"].eq(level).to_numpy(), index=reg["code"].to_numpy())
    return climb(parents_of(reg), at_level)


def region_memberships(dataset: Dataset, level: str) -> pd.DataFrame:
    """Each region's part in the regions of ``level``: its ancestor through ``parent_code``,
    and the regions its ``region_overlaps`` rows say it also lies in (a metro area across
    two states).

    A region R with tree ancestor P (or itself) at ``level`` and overlap rows (R, O_k,
    s_k) whose own ancestor Q_k at ``level`` differs from P counts in Q_k with weight s_k
    and in P with weight 1 - sum_k s_k (the shares are the parts of R's measure inside
    O_k). An overlap row without a share gives a row of weight NaN (``via`` overlap): the
    split is not known, so P keeps weight 1 - (the known shares) and the caller decides.
    Overlaps whose region lies inside P (or in no region of ``level``) move nothing.

    Parameters
    ----------
    dataset : Dataset
        Its ``regions`` (``parent_code``) and ``region_overlaps``.
    level : str
        The region level rolled up to (``state``).

    Returns
    -------
    DataFrame
        ``region_code``, ``member_of`` (a region of ``level``), ``weight`` (0..1, NaN when
        unknown), ``via`` (``parent`` or ``overlap``); regions with no ancestor at ``level``
        are left out. Sorted by region_code, member_of.

    Examples
    --------
    SYNTHETIC: district M lies in state A (its parent) and 40% in state B.

    >>> from clusteratlas.loaders.dataset import Dataset
    >>> ds = Dataset.from_frames(
    ...     regions=pd.DataFrame({"code": ["A", "B", "M", "K"], "name": list("ABMK"),
    ...         "level": ["state", "state", "district", "district"],
    ...         "parent_code": [None, None, "A", "B"]}),
    ...     industries=pd.DataFrame({"code": ["X"], "name": ["x"], "scheme": ["S"],
    ...         "level": ["s"]}),
    ...     region_overlaps=pd.DataFrame({"region_code": ["M"], "overlaps_code": ["B"],
    ...         "share": [0.4]}))
    >>> region_memberships(ds, "state").to_numpy().tolist()[2:]  # A and B: themselves
    [['K', 'B', 1.0, 'parent'], ['M', 'A', 0.6, 'parent'], ['M', 'B', 0.4, 'overlap']]
    """
    tree = region_ancestors(dataset, level).dropna()
    overlaps = dataset.region_overlaps
    rows = pd.DataFrame(
        {
            "region_code": overlaps["region_code"].astype(str).to_numpy(),
            "member_of": overlaps["overlaps_code"].astype(str).map(tree).to_numpy(),
            "weight": pd.to_numeric(overlaps["share"]).astype(float).to_numpy(),
        }
    )
    rows = rows[rows["member_of"].notna()]
    rows = rows[rows["member_of"] != rows["region_code"].map(tree)]
    rows = rows[rows["region_code"].isin(tree.index)]
    rows = rows.groupby(["region_code", "member_of"])["weight"].sum(min_count=1).reset_index()
    moved = rows.groupby("region_code")["weight"].sum()  # NaN (unknown) shares count 0
    parent = pd.DataFrame(
        {
            "region_code": tree.index.astype(str),
            "member_of": tree.astype(str).to_numpy(),
            "weight": 1.0 - moved.reindex(tree.index).fillna(0.0).to_numpy(),
            "via": "parent",
        }
    )
    out = pd.concat([parent, rows.assign(via="overlap")], ignore_index=True)
    out = out.sort_values(["region_code", "member_of"], ignore_index=True)
    return out.astype({"region_code": "str", "member_of": "str", "via": "str"})


def rollup_with_overlaps(dataset: Dataset, values: pd.Series, level: str) -> pd.DataFrame:
    """Sum region values into the regions of ``level``, splitting overlapping regions.

    value_Q = sum_R w_RQ x_R with the weights of :func:`region_memberships` (1 along
    ``parent_code`` for a region that overlaps nothing), against tree_value_Q = sum of x_R
    over the regions R whose ``parent_code`` ancestor is Q (each region counted once, in
    its parent: what the roll-up queries along ``PART_OF`` return). Overlaps of unknown
    share move nothing and are counted in ``unknown_shares``.

    Parameters
    ----------
    dataset : Dataset
        Its regions and ``region_overlaps``.
    values : Series
        Region code -> a value in any additive unit (jobs, output): one per region.
    level : str
        The level rolled up to.

    Returns
    -------
    DataFrame
        Indexed by the regions of ``level`` that receive a value: ``value`` (apportioned),
        ``tree_value`` (along ``parent_code`` only), ``unknown_shares`` (overlap rows with
        no share among the regions summed).

    Examples
    --------
    SYNTHETIC: M (100 jobs) lies in A and 40% in B; K (50 jobs) in B.

    >>> from clusteratlas.loaders.dataset import Dataset
    >>> ds = Dataset.from_frames(
    ...     regions=pd.DataFrame({"code": ["A", "B", "M", "K"], "name": list("ABMK"),
    ...         "level": ["state", "state", "district", "district"],
    ...         "parent_code": [None, None, "A", "B"]}),
    ...     industries=pd.DataFrame({"code": ["X"], "name": ["x"], "scheme": ["S"],
    ...         "level": ["s"]}),
    ...     region_overlaps=pd.DataFrame({"region_code": ["M"], "overlaps_code": ["B"],
    ...         "share": [0.4]}))
    >>> rollup_with_overlaps(ds, pd.Series({"M": 100.0, "K": 50.0}), "state").to_dict("index")
    {'A': {'value': 60.0, 'tree_value': 100.0, 'unknown_shares': 0}, 'B': {'value': 90.0, 'tree_value': 50.0, 'unknown_shares': 0}}
    """  # noqa: E501
    members = region_memberships(dataset, level)
    members = members[members["region_code"].isin(values.index.astype(str))]
    x = members["region_code"].map(values.set_axis(values.index.astype(str))).astype(float)
    members = members.assign(
        value=x * members["weight"].fillna(0.0),
        tree_value=x.where(members["via"] == "parent", 0.0),
        unknown_shares=(members["weight"].isna()).astype(int),
    )
    out = members.groupby("member_of")[["value", "tree_value", "unknown_shares"]].sum()
    out.index.name = None
    return out


def region_coordinates(dataset: Dataset, codes: Iterable[str]) -> pd.DataFrame:
    """Longitude and latitude of each of ``codes``: the region's own, else its nearest
    ancestor's (a new district without coordinates takes its prefecture's), else NaN.

    Parameters
    ----------
    dataset : Dataset
        Regions with the optional ``lon``, ``lat`` columns.
    codes : iterable of str
        Region codes (codes not in the data get NaN).

    Returns
    -------
    DataFrame
        Indexed by ``codes`` in their order: ``lon``, ``lat`` (float, degrees) and
        ``coordinates_of`` (the code whose coordinates they are: the region's own or an
        ancestor's; NaN when none has any).

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> ds = example_dataset()
    >>> r = ds.regions
    >>> ds = ds.replace(regions=r.assign(lon=[None, 113.0, 114.0, None],
    ...                                  lat=[None, 22.5, 23.0, None]))
    >>> region_coordinates(ds, ["11", "12", "1"]).values.tolist()
    [[114.0, 23.0, '11'], [113.0, 22.5, '10'], [nan, nan, nan]]
    """
    index = pd.Index([str(c) for c in codes], dtype="object")
    reg = dataset.regions.assign(code=dataset.regions["code"].astype(str)).set_index("code")
    if not {"lon", "lat"} <= set(reg.columns):
        nan = pd.Series(float("nan"), index=index)
        return pd.DataFrame({"lon": nan, "lat": nan, "coordinates_of": nan.astype("object")})
    lon = pd.to_numeric(reg["lon"], errors="coerce")
    lat = pd.to_numeric(reg["lat"], errors="coerce")
    has = lon.notna() & lat.notna()
    of = climb(parents_of(dataset.regions.sort_values("code")), has, start=index)
    found = of.dropna()
    out = pd.DataFrame(
        {"lon": float("nan"), "lat": float("nan"), "coordinates_of": of.astype("object")},
        index=index,
    )
    out.loc[found.index, "lon"] = lon.reindex(found.to_numpy()).to_numpy()
    out.loc[found.index, "lat"] = lat.reindex(found.to_numpy()).to_numpy()
    return out
