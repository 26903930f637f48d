"""Run one ad-hoc Cypher statement (``clusteratlas cypher``) with the library's guarantees.

A researcher's own Cypher gets what a library query gets from
:func:`~clusteratlas.queries.runner.run_query`: it runs read-only (a READ session; the
server refuses writes) unless ``write=True``, with a transaction timeout, and its
parameters travel as Bolt parameters, never pasted into the text. Without a header,
parameters are given as ``NAME=VALUE`` (text) or ``NAME:TYPE=VALUE`` with a type of
:data:`~clusteratlas.queries.header.PARAM_TYPES` or ``json``
(:func:`~clusteratlas.queries.header.parse_typed_params`, which ``clusteratlas query``
uses too); a statement that starts with a library-style header (``// params: region
(str), ...``) types them from it.

With ``write``, a statement with ``CALL { ... } IN TRANSACTIONS`` (batched updates or
deletes) runs in an auto-commit transaction, as the server requires.

Codes are text in the graph (``440305``, ``000014``), so an untyped value stays text:
``-p region=440305`` matches ``Region {code: '440305'}``, and ``-p limit:int=5`` is the
number 5. ``clusteratlas cypher`` types an untyped value by its use
(:func:`typed_by_use`): ``-p y=2020`` with ``{year: $y}`` is the number 2020, since
``year`` is an integer wherever the schema has it.

Examples
--------
>>> parse_typed_params(["region=440305", "limit:int=5", "codes:list[str]=a,b", "x:json=[1, 2]"])
{'region': '440305', 'limit': 5, 'codes': ['a', 'b'], 'x': [1, 2]}
>>> cypher_spec("MATCH (r:Region {code: $region}) RETURN r.name AS name").name
'cypher'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import neo4j
import pandas as pd
from neo4j.exceptions import Neo4jError

from clusteratlas.errors import QueryError, UsageError
from clusteratlas.graph.neo4j_store.driver_errors import driver_errors
from clusteratlas.graph.neo4j_store.values import from_neo4j
from clusteratlas.queries.header import QuerySpec, parse_query_text, parse_typed_params
from clusteratlas.queries.runner import DEFAULT_TIMEOUT, _execute, _specific

__all__ = ["cypher_spec", "infer_param_types", "parse_typed_params", "run_cypher", "typed_by_use"]

_PROPERTY_USE = (
    re.compile(r"\b(?P<prop>\w+)\s*:\s*\$(?P<name>\w+)"),  # {year: $y}
    re.compile(r"\w+\.(?P<prop>\w+)\s*(?:=|<>|<=|>=|<|>)\s*\$(?P<name>\w+)"),  # h.year >= $y
    re.compile(r"\$(?P<name>\w+)\s*(?:=|<>|<=|>=|<|>)\s*\w+\.(?P<prop>\w+)"),  # $y = h.year
)
_LIST_USE = re.compile(r"\w+\.(?P<prop>\w+)\s+IN\s+\$(?P<name>\w+)", re.I)  # r.code IN $c
_COUNT_USE = re.compile(r"\b(?:LIMIT|SKIP)\s+\$(?P<name>\w+)", re.I)


def _schema_types() -> dict[str, set[str]]:
    from clusteratlas.graph.neo4j_store.schema import NODES, RELATIONSHIPS

    types: dict[str, set[str]] = {}
    declared = [s.properties for s in NODES.values()] + [
        s.properties for s in RELATIONSHIPS.values()
    ]
    for properties in declared:
        for prop, kind in properties.items():
            types.setdefault(prop, set()).add(kind)
    return types


def infer_param_types(text: str) -> dict[str, tuple[str, str]]:
    """What each ``$parameter`` of a statement is compared with, and so its type.

    A parameter compared with a property of the graph schema (``{year: $y}``,
    ``h.year >= $y``, ``$y = h.year``, ``r.code IN $codes``) takes that property's type
    when every label and relationship type that has the property declares the same one
    (``year``: int; ``code``: str; ``lq``: float); ``LIMIT $n`` / ``SKIP $n`` are int.
    A parameter used two ways, or with a property the schema does not know, is left out.

    Parameters
    ----------
    text : str
        The Cypher statement.

    Returns
    -------
    dict
        ``{name: (type, evidence)}``: a :data:`~clusteratlas.queries.header.PARAM_TYPES`
        name (``int``, ``list[str]``, ...) and the use it was read from.

    Examples
    --------
    >>> infer_param_types("MATCH ()-[h:HAS_INDUSTRY {year: $y}]->() WHERE h.lq >= $m "
    ...                   "RETURN h LIMIT $n")
    {'y': ('int', 'year: $y'), 'm': ('float', 'h.lq >= $m'), 'n': ('int', 'LIMIT $n')}
    >>> infer_param_types("MATCH (r:Region) WHERE r.code IN $codes RETURN r")
    {'codes': ('list[str]', 'r.code IN $codes')}
    """
    schema = _schema_types()
    found: dict[str, set[tuple[str, str]]] = {}

    def note(name: str, kind: str, evidence: str) -> None:
        found.setdefault(name, set()).add((kind, evidence))

    for pattern, form in [(p, "{}") for p in _PROPERTY_USE] + [(_LIST_USE, "list[{}]")]:
        for match in pattern.finditer(text):
            kinds = schema.get(match["prop"], set())
            kind = next(iter(kinds)) if len(kinds) == 1 else "?"
            if kind not in ("str", "int", "float", "bool"):
                kind = "?"
            note(match["name"], form.format(kind) if kind != "?" else "?", match.group(0))
    for match in _COUNT_USE.finditer(text):
        note(match["name"], "int", match.group(0))
    out: dict[str, tuple[str, str]] = {}
    for name, uses in found.items():
        kinds = {k for k, _ in uses}
        if len(kinds) == 1 and "?" not in kinds:
            out[name] = (kinds.pop(), sorted(e for _, e in uses)[0])
    return out


def typed_by_use(
    text: str, pairs: list[str], params: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """Type the untyped ``-p NAME=VALUE`` text values by how the statement uses them.

    ``params`` are the values :func:`parse_typed_params` made of ``pairs``; a value
    given untyped (``y=2020``) whose parameter :func:`infer_param_types` types (``{year:
    $y}``: int) is converted, and a note says so; a value given with a type
    (``y:str=2020``) is kept.

    Parameters
    ----------
    text : str
        The statement.
    pairs : list of str
        The ``-p`` pairs as given.
    params : mapping
        What :func:`parse_typed_params` made of them.

    Returns
    -------
    (dict, list of str)
        The values, and one note per value converted.

    Raises
    ------
    UsageError
        An untyped value that is not of the type its use asks for.

    Examples
    --------
    >>> values, notes = typed_by_use(
    ...     "MATCH (r:Region)-[h:HAS_INDUSTRY {year: $y}]->() RETURN r", ["y=2020"], {"y": "2020"})
    >>> values
    {'y': 2020}
    >>> print(notes[0])
    -p y=2020 taken as int (the statement uses year: $y); y:str=2020 keeps it text
    """
    from clusteratlas.queries.header import parse_typed_params as parse

    untyped = {p.partition("=")[0].strip() for p in pairs if ":" not in p.partition("=")[0]}
    inferred = infer_param_types(text)
    out, notes = dict(params), []
    for name in untyped & set(inferred):
        kind, evidence = inferred[name]
        if kind == "str" or not isinstance(params.get(name), str):
            continue
        try:
            out[name] = parse([f"{name}:{kind}={params[name]}"])[name]
        except UsageError:
            raise UsageError(
                f"--param {name}: the statement uses it as {kind} ({evidence}), but "
                f"{params[name]!r} is not one; give {name}:str=... to pass text anyway"
            ) from None
        keep = (
            ""
            if kind == "int" and evidence.split()[0].upper() in ("LIMIT", "SKIP")
            else (f"; {name}:str={params[name]} keeps it text")
        )
        notes.append(
            f"-p {name}={params[name]} taken as {kind} (the statement uses {evidence}){keep}"
        )
    return out, notes


def cypher_spec(text: str) -> QuerySpec:
    """The statement as a :class:`QuerySpec` named ``cypher`` (a header, if any, is read).

    Parameters
    ----------
    text : str
        The statement, optionally with a library-style header typing its parameters.

    Returns
    -------
    QuerySpec
        Named ``cypher`` unless the header names it.

    Raises
    ------
    UsageError
        There is no Cypher (empty text, or only comments), or the header is malformed.

    Examples
    --------
    >>> cypher_spec("// params: n (int)\\nRETURN $n AS n").params[0].type
    'int'
    """
    if not text.strip():
        raise UsageError("no Cypher given: pass a statement, -f FILE, or - to read stdin")
    try:
        return parse_query_text(text, default_name="cypher")
    except QueryError as e:
        raise UsageError(str(e)) from None


def run_cypher(
    driver: neo4j.Driver,
    text: str | QuerySpec,
    params: Mapping[str, Any] | None = None,
    *,
    database: str | None = None,
    write: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> pd.DataFrame:
    """Run one Cypher statement and return its rows as a DataFrame (RETURN order).

    Parameters
    ----------
    driver
        An open driver.
    text
        The statement (optionally with a library-style header typing its parameters).
    params
        Values by name: typed Python values (see :func:`parse_typed_params`), or text
        that the header's types convert.
    database, write, timeout
        As in :func:`~clusteratlas.queries.runner.run_query`: without ``write`` the server
        refuses any write (:class:`~clusteratlas.queries.runner.WriteRefusedError`); the
        server stops the transaction after ``timeout`` seconds
        (:class:`~clusteratlas.queries.runner.QueryTimeoutError`).

    Returns
    -------
    pandas.DataFrame
        One row per record, values as :func:`~clusteratlas.graph.neo4j_store.values.from_neo4j`
        makes them; ``attrs``: ``query`` (``cypher``), ``params``, ``notes`` (when there are
        no rows and a parameter is a number of five or more digits: that codes are text),
        ``truncated`` (False), ``total_rows``.

    Raises
    ------
    UsageError
        No statement, a parameter the header does not declare or of the wrong type.
    QueryError
        A syntax error, a parameter the statement uses that was not given, any other
        failure reported by Neo4j.

    Examples
    --------
    >>> run_cypher(driver, "MATCH (r:Region {code: $code}) RETURN r.name AS name",
    ...            {"code": "440305"})  # doctest: +SKIP
       name
    0  南山区
    """
    spec = text if isinstance(text, QuerySpec) else cypher_spec(text)
    bound = spec.bind(params) if spec.params else dict(params or {})
    if timeout is not None and timeout <= 0:
        raise UsageError(f"timeout must be positive, got {timeout}")

    def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]]]:
        result = tx.run(spec.body(), bound)
        keys = list(result.keys())
        return keys, [[from_neo4j(v) for v in record.values()] for record in result]

    try:
        if write and _IN_TRANSACTIONS.search(spec.body()):
            keys, rows = _implicit(driver, spec, bound, database, timeout)
        else:
            keys, rows = _execute(driver, spec, work, database, write, timeout)
    except QueryError as e:
        raise _explained(e, bound) from e.__cause__
    frame = pd.DataFrame(rows, columns=keys)
    frame.attrs.update(
        query=spec.name,
        params=bound,
        notes=_numbers_for_codes(bound) if frame.empty else [],
        truncated=False,
        total_rows=len(frame),
    )
    return frame


def _numbers_for_codes(bound: Mapping[str, Any]) -> list[str]:
    """Why an ad-hoc statement may have found nothing: a whole number of five or more digits
    (a code, not a year or a limit) given where the graph holds codes as text
    (``-p code:int=440305`` matches no ``Region.code``, which is ``'440305'``).

    >>> _numbers_for_codes({"code": 440305, "limit": 5, "year": 2020})
    ["no rows: parameter code is the number 440305, but codes and ids in the graph are text (Region.code '440305'): give it untyped, -p code=440305"]
    >>> _numbers_for_codes({"year": 2020})
    []
    """  # noqa: E501
    return [
        f"no rows: parameter {k} is the number {v}, but codes and ids in the graph are text "
        f"(Region.code '440305'): give it untyped, -p {k}={v}"
        for k, v in bound.items()
        if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10_000
    ]


_IN_TRANSACTIONS = re.compile(r"\bIN\s+(?:\d+\s+)?(?:CONCURRENT\s+)?TRANSACTIONS\b", re.I)
"""``CALL { ... } IN TRANSACTIONS`` commits batches itself: it needs an implicit
(auto-commit) transaction, so with ``write`` it runs as one (without ``write`` it is a
write and the server refuses it anyway)."""


def _implicit(
    driver: neo4j.Driver,
    spec: QuerySpec,
    bound: Mapping[str, Any],
    database: str | None,
    timeout: float | None,
) -> tuple[list[str], list[list[Any]]]:
    """Run ``spec`` in an auto-commit transaction (``CALL ... IN TRANSACTIONS``)."""
    boundary = driver_errors(
        f"running query {spec.name!r}", QueryError, lambda e: _specific(e, spec, timeout)
    )
    with boundary, driver.session(database=database) as session:
        result = session.run(neo4j.Query(spec.body(), timeout=timeout), dict(bound))
        keys = list(result.keys())
        return keys, [[from_neo4j(v) for v in record.values()] for record in result]


def _explained(error: QueryError, bound: Mapping[str, Any]) -> QueryError:
    """A missing parameter in ad-hoc Cypher: say how to give it (there is no header)."""
    cause = error.__cause__
    if isinstance(cause, Neo4jError) and cause.code == "Neo.ClientError.Statement.ParameterMissing":
        given = ", ".join(sorted(bound)) or "none"
        return QueryError(
            f"the statement uses a parameter that was not given ({cause.message}); pass it "
            f"with -p NAME=VALUE (given: {given})"
        )
    return error
