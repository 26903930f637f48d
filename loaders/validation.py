"""Validation of dataset tables: every problem at once, each with file, row, column, value, rule.

Rules (one :class:`~clusteratlas.errors.Problem` per offending cell or file):

=======================  ====================================================
rule text starts with    meaning
=======================  ====================================================
``required table``       regions or industries is absent
``missing column``       a required column of the contract is absent
``unexpected column``    a column that is not in the contract
``wrong type``           a value that does not parse as the column's kind
``empty key``            a key column is empty
``missing value``        a non-nullable column is empty
``duplicate key``        the key repeats an earlier row (named)
``dangling reference``   a foreign key names no row of the referenced table
``cycle in hierarchy``   parent_code chains return to where they started
``negative value``       a value, flow, coefficient, size or tie count below 0
``share out of range``   share outside (0, 1] (company_industries) or [0, 1]
``score out of range``   an inferred link's score outside (0, 1] (supply_links)
``weight out of range``  an industry_crosswalk weight outside (0, 1]
``bridge``               industry_bridge weights of one from_code not summing to 1
``overlap``              a region_overlaps row naming the region itself or its own
                         parent_code, or a region whose overlap shares sum above 1
``unknown region level`` a level not in country/province/prefecture/county nor declared
=======================  ====================================================

Rows are 1-based data rows as a spreadsheet shows them without the header.
User region levels are declared in ``dataset.json`` of the dataset directory
(``{"region_levels": ["district", "state"]}``) or passed as ``region_levels``.

Examples
--------
>>> import pandas as pd
>>> regions = pd.DataFrame({"code": ["1", "1", "2"], "name": ["a", "b", "c"],
...     "level": ["county", "county", "ward"], "parent_code": [None, None, "9"]})
>>> industries = pd.DataFrame({"code": ["X"], "name": ["x"], "scheme": ["S"], "level": ["s"]})
>>> for p in validate_tables({"regions": regions, "industries": industries}):
...     print(p)
regions.csv, row 2, column code, value '1': duplicate key (first at row 1)
regions.csv, row 3, column level, value 'ward': unknown region level (allowed: country, province, prefecture, county; declare others in dataset.json region_levels or with --level)
regions.csv, row 3, column parent_code, value '9': dangling reference: no regions.code '9'
"""  # noqa: E501

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from clusteratlas.errors import DataValidationError, Problem
from clusteratlas.loaders.dataset import TABLES, ColumnSpec, Dataset, TableSpec
from clusteratlas.loaders.dataset_json import did_you_mean

__all__ = [
    "BUILTIN_REGION_LEVELS",
    "check_dataset",
    "parse_column",
    "validate_dataset",
    "validate_tables",
]

BUILTIN_REGION_LEVELS = ("country", "province", "prefecture", "county")
_ISO_DATE = r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}
_NON_NEGATIVE = {
    "region_industries": ("value",),
    "industry_links": ("flow", "coefficient"),
    "supply_links": ("value", "tied"),
    "companies": ("employees", "revenue", "market_cap"),
}


def _is_null(series: pd.Series) -> pd.Series:
    as_text = series.astype(object).map(lambda v: isinstance(v, str) and v.strip() == "")
    return series.isna() | as_text.astype(bool)


def parse_column(series: pd.Series, col: ColumnSpec) -> tuple[pd.Series, pd.Series]:
    """Parse ``series`` as ``col``'s kind: ``(values, bad)`` where ``bad`` marks cells that are
    not empty and do not parse. Strings and native values are both accepted.

    Parameters
    ----------
    series : Series
        A column as read (text) or as built (typed values).
    col : ColumnSpec
        The column's spec: its kind decides the parse (``str`` stripped; ``float`` and
        ``int`` numeric, an int with a fraction bad; ``bool`` from true/false, yes/no,
        1/0; ``date`` ISO ``YYYY-MM-DD`` only).

    Returns
    -------
    (Series, Series)
        The parsed values (None or NaN where empty or bad), and a boolean Series marking
        the bad cells (a JSON object or array in a cell is always bad).

    Examples
    --------
    >>> v, bad = parse_column(pd.Series(["1.5", "x", ""]), TABLES["regions"].column("lon"))
    >>> v.tolist()[:1], bad.tolist()
    ([1.5], [False, True, False])
    """
    null = _is_null(series)
    clean = series.astype(object).where(~null, None)
    nested = clean.map(lambda v: isinstance(v, (dict, list, tuple, set))).astype(bool)
    if nested.any():  # JSON objects or arrays in a cell are never a scalar of any kind
        clean = clean.where(~nested, None)
    if col.kind == "str":
        values = clean.map(lambda v: v if v is None else str(v).strip())
        return values.where(~nested, None), nested
    if col.kind in ("float", "int"):
        values = pd.to_numeric(clean, errors="coerce")
        bad = (values.isna() & ~null) | nested
        if col.kind == "int":
            frac = values.notna() & (values % 1 != 0)
            bad |= frac
        return values, bad
    if col.kind == "bool":

        def to_bool(v: object) -> object:
            if v is None or isinstance(v, bool):
                return v
            text = str(v).strip().lower()
            return True if text in _TRUE else False if text in _FALSE else "?"

        values = clean.map(to_bool)
        bad = values.map(lambda v: v == "?").astype(bool) | nested
        return values.where(~bad, None), bad
    # dates: text must be ISO YYYY-MM-DD (a time part is tolerated, as Excel cells give
    # it); 05/01/2020 is May 1 or 5 January depending on who wrote it, so it is refused
    text = clean.map(lambda v: isinstance(v, str)).astype(bool)
    iso = clean.where(text, "").astype(str).str.strip().str.fullmatch(_ISO_DATE)
    clean = clean.where(~text | iso, None)
    values = pd.to_datetime(clean, errors="coerce", format="ISO8601")
    return values, (values.isna() & ~null) | nested


def _code_columns(spec: TableSpec) -> set[str]:
    """The text key and reference columns of a table (codes and ids: never numbers).

    >>> sorted(_code_columns(TABLES["regions"]))
    ['code', 'parent_code']
    """
    keys = set(spec.key) | {c for fk in spec.foreign_keys for c in fk.columns}
    if spec.hierarchy:
        keys |= set(spec.hierarchy)
    return {c.name for c in spec.columns if c.name in keys and c.kind == "str"} - {
        "measure",
        "indicator",
    }


def _number_text(value: object) -> str:
    """A number as the code it stood for (``1.0`` -> ``'1'``), so that one numeric column is
    one problem and not also empty keys and dangling references."""
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else str(value)


def _numbers(series: pd.Series) -> pd.Series:
    """Cells holding a number (not a bool, not text): what JSON, Parquet or Excel give for a
    code column stored as numbers."""
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.notna()
    return series.map(
        lambda v: (
            isinstance(v, int | float | np.number)
            and not isinstance(v, bool | np.bool_)
            and not (isinstance(v, float) and np.isnan(v))
        )
    ).astype(bool)


def _check_table(
    spec: TableSpec, frame: pd.DataFrame, file: str, levels: set[str]
) -> tuple[list[Problem], dict[str, pd.Series]]:
    problems: list[Problem] = []
    contract = set(spec.column_names)
    for c in spec.columns:
        if c.required and c.name not in frame.columns:
            problems.append(Problem(file, None, c.name, None, "missing column"))
    for name in frame.columns:
        if name not in contract:
            problems.append(
                Problem(file, None, str(name), None, "unexpected column (not in the contract)")
            )
    parsed: dict[str, pd.Series] = {}
    codes = _code_columns(spec)
    for c in spec.columns:
        if c.name not in frame.columns:
            continue
        raw = frame[c.name]
        if c.name in codes:
            numeric = _numbers(raw)
            if numeric.any():
                rows = [int(str(i)) + 1 for i in numeric[numeric].index]
                rule = (
                    f"wrong type: expected text, found numbers{_in_rows(rows)} (codes are text: "
                    "the number 1 has lost the leading zero of 01; quote codes in JSON, store "
                    "them as strings in Parquet, format the column as text in Excel)"
                )
                shown = raw[numeric].iloc[0]
                shown = shown.item() if isinstance(shown, np.generic) else shown
                problems.append(Problem(file, rows[0], c.name, shown, rule))
                raw = raw.astype(object).where(~numeric, raw[numeric].map(_number_text))
        values, bad = parse_column(raw, c)
        parsed[c.name] = values
        if bad.any():  # one line per column, however many rows
            rows = [int(str(i)) + 1 for i in bad[bad].index]
            rule = f"wrong type: expected {c.kind}{_in_rows(rows)}{_type_hint(raw[bad], c.kind)}"
            problems.append(Problem(file, rows[0], c.name, raw[bad].iloc[0], rule))
        null = values.isna() & ~bad
        if c.name in spec.key:
            for i in null[null].index:
                problems.append(Problem(file, i + 1, c.name, "", "empty key"))
        elif not c.nullable:
            for i in null[null].index:
                problems.append(Problem(file, i + 1, c.name, "", "missing value"))
    if all(k in parsed for k in spec.key):
        keys = pd.DataFrame({k: parsed[k] for k in spec.key}).astype(str)
        complete = pd.DataFrame({k: parsed[k] for k in spec.key}).notna().all(axis=1)
        dup = keys.duplicated(keep=False) & complete
        first: dict[tuple[str, ...], int] = {}
        for i in dup[dup].index:
            key = tuple(keys.loc[i])
            if key in first:
                shown = key[0] if len(key) == 1 else key
                problems.append(
                    Problem(file, i + 1, spec.key[0] if len(key) == 1 else ",".join(spec.key),
                            shown, f"duplicate key (first at row {first[key]})")
                )  # fmt: skip
            else:
                first[key] = i + 1
    for name in _NON_NEGATIVE.get(spec.name, ()):
        if name in parsed:
            neg = pd.to_numeric(parsed[name], errors="coerce") < 0
            for i in neg[neg].index:
                problems.append(Problem(file, i + 1, name, frame[name][i], "negative value"))
    if "share" in parsed:
        s = pd.to_numeric(parsed["share"], errors="coerce")
        open_low = spec.name in ("company_industries", "region_overlaps")
        low_ok = s > 0 if open_low else s >= 0
        out = s.notna() & ~(low_ok & (s <= 1))
        interval = "(0, 1]" if open_low else "[0, 1]"
        for i in out[out].index:
            rule = f"share out of range {interval}"
            problems.append(Problem(file, i + 1, "share", frame["share"][i], rule))
    if spec.name == "supply_links" and "score" in parsed:
        sc = pd.to_numeric(parsed["score"], errors="coerce")
        out = sc.notna() & ~((sc > 0) & (sc <= 1))
        for i in out[out].index:
            rule = "score out of range (0, 1] (a link's part of its customer's inferred scores)"
            problems.append(Problem(file, i + 1, "score", frame["score"][i], rule))
    if spec.name == "industry_bridge" and "weight" in parsed:
        w = pd.to_numeric(parsed["weight"], errors="coerce")
        out = w.notna() & ~((w > 0) & (w <= 1))
        for i in out[out].index:
            rule = "weight out of range (0, 1] (the share of from_code's units in to_code)"
            problems.append(Problem(file, i + 1, "weight", frame["weight"][i], rule))
        if "from_code" in parsed:
            problems.extend(_bridge_sums(parsed["from_code"], w.where(~out), file))
    if spec.name == "industry_crosswalk" and "weight" in parsed:
        w = pd.to_numeric(parsed["weight"], errors="coerce")
        out = w.notna() & ~((w > 0) & (w <= 1))
        for i in out[out].index:
            rule = "weight out of range (0, 1] (the share of from_code mapped to to_code)"
            problems.append(Problem(file, i + 1, "weight", frame["weight"][i], rule))
    if spec.name == "regions" and "level" in parsed:
        lv = parsed["level"]
        unknown = lv.notna() & ~lv.isin(levels)
        user = sorted(set(levels) - set(BUILTIN_REGION_LEVELS))
        allowed = ", ".join(BUILTIN_REGION_LEVELS) + (
            f"; declared: {', '.join(user)}" if user else ""
        )
        for value, rows in _rows_by_value(lv[unknown]).items():
            rule = (
                f"unknown region level{_in_rows(rows)}{did_you_mean(value, levels)} (allowed: "
                f"{allowed}; declare others in dataset.json region_levels or with --level)"
            )
            problems.append(Problem(file, rows[0], "level", value, rule))
    return problems, parsed


def _rows_by_value(values: pd.Series) -> dict[str, list[int]]:
    """Distinct values -> the 1-based rows they stand in, in order of first appearance."""
    out: dict[str, list[int]] = {}
    for i, value in values.items():
        out.setdefault(value, []).append(int(str(i)) + 1)
    return out


_THOUSANDS = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
_DECIMAL_COMMA = re.compile(r"-?(\d{1,3}(\.\d{3})+|\d+),\d+")


def _type_hint(values: pd.Series, kind: str) -> str:
    """The likely fix for values of the wrong type, when they show one, else ``''``.

    >>> _type_hint(pd.Series(["1,150", "74,811"]), "float")
    ' (thousands separators? write 1150, not 1,150)'
    >>> _type_hint(pd.Series(["1,5", "1.234,5"]), "float")
    ' (decimal commas? write 1.5, not 1,5)'
    >>> _type_hint(pd.Series(["18/11/1997"]), "date")
    ' (dates are YYYY-MM-DD: 1997-11-18, not 18/11/1997)'
    """
    text = values.map(lambda v: str(v).strip())
    if kind in ("float", "int"):
        if text.str.fullmatch(_THOUSANDS).all():
            return " (thousands separators? write 1150, not 1,150)"
        if text.str.fullmatch(_DECIMAL_COMMA).all():
            return " (decimal commas? write 1.5, not 1,5)"
    if kind == "date":
        return " (dates are YYYY-MM-DD: 1997-11-18, not 18/11/1997)"
    return ""


def _in_rows(rows: list[int], shown: int = 5) -> str:
    """`` in 52 rows (1, 2, 3, 4, 5, ...)`` for a repeated problem, ``''`` for one row."""
    if len(rows) == 1:
        return ""
    more = ", ..." if len(rows) > shown else ""
    return f" in {len(rows)} rows ({', '.join(map(str, rows[:shown]))}{more})"


def _lost_zeros(values: Collection[str], known: Collection[str]) -> dict[str, str]:
    """Values that are a known code without its leading zeros: ``{'1': '01'}``.

    >>> _lost_zeros(["1", "7", "x"], ["01", "12"])
    {'1': '01'}
    """
    by_stripped: dict[str, str] = {}
    for code in known:
        if len(code) > 1 and code.startswith("0"):
            by_stripped.setdefault(code.lstrip("0") or "0", code)
    return {v: by_stripped[v] for v in values if v in by_stripped}


def _dangling(
    file: str, col: str, values: pd.Series, ref: str, known: set[str], group_from: int = 6
) -> list[Problem]:
    """Dangling references of one column: one problem per row when few, else one for all."""
    rows = _rows_by_value(values)
    zeros = _lost_zeros(list(rows), known)
    hint = ""
    if zeros:
        example = next(iter(zeros.items()))
        hint = (
            f"; {len(zeros)} of them are known codes without their leading zeros "
            f"({example[0]!r} vs {example[1]!r}): keep codes as text (a spreadsheet or a "
            "numeric column drops the zeros)"
        )
    if len(values) < group_from:
        return [
            Problem(file, int(str(i)) + 1, col, v, f"dangling reference: no {ref} {v!r}{hint}")
            for i, v in values.items()
        ]
    first_value, first_rows = next(iter(rows.items()))
    examples = ", ".join(repr(v) for v in list(rows)[:5]) + (", ..." if len(rows) > 5 else "")
    firsts = ", ".join(str(int(str(i)) + 1) for i in list(values.index)[:5])
    rule = (
        f"dangling reference: {len(values)} rows name no {ref} ({len(rows)} distinct values: "
        f"{examples}; first rows {firsts})" + hint
    )
    return [Problem(file, first_rows[0], col, first_value, rule)]


def _cycles(spec: TableSpec, parsed: Mapping[str, pd.Series], file: str) -> list[Problem]:
    assert spec.hierarchy is not None
    child, parent = spec.hierarchy
    if child not in parsed or parent not in parsed:
        return []
    pairs = zip(parsed[child], parsed[parent], strict=True)
    up = {c: p for c, p in pairs if isinstance(c, str) and isinstance(p, str)}
    row = {c: i + 1 for i, c in enumerate(parsed[child]) if isinstance(c, str)}
    problems: list[Problem] = []
    reported: set[str] = set()
    for start in up:
        seen, node = [start], up[start]
        while node in up and node not in seen:
            seen.append(node)
            node = up[node]
        if node in seen:
            loop = seen[seen.index(node) :]
            if not reported & set(loop):
                reported |= set(loop)
                path = " -> ".join([*loop, node])
                problems.append(
                    Problem(file, row[node], parent, up[node], f"cycle in hierarchy: {path}")
                )
    return problems


def validate_tables(
    frames: Mapping[str, pd.DataFrame | None],
    files: Mapping[str, str] | None = None,
    *,
    region_levels: Iterable[str] = (),
    unreadable: Collection[str] = (),
) -> list[Problem]:
    """Check tables (raw strings or typed values) against the contract; return every problem.

    ``files`` names the file of each table in messages (default ``<table>.csv``).
    Tables must have a default RangeIndex (row ``i`` is data row ``i + 1``).
    Tables named in ``unreadable`` have a file that could not be read (a problem the
    reader reports): they are not reported missing again, and references into them
    are not checked.

    Parameters
    ----------
    frames : mapping of str to DataFrame or None
        Tables by name; None or absent: the table is missing.
    files : mapping of str to str, optional
        Table -> the file name messages give.
    region_levels : iterable of str
        Region levels allowed besides the built-in ones.
    unreadable : collection of str
        Tables whose file could not be read.

    Returns
    -------
    list of Problem
        Every problem (file, row, column, value, rule), table by table, then the
        references between tables; empty when the tables keep the contract.

    Examples
    --------
    >>> regions = pd.DataFrame({"code": ["1", "1"], "name": ["a", "b"],
    ...                         "level": ["county", "moon"], "parent_code": [None, None]})
    >>> for p in validate_tables({"regions": regions}, {"regions": "r.csv"}):
    ...     print(p)
    r.csv, row 2, column code, value '1': duplicate key (first at row 1)
    r.csv, row 2, column level, value 'moon': unknown region level ...
    industries.csv: required table is missing
    """
    files = dict(files or {})
    levels = set(BUILTIN_REGION_LEVELS) | set(region_levels)
    problems: list[Problem] = []
    parsed: dict[str, dict[str, pd.Series]] = {}
    for name, spec in TABLES.items():
        frame = frames.get(name)
        file = files.get(name, f"{name}.csv")
        if frame is None:
            if spec.required and name not in unreadable:
                problems.append(Problem(file, None, None, None, "required table is missing"))
            continue
        frame = frame.reset_index(drop=True)
        found, parsed[name] = _check_table(spec, frame, file, levels)
        problems.extend(found)
    for name, spec in TABLES.items():
        if name not in parsed:
            continue
        file = files.get(name, f"{name}.csv")
        for fk in spec.foreign_keys:
            (col,), (ref_col,) = fk.columns, fk.ref_columns
            if col not in parsed[name]:
                continue
            if fk.ref_table in unreadable:
                continue
            ref = parsed.get(fk.ref_table, {}).get(ref_col)
            known = set(ref.dropna()) if ref is not None else set()
            values = parsed[name][col]
            dangling = values.notna() & ~values.isin(known)
            if dangling.any():
                target = f"{fk.ref_table}.{ref_col}"
                problems.extend(_dangling(file, col, values[dangling], target, known))
        if spec.hierarchy is not None:
            problems.extend(_cycles(spec, parsed[name], file))
    if "region_overlaps" in parsed:
        file = files.get("region_overlaps", "region_overlaps.csv")
        problems.extend(_overlap_problems(parsed["region_overlaps"], parsed.get("regions"), file))
    return problems


#: Bridge weights of one from_code must sum to 1 within this (rounded published shares).
BRIDGE_WEIGHT_TOLERANCE = 1e-3


def _bridge_sums(codes: pd.Series, weights: pd.Series, file: str) -> list[Problem]:
    """One problem per ``from_code`` whose bridge weights do not sum to 1 (+- 1e-3).

    >>> for p in _bridge_sums(pd.Series(["O1", "O1", "O2"]), pd.Series([0.5, 0.4, 1.0]), "b.csv"):
    ...     print(p)
    b.csv, row 1, column weight, value 0.9: bridge weights of from_code 'O1' sum to 0.9, not 1 (rows 1, 2): every unit of an occupation works in some sector
    """  # noqa: E501
    problems: list[Problem] = []
    frame = pd.DataFrame({"code": codes, "weight": weights}).dropna()
    for code, rows in frame.groupby("code", sort=False):
        total = float(rows["weight"].sum())
        if abs(total - 1.0) > BRIDGE_WEIGHT_TOLERANCE:
            listed = ", ".join(str(int(str(i)) + 1) for i in rows.index)
            rule = (
                f"bridge weights of from_code {code!r} sum to {total:.6g}, not 1 (rows "
                f"{listed}): every unit of an occupation works in some sector"
            )
            first = int(str(rows.index[0])) + 1
            problems.append(Problem(file, first, "weight", round(total, 6), rule))
    return problems


#: Overlap shares of one region may sum to 1 plus this much (rounded published shares).
OVERLAP_SHARE_TOLERANCE = 1e-6


def _overlap_problems(
    overlaps: Mapping[str, pd.Series], regions: Mapping[str, pd.Series] | None, file: str
) -> list[Problem]:
    """Rows of ``region_overlaps`` that break its rules (``overlap ...`` problems).

    A region does not overlap itself; its ``parent_code`` is already its parent (the
    overlap table holds the regions *besides* it); the shares of one region (the part of
    its measure in each region it overlaps) sum to at most 1 (+ 1e-6).

    >>> ov = {"region_code": pd.Series(["M", "M", "M", "K"]),
    ...       "overlaps_code": pd.Series(["A", "B", "M", "A"]),
    ...       "share": pd.Series([0.7, 0.6, None, None])}
    >>> rg = {"code": pd.Series(["A", "B", "M", "K"]),
    ...       "parent_code": pd.Series([None, None, "A", "A"])}
    >>> for p in _overlap_problems(ov, rg, "o.csv"):
    ...     print(p)
    o.csv, row 1, column overlaps_code, value 'A': overlap names the region's own parent_code (regions.csv has it; list only the regions besides its parent)
    o.csv, row 3, column overlaps_code, value 'M': overlap of a region with itself
    o.csv, row 4, column overlaps_code, value 'A': overlap names the region's own parent_code (regions.csv has it; list only the regions besides its parent)
    o.csv, row 1, column share, value 1.3: overlap shares of region 'M' sum to 1.3 > 1 in rows 1, 2 (share = the part of the region's measure inside overlaps_code)
    """  # noqa: E501
    problems: list[Problem] = []
    if "region_code" not in overlaps or "overlaps_code" not in overlaps:
        return problems
    code, other = overlaps["region_code"], overlaps["overlaps_code"]
    parent: dict[str, str] = {}
    if regions is not None and "code" in regions and "parent_code" in regions:
        parent = {
            str(c): str(p)
            for c, p in zip(regions["code"], regions["parent_code"], strict=True)
            if c is not None and p is not None and not pd.isna(p)
        }
    for i in code.index:
        a, b = code[i], other[i]
        if a is None or b is None or pd.isna(a) or pd.isna(b):
            continue
        if a == b:
            rule = "overlap of a region with itself"
            problems.append(Problem(file, i + 1, "overlaps_code", b, rule))
        elif parent.get(str(a)) == str(b):
            rule = (
                "overlap names the region's own parent_code (regions.csv has it; list only "
                "the regions besides its parent)"
            )
            problems.append(Problem(file, i + 1, "overlaps_code", b, rule))
    share = overlaps.get("share")
    if share is not None:
        s = pd.to_numeric(share, errors="coerce")
        s = s.where((s > 0) & (s <= 1))  # a share out of range is its own problem
        frame = pd.DataFrame({"code": code, "share": s}).dropna()
        for region, rows in frame.groupby("code", sort=False):
            total = float(rows["share"].sum())
            if total > 1 + OVERLAP_SHARE_TOLERANCE:
                listed = ", ".join(str(int(str(i)) + 1) for i in rows.index)
                rule = (
                    f"overlap shares of region {region!r} sum to {total:.6g} > 1 in rows "
                    f"{listed} (share = the part of the region's measure inside overlaps_code)"
                )
                first = int(str(rows.index[0])) + 1
                problems.append(Problem(file, first, "share", round(total, 6), rule))
    return problems


def validate_dataset(dataset: Dataset, *, region_levels: Iterable[str] = ()) -> list[Problem]:
    """Check an in-memory :class:`Dataset` against the contract; return every problem.

    The same rules as :func:`validate_tables`; user region levels are those passed
    plus those recorded in ``dataset.metadata["region_levels"]`` (``dataset.json``). What
    ``dataset.json`` names (featured regions, grouped industries) is checked against the
    tables when the directory is read (:func:`~clusteratlas.loaders.io.read_dataset_dir`),
    not here: a dataset cut down in code keeps its metadata, and the functions that read
    those keys skip codes the tables lack.
    Messages name ``<table>.csv`` files, or the files the dataset was read from.

    Parameters
    ----------
    dataset : Dataset
        The tables to check.
    region_levels : iterable of str
        Region levels allowed besides the built-in ones and ``metadata["region_levels"]``.

    Returns
    -------
    list of Problem
        Every problem; empty when the dataset keeps the contract.

    See Also
    --------
    check_dataset : raise when there is a problem.

    Examples
    --------
    >>> import pandas as pd
    >>> ds = Dataset.from_frames(
    ...     regions=pd.DataFrame({"code": ["1"], "name": ["a"], "level": ["county"],
    ...                           "parent_code": ["404"]}),
    ...     industries=pd.DataFrame({"code": ["X"], "name": ["x"], "scheme": ["S"],
    ...                              "level": ["s"]}))
    >>> [(p.file, p.row, p.column, p.rule) for p in validate_dataset(ds)]
    [('regions.csv', 1, 'parent_code', "dangling reference: no regions.code '404'")]
    """
    levels = [*region_levels, *dataset.metadata.get("region_levels", ())]
    files = {
        name: Path(str(info.get("file", f"{name}.csv"))).name
        for name, info in dict(dataset.metadata.get("files", {})).items()
        if isinstance(info, Mapping)
    }
    return validate_tables(dict(dataset), files, region_levels=levels)


def check_dataset(dataset: Dataset, *, region_levels: Iterable[str] = ()) -> None:
    """Raise when :func:`validate_dataset` finds any problem; return None otherwise.

    The check every writer runs before it writes anything (the transactional load,
    :func:`~clusteratlas.graph.neo4j_store.load.load_dataset`, and the bulk import,
    :func:`~clusteratlas.graph.neo4j_store.bulk.bulk_import`) and ``clusteratlas validate``
    runs on a bundled dataset.

    Parameters
    ----------
    dataset : Dataset
        The tables to check.
    region_levels : iterable of str
        Region levels allowed besides the built-in ones and ``metadata["region_levels"]``.

    Raises
    ------
    DataValidationError
        Listing every problem (CLI exit code 4).

    Examples
    --------
    >>> regions = pd.DataFrame({"code": ["1"], "name": ["a"], "level": ["county"],
    ...                         "parent_code": [None]})
    >>> industries = pd.DataFrame({"code": ["X"], "name": ["x"], "scheme": ["S"], "level": ["s"]})
    >>> check_dataset(Dataset.from_frames(regions=regions, industries=industries))
    >>> orphan = regions.assign(parent_code="404")
    >>> check_dataset(Dataset.from_frames(regions=orphan, industries=industries))
    Traceback (most recent call last):
    ...
    clusteratlas.errors.DataValidationError: 1 problem in the input data:
      regions.csv, row 1, column parent_code, value '404': dangling reference: no regions.code '404'
    """
    problems = validate_dataset(dataset, region_levels=region_levels)
    if problems:
        raise DataValidationError(problems)
