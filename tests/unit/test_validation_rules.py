# ruff: noqa: E501  (the expected messages are long on purpose: they are the contract)
"""One broken dataset per validation rule: `clusteratlas validate` exits 4 and names row and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.errors import DataValidationError
from clusteratlas.loaders.dataset import Dataset

REGIONS = (
    "code,name,level,parent_code\n100,Land,country,\n110,Shire,province,100\n111,Vale,county,110\n"
)
INDUSTRIES = "code,name,scheme,level,parent_code\nS:A,Farms,S,section,\nS:B,Mines,S,section,\n"


def _write(tmp: Path, **tables: str) -> Path:
    files = {"regions.csv": REGIONS, "industries.csv": INDUSTRIES}
    files.update({f"{k}.csv": v for k, v in tables.items()})
    for name, text in files.items():
        if text is not None:
            (tmp / name).write_text(text, encoding="utf-8")
    return tmp


def _validate(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", str(path)])
    return result.exit_code, result.output


def test_clean_dataset_exits_0(tmp_path: Path) -> None:
    ri = "region_code,industry_code,year,measure,value\n111,S:A,2020,employment,5\n"
    code, out = _validate(_write(tmp_path, region_industries=ri))
    assert code == 0, out
    assert "OK" in out


CASES = {
    "missing column": ({"industries": "code,name,scheme\nS:A,Farms,S\n"},
                       "industries.csv, column level: missing column"),
    "extra column": ({"region_indicators": "region_code,indicator,year,value,colour\n111,gdp,2020,1,red\n"},
                     "region_indicators.csv, column colour: unexpected column"),
    "wrong type": ({"region_industries": "region_code,industry_code,year,measure,value\n111,S:A,2020,employment,many\n"},
                   "region_industries.csv, row 1, column value, value 'many': wrong type: expected float"),
    "wrong int": ({"region_industries": "region_code,industry_code,year,measure,value\n111,S:A,20.5,employment,1\n"},
                  "region_industries.csv, row 1, column year, value '20.5': wrong type: expected int"),
    "empty key": ({"regions": REGIONS + ",Nowhere,county,110\n"},
                  "regions.csv, row 4, column code, value '': empty key"),
    "duplicate key": ({"regions": REGIONS + "111,Vale again,county,110\n"},
                      "regions.csv, row 4, column code, value '111': duplicate key (first at row 3)"),
    "dangling reference": ({"companies": "id,name,exchange,ticker,region_code\nX:1,Co,X,1,999\n"},
                           "companies.csv, row 1, column region_code, value '999': dangling reference: no regions.code '999'"),
    "cycle": ({"industries": INDUSTRIES.replace("S:A,Farms,S,section,", "S:A,Farms,S,section,S:B")
               .replace("S:B,Mines,S,section,", "S:B,Mines,S,section,S:A")},
              "column parent_code, value 'S:"),
    "negative value": ({"industry_links": "from_code,to_code,year,flow,coefficient\nS:A,S:B,2020,-3,0.1\n"},
                       "industry_links.csv, row 1, column flow, value '-3': negative value"),
    "share out of range": ({"companies": "id,name,exchange,ticker,region_code\nX:1,Co,X,1,111\n",
                            "company_industries": "company_id,industry_code,share,primary\nX:1,S:A,1.5,true\n"},
                           "company_industries.csv, row 1, column share, value '1.5': share out of range (0, 1]"),
    "score out of range": ({"companies": "id,name,exchange,ticker,region_code\nX:1,Co,X,1,111\nX:2,Co2,X,2,111\n",
                            "supply_links": "supplier_id,customer_id,year,value,share,score,tied,source,inferred\n"
                                            "X:1,X:2,2020,,,1.5,0,rule,true\n"},
                           "supply_links.csv, row 1, column score, value '1.5': score out of range (0, 1]"),
    "negative tie count": ({"companies": "id,name,exchange,ticker,region_code\nX:1,Co,X,1,111\nX:2,Co2,X,2,111\n",
                            "supply_links": "supplier_id,customer_id,year,value,share,score,tied,source,inferred\n"
                                            "X:1,X:2,2020,,,0.5,-2,rule,true\n"},
                           "supply_links.csv, row 1, column tied, value '-2': negative value"),
    "unknown level": ({"regions": REGIONS + "112,Ward 9,ward,110\n"},
                      "regions.csv, row 4, column level, value 'ward': unknown region level"),
    "missing value": ({"regions": REGIONS + "112,,county,110\n"},
                      "regions.csv, row 4, column name, value '': missing value"),
    "crosswalk dangling reference": ({"industry_crosswalk": "from_code,to_code,weight,basis\nS:A,S:B,,same\nS:A,T:9,0.5,\n"},
                                     "industry_crosswalk.csv, row 2, column to_code, value 'T:9': dangling reference: no industries.code 'T:9'"),
    "crosswalk weight out of range": ({"industry_crosswalk": "from_code,to_code,weight,basis\nS:A,S:B,0,none of it\n"},
                                      "industry_crosswalk.csv, row 1, column weight, value '0': weight out of range (0, 1]"),
    "crosswalk wrong type": ({"industry_crosswalk": "from_code,to_code,weight\nS:A,S:B,half\n"},
                             "industry_crosswalk.csv, row 1, column weight, value 'half': wrong type: expected float"),
    "crosswalk duplicate key": ({"industry_crosswalk": "from_code,to_code\nS:A,S:B\nS:A,S:B\n"},
                                "industry_crosswalk.csv, row 2, column from_code,to_code, value ('S:A', 'S:B'): duplicate key (first at row 1)"),
    "final use dangling reference": ({"industry_final_uses": "industry_code,year,category,value\nS:A,2020,exports,5\nS:Z,2020,exports,1\n"},
                                     "industry_final_uses.csv, row 2, column industry_code, value 'S:Z': dangling reference: no industries.code 'S:Z'"),
    "final use duplicate key": ({"industry_final_uses": "industry_code,year,category,value\nS:A,2020,exports,5\nS:A,2020,exports,-1\n"},
                                "industry_final_uses.csv, row 2, column industry_code,year,category, value ('S:A', '2020', 'exports'): duplicate key (first at row 1)"),
    "final use wrong type": ({"industry_final_uses": "industry_code,year,category,value\nS:A,2020,exports,n/a\n"},
                             "industry_final_uses.csv, row 1, column value, value 'n/a': wrong type: expected float"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_rule_exits_4_naming_row_and_column(case: str, tmp_path: Path) -> None:
    tables, message = CASES[case]
    code, out = _validate(_write(tmp_path, **tables))
    assert code == 4, out
    assert message in out
    if case == "cycle":
        assert "cycle in hierarchy: S:" in out


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    _write(
        tmp_path,
        regions=REGIONS + "111,Dup,county,110\n112,Ward,ward,999\n",
        industry_links="from_code,to_code,year,flow,coefficient\nS:A,S:Z,2020,-1,x\n",
    )
    with pytest.raises(DataValidationError) as info:
        Dataset.from_dir(tmp_path)
    rules = [p.rule.split(":")[0].split(" (")[0] for p in info.value.problems]
    for rule in ("duplicate key", "unknown region level", "dangling reference", "negative value",
                 "wrong type"):  # fmt: skip
        assert rule in rules, rules
    assert len(info.value.problems) >= 6


def test_dataset_json_industry_groups_name_industries_of_the_data(tmp_path: Path) -> None:
    _write(tmp_path)
    good = '{"industry_groups": {"name": "two", "groups": {"S:A": "land", "S:B": "land"}}}'
    (tmp_path / "dataset.json").write_text(good, encoding="utf-8")
    assert Dataset.from_dir(tmp_path).metadata["industry_groups"]["groups"]["S:B"] == "land"
    bad = '{"industry_groups": {"name": "two", "groups": {"S:A": "land", "S:Z": 3, "T:1": "x"}}}'
    (tmp_path / "dataset.json").write_text(bad, encoding="utf-8")
    code, out = _validate(tmp_path)
    assert code == 4, out
    assert "dataset.json, column industry_groups.groups.S:Z, value 3: expected text" in out
    assert (
        "dataset.json, column industry_groups.groups, value 'T:1': dangling reference: "
        "no industries.code 'T:1'"
    ) in out


def test_dataset_json_featured_regions_are_regions_of_the_data(tmp_path: Path) -> None:
    from clusteratlas.loaders.dataset_json import featured_regions

    _write(tmp_path)
    (tmp_path / "dataset.json").write_text('{"featured_regions": ["111", "100"]}', "utf-8")
    assert featured_regions(Dataset.from_dir(tmp_path)) == ["111", "100"]  # in their order
    for text, message in (
        ('{"featured_regions": ["111", "999"]}',
         "dataset.json, column featured_regions, value '999': dangling reference: no "
         "regions.code '999'"),
        ('{"featured_regions": ["111", "111"]}',
         "dataset.json, column featured_regions, value '111': a region is featured twice"),
        ('{"featured_regions": "111"}',
         "dataset.json, column featured_regions, value '111': expected a list of texts"),
    ):  # fmt: skip
        (tmp_path / "dataset.json").write_text(text, encoding="utf-8")
        code, out = _validate(tmp_path)
        assert code == 4 and message in out, out


def test_user_levels_declared_in_dataset_json(tmp_path: Path) -> None:
    _write(tmp_path, regions=REGIONS + "112,Ward 9,ward,110\n")
    assert _validate(tmp_path)[0] == 4
    (tmp_path / "dataset.json").write_text('{"region_levels": ["ward"]}', encoding="utf-8")
    assert _validate(tmp_path)[0] == 0
    assert Dataset.from_dir(tmp_path).metadata["region_levels"] == ["ward"]


def test_missing_required_table_and_unreadable_encoding(tmp_path: Path) -> None:
    (tmp_path / "regions.csv").write_bytes(b"code,name,level,parent_code\n1,\xff\xfe\xfa,county,\n")
    code, out = _validate(tmp_path)
    assert code == 4
    assert "regions.csv, row 1: unreadable encoding" in out
    assert "industries.csv: required table is missing" in out


def test_validate_bundled_china_is_clean() -> None:
    result = CliRunner().invoke(cli, ["validate", "--bundled", "china"])
    assert result.exit_code == 0, result.output
    assert "regions 3216" in result.output


def test_validate_needs_exactly_one_source(tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["validate"]).exit_code == 2
    assert CliRunner().invoke(cli, ["validate", str(tmp_path), "--bundled", "china"]).exit_code == 2
