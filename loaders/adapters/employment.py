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
>>> read_national_employment(p)["employment"].values.tolist()
[['A', 1990, 60.0], ['A', 1991, 55.0]]
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from clusteratlas.loaders.adapters.base import Adapter, SourceTables, data_error, reading

__all__ = ["ADAPTER", "read_national_employment"]


def read_national_employment(path: str | Path) -> SourceTables:
    """Read the series into ``employment``: ``section, year, value`` (section rows, no NaN).

    Parameters
    ----------
    path : str or Path
        The series (CSV: ``Code``, descriptions, then one column per year).

    Returns
    -------
    SourceTables
        ``employment``: ``section`` (the GB/T 4754 letter), ``year`` (int), ``value``
        (persons, float); ``sections``: ``section``, ``name_en`` (the English name the
        series gives each section, ``Description``; None where it only repeats the letter,
        as the published file does for K).

    Raises
    ------
    DataValidationError
        There is no ``Code`` column or no 4-digit year column, or the file is
        unreadable.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     t = read_national_employment(ADAPTER.example(Path(d)))
    >>> t["employment"].values.tolist()
    [['C', 2017, 10.0], ['C', 2018, 11.0]]
    """
    with reading(path):
        frame = pd.read_csv(path, dtype={"Code": str}, encoding="utf-8-sig")
    if "Code" not in frame.columns:
        raise data_error(path, "missing column", column="Code")
    years = [c for c in frame.columns if str(c).strip().isdigit() and len(str(c).strip()) == 4]
    if not years:
        raise data_error(path, "no year columns (1990, 1991, ...)")
    codes = frame["Code"].str.strip()
    sections = frame[codes.str.fullmatch(r"[A-T]", na=False)].copy()
    sections["Code"] = sections["Code"].str.strip()
    long = sections.melt(id_vars=["Code"], value_vars=years, var_name="year", value_name="value")
    long = long.dropna(subset=["value"])
    with reading(path):
        out = pd.DataFrame(
            {
                "section": long["Code"],
                "year": long["year"].astype(int),
                "value": long["value"].astype(float),
            }
        )
    table = out.sort_values(["section", "year"]).reset_index(drop=True)
    names = pd.DataFrame(
        {
            "section": sections["Code"],
            "name_en": [
                str(v).strip() if isinstance(v, str) and str(v).strip() != code else None
                for code, v in zip(
                    sections["Code"],
                    sections.get("Description", pd.Series([None] * len(sections))),
                    strict=True,
                )
            ],
        }
    ).reset_index(drop=True)
    return SourceTables(
        "nbs-employment-series", str(path), {"employment": table, "sections": names}
    )


def _example(directory: Path) -> Path:
    path = directory / "employment_example.csv"
    path.write_text(
        "Code,Description,DescriptionInChinese,2017,2018\nC,Mfg,制造业,10,11\n", encoding="utf-8"
    )
    return path


ADAPTER = Adapter(
    name="nbs-employment-series",
    description="national employment by GB/T 4754 section and year (csv, 10,000 persons)",
    tables=("employment", "sections"),
    read=read_national_employment,
    example=_example,
)
