"""The bad-input corpus: a small valid dataset directory, and cases that each break it once.

Every case is generated (nothing is stored): ``case.build(directory)`` writes the
valid base dataset and then damages it. ``case.expect`` lists the texts the error
message must contain: the file, and the row and column where the problem has one,
and the rule. The tests (``test_reliability_bad_inputs.py``) run
``clusteratlas validate`` and ``clusteratlas load`` on each case and require exit
code 4, every expected text in the output, and a graph left exactly as it was.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = [
    "BASE_FILES",
    "CASES",
    "LONG_LINE_EXPECT",
    "RULES",
    "BadInput",
    "write_base",
    "write_long_line_file",
]

#: The valid dataset every case starts from (UTF-8 CSV text per file).
BASE_FILES: dict[str, str] = {
    "regions.csv": (
        "code,name,level,parent_code,lon,lat\n"
        "440000,广东省,province,,113.27,23.13\n"
        "440300,深圳市,prefecture,440000,114.06,22.54\n"
        "440305,南山区,county,440300,113.93,22.53\n"
    ),
    "industries.csv": (
        "code,name,scheme,level,parent_code\n"
        "GB4754:C,制造业,GB4754,section,\n"
        "GB4754:I,信息传输、软件和信息技术服务业,GB4754,section,\n"
        "NBS42:39,信息,NBS42,sector,GB4754:I\n"
    ),
    "companies.csv": (
        "id,name,exchange,ticker,region_code,listed_on,employees\n"
        "SZSE:000063,中兴通讯,SZSE,000063,440305,1997-11-18,74811\n"
        "SZSE:300750,宁德时代,SZSE,300750,440305,2018-06-11,\n"
    ),
    "company_industries.csv": (
        "company_id,industry_code,share,primary\n"
        "SZSE:000063,GB4754:I,1.0,true\n"
        "SZSE:300750,GB4754:C,0.8,true\n"
    ),
    "region_industries.csv": (
        "region_code,industry_code,year,measure,value\n"
        "440305,GB4754:C,2020,employment,150\n"
        "440305,GB4754:I,2020,employment,160\n"
    ),
    "supply_links.csv": (
        "supplier_id,customer_id,year,value,share,source,inferred\n"
        "SZSE:300750,SZSE:000063,2020,150000000,0.1,annual report,false\n"
    ),
    "industry_links.csv": (
        "from_code,to_code,year,flow,coefficient\nGB4754:C,GB4754:I,2020,5000000,0.12\n"
    ),
    "region_indicators.csv": (
        "region_code,indicator,year,value,unit,source\n440305,gdp,2025,1e12,CNY,article\n"
    ),
}

#: The rules of ``loaders/validation.py`` and ``loaders/io.py``; every one has a case.
RULES = (
    "required table is missing",
    "missing column",
    "unexpected column",
    "wrong type",
    "empty key",
    "missing value",
    "duplicate key",
    "dangling reference",
    "cycle in hierarchy",
    "negative value",
    "share out of range",
    "unknown region level",
    "unreadable encoding",
    "mixed encodings",
    "truncated file",
    "unreadable file",
    "line too long",
    "JSON is not a list of records",
    "JSON record is not an object",
    "one table, several files",
    "unexpected file",
)


def write_base(directory: Path) -> Path:
    """Write the valid base dataset into ``directory`` (created) and return it."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in BASE_FILES.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


@dataclass(frozen=True)
class BadInput:
    """One damaged dataset: how to make it, and what the error must say."""

    name: str
    damage: Callable[[Path], None]
    expect: tuple[str, ...]

    def build(self, directory: Path) -> Path:
        """Write the base dataset into ``directory``, damage it, return the directory."""
        write_base(directory)
        self.damage(directory)
        return directory


def _replace(file: str, old: str, new: str) -> Callable[[Path], None]:
    def damage(d: Path) -> None:
        text = (d / file).read_text(encoding="utf-8")
        assert old in text, (file, old)
        (d / file).write_text(text.replace(old, new, 1), encoding="utf-8")

    return damage


def _append(file: str, text: str) -> Callable[[Path], None]:
    def damage(d: Path) -> None:
        with open(d / file, "a", encoding="utf-8") as fh:
            fh.write(text)

    return damage


def _write_bytes(file: str, data: Callable[[], bytes]) -> Callable[[Path], None]:
    def damage(d: Path) -> None:
        (d / file).write_bytes(data())

    return damage


def _remove(file: str) -> Callable[[Path], None]:
    return lambda d: (d / file).unlink()


def _as(file: str, new_file: str, write: Callable[[pd.DataFrame, Path], None]) -> Callable:
    """Replace ``file`` (CSV) by ``new_file`` written by ``write`` from the same rows."""

    def damage(d: Path) -> None:
        frame = pd.read_csv(d / file, dtype=str, keep_default_na=False)
        (d / file).unlink()
        write(frame, d / new_file)

    return damage


def _truncate(file: str, keep: int) -> Callable[[Path], None]:
    def damage(d: Path) -> None:
        data = (d / file).read_bytes()
        (d / file).write_bytes(data[: keep if keep > 0 else len(data) + keep])

    return damage


def _then(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def damage(d: Path) -> None:
        for step in steps:
            step(d)

    return damage


def _regions_bytes(encoding: str, extra: str = "", extra_encoding: str = "") -> bytes:
    data = BASE_FILES["regions.csv"].encode(encoding)
    return data + extra.encode(extra_encoding or encoding)


def _excel_wrong_sheet(_: pd.DataFrame, path: Path) -> None:
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"说明": ["数据见 Sheet2"]}).to_excel(writer, sheet_name="README", index=False)
        pd.read_csv(
            pd.io.common.StringIO(BASE_FILES["regions.csv"]), dtype=str, keep_default_na=False
        ).to_excel(writer, sheet_name="Sheet2", index=False)


def _parquet_truncated(frame: pd.DataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False)
    path.write_bytes(path.read_bytes()[:-40])


def _xlsx_truncated(frame: pd.DataFrame, path: Path) -> None:
    frame.to_excel(path, index=False, sheet_name="regions")
    path.write_bytes(path.read_bytes()[:400])


def _json(obj: object) -> Callable[[pd.DataFrame, Path], None]:
    return lambda _, path: path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")


NEW_ROW = "440306,宝安区,county,440300,113.88,22.55\n"

CASES: tuple[BadInput, ...] = (
    # --- every validation rule -------------------------------------------------------
    BadInput(
        "required-table-missing",
        _remove("industries.csv"),
        ("industries.csv: required table is missing",),
    ),
    BadInput(
        "missing-column",
        _replace("regions.csv", "code,name,level,parent_code", "code,name,parent_code"),
        ("regions.csv, column level: missing column",),
    ),
    BadInput(
        "unexpected-column",
        _replace("industries.csv", "parent_code\n", "parent_code,colour\n"),
        ("industries.csv, column colour: unexpected column",),
    ),
    BadInput(
        "wrong-type-int",
        _replace("region_industries.csv", "GB4754:I,2020,", "GB4754:I,2020年,"),
        ("region_industries.csv, row 2, column year, value '2020年': wrong type: expected int",),
    ),
    BadInput(
        "wrong-type-float",
        _replace("regions.csv", "114.06", "东经114度"),
        ("regions.csv, row 2, column lon, value '东经114度': wrong type: expected float",),
    ),
    BadInput(
        "wrong-type-bool",
        _replace("supply_links.csv", ",false\n", ",maybe\n"),
        ("supply_links.csv, row 1, column inferred, value 'maybe': wrong type: expected bool",),
    ),
    BadInput(
        "empty-key",
        _replace("companies.csv", "SZSE:300750,宁德时代", ",宁德时代"),
        ("companies.csv, row 2, column id, value '': empty key",),
    ),
    BadInput(
        "missing-value",
        _replace("industries.csv", "GB4754:C,制造业,GB4754,section", "GB4754:C,制造业,,section"),
        ("industries.csv, row 1, column scheme, value '': missing value",),
    ),
    BadInput(
        "duplicate-id-in-file",
        _append("regions.csv", "440300,深圳,prefecture,440000,,\n"),
        ("regions.csv, row 4, column code, value '440300': duplicate key (first at row 2)",),
    ),
    BadInput(
        "duplicate-composite-key",
        _append("region_industries.csv", "440305,GB4754:C,2020,employment,151\n"),
        (
            "region_industries.csv, row 3, column region_code,industry_code,year,measure",
            "duplicate key (first at row 1)",
        ),
    ),
    BadInput(
        "orphan-supply-link",
        _replace("supply_links.csv", "SZSE:300750,SZSE:000063", "SZSE:999999,SZSE:000063"),
        ("supply_links.csv, row 1, column supplier_id, value 'SZSE:999999': dangling reference",),
    ),
    BadInput(
        "orphan-company-region",
        _replace("companies.csv", "300750,440305", "300750,449999"),
        ("companies.csv, row 2, column region_code, value '449999': dangling reference",),
    ),
    BadInput(
        "orphan-industry-link",
        _replace("industry_links.csv", "GB4754:C,GB4754:I", "GB4754:C,GB4754:Z"),
        ("industry_links.csv, row 1, column to_code, value 'GB4754:Z': dangling reference",),
    ),
    BadInput(
        "orphan-parent",
        _append("regions.csv", "440399,某区,county,440399X,,\n"),
        ("regions.csv, row 4, column parent_code, value '440399X': dangling reference",),
    ),
    BadInput(
        "hierarchy-cycle",
        _replace("regions.csv", "440000,广东省,province,,", "440000,广东省,province,440305,"),
        ("regions.csv, row", "column parent_code", "cycle in hierarchy:", "440305"),
    ),
    BadInput(
        "hierarchy-self-cycle",
        _replace(
            "industries.csv",
            "NBS42:39,信息,NBS42,sector,GB4754:I",
            "NBS42:39,信息,NBS42,sector,NBS42:39",
        ),
        ("industries.csv, row 3, column parent_code", "cycle in hierarchy: NBS42:39 -> NBS42:39"),
    ),
    BadInput(
        "negative-value",
        _replace("region_industries.csv", "employment,160", "employment,-160"),
        ("region_industries.csv, row 2, column value, value '-160': negative value",),
    ),
    BadInput(
        "negative-flow",
        _replace("industry_links.csv", ",5000000,", ",-5000000,"),
        ("industry_links.csv, row 1, column flow, value '-5000000': negative value",),
    ),
    BadInput(
        "share-zero",
        _replace("company_industries.csv", "GB4754:C,0.8", "GB4754:C,0"),
        ("company_industries.csv, row 2, column share, value '0': share out of range (0, 1]",),
    ),
    BadInput(
        "share-above-one",
        _replace("supply_links.csv", ",0.1,", ",1.5,"),
        ("supply_links.csv, row 1, column share, value '1.5': share out of range [0, 1]",),
    ),
    BadInput(
        "unknown-region-level",
        _append("regions.csv", "440305001,粤海街道,street,440305,,\n"),
        ("regions.csv, row 4, column level, value 'street': unknown region level",),
    ),
    # --- numbers and dates as people type them ---------------------------------------
    BadInput(
        "thousands-separators",
        _then(
            _replace("region_industries.csv", "employment,150", 'employment,"1,150"'),
            _replace("companies.csv", ",74811", ',"74,811"'),
        ),
        (
            "region_industries.csv, row 1, column value, value '1,150': wrong type: expected "
            "float (thousands separators? write 1150, not 1,150)",
            "companies.csv, row 1, column employees, value '74,811': wrong type: expected float "
            "(thousands separators?",
        ),
    ),
    BadInput(
        "dates-in-three-formats",
        _then(
            _replace("companies.csv", "1997-11-18", "18/11/1997"),
            _replace("companies.csv", "2018-06-11", "06/11/2018"),
            _append("companies.csv", "SZSE:002415,海康威视,SZSE,002415,440305,2010年5月28日,\n"),
        ),
        (
            "companies.csv, row 1, column listed_on, value '18/11/1997': wrong type: expected "
            "date in 3 rows (1, 2, 3) (dates are YYYY-MM-DD: 1997-11-18, not 18/11/1997)",
        ),
    ),
    # --- encodings -----------------------------------------------------------------
    BadInput(
        "gbk-behind-utf8-bom",  # a GBK file labelled UTF-8: read as UTF-8, it is not
        _write_bytes("regions.csv", lambda: codecs.BOM_UTF8 + _regions_bytes("gbk")),
        ("regions.csv, row 1: unreadable encoding", "byte order mark"),
    ),
    BadInput(
        "utf8-rows-in-gbk-file",  # read as GBK, the UTF-8 rows would be mojibake
        _write_bytes("regions.csv", lambda: _regions_bytes("gbk", NEW_ROW, "utf-8")),
        ("regions.csv, row 1: mixed encodings: row 4 is UTF-8 but row 1 is not",),
    ),
    BadInput(
        "gbk-rows-in-utf8-file",
        _write_bytes("regions.csv", lambda: _regions_bytes("utf-8", NEW_ROW, "gbk")),
        ("regions.csv, row 1: mixed encodings: row 1 is UTF-8 but row 4 is not",),
    ),
    BadInput(
        "no-known-encoding",
        _write_bytes(
            "regions.csv", lambda: _regions_bytes("utf-8") + b"440306,\xff\xfe\xfd,county,,\n"
        ),
        ("regions.csv, row 4: unreadable encoding: not UTF-8, GBK or GB18030",),
    ),
    BadInput(
        "western-excel-csv",  # Windows-1252 that is valid GBK: once read as 'Mayag黣z'
        _write_bytes(
            "regions.csv",
            lambda: (
                BASE_FILES["regions.csv"]
                .replace("广东省", "Puerto Rico")
                .replace("深圳市", "Mayagüez")
                .replace("南山区", "Añasco")
                .encode("cp1252")
            ),
        ),
        (
            "regions.csv, row 2: unreadable encoding: not UTF-8; it looks like a Western "
            "single-byte encoding: as Windows-1252 row 2 reads 'Mayagüez'",
        ),
    ),
    BadInput(
        "utf16",
        _write_bytes("regions.csv", lambda: _regions_bytes("utf-16")),
        ("regions.csv: unreadable encoding: UTF-16 byte order mark",),
    ),
    # --- truncated files -------------------------------------------------------------
    BadInput(
        "truncated-row",
        _truncate("regions.csv", -len("county,440300,113.93,22.53\n")),
        ("regions.csv, row 3, column level, value '': missing value",),
    ),
    BadInput(
        "truncated-in-quoted-field",
        _append("regions.csv", '440306,"宝安'),
        ("regions.csv: unreadable file:", "EOF inside string starting at row 4"),
    ),
    BadInput(
        "truncated-in-utf8-character",
        _write_bytes(
            "regions.csv",
            lambda: _regions_bytes("utf-8", NEW_ROW)[
                : -len("安区,county,440300,113.88,22.55\n".encode()) - 1
            ],
        ),
        ("regions.csv, row 4: truncated file: it ends inside a UTF-8 character",),
    ),
    BadInput(
        "truncated-parquet",
        _as("regions.csv", "regions.parquet", _parquet_truncated),
        ("regions.parquet: unreadable file:",),
    ),
    BadInput(
        "truncated-xlsx",
        _as("regions.csv", "regions.xlsx", _xlsx_truncated),
        ("regions.xlsx: unreadable file:",),
    ),
    BadInput(
        "truncated-json",
        _as(
            "regions.csv",
            "regions.json",
            lambda f, p: p.write_text(f.to_json(orient="records")[:-9]),
        ),
        ("regions.json: unreadable file:", "line 1 column"),
    ),
    BadInput(
        "empty-file",
        _write_bytes("industries.csv", lambda: b""),
        ("industries.csv: unreadable file:",),
    ),
    # --- Excel and JSON shapes -------------------------------------------------------
    BadInput(
        "excel-wrong-sheet",
        _as("regions.csv", "regions.xlsx", _excel_wrong_sheet),
        (
            "regions.xlsx (sheet 'README' of 2), column code: missing column",
            "regions.xlsx (sheet 'README' of 2), column 说明: unexpected column",
        ),
    ),
    BadInput(
        "json-array-of-arrays",
        _as("regions.csv", "regions.json", _json([["code", "name"], ["440000", "广东省"]])),
        ("regions.json, row 1: JSON record is not an object (found list",),
    ),
    BadInput(
        "json-object-of-columns",
        _as("regions.csv", "regions.json", _json({"code": ["440000"], "name": ["广东省"]})),
        ("regions.json: JSON is not a list of records", "keys code, name"),
    ),
    BadInput(
        "json-nested-cell",
        _as(
            "regions.csv",
            "regions.json",
            _json(
                [
                    {
                        "code": "440000",
                        "name": {"zh": "广东省"},
                        "level": "province",
                        "parent_code": None,
                    }
                ]
            ),
        ),
        ("regions.json, row 1, column name, value {'zh': '广东省'}: wrong type: expected str",),
    ),
    # --- files -----------------------------------------------------------------------
    BadInput(
        "duplicate-ids-across-files",  # the same regions twice: regions.csv and regions.json
        _as(
            "regions.csv",
            "regions.json",
            lambda f, p: (
                p.write_text(f.to_json(orient="records", force_ascii=False), encoding="utf-8"),
                (p.parent / "regions.csv").write_text(BASE_FILES["regions.csv"], encoding="utf-8"),
            ),
        ),
        ("regions.csv: one table, several files: regions.csv, regions.json",),
    ),
    BadInput(
        "misnamed-table-file",
        _then(
            _as("industry_links.csv", "industry_link.csv", lambda f, p: f.to_csv(p, index=False))
        ),
        ("industry_link.csv: unexpected file (not a table name)",),
    ),
    BadInput(
        "unreadable-dataset-json",
        _write_bytes("dataset.json", lambda: b'{"region_levels": ["street"'),
        ("dataset.json: unreadable file",),
    ),
)


#: What the error says for :func:`write_long_line_file` (tested apart: it is 100 MiB).
LONG_LINE_EXPECT = "regions.csv, row 1: line too long: more than 1,048,576 bytes"


def write_long_line_file(directory: Path, megabytes: int = 100) -> Path:
    """The base dataset whose ``regions.csv`` has a data row of ``megabytes`` MiB (no break).

    Written in 1 MiB pieces, so making it needs no memory either.
    """
    write_base(directory)
    piece = ("南山" * 174762).encode("utf-8") + b"abcd"  # 1 MiB of whole characters
    assert len(piece) == 1 << 20
    with open(directory / "regions.csv", "wb") as fh:
        fh.write(b"code,name,level,parent_code,lon,lat\n440000,")
        for _ in range(megabytes):
            fh.write(piece)
        fh.write(b",province,,,\n")
    return directory
