"""National employment series by GB/T 4754 section (csv, 10,000 persons).

Layout: ``Code, Description, DescriptionInChinese, 1990, 1991, ...`` with a ``TOT``
row, one row per section letter (``A``..``T``) and subsection rows (``A01``...).
Only the section rows are read.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "e.csv"
>>> _ = p.write_text("Code,Description,DescriptionInChinese,1990,1991\\n"
...                  "TOT,Total,全国总计,100,110\\nA,Agri,农业,60,55\\nA01,Farming,农业,50,45\\n",
...                  encoding="utf-8")
>>> read_national_employment(p).values.tolist()
[['A', 1990, 60.0], ['A', 1991, 55.0]]
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from clusteratlas.errors import DataValidationError, Problem

__all__ = ["read_national_employment"]


def read_national_employment(path: str | Path) -> pd.DataFrame:
    """Read the series into long form ``section, year, value`` (section rows only, no NaN).

    Raises :class:`~clusteratlas.errors.DataValidationError` when there is no ``Code``
    column or no 4-digit year column.
    """
    frame = pd.read_csv(path, dtype={"Code": str}, encoding="utf-8-sig")
    if "Code" not in frame.columns:
        raise DataValidationError([Problem(str(path), None, "Code", None, "missing column")])
    years = [c for c in frame.columns if str(c).strip().isdigit() and len(str(c).strip()) == 4]
    if not years:
        raise DataValidationError(
            [Problem(str(path), None, None, None, "no year columns (1990, 1991, ...)")]
        )
    codes = frame["Code"].str.strip()
    sections = frame[codes.str.fullmatch(r"[A-T]", na=False)].copy()
    sections["Code"] = sections["Code"].str.strip()
    long = sections.melt(id_vars=["Code"], value_vars=years, var_name="year", value_name="value")
    long = long.dropna(subset=["value"])
    out = pd.DataFrame(
        {
            "section": long["Code"],
            "year": long["year"].astype(int),
            "value": long["value"].astype(float),
        }
    )
    return out.sort_values(["section", "year"]).reset_index(drop=True)
