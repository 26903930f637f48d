"""The resilience model on the bundled China data: columns that separate counties, a worked
example computed independently, components in their declared direction, sampling intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusteratlas.graph import (
    diversity,
    growth_covariance,
    hachman_index,
    herfindahl,
    input_output_table,
    krugman_index,
    national_series,
    portfolio_variance,
    rca_binary,
    region_industry_matrix,
    related_unrelated_variety,
    resilience_scores,
    shannon_entropy,
    shock_exposure,
    supply_dependency,
    theil_specialisation,
)
from clusteratlas.graph.analytics.composite import COMPONENTS
from clusteratlas.graph.analytics.resilience import DEFAULT_MIN_SAMPLE
from clusteratlas.loaders.industry_schemes import THREE_SECTORS

pytestmark = pytest.mark.slow

NANSHAN = "440305"


@pytest.fixture(scope="module")
def scores(china) -> pd.DataFrame:
    return resilience_scores(china, 2020)


@pytest.fixture(scope="module")
def section_scores(china) -> pd.DataFrame:
    """The scores with the demand shocks on the GB/T 4754 sections (``--shock-level
    sections``), the model the section-level worked examples check."""
    from clusteratlas.graph.definitions.scope import AnalysisScope

    return resilience_scores(china, scope=AnalysisScope.infer(china, shock_level="sections"))


def test_sector_columns_separate_counties(scores):
    s = scores
    for column in ("worst_sector", "main_dependency"):
        counts = s[column].value_counts(normalize=True)
        assert len(counts) >= 10, counts  # many distinct sectors, not one for everybody
        assert counts.iloc[0] < 0.5, counts  # no sector names half the counties
    # the reading "hurts this county more than the nation" holds for every county
    assert (s["worst_sector_excess"] > 0).all() and (s["main_dependency_excess"] > 0).all()
    assert (s["worst_sector_loss"] <= s["worst_loss"] + 1e-15).all()


def test_worked_example_nanshan_computed_independently(china, section_scores):
    scores = section_scores
    ds = china
    counties = set(ds.regions.loc[ds.regions["level"] == "county", "code"])
    ri = ds.region_industries
    rows = ri[
        (ri["year"] == 2020)
        & (ri["measure"] == "employment")
        & ri["region_code"].isin(counties)
        & ri["industry_code"].str.startswith("GB4754:")
    ]
    E = rows.pivot_table(
        index="region_code", columns="industry_code", values="value", aggfunc="sum"
    ).fillna(0.0)
    nation = E.sum(axis=0) / E.to_numpy().sum()
    nanshan = E.loc[NANSHAN] / E.loc[NANSHAN].sum()

    io = input_output_table(ds, 2020, "NBS42", to_scheme="GB4754")
    sectors = list(io.sectors)
    Z, x = io.flows.to_numpy(), io.output.to_numpy()
    f = np.maximum(io.final_use.to_numpy(), 0.0)
    L = np.linalg.inv(np.eye(len(x)) - Z / x[None, :])  # A: a_ij = z_ij / x_j
    G = np.linalg.inv(np.eye(len(x)) - Z / x[:, None])  # B: b_ij = z_ij / x_i
    v = x - Z.sum(axis=0)

    def demand_loss(mix: pd.Series, k: int) -> float:
        return sum(mix.get(s, 0.0) * 0.1 * L[i, k] * f[k] / x[i] for i, s in enumerate(sectors))

    def supply_loss(mix: pd.Series, k: int) -> float:
        return sum(
            mix.get(s, 0.0) * 0.1 * v[k] * (G[k, i] - (i == k)) / x[i]
            for i, s in enumerate(sectors)
        )

    got = scores.loc[NANSHAN]
    for loss, prefix in ((demand_loss, "worst_sector"), (supply_loss, "main_dependency")):
        excess = [loss(nanshan, k) - loss(nation, k) for k in range(len(sectors))]
        k = int(np.argmax(excess))
        assert got[prefix] == sectors[k], prefix
        assert got[f"{prefix}_excess"] == pytest.approx(excess[k], rel=1e-9)
        assert got[f"{prefix}_loss"] == pytest.approx(loss(nanshan, k), rel=1e-9)
    assert got["worst_loss"] == pytest.approx(
        max(demand_loss(nanshan, k) for k in range(len(sectors))), rel=1e-9
    )
    # the README's sentence: a 10% fall in demand for ICT costs Nanshan 0.83% of its
    # activity, 0.59 points more than the national mix
    assert got["worst_sector"] == "GB4754:I"
    assert round(100 * got["worst_sector_loss"], 2) == 0.83
    assert round(100 * got["worst_sector_excess"], 2) == 0.59
    assert scores["worst_sector"].nunique() == 14  # the README: "14 with section shocks"


def test_sector_level_worked_example_nanshan_computed_independently(china, scores):
    """The default shocks the 42 NBS sectors: Nanshan's section shares split over each
    section's sectors in the national output mix, loss_r(k) = sum_j s_rj 0.1 L_jk f_k / x_j,
    here with the 42-sector table inverted directly."""
    ds = china
    E = region_industry_matrix(ds, 2020)
    E = E[E.sum(axis=1) > 0]
    io = input_output_table(ds, 2020, "NBS42")  # not aggregated
    sectors = list(io.sectors)
    section_of = ds.industries.set_index("code")["parent_code"]  # NBS42 -> GB4754 section
    Z, x = io.flows.to_numpy(), io.output.to_numpy()
    f = np.maximum(io.final_use.to_numpy(), 0.0)
    L = np.linalg.inv(np.eye(len(x)) - Z / x[None, :])
    section_output = pd.Series(x, index=sectors).groupby(section_of.reindex(sectors)).sum()

    def sector_mix(mix: pd.Series) -> np.ndarray:
        return np.array(
            [
                mix.get(section_of[j], 0.0) * x[n] / section_output[section_of[j]]
                for n, j in enumerate(sectors)
            ]
        )

    nanshan = sector_mix(E.loc[NANSHAN] / E.loc[NANSHAN].sum())
    nation = sector_mix(E.sum(axis=0) / E.to_numpy().sum())
    loss = [float(nanshan @ (0.1 * L[:, k] * f[k] / x)) for k in range(len(x))]
    excess = [loss[k] - float(nation @ (0.1 * L[:, k] * f[k] / x)) for k in range(len(x))]
    got = scores.loc[NANSHAN]
    k = int(np.argmax(excess))
    assert got["worst_sector"] == sectors[k] == "NBS42:31"  # software and IT services
    assert got["worst_sector_excess"] == pytest.approx(excess[k], rel=1e-9)
    assert got["worst_sector_loss"] == pytest.approx(loss[k], rel=1e-9)
    assert got["worst_loss"] == pytest.approx(max(loss), rel=1e-9)
    # under proportional shocks the mean over the 42 sectors is about shock * coverage / 42
    # the README's sentence: 0.83% of Nanshan's activity, 0.60 points more than the nation's;
    # worst_sector takes 16 values over the counties
    assert (
        round(100 * got["worst_sector_loss"], 2),
        round(100 * got["worst_sector_excess"], 2),
    ) == (
        0.83,
        0.60,
    )
    assert scores["worst_sector"].nunique() == 16
    # (up to the sectors whose domestic final use is negative, counted as 0: L f+ != x)
    assert got["mean_loss"] == pytest.approx(0.1 * got["io_coverage"] / 42, rel=1e-3)


def test_spec_range_holds_the_default_rank(scores):
    s = scores
    assert (s["rank_spec_low"] <= s["rank"]).all() and (s["rank"] <= s["rank_spec_high"]).all()
    assert (s["resilience_spec_low"] <= s["resilience"] + 1e-9).all()
    assert (s["resilience"] <= s["resilience_spec_high"] + 1e-9).all()
    spec = s.attrs["specifications"]
    assert "2003-2018 without 2013" in spec["growth"]  # the 2013 economic-census break
    assert spec["count"] == 4 * len(spec["growth"]) * 7 * 2
    # small samples are ranked only in the specifications that keep them
    small = s["small_sample"]
    assert (s.loc[small, "spec_count"] == spec["count"] // 2).all()
    assert (s.loc[~small, "spec_count"] == spec["count"]).all()
    # specification choices move ranks far more than sampling noise does
    spread = (s["rank_spec_high"] - s["rank_spec_low"]).median()
    noise = (s["rank_high"] - s["rank_low"]).median()
    assert spread > 5 * noise


def test_component_columns_equal_the_public_metrics(china, section_scores):
    ds = china
    s = section_scores
    E = region_industry_matrix(ds, 2020).loc[s.index]
    io = input_output_table(ds, 2020, "NBS42", to_scheme="GB4754")
    groups = {c: THREE_SECTORS[c.split(":")[-1]] for c in E.columns}
    series = national_series(ds, "employment", "GB4754").loc[2003:2018]  # dataset.json
    expected = {
        "entropy": shannon_entropy(E),
        "herfindahl": herfindahl(E),
        "hachman": hachman_index(E),
        "krugman": krugman_index(E),
        "theil": theil_specialisation(E),
        "unrelated_variety": related_unrelated_variety(E, groups)["unrelated_variety"],
        "related_variety": related_unrelated_variety(E, groups)["related_variety"],
        # a sample count: cells of fewer than 30 sampled units specialise nothing (r22)
        "diversity": diversity(rca_binary(E).where(E >= 30, 0)),
        "portfolio_variance": portfolio_variance(
            E, growth_covariance(series.dropna(axis=1, how="any")), missing="renormalise"
        ),
        "worst_loss": shock_exposure(E, io)["worst_loss"],
        "dependency_loss": supply_dependency(E, io)["dependency_loss"],
    }
    assert set(expected) == set(COMPONENTS)
    for name, reference in expected.items():
        column = COMPONENTS[name].column
        np.testing.assert_allclose(
            s[column].to_numpy(float), reference.to_numpy(float), rtol=1e-10, err_msg=name
        )


@pytest.mark.parametrize("name", list(COMPONENTS))
def test_a_single_component_weight_ranks_in_that_direction_on_the_bundled_data(china, name):
    component = COMPONENTS[name]
    s = resilience_scores(china, 2020, weights={name: 1}, bootstrap=0)
    values = s[component.column]
    best = values.max() if component.direction == "higher" else values.min()
    assert values[s["rank"] == 1].eq(best).all()
    sign = 1 if component.direction == "higher" else -1
    rho = s["resilience"].rank().corr(values.rank(), method="pearson")
    assert rho == pytest.approx(sign, abs=1e-12)  # the score is the component's percentile
    assert s.attrs["components"] == {name: 1.0}


def test_intervals_present_and_wider_for_small_samples(scores):
    s = scores
    intervals = [
        f"{c}_{end}"
        for c in ("entropy", "herfindahl", "resilience", "rank")
        for end in ("low", "high")
    ]
    assert s[intervals].notna().all().all()
    for c in ("entropy", "herfindahl", "resilience", "rank"):
        assert (s[f"{c}_low"] <= s[f"{c}_high"]).all()
    assert ((s["rank_low"] <= s["rank"]) & (s["rank"] <= s["rank_high"])).mean() > 0.95
    width = s["entropy_high"] - s["entropy_low"]
    small, large = s["sample_size"] < 3000, s["sample_size"] > 30000
    assert width[small].median() > 3 * width[large].median()
    # sampling error shrinks like 1 / sqrt(n)
    assert np.corrcoef(1 / np.sqrt(s["sample_size"]), width)[0, 1] > 0.8
    rank_width = s["rank_high"] - s["rank_low"]
    assert rank_width[small].median() > 2 * rank_width[large].median()
    assert s.attrs["uncertainty"]["replicates"] == 200


def test_small_samples_are_flagged_or_excluded(china, scores):
    s = scores
    assert s["small_sample"].equals(s["sample_size"] < DEFAULT_MIN_SAMPLE)
    assert s.loc["650121", "small_sample"]  # 乌鲁木齐县, 1,976 sampled workers
    kept = resilience_scores(china, 2020, small_samples="exclude", bootstrap=0)
    assert kept["sample_size"].min() >= DEFAULT_MIN_SAMPLE
    assert len(kept) == int((~s["small_sample"]).sum())
    assert kept["rank"].min() == 1 and kept["rank"].max() <= len(kept)  # ranked among themselves


def _cli_csv(*args: str) -> tuple[pd.DataFrame, str]:
    import io

    from click.testing import CliRunner

    from clusteratlas.cli import cli

    res = CliRunner().invoke(cli, ["analyze", *args, "--format", "csv"])
    assert res.exit_code == 0, res.output
    return pd.read_csv(io.StringIO(res.stdout), dtype={"region_code": str}), res.stderr


def test_analyze_weights_and_small_sample_options():
    table, note = _cli_csv("--weight", "diversity=1", "--bootstrap", "0", "--min-sample", "5000")
    assert table.loc[0, "diversity"] == table["diversity"].max()  # ranked in its direction
    assert "composite of diversity 1" in note and "no sampling intervals (bootstrap=0)" in note
    assert table["small_sample"].equals(table["sample_size"] < 5000)
    kept, note = _cli_csv("--exclude-small-samples", "--bootstrap", "0")
    assert kept["sample_size"].min() >= DEFAULT_MIN_SAMPLE
    assert f"regions below {DEFAULT_MIN_SAMPLE:,} sampled units left out" in note


def test_the_score_table_has_exactly_the_declared_columns(scores):
    """What write-back stores (HAS_SCORES) and docs/graph-model.md documents is declared once
    in graph/definitions/score_columns.py: the table must not grow an undocumented column."""
    from clusteratlas.graph.definitions.score_columns import REGION_SCORE_COLUMNS

    assert [c for c in scores.columns if c != "name"] == list(REGION_SCORE_COLUMNS)
    kinds = {"float": "f", "int": "iu", "bool": "b"}
    for column, spec in REGION_SCORE_COLUMNS.items():
        if spec.type in kinds and scores[column].notna().any():
            assert scores[column].dropna().to_numpy().dtype.kind in kinds[spec.type], column


def test_the_cluster_table_has_exactly_the_declared_columns(china):
    """What write-back stores on detected Cluster nodes is declared once (its types and
    units documented in docs/graph-model.md): the table must not grow an undocumented one."""
    from clusteratlas.graph.analytics.pipeline import analyze
    from clusteratlas.graph.definitions.score_columns import CLUSTER_SCORE_COLUMNS

    clusters = analyze(china, bootstrap=0).clusters
    keys = ["cluster_id", "kind", "region_code", "region_name", "industry_code", "industry_name"]
    assert [c for c in clusters.columns if c not in keys] == list(CLUSTER_SCORE_COLUMNS)


def test_counties_left_out_of_the_ranking_are_named(china):
    """Issue 22 #5: outputs said "among 2,837 counties" and nothing of the twelve others
    (successor units such as 两江新区, whose predecessors' rows were not summed)."""
    from clusteratlas.cli.analyze import unscored_regions
    from clusteratlas.graph.analytics.pipeline import analyze

    analysis = analyze(china, bootstrap=0)
    left_out = unscored_regions(china, analysis)
    counties = (china.regions["level"] == "county").sum()
    # review s3: 两江新区, 三元区 and 孟津区 now carry their predecessors' summed rows, so
    # 2,840 are scored; the 9 left out are the split units (临平区, 钱塘区) and units the
    # census has no row for (金门县, 三沙's districts, ...), as dataset.json coverage says
    assert (
        len(left_out) == counties - 2840 == len(china.metadata["coverage"]["without_data"]["2020"])
    )
    assert {"临平区 330113", "钱塘区 330114"} <= set(left_out)
    assert not {"两江新区 500157", "三元区 350404", "孟津区 410308"} & set(left_out)
    # the scores say the same, with why (what analyze logs and writes to unscored.csv)
    listed = analysis.regions.attrs["unscored"]
    assert [f"{r['name']} {r['region_code']}" for r in listed] == left_out
    assert {r["reason"] for r in listed} == {"no employment rows in 2020"}


def test_the_readmes_csv_header_is_what_analyze_prints():
    """The README shows the header of `analyze ... --format csv`: it must be today's."""
    from pathlib import Path

    from click.testing import CliRunner

    from clusteratlas.cli import cli

    command = "clusteratlas analyze --weight worst_loss=1 --exclude-small-samples --limit 3"
    args = [*command.split()[1:], "--format", "csv"]
    res = CliRunner().invoke(cli, ["-q", *args])
    assert res.exit_code == 0, res.output
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    shown = readme.split(f"$ {command} --format csv\n", 1)[1].split("\n", 1)[0]
    assert shown == res.stdout.splitlines()[0]
