"""The generic adapters (``long-csv``, ``io-matrix``) on hand-made inputs with hand-computed
outputs, every error path, and end to end: their ``--out`` tables plus the SYNTHETIC
regions and industries of ``tests/data/synthetic_generic_adapters`` are a dataset that
``validate`` accepts and ``analyze`` runs on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from clusteratlas.cli import cli
from clusteratlas.cli.validate import adapter_read_options
from clusteratlas.errors import DataValidationError, Problem, UsageError
from clusteratlas.loaders.adapters.io_matrix import read_io_matrix
from clusteratlas.loaders.adapters.long_csv import read_long_csv
from clusteratlas.loaders.adapters.make_use import read_make_use

DATA = Path(__file__).resolve().parent.parent / "data" / "synthetic_generic_adapters"
EUROSTAT = {"region": "geo", "industry": "nace_r2", "year": "TIME_PERIOD", "value": "OBS_VALUE"}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"NEO4J_URI": "bolt://127.0.0.1:1"})


def write(tmp_path: Path, text: str, name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problem(excinfo: pytest.ExceptionInfo[DataValidationError], i: int = 0) -> Problem:
    return excinfo.value.problems[i]


# --- long-csv ---------------------------------------------------------------------------------


def test_long_csv_maps_columns_and_namespaces_codes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "geo,nace_r2,TIME_PERIOD,unit,OBS_VALUE\n"
        "ES51,C10,2021,THS_PER,1.5\nES51,NACE:C29,2021,THS_PER,2\n07,C10,2020,THS_PER,0\n",
    )
    t = read_long_csv(path, mapping={**EUROSTAT, "unit": "unit"}, scheme="NACE", measure="jobs")
    assert t["region_industries"].values.tolist() == [
        ["07", "NACE:C10", 2020, "jobs", 0.0],  # leading zero kept
        ["ES51", "NACE:C10", 2021, "jobs", 1.5],
        ["ES51", "NACE:C29", 2021, "jobs", 2.0],  # already namespaced: kept
    ]
    assert t.notes["units"] == {"jobs": "THS_PER"} and t.notes["rows"] == 3


def test_long_csv_default_names_year_option_measure_column_and_where(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "region,industry,measure,unit,value\n"
        "R1,A,jobs,persons,10\nR1,A,jobs,THS,0.01\nR1,A,firms,units,3\n",
    )
    t = read_long_csv(path, year="2019", scheme="S", where={"unit": "persons"})
    assert t["region_industries"].values.tolist() == [["R1", "S:A", 2019, "jobs", 10.0]]
    t = read_long_csv(path, year=2019, scheme="S", where={"measure": "firms"})
    assert t["region_industries"]["value"].tolist() == [3.0]


def test_long_csv_missing_mapped_column_names_it(tmp_path: Path) -> None:
    path = write(tmp_path, "geo,nace_r2,TIME_PERIOD,OBS_VALUE\nES51,C10,2021,1\n")
    with pytest.raises(DataValidationError) as e:
        read_long_csv(path, mapping={**EUROSTAT, "value": "VALUE"}, scheme="N", measure="m")
    p = problem(e)
    assert (p.file, p.column) == (str(path), "VALUE")
    assert "mapped to value" in p.rule and "the file has geo, nace_r2" in p.rule


def test_long_csv_names_each_kind_of_non_number_with_its_rows(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "geo,nace_r2,TIME_PERIOD,OBS_VALUE\n"
        'A,C10,2021,:\nA,C11,2021,1\nA,C12,2021,: c\nA,C13,2021,"1,234"\n'
        "A,C14,2021,12.5 p\nA,C15,2021,n/a\n",
    )
    with pytest.raises(DataValidationError) as e:
        read_long_csv(path, mapping=EUROSTAT, scheme="N", measure="m")
    by_value = {p.value: p for p in e.value.problems}
    flag = by_value[":"]
    assert (flag.row, flag.column) == (1, "OBS_VALUE")
    assert "2 rows are not numbers: not available (Eurostat's ':' flag) (rows 1, 3)" in flag.rule
    assert by_value["1,234"].row == 4 and "thousands separators" in by_value["1,234"].rule
    assert "flag letter" in by_value["12.5 p"].rule
    assert by_value["n/a"].rule == "1 row is not a number: not a number (rows 6)"


def test_long_csv_missing_drop_drops_flags_and_empties_only(tmp_path: Path) -> None:
    text = "geo,nace_r2,TIME_PERIOD,OBS_VALUE\nA,C10,2021,:\nA,C11,2021,4\nA,C12,2021,\n"
    t = read_long_csv(
        write(tmp_path, text), mapping=EUROSTAT, scheme="N", measure="m", missing="drop"
    )
    assert t["region_industries"]["value"].tolist() == [4.0]
    assert (t.notes["rows_read"], t.notes["rows_dropped"]) == (3, 2)
    bad = write(tmp_path, text + 'A,C13,2021,"2,5"\n', "bad.csv")
    with pytest.raises(DataValidationError, match="decimal comma") as e:
        read_long_csv(bad, mapping=EUROSTAT, scheme="N", measure="m", missing="drop")
    assert problem(e).row == 4


def test_long_csv_duplicate_keys_name_rows_and_the_column_that_differs(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "geo,nace_r2,TIME_PERIOD,unit,OBS_VALUE\n"
        "A,C10,2021,NR,5\nA,C11,2021,NR,1\nA,C10,2021,PC,0.5\n",
    )
    with pytest.raises(DataValidationError) as e:
        read_long_csv(path, mapping=EUROSTAT, scheme="N", measure="m")
    p = problem(e)
    assert (p.file, p.row, p.value) == (str(path), 3, ("A", "N:C10", 2021, "m"))
    assert "duplicate key" in p.rule and "also at row 1" in p.rule
    assert "they differ in unit" in p.rule and "where.unit=" in p.rule


def test_long_csv_empty_code_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "geo,nace_r2,TIME_PERIOD,OBS_VALUE\nA,C10,2021,1\nA, ,2021,1\n")
    with pytest.raises(DataValidationError) as e:
        read_long_csv(path, mapping=EUROSTAT, scheme="N", measure="m")
    assert (problem(e).row, problem(e).column) == (2, "nace_r2")
    assert problem(e).rule.startswith("1 row(s) have no industry code")


def test_long_csv_year_must_be_a_whole_number(tmp_path: Path) -> None:
    path = write(tmp_path, "geo,nace_r2,TIME_PERIOD,OBS_VALUE\nA,C10,2021,1\nA,C10,2021-Q1,1\n")
    with pytest.raises(DataValidationError) as e:
        read_long_csv(path, mapping=EUROSTAT, scheme="N", measure="m")
    assert (problem(e).row, problem(e).column, problem(e).value) == (2, "TIME_PERIOD", "2021-Q1")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"measure": "m"}, "have no scheme"),
        ({"scheme": "N"}, "no measure"),
        ({"scheme": "N", "measure": "m", "missing": "keep"}, "give error or drop"),
        ({"scheme": "N:X", "measure": "m"}, "without a colon"),
    ],
)
def test_long_csv_usage_errors(tmp_path: Path, options: dict, message: str) -> None:
    path = write(tmp_path, "geo,nace_r2,TIME_PERIOD,OBS_VALUE\nA,C10,2021,1\n")
    with pytest.raises(UsageError, match=message):
        read_long_csv(path, mapping=EUROSTAT, **options)
    with pytest.raises(UsageError, match="unknown field 'sector'"):
        read_long_csv(path, mapping={"sector": "nace_r2"}, scheme="N", measure="m")


# --- io-matrix --------------------------------------------------------------------------------

SMALL = "code,A,B,households,exports,output\nA,10,30,40,20,100\nB,20,0,150,30,200\n"
"""z = [[10, 30], [20, 0]], f = [[40, 20], [150, 30]], x = [100, 200] (balanced)."""


def test_io_matrix_coefficients_final_uses_and_shares_by_hand(tmp_path: Path) -> None:
    t = read_io_matrix(write(tmp_path, SMALL), scheme="S", year=2020, unit="EUR")
    # a_ij = z_ij / x_j: 10/100, 30/200, 20/100; z_BB = 0 is no link
    assert t["industry_links"].values.tolist() == [
        ["S:A", "S:A", 2020, 10.0, 0.1],
        ["S:A", "S:B", 2020, 30.0, 0.15],
        ["S:B", "S:A", 2020, 20.0, 0.2],
    ]
    assert t["industry_final_uses"].values.tolist() == [
        ["S:A", 2020, "households", "households", 40.0, "EUR"],
        ["S:A", 2020, "exports", "exports", 20.0, "EUR"],
        ["S:B", 2020, "households", "households", 150.0, "EUR"],
        ["S:B", 2020, "exports", "exports", 30.0, "EUR"],
    ]
    acc = t["sector_accounts"].set_index("industry_code")
    # final-use share f_i / x_i: (40 + 20) / 100 and (150 + 30) / 200
    assert (acc["final_use"] / acc["gross_output"]).tolist() == [0.6, 0.9]
    assert acc["intermediate_sales"].tolist() == [40.0, 20.0]
    assert t.notes["identity_max_relative_gap"] == 0.0
    assert t.notes["gross_output_from"] == "column 'output'"
    assert t["region_industries"].empty  # no region given


def test_io_matrix_reports_the_identity_gap_rather_than_assuming_it(tmp_path: Path) -> None:
    text = SMALL.replace(",100\n", ",125\n")  # x_A = 125, sum z + sum f = 100
    t = read_io_matrix(write(tmp_path, text), scheme="S", year=2020)
    assert t.notes["identity_max_relative_gap"] == pytest.approx(25 / 125)
    assert t.notes["identity_worst_sector"] == "S:A"
    assert t["industry_links"]["coefficient"].tolist() == [10 / 125, 0.15, 20 / 125]


def test_io_matrix_gross_output_from_a_row_or_computed(tmp_path: Path) -> None:
    by_row = "code,A,B,HH\nA,10,30,60\nB,20,0,180\nVA,70,170,\nTotal,100,200,\n"
    t = read_io_matrix(
        write(tmp_path, by_row), scheme="S", year=2020, mapping={"households": "HH"}, skip="VA"
    )
    assert t.notes["gross_output_from"].startswith("row 'Total'")
    assert t.notes["skipped_rows"] == ["VA"]
    assert t["industry_links"]["coefficient"].tolist() == [0.1, 0.15, 0.2]
    computed = "code,A,B,P3_S14,P6\nA,10,30,40,20\nB,20,0,150,30\n"  # ESA codes recognised
    t = read_io_matrix(write(tmp_path, computed, "c.csv"), scheme="S", year=2020)
    assert t.notes["gross_output_from"].startswith("computed")
    assert t.notes["final_demand_columns"] == {"P3_S14": "households", "P6": "exports"}
    assert t["sector_accounts"]["gross_output"].tolist() == [100.0, 200.0]


def test_io_matrix_national_rows_for_analyze(tmp_path: Path) -> None:
    t = read_io_matrix(write(tmp_path, SMALL), scheme="S", year=2020, region="XX")
    assert t["region_industries"].values.tolist() == [
        ["XX", "S:A", 2020, "gross_output", 100.0],
        ["XX", "S:B", 2020, "gross_output", 200.0],
        ["XX", "S:A", 2020, "final_use", 60.0],
        ["XX", "S:B", 2020, "final_use", 180.0],
    ]
    imports = "code,A,B,exports,imports\nA,10,30,5,-15\nB,5,0,200,-5\n"  # f_A = -10
    t = read_io_matrix(write(tmp_path, imports, "m.csv"), scheme="S", year=2020, region="XX")
    assert set(t["region_industries"]["measure"]) == {"gross_output"}
    assert "final_use_left_out" in t.notes


@pytest.mark.parametrize(
    ("text", "row", "column", "rule"),
    [
        ("code,A,B,HHX\nA,1,2,3\nB,1,2,3\n", None, "HHX", "a column with no row"),
        ("code,A,B\nA,1,2\nB,1,2\nC,1,2\n", 3, "code", "a row with no column"),
        ("code,A,B\nA,1,2\nB,1,2\nA,1,2\n", 3, "code", "duplicate sector row (also row 1)"),
        ("code,A,B\nA,1,x\nB,1,2\n", 1, "B", "not a number"),
        ('code,A,B\nA,1,"1,234"\nB,1,2\n', 1, "B", "thousands separators"),
        ("code,A,B,output\nA,1,2,5\nB,1,2,0\n", None, "B", "is not positive, but its column"),
    ],
)
def test_io_matrix_bad_input_names_file_row_column_and_rule(
    tmp_path: Path, text: str, row: int | None, column: str, rule: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DataValidationError) as e:
        read_io_matrix(path, scheme="S", year=2020)
    p = problem(e)
    assert (p.file, p.row, p.column) == (str(path), row, column) and rule in p.rule


def test_io_matrix_missing_mapped_column(tmp_path: Path) -> None:
    path = write(tmp_path, "code,A,B\nA,1,2\nB,1,2\n")
    with pytest.raises(DataValidationError) as e:
        read_io_matrix(path, scheme="S", year=2020, mapping={"households": "HH"})
    assert (problem(e).column, problem(e).rule) == ("HH", "missing column (mapped to households)")
    with pytest.raises(DataValidationError, match="no gross-output column or row"):
        read_io_matrix(path, scheme="S", year=2020, mapping={"gross_output": "X1"})


def test_io_matrix_usage_errors(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL)
    with pytest.raises(UsageError, match="give the table's year"):
        read_io_matrix(path, scheme="S")
    with pytest.raises(UsageError, match="have no scheme"):
        read_io_matrix(path, year=2020)


# --- make-use ---------------------------------------------------------------------------------

USE = "commodity,I1,I2,households\nc1,20,30,40\nc2,11,22,77\n"
MAKE = "industry,c1,c2\nI1,90,10\nI2,0,100\nTotal industry output,90,110\n"
"""V = [[90, 10], [0, 100]]: q = (90, 110), g = (100, 100), D = [[1, 1/11], [0, 10/11]];
U = [[20, 30], [11, 22]], E = [[40], [77]] (each commodity's uses = its output)."""


def test_make_use_industry_technology_by_hand(tmp_path: Path) -> None:
    write(tmp_path, MAKE, "make.csv")
    t = read_make_use(write(tmp_path, USE, "use.csv"), make="make.csv", scheme="S", year=2021)
    # Z = D U: z_11 = 20 + 11/11 = 21, z_12 = 30 + 22/11 = 32, z_21 = 11 * 10/11 = 10,
    # z_22 = 22 * 10/11 = 20; a_ij = z_ij / g_j with g = (100, 100)
    links = t["industry_links"]
    assert links["flow"].tolist() == pytest.approx([21, 32, 10, 20])
    assert links["coefficient"].tolist() == pytest.approx([0.21, 0.32, 0.10, 0.20])
    # F = D E: 40 + 77/11 = 47, 77 * 10/11 = 70; final-use shares 47/100 and 70/100
    acc = t["sector_accounts"]
    assert (acc["final_use"] / acc["gross_output"]).tolist() == pytest.approx([0.47, 0.70])
    assert t.notes["commodity_balance_max_relative_gap"] == 0.0
    assert t.notes["identity_max_relative_gap"] == pytest.approx(0.0, abs=1e-12)
    assert t.notes["method"].startswith("industry technology: D = V diag(q)^-1, Z = D U")


def test_make_use_reports_commodity_and_industry_gaps(tmp_path: Path) -> None:
    write(tmp_path, MAKE, "make.csv")
    use = write(tmp_path, USE.replace(",77\n", ",66\n"), "use.csv")  # c2's uses 99 of q 110
    t = read_make_use(use, make=tmp_path / "make.csv", scheme="S", year=2021)
    assert t.notes["commodity_balance_max_relative_gap"] == pytest.approx(11 / 110)
    assert t.notes["commodity_balance_worst"] == "c2"
    # F = (40 + 6, 60): I1 21 + 32 + 46 = 99 of 100, I2 10 + 20 + 60 = 90 of 100
    assert t["sector_accounts"]["relative_gap"].tolist() == pytest.approx([0.01, 0.10])
    assert t.notes["identity_worst_sector"] == "S:I2"


@pytest.mark.parametrize(
    ("use", "make", "file", "rule"),
    [
        (USE.replace("I2,h", "I3,h"), MAKE, "use.csv", "industry 'I3' (column) is not a row"),
        (USE, MAKE.replace("c2\n", "c2,c3\n").replace("100\n", "100,5\n"), "make.csv",
         "commodity 'c3' (column) is not a row"),
        (USE, MAKE.replace("I1,90,10", "I1,0,10"), "make.csv", "commodity c1 is used"),
        (USE.replace("c2,11", "c2,1 1"), MAKE, "use.csv", "not a number"),
        (USE + "c1,1,1,1\n", MAKE, "use.csv", "duplicate row (also row 1)"),
    ],
)  # fmt: skip
def test_make_use_bad_input_names_the_file_and_rule(
    tmp_path: Path, use: str, make: str, file: str, rule: str
) -> None:
    write(tmp_path, make, "make.csv")
    with pytest.raises(DataValidationError) as e:
        read_make_use(write(tmp_path, use, "use.csv"), make="make.csv", scheme="S", year=2021)
    assert problem(e).file == str(tmp_path / file) and rule in problem(e).rule


def test_make_use_needs_its_make_table(tmp_path: Path) -> None:
    use = write(tmp_path, USE, "use.csv")
    with pytest.raises(DataValidationError, match="needs its make table") as e:
        read_make_use(use, scheme="S", year=2021)
    assert problem(e).file == str(use)
    with pytest.raises(DataValidationError, match="file not found"):
        read_make_use(use, make="nope.csv", scheme="S", year=2021)


# --- the CLI ------------------------------------------------------------------------------------


def test_adapter_read_options_parse_map_and_option() -> None:
    assert adapter_read_options(("region=geo", "value=OBS_VALUE"), ("where.unit=THS",)) == {
        "mapping": {"region": "geo", "value": "OBS_VALUE"},
        "where": {"unit": "THS"},
    }
    with pytest.raises(UsageError, match="write KEY=VALUE"):
        adapter_read_options(("region",), ())
    with pytest.raises(UsageError, match="given twice"):
        adapter_read_options((), ("year=1", "year=2"))


def test_validate_refuses_an_option_the_adapter_does_not_take() -> None:
    res = invoke(
        "validate",
        "--adapter",
        "nbs-io-table",
        str(DATA / "SYNTHETIC_io_matrix.csv"),
        "--option",
        "year=2020",
    )
    assert res.exit_code == 2 and "takes no --option year" in res.output
    res = invoke("validate", str(DATA), "--map", "region=geo")
    assert res.exit_code == 2 and "go with --adapter" in res.output


def test_validate_reads_a_make_use_pair(tmp_path: Path) -> None:
    write(tmp_path, MAKE, "make.csv")
    use = write(tmp_path, USE, "use.csv")
    res = invoke("validate", "--adapter", "make-use", str(use), "--option", "make=make.csv",
                 "--option", "scheme=S", "--option", "year=2021")  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "industry_links 4, industry_final_uses 2, sector_accounts 2" in res.output


def test_validate_reports_a_bad_long_csv_with_exit_4(tmp_path: Path) -> None:
    path = write(tmp_path, "geo,nace_r2,TIME_PERIOD,OBS_VALUE\nA,C10,2021,:\n")
    res = invoke(
        "validate",
        "--adapter",
        "long-csv",
        str(path),
        "--map",
        "region=geo",
        "--map",
        "industry=nace_r2",
        "--map",
        "year=TIME_PERIOD",
        "--map",
        "value=OBS_VALUE",
        "--option",
        "scheme=N",
        "--option",
        "measure=m",
    )
    assert res.exit_code == 4
    assert f"{path}, row 1, column OBS_VALUE, value ':': 1 row is not a number" in res.output


def test_end_to_end_adapters_out_validate_and_analyze(tmp_path: Path) -> None:
    out = tmp_path / "ds"
    long_args = [
        "--map",
        "region=geo",
        "--map",
        "industry=nace_r2",
        "--map",
        "year=TIME_PERIOD",
        "--map",
        "value=OBS_VALUE",
        "--option",
        "scheme=NACE",
        "--option",
        "measure=employment",
        "--option",
        "missing=drop",
    ]
    res = invoke(
        "validate",
        "--adapter",
        "long-csv",
        str(DATA / "SYNTHETIC_long_employment.csv"),
        *long_args,
        "--out",
        str(out),
    )
    assert res.exit_code == 0, res.output
    assert "rows_dropped: 1" in res.output  # the ':' of ES21 A01
    res = invoke(
        "validate",
        "--adapter",
        "io-matrix",
        str(DATA / "SYNTHETIC_io_matrix.csv"),
        "--option",
        "scheme=NACE",
        "--option",
        "year=2021",
        "--option",
        "region=ES",
        "--option",
        "unit=EUR million",
        "--out",
        str(out),
    )
    assert res.exit_code == 0, res.output
    assert "identity_max_relative_gap: 0.0" in res.output
    assert "wrote industry_links.csv, industry_final_uses.csv, region_industries.csv" in res.output
    for name in ("regions.csv", "industries.csv", "dataset.json"):
        shutil.copy(DATA / name, out / name)
    links = pd.read_csv(out / "industry_links.csv", dtype={"from_code": str, "to_code": str})
    a = links.set_index(["from_code", "to_code"])["coefficient"]
    assert a["NACE:A01", "NACE:C10"] == pytest.approx(120 / 465)  # z / x of C10
    assert len(links) == 23  # 25 cells, two zeros
    res = invoke("validate", str(out))
    assert res.exit_code == 0, res.output
    assert "region_industries 34, industry_links 23, industry_final_uses 20" in res.output
    res = invoke("analyze", "--from", str(out), "--limit", "5")
    assert res.exit_code == 0, res.output
    assert "Cataluña" in res.output and "worst_loss" in res.output
    again = invoke(
        "validate",
        "--adapter",
        "io-matrix",
        str(DATA / "SYNTHETIC_io_matrix.csv"),
        "--option",
        "scheme=NACE",
        "--option",
        "year=2021",
        "--out",
        str(out),
    )
    assert again.exit_code == 2 and "rows already" in again.output


def test_long_csv_reads_encodings_as_dataset_files_do(tmp_path: Path) -> None:
    """A Windows-1252 export is refused with 'save the file as UTF-8' (it was a raw
    UnicodeDecodeError), GBK is read, and a ';'-separated file is read as such."""
    header = "geo,nace_r2,TIME_PERIOD,OBS_VALUE\n"
    western = tmp_path / "west.csv"
    western.write_bytes((header + "Mayagüez,C10,2021,3\n").encode("cp1252"))
    with pytest.raises(DataValidationError) as err:
        read_long_csv(western, mapping=EUROSTAT, scheme="NACE", measure="jobs")
    problem = err.value.problems[0]
    assert "save the file as UTF-8" in problem.rule and "Mayagüez" in problem.rule
    chinese = tmp_path / "gbk.csv"
    rows = "深圳市南山区,C10,2021,3\n广东省深圳市福田区,C10,2021,4\n"  # enough Chinese to tell
    chinese.write_bytes((header + rows).encode("gbk"))
    t = read_long_csv(chinese, mapping=EUROSTAT, scheme="NACE", measure="jobs")
    assert sorted(t["region_industries"]["region_code"]) == ["广东省深圳市福田区", "深圳市南山区"]
    semi = tmp_path / "semi.csv"
    semi.write_text(header.replace(",", ";") + "ES51;C10;2021;3\n", encoding="utf-8")
    t = read_long_csv(semi, mapping=EUROSTAT, scheme="NACE", measure="jobs")
    assert t["region_industries"].values.tolist() == [["ES51", "NACE:C10", 2021, "jobs", 3.0]]
