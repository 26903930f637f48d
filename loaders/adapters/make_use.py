"""A use table and its make table (csv pair) -> an industry-by-industry table.

Supply-use systems (BEA's make and use tables, Eurostat's and the OECD's supply and use
tables) give, per year, the **use** matrix U (commodity by industry: commodity ``c``
bought by industry ``j``) with final-demand columns E (commodity by category), and the
**make** matrix V (industry by commodity: commodity ``c`` produced by industry ``i``;
a supply table is its transpose, so save it as industries x commodities). This adapter
reads the pair as two CSVs (use: first column the commodity, one column per industry,
named final-demand columns as :mod:`.io_matrix` recognises or maps them; make: first
column the industry, one column per commodity) and derives the industry-by-industry
table under the **industry-technology assumption** (each industry has one input
structure, whatever commodities it makes; Miller & Blair 2009, ch. 5):

- commodity output ``q_c = sum_i v_ic``; industry output ``g_i = sum_c v_ic``;
- market shares ``D = V diag(q)^-1`` (``d_ic``: industry ``i``'s share of commodity
  ``c``'s output);
- industry-by-industry flows ``Z = D U``, final uses by industry ``F = D E``, gross
  output ``x = g``; coefficients ``a_ij = z_ij / x_j`` (``A = D B`` with
  ``B = U diag(g)^-1``).

Then ``sum_j z_ij + sum_k f_ik = sum_c d_ic (sum_j u_cj + sum_k e_ck)``, which equals
``g_i`` when every commodity's uses add up to its output: the notes report both the
commodity balance (largest ``|q_c - sum_j u_cj - sum_k e_ck| / q_c``) and the industry
identity (as :func:`.io_matrix.industry_tables`), rather than assume them.

References
----------
Miller, R. E., & Blair, P. D. (2009). *Input-Output Analysis: Foundations and
Extensions* (2nd ed.), ch. 5 (commodity-by-industry accounts). Cambridge University Press.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "use.csv").write_text("commodity,I1,I2,households\\nc1,20,30,40\\nc2,11,22,77\\n")
>>> _ = (d / "make.csv").write_text("industry,c1,c2\\nI1,90,10\\nI2,0,100\\n")
>>> t = read_make_use(d / "use.csv", make="make.csv", scheme="S", year=2020)
>>> t["industry_links"][["from_code", "to_code", "flow", "coefficient"]].values.tolist()
... # doctest: +NORMALIZE_WHITESPACE
[['S:I1', 'S:I1', 21.0, 0.21], ['S:I1', 'S:I2', 32.0, 0.32],
 ['S:I2', 'S:I1', 10.0, 0.1], ['S:I2', 'S:I2', 20.0, 0.2]]
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
from clusteratlas.loaders.adapters.io_matrix import (
    GROSS_OUTPUT_NAMES,
    SKIPPED_NAMES,
    column_roles,
    industry_tables,
)

__all__ = ["ADAPTER", "read_make_use"]


def read_make_use(
    path: str | Path,
    *,
    make: str | Path | None = None,
    mapping: Mapping[str, str] | None = None,
    scheme: str | None = None,
    year: int | str | None = None,
    unit: str | None = None,
    skip: str | Sequence[str] = (),
    region: str | None = None,
) -> SourceTables:
    """Read a use table and its make table into an industry-by-industry table.

    Parameters
    ----------
    path : str or Path
        The use table (CSV): commodity rows, industry columns, final-demand columns.
    make : str or Path
        The make table (CSV): industry rows, commodity columns. A relative path not
        found from the working directory is looked up beside the use table.
    mapping : mapping of str to str, optional
        Final-use category -> column of the use table, for columns not recognised by
        name (:data:`.io_matrix.FINAL_DEMAND_NAMES`).
    scheme : str, optional
        The industry classification, put in front of each industry code.
    year : int or str
        The tables' year (required).
    unit : str, optional
        The unit of the values.
    skip : str or sequence of str
        Row and column labels of either table that are neither commodities, industries
        nor final demand (value-added rows, totals), besides :data:`.io_matrix.SKIPPED_NAMES`
        and the gross-output names (output columns and rows are left out: q and g are
        the make table's sums).
    region : str, optional
        The national region's code: ``region_industries`` then holds ``gross_output``
        (g_i) and ``final_use`` rows of that region.

    Returns
    -------
    SourceTables
        The tables of :func:`.io_matrix.read_io_matrix` (``industry_links``,
        ``industry_final_uses``, ``sector_accounts``, ``region_industries``) for the
        industries; notes: the method, the commodities and industries, the final-demand
        columns, ``commodity_balance_max_relative_gap`` with its commodity, and the
        industry identity's gap.

    Raises
    ------
    DataValidationError
        A file is missing or unreadable; no make table is given; the industries of the
        use table's columns and the make table's rows differ, or the commodities of the
        use table's rows and the make table's columns; a cell is not a number; a
        commodity is used but no industry makes it.
    UsageError
        No year, no scheme for bare codes.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     t = read_make_use(ADAPTER.example(Path(d)), **ADAPTER.example_options)
    >>> t["industry_final_uses"][["industry_code", "category", "value"]].values.tolist()
    [['SYN:I1', 'households', 47.0], ['SYN:I2', 'households', 70.0]]
    >>> t.notes["commodity_balance_max_relative_gap"], t.notes["identity_max_relative_gap"]
    (0.0, 0.0)
    """
    use = read_text_table(path)
    if make is None:
        raise data_error(path, "a use table needs its make table: give --option make=FILE")
    make_path = Path(make)
    if not make_path.is_absolute() and not make_path.exists():
        make_path = Path(path).parent / make_path
    made = read_text_table(make_path)
    skipped = {
        normalised_label(s) for s in (skip.split(",") if isinstance(skip, str) else skip) if str(s)
    }
    mapping = dict(mapping or {})
    use_headers = list(use.columns[1:])
    for field, col in mapping.items():
        if col not in use_headers:
            raise data_error(path, f"missing column (mapped to {field})", column=col)
    final_cols, _, skipped_cols, industries = column_roles(use_headers, mapping, None, skipped)
    commodities = [c for c in made.columns[1:] if not _other(c, skipped)]
    use_rows = _rows(use, path, skipped)
    make_rows = _rows(made, make_path, skipped)
    problems = [
        *_differ(path, "row", use_rows, make_path, "column", commodities, "commodity"),
        *_differ(path, "column", dict.fromkeys(industries, 0), make_path, "row", list(make_rows),
                 "industry"),
    ]  # fmt: skip
    if problems:
        raise DataValidationError(problems)
    if not industries or not commodities:
        raise data_error(path, "no industries or no commodities: the tables are empty")
    year_value = table_year(year, path)

    def block(
        frame: pd.DataFrame, where: str | Path, rows: dict[str, int], cols: list[str]
    ) -> np.ndarray:
        part = frame.loc[[rows[r] - 1 for r in rows]]
        numbers = pd.Series([rows[r] for r in rows], index=part.index)
        if not cols:
            return np.zeros((len(rows), 0))
        return np.column_stack(
            [parse_numbers(part[c], where, c, empty_as=0.0, rows=numbers).to_numpy() for c in cols]
        )

    ordered = {c: use_rows[c] for c in commodities}
    u = block(use, path, ordered, industries)
    e = block(use, path, ordered, list(final_cols))
    v = block(made, make_path, make_rows, commodities)
    order = [list(make_rows).index(i) for i in industries]
    v = v[order]  # industries in the use table's column order
    q, g = v.sum(axis=0), v.sum(axis=1)
    uses = u.sum(axis=1) + e.sum(axis=1)
    unmade = [c for k, c in enumerate(commodities) if not q[k] > 0 and uses[k] != 0]
    if unmade:
        raise DataValidationError(
            [
                Problem(str(make_path), None, c, None,
                        f"commodity {c} is used (use table row {use_rows[c]}) but no industry "
                        "makes it (q = the column's sum is not positive)")
                for c in unmade
            ]
        )  # fmt: skip
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.where(q > 0, v / np.where(q > 0, q, 1.0), 0.0)
        balance = np.where(q > 0, np.abs(q - uses) / np.where(q > 0, q, 1.0), 0.0)
    codes = namespaced(pd.Series(industries), scheme, path, "the industry codes").tolist()
    tables, identity = industry_tables(
        path, codes, industries, d @ u, d @ e, g, final_cols,
        year=year_value, unit=unit, region=region,
    )  # fmt: skip
    worst = int(np.argmax(balance))
    notes = {
        "method": "industry technology: D = V diag(q)^-1, Z = D U, F = D E, x = g "
        "(Miller & Blair 2009, ch. 5)",
        "industries": len(industries),
        "commodities": len(commodities),
        "final_demand_columns": dict(final_cols),
        "skipped_columns": skipped_cols,
        "commodity_balance_max_relative_gap": float(balance[worst]),
        "commodity_balance_worst": commodities[worst] if balance[worst] > 0 else None,
        **identity,
    }
    return SourceTables("make-use", str(path), tables, notes)


def _other(label: str, skipped: set[str]) -> bool:
    """A total, value-added or output row or column (not a commodity or industry)."""
    n = normalised_label(label)
    return n == "" or n in skipped or n in SKIPPED_NAMES or n in GROSS_OUTPUT_NAMES


def _rows(frame: pd.DataFrame, path: str | Path, skipped: set[str]) -> dict[str, int]:
    """Code -> 1-based row of each commodity or industry row; a duplicate is a problem."""
    rows: dict[str, int] = {}
    code_col = str(frame.columns[0])
    for row, label in enumerate(frame[code_col].astype(str).str.strip().tolist(), start=1):
        if _other(label, skipped):
            continue
        if label in rows:
            raise data_error(path, f"duplicate row (also row {rows[label]})", row=row,
                             column=code_col, value=label)  # fmt: skip
        rows[label] = row
    return rows


def _differ(
    a_path: str | Path,
    a_kind: str,
    a: Mapping[str, int],
    b_path: str | Path,
    b_kind: str,
    b: list[str],
    what: str,
) -> list[Problem]:
    """Problems for each code in one table and not the other."""
    problems = [
        Problem(str(a_path), a[c] or None, None if a[c] else c, c,
                f"{what} {c!r} ({a_kind}) is not a {b_kind} of {b_path} (the two tables must "
                f"list the same {what} codes; if it is not a {what}, --option skip={c})")
        for c in a if c not in set(b)
    ]  # fmt: skip
    problems += [
        Problem(str(b_path), None, None, c,
                f"{what} {c!r} ({b_kind}) is not a {a_kind} of {a_path} (the two tables must "
                f"list the same {what} codes; if it is not a {what}, --option skip={c})")
        for c in b if c not in a
    ]  # fmt: skip
    return problems


def _example(directory: Path) -> Path:
    (directory / "SYNTHETIC_make.csv").write_text(
        "industry,c1,c2\nI1,90,10\nI2,0,100\n", encoding="utf-8"
    )
    path = directory / "SYNTHETIC_use.csv"
    path.write_text("commodity,I1,I2,households\nc1,20,30,40\nc2,11,22,77\n", encoding="utf-8")
    return path


ADAPTER = Adapter(
    name="make-use",
    description="a use table and its make table (csv pair, --option make=FILE): an "
    "industry-by-industry table under the industry-technology assumption",
    tables=("industry_links", "industry_final_uses", "sector_accounts", "region_industries"),
    read=read_make_use,
    example=_example,
    example_options={"make": "SYNTHETIC_make.csv", "scheme": "SYN", "year": 2020, "region": "XX"},
)
