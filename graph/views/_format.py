"""Numbers, units and words for the views: what a value means, written as an analyst reads it.

Money in yuan is written with Chinese magnitudes (1.0万亿元, 5,000亿元), shares as
percentages (3.88%), centralities as ranks ("#12 of 2,000"). Units of measures come
from the data (a ``unit`` column of ``region_industries``, ``dataset.json`` ``units``
by measure or by measure and region level), and whether they are sample counts from
``dataset.json`` ``samples``; a measure with no declared unit shows none instead of a
guess.

>>> yuan(1.0e12)
'1.0万亿元'
>>> percent(0.0388)
'3.88%'
>>> rank_text(12, 2000)
'#12 of 2,000'
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import pandas as pd

from clusteratlas.graph.analytics.firms import EXCHANGE_NAMES
from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "QUALIFIERS",
    "companies_phrase",
    "company_size_column",
    "grouping_word",
    "indicator_text",
    "io_unit",
    "magnitudes_for",
    "measure_unit",
    "number",
    "percent",
    "qualifier_signs",
    "rank_text",
    "unit_phrase",
    "yuan",
]


_YUAN_FACTORS = {
    "cny": 1.0,
    "yuan": 1.0,
    "元": 1.0,
    "rmb": 1.0,
    "10,000 cny": 1e4,
    "10000 cny": 1e4,
    "万元": 1e4,
    "10,000 cny (万元)": 1e4,
    "100 million cny": 1e8,
    "亿元": 1e8,
}


def page_language(texts: Any) -> str:
    """The page's ``<html lang>``: ``zh-CN`` when most of ``texts`` (its names) hold Chinese
    characters (CJK fonts then pick the right glyphs), else ``en`` (the pages' own words
    are English; ``--lang en`` and other countries' data).

    >>> page_language(["昆山市", "江阴市", "Kunshan"]), page_language(["Kunshan City"])
    ('zh-CN', 'en')
    """
    items = [str(t) for t in texts]
    cjk = sum(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in items)
    return "zh-CN" if items and cjk > len(items) / 2 else "en"


def number(value: Any, digits: int = 3) -> str:
    """A number for a tooltip: thousands separators for large ones, ``digits`` significant
    figures for small ones, "n/a" for missing.

    >>> number(111359.0), number(0.012345), number(float("nan"))
    ('111,359', '0.0123', 'n/a')
    """
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "n/a"
    if not math.isfinite(v):
        return "n/a"
    if abs(v) >= 1000 or v == int(v):
        return f"{v:,.0f}"
    return f"{v:.{digits}g}"


def percent(share: Any) -> str:
    """A share (0..1) as a percentage: two decimals below 10%, one above.

    >>> percent(0.412), percent(0.00049)
    ('41.2%', '0.05%')
    """
    try:
        v = float(share)
    except (TypeError, ValueError):
        return "n/a"
    if not math.isfinite(v):
        return "n/a"
    return f"{v:.1%}" if abs(v) >= 0.1 else f"{v:.2%}"


_ENGLISH_MAGNITUDES: ContextVar[bool] = ContextVar("english_magnitudes", default=False)


@contextmanager
def magnitudes_for(lang: Any) -> Iterator[None]:
    """Within the block, :func:`yuan` writes English magnitudes when ``lang`` is ``en``
    (``500 billion yuan`` for ``5,000亿元``): the pages of ``--lang en`` (the CLI and
    :func:`~clusteratlas.graph.views.write_demo_views` enter it).

    >>> with magnitudes_for("en"):
    ...     yuan(5e11)
    '500 billion yuan'
    >>> yuan(5e11)
    '5,000亿元'
    """
    token = _ENGLISH_MAGNITUDES.set(lang == "en")
    try:
        yield
    finally:
        _ENGLISH_MAGNITUDES.reset(token)


def yuan(amount: Any, unit: str = "CNY") -> str:
    """An amount of money in ``unit`` (CNY, 10,000 CNY / 万元, 100 million CNY / 亿元) written
    in yuan with a Chinese magnitude: 万亿元 (10^12), 亿元 (10^8), 万元 (10^4), 元.

    >>> yuan(5e11), yuan(8.97e7, "10,000 CNY"), yuan(3.07e6, "万元")
    ('5,000亿元', '8,970亿元', '307亿元')
    """
    try:
        v = float(amount) * _YUAN_FACTORS.get(str(unit).strip().lower(), 1.0)
    except (TypeError, ValueError):
        return "n/a"
    if not math.isfinite(v):
        return "n/a"
    if _ENGLISH_MAGNITUDES.get():  # short scale, as English writes money
        for scale, word in ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")):
            if abs(v) >= scale:
                x = v / scale
                return f"{x:,.1f}{word} yuan" if x < 10 else f"{x:,.0f}{word} yuan"
        return f"{v:,.0f} yuan"
    for scale, word in ((1e12, "万亿元"), (1e8, "亿元"), (1e4, "万元")):
        if abs(v) >= scale:
            x = v / scale
            return f"{x:,.1f}{word}" if x < 10 else f"{x:,.0f}{word}"
    return f"{v:,.0f}元"


def rank_text(rank: Any, total: int) -> str:
    """A rank among ``total`` ("#12 of 2,000").

    >>> rank_text(1, 8)
    '#1 of 8'
    """
    return f"#{int(rank):,} of {int(total):,}"


QUALIFIERS = {
    "lower_bound": (">", "more than"),
    "upper_bound": ("<", "less than"),
    "approximate": ("≈", "about"),
    "exact": ("", ""),
}
"""``region_indicators.qualifier`` -> (sign, words) a page keeps with the value: the
article's "more than 500 billion yuan" stays a lower bound."""


def qualifier_signs(qualifier: Any) -> tuple[str, str]:
    """The (sign, words) of a ``region_indicators.qualifier``: ``(">", "more than")`` for a
    lower bound; ``("", "")`` for exact or not stated; an unknown qualifier is kept in words.

    >>> qualifier_signs("lower_bound"), qualifier_signs(None), qualifier_signs("rounded")
    (('>', 'more than'), ('', ''), ('', 'rounded'))
    """
    if qualifier is None or (isinstance(qualifier, float) and math.isnan(qualifier)):
        return ("", "")
    q = str(qualifier).strip()
    if not q or q.lower() in ("nan", "<na>", "none"):
        return ("", "")
    return QUALIFIERS.get(q, ("", q.replace("_", " ")))


def indicator_text(name: str, value: Any, unit: Any, qualifier: Any = None) -> str:
    """An indicator as a reader says it: shares in %, money in yuan magnitudes, counts plain;
    a ``qualifier`` keeps its sign and words (a lower bound is never printed as exact).

    >>> indicator_text("gdp", 1e12, "CNY"), indicator_text("rd_share_of_gdp", 0.0388, "share")
    ('GDP: 1.0万亿元', 'R&D share of GDP: 3.88%')
    >>> indicator_text("invention_patents_per_10k_people", 860, "count per 10k people")
    'invention patents per 10k people: 860'
    >>> indicator_text("gdp", 5e11, "CNY", "lower_bound")
    'GDP: > 5,000亿元 (more than)'
    """
    words = {"gdp": "GDP", "rd": "R&D"}
    label = " ".join(words.get(w, w) for w in str(name).split("_"))
    u = "" if unit is None or (isinstance(unit, float) and math.isnan(unit)) else str(unit)
    low = u.strip().lower()
    if low == "share":
        text = percent(value)
    elif low in _YUAN_FACTORS:
        text = yuan(value, u)
    elif low.startswith("count"):
        text = number(value)
    else:
        text = f"{number(value)} {u}".strip()
    sign, said = qualifier_signs(qualifier)
    return f"{label}: {sign + ' ' if sign else ''}{text}{f' ({said})' if said else ''}"


def measure_unit(dataset: Dataset, measure: str, level: str | None = None) -> str:
    """The unit of ``measure`` (at region level ``level``): from a ``unit`` column of
    ``region_industries`` when it has one value for the measure, else ``dataset.json``
    ``units`` (:func:`~clusteratlas.loaders.dataset_json.unit_of`); "" when the data do
    not say.

    >>> from clusteratlas.loaders.bundled import load_bundled
    >>> china = load_bundled("china")
    >>> measure_unit(china, "employment", "county"), measure_unit(china, "employment", "country")
    ('persons', '10,000 persons (万人)')
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> measure_unit(toy_dataset(), "employment")
    ''
    """
    from clusteratlas.loaders.dataset_json import unit_of

    ri = dataset.region_industries
    if "unit" in ri.columns:
        units = ri.loc[ri["measure"] == measure, "unit"].dropna().astype(str).unique()
        if len(units) == 1:
            return str(units[0])
    return unit_of(dataset.metadata, measure, level) or ""


def unit_phrase(dataset: Dataset, measure: str, level: str | None, unit: str | None = None) -> str:
    """What a value of ``measure`` at ``level`` is, for a page: what it counts in the data's
    own words (``dataset.json`` ``measure_labels``, when they say), its unit (``unit``, else
    :func:`measure_unit`) and, when ``dataset.json`` ``samples`` declares the measure a
    sample count at that level, that it is one ("compare shares, not levels").

    >>> from clusteratlas.loaders.bundled import load_bundled
    >>> unit_phrase(load_bundled("china"), "employment", "county")
    'employed residents by place of residence, census long-form sample; persons, sample counts: compare shares, not levels'
    >>> unit_phrase(load_bundled("china"), "gross_output", "country")
    'gross output (input-output table); 10,000 CNY (万元)'
    """  # noqa: E501
    from clusteratlas.loaders.dataset_json import is_sample_count, measure_label

    unit = unit or measure_unit(dataset, measure, level)
    sampled = is_sample_count(dataset.metadata, measure, level)
    label = measure_label(dataset.metadata, measure, level)
    parts = [f"{label}; {unit}" if label and unit else label or unit] if label or unit else []
    if sampled:
        parts.append("sample counts: compare shares, not levels")
    return ", ".join(parts)


def io_unit(dataset: Dataset) -> str:
    """The unit of input-output flows z_ij: ``dataset.json`` ``units["flow"]``, else the unit
    of the national ``gross_output`` the table's coefficients divide by ("" when the data do
    not say).

    >>> from clusteratlas.loaders.bundled import load_bundled
    >>> io_unit(load_bundled("china"))
    '10,000 CNY (万元)'
    """
    from clusteratlas.loaders.dataset_json import unit_of

    meta = dataset.metadata
    return unit_of(meta, "flow") or measure_unit(dataset, "gross_output", "country")


def grouping_word(dataset: Dataset, codes: Any) -> str:
    """What the roots of the industry hierarchy are called in the data ("section" for
    GB/T 4754), from the ``level`` of ``codes``; "industry group" when mixed or unknown.

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> grouping_word(toy_dataset(), ["GB4754:A", "GB4754:C"])
    'GB4754 section'
    """
    ind = dataset.industries.set_index("code")
    rows = ind.loc[[c for c in codes if c in ind.index]]
    levels: list[str] = (
        sorted(rows["level"].dropna().astype(str).unique()) if "level" in rows else []
    )
    schemes: list[str] = (
        sorted(rows["scheme"].dropna().astype(str).unique()) if "scheme" in rows else []
    )
    if len(levels) == 1:
        return f"{schemes[0]} {levels[0]}" if len(schemes) == 1 else str(levels[0])
    return "industry group"


def company_size_column(companies: pd.DataFrame) -> str | None:
    """The first company size column with any value: market_cap, revenue, employees; else None.

    >>> company_size_column(pd.DataFrame({"market_cap": [None], "revenue": [3.0]}))
    'revenue'
    """
    for column in ("market_cap", "revenue", "employees"):
        if column in companies.columns and companies[column].notna().any():
            return column
    return None


def companies_phrase(companies: pd.DataFrame) -> str:
    """Which companies the data holds, by exchange ("Shenzhen-listed companies only").

    >>> companies_phrase(pd.DataFrame({"exchange": ["SZSE", "SZSE"]}))
    'Shenzhen-listed companies only (SZSE)'
    >>> companies_phrase(pd.DataFrame({"exchange": [None]}))
    'companies of the dataset'
    """
    if "exchange" not in companies.columns:
        return "companies of the dataset"
    exchanges = sorted(companies["exchange"].dropna().astype(str).unique())
    if len(exchanges) == 1:
        code = exchanges[0]
        place = EXCHANGE_NAMES.get(code.upper(), "").removesuffix(" Stock Exchange")
        return (
            f"{place}-listed companies only ({code})" if place else f"{code}-listed companies only"
        )
    if exchanges:
        return "companies listed on " + ", ".join(exchanges)
    return "companies of the dataset"
