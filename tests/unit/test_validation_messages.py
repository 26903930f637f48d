"""Validation messages a researcher with their own data can act on (issue 17.6).

Repeated problems are grouped (one line per unknown level, one per column of many
dangling references) with counts and rows; a close known value is suggested; codes
that lost their leading zeros are named as such; unknown ``dataset.json`` keys are
problems; codes are text in every format (JSON and Parquet numbers are refused).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from clusteratlas.errors import DataValidationError
from clusteratlas.loaders.io import read_dataset_dir
from clusteratlas.loaders.validation import validate_tables

INDUSTRIES = pd.DataFrame({"code": ["X"], "name": ["x"], "scheme": ["S"], "level": ["s"]})


def regions(n: int, level: str) -> pd.DataFrame:
    codes = [f"{i:02d}" for i in range(1, n + 1)]
    return pd.DataFrame(
        {
            "code": ["ES", *codes],
            "name": ["Spain", *codes],
            "level": ["country", *[level] * n],
            "parent_code": [None, *["ES"] * n],
        }
    )


def test_an_undeclared_level_is_one_line_with_a_count() -> None:
    problems = validate_tables({"regions": regions(52, "state"), "industries": INDUSTRIES})
    assert len(problems) == 1
    text = str(problems[0])
    assert text.startswith("regions.csv, row 2, column level, value 'state': unknown region level")
    assert "in 52 rows (2, 3, 4, 5, 6, ...)" in text


def test_did_you_mean_and_the_user_levels_are_listed() -> None:
    problems = validate_tables(
        {"regions": regions(3, "provincias"), "industries": INDUSTRIES},
        region_levels=["provincia", "comunidad"],
    )
    (problem,) = problems
    assert "did you mean 'provincia'?" in problem.rule
    assert "declared: comunidad, provincia" in problem.rule


def test_codes_that_lost_their_leading_zeros_are_named() -> None:
    ri = pd.DataFrame(
        {
            "region_code": [str(i) for i in range(1, 10)] * 22,  # '1' for '01', 198 rows
            "industry_code": "X",
            "year": [2000 + k for k in range(22) for _ in range(9)],
            "measure": "exports",
            "value": 1.0,
        }
    )
    problems = validate_tables(
        {"regions": regions(9, "county"), "industries": INDUSTRIES, "region_industries": ri}
    )
    assert len(problems) == 1
    text = str(problems[0])
    assert "dangling reference: 198 rows name no regions.code (9 distinct values" in text
    assert "'1' vs '01'" in text and "leading zeros" in text


def test_few_dangling_references_stay_one_per_row() -> None:
    frame = regions(2, "county")
    frame.loc[2, "parent_code"] = "404"
    problems = validate_tables({"regions": frame, "industries": INDUSTRIES})
    assert [str(p) for p in problems] == [
        "regions.csv, row 3, column parent_code, value '404': dangling reference: "
        "no regions.code '404'"
    ]


def write(folder: Path, regions_file: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "industries.csv").write_text("code,name,scheme,level\nX,x,S,s\n")
    target = folder / regions_file
    target.write_bytes(text) if isinstance(text, bytes) else target.write_text(text)
    return folder


def test_unknown_dataset_json_keys_are_refused(tmp_path: Path) -> None:
    folder = write(tmp_path, "regions.csv", "code,name,level,parent_code\n01,a,county,\n")
    (folder / "dataset.json").write_text(json.dumps({"region_level": ["state"], "units": {}}))
    with pytest.raises(DataValidationError) as err:
        read_dataset_dir(folder)
    assert "column region_level: unknown key (did you mean 'region_levels'?)" in str(err.value)


def test_json_numbers_in_code_columns_are_refused(tmp_path: Path) -> None:
    records = [
        {"code": 1, "name": "a", "level": "province", "parent_code": None},
        {"code": 11, "name": "b", "level": "county", "parent_code": 1},
    ]
    folder = write(tmp_path, "regions.json", json.dumps(records))
    with pytest.raises(DataValidationError) as err:
        read_dataset_dir(folder)
    text = str(err.value)
    assert "column code, value 1: wrong type: expected text, found numbers in 2 rows" in text
    assert "'0.0'" not in text and "1.0" not in text


def test_parquet_integer_codes_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "industries.csv").write_text("code,name,scheme,level\nX,x,S,s\n")
    pd.DataFrame(
        {
            "code": [1, 11],
            "name": ["a", "b"],
            "level": ["province", "county"],
            "parent_code": [None, "1"],
        }
    ).to_parquet(folder / "regions.parquet")
    with pytest.raises(DataValidationError) as err:
        read_dataset_dir(folder)
    assert "regions.parquet, row 1, column code, value 1: wrong type: expected text" in str(
        err.value
    )
    # the same codes as text are accepted, and '01' stays '01'
    pd.DataFrame(
        {
            "code": ["01", "011"],
            "name": ["a", "b"],
            "level": ["province", "county"],
            "parent_code": [None, "01"],
        }
    ).to_parquet(folder / "regions.parquet")
    assert read_dataset_dir(folder).regions["code"].tolist() == ["01", "011"]


def test_a_column_of_thousands_separators_is_one_problem_with_its_fix(tmp_path: Path) -> None:
    """Issue 26 #15: one column written with thousands separators gave 2,249 lines."""
    rows = "".join(f'{i},"r{i}",county,,"{1000 + i:,}"\n' for i in range(2249))
    folder = write(tmp_path, "regions.csv", "code,name,level,parent_code,lon\n" + rows)
    with pytest.raises(DataValidationError) as err:
        read_dataset_dir(folder)
    (problem,) = [p for p in err.value.problems if p.column == "lon"]
    assert (problem.row, problem.value) == (1, "1,000")
    assert problem.rule == (
        "wrong type: expected float in 2249 rows (1, 2, 3, 4, 5, ...) "
        "(thousands separators? write 1150, not 1,150)"
    )


def test_decimal_commas_are_named(tmp_path: Path) -> None:
    folder = write(
        tmp_path, "regions.csv", 'code,name,level,parent_code,lon\n1,a,county,,"113,9"\n'
    )
    with pytest.raises(DataValidationError) as err:
        read_dataset_dir(folder)
    assert "value '113,9': wrong type: expected float (decimal commas?" in str(err.value)


def test_excel_codes_stored_as_numbers_are_refused(tmp_path: Path) -> None:
    """Issue 26 #15: Excel cells holding numbers were read as text ('1'), so a code that
    had lost its leading zero passed, unlike the same column in JSON or Parquet."""
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "industries.csv").write_text("code,name,scheme,level\nX,x,S,s\n")
    pd.DataFrame(
        {"code": [1, 11], "name": ["a", "b"], "level": ["province", "county"],
         "parent_code": [None, 1], "lon": [113.9, 114.1]}
    ).to_excel(folder / "regions.xlsx", index=False)  # fmt: skip
    with pytest.raises(DataValidationError) as err:
        read_dataset_dir(folder)
    text = str(err.value)
    assert "column code, value 1: wrong type: expected text, found numbers in 2 rows" in text
    assert "format the column as text in Excel" in text and "lon" not in text
