"""Census county tables (xlsx) -> employed persons by GB/T 4754 section per county.

Two published layouts are recognised by their headers:

- **2020** (7th census, sheet ``七普（年鉴）``): ``区划代码, 省, 市, 区县, ...``, then
  ``各种行业人口总计`` followed by the 20 sections of GB/T 4754-2017 in letter order
  (``农林牧渔业`` .. ``国际组织``).
- **2010** (6th census): ``地区, 区划代码, ...``, then ``各种行业人口\\n总计`` followed by
  the 20 sections of GB/T 4754-2002. In the published file three of these header
  cells are mis-split across lines (``仓储和邮政业``, ``交通运输、计算机服务和软件业``,
  ``信息传输、批发和零售业``); the columns are in the 2002 section order, which this
  adapter checks by keywords and then maps to 2017 letters
  (:data:`~clusteratlas.loaders.industry_schemes.GB4754_2002_TO_2017`).

Industry counts come from the census long-form sample: use shares, not levels.
By default the reader returns every row that has a 6-digit code not ending in
``00`` (county-level candidates, development zones included) as the table
``employment`` (``code, name, section, value``); callers decide which codes are
current counties. With ``all_rows=True`` it returns every data row of the
sheet, with its spreadsheet ``row`` number: national, province and prefecture totals,
subtotal rows without a code (``市辖区``, ``县``, ``省直辖县级行政区划``) and named units
without a code (development zones, management areas), so that a caller can account
for every row it keeps or drops. The totals of a prefecture-level city *without*
counties (东莞 441900, 中山 442000) are that city's only row: a caller that treats
such cities as county-equivalents needs them.

Examples
--------
>>> import pandas as pd, tempfile, pathlib
>>> from clusteratlas.loaders.industry_schemes import GB4754_SECTIONS
>>> names = ["农林牧渔业", "采矿业", "制造业", "电力热力燃气及水生产和供应业",
...          "建筑业", "批发和零售业", "交通运输仓储和邮政业", "住宿和餐饮业",
...          "信息传输软件和信息技术服务业", "金融业", "房地产业", "租赁和商务服务业",
...          "科学研究和技术服务业", "水利环境和公共设施管理业", "居民服务修理和其服务业",
...          "教育", "卫生和社会工作", "文化体育和娱乐业", "公共管理社会保障和社会组织",
...          "国际组织"]
>>> row = {"区划代码": "330282", "省": "浙江省", "市": "宁波市", "区县": "慈溪市",
...        "各种行业人口总计": 210, **{n: 10 for n in names}, "制造业": 20}
>>> p = pathlib.Path(tempfile.mkdtemp()) / "c.xlsx"
>>> pd.DataFrame([row]).to_excel(p, index=False)
>>> t = read_census_employment(p)
>>> e = t["employment"]
>>> t.notes["layout"], len(e), e.loc[e.section == "C", "value"].item()
('2020', 20, 20.0)
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from clusteratlas.loaders.adapters.base import Adapter, SourceTables, data_error, reading
from clusteratlas.loaders.industry_schemes import GB4754_2002_TO_2017, GB4754_SECTIONS

__all__ = ["ADAPTER", "read_census_employment"]

_TOTAL_2020 = "各种行业人口总计"
_TOTAL_2010 = "各种行业人口总计"  # after removing line breaks and spaces
# keywords expected in each column after the total, 2002 section order (A..T)
_KEYWORDS_2002 = [
    "农林牧",
    "采矿",
    "制造",
    "电力",
    "建筑",
    "仓储",
    "计算机",
    "批发",
    "住宿",
    "金融",
    "房地产",
    "租赁",
    "科学",
    "水利",
    "居民",
    "教育",
    "卫生",
    "文化",
    "公共管理",
    "国际",
]
_KEYWORDS_2017 = [
    "农林牧",
    "采矿",
    "制造",
    "电力",
    "建筑",
    "批发",
    "交通",
    "住宿",
    "信息",
    "金融",
    "房地产",
    "租赁",
    "科学",
    "水利",
    "居民",
    "教育",
    "卫生",
    "文化",
    "公共管理",
    "国际",
]


def _clean(header: object) -> str:
    return re.sub(r"\s+", "", str(header))


def read_census_employment(
    path: str | Path, sheet: int | str = 0, *, all_rows: bool = False
) -> SourceTables:
    """Read a census county xlsx into the table ``employment``: ``code, name, section, value``.

    ``section`` is the GB/T 4754-2017 letter; ``value`` the employed persons of the
    long-form sample (float). ``notes["layout"]`` says which layout was recognised
    (``"2020"`` or ``"2010"``). Blank cells are zeros in the yearbook: they become
    0 when the row's sections then sum to its published total (count in
    ``notes["blank_cells_as_zero"]``), else NaN. A cell that is not a number (the
    2010 file has one, ``'5   5'``) becomes NaN and is listed in
    ``notes["unparsed_cells"]``. Raises :class:`~clusteratlas.errors.DataValidationError`
    naming the file and column when the headers do not match a known layout.

    ``all_rows=True`` adds a ``row`` column (the spreadsheet row, header = 1) and
    keeps every row that has a code or a name (blank separator rows are left out);
    ``code`` is null where the sheet has none; ``notes["blank_cells_by_row"]`` gives
    the blank cells read as 0 per row.

    Parameters
    ----------
    path : str or Path
        The census county table (xlsx, 2020 or 2010 layout).
    sheet : int or str, default 0
        The sheet (position or name).
    all_rows : bool, default False
        Keep every named row (with its spreadsheet ``row``), not only the county rows
        with a code.

    Returns
    -------
    SourceTables
        ``employment``: ``code, name, section, value`` (one row per county and
        section), and ``notes`` as above.

    Raises
    ------
    DataValidationError
        The file is missing or unreadable, or its headers match no known layout.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     t = read_census_employment(ADAPTER.example(Path(d)))
    >>> t.notes["layout"], t["employment"].values.tolist()[0]
    ('2020', ['330282', '慈溪市', 'A', 10.0])
    """
    with reading(path):
        frame = pd.read_excel(path, sheet_name=sheet, dtype=str)
    headers = [_clean(c) for c in frame.columns]
    frame.columns = pd.Index(headers)
    if "区县" in headers and _TOTAL_2020 in headers:
        layout, keywords, name_col = "2020", _KEYWORDS_2017, "区县"
        letters = list(GB4754_SECTIONS)
    elif "地区" in headers and _TOTAL_2010 in headers:
        layout, keywords, name_col = "2010", _KEYWORDS_2002, "地区"
        letters = [GB4754_2002_TO_2017[k] for k in GB4754_SECTIONS]
    else:
        raise data_error(
            path, f"not a recognised census county layout (need 区划代码 and {_TOTAL_2020})"
        )
    if "区划代码" not in headers:
        raise data_error(path, "missing column", column="区划代码")
    start = headers.index(_TOTAL_2020) + 1
    section_cols = headers[start : start + 20]
    for col, word in zip(section_cols, keywords, strict=False):
        if word not in col:
            raise data_error(path, f"does not look like the section {word!r}", column=col)
    if len(section_cols) != 20:
        raise data_error(path, f"expected 20 section columns after {_TOTAL_2020}")
    codes = frame["区划代码"].str.strip()
    six = codes.str.fullmatch(r"\d{6}", na=False)
    if all_rows:
        keep = frame[name_col].notna() | six
        codes = codes.where(six)
    else:
        keep = six & ~codes.str.endswith("00", na=True)
    text = frame.loc[keep, section_cols]
    sub = text.apply(pd.to_numeric, errors="coerce").astype(float)
    unparsed = [
        {"code": codes[i], "column": col, "value": text.at[i, col]}
        for col in section_cols
        for i in text.index[sub[col].isna() & text[col].notna()]
    ]
    # The yearbook leaves zero cells blank: a blank counts as 0 when the row's sections
    # then add up to its published total; otherwise the row stays incomplete (NaN).
    total = pd.to_numeric(frame.loc[keep, _TOTAL_2020], errors="coerce")
    blank = text.isna()
    consistent = (sub.fillna(0).sum(axis=1) - total).abs() < 0.5
    fill = blank & consistent.to_numpy()[:, None]
    sub = sub.mask(fill, 0.0)
    sub.columns = pd.Index(letters)
    sub.insert(0, "code", codes[keep].to_numpy())
    sub.insert(1, "name", frame.loc[keep, name_col].str.strip().to_numpy())
    ids = ["code", "name"]
    if all_rows:
        sub.insert(2, "row", (frame.index[keep] + 2).to_numpy())
        ids.append("row")
    long = sub.melt(id_vars=ids, var_name="section", value_name="value")
    order = {letter: i for i, letter in enumerate(GB4754_SECTIONS)}
    long["_o"] = long["section"].map(order)
    by = ["row", "_o"] if all_rows else ["code", "_o"]
    long = long.sort_values(by).drop(columns="_o").reset_index(drop=True)
    if all_rows:
        long = long[["code", "name", "section", "value", "row"]]
    notes: dict[str, object] = {
        "layout": layout,
        "unparsed_cells": unparsed,
        "blank_cells_as_zero": int(fill.to_numpy().sum()),
    }
    if all_rows:
        per_row = fill.sum(axis=1)
        notes["blank_cells_by_row"] = {int(i) + 2: int(n) for i, n in per_row[per_row > 0].items()}
    return SourceTables("census-county-employment", str(path), {"employment": long}, notes)


def _example(directory: Path) -> Path:
    path = directory / "census_county_example.xlsx"
    row: dict[str, object] = {
        "区划代码": "330282",
        "省": "浙江省",
        "市": "宁波市",
        "区县": "慈溪市",
    }
    row[_TOTAL_2020] = 200
    row.update({f"{word}业": 10 for word in _KEYWORDS_2017})
    pd.DataFrame([row]).to_excel(path, index=False)
    return path


ADAPTER = Adapter(
    name="census-county-employment",
    description="census county table (xlsx, 2010 or 2020 layout): employed persons by "
    "GB/T 4754 section per county (long-form sample)",
    tables=("employment",),
    read=read_census_employment,
    example=_example,
)
