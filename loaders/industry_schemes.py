"""Industry classification schemes used by the bundled China data, and their mapping, as data.

Three schemes share one code namespace (``SCHEME:LOCAL``):

- ``GB4754``: the 20 sections of GB/T 4754-2017 (``GB4754:A`` .. ``GB4754:T``),
  the scheme of the census county tables and the national employment series;
- ``CSRC``: the 19 sections of the CSRC listed-company classification (2012),
  the ``所属行业`` column of the exchange lists (``CSRC:A`` .. ``CSRC:S``);
- ``NBS42``: the 42 sectors of the national input-output tables (``NBS42:01`` ..).

Mappings (``parent_code`` in the industries table):

- ``CSRC:X -> GB4754:X`` (same letter, as PROVENANCE.md states). One caveat:
  ``CSRC:S`` is 综合 (conglomerates), which has no GB/T 4754 counterpart; the
  letter join puts it under ``GB4754:S`` (public administration) by convention only.
- ``NBS42 -> GB4754`` by :data:`NBS42_TO_GB4754` (01 -> A; 02-05 -> B; 06-23 -> C;
  24-26 -> D; 27 -> E; 28 -> F; 29 -> G; 30 -> H; 31 -> I; 32 -> J; 33 -> K;
  34 -> L; 35-36 -> M; 37 -> N; 38 -> O; 39 -> P; 40 -> Q; 41 -> R; 42 -> S).

Examples
--------
>>> NBS42_TO_GB4754["06"], NBS42_TO_GB4754["35"], NBS42_TO_GB4754["42"]
('C', 'M', 'S')
>>> gb4754_code("C"), csrc_code("I"), nbs42_code("6")
('GB4754:C', 'CSRC:I', 'NBS42:06')
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import pandas as pd

__all__ = [
    "CSRC_SECTIONS",
    "GB4754_2002_TO_2017",
    "GB4754_SECTIONS",
    "NBS42_TO_GB4754",
    "csrc_code",
    "gb4754_code",
    "industries_table",
    "nbs42_code",
]

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

    >>> gb4754_code("t")
    'GB4754:T'
    """
    return f"GB4754:{letter.strip().upper()}"


def csrc_code(letter: str) -> str:
    """Namespaced CSRC section code, e.g. ``CSRC:C``.

    >>> csrc_code(" c ")
    'CSRC:C'
    """
    return f"CSRC:{letter.strip().upper()}"


def nbs42_code(sector: str | int) -> str:
    """Namespaced NBS 42-sector code, zero-padded, e.g. ``NBS42:06``.

    >>> nbs42_code(42)
    'NBS42:42'
    """
    return f"NBS42:{int(sector):02d}"


def industries_table(nbs42_names: Mapping[str, str]) -> pd.DataFrame:
    """The industries table of the three schemes, with the mappings as ``parent_code``.

    Parameters
    ----------
    nbs42_names
        NBS42 sector code (``"01"``..``"42"``) -> Chinese name, as published in the
        input-output table (``DescriptionInChinese``).

    Returns
    -------
    DataFrame
        Columns ``code, name, scheme, level, parent_code``: 20 GB4754 sections
        (no parent), 19 CSRC sections (parent: same-letter GB4754 section) and the
        NBS42 sectors given (parent: :data:`NBS42_TO_GB4754`).

    >>> t = industries_table({"06": "煤炭"})
    >>> t.loc[t.code == "NBS42:06", "parent_code"].item()
    'GB4754:C'
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
    frame = pd.DataFrame(rows, columns=["code", "name", "scheme", "level", "parent_code"])
    return frame
