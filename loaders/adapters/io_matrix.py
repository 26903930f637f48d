"""A square input-output matrix (csv) -> ``industry_links`` and ``industry_final_uses``.

The symmetric (industry-by-industry or product-by-product) tables that BEA, Eurostat
(FIGARO, national SIOTs), the OECD (ICIO, national IOTs) and most statistics offices
publish, saved as one CSV: the first column holds the supplying sector's code, one
column per buying sector with the same codes (the intermediate block Z), then named
final-demand columns, and optionally a gross-output column or row. Other rows and
columns (value added, totals, taxes) are named in ``skip`` or recognised by name
(:data:`SKIPPED_NAMES`).

Final-demand columns are recognised by name (:data:`FINAL_DEMAND_NAMES`: households,
government, NPISH, final consumption, investment/GFCF, inventories, exports, imports;
case, spaces, ``_`` and ``-`` ignored) or mapped (``mapping``: category -> column,
``--map households=P3_S14``). Gross output is the column or row ``mapping["gross_output"]``,
or one named like :data:`GROSS_OUTPUT_NAMES`; the column is used when there is one, else
the row (total input, equal to total output by construction); with neither, it is
computed and the notes say so.

Definitions (Miller & Blair 2009, ch. 2):

- flow ``z_ij`` = row ``i``, column ``j`` of the intermediate block;
- gross output ``x_j``; coefficient ``a_ij = z_ij / x_j`` (``x_j > 0`` wherever
  column ``j`` has a flow);
- final use ``f_ik`` = row ``i`` of final-demand column ``k`` (imports, in a table that
  has them as a column, are negative: the category ``imports``);
- the accounting identity ``x_i = sum_j z_ij + sum_k f_ik`` is *checked, not assumed*:
  the notes give the largest relative gap ``|x_i - sum_j z_ij - sum_k f_ik| / x_i`` and
  its sector, and ``sector_accounts`` every sector's gap (a gap is taxes, a discrepancy
  or a column the file has and the mapping left out). With gross output computed as
  ``x_i = sum_j z_ij + sum_k f_ik``, the gaps are zero by construction.

Blank cells are zeros (tables leave zero flows blank); any other cell that is not a
number is a problem naming its row and column. Zero flows are not links.

References
----------
Miller, R. E., & Blair, P. D. (2009). *Input-Output Analysis: Foundations and
Extensions* (2nd ed.). Cambridge University Press.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "iot.csv"
>>> _ = p.write_text("code,A,B,households,exports,output\\nA,10,30,40,20,100\\n"
...                  "B,20,0,150,30,200\\n", encoding="utf-8")
>>> t = read_io_matrix(p, scheme="S", year=2020)
>>> t["industry_links"].values.tolist()
[['S:A', 'S:A', 2020, 10.0, 0.1], ['S:A', 'S:B', 2020, 30.0, 0.15], ['S:B', 'S:A', 2020, 20.0, 0.2]]
>>> t.notes["identity_max_relative_gap"]
0.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from clusteratlas.errors import DataValidationError, Problem
from clusteratlas.loaders.adapters._values import (
    namespaced,
    normalised_label,
    parse_numbers,
    read_text_table,
    table_year,
)
from clusteratlas.loaders.adapters.base import Adapter, SourceTables, data_error

__all__ = [
    "ADAPTER",
    "FINAL_DEMAND_NAMES",
    "GROSS_OUTPUT_NAMES",
    "SKIPPED_NAMES",
    "column_roles",
    "industry_tables",
    "read_io_matrix",
]

FINAL_DEMAND_NAMES: dict[str, tuple[str, ...]] = {
    "households": (
        "households", "household", "household consumption", "hfce", "p3 s14",
        "household final consumption expenditure", "final consumption expenditure by households",
        "personal consumption expenditures", "pce",
    ),
    "npish": ("npish", "p3 s15", "final consumption expenditure by npish"),
    "government": (
        "government", "government consumption", "ggfc", "p3 s13",
        "general government final consumption expenditure",
        "final consumption expenditure by government",
        "government consumption expenditures and gross investment",
    ),
    "final_consumption": ("final consumption", "final consumption expenditure", "p3"),
    "gross_fixed_capital_formation": (
        "investment", "gfcf", "p51g", "p51", "gross fixed capital formation",
        "private fixed investment",
    ),
    "inventory_change": (
        "inventories", "inventory change", "change in inventories", "changes in inventories",
        "p52", "changes in inventories and acquisitions less disposals of valuables", "invnt",
        "change in private inventories",
    ),
    "valuables": ("valuables", "p53", "acquisitions less disposals of valuables"),
    "exports": ("exports", "export", "p6", "exports of goods and services", "expo"),
    "imports": ("imports", "import", "p7", "imports of goods and services", "impo"),
}  # fmt: skip
"""Final-use category -> the column names recognised as it (normalised: lower case, ``_``
and ``-`` as spaces). ``P3_S14`` etc. are the ESA 2010 / SNA 2008 transaction codes
Eurostat and the OECD head their columns with."""

GROSS_OUTPUT_NAMES: tuple[str, ...] = (
    "gross output", "total output", "output", "go", "x", "p1", "total industry output",
    "total commodity output",
    "output at basic prices", "total",
)  # fmt: skip
"""Column (or row) names recognised as gross output (a ``total`` row is total input)."""

SKIPPED_NAMES: tuple[str, ...] = (
    "total intermediate", "total intermediate use", "total intermediate consumption",
    "intermediate use", "intermediate consumption", "tiu", "p2",
    "total final demand", "total final use", "total final uses", "final demand", "final use",
    "tfu", "total use", "total uses",
    "value added", "gross value added", "b1g", "va", "total value added",
    "compensation of employees", "d1", "taxes less subsidies on products", "d21x31",
    "other taxes less other subsidies on production", "d29x39", "operating surplus", "b2a3g",
    "imports row", "statistical discrepancy", "discrepancy",
)  # fmt: skip
"""Row and column names left out as not sectors (totals, value-added rows, discrepancies)."""


def read_io_matrix(
    path: str | Path,
    *,
    mapping: Mapping[str, str] | None = None,
    scheme: str | None = None,
    year: int | str | None = None,
    unit: str | None = None,
    skip: str | Sequence[str] = (),
    region: str | None = None,
) -> SourceTables:
    """Read a square input-output CSV into flows, coefficients and final uses.

    Parameters
    ----------
    path : str or Path
        The matrix (a CSV, its encoding and separator detected as
        :func:`~clusteratlas.loaders.adapters._values.read_text_table` does): first column
        the supplying sector, then the buying sectors, the final-demand columns and optionally gross
        output (column or row).
    mapping : mapping of str to str, optional
        Final-use category -> column (``{"households": "P3_S14"}``) for columns whose
        names are not recognised; ``gross_output`` -> the gross-output column or row.
        A mapped column overrides recognition by name.
    scheme : str, optional
        The sector classification, put in front of each code (``BEA`` -> ``BEA:111CA``);
        may be left out when the codes are already ``SCHEME:CODE``.
    year : int or str
        The table's year (required: the canonical tables are by year).
    unit : str, optional
        The unit of the values (``millions of USD``), written to ``industry_final_uses``.
    skip : str or sequence of str
        Row and column labels that are not sectors and not final demand (comma-separated
        in a string), besides :data:`SKIPPED_NAMES`.
    region : str, optional
        The national region's code (``regions.code`` of level ``country``): with it,
        ``region_industries`` holds the table's totals as that region's rows, measure
        ``gross_output`` (x_i) and ``final_use`` (sum_k f_ik, left out when some is
        negative), which the input-output shock of ``analyze`` reads; without it that
        table is empty.

    Returns
    -------
    SourceTables
        ``industry_links`` (``from_code, to_code, year, flow, coefficient``: z_ij and
        a_ij = z_ij / x_j, for z_ij != 0), ``industry_final_uses`` (``industry_code, year,
        category, category_name, value, unit``: f_ik for every sector and final-demand
        column, zeros included; ``category_name`` the column's header) and
        ``sector_accounts`` (``industry_code, gross_output, intermediate_sales,
        final_use, relative_gap``), ``region_industries`` (see ``region``); notes: the
        sectors, the final-demand columns, the rows and columns skipped, where gross
        output came from, and
        ``identity_max_relative_gap`` with ``identity_worst_sector``.

    Raises
    ------
    DataValidationError
        The file is missing or unreadable; a mapped column is missing; the intermediate
        block is not square (a sector row without its column or the reverse, a duplicate
        code); a cell is not a number; ``x_j <= 0`` in a column with flows.
    UsageError
        No year, no scheme for bare codes.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     t = read_io_matrix(ADAPTER.example(Path(d)), **ADAPTER.example_options)
    >>> t["industry_final_uses"].values.tolist()[:2]  # doctest: +NORMALIZE_WHITESPACE
    [['SYN:AGR', 2020, 'households', 'households', 30.0, 'SYNTHETIC units'],
     ['SYN:AGR', 2020, 'exports', 'exports', 20.0, 'SYNTHETIC units']]
    >>> t.notes["gross_output_from"]
    "column 'total output'"
    """
    frame = read_text_table(path)
    if len(frame.columns) < 2:
        raise data_error(path, "not a matrix: one column (is it comma-separated?)")
    mapping = dict(mapping or {})
    skipped = {
        normalised_label(s) for s in (skip.split(",") if isinstance(skip, str) else skip) if str(s)
    }
    code_col = str(frame.columns[0])
    headers = [str(c) for c in frame.columns[1:]]
    for field, col in mapping.items():
        if col not in headers and not (field == "gross_output"):
            raise data_error(path, f"missing column (mapped to {field})", column=col)
    labels = frame[code_col].astype(str).str.strip()
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    labels.index = frame.index

    go_name = mapping.get("gross_output")
    if go_name is not None and go_name not in headers and go_name not in set(labels):
        raise data_error(
            path,
            "no gross-output column or row of that name (mapped to gross_output)",
            column=go_name,
        )
    final_cols, go_col, skipped_cols, sector_cols = column_roles(headers, mapping, go_name, skipped)
    sector_set = set(sector_cols)

    go_row: int | None = None
    skipped_rows: list[str] = []
    sector_rows: dict[str, int] = {}
    problems: list[Problem] = []
    for row, label in enumerate(labels.tolist(), start=1):
        n = normalised_label(label)
        if label in sector_set:
            if label in sector_rows:
                problems.append(
                    Problem(
                        str(path),
                        row,
                        code_col,
                        label,
                        f"duplicate sector row (also row {sector_rows[label]})",
                    )
                )
            sector_rows[label] = row
        elif (go_name is not None and label == go_name) or (
            go_name is None and go_row is None and n in GROSS_OUTPUT_NAMES
        ):
            go_row = row
        elif n in skipped or n in SKIPPED_NAMES or label == "":
            skipped_rows.append(label)
        else:
            problems.append(
                Problem(
                    str(path),
                    row,
                    code_col,
                    label,
                    "a row with no column of the same code: the intermediate block must "
                    "list the same sectors in its rows and columns (if this row is not a "
                    f"sector, --option skip={label!r})",
                )
            )
    for col in sector_cols:
        if col not in sector_rows:
            problems.append(
                Problem(
                    str(path),
                    None,
                    col,
                    None,
                    "a column with no row of the same code: the intermediate block must be "
                    "square (if it is final demand, --map CATEGORY=COLUMN; if a total or "
                    "not a sector, --option skip=COLUMN)",
                )
            )
    if problems:
        raise DataValidationError(problems)
    if not sector_cols:
        raise data_error(path, "no sector columns: the intermediate block is empty")

    year_value = table_year(year, path)
    order = [sector_rows[c] for c in sector_cols]
    block = frame.loc[order]
    rows = pd.Series(block.index, index=block.index)
    z = np.column_stack(
        [parse_numbers(block[c], path, c, empty_as=0.0, rows=rows).to_numpy() for c in sector_cols]
    )
    f_cols = list(final_cols)
    f = (
        np.column_stack(
            [parse_numbers(block[c], path, c, empty_as=0.0, rows=rows).to_numpy() for c in f_cols]
        )
        if f_cols
        else np.zeros((len(sector_cols), 0))
    )
    sums = z.sum(axis=1) + f.sum(axis=1)
    if go_col is not None:
        x = parse_numbers(block[go_col], path, go_col, rows=rows).to_numpy()
        source = f"column {go_col!r}"
    elif go_row is not None:
        cells = pd.Series([frame.at[go_row, c] for c in sector_cols], index=sector_cols)
        where = pd.Series(go_row, index=cells.index)
        x = parse_numbers(cells, path, f"{code_col} {labels[go_row]!r}", rows=where).to_numpy()
        source = f"row {labels[go_row]!r} (total input = total output)"
    else:
        x = sums
        source = "computed: x_i = sum_j z_ij + sum_k f_ik (no gross-output column or row)"
    codes = namespaced(pd.Series(sector_cols), scheme, path, "the sector codes").tolist()

    notes = {
        "sectors": len(codes),
        "final_demand_columns": dict(final_cols),
        "skipped_columns": skipped_cols,
        "skipped_rows": skipped_rows,
        "gross_output_from": source,
    }
    tables, identity = industry_tables(
        path, codes, sector_cols, z, f, x, final_cols, year=year_value, unit=unit, region=region
    )
    return SourceTables("io-matrix", str(path), tables, {**notes, **identity})


def column_roles(
    headers: list[str], mapping: Mapping[str, str], go_name: str | None, skipped: set[str]
) -> tuple[dict[str, str], str | None, list[str], list[str]]:
    """What each column of an input-output table is: final demand, gross output, skipped, sector.

    Parameters
    ----------
    headers : list of str
        The columns after the first (the code column).
    mapping : mapping of str to str
        Final-use category -> column (a mapped column is final demand, whatever its name).
    go_name : str, optional
        The gross-output column's name, when the user named it; None: recognised by
        :data:`GROSS_OUTPUT_NAMES`.
    skipped : set of str
        Normalised (:func:`~clusteratlas.loaders.adapters._values.normalised_label`)
        labels to leave out, besides :data:`SKIPPED_NAMES`.

    Returns
    -------
    final_columns : dict of str to str
        Final-demand column -> category (:data:`FINAL_DEMAND_NAMES`; one column per
        category: a second column of a category is taken for a sector).
    gross_output_column : str or None
        The gross-output column.
    skipped_columns : list of str
        The columns left out.
    sector_columns : list of str
        The rest: the sectors (industries).

    Examples
    --------
    >>> column_roles(["A", "B", "P3_S14", "HH2", "Total output", "TIU"], {"npish": "HH2"},
    ...              None, set())
    ({'P3_S14': 'households', 'HH2': 'npish'}, 'Total output', ['TIU'], ['A', 'B'])
    """
    mapped_columns = {col: field for field, col in mapping.items() if field != "gross_output"}
    final_cols: dict[str, str] = {}  # column -> category
    go_col = go_name if go_name in headers else None
    skipped_cols: list[str] = []
    sector_cols: list[str] = []
    for col in headers:
        n = normalised_label(col)
        if col in mapped_columns:
            final_cols[col] = mapped_columns[col]
        elif col == go_col:
            continue
        elif go_name is None and go_col is None and n in GROSS_OUTPUT_NAMES:
            go_col = col
        elif n in skipped or n in SKIPPED_NAMES:
            skipped_cols.append(col)
        elif (cat := _category(n)) is not None and cat not in final_cols.values():
            final_cols[col] = cat
        else:
            sector_cols.append(col)
    return final_cols, go_col, skipped_cols, sector_cols


def industry_tables(
    path: str | Path,
    codes: list[str],
    columns: list[str],
    z: np.ndarray,
    f: np.ndarray,
    x: np.ndarray,
    final_cols: Mapping[str, str],
    *,
    year: int,
    unit: str | None = None,
    region: str | None = None,
) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    """The canonical tables of an industry-by-industry table given as arrays, and notes.

    Parameters
    ----------
    path : str or Path
        The file, named in the problems.
    codes : list of str
        The industries' (namespaced) codes, in the order of ``z``'s rows and columns.
    columns : list of str
        The file's column of each industry, named in the problems.
    z : ndarray
        The intermediate flows z_ij (n x n).
    f : ndarray
        The final uses f_ik (n x m), in the order of ``final_cols``.
    x : ndarray
        Gross output x_i (n).
    final_cols : mapping of str to str
        Final-demand column -> category (``category_name`` is the column).
    year : int
        The table's year.
    unit : str, optional
        The unit of the values.
    region : str, optional
        The national region's code: with it, ``region_industries`` holds ``gross_output``
        and ``final_use`` rows of that region (``final_use`` left out when negative).

    Returns
    -------
    tables : dict of str to DataFrame
        ``industry_links``, ``industry_final_uses``, ``sector_accounts`` and
        ``region_industries`` (as :func:`read_io_matrix` describes them).
    notes : dict of str to object
        ``identity_max_relative_gap`` and ``identity_worst_sector`` (and
        ``final_use_left_out`` when so).

    Raises
    ------
    DataValidationError
        ``x_j <= 0`` for an industry whose column has flows.

    Examples
    --------
    >>> t, notes = industry_tables("t.csv", ["S:A", "S:B"], ["A", "B"],
    ...     np.array([[1.0, 2], [0, 4]]), np.array([[7.0], [4]]), np.array([10.0, 10]),
    ...     {"HH": "households"}, year=2020)
    >>> t["industry_links"]["coefficient"].tolist(), notes["identity_max_relative_gap"]
    ([0.1, 0.2, 0.4], 0.2)
    """
    f_cols = list(final_cols)
    sums = z.sum(axis=1) + f.sum(axis=1)
    used = np.abs(z).sum(axis=0) > 0
    bad = [j for j in range(len(codes)) if used[j] and not x[j] > 0]
    if bad:
        raise DataValidationError(
            [
                Problem(
                    str(path),
                    None,
                    columns[j],
                    float(x[j]),
                    f"gross output x_j of sector {codes[j]} is not positive, but its column "
                    "has flows (a_ij = z_ij / x_j needs x_j > 0)",
                )
                for j in bad
            ]
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(x > 0, z / np.where(x > 0, x, 1.0), 0.0)
        gap = np.where(
            x > 0, np.abs(x - sums) / np.where(x > 0, x, 1.0), np.where(sums == 0, 0.0, np.inf)
        )
    i_idx, j_idx = np.nonzero(z)
    links = pd.DataFrame(
        {
            "from_code": [codes[i] for i in i_idx],
            "to_code": [codes[j] for j in j_idx],
            "year": year,
            "flow": z[i_idx, j_idx],
            "coefficient": a[i_idx, j_idx],
        }
    )
    finals = pd.DataFrame(
        {
            "industry_code": [c for c in codes for _ in f_cols],
            "year": year,
            "category": [final_cols[k] for _ in codes for k in f_cols],
            "category_name": [k for _ in codes for k in f_cols],
            "value": f.ravel(),
            "unit": unit,
        }
    )
    accounts = pd.DataFrame(
        {
            "industry_code": codes,
            "gross_output": x,
            "intermediate_sales": z.sum(axis=1),
            "final_use": f.sum(axis=1),
            "relative_gap": gap,
        }
    )
    national = pd.DataFrame(columns=["region_code", "industry_code", "year", "measure", "value"])
    negative_final_use = bool((f.sum(axis=1) < 0).any())
    if region is not None:
        measures = [("gross_output", x)]
        if f_cols and not negative_final_use:
            measures.append(("final_use", f.sum(axis=1)))
        national = pd.DataFrame(
            [
                (str(region).strip(), code, year, m, float(v[i]))
                for m, v in measures
                for i, code in enumerate(codes)
            ],
            columns=national.columns,
        )
    worst = int(np.argmax(gap))
    notes: dict[str, object] = {
        "identity_max_relative_gap": float(gap[worst]),
        "identity_worst_sector": codes[worst] if gap[worst] > 0 else None,
    }
    if region is not None and negative_final_use:
        notes["final_use_left_out"] = (
            "some sector's final use is negative (imports): region_industries has gross_output "
            "only (analyze then takes f = x - Z 1)"
        )
    tables = {
        "industry_links": links,
        "industry_final_uses": finals,
        "sector_accounts": accounts,
        "region_industries": national,
    }
    return tables, notes


def _category(normalised: str) -> str | None:
    for category, names in FINAL_DEMAND_NAMES.items():
        if normalised in names:
            return category
    return None


def _example(directory: Path) -> Path:
    path = directory / "SYNTHETIC_io_matrix.csv"
    path.write_text(
        "sector,AGR,MFG,SRV,households,exports,total output\n"
        "AGR,5,40,0,30,20,95\n"
        "MFG,10,60,20,80,90,260\n"
        "SRV,5,30,40,120,5,200\n"
        "value added,75,130,140,,,\n",
        encoding="utf-8",
    )
    return path


ADAPTER = Adapter(
    name="io-matrix",
    description="any square input-output matrix (csv: sector rows x sector columns, named "
    "final-demand columns, gross output): industry_links and industry_final_uses",
    tables=("industry_links", "industry_final_uses", "sector_accounts", "region_industries"),
    read=read_io_matrix,
    example=_example,
    example_options={"scheme": "SYN", "year": 2020, "unit": "SYNTHETIC units", "region": "XX"},
)
