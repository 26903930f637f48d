"""Decoding a CSV/TSV table file: the encoding is detected or declared, never guessed.

Detection (no ``encoding`` in ``dataset.json``), in order:

1. a UTF-8 byte order mark means UTF-8 (``utf-8-sig``); UTF-16/32 marks are refused;
2. strict UTF-8;
3. strict GBK, then strict GB18030, but only when the text then reads as Chinese
   (:func:`chinese_evidence`). Other bytes often decode as GBK too: a Western
   Windows-1252 file (``ü`` then ``e`` is a GBK pair, so ``Mayagüez`` reads
   ``Mayag黣z``), Korean EUC-KR, Japanese EUC-JP, Cyrillic Windows-1251.

Anything else is refused with a rule naming the row, the cell as it would read, the
encoding the bytes look like, and "save the file as UTF-8". A file cut inside its last
UTF-8 character is a ``truncated file``; a file whose rows mix UTF-8 text with rows in
another encoding is ``mixed encodings``.

A declared encoding (``dataset.json`` ``"encoding"``) is decoded strictly, with two
checks that catch a wrong declaration: a file that is valid UTF-8 with non-ASCII text
is refused (it is not the declared single-byte or GBK file), and so is text that
decodes to control characters (Latin-1 declared for a Windows-1252 file: ``€``, byte
0x80, is a control character in Latin-1).

Examples
--------
>>> decode_table("code,name\\n1,深圳市南山区\\n2,福田区\\n".encode("gbk")).encoding
'gbk'
>>> print(decode_table("code,name\\n1,Mayagüez\\n".encode("cp1252")).rule)
... # doctest: +ELLIPSIS
unreadable encoding: not UTF-8; it looks like a Western single-byte encoding: as Windows-1252 row 1 reads 'Mayagüez'; as GBK row 1 reads 'Mayag黣z': ...; save the file as UTF-8, or declare its encoding in dataset.json ("cp1252" Western European, ...)
"""  # noqa: E501

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from clusteratlas.loaders._common_hanzi import COMMON_HANZI

__all__ = [
    "MAX_TOUCHING_SHARE",
    "MIN_COMMON_SHARE",
    "MIN_IDEOGRAPHS",
    "MIN_UPPER_LEAD_SHARE",
    "Decoded",
    "chinese_evidence",
    "decode_table",
]

#: Least share of a GBK text's ideographs that must be common Chinese characters
#: (:data:`~clusteratlas.loaders._common_hanzi.COMMON_HANZI`). The bundled China tables
#: written as GBK: 0.91-0.97 (one prefecture's 13 county names: 0.62); Windows-1252 and
#: Windows-1251 text read as GBK: mostly rare characters.
MIN_COMMON_SHARE = 0.6

#: Fewest ideographs a GBK text must have to be told from other encodings: a few
#: characters of Cyrillic, Arabic or Thai read as GBK can all be common ones by chance.
MIN_IDEOGRAPHS = 8

#: Most share of a GBK text's ideographs that may touch a Latin letter (``5G通信``): text
#: from a single-byte encoding puts them inside Latin words.
MAX_TOUCHING_SHARE = 0.5

#: Least share of ideographs whose first GBK byte is 0xC9 or more (about half of the
#: common hanzi: 山 市 省 区 县 中). Korean hangul in EUC-KR/CP949 has first bytes
#: 0xB0-0xC8 only, so Korean read as GBK has none; the bundled prefectures: at least 0.10.
MIN_UPPER_LEAD_SHARE = 0.05

_DECLARE = (
    '"cp1252" Western European, "cp1250" Central European, "cp1254" Turkish, '
    '"cp1257" Baltic, "cp1251" Cyrillic, "gbk" Chinese, "cp949" Korean, "shift_jis" '
    'Japanese, "big5" traditional Chinese, ...'
)
_DECLARE_CHINESE_FIRST = (
    '"gbk" if it is Chinese GBK after all, "cp949" Korean, "shift_jis" Japanese, '
    '"cp1251" Cyrillic, "cp1252" Western European, ...'
)
_TOO_LITTLE = "too little Chinese text to tell"
# letters GB2312 encodes beside hanzi: Greek, Cyrillic, pinyin (α-烯烃, 吕梁 Lüliang)
_GB2312_LETTERS = frozenset(
    [chr(c) for c in range(0x391, 0x3CA)]
    + [chr(c) for c in range(0x401, 0x452)]
    + list("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňɑɡ")
)


@dataclass(frozen=True)
class Decoded:
    """A table file's text, or why it cannot be read.

    Attributes
    ----------
    text : str or None
        The decoded text; None when refused.
    encoding : str or None
        The codec used (``utf-8``, ``utf-8-sig``, ``gbk``, ``gb18030`` or the declared one).
    note : str
        How the encoding was found (``detected``, ``byte order mark``, ``declared in
        dataset.json``); empty when refused.
    rule : str
        Why the file was refused (a problem's rule); empty when read.
    row : int or None
        The line the refusal names (0 = header).
    """

    text: str | None
    encoding: str | None
    note: str = ""
    rule: str = ""
    row: int | None = None


def decode_table(data: bytes, declared: str | None = None) -> Decoded:
    """Decode the bytes of a table file: ``declared`` strictly, else by detection.

    Parameters
    ----------
    data : bytes
        The whole file.
    declared : str or None
        The codec ``dataset.json`` declares (a Python codec name), else None.

    Returns
    -------
    Decoded
        The text and how its encoding was found, or the rule and row of a refusal.

    Examples
    --------
    >>> d = decode_table(codecs.BOM_UTF8 + "code\\n南山\\n".encode())
    >>> d.encoding, d.note
    ('utf-8-sig', 'byte order mark')
    >>> decode_table("code\\nMayagüez\\n".encode("cp1252"), "cp1252").text
    'code\\nMayagüez\\n'
    >>> decode_table("code\\nMayagüez\\n".encode(), "cp1252").rule  # doctest: +ELLIPSIS
    'unreadable encoding: dataset.json declares cp1252, but the file is UTF-8 ...'
    """
    if declared is not None:
        return _decode_declared(data, declared)
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data.decode("utf-8-sig"), "utf-8-sig", "byte order mark")
        except UnicodeDecodeError as err:  # a BOM that lies about the bytes after it
            offset = err.start + len(codecs.BOM_UTF8)
            rule = (
                f"unreadable encoding: a UTF-8 byte order mark, but byte {offset} is not "
                "UTF-8 (another encoding behind the mark?); save the file as UTF-8"
            )
            return Decoded(None, None, rule=rule, row=_row_of_offset(data, offset))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(None, None, rule="unreadable encoding: UTF-16 byte order mark: save "
                       "the file as UTF-8", row=0)  # fmt: skip
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _utf8_or_gbk(data, text)
    cut = _truncated_utf8(data)
    if cut is not None:
        rule = "truncated file: it ends inside a UTF-8 character (incomplete last row)"
        return Decoded(None, None, rule=rule, row=cut)
    mixed = _mixed_encoding_rows(data)
    if mixed is not None:
        utf8_row, other_row = mixed
        rule = (
            f"mixed encodings: row {utf8_row} is UTF-8 but row {other_row} is not "
            "(rows appended from another export?); save the whole file as UTF-8"
        )
        return Decoded(None, None, rule=rule, row=min(mixed))
    refusal: tuple[int, str] | None = None  # (row, why) of the first GBK reading refused
    for enc in ("gbk", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        evidence = chinese_evidence(text, enc)
        if evidence is None:
            return Decoded(text, enc, "detected")
        position, why = evidence
        row = text.count("\n", 0, position)
        refusal = refusal or (row, f"as GBK row {row} reads {_cell_at(text, position)!r}: {why}")
    return _refuse_undetected(data, refusal)


def _utf8_or_gbk(data: bytes, text: str) -> Decoded:
    """A file that is valid UTF-8: UTF-8, unless its UTF-8 reading is not text (letters of
    two scripts in one word, a stray combining mark) and GBK reads it as Chinese; short
    GBK can be valid UTF-8 by chance (``农业`` is ``ũҵ``)."""
    odd = _utf8_incoherent(text)
    if odd is None:
        return Decoded(text, "utf-8", "detected")
    try:
        gbk = data.decode("gbk")
    except UnicodeDecodeError:
        return Decoded(text, "utf-8", "detected")
    evidence = chinese_evidence(gbk)
    row = text.count("\n", 0, odd)
    if evidence is None:
        return Decoded(gbk, "gbk", f"detected (valid UTF-8 only by chance: row {row} would "
                       f"read {_cell_at(text, odd)!r})")  # fmt: skip
    if evidence[1].startswith(_TOO_LITTLE):
        rule = (
            f"unreadable encoding: valid UTF-8, but row {row} reads {_cell_at(text, odd)!r} "
            f"(letters of different scripts in one word), and as GBK "
            f"{_cell_at(gbk, evidence[0])!r}, too short to tell; save the file as UTF-8, or "
            f"declare its encoding in dataset.json ({_DECLARE_CHINESE_FIRST})"
        )
        return Decoded(None, None, rule=rule, row=row)
    return Decoded(text, "utf-8", "detected")


def _utf8_incoherent(text: str) -> int | None:
    """Position of the first word of ``text`` that mixes letters of two alphabets (Latin,
    IPA, Greek, Cyrillic, Armenian, Hebrew, Arabic...) or starts with a combining mark:
    what bytes of another encoding that happen to be valid UTF-8 read as; else None.

    >>> _utf8_incoherent("code\\n1,Mayagüez,Москва\\n") is None
    True
    >>> _utf8_incoherent("code\\nA,ũҵ\\n"), _utf8_incoherent("KSIʯ WIELKI")
    (7, 0)
    """
    for match in re.finditer(r"[^\W\d_]+|[\u0300-\u036f]", text):
        word = match.group()
        if word.isascii():
            continue
        if unicodedata.combining(word[0]):
            return match.start()
        scripts = {_script(c) for c in word}
        if len(scripts - {"CJK"}) > 1:
            return match.start()
    return None


def _script(ch: str) -> str:
    if ch.isascii():
        return "LATIN"
    if 0x250 <= ord(ch) <= 0x2FF:
        return "IPA"
    if unicodedata.combining(ch):
        return "MARK"
    name = unicodedata.name(ch, "")
    if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")):
        return "CJK"
    return name.split(" ")[0]


def chinese_evidence(text: str, encoding: str = "gbk") -> tuple[int, str] | None:
    """None when ``text`` (decoded from GBK or GB18030) reads as Chinese, else
    ``(position, why not)``, the position of the first character that tells.

    Chinese text is made of ideographs, Chinese and general punctuation, fullwidth
    forms, the Greek, Cyrillic and pinyin letters GB2312 has, and ASCII. It reads as
    Chinese when every non-ASCII character is one of those and:

    - no fullwidth letter touches a Latin letter (Polish ``Łó`` in Windows-1250 reads
      ``ｓ``), and no ideograph sits inside a Latin word: a GBK second byte in the ASCII
      range beside a Latin letter (``Mayag黣z``: ``ü`` and ``e`` read as one character),
      a lower-case Latin letter beside it (``Hyvink滗``), or a rare one between Latin
      letters;
    - it has at least :data:`MIN_IDEOGRAPHS` ideographs (fewer cannot be told from
      Cyrillic, Arabic or Thai bytes that read as common characters);
    - at most :data:`MAX_TOUCHING_SHARE` of them touch a Latin letter;
    - at least :data:`MIN_UPPER_LEAD_SHARE` of them have a first byte of 0xC9 or more
      (Korean hangul in EUC-KR has none);
    - at least :data:`MIN_COMMON_SHARE` of them are common Chinese characters.

    Parameters
    ----------
    text : str
        The decoded text.
    encoding : str, default "gbk"
        The encoding it was decoded from (for the bytes of a character).

    Returns
    -------
    tuple of (int, str) or None
        The evidence that it is not Chinese, or None.

    Examples
    --------
    >>> chinese_evidence("code,name\\n1,武汉市\\n2,硚口区\\n3,江汉区\\n4,TCL科技\\n") is None
    True
    >>> chinese_evidence("Mayag黣z")
    (5, 'a rare character inside a Latin word (an accented letter and the next letter read as one GBK character)')
    >>> chinese_evidence("さいたま")[1]
    "'さ' (HIRAGANA LETTER SA) is not used in Chinese text"
    >>> chinese_evidence("辑匡漂喊矫,何魂堡开矫")[1]  # 서울특별시,부산광역시 in EUC-KR
    '0 of its 10 characters have a first byte of 0xC9 or more, as about half of Chinese characters do (Korean in EUC-KR has none)'
    """  # noqa: E501
    ideographs = common = upper = 0
    touching: list[int] = []
    rare: list[int] = []
    first = -1
    for i, ch in enumerate(text):
        if ch.isascii():
            continue
        left = text[i - 1] if i > 0 else ""
        right = text[i + 1 : i + 2]
        if not _is_ideograph(ch):
            if _is_fullwidth_letter(ch):
                if _is_latin_letter(left) or _is_latin_letter(right):  # Ｓdzkie is Łódzkie
                    return i, f"the fullwidth letter {ch!r} inside a Latin word"
                continue
            if _is_chinese_mark(ch) or ch in _GB2312_LETTERS:
                continue
            name = unicodedata.name(ch, f"U+{ord(ch):04X}")
            return i, f"{ch!r} ({name}) is not used in Chinese text"
        first = i if first < 0 else first
        ideographs += 1
        raw = ch.encode(encoding)
        upper += raw[0] >= 0xC9
        if ch in COMMON_HANZI:
            common += 1
        elif not rare:
            rare.append(i)
        if _is_latin_letter(left) or _is_latin_letter(right):
            if len(raw) == 2 and raw[1] < 0x80:
                return i, (
                    "a rare character inside a Latin word (an accented letter and the next "
                    "letter read as one GBK character)"
                )
            if (
                left.islower()
                or right.islower()
                or (ch not in COMMON_HANZI and _is_latin_letter(left) and _is_latin_letter(right))
            ):
                return i, "a Chinese character inside a lower-case Latin word"
            touching.append(i)
    if ideographs < MIN_IDEOGRAPHS:
        return max(first, 0), f"{_TOO_LITTLE} ({ideographs} characters, at least {MIN_IDEOGRAPHS})"
    if len(touching) > MAX_TOUCHING_SHARE * ideographs:
        return touching[0], (
            f"{len(touching)} of its {ideographs} Chinese characters touch Latin letters "
            f"(at most {MAX_TOUCHING_SHARE:.0%})"
        )
    if upper < MIN_UPPER_LEAD_SHARE * ideographs:
        return first, (
            f"{upper} of its {ideographs} characters have a first byte of 0xC9 or more, as "
            "about half of Chinese characters do (Korean in EUC-KR has none)"
        )
    if common < MIN_COMMON_SHARE * ideographs:
        return rare[0], (
            f"only {common / ideographs:.0%} of its Chinese characters are common ones "
            f"(at least {MIN_COMMON_SHARE:.0%})"
        )
    return None


def _is_ideograph(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or o >= 0x20000


def _is_chinese_mark(ch: str) -> bool:
    """Punctuation and symbols Chinese text uses (GB2312's symbol rows, no letters)."""
    o = ord(ch)
    return (
        ch in "°±·×÷"
        or 0x2010 <= o <= 0x206F  # general punctuation: — ‘ ’ “ ” …
        or 0x2100 <= o <= 0x22FF  # letterlike symbols, Roman numerals, arrows, maths
        or 0x2460 <= o <= 0x24FF  # ① ⑴ ⒈
        or 0x25A0 <= o <= 0x26FF  # ■ □ ▲ ○ ● ★
        or 0x3000 <= o <= 0x303F  # ideographic space, 、。《》【】
        or 0xFF01 <= o <= 0xFF20  # fullwidth punctuation and digits: （ ） ， ： ０-９
        or 0xFF3B <= o <= 0xFF40
        or 0xFF5B <= o <= 0xFF65
        or 0xFFE0 <= o <= 0xFFE6  # ￥
    )


def _is_fullwidth_letter(ch: str) -> bool:
    return "\uff21" <= ch <= "\uff3a" or "\uff41" <= ch <= "\uff5a"


def _is_latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _cell_at(text: str, position: int) -> str:
    """The cell (between delimiters) around ``position``, stripped of quotes."""
    start = max(text.rfind(sep, 0, position) for sep in ",;\t\n") + 1
    ends = [e for e in (text.find(sep, position) for sep in ",;\t\r\n") if e != -1]
    return text[start : min(ends, default=len(text))].strip().strip('"').strip()


_WESTERN_MARKS = frozenset("–—‘’‚“”„…€ºª°·´«»¿¡\u00a0")


def _western_sample(data: bytes) -> tuple[int, str] | None:
    """``(row, cell)``: the first cell, as Windows-1252 reads it, with accented letters
    inside Latin words (``Mayagüez``, ``1º``), when every non-ASCII cell is Latin words
    with letters and a little punctuation; else None. Central European, Turkish or Baltic
    text reads wrongly in Windows-1252 (``£ódzkie``) but still as Latin words.

    >>> _western_sample('code,name\\n1,"São Paulo"\\n'.encode("cp1252"))
    (1, 'São Paulo')
    >>> _western_sample("洛阳市,老城区".encode("gbk")) is None  # 'ÂåÑôÊÐ' is no Latin word
    True
    >>> _western_sample("*ST中基,TCL科技".encode("gbk")) is None  # 'TCL¿Æ¼¼': ¼ is no letter
    True
    """
    text = data.decode("cp1252", errors="replace")
    found = None
    for match in re.finditer(r"[^,;\t\r\n]+", text):
        cell = match.group().strip().strip('"').strip()
        if cell.isascii():
            continue
        if not any(c.isascii() and c.isalpha() for c in cell):
            return None  # no Latin word at all: not a single-byte Latin-script file
        wide = [(i, c) for i, c in enumerate(cell) if not c.isascii()]
        if any(not c.isalpha() and c not in _WESTERN_MARKS and c != "£" for _, c in wide):
            return None  # symbols where letters should be: not Latin text
        inside_words = any(
            c.isalpha() and ((i > 0 and cell[i - 1].isalnum()) or cell[i + 1 : i + 2].isalnum())
            for i, c in wide
        ) or any(c in "ºª°" and i > 0 and cell[i - 1].isdigit() for i, c in wide)
        if found is None and inside_words:
            found = (text.count("\n", 0, match.start()), cell)
    return found


def _refuse_undetected(data: bytes, gbk_refusal: tuple[int, str] | None) -> Decoded:
    """The refusal of a file that is not UTF-8 and not Chinese GBK: the readings it has
    (Windows-1252 when its non-ASCII characters sit inside Latin words, GBK when it
    decodes), so that the user sees which is theirs, and the encodings to declare."""
    western = _western_sample(data)
    readings, row = [], None
    if western is not None:
        row, cell = western
        readings.append(f"as Windows-1252 row {row} reads {cell!r}")
    if gbk_refusal is not None:
        gbk_row, why = gbk_refusal
        readings.append(why)
        row = gbk_row if row is None else row
    if western is not None:
        head = "not UTF-8; it looks like a Western single-byte encoding: "
        choices = _DECLARE
    elif gbk_refusal is not None:
        head = "not UTF-8, and "
        choices = _DECLARE_CHINESE_FIRST
    else:
        head, choices = "not UTF-8, GBK or GB18030", _DECLARE
        row = _row_of_offset(data, _utf8_error_offset(data))
    rule = (
        f"unreadable encoding: {head}{'; '.join(readings)}; save the file as UTF-8, or "
        f"declare its encoding in dataset.json ({choices})"
    )
    return Decoded(None, None, rule=rule, row=row)


#: Latin-script single-byte codecs: text declared in one reads as Latin words.
_LATIN_CODECS = frozenset(
    ["cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "latin_1", "iso8859-1", "mac-roman"]
    + [f"iso8859-{n}" for n in (2, 3, 4, 9, 10, 13, 14, 15, 16)]
)


def _wrong_declaration(text: str, declared: str) -> tuple[int, str] | None:
    """``(position, why)`` when ``text`` cannot be what ``declared`` encodes: GBK with an
    ideograph inside a Latin word (a Windows-1252 file), or a Latin codec whose text has
    cells of symbols between accented letters (``ÐÂ½®Î¬Îá``, GBK read as Windows-1252)."""
    if declared in ("gbk", "gb18030", "gb2312"):
        evidence = chinese_evidence(text, declared)
        if evidence is not None and "inside a" in evidence[1]:
            return evidence
    elif declared in _LATIN_CODECS:
        for match in re.finditer(r"[^,;\t\r\n]+", text):
            wide = [c for c in match.group() if not c.isascii()]
            symbols = [c for c in wide if not c.isalpha() and c not in _WESTERN_MARKS]
            if len(wide) >= 3 and len(symbols) >= 0.3 * len(wide):
                return match.start(), "symbols between its accented letters: not words"
    return None


def _decode_declared(data: bytes, declared: str) -> Decoded:
    note = "declared in dataset.json"
    utf8 = codecs.lookup(declared).name == "utf-8"
    if utf8 and data.startswith(codecs.BOM_UTF8):
        declared = "utf-8-sig"
    if not utf8 and not data.isascii():
        try:
            as_utf8 = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        else:  # non-ASCII bytes that are valid UTF-8 are almost never another encoding
            position = next(i for i, c in enumerate(as_utf8) if not c.isascii())
            row = as_utf8.count("\n", 0, position)
            rule = (
                f"unreadable encoding: dataset.json declares {declared}, but the file is "
                f"UTF-8 (row {row} reads {_cell_at(as_utf8, position)!r} in UTF-8); save "
                'every text file in the declared encoding, or all as UTF-8 and remove "encoding"'
            )
            return Decoded(None, None, rule=rule, row=row)
    try:
        text = data.decode(declared)
    except UnicodeDecodeError as err:
        rule = (
            f"unreadable encoding: byte {err.start} is not {declared}, the encoding "
            'dataset.json declares; correct its "encoding" or save the file as UTF-8'
        )
        return Decoded(None, None, rule=rule, row=_row_of_offset(data, err.start))
    wrong = _wrong_declaration(text, codecs.lookup(declared).name)
    if wrong is not None:
        row = text.count("\n", 0, wrong[0])
        rule = (
            f"unreadable encoding: dataset.json declares {declared}, but in it row {row} "
            f'reads {_cell_at(text, wrong[0])!r} ({wrong[1]}); correct "encoding" in '
            f"dataset.json ({_DECLARE}) or save the file as UTF-8"
        )
        return Decoded(None, None, rule=rule, row=row)
    control = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text)
    if control is not None and control.group() == "\x00":
        rule = (
            "unreadable encoding: NUL bytes (a UTF-16 file?), not text in the declared "
            f"{declared}; save the file as UTF-8"
        )
        return Decoded(None, None, rule=rule, row=text.count("\n", 0, control.start()))
    if control is not None:
        row = text.count("\n", 0, control.start())
        rule = (
            f"unreadable encoding: in {declared}, row {row} has the control character "
            f"{control.group()!r} (a file from Excel on Windows is cp1252, not latin-1: "
            'declare "cp1252"); correct "encoding" in dataset.json or save the file as UTF-8'
        )
        return Decoded(None, None, rule=rule, row=row)
    return Decoded(text, declared, note)


def _truncated_utf8(data: bytes) -> int | None:
    """Line index of the end when ``data`` is UTF-8 cut inside its last character, else None.

    Only when the part before the cut is UTF-8 with non-ASCII text (evidence that the file
    is UTF-8): a single-byte file whose last byte is an accented letter is not truncated.
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data" and err.end == len(data):
            head = data[: err.start]
            try:
                head.decode("utf-8")
            except UnicodeDecodeError:
                return None
            return None if head.isascii() else _row_of_offset(data, err.start)
    return None


def _utf8_error_offset(data: bytes) -> int:
    """The offset of the first byte that is not UTF-8 (0 when all of it is)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return 0


def _row_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, max(offset, 0))


def _mixed_encoding_rows(data: bytes) -> tuple[int, int] | None:
    """``(utf8_row, other_row)`` when a file that is not UTF-8 has UTF-8 rows too.

    A row counts as UTF-8 when it decodes as UTF-8 and either has Chinese characters
    that would read as mojibake in GBK (not GBK, or GBK characters outside GB2312) or
    accented Latin letters inside a Latin word (``Bogotá``, which GBK reads
    ``Bogot谩``); a row counts as other when it is not UTF-8 but is GB18030 (which
    GBK rows are). Rows are line indexes
    (0 = header).

    >>> _mixed_encoding_rows("a\\n南山区\\n".encode() + "宝安区\\n".encode("gbk"))
    (1, 2)
    >>> _mixed_encoding_rows("a\\n南山区\\n".encode("gbk") + "Bogotá\\n".encode())
    (2, 1)
    >>> _mixed_encoding_rows("a\\n南山区\\n宝安区\\n".encode("gbk")) is None
    True
    """
    utf8_row = other_row = None
    for i, line in enumerate(data.split(b"\n")):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            if other_row is None and _decodes(line, "gb18030"):  # a row in another encoding
                other_row = i
        else:
            if utf8_row is None and (_utf8_chinese(text, line) or _utf8_latin_word(text)):
                utf8_row = i
        if utf8_row is not None and other_row is not None:
            return utf8_row, other_row
    return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _utf8_chinese(text: str, line: bytes) -> bool:
    if not any("\u4e00" <= c <= "\u9fff" for c in text):
        return False
    try:
        line.decode("gbk").encode("gb2312")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return True
    return False


def _utf8_latin_word(text: str) -> bool:
    """Whether every non-ASCII character of a UTF-8 row is an accented Latin letter (Latin-1
    and Latin Extended-A) and one of them sits inside a Latin word: Western text, which a
    GBK row that happens to be valid UTF-8 almost never is (``ST泉为`` reads ``STȪΪ``)."""
    wide = [(i, c) for i, c in enumerate(text) if not c.isascii()]
    return all("\u00c0" <= c <= "\u017f" and c.isalpha() for _, c in wide) and any(
        (i > 0 and _is_latin_letter(text[i - 1])) or _is_latin_letter(text[i + 1 : i + 2])
        for i, _ in wide
    )
