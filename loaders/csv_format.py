"""The canonical CSV layout of one table: how it is written (deterministically) and read fast.

Written files are UTF-8 without BOM, ``\\n`` line ends, columns in contract order,
rows sorted by the table's key, floats with up to 15 significant digits (no
exponent for values that fit), dates ``YYYY-MM-DD``, booleans ``true``/``false``,
nulls as empty fields. The same frame always gives the same bytes.

Examples
--------
>>> import io, pandas as pd
>>> from clusteratlas.loaders.dataset import conform
>>> t = conform("industry_links", pd.DataFrame({"from_code": ["b", "a"], "to_code": ["x", "y"],
...     "year": [2020, 2020], "flow": [1e12, 0.1 + 0.2], "coefficient": [0.5, 1 / 3]}))
>>> buf = io.StringIO(); write_table_csv("industry_links", t, buf)
>>> print(buf.getvalue(), end="")
from_code,to_code,year,flow,coefficient
a,y,2020,0.3,0.333333333333333
b,x,2020,1000000000000,0.5
>>> _ = buf.seek(0); read_table_csv("industry_links", buf).dtypes["year"]
Int64Dtype()
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import pandas as pd

from clusteratlas.loaders.dataset import TABLES, conform

__all__ = ["read_table_csv", "write_table_csv"]


def _format_float(value: float) -> str:
    """Format a float with up to 15 significant digits, as an integer when it is one.

    >>> _format_float(1e12), _format_float(2.5), _format_float(1 / 3)
    ('1000000000000', '2.5', '0.333333333333333')
    """
    if value != value:  # NaN
        return ""
    if float(value).is_integer() and abs(value) < 1e16:
        return str(int(value))
    return format(value, ".15g")


def _render(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    spec = TABLES[table]
    out: dict[str, Any] = {}
    for col in spec.columns:
        s = frame[col.name]
        if col.kind == "float":
            out[col.name] = [_format_float(v) for v in s.astype(float)]
        elif col.kind == "date":
            out[col.name] = s.dt.strftime("%Y-%m-%d").fillna("")
        elif col.kind == "bool":
            out[col.name] = s.map({True: "true", False: "false"}).astype(object).fillna("")
        elif col.kind == "int":
            out[col.name] = s.astype(object).where(s.notna(), "").astype(str)
        else:
            out[col.name] = s.astype(object).where(s.notna(), "")
    return pd.DataFrame(out)


def write_table_csv(table: str, frame: pd.DataFrame, dest: str | Path | IO[str]) -> None:
    """Write ``frame`` (conformed to ``table``) as canonical CSV, sorted by the key.

    Parameters
    ----------
    table : str
        A canonical table name (:data:`~clusteratlas.loaders.dataset.TABLE_NAMES`).
    frame : DataFrame
        Its rows; conformed to the table's columns and dtypes first.
    dest : str, Path or text stream
        A file (written UTF-8, replaced) or an open text stream.

    Examples
    --------
    >>> import io
    >>> buf = io.StringIO()
    >>> write_table_csv("region_indicators", pd.DataFrame({"region_code": ["1"],
    ...     "indicator": ["gdp"], "year": [2025], "value": [1e12]}), buf)
    >>> print(buf.getvalue(), end="")
    region_code,indicator,year,value,unit,source,qualifier
    1,gdp,2025,1000000000000,,,
    """
    spec = TABLES[table]
    frame = conform(table, frame)
    frame = frame.sort_values(list(spec.key), kind="stable").reset_index(drop=True)
    rendered = _render(frame, table)
    if isinstance(dest, (str, Path)):
        with open(dest, "w", encoding="utf-8", newline="") as fh:
            rendered.to_csv(fh, index=False, lineterminator="\n")
    else:
        rendered.to_csv(dest, index=False, lineterminator="\n")


def read_table_csv(table: str, source: str | Path | IO[str]) -> pd.DataFrame:
    """Read a canonical CSV of ``table`` (as written by :func:`write_table_csv`), conformed.

    This is the fast path for trusted files (the bundled data); user files go
    through :func:`~clusteratlas.loaders.io.read_dataset_dir`, which validates.

    Parameters
    ----------
    table : str
        A canonical table name.
    source : str, Path or text stream
        The CSV.

    Returns
    -------
    DataFrame
        The table's columns and dtypes (ints ``Int64``, booleans ``boolean``, dates
        ``datetime64``), empty fields as missing.

    Examples
    --------
    >>> import io
    >>> t = read_table_csv("region_indicators", io.StringIO(
    ...     "region_code,indicator,year,value,unit,source,qualifier\\n1,gdp,2025,1e12,yuan,,\\n"))
    >>> t.loc[0, "value"], t.loc[0, "unit"], t.dtypes["year"]
    (np.float64(1000000000000.0), 'yuan', Int64Dtype())
    """
    spec = TABLES[table]
    dtypes: dict[str, Any] = {}
    dates, bools = [], []
    for col in spec.columns:
        if col.kind == "str":
            dtypes[col.name] = "str"
        elif col.kind == "float":
            dtypes[col.name] = "float64"
        elif col.kind == "int":
            dtypes[col.name] = "Int64"
        elif col.kind == "bool":
            dtypes[col.name] = "str"
            bools.append(col.name)
        else:
            dtypes[col.name] = "str"
            dates.append(col.name)
    frame = pd.read_csv(source, dtype=dtypes, keep_default_na=False, na_values=[""])
    for name in bools:
        frame[name] = frame[name].map({"true": True, "false": False}).astype("boolean")
    for name in dates:
        frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d")
    return conform(table, frame)
