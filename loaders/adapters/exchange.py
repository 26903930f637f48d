"""An exchange's A-share company list (xlsx) -> companies placed in regions, with CSRC sections.

The Shenzhen Stock Exchange's published list has 22 columns whose header cells
carry padding spaces (``'省    份'``); headers are compared with all whitespace
removed. Columns used: ``A股代码``, ``A股简称``, ``注册地址``, ``A股上市日期``,
``所属行业`` (``"C 制造业"``: the CSRC section letter first), ``省份``, ``城市``.

Only factual fields are kept: code, short name (padding spaces removed: ``万  科Ａ`` ->
``万科Ａ``), region, industry section and
listing date (the list states no licence; attribute it to the exchange). The
region is the county the registered address resolves to, else the prefecture or
province it does resolve to (:class:`~clusteratlas.loaders.address.AddressResolver`);
``placements`` says which, and why, for every company.

Examples
--------
>>> import pandas as pd, tempfile, pathlib
>>> from clusteratlas.loaders.address import AddressResolver
>>> regions = pd.DataFrame({"code": ["440000", "440300", "440305"],
...     "name": ["广东省", "深圳市", "南山区"], "level": ["province", "prefecture", "county"],
...     "parent_code": [None, "440000", "440300"]})
>>> p = pathlib.Path(tempfile.mkdtemp()) / "szse.xlsx"
>>> pd.DataFrame({"A股代码": ["000063"], "A股简称": ["中兴通讯"], "A股上市日期": ["1997-11-18"],
...     "注册地址": ["广东省深圳市南山区高新技术产业园科技南路中兴通讯大厦"],
...     "省    份": ["广东"], "城     市": ["深圳市"], "所属行业": ["C 制造业"]}
... ).to_excel(p, index=False)
>>> t = read_exchange_list(p, AddressResolver(regions))
>>> t["companies"][["id", "name", "region_code"]].values.tolist()
[['SZSE:000063', '中兴通讯', '440305']]
>>> t["company_industries"]["industry_code"].tolist()
['CSRC:C']
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from clusteratlas.loaders.adapters.base import Adapter, SourceTables, data_error, reading
from clusteratlas.loaders.address import AddressResolver
from clusteratlas.loaders.industry_schemes import csrc_code

__all__ = ["ADAPTER", "read_exchange_list"]

REQUIRED = ("A股代码", "A股简称", "注册地址", "A股上市日期", "所属行业")


def read_exchange_list(
    path: str | Path, resolver: AddressResolver | None = None, *, exchange: str = "SZSE"
) -> SourceTables:
    """Read the list and place every company from its registered address.

    Returns ``companies`` and ``company_industries`` (canonical columns) and
    ``placements`` (``id, address, code, level, reason``: where each company was placed
    and why). ``resolver`` places addresses; by default one over the bundled China
    regions (no townships or old names: the bundled-data build passes a fuller one).
    Rows without an A-share code are skipped.

    Parameters
    ----------
    path : str or Path
        The exchange's list (xlsx, SZSE layout: ``A股代码``, ``A股简称``, ``A股上市日期``,
        ``所属行业``, ``注册地址``...).
    resolver : AddressResolver, optional
        Places registered addresses in regions; default one over the bundled China
        regions.
    exchange : str, default "SZSE"
        The exchange code: ids are ``<exchange>:<code>``.

    Returns
    -------
    SourceTables
        ``companies``, ``company_industries`` and ``placements``.

    Raises
    ------
    DataValidationError
        Each missing column, when the headers do not match the published layout.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     t = read_exchange_list(ADAPTER.example(Path(d)))
    >>> t["companies"][["id", "name", "region_code"]].values.tolist()
    [['SZSE:000063', '中兴通讯', '440305']]
    """
    if resolver is None:
        from clusteratlas.loaders.bundled import load_bundled

        resolver = AddressResolver(load_bundled("china").regions)
    with reading(path):
        frame = pd.read_excel(path, dtype=str)
    frame.columns = pd.Index([re.sub(r"\s+", "", str(c)) for c in frame.columns])
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise data_error(path, f"missing columns {missing}", column=missing[0])
    frame = frame[frame["A股代码"].notna()].copy()
    tickers = frame["A股代码"].str.strip().str.zfill(6)
    province = frame["省份"] if "省份" in frame.columns else pd.Series(None, index=frame.index)
    city = frame["城市"] if "城市" in frame.columns else pd.Series(None, index=frame.index)
    placed = [
        resolver.resolve(
            addr,
            province_hint=None if pd.isna(pv) else str(pv),
            city_hint=None if pd.isna(ct) else str(ct),
        )
        for addr, pv, ct in zip(frame["注册地址"], province, city, strict=True)
    ]
    ids = (exchange + ":" + tickers).to_numpy()
    companies = pd.DataFrame(
        {
            "id": ids,
            "name": frame["A股简称"].str.replace(r"\s+", "", regex=True).to_numpy(),
            "exchange": exchange,
            "ticker": tickers.to_numpy(),
            "region_code": [p.code for p in placed],
            "listed_on": pd.to_datetime(
                frame["A股上市日期"].str.strip(), errors="coerce"
            ).to_numpy(),
        }
    )
    letters = frame["所属行业"].str.strip().str.extract(r"^([A-Z])\b", expand=False)
    company_industries = pd.DataFrame(
        {"company_id": ids, "industry_code": letters.map(csrc_code, na_action="ignore").to_numpy()}
    ).dropna(subset=["industry_code"])
    company_industries["share"] = 1.0
    company_industries["primary"] = True
    placements = pd.DataFrame(
        {
            "id": ids,
            "address": frame["注册地址"].to_numpy(),
            "code": [p.code for p in placed],
            "level": [p.level for p in placed],
            "reason": [p.reason for p in placed],
            "basis": [p.basis for p in placed],
        }
    )
    tables = {
        "companies": companies.sort_values("id").reset_index(drop=True),
        "company_industries": company_industries.sort_values("company_id").reset_index(drop=True),
        "placements": placements.sort_values("id").reset_index(drop=True),
    }
    return SourceTables("szse-a-share-list", str(path), tables)


def _example(directory: Path) -> Path:
    path = directory / "szse_example.xlsx"
    pd.DataFrame(
        {
            "A股代码": ["000063"],
            "A股简称": ["中兴通讯"],
            "A股上市日期": ["1997-11-18"],
            "注册地址": ["广东省深圳市南山区高新技术产业园科技南路中兴通讯大厦"],
            "省    份": ["广东"],
            "城     市": ["深圳市"],
            "所属行业": ["C 制造业"],
        }
    ).to_excel(path, index=False)
    return path


ADAPTER = Adapter(
    name="szse-a-share-list",
    description="an exchange's A-share company list (xlsx, SZSE layout): companies placed in "
    "their county from the registered address, with the CSRC section",
    tables=("companies", "company_industries", "placements"),
    read=read_exchange_list,
    example=_example,
)
