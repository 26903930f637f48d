"""Industry classification schemes used by the bundled China data, and their mapping, as data.

Four schemes share one code namespace (``SCHEME:LOCAL``):

- ``GB4754``: the 20 sections of GB/T 4754-2017 (``GB4754:A`` .. ``GB4754:T``),
  the scheme of the census county tables and the national employment series;
- ``CSRC``: the 19 sections of the CSRC listed-company classification (2012),
  the ``所属行业`` column of the exchange lists (``CSRC:A`` .. ``CSRC:S``);
- ``NBS42``: the 42 sectors of the national input-output tables (``NBS42:01`` ..);
- ``SW2021``: the Shenwan 2021 classification of listed companies in three levels
  (``SW2021:330000`` 家用电器 > ``SW2021:330300`` 小家电 > ``SW2021:330301``), finer
  than the CSRC sections.

Mappings (``parent_code`` in the industries table):

- ``CSRC:X -> GB4754:X`` (same letter, as PROVENANCE.md states). One caveat:
  ``CSRC:S`` is 综合 (conglomerates), which has no GB/T 4754 counterpart; the
  letter join puts it under ``GB4754:S`` (public administration) by convention only.
- ``NBS42 -> GB4754`` by :data:`NBS42_TO_GB4754` (01 -> A; 02-05 -> B; 06-23 -> C;
  24-26 -> D; 27 -> E; 28 -> F; 29 -> G; 30 -> H; 31 -> I; 32 -> J; 33 -> K;
  34 -> L; 35-36 -> M; 37 -> N; 38 -> O; 39 -> P; 40 -> Q; 41 -> R; 42 -> S).
- ``THREE_SECTORS``: the official Chinese grouping of the GB/T 4754 sections into the
  primary (A), secondary (B-E) and tertiary (F-T) industries, the grouping of related
  variety for the bundled data, which ship it in ``dataset.json`` ``industry_groups``
  (:func:`three_sector_groups`).
- ``SW2021``: its own hierarchy (level 3 -> level 2 -> level 1, a level-1 industry has
  no parent). Its link to the input-output sectors is a judgement table, kept as data
  (``loaders/reference/sw2021_nbs42.csv``: every level-1 and level-2 industry, and the
  level-3 industries whose sector differs from their parent's, each with its basis;
  :func:`read_sw2021_nbs42`, :func:`sw2021_io_sector`). The bundled data ship it as
  their ``industry_crosswalk`` table (:func:`sw2021_crosswalk`), so that the analytics
  read it from the dataset like any user's concordance.

Examples
--------
>>> NBS42_TO_GB4754["06"], NBS42_TO_GB4754["35"], NBS42_TO_GB4754["42"]
('C', 'M', 'S')
>>> gb4754_code("C"), csrc_code("I"), nbs42_code("6")
('GB4754:C', 'CSRC:I', 'NBS42:06')
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import pandas as pd

__all__ = [
    "CSRC_SECTIONS",
    "GB4754_2002_TO_2017",
    "GB4754_MARKETS",
    "GB4754_SECTIONS",
    "MARKETS",
    "NBS42_TO_GB4754",
    "SW2021",
    "SW2021_NBS42",
    "THREE_SECTORS",
    "csrc_code",
    "gb4754_code",
    "industries_table",
    "industry_markets",
    "nbs42_code",
    "read_sw2021_nbs42",
    "sw2021_code",
    "sw2021_crosswalk",
    "sw2021_io_sector",
    "three_sector_groups",
]

SW2021 = "SW2021"
"""Scheme name of the Shenwan 2021 classification."""

SW2021_NBS42 = Path(__file__).resolve().parent / "reference" / "sw2021_nbs42.csv"
"""The judgement table SW2021 industry -> NBS42 input-output sector (with basis)."""

GB4754_SECTIONS: Mapping[str, str] = MappingProxyType(
    {
        "A": "农、林、牧、渔业",
        "B": "采矿业",
        "C": "制造业",
        "D": "电力、热力、燃气及水生产和供应业",
        "E": "建筑业",
        "F": "批发和零售业",
        "G": "交通运输、仓储和邮政业",
        "H": "住宿和餐饮业",
        "I": "信息传输、软件和信息技术服务业",
        "J": "金融业",
        "K": "房地产业",
        "L": "租赁和商务服务业",
        "M": "科学研究和技术服务业",
        "N": "水利、环境和公共设施管理业",
        "O": "居民服务、修理和其他服务业",
        "P": "教育",
        "Q": "卫生和社会工作",
        "R": "文化、体育和娱乐业",
        "S": "公共管理、社会保障和社会组织",
        "T": "国际组织",
    }
)
"""GB/T 4754-2017 sections (letter -> name); identical letters and scope in GB/T 4754-2011."""

CSRC_SECTIONS: Mapping[str, str] = MappingProxyType(
    {**{k: v for k, v in GB4754_SECTIONS.items() if k not in ("S", "T")}, "S": "综合"}
)
"""CSRC 上市公司行业分类指引 (2012) sections: A-R as GB/T 4754, S = 综合 (conglomerates)."""

GB4754_2002_TO_2017: Mapping[str, str] = MappingProxyType(
    {**{k: k for k in GB4754_SECTIONS}, "F": "G", "G": "I", "H": "F", "I": "H"}
)
"""GB/T 4754-2002 section letter -> 2011/2017 letter (the 2010 census uses the 2002 sections:
F transport, G information, H wholesale/retail, I hotels; the others keep their letter)."""


THREE_SECTORS: Mapping[str, str] = MappingProxyType(
    {
        letter: ("primary" if letter == "A" else "secondary" if letter in "BCDE" else "tertiary")
        for letter in GB4754_SECTIONS
    }
)
"""GB/T 4754 section letter -> primary / secondary / tertiary industry: the official
Chinese three-sector grouping (三次产业划分规定: agriculture primary; mining,
manufacturing, utilities and construction secondary; the rest tertiary)."""

THREE_SECTORS_NAME = "three sectors (official Chinese grouping)"
"""The name of the grouping in ``dataset.json`` ``industry_groups``."""


def three_sector_groups() -> dict[str, object]:
    """The ``industry_groups`` of the bundled data's ``dataset.json``: each ``GB4754``
    section code -> its sector (:data:`THREE_SECTORS`), under a name.

    Returns
    -------
    dict
        ``{"name": ..., "groups": {"GB4754:A": "primary", ...}}``.

    Examples
    --------
    >>> g = three_sector_groups()
    >>> g["name"], g["groups"]["GB4754:A"], g["groups"]["GB4754:E"], g["groups"]["GB4754:F"]
    ('three sectors (official Chinese grouping)', 'primary', 'secondary', 'tertiary')
    """
    return {
        "name": THREE_SECTORS_NAME,
        "groups": {gb4754_code(letter): group for letter, group in THREE_SECTORS.items()},
    }


MARKETS = ("traded", "resource", "mixed", "local")
"""The market kinds of ``dataset.json`` ``industry_markets``: where an industry's output
goes, after Porter (2003) and Delgado, Porter & Stern (2016): *traded* (sold across
regions, so free to concentrate where it is most productive), *resource* (located where
the natural resource is), *local* (serving the region's own population, in every region
in proportion to it: utilities, construction, real estate, schools, hospitals, public
administration), *mixed* (a section that holds both traded and local industries and
that section-level data cannot split: wholesale with retail, hotels with restaurants)."""

GB4754_MARKETS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "A": ("resource", "farming, forestry and fishing follow land and water (Porter 2003)"),
        "B": ("resource", "mining follows the deposits (Porter 2003)"),
        "C": ("traded", "manufactured goods are shipped across regions (all US CMP traded)"),
        "D": ("mixed", "power generation is traded (US CMP), gas, water and grids local"),
        "E": ("local", "construction is done where it is sold (US CMP local construction)"),
        "F": ("mixed", "wholesale is traded (US CMP distribution), retail local"),
        "G": ("mixed", "freight and logistics are traded, urban transit and post local"),
        "H": ("mixed", "hotels serve visitors (US CMP hospitality), catering residents"),
        "I": ("traded", "telecoms, software and IT services are sold nationally"),
        "J": ("mixed", "securities and insurance are traded, branch banking local"),
        "K": ("local", "real estate is sold where it stands (US CMP local real estate)"),
        "L": ("mixed", "business services are traded (US CMP), rental and security local"),
        "M": ("traded", "research and technical services (US CMP knowledge creation)"),
        "N": ("local", "water works, environment and public facilities serve residents"),
        "O": ("local", "household services and repair serve residents (US CMP local)"),
        "P": ("local", "schools, most of its workers, serve residents; universities are few"),
        "Q": ("local", "health and social care serve residents (US CMP local health)"),
        "R": ("mixed", "media and performing arts are traded, local culture and sport not"),
        "S": ("local", "public administration serves its own jurisdiction"),
        "T": ("local", "international organisations: no market, a handful of offices"),
    }
)
"""GB/T 4754 section letter -> (market kind, why): the judgement behind
``industry_markets`` of the bundled data, made at the section level the census counts
workers at, by the traded / local / resource-dependent split of the US Cluster Mapping
Project (Delgado, Porter & Stern 2016; Porter 2003) applied to what each section holds.
NBS42 input-output sectors take their section's kind, but repair services (NBS42:23,
in manufacturing) and gas and water supply (NBS42:25, 26, in utilities) are local."""


def industry_markets() -> dict[str, object]:
    """The ``industry_markets`` of the bundled data's ``dataset.json``: each GB/T 4754
    section and NBS42 sector -> its market kind (:data:`GB4754_MARKETS`), with the source.

    Returns
    -------
    dict
        ``{"source": ..., "markets": {"GB4754:A": "resource", ..., "NBS42:42": "local"}}``.

    Examples
    --------
    >>> m = industry_markets()["markets"]
    >>> m["GB4754:C"], m["GB4754:K"], m["NBS42:08"], m["NBS42:23"], m["NBS42:26"]
    ('traded', 'local', 'traded', 'local', 'local')
    """
    markets = {gb4754_code(letter): kind for letter, (kind, _) in GB4754_MARKETS.items()}
    for number, letter in _nbs42_mapping().items():
        local = number in ("23", "25", "26")  # repair; gas and water supply
        kind = "local" if local else GB4754_MARKETS[letter][0]
        markets[nbs42_code(number)] = kind
    return {
        "source": (
            "clusteratlas judgement (loaders/industry_schemes.py GB4754_MARKETS): the US "
            "Cluster Mapping traded / local / resource-dependent split (Delgado, Porter & "
            "Stern 2016; Porter 2003) applied to GB/T 4754 sections"
        ),
        "markets": markets,
    }


def _nbs42_mapping() -> Mapping[str, str]:
    ranges = [
        ("A", 1, 1), ("B", 2, 5), ("C", 6, 23), ("D", 24, 26), ("E", 27, 27),
        ("F", 28, 28), ("G", 29, 29), ("H", 30, 30), ("I", 31, 31), ("J", 32, 32),
        ("K", 33, 33), ("L", 34, 34), ("M", 35, 36), ("N", 37, 37), ("O", 38, 38),
        ("P", 39, 39), ("Q", 40, 40), ("R", 41, 41), ("S", 42, 42),
    ]  # fmt: skip
    return MappingProxyType(
        {f"{n:02d}": letter for letter, lo, hi in ranges for n in range(lo, hi + 1)}
    )


NBS42_TO_GB4754: Mapping[str, str] = _nbs42_mapping()
"""NBS 42-sector input-output code (``"01"``..``"42"``) -> GB/T 4754 section letter."""


def gb4754_code(letter: str) -> str:
    """Namespaced GB/T 4754 section code, e.g. ``GB4754:C``.

    Parameters
    ----------
    letter : str
        The section letter (any case, surrounding spaces ignored).

    Returns
    -------
    str

    Examples
    --------
    >>> gb4754_code("t")
    'GB4754:T'
    """
    return f"GB4754:{letter.strip().upper()}"


def csrc_code(letter: str) -> str:
    """Namespaced CSRC section code, e.g. ``CSRC:C``.

    Parameters
    ----------
    letter : str
        The section letter (any case, surrounding spaces ignored).

    Returns
    -------
    str

    Examples
    --------
    >>> csrc_code(" c ")
    'CSRC:C'
    """
    return f"CSRC:{letter.strip().upper()}"


def nbs42_code(sector: str | int) -> str:
    """Namespaced NBS 42-sector code, zero-padded, e.g. ``NBS42:06``.

    Parameters
    ----------
    sector : str or int
        The sector number (``"6"``, ``"06"`` or ``6``).

    Returns
    -------
    str

    Examples
    --------
    >>> nbs42_code(42)
    'NBS42:42'
    """
    return f"NBS42:{int(sector):02d}"


def industries_table(
    nbs42_names: Mapping[str, str],
    english: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The industries table of the three schemes, with the mappings as ``parent_code``.

    Parameters
    ----------
    nbs42_names : mapping of str to str
        NBS42 sector code (``"01"``..``"42"``) -> Chinese name, as published in the
        input-output table (``DescriptionInChinese``).
    english : mapping of str to str, optional
        Industry code (``GB4754:C``, ``NBS42:06``) -> the official English name as its
        publisher gives it (the ``name_en`` column; empty for the others).

    Returns
    -------
    DataFrame
        Columns ``code, name, name_en, scheme, level, parent_code``: 20 GB4754 sections
        (no parent), 19 CSRC sections (parent: same-letter GB4754 section) and the
        NBS42 sectors given (parent: :data:`NBS42_TO_GB4754`).

    Examples
    --------
    >>> t = industries_table({"06": "煤炭"}, {"GB4754:C": "Manufacturing"})
    >>> t.loc[t.code == "NBS42:06", "parent_code"].item()
    'GB4754:C'
    >>> t.loc[t.code == "GB4754:C", "name_en"].item()
    'Manufacturing'
    >>> t.scheme.value_counts().to_dict()
    {'GB4754': 20, 'CSRC': 19, 'NBS42': 1}
    """
    rows: list[dict[str, str | None]] = []
    for letter, name in GB4754_SECTIONS.items():
        rows.append(
            {"code": gb4754_code(letter), "name": name, "scheme": "GB4754", "level": "section"}
        )
    for letter, name in CSRC_SECTIONS.items():
        rows.append(
            {
                "code": csrc_code(letter),
                "name": name,
                "scheme": "CSRC",
                "level": "section",
                "parent_code": gb4754_code(letter),
            }
        )
    for sector in sorted(nbs42_names):
        rows.append(
            {
                "code": nbs42_code(sector),
                "name": nbs42_names[sector],
                "scheme": "NBS42",
                "level": "sector",
                "parent_code": gb4754_code(NBS42_TO_GB4754[f"{int(sector):02d}"]),
            }
        )
    english = english or {}
    for row in rows:
        row["name_en"] = english.get(str(row["code"]))
    return pd.DataFrame(rows, columns=["code", "name", "name_en", "scheme", "level", "parent_code"])


def sw2021_code(code: str | int) -> str:
    """``SW2021:`` + the six-digit Shenwan code.

    Parameters
    ----------
    code : str or int
        The Shenwan 2021 code (zero-padded to six digits).

    Returns
    -------
    str

    Examples
    --------
    >>> sw2021_code("330300"), sw2021_code(110100)
    ('SW2021:330300', 'SW2021:110100')
    """
    return f"{SW2021}:{int(code):06d}"


def _sw2021_parent(code: str) -> str | None:
    """The parent of a (namespaced or bare) Shenwan 2021 code by its structure, None at level 1.

    >>> _sw2021_parent("SW2021:330301"), _sw2021_parent("SW2021:330300"), _sw2021_parent("330000")
    ('SW2021:330300', 'SW2021:330000', None)
    """
    prefix, _, local = code.rpartition(":")
    head = f"{prefix}:" if prefix else ""
    if local.endswith("0000"):
        return None
    return head + (local[:2] + "0000" if local.endswith("00") else local[:4] + "00")


def read_sw2021_nbs42(path: str | Path = SW2021_NBS42) -> pd.DataFrame:
    """The SW2021 -> NBS42 judgement table: ``sw_code, sw_name, sw_level, nbs42_code,
    nbs42_name, basis`` (codes namespaced).

    Parameters
    ----------
    path : str or Path, default SW2021_NBS42
        The CSV; default the package's reference table.

    Returns
    -------
    DataFrame
        Text columns, one row per Shenwan industry the table maps (levels 1 to 3).

    Examples
    --------
    >>> t = read_sw2021_nbs42()
    >>> t.set_index("sw_code").loc["SW2021:330300", ["nbs42_code", "nbs42_name"]].tolist()
    ['NBS42:19', '电气机械和器材']
    >>> int((t["sw_level"] == "level1").sum())
    31
    """
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def sw2021_crosswalk(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The judgement table as the dataset's ``industry_crosswalk`` table: ``from_code``
    (the SW2021 industry), ``to_code`` (its NBS42 sector), ``weight`` (empty: the whole
    industry) and ``basis``, one row per row of :func:`read_sw2021_nbs42`.

    Parameters
    ----------
    table : DataFrame, optional
        A judgement table; default :func:`read_sw2021_nbs42`.

    Returns
    -------
    DataFrame
        ``from_code, to_code, weight, basis`` (empty ``basis`` as None).

    Examples
    --------
    >>> t = sw2021_crosswalk()
    >>> t.set_index("from_code").loc["SW2021:330300", ["to_code", "basis"]].tolist()
    ['NBS42:19', 'small household appliances (C385)']
    >>> len(t), t["weight"].isna().all()
    (169, np.True_)
    """
    table = read_sw2021_nbs42() if table is None else table
    return pd.DataFrame(
        {
            "from_code": table["sw_code"],
            "to_code": table["nbs42_code"],
            "weight": pd.Series([None] * len(table), index=table.index, dtype="float64"),
            "basis": table["basis"].where(table["basis"] != "", None),
        }
    )


def sw2021_io_sector(code: str, table: pd.DataFrame | None = None) -> str | None:
    """The NBS42 sector of a Shenwan 2021 industry: the table's row for the code, else for
    its parent, else its level-1 industry (None when none is in the table).

    Parameters
    ----------
    code : str
        A namespaced Shenwan 2021 code (``SW2021:330301``).
    table : DataFrame, optional
        A judgement table; default :func:`read_sw2021_nbs42` (read once).

    Returns
    -------
    str or None
        The NBS42 sector code.

    Examples
    --------
    >>> sw2021_io_sector("SW2021:330301")  # 厨房小家电 -> 小家电 -> electrical machinery
    'NBS42:19'
    >>> sw2021_io_sector("SW2021:640107")  # 仪器仪表 has its own row
    'NBS42:21'
    """
    rows = _sw_lookup(table)
    node: str | None = code
    while node is not None:
        if node in rows:
            return rows[node]
        node = _sw2021_parent(node)
    return None


_SW_CACHE: dict[int, dict[str, str]] = {}


def _sw_lookup(table: pd.DataFrame | None) -> dict[str, str]:
    if table is None:
        if -1 not in _SW_CACHE:
            default = read_sw2021_nbs42()
            _SW_CACHE[-1] = dict(zip(default["sw_code"], default["nbs42_code"], strict=True))
        return _SW_CACHE[-1]
    return dict(zip(table["sw_code"], table["nbs42_code"], strict=True))
