"""The columns of the region score and cluster tables, declared once: type, meaning, unit.

:func:`~clusteratlas.graph.analytics.resilience.resilience_scores` returns one row per
region with these columns (``tests/unit/test_resilience_bundled.py`` checks that it
returns exactly these); ``analyze --write-back`` stores them as properties of
``(:Region)-[:HAS_SCORES]->(:Analysis)`` (the Neo4j schema declares that relationship's
properties from :data:`REGION_SCORE_COLUMNS`) and ``docs/graph-model.md`` documents them
from here. Losses are shares of the region's activity (0.01 = 1%); "E's unit" is the
scope's unit (the bundled data: sampled persons).

Examples
--------
>>> REGION_SCORE_COLUMNS["worst_loss"].unit
"share of the region's activity, 0-1 (0.01 = 1%)"
>>> REGION_SCORE_COLUMNS["rank"].type
'int'
>>> CLUSTER_SCORE_COLUMNS["lq"].type
'float'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

__all__ = ["CLUSTER_SCORE_COLUMNS", "REGION_SCORE_COLUMNS", "SAMPLE_ONLY_COLUMNS", "ScoreColumn"]


@dataclass(frozen=True)
class ScoreColumn:
    """One column of the region score table.

    Attributes
    ----------
    type : str
        ``float``, ``int``, ``bool`` or ``str`` (the Neo4j property type).
    meaning : str
        What it is (the formula in words).
    unit : str
        Its unit or range.
    """

    type: Literal["float", "int", "bool", "str"]
    meaning: str
    unit: str


_LOSS = "share of the region's activity, 0-1 (0.01 = 1%)"
_NATS = "nats (natural log)"


def _c(type_: Literal["float", "int", "bool", "str"], meaning: str, unit: str) -> ScoreColumn:
    return ScoreColumn(type_, meaning, unit)


REGION_SCORE_COLUMNS: Mapping[str, ScoreColumn] = MappingProxyType(
    {
        "amount": _c("float", "row total of the measure over the region's industries", "E's unit"),
        "sample_size": _c(
            "int",
            "sampled units behind the row when the measure is declared a sample count "
            "(null otherwise)",
            "count (the bundled data: sampled workers)",
        ),
        "small_sample": _c("bool", "sample_size below the analysis' min_sample", "true/false"),
        "n_industries": _c("int", "industries with a value above 0", "count"),
        "entropy": _c("float", "Shannon entropy -sum s ln s of the industry shares", _NATS),
        "entropy_low": _c("float", "lower end of entropy's bootstrap interval", _NATS),
        "entropy_high": _c("float", "upper end of entropy's bootstrap interval", _NATS),
        "herfindahl": _c("float", "Herfindahl index sum s^2 of the industry shares", "0-1"),
        "herfindahl_low": _c("float", "lower end of herfindahl's bootstrap interval", "0-1"),
        "herfindahl_high": _c("float", "upper end of herfindahl's bootstrap interval", "0-1"),
        "hachman": _c(
            "float", "Hachman index 1 / sum_i s_ri LQ_ri (similarity to all regions' mix)", "0-1"
        ),
        "krugman": _c(
            "float", "Krugman dissimilarity sum_i |s_ri - S_i| against all regions' mix", "0-2"
        ),
        "theil": _c("float", "Theil index sum_i s_ri ln(s_ri / S_i) against all regions", _NATS),
        "unrelated_variety": _c(
            "float", "entropy between industry groups (Frenken et al. 2007)", "bits (log2)"
        ),
        "related_variety": _c(
            "float", "share-weighted entropy within industry groups", "bits (log2)"
        ),
        "diversity": _c("int", "industries with LQ >= 1 (Hidalgo & Hausmann 2009)", "count"),
        "eci": _c(
            "float",
            "Economic Complexity Index of the region (standardised over the regions scored)",
            "z-score",
        ),
        "portfolio_variance": _c(
            "float",
            "s_r' Sigma s_r, Sigma the covariance of national annual growth rates (Conroy 1975)",
            "squared annual growth rate",
        ),
        "growth_coverage": _c(
            "float", "share of the region's activity in industries with a national series", "0-1"
        ),
        "worst_loss": _c(
            "float",
            "largest loss over single-sector final-demand shocks (Leontief), at the scope's "
            "shock level and size",
            _LOSS,
        ),
        "worst_sector": _c(
            "str",
            "the sector whose shock hurts the region most beyond the nation (an I-O sector "
            "at shock level io-sectors)",
            "SCHEME:CODE",
        ),
        "worst_sector_name": _c("str", "that sector's name", "text"),
        "worst_sector_loss": _c("float", "the region's loss from that sector's shock", _LOSS),
        "worst_sector_excess": _c(
            "float", "that loss minus the nation's loss from the same shock", _LOSS
        ),
        "mean_loss": _c("float", "mean loss over the sector shocks", _LOSS),
        "io_coverage": _c(
            "float", "share of the region's activity in sectors of the I-O table", "0-1"
        ),
        "dependency_loss": _c(
            "float", "largest loss over single-sector primary-input shocks (Ghosh)", _LOSS
        ),
        "main_dependency": _c(
            "str", "the supplying sector whose shock hurts most beyond the nation", "SCHEME:CODE"
        ),
        "main_dependency_name": _c("str", "that sector's name", "text"),
        "main_dependency_loss": _c("float", "the region's loss from that sector's shock", _LOSS),
        "main_dependency_excess": _c(
            "float", "that loss minus the nation's loss from the same shock", _LOSS
        ),
        "resilience": _c("float", "weighted mean of the components' percentiles (README)", "0-100"),
        "resilience_low": _c("float", "lower end of resilience's bootstrap interval", "0-100"),
        "resilience_high": _c("float", "upper end of resilience's bootstrap interval", "0-100"),
        "rank": _c("int", "rank by resilience among the regions scored (1 = most)", "rank"),
        "rank_low": _c("int", "the better end of the rank's bootstrap interval", "rank"),
        "rank_high": _c("int", "the worse end of the rank's bootstrap interval", "rank"),
        "resilience_spec_low": _c(
            "float",
            "lowest resilience over the specifications (shock level and size, growth "
            "windows with and without classification breaks, weights, small samples)",
            "0-100",
        ),
        "resilience_spec_high": _c(
            "float", "highest resilience over the same specifications", "0-100"
        ),
        "rank_spec_low": _c(
            "int", "the best rank over the specifications (the analyst's choices)", "rank"
        ),
        "rank_spec_high": _c("int", "the worst rank over the specifications", "rank"),
        "spec_count": _c(
            "int", "the number of distinct specifications that scored the region", "count"
        ),
        "resilience_components": _c(
            "str", "the components the composite used, with their weights", "text"
        ),
    }
)
"""Column -> :class:`ScoreColumn` of the region score table (``name`` aside, which is
loaded data and never written back)."""


CLUSTER_SCORE_COLUMNS: Mapping[str, ScoreColumn] = MappingProxyType(
    {
        "size": _c("float", "E_ri: the region's amount in the cluster's industry", "E's unit"),
        "market": _c(
            "str",
            "the industry's market kind (dataset.json industry_markets)",
            "traded, mixed, resource or local",
        ),
        "share": _c("float", "s_ri = E_ri / E_r: the industry's share of the region", "0-1"),
        "national_share": _c(
            "float", "E_ri / E_i: the region's share of the industry's national total", "0-1"
        ),
        "lq": _c("float", "location quotient s_ri / S_i", "ratio (1 = the national share)"),
        "lq_rank_share": _c(
            "float",
            "the region's LQ rank in the industry (1 = highest) / the number of regions",
            "0-1 (small = among the most specialised)",
        ),
        "n_members": _c("int", "listed companies that are members", "count"),
        "inferred": _c(
            "bool", "a supply community all of whose internal links are inferred", "true/false"
        ),
        "member_regions": _c(
            "str",
            "a supply community's regions with their shares of its members",
            "text: '440305 20%; 440306 15%'",
        ),
        "degree": _c("int", "links in the cluster network", "count"),
        "strength": _c("float", "summed link weights in the cluster network", "weight"),
        "pagerank": _c("float", "PageRank in the cluster network", "sums to 1 over clusters"),
        "betweenness": _c(
            "float", "share of shortest paths through the cluster (distance 1 / weight)", "0-1"
        ),
        "betweenness_k": _c(
            "int", "sources sampled for betweenness (the network's node count: exact)", "count"
        ),
        "market_potential": _c(
            "float",
            "sum over links of w_cd s_d: related workers it is tied to (Harris 1954)",
            "E's unit",
        ),
    }
)
"""Column -> :class:`ScoreColumn` of the detected clusters' table (besides ``cluster_id``,
``kind``, ``region_code``, ``industry_code`` and display names): what ``analyze
--write-back`` stores on ``(:Cluster)`` nodes."""


SAMPLE_ONLY_COLUMNS = frozenset(
    {"rank_low", "rank_high", "resilience_low", "resilience_high", "sample_size"}
)
"""Region score columns only a declared sample count fills (the bootstrap intervals and the
sample size): empty on full counts, where tables shown to people leave them out."""
