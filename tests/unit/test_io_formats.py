"""Dataset directories in every supported format and encoding; round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from clusteratlas.errors import DataValidationError
from clusteratlas.loaders.dataset import Dataset

REGIONS = "code,name,level,parent_code\n440000,广东省,province,\n440305,南山区,county,440000\n"
INDUSTRIES = "code,name,scheme,level\nGB4754:C,制造业,GB4754,section\n"


def test_tsv_excel_json_parquet(tmp_path: Path) -> None:
    (tmp_path / "regions.tsv").write_text(REGIONS.replace(",", "\t"), encoding="utf-8")
    pd.read_csv(tmp_path / "regions.tsv", sep="\t", dtype=str)  # sanity: a real TSV
    pd.DataFrame(
        {"code": ["GB4754:C"], "name": ["制造业"], "scheme": ["GB4754"], "level": ["section"]}
    ).to_excel(tmp_path / "industries.xlsx", index=False)
    (tmp_path / "region_industries.json").write_text(
        json.dumps([{"region_code": "440305", "industry_code": "GB4754:C", "year": 2020,
                     "measure": "employment", "value": 12.5}]), encoding="utf-8")  # fmt: skip
    pd.DataFrame(
        {"region_code": ["440305"], "indicator": ["gdp"], "year": [2025], "value": [1e12],
         "unit": ["CNY"], "source": ["article"]}
    ).to_parquet(tmp_path / "region_indicators.parquet")  # fmt: skip
    ds = Dataset.from_dir(tmp_path)
    assert ds.counts()["region_industries"] == 1
    assert ds.region_industries.loc[0, "value"] == 12.5
    assert ds.region_indicators.loc[0, "year"] == 2025
    assert ds.metadata["files"]["regions"]["delimiter"] == "\t"


CROSSWALK = pd.DataFrame(
    {"from_code": ["SW:1", "SW:1", "SW:2"], "to_code": ["IO:06", "IO:07", "IO:06"],
     "weight": [0.75, 0.25, None], "basis": ["mostly coal", None, "a judgement, 中文"]}
)  # fmt: skip


@pytest.mark.parametrize("suffix", ["csv", "tsv", "parquet", "xlsx", "json"])
def test_industry_crosswalk_in_every_format(tmp_path: Path, suffix: str) -> None:
    (tmp_path / "regions.csv").write_text(REGIONS, encoding="utf-8")
    (tmp_path / "industries.csv").write_text(
        "code,name,scheme,level\nSW:1,a,SW,class\nSW:2,b,SW,class\nIO:06,c,IO,sector\n"
        "IO:07,d,IO,sector\n",
        encoding="utf-8",
    )
    path = tmp_path / f"industry_crosswalk.{suffix}"
    if suffix in ("csv", "tsv"):
        CROSSWALK.to_csv(path, sep="," if suffix == "csv" else "\t", index=False)
    elif suffix == "parquet":
        CROSSWALK.to_parquet(path)
    elif suffix == "xlsx":
        CROSSWALK.to_excel(path, index=False)
    else:
        path.write_text(CROSSWALK.to_json(orient="records", force_ascii=False), encoding="utf-8")
    ds = Dataset.from_dir(tmp_path)
    got = ds.industry_crosswalk
    assert got["weight"].dtype == "float64" and got["basis"].dtype == "str"
    assert got[["from_code", "to_code"]].values.tolist() == CROSSWALK[
        ["from_code", "to_code"]].values.tolist()  # fmt: skip
    assert got["weight"].tolist()[:2] == [0.75, 0.25] and pd.isna(got["weight"].iloc[2])
    assert got["basis"].iloc[2] == "a judgement, 中文" and pd.isna(got["basis"].iloc[1])
    out = tmp_path / "out"
    ds.to_dir(out)
    pd.testing.assert_frame_equal(Dataset.from_dir(out).industry_crosswalk, got)


def test_two_files_for_one_table_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "regions.csv").write_text(REGIONS, encoding="utf-8")
    (tmp_path / "regions.json").write_text("[]", encoding="utf-8")
    (tmp_path / "industries.csv").write_text(INDUSTRIES, encoding="utf-8")
    with pytest.raises(DataValidationError, match="one table, several files"):
        Dataset.from_dir(tmp_path)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_bundled_round_trip(tmp_path: Path, fmt: str, china: Dataset) -> None:
    ds = china
    ds.to_dir(tmp_path, format=fmt)  # type: ignore[arg-type]
    back = Dataset.from_dir(tmp_path)
    assert back.counts() == ds.counts()
    for name, frame in ds:
        pd.testing.assert_frame_equal(back.table(name), frame, check_dtype=True, obj=name)
    # what dataset.json declares travels too: an export re-analysed finds the same clusters
    for key in ("samples", "industry_groups", "industry_markets", "featured_regions"):
        assert back.metadata[key] == ds.metadata[key], key


def test_data_format_doc_lists_every_table_and_column() -> None:
    from clusteratlas.loaders.dataset import TABLES

    doc = (Path(__file__).resolve().parents[2] / "docs" / "data-format.md").read_text("utf-8")
    for name, spec in TABLES.items():
        section = doc.split(f"### `{name}.csv`")[1].split("###")[0]
        for col in spec.columns:
            assert f"| `{col.name}` | {col.kind} |" in section, (name, col.name)


def test_semicolon_csv_from_a_decimal_comma_locale(tmp_path: Path) -> None:
    """Issue 26 #15: a ;-separated file read as one column gave five missing columns."""
    (tmp_path / "regions.csv").write_text(
        "code;name;level;parent_code;lon\n72;Puerto Rico;province;;-66,5\n", encoding="utf-8"
    )
    (tmp_path / "industries.csv").write_text(
        "code,name,scheme,level\nN:31,Manufacturing,NAICS,sector\n", encoding="utf-8"
    )
    with pytest.raises(DataValidationError) as err:
        Dataset.from_dir(tmp_path)
    (problem,) = err.value.problems
    assert (problem.column, problem.value) == ("lon", "-66,5")
    assert "decimal commas? write 1.5" in problem.rule
    text = (tmp_path / "regions.csv").read_text(encoding="utf-8").replace("-66,5", "-66.5")
    (tmp_path / "regions.csv").write_text(text, encoding="utf-8")
    ds = Dataset.from_dir(tmp_path)
    assert ds.regions.loc[0, "lon"] == -66.5
    assert ds.metadata["files"]["regions"]["delimiter"] == ";"
