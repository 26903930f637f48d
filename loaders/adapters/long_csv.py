"""A generic long CSV (one row per region, industry, year, value) -> ``region_industries``.

Any publisher's long table fits: Eurostat's SDMX-CSV (``geo, nace_r2, TIME_PERIOD,
OBS_VALUE``), a statistics office's download, a spreadsheet saved as CSV (comma, or tab
for ``.tsv``). The user names the columns (``mapping``: field -> column): the fields are
``region``, ``industry``, ``year``, ``value`` (required; ``year`` may instead be given
as an option for a one-year file), ``measure`` and ``unit`` (optional). Industry codes
are namespaced ``SCHEME:CODE`` with the scheme given (``NACE:C10``); region codes are
kept as written (text: leading zeros stay).

Rules, each a problem naming the file, row, column and rule: a mapped column must
exist; values must be numbers (Eurostat's ``:`` not-available flag, thousands
separators, decimal commas and flag letters are named with how many rows have them;
``missing="drop"`` drops the empty and ``:`` rows and says how many); years are whole
numbers; (region, industry, year, measure) is a key, so duplicate rows are refused with
the columns that tell them apart (a dimension to filter with ``where`` or map as
``measure``).

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "nama.csv"
>>> _ = p.write_text("geo,nace_r2,TIME_PERIOD,OBS_VALUE\\nES51,C10,2021,12.5\\n"
...                  "ES51,C29,2021,3\\n", encoding="utf-8")
>>> t = read_long_csv(p, mapping={"region": "geo", "industry": "nace_r2",
...     "year": "TIME_PERIOD", "value": "OBS_VALUE"}, scheme="NACE", measure="employment")
>>> t["region_industries"].values.tolist()
[['ES51', 'NACE:C10', 2021, 'employment', 12.5], ['ES51', 'NACE:C29', 2021, 'employment', 3.0]]
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from clusteratlas.errors import DataValidationError, Problem, UsageError
from clusteratlas.loaders.adapters._values import (
    NOT_AVAILABLE,
    namespaced,
    non_numbers,
    parse_numbers,
    read_text_table,
)
from clusteratlas.loaders.adapters.base import Adapter, SourceTables, data_error

__all__ = ["ADAPTER", "FIELDS", "read_long_csv"]

FIELDS: dict[str, str] = {
    "region": "the region's code (regions.code)",
    "industry": "the industry's code in the scheme given (namespaced SCHEME:CODE)",
    "year": "the year (a whole number); or give --option year=YYYY",
    "value": "the number",
    "measure": "optional: the measure's name per row; or give --option measure=NAME",
    "unit": "optional: the unit per row (reported, one per measure, for dataset.json units)",
}
"""The fields a mapping may name, and what each column holds."""


def read_long_csv(
    path: str | Path,
    *,
    mapping: Mapping[str, str] | None = None,
    scheme: str | None = None,
    measure: str | None = None,
    year: int | str | None = None,
    unit: str | None = None,
    missing: str = "error",
    where: Mapping[str, str] | None = None,
) -> SourceTables:
    """Read a long CSV into the canonical ``region_industries`` table.

    Parameters
    ----------
    path : str or Path
        The CSV (``.tsv``: tab-separated), UTF-8 (with or without BOM).
    mapping : mapping of str to str, optional
        Field (:data:`FIELDS`) -> the file's column. Unmapped fields default to a
        column of the field's own name (``region``, ``industry``...) where there is one.
    scheme : str, optional
        The industry classification, put in front of each code (``NACE`` -> ``NACE:C10``);
        may be left out only when the codes are already ``SCHEME:CODE``.
    measure : str, optional
        The measure of every row (``employment``, ``output``...), when no column is
        mapped to ``measure``.
    year : int or str, optional
        The year of every row, when no column is mapped to ``year``.
    unit : str, optional
        The unit of the values (reported in the notes, for ``dataset.json``'s ``units``).
    missing : {"error", "drop"}
        What to do with empty cells and Eurostat's ``:`` in the value column: a problem
        (the default) or drop those rows (the notes say how many).
    where : mapping of str to str, optional
        Keep only the rows whose column equals the value (``{"unit": "THS_PER"}``):
        the file's other dimensions, fixed.

    Returns
    -------
    SourceTables
        ``region_industries``: ``region_code, industry_code, year, measure, value``; notes:
        the mapping used, rows read, dropped and kept, the unit of each measure.

    Raises
    ------
    DataValidationError
        The file is missing or unreadable; a mapped column is missing; a value or year is
        not a number (what was found and in how many rows); duplicate keys.
    UsageError
        An unknown field in ``mapping``, no measure, no scheme for bare codes, or
        ``missing`` not ``error``/``drop``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     t = read_long_csv(ADAPTER.example(Path(d)), **ADAPTER.example_options)
    >>> t["region_industries"].values.tolist()[0]
    ['ES30', 'NACE:C10', 2021, 'employment', 800.0]
    >>> t.notes["units"]
    {'employment': 'persons'}
    """
    frame = read_text_table(path)
    if missing not in ("error", "drop"):
        raise UsageError(f"missing={missing!r}: give error or drop")
    mapping = dict(mapping or {})
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise UsageError(
            f"unknown field {unknown[0]!r} in the mapping (fields: {', '.join(FIELDS)})"
        )
    columns = {f: mapping.get(f, f) for f in FIELDS}
    for f, col in columns.items():
        if col not in frame.columns and (f in mapping or f in ("region", "industry", "value")):
            has = ", ".join(map(str, frame.columns))
            raise data_error(
                path,
                f"missing column (mapped to {f}; the file has {has})",
                column=col,
            )
    if columns["year"] not in frame.columns and year is None:
        raise data_error(
            path,
            "missing column (the year: map it, --map year=COLUMN, or give --option year=YYYY)",
            column=columns["year"],
        )
    if columns["measure"] not in frame.columns and measure is None:
        raise UsageError(
            f"{path}: no measure: give --option measure=NAME (employment, output...) or "
            "--map measure=COLUMN"
        )
    frame.index = pd.RangeIndex(1, len(frame) + 1)  # the 1-based data row
    for col, wanted in (where or {}).items():
        if col not in frame.columns:
            raise data_error(path, "missing column (named in where)", column=col)
        frame = frame[frame[col].str.strip() == str(wanted)]
    rows_read = len(frame)
    value_col = columns["value"]
    dropped = 0
    if missing == "drop":
        kinds = non_numbers(frame[value_col])
        gone = kinds[kinds.isin(["empty cell", NOT_AVAILABLE])].index
        dropped = len(gone)
        frame = frame.drop(index=gone)
    for f in ("region", "industry"):
        blank = frame.index[frame[columns[f]].str.strip() == ""]
        if len(blank):
            raise data_error(
                path,
                f"{len(blank)} row(s) have no {f} code (first rows "
                f"{', '.join(map(str, blank[:5]))})",
                row=int(blank[0]),
                column=columns[f],
                value="",
            )
    rows = pd.Series(frame.index, index=frame.index)
    value = parse_numbers(frame[value_col], path, value_col, rows=rows)
    if columns["year"] in frame.columns:
        years = frame[columns["year"]].str.strip()
        bad = years[~years.str.fullmatch(r"\d{4}")]
        if len(bad):
            raise data_error(
                path,
                f"{len(bad)} row(s) have a year that is not a whole number like 2021 (first rows "
                f"{', '.join(map(str, bad.index[:5]))})",
                row=int(bad.index[0]),
                column=columns["year"],
                value=bad.iloc[0],
            )
        year_values = years.astype(int)
    else:
        try:
            year_values = pd.Series(int(str(year)), index=frame.index)
        except ValueError:
            raise UsageError(f"year={year!r}: give a whole number like 2021") from None
    measures = (
        frame[columns["measure"]].str.strip()
        if columns["measure"] in frame.columns
        else pd.Series(str(measure), index=frame.index)
    )
    out = pd.DataFrame(
        {
            "region_code": frame[columns["region"]].str.strip(),
            "industry_code": namespaced(
                frame[columns["industry"]], scheme, path, columns["industry"]
            ),
            "year": year_values.astype("int64"),
            "measure": measures,
            "value": value,
        }
    )
    _refuse_duplicates(out, frame, path, columns)
    units = _units(frame, measures, columns["unit"], unit, path)
    out = out.sort_values(["region_code", "industry_code", "year", "measure"]).reset_index(
        drop=True
    )
    notes = {
        "mapping": {f: c for f, c in columns.items() if c in frame.columns},
        "rows_read": rows_read,
        "rows_dropped": dropped,
        "rows": len(out),
        "units": units,
    }
    return SourceTables("long-csv", str(path), {"region_industries": out}, notes)


def _refuse_duplicates(
    out: pd.DataFrame, frame: pd.DataFrame, path: str | Path, columns: dict[str, str]
) -> None:
    key = ["region_code", "industry_code", "year", "measure"]
    dup = out[out.duplicated(key, keep=False)]
    if dup.empty:
        return
    used = {columns[f] for f in ("region", "industry", "year", "measure", "value")}
    groups = list(dup.groupby(key, sort=False).groups.values())
    differ = [
        c
        for c in frame.columns
        if c not in used and any(frame.loc[list(g), c].nunique() > 1 for g in groups)
    ]
    hint = (
        f"; they differ in {', '.join(differ)}: keep one value (--option where.{differ[0]}=...) "
        "or map it as the measure"
        if differ
        else ""
    )
    first = groups[0]
    raise DataValidationError(
        [
            Problem(
                str(path),
                int(first[1]),
                None,
                tuple(v.item() if hasattr(v, "item") else v for v in out.loc[first[0], key]),
                f"duplicate key (region, industry, year, measure): {len(dup)} rows in "
                f"{len(groups)} groups (this one also at row {int(first[0])}){hint}",
            )
        ]
    )


def _units(
    frame: pd.DataFrame, measures: pd.Series, unit_col: str, unit: str | None, path: str | Path
) -> dict[str, str | None]:
    if unit_col not in frame.columns:
        return dict.fromkeys(sorted(measures.unique()), unit)
    units: dict[str, str | None] = {}
    for m, group in frame[unit_col].str.strip().groupby(measures):
        found = sorted(group.unique())
        if len(found) > 1:
            raise data_error(
                path,
                f"measure {m!r} has {len(found)} units ({', '.join(found)}): keep one "
                f"(--option where.{unit_col}=...) or map the unit column as the measure",
                column=unit_col,
            )
        units[str(m)] = found[0]
    return units


def _example(directory: Path) -> Path:
    path = directory / "SYNTHETIC_long_employment.csv"
    path.write_text(
        "geo,nace_r2,TIME_PERIOD,unit,OBS_VALUE\n"
        "ES51,C10,2021,persons,1200\nES51,C29,2021,persons,300\nES30,C10,2021,persons,800\n",
        encoding="utf-8",
    )
    return path


ADAPTER = Adapter(
    name="long-csv",
    description="any long CSV, one row per region, industry, year and value, columns named "
    "by a mapping (--map region=geo ...): region_industries with SCHEME:CODE industries",
    tables=("region_industries",),
    read=read_long_csv,
    example=_example,
    example_options={
        "mapping": {
            "region": "geo",
            "industry": "nace_r2",
            "year": "TIME_PERIOD",
            "value": "OBS_VALUE",
            "unit": "unit",
        },
        "scheme": "NACE",
        "measure": "employment",
    },
)
