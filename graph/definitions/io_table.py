"""The national input-output table, defined once: which links form it, and its coefficients.

An :class:`InputOutputTable` holds intermediate flows Z (z_ij from sector i to sector
j), gross output x and final use f (x = Z 1 + f). Technical coefficients
A = Z diag(x)^-1 (a_ij = z_ij / x_j); allocation (output) coefficients
B = diag(x)^-1 Z (b_ij = z_ij / x_i). :func:`input_output_table` builds it from a
Dataset (``industry_links`` and the national region's ``gross_output``; final use
from ``industry_final_uses``, else the national ``final_use``), optionally summed into
another scheme through ``parent_code``; :func:`industry_network` is the same links as a
graph. :func:`link_output_shares` and :func:`final_use_shares` are the output
(allocation) shares of each link and each final-use row, b_ij = z_ij / x_i and
f_ik / x_i, which the graph stores and the downstream query ranks by. The analytics' Leontief and
Ghosh models, the supply-chain pages and the cluster network read the table here.

References
----------
Miller, R. E. & Blair, P. D. (2009). Input-Output Analysis: Foundations and
Extensions, 2nd ed. Cambridge University Press, ch. 2 and 12.

Examples
--------
>>> Z = pd.DataFrame([[25.0, 175.0], [40.0, 20.0]], index=["agri", "manu"],
...                  columns=["agri", "manu"])
>>> io = InputOutputTable(Z, output=pd.Series({"agri": 250.0, "manu": 120.0}))
>>> io.final_use.tolist(), io.technical_coefficients.loc["agri", "manu"].round(4)
([50.0, 60.0], np.float64(1.4583))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError
from clusteratlas.graph.definitions.cache import dataset_cached
from clusteratlas.graph.definitions.hierarchy import climb, parents_of
from clusteratlas.graph.definitions.matrix import check_matrix
from clusteratlas.graph.definitions.regions import national_region

if TYPE_CHECKING:
    from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "InputOutputTable",
    "bridge_weights",
    "bridged_matrix",
    "final_use_shares",
    "industry_mapping",
    "industry_network",
    "input_output_table",
    "io_network",
    "link_output_shares",
    "links_network",
]


@dataclass(frozen=True)
class InputOutputTable:
    """Intermediate flows ``flows`` (square, same labels on both axes), ``output`` x, and
    optional ``final_use`` f (default x - Z 1).

    Attributes
    ----------
    flows : DataFrame
        Z, z_ij the flow from sector i (row) to sector j (column), >= 0, in the
        table's money unit; rows and columns the same sectors in the same order.
    output : Series
        x, gross output by sector (> 0, finite), reindexed to the sectors.
    final_use_given : Series, optional
        f as published (final consumption, capital formation, net exports); None:
        derived as x - Z 1 (:attr:`final_use`).
    sectors : Index
        The sector labels (``flows.index``).
    final_use : Series
        f: ``final_use_given`` when given, else x - Z 1.
    primary_inputs : Series
        v = x - 1'Z (value added plus imported and other non-intermediate inputs).
    technical_coefficients : DataFrame
        A with a_ij = z_ij / x_j (inputs per unit of the buyer's output).
    allocation_coefficients : DataFrame
        B with b_ij = z_ij / x_i (share of the seller's output sold to j).

    Raises
    ------
    MatrixError
        ``flows`` is not square with the same labels on both axes, holds negative or
        missing values, or a sector has no output > 0.
    """

    flows: pd.DataFrame
    output: pd.Series
    final_use_given: pd.Series | None = None

    def __post_init__(self) -> None:
        z = check_matrix(self.flows, "flows")
        if list(z.index) != list(z.columns):
            raise MatrixError("flows: rows and columns must be the same sectors in the same order")
        x = pd.Series(self.output, dtype="float64")
        missing = [s for s in z.index if s not in x.index]
        if missing:
            raise MatrixError(f"output: no gross output for sectors {missing[:5]}")
        bad = x.reindex(z.index)
        if (bad <= 0).any() or not np.isfinite(bad).all():
            raise MatrixError(f"output: must be > 0, got {bad[bad <= 0].to_dict()}")
        object.__setattr__(self, "flows", z)
        object.__setattr__(self, "output", bad)

    @property
    def sectors(self) -> pd.Index:
        """The sector labels."""
        return self.flows.index

    @property
    def final_use(self) -> pd.Series:
        """f: as given, else x - Z 1."""
        if self.final_use_given is not None:
            return pd.Series(self.final_use_given, dtype="float64").reindex(self.sectors)
        return self.output - self.flows.sum(axis=1)

    @property
    def primary_inputs(self) -> pd.Series:
        """v = x - 1'Z (value added plus imported and other non-intermediate inputs)."""
        return self.output - self.flows.sum(axis=0)

    @property
    def technical_coefficients(self) -> pd.DataFrame:
        """A with a_ij = z_ij / x_j."""
        return self.flows.div(self.output, axis=1)

    @property
    def allocation_coefficients(self) -> pd.DataFrame:
        """B with b_ij = z_ij / x_i."""
        return self.flows.div(self.output, axis=0)

    def aggregate(self, mapping: Mapping[str, str] | pd.Series) -> InputOutputTable:
        """Sum sectors into groups (e.g. input-output sectors into sections).

        Z'_GH = sum_{i in G, j in H} z_ij, x'_G = sum_{i in G} x_i, f'_G likewise;
        coefficients are then recomputed from the sums (not averaged).

        Parameters
        ----------
        mapping : mapping or Series
            Sector -> group (every sector needs one).

        Returns
        -------
        InputOutputTable
            The table of the groups, sorted.

        Examples
        --------
        >>> Z = pd.DataFrame([[1.0, 2.0], [3.0, 4.0]], index=["a", "b"], columns=["a", "b"])
        >>> io = InputOutputTable(Z, pd.Series({"a": 10.0, "b": 10.0}))
        >>> io.aggregate({"a": "g", "b": "g"}).flows.to_numpy().tolist()
        [[10.0]]
        """
        g = pd.Series(mapping, dtype="object")
        missing = [s for s in self.sectors if s not in g.index]
        if missing:
            raise MatrixError(f"mapping: no group for sectors {missing[:5]}")
        keys = g.reindex(self.sectors).to_numpy()
        z = self.flows.groupby(keys).sum().T.groupby(keys).sum().T
        order = sorted(z.index)
        z = z.loc[order, order]
        x = self.output.groupby(keys).sum().reindex(order)
        f = self.final_use.groupby(keys).sum().reindex(order)
        return InputOutputTable(z, x, f)


def input_output_table(
    dataset: Dataset,
    year: int,
    scheme: str,
    to_scheme: str | None = None,
    region: str | None = None,
) -> InputOutputTable:
    """The national input-output table of ``year`` in ``scheme``, optionally summed into another.

    Flows come from ``industry_links`` (the links from industries of ``scheme``), gross
    output from the national region's ``gross_output`` measure, final use f_i = sum_k f_ik
    from ``industry_final_uses`` when it has every sector, else the national region's
    ``final_use`` measure when that has every sector, else f = x - Z 1. ``to_scheme``
    sums the table into the ancestors of its sectors in that scheme (``parent_code``;
    e.g. input-output sectors into the sections of the region data): flows, output and
    final use are summed and the coefficients recomputed
    (:meth:`InputOutputTable.aggregate`). Computed once per Dataset and arguments.

    Parameters
    ----------
    dataset : Dataset
    year : int
        A year of the I-O links (the scope's ``io_year``).
    scheme : str
        The scheme of the table's sectors (the scope's ``io_scheme``).
    to_scheme : str, optional
        Sum the table into this scheme.
    region : str, optional
        The region whose gross output and final use complete the table (default the
        national region, :func:`~clusteratlas.graph.definitions.regions.national_region`).

    Returns
    -------
    InputOutputTable

    Raises
    ------
    MatrixError
        No links of ``scheme`` in ``year``, or a sector without gross output.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> io = input_output_table(example_dataset(), 2020, "NBS42", to_scheme="GB4754")
    >>> io.technical_coefficients.loc["GB4754:A", "GB4754:C"]
    np.float64(0.25)
    """
    return _table(dataset, year, scheme, to_scheme, region)


@dataset_cached
def _table(
    dataset: Dataset, year: int, scheme: str, to_scheme: str | None, region: str | None
) -> InputOutputTable:
    ind = dataset.industries.set_index("code")
    in_scheme = ind.index[ind["scheme"] == scheme]
    links = dataset.industry_links
    links = links[(links["year"] == year) & links["from_code"].isin(in_scheme)]
    if links.empty:
        raise MatrixError(f"industry_links: no {scheme} links for year {year}")
    # the table's sectors: the scheme's industries with a link that year (a scheme may also
    # hold coarser levels, e.g. HS sections above the chapters the table is in)
    sectors = sorted(set(links["from_code"]) | (set(links["to_code"]) & set(in_scheme)))
    code = region or national_region(dataset)
    ri = dataset.region_industries
    national = ri[
        (ri["region_code"] == code) & (ri["year"] == year) & ri["industry_code"].isin(sectors)
    ]
    output = national[national["measure"] == "gross_output"].set_index("industry_code")["value"]
    missing = [s for s in sectors if s not in output.index]
    if missing:
        raise MatrixError(
            f"region_industries: no gross_output of region {code} in {year} for {missing[:5]}"
        )
    flows = links.pivot_table(
        index="from_code", columns="to_code", values="flow", aggfunc="sum", fill_value=0.0
    ).reindex(index=sectors, columns=sectors, fill_value=0.0)
    flows.index.name, flows.columns.name = None, None
    final = national[national["measure"] == "final_use"].set_index("industry_code")["value"]
    uses = dataset.industry_final_uses
    uses = uses[(uses["year"] == year) & uses["industry_code"].isin(sectors)]
    if set(uses["industry_code"]) == set(sectors):  # by category: one definition of f
        final = uses.groupby("industry_code")["value"].sum()
    io = InputOutputTable(
        flows.astype("float64"),
        output.reindex(sectors).astype("float64"),
        final.reindex(sectors).astype("float64") if len(final) == len(sectors) else None,
    )
    if to_scheme is None:
        return io
    mapping = industry_mapping(dataset, scheme, to_scheme)
    unmapped = [s for s in io.sectors if s not in mapping.index]
    if unmapped:
        bridged = len(bridge_weights(dataset, to_scheme, scheme)) > 0
        raise MatrixError(
            f"the {scheme} input-output sectors do not map into {to_scheme} (no parent_code "
            f"in {to_scheme} for {unmapped[:5]}"
            + (
                f"; industry_bridge.csv maps {to_scheme} onto {scheme}, which the resilience "
                "scores use, but this output needs the table summed into "
                f"{to_scheme} through parent_code)"
                if bridged
                else f"): give industry_bridge.csv rows from {to_scheme} to {scheme} (e.g. "
                "a staffing matrix of occupations by sector), or parent_code links"
            )
        )
    return io.aggregate(mapping)


def bridge_weights(dataset: Dataset, from_scheme: str, to_scheme: str) -> pd.DataFrame:
    """The ``industry_bridge`` from ``from_scheme`` to ``to_scheme`` as a matrix W.

    w_oj = the share of industry (occupation) o's units that work in sector j; each row
    sums to 1 (validated). Only rows whose ``from_code`` is in ``from_scheme`` and whose
    ``to_code`` is in ``to_scheme`` enter.

    Parameters
    ----------
    dataset : Dataset
        Its ``industries`` (schemes) and ``industry_bridge``.
    from_scheme, to_scheme : str
        E's scheme (``OCC``) and the input-output scheme (``IO``).

    Returns
    -------
    DataFrame
        Rows the ``from_scheme`` codes with bridge rows, columns the ``to_scheme`` codes
        they reach (sorted), 0 where no row; empty when the bridge has none.

    Examples
    --------
    SYNTHETIC staffing matrix: 80% of machinists work in manufacturing, 30% of clerks.

    >>> from clusteratlas.loaders.dataset import Dataset
    >>> ds = Dataset.from_frames(
    ...     regions=pd.DataFrame({"code": ["X"], "name": ["x"], "level": ["country"]}),
    ...     industries=pd.DataFrame({"code": ["O:1", "O:2", "I:A", "I:M"], "name": list("abcd"),
    ...         "scheme": ["O", "O", "I", "I"], "level": "l"}),
    ...     industry_bridge=pd.DataFrame({"from_code": ["O:1", "O:1", "O:2", "O:2"],
    ...         "to_code": ["I:A", "I:M", "I:A", "I:M"], "weight": [0.8, 0.2, 0.3, 0.7]}))
    >>> bridge_weights(ds, "O", "I").to_numpy().tolist()
    [[0.8, 0.2], [0.3, 0.7]]
    """
    bridge = dataset.industry_bridge
    scheme = dataset.industries.set_index("code")["scheme"]
    into = bridge["to_code"].map(scheme).eq(to_scheme)
    rows = bridge[bridge["from_code"].map(scheme).eq(from_scheme) & into]
    w = rows.pivot_table(
        index="from_code", columns="to_code", values="weight", aggfunc="sum", fill_value=0.0
    ).astype("float64")
    w.index.name, w.columns.name = None, None
    return w


def bridged_matrix(E: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """E read in the bridge's target sectors: E'_rj = sum_o E_ro w_oj.

    Because each row of W sums to 1, the region's total is kept, and its shares are
    s'_rj = sum_o s_ro w_oj: a relative loss in sector j reaches occupation o in
    proportion to o's staff there (sum_j w_oj loss_j). Columns of E without bridge rows
    are dropped (``E[W.index].sum(axis=1) / E.sum(axis=1)`` is the part of each region
    that the bridge covers).

    Parameters
    ----------
    E : DataFrame
        Regions x industries of the bridge's ``from_scheme`` (occupations).
    weights : DataFrame
        W from :func:`bridge_weights`.

    Returns
    -------
    DataFrame
        Regions x the bridge's target sectors, float.

    Examples
    --------
    By hand: a region of 300 machinists and 700 clerks, 80% / 30% of them in
    manufacturing: 300 * 0.8 + 700 * 0.3 = 450 in A, 300 * 0.2 + 700 * 0.7 = 550 in M.

    >>> E = pd.DataFrame({"O:1": [300.0], "O:2": [700.0]}, index=["R1"])
    >>> W = pd.DataFrame([[0.8, 0.2], [0.3, 0.7]], index=["O:1", "O:2"], columns=["I:A", "I:M"])
    >>> bridged_matrix(E, W).loc["R1"].round(9).to_dict()
    {'I:A': 450.0, 'I:M': 550.0}
    """
    common = [c for c in E.columns if c in weights.index]
    return E[common].astype("float64") @ weights.loc[common]


def industry_network(dataset: Dataset, year: int, scheme: str | None = None) -> nx.DiGraph:
    """The input-output links of ``year`` as a graph: i -> j when sector i's output is j's input.

    Parameters
    ----------
    dataset : Dataset
    year : int
    scheme : str, optional
        Only the links from industries of this scheme (None: every link of ``year``).

    Returns
    -------
    DiGraph
        Nodes the industries with a link that year; edge attrs ``flow`` (z_ij),
        ``coefficient`` (a_ij = z_ij / x_j) and ``weight`` (= a_ij). Built once per
        Dataset, year and scheme and shared: do not modify it (copy it first).

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> G = industry_network(example_dataset(), 2020)
    >>> G.edges["NBS42:01", "NBS42:06"]["coefficient"]
    0.25
    """
    return _network(dataset, year, scheme)


@dataset_cached
def _network(dataset: Dataset, year: int, scheme: str | None) -> nx.DiGraph:
    links = dataset.industry_links
    links = links[links["year"] == year]
    if scheme is not None:
        schemes = links["from_code"].map(dataset.industries.set_index("code")["scheme"])
        links = links[schemes == scheme]
    return links_network(links)


def links_network(links: pd.DataFrame) -> nx.DiGraph:
    """Input-output links as a graph, the one construction every reader shares (a Dataset's
    ``industry_links`` or the ``INPUT_TO`` relationships read back from Neo4j).

    Parameters
    ----------
    links : DataFrame
        ``from_code``, ``to_code``, ``flow``, ``coefficient`` (one row per pair).

    Returns
    -------
    DiGraph
        Edges from -> to in (from, to) order, attrs ``flow``, ``coefficient`` and
        ``weight`` (= coefficient).

    Examples
    --------
    >>> links = pd.DataFrame({"from_code": ["b", "a"], "to_code": ["a", "b"],
    ...                       "flow": [1.0, 2.0], "coefficient": [0.1, 0.2]})
    >>> list(links_network(links).edges(data="weight"))
    [('a', 'b', 0.2), ('b', 'a', 0.1)]
    """
    links = links.sort_values(["from_code", "to_code"])
    G: nx.DiGraph = nx.DiGraph()
    G.add_edges_from(
        (u, v, {"flow": float(z), "coefficient": float(a), "weight": float(a)})
        for u, v, z, a in zip(
            links["from_code"].tolist(),
            links["to_code"].tolist(),
            links["flow"].tolist(),
            links["coefficient"].tolist(),
            strict=True,
        )
    )
    return G


def industry_mapping(dataset: Dataset, from_scheme: str, to_scheme: str) -> pd.Series:
    """Industry of ``from_scheme`` -> its ancestor in ``to_scheme``, following ``parent_code``.

    Parameters
    ----------
    dataset : Dataset
    from_scheme, to_scheme : str

    Returns
    -------
    Series
        Code -> ancestor code (industries without one in ``to_scheme`` are absent).

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> industry_mapping(example_dataset(), "NBS42", "GB4754").to_dict()
    {'NBS42:01': 'GB4754:A', 'NBS42:06': 'GB4754:C'}
    """
    ind = dataset.industries
    start = sorted(ind.loc[ind["scheme"] == from_scheme, "code"])
    in_scheme = pd.Series(ind["scheme"].eq(to_scheme).to_numpy(), index=ind["code"].to_numpy())
    found = climb(parents_of(ind), in_scheme, start=start).dropna()
    return pd.Series(found.astype(str).to_dict(), dtype="str", name=to_scheme)


def io_network(io: InputOutputTable) -> nx.DiGraph:
    """An input-output table as a graph: i -> j for every positive flow z_ij.

    Parameters
    ----------
    io : InputOutputTable

    Returns
    -------
    DiGraph
        Edge attrs ``flow`` (z_ij), ``coefficient`` (a_ij = z_ij / x_j) and ``weight``
        (= a_ij), as :func:`industry_network` gives them for the table's own links.

    Examples
    --------
    >>> Z = pd.DataFrame([[0.0, 5.0], [2.0, 1.0]], index=["a", "b"], columns=["a", "b"])
    >>> G = io_network(InputOutputTable(Z, pd.Series({"a": 10.0, "b": 20.0})))
    >>> sorted(G.edges), G.edges["a", "b"]["coefficient"]
    ([('a', 'b'), ('b', 'a'), ('b', 'b')], 0.25)
    """
    Z, A = io.flows, io.technical_coefficients
    G: nx.DiGraph = nx.DiGraph()
    rows, cols = np.nonzero(Z.to_numpy() > 0)
    z, a = Z.to_numpy(), A.to_numpy()
    G.add_edges_from(
        (
            str(Z.index[i]),
            str(Z.columns[j]),
            {"flow": float(z[i, j]), "coefficient": float(a[i, j]), "weight": float(a[i, j])},
        )
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
    )
    return G


def _national_output(dataset: Dataset) -> pd.Series:
    """x_i by (industry_code, year): the national region's ``gross_output`` (empty when
    the dataset has no single national region)."""
    try:
        code = national_region(dataset)
    except MatrixError:
        return pd.Series([], dtype="float64")
    ri = dataset.region_industries
    rows = ri[(ri["region_code"] == code) & (ri["measure"] == "gross_output")]
    rows = rows[rows["value"] > 0]
    return pd.Series(
        rows["value"].astype("float64").to_numpy(),
        index=pd.MultiIndex.from_arrays([rows["industry_code"], rows["year"].astype("int64")]),
    )


def _per_output(
    dataset: Dataset, frame: pd.DataFrame, code: str, value: str, name: str
) -> pd.Series:
    x = _national_output(dataset)
    if frame.empty or x.empty:
        return pd.Series(float("nan"), index=frame.index, dtype="float64", name=name)
    keys = pd.MultiIndex.from_arrays([frame[code], frame["year"].astype("int64")])
    out = x.reindex(keys).to_numpy()
    return pd.Series(frame[value].to_numpy(dtype="float64") / out, index=frame.index, name=name)


def link_output_shares(dataset: Dataset) -> pd.Series:
    """Output (allocation) share of every input-output link: b_ij = z_ij / x_i.

    The share of supplier i's gross output x_i (the national region's ``gross_output``
    of i in the link's year) that sector j buys as intermediate input: the Ghosh
    allocation coefficient, :attr:`InputOutputTable.allocation_coefficients` row by row
    (where a_ij = z_ij / x_j is the share of the buyer's inputs, b_ij is the share of
    the seller's output). With :func:`final_use_shares` it allocates x_i in full:
    sum_j b_ij + sum_k f_ik / x_i = 1 when x_i = sum_j z_ij + sum_k f_ik.

    Parameters
    ----------
    dataset : Dataset
        Its ``industry_links``, ``regions`` (the national region) and
        ``region_industries`` (its ``gross_output``).

    Returns
    -------
    Series
        float, aligned to ``dataset.industry_links``; NaN where x_i is unknown (no
        national region, or no gross output of i that year).

    References
    ----------
    Ghosh, A. (1958). Input-output approach in an allocation system. *Economica*
    25(97), 58-64. Miller & Blair (2009), section 12.1.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> link_output_shares(example_dataset()).tolist()  # 50 / 100, 10 / 200
    [0.5, 0.05]
    """
    return _per_output(dataset, dataset.industry_links, "from_code", "flow", "output_share")


def final_use_shares(dataset: Dataset) -> pd.Series:
    """Share of every industry's output that each final-use category buys: f_ik / x_i.

    x_i is the national region's ``gross_output`` of i in the row's year, as in
    :func:`link_output_shares`; negative where f_ik is (an inventory drawn down).

    Parameters
    ----------
    dataset : Dataset
        Its ``industry_final_uses``, ``regions`` and ``region_industries``.

    Returns
    -------
    Series
        float, aligned to ``dataset.industry_final_uses``; NaN where x_i is unknown.

    References
    ----------
    Miller, R. E. & Blair, P. D. (2009), sections 2.2 and 12.1.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> ds = example_dataset()
    >>> ds = ds.replace(industry_final_uses=pd.DataFrame({
    ...     "industry_code": ["NBS42:01", "NBS42:01"], "year": [2020, 2020],
    ...     "category": ["exports", "inventory_change"], "value": [40.0, 10.0]}))
    >>> final_use_shares(ds).tolist()  # with b = 0.5 to NBS42:06, x_01 = 100 is allocated
    [0.4, 0.1]
    """
    return _per_output(dataset, dataset.industry_final_uses, "industry_code", "value", "share")
