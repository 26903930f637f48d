"""Your own data, any country: the CLI end to end on a non-China dataset (issue 17).

``tests/data/synthetic_spain`` is SYNTHETIC (made-up numbers, real names and codes,
see ``tests/data/make_synthetic_spain.py``): ten Spanish provinces (user level
``provincia``, grouped in ``comunidad``) x HS chapters (user scheme ``HS``, grouped
in sections), measure ``exports`` in EUR million, an I-O table in HS chapters. No
relabelling: ``analyze``, every ``view`` kind and ``demo --from`` run on it as it is.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.graph.definitions.scope import AnalysisScope
from clusteratlas.loaders.dataset import Dataset

SPAIN = Path(__file__).resolve().parent.parent / "data" / "synthetic_spain"


@pytest.fixture(scope="module")
def spain() -> Dataset:
    return Dataset.from_dir(SPAIN)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, AssertionError | AttributeError | KeyError), result
    return result.exit_code, result.stdout, result.stderr


def test_scope_inferred_from_the_data(spain: Dataset) -> None:
    scope = AnalysisScope.infer(spain)
    assert scope.to_dict() == {
        "level": "provincia",
        "scheme": "HS",
        "industry_level": "chapter",
        "measure": "exports",
        "year": 2022,
        "io_scheme": "HS",
        "io_year": 2021,
        "group_level": "comunidad",
        "variety_level": "section",
        "unit": "EUR million",
        "growth_years": None,
        "firm_scheme": "HS",  # the companies' classification
        # the I-O table is at E's own level (chapters): each industry of E is shocked
        "shock_level": "sections",
        "shock_size": "proportional",
        "growth_breaks": None,
    }


def test_analyze_runs_without_relabelling() -> None:
    code, out, err = invoke("analyze", "--from", str(SPAIN), "--format", "csv")
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out), dtype={"region_code": str})
    assert len(table) == 10 and table["region_code"].str.len().eq(2).all()
    assert set(table["unit"]) == {"EUR million"} and set(table["measure"]) == {"exports"}
    assert table["year"].eq(2022).all()
    # every component is computed: I-O losses, portfolio (national exports series), variety
    for column in ("worst_loss", "portfolio_variance", "entropy", "related_variety"):
        assert table[column].notna().all(), column
    # related variety follows the HS sections (chapters 07 and 08 are both section II)
    assert (table["related_variety"] > 0).all()
    assert table.loc[table["region_code"] == "08", "rank"].item() == 1  # Barcelona


def test_related_variety_uses_the_hs_sections(spain: Dataset) -> None:
    from clusteratlas.graph.analytics.concentration import related_unrelated_variety
    from clusteratlas.graph.analytics.resilience import resilience_scores

    scores = resilience_scores(spain)
    scope = AnalysisScope.infer(spain)
    E = scope.matrix(spain)
    groups = scope.industry_groups(spain, E.columns)
    assert groups["07"] == groups["08"] == "II" and groups["87"] == groups["88"] == "XVII"
    expected = related_unrelated_variety(E, groups)
    pd.testing.assert_series_equal(
        scores["related_variety"].sort_index(),
        expected["related_variety"].sort_index(),
        check_names=False,
    )
    # Almería: vegetables and fruit (both section II) and a little else: mostly related variety
    almeria = expected.loc["04"]
    assert almeria["related_variety"] > almeria["unrelated_variety"]


def test_scope_options_choose_and_refuse() -> None:
    code, out, _ = invoke("analyze", "--from", str(SPAIN), "--year", "2021", "--format", "json")
    assert code == 0 and {r["year"] for r in json.loads(out)} == {2021}
    for option, value, listed in [
        ("--level", "state", "provincia (170 rows)"),
        ("--measure", "employment", "exports (170 rows)"),
        ("--scheme", "GB4754", "HS (170 rows)"),
        ("--year", "2019", "2021, 2022"),
        ("--io-scheme", "NBS42", "HS (19 links)"),
        ("--group-level", "prefecture", "comunidad (3 regions)"),
        ("--variety-level", "division", "chapter (15 industries)"),
    ]:
        code, _, err = invoke("analyze", "--from", str(SPAIN), option, value)
        assert code == 2, (option, err)
        assert listed in err and option in err, err
        assert "Traceback" not in err


def test_every_view_kind_runs(tmp_path: Path) -> None:
    cases = {
        "region": ["--region", "CT"],
        "supply-chain": ["--focus", "87"],
        "clusters": [],
        "industry-space": ["--region", "12"],
    }
    for kind, extra in cases.items():
        out = tmp_path / f"{kind}.html"
        code, _, err = invoke("view", kind, str(SPAIN), *extra, "-o", str(out))
        assert code == 0, (kind, err)
        page = out.read_text(encoding="utf-8")
        assert "prefecture" not in page.lower(), kind
    clusters = (tmp_path / "clusters.html").read_text(encoding="utf-8")
    assert "exp(-distance / 100 km)" in clusters  # the provinces have coordinates
    # without coordinates the network falls back to the data's own group level
    flat = tmp_path / "flat"
    flat.mkdir()
    for path in SPAIN.iterdir():
        (flat / path.name).write_bytes(path.read_bytes())
    regions = pd.read_csv(flat / "regions.csv", dtype=str).drop(columns=["lon", "lat"])
    regions.to_csv(flat / "regions.csv", index=False)
    out = tmp_path / "flat.html"
    code, _, err = invoke("view", "clusters", str(flat), "-o", str(out))
    assert code == 0, err
    assert "comunidad" in out.read_text(encoding="utf-8")  # the data's group level
    region = (tmp_path / "region.html").read_text(encoding="utf-8")
    assert "Edible fruit and nuts" in region and "Barcelona" in region  # industry 08 and region 08


def test_demo_shows_the_regions_the_data_feature(tmp_path: Path) -> None:
    """dataset.json featured_regions, not a list of China's counties, picks the demo's
    default regions, in their order; an unknown featured region is a data problem."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(SPAIN, data)
    described = json.loads((data / "dataset.json").read_text(encoding="utf-8"))
    (data / "dataset.json").write_text(
        json.dumps({**described, "featured_regions": ["46", "08"]}), encoding="utf-8"
    )
    code, out, err = invoke("demo", "--from", str(data), "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert "Resilience of 2 featured provincias among 10 provincias" in out
    pages = sorted(p.name for p in (tmp_path / "out" / "views").glob("*.html"))
    assert len(pages) == 2 * 4 + 3 and any("46" in p for p in pages)
    (data / "dataset.json").write_text(
        json.dumps({**described, "featured_regions": ["46", "99"]}), encoding="utf-8"
    )
    code, out, err = invoke("demo", "--from", str(data), "--out", str(tmp_path / "bad"))
    assert code == 4
    assert "dataset.json, column featured_regions, value '99': dangling reference" in err


def test_demo_from_a_directory(tmp_path: Path) -> None:
    code, out, err = invoke("demo", "--from", str(SPAIN), "--out", str(tmp_path))
    assert code == 0, err
    assert "among 10 provincias (exports in EUR million, 2022, 0-100)" in out
    regions = pd.read_csv(tmp_path / "regions.csv", dtype={"region_code": str})
    assert len(regions) == 10 and set(regions["unit"]) == {"EUR million"}
    parameters = json.loads((tmp_path / "analysis.json").read_text())
    assert parameters["measure"] == "exports" and parameters["group_level"] == "comunidad"
    index = (tmp_path / "views" / "index.html").read_text(encoding="utf-8")
    assert "Skipped" not in index and "not in the dataset" not in index
    pages = sorted(p.name for p in (tmp_path / "views").glob("*.html"))
    assert (
        len(pages) == 5 * 4 + 3
    )  # 5 largest provinces x (3 views + a report), clusters, map, index
    code, out, err = invoke("demo", "--from", str(SPAIN), "--out", str(tmp_path / "b"),
                            "--region", "04", "--region", "99")  # fmt: skip
    assert code == 2 and "--region: unknown region '99'" in err
    assert not (tmp_path / "b").exists()  # a failed run leaves no directory behind


def test_failed_demo_removes_the_out_directory_it_created(tmp_path: Path) -> None:
    """Issue 26 #15: `demo --from BAD --out DIR` exited 4 but left an empty DIR."""
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "regions.csv").write_text("code,name,level,parent_code\n1,A,province,9\n")
    (bad / "industries.csv").write_text("code,name,scheme,level\nX,x,S,section\n")
    code, _, err = invoke("demo", "--from", str(bad), "--out", str(tmp_path / "new" / "out"))
    assert code == 4 and "dangling reference" in err
    assert not (tmp_path / "new").exists()  # nor the parent it created for it
    kept = tmp_path / "kept"
    (kept / "views").mkdir(parents=True)  # the user's directory stays, with its files
    code, _, _ = invoke("demo", "--from", str(bad), "--out", str(kept))
    assert code == 4 and (kept / "views").is_dir()


def test_demo_table_of_full_counts_has_no_empty_interval_columns(tmp_path: Path) -> None:
    """Issue 26 #15: exports are no sample, yet the demo's table printed rank_low,
    rank_high, sample_size, resilience_low and resilience_high, all NaN; and a provincia
    without exports rows vanished from the ranking without a word."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(SPAIN, data)
    with (data / "regions.csv").open("a", encoding="utf-8") as f:
        f.write("99,Nowhere (SYNTHETIC),provincia,CT,,\n")
    code, out, err = invoke("demo", "--from", str(data), "--out", str(tmp_path / "out"))
    assert code == 0, err
    header = next(line for line in out.splitlines() if "region_code" in line).split()
    assert header[0] == "rank" and {"region_code", "name", "resilience"} <= set(header)
    for empty in ("rank_low", "rank_high", "sample_size", "resilience_low", "resilience_high"):
        assert empty not in header
    assert "NaN" not in out
    assert (
        "Not scored: 1 provincia with no exports values in 2022 (99): it is in no ranking." in out
    )
    index = (tmp_path / "out" / "views" / "index.html").read_text(encoding="utf-8")
    assert (
        "10 provincias of España: exports (EUR million), 2022; not scored: 1 provincia "
        "without values (99)" in index
    )
    assert "<th>rank_low</th>" not in index and "<th>sample_size</th>" not in index


def test_the_analyze_table_leaves_out_sample_columns_of_full_counts() -> None:
    """Full counts have no bootstrap interval nor sample size: no column of NaN printed."""
    code, out, err = invoke("-q", "analyze", "--from", str(SPAIN), "--limit", "3")
    assert code == 0, err
    header = out.splitlines()[0].split()
    assert "rank_spec_low" in header and "resilience" in header
    assert not {"rank_low", "resilience_low", "sample_size", "small_sample"} & set(header)
    assert "NaN" not in out


def test_view_map_honours_the_industry_level(tmp_path: Path) -> None:
    """`view map --industry-level major` maps the entropy `analyze --industry-level major`
    ranks by, not the detailed level's (the CLI passed no scope to the map)."""
    import re
    import shutil

    from clusteratlas.graph.analytics.concentration import shannon_entropy

    two = Path(__file__).resolve().parent.parent / "data" / "synthetic_two_levels"
    shutil.copytree(two, tmp_path / "d")
    regions = pd.read_csv(tmp_path / "d" / "regions.csv", dtype=str)
    regions["lon"] = [str(10 + i) for i in range(len(regions))]  # SYNTHETIC coordinates
    regions["lat"] = [str(40 + i) for i in range(len(regions))]
    regions.to_csv(tmp_path / "d" / "regions.csv", index=False)
    ds = Dataset.from_dir(tmp_path / "d")
    for level in ("major", "detailed"):
        page = tmp_path / f"{level}.html"
        code, _out, err = invoke(
            "view", "map", "--from", str(tmp_path / "d"), "--score", "entropy",
            "--industry-level", level, "-o", str(page),
        )  # fmt: skip
        assert code == 0, err
        scope = AnalysisScope.infer(ds, industry_level=level)
        E = scope.matrix(ds)
        expected = shannon_entropy(E.loc[E.sum(axis=1) > 0])
        top = expected.idxmax()
        text = page.read_text(encoding="utf-8")
        name = ds.regions.set_index("code").loc[top, "name"]
        shown = re.search(re.escape(name) + r": ([0-9.]+)", text)
        assert shown is not None, (level, name)
        assert float(shown.group(1)) == pytest.approx(expected[top], abs=0.01)
