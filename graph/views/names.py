"""Names for codes: what a user types (``昆山市``, ``深圳市南山区``, ``通信设备``) to a code.

Rules, in order: the exact code; the exact name; a name qualified by its parents
(``深圳市南山区``, ``广东省 深圳市 南山区``); a unique part of a name (``昆山`` →
昆山市, ``通信设备`` → 通信设备、计算机和其他电子设备). When several match, the error
lists them with their parents (two 南山区, four 鼓楼区); when none does, it suggests the
nearest names. Errors are :class:`~clusteratlas.errors.UsageError` (exit code 2).

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> ds = toy_dataset()
>>> resolve_region(ds, "东县"), resolve_region(ds, "甲市东县"), resolve_industry(ds, "通用")
('100101', '100101', 'NBS42:16')
>>> resolve_region(ds, "东线")
Traceback (most recent call last):
...
clusteratlas.errors.UsageError: unknown region '东线'; did you mean: 东县 (100101, ...)?
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

import pandas as pd

from clusteratlas.errors import UsageError
from clusteratlas.loaders.dataset import Dataset

__all__ = ["resolve_company_or_industry", "resolve_industry", "resolve_region", "resolve_regions"]

_SEPARATORS = re.compile(r"[\s,，/·・>-]+")


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


def _choose(
    kind: str,
    text: str,
    codes: Sequence[str],
    names: dict[str, str],
    describe: object,
    qualified: dict[str, list[str]] | None = None,
) -> str:
    describe_fn = describe if callable(describe) else (lambda cs: ", ".join(cs))
    query = text.strip()
    if not query:
        raise UsageError(f"empty {kind} name")
    if query in names:
        return query
    exact = [c for c in codes if names[c] == query]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise UsageError(
            f"{kind} name {query!r} is ambiguous: {describe_fn(exact)}; give the code"
            + (" or the name with its parents (e.g. 深圳市南山区)" if kind == "region" else "")
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
            raise UsageError(f"{kind} name {query!r} is ambiguous: {describe_fn(hits)}")
    partial = [c for c in codes if query.lower() in names[c].lower()]
    if len(partial) == 1:
        return partial[0]
    if 1 < len(partial) <= 12:
        raise UsageError(
            f"{kind} {query!r} matches several: {describe_fn(partial)}; be more precise"
        )
    pool = {names[c]: c for c in codes}
    near = difflib.get_close_matches(query, list(pool), n=5, cutoff=0.5)
    near += [c for c in difflib.get_close_matches(query, list(codes), n=3, cutoff=0.7)]
    suggestions: list[str] = []
    for hit in near:
        if hit in pool:
            suggestions.extend(c for c in codes if names[c] == hit)
        else:
            suggestions.append(hit)
    suggestions = list(dict.fromkeys(suggestions))[:6]
    hint = f"; did you mean: {describe_fn(suggestions)}?" if suggestions else ""
    if len(partial) > 12:
        hint = f"; {len(partial)} names contain it, be more precise"
    raise UsageError(f"unknown {kind} {query!r}{hint}")


def resolve_region(dataset: Dataset, text: str) -> str:
    """The code of the region ``text`` names (code, name, parent-qualified name or unique part).

    Parameters
    ----------
    dataset : Dataset
        Its ``regions`` (codes, names, parents).
    text : str
        What the user typed: a code (``440305``), a name (``南山区``), a name with its
        parents (``深圳市南山区``, ``广东省 深圳市 南山区``) or a unique part (``昆山``).

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
    regions = dataset.regions
    codes = [str(c) for c in regions["code"]]
    names = dict(zip(codes, regions["name"].astype(str), strict=True))
    parents = {
        str(k): (v if isinstance(v, str) else None)
        for k, v in zip(regions["code"], regions["parent_code"], strict=True)
    }
    qualified = {c: [names[a] for a in _ancestors(parents, c) if a in names] for c in codes}
    return _choose(
        "region", str(text), codes, names, lambda cs: _describe_regions(regions, cs), qualified
    )


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
    scheme has it), a name, or a unique part of a name. With ``prefer`` (schemes), matches in
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
    return _industry_code(dataset.industries, str(text), tuple(prefer))


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

    return _choose("industry", text, codes, names, describe)


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
