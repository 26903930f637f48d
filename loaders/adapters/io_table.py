"""NBS 42-sector input-output tables (csv) -> industry links, gross output and final use.

Layout (as published, 10,000 CNY): rows ``Code, Description, DescriptionInChinese,
Origin`` with 42 ``Domestic`` rows, 42 ``Imports`` rows and ``TOT`` rows; columns
``01``..``42`` (intermediate use by sector), ``TIU, TC, FU201, FU202, EX, TFU, GO``.

Definitions (Miller & Blair 2009, ch. 2), with domestic intermediate flows:

- flow ``z_ij`` = the ``Domestic`` row ``i``, column ``j`` (imports are a separate
  block and are not part of the domestic supply network);
- gross output ``x_j`` = the ``GO`` column of the ``Domestic`` row ``j``;
- coefficient ``a_ij = z_ij / x_j``;
- final use of sector ``i`` = ``TFU`` of the ``Domestic`` row ``i`` (it can be
  negative where inventories were drawn down).

Zero flows are not links and are left out.

References
----------
Miller, R. E., & Blair, P. D. (2009). *Input-Output Analysis: Foundations and
Extensions* (2nd ed.). Cambridge University Press.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "io.csv"
>>> _ = p.write_text(
...     "Code,Description,DescriptionInChinese,Origin,01,02,TFU,GO\\n"
...     "01,Agri,农业,Domestic,10,30,60,100\\n02,Coal,煤炭,Domestic,5,0,-5,200\\n"
...     "01,Agri,农业,Imports,1,1,0,0\\nTI,Total input,总投入,TOT,100,200,,\\n", encoding="utf-8")
>>> t = read_io_table(p)
>>> t.links.values.tolist()
[['01', '01', 10.0, 0.1], ['01', '02', 30.0, 0.15], ['02', '01', 5.0, 0.05]]
>>> t.gross_output.to_dict(), t.final_use.to_dict()
({'01': 100.0, '02': 200.0}, {'01': 60.0, '02': -5.0})
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from clusteratlas.errors import DataValidationError, Problem

__all__ = ["IOTable", "read_io_table"]


@dataclass(frozen=True)
class IOTable:
    """One input-output table: ``links`` (from, to, flow, coefficient), sector series, names."""

    links: pd.DataFrame
    gross_output: pd.Series
    final_use: pd.Series
    names: dict[str, str]


def read_io_table(path: str | Path) -> IOTable:
    """Read a 42-sector (or any n-sector) NBS input-output csv with the published layout.

    Sector codes are the ``Domestic`` rows' codes, zero-padded to two digits. Raises
    :class:`~clusteratlas.errors.DataValidationError` naming the missing column or
    sector when the layout does not match.
    """
    frame = pd.read_csv(path, dtype={"Code": str, "Origin": str}, encoding="utf-8-sig")
    for col in ("Code", "DescriptionInChinese", "Origin", "GO"):
        if col not in frame.columns:
            raise DataValidationError([Problem(str(path), None, col, None, "missing column")])
    dom = frame[frame["Origin"].str.strip().eq("Domestic")].copy()
    dom["Code"] = dom["Code"].str.strip().str.zfill(2)
    sectors = list(dom["Code"])
    missing = [s for s in sectors if s not in frame.columns]
    if missing:
        raise DataValidationError(
            [Problem(str(path), None, s, None, "no intermediate-use column") for s in missing]
        )
    dom = dom.set_index("Code")
    z = dom[sectors].astype(float)
    x = dom["GO"].astype(float)
    if (x <= 0).any():
        bad = list(x[x <= 0].index)
        raise DataValidationError(
            [Problem(str(path), None, "GO", s, "non-positive gross output") for s in bad]
        )
    a = z.div(x, axis="columns")
    links = pd.DataFrame(
        {
            "from_code": [i for i in sectors for _ in sectors],
            "to_code": [j for _ in sectors for j in sectors],
            "flow": z.to_numpy().ravel(),
            "coefficient": a.to_numpy().ravel(),
        }
    )
    links = links[links["flow"] != 0].reset_index(drop=True)
    final_use = dom["TFU"].astype(float) if "TFU" in dom.columns else pd.Series(dtype=float)
    names = {str(k): str(v).strip() for k, v in dom["DescriptionInChinese"].items()}
    return IOTable(links, x.rename("gross_output"), final_use.rename("final_use"), names)
