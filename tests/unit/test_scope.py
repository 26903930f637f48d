"""The analysis scope: one definition of each analysis choice, inferred from the data.

On the bundled China data the inferred scope reproduces the choices the project
made by hand before (counties, GB4754 sections, employment, 2020, the NBS42 table
of 2020, prefectures), and every consumer (resilience, analyze, the views, the
load-time LQ) uses that one scope.
"""

from __future__ import annotations

import json
import logging

import numpy as np
import pandas as pd
import pytest

from clusteratlas.errors import DataValidationError, MatrixError, UsageError
from clusteratlas.graph.analytics.concentration import related_unrelated_variety
from clusteratlas.graph.definitions.examples import example_dataset
from clusteratlas.graph.definitions.hierarchy import (
    ancestors,
    climb,
    depth,
    descendants,
    parents_of,
)
from clusteratlas.graph.definitions.io_table import industry_mapping
from clusteratlas.graph.definitions.matrix import region_industry_matrix
from clusteratlas.graph.definitions.quotients import location_quotient
from clusteratlas.graph.definitions.regions import region_ancestors
from clusteratlas.graph.definitions.scope import (
    SCOPE_CHOICES,
    AnalysisScope,
    resolve_scope,
    variety_groups,
)
from clusteratlas.graph.definitions.years import nearest_year
from clusteratlas.graph.neo4j_store.rows import region_industry_shares
from clusteratlas.graph.views._data import employment_matrix
from clusteratlas.loaders.dataset import Dataset
from clusteratlas.loaders.dataset_json import ANALYSIS_KEYS


def test_bundled_defaults_are_todays_choices(china: Dataset) -> None:
    scope = AnalysisScope.infer(china)
    assert scope == AnalysisScope(
        level="county",
        scheme="GB4754",
        measure="employment",
        year=2020,
        industry_level="section",
        io_scheme="NBS42",
        io_year=2020,
        group_level="prefecture",
        variety_level=None,
        unit=scope.unit,
        growth_years=(2003, 2018),  # dataset.json: the series' 2003 classification break
        firm_scheme="SW2021",  # the finest classification of the companies (not CSRC)
        growth_breaks=(2003, 2013),  # dataset.json: GB/T 4754-2002, the 2013 economic census
        shock_level="io-sectors",  # 42 NBS sectors map into 20 sections: finer than E
        shock_size="proportional",
    )
    assert AnalysisScope.infer(china, year=2010).io_year == 2018  # the I-O table of 2018


def test_one_matrix_for_analysis_and_views(china: Dataset) -> None:
    scope = AnalysisScope.infer(china)
    E = scope.matrix(china)
    pd.testing.assert_frame_equal(E, region_industry_matrix(china, 2020, "employment", "GB4754"))
    V, year, scheme = employment_matrix(china)
    pd.testing.assert_frame_equal(V, E, check_names=False)
    assert (year, scheme) == (2020, "GB4754")
    # 2,836 counties + 4 county-equivalents (441900C ...); 2,837 before 两江新区, 三元区 and
    # 孟津区 got the sums of their predecessors' rows (review s3)
    assert E.shape == (2840, 20)
    assert "441900C" in E.index


def test_stored_lq_is_the_analytic_lq(china: Dataset) -> None:
    """The rows HAS_INDUSTRY.lq is loaded from equal location_quotient(E) bit for bit."""
    rows = region_industry_shares(china)
    for year in (2010, 2020):
        scope = AnalysisScope.infer(china, year=year)
        lq = location_quotient(scope.matrix(china))
        stored = rows[(rows["year"] == year) & rows["region_code"].isin(lq.index)]
        stored = stored[stored["industry_code"].isin(lq.columns)]
        assert len(stored) > 50_000
        expected = [
            lq.at[r, i] for r, i in zip(stored["region_code"], stored["industry_code"], strict=True)
        ]
        np.testing.assert_array_equal(stored["lq"].to_numpy(), np.array(expected))


def test_explicit_choice_that_matches_nothing_lists_what_exists(china: Dataset) -> None:
    with pytest.raises(UsageError) as err:
        AnalysisScope.infer(china, level="state")
    message = str(err.value)
    assert (
        "county (112,540 rows)" in message
    )  # 2010: 55,740; 2020: 56,800 (summed units) and "--level" in message
    with pytest.raises(UsageError, match=r"measure 'exports'.*employment.*--measure"):
        AnalysisScope.infer(china, measure="exports")
    with pytest.raises(UsageError, match=r"years with rows: 2010, 2020; .*--year"):
        AnalysisScope.infer(china, year=2015)
    with pytest.raises(UsageError, match=r"no industry_links in scheme 'HS'.*NBS42.*--io-scheme"):
        AnalysisScope.infer(china, io_scheme="HS")
    with pytest.raises(UsageError, match=r"no regions of level 'state'.*prefecture.*--group-level"):
        AnalysisScope.infer(china, group_level="state")
    with pytest.raises(UsageError, match="unknown scope choice"):
        AnalysisScope.infer(china, levle="county")


def test_open_choices_ask_for_an_option() -> None:
    ds = example_dataset()
    two_schemes = r"2 schemes: GB4754 \(6 rows\), NBS42 \(2 rows\).*--scheme"
    with pytest.raises(UsageError, match=two_schemes):
        AnalysisScope.infer(ds, level="country")
    ri = ds.region_industries
    extra = ri[ri["region_code"] == "11"].assign(measure="firms")
    two = ds.replace(region_industries=pd.concat([ri, extra]))
    with pytest.raises(UsageError, match=r"2 measures: employment \(4 rows\), firms \(2 rows\)"):
        AnalysisScope.infer(two)
    assert AnalysisScope.infer(two, measure="firms").measure == "firms"


def test_choices_from_dataset_json_and_their_errors() -> None:
    ds = example_dataset()
    meta = {"analysis": {"year": 2020, "group_level": "province"}, "units": {"employment": "jobs"}}
    described = Dataset.from_frames(metadata=meta, **dict(ds))
    scope = AnalysisScope.infer(described)
    assert (scope.group_level, scope.unit) == ("province", "jobs")
    assert AnalysisScope.infer(described, group_level="country").group_level == "country"
    wrong = Dataset.from_frames(metadata={"analysis": {"level": "state"}}, **dict(ds))
    with pytest.raises(DataValidationError) as err:
        AnalysisScope.infer(wrong)
    assert "dataset.json, column analysis.level, value 'state'" in str(err.value)


def test_no_region_rows_is_a_matrix_error() -> None:
    ds = example_dataset()
    with pytest.raises(MatrixError, match="no rows"):
        AnalysisScope.infer(ds.replace(region_industries=ds.region_industries.head(0)))


def test_resolve_scope_takes_one_or_the_other() -> None:
    ds = example_dataset()
    scope = AnalysisScope.infer(ds)
    assert resolve_scope(ds, scope) is scope
    assert resolve_scope(ds, year=2020) == scope
    with pytest.raises(UsageError, match="not both"):
        resolve_scope(ds, scope, measure="employment")


def test_dataset_json_analysis_keys_are_the_scope_choices() -> None:
    assert set(ANALYSIS_KEYS) == set(SCOPE_CHOICES) - {"unit"}


def test_scope_round_trips_through_dataset_json(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ds = example_dataset()
    meta = {"analysis": {"measure": "employment"}, "units": {"employment": "persons"}}
    Dataset.from_frames(metadata=meta, **dict(ds)).to_dir(tmp_path)
    assert json.loads((tmp_path / "dataset.json").read_text())["units"] == {"employment": "persons"}
    back = Dataset.from_dir(tmp_path)
    assert AnalysisScope.infer(back).unit == "persons"


def test_nearest_io_year() -> None:
    assert nearest_year([2018, 2020], 2020) == 2020
    assert nearest_year([2018, 2020], 2019) == 2018
    assert nearest_year([2018, 2020], 2030) == 2020
    assert nearest_year([2018, 2020], 2000) == 2018  # before every table: the earliest
    assert nearest_year([], 2000) is None


def test_variety_groups_follow_the_data(caplog: pytest.LogCaptureFixture) -> None:
    ds = example_dataset()
    # a grouping declared as data (dataset.json industry_groups), not known by name
    sectors = {"name": "three sectors", "groups": {"GB4754:A": "primary", "GB4754:C": "secondary"}}
    grouped = Dataset.from_frames(metadata={"industry_groups": sectors}, **dict(ds))
    assert variety_groups(grouped, ["GB4754:A", "GB4754:C", "GB4754:X"], "GB4754", None) == {
        "GB4754:A": "primary",
        "GB4754:C": "secondary",
        "GB4754:X": "GB4754:X",  # left out of the grouping: its own group
    }
    with caplog.at_level(logging.WARNING, logger="clusteratlas"):  # GB4754 without it
        assert variety_groups(ds, ["GB4754:A", "GB4754:C"], "GB4754", None) == {
            "GB4754:A": "GB4754:A",
            "GB4754:C": "GB4754:C",
        }
    assert "related variety is 0" in caplog.text
    caplog.clear()
    # NBS42 sectors grouped by their parent sections (the data's own hierarchy)
    assert variety_groups(ds, ["NBS42:01", "NBS42:06"], "NBS42", "section") == {
        "NBS42:01": "GB4754:A",
        "NBS42:06": "GB4754:C",
    }
    # a letter-coded scheme the declared grouping does not name is never grouped by it
    with caplog.at_level(logging.WARNING, logger="clusteratlas"):
        assert variety_groups(grouped, ["SIC:A", "SIC:C"], "SIC", None) == {
            "SIC:A": "SIC:A",
            "SIC:C": "SIC:C",
        }
    assert "related variety is 0" in caplog.text


def test_variety_level_inferred_from_parents() -> None:
    regions = pd.DataFrame(
        {
            "code": ["ES", "a", "b"],
            "name": ["Spain", "A", "B"],
            "level": ["country", "province", "province"],
            "parent_code": [None, "ES", "ES"],
        }
    )
    industries = pd.DataFrame(
        {
            "code": ["I", "II", "01", "02", "06"],
            "name": ["Animals", "Vegetables", "Live animals", "Meat", "Plants"],
            "scheme": ["HS"] * 5,
            "level": ["section", "section", "chapter", "chapter", "chapter"],
            "parent_code": [None, None, "I", "I", "II"],
        }
    )
    rows = [("a", c, v) for c, v in (("01", 5.0), ("02", 5.0), ("06", 10.0))]
    rows += [("b", c, v) for c, v in (("01", 1.0), ("06", 1.0))]
    ri = pd.DataFrame(rows, columns=["region_code", "industry_code", "value"]).assign(
        year=2022, measure="exports"
    )
    ds = Dataset.from_frames(regions=regions, industries=industries, region_industries=ri)
    scope = AnalysisScope.infer(ds)
    assert (scope.level, scope.scheme, scope.industry_level, scope.measure) == (
        "province",
        "HS",
        "chapter",
        "exports",
    )
    assert scope.variety_level == "section" and scope.group_level is None
    E = scope.matrix(ds)
    rv = related_unrelated_variety(E, scope.industry_groups(ds, E.columns))
    # region a: sections I (0.5) and II (0.5): UV = 1 bit; within I two equal chapters: RV = 0.5
    assert rv.loc["a", "unrelated_variety"] == pytest.approx(1.0)
    assert rv.loc["a", "related_variety"] == pytest.approx(0.5)


def test_hierarchy_walks_match_plain_loops(china: Dataset) -> None:
    regions = china.regions
    parent = dict(zip(regions["code"], regions["parent_code"], strict=True))
    level = dict(zip(regions["code"], regions["level"], strict=True))

    def chain(code: str) -> list[str]:
        out = [code]
        while isinstance(parent.get(out[-1]), str):
            out.append(parent[out[-1]])
        return out

    prefectures = region_ancestors(china, "prefecture")
    for code in regions["code"]:
        expected = next((c for c in chain(code) if level.get(c) == "prefecture"), None)
        got = prefectures.get(code)
        assert (got if isinstance(got, str) else None) == expected
    series = parents_of(regions)
    assert depth(series)["440305"] == 3
    assert descendants(series, ["440300"], among=["440305", "330282"]) == {"440305"}
    assert ancestors(series, ["440305"]) == {"440300", "440000", "100000"}
    assert industry_mapping(china, "NBS42", "GB4754")["NBS42:06"] == "GB4754:C"
    stop = pd.Series({"100000": True})
    assert climb(series, stop, start=["440305"]).tolist() == ["100000"]


def test_the_bundled_grouping_is_data_and_gives_the_three_sectors(china: Dataset) -> None:
    from clusteratlas.loaders.industry_schemes import THREE_SECTORS

    declared = china.metadata["industry_groups"]
    assert declared["name"] == "three sectors (official Chinese grouping)"
    E = AnalysisScope.infer(china).matrix(china)
    groups = AnalysisScope.infer(china).industry_groups(china, E.columns)
    assert groups == {c: THREE_SECTORS[c.split(":")[1]] for c in E.columns}


def test_growth_years_from_dataset_json_the_caller_and_bad_ranges(china: Dataset) -> None:
    assert AnalysisScope.infer(china).growth_years == (2003, 2018)
    assert AnalysisScope.infer(china, growth_years=(1990, 2018)).growth_years == (1990, 2018)
    with pytest.raises(UsageError, match="growth years"):
        AnalysisScope.infer(china, growth_years=(2018, 2003))


def test_shock_level_and_size_are_scope_choices(china: Dataset) -> None:
    # the bundled I-O table (42 NBS sectors) is finer than E's 20 sections
    assert AnalysisScope.infer(china).shock_level == "io-sectors"
    scope = AnalysisScope.infer(china, shock_level="sections", shock_size="equal")
    assert (scope.shock_level, scope.shock_size) == ("sections", "equal")
    assert scope.to_dict()["shock_size"] == "equal"
    with pytest.raises(
        UsageError, match="choose io-sectors or sections; choose one with --shock-level"
    ):
        AnalysisScope.infer(china, shock_level="sectors")
    # dataset.json's analysis sets them too (and a bad value there is a data error)
    stored = Dataset.from_frames(
        metadata={**china.metadata, "analysis": {"shock_size": "equal"}}, **dict(china)
    )
    assert AnalysisScope.infer(stored).shock_size == "equal"
    bad = Dataset.from_frames(
        metadata={**china.metadata, "analysis": {"shock_size": "huge"}}, **dict(china)
    )
    with pytest.raises(DataValidationError, match=r"analysis\.shock_size"):
        AnalysisScope.infer(bad)


def test_a_table_no_finer_than_e_shocks_e_industries() -> None:
    # the example's I-O sectors map one to one into its sections: nothing finer to shock
    assert AnalysisScope.infer(example_dataset()).shock_level == "sections"


def test_growth_breaks_are_read_from_dataset_json_and_checked(china: Dataset) -> None:
    from clusteratlas.loaders.dataset_json import parse_dataset_json

    assert AnalysisScope.infer(china).growth_breaks == (2003, 2013)  # bundled dataset.json
    parsed, problems = parse_dataset_json('{"analysis": {"growth_breaks": [2013, 2003]}}')
    assert not problems and parsed["analysis"]["growth_breaks"] == [2013, 2003]
    _, problems = parse_dataset_json('{"analysis": {"growth_breaks": "2013"}}')
    assert [p.column for p in problems] == ["analysis.growth_breaks"]
    assert "expected a list of years" in problems[0].rule
    assert AnalysisScope.infer(china, growth_breaks=[2013, 2003]).growth_breaks == (2003, 2013)
    with pytest.raises(UsageError, match="not a list of years"):
        AnalysisScope.infer(china, growth_breaks=("x",))


def test_a_given_scheme_narrows_the_inferred_level():
    """Review r26: a dataset (or a graph read back) holding two schemes at two levels;
    scheme=T must infer T's level (state), not the deeper level of S's regions."""
    import pandas as pd

    from clusteratlas.graph.definitions.scope import AnalysisScope
    from clusteratlas.loaders.dataset import Dataset

    regions = pd.DataFrame({
        "code": ["X", "A", "A1", "A2", "B"], "name": list("XAabB"),
        "level": ["country", "state", "district", "district", "state"],
        "parent_code": [None, "X", "A", "A", "X"],
    })  # fmt: skip
    industries = pd.DataFrame({
        "code": ["S:1", "S:2", "T:1", "T:2"], "name": list("abcd"),
        "scheme": ["S", "S", "T", "T"], "level": "l",
    })  # fmt: skip
    rows = [("A1", "S:1", 2021, "jobs", 5.0), ("A1", "S:2", 2021, "jobs", 3.0),
            ("A2", "S:1", 2021, "jobs", 2.0), ("A2", "S:2", 2021, "jobs", 6.0),
            ("A", "T:1", 2022, "exports", 1.0), ("B", "T:2", 2022, "exports", 4.0)]  # fmt: skip
    ds = Dataset.from_frames(
        regions=regions,
        industries=industries,
        region_industries=pd.DataFrame(
            rows, columns=["region_code", "industry_code", "year", "measure", "value"]
        ),
    )
    assert AnalysisScope.infer(ds).level == "district"  # the deepest, S's
    scope = AnalysisScope.infer(ds, scheme="T")
    assert (scope.level, scope.measure, scope.year) == ("state", "exports", 2022)
