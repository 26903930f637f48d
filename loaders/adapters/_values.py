"""Reading a user's text cells as numbers and codes, for the generic adapters.

:func:`parse_numbers` turns a column of text cells into floats, or raises one
:class:`~clusteratlas.errors.Problem` per kind of cell that is not a number (an
Eurostat ``:`` flag, thousands separators, decimal commas, a number with a flag
letter, an empty cell, anything else), each with how many rows and the first ones.
:func:`namespaced` puts the scheme in front of industry codes (``NACE:C10``).

Examples
--------
>>> import pandas as pd
>>> parse_numbers(pd.Series(["1.5", "-2", " 3 "]), "f.csv", "OBS_VALUE").tolist()
[1.5, -2.0, 3.0]
>>> namespaced(pd.Series(["C10", "NACE:C11"]), "NACE", "f.csv", "NACE_R2").tolist()
['NACE:C10', 'NACE:C11']
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from clusteratlas.errors import DataValidationError, Problem, UsageError
from clusteratlas.loaders.adapters.base import reading

__all__ = [
    "NOT_AVAILABLE",
    "namespaced",
    "non_numbers",
    "normalised_label",
    "parse_numbers",
    "read_text_table",
    "table_year",
]

NOT_AVAILABLE = "not available (Eurostat's ':' flag)"
"""The kind of a ``:`` cell (``:``, ``: c``, ``:c``): Eurostat's mark for a missing value."""

_KINDS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("empty", re.compile(r"^$"), "empty cell"),
    ("flag", re.compile(r"^:\s*[a-z]*$"), NOT_AVAILABLE),
    (
        "thousands",
        re.compile(r"^[-+]?\d{1,3}([,'\u00a0 ]\d{3})+(\.\d+)?$"),
        "thousands separators (write 1234567, not 1,234,567)",
    ),
    ("decimal_comma", re.compile(r"^[-+]?\d+,\d+$"), "decimal comma (write 1.5, not 1,5)"),
    (
        "flagged",
        re.compile(r"^[-+]?\d+(\.\d+)?\s*[a-z]{1,3}$"),
        "a number with a flag letter (Eurostat's p provisional, e estimated, b break...: "
        "keep the flags in a column of their own)",
    ),
)


def non_numbers(cells: pd.Series) -> pd.Series:
    """The kind of every cell of ``cells`` that is not a number, by index (numbers left out).

    Parameters
    ----------
    cells : Series of str
        Text cells.

    Returns
    -------
    Series of str
        For each cell that ``float()`` does not read: what it looks like (empty cell,
        Eurostat's ``:`` flag, thousands separators, decimal comma, number with a flag
        letter, or ``not a number``).

    Examples
    --------
    >>> non_numbers(pd.Series(["1", ":", "1,234", "2,5", "7 p", "", "n/a"])).tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    ["not available (Eurostat's ':' flag)", 'thousands separators (write 1234567, not
      1,234,567)', 'decimal comma (write 1.5, not 1,5)', "a number with a flag letter
      (Eurostat's p provisional, e estimated, b break...: keep the flags in a column of
      their own)", 'empty cell', 'not a number']
    """
    text = cells.fillna("").astype(str).str.strip()
    numbers = pd.to_numeric(text.where(text != "", "x"), errors="coerce")
    bad = text[numbers.isna()]
    kinds = pd.Series("not a number", index=bad.index, dtype=object)
    for _, pattern, kind in reversed(_KINDS):
        kinds[bad.str.fullmatch(pattern.pattern, case=False)] = kind
    return kinds


def parse_numbers(
    cells: pd.Series,
    path: str | Path,
    column: str,
    *,
    empty_as: float | None = None,
    rows: pd.Series | None = None,
) -> pd.Series:
    """``cells`` as floats; every cell that is not a number is a problem, grouped by kind.

    Parameters
    ----------
    cells : Series of str
        Text cells of one column.
    path : str or Path
        The file, named in the problems.
    column : str
        The column, named in the problems.
    empty_as : float, optional
        The value of an empty cell (``0.0`` in a matrix whose blanks are zeros);
        None (the default): an empty cell is a problem.
    rows : Series of int, optional
        The 1-based data row of each cell (default: its position + 1).

    Returns
    -------
    Series of float
        The numbers, same index.

    Raises
    ------
    DataValidationError
        One problem per kind of non-number: its rule says what was found, in how
        many rows and the first rows; ``row`` is the first such row, ``value`` its cell.

    Examples
    --------
    >>> parse_numbers(pd.Series(["1", ""]), "f.csv", "v", empty_as=0.0).tolist()
    [1.0, 0.0]
    >>> try:
    ...     parse_numbers(pd.Series(["1", ":", ":", "1,234"]), "f.csv", "OBS_VALUE")
    ... except DataValidationError as e:
    ...     print(e)  # doctest: +NORMALIZE_WHITESPACE
    2 problems in the input data:
      f.csv, row 2, column OBS_VALUE, value ':': 2 rows are not numbers: not available
        (Eurostat's ':' flag) (rows 2, 3)
      f.csv, row 4, column OBS_VALUE, value '1,234': 1 row is not a number: thousands
        separators (write 1234567, not 1,234,567) (rows 4)
    """
    text = cells.fillna("").astype(str).str.strip()
    if empty_as is not None:
        text = text.where(text != "", repr(float(empty_as)))
    kinds = non_numbers(text)
    if len(kinds):
        where = rows if rows is not None else pd.Series(range(1, len(cells) + 1), cells.index)
        problems = []
        for kind, group in kinds.groupby(kinds, sort=False):
            at = [int(where[i]) for i in group.index]
            n = len(at)
            shown = ", ".join(map(str, at[:5])) + (f", ... ({n - 5} more)" if n > 5 else "")
            verb = "rows are not numbers" if n > 1 else "row is not a number"
            problems.append(
                Problem(
                    str(path),
                    at[0],
                    column,
                    cells[group.index[0]],
                    f"{n} {verb}: {kind} (rows {shown})",
                )
            )
        raise DataValidationError(problems)
    return text.astype(float)


def namespaced(codes: pd.Series, scheme: str | None, path: str | Path, column: str) -> pd.Series:
    """Industry codes as ``SCHEME:CODE`` (a code already so prefixed is kept).

    Parameters
    ----------
    codes : Series of str
        The codes as the file has them.
    scheme : str, optional
        The classification (``NACE``, ``NAICS``, ``BEA``...); None keeps the codes, which
        must then all be namespaced already.
    path : str or Path
        The file, named in the error.
    column : str
        The column (or header) the codes come from, named in the error.

    Returns
    -------
    Series of str
        The namespaced codes.

    Raises
    ------
    UsageError
        ``scheme`` is not given and some code has no ``SCHEME:`` prefix, or ``scheme``
        has a colon or is empty.

    Examples
    --------
    >>> namespaced(pd.Series(["NAICS:11"]), None, "f.csv", "code").tolist()
    ['NAICS:11']
    """
    codes = codes.astype(str).str.strip()
    if scheme is None:
        bare = codes[~codes.str.contains(":", regex=False)]
        if len(bare):
            raise UsageError(
                f"{path}: the industry codes of {column} have no scheme ({bare.iloc[0]!r}): "
                "give one (--option scheme=NACE) to write them SCHEME:CODE"
            )
        return codes
    scheme = str(scheme).strip()
    if not scheme or ":" in scheme:
        raise UsageError(f"scheme {scheme!r}: give a name without a colon (NACE, NAICS, BEA)")
    prefix = f"{scheme}:"
    return codes.where(codes.str.startswith(prefix), prefix + codes)


def read_text_table(path: str | Path) -> pd.DataFrame:
    """A CSV (``.tsv``: tab-separated; ``;`` when the header has no comma but a semicolon),
    its encoding detected as for dataset files (UTF-8 with or without BOM, GBK; a Western
    single-byte encoding is refused with "save the file as UTF-8"), as text cells.

    Every cell is kept as written (no NaN, no numbers: empty cells are ``""``); the
    headers are stripped of padding.

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    DataFrame
        Its rows, all text.

    Raises
    ------
    DataValidationError
        The file is missing or unreadable (:func:`~clusteratlas.loaders.adapters.base.reading`).

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_text(" code ,A\\n01,\\n", encoding="utf-8")
    >>> read_text_table(p).values.tolist(), list(read_text_table(p).columns)
    ([['01', '']], ['code', 'A'])
    """
    import io

    from clusteratlas.loaders.adapters.base import data_error
    from clusteratlas.loaders.encoding import decode_table

    with reading(path):
        data = Path(path).read_bytes()
    decoded = decode_table(data)  # as dataset files: never a silent guess (Latin-1, GBK)
    if decoded.text is None:
        raise data_error(path, decoded.rule, row=decoded.row or None)
    header = decoded.text.split("\n", 1)[0]
    if str(path).lower().endswith(".tsv"):
        sep = "\t"
    elif ";" in header and "," not in header:  # a European spreadsheet's CSV
        sep = ";"
    else:
        sep = ","
    with reading(path):
        frame = pd.read_csv(io.StringIO(decoded.text), dtype=str, keep_default_na=False, sep=sep)
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def normalised_label(label: object) -> str:
    """A row or column label as names are compared: lower case, ``_`` and ``-`` as spaces.

    Parameters
    ----------
    label : object
        The label as the file has it.

    Returns
    -------
    str
        The label normalised.

    Examples
    --------
    >>> normalised_label("  P3_S14 "), normalised_label("Total-Output")
    ('p3 s14', 'total output')
    """
    return re.sub(r"\s+", " ", re.sub(r"[_\-]", " ", str(label))).strip().lower()


def table_year(year: int | str | None, path: str | Path) -> int:
    """The year option of a table as an int; a :class:`UsageError` when missing or not one.

    Parameters
    ----------
    year : int or str or None
        The option's value (text from the command line).
    path : str or Path
        The file, named in the error.

    Returns
    -------
    int
        The year.

    Raises
    ------
    UsageError
        No year, or not a whole number.

    Examples
    --------
    >>> table_year("2021", "t.csv")
    2021
    """
    if year is None:
        raise UsageError(f"{path}: give the table's year (--option year=2020)")
    try:
        return int(str(year))
    except ValueError:
        raise UsageError(f"year={year!r}: give a whole number like 2020") from None
