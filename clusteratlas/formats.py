"""Rows as text: a table, CSV, JSON or JSON lines, for the CLI and for scripts.

The one place that turns results into the output formats of ``--format
table|csv|json|jsonl``; ``clusteratlas`` commands call it, and so can a script that
wants the same output from a DataFrame (:func:`write_frame`) or from plain dicts
(:func:`write_rows`, no pandas needed).

Every format carries the same rows:

- ``table``: aligned text for people (East Asian wide characters count two columns);
  no rows: the column names and ``(no rows)``;
- ``csv``: a header, then one line per row; lists and dicts as JSON text
  (:func:`json_cells`), so ``json.loads`` reads them back; no rows: the header;
- ``json``: one JSON array of records, one object per row (``[]`` for no rows);
- ``jsonl``: one record per line (nothing for no rows).

Missing values (None, NaN) are ``null`` in JSON and empty in CSV; text is UTF-8,
never escaped to ``\\uXXXX``. Importing this module imports no pandas.

Examples
--------
>>> write_rows(["code", "name"], [{"code": "440305", "name": "南山区"}], "json")
[
  {
    "code": "440305",
    "name": "南山区"
  }
]
>>> write_rows(["code", "name"], [{"code": "440305", "name": "南山区"}], "jsonl")
{"code": "440305", "name": "南山区"}
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO, cast

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "OUTPUT_FORMATS",
    "display_width",
    "frame_records",
    "json_cells",
    "write_frame",
    "write_rows",
]

OUTPUT_FORMATS = ("table", "csv", "json", "jsonl")
"""The formats :func:`write_frame` and :func:`write_rows` write."""


def _check_format(fmt: str) -> None:
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; formats: {', '.join(OUTPUT_FORMATS)}")


def _dump(record: Any, indent: int | None = None) -> str:
    return json.dumps(record, ensure_ascii=False, default=str, indent=indent)


def _write_json(records: list[dict[str, Any]], fmt: str, out: TextIO) -> None:
    """``records`` as one JSON array (``json``) or one object per line (``jsonl``)."""
    if fmt == "json":
        out.write(_dump(records, indent=2) + "\n")
    else:
        for record in records:
            out.write(_dump(record) + "\n")


def _present(value: object) -> bool:
    """False for None, NaN and pandas' NA; True for any other value (lists included)."""
    import pandas as pd

    if isinstance(value, (list, tuple, dict)):
        return True
    return not bool(pd.isna(cast(Any, value)))


def write_frame(frame: pd.DataFrame, fmt: str, stream: TextIO | None = None) -> None:
    """Write ``frame`` to ``stream`` (default stdout) as a table, CSV, JSON or JSON lines.

    Parameters
    ----------
    frame : pandas.DataFrame
        The rows; its index is not written (reset it to keep it).
    fmt : str
        One of :data:`OUTPUT_FORMATS` (see the module doc for each).
    stream : text stream, optional
        Where to write; default ``sys.stdout``.

    Raises
    ------
    ValueError
        ``fmt`` is not one of :data:`OUTPUT_FORMATS`.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"code": ["440305", "320583"], "lq": [6.5, None]})
    >>> write_frame(frame, "csv")
    code,lq
    440305,6.5
    320583,
    >>> write_frame(frame, "jsonl")
    {"code": "440305", "lq": 6.5}
    {"code": "320583", "lq": null}
    >>> write_frame(frame.iloc[:0], "json")
    []
    """
    import pandas as pd

    _check_format(fmt)
    out = stream or sys.stdout
    if fmt == "csv":
        json_cells(frame).to_csv(out, index=False, lineterminator="\n")
    elif fmt in ("json", "jsonl"):
        _write_json(frame_records(frame), fmt, out)
    elif frame.empty:
        out.write(
            "(no rows)\n"
            if len(frame.columns) == 0
            else " | ".join(map(str, frame.columns)) + "\n(no rows)\n"
        )
    else:
        # missing is NaN in every column: nullable integers would print <NA>, objects None
        shown = [
            c
            for c in frame.columns
            if frame[c].dtype.kind not in "fiub" or isinstance(frame[c].dtype, pd.Int64Dtype)
        ]
        if shown:
            frame = frame.astype(dict.fromkeys(shown, object))
            for c in shown:
                frame[c] = [v if _present(v) else "NaN" for v in frame[c]]
        with pd.option_context(
            "display.max_rows",
            200,
            "display.max_columns",
            50,
            "display.width",
            200,
            "display.unicode.east_asian_width",
            True,
        ):
            out.write(frame.to_string(index=False, na_rep="NaN") + "\n")


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts, missing values (NaN, NaT, None) as None.

    >>> import pandas as pd
    >>> frame_records(pd.DataFrame({"code": ["a", "b"], "x": [1.5, None]}))
    [{'code': 'a', 'x': 1.5}, {'code': 'b', 'x': None}]
    """
    clean = frame.astype(object).where(frame.notna(), None)
    return cast(list[dict[str, Any]], clean.to_dict(orient="records"))


def json_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with list and dict cells as JSON text (for CSV: not Python reprs).

    A path ``['NBS42:14', 'NBS42:18']`` becomes ``["NBS42:14", "NBS42:18"]``, which
    ``json.loads`` reads back; other cells are unchanged.

    >>> import pandas as pd
    >>> json_cells(pd.DataFrame({"path": [["NBS42:14", "南山"]], "n": [1]})).loc[0, "path"]
    '["NBS42:14", "南山"]'
    """
    nested = [
        c
        for c in frame.columns
        if frame[c].dtype == object and frame[c].map(lambda v: isinstance(v, list | dict)).any()
    ]
    if not nested:
        return frame
    return frame.assign(
        **{
            str(c): frame[c].map(lambda v: _dump(v) if isinstance(v, list | dict) else v)
            for c in nested
        }
    )


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: East Asian wide and full-width characters two.

    >>> display_width("南山区"), display_width("Nanshan")
    (6, 7)
    """
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_rows(
    columns: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
    fmt: str,
    stream: TextIO | None = None,
) -> None:
    """Write plain rows (dicts) like :func:`write_frame`, without pandas (fast start-up).

    Only ``columns`` are written, in that order (a key a row lacks is None). The table
    is left-aligned text, numbers right-aligned, in display width (Chinese characters
    count two columns).

    Parameters
    ----------
    columns : sequence of str
        The columns, in order.
    rows : sequence of mappings
        One mapping per row.
    fmt : str
        One of :data:`OUTPUT_FORMATS`.
    stream : text stream, optional
        Where to write; default ``sys.stdout``.

    Raises
    ------
    ValueError
        ``fmt`` is not one of :data:`OUTPUT_FORMATS`.

    Examples
    --------
    >>> write_rows(["name", "n"], [{"name": "南山区", "n": 3}, {"name": "a", "n": 12}], "table")
    name    n
    南山区  3
    a      12
    >>> write_rows(["name"], [], "csv")
    name
    """
    import csv

    _check_format(fmt)
    out = stream or sys.stdout
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else _csv_cell(row.get(c)) for c in columns])
        return
    records = [{c: row.get(c) for c in columns} for row in rows]
    if fmt in ("json", "jsonl"):
        _write_json(records, fmt, out)
        return
    if not records:
        out.write((" | ".join(columns) + "\n" if columns else "") + "(no rows)\n")
        return
    cells = [["" if r[c] is None else str(r[c]) for c in columns] for r in records]
    numeric = [
        all(isinstance(r[c], int | float) and not isinstance(r[c], bool) for r in records)
        for c in columns
    ]
    widths = [
        max([display_width(c), *(display_width(row[i]) for row in cells)])
        for i, c in enumerate(columns)
    ]

    def line(values: Sequence[str]) -> str:
        parts = []
        for i, value in enumerate(values):
            pad = " " * (widths[i] - display_width(value))
            parts.append(pad + value if numeric[i] else value + pad)
        return "  ".join(parts).rstrip()

    out.write(line(list(columns)) + "\n")
    for values in cells:
        out.write(line(values) + "\n")


def _csv_cell(value: Any) -> Any:
    """Lists and dicts as JSON text in CSV (as :func:`json_cells` does for frames)."""
    return _dump(value) if isinstance(value, list | dict) else value
