"""Candidate firm-to-firm supply links inferred from input-output coefficients: never observed.

No open record of who supplies whom among Chinese listed firms exists offline. What
the data do hold is what each firm makes (its input-output sector) and where it is
(its county). :func:`infer_supply_links` turns that into *candidate* links by an
explicit rule, so that the supply-network questions (single-supplier dependencies,
supply paths, failure cascades) can be asked of something, and says everywhere that
the links are inferred (``inferred`` true, the rule and its parameters in ``source``).
A user's own observed links (``supply_links.csv``, ``inferred`` false) are the primary
path; these are a stand-in to be replaced.

The rule, ``io-coefficient-distance-topk``: for each buyer firm b in sector j, every
other firm s in sector i scores

    score(s -> b) = a_ij * size_s * exp(-d(s, b) / decay_km)

with a_ij the national technical coefficient (the value of i's products used per unit
of j's output), size_s the supplier's size (``size_column``; 1 for every firm when the
data have none, as the bundled data do), and d the great-circle distance between the
firms' regions (a firm's region without coordinates takes its nearest ancestor's).
The ``k`` best-scoring suppliers of each buyer become links, except those scoring
below ``min_ratio`` times the buyer's best (a supplier next door in the sector the
buyer needs most leaves the far ones out, and the buyer then depends on one supplier);
``share`` is each link's score over the scores of the buyer's links (its part of the
buyer's *inferred* inputs), ``value`` is left empty (no money amount is inferred).

Ties are common: without firm sizes, every firm of one sector in one county scores the
same for a buyer. Equal scores at the cut-off are ordered by a stable pseudo-random key
of the pair, the first 8 bytes of BLAKE2b(buyer id, supplier id), so that the choice is
reproducible and favours no firm (ordering ties by id would hand the oldest listed
firms of a county's sector the links of every buyer there, and make them each other's
suppliers). ``attrs["ties"]`` counts the links so chosen and the tied candidates behind
them: such a link is one of several equally plausible ones.

References
----------
Carvalho, V. M., Nirei, M., Saito, Y. U. & Tahbaz-Salehi, A. (2021). Supply chain
disruptions: evidence from the Great East Japan earthquake. Quarterly Journal of
Economics 136(2) (observed firm networks against which sector-level input-output
shares are compared). Inoue, H. & Todo, Y. (2019). Firm-level propagation of shocks
through supply-chain networks. Nature Sustainability 2 (the threshold cascade the
links feed).

Examples
--------
>>> from clusteratlas.graph.definitions.examples import example_dataset
>>> ds = example_dataset()
>>> ds = ds.replace(regions=ds.regions.assign(lon=116.4, lat=39.9))  # one place
>>> links = infer_supply_links(ds, k=1, io_year=2020, firm_sectors=pd.Series(
...     {"f1": "NBS42:01", "f2": "NBS42:06"}))
>>> links[["supplier_id", "customer_id", "share", "inferred"]].values.tolist()
[['f2', 'f1', 1.0, True], ['f1', 'f2', 1.0, True]]
>>> links["source"].iloc[0].split(";")[0]
'inferred by io-coefficient-distance-topk (k=1, min ratio 0.5, NBS42 2020 coefficients, decay 300 km, size none)'
"""  # noqa: E501

from __future__ import annotations

import hashlib
import math
from typing import Any

import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError, UsageError
from clusteratlas.graph.analytics.firms import company_io_sectors
from clusteratlas.graph.definitions.hierarchy import parents_of
from clusteratlas.graph.definitions.scope import resolve_scope
from clusteratlas.loaders.dataset import Dataset

__all__ = ["RULE", "infer_supply_links"]

RULE = "io-coefficient-distance-topk"
"""The name of the inference rule, written into every link it makes."""

EARTH_RADIUS_KM = 6371.0


def _rule_description(
    k: int,
    io_scheme: str,
    io_year: int,
    decay_km: float,
    size_column: str | None,
    min_ratio: float = 0.0,
) -> str:
    """The ``source`` text of an inferred link: the rule, its parameters, and the warning.

    >>> _rule_description(3, "NBS42", 2020, 300.0, None, 0.5)
    'inferred by io-coefficient-distance-topk (k=3, min ratio 0.5, NBS42 2020 coefficients, decay 300 km, size none); not an observed link'
    """  # noqa: E501
    size = size_column or "none"
    return (
        f"inferred by {RULE} (k={k}, min ratio {min_ratio:g}, {io_scheme} {io_year} "
        f"coefficients, decay {decay_km:g} km, size {size}); not an observed link"
    )


def infer_supply_links(
    dataset: Dataset,
    *,
    k: int = 3,
    io_year: int | None = None,
    io_scheme: str | None = None,
    decay_km: float = 300.0,
    min_ratio: float = 0.5,
    size_column: str | None = None,
    firm_sectors: pd.Series | None = None,
) -> pd.DataFrame:
    """Candidate supplier -> buyer links between the dataset's firms (see the module doc).

    Parameters
    ----------
    dataset : Dataset
        Companies with their regions (coordinates from ``regions``), industry links of
        ``io_scheme`` in ``io_year`` (the coefficients a_ij).
    k : int, default 3
        Suppliers per buyer (>= 1).
    io_year, io_scheme : int, str, optional
        The input-output table whose coefficients score the pairs (default: the
        analysis scope's ``io_year`` and ``io_scheme``; the bundled data: NBS42, 2020).
    decay_km : float, default 300.0
        Distance decay, km: a supplier ``decay_km`` away counts e^-1 of one in the
        same place.
    min_ratio : float, default 0.5
        In [0, 1]: a supplier scoring below ``min_ratio`` times the buyer's best is left
        out (0: keep all k).
    size_column : str, optional
        A companies column (``employees``, ``revenue``, ``market_cap``) weighting
        suppliers by size; None weights every firm 1.
    firm_sectors : Series, optional
        Company id -> I-O sector; default :func:`~clusteratlas.graph.analytics.firms.
        company_io_sectors` (the firm's industry through the dataset's crosswalk; the
        bundled data: the Shenwan industry's sector).

    Returns
    -------
    DataFrame
        The ``supply_links`` table: ``supplier_id, customer_id, year`` (= ``io_year``),
        ``value`` (empty), ``share`` (score / the buyer's k scores), ``source`` (the
        rule and its parameters, ending "not an observed link"), ``inferred`` (true),
        sorted by customer then supplier. ``attrs["parameters"]`` holds the rule's parameters;
        ``attrs["ties"]`` how many links were chosen among equally scored candidates
        (``links``), of how many such candidates in all (``candidates``), and for how
        many buyers (``buyers``).

    Raises
    ------
    UsageError
        ``k`` < 1, ``decay_km`` <= 0, ``min_ratio`` outside [0, 1] or an unknown
        ``size_column``.
    MatrixError
        No ``io_scheme`` coefficients for ``io_year`` (or none at all).

    Examples
    --------
    Two firms in one place, each in the sector the other buys from:

    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> ds = example_dataset()
    >>> ds = ds.replace(regions=ds.regions.assign(lon=116.4, lat=39.9))
    >>> links = infer_supply_links(ds, k=1, firm_sectors=pd.Series(
    ...     {"f1": "NBS42:01", "f2": "NBS42:06"}))
    >>> links[["supplier_id", "customer_id", "year", "share", "inferred"]].values.tolist()
    [['f2', 'f1', 2020, 1.0, True], ['f1', 'f2', 2020, 1.0, True]]
    >>> links.attrs["ties"]
    {'links': 0, 'candidates': 0, 'buyers': 0}
    """
    if k < 1 or decay_km <= 0 or not 0 <= min_ratio <= 1:
        raise UsageError(
            f"k must be >= 1, decay_km > 0 and min_ratio in [0, 1], got k={k}, "
            f"decay_km={decay_km}, min_ratio={min_ratio}"
        )
    companies = dataset.companies.set_index("id")
    if size_column is not None and size_column not in companies.columns:
        raise UsageError(f"size_column {size_column!r} is not a companies column")
    if io_scheme is None or io_year is None:
        scope = resolve_scope(dataset)
        io_scheme = io_scheme if io_scheme is not None else scope.io_scheme
        io_year = io_year if io_year is not None else scope.io_year
    if io_scheme is None or io_year is None:
        raise MatrixError("industry_links: the dataset has no input-output table")
    sectors = firm_sectors if firm_sectors is not None else company_io_sectors(dataset, io_scheme)
    links = dataset.industry_links
    scheme = dataset.industries.set_index("code")["scheme"]
    links = links[(links["year"] == io_year) & (links["from_code"].map(scheme) == io_scheme)]
    if links.empty:
        raise MatrixError(f"industry_links: no {io_scheme} coefficients for {io_year}")
    coords = _coordinates(dataset)
    firms = sectors[sectors.index.isin(companies.index)].sort_index()
    where = companies.loc[firms.index, "region_code"].map(coords)
    firms = firms[where.notna()]
    where = where[where.notna()]
    codes = sorted(set(links["from_code"]) | set(links["to_code"]) | set(firms))
    position = {c: n for n, c in enumerate(codes)}
    A = np.zeros((len(codes), len(codes)))
    A[links["from_code"].map(position), links["to_code"].map(position)] = links["coefficient"]
    sec = firms.map(position).to_numpy(int)
    lon = np.radians([p[0] for p in where]) if len(where) else np.zeros(0)
    lat = np.radians([p[1] for p in where]) if len(where) else np.zeros(0)
    size = (
        companies.loc[firms.index, size_column].fillna(0.0).to_numpy(float)
        if size_column is not None
        else np.ones(len(firms))
    )
    ids = firms.index.to_numpy()
    rows: list[tuple[str, str, float]] = []
    ties = {"links": 0, "candidates": 0, "buyers": 0}
    for b in range(len(firms)):  # one buyer at a time: O(n) memory, n = firms
        d = _haversine(lat, lon, lat[b], lon[b])
        score = A[sec, sec[b]] * size * np.exp(-d / decay_km)
        score[b] = 0.0
        candidates = np.flatnonzero(score > 0)
        if not len(candidates):
            continue
        order, chosen, tied = _top_k(candidates, score, ids, b, k, min_ratio)
        if chosen:
            ties["links"] += chosen
            ties["candidates"] += tied
            ties["buyers"] += 1
        total = float(score[order].sum())
        rows += [(str(ids[s]), str(ids[b]), float(score[s]) / total) for s in order]
    out = pd.DataFrame(rows, columns=["supplier_id", "customer_id", "share"])
    out = out.assign(
        year=io_year,
        value=np.nan,
        source=_rule_description(k, io_scheme, io_year, decay_km, size_column, min_ratio),
        inferred=True,
    )
    cols = ["supplier_id", "customer_id", "year", "value", "share", "source", "inferred"]
    out = out[cols].sort_values(["customer_id", "supplier_id"]).reset_index(drop=True)
    out.attrs["parameters"] = _parameters(k, io_scheme, io_year, decay_km, size_column, min_ratio)
    out.attrs["ties"] = ties
    return out


def _top_k(
    candidates: np.ndarray,
    score: np.ndarray,
    ids: np.ndarray,
    buyer: int,
    k: int,
    min_ratio: float,
) -> tuple[np.ndarray, int, int]:
    """The ``k`` best of ``candidates`` by ``score``, best first, none below ``min_ratio``
    times the best; candidates tied with the k-th best are ordered by :func:`_tie_key`.
    Also returns how many of the chosen were picked among ties, and among how many."""
    ranked = candidates[np.argsort(-score[candidates], kind="stable")]
    ranked = ranked[score[ranked] >= min_ratio * score[ranked[0]]]
    if len(ranked) <= k:
        return ranked, 0, 0
    cut = score[ranked[k - 1]]
    above = ranked[score[ranked] > cut]
    tied = ranked[score[ranked] == cut]
    keys = [_tie_key(str(ids[buyer]), str(ids[s])) for s in tied]
    tied = tied[np.argsort(keys, kind="stable")]
    return np.concatenate([above, tied])[:k], k - len(above), len(tied)


def _tie_key(buyer: str, supplier: str) -> int:
    """The order of equally scored suppliers of ``buyer``: the first 8 bytes of
    BLAKE2b(buyer, supplier) as an integer; stable across runs and platforms, and
    unrelated to the ids' order.

    >>> _tie_key("SZSE:000063", "SZSE:000016") == _tie_key("SZSE:000063", "SZSE:000016")
    True
    >>> _tie_key("a", "b") != _tie_key("b", "a")
    True
    """
    digest = hashlib.blake2b(f"{buyer}\x00{supplier}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _parameters(
    k: int,
    io_scheme: str,
    io_year: int,
    decay_km: float,
    size_column: str | None,
    min_ratio: float,
) -> dict[str, Any]:
    return {
        "rule": RULE,
        "k": k,
        "min_ratio": min_ratio,
        "io_scheme": io_scheme,
        "io_year": io_year,
        "decay_km": decay_km,
        "size_column": size_column,
    }


def _coordinates(dataset: Dataset) -> pd.Series:
    """Region code -> (lon, lat), from the region or its nearest ancestor with coordinates."""
    regions = dataset.regions.set_index("code")
    parent = parents_of(dataset.regions)
    own = {
        str(c): (float(lo), float(la))
        for c, lo, la in zip(regions.index, regions["lon"], regions["lat"], strict=True)
        if not (math.isnan(lo) or math.isnan(la))
    }
    out: dict[str, tuple[float, float]] = {}
    for code in regions.index:
        node: Any = str(code)
        for _ in range(16):
            if node in own:
                out[str(code)] = own[node]
                break
            node = parent.get(node)
            if not isinstance(node, str):
                break
    return pd.Series(out, dtype="object")


def _haversine(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    """Great-circle distances (km) from (lat0, lon0) to every point, radians in."""
    a = np.sin((lat - lat0) / 2) ** 2 + np.cos(lat) * np.cos(lat0) * np.sin((lon - lon0) / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))
