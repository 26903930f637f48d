"""First loads of big datasets with ``neo4j-admin database import full`` (offline bulk import).

The transactional loader (:func:`~clusteratlas.graph.neo4j_store.load.load_dataset`) MERGEs
batches through Bolt: idempotent, incremental, safe on a live server, and bound
by per-row index lookups. For a *first* load of a big dataset Neo4j's offline
importer writes the store files directly and is far faster (measured in
``benchmarks/README.md``). Constraints of this path:

- the dataset is validated first, by the check the transactional load runs
  (:func:`~clusteratlas.loaders.validation.check_dataset`; there is no way to skip it):
  invalid data write no file;
- the server must be **stopped** (the importer writes the store files);
- the database must not exist yet, or the caller passes ``overwrite=True``
  (neo4j-admin's ``--overwrite-destination``): it **replaces** the database, so it
  is only for a first load into an empty database, never for adding data;
- the data are exactly the rows the transactional loader would write
  (:func:`~clusteratlas.graph.neo4j_store.rows.dataset_steps`), with the same properties and
  ``datasets`` tag, so later ``load_dataset`` calls MERGE onto the imported graph;
- constraints and indexes are not created by the importer: start the server and
  run :func:`~clusteratlas.graph.neo4j_store.schema.ensure_schema` (``clusteratlas load
  --schema-only``) before relying on them;
- it needs the server's installation (``NEO4J_HOME`` with ``lib/``), its
  configuration (``NEO4J_CONF``) and Java 17/21.

Examples
--------
>>> types = {"code": "str", "name": "str", "lon": "float"}
>>> header(["code", "name", "lon"], types, "Region", "code")
['code:ID(Region)', 'name', 'lon:double', 'datasets:string[]']
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clusteratlas.errors import LoadError, UsageError
from clusteratlas.graph.neo4j_store.load import LoadSummary, StepResult
from clusteratlas.graph.neo4j_store.rows import dataset_id_of, dataset_steps
from clusteratlas.graph.neo4j_store.schema import NODES, RELATIONSHIPS
from clusteratlas.loaders.dataset import Dataset

__all__ = ["ImportFile", "bulk_import", "header", "write_import_files"]

IMPORT_TYPES = {
    "str": "",
    "float": ":double",
    "int": ":long",
    "bool": ":boolean",
    "date": ":date",
    "datetime": ":datetime",
    "str_list": ":string[]",
}


@dataclass(frozen=True)
class ImportFile:
    """One CSV for the importer: node label or relationship type, path, rows.

    Attributes
    ----------
    kind : {"node", "relationship"}
        What the file holds.
    name : str
        The step name (a label, or a relationship key such as ``PART_OF:Region``).
    label : str
        The label or relationship type given to the importer.
    path : Path
        The CSV file.
    rows : int
        Its data rows (the header not counted).
    """

    kind: str
    name: str
    label: str
    path: Path
    rows: int


def header(
    columns: Sequence[str],
    types: Mapping[str, str],
    label: str,
    key: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> list[str]:
    """The importer's CSV header: typed properties, ID / START_ID / END_ID spaces, ``datasets``.

    Parameters
    ----------
    columns : sequence of str
        The row's columns, in order (``start`` and ``end`` for a relationship's ends).
    types : mapping of str to str
        Property -> schema type (``str``, ``float``, ``int``, ``bool``, ``date``,
        ``datetime``, ``str_list``); absent: ``str``.
    label : str
        The node label (the ID space of ``key``) or relationship type.
    key : str, optional
        A node file's key column (``code``), written ``code:ID(Label)``.
    start, end : str, optional
        A relationship file's start and end labels (the ID spaces its ends refer to).

    Returns
    -------
    list of str
        The header fields, ``datasets:string[]`` last.

    Examples
    --------
    >>> header(["start", "end", "year"], {"year": "int"}, "SUPPLIES", start="Company",
    ...        end="Company")
    [':START_ID(Company)', ':END_ID(Company)', 'year:long', 'datasets:string[]']
    """
    out = []
    for column in columns:
        if column == key:
            out.append(f"{column}:ID({label})")
        elif column == "start":
            out.append(f":START_ID({start})")
        elif column == "end":
            out.append(f":END_ID({end})")
        else:
            out.append(column + IMPORT_TYPES[types.get(column, "str")])
    return [*out, "datasets:string[]"]


def _cell(value: Any) -> Any:
    if value is None:
        return None  # an empty unquoted field: no property
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):  # a string[] property: the importer's array delimiter
        return ";".join(str(v) for v in value)
    return value


def write_import_files(dataset: Dataset, directory: Path, dataset_id: str) -> list[ImportFile]:
    """Write one CSV per node label and relationship type of ``dataset`` into ``directory``.

    The dataset is validated first (:func:`~clusteratlas.loaders.validation.check_dataset`,
    as :func:`bulk_import` and ``load_dataset`` do): nothing is written for invalid data.
    The rows are those of :func:`~clusteratlas.graph.neo4j_store.rows.dataset_steps` (what
    ``load_dataset`` writes), each tagged ``datasets = [dataset_id]``.

    Parameters
    ----------
    dataset : Dataset
        The data to import.
    directory : Path
        Where the CSVs go (created if needed; files of the same name are replaced):
        ``node-<Label>.csv`` and ``relationship-<TYPE>-<Label>.csv``.
    dataset_id : str
        The id every row is tagged with (no ``;``, the importer's array delimiter).

    Returns
    -------
    list of ImportFile
        One per non-empty step, nodes first, in the loader's order.

    Raises
    ------
    UsageError
        ``dataset_id`` contains ``;``.
    DataValidationError
        The dataset breaks a rule of the canonical tables (every problem listed).

    Examples
    --------
    >>> import tempfile
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> with tempfile.TemporaryDirectory() as d:
    ...     files = write_import_files(example_dataset(), Path(d), "toy")
    ...     files[0].path.name, files[0].rows, files[0].path.read_text().splitlines()[1]
    ('node-Region.csv', 4, '1,Country,country,,,Country,country,toy')
    """
    from clusteratlas.loaders.validation import check_dataset

    check_dataset(dataset)
    return _write_import_files(dataset, directory, dataset_id)


def _write_import_files(dataset: Dataset, directory: Path, dataset_id: str) -> list[ImportFile]:
    """:func:`write_import_files` for a dataset already validated."""
    if ";" in dataset_id:
        raise UsageError(f"dataset id {dataset_id!r}: ';' is the importer's array delimiter")
    directory.mkdir(parents=True, exist_ok=True)
    files = []
    for step in dataset_steps(dataset, dataset_id):
        if not step.rows:
            continue
        columns = list(step.rows[0])
        if step.kind == "node":
            spec = NODES[step.name]
            head = header(columns, spec.properties, spec.label, key=spec.key[0])
            label = spec.label
        else:
            rel = RELATIONSHIPS[step.name]
            head = header(columns, rel.properties, rel.type, start=rel.start, end=rel.end)
            label = rel.type
        path = directory / f"{step.kind}-{step.name.replace(':', '-')}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(head)
            writer.writerows([*(_cell(row[c]) for c in columns), dataset_id] for row in step.rows)
        files.append(ImportFile(step.kind, step.name, label, path, len(step.rows)))
    return files


def _java() -> str:
    candidates = (
        [Path(os.environ["JAVA_HOME"]) / "bin" / "java"] if "JAVA_HOME" in os.environ else []
    )
    candidates += [
        Path("/usr/lib/jvm/java-17-openjdk-amd64/bin/java"),
        Path("/usr/lib/jvm/java-21-openjdk-amd64/bin/java"),
    ]
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    found = shutil.which("java")
    if not found:
        raise LoadError("bulk import needs Java 17 or 21 (JAVA_HOME or java on PATH)")
    return found


def bulk_import(
    dataset: Dataset,
    *,
    neo4j_home: Path,
    neo4j_conf: Path,
    work_dir: Path,
    database: str = "neo4j",
    dataset_id: str | None = None,
    overwrite: bool = False,
    heap: str = "1g",
) -> LoadSummary:
    """Import ``dataset`` into a new database with ``neo4j-admin database import full``.

    Read the module doc for the constraints (server stopped; new or overwritten
    database; schema created afterwards). The CSVs are written under ``work_dir``
    and kept (they are the importer's input, useful to rerun it by hand).

    Parameters
    ----------
    dataset : Dataset
        The data to import. It is validated first, as the transactional load validates
        it (:func:`~clusteratlas.loaders.validation.check_dataset`): invalid data
        raise before any file is written or the importer runs.
    neo4j_home : Path
        The server's installation (``NEO4J_HOME``, with ``lib/``).
    neo4j_conf : Path
        The folder of its ``neo4j.conf`` (``NEO4J_CONF``).
    work_dir : Path
        Where the CSVs and the importer's report (``import.report``) go.
    database : str, default "neo4j"
        The database to create.
    dataset_id : str, optional
        The ``datasets`` tag (default :func:`~clusteratlas.graph.neo4j_store.rows.
        dataset_id_of`, the dataset's name).
    overwrite : bool, default False
        Replace an existing database (``--overwrite-destination``).
    heap : str, default "1g"
        The importer's Java heap (``-Xmx``).

    Returns
    -------
    LoadSummary
        One step per file with ``rows`` = ``created``; ``seconds`` of each step is
        its share of the import's wall time by rows (the importer runs them together).
        The summary's ``seconds`` covers writing the CSVs and the import.

    Raises
    ------
    DataValidationError
        The dataset breaks the contract (every problem listed); nothing was written.
    LoadError
        The importer failed (its output's tail is in the message): for example
        the database exists (pass ``overwrite=True`` only for an empty one) or the
        server is running; or no Java 17/21 was found.
    UsageError
        ``neo4j_home`` has no ``lib/``, or ``dataset_id`` contains ``;``.

    Examples
    --------
    >>> bulk_import(ds, neo4j_home=Path(".neo4j/server"), neo4j_conf=Path(".neo4j/local/conf"),
    ...             work_dir=Path("/tmp/import"))  # doctest: +SKIP
    """
    from clusteratlas.loaders.validation import check_dataset

    dataset_id = dataset_id or dataset_id_of(dataset)
    started = time.perf_counter()
    lib = neo4j_home / "lib"
    if not lib.is_dir():
        raise UsageError(f"{lib}: no Neo4j installation (NEO4J_HOME must hold lib/)")
    check_dataset(dataset)  # the same validation as load_dataset: it cannot be skipped
    files = _write_import_files(dataset, work_dir, dataset_id)
    cmd = [_java(), f"-Xmx{heap}", "-cp", f"{lib}/*", "org.neo4j.cli.AdminTool"]
    # the database name first: --nodes/--relationships take several files and would eat it
    cmd += ["database", "import", "full", database]
    cmd += [f"--overwrite-destination={str(overwrite).lower()}"]
    cmd += ["--multiline-fields=true", "--skip-bad-relationships=false", "--bad-tolerance=0"]
    cmd += [f"--report-file={work_dir / 'import.report'}"]  # default: the current directory
    for f in files:
        option = "--nodes" if f.kind == "node" else "--relationships"
        cmd.append(f"{option}={f.label}={f.path}")
    env = dict(os.environ, NEO4J_HOME=str(neo4j_home), NEO4J_CONF=str(neo4j_conf))
    import_started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    import_seconds = time.perf_counter() - import_started
    if done.returncode != 0 and "already exist" in done.stdout + done.stderr:
        raise LoadError(
            f"database {database!r} already exists (left untouched): a bulk import only creates "
            "a new database; pass overwrite=True (--overwrite-destination) only to replace an "
            "empty one, otherwise load with the transactional loader"
        )
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise LoadError(f"neo4j-admin database import failed (exit {done.returncode}):\n{tail}")
    total_rows = sum(f.rows for f in files) or 1
    summary = LoadSummary(dataset_id)
    for f in files:
        share = import_seconds * f.rows / total_rows
        summary.steps.append(StepResult(f.kind, f.name, f.rows, f.rows, 0, share))
    summary.seconds = time.perf_counter() - started
    return summary
