"""The importer's CSV files: headers typed from the schema, the loader's rows, the dataset tag."""

from __future__ import annotations

import csv

import pytest

from clusteratlas.errors import UsageError
from clusteratlas.graph.definitions.examples import example_dataset
from clusteratlas.graph.neo4j_store.bulk import write_import_files
from clusteratlas.graph.neo4j_store.rows import dataset_steps


def test_one_file_per_step_with_every_row_of_the_loader(tmp_path):
    ds = example_dataset()
    files = write_import_files(ds, tmp_path, "toy")
    steps = [s for s in dataset_steps(ds) if s.rows]
    assert [(f.kind, f.name, f.rows) for f in files] == [
        (s.kind, s.name, len(s.rows)) for s in steps
    ]
    for f, step in zip(files, steps, strict=True):
        with f.path.open(encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert len(rows) == len(step.rows) + 1
        assert rows[0][-1] == "datasets:string[]"
        assert {r[-1] for r in rows[1:]} == {"toy"}


def test_headers_carry_id_spaces_and_types(tmp_path):
    files = {f.name: f for f in write_import_files(example_dataset(), tmp_path, "toy")}
    region = files["Region"].path.read_text(encoding="utf-8").splitlines()[0]
    assert region.startswith("code:ID(Region),name,level,lon:double,lat:double")
    supplies = files["SUPPLIES"].path.read_text(encoding="utf-8").splitlines()
    assert supplies[0] == (
        ":START_ID(Company),:END_ID(Company),year:long,value:double,share:double,"
        "score:double,tied:long,source,inferred:boolean,source_id,datasets:string[]"
    )
    assert supplies[1].split(",")[8] in ("true", "false")
    assert files["SUPPLIES"].label == "SUPPLIES"
    assert files["PART_OF:Region"].label == "PART_OF"


def test_a_dataset_id_with_the_array_delimiter_is_refused(tmp_path):
    with pytest.raises(UsageError, match="delimiter"):
        write_import_files(example_dataset(), tmp_path, "a;b")


def test_bulk_import_validates_the_dataset_before_writing_anything(tmp_path, monkeypatch):
    """A script calling bulk_import cannot skip validation (the CLI no longer runs it)."""
    import subprocess

    from clusteratlas.errors import DataValidationError
    from clusteratlas.graph.neo4j_store import bulk

    ran: list[object] = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: ran.append(a))
    home = tmp_path / "home"
    (home / "lib").mkdir(parents=True)
    ds = example_dataset()
    orphan = ds.replace(regions=ds.regions.assign(parent_code="404"))
    work = tmp_path / "import"
    with pytest.raises(DataValidationError, match="dangling reference"):
        bulk.bulk_import(orphan, neo4j_home=home, neo4j_conf=tmp_path, work_dir=work)
    assert not work.exists() and ran == []
