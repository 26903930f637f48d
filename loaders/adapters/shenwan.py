"""The Shenwan (申万) 2021 industry classification: its industries and listed companies' industries.

Two published files, one JSON object a line (UTF-8):

- industries: ``{"code": "330300", "name": "小家电"}``, six-digit codes in three levels
  (``XX0000`` level 1, ``XXXX00`` level 2, others level 3). Read by
  :func:`read_shenwan_industries` into ``industries`` (``code, name, level,
  parent_code``); the parent is the code's own prefix (``330301`` -> ``330300`` ->
  ``330000``), and with ``parents=`` (the published child -> parent links,
  ``{"from_code", "to_code"}``) each link is checked against it.
- company assignments: ``{"company_code": "000651.SZ", "industry_code": "330102",
  "industry_name": ..., "company_name": ...}``. Read by :func:`read_shenwan_companies`
  into ``assignments`` (``ticker, exchange, industry_code, industry_name``), the exchange
  suffix upper-cased (one line writes ``.sz``).

The company file and the industry list are not of the same revision: some
assignments use a code the list does not have or has under another name (the
caller decides, by name, which industry of the list is meant; see the bundled-data
README).

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> t = read_shenwan_industries(_industries_example(d))["industries"]
>>> t.values.tolist()
[['330000', '家用电器', 'level1', nan], ['330300', '小家电', 'level2', '330000'], ['330301', '厨房小家电', 'level3', '330300']]
>>> read_shenwan_companies(_companies_example(d))["assignments"].values.tolist()
[['002242', 'SZ', '330301', '厨房小家电']]
"""  # noqa: E501

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from clusteratlas.loaders.adapters.base import Adapter, SourceTables, data_error, reading

__all__ = ["ADAPTERS", "read_shenwan_companies", "read_shenwan_industries"]

LEVELS = ("level1", "level2", "level3")


def _shenwan_level(code: str) -> str:
    """``level1`` for ``XX0000``, ``level2`` for ``XXXX00``, else ``level3``.

    >>> _shenwan_level("330000"), _shenwan_level("330300"), _shenwan_level("330301")
    ('level1', 'level2', 'level3')
    """
    if code.endswith("0000"):
        return "level1"
    return "level2" if code.endswith("00") else "level3"


def _parent(code: str) -> str | None:
    level = _shenwan_level(code)
    if level == "level1":
        return None
    return code[:2] + "0000" if level == "level2" else code[:4] + "00"


def _lines(path: str | Path) -> list[dict[str, object]]:
    rows = []
    with reading(path), open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as e:
                raise data_error(path, f"not a JSON object a line ({e.msg})", row=number) from e
            if not isinstance(item, dict):
                raise data_error(path, "not a JSON object a line", row=number)
            rows.append(item)
    return rows


def read_shenwan_industries(path: str | Path, *, parents: str | Path | None = None) -> SourceTables:
    """Read the industry list into ``industries`` (``code, name, level, parent_code``).

    ``notes["parent_links"]`` counts the published links checked when ``parents`` is
    given.

    Parameters
    ----------
    path : str or Path
        The industry list (JSON lines ``{"code": "330301", "name": ...}``).
    parents : str or Path, optional
        The published parent links (JSON lines ``{"from_code", "to_code"}``), checked
        against the code structure.

    Returns
    -------
    SourceTables
        ``industries``: ``code, name, level`` (``level1``..``level3``, from the code),
        ``parent_code``, sorted by code.

    Raises
    ------
    DataValidationError
        A line that is not ``{"code", "name"}`` with a six-digit code, a duplicate
        code, a code whose parent is not in the list, or a published link that
        contradicts the code structure.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     t = read_shenwan_industries(ADAPTERS[0].example(Path(d)))
    >>> t["industries"]["level"].tolist()
    ['level1', 'level2', 'level3']
    """
    items = _lines(path)
    rows = []
    for number, item in enumerate(items, start=1):
        code, name = str(item.get("code", "")), item.get("name")
        if not (len(code) == 6 and code.isdigit()) or not isinstance(name, str):
            raise data_error(path, "expected {code: six digits, name}", row=number, value=item)
        rows.append((code, name, _shenwan_level(code), _parent(code)))
    frame = pd.DataFrame(rows, columns=["code", "name", "level", "parent_code"])
    dup = frame["code"].duplicated()
    if dup.any():
        raise data_error(path, "duplicate code", value=frame.loc[dup, "code"].iloc[0])
    known = set(frame["code"])
    orphan = frame["parent_code"].notna() & ~frame["parent_code"].isin(known)
    if orphan.any():
        raise data_error(
            path, "parent code not in the list", value=frame.loc[orphan, "code"].iloc[0]
        )
    notes: dict[str, object] = {}
    if parents is not None:
        expected = dict(zip(frame["code"], frame["parent_code"], strict=True))
        links = _lines(parents)
        for number, link in enumerate(links, start=1):
            child, parent = str(link.get("from_code")), str(link.get("to_code"))
            if expected.get(child) != parent:
                raise data_error(
                    parents, f"link {child} -> {parent} contradicts the code structure", row=number
                )
        notes["parent_links"] = len(links)
    order = frame.sort_values("code").reset_index(drop=True)
    return SourceTables("shenwan-industries", str(path), {"industries": order}, notes)


def read_shenwan_companies(path: str | Path) -> SourceTables:
    """Read the company assignments into ``assignments``
    (``ticker, exchange, industry_code, industry_name``), sorted by exchange and ticker.

    Parameters
    ----------
    path : str or Path
        The assignments (JSON lines ``{"company_code": "000063.SZ", "industry_code",
        "industry_name"}``).

    Returns
    -------
    SourceTables
        ``assignments``, as above.

    Raises
    ------
    DataValidationError
        A line without ``company_code`` (``NNNNNN.XX``) or ``industry_code``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     t = read_shenwan_companies(ADAPTERS[1].example(Path(d)))
    >>> t["assignments"].columns.tolist()
    ['ticker', 'exchange', 'industry_code', 'industry_name']
    """
    rows = []
    for number, item in enumerate(_lines(path), start=1):
        company, industry = str(item.get("company_code", "")), str(item.get("industry_code", ""))
        ticker, _, exchange = company.partition(".")
        if not (ticker.isdigit() and exchange and industry.isdigit()):
            raise data_error(path, "expected company_code NNNNNN.XX and industry_code", row=number)
        rows.append((ticker.zfill(6), exchange.upper(), industry, str(item.get("industry_name"))))
    frame = pd.DataFrame(rows, columns=["ticker", "exchange", "industry_code", "industry_name"])
    frame = frame.sort_values(["exchange", "ticker"]).reset_index(drop=True)
    return SourceTables("shenwan-company-industries", str(path), {"assignments": frame})


def _industries_example(directory: Path) -> Path:
    path = directory / "sw_industries_example.jsonl"
    lines = [
        {"code": "330000", "name": "家用电器"},
        {"code": "330300", "name": "小家电"},
        {"code": "330301", "name": "厨房小家电"},
    ]
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    return path


def _companies_example(directory: Path) -> Path:
    path = directory / "sw_companies_example.jsonl"
    line = {"company_code": "002242.sz", "industry_code": "330301", "industry_name": "厨房小家电"}
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", "utf-8")
    return path


ADAPTERS = (
    Adapter(
        name="shenwan-industries",
        description="Shenwan 2021 industry classification, three levels (jsonl: code, name)",
        tables=("industries",),
        read=read_shenwan_industries,
        example=_industries_example,
    ),
    Adapter(
        name="shenwan-company-industries",
        description="listed companies' Shenwan 2021 level-3 industries (jsonl)",
        tables=("assignments",),
        read=read_shenwan_companies,
        example=_companies_example,
    ),
)
