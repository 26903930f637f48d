"""Column names of the exported CSV files: the unit, where a number has one, ends the name.

The convention (``docs/data-format.md``, "Exported tables"): a header is the analysis'
column name (what the Python API and ``analyze --format csv|json`` use) followed by its
unit as a machine-friendly suffix, one header line:

- ``_frac``: a fraction of a total, 0-1 (0.01 = 1%): shares, losses, coverages
  (``share_frac``, ``worst_loss_frac``);
- ``_nats``, ``_bits``: information (natural log, log2): ``entropy_nats``.

Numbers whose unit is the data's own measure (``amount``, ``size``, a page's
``employment_2020``) keep their name: the unit varies with the dataset, and every such row
carries it in a ``unit`` column (``persons``, ``EUR million``), so one script reads every
dataset's files. Indices without a unit (``herfindahl``, ``lq``, ``eci``, ``pagerank``,
ranks, counts, ``resilience`` 0-100 score) keep their names. The units come from the
declarations in :mod:`~clusteratlas.graph.definitions.score_columns` (``_frac`` for a unit
"share of ..."), plus :data:`FRACTIONS`, the other 0-1 fractions.

>>> export_name("worst_loss"), export_name("entropy_low"), export_name("lq"), export_name("share")
('worst_loss_frac', 'entropy_low_nats', 'lq', 'share_frac')
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from clusteratlas.graph.definitions.score_columns import (
    CLUSTER_SCORE_COLUMNS,
    REGION_SCORE_COLUMNS,
)

__all__ = ["FRACTIONS", "export_name", "export_names", "units_table", "with_unit_headers"]

FRACTIONS = frozenset(
    {
        "share",
        "share_base",
        "national_share",
        "lq_rank_share",
        "growth_coverage",
        "io_coverage",
    }
)
"""Columns that are fractions 0-1 of a total besides those declared "share of ..."."""


def _suffix(column: str) -> str:
    spec = REGION_SCORE_COLUMNS.get(column) or CLUSTER_SCORE_COLUMNS.get(column)
    unit = spec.unit if spec is not None else ""
    if column in FRACTIONS or unit.startswith("share of"):
        return "frac"
    if unit.startswith("nats"):
        return "nats"
    if unit.startswith("bits"):
        return "bits"
    return ""


def export_name(column: str) -> str:
    """The exported header of ``column``: its name, then ``_`` and its unit suffix when it
    has one (the module's convention); a name that already ends in its suffix is kept.

    Parameters
    ----------
    column : str
        A column of an analysis table or a page's export.

    Returns
    -------
    str
        ``worst_loss`` → ``worst_loss_frac``; ``amount`` → ``amount``.

    Examples
    --------
    >>> export_name("theil"), export_name("related_variety"), export_name("share_frac")
    ('theil_nats', 'related_variety_bits', 'share_frac')
    """
    suffix = _suffix(column)
    return f"{column}_{suffix}" if suffix and not column.endswith(f"_{suffix}") else column


def export_names(columns: Iterable[str]) -> dict[str, str]:
    """``{column: export_name(column)}`` for the columns whose header changes.

    Parameters
    ----------
    columns : iterable of str
        Column names.

    Returns
    -------
    dict
        Old name -> exported name, for those that differ.

    Examples
    --------
    >>> export_names(["region_code", "share", "lq"])
    {'share': 'share_frac'}
    """
    return {c: export_name(c) for c in columns if export_name(c) != c}


def with_unit_headers(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its columns renamed by :func:`export_name` (values unchanged).

    Parameters
    ----------
    frame : DataFrame
        A table to export.

    Returns
    -------
    DataFrame
        The same values under the exported headers.

    Examples
    --------
    >>> with_unit_headers(pd.DataFrame({"share": [0.25], "lq": [1.5]})).columns.tolist()
    ['share_frac', 'lq']
    """
    return frame.rename(columns=export_names(str(c) for c in frame.columns))


def units_table() -> str:
    """The Markdown table of ``docs/data-format.md`` ("Exported tables"): every declared
    column of the region score and cluster tables, its exported header and its unit
    (``scripts/export-headers`` writes it there; a test checks it is today's).

    Returns
    -------
    str
        The table, one line per column, without a trailing newline.

    Examples
    --------
    >>> units_table().splitlines()[0]
    '| table | column (API, `analyze --format csv`) | header in the CSV files | unit |'
    """
    lines = [
        "| table | column (API, `analyze --format csv`) | header in the CSV files | unit |",
        "|---|---|---|---|",
    ]
    for table, columns in (
        ("regions.csv", REGION_SCORE_COLUMNS),
        ("clusters.csv", CLUSTER_SCORE_COLUMNS),
    ):
        for column, spec in columns.items():
            unit = spec.unit.replace("|", "\\|")
            lines.append(f"| {table} | `{column}` | `{export_name(column)}` | {unit} |")
    return "\n".join(lines)
