"""Reading and writing dataset directories (``Dataset.from_dir`` / ``Dataset.to_dir``).

A dataset directory holds one file per table, named after the table:
``regions.csv`` (or ``.tsv``, ``.txt``, ``.parquet``, ``.xlsx``, ``.xls``, ``.json``), and
optionally ``dataset.json`` (user region levels, default analysis choices, units of the
measures: :mod:`clusteratlas.loaders.dataset_json`, ``docs/data-format.md``).

Text files (CSV/TSV) are decoded by :mod:`clusteratlas.loaders.encoding`: detected
(UTF-8, UTF-8-BOM, and GBK/GB18030 only when the text reads as Chinese) or declared in
``dataset.json`` (``"encoding": "cp1252"``), never guessed; the encoding found is
reported per file (``Dataset.metadata["files"]``), and a file that cannot be read is an
``unreadable encoding`` (or ``truncated file``, ``mixed encodings``) problem naming its
row and what to do.
A line longer than :data:`MAX_LINE_BYTES` is refused before the file is decoded
(the file is scanned in 1 MiB chunks, so memory stays bounded). The delimiter is a
tab for ``.tsv`` and for a ``.csv``/``.txt`` whose header has tabs and no commas, a
semicolon for one whose header has semicolons and no commas (Excel's "CSV" where the
decimal separator is a comma; such decimal commas are then a ``wrong type`` that says so).
Excel reads the sheet named after the table, else the first (problems name the
sheet read); JSON is a list of records (objects) or ``{"records": [...]}``.

Every problem (reading and validation) is collected and raised at once as
:class:`~clusteratlas.errors.DataValidationError`.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> rows = "code,name,level,parent_code\\n1,深圳市南山区,province,\\n2,苏州市昆山市,province,\\n"
>>> _ = (d / "regions.csv").write_bytes(rows.encode("gbk"))
>>> _ = (d / "industries.csv").write_text("code,name,scheme,level\\nX,x,S,section\\n")
>>> ds = read_dataset_dir(d)
>>> ds.regions.loc[0, "name"], ds.metadata["files"]["regions"]["encoding"]
('深圳市南山区', 'gbk')
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from clusteratlas.errors import DataValidationError, Problem, UsageError
from clusteratlas.loaders.csv_format import write_table_csv
from clusteratlas.loaders.dataset import TABLES, Dataset
from clusteratlas.loaders.dataset_json import (
    DATASET_JSON_KEYS,
    parse_dataset_json,
    reference_problems,
)
from clusteratlas.loaders.encoding import decode_table
from clusteratlas.loaders.validation import BUILTIN_REGION_LEVELS, parse_column, validate_tables

__all__ = [
    "MAX_LINE_BYTES",
    "read_dataset_dir",
    "write_dataset_dir",
]

EXTENSIONS = (".csv", ".tsv", ".txt", ".parquet", ".xlsx", ".xls", ".json")

#: Longest line a text table may have (bytes). Longer means a missing line break or not a table.
MAX_LINE_BYTES = 1 << 20
_CHUNK = 1 << 20


def _find_overlong_line(path: str | Path, limit: int = MAX_LINE_BYTES) -> tuple[int, int] | None:
    """``(line index, bytes seen)`` of the first line longer than ``limit`` bytes, else None.

    Reads 1 MiB chunks and stops at the first overlong line, so memory stays
    bounded whatever the file holds. Line 0 is the header; line ``i`` is data row ``i``.

    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = f.write_bytes(b"a,b\\n1," + b"x" * 50 + b"\\n")
    >>> _find_overlong_line(f, limit=40), _find_overlong_line(f)
    ((1, 52), None)
    """
    line, length = 0, 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            start = 0
            while (end := chunk.find(b"\n", start)) != -1:
                if length + end - start > limit:
                    return line, length + end - start
                line, length, start = line + 1, 0, end + 1
            length += len(chunk) - start
            if length > limit:
                return line, length
    return None


def _read_table_file(
    path: str | Path, encoding: str | None = None
) -> tuple[pd.DataFrame | None, dict[str, Any], list[Problem]]:
    """Read one table file as-is (text cells as strings): ``(frame, info, problems)``.

    ``info`` holds ``file`` and, for text files, ``encoding`` and ``delimiter``.
    ``encoding`` is the one ``dataset.json`` declares for text files (decoded strictly,
    no detection), else None (detected).
    """
    path = Path(path)
    info: dict[str, Any] = {"file": path.name}
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".tsv", ".txt"):
            overlong = _find_overlong_line(path)
            if overlong is not None:
                line, _ = overlong
                rule = (
                    f"line too long: more than {MAX_LINE_BYTES:,} bytes without a line break "
                    "(not a table file, or its line breaks were lost); nothing was read"
                )
                return None, info, [Problem(path.name, line or None, None, None, rule)]
            data = path.read_bytes()
            decoded = decode_table(data, encoding)
            if decoded.text is None:
                refused = Problem(path.name, decoded.row or None, None, None, decoded.rule)
                return None, info, [refused]
            assert decoded.encoding is not None
            frame = _parse_text(decoded.text, path, decoded.encoding, decoded.note, info)
        elif suffix == ".parquet":
            frame = pd.read_parquet(path)
        elif suffix in (".xlsx", ".xls"):
            sheets = pd.ExcelFile(path).sheet_names
            sheet = path.stem if path.stem in sheets else sheets[0]
            info["sheet"] = sheet
            if sheet != path.stem:  # name the sheet read in every problem
                info["file"] = f"{path.name} (sheet {sheet!r} of {len(sheets)})"
            frame = pd.read_excel(path, sheet_name=sheet, dtype=object)  # numbers stay numbers
        elif suffix == ".json":
            raw = json.loads(path.read_text(encoding="utf-8-sig"))
            records = raw.get("records") if isinstance(raw, dict) else raw
            if not isinstance(records, list):
                found = (
                    f"an object with keys {', '.join(map(str, list(raw)[:5]))}"
                    if isinstance(raw, dict)
                    else type(raw).__name__
                )
                rule = f'JSON is not a list of records nor {{"records": [...]}} (found {found})'
                return None, info, [Problem(path.name, None, None, None, rule)]
            bad = [i for i, r in enumerate(records) if not isinstance(r, dict)]
            if bad:
                first = records[bad[0]]
                rule = (
                    f"JSON record is not an object (found {type(first).__name__}; "
                    f"{len(bad)} such records): expected a list of {{column: value}} objects"
                )
                return None, info, [Problem(path.name, bad[0] + 1, None, None, rule)]
            frame = pd.DataFrame(records, dtype=object)  # values as written: 1 stays 1
        else:
            return None, info, [Problem(path.name, None, None, None, "unsupported file type")]
    except Exception as err:  # a file the reader cannot parse at all
        return None, info, [Problem(info["file"], None, None, None, f"unreadable file: {err}")]
    frame.columns = pd.Index([str(c).strip() for c in frame.columns])
    return frame.reset_index(drop=True), info, []


def _parse_text(
    text: str, path: Path, encoding: str, note: str, info: dict[str, Any]
) -> pd.DataFrame:
    """The decoded text of a CSV/TSV file as a frame of strings; ``info`` gets the
    encoding, delimiter and how the encoding was found."""
    from io import StringIO

    header = text.split("\n", 1)[0]
    if path.suffix.lower() == ".tsv" or ("\t" in header and "," not in header):
        sep = "\t"
    elif ";" in header and "," not in header:  # Excel's CSV in locales with decimal commas
        sep = ";"
    else:
        sep = ","
    info.update(encoding=encoding, delimiter=sep, note=note)
    return pd.read_csv(StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""])


def _typed(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    out = {}
    for name, frame in frames.items():
        spec = TABLES[name]
        cols = {c.name: parse_column(frame[c.name], c)[0] for c in spec.columns if c.name in frame}
        out[name] = pd.DataFrame(cols)
    return out


def read_dataset_dir(path: str | Path, *, region_levels: tuple[str, ...] = ()) -> Dataset:
    """Read, validate and return the dataset in directory ``path``.

    ``metadata["files"]`` reports, per table, the file read and its encoding.

    Parameters
    ----------
    path : str or Path
        A directory with one file per table (``<table>.csv``, ``.tsv``, ``.parquet``,
        ``.xlsx`` or ``.json``; CSV/TSV in UTF-8, UTF-8-BOM, GBK/GB18030 or the
        encoding ``dataset.json`` declares) and an optional ``dataset.json``
        (``docs/data-format.md``).
    region_levels : tuple of str
        Region levels allowed besides the built-in ones and ``dataset.json``'s
        (the CLI's ``--level``).

    Returns
    -------
    Dataset
        The validated tables; ``metadata`` holds ``dataset.json``'s keys and ``files``.

    Raises
    ------
    DataValidationError
        Every problem found, reading included (file, row, column, value, rule).

    Examples
    --------
    >>> import tempfile
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_dataset_dir(example_dataset(), d)
    ...     read_dataset_dir(d).metadata["files"]["regions"]["encoding"]
    'utf-8'
    >>> with tempfile.TemporaryDirectory() as d:
    ...     read_dataset_dir(Path(d) / "missing")
    Traceback (most recent call last):
    ...
    clusteratlas.errors.DataValidationError: 1 problem in the input data:
      .../missing: not a directory
    """
    root = Path(path)
    if not root.is_dir():
        raise DataValidationError([Problem(str(root), None, None, None, "not a directory")])
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    files: dict[str, dict[str, Any]] = {}
    levels = list(region_levels)
    described: dict[str, Any] = {}
    declared = root / "dataset.json"
    if declared.is_file():
        try:
            text = declared.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as err:
            rule = f"unreadable file: not UTF-8 (byte {err.start}); save dataset.json as UTF-8"
            problems.append(Problem("dataset.json", None, None, None, rule))
        except OSError as err:
            problems.append(Problem("dataset.json", None, None, None, f"unreadable file: {err}"))
        else:
            described, found = parse_dataset_json(text)
            problems.extend(found)
            levels += described.get("region_levels", [])
    unread: set[str] = set()  # tables whose file exists but could not be read
    for name in TABLES:
        candidates = [
            root / f"{name}{ext}" for ext in EXTENSIONS if (root / f"{name}{ext}").is_file()
        ]
        if len(candidates) > 1:
            names = ", ".join(p.name for p in candidates)
            problems.append(
                Problem(candidates[0].name, None, None, None, f"one table, several files: {names}")
            )
            unread.add(name)
            continue
        if candidates:
            frame, info, found = _read_table_file(candidates[0], described.get("encoding"))
            problems.extend(found)
            files[name] = info
            if frame is not None:
                frames[name] = frame
    known = {f"{n}{e}" for n in TABLES for e in EXTENSIONS} | {
        "dataset.json",
        "README.md",
        "manifest.json",
    }
    for item in sorted(root.iterdir()):
        if item.is_file() and item.suffix.lower() in EXTENSIONS and item.name not in known:
            problems.append(
                Problem(item.name, None, None, None, "unexpected file (not a table name)")
            )
    unread |= {n for n in files if n not in frames}  # their problem is already reported
    problems.extend(
        p
        for p in validate_tables(
            {n: frames.get(n) for n in TABLES if n not in unread},
            {n: i["file"] for n, i in files.items()},
            region_levels=levels,
            unreadable=unread,
        )
    )
    if described:  # what dataset.json names (featured regions, grouped industries) must exist
        problems.extend(
            reference_problems(
                described,
                _codes(frames.get("regions"), "code"),
                _codes(frames.get("industries"), "code"),
            )
        )
    if problems:
        raise DataValidationError(problems)
    metadata = {
        "source": str(root),
        # the files' encoding describes the files read, not the data (written as UTF-8)
        **{k: v for k, v in described.items() if k not in ("region_levels", "encoding")},
        "files": files,
        "region_levels": levels,
    }
    return Dataset.from_frames(metadata=metadata, **_typed(frames))


def _codes(frame: pd.DataFrame | None, column: str) -> list[str]:
    """The codes of a table as read (text, stripped), for checks against dataset.json."""
    if frame is None or column not in frame.columns:
        return []
    return [str(v).strip() for v in frame[column].dropna()]


def write_dataset_dir(
    dataset: Dataset, path: str | Path, format: Literal["csv", "parquet"] = "csv"
) -> None:
    """Write the required tables and every non-empty optional one as ``<table>.csv``
    (canonical CSV, :mod:`clusteratlas.loaders.csv_format`) or ``<table>.parquet``.

    User region levels, analysis choices, units, sample declarations, the industry
    grouping, the featured regions, name and description recorded in ``metadata`` go to
    ``dataset.json`` (featured regions and grouped industries the tables lack left out,
    so that the directory reads back); with none of them, a ``dataset.json`` already in
    the directory is removed, since it would describe the new files wrongly. Text is
    always UTF-8.

    Parameters
    ----------
    dataset : Dataset
        The tables and metadata to write.
    path : str or Path
        The directory (created if needed; files of the same names are replaced).
    format : {"csv", "parquet"}, default "csv"
        The tables' file format.

    Raises
    ------
    UsageError
        An unknown ``format``.

    Examples
    --------
    >>> import os, tempfile
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_dataset_dir(example_dataset(), d)
    ...     sorted(os.listdir(d))[:3]
    ['companies.csv', 'company_industries.csv', 'industries.csv']
    """
    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)
    for name, frame in dataset:
        if len(frame) == 0 and not TABLES[name].required:
            continue
        if format == "csv":
            write_table_csv(name, frame, root / f"{name}.csv")
        elif format == "parquet":
            frame.to_parquet(root / f"{name}.parquet", index=False)
        else:
            raise UsageError(f"unknown format {format!r}; use 'csv' or 'parquet'")
    meta = dataset.metadata
    described = {
        k: meta[k]
        for k in (
            "analysis",
            "units",
            "measure_labels",
            "samples",
            "industry_groups",
            "industry_markets",
            "featured_regions",
            "name",
            "description",
        )
        if meta.get(k)
    }
    # what dataset.json names must be in the tables written (a dataset cut down in code
    # keeps the metadata of the whole): codes the tables lack are left out
    regions, industries = set(dataset.regions["code"]), set(dataset.industries["code"])
    featured = [c for c in described.pop("featured_regions", []) if c in regions]
    if featured:
        described["featured_regions"] = featured
    grouping = dict(described.pop("industry_groups", {}))
    groups = {c: g for c, g in dict(grouping.get("groups") or {}).items() if c in industries}
    if groups:
        described["industry_groups"] = {**grouping, "groups": groups}
    marketing = dict(described.pop("industry_markets", {}))
    markets = {c: k for c, k in dict(marketing.get("markets") or {}).items() if c in industries}
    if markets:
        described["industry_markets"] = {**marketing, "markets": markets}
    changed = dict(meta.get("boundary_changes") or {})
    kept = [c for c in changed.get("changes") or [] if c.get("region_code") in regions]
    if kept:  # facts about regions; coverage (counts of the whole data) is not carried
        described["boundary_changes"] = {**changed, "changes": kept}
    levels = [lv for lv in meta.get("region_levels", []) if lv not in BUILTIN_REGION_LEVELS]
    if levels:
        described["region_levels"] = levels
    if described:
        ordered = {k: described[k] for k in DATASET_JSON_KEYS if k in described}
        (root / "dataset.json").write_text(
            json.dumps(ordered, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    else:  # a dataset.json left from before would describe these files wrongly
        (root / "dataset.json").unlink(missing_ok=True)
