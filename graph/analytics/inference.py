"""Candidate firm-to-firm supply links inferred from input-output coefficients: never observed.

No open record of who supplies whom among Chinese listed firms exists offline. What
the data do hold is what each firm makes (its industry, and through it its input-output
sector) and where it is (its county). :func:`infer_supply_links` turns that into
*candidate* links by an explicit rule, so that the supply-network questions
(single-supplier dependencies, supply paths, failure cascades) can be asked of
something, and says everywhere that the links are inferred (``inferred`` true, the rule
and its parameters in ``source``). A user's own observed links (``supply_links.csv``,
``inferred`` false) are the primary path; these are a stand-in to be replaced.

The rule, ``io-coefficient-distance-topk``: for each buyer firm b in sector j, every
other firm s in sector i that passes the plausibility check below scores

    score(s -> b) = a_ij * size_s * exp(-d(s, b) / decay_km)

with a_ij the national technical coefficient (the value of i's products used per unit
of j's output), size_s the supplier's size (``size_column``; 1 for every firm when the
data have none, as the bundled data do), and d the great-circle distance between the
firms' regions (a firm's region without coordinates takes its nearest ancestor's).
The ``k`` best-scoring suppliers of each buyer become links, except those scoring
below ``min_ratio`` times the buyer's best (a supplier next door in the sector the
buyer needs most leaves the far ones out, and the buyer then depends on one supplier).
``score`` is each link's score over the scores of the buyer's links: a *ranking* among
the inferred candidates, not a share of the buyer's inputs (``share`` and ``value`` are
left empty: no input share and no amount is inferred).

Plausibility check (a pair s -> b must pass all six; :func:`rule_breaches` tells which
rule a pair breaks):

1. **Material sector pair.** a_ij >= ``min_coefficient``, default 0.01: at least one cent
   of sector i's products per yuan of sector j's output, the threshold at which Fan &
   Lang (2000) call two industries vertically related. Below it the table says j hardly
   buys from i, so no firm of j is given a supplier in i.
2. **No finance.** Firms of ``excluded_industries`` take part in no inferred link, as
   supplier or as buyer (the bundled build: Shenwan banks and non-bank finance, which
   hold securities, insurance, leasing, trusts, futures, asset management and financial
   holdings). Lending, underwriting, insuring and leasing are not the goods and
   operational services that firm supply networks record, and the I-O finance row is
   mostly financial intermediation charged to every sector: it would make any bank or
   broker everyone's "supplier" and finance firms each other's.
3. **Competitors.** Two firms of one narrow industry n (``competitor_level``; the bundled
   build: Shenwan 2021 level 3) compete; one supplies the other only when the table says
   that n buys materially from itself: when n is the whole of its sector i (every firm of
   i in the data is in n) and a_ii >= ``min_coefficient``. A narrow industry that is only
   part of its sector gets no such link: a_ii then sums purchases between the sector's
   parts (yarn to fabric, parts to machines, one developer's land to another's build, in
   the aggregation of Miller & Blair 2009, ch. 4), and says nothing about firms of one
   part buying from each other.
4. **One branch within a sector.** Within one I-O sector (i = j) the two firms must be in
   the same branch of the firm classification (``branch_level``; the bundled build:
   Shenwan level 3, so that within a sector only firms of one narrow industry, hence
   rule 3's competitors of a whole-sector industry, are linked). A coarse sector lumps
   unrelated branches (the 42-sector "special equipment" holds construction machinery,
   medical devices and environmental equipment; "transport equipment" holds rockets,
   aircraft and tyres); its a_ii says the sector buys from itself, not which part
   supplies which, nor in which direction: a_ii scores s -> b and b -> s alike, so two
   nearby firms of a sector became each other's supplier (flavours and explosives,
   cement and concrete, in both directions). Level 1 and level 2 are still too coarse
   for that (aerospace and aviation share Shenwan's level 1 国防军工; flavours and
   explosives share level 2 化学制品). Links between sectors (i != j) are not affected.
5. **With the flow.** With ``directed``, a link between sectors runs the way the
   table's trade between them mostly runs: s -> b only where z_ij >= z_ji (the flows of
   ``industry_links``; a pair without flows is not judged). Where both directions are
   material (food and farming: seeds and raw milk one way, feed the other) the firms of
   a pair could be linked both ways, each by its own a_ij; the rule keeps only the
   dominant direction, so that no two firms of two sectors are each other's supplier.
   Within a sector z_ii = z_ii and rule 5 says nothing: the links left there (rules 3
   and 4) join firms of an industry that is its whole sector and buys materially from
   itself, which the table records as trade among those firms in both directions (gas
   suppliers buying gas from each other), so such a pair may be linked both ways.
6. **Trade firms supply no firm.** Firms of ``non_suppliers`` (the bundled build: the
   Shenwan industries of the wholesale-and-retail sector: trading, retail, e-commerce,
   pharmaceutical distribution and drugstores, car dealers) may buy but supply no
   inferred link. In a basic-price table the goods a buyer gets through a distributor
   are a flow from the sector that made them (the rule already links that producer),
   and the trade row a_ij holds only the distribution margin, charged by distributors
   of whatever j buys; which distributors, the sector (drugs, cars, steel and groceries
   alike) cannot say. Without the rule a drugstore chain became a cosmetics maker's
   only supplier and pharmaceutical distributors supplied electronics makers. Transport
   firms stay suppliers: freight and tolls are services their buyers do consume.

Distance ranks, it never qualifies: exp(-d / decay_km) orders the plausible suppliers
(the nearer first; one ``decay_km`` away counts e^-1), and no pair passes the check for
being near.

Ties are common: without firm sizes, every firm of one sector in one county scores the
same for a buyer. When the cut-off falls inside a group of equal scores, the group is
ordered by a stable pseudo-random key of the pair, the first 8 bytes of BLAKE2b(buyer
id, supplier id), so that the choice is reproducible and favours no firm (ordering ties
by id would hand the oldest listed firms of a county's sector the links of every buyer
there). Each such link says so: ``tied`` is the number of equally scored candidates it
was chosen among (0: no tie), and ``attrs["ties"]`` counts the links, the candidates and
the buyers. Such a link is one of several equally plausible ones.

References
----------
Fan, J. P. H. & Lang, L. H. P. (2000). The measurement of relatedness: an application
to corporate diversification. Journal of Business 73(4) (vertical relatedness from
input-output coefficients, 1% threshold). Miller, R. E. & Blair, P. D. (2009).
Input-Output Analysis: Foundations and Extensions, 2nd ed., Cambridge University Press
(sectors as aggregates of industries). Carvalho, V. M., Nirei, M., Saito,
Y. U. & Tahbaz-Salehi, A. (2021). Supply chain disruptions: evidence from the Great
East Japan earthquake. Quarterly Journal of Economics 136(2) (observed firm networks
against which sector-level input-output shares are compared). Inoue, H. & Todo, Y.
(2019). Firm-level propagation of shocks through supply-chain networks. Nature
Sustainability 2 (the threshold cascade the links feed).

Examples
--------
>>> from clusteratlas.graph.definitions.examples import example_dataset
>>> ds = example_dataset()
>>> ds = ds.replace(regions=ds.regions.assign(lon=116.4, lat=39.9))  # one place
>>> links = infer_supply_links(ds, k=1, io_year=2020, firm_sectors=pd.Series(
...     {"f1": "NBS42:01", "f2": "NBS42:06"}))
>>> links[["supplier_id", "customer_id", "score", "tied", "inferred"]].values.tolist()
[['f2', 'f1', 1.0, 0, True], ['f1', 'f2', 1.0, 0, True]]
>>> links["source"].iloc[0].split(";")[0]
'inferred by io-coefficient-distance-topk (k=1, min ratio 0.5, NBS42 2020 coefficients, decay 300 km, size none, material a_ij >= 0.01, excluded none, competitors none, branches none, direction any, non-suppliers none)'
"""  # noqa: E501

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError, UsageError
from clusteratlas.graph.analytics.firms import company_industries_at, company_io_sectors
from clusteratlas.graph.definitions.hierarchy import parents_of
from clusteratlas.graph.definitions.scope import resolve_scope
from clusteratlas.loaders.dataset import Dataset

__all__ = ["MATERIAL_COEFFICIENT", "RULE", "infer_supply_links", "link_distances", "rule_breaches"]

RULE = "io-coefficient-distance-topk"
"""The name of the inference rule, written into every link it makes."""

EARTH_RADIUS_KM = 6371.0


MATERIAL_COEFFICIENT = 0.01
"""Rule 1's default threshold: a_ij >= 0.01, one cent of sector i's products per yuan of
sector j's output (Fan & Lang 2000's threshold of vertical relatedness)."""


def _rule_description(parameters: dict[str, Any]) -> str:
    """The ``source`` text of an inferred link: the rule, its parameters, and the warning.

    >>> _rule_description(_parameters(3, "NBS42", 2020, 300.0, None, 0.5, 0.01,
    ...     ("SW2021:480000",), "SW2021:level3", None, True, ("SW2021:450300",)))
    'inferred by io-coefficient-distance-topk (k=3, min ratio 0.5, NBS42 2020 coefficients, decay 300 km, size none, material a_ij >= 0.01, excluded SW2021:480000, competitors SW2021:level3, branches none, direction with the flow, non-suppliers SW2021:450300); not an observed link'
    """  # noqa: E501
    p = parameters
    size = p["size_column"] or "none"
    excluded = " ".join(p["excluded_industries"]) or "none"
    competitors = p["competitor_level"] or "none"
    branches = p["branch_level"] or "none"
    direction = "with the flow" if p["directed"] else "any"
    non_suppliers = " ".join(p["non_suppliers"]) or "none"
    return (
        f"inferred by {RULE} (k={p['k']}, min ratio {p['min_ratio']:g}, {p['io_scheme']} "
        f"{p['io_year']} coefficients, decay {p['decay_km']:g} km, size {size}, material "
        f"a_ij >= {p['min_coefficient']:g}, excluded {excluded}, competitors {competitors}, "
        f"branches {branches}, direction {direction}, non-suppliers {non_suppliers}); "
        "not an observed link"
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
    min_coefficient: float = MATERIAL_COEFFICIENT,
    excluded_industries: Sequence[str] = (),
    competitor_level: str | None = None,
    branch_level: str | None = None,
    directed: bool = False,
    non_suppliers: Sequence[str] = (),
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
    min_coefficient : float, default 0.01
        Rule 1, materiality: a pair of sectors (i, j) can carry a link only when
        a_ij >= ``min_coefficient`` (0: every positive coefficient).
    excluded_industries : sequence of str, default ()
        Rule 2: industry codes (any scheme, any level; their sub-industries included)
        whose firms take part in no link, as supplier or as buyer (the bundled build:
        banks and non-bank finance, leasing and trusts included).
    competitor_level : str, optional
        Rule 3, ``"SCHEME:level"`` (the bundled build: ``"SW2021:level3"``): two firms of
        one industry at that level are competitors, and one supplies the other only when
        the industry is its whole sector in the data and that sector's a_ii is at least
        ``min_coefficient`` (module doc). None: no such rule.
    branch_level : str, optional
        Rule 4, ``"SCHEME:level"`` (the bundled build: ``"SW2021:level3"``): within one I-O
        sector, only firms of the same industry at that level are linked. None: no such
        rule.
    directed : bool, default False
        Rule 5: between sectors, s -> b only where the table's flow z_ij is at least
        z_ji (the bundled build: True).
    non_suppliers : sequence of str, default ()
        Rule 6: industry codes (their sub-industries included) whose firms supply no
        link but may buy (the bundled build: the Shenwan industries of wholesale and
        retail).

    Returns
    -------
    DataFrame
        The ``supply_links`` table: ``supplier_id, customer_id, year`` (= ``io_year``),
        ``value`` and ``share`` (empty: no amount and no input share is inferred),
        ``score`` (the link's score over the summed scores of the buyer's links, (0, 1]),
        ``tied`` (0, or the number of equally scored candidates the link was chosen
        among), ``source`` (the rule and its parameters, ending "not an observed link"),
        ``inferred`` (true), sorted by customer then supplier. ``attrs["parameters"]``
        holds the rule's parameters; ``attrs["ties"]`` how many links were chosen among
        equally scored candidates (``links``), of how many such candidates in all
        (``candidates``), and for how many buyers (``buyers``).

    Raises
    ------
    UsageError
        ``k`` < 1, ``decay_km`` <= 0, ``min_ratio`` outside [0, 1], ``min_coefficient``
        < 0, an unknown ``size_column``, an excluded industry or a ``competitor_level``
        the dataset does not have.
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
    >>> links[["supplier_id", "customer_id", "year", "score", "tied"]].values.tolist()
    [['f2', 'f1', 2020, 1.0, 0], ['f1', 'f2', 2020, 1.0, 0]]
    >>> bool(links["share"].isna().all()), bool(links["inferred"].all())
    (True, True)

    Rule 5: the table's flow runs mostly 01 -> 06 (50 against 10), so with ``directed``
    only f1 supplies f2; rule 6: f2's industry among ``non_suppliers`` takes its link away
    (f2 may still buy):

    >>> sectors = pd.Series({"f1": "NBS42:01", "f2": "NBS42:06"})
    >>> infer_supply_links(ds, k=1, directed=True, firm_sectors=sectors)[
    ...     ["supplier_id", "customer_id"]].values.tolist()
    [['f1', 'f2']]
    >>> infer_supply_links(ds, k=1, non_suppliers=["GB4754:C"], firm_sectors=sectors)[
    ...     ["supplier_id", "customer_id"]].values.tolist()
    [['f1', 'f2']]

    With firm f1 in an excluded industry (rule 2), neither link is left:

    >>> len(infer_supply_links(ds, k=1, excluded_industries=["GB4754:A"],
    ...     firm_sectors=pd.Series({"f1": "NBS42:01", "f2": "NBS42:06"})))
    0
    """
    if k < 1 or decay_km <= 0 or not 0 <= min_ratio <= 1 or min_coefficient < 0:
        raise UsageError(
            f"k must be >= 1, decay_km > 0, min_ratio in [0, 1] and min_coefficient >= 0, "
            f"got k={k}, decay_km={decay_km}, min_ratio={min_ratio}, "
            f"min_coefficient={min_coefficient}"
        )
    companies = dataset.companies.set_index("id")
    if size_column is not None and size_column not in companies.columns:
        raise UsageError(f"size_column {size_column!r} is not a companies column")
    firms = _firm_table(
        dataset,
        io_scheme,
        io_year,
        firm_sectors,
        excluded_industries,
        competitor_level,
        branch_level,
        non_suppliers=non_suppliers,
    )
    io_scheme, io_year = firms.io_scheme, firms.io_year
    coef, sec = firms.coefficients, firms.sector
    material = np.where(_sector_pairs_pass(firms, min_coefficient, directed), coef, 0.0)
    own_ok = firms.own_coefficient >= min_coefficient
    coords = _coordinates(dataset)
    where = companies.loc[firms.ids, "region_code"].map(coords)
    lon = np.radians([p[0] for p in where]) if len(where) else np.zeros(0)
    lat = np.radians([p[1] for p in where]) if len(where) else np.zeros(0)
    size = (
        companies.loc[firms.ids, size_column].fillna(0.0).to_numpy(float)
        if size_column is not None
        else np.ones(len(firms.ids))
    )
    ids = firms.ids
    rows: list[tuple[str, str, float, int]] = []
    ties = {"links": 0, "candidates": 0, "buyers": 0}
    for b in range(len(ids)):  # one buyer at a time: O(n) memory, n = firms
        if firms.excluded[b]:
            continue
        d = _haversine(lat, lon, lat[b], lon[b])
        score = material[sec, sec[b]] * size * np.exp(-d / decay_km)
        score[firms.excluded | firms.non_supplier] = 0.0
        if firms.narrow[b] and not own_ok[b]:
            score[firms.narrow == firms.narrow[b]] = 0.0
        if firms.branch[b]:
            score[(sec == sec[b]) & (firms.branch != firms.branch[b])] = 0.0
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
        cut = score[order[-1]]
        rows += [
            (str(ids[s]), str(ids[b]), float(score[s]) / total,
             tied if chosen and score[s] == cut else 0)
            for s in order
        ]  # fmt: skip
    out = pd.DataFrame(rows, columns=["supplier_id", "customer_id", "score", "tied"])
    parameters = _parameters(
        k,
        io_scheme,
        io_year,
        decay_km,
        size_column,
        min_ratio,
        min_coefficient,
        excluded_industries,
        competitor_level,
        branch_level,
        directed,
        non_suppliers,
    )  # fmt: skip
    out = out.assign(
        year=io_year,
        value=np.nan,
        share=np.nan,
        source=_rule_description(parameters),
        inferred=True,
    )
    out["tied"] = out["tied"].astype("int64")
    cols = ["supplier_id", "customer_id", "year", "value", "share", "score", "tied", "source",
            "inferred"]  # fmt: skip
    out = out[cols].sort_values(["customer_id", "supplier_id"]).reset_index(drop=True)
    out.attrs["parameters"] = parameters
    out.attrs["ties"] = ties
    return out


def rule_breaches(
    dataset: Dataset,
    links: pd.DataFrame,
    *,
    io_year: int | None = None,
    io_scheme: str | None = None,
    firm_sectors: pd.Series | None = None,
    min_coefficient: float = MATERIAL_COEFFICIENT,
    excluded_industries: Sequence[str] = (),
    competitor_level: str | None = None,
    branch_level: str | None = None,
    directed: bool = False,
    non_suppliers: Sequence[str] = (),
) -> pd.DataFrame:
    """Which plausibility rule (module doc) each supplier -> customer pair breaks.

    Parameters
    ----------
    dataset : Dataset
        The firms and the input-output table, as for :func:`infer_supply_links`.
    links : DataFrame
        ``supplier_id``, ``customer_id`` (any links: inferred, observed, or candidates).
    io_year, io_scheme, firm_sectors, min_coefficient : optional
        As for :func:`infer_supply_links`.
    excluded_industries, competitor_level, branch_level, directed, non_suppliers : optional
        As for :func:`infer_supply_links` (default: no such rule).

    Returns
    -------
    DataFrame
        ``supplier_id, customer_id``, ``coefficient`` (a_ij of the supplier's sector i and
        the customer's j; NaN when a firm has no sector), and one bool column per rule:
        ``excluded`` (either firm is in an excluded industry), ``immaterial``
        (a_ij < ``min_coefficient``, or unknown), ``competitor`` (one industry at
        ``competitor_level`` that is not its whole sector, or whose sector's a_ii is below
        ``min_coefficient``), ``other_branch`` (one I-O sector, different industries at
        ``branch_level``), ``against_flow`` (with ``directed``: z_ij < z_ji),
        ``non_supplier`` (the supplier is in a ``non_suppliers`` industry); ``plausible`` =
        none of them. Same row order as ``links``.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> ds = example_dataset()
    >>> pairs = pd.DataFrame({"supplier_id": ["f1", "f2"], "customer_id": ["f2", "f1"]})
    >>> sectors = pd.Series({"f1": "NBS42:01", "f2": "NBS42:06"})
    >>> out = rule_breaches(ds, pairs, min_coefficient=0.2, firm_sectors=sectors)
    >>> out[["coefficient", "immaterial", "plausible"]].values.tolist()
    [[0.25, False, True], [0.1, True, False]]

    The flow 01 -> 06 (50) outweighs 06 -> 01 (10), so with ``directed`` f2 -> f1 runs
    against it, whatever the threshold:

    >>> out = rule_breaches(ds, pairs, min_coefficient=0.0, directed=True,
    ...     firm_sectors=sectors)
    >>> out[["against_flow", "plausible"]].values.tolist()
    [[False, True], [True, False]]
    """
    firms = _firm_table(
        dataset,
        io_scheme,
        io_year,
        firm_sectors,
        excluded_industries,
        competitor_level,
        branch_level,
        located=False,
        non_suppliers=non_suppliers,
    )
    pos = pd.Series(np.arange(len(firms.ids)), index=firms.ids)
    s = links["supplier_id"].map(pos)
    c = links["customer_id"].map(pos)
    known = (s.notna() & c.notna()).to_numpy()
    si = s[known].to_numpy(int)
    ci = c[known].to_numpy(int)
    n = len(links)

    def spread(values: np.ndarray, empty: Any) -> np.ndarray:
        out = np.full(n, empty, dtype=np.asarray(values).dtype if n else float)
        out[known] = values
        return out

    coef = spread(firms.coefficients[firms.sector[si], firms.sector[ci]], np.nan)
    same_sector = spread(firms.sector[si] == firms.sector[ci], False)
    s_ex, c_ex = spread(firms.excluded[si], False), spread(firms.excluded[ci], False)
    s_nar, c_nar = spread(firms.narrow[si], ""), spread(firms.narrow[ci], "")
    own = spread(firms.own_coefficient[ci], np.inf)
    s_br, c_br = spread(firms.branch[si], ""), spread(firms.branch[ci], "")
    excluded = s_ex | c_ex
    competitor = (s_nar == c_nar) & (c_nar != "") & (own < min_coefficient)
    other_branch = same_sector & (c_br != "") & (s_br != c_br)
    immaterial = ~(coef >= min_coefficient)
    against = spread(_against_flow(firms)[firms.sector[si], firms.sector[ci]], False)
    against = against if directed else np.zeros(n, dtype=bool)
    non_supplier = spread(firms.non_supplier[si], False)
    out = pd.DataFrame(
        {
            "supplier_id": links["supplier_id"].to_numpy(),
            "customer_id": links["customer_id"].to_numpy(),
            "coefficient": coef,
            "excluded": excluded,
            "immaterial": immaterial,
            "competitor": competitor,
            "other_branch": other_branch,
            "against_flow": against,
            "non_supplier": non_supplier,
        },
        index=links.index,
    )
    rules = out.drop(columns=["supplier_id", "customer_id", "coefficient"])
    out["plausible"] = ~rules.any(axis=1)
    return out


def link_distances(dataset: Dataset, links: pd.DataFrame) -> pd.Series:
    """Great-circle distance (km) between the regions of each link's two firms.

    The distance the rule decays with: haversine on a sphere of radius 6,371 km between
    the firms' regions, a region without coordinates taking its nearest ancestor's.

    Parameters
    ----------
    dataset : Dataset
        The companies and their regions.
    links : DataFrame
        ``supplier_id``, ``customer_id``.

    Returns
    -------
    Series
        float km, same index as ``links``; NaN where a firm or its coordinates are unknown.

    Examples
    --------
    Firms f1 and f2 one degree of latitude apart (111.19 km):

    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> ds = example_dataset()
    >>> ds = ds.replace(regions=ds.regions.assign(lon=116.0, lat=[None, 39.0, 39.0, 40.0]))
    >>> pairs = pd.DataFrame({"supplier_id": ["f1"], "customer_id": ["f2"]})
    >>> round(float(link_distances(ds, pairs).iloc[0]), 2)
    111.19
    """
    coords = _coordinates(dataset)
    region = dataset.companies.set_index("id")["region_code"]
    ends = [links[c].map(region).map(coords) for c in ("supplier_id", "customer_id")]
    out = []
    for a, b in zip(*ends, strict=True):
        if not isinstance(a, tuple) or not isinstance(b, tuple):
            out.append(np.nan)
            continue
        lat = np.radians(np.array([a[1]]))
        lon = np.radians(np.array([a[0]]))
        out.append(float(_haversine(lat, lon, math.radians(b[1]), math.radians(b[0]))[0]))
    return pd.Series(out, index=links.index, dtype="float64")


@dataclass(frozen=True)
class _Firms:
    """The firms the rule can place, in id order, with what the rules need of each."""

    io_scheme: str
    io_year: int
    ids: np.ndarray  # company ids
    sector: np.ndarray  # position of the firm's sector in ``coefficients``
    coefficients: np.ndarray  # A[i, j] = a_ij
    excluded: np.ndarray  # bool: in an excluded industry (rule 2)
    narrow: np.ndarray  # the firm's industry at competitor_level, "" when none (rule 3)
    own_coefficient: np.ndarray  # a_ii if the firm's narrow industry is its sector, else 0
    branch: np.ndarray  # the firm's industry at branch_level, "" when none (rule 4)
    flows: np.ndarray  # Z[i, j] = z_ij, NaN when the table has no flows (rule 5)
    non_supplier: np.ndarray  # bool: in a non-supplier (retail) industry (rule 6)


def _against_flow(firms: _Firms) -> np.ndarray:
    """Bool matrix over sector pairs (i, j): z_ij < z_ji, the table's flow between the two
    sectors runs mostly from j to i (rule 5); False on the diagonal and where flows are
    unknown."""
    Z = firms.flows
    with np.errstate(invalid="ignore"):
        return np.asarray(Z < Z.T)


def _sector_pairs_pass(firms: _Firms, min_coefficient: float, directed: bool) -> np.ndarray:
    """Bool matrix over sector pairs (i, j): may a firm of i supply a firm of j? Rule 1
    (a_ij material) and, if ``directed``, rule 5 (not against the flow)."""
    ok = firms.coefficients >= min_coefficient
    if directed:
        ok &= ~_against_flow(firms)
    return np.asarray(ok)


def _firm_table(
    dataset: Dataset,
    io_scheme: str | None,
    io_year: int | None,
    firm_sectors: pd.Series | None,
    excluded_industries: Sequence[str],
    competitor_level: str | None,
    branch_level: str | None,
    located: bool = True,
    non_suppliers: Sequence[str] = (),
) -> _Firms:
    """The firms with a sector (and coordinates, if ``located``), the coefficients, and each
    firm's rule data."""
    companies = dataset.companies.set_index("id")
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
    codes = sorted(set(links["from_code"]) | set(links["to_code"]) | set(firms))
    position = {c: n for n, c in enumerate(codes)}
    A = np.zeros((len(codes), len(codes)))
    A[links["from_code"].map(position), links["to_code"].map(position)] = links["coefficient"]
    Z = np.full((len(codes), len(codes)), np.nan)
    if "flow" in links.columns:
        Z[links["from_code"].map(position), links["to_code"].map(position)] = links["flow"]
    ids = firms.index.to_numpy()
    excluded = np.zeros(len(ids), dtype=bool)
    for code in excluded_industries:
        excluded |= (
            _industry_at(dataset, code, "excluded_industries").reindex(ids) == code
        ).to_numpy()
    non_supplier = np.zeros(len(ids), dtype=bool)
    for code in non_suppliers:
        non_supplier |= (
            _industry_at(dataset, code, "non_suppliers").reindex(ids) == code
        ).to_numpy()
    narrow = _industries_at_level(dataset, competitor_level, ids, "competitor_level")
    branch = _industries_at_level(dataset, branch_level, ids, "branch_level")
    own = np.full(len(ids), np.inf)
    if competitor_level is not None:
        frame = pd.DataFrame({"sector": firms.to_numpy(), "narrow": narrow})
        in_sector = frame.groupby("sector")["sector"].transform("size")
        in_narrow = frame.groupby(["sector", "narrow"])["sector"].transform("size")
        diag = A[firms.map(position).to_numpy(int), firms.map(position).to_numpy(int)]
        whole = in_narrow.to_numpy() == in_sector.to_numpy()  # the industry is its sector
        own = np.where(narrow != "", np.where(whole, diag, 0.0), np.inf)
    keep = where.notna().to_numpy() if located else np.ones(len(ids), dtype=bool)
    return _Firms(  # 'the whole sector' counts every firm with a sector, placed or not
        io_scheme=io_scheme,
        io_year=int(io_year),
        ids=ids[keep],
        sector=firms.map(position).to_numpy(int)[keep],
        coefficients=A,
        excluded=excluded[keep],
        narrow=np.asarray(narrow, dtype=object)[keep],
        own_coefficient=np.asarray(own, dtype=float)[keep],
        branch=branch[keep],
        flows=Z,
        non_supplier=non_supplier[keep],
    )


def _industries_at_level(
    dataset: Dataset, scheme_level: str | None, ids: np.ndarray, what: str
) -> np.ndarray:
    """Each firm's industry at ``"SCHEME:level"`` ("" when none, or no level given)."""
    if scheme_level is None:
        return np.full(len(ids), "", dtype=object)
    scheme, _, level = scheme_level.partition(":")
    known = dataset.industries
    if not ((known["scheme"] == scheme) & (known["level"] == level)).any():
        raise UsageError(
            f"{what} {scheme_level!r}: the dataset has no industries of scheme {scheme!r} "
            f"at level {level!r}"
        )
    at = company_industries_at(dataset, scheme, level)
    return np.asarray(at.reindex(ids).fillna("").to_numpy(object), dtype=object)


def _industry_at(dataset: Dataset, code: str, what: str) -> pd.Series:
    """Company id -> its industry at ``code``'s scheme and level (to compare with ``code``)."""
    industries = dataset.industries.set_index("code")
    if code not in industries.index:
        raise UsageError(f"{what}: industry {code!r} is not in the dataset's industries")
    row = industries.loc[code]
    return company_industries_at(dataset, str(row["scheme"]), str(row["level"]))


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
    if len(above) + len(tied) <= k:  # the cut-off falls after the tied group: no choice
        return np.concatenate([above, tied]), 0, 0
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
    min_coefficient: float,
    excluded_industries: Sequence[str],
    competitor_level: str | None,
    branch_level: str | None = None,
    directed: bool = False,
    non_suppliers: Sequence[str] = (),
) -> dict[str, Any]:
    return {
        "rule": RULE,
        "k": k,
        "min_ratio": min_ratio,
        "io_scheme": io_scheme,
        "io_year": io_year,
        "decay_km": decay_km,
        "size_column": size_column,
        "min_coefficient": min_coefficient,
        "excluded_industries": list(excluded_industries),
        "competitor_level": competitor_level,
        "branch_level": branch_level,
        "directed": directed,
        "non_suppliers": list(non_suppliers),
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
