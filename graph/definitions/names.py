"""Names for codes: what a user types (``昆山市``, ``崑山市``, ``Kunshan``, ``深圳市南山区``,
``Manufacturing``) to a code, and the search aliases a name has.

Rules, in order: the exact code (an integer such as ``440305`` is taken as its text); the
exact name (traditional characters are converted to simplified first); a name qualified by
its parents (``深圳市南山区``, ``广东省 深圳市 南山区``); the pinyin of a name, with or without
tones, spaces and capitals and without its administrative suffix (``Kunshan``, ``kun shan``,
``Kūnshān`` → 昆山市), or an industry's English name (``Manufacturing`` → GB4754:C); a
unique part of a name (``昆山`` → 昆山市, ``通信设备`` → 通信设备、计算机和其他电子设备).
When several match, the error lists them with their codes and parents (two 南山区, four
鼓楼区); when none does, it suggests the nearest names. Errors are
:class:`~clusteratlas.errors.UsageError` (exit code 2).

Aliases (:func:`name_aliases`) are computed from the names, so any dataset has them: the
Neo4j store writes them on Region and Industry nodes (``name_pinyin``, ``aliases``) for the
fulltext index, and the resolvers here compute the same ones from a dataset's tables.
Pinyin comes from ``pypinyin`` (its phrase dictionary picks the reading of a polyphonic
character; a place name it reads otherwise is found by its characters or code) and
traditional → simplified conversion from ``opencc-python-reimplemented`` (OpenCC's
``t2s`` tables); both are imported on first use.

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> ds = toy_dataset()
>>> resolve_region(ds, "东县"), resolve_region(ds, "甲市东县"), resolve_industry(ds, "通用")
('100101', '100101', 'NBS42:16')
>>> resolve_region(ds, "Dong Xian"), resolve_region(ds, "běixiàn"), resolve_region(ds, 100103)
('100101', '100103', '100103')
>>> resolve_region(ds, "东线")
Traceback (most recent call last):
...
clusteratlas.errors.UsageError: unknown region '东线'; did you mean: 东县 (100101, ...)?
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from clusteratlas.errors import UsageError
from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "industry_code",
    "latin_key",
    "name_aliases",
    "name_pinyin",
    "plain_text",
    "region_code",
    "resolve_company_or_industry",
    "resolve_industry",
    "resolve_region",
    "resolve_regions",
    "short_name",
    "to_simplified",
]

_SEPARATORS = re.compile(r"[\s,，/·・>-]+")

#: Administrative suffixes a user need not type (longest first): 昆山市 → 昆山.
ADMIN_SUFFIXES = (
    "特别行政区",
    "自治县",
    "自治旗",
    "自治州",
    "自治区",
    "林区",
    "特区",
    "新区",
    "地区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
)


def plain_text(text: str) -> str:
    """What a search for ``text`` looks for: traditional characters made simplified
    (:func:`to_simplified`) and tone marks dropped (``Kūnshān`` → ``Kunshan``); spaces and
    capitals are kept (the ``lookup`` query ignores them when it matches aliases).

    Parameters
    ----------
    text : str
        What the user typed.

    Returns
    -------
    str
        The text to search for.

    Examples
    --------
    >>> plain_text("崑山市"), plain_text("Kūnshān"), plain_text("Lǚliáng"), plain_text("万科Ａ")
    ('昆山市', 'Kunshan', 'Luliang', '万科Ａ')
    """
    simplified = to_simplified(str(text).strip())
    out = []
    for ch in simplified:
        decomposition = unicodedata.decomposition(ch)
        if ch.isascii() or not decomposition or decomposition.startswith("<"):
            out.append(ch)  # no canonical decomposition: full-width letters stay
            continue
        base = unicodedata.normalize("NFD", ch)
        stripped = "".join(c for c in base if not unicodedata.combining(c))
        out.append(stripped if stripped.isascii() and stripped.isalpha() else ch)
    return "".join(out)


def short_name(name: str) -> str:
    """``name`` without its administrative suffix (:data:`ADMIN_SUFFIXES`), when at least
    two characters remain; otherwise ``name`` itself.

    Parameters
    ----------
    name : str
        A region's name as published.

    Returns
    -------
    str
        The name a user says (``昆山市`` → ``昆山``, ``浦东新区`` → ``浦东``); unchanged when
        no suffix ends it or only one character would remain (``和县`` stays).

    Examples
    --------
    >>> short_name("昆山市"), short_name("浦东新区"), short_name("和县"), short_name("Mining")
    ('昆山', '浦东', '和县', 'Mining')
    """
    for suffix in ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def latin_key(text: str) -> str:
    """The search key of a Latin text: tone marks dropped, lower case, letters and digits only
    (``ü`` → ``u``).

    Parameters
    ----------
    text : str
        Pinyin or English as a user types it.

    Returns
    -------
    str
        ``Kūnshān``, ``kun shan``, ``KunShan`` all give ``kunshan``.

    Examples
    --------
    >>> latin_key("Kūnshān"), latin_key("kun shan"), latin_key("Lǚliáng"), latin_key("Xi'an")
    ('kunshan', 'kunshan', 'luliang', 'xian')
    """
    plain = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return "".join(ch for ch in plain.lower() if ch.isascii() and ch.isalnum())


@functools.lru_cache(maxsize=1)
def _t2s() -> Any:
    from opencc import OpenCC  # lazy: only lookups and resolvers need it

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` with traditional Chinese characters converted to simplified (OpenCC ``t2s``).

    Parameters
    ----------
    text : str
        Any text; characters with no traditional form, Latin letters and digits pass unchanged.

    Returns
    -------
    str
        The simplified text.

    Examples
    --------
    >>> to_simplified("崑山市"), to_simplified("南山區"), to_simplified("Kunshan 440305")
    ('昆山市', '南山区', 'Kunshan 440305')
    """
    text = str(text)
    if text.isascii():
        return text
    return str(_t2s().convert(text))


@functools.lru_cache(maxsize=65536)
def _syllables(text: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin  # lazy: ~0.2 s of dictionaries

    return tuple(lazy_pinyin(text))


def name_pinyin(name: str) -> str:
    """The toneless pinyin of ``name`` without its administrative suffix, capitalised as a
    place name is written in Latin letters (``昆山市`` → ``Kunshan``).

    Parameters
    ----------
    name : str
        A region or industry name.

    Returns
    -------
    str
        The pinyin (``pypinyin``'s reading; ``ü`` written ``v``); a Latin name is
        returned as it is.

    Examples
    --------
    >>> name_pinyin("昆山市"), name_pinyin("南山区"), name_pinyin("制造业")
    ('Kunshan', 'Nanshan', 'Zhizaoye')
    """
    if str(name).isascii():
        return str(name)
    text = "".join(_syllables(short_name(str(name))))
    return text[:1].upper() + text[1:]


@functools.lru_cache(maxsize=65536)
def name_aliases(name: str) -> tuple[str, ...]:
    """The search keys of a name: the pinyin keys (:func:`latin_key`) of the name and of its
    short form (:func:`short_name`), ``ü`` written both ``u`` and ``v``, and the short form.

    Parameters
    ----------
    name : str
        A region or industry name as published.

    Returns
    -------
    tuple of str
        Distinct keys, in that order. A text that after :func:`latin_key` is one of them
        names this name.

    Examples
    --------
    >>> name_aliases("昆山市")
    ('kunshanshi', 'kunshan', '昆山')
    >>> name_aliases("吕梁市")
    ('lvliangshi', 'luliangshi', 'lvliang', 'luliang', '吕梁')
    >>> name_aliases("Manufacturing")
    ('manufacturing',)
    """
    name = str(name)
    short = short_name(name)
    keys: list[str] = []
    for text in (name, short):
        key = latin_key("".join(_syllables(text)))
        keys += [key, key.replace("v", "u")] if "v" in key and not text.isascii() else [key]
    if short != name:
        keys.append(short)
    return tuple(k for k in dict.fromkeys(keys) if k)


def _ancestors(parents: dict[str, str | None], code: str) -> list[str]:
    out, node, seen = [], parents.get(code), {code}
    while isinstance(node, str) and node not in seen and node in parents:
        out.append(node)
        seen.add(node)
        node = parents.get(node)
    return out


def _describe_regions(regions: pd.DataFrame, codes: Iterable[str]) -> str:
    table = regions.set_index("code")
    parents = {str(k): (v if isinstance(v, str) else None) for k, v in table["parent_code"].items()}
    names = table["name"].astype(str).to_dict()
    levels = table["level"].astype(str).to_dict()
    parts = []
    for code in sorted(codes):
        chain = [
            names[a] for a in _ancestors(parents, code) if a in names and levels.get(a) != "country"
        ][:2]
        where = f" in {' '.join(reversed(chain))}" if chain else ""
        parts.append(f"{names.get(code, code)} ({code}, {levels.get(code, '')}{where})")
    return "; ".join(parts)


_WITH_PARENTS = " or the name with its parents (e.g. 深圳市南山区 or Shenzhen Nanshan)"


def _choose(
    kind: str,
    text: str,
    codes: Sequence[str],
    names: dict[str, str],
    describe: object,
    qualified: dict[str, list[str]] | None = None,
    english: dict[str, str] | None = None,
) -> str:
    describe_fn = describe if callable(describe) else (lambda cs: ", ".join(cs))
    original = text.strip()
    if not original:
        raise UsageError(f"empty {kind} name")
    if original in names:
        return original
    query = to_simplified(original)
    if query in names:
        return query
    exact = [c for c in codes if names[c] in (original, query)]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise UsageError(
            f"{kind} name {original!r} is ambiguous: {describe_fn(exact)}; give the code"
            + (_WITH_PARENTS if kind == "region" else "")
        )
    if qualified is not None:
        squeezed = _SEPARATORS.sub("", query)
        hits = []
        for code in codes:
            name = names[code]
            if squeezed.endswith(name) and len(squeezed) > len(name):
                prefix = squeezed[: -len(name)]
                chain = "".join(reversed(qualified.get(code, [])))
                short = "".join(
                    re.sub(r"(省|市|自治区|特别行政区)$", "", p)
                    for p in reversed(qualified.get(code, []))
                )
                if prefix in chain or prefix in short:
                    hits.append(code)
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise UsageError(f"{kind} name {original!r} is ambiguous: {describe_fn(hits)}")
    key = latin_key(query) if any(ch.isascii() and ch.isalpha() for ch in query) else query
    english = english or {}
    aliased = [
        c
        for c in codes
        if key in name_aliases(names[c]) or (c in english and latin_key(english[c]) == key)
    ]
    if len(aliased) == 1:
        return aliased[0]
    if len(aliased) > 1:
        raise UsageError(
            f"{kind} {original!r} names several: {describe_fn(aliased)}; give the code"
            + (_WITH_PARENTS if kind == "region" else "")
        )
    lowered = query.lower()
    partial = [
        c for c in codes if lowered in names[c].lower() or lowered in english.get(c, "").lower()
    ]
    if len(partial) == 1:
        return partial[0]
    if 1 < len(partial) <= 12:
        raise UsageError(
            f"{kind} {original!r} matches several: {describe_fn(partial)}; be more precise"
        )
    pool = {names[c]: c for c in codes}
    near = difflib.get_close_matches(query, list(pool), n=5, cutoff=0.5)
    near += [c for c in difflib.get_close_matches(query, list(codes), n=3, cutoff=0.7)]
    # the same place with another suffix (昆山县 for 昆山市) comes first
    stem = short_name(query)
    stem_key = latin_key(stem) if stem.isascii() else stem
    suggestions: list[str] = [c for c in codes if stem_key in name_aliases(names[c])][:6]
    for hit in near:
        if hit in pool:
            suggestions.extend(c for c in codes if names[c] == hit)
        else:
            suggestions.append(hit)
    suggestions = list(dict.fromkeys(suggestions))[:6]
    hint = f"; did you mean: {describe_fn(suggestions)}?" if suggestions else ""
    if len(partial) > 12:
        hint = f"; {len(partial)} names contain it, be more precise"
    raise UsageError(f"unknown {kind} {original!r}{hint}")


def region_code(regions: pd.DataFrame, text: str | int) -> str:
    """The code of the region ``text`` names, in a regions table (code, name, level,
    parent_code): the resolver behind every command and query that takes a region.

    Parameters
    ----------
    regions : DataFrame
        Columns ``code, name, level, parent_code`` (a dataset's ``regions`` table, or the
        Region nodes read from Neo4j).
    text : str or int
        What the user typed, by the rules of this module; an integer is taken as a code
        (``440305``).

    Returns
    -------
    str
        The region code.

    Raises
    ------
    UsageError
        When no region or several regions match (the message lists candidates with
        their codes, levels and parents).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"code": ["1", "11", "12", "2", "21"],
    ...                   "name": ["甲省", "南山区", "昆山市", "乙市", "南山区"],
    ...                   "level": ["province", "county", "county", "prefecture", "county"],
    ...                   "parent_code": [None, "1", "1", None, "2"]})
    >>> region_code(t, "Kunshan"), region_code(t, "崑山市"), region_code(t, 12), region_code(t, "乙市南山區")
    ('12', '12', '12', '21')
    >>> region_code(t, "Nanshan")
    Traceback (most recent call last):
    ...
    clusteratlas.errors.UsageError: region 'Nanshan' names several: 南山区 (11, county in 甲省); 南山区 (21, county in 乙市); give the code or the name with its parents (e.g. 深圳市南山区 or Shenzhen Nanshan)
    >>> region_code(t, "Kunshan City"), region_code(t, "Yishi Nanshan District")
    ('12', '21')
    """  # noqa: E501
    codes = [str(c) for c in regions["code"]]
    names = dict(zip(codes, regions["name"].astype(str), strict=True))
    parents = {
        str(k): (v if isinstance(v, str) else None)
        for k, v in zip(regions["code"], regions["parent_code"], strict=True)
    }
    qualified = {c: [names[a] for a in _ancestors(parents, c) if a in names] for c in codes}
    typed = str(text)
    if not any(ch.isascii() and ch.isalpha() for ch in typed):
        return _choose(
            "region", typed, codes, names, lambda cs: _describe_regions(regions, cs), qualified
        )
    # Latin letters: the English names the pages print (Kunshan City) name their regions too
    from clusteratlas.graph.definitions.lang import english_region_name

    levels = dict(zip(codes, regions["level"].astype(str), strict=True))
    english = {c: english_region_name(names[c], levels[c]) for c in codes}
    try:
        return _choose(
            "region",
            typed,
            codes,
            names,
            lambda cs: _describe_regions(regions, cs),
            qualified,
            english,
        )
    except UsageError:
        hits = _english_with_parents(typed, codes, names, parents, english)
        if len(hits) == 1:
            return hits[0]
        raise


def _english_with_parents(
    text: str,
    codes: Sequence[str],
    names: dict[str, str],
    parents: dict[str, str | None],
    english: dict[str, str],
) -> list[str]:
    """The regions ``text`` names as a parent and the region in Latin letters, in either
    order, each as its pinyin stem or its English name: Shenzhen Nanshan, Nanshan District
    Shenzhen, Shenzhen City Nanshan District."""
    key = latin_key(text)
    hits = []
    for code in codes:
        parent = parents.get(code)
        if parent is None or parent not in names:
            continue
        own = {latin_key(name_pinyin(names[code])), latin_key(english[code])}
        above = {latin_key(name_pinyin(names[parent])), latin_key(english[parent])}
        if any(key in (a + o, o + a) for a in above for o in own):
            hits.append(code)
    return hits


def resolve_region(dataset: Dataset, text: str | int) -> str:
    """The code of the region ``text`` names in ``dataset`` (:func:`region_code`).

    Parameters
    ----------
    dataset : Dataset
        Its ``regions`` (codes, names, parents).
    text : str or int
        What the user typed: a code (``440305``), a name (``南山区``, ``南山區``), a name
        with its parents (``深圳市南山区``, ``广东省 深圳市 南山区``), pinyin (``Kunshan``,
        ``kun shan``, ``Kūnshān``) or a unique part of a name (``昆山``).

    Returns
    -------
    str
        The region code.

    Raises
    ------
    UsageError
        When no region or several regions match (the message lists candidates).

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> resolve_region(toy_dataset(), "100103"), resolve_region(toy_dataset(), "北县")
    ('100103', '100103')
    """
    return region_code(dataset.regions, text)


def resolve_regions(dataset: Dataset, texts: Iterable[str]) -> list[str]:
    """:func:`resolve_region` for each of ``texts`` (order kept, duplicates dropped).

    Parameters
    ----------
    dataset : Dataset
        Its ``regions``.
    texts : iterable of str
        Codes or names, as :func:`resolve_region` takes them.

    Returns
    -------
    list of str
        Region codes, in the order first named.

    Raises
    ------
    UsageError
        A text matches no region or several.

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> resolve_regions(toy_dataset(), ["东县", "100101", "北县"])
    ['100101', '100103']
    """
    return list(dict.fromkeys(resolve_region(dataset, t) for t in texts))


def resolve_industry(dataset: Dataset, text: str, prefer: Sequence[str] = ()) -> str:
    """The code of the industry ``text`` names: a code (``NBS42:20``, or ``20`` when one
    scheme has it), a name (simplified or traditional), its English name (the ``name_en``
    column, case and spaces ignored: ``manufacturing``), its pinyin, or a unique part of a
    name. With ``prefer`` (schemes), matches in
    those schemes win over others (``制造业`` is both GB4754:C and CSRC:C).

    Parameters
    ----------
    dataset : Dataset
        Its ``industries``.
    text : str
        A code (with or without its scheme prefix), a name, or a unique part of a name.
    prefer : sequence of str
        Schemes tried first (``["GB4754"]``); the others are tried when none of them
        matches.

    Returns
    -------
    str
        The industry code (``scheme:code``).

    Raises
    ------
    UsageError
        No industry matches, or several do (the message lists them).

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> resolve_industry(toy_dataset(), "16"), resolve_industry(toy_dataset(), "制造业", ["GB4754"])
    ('NBS42:16', 'GB4754:C')
    """
    return industry_code(dataset.industries, text, prefer)


def industry_code(industries: pd.DataFrame, text: str | int, prefer: Sequence[str] = ()) -> str:
    """The code of the industry ``text`` names, in an industries table (code, name, scheme,
    optional name_en): the resolver behind :func:`resolve_industry` and the industry
    parameters of queries.

    Parameters
    ----------
    industries : DataFrame
        Columns ``code, name, scheme`` and, optionally, ``name_en``.
    text : str or int
        A code, a name (simplified or traditional), an English name, pinyin, or a unique
        part of a name.
    prefer : sequence of str
        Schemes tried first.

    Returns
    -------
    str
        The industry code.

    Raises
    ------
    UsageError
        No industry matches, or several do (the message lists them).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"code": ["GB4754:C", "CSRC:C"], "name": ["制造业", "制造业"],
    ...                   "scheme": ["GB4754", "CSRC"], "name_en": ["Manufacturing", None]})
    >>> industry_code(t, "manufacturing"), industry_code(t, "製造業", ["CSRC"])
    ('GB4754:C', 'CSRC:C')
    """
    return _industry_code(industries, str(text), tuple(prefer))


def _industry_code(ind: pd.DataFrame, text: str, prefer: tuple[str, ...]) -> str:
    if prefer:
        try:
            return _industry_code(ind[ind["scheme"].astype(str).isin(prefer)], text, ())
        except UsageError:
            pass
    codes = [str(c) for c in ind["code"]]
    names = dict(zip(codes, ind["name"].astype(str), strict=True))
    bare = [c for c in codes if c.split(":", 1)[-1] == text.strip()]

    def describe(cs: Iterable[str]) -> str:
        return "; ".join(f"{names[c]} ({c})" for c in sorted(cs))

    if text.strip() not in names and len(bare) == 1:
        return bare[0]
    if len(bare) > 1 and not any(n == text.strip() for n in names.values()):
        raise UsageError(f"industry code {text.strip()!r} is ambiguous: {describe(bare)}")

    english = (
        {
            c: str(e)
            for c, e in zip(codes, ind["name_en"], strict=True)
            if isinstance(e, str) and e.strip()
        }
        if "name_en" in ind.columns
        else {}
    )
    return _choose("industry", text, codes, names, describe, english=english)


def resolve_company_or_industry(dataset: Dataset, text: str, prefer: Sequence[str] = ()) -> str:
    """A company id or name (exact), else :func:`resolve_industry` with ``prefer``.

    Parameters
    ----------
    dataset : Dataset
        Its ``companies`` and ``industries``.
    text : str
        A company id (``SZSE:000063``), a company's exact name, or an industry as
        :func:`resolve_industry` takes it.
    prefer : sequence of str
        Industry schemes tried first.

    Returns
    -------
    str
        A company id or an industry code.

    Raises
    ------
    UsageError
        Several companies have the name, or no company matches and no industry or
        several industries do.

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> resolve_company_or_industry(toy_dataset(), "北方软件")
    'SZSE:000003'
    """
    comp = dataset.companies
    ids = [str(c) for c in comp["id"]]
    query = str(text).strip()
    if query in ids:
        return query
    exact = [i for i, n in zip(ids, comp["name"].astype(str), strict=True) if n == query]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise UsageError(f"company name {query!r} is ambiguous: {', '.join(exact)}")
    return resolve_industry(dataset, query, prefer)
