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
  negative where inventories were drawn down);
- final use of sector ``i`` by category ``k``, ``f_ik`` = the ``Domestic`` row ``i``
  of each published final-use column (:data:`FINAL_USE_COLUMNS`: ``TC`` final
  consumption, households and government together, as the table does not split
  them; ``FU201`` gross fixed capital formation; ``FU202`` inventory change, which
  can be negative; ``EX`` exports). Domestic output is allocated in full:
  ``x_i = sum_j z_ij + sum_k f_ik`` (imports are rows of their own, not a negative
  column, in this table).

Zero flows are not links and are left out.

References
----------
Miller, R. E., & Blair, P. D. (2009). *Input-Output Analysis: Foundations and
Extensions* (2nd ed.). Cambridge University Press.

The adapter returns three raw tables
(:class:`~clusteratlas.loaders.adapters.base.SourceTables`), in the published sector
codes: ``industry_links`` (``from_code, to_code, flow, coefficient``, the columns of
the canonical table without the year), ``sectors`` (``code, name, name_en, gross_output,
final_use``) and ``final_uses`` (``code, category, category_name, value``, one row per
sector and published final-use column). The analytics' matrix form of the same table
is :class:`clusteratlas.graph.definitions.io_table.InputOutputTable`, built from a
Dataset by :func:`clusteratlas.graph.definitions.io_table.input_output_table`.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "io.csv"
>>> _ = p.write_text(
...     "Code,Description,DescriptionInChinese,Origin,01,02,TFU,GO\\n"
...     "01,Agri,农业,Domestic,10,30,60,100\\n02,Coal,煤炭,Domestic,5,0,-5,200\\n"
...     "01,Agri,农业,Imports,1,1,0,0\\nTI,Total input,总投入,TOT,100,200,,\\n", encoding="utf-8")
>>> t = read_io_table(p)
>>> t["industry_links"].values.tolist()
[['01', '01', 10.0, 0.1], ['01', '02', 30.0, 0.15], ['02', '01', 5.0, 0.05]]
>>> t["sectors"].values.tolist()
[['01', '农业', 'Agri', 100.0, 60.0], ['02', '煤炭', 'Coal', 200.0, -5.0]]
>>> len(t["final_uses"])  # no published final-use category columns in this file
0
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from clusteratlas.loaders.adapters.base import Adapter, SourceTables, data_error, reading

__all__ = ["ADAPTER", "FINAL_USE_COLUMNS", "read_io_table"]

FINAL_USE_COLUMNS: dict[str, tuple[str, str]] = {
    "TC": (
        "final_consumption",
        "最终消费支出 final consumption expenditure (households and government; TC)",
    ),
    "FU201": (
        "gross_fixed_capital_formation",
        "固定资本形成总额 gross fixed capital formation (FU201)",
    ),
    "FU202": ("inventory_change", "存货变动 changes in inventories (FU202)"),
    "EX": ("exports", "出口 exports (EX)"),
}
"""Published final-use column -> (category code, category name as the table heads it)."""


def read_io_table(path: str | Path) -> SourceTables:
    """Read a 42-sector (or any n-sector) NBS input-output csv with the published layout.

    Sector codes are the ``Domestic`` rows' codes, zero-padded to two digits.

    Parameters
    ----------
    path : str or Path
        The table (CSV, the published layout).

    Returns
    -------
    SourceTables
        ``industry_links`` (``from_code, to_code, flow, coefficient``: z_ij and
        a_ij = z_ij / x_j, for flows > 0), ``sectors`` (code, name, English name
        (``Description``), gross output, final use) and ``final_uses`` (``code, category,
        category_name, value``: f_ik for every sector and each of :data:`FINAL_USE_COLUMNS`
        the file has, zeros included, so that a sector's rows sum to its ``TFU``).

    Raises
    ------
    DataValidationError
        The file and the missing column or sector, when the layout does not match.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     t = read_io_table(ADAPTER.example(Path(d)))
    >>> t["industry_links"].values.tolist()
    [['01', '01', 10.0, 0.1], ['01', '02', 20.0, 0.4], ['02', '02', 5.0, 0.1]]
    >>> t["final_uses"].values.tolist()[:2]  # doctest: +NORMALIZE_WHITESPACE
    [['01', 'final_consumption', '最终消费支出 final consumption expenditure (households and
      government; TC)', 50.0], ['01', 'exports', '出口 exports (EX)', 20.0]]
    """
    with reading(path):
        frame = pd.read_csv(path, dtype={"Code": str, "Origin": str}, encoding="utf-8-sig")
    for col in ("Code", "DescriptionInChinese", "Origin", "GO"):
        if col not in frame.columns:
            raise data_error(path, "missing column", column=col)
    dom = frame[frame["Origin"].str.strip().eq("Domestic")].copy()
    dom["Code"] = dom["Code"].str.strip().str.zfill(2)
    sectors = list(dom["Code"])
    missing = [s for s in sectors if s not in frame.columns]
    if missing:
        raise data_error(path, f"no intermediate-use column for sectors {missing}")
    dom = dom.set_index("Code")
    with reading(path):
        z = dom[sectors].astype(float)
        x = dom["GO"].astype(float)
    if (x <= 0).any():
        bad = list(x[x <= 0].index)
        raise data_error(path, f"non-positive gross output for sectors {bad}", column="GO")
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
    final_use = (
        dom["TFU"].astype(float) if "TFU" in dom.columns else pd.Series(float("nan"), x.index)
    )
    table = pd.DataFrame(
        {
            "code": sectors,
            "name": [str(v).strip() for v in dom["DescriptionInChinese"]],
            "name_en": [
                str(v).strip() if isinstance(v, str) else None
                for v in (dom["Description"] if "Description" in dom.columns else [None] * len(dom))
            ],
            "gross_output": x.to_numpy(),
            "final_use": final_use.to_numpy(),
        }
    )
    published = [c for c in FINAL_USE_COLUMNS if c in dom.columns]
    with reading(path):
        uses = dom[published].astype(float)
    final_uses = pd.DataFrame(
        {
            "code": [i for i in sectors for _ in published],
            "category": [FINAL_USE_COLUMNS[c][0] for _ in sectors for c in published],
            "category_name": [FINAL_USE_COLUMNS[c][1] for _ in sectors for c in published],
            "value": uses.to_numpy().ravel(),
        }
    )
    return SourceTables(
        "nbs-io-table",
        str(path),
        {"industry_links": links, "sectors": table, "final_uses": final_uses},
    )


def _example(directory: Path) -> Path:
    path = directory / "nbs_io_example.csv"
    path.write_text(
        "Code,Description,DescriptionInChinese,Origin,01,02,TC,EX,TFU,GO\n"
        "01,Agri,农业,Domestic,10,20,50,20,70,100\n02,Coal,煤炭,Domestic,0,5,40,5,45,50\n",
        encoding="utf-8",
    )
    return path


ADAPTER = Adapter(
    name="nbs-io-table",
    description="NBS input-output table (csv, Domestic/Imports blocks): flows, coefficients, "
    "gross output and final use by sector and category",
    tables=("industry_links", "sectors", "final_uses"),
    read=read_io_table,
    example=_example,
)
