"""Portfolio variance, shift-share, cascades and the composite resilience score."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from clusteratlas.errors import (
    ClusterAtlasWarning,
    ComponentDroppedWarning,
    MatrixError,
    UsageError,
)
from clusteratlas.graph import (
    cascade,
    composite_score,
    growth_covariance,
    portfolio_variance,
    resilience_scores,
    shift_share,
)
from clusteratlas.graph.analytics.composite import COMPONENTS, average_ranks
from clusteratlas.graph.analytics.uncertainty import multinomial_bootstrap
from clusteratlas.graph.definitions.examples import example_dataset
from clusteratlas.loaders.dataset import Dataset


def test_growth_covariance_by_hand():
    series = pd.DataFrame({"A": [100.0, 110.0, 99.0, 99.0], "B": [10.0, 12.0, 12.0, 6.0]})
    ga = [0.1, -0.1, 0.0]
    gb = [0.2, 0.0, -0.5]
    ma, mb = np.mean(ga), np.mean(gb)
    cov = sum((a - ma) * (b - mb) for a, b in zip(ga, gb, strict=True)) / 2
    sigma = growth_covariance(series)
    assert sigma.loc["A", "B"] == pytest.approx(cov)
    assert sigma.loc["A", "A"] == pytest.approx(np.var(ga, ddof=1))
    with pytest.raises(MatrixError, match="fewer than 2 growth rates"):
        growth_covariance(series.head(2))


def test_portfolio_variance_by_loop():
    sigma = pd.DataFrame(
        [[0.04, 0.01, -0.02], [0.01, 0.09, 0.0], [-0.02, 0.0, 0.01]],
        index=list("ABC"),
        columns=list("ABC"),
    )
    E = pd.DataFrame({"A": [2.0, 1.0], "B": [1.0, 0.0], "C": [1.0, 3.0]}, index=["r", "q"])
    pv = portfolio_variance(E, sigma)
    for r in E.index:
        s = E.loc[r] / E.loc[r].sum()
        expected = sum(s[i] * sigma.loc[i, j] * s[j] for i in "ABC" for j in "ABC")
        assert pv[r] == pytest.approx(expected)
    # missing industries: raise, or rescale over the covered ones
    E2 = E.assign(T=[4.0, 0.0])
    with pytest.raises(MatrixError, match="no covariances"):
        portfolio_variance(E2, sigma)
    pd.testing.assert_series_equal(portfolio_variance(E2, sigma, missing="renormalise"), pv)


def test_one_industry_portfolio_is_that_industrys_variance():
    sigma = pd.DataFrame([[0.04, 0.0], [0.0, 0.01]], index=["A", "B"], columns=["A", "B"])
    assert portfolio_variance(pd.DataFrame({"A": [5.0], "B": [0.0]}), sigma)[0] == pytest.approx(
        0.04
    )


def test_shift_share_by_hand():
    E0 = pd.DataFrame({"A": [10.0, 30.0], "B": [20.0, 40.0]}, index=["r", "q"])
    E1 = pd.DataFrame({"A": [15.0, 30.0], "B": [20.0, 60.0]}, index=["r", "q"])
    # G = 125/100 - 1 = 0.25; g_A = 45/40 - 1 = 0.125; g_B = 80/60 - 1 = 1/3
    out = shift_share(E0, E1).loc["r"]
    assert out["national_share"] == pytest.approx(30 * 0.25)
    assert out["industry_mix"] == pytest.approx(10 * (0.125 - 0.25) + 20 * (1 / 3 - 0.25))
    assert out["regional"] == pytest.approx(10 * (0.5 - 0.125) + 20 * (0 - 1 / 3))
    assert out["change"] == 5.0


@settings(max_examples=50, deadline=None)
@given(
    arrays(np.float64, (4, 3), elements=st.floats(0.5, 1e4)),
    arrays(np.float64, (4, 3), elements=st.floats(0, 1e4)),
)
def test_property_shift_share_components_add_up(a, b):
    E0, E1 = pd.DataFrame(a), pd.DataFrame(b)
    out = shift_share(E0, E1)
    total = out["national_share"] + out["industry_mix"] + out["regional"]
    np.testing.assert_allclose(total, out["change"], rtol=1e-9, atol=1e-6)


def naive_cascade(G, removed, threshold):
    failed = set(removed)
    while True:
        new = set()
        for v in G.nodes:
            if v in failed:
                continue
            total = sum(d.get("weight", 1.0) for _, _, d in G.in_edges(v, data=True))
            lost = sum(d.get("weight", 1.0) for u, _, d in G.in_edges(v, data=True) if u in failed)
            if total > 0 and lost / total >= threshold:
                new.add(v)
        if not new:
            return failed
        failed |= new


def test_cascade_matches_naive_fixed_point_on_random_graphs():
    for seed in range(10):
        G = nx.gnp_random_graph(40, 0.08, seed=seed, directed=True)
        rng = np.random.default_rng(seed)
        for u, v in G.edges:
            G.edges[u, v]["weight"] = float(rng.uniform(0.1, 5))
        removed = [0, 1, 2]
        for threshold in (0.2, 0.5, 1.0):
            out = cascade(G, removed, threshold)
            assert set(out.index[out["failed"]]) == naive_cascade(G, removed, threshold)


def test_cascade_rounds_and_thresholds():
    G = nx.DiGraph()
    G.add_edge("s", "a", weight=3.0)
    G.add_edge("t", "a", weight=1.0)
    G.add_edge("a", "b", weight=1.0)
    out = cascade(G, ["s"], threshold=0.75)
    assert out.loc["a", "round"] == 1 and out.loc["b", "round"] == 2
    assert not out.loc["t", "failed"]
    assert not cascade(G, ["s"], threshold=0.8).loc["a", "failed"]
    with pytest.raises(MatrixError, match="not nodes"):
        cascade(G, ["nobody"])


def test_composite_score_percentiles_and_weights():
    c = pd.DataFrame(
        {"entropy": [1.0, 2.0, 3.0], "worst_loss": [0.1, 0.3, 0.2]}, index=["a", "b", "c"]
    )
    score = composite_score(c, {"entropy": 0.5, "worst_loss": 0.5})
    # percentiles: entropy a 0, b 0.5, c 1; worst_loss (lower better) a 1, b 0, c 0.5
    assert score.to_dict() == {"a": 50.0, "b": 25.0, "c": 75.0}
    assert composite_score(c, {"entropy": 1.0, "worst_loss": 0}).to_dict() == {
        "a": 0.0,
        "b": 50.0,
        "c": 100.0,
    }


def test_composite_score_refuses_unknown_components_and_bad_weights():
    c = pd.DataFrame({"entropy": [1.0, 2.0]})
    with pytest.raises(UsageError, match=r"unknown resilience component 'missing'; known: entropy"):
        composite_score(c, {"entropy": 1.0, "missing": 5.0})
    with pytest.raises(UsageError, match="must be finite and >= 0"):
        composite_score(c, {"entropy": -1.0})
    with pytest.raises(UsageError, match="at least one weight"):
        composite_score(c, {"entropy": 0.0})


def test_composite_score_warns_when_a_weighted_column_is_empty():
    c = pd.DataFrame({"entropy": [1.0, 2.0], "worst_loss": [np.nan, np.nan]})
    with pytest.warns(ComponentDroppedWarning, match="worst_loss"):
        assert composite_score(c, {"entropy": 1, "worst_loss": 1}).tolist() == [0.0, 100.0]


@pytest.mark.parametrize("name", list(COMPONENTS))
def test_a_single_component_ranks_in_its_declared_direction(name):
    component = COMPONENTS[name]
    values = [3.0, 1.0, 2.0, np.nan]
    score = composite_score(pd.DataFrame({component.column: values}), {name: 1})
    expected = (
        [100.0, 0.0, 50.0, 0.0] if component.direction == "higher" else [0.0, 100.0, 50.0, 0.0]
    )
    assert score.tolist() == expected


def test_average_ranks_equal_pandas_rank_row_by_row():
    rng = np.random.default_rng(7)
    for _ in range(50):
        x = rng.integers(0, 6, size=(4, 23)).astype(float)
        x[rng.random(x.shape) < 0.15] = np.nan
        for method in ("average", "min"):
            expected = np.vstack([pd.Series(row).rank(method=method).to_numpy() for row in x])
            np.testing.assert_array_equal(average_ranks(x, method), expected)


SAMPLES = {"samples": {"employment": ["county"]}}


def sampled_example() -> Dataset:
    """The example dataset with its county employment declared a sample (as the census is)."""
    return Dataset.from_frames(metadata=SAMPLES, **_frames(example_dataset()))


def test_resilience_scores_on_the_example_dataset():
    s = resilience_scores(sampled_example(), 2020, growth_years=(2017, 2019))
    assert list(s.index) == ["11", "12"]
    assert s["resilience"].between(0, 100).all()
    assert {"worst_sector", "worst_sector_name", "main_dependency", "io_coverage"} <= set(s)
    # county 11 (30 A, 10 C) is more diversified than county 12 (10 A, 50 C)
    assert s.loc["11", "entropy"] > s.loc["12", "entropy"]
    assert s.loc["11", "rank"] == 1
    # relative to the pooled mix (40 A, 60 C), 11 leans to A and 12 to C
    assert s["worst_sector"].to_dict() == {"11": "GB4754:A", "12": "GB4754:C"}
    assert (s["worst_sector_excess"] > 0).all()
    assert s["sample_size"].tolist() == [40, 60]
    assert s["small_sample"].all()  # 40 and 60 sampled units, below DEFAULT_MIN_SAMPLE


def _frames(ds):
    return {
        "regions": ds.regions,
        "industries": ds.industries,
        "region_industries": ds.region_industries,
        "industry_links": ds.industry_links,
        "companies": ds.companies,
        "company_industries": ds.company_industries,
    }


def test_missing_io_table_drops_worst_loss_with_a_warning_and_says_so():
    frames = _frames(example_dataset())
    frames["industry_links"] = frames["industry_links"].iloc[0:0]
    ds = Dataset.from_frames(**frames)
    with pytest.warns(ComponentDroppedWarning, match="'worst_loss' left out"):
        s = resilience_scores(ds, growth_years=(2017, 2019), bootstrap=0)
    assert s.attrs["components"] == {"entropy": 0.5, "portfolio_variance": 0.5}
    assert "worst_loss" in s.attrs["dropped_components"]
    assert "industry_links" in s.attrs["dropped_components"]["worst_loss"]
    assert set(s["resilience_components"]) == {"entropy:0.5 portfolio_variance:0.5"}
    assert s["worst_loss"].isna().all()


def test_one_year_national_series_skips_portfolio_variance_with_a_warning():
    ds = example_dataset()
    with pytest.warns(ComponentDroppedWarning, match="fewer than 2 growth rates"):
        s = resilience_scores(ds, growth_years=(2019, 2019), bootstrap=0)
    assert "portfolio_variance" in s.attrs["dropped_components"]
    assert s.attrs["components"] == pytest.approx({"entropy": 3 / 7, "worst_loss": 4 / 7})
    with (
        pytest.raises(MatrixError, match="no weighted component could be computed"),
        pytest.warns(ComponentDroppedWarning),
    ):
        resilience_scores(ds, growth_years=(2019, 2019), weights={"portfolio_variance": 1})


def test_portfolio_variance_reads_the_analysis_measure():
    frames = _frames(example_dataset())
    ri = frames["region_industries"]
    employment = ri["measure"] == "employment"
    frames["region_industries"] = ri.assign(
        measure=ri["measure"].where(~employment, "exports"),
        value=ri["value"].where(~employment, ri["value"] * 3),  # same mix, other levels
    )
    ds = Dataset.from_frames(**frames)
    s = resilience_scores(ds, measure="exports", growth_years=(2017, 2019), bootstrap=0)
    reference = resilience_scores(example_dataset(), growth_years=(2017, 2019), bootstrap=0)
    assert s.attrs["dropped_components"] == {}
    pd.testing.assert_series_equal(s["portfolio_variance"], reference["portfolio_variance"])


def test_intervals_only_for_declared_samples_of_whole_numbers():
    s = resilience_scores(sampled_example(), growth_years=(2017, 2019))
    assert s["resilience_low"].notna().all() and s["rank_low"].notna().all()
    assert s.attrs["uncertainty"]["replicates"] == 200
    # full counts (nothing declared): no sample size, no intervals, and the reason
    full = resilience_scores(example_dataset(), growth_years=(2017, 2019))
    assert full["sample_size"].isna().all() and full["resilience_low"].isna().all()
    assert not full["small_sample"].any()
    assert "not declared a sample count" in full.attrs["uncertainty"]["reason"]
    # declared a sample, but not whole numbers: a warning
    frames = _frames(example_dataset())
    ri = frames["region_industries"]
    frames["region_industries"] = ri.assign(value=ri["value"] + 0.5)
    ds = Dataset.from_frames(metadata=SAMPLES, **frames)
    with pytest.warns(ClusterAtlasWarning, match="not whole numbers"):
        s = resilience_scores(ds, growth_years=(2017, 2019))
    assert s["resilience_low"].isna().all() and s["sample_size"].isna().all()
    assert s.attrs["uncertainty"]["method"] is None


def test_bad_resilience_options_are_usage_errors():
    ds = example_dataset()
    with pytest.raises(UsageError, match="known: entropy, herfindahl"):
        resilience_scores(ds, weights={"diversification": 1})
    with pytest.raises(UsageError, match="small_samples"):
        resilience_scores(ds, small_samples="drop")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="bootstrap"):
        resilience_scores(ds, bootstrap=-1)


def test_multinomial_bootstrap_is_seeded_and_checks_counts():
    E = pd.DataFrame({"A": [3, 40], "B": [7, 60]}, index=["r", "q"])

    def stat(p):
        return {"a": p[..., 0]}

    one = multinomial_bootstrap(E, stat, replicates=50, seed=3)["a"]
    two = multinomial_bootstrap(E, stat, replicates=50, seed=3)["a"]
    other = multinomial_bootstrap(E, stat, replicates=50, seed=4)["a"]
    np.testing.assert_array_equal(one, two)
    assert not np.array_equal(one, other)
    # each replicate's counts are a multinomial draw of the row total: shares on a 1/n grid
    np.testing.assert_allclose(one[:, 0] * 10, np.round(one[:, 0] * 10))
    with pytest.raises(MatrixError, match="whole-number counts"):
        multinomial_bootstrap(E + 0.5, stat)


def test_analyze_records_the_components_and_uncertainty_in_its_parameters():
    from clusteratlas.graph.analytics.pipeline import analyze

    frames = _frames(example_dataset())
    frames["industry_links"] = frames["industry_links"].iloc[0:0]
    with pytest.warns(ComponentDroppedWarning):
        a = analyze(
            Dataset.from_frames(metadata=SAMPLES, **frames), growth_years=(2017, 2019), bootstrap=50
        )
    p = a.parameters
    assert p["resilience_components"] == {"entropy": 0.5, "portfolio_variance": 0.5}
    assert set(p["dropped_components"]) == {"worst_loss"}
    assert p["uncertainty"]["replicates"] == 50 and p["min_sample"] == 2000
    assert a.regions["resilience_low"].notna().all()
