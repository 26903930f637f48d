"""Text files' encodings: detected or declared, never mojibake (issue 26 #1).

Each case is a regions.csv in a real encoding, as Excel or a script in that locale
writes it; the rule: it loads with the right names, or is refused naming the row and
"save the file as UTF-8". Never a silent wrong reading.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from clusteratlas.errors import DataValidationError
from clusteratlas.loaders.dataset import Dataset
from clusteratlas.loaders.encoding import chinese_evidence, decode_table

HEADER = "code,name,level,parent_code\r\nP,Region,province,\r\n"
INDUSTRIES = "code,name,scheme,level\r\nA,Agriculture,NAICS,sector\r\n"


def rows(*names: str) -> str:
    return HEADER + "".join(f"C{i},{n},county,P\r\n" for i, n in enumerate(names))


def read(root: Path, regions: bytes, dataset_json: dict | None = None) -> list[str] | str:
    """The region names read, or the rules of the problems raised."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "regions.csv").write_bytes(regions)
    (root / "industries.csv").write_text(INDUSTRIES, encoding="utf-8")
    if dataset_json is not None:
        (root / "dataset.json").write_text(json.dumps(dataset_json), encoding="utf-8")
    try:
        return Dataset.from_dir(root).regions["name"].tolist()[1:]
    except DataValidationError as err:
        return "\n".join(str(p) for p in err.problems)


REFUSED = [  # (names, the encoding Excel or a script writes them in)
    (["Mayagüez", "Bayamón", "Cataño"], "cp1252"),
    (["Conceição"], "cp1252"),
    (["São Paulo", "Curaçao", "Zürich"], "cp1252"),
    (["Hyvinkää", "Äänekoski"], "cp1252"),
    (["Þýskaland"], "cp1252"),
    (["Otepää", "Korçë"], "cp1252"),
    (["Baden–Württemberg"], "cp1252"),
    (["Distrito 1º"], "cp1252"),
    (["Łódzkie", "Łęczna"], "cp1250"),
    (["Łódź", "Kraków", "Gdańsk"], "cp1250"),
    (["Şırnak", "Elazığ"], "cp1254"),
    (["Ağrı"], "cp1254"),
    (["Αθήνα", "Θεσσαλονίκη"], "cp1253"),
    (["Москва", "Санкт-Петербург", "Новосибирск"], "cp1251"),
    (["서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시"], "euc_kr"),
    (["서울특별시"], "cp949"),
    (["さいたま市", "つくば市", "東京都"], "shift_jis"),
    (["さいたま市", "つくば市", "東京都"], "euc_jp"),
    (["臺北市", "高雄市"], "big5"),
    # a second review: short non-Latin files, Korean with common characters, Latin-word rows
    (["САМАРА"], "cp1251"),
    (["Київ"], "cp1251"),
    (["الدمام"], "cp1256"),
    (["นครราชสีมา"], "cp874"),
    (["광주광역시", "동구", "서구", "남구", "북구", "광산구"], "cp949"),
    (["종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구"], "cp949"),
    (["HYVINKÄÄ", "ÄÄNEKOSKI"], "cp1252"),
    (["Hà Nam", "Cà Mau", "Đô\u0300ng Tháp"], "cp1258"),  # tones as combining marks
]


@pytest.mark.parametrize(("names", "encoding"), REFUSED, ids=lambda v: str(v))
def test_other_encodings_are_refused_never_read_as_chinese(
    tmp_path: Path, names: list[str], encoding: str
) -> None:
    got = read(tmp_path, rows(*names).encode(encoding))
    assert isinstance(got, str), f"read as {got}"
    assert "regions.csv, row " in got and "unreadable encoding" in got
    assert "save the file as UTF-8" in got


@pytest.mark.parametrize(
    ("names", "encoding"),
    [(n, e) for n, e in REFUSED if e in ("cp1252", "cp1250", "cp1254")],
    ids=lambda v: str(v),
)
def test_western_files_are_named_with_the_cell_and_the_encodings_to_declare(
    tmp_path: Path, names: list[str], encoding: str
) -> None:
    got = read(tmp_path, rows(*names).encode(encoding))
    assert "it looks like a Western single-byte encoding: as Windows-1252 row" in got
    assert '"cp1252" Western European, "cp1250" Central European' in got
    assert isinstance(got, str)
    shown = got.split("reads ", 1)[1].split(";")[0]
    if encoding == "cp1252":  # the cell as the user wrote it
        assert shown.strip("'") in names


def test_declaring_what_the_refusal_names_reads_the_names_right(tmp_path: Path) -> None:
    for encoding in ("cp1252", "cp1250", "cp1254", "euc_kr", "shift_jis"):
        names = next(n for n, e in REFUSED if e == encoding)
        got = read(tmp_path / encoding, rows(*names).encode(encoding), {"encoding": encoding})
        assert got == names


TRADITIONAL = ["臺灣省", "臺北市", "香港特別行政區"]  # traditional characters GBK has
CHINESE = [
    ["深圳市", "南山区", "福田区", "宝安区"],
    ["武汉市", "硚口区", "江汉区"],  # 硚 is a rare character whose second GBK byte is ASCII
    ["洛阳市", "老城区", "瀍河回族区"],
    ["TCL科技", "比亚迪", "中兴通讯", "华为技术", "平安银行"],
    ["昆山市", "江阴市", "义乌市", "晋江市", "慈溪市", "长沙县", "武侯区"],
    ["5G通信设备", "AI芯片", "IT服务", "LED照明", "新能源汽车"],  # technology industries
    ["石油化工", "α-烯烃", "吕梁市 Lüliang", "雀巢 Nestlé", "北京市", "上海市"],  # GB2312 letters
]


@pytest.mark.parametrize("names", CHINESE, ids=lambda v: v[0])
@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_chinese_in_gbk_is_detected(tmp_path: Path, names: list[str], encoding: str) -> None:
    assert read(tmp_path, rows(*names).encode(encoding)) == names


def test_every_bundled_name_in_gbk_is_detected(tmp_path: Path, china: Dataset) -> None:
    """The bundled data's regions, industries and companies, written by a Chinese Excel."""
    for table in ("regions", "industries", "companies"):
        text = getattr(china, table).to_csv(index=False)
        assert chinese_evidence(text) is None, table
        assert decode_table(text.encode("gbk")).encoding == "gbk"


def test_too_little_chinese_needs_a_declaration(tmp_path: Path) -> None:
    """Fewer than MIN_IDEOGRAPHS characters cannot be told from other encodings' bytes."""
    assert read(tmp_path / "t", rows(*TRADITIONAL).encode("gbk")) == TRADITIONAL
    got = read(tmp_path / "a", rows("臺北市").encode("gbk"))
    assert "too little Chinese text to tell (3 characters, at least 8)" in got
    assert '("gbk" if it is Chinese GBK after all' in got
    assert read(tmp_path / "b", rows("臺北市").encode("gbk"), {"encoding": "gbk"}) == ["臺北市"]


def test_a_row_in_another_encoding_appended_to_a_gbk_file(tmp_path: Path) -> None:
    gbk = rows(*CHINESE[0]).encode("gbk")
    western = read(tmp_path / "a", gbk + "C9,Mayagüez,county,P\r\n".encode("cp1252"))
    assert "regions.csv, row 6: unreadable encoding" in western and "Mayag" in western
    utf8 = read(tmp_path / "b", gbk + "C9,Bogotá,county,P\r\n".encode())
    assert "mixed encodings: row 6 is UTF-8 but row 2 is not" in utf8


def test_a_western_row_in_a_gbk_file_with_high_second_bytes(tmp_path: Path) -> None:
    """ää reads as one character with a high second byte: caught beside a lower-case letter."""
    gbk = rows(*CHINESE[0]).encode("gbk")
    got = read(tmp_path, gbk + "X,Hyvinkää,county,P\r\n".encode("cp1252"))
    assert "row 6 reads 'Hyvink滗': a Chinese character inside a lower-case Latin word" in got


@pytest.mark.parametrize("names", [["农业", "铜", "铅锌"], ["煤炭", "医院"]])
def test_short_gbk_that_is_valid_utf8_is_not_read_as_utf8(tmp_path: Path, names: list[str]) -> None:
    data = rows(*names).encode("gbk")
    data.decode("utf-8")  # valid UTF-8 by chance
    got = read(tmp_path / "a", data)
    assert isinstance(got, str) and "valid UTF-8, but row 2 reads" in got
    longer = rows(*names, *CHINESE[0]).encode("gbk")
    assert read(tmp_path / "b", longer) == [*names, *CHINESE[0]]


def test_a_single_byte_file_ending_in_an_accent_is_not_truncated(tmp_path: Path) -> None:
    got = read(tmp_path, rows("Medellín").encode("cp1252") + "C9,Bogotá".encode("cp1252"))
    assert "truncated" not in got and "Windows-1252" in got
    cut = read(tmp_path / "b", rows("南山区").encode() + "C9,福田".encode()[:-1])
    assert "truncated file: it ends inside a UTF-8 character" in cut


@pytest.mark.parametrize(
    ("data", "reported"),
    [
        (rows("南山区", *CHINESE[1]).encode(), "utf-8"),
        (codecs.BOM_UTF8 + rows("南山区", *CHINESE[1]).encode(), "utf-8-sig"),
        (rows("南山区", *CHINESE[1]).encode("gbk"), "gbk"),
        (rows("南山区\U00020000", *CHINESE[1]).encode("gb18030"), "gb18030"),
    ],
    ids=["utf-8", "bom", "gbk", "gb18030"],
)
def test_detected_encoding_is_reported(tmp_path: Path, data: bytes, reported: str) -> None:
    (tmp_path / "regions.csv").write_bytes(data)
    (tmp_path / "industries.csv").write_text(INDUSTRIES, encoding="utf-8")
    ds = Dataset.from_dir(tmp_path)
    assert ds.regions["name"].tolist()[1].startswith("南山区")
    assert ds.metadata["files"]["regions"] == {
        "file": "regions.csv", "encoding": reported, "delimiter": ",", "note": (
            "byte order mark" if reported == "utf-8-sig" else "detected")
    }  # fmt: skip


def test_undecodable_bytes_name_their_row(tmp_path: Path) -> None:
    got = read(tmp_path, rows("ok").encode() + b"C9,\x80\xff\xfe,county,P\r\n")
    assert "regions.csv, row 3: unreadable encoding: not UTF-8, GBK or GB18030" in got


def test_declared_encoding_reads_western_names_and_is_not_written_back(tmp_path: Path) -> None:
    names = ["Mayagüez", "Añasco"]
    assert read(tmp_path, rows(*names).encode("cp1252"), {"encoding": "Windows-1252"}) == names
    ds = Dataset.from_dir(tmp_path)
    info = ds.metadata["files"]["regions"]
    assert (info["encoding"], info["note"]) == ("cp1252", "declared in dataset.json")
    assert "encoding" not in ds.metadata
    ds.to_dir(tmp_path)  # written back in place: UTF-8, and no stale declaration
    assert not (tmp_path / "dataset.json").exists()
    assert set(Dataset.from_dir(tmp_path).regions["name"]) == {"Region", *names}


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8], ids=["utf-8", "utf-8-bom"])
def test_a_utf8_file_under_a_single_byte_declaration_is_refused(tmp_path: Path, bom: bytes) -> None:
    got = read(tmp_path, bom + rows("Mayagüez").encode(), {"encoding": "cp1252"})
    assert "regions.csv, row 2: unreadable encoding: dataset.json declares cp1252, but the " \
        "file is UTF-8 (row 2 reads 'Mayagüez' in UTF-8)" in got  # fmt: skip


def test_a_wrong_single_byte_declaration_shows_as_control_characters(tmp_path: Path) -> None:
    got = read(tmp_path, rows("Zona €uro").encode("cp1252"), {"encoding": "latin-1"})
    assert "in iso8859-1, row 2 has the control character '\\x80'" in got
    assert 'declare "cp1252"' in got


def test_declared_encoding_is_decoded_strictly(tmp_path: Path) -> None:
    got = read(tmp_path, rows("Mayagüez").encode("cp1252"), {"encoding": "utf-8"})
    assert "regions.csv, row 2: unreadable encoding: byte" in got
    assert "is not utf-8, the encoding dataset.json declares" in got


@pytest.mark.parametrize(
    ("value", "rule"),
    [("klingon", "unknown encoding"), ("utf-16", "save them as UTF-8"), (1252, "expected text"),
     ("rot13", "not a text encoding")],
)  # fmt: skip
def test_declared_encoding_must_be_a_text_codec(tmp_path: Path, value: object, rule: str) -> None:
    got = read(tmp_path, rows("x").encode(), {"encoding": value})
    assert "dataset.json, column encoding" in got and rule in got


def test_dataset_json_in_another_encoding_says_to_save_it_as_utf8(tmp_path: Path) -> None:
    read(tmp_path, rows("x").encode())
    (tmp_path / "dataset.json").write_bytes('{"name": "Región"}'.encode("cp1252"))
    with pytest.raises(DataValidationError) as err:
        Dataset.from_dir(tmp_path)
    assert str(err.value.problems[0]) == (
        "dataset.json: unreadable file: not UTF-8 (byte 14); save dataset.json as UTF-8"
    )


def test_data_format_doc_states_the_rule_and_its_figures(china: Dataset) -> None:
    from clusteratlas.loaders._common_hanzi import COMMON_HANZI
    from clusteratlas.loaders.encoding import (
        MAX_TOUCHING_SHARE,
        MIN_COMMON_SHARE,
        MIN_IDEOGRAPHS,
        MIN_UPPER_LEAD_SHARE,
    )

    shares = []
    for table in ("regions", "industries", "companies"):
        chars = [c for c in getattr(china, table).to_csv(index=False) if "\u4e00" <= c <= "\u9fff"]
        shares.append(sum(c in COMMON_HANZI for c in chars) / len(chars))
    doc = " ".join((Path(__file__).parents[2] / "docs" / "data-format.md").read_text().split())
    assert (
        f"there are at least {MIN_IDEOGRAPHS} ideographs; at most {MAX_TOUCHING_SHARE:.0%} of "
        f"the ideographs touch a Latin letter; at least {MIN_UPPER_LEAD_SHARE:.0%} have a "
        "first byte of 0xC9 or more (Korean hangul in EUC-KR has none); at least "
        f"{MIN_COMMON_SHARE:.0%} are among the {len(COMMON_HANZI):,} most frequent" in doc
    )
    assert f"(fewer than {MIN_IDEOGRAPHS} Chinese characters)" in doc
    assert f"score {min(shares):.0%}-{max(shares):.0%}".replace("%-", "-") in doc


def test_a_declaration_that_the_text_contradicts_is_refused(tmp_path: Path) -> None:
    """GBK declared as cp1252 reads as symbols; cp1252 declared as GBK puts ideographs
    inside Latin words: both are refused instead of loaded as mojibake."""
    chinese = rows("新疆维吾尔自治区", "*ST中基").encode("gbk")
    got = read(tmp_path / "a", chinese, {"encoding": "cp1252"})
    assert "dataset.json declares cp1252, but in it row 2 reads 'ÐÂ½®Î¬Îá¶û×ÔÖÎÇø'" in got
    western = rows("Mayagüez", "Añasco").encode("cp1252")
    got = read(tmp_path / "b", western, {"encoding": "gbk"})
    assert "dataset.json declares gbk, but in it row 2 reads 'Mayag黣z'" in got
    assert read(tmp_path / "c", western, {"encoding": "cp1252"}) == ["Mayagüez", "Añasco"]
