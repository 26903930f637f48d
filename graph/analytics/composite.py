"""The resilience composite: a registry of components, each with its direction, and the score.

Every column that may enter the composite is a :class:`Component` in
:data:`COMPONENTS`: its name (the key of ``weights``), the column of
:func:`~clusteratlas.graph.resilience_scores` it reads, its direction (``"higher"``:
a higher value means a more resilient region; ``"lower"``: the reverse), what it
measures, its reference, how it is computed, what it needs (``"mix"``: only the
industry mix; ``"growth"``: a national growth series; ``"io"``: an input-output
table) and a vectorised ``evaluate`` that computes it from industry shares (used
for the point estimate's check and for the bootstrap replicates,
:mod:`~clusteratlas.graph.analytics.uncertainty`).

The composite of region r is ``100 * sum_c w_c p_rc / sum_c w_c`` where p_rc is the
percentile of region r on component c among the regions scored,
``p = (average rank - 1) / (n - 1)`` in [0, 1], ranked so that 1 is the most
resilient end of *that component's* direction. Adding a component is one entry
here plus its test.

Examples
--------
>>> import pandas as pd
>>> COMPONENTS["herfindahl"].direction
'lower'
>>> c = pd.DataFrame({"entropy": [0.1, 0.5, 0.9], "herfindahl": [0.6, 0.3, 0.1]})
>>> composite_score(c, {"herfindahl": 1}).tolist()  # lowest concentration ranks top
[0.0, 50.0, 100.0]
"""

from __future__ import annotations

import math
import types
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from clusteratlas.errors import ComponentDroppedWarning, MatrixError, UsageError

__all__ = [
    "COMPONENTS",
    "DEFAULT_WEIGHTS",
    "Component",
    "ComponentInputs",
    "average_ranks",
    "check_weights",
    "composite_score",
    "percentile_ranks",
]

Direction = Literal["higher", "lower"]
Needs = Literal["mix", "growth", "io"]


@dataclass(frozen=True)
class ComponentInputs:
    """What the components' ``evaluate`` functions read besides the shares.

    All arrays are aligned to the columns (industries) of E, K of them.

    Attributes
    ----------
    reference : ndarray (K,)
        The reference mix S_i (all regions scored, pooled).
    groups : ndarray (K,) of int
        Group number of each industry (for related / unrelated variety).
    growth_cov : ndarray (K, K) or None
        Sigma, with NaN rows and columns for industries without a national series.
    loss : ndarray (K, J) or None
        ``loss[i, k] = shock L_ik f_k / x_i`` (0 for industries outside the I-O table):
        shares @ loss is the loss of each region from each sector's demand shock.
    dependency : ndarray (K, J) or None
        ``dependency[i, k] = shock v_k (G_ki - delta_ki) / x_i`` (Ghosh), likewise.
    totals : ndarray (N,) or None
        Each region's sampled units, when E is a sample count (a cell's count is its share
        times its region's total); None for full counts.
    min_count : float
        Fewest sampled units for a cell's LQ to count (diversity): a specialisation from a
        handful of sampled workers is noise. 0 for full counts.
    """

    reference: np.ndarray
    groups: np.ndarray
    growth_cov: np.ndarray | None = None
    loss: np.ndarray | None = None
    dependency: np.ndarray | None = None
    totals: np.ndarray | None = None
    min_count: float = 0.0


Evaluate = Callable[[np.ndarray, ComponentInputs], np.ndarray]


@dataclass(frozen=True)
class Component:
    """One candidate of the composite: where it is, which way is better, what it means.

    ``evaluate(shares, inputs)`` maps shares of shape (..., R, K) (rows summing to 1)
    to values of shape (..., R).

    Attributes
    ----------
    name : str
        The key of ``weights`` (``"entropy"``, ``"worst_loss"``...).
    column : str
        The column of :func:`~clusteratlas.graph.resilience_scores` holding its value.
    direction : {"higher", "lower"}
        Which end is more resilient: ``"higher"`` values or ``"lower"`` ones.
    description : str
        What it measures, in one sentence (tooltips, the README's table).
    reference : str
        Its citation.
    computed : str
        How it is computed: the public function and its formula.
    needs : {"mix", "growth", "io"}
        What it needs besides the industry mix: nothing (``"mix"``), a national growth
        series (``"growth"``) or an input-output table (``"io"``).
    evaluate : callable
        ``evaluate(shares, inputs) -> values``, vectorised over leading axes (the
        bootstrap's replicates).
    """

    name: str
    column: str
    direction: Direction
    description: str
    reference: str
    computed: str
    needs: Needs
    evaluate: Evaluate = field(repr=False)


def _plogp(p: np.ndarray) -> np.ndarray:
    out = np.zeros_like(p)
    np.log(p, out=out, where=p > 0)
    return p * out


def _entropy(p: np.ndarray, inputs: ComponentInputs) -> np.ndarray:
    return -_plogp(p).sum(axis=-1)


def _herfindahl(p: np.ndarray, inputs: ComponentInputs) -> np.ndarray:
    return np.einsum("...k,...k->...", p, p)


def _hachman(p: np.ndarray, inputs: ComponentInputs) -> np.ndarray:
    S = inputs.reference
    keep = S > 0
    return 1.0 / (p[..., keep] ** 2 / S[keep]).sum(axis=-1)


def _krugman(p: np.ndarray, inputs: ComponentInputs) -> np.ndarray:
    return np.abs(p - inputs.reference).sum(axis=-1)


def _theil(p: np.ndarray, inputs: ComponentInputs) -> np.ndarray:
    S = inputs.reference
    keep = S > 0
    q = p[..., keep]
    ratio = np.zeros_like(q)
    np.divide(q, S[keep], out=ratio, where=q > 0)
    logs = np.zeros_like(q)
    np.log(ratio, out=logs, where=q > 0)
    return (q * logs).sum(axis=-1)


def _group_shares(p: np.ndarray, groups: np.ndarray) -> np.ndarray:
    n = int(groups.max()) + 1 if len(groups) else 0
    onehot = np.zeros((len(groups), n))
    onehot[np.arange(len(groups)), groups] = 1.0
    return p @ onehot


def _unrelated(p: np.ndarray, inputs: ComponentInputs) -> np.ndarray:
    return -_plogp(_group_shares(p, inputs.groups)).sum(axis=-1) / math.log(2)


def _related(p: np.ndarray, inputs: ComponentInputs) -> np.ndarray:
    return _entropy(p, inputs) / math.log(2) - _unrelated(p, inputs)


def _diversity(p: np.ndarray, inputs: ComponentInputs) -> np.ndarray:
    S = inputs.reference
    keep = S > 0
    specialised = p[..., keep] / S[keep] >= 1.0
    if inputs.totals is not None and inputs.min_count > 0:  # sample counts: enough units
        specialised &= p[..., keep] * inputs.totals[:, None] >= inputs.min_count - 1e-9
    return specialised.sum(axis=-1).astype("float64")


def _portfolio(p: np.ndarray, inputs: ComponentInputs) -> np.ndarray:
    sigma = inputs.growth_cov
    if sigma is None:
        return np.full(p.shape[:-1], np.nan)
    covered = ~np.isnan(np.diag(sigma))
    q, sig = p, sigma
    if not covered.all():  # shares rescaled over the industries with a series
        q = p[..., covered]
        with np.errstate(invalid="ignore", divide="ignore"):
            q = q / q.sum(axis=-1, keepdims=True)
        sig = sigma[np.ix_(covered, covered)]
    flat = q.reshape(-1, q.shape[-1])
    return ((flat @ sig) * flat).sum(axis=-1).reshape(q.shape[:-1])


def _worst(relation: np.ndarray | None, p: np.ndarray) -> np.ndarray:
    if relation is None:
        return np.full(p.shape[:-1], np.nan)
    flat = p.reshape(-1, p.shape[-1]) @ relation
    return flat.max(axis=-1).reshape(p.shape[:-1])


def _worst_loss(p: np.ndarray, inputs: ComponentInputs) -> np.ndarray:
    return _worst(inputs.loss, p)


def _dependency_loss(p: np.ndarray, inputs: ComponentInputs) -> np.ndarray:
    return _worst(inputs.dependency, p)


_REGISTRY = (
    Component(
        "entropy",
        "entropy",
        "higher",
        "Shannon entropy of the industry mix (nats): more, and more evenly spread, industries",
        "Shannon 1948; Attaran 1986 (entropy as a diversification index)",
        "shannon_entropy(E): -sum_i s_ri ln s_ri",
        "mix",
        _entropy,
    ),
    Component(
        "herfindahl",
        "herfindahl",
        "lower",
        "Herfindahl concentration of the industry mix: 1 = a single industry",
        "Herfindahl 1950",
        "herfindahl(E): sum_i s_ri^2",
        "mix",
        _herfindahl,
    ),
    Component(
        "hachman",
        "hachman",
        "higher",
        "Hachman index: similarity to the pooled mix of all regions scored (1 = the same mix)",
        "Hachman 1995",
        "hachman_index(E): 1 / sum_i s_ri^2 / S_i",
        "mix",
        _hachman,
    ),
    Component(
        "krugman",
        "krugman",
        "lower",
        "Krugman dissimilarity from the pooled mix of all regions scored (0..2)",
        "Krugman 1991",
        "krugman_index(E): sum_i |s_ri - S_i|",
        "mix",
        _krugman,
    ),
    Component(
        "theil",
        "theil",
        "lower",
        "Theil specialisation: divergence of the mix from the pooled mix (nats)",
        "Theil 1967",
        "theil_specialisation(E): sum_i s_ri ln(s_ri / S_i)",
        "mix",
        _theil,
    ),
    Component(
        "unrelated_variety",
        "unrelated_variety",
        "higher",
        "Entropy across industry groups (bits): spread over unrelated activities, which "
        "dampens a shock to one group",
        "Frenken, Van Oort & Verburg 2007",
        "related_unrelated_variety(E, groups): -sum_g P_rg log2 P_rg",
        "mix",
        _unrelated,
    ),
    Component(
        "related_variety",
        "related_variety",
        "higher",
        "Entropy within industry groups (bits): variety among related activities, read as "
        "capacity to redeploy workers and skills",
        "Frenken, Van Oort & Verburg 2007; Boschma 2015",
        "related_unrelated_variety(E, groups): sum_g P_rg H_rg",
        "mix",
        _related,
    ),
    Component(
        "diversity",
        "diversity",
        "higher",
        "Number of industries in which the region is specialised (LQ >= 1; with sample "
        "counts, only cells of at least the minimum count)",
        "Hidalgo & Hausmann 2009",
        "diversity(rca_binary(E)): #{i: s_ri / S_i >= 1}",
        "mix",
        _diversity,
    ),
    Component(
        "portfolio_variance",
        "portfolio_variance",
        "lower",
        "Variance of the region's growth if each industry grew at its national rate",
        "Conroy 1975",
        "portfolio_variance(E, growth_covariance(national series), missing='renormalise'): "
        "s_r' Sigma s_r",
        "growth",
        _portfolio,
    ),
    Component(
        "worst_loss",
        "worst_loss",
        "lower",
        "Largest share of the region's activity lost to a fall in one sector's final demand, "
        "propagated through the Leontief inverse",
        "Leontief 1936; Miller & Blair 2009; Acemoglu et al. 2012",
        "shock_exposure(E, io, shock): max_k sum_i s_ri shock L_ik f_k / x_i",
        "io",
        _worst_loss,
    ),
    Component(
        "dependency_loss",
        "dependency_loss",
        "lower",
        "Largest share of the region's activity lost to a fall in one sector's primary "
        "inputs, propagated forward (Ghosh), the sector's own direct loss excluded",
        "Ghosh 1958; Miller & Blair 2009, ch. 12; Oosterhaven 1988",
        "supply_dependency(E, io, shock): max_k sum_i s_ri shock v_k (G_ki - delta_ki) / x_i",
        "io",
        _dependency_loss,
    ),
)

COMPONENTS: Mapping[str, Component] = types.MappingProxyType({c.name: c for c in _REGISTRY})
"""Every component the composite may weight, by name (read-only)."""

DEFAULT_WEIGHTS: Mapping[str, float] = types.MappingProxyType(
    {"entropy": 0.3, "portfolio_variance": 0.3, "worst_loss": 0.4}
)
"""Composite weights by component name (they need not sum to 1)."""


def check_weights(
    weights: Mapping[str, float], registry: Mapping[str, Component] = COMPONENTS
) -> dict[str, float]:
    """Validate composite weights: known components, finite, >= 0, not all 0.

    Parameters
    ----------
    weights : mapping of str to float
        Weight by component name (keys of ``registry``); 0 leaves a component out.
    registry : mapping of str to Component, default :data:`COMPONENTS`
        The components that may be weighted.

    Returns
    -------
    dict of str to float
        The positive weights as floats, in the order given.

    Raises
    ------
    UsageError
        An unknown component (the message lists the known ones), a negative or
        non-finite weight, or no positive weight.

    Examples
    --------
    >>> check_weights({"entropy": 1, "herfindahl": 0})
    {'entropy': 1.0}
    >>> check_weights({"diversification": 1})
    Traceback (most recent call last):
    ...
    clusteratlas.errors.UsageError: unknown resilience component 'diversification'; known: ...
    """
    out: dict[str, float] = {}
    for name, w in weights.items():
        if name not in registry:
            raise UsageError(f"unknown resilience component {name!r}; known: {', '.join(registry)}")
        try:
            value = float(w)
        except (TypeError, ValueError) as e:
            raise UsageError(f"weight of {name!r} must be a number, got {w!r}") from e
        if not math.isfinite(value) or value < 0:
            raise UsageError(f"weight of {name!r} must be finite and >= 0, got {w!r}")
        if value > 0:
            out[name] = value
    if not out:
        raise UsageError("composite weights: at least one weight must be > 0")
    return out


def average_ranks(values: np.ndarray, method: Literal["average", "min"] = "average") -> np.ndarray:
    """Ranks 1..n along the last axis, smallest first; ties get their average (or min) rank.

    NaN gets NaN and is not counted. Pure numpy (one sort), so it ranks a (B, R) stack of
    bootstrap replicates in one call; equal to ``pandas.Series.rank(method=...)`` row by row.

    Parameters
    ----------
    values : ndarray
        Any shape; ranked along the last axis.
    method : {"average", "min"}, default "average"
        The rank tied values share: their average rank, or the smallest.

    Returns
    -------
    ndarray
        float64, the shape of ``values``: ranks from 1, NaN where ``values`` is NaN.

    Examples
    --------
    >>> average_ranks(np.array([0.3, 0.1, np.nan, 0.3])).tolist()
    [2.5, 1.0, nan, 2.5]
    >>> average_ranks(np.array([0.3, 0.1, 0.3]), method="min").tolist()
    [2.0, 1.0, 2.0]
    """
    x = np.asarray(values, dtype="float64")
    order = np.argsort(x, axis=-1, kind="stable")  # NaN sort last
    ordered = np.take_along_axis(x, order, axis=-1)
    n = x.shape[-1]
    position = np.broadcast_to(np.arange(n, dtype="float64"), x.shape)
    new_group = np.ones(x.shape, dtype=bool)
    new_group[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
    first = np.maximum.accumulate(np.where(new_group, position, 0.0), axis=-1)
    if method == "min":
        sorted_ranks = first + 1.0
    else:
        last_group = np.ones(x.shape, dtype=bool)
        last_group[..., :-1] = new_group[..., 1:]
        flipped = np.where(last_group, position, n)[..., ::-1]
        last = np.minimum.accumulate(flipped, axis=-1)[..., ::-1]
        sorted_ranks = (first + last) / 2.0 + 1.0
    sorted_ranks = np.where(np.isnan(ordered), np.nan, sorted_ranks)
    ranks = np.empty_like(sorted_ranks)
    np.put_along_axis(ranks, order, sorted_ranks, axis=-1)
    return ranks


def percentile_ranks(values: np.ndarray, direction: Direction) -> np.ndarray:
    """Percentile p = (average rank - 1) / (n - 1) along the last axis, 1 = most resilient.

    Ranks run in the component's direction (``"higher"``: the largest value gets 1);
    ties share their average rank; NaN stays NaN and is not counted in n; a single
    ranked value gets 1.

    Parameters
    ----------
    values : ndarray
        Any shape (regions on the last axis).
    direction : {"higher", "lower"}
        Which end is more resilient (:attr:`Component.direction`).

    Returns
    -------
    ndarray
        float64 in [0, 1], the shape of ``values``; NaN where ``values`` is NaN.

    Examples
    --------
    >>> percentile_ranks(np.array([0.3, 0.1, np.nan, 0.2]), "lower").tolist()
    [0.0, 1.0, nan, 0.5]
    """
    x = np.asarray(values, dtype="float64")
    ranks = average_ranks(x if direction == "higher" else -x)
    n = np.sum(~np.isnan(x), axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = np.where(n > 1, (ranks - 1) / (n - 1), 1.0)
    return np.where(np.isnan(x), np.nan, pct)


def composite_score(
    components: pd.DataFrame,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    registry: Mapping[str, Component] = COMPONENTS,
) -> pd.Series:
    """100 * weighted mean of the components' percentiles, each in its declared direction.

    ``score_r = 100 * sum_c w_c p_rc / sum_c w_c`` with p from :func:`percentile_ranks`
    on column ``registry[c].column``. A region with no value for a component gets
    p = 0 for it (the least resilient end). A weighted component whose column is
    absent or entirely NaN cannot be computed: it is left out, its weight
    redistributed, and a :class:`~clusteratlas.errors.ComponentDroppedWarning` says so
    (:func:`~clusteratlas.graph.resilience_scores` reports why in ``attrs``).

    Parameters
    ----------
    components : DataFrame
        One row per region with the components' columns.
    weights : mapping of str to float, default :data:`DEFAULT_WEIGHTS`
        Weight by component name (see :data:`COMPONENTS`; entropy 0.3, portfolio
        variance 0.3, worst loss 0.4 by default); unknown names are a
        :class:`~clusteratlas.errors.UsageError`.
    registry : mapping of str to Component, default :data:`COMPONENTS`
        Name -> :class:`Component`.

    Returns
    -------
    Series
        ``resilience``, float in [0, 100], indexed like ``components``.

    Warns
    -----
    ComponentDroppedWarning
        A weighted component has no values and is left out.

    Raises
    ------
    UsageError
        Unknown component, negative weight, no positive weight.
    MatrixError
        No weighted component could be computed.

    Examples
    --------
    >>> c = pd.DataFrame({"entropy": [0.1, 0.5, 0.9], "worst_loss": [0.3, 0.2, 0.1]})
    >>> composite_score(c, {"entropy": 1, "worst_loss": 1}).tolist()
    [0.0, 50.0, 100.0]
    >>> composite_score(c, {"entropy": 1}).tolist()  # higher entropy is more resilient
    [0.0, 50.0, 100.0]
    """
    chosen = check_weights(weights, registry)
    total = np.zeros(len(components))
    weight_sum = 0.0
    dropped = []
    for name, w in chosen.items():
        column = registry[name].column
        if column not in components or components[column].isna().all():
            dropped.append(name)
            continue
        pct = percentile_ranks(components[column].to_numpy(), registry[name].direction)
        total += w * np.nan_to_num(pct, nan=0.0)
        weight_sum += w
    if dropped:
        warnings.warn(
            f"resilience composite: components {dropped} have no values and are left out; "
            "the other weights are rescaled",
            ComponentDroppedWarning,
            stacklevel=2,
        )
    if weight_sum == 0:
        raise MatrixError(f"composite_score: no weighted component could be computed ({dropped})")
    return pd.Series(100.0 * total / weight_sum, index=components.index, name="resilience")
