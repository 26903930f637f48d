"""Input-output analysis: the table, Leontief and Ghosh inverses, and regional shock exposure.

An :class:`InputOutputTable` holds intermediate flows Z (z_ij from sector i to
sector j), gross output x and final use f (x = Z 1 + f). Technical coefficients
A = Z diag(x)^-1 (a_ij = z_ij / x_j); allocation coefficients
B = diag(x)^-1 Z (b_ij = z_ij / x_i).

Examples
--------
>>> import pandas as pd
>>> Z = pd.DataFrame([[25.0, 175.0], [40.0, 20.0]], index=["agri", "manu"],
...                  columns=["agri", "manu"])
>>> io = InputOutputTable(Z, output=pd.Series({"agri": 250.0, "manu": 120.0}))
>>> io.final_use.tolist()
[50.0, 60.0]
>>> (leontief_inverse(io.technical_coefficients) @ io.final_use).round(9).tolist()
[250.0, 120.0]
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError
from clusteratlas.graph.definitions.io_table import InputOutputTable
from clusteratlas.graph.definitions.matrix import check_matrix, region_shares

__all__ = [
    "InputOutputTable",
    "apportion_effects",
    "apportion_shares",
    "demand_shock_effects",
    "ghosh_inverse",
    "leontief_inverse",
    "sector_weights",
    "shock_exposure",
    "shock_loss_matrix",
    "supply_dependency",
    "supply_shock_effects",
]

Uncovered = Literal["unaffected", "raise"]
ShockSize = Literal["proportional", "equal"]


def _inverse(C: pd.DataFrame, name: str) -> pd.DataFrame:
    m = check_matrix(C, name)
    if list(m.index) != list(m.columns):
        raise MatrixError(f"{name}: must be square with the same sectors on both axes")
    eye = np.eye(len(m))
    try:
        inv = np.linalg.inv(eye - m.to_numpy())
    except np.linalg.LinAlgError as e:
        raise MatrixError(f"{name}: I - {name} is singular") from e
    return pd.DataFrame(inv, index=m.index, columns=m.columns)


def leontief_inverse(A: pd.DataFrame) -> pd.DataFrame:
    """Leontief inverse L = (I - A)^-1: total output of i needed per unit final demand for j.

    x = L f (demand-driven model); dx = L df.

    Parameters
    ----------
    A : DataFrame
        Technical coefficients, square with the same sectors on both axes, finite,
        >= 0 (:attr:`InputOutputTable.technical_coefficients`).

    Returns
    -------
    DataFrame
        L, same labels as ``A``.

    Raises
    ------
    MatrixError
        ``A`` is not square with the same labels, holds a negative or non-finite
        value, or I - A is singular.

    References
    ----------
    Leontief, W. (1936). Quantitative input and output relations in the economic system
    of the United States. Review of Economics and Statistics 18(3), 105-125.
    Miller, R. E. & Blair, P. D. (2009). Input-Output Analysis, 2nd ed., ch. 2.

    Examples
    --------
    >>> import pandas as pd
    >>> A = pd.DataFrame([[0.5, 0.0], [0.0, 0.0]], index=["a", "b"], columns=["a", "b"])
    >>> leontief_inverse(A).to_numpy().tolist()
    [[2.0, 0.0], [0.0, 1.0]]
    """
    return _inverse(A, "A")


def ghosh_inverse(B: pd.DataFrame) -> pd.DataFrame:
    """Ghosh inverse G = (I - B)^-1 of the allocation coefficients (supply-driven model).

    x' = v' G: a change dv in primary inputs of sector k changes outputs by dv_k G_k.

    Parameters
    ----------
    B : DataFrame
        Allocation coefficients, square with the same sectors on both axes, finite,
        >= 0 (:attr:`InputOutputTable.allocation_coefficients`).

    Returns
    -------
    DataFrame
        G, same labels as ``B``.

    Raises
    ------
    MatrixError
        ``B`` is not square with the same labels, holds a negative or non-finite
        value, or I - B is singular.

    References
    ----------
    Ghosh, A. (1958). Input-output approach in an allocation system. Economica 25(97),
    58-64. Miller & Blair (2009), ch. 12.

    Examples
    --------
    >>> import pandas as pd
    >>> B = pd.DataFrame([[0.0, 0.5], [0.0, 0.0]], index=["a", "b"], columns=["a", "b"])
    >>> ghosh_inverse(B).to_numpy().tolist()
    [[1.0, 0.5], [0.0, 1.0]]
    """
    return _inverse(B, "B")


def _covered_shares(E: pd.DataFrame, io: InputOutputTable, uncovered: Uncovered) -> pd.DataFrame:
    """Region shares s_ri restricted to I-O sectors (shares still over the region's total)."""
    E = check_matrix(E)
    missing = [c for c in E.columns if c not in io.sectors]
    if missing and uncovered == "raise":
        raise MatrixError(f"E: industries {missing[:5]} have no input-output sector")
    return region_shares(E).reindex(columns=io.sectors, fill_value=0.0)


def demand_shock_effects(
    io: InputOutputTable, shock: float = 0.1, size: ShockSize = "proportional"
) -> pd.DataFrame:
    """Relative output loss of every sector i from a fall in sector k's final demand.

    ``size="proportional"`` (a fall of ``shock`` in k's own final demand):
    ``effects[i, k] = shock * L_ik * max(f_k, 0) / x_i`` with L = (I - A)^-1 (rows i are
    the sectors that lose, columns k the shocked ones). A region with shares s_r over
    these sectors loses ``s_r @ effects`` (see :func:`shock_loss_matrix`). A sector whose
    domestic final use is negative (imports exceed it) has no demand to lose.

    ``size="equal"`` (the same absolute amount removed from each sector in turn):
    ``effects[i, k] = L_ik * d / x_i`` with ``d = shock * sum_k max(f_k, 0) / K`` (K the
    number of sectors), so no sector's shock is larger because the sector is larger:
    the worst case says how concentrated a region's exposure is. A linear model: for a
    sector whose final demand is below d the fall exceeds what it sells to final users
    (read it as a marginal effect, scaled). Under proportional shocks sum_k L_ik f_k =
    x_i, so every row sums to ``shock`` (the mean loss ranks nothing); under equal shocks
    row i sums to d sum_k L_ik / x_i, which differs by sector.

    Parameters
    ----------
    io : InputOutputTable
        The national table (flows Z, output x, final use f).
    shock : float, default 0.1
        The relative fall (0.1 = 10%) in the shocked sector's final demand; losses are linear
        in it.
    size : {"proportional", "equal"}, default "proportional"
        ``shock`` x the sector's own final demand, or ``shock`` x the mean final demand
        per sector for every sector.

    Returns
    -------
    DataFrame
        Sector x sector (rows i lose, columns k shocked): the share of i's output lost.

    Raises
    ------
    MatrixError
        I - A is singular, or ``size`` is not one of the two.

    Examples
    --------
    >>> import pandas as pd
    >>> Z = pd.DataFrame([[0.0, 50.0], [0.0, 0.0]], index=["a", "b"], columns=["a", "b"])
    >>> io = InputOutputTable(Z, pd.Series({"a": 100.0, "b": 100.0}))
    >>> demand_shock_effects(io, shock=1.0).to_numpy().tolist()  # f = (50, 100)
    [[0.5, 0.5], [0.0, 1.0]]
    >>> demand_shock_effects(io, shock=1.0, size="equal").to_numpy().tolist()  # d = 150 / 2
    [[0.75, 0.375], [0.0, 0.75]]
    """
    if size not in ("proportional", "equal"):
        raise MatrixError(f"shock size must be 'proportional' or 'equal', got {size!r}")
    L = leontief_inverse(io.technical_coefficients).to_numpy()
    f, x = io.final_use.clip(lower=0).to_numpy(), io.output.to_numpy()
    if size == "equal":
        f = np.full_like(f, f.sum() / len(f))  # the same amount d / shock for every k
    rel = shock * L * f[None, :] / x[:, None]  # rel[i, k] = shock L_ik f_k / x_i
    return pd.DataFrame(rel, index=io.sectors, columns=io.sectors)


def sector_weights(io: InputOutputTable, mapping: pd.Series) -> pd.Series:
    """National weight of each I-O sector within the industry of E it maps to.

    ``w_j = x_j / sum_{j': m(j') = m(j)} x_j'`` with x the table's gross output and m
    the mapping of sectors to E's industries (the bundled data: NBS42 sector -> its
    GB/T 4754 section through ``parent_code``). The weights of the sectors of one
    industry sum to 1. This is the apportioning rule of the sector-level shocks
    (:func:`apportion_shares`): without county data by sector, a county's activity in
    a section is split over the section's sectors in the national mix.

    Parameters
    ----------
    io : InputOutputTable
        The table at its own (finer) sectors.
    mapping : Series
        Sector -> industry of E; sectors without an entry get no weight.

    Returns
    -------
    Series
        w_j indexed by the mapped sectors (in the table's order).

    Examples
    --------
    >>> Z = pd.DataFrame(0.0, index=["c1", "c2", "a"], columns=["c1", "c2", "a"])
    >>> io = InputOutputTable(Z, pd.Series({"c1": 30.0, "c2": 10.0, "a": 5.0}))
    >>> sector_weights(io, pd.Series({"c1": "C", "c2": "C", "a": "A"})).tolist()
    [0.75, 0.25, 1.0]
    """
    m = pd.Series(mapping, dtype="object").reindex(io.sectors).dropna()
    x = io.output.reindex(m.index)
    return (x / x.groupby(m).transform("sum")).rename("weight")


def apportion_shares(
    shares: pd.DataFrame, io: InputOutputTable, mapping: pd.Series
) -> pd.DataFrame:
    """Region shares by I-O sector: s_rj = s_r,m(j) * w_j (:func:`sector_weights`).

    Parameters
    ----------
    shares : DataFrame
        Region x industry shares of E (rows sum to 1).
    io : InputOutputTable
        The table at its own sectors.
    mapping : Series
        Sector -> industry of E.

    Returns
    -------
    DataFrame
        Region x sector (the mapped sectors of the table): s_rj. A region's sector shares
        sum to its share in industries that have a sector (the rest, e.g. GB/T 4754 T,
        has no I-O sector).

    Examples
    --------
    >>> Z = pd.DataFrame(0.0, index=["c1", "c2", "a"], columns=["c1", "c2", "a"])
    >>> io = InputOutputTable(Z, pd.Series({"c1": 30.0, "c2": 10.0, "a": 5.0}))
    >>> s = pd.DataFrame({"A": [0.2], "C": [0.8]}, index=["r"])
    >>> apportion_shares(s, io, pd.Series({"c1": "C", "c2": "C", "a": "A"})).loc["r"].tolist()
    [0.6000000000000001, 0.2, 0.2]
    """
    w = sector_weights(io, mapping)
    m = pd.Series(mapping, dtype="object").reindex(w.index)
    parent = shares.reindex(columns=m.to_numpy(), fill_value=0.0).to_numpy()
    return pd.DataFrame(parent * w.to_numpy()[None, :], index=shares.index, columns=w.index)


def apportion_effects(
    effects: pd.DataFrame, io: InputOutputTable, mapping: pd.Series, industries: list[str]
) -> pd.DataFrame:
    """Sector effects folded onto E's industries: M[i, k] = sum_{j: m(j) = i} w_j effects[j, k].

    For any region, ``shares @ M`` equals ``apportion_shares(shares) @ effects``: the
    loss from a shock to I-O sector k with the region's activity in each industry split
    over its sectors in the national mix. With demand effects shock L_jk f_k / x_j and
    w_j = x_j / X_i this is shock (sum_{j in i} L_jk) f_k / X_i, industry i's output loss
    as a share of its output.

    Parameters
    ----------
    effects : DataFrame
        Sector x shocked sector (:func:`demand_shock_effects`, :func:`supply_shock_effects`
        of the table at its own sectors).
    io : InputOutputTable
        That table.
    mapping : Series
        Sector -> industry of E.
    industries : list of str
        E's industries (rows of the result; 0 for one without a sector).

    Returns
    -------
    DataFrame
        Industry x shocked sector.

    Examples
    --------
    >>> Z = pd.DataFrame(0.0, index=["c1", "c2", "a"], columns=["c1", "c2", "a"])
    >>> io = InputOutputTable(Z, pd.Series({"c1": 30.0, "c2": 10.0, "a": 5.0}))
    >>> eff = demand_shock_effects(io, 0.1)  # no flows: each sector loses 10% of itself
    >>> M = apportion_effects(eff, io, pd.Series({"c1": "C", "c2": "C", "a": "A"}), ["A", "C"])
    >>> M.round(3).to_numpy().tolist()
    [[0.0, 0.0, 0.1], [0.075, 0.025, 0.0]]
    """
    w = sector_weights(io, mapping)
    m = pd.Series(mapping, dtype="object").reindex(w.index)
    weighted = effects.loc[w.index].mul(w, axis=0)
    out = weighted.groupby(m.to_numpy()).sum()
    return out.reindex(index=list(industries), fill_value=0.0)


def supply_shock_effects(io: InputOutputTable, shock: float = 0.1) -> pd.DataFrame:
    """Relative output loss of every sector i from a fall of ``shock`` in sector k's primary inputs.

    Forward (Ghosh) propagation, the shocked sector's own direct loss excluded:
    ``effects[i, k] = shock * v_k * (G_ki - delta_ki) / x_i`` with G = (I - B)^-1 and
    v = x - 1'Z (rows i lose, columns k are shocked). A region with shares s_r loses
    ``s_r @ effects`` (see :func:`supply_dependency`).

    Parameters
    ----------
    io : InputOutputTable
        The national table (flows Z, output x, final use f).
    shock : float, default 0.1
        The relative fall (0.1 = 10%) in the shocked sector's primary inputs; losses are linear
        in it.

    Returns
    -------
    DataFrame
        Sector x sector (rows i lose, columns k shocked): the share of i's output lost.

    Raises
    ------
    MatrixError
        I - B is singular.

    Examples
    --------
    >>> import pandas as pd
    >>> Z = pd.DataFrame([[0.0, 50.0], [0.0, 0.0]], index=["a", "b"], columns=["a", "b"])
    >>> io = InputOutputTable(Z, pd.Series({"a": 100.0, "b": 100.0}))
    >>> supply_shock_effects(io, shock=1.0).to_numpy().tolist()  # b buys half of a's output
    [[0.0, 0.0], [0.5, 0.0]]
    """
    G = ghosh_inverse(io.allocation_coefficients).to_numpy() - np.eye(len(io.sectors))
    v, x = io.primary_inputs.to_numpy(), io.output.to_numpy()
    rel = shock * (v[None, :] * G.T) / x[:, None]  # rel[i, k] = shock v_k (G_ki - d_ki) / x_i
    return pd.DataFrame(rel, index=io.sectors, columns=io.sectors)


def shock_loss_matrix(
    E: pd.DataFrame, io: InputOutputTable, shock: float = 0.1, uncovered: Uncovered = "unaffected"
) -> pd.DataFrame:
    """Loss of every region from a fall of ``shock`` in each sector's final demand.

    A fall df = -shock * f_k e_k changes outputs by dx = L df, so sector i loses
    shock * L_ik f_k / x_i of its output (:func:`demand_shock_effects`). Region r loses
    loss_r(k) = sum_i s_ri * shock * L_ik f_k / x_i, its employment-weighted output loss
    (a share of the region's activity; columns k are the shocked sectors).

    Industries of ``E`` with no I-O sector are ``"unaffected"`` (loss 0, their share
    still counts in the denominator) or ``"raise"``. A sector whose domestic final use
    is negative (imports exceed it, e.g. mining) has no demand to lose: f_k is taken
    as max(f_k, 0).

    Parameters
    ----------
    E : DataFrame
        Region x industry amounts (finite, >= 0); industries labelled like the
        table's sectors.
    io : InputOutputTable
        The national table (flows Z, output x, final use f).
    shock : float, default 0.1
        The relative fall (0.1 = 10%) in the shocked sector's final demand; losses are linear
        in it.
    uncovered : {"unaffected", "raise"}, default "unaffected"
        What an industry of ``E`` without an I-O sector does: lose nothing (its share
        still counts in the region's total), or raise MatrixError.

    Returns
    -------
    DataFrame
        Region x shocked sector: loss_r(k), a share of the region's activity (NaN for
        a region whose row sums to 0).

    Raises
    ------
    MatrixError
        ``E`` is not a valid matrix, an industry has no sector (with
        ``uncovered="raise"``), or I - A is singular.

    Examples
    --------
    >>> import pandas as pd
    >>> Z = pd.DataFrame([[0.0, 50.0], [0.0, 0.0]], index=["a", "b"], columns=["a", "b"])
    >>> io = InputOutputTable(Z, pd.Series({"a": 100.0, "b": 100.0}))
    >>> E = pd.DataFrame({"a": [1.0], "b": [1.0]}, index=["r"])
    >>> shock_loss_matrix(E, io, shock=1.0).loc["r"].tolist()
    [0.25, 0.75]
    """
    s = _covered_shares(E, io, uncovered)
    rel = demand_shock_effects(io, shock).to_numpy()
    return pd.DataFrame(s.to_numpy() @ rel, index=s.index, columns=io.sectors)


def shock_exposure(
    E: pd.DataFrame, io: InputOutputTable, shock: float = 0.1, uncovered: Uncovered = "unaffected"
) -> pd.DataFrame:
    """Per region: worst and mean loss over single-sector demand shocks, and the worst sector.

    From :func:`shock_loss_matrix`: ``worst_loss`` = max_k loss_r(k), ``worst_sector``
    = argmax_k, ``mean_loss`` = mean_k loss_r(k) (unweighted over the I-O sectors), and
    ``io_coverage`` = the share of the region's amount in industries the I-O table
    covers (the rest is assumed unaffected). Because L f = x, the mean over k equals
    shock * io_coverage / K for every region (the worst case is what differs). Even a
    region evenly spread over many sectors is exposed when those sectors all sell,
    directly or indirectly, to one sector of final demand: shares alone are not
    insulation.

    Parameters
    ----------
    E : DataFrame
        Region x industry amounts (finite, >= 0); industries labelled like the
        table's sectors.
    io : InputOutputTable
        The national table (flows Z, output x, final use f).
    shock : float, default 0.1
        The relative fall (0.1 = 10%) in the shocked sector's final demand; losses are linear
        in it.
    uncovered : {"unaffected", "raise"}, default "unaffected"
        What an industry of ``E`` without an I-O sector does: lose nothing (its share
        still counts in the region's total), or raise MatrixError.

    Returns
    -------
    DataFrame
        Indexed by region: ``worst_loss``, ``mean_loss`` (shares of the region's
        activity), ``worst_sector`` (a sector label; ``"None"`` for an empty region)
        and ``io_coverage`` (in [0, 1]).

    Raises
    ------
    MatrixError
        ``E`` is not a valid matrix, an industry has no sector (with
        ``uncovered="raise"``), or I - A is singular.

    References
    ----------
    Acemoglu, D., Carvalho, V. M., Ozdaglar, A. & Tahbaz-Salehi, A. (2012). The network
    origins of aggregate fluctuations. Econometrica 80(5), 1977-2016.

    Examples
    --------
    >>> import pandas as pd
    >>> Z = pd.DataFrame([[0.0, 50.0], [0.0, 0.0]], index=["a", "b"], columns=["a", "b"])
    >>> io = InputOutputTable(Z, pd.Series({"a": 100.0, "b": 100.0}))
    >>> E = pd.DataFrame({"a": [1.0], "b": [1.0], "T": [2.0]}, index=["r"])
    >>> shock_exposure(E, io, shock=1.0).loc["r"].to_dict()
    {'worst_loss': 0.375, 'mean_loss': 0.25, 'worst_sector': 'b', 'io_coverage': 0.5}
    """
    losses = shock_loss_matrix(E, io, shock, uncovered)
    coverage = _covered_shares(E, io, "unaffected").sum(axis=1, min_count=1)
    empty = losses.isna().all(axis=1)
    worst_sector = losses.fillna(-np.inf).idxmax(axis=1).astype("object").where(~empty, None)
    return pd.DataFrame(
        {
            "worst_loss": losses.max(axis=1),
            "mean_loss": losses.mean(axis=1),
            "worst_sector": worst_sector.astype("str"),
            "io_coverage": coverage,
        },
        index=losses.index,
    )


def supply_dependency(
    E: pd.DataFrame, io: InputOutputTable, shock: float = 0.1, uncovered: Uncovered = "unaffected"
) -> pd.DataFrame:
    """Per region: the upstream sector whose supply failure hurts it most through the I-O chain.

    A fall of ``shock`` in sector k's primary inputs propagates forward (Ghosh):
    dx_i = shock * v_k (G_ki - delta_ki), only the indirect effect on the sectors that
    buy from k (the direct loss of k itself is excluded, so this is a dependency, not
    a size effect). dep_r(k) = sum_i s_ri dx_i / x_i; ``main_dependency`` = argmax_k,
    ``dependency_loss`` = max_k. The Ghosh model assumes fixed allocation shares,
    which is implausible as a causal model (Oosterhaven 1988); read it as a ranking of
    forward linkages.

    Parameters
    ----------
    E : DataFrame
        Region x industry amounts (finite, >= 0); industries labelled like the
        table's sectors.
    io : InputOutputTable
        The national table (flows Z, output x, final use f).
    shock : float, default 0.1
        The relative fall (0.1 = 10%) in the shocked sector's primary inputs; losses are linear
        in it.
    uncovered : {"unaffected", "raise"}, default "unaffected"
        What an industry of ``E`` without an I-O sector does: lose nothing (its share
        still counts in the region's total), or raise MatrixError.

    Returns
    -------
    DataFrame
        Indexed by region: ``main_dependency`` (the sector k of the largest loss;
        ``"None"`` for an empty region) and ``dependency_loss`` (that loss, a share of
        the region's activity).

    Raises
    ------
    MatrixError
        ``E`` is not a valid matrix, an industry has no sector (with
        ``uncovered="raise"``), or I - B is singular.

    References
    ----------
    Ghosh (1958); Miller & Blair (2009), ch. 12; Oosterhaven, J. (1988). On the
    plausibility of the supply-driven input-output model. J. Regional Science 28(2).

    Examples
    --------
    >>> import pandas as pd
    >>> Z = pd.DataFrame([[0.0, 50.0], [0.0, 0.0]], index=["a", "b"], columns=["a", "b"])
    >>> io = InputOutputTable(Z, pd.Series({"a": 100.0, "b": 100.0}))
    >>> supply_dependency(pd.DataFrame({"b": [1.0]}, index=["r"]), io).loc["r"].to_dict()
    {'main_dependency': 'a', 'dependency_loss': 0.05}
    """
    s = _covered_shares(E, io, uncovered)
    rel = supply_shock_effects(io, shock).to_numpy()
    dep = pd.DataFrame(s.to_numpy() @ rel, index=s.index, columns=io.sectors)
    empty = dep.isna().all(axis=1)
    main = dep.fillna(-np.inf).idxmax(axis=1).astype("object").where(~empty, None)
    return pd.DataFrame(
        {"main_dependency": main.astype("str"), "dependency_loss": dep.max(axis=1)},
        index=dep.index,
    )
