"""Names in English: the one place that decides what ``--lang en`` shows for a Chinese name,
and where each English name comes from.

``--lang zh`` (the default) keeps every name as the data publish it: Chinese for the bundled
data, whatever language a user's data use. ``--lang en`` swaps the names of regions and
industries for English ones (:func:`localise`) before any table, view or report is made,
so every output shows the same names; codes never change. A name with no Chinese character
is already in its language and stays as it is, so ``--lang`` changes nothing for such data.

Rules (every English name carries its source, :func:`name_table`):

- **regions** (source ``pinyin``): the Hanyu Pinyin of the name without its administrative
  suffix, written as one word, capitalised, syllables that could run together separated by
  an apostrophe (``西安`` → ``Xi'an``; GB/T 16159-2012), then the suffix in English
  (:data:`SUFFIX_EN`: 市 City, or Municipality for a province-level city; 县 County; 区
  District; 自治县 Autonomous County; 旗 Banner ...): ``昆山市`` → ``Kunshan City``. The
  ethnic groups an autonomous area names are written by :data:`ETHNIC_EN` (GB/T 3304-1991
  romanisation; Mongolian, Tibetan, Korean, Manchu, Russian as in the official English names
  of autonomous areas): ``长阳土家族自治县`` → ``Changyang Tujia Autonomous County``.
  Exonyms in common use replace the pinyin of a few stems (:data:`EXONYMS`: 中国 China,
  内蒙古 Inner Mongolia). Readings come from ``pypinyin`` (no tones); the first character
  of a place name is read as :data:`PLACE_READINGS` says (长 chang in 长治 and 长阳, 朝
  chao in 朝阳), where ``pypinyin`` would read it otherwise. Two regions may share an
  English name as they share a Chinese one (two 朝阳区): exported tables carry the
  province and prefecture beside it.
- **industries**: the data's own ``name_en`` (source ``name_en``: for the bundled data,
  NBS's published English of the GB/T 4754 sections and the 42 input-output sectors);
  else the English of its parent in another scheme, marked with that scheme
  (source ``parent``: a CSRC section is a GB/T 4754 section, ``CSRC:C`` →
  ``Manufacturing (GB4754 section)``); else of its only child in another scheme
  (source ``child``: ``GB4754:K`` 房地产业 → ``Real estate (NBS42 sector)``); else the
  Chinese name with the English of the input-output sector the data's crosswalk maps it
  (or its nearest parent) to, marked as approximate (source ``crosswalk``: Shenwan
  ``SW2021:270100`` 半导体 → ``半导体 ≈ Communication equipment, computers and other
  electronic equipment``), since Shenwan publishes no English for the data to carry; else
  the Chinese name with its pinyin, marked (source ``pinyin``).
- **companies**: the name as registered, unchanged: a pinyin of a short name misleads
  (万科 is Vanke), and the stock code beside it on every page identifies the firm.

>>> english_region_name("昆山市", "county"), english_region_name("北京市", "province")
('Kunshan City', 'Beijing Municipality')
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import pandas as pd

from clusteratlas.errors import UsageError
from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "ETHNIC_EN",
    "EXONYMS",
    "LANGS",
    "NAME_COLUMNS",
    "PLACE_READINGS",
    "SUFFIX_EN",
    "check_lang",
    "english_industry_names",
    "english_region_name",
    "has_chinese",
    "localise",
    "name_table",
    "names_in",
    "pinyin_word",
    "search_names",
]

LANGS = ("zh", "en")
"""The languages of ``--lang``: ``zh`` the names as published, ``en`` English."""

#: Administrative suffixes in English, longest first (``市`` of a province: Municipality).
SUFFIX_EN: tuple[tuple[str, str], ...] = (
    ("特别行政区", "Special Administrative Region"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("自治州", "Autonomous Prefecture"),
    ("自治区", "Autonomous Region"),
    ("林区", "Forestry District"),
    ("特区", "Special District"),
    ("新区", "New Area"),
    ("地区", "Prefecture"),
    ("省", "Province"),
    ("市", "City"),
    ("区", "District"),
    ("县", "County"),
    ("旗", "Banner"),
    ("盟", "League"),
)

#: Ethnic groups named by autonomous areas, in English (GB/T 3304-1991 romanisation;
#: the adjectives of the official English names of autonomous areas where English has one).
ETHNIC_EN: Mapping[str, str] = {
    "蒙古": "Mongolian", "回": "Hui", "藏": "Tibetan", "维吾尔": "Uygur", "苗": "Miao",
    "彝": "Yi", "壮": "Zhuang", "布依": "Bouyei", "朝鲜": "Korean", "满": "Manchu",
    "侗": "Dong", "瑶": "Yao", "白": "Bai", "土家": "Tujia", "哈尼": "Hani",
    "哈萨克": "Kazak", "傣": "Dai", "黎": "Li", "傈僳": "Lisu", "佤": "Va", "畲": "She",
    "高山": "Gaoshan", "拉祜": "Lahu", "水": "Shui", "东乡": "Dongxiang", "纳西": "Naxi",
    "景颇": "Jingpo", "柯尔克孜": "Kirgiz", "土": "Tu", "达斡尔": "Daur", "仫佬": "Mulao",
    "羌": "Qiang", "布朗": "Blang", "撒拉": "Salar", "毛南": "Maonan", "仡佬": "Gelao",
    "锡伯": "Xibe", "阿昌": "Achang", "普米": "Pumi", "塔吉克": "Tajik", "怒": "Nu",
    "乌孜别克": "Uzbek", "俄罗斯": "Russian", "鄂温克": "Ewenki", "德昂": "De'ang",
    "保安": "Bonan", "裕固": "Yugur", "京": "Gin", "塔塔尔": "Tatar", "独龙": "Derung",
    "鄂伦春": "Oroqen", "赫哲": "Hezhen", "门巴": "Monba", "珞巴": "Lhoba", "基诺": "Jino",
    "各": "",
}  # fmt: skip

#: Stems whose English name in common use is not their pinyin: 陕西 is spelt Shaanxi (the
#: official romanisation that tells it from 山西 Shanxi), and a few cities and prefectures are
#: known by their own languages' names (Urumqi, Kashgar, Hotan, Hohhot, Xilin Gol, Harbin).
EXONYMS: Mapping[str, str] = {"中国": "China", "内蒙古": "Inner Mongolia", "香港": "Hong Kong",
                              "澳门": "Macao", "陕西": "Shaanxi", "乌鲁木齐": "Urumqi",
                              "喀什": "Kashgar", "和田": "Hotan", "呼和浩特": "Hohhot",
                              "锡林郭勒": "Xilin Gol", "哈尔滨": "Harbin"}  # fmt: skip

#: The reading of a place name's first character where ``pypinyin`` reads it otherwise.
PLACE_READINGS: Mapping[str, str] = {"长": "chang", "朝": "chao"}

_VOWEL_START = ("a", "o", "e")


def check_lang(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGS`, else a usage error naming them.

    Parameters
    ----------
    lang : str
        What the user asked for.

    Returns
    -------
    str
        ``lang``.

    Raises
    ------
    UsageError
        ``lang`` is not one of :data:`LANGS`.

    Examples
    --------
    >>> check_lang("en")
    'en'
    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    clusteratlas.errors.UsageError: unknown language 'fr'; languages: zh, en
    """
    if lang not in LANGS:
        raise UsageError(f"unknown language {lang!r}; languages: {', '.join(LANGS)}")
    return lang


def has_chinese(text: Any) -> bool:
    """Whether ``text`` has a CJK unified ideograph (U+3400..U+9FFF).

    Parameters
    ----------
    text : object
        A name (anything else is not Chinese).

    Returns
    -------
    bool
        True when one character is a Chinese ideograph.

    Examples
    --------
    >>> has_chinese("昆山市"), has_chinese("Barcelona"), has_chinese(None)
    (True, False, False)
    """
    return isinstance(text, str) and any("\u3400" <= ch <= "\u9fff" for ch in text)


@functools.lru_cache(maxsize=65536)
def _readings(text: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin  # lazy: ~0.2 s of dictionaries

    return tuple(lazy_pinyin(text, v_to_u=True))


def pinyin_word(text: str, place: bool = True) -> str:
    """``text`` in pinyin as one capitalised word, without tones, an apostrophe before a
    syllable that starts with a, o or e (GB/T 16159-2012); with ``place``, the first
    character read as :data:`PLACE_READINGS` says.

    Parameters
    ----------
    text : str
        Chinese characters.
    place : bool, default True
        Whether ``text`` is a place name (its first character's reading corrected).

    Returns
    -------
    str
        The pinyin word.

    Examples
    --------
    >>> pinyin_word("西安"), pinyin_word("长治"), pinyin_word("吕梁"), pinyin_word("半导体", False)
    ("Xi'an", 'Changzhi', 'Lüliang', 'Bandaoti')
    """
    syllables = list(_readings(text))
    if place and syllables and text[:1] in PLACE_READINGS:
        syllables[0] = PLACE_READINGS[text[:1]]
    out = ""
    for i, s in enumerate(syllables):
        out += ("'" if i and s[:1] in _VOWEL_START else "") + s
    return out[:1].upper() + out[1:]


def _ethnic_tail(stem: str) -> tuple[str, list[str]]:
    """Split ``长阳土家族`` into ``长阳`` and ``["Tujia"]``, ``新疆维吾尔`` into ``新疆`` and
    ``["Uygur"]``."""
    groups: list[str] = []
    while True:  # 族 ends an ethnic group's name; one of three characters or more may omit it
        body = stem[:-1] if stem.endswith("族") else stem
        match = max(
            (e for e in ETHNIC_EN if body.endswith(e) and (body != stem or len(e) >= 3)),
            key=len,
            default=None,
        )
        if match is None or len(body) == len(match):
            break
        if ETHNIC_EN[match]:
            groups.insert(0, ETHNIC_EN[match])
        stem = body[: -len(match)]
    return stem, groups


def english_region_name(name: str, level: str | None = None) -> str:
    """The English name of a Chinese region (the module's rule): pinyin of the stem, the
    ethnic groups of an autonomous area, the suffix in English; a name with no Chinese
    character is returned as it is.

    Parameters
    ----------
    name : str
        The name as published (``昆山市``).
    level : str, optional
        Its level: a ``province`` whose name ends in 市 is a Municipality.

    Returns
    -------
    str
        ``Kunshan City``.

    Examples
    --------
    >>> english_region_name("南山区"), english_region_name("长阳土家族自治县")
    ('Nanshan District', 'Changyang Tujia Autonomous County')
    >>> e = english_region_name
    >>> e("新疆维吾尔自治区"), e("矿区"), e("Girona")
    ('Xinjiang Uygur Autonomous Region', 'Kuang District', 'Girona')
    """
    name = str(name)
    if not has_chinese(name):
        return name
    suffix_en = ""
    stem = name
    for suffix, english in SUFFIX_EN:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem, suffix_en = name[: -len(suffix)], english
            if suffix == "市" and level == "province":
                suffix_en = "Municipality"
            break
    groups: list[str] = []
    if suffix_en.startswith("Autonomous"):
        stem, groups = _ethnic_tail(stem)
    place = EXONYMS.get(stem) or pinyin_word(stem)
    return " ".join(part for part in (place, *groups, suffix_en) if part)


def english_industry_names(
    industries: pd.DataFrame, crosswalk: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The English name of every industry and its source, by the module's rules.

    Parameters
    ----------
    industries : DataFrame
        ``code, name, scheme, parent_code`` and optionally ``name_en``.
    crosswalk : DataFrame, optional
        ``from_code, to_code`` (the dataset's ``industry_crosswalk``).

    Returns
    -------
    DataFrame
        ``code, name_en, name_en_source`` (``name_en``, ``parent``, ``child``,
        ``crosswalk``, ``pinyin`` or ``as published``), one row per industry.

    Examples
    --------
    >>> t = pd.DataFrame({"code": ["GB4754:C", "CSRC:C", "X:1"],
    ...     "name": ["制造业", "制造业", "半导体"],
    ...     "scheme": ["GB4754", "CSRC", "X"], "parent_code": [None, "GB4754:C", None],
    ...     "level": ["section", "section", "industry"],
    ...     "name_en": ["Manufacturing", None, None]})
    >>> english_industry_names(t)["name_en"].tolist()
    ['Manufacturing', 'Manufacturing (GB4754 section)', '半导体 (Bandaoti, pinyin)']
    """
    codes = industries["code"].astype(str).tolist()
    names = dict(zip(codes, industries["name"].astype(str), strict=True))
    schemes = dict(zip(codes, industries["scheme"].astype(str), strict=True))
    parents = {
        c: (p if isinstance(p, str) and p else None)
        for c, p in zip(codes, industries["parent_code"], strict=True)
    }
    own = {}
    if "name_en" in industries.columns:
        own = {
            c: str(e).strip()
            for c, e in zip(codes, industries["name_en"], strict=True)
            if isinstance(e, str) and e.strip()
        }
    children: dict[str, list[str]] = {}
    for c, p in parents.items():
        if p is not None:
            children.setdefault(p, []).append(c)
    mapped: dict[str, list[str]] = {}
    if crosswalk is not None and len(crosswalk):
        for f, t in zip(crosswalk["from_code"].astype(str), crosswalk["to_code"].astype(str),
                        strict=True):  # fmt: skip
            mapped.setdefault(f, []).append(t)

    levels = (
        dict(zip(codes, industries["level"].astype(str), strict=True))
        if "level" in industries.columns
        else {}
    )

    def scheme_word(code: str) -> str:  # "GB4754 section": the data's own words
        return f"{schemes.get(code, '')} {levels.get(code, '')}".strip()

    rows = []
    for code in codes:
        name = names[code]
        parent = parents[code]
        kids = [k for k in children.get(code, []) if schemes[k] != schemes[code] and k in own]
        if code in own:
            english, source = own[code], "name_en"
        elif not has_chinese(name):
            english, source = name, "as published"
        elif parent in own and schemes.get(parent) != schemes[code]:
            english, source = f"{own[parent]} ({scheme_word(parent)})", "parent"
        elif len(kids) == 1:
            english, source = own[kids[0]], "child"  # the same activity, one level down
        else:
            node: str | None = code
            seen: set[str] = set()
            target = None
            while node is not None and node not in seen:
                seen.add(node)
                hits = [t for t in mapped.get(node, []) if t in own]
                if len(hits) == 1:
                    target = hits[0]
                    break
                node = parents.get(node)
            if target is not None:
                english, source = f"{name} ≈ {own[target]}", "crosswalk"
            else:
                english, source = f"{name} ({pinyin_word(name, place=False)}, pinyin)", "pinyin"
        rows.append((code, english, source))
    return pd.DataFrame(rows, columns=["code", "name_en", "name_en_source"])


def name_table(dataset: Dataset) -> pd.DataFrame:
    """Every region's and industry's name in both languages, with the English's source.

    Parameters
    ----------
    dataset : Dataset
        Its regions, industries and industry crosswalk.

    Returns
    -------
    DataFrame
        ``kind`` (``region`` or ``industry``), ``code``, ``name`` (as published),
        ``name_en``, ``name_en_source``.

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> t = name_table(toy_dataset()).set_index("code")
    >>> t.loc["100101", ["name", "name_en", "name_en_source"]].tolist()
    ['东县', 'Dong County', 'pinyin']
    """
    return _name_table(dataset).copy()


@functools.lru_cache(maxsize=4)  # a Dataset hashes by identity; it never changes
def _name_table(dataset: Dataset) -> pd.DataFrame:
    regions = dataset.regions
    region_rows = pd.DataFrame(
        {
            "kind": "region",
            "code": regions["code"].astype(str),
            "name": regions["name"].astype(str),
            "name_en": [
                english_region_name(n, lv)
                for n, lv in zip(regions["name"], regions["level"], strict=True)
            ],
            "name_en_source": [
                "pinyin" if has_chinese(n) else "as published" for n in regions["name"]
            ],
        }
    )
    ind = dataset.industries
    english = english_industry_names(ind, dataset.industry_crosswalk)
    industry_rows = pd.DataFrame(
        {"kind": "industry", "code": ind["code"].astype(str), "name": ind["name"].astype(str)}
    ).merge(english, on="code", how="left")
    return pd.concat([region_rows, industry_rows], ignore_index=True)


def _by_kind(table: pd.DataFrame, column: str) -> dict[str, dict[str, str]]:
    """``{"region": {code: value}, "industry": {code: value}}`` (codes may repeat across
    kinds: a region 08 and an industry 08)."""
    return {
        str(kind): dict(zip(part["code"], part[column].astype(str), strict=True))
        for kind, part in table.groupby("kind")
    }


def localise(dataset: Dataset, lang: str) -> Dataset:
    """``dataset`` with its region and industry names in ``lang`` (the module's rules).

    ``zh`` returns ``dataset`` itself; ``en`` returns a copy whose ``regions.name`` and
    ``industries.name`` are English (industries' ``name_en`` too), companies unchanged,
    and whose ``metadata["lang"]`` is ``en`` and ``metadata["names_published"]`` holds each
    region's and industry's name as published (``{"region": {code: name}, "industry":
    {...}}``: what the pages' search also finds and the tables' ``name_zh`` column shows).

    Parameters
    ----------
    dataset : Dataset
        Any dataset.
    lang : {"zh", "en"}
        The language of the names.

    Returns
    -------
    Dataset
        The same tables and codes, names in ``lang``.

    Raises
    ------
    UsageError
        ``lang`` is not one of :data:`LANGS`.

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> en = localise(toy_dataset(), "en")
    >>> en.regions.set_index("code").loc["100101", "name"]
    'Dong County'
    >>> en.metadata["names_published"]["region"]["100101"]
    '东县'
    """
    if check_lang(lang) == "zh":
        return dataset
    table = name_table(dataset)
    english = _by_kind(table, "name_en")
    regions = dataset.regions
    codes = regions["code"].astype(str)
    regions["name"] = codes.map(english.get("region", {})).fillna(regions["name"])
    ind = dataset.industries
    ind["name"] = ind["code"].astype(str).map(english.get("industry", {})).fillna(ind["name"])
    ind["name_en"] = ind["name"]
    published = _by_kind(table, "name")
    metadata = {**dict(dataset.metadata), "lang": "en", "names_published": published}
    out = dataset.replace(regions=regions, industries=ind)
    return Dataset.from_frames(metadata=metadata, **dict(iter(out)))


def _published(dataset: Dataset) -> dict[str, dict[str, str]]:
    """The names as published, by kind: kept by :func:`localise`, else the dataset's own."""
    kept = dataset.metadata.get("names_published")
    return dict(kept) if kept else _by_kind(name_table(dataset), "name")


def search_names(dataset: Dataset) -> dict[str, str]:
    """What a page's search box finds for each region and industry code, in both languages:
    the name as published, its English (:func:`name_table`) and its pinyin.

    Parameters
    ----------
    dataset : Dataset
        The dataset a page was drawn from (localised or not).

    Returns
    -------
    dict
        code -> the names, space-separated (a code that is both a region's and an
        industry's finds both).

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> search_names(toy_dataset())["100101"]
    '东县 Dong County Dongxian'
    """
    return dict(_search_names(dataset))


@functools.lru_cache(maxsize=4)
def _search_names(dataset: Dataset) -> dict[str, str]:
    english = _by_kind(name_table(dataset), "name_en")
    published = _published(dataset)
    out: dict[str, list[str]] = {}
    for kind, names in published.items():
        for code, name in names.items():
            words = out.setdefault(str(code), [])
            words += [str(name), english.get(kind, {}).get(code, "")]
            if has_chinese(name):
                words.append(pinyin_word(str(name), place=False))
    return {c: " ".join(dict.fromkeys(w for w in words if w)) for c, words in out.items()}


#: Name columns of the exported tables: the code column each names, and its kind.
NAME_COLUMNS: Mapping[str, tuple[str, str]] = {
    "name": ("region_code", "region"),
    "region_name": ("region_code", "region"),
    "industry_name": ("industry_code", "industry"),
    "worst_sector_name": ("worst_sector", "industry"),
    "main_dependency_name": ("main_dependency", "industry"),
}


def names_in(frame: pd.DataFrame, dataset: Dataset, lang: str) -> pd.DataFrame:
    """``frame`` (a table of regions or clusters) with its name columns (:data:`NAME_COLUMNS`)
    in ``lang``, by their codes; with ``en``, the region's name as published follows ``name``
    (or ``region_name``) in a column ``name_zh`` (only when some name changed).

    Parameters
    ----------
    frame : DataFrame
        A table with a code column beside each name column (``region_code`` and ``name``...).
    dataset : Dataset
        The data the table was computed from (or its :func:`localise` copy).
    lang : {"zh", "en"}
        The language of the names.

    Returns
    -------
    DataFrame
        A copy with the names in ``lang`` (``zh``: ``frame`` unchanged).

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> t = pd.DataFrame({"region_code": ["100101"], "name": ["东县"]})
    >>> names_in(t, toy_dataset(), "en").to_dict("records")
    [{'region_code': '100101', 'name': 'Dong County', 'name_zh': '东县'}]
    """
    if check_lang(lang) == "zh":
        return frame
    english = _by_kind(name_table(dataset), "name_en")
    published = _published(dataset)
    out = frame.copy()
    main = next((c for c in ("name", "region_name") if c in out.columns), None)
    for column, (code_column, kind) in NAME_COLUMNS.items():
        if column in out.columns and code_column in out.columns:
            codes = out[code_column].astype("string")
            out[column] = codes.map(english.get(kind, {})).fillna(out[column]).astype("object")
    if main is not None and NAME_COLUMNS[main][0] in out.columns:
        codes = out[NAME_COLUMNS[main][0]].astype("string")
        original = codes.map(published.get("region", {})).astype("object")
        if not original.equals(out[main]):
            out.insert(list(out.columns).index(main) + 1, "name_zh", original)
    return out
