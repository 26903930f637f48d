"""One data source decorator, one meaning per option, one JSON shape (issue 21, CLI; 26 #14).

Every command that reads a dataset takes its source through
:func:`clusteratlas.cli._source.data_source_options` and reads it with
:func:`~clusteratlas.cli._source.dataset_from`: the same options, the same default
(said on stderr), the same merge of a derived bundled dataset with its base. Output
writers live in the library (:mod:`clusteratlas.formats`); ``--format json`` is an
array of records everywhere. Bad values of each option are in ``tests/cli_cases.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
import pandas as pd
import pytest
from click.testing import CliRunner, Result

from clusteratlas.cli import cli
from clusteratlas.cli._source import DEFAULT_NOTE, SourceType

SPAIN = Path(__file__).resolve().parent.parent / "data" / "synthetic_spain"
DEFAULT = DEFAULT_NOTE.format(name="China")
READERS = ("analyze", "view", "demo", "load", "validate")
"""The commands that read a dataset."""


def invoke(*args: str) -> Result:
    env = {"NEO4J_URI": "bolt://127.0.0.1:1"}
    return CliRunner().invoke(cli, list(args), env=env, prog_name="clusteratlas")


@pytest.mark.parametrize("name", READERS)
def test_every_reader_takes_the_same_source_options(name: str) -> None:
    command = cli.commands[name]
    by_name = {p.name: p for p in command.params}
    assert isinstance(by_name["from_source"].type, SourceType)
    assert by_name["from_source"].opts == ["--from"]
    assert by_name["bundled"].opts == ["--bundled"]
    reads_neo4j = by_name["from_source"].type.neo4j
    assert reads_neo4j == (name not in ("load", "validate"))
    if reads_neo4j:  # --from neo4j connects with the usual options
        assert {"uri", "user", "password", "database"} <= set(by_name)


@pytest.mark.parametrize(
    "argv",
    [
        ["analyze", "--year", "1900"],
        ["view", "map", "--year", "1900", "-o", "{tmp}/m.html"],
        ["demo", "--year", "1900", "--out", "{tmp}/demo"],
    ],
)
def test_no_source_says_which_data_it_uses_and_quiet_does_not(argv: list[str], tmp_path) -> None:
    args = [a.format(tmp=tmp_path) for a in argv]
    said = invoke(*args)
    assert said.exit_code == 2 and "year 1900 has no rows" in said.stderr  # data were read
    assert said.stderr.splitlines()[0] == f"note: {DEFAULT}"
    quiet = invoke(*args, "-q")
    assert quiet.exit_code == 2 and DEFAULT not in quiet.stderr
    named = invoke(*args, "--bundled", "china")
    assert named.exit_code == 2 and DEFAULT not in named.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["analyze", "--year", "1900"],
        ["view", "map", "--year", "1900", "-o", "{tmp}/m.html"],
        ["demo", "--year", "1900", "--out", "{tmp}/demo"],
    ],
)
def test_a_derived_dataset_is_read_with_its_base_by_every_analysing_command(
    argv: list[str], tmp_path
) -> None:
    """demo read `--bundled china-inferred-links` alone before: no employment to analyse."""
    args = [a.format(tmp=tmp_path) for a in argv]
    res = invoke(*args, "--bundled", "china-inferred-links")
    assert res.exit_code == 2, res.stderr
    assert "china-inferred-links is read together with china" in res.stderr
    assert "years with rows: 2010, 2020" in res.stderr  # china's census years


def test_load_and_validate_take_a_derived_dataset_alone(tmp_path) -> None:
    res = invoke("validate", "--bundled", "china-inferred-links", "--format", "json")
    assert res.exit_code == 0, res.stderr
    (record,) = json.loads(res.stdout)
    assert record["source"] == "china-inferred-links" and record["region_industries"] == 0
    assert "read together" not in res.stderr


@pytest.mark.parametrize("name", ["load", "validate"])
def test_load_and_validate_refuse_neo4j_and_say_what_they_read(name: str) -> None:
    res = invoke(name, "--from", "neo4j")
    assert res.exit_code == 2
    assert (
        f"clusteratlas {name} reads a dataset directory (--from PATH) or --bundled NAME, "
        "not neo4j" in res.stderr
    )
    none = invoke(name)
    assert none.exit_code == 2
    assert "give a data source: PATH, --from PATH or --bundled NAME" in none.stderr


def test_path_is_from_path(tmp_path) -> None:
    as_path = invoke("validate", str(SPAIN), "--format", "json")
    as_from = invoke("validate", "--from", str(SPAIN), "--format", "json")
    assert as_path.exit_code == as_from.exit_code == 0, as_path.stderr + as_from.stderr
    assert as_path.stdout == as_from.stdout
    both = invoke("validate", str(SPAIN), "--from", str(SPAIN))
    assert both.exit_code == 2 and "give one data source" in both.stderr


def test_validate_allow_level_and_the_deprecated_level(tmp_path) -> None:
    from clusteratlas.loaders.dataset import Dataset

    data = tmp_path / "districts"
    regions = pd.DataFrame(
        {
            "code": ["A", "A1"],
            "name": ["a", "a1"],
            "level": ["province", "district"],
            "parent_code": [None, "A"],
        }
    )
    industries = pd.DataFrame({"code": ["X"], "name": ["x"], "scheme": ["S"], "level": ["s"]})
    Dataset.from_frames(regions=regions.assign(level="province"), industries=industries).to_dir(
        data
    )
    regions.to_csv(data / "regions.csv", index=False)
    refused = invoke("validate", str(data))
    assert refused.exit_code == 4 and "district" in refused.stderr
    allowed = invoke("validate", str(data), "--allow-level", "district")
    assert allowed.exit_code == 0 and allowed.stdout.startswith("OK: ")
    assert "deprecated" not in allowed.stderr
    old = invoke("validate", str(data), "--level", "district")
    assert old.exit_code == 0 and old.stdout == allowed.stdout
    assert "Warning: validate --level is deprecated" in old.stderr
    assert "--allow-level" in old.stderr
    assert "--level" not in invoke("validate", "--help").stdout  # hidden: one meaning shown


def test_region_by_name_in_demo(tmp_path) -> None:
    res = invoke(
        "demo", "--from", str(SPAIN), "--region", "Barcelona", "--out", str(tmp_path / "d")
    )
    assert res.exit_code == 0, res.stderr
    assert "region Barcelona = 08" in res.stderr
    assert "Barcelona" in res.stdout


# --- --format json: an array of records everywhere ------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["queries"],
        ["validate", "--list-adapters"],
        ["validate", "--bundled", "china"],
        ["validate", str(SPAIN)],
        ["analyze", "--from", str(SPAIN), "--limit", "2"],
    ],
)
def test_format_json_is_an_array_of_records_like_jsonl(argv: list[str]) -> None:
    as_json = invoke(*argv, "--format", "json")
    as_jsonl = invoke(*argv, "--format", "jsonl")
    assert as_json.exit_code == as_jsonl.exit_code == 0, as_json.stderr
    records = json.loads(as_json.stdout)
    assert isinstance(records, list) and records
    assert all(isinstance(r, dict) for r in records)
    assert records == [json.loads(line) for line in as_jsonl.stdout.splitlines()]


def test_validate_prints_its_record_even_with_quiet_but_no_ok_line() -> None:
    assert invoke("validate", "--bundled", "china", "-q").stdout == ""
    quiet = invoke("validate", "--bundled", "china", "-q", "--format", "csv")
    header, row = quiet.stdout.splitlines()
    assert header.startswith("source,kind,adapter,valid,regions,") and row.startswith("china,")


# --- one --param parser ------------------------------------------------------------------------


def test_query_and_cypher_parse_param_with_the_same_function(monkeypatch) -> None:
    import clusteratlas.queries.header as header

    seen: list[tuple[str, ...]] = []
    real = header.parse_typed_params

    def spy(pairs):
        seen.append(tuple(pairs))
        return real(pairs)

    monkeypatch.setattr(header, "parse_typed_params", spy)
    invoke("query", "regions-specialised-in", "-p", "industry=GB4754:C", "-p", "limit:int=3")
    invoke("cypher", "RETURN $n AS n", "-p", "n:int=3")
    assert seen == [("industry=GB4754:C", "limit:int=3"), ("n:int=3",)]


# --- the writers are library functions -------------------------------------------------------


def test_the_writers_are_in_the_library_and_the_cli_keeps_only_click_glue() -> None:
    import io

    import clusteratlas.cli._common as common
    from clusteratlas.formats import write_frame, write_rows

    for name in ("write_frame", "write_rows", "json_cells", "_records", "dataset_from"):
        assert not hasattr(common, name), f"_common.{name}: move it out of the click glue"
    out = io.StringIO()
    write_frame(pd.DataFrame({"code": ["000014"], "path": [["a", "b"]]}), "csv", out)
    assert out.getvalue() == 'code,path\n000014,"[""a"", ""b""]"\n'
    out = io.StringIO()
    write_rows(["code"], [], "json", out)
    assert out.getvalue() == "[]\n"
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        write_rows(["code"], [], "xml")


def test_source_type_metavar_says_what_from_takes() -> None:
    assert SourceType().name == "neo4j|PATH" and SourceType(neo4j=False).name == "PATH"
    ctx = click.Context(cli.commands["load"], info_name="load")
    usage = cli.commands["load"].get_help(ctx)
    assert "--from PATH" in usage and "neo4j" not in usage.split("--from PATH")[1][:40]


def test_view_with_quiet_prints_only_the_page_path(tmp_path) -> None:
    """-q: only data and errors; the page's summary line ('Region view: ...') is a note."""
    page = tmp_path / "r.html"
    said = invoke("view", "region", "--region", "320583", "--bundled", "china", "-o", str(page))
    assert said.exit_code == 0 and "Region view" in said.stderr
    quiet = invoke("-q", "view", "region", "--region", "320583", "--bundled", "china",
                   "-o", str(page))  # fmt: skip
    assert quiet.exit_code == 0 and quiet.stdout.strip() == str(page) and quiet.stderr == ""
