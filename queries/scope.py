"""Infer a query's scope parameters (year, measure, scheme, levels) from the loaded graph.

A library query declares its scope parameters ``default inferred``
(:mod:`clusteratlas.queries.header`); before it runs, :func:`read_scope_facts` reads
what the graph holds with one Cypher query and :func:`choose_scope` picks each value
as ``clusteratlas analyze`` infers its scope from a dataset
(:mod:`clusteratlas.graph.definitions.scope`):

==================  ==========================================================
choice              inferred as
==================  ==========================================================
``level``           the region level of the regions' ``HAS_INDUSTRY`` values:
                    of the levels below the national ``country`` that have
                    values, the deepest in the ``PART_OF`` hierarchy (median
                    depth; ties: most values); ``country`` when only it has any
``scheme``          the industry scheme of those values (several: a usage
                    error naming them)
``industry_level``  the industry level of those values (several: the deepest
                    in the ``SUBDIVISION_OF`` hierarchy, the finest)
``measure``         the measure of those values (several: a usage error)
``year``            the latest year of those values
``region``          the top region, the one that lies in no other (several:
                    a usage error)
``io_year``         the latest year of the input-output links (``INPUT_TO``)
``firm_scheme``     the scheme of the companies' industries (``IN_INDUSTRY``)
                    that lie deepest in the industry hierarchy (median depth;
                    ties: most classifications): the finest classification
``firm_level``      the top level of the firm scheme the query is given or
                    infers (the level of its industries in no other of it)
==================  ==========================================================

Values given explicitly narrow what the rest is inferred from: a scope parameter
(``-p year=2010``), a ``region`` (its level) and an ``industry`` (its scheme and
level). A given value that matches no value in the graph narrows nothing (the query
then finds no rows, and its ``requires:`` lines say why). A choice the query does
not take and the values leave open narrows nothing either.

On the bundled China data: county, GB4754, section, employment, 2020, region 100000,
input-output year 2020, firms in SW2021 at level1.

Examples
--------
>>> facts = ScopeFacts(
...     cells=[("county", "X", "major", "jobs", 2021, 40), ("county", "X", "detail", "jobs", 2021, 90),
...            ("county", "X", "detail", "jobs", 2022, 90), ("country", "X", "major", "jobs", 2022, 4)],
...     level_depths={"county": 2, "country": 0}, industry_depths={("X", "major"): 0,
...     ("X", "detail"): 1}, tops=["ES"])
>>> choose_scope(facts, {"year", "scheme", "industry_level", "level"})
{'level': 'county', 'scheme': 'X', 'industry_level': 'detail', 'year': 2022}
>>> choose_scope(facts, {"year", "industry_level"}, {"industry_level": "major"})
{'year': 2021}
>>> choose_scope(facts, {"year", "industry_level"}, {"industry_level": "minor"})  # no such values
{'year': 2022}
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from clusteratlas.errors import UsageError

__all__ = ["NATIONAL_LEVEL", "SCOPE_ORDER", "ScopeFacts", "choose_scope", "read_scope_facts"]

NATIONAL_LEVEL = "country"
"""The national region level (as :data:`clusteratlas.graph.definitions.scope.NATIONAL_LEVEL`):
its values are series, inferred as the level only when no other level has values."""

SCOPE_ORDER = ("level", "scheme", "industry_level", "measure", "year")
"""The choices read from the regions' values, in the order they are inferred."""

Cell = tuple[str, str, str, str, int, int]
"""(region level, scheme, industry level, measure, year, number of values)."""

FACTS_QUERY = """
CALL () {
  WITH 1 AS go WHERE $values
  MATCH (r:Region)-[h:HAS_INDUSTRY]->(i:Industry)
  WITH r.level AS level, i.scheme AS scheme, i.level AS industry_level, h.measure AS measure,
       h.year AS year, count(*) AS n
  RETURN collect([level, scheme, industry_level, measure, year, n]) AS cells
}
CALL () {
  WITH 1 AS go WHERE $values
  MATCH (r:Region) WHERE EXISTS { (r)-[:HAS_INDUSTRY]->() }
  WITH r.level AS level, COUNT { (r)-[:PART_OF*1..]->(:Region) } AS d
  WITH level, percentileDisc(d, 0.5) AS depth
  RETURN collect([level, depth]) AS level_depths
}
CALL () {
  WITH 1 AS go WHERE $values
  MATCH (i:Industry) WHERE EXISTS { (:Region)-[:HAS_INDUSTRY]->(i) }
  WITH i.scheme AS scheme, i.level AS level, COUNT { (i)-[:SUBDIVISION_OF*1..]->(:Industry) } AS d
  WITH scheme, level, percentileDisc(d, 0.5) AS depth
  RETURN collect([scheme, level, depth]) AS industry_depths
}
CALL () {
  WITH 1 AS go WHERE $io
  OPTIONAL MATCH ()-[l:INPUT_TO]->()
  RETURN max(l.year) AS io_year
}
CALL () {
  WITH 1 AS go WHERE $firms
  MATCH (:Company)-[:IN_INDUSTRY]->(i:Industry)
  WITH i.scheme AS scheme, COUNT { (i)-[:SUBDIVISION_OF*1..]->(:Industry) } AS d
  WITH scheme, percentileDisc(d, 0.5) AS depth, count(*) AS n
  RETURN collect([scheme, depth, n]) AS firm_schemes
}
CALL () {
  WITH 1 AS go WHERE $firms
  MATCH (i:Industry)
  WHERE NOT EXISTS { (i)-[:SUBDIVISION_OF]->(:Industry {scheme: i.scheme}) }
  WITH i.scheme AS scheme, i.level AS level, count(*) AS n
  RETURN collect([scheme, level, n]) AS top_levels
}
CALL () {
  WITH 1 AS go WHERE $tops
  MATCH (r:Region) WHERE NOT EXISTS { (r)-[:PART_OF]->(:Region) }
  WITH r ORDER BY r.code LIMIT 11
  RETURN collect(r.code) AS tops
}
CALL () {
  WITH 1 AS go WHERE $values AND $values_of IS NOT NULL
  MATCH (:Region {code: $values_of})<-[:PART_OF*0..]-(:Region)-[h:HAS_INDUSTRY]->(i:Industry)
  WITH DISTINCT i.scheme AS scheme
  RETURN collect(scheme) AS region_schemes
}
OPTIONAL MATCH (given_region:Region {code: $region})
OPTIONAL MATCH (given_industry:Industry {code: $industry})
RETURN cells, level_depths, industry_depths, tops, io_year, firm_schemes, top_levels,
       given_region.level AS region_level, region_schemes,
       given_industry.scheme AS industry_scheme, given_industry.level AS industry_level
"""
"""The one read behind :func:`read_scope_facts`; ``$values``, ``$io``, ``$firms`` and
``$tops`` switch its parts on (a part switched off reads nothing and returns empty)."""


@dataclass(frozen=True)
class ScopeFacts:
    """What the graph holds that the scope is inferred from.

    Attributes
    ----------
    cells : list of Cell
        ``(region level, scheme, industry level, measure, year, values)`` of every
        combination of the regions' ``HAS_INDUSTRY`` values.
    level_depths : dict of str to int
        Region level -> median number of ``PART_OF`` ancestors of its regions with values.
    industry_depths : dict of (str, str) to int
        (scheme, industry level) -> median number of ``SUBDIVISION_OF`` ancestors.
    tops : list of str
        Codes of the regions in no other region (at most 11).
    given : dict of str to str
        Choices fixed by a ``region`` or ``industry`` given to the query (its level;
        its scheme and level).
    io_year : int or None
        The latest year of the input-output links; None: there are none.
    firm_schemes : list of (str, int, int)
        ``(scheme, median depth, classifications)`` of the companies' industries.
    top_levels : dict of str to str
        Scheme -> the level of its industries in no other of the scheme (most common).
    """

    cells: list[Cell]
    level_depths: dict[str, int]
    industry_depths: dict[tuple[str, str], int]
    tops: list[str] = field(default_factory=list)
    given: dict[str, str] = field(default_factory=dict)
    io_year: int | None = None
    firm_schemes: list[tuple[str, int, int]] = field(default_factory=list)
    top_levels: dict[str, str] = field(default_factory=dict)


def read_scope_facts(
    tx: Any,
    region: str | None = None,
    industry: str | None = None,
    wanted: Collection[str] | None = None,
    values_of: str | None = None,
) -> ScopeFacts:
    """The facts :func:`choose_scope` needs, with one Cypher read in transaction ``tx``.

    Parameters
    ----------
    tx : neo4j.ManagedTransaction
        A (read) transaction.
    region : str, optional
        A region given to the query: its level narrows the inference.
    industry : str, optional
        An industry given to the query: its scheme and level narrow the inference.
    wanted : collection of str, optional
        The choices to be inferred (:func:`choose_scope`); only what they need is read.
        None: everything.
    values_of : str, optional
        The region the query is about (a region, province or ``within``): when its and
        its sub-regions' values are in one scheme, that scheme narrows the inference (so
        another dataset's values elsewhere in the graph leave it unambiguous).

    Returns
    -------
    ScopeFacts

    Examples
    --------
    >>> with driver.session() as s:  # doctest: +SKIP
    ...     facts = s.execute_read(read_scope_facts)
    >>> choose_scope(facts, {"year"})  # doctest: +SKIP
    {'year': 2020}
    """
    need = set(SCOPE_ORDER) | {"region", "io_year", "firm_scheme"} if wanted is None else wanted
    parts = {
        "values": any(c in need for c in SCOPE_ORDER),
        "io": "io_year" in need,
        "firms": bool({"firm_scheme", "firm_level"} & set(need)),
        "tops": "region" in need,
    }
    record = tx.run(
        FACTS_QUERY, region=region, industry=industry, values_of=values_of, **parts
    ).single()
    given = {}
    if record["region_level"] is not None:
        given["level"] = record["region_level"]
    if len(record["region_schemes"] or []) == 1:  # the region's own values: one scheme
        given["scheme"] = record["region_schemes"][0]
    if record["industry_scheme"] is not None:
        given["scheme"] = record["industry_scheme"]
        if record["industry_level"] is not None:
            given["industry_level"] = record["industry_level"]
    return ScopeFacts(
        cells=[tuple(c) for c in record["cells"]],
        level_depths={str(k): int(d) for k, d in record["level_depths"]},
        industry_depths={(str(s), str(k)): int(d) for s, k, d in record["industry_depths"]},
        tops=list(record["tops"]),
        given=given,
        io_year=None if record["io_year"] is None else int(record["io_year"]),
        firm_schemes=[(str(a), int(d), int(n)) for a, d, n in record["firm_schemes"]],
        top_levels=_top_levels(record["top_levels"]),
    )


def _top_levels(rows: list[list[Any]]) -> dict[str, str]:
    """Scheme -> its most common top level (ties: the name)."""
    best: dict[str, tuple[int, str]] = {}
    for scheme, level, n in rows:
        if scheme is None or level is None:
            continue
        key = (-int(n), str(level))
        if str(scheme) not in best or key < best[str(scheme)]:
            best[str(scheme)] = key
    return {scheme: level for scheme, (_, level) in best.items()}


def choose_scope(
    facts: ScopeFacts,
    wanted: Collection[str],
    given: Mapping[str, Any] | None = None,
    options: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The inferred value of each choice in ``wanted`` (see the module docstring).

    Parameters
    ----------
    facts : ScopeFacts
        What the graph holds (:func:`read_scope_facts`).
    wanted : collection of str
        The choices to infer: any of :data:`SCOPE_ORDER`, ``region``, ``io_year``,
        ``firm_scheme`` and ``firm_level``.
    given : mapping of str to object, optional
        Choices given explicitly (they narrow the rest; they win over ``facts.given``).
    options : mapping of str to str, optional
        Choice -> the query parameter that sets it, named in the usage errors
        (default: the choice's own name).

    Returns
    -------
    dict of str to object
        Each wanted choice not in ``given`` -> its value, in :data:`SCOPE_ORDER` order
        (``region`` last); a choice fixed by ``facts.given`` (the industry's scheme) is
        that value when the graph has values of it.

    Raises
    ------
    UsageError
        The graph holds no region values, or leaves a wanted choice open (two
        schemes, two measures, two top regions): the message names the choices and
        the parameter that picks one.

    Examples
    --------
    >>> facts = ScopeFacts([("county", "A", "s", "jobs", 2020, 5),
    ...                     ("county", "B", "s", "jobs", 2020, 7)], {"county": 1}, {})
    >>> choose_scope(facts, {"year"})
    {'year': 2020}
    >>> choose_scope(facts, {"scheme", "year"})
    Traceback (most recent call last):
    ...
    clusteratlas.errors.UsageError: the graph's region values (level 'county') are in 2 industry schemes: A (5 values), B (7 values); choose one with -p scheme=VALUE
    """  # noqa: E501
    fixed = {**facts.given, **{k: v for k, v in (given or {}).items() if v is not None}}
    names = dict(options or {})
    out: dict[str, Any] = {}
    cells = list(facts.cells)
    if any(c in wanted and c not in fixed for c in SCOPE_ORDER) and not cells:
        raise UsageError(
            "the graph holds no region values (HAS_INDUSTRY) to infer the query's scope "
            "from: load data first, or give the scope parameters with -p NAME=VALUE"
        )
    explicit = {k for k, v in (given or {}).items() if v is not None}
    # every given value narrows first, whatever its place in the order: -p scheme=SYN must
    # not leave the level to be inferred from another scheme's regions
    for k, choice in enumerate(SCOPE_ORDER):
        if choice in fixed:
            narrowed = [c for c in cells if c[k] == fixed[choice]]
            if narrowed:
                cells = narrowed
                if choice in wanted and choice not in explicit:
                    out[choice] = fixed[choice]  # the region's or the industry's own
            # a value with no data narrows nothing: the rest is inferred as without it
    for k, choice in enumerate(SCOPE_ORDER):
        if choice in fixed:
            continue
        values = _tally(cells, k)
        if not values:
            continue
        if choice == "level":
            value: Any = _deepest_level(values, facts.level_depths)
        elif choice == "industry_level":
            schemes = {c[1] for c in cells}
            depths = {
                lv: min(facts.industry_depths.get((s, lv), 0) for s in schemes) for lv in values
            }
            value = sorted(values, key=lambda v: (-depths[v], -values[v], str(v)))[0]
        elif choice == "year":
            value = max(values)
        elif len(values) == 1:
            value = next(iter(values))
        elif choice in wanted and choice not in explicit:
            raise UsageError(_ambiguous(choice, values, cells, names.get(choice, choice)))
        else:
            continue  # open, and not the query's to choose: narrows nothing
        cells = [c for c in cells if c[k] == value]
        if choice in wanted and choice not in explicit:
            out[choice] = value
    if "region" in wanted and "region" not in fixed:
        if len(facts.tops) != 1:
            found = ", ".join(facts.tops[:10]) + (", ..." if len(facts.tops) > 10 else "")
            raise UsageError(
                f"cannot infer {names.get('region', 'region')}: the graph has "
                f"{'no top region' if not facts.tops else 'several top regions: ' + found}; "
                f"choose one with -p {names.get('region', 'region')}=CODE"
            )
        out["region"] = facts.tops[0]
    if "io_year" in wanted and "io_year" not in fixed:
        if facts.io_year is None:
            raise UsageError(
                f"cannot infer {names.get('io_year', 'io_year')}: the graph has no input-output "
                "links (INPUT_TO)"
            )
        out["io_year"] = facts.io_year
    firm_scheme = fixed.get("firm_scheme")
    if firm_scheme is None and ({"firm_scheme", "firm_level"} & set(wanted)):
        if not facts.firm_schemes:
            raise UsageError(
                f"cannot infer {names.get('firm_scheme', 'firm_scheme')}: no company in the "
                "graph is classified in an industry (IN_INDUSTRY)"
            )
        firm_scheme = sorted(facts.firm_schemes, key=lambda f: (-f[1], -f[2], f[0]))[0][0]
        if "firm_scheme" in wanted:
            out["firm_scheme"] = firm_scheme
    if "firm_level" in wanted and "firm_level" not in fixed:
        if firm_scheme not in facts.top_levels:
            raise UsageError(
                f"cannot infer {names.get('firm_level', 'firm_level')}: scheme {firm_scheme!r} "
                "has no industries in the graph"
            )
        out["firm_level"] = facts.top_levels[firm_scheme]
    return out


def _tally(cells: list[Cell], k: int) -> dict[Any, int]:
    counts: dict[Any, int] = {}
    for cell in cells:
        if cell[k] is not None:
            counts[cell[k]] = counts.get(cell[k], 0) + int(cell[5])
    return counts


def _deepest_level(values: Mapping[str, int], depths: Mapping[str, int]) -> str:
    below = {v: n for v, n in values.items() if v != NATIONAL_LEVEL} or dict(values)
    return sorted(below, key=lambda v: (-depths.get(v, 0), -below[v], str(v)))[0]


def _ambiguous(choice: str, values: Mapping[Any, int], cells: list[Cell], option: str) -> str:
    label = {"scheme": "industry schemes", "measure": "measures"}.get(choice, choice + "s")
    listed = ", ".join(
        f"{v} ({n:,} value{'s' if n != 1 else ''})" for v, n in sorted(values.items())
    )
    levels = sorted({str(c[0]) for c in cells})
    where = f" (level {', '.join(repr(v) for v in levels)})" if levels else ""
    return (
        f"the graph's region values{where} are in {len(values)} {label}: {listed}; "
        f"choose one with -p {option}=VALUE"
    )
