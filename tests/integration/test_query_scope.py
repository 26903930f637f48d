"""Library queries on a dataset that is not China's: two levels of one scheme, no -p scope.

``tests/data/synthetic_two_levels`` is SYNTHETIC: four districts hold made-up ``jobs`` at
two levels of the scheme ``SYN`` (major ``A``/``B`` and the detailed industries under
them), 2019 and 2021; the country a national series in 2020 and 2022. Issue 26: the
queries summed both levels (every share halved, "6 industries" that are neither level)
and defaulted to China's scope (2020, GB4754, county, 100000), so every run on
another dataset needed four -p options. Here each query's answer per industry level is
recomputed in pandas from the CSV files, and its scope parameters are left out: the
runner infers them from the graph and says so in a note.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.errors import UsageError
from clusteratlas.loaders.dataset import Dataset
from clusteratlas.queries.runner import run_query

pytestmark = pytest.mark.neo4j

DATA = Path(__file__).resolve().parents[1] / "data" / "synthetic_two_levels"
DISTRICTS = ["N1", "N2", "S1", "S2"]
INFERRED = "year 2021, measure jobs, scheme SYN, industry_level detailed inferred from the graph"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return Dataset.from_dir(DATA)


@pytest.fixture(scope="module")
def db(neo4j_driver: Any, neo4j_settings: Any, dataset: Dataset) -> Iterator[Any]:
    from conftest import wipe_database

    from clusteratlas.graph.neo4j_store.load import load_dataset

    if os.environ.get("CLUSTERATLAS_DISPOSABLE_DB") != "1":
        pytest.fail("these tests wipe the database: set CLUSTERATLAS_DISPOSABLE_DB=1")
    wipe_database(neo4j_driver, neo4j_settings.database)
    load_dataset(neo4j_driver, dataset, database=neo4j_settings.database)
    yield neo4j_driver
    wipe_database(neo4j_driver, neo4j_settings.database)


def run(db: Any, name: str, **params: Any) -> pd.DataFrame:
    return run_query(db, name, params, database=os.environ.get("NEO4J_DATABASE", "neo4j"))


def matrix(ds: Dataset, level: str, year: int = 2021) -> pd.DataFrame:
    """Jobs of the districts (rows) in the industries of one level of SYN (columns)."""
    ri = ds.region_industries
    level_of = ds.industries.set_index("code")["level"]
    ri = ri[(ri["year"] == year) & ri["region_code"].isin(DISTRICTS)]
    ri = ri[ri["industry_code"].map(level_of) == level]
    return ri.pivot_table(index="region_code", columns="industry_code", values="value").astype(
        float
    )


def lqs(e: pd.DataFrame) -> pd.DataFrame:
    return e.div(e.sum(axis=1), axis=0) / (e.sum() / e.values.sum())


@pytest.mark.parametrize("level", ["detailed", "major"])
def test_region_industries_by_lq_stays_within_one_level(
    db: Any, dataset: Dataset, level: str
) -> None:
    params = {} if level == "detailed" else {"industry_level": level}
    out = run(db, "region-industries-by-lq", region="N1", **params).set_index("industry_code")
    e = matrix(dataset, level)
    assert sorted(out.index) == sorted(e.columns)  # 4 detailed or 2 major, never 6
    assert out["share"].sum() == pytest.approx(1.0)
    for code in e.columns:
        assert out.loc[code, "value"] == e.loc["N1", code]
        assert out.loc[code, "share"] == pytest.approx(e.loc["N1", code] / e.loc["N1"].sum())
        assert out.loc[code, "reference_share"] == pytest.approx(e[code].sum() / e.values.sum())
        assert out.loc[code, "lq"] == pytest.approx(lqs(e).loc["N1", code])
    if level == "detailed":  # by hand: N1 has 20 of its 100 jobs in software, all 220 of 500
        assert out.loc["SYN:B2", "lq"] == pytest.approx(0.2 / 0.44)
        assert out.attrs["notes"] == [INFERRED]
    else:  # by hand: N1 has 40 of its 100 jobs in goods, all 150 of 500
        assert out.loc["SYN:A", "lq"] == pytest.approx(0.4 / 0.3)
        assert out.attrs["notes"] == [INFERRED.replace(", industry_level detailed", "")]
    assert out.attrs["params"]["year"] == 2021 and out.attrs["params"]["scheme"] == "SYN"


def test_an_explicit_value_wins_and_narrows_the_rest(db: Any, dataset: Dataset) -> None:
    out = run(db, "region-industries-by-lq", region="S2", year=2019, industry_level="major")
    e = matrix(dataset, "major", 2019)
    got = out.set_index("industry_code")["lq"]
    assert got.to_dict() == pytest.approx(lqs(e).loc["S2"].to_dict())
    assert out.attrs["notes"] == ["measure jobs, scheme SYN inferred from the graph"]
    assert out.attrs["inferred"] == {"measure": "jobs", "scheme": "SYN"}


def test_regions_specialised_in_uses_the_industrys_level_and_infers_from_level(
    db: Any, dataset: Dataset
) -> None:
    detailed = run(db, "regions-specialised-in", industry="SYN:B2", min_lq=0.0)
    expected = lqs(matrix(dataset, "detailed"))["SYN:B2"].sort_values(ascending=False)
    assert detailed["code"].tolist() == expected.index.tolist()
    assert detailed["lq"].tolist() == pytest.approx(expected.tolist())
    assert detailed.attrs["notes"] == [
        "level district, year 2021, measure jobs, from_level district inferred from the graph"
    ]
    # a level with no values of its own: the districts' major values rolled up, no -p from_level
    state = run(db, "regions-specialised-in", industry="SYN:B", level="state", min_lq=0.0)
    e = matrix(dataset, "major")
    rolled = e.groupby(lambda code: code[0]).sum()
    want = lqs(rolled)["SYN:B"].sort_values(ascending=False)
    assert state["code"].tolist() == want.index.tolist()
    assert state["share"].tolist() == pytest.approx((rolled["SYN:B"] / rolled.sum(axis=1))[
        want.index
    ].tolist())  # fmt: skip
    assert state["lq"].tolist() == pytest.approx(want.tolist())
    assert state.attrs["notes"][0] == "year 2021, measure jobs, from_level district inferred " + (
        "from the graph"
    )


@pytest.mark.parametrize("level", ["detailed", "major"])
def test_diversification_counts_the_industries_of_one_level(
    db: Any, dataset: Dataset, level: str
) -> None:
    params = {} if level == "detailed" else {"industry_level": level}
    out = run(db, "diversification-in-province", province="XX", **params).set_index("code")
    e = matrix(dataset, level)
    assert sorted(out.index) == DISTRICTS
    for code in DISTRICTS:
        shares = e.loc[code] / e.loc[code].sum()
        assert out.loc[code, "industries"] == len(e.columns)
        assert out.loc[code, "entropy"] == pytest.approx(-sum(s * math.log(s) for s in shares))
        assert out.loc[code, "hhi"] == pytest.approx((shares**2).sum())
    assert "level district" in out.attrs["notes"][0]


def test_similar_regions_compares_lq_vectors_of_one_level(db: Any, dataset: Dataset) -> None:
    out = run(db, "similar-regions", region="S2").set_index("code")
    e = matrix(dataset, "detailed")
    lq, shares = lqs(e), e.div(e.sum(axis=1), axis=0)
    for code in ["N1", "N2", "S1"]:
        a, b = lq.loc[code], lq.loc["S2"]
        cosine = (a * b).sum() / math.sqrt((a * a).sum() * (b * b).sum())
        assert out.loc[code, "lq_cosine"] == pytest.approx(cosine)
        assert out.loc[code, "krugman"] == pytest.approx(
            (shares.loc[code] - shares.loc["S2"]).abs().sum()
        )


def test_province_roll_up_shares_sum_to_one_per_level(db: Any, dataset: Dataset) -> None:
    out = run(db, "province-employment-by-section", province="S")
    e = matrix(dataset, "detailed").loc[["S1", "S2"]].sum()
    got = out.set_index("industry_code")
    assert sorted(got.index) == sorted(e.index)
    assert got["value"].to_dict() == e.to_dict()
    assert got["share"].sum() == pytest.approx(1.0)
    assert (got["regions"] == 2).all()


def test_time_series_defaults_to_the_top_region(db: Any) -> None:
    out = run(db, "industry-time-series", industry="SYN:A")
    assert out["year"].tolist() == [2020, 2022] and out["value"].tolist() == [900.0, 950.0]
    assert out.attrs["notes"] == ["region XX, measure jobs inferred from the graph"]


def test_cli_needs_no_scope_options_and_prints_the_note(db: Any) -> None:
    res = CliRunner().invoke(cli, ["query", "region-industries-by-lq", "-p", "region=N2"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[1].split()[0] == "SYN:B1"  # 60 of N2's 100 jobs
    assert res.stderr == f"note: {INFERRED}\n"


def test_two_schemes_with_values_are_a_usage_error_naming_them(db: Any) -> None:
    db.execute_query(
        "CREATE (i:Industry {code: 'OTHER:X', name: 'made up', scheme: 'OTHER', level: 'x'}) "
        "WITH i MATCH (r:Region {code: 'N1'}) "
        "CREATE (r)-[:HAS_INDUSTRY {year: 2021, measure: 'jobs', value: 1.0}]->(i)"
    )
    try:
        with pytest.raises(UsageError) as info:
            run(db, "region-industries-by-lq", region="N1")
        assert str(info.value) == (
            "the graph's region values (level 'district') are in 2 industry schemes: "
            "OTHER (1 value), SYN (48 values); choose one with -p scheme=VALUE"
        )
        res = CliRunner().invoke(cli, ["query", "similar-regions", "-p", "region=N1"])
        assert res.exit_code == 2 and "OTHER (1 value), SYN (48 values)" in res.output
        chosen = run(db, "region-industries-by-lq", region="N1", scheme="SYN")
        assert len(chosen) == 4  # the choice made, the rest inferred
        # the industry fixes the scheme: nothing to choose
        assert not run(db, "regions-specialised-in", industry="SYN:B2").empty
    finally:
        db.execute_query("MATCH (i:Industry {code: 'OTHER:X'}) DETACH DELETE i")


def test_another_dataset_needs_no_scope_options(db: Any, neo4j_settings: Any) -> None:
    """The SYNTHETIC Spanish exports (tests/data/synthetic_spain, loaded last: it replaces
    the two-level data): provinces (provincia) hold HS chapter exports 2021-2022, the I-O
    table is of 2021, companies are classified in HS chapters under HS sections. Before,
    each query here failed on China's defaults (2020, GB4754, county, SW2021)."""
    from conftest import wipe_database

    from clusteratlas.graph.neo4j_store.load import load_dataset

    spain = Dataset.from_dir(DATA.parent / "synthetic_spain")
    wipe_database(db, neo4j_settings.database)
    load_dataset(db, spain, database=neo4j_settings.database)
    # a level above the values' one: from_level is inferred, not China's county
    rolled = run(db, "regions-specialised-in", industry="30", level="comunidad")
    assert rolled["code"].tolist() == ["CT"]
    assert rolled.attrs["notes"] == [
        "year 2022, measure exports, from_level provincia inferred from the graph"
    ]
    links = spain.industry_links
    (coefficient,) = links.loc[
        (links["from_code"] == "29") & (links["to_code"] == "30"), "coefficient"
    ]
    upstream = run(db, "industry-upstream", industry="30")
    assert upstream["path"].iloc[0] == ["29", "30"]
    assert upstream["coefficient"].iloc[0] == pytest.approx(coefficient)
    assert upstream.attrs["notes"] == ["year 2021 inferred from the graph"]
    firms = run(db, "listed-firm-specialisation", region="CT")
    assert firms.attrs["notes"] == ["scheme HS, industry_level section inferred from the graph"]
    assert set(firms["industry_code"]) <= set(
        spain.industries.loc[spain.industries["level"] == "section", "code"]
    )
    lq = run(db, "region-industries-by-lq", region="08")
    assert lq.attrs["inferred"] == {
        "year": 2022, "measure": "exports", "scheme": "HS", "industry_level": "chapter"
    }  # fmt: skip
