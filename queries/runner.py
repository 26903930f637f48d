"""Run a library (or user) query on Neo4j with typed parameters and get a DataFrame.

Guarantees:

- **Parameters, never text.** Values are checked against the header
  (:meth:`QuerySpec.bind`) and sent as Bolt query parameters; the Cypher text is
  never formatted with them, so a value such as ``"x' }) DETACH DELETE n //"``
  is only ever a string that matches nothing.
- **Read-only unless asked.** Without ``write=True`` the query runs in a session
  whose access mode is ``READ`` inside a managed read transaction
  (``session.execute_read``). The *server* refuses any write there (Neo4j 5.26
  community, single server, checked by ``tests/integration/test_queries.py``:
  ``CREATE``, ``MERGE ... SET``, ``CREATE INDEX`` and write procedures such as
  ``db.createLabel`` all fail with ``Neo.ClientError.Statement.AccessMode``),
  which surfaces as :class:`WriteRefusedError`. Nothing inspects the text.
- **A timeout.** Each run is a transaction with a client timeout
  (``neo4j.unit_of_work(timeout=...)``); the server terminates it when it runs
  longer, which surfaces as :class:`QueryTimeoutError`.
- **Names as well as codes.** A ``Region.code`` or ``Industry.code`` parameter
  may name its node (``昆山市``, ``崑山市``, ``Kunshan``, ``深圳市南山区``, ``Manufacturing``;
  :mod:`clusteratlas.graph.neo4j_store.names`): the code is sent and a note says so; a
  name several nodes share (two 南山区) is a :class:`UsageError` listing them.
- **Scope from the graph.** A parameter declared ``default inferred`` (``year``,
  ``measure``, ``scheme``, ``industry_level``, ``level``, ``from_level``, ``region``;
  ``default inferred io_year``, ``firm_scheme``, ``firm_level``) and not given takes
  what the loaded graph holds, read with one Cypher query before
  the query runs (:mod:`clusteratlas.queries.scope`: the latest year with region
  values, their measure, scheme and finest industry level...); a note names the
  values inferred (``year 2020, scheme GB4754 inferred from the graph``). A graph
  that leaves one open (two schemes with region values) is a :class:`UsageError`
  naming the choices.
- **No silent answers.** A value of a reference parameter (``region
  (Region.code)``) that is not in the graph is a :class:`UsageError` (exit 2)
  before the query runs. An empty result is explained by the first of the
  header's ``requires:`` patterns that matches nothing (a note). When the row
  limit cuts the result, the frame says so and how many rows there are in all.
  Notes are in ``frame.attrs["notes"]``; ``frame.attrs["truncated"]`` and
  ``frame.attrs["total_rows"]`` describe the cut.

Examples
--------
>>> from clusteratlas.queries.header import parse_query_text
>>> spec = parse_query_text("// name: n\\n// params: k (int, default 3)\\nRETURN $k AS k")
>>> spec.bind({})
{'k': 3}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import neo4j
import pandas as pd
from neo4j.exceptions import Neo4jError

from clusteratlas.errors import QueryError, UsageError
from clusteratlas.graph.neo4j_store.driver_errors import driver_errors
from clusteratlas.graph.neo4j_store.names import RESOLVABLE, resolve_code
from clusteratlas.graph.neo4j_store.values import from_neo4j
from clusteratlas.queries.header import INFERRED, QuerySpec, parse_query_file
from clusteratlas.queries.library import find_query
from clusteratlas.queries.scope import choose_scope, read_scope_facts

__all__ = [
    "DEFAULT_TIMEOUT",
    "QueryTimeoutError",
    "WriteRefusedError",
    "resolve_query",
    "run_query",
]

DEFAULT_TIMEOUT = 60.0
UNLIMITED = 2**62
"""The limit sent when counting every row of a result the limit cut."""


class WriteRefusedError(QueryError):
    """The server refused a write because the query ran read-only (pass ``write=True``)."""


class QueryTimeoutError(QueryError):
    """The server stopped the query when it ran past its timeout."""


def resolve_query(
    query: str | Path | QuerySpec, queries_dir: str | Path | None = None
) -> QuerySpec:
    """A :class:`QuerySpec` from a spec, a ``.cypher`` file path, or a library name.

    Parameters
    ----------
    query : str, Path or QuerySpec
        A spec (returned as it is), a path to an existing ``.cypher`` file, or the name
        of a query in ``queries_dir``.
    queries_dir : str or Path, optional
        Where names are looked up; default the bundled library.

    Returns
    -------
    QuerySpec

    Raises
    ------
    UsageError
        No query has that name.
    QueryError
        The file's header is malformed.

    Examples
    --------
    >>> resolve_query("graph-statistics").name
    'graph-statistics'
    """
    if isinstance(query, QuerySpec):
        return query
    text = str(query)
    if text.endswith(".cypher") and Path(text).is_file():
        return parse_query_file(text)
    return find_query(text, queries_dir)


def run_query(
    driver: neo4j.Driver,
    query: str | Path | QuerySpec,
    params: Mapping[str, Any] | None = None,
    *,
    database: str | None = None,
    write: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    queries_dir: str | Path | None = None,
    check_references: bool = True,
) -> pd.DataFrame:
    """Run a query and return its rows as a DataFrame (columns in the query's RETURN order).

    Parameters
    ----------
    driver
        An open driver (see :func:`clusteratlas.graph.neo4j_store.connection.connect`).
    query
        A library name (``"regions-specialised-in"``), a path to a ``.cypher``
        file, or a parsed :class:`QuerySpec`.
    params
        Parameter values by name: Python values of the declared type, or text
        that converts to it (as given on the command line). Declared defaults
        fill the rest.
    database
        Database name (default: the server's default database).
    write
        Run in a write transaction. Without it the server refuses any write.
    timeout
        Seconds before the server terminates the transaction (None: server default).
    queries_dir
        Directory of ``.cypher`` files to look ``query`` up in (default: the library).
    check_references
        Check reference parameters (``Label.property`` in the header) against the
        graph before running; False sends any value as is.

    Returns
    -------
    pandas.DataFrame
        One row per record. Nodes, relationships and paths become dicts
        (:func:`~clusteratlas.graph.neo4j_store.values.from_neo4j`: labels or type,
        element ids, properties; a path's nodes and relationships), temporal values
        Python ones.
        ``frame.attrs`` holds ``query``, ``params`` (as bound), ``notes`` (list of
        one-line explanations: which parameters were inferred from the graph, why
        there are no rows, that the limit cut the result), ``inferred`` (the
        ``default inferred`` parameters not given, with the values read from the
        graph), ``truncated`` (bool) and ``total_rows`` (the row count without
        the limit when it was cut and could be counted, else the rows returned;
        None when counting failed).

    Raises
    ------
    UsageError
        Unknown query or parameter, missing required parameter, ill-typed value,
        a value outside ``one of``, a reference value absent from the graph.
    WriteRefusedError
        The query writes and ``write`` is False.
    QueryTimeoutError
        It ran longer than ``timeout``.
    QueryError
        Any other failure reported by Neo4j (syntax, undeclared parameter, ...).
    Neo4jUnavailableError
        The server cannot be reached.

    Examples
    --------
    >>> params = {"region": "100000"}
    >>> frame = run_query(driver, "listed-companies-in-region", params)  # doctest: +SKIP
    >>> frame.attrs["truncated"], len(frame), frame.attrs["total_rows"]  # doctest: +SKIP
    (True, 1000, 2875)
    """
    spec = resolve_query(query, queries_dir)
    bound = spec.bind(params)
    if timeout is not None and timeout <= 0:
        raise UsageError(f"timeout must be positive, got {timeout}")
    limit_param = spec.limit_param
    limit = bound.get(limit_param.name) if limit_param is not None else None
    if limit is not None and limit < 0:
        raise UsageError(f"parameter 'limit' must be >= 0, got {limit}")
    sent = dict(bound)
    if limit is not None:
        sent["limit"] = limit + 1  # one row more tells whether the limit cut the result
    references = spec.references(bound) if check_references else []
    resolved_notes: list[str] = []
    inferred: dict[str, Any] = {}
    if any((label, prop) in RESOLVABLE for _, label, prop, _ in references):
        renamed = _execute(
            driver, spec, lambda tx: _resolve_names(tx, references), database, False, timeout
        )
        for name, code in renamed.items():
            resolved_notes.append(f"parameter {name}: {bound[name]} = {code}")
            bound[name] = sent[name] = code
        references = spec.references(bound)
    if any(value is INFERRED for value in bound.values()):
        inferred = _execute(
            driver, spec, lambda tx: _infer_scope(tx, spec, bound), database, False, timeout
        )
        resolved_notes.append(
            ", ".join(f"{name} {value}" for name, value in inferred.items())
            + " inferred from the graph"
        )
        bound.update(inferred)
        sent.update(inferred)
        references = spec.references(bound) if check_references else []

    def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]], list[str]]:
        unknown = _unknown_references(tx, references)
        if unknown:
            raise UsageError("; ".join(unknown))
        result = tx.run(spec.body(), sent)
        keys = list(result.keys())
        rows = [[from_neo4j(v) for v in record.values()] for record in result]
        notes = _why_empty(tx, spec, bound) if not rows else []
        return keys, rows, notes

    keys, rows, notes = _execute(driver, spec, work, database, write, timeout)
    notes = resolved_notes + notes
    truncated = limit is not None and len(rows) > limit
    total: int | None = len(rows)
    if limit is not None and truncated:
        rows = rows[:limit]
        total = _count_all(driver, spec, sent, database, write, timeout)
        notes.append(_truncation_note(spec, limit, total))
    frame = _declared_integers(pd.DataFrame(rows, columns=keys), spec)
    frame.attrs["query"] = spec.name
    frame.attrs["params"] = bound
    frame.attrs["notes"] = notes
    frame.attrs["inferred"] = inferred
    frame.attrs["truncated"] = truncated
    frame.attrs["total_rows"] = total
    return frame


def _declared_integers(frame: pd.DataFrame, spec: QuerySpec) -> pd.DataFrame:
    """Columns the header declares ``int`` as nullable integers (``Int64``): a null among
    them made pandas print ``8.0`` and ``2020.0`` in CSV and JSON."""
    for column, (kind, _) in spec.columns.items():
        if kind == "int" and column in frame.columns and frame[column].dtype.kind == "f":
            values = frame[column]
            if (values.dropna() % 1 == 0).all():
                frame[column] = values.astype("Int64")
    return frame


Work = Callable[[neo4j.ManagedTransaction], Any]


def _execute(
    driver: neo4j.Driver,
    spec: QuerySpec,
    work: Work,
    database: str | None,
    write: bool,
    timeout: float | None,
) -> Any:
    """``work`` in one managed transaction (read unless ``write``) behind the error boundary."""
    unit = neo4j.unit_of_work(timeout=timeout)(work) if timeout is not None else work
    mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
    boundary = driver_errors(
        f"running query {spec.name!r}", QueryError, lambda e: _specific(e, spec, timeout)
    )
    with boundary, driver.session(database=database, default_access_mode=mode) as session:
        return session.execute_write(unit) if write else session.execute_read(unit)


def _resolve_names(
    tx: neo4j.ManagedTransaction, references: list[tuple[str, str, str, Any]]
) -> dict[str, str]:
    """``{parameter: code}`` for each Region/Industry code parameter whose value is no code
    in the graph but names one node (a name, pinyin, traditional characters, English);
    :class:`UsageError` when it names several (the candidates, with codes and parents)."""
    out: dict[str, str] = {}
    for name, label, prop, value in references:
        if (label, prop) not in RESOLVABLE:
            continue
        record = tx.run(
            f"RETURN EXISTS {{ MATCH (n:`{label}`) WHERE n.`{prop}` = $v }} AS ok", v=value
        ).single()
        if record is not None and record["ok"]:
            continue
        try:
            code = resolve_code(tx, label, str(value))
        except UsageError as e:
            raise UsageError(f"parameter {name}: {e}") from None
        if code is not None and code != value:
            out[name] = code
    return out


def _infer_scope(
    tx: neo4j.ManagedTransaction, spec: QuerySpec, bound: Mapping[str, Any]
) -> dict[str, Any]:
    """``{parameter: value}`` for each ``default inferred`` parameter not given, read from
    the graph (:func:`~clusteratlas.queries.scope.choose_scope`).

    The values given narrow the inference: ``default inferred`` parameters by their
    choice (where the query has a ``from_level``, it and not ``level`` is the level of
    the values), a ``region`` by its level, the region a query is about (its first
    parameter that takes a Region code) by the scheme of its values, an ``industry`` by
    its scheme and level."""
    names = {p.name for p in spec.params}
    pending = [p for p in spec.params if bound[p.name] is INFERRED]
    given: dict[str, Any] = {}
    options: dict[str, str] = {}
    for p in spec.params:
        choice = p.infers
        if choice is None or choice == "region" or (p.name == "level" and "from_level" in names):
            continue
        options.setdefault(choice, p.name)
        value = bound.get(p.name)
        if value is not None and value is not INFERRED:
            given[choice] = value

    def known(name: str) -> Any:
        value = bound.get(name)
        return None if value is INFERRED or not isinstance(value, str) else value

    wanted = {str(p.infers) for p in pending}
    regions = [  # the region the query is about (region, province, within...): its values
        known(p.name) for p in spec.params if p.reference == ("Region", "code")
    ]
    facts = read_scope_facts(
        tx,
        region=known("region"),
        industry=known("industry"),
        wanted=wanted,
        values_of=next((r for r in regions if r is not None), None),
    )
    chosen = choose_scope(facts, wanted, given, options)
    inferred: dict[str, Any] = {}
    for p in pending:
        choice = str(p.infers)
        value = chosen.get(choice, given.get(choice))
        if value is None:
            raise UsageError(
                f"query {spec.name!r}: cannot infer parameter {p.name!r} from the graph; "
                f"give it with -p {p.name}=VALUE"
            )
        inferred[p.name] = p.coerce(value)
    return inferred


def _unknown_references(
    tx: neo4j.ManagedTransaction, references: list[tuple[str, str, str, Any]]
) -> list[str]:
    """One message per reference parameter whose value is no ``Label.property`` in the graph.

    Labels and properties come from the header (checked identifiers), values are
    parameters; one query answers all of them.
    """
    if not references:
        return []
    found, labelled = [], []
    params: dict[str, Any] = {}
    for k, (_, label, prop, value) in enumerate(references):
        found.append(f"EXISTS {{ MATCH (n:`{label}`) WHERE n.`{prop}` = $v{k} }}")
        labelled.append(f"EXISTS {{ MATCH (n:`{label}`) }}")
        params[f"v{k}"] = value
    record = tx.run(
        f"RETURN [{', '.join(found)}] AS found, [{', '.join(labelled)}] AS labelled", params
    ).single()
    assert record is not None
    messages, empty_labels = [], []
    for (name, label, prop, value), ok, any_node in zip(
        references, record["found"], record["labelled"], strict=True
    ):
        if not ok:
            messages.append(f"parameter {name}: no {label} with {prop} {value!r} in the graph")
        if not any_node and label not in empty_labels:
            empty_labels.append(label)
    if messages and empty_labels:
        messages.append(
            f"the graph has no {' or '.join(empty_labels)} nodes at all: load data first "
            "(e.g. `clusteratlas load --bundled china`)"
        )
    return messages


def _why_empty(
    tx: neo4j.ManagedTransaction, spec: QuerySpec, bound: Mapping[str, Any]
) -> list[str]:
    """The explanation of the first ``requires:`` pattern that matches nothing, if any."""
    for requirement in spec.requires:
        text = f"RETURN EXISTS {{ MATCH {requirement.pattern} }} AS ok"
        record = tx.run(text, dict(bound)).single()
        if record is not None and not record["ok"]:
            return ["no rows: " + requirement.explain(bound)]
    return []


def _count_all(
    driver: neo4j.Driver,
    spec: QuerySpec,
    sent: Mapping[str, Any],
    database: str | None,
    write: bool,
    timeout: float | None,
) -> int | None:
    """Rows the query returns without its limit (None when that count fails or times out)."""
    unlimited = {**sent, "limit": UNLIMITED}
    text = f"CALL () {{\n{spec.body()}\n}}\nRETURN count(*) AS total"

    def work(tx: neo4j.ManagedTransaction) -> int:
        record = tx.run(text, unlimited).single()
        return int(record["total"]) if record is not None else 0

    try:
        return int(_execute(driver, spec, work, database, write, timeout))
    except QueryError:
        return None


def _truncation_note(spec: QuerySpec, limit: int, total: int | None) -> str:
    of = f"{limit:,} of {total:,}" if total is not None else f"the first {limit:,}; there are more"
    return f"showing {of} rows (limit {limit}); raise it with --param limit=N"


def _specific(error: BaseException, spec: QuerySpec, timeout: float | None) -> QueryError | None:
    """The query-specific errors (refused write, timeout, undeclared parameter), else None."""
    if not isinstance(error, Neo4jError):
        return None
    code = error.code or ""
    if code == "Neo.ClientError.Statement.AccessMode":
        return WriteRefusedError(
            f"query {spec.name!r} tried to write and was refused by the server: queries run "
            "read-only; pass --write (write=True) to allow writes"
        )
    if "TransactionTimedOut" in code or "TransactionTerminated" in code:
        return QueryTimeoutError(f"query {spec.name!r} was stopped after its {timeout} s timeout")
    if code == "Neo.ClientError.Statement.ParameterMissing":
        return QueryError(
            f"query {spec.name!r} uses a parameter its header does not declare: {error.message}"
        )
    return None
