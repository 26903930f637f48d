"""Parse the header of a ``.cypher`` file and type its parameters.

A library query starts with ``//`` comment lines (DESIGN.md, "Queries")::

    // name: counties-specialised-in
    // description: Counties whose location quotient in an industry is at least min_lq
    // params: industry (Industry.code), min_lq (float, default 1.25), limit (int, default 20)
    // returns: code, name, lq, share

A line ``//`` followed by indentation and no ``key:`` continues the previous
key, so long descriptions and parameter lists can wrap. Parameter types are
``str``, ``int``, ``float``, ``bool`` and ``list[str]``, ``list[int]``,
``list[float]``; a parameter without ``default`` is required, ``default null``
makes ``null`` the default. String defaults may be quoted (``default "a, b"``).

Two declarations let the runner refuse a bad value before the query runs, so
that a typo is a usage error (exit 2) and not an empty answer:

- ``one of a|b|c`` after the type: the value must be one of these
  (``centrality (str, default pagerank, one of degree|pagerank)``);
- a *reference* in place of the type, ``Label.property``: the value is text
  that must be the ``property`` of some ``Label`` node in the graph
  (``region (Region.code)``, ``within (Region.code, default null)``). The runner
  checks it with one existence query (:meth:`QuerySpec.references`); null
  skips the check. A ``Region.code`` or ``Industry.code`` value that is no code
  may name its node (``昆山市``, ``Kunshan``): the runner resolves it to the code, and
  a whole number (``440305``) is taken as its text.

A scope parameter may be declared ``default inferred`` (``year (int, default
inferred)``): its default is what the loaded graph holds, read by the runner with one
Cypher query before the query runs (:mod:`clusteratlas.queries.scope`, which infers
as ``clusteratlas analyze`` does: the latest year, the measure, scheme and finest
industry level of the regions' values, the deepest region level with values). The
names that can be inferred are :data:`INFERABLE`; another parameter names its choice,
one of :data:`INFERRED_CHOICES` (``year (int, default inferred io_year)``: the year of
the input-output table). An explicit value always wins.

``requires:`` lines (any number) say what the graph must hold for the query to
find anything, and so why a result is empty when it does not: a Cypher pattern
(optionally with ``WHERE``) over the query's parameters, then ``=>`` and a
one-line explanation in which ``{name}`` stands for a parameter's value::

    // requires: (:Cluster) => no clusters in the graph: `clusteratlas analyze --write-back`

When a query returns no rows the runner checks these patterns in order and
reports the first that matches nothing as a note. A parameter called ``limit``
(int) is the row limit (the query says ``LIMIT $limit``): the runner reads one
row more to know whether the limit cut the result.

``param NAME:`` and ``column NAME (TYPE):`` lines document what a parameter means and
what a returned column holds, with its unit (``clusteratlas query NAME --help`` shows
them, with the pandas recipe that reads CSV output back with codes as text); ``TYPE``
is one of :data:`COLUMN_TYPES`::

    // param min_lq: the smallest location quotient kept (a ratio; 1 = as in all regions)
    // column lq (float): location quotient s_ri / S_i (ratio, 1 = the reference share)

Values given as text (``--param k=v`` on the command line, parsed by
:func:`parse_typed_params`) are converted with :func:`coerce_value`; Python values are
checked against the declared type. The runner always sends them to Neo4j as query
parameters, never as text.

Examples
--------
>>> spec = parse_query_text(\'\'\'// name: demo
... // description: Counties over a threshold
... // params: industry (str), min_lq (float, default 1.25), limit (int, default 20)
... // returns: code, name, lq
... MATCH (r:Region) RETURN r.code AS code, r.name AS name, 1.0 AS lq LIMIT $limit\'\'\')
>>> spec.name, [p.name for p in spec.params], spec.returns
('demo', ['industry', 'min_lq', 'limit'], ('code', 'name', 'lq'))
>>> spec.bind({"industry": "GB4754:C", "limit": "5"})
{'industry': 'GB4754:C', 'min_lq': 1.25, 'limit': 5}
>>> spec = parse_query_text(\'\'\'// name: ranked
... // params: region (Region.code), by (str, default lq, one of lq|share)
... // requires: (:Region {code: $region})-[:HAS_INDUSTRY]->() => {region} has no industry data
... MATCH (r:Region {code: $region}) RETURN r.code AS code, $by AS by\'\'\')
>>> [p.describe() for p in spec.params]
['region (Region.code, required)', 'by (str, default lq, one of lq|share)']
>>> spec.bind({"region": "440305", "by": "rank"})
Traceback (most recent call last):
...
clusteratlas.errors.UsageError: parameter 'by' must be one of lq|share, got 'rank'
>>> spec.references({"region": "440305", "by": "lq"})
[('region', 'Region', 'code', '440305')]
>>> spec.requires[0].explain({"region": "440305"})
'440305 has no industry data'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clusteratlas.errors import QueryError, UsageError

__all__ = [
    "INFERABLE",
    "INFERRED",
    "INFERRED_CHOICES",
    "PARAM_TYPES",
    "ParamSpec",
    "QuerySpec",
    "Requirement",
    "coerce_value",
    "parse_query_file",
    "parse_query_text",
    "parse_typed_params",
]

SCALAR_TYPES = ("str", "int", "float", "bool")
PARAM_TYPES = (*SCALAR_TYPES, *(f"list[{t}]" for t in SCALAR_TYPES))
HEADER_KEYS = ("name", "description", "params", "returns", "requires")
REPEATABLE_KEYS = ("requires",)
_NO_DEFAULT = object()


class _Inferred:
    """The default of a ``default inferred`` parameter before the runner resolves it."""

    def __repr__(self) -> str:
        return "INFERRED"


INFERRED: Any = _Inferred()
"""The bound value of a ``default inferred`` parameter not given (the runner replaces it)."""
INFERABLE = {
    "year": "year",
    "measure": "measure",
    "scheme": "scheme",
    "industry_level": "industry_level",
    "level": "level",
    "from_level": "level",
    "region": "region",
}
"""Parameter names that may be declared ``default inferred`` -> the scope choice they take
(:func:`clusteratlas.queries.scope.choose_scope`): ``from_level``, the level that holds the
values, is the inferred ``level``; ``region`` is the top region (the one in no other)."""
INFERRED_CHOICES = (
    "level",
    "scheme",
    "industry_level",
    "measure",
    "year",
    "region",
    "io_year",
    "firm_scheme",
    "firm_level",
)
"""The choices ``default inferred CHOICE`` may name (any parameter name): the five of the
regions' values, the top ``region``, ``io_year`` (the latest year of the input-output
links), ``firm_scheme`` (the finest classification of the companies) and ``firm_level``
(the top level of the query's ``firm_scheme`` parameter's scheme)."""
_KEY_LINE = re.compile(r"^//\s?([a-z_]+):\s*(.*)$")
_DOC_LINE = re.compile(
    r"^//\s?(param|column)\s+([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(\s*([a-z]+)\s*\))?:\s*(.*)$"
)
COLUMN_TYPES = ("str", "int", "float", "bool", "list", "map", "date", "datetime")
"""Types of returned columns (``// column NAME (TYPE): ...``)."""
_PARAM_NAME = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(")
_REFERENCE = re.compile(r"^([A-Z][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$")
_CHOICE = re.compile(r"^[A-Za-z0-9_.:-]+$")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_TRUE = {"true", "1", "yes", "y", "on"}
_FALSE = {"false", "0", "no", "n", "off"}


@dataclass(frozen=True)
class ParamSpec:
    """One declared parameter: name, type (one of ``PARAM_TYPES``), default and checks.

    ``choices`` (from ``one of a|b``) are the only values allowed; ``reference``
    (from a ``Label.property`` type) is the ``(label, property)`` the value must
    exist as in the graph, checked by the runner.

    Attributes
    ----------
    name : str
        The parameter name (``$name`` in the Cypher).
    type : str
        One of :data:`PARAM_TYPES` (``str`` for a reference).
    default : object
        The default value; absent (a private sentinel) when the parameter is required.
    choices : tuple or None
        The only values allowed (``one of a|b``); None: any value of the type.
    reference : (str, str) or None
        ``(label, property)`` the value must exist as in the graph.
    infers : str or None
        The scope choice a ``default inferred`` parameter takes (one of
        :data:`INFERRED_CHOICES`); None for any other.
    required : bool
        True when the header gives no default.
    inferred : bool
        True when the default is inferred from the graph (``default inferred``).
    """

    name: str
    type: str
    default: Any = _NO_DEFAULT
    choices: tuple[Any, ...] | None = None
    reference: tuple[str, str] | None = None
    infers: str | None = None

    @property
    def required(self) -> bool:
        """True when the header gives no default."""
        return self.default is _NO_DEFAULT

    @property
    def inferred(self) -> bool:
        """True when the default is inferred from the graph (``default inferred``)."""
        return self.default is INFERRED

    def describe(self) -> str:
        """``name (type, default X, one of a|b)`` or ``name (Label.property, required)``.

        Returns
        -------
        str
            The declaration as ``clusteratlas queries`` lists it.

        Examples
        --------
        >>> ParamSpec("limit", "int", 20).describe()
        'limit (int, default 20)'
        >>> ParamSpec("region", "str", reference=("Region", "code")).describe()
        'region (Region.code, required)'
        >>> ParamSpec("year", "int", INFERRED, infers="year").describe()
        'year (int, default inferred)'
        >>> ParamSpec("year", "int", INFERRED, infers="io_year").describe()
        'year (int, default inferred io_year)'
        """
        kind = ".".join(self.reference) if self.reference else self.type
        if self.required:
            tail = "required"
        elif self.inferred:
            own = self.infers is None or self.infers == INFERABLE.get(self.name)
            tail = "default inferred" + ("" if own else f" {self.infers}")
        else:
            tail = f"default {_show(self.default)}"
        if self.choices is not None:
            tail += ", one of " + "|".join(_show(c) for c in self.choices)
        return f"{self.name} ({kind}, {tail})"

    def coerce(self, value: Any) -> Any:
        """``value`` converted to the declared type and checked against ``choices``.

        Parameters
        ----------
        value : object
            Text (from the command line) or a Python value.

        Returns
        -------
        object
            The typed value (None for ``null``).

        Raises
        ------
        UsageError
            The value is not of the type, or not one of ``choices``.

        Examples
        --------
        >>> ParamSpec("by", "str", "lq", choices=("lq", "share")).coerce("share")
        'share'
        >>> ParamSpec("n", "int").coerce("7")
        7
        >>> ParamSpec("region", "str", reference=("Region", "code")).coerce(440305)
        '440305'
        """
        if self.reference is not None and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # a code typed as a number (440305) is the text code
        value = coerce_value(value, self.type, name=self.name)
        if self.choices is not None and value is not None and value not in self.choices:
            allowed = "|".join(_show(c) for c in self.choices)
            raise UsageError(f"parameter {self.name!r} must be one of {allowed}, got {value!r}")
        return value


@dataclass(frozen=True)
class Requirement:
    """A ``requires:`` line: a pattern the graph must match, and why there are no rows if not.

    Attributes
    ----------
    pattern : str
        A Cypher pattern, optionally with ``WHERE``, over the query's parameters.
    message : str
        The explanation; ``{name}`` stands for a parameter's value.
    """

    pattern: str
    message: str

    def explain(self, params: Mapping[str, Any]) -> str:
        """The message with each ``{name}`` replaced by that parameter's value.

        Parameters
        ----------
        params : mapping of str to object
            The bound parameters.

        Returns
        -------
        str
            The message; a placeholder of a parameter not given stays as written.

        Examples
        --------
        >>> Requirement("(:Region {code: $region})", "no region {region}").explain(
        ...     {"region": "440305"})
        'no region 440305'
        """

        def value(m: re.Match[str]) -> str:
            name = m.group(1)
            return _show(params[name]) if name in params else m.group(0)

        return _PLACEHOLDER.sub(value, self.message)


@dataclass(frozen=True)
class QuerySpec:
    """A parsed query: header fields, the Cypher text, and where it came from.

    Attributes
    ----------
    name : str
        The query name (``// name:``, else the file stem).
    description : str
        What it answers (``// description:``).
    params : tuple of ParamSpec
        The declared parameters, in header order.
    returns : tuple of str
        The declared columns (``// returns:``), in RETURN order.
    text : str
        The whole file, header included.
    path : Path or None
        The file it was read from.
    requires : tuple of Requirement
        What the graph must hold for the query to find anything.
    param_docs : mapping of str to str
        Parameter -> what it means (``// param NAME:``).
    columns : mapping of str to (str, str)
        Column -> (type, what it holds) (``// column NAME (TYPE):``), in RETURN order.
    limit_param : ParamSpec or None
        The row-limit parameter (``limit``, int), if the query has one.
    """

    name: str
    description: str
    params: tuple[ParamSpec, ...]
    returns: tuple[str, ...]
    text: str
    path: Path | None = None
    requires: tuple[Requirement, ...] = ()
    param_docs: Mapping[str, str] = field(default_factory=dict)
    columns: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def text_columns(self) -> list[str]:
        """Returned columns declared ``str`` (codes, names): read them back from CSV as text.

        Returns
        -------
        list of str
            In RETURN order.

        Examples
        --------
        >>> spec = parse_query_text('''// name: ranked
        ... // params: region (Region.code), by (str, default lq, one of lq|share)
        ... // returns: code, by
        ... // column code (str): the region code
        ... MATCH (r:Region {code: $region}) RETURN r.code AS code, $by AS by''')
        >>> spec.text_columns()
        ['code']
        """
        return [c for c, (kind, _) in self.columns.items() if kind == "str"]

    def param(self, name: str) -> ParamSpec:
        """The spec of parameter ``name``; :class:`UsageError` if the query has none.

        Parameters
        ----------
        name : str
            A parameter name.

        Returns
        -------
        ParamSpec

        Raises
        ------
        UsageError
            The query has no such parameter (the message lists its parameters).

        Examples
        --------
        >>> spec = parse_query_text('''// name: ranked
        ... // params: region (Region.code), by (str, default lq, one of lq|share)
        ... // returns: code, by
        ... // column code (str): the region code
        ... MATCH (r:Region {code: $region}) RETURN r.code AS code, $by AS by''')
        >>> spec.param("by").choices
        ('lq', 'share')
        """
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise UsageError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")

    def bind(self, values: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Typed parameters for a run: defaults filled in, every value checked.

        Unknown names, missing required parameters, values of the wrong type and
        values outside ``one of`` raise :class:`UsageError` (CLI exit code 2).
        References are checked against the graph by the runner, not here.

        Parameters
        ----------
        values : mapping of str to object, optional
            Values by parameter name (text from the command line, or Python values).

        Returns
        -------
        dict of str to object
            Every declared parameter, in header order, typed; a ``default inferred``
            parameter not given is :data:`INFERRED` (the runner reads its value from
            the graph).

        Raises
        ------
        UsageError
            An unknown name, a missing required parameter, a value of the wrong type or
            outside ``one of``.

        Examples
        --------
        See the module example.

        >>> spec = parse_query_text('''// name: ranked
        ... // params: region (Region.code), by (str, default lq, one of lq|share)
        ... // returns: code, by
        ... // column code (str): the region code
        ... MATCH (r:Region {code: $region}) RETURN r.code AS code, $by AS by''')
        >>> spec.bind({"region": "440305"})
        {'region': '440305', 'by': 'lq'}
        """
        values = dict(values or {})
        for name in values:
            self.param(name)
        bound: dict[str, Any] = {}
        for p in self.params:
            if p.name in values:
                bound[p.name] = p.coerce(values[p.name])
            elif p.required:
                kind = ".".join(p.reference) if p.reference else p.type
                raise UsageError(
                    f"query {self.name!r} needs parameter {p.name!r} ({kind}): "
                    f"--param {p.name}=VALUE"
                )
            else:
                bound[p.name] = p.default
        return bound

    def references(self, bound: Mapping[str, Any]) -> list[tuple[str, str, str, Any]]:
        """``(parameter, label, property, value)`` for each non-null reference parameter.

        Parameters
        ----------
        bound : mapping of str to object
            The bound parameters (:meth:`bind`).

        Returns
        -------
        list of tuple
            What the runner checks exists in the graph before the query runs.

        Examples
        --------
        >>> spec = parse_query_text('''// name: ranked
        ... // params: region (Region.code), by (str, default lq, one of lq|share)
        ... // returns: code, by
        ... // column code (str): the region code
        ... MATCH (r:Region {code: $region}) RETURN r.code AS code, $by AS by''')
        >>> spec.references({"region": "440305", "by": "lq"})
        [('region', 'Region', 'code', '440305')]
        """
        return [
            (p.name, *p.reference, bound[p.name])
            for p in self.params
            if p.reference is not None and bound.get(p.name) not in (None, INFERRED)
        ]

    @property
    def limit_param(self) -> ParamSpec | None:
        """The row-limit parameter (``limit``, int), if the query has one."""
        for p in self.params:
            if p.name == "limit" and p.type == "int":
                return p
        return None

    def describe(self) -> str:
        """A human-readable description: what it answers, parameters, columns, Cypher.

        What ``clusteratlas query NAME --help`` prints.

        Returns
        -------
        str
            Several lines: the description, the parameters (with their docs and the
            checks against the graph), the columns, how to read the output into pandas,
            the requirements, the file and the Cypher.

        Examples
        --------
        >>> spec = parse_query_text('''// name: ranked
        ... // params: region (Region.code), by (str, default lq, one of lq|share)
        ... // returns: code, by
        ... // column code (str): the region code
        ... MATCH (r:Region {code: $region}) RETURN r.code AS code, $by AS by''')
        >>> print(spec.describe().splitlines()[2])
        Parameters:
        """
        lines = [f"{self.name}: {self.description}", "", "Parameters:"]
        for p in self.params:
            lines.append(f"  {p.describe()}")
            if p.name in self.param_docs:
                lines += _wrapped(self.param_docs[p.name], "      ")
        if not self.params:
            lines.append("  (none)")
        inferred = [p.name for p in self.params if p.inferred]
        if inferred:
            lines += [
                "",
                "Inferred from the graph when not given (as `clusteratlas analyze` infers its "
                "scope; a note says what):",
                "  " + ", ".join(inferred),
            ]
        refs = [(p.name, ".".join(p.reference)) for p in self.params if p.reference]
        if refs:
            lines += [
                "",
                "Checked against the graph before the query runs (unknown value: exit 2):",
                *(f"  {name}: must be an existing {ref}" for name, ref in refs),
            ]
        lines += ["", "Returns: " + (", ".join(self.returns) or "(not declared)")]
        for column in self.returns:
            if column in self.columns:
                kind, doc = self.columns[column]
                lines.append(f"  {column} ({kind})")
                lines += _wrapped(doc, "      ")
        text = self.text_columns()
        if self.columns:
            dtype = "{" + ", ".join(f"{c!r}: str" for c in text) + "}"
            lines += [
                "",
                "Reading the output into pandas (codes keep their leading zeros):",
                "  --format json:  pd.DataFrame(json.load(f))",
                "  --format jsonl: pd.read_json(f, lines=True, dtype=False)",
                f"  --format csv:   pd.read_csv(f, dtype={dtype})"
                + ("; list and map cells are JSON: json.loads" if self._nested() else ""),
            ]
        if self.requires:
            lines += ["", "When there are no rows, the first of these that fails is reported:"]
            lines += [f"  {r.pattern}  =>  {r.message}" for r in self.requires]
        if self.path is not None:
            lines += ["", f"File: {self.path}"]
        lines += ["", "Cypher:", *(f"  {line}" for line in self.body().splitlines())]
        return "\n".join(lines)

    def _nested(self) -> bool:
        return any(kind in ("list", "map") for kind, _ in self.columns.values())

    def body(self) -> str:
        """The Cypher text without the header comment lines.

        Returns
        -------
        str
            The statement, stripped.

        Examples
        --------
        >>> spec = parse_query_text('''// name: ranked
        ... // params: region (Region.code), by (str, default lq, one of lq|share)
        ... // returns: code, by
        ... // column code (str): the region code
        ... MATCH (r:Region {code: $region}) RETURN r.code AS code, $by AS by''')
        >>> spec.body()
        'MATCH (r:Region {code: $region}) RETURN r.code AS code, $by AS by'
        """
        lines = self.text.splitlines()
        i = 0
        while i < len(lines) and (lines[i].startswith("//") or not lines[i].strip()):
            i += 1
        return "\n".join(lines[i:]).strip()


def coerce_value(value: Any, type_name: str, *, name: str = "value") -> Any:
    """Convert text to ``type_name`` or check that a Python value already has it.

    Text is parsed (``"20"`` -> 20, ``"true"`` -> True, ``"a,b"`` -> ``["a", "b"]``
    for lists); ``"null"`` gives None. Non-text values must match the type
    (an int is accepted as a float; a bool is never an int). NaN and infinity are
    refused.

    Parameters
    ----------
    value : object
        Text, or a Python value to check.
    type_name : str
        One of :data:`PARAM_TYPES`.
    name : str, default "value"
        The parameter's name, for the message.

    Returns
    -------
    object
        The typed value; None for None or ``"null"``.

    Raises
    ------
    UsageError
        An unknown type, or a value that is not of the type (naming the parameter and
        the expected type).

    Examples
    --------
    >>> coerce_value("3", "int"), coerce_value(2, "float"), coerce_value("no", "bool")
    (3, 2.0, False)
    >>> coerce_value("GB4754:C, GB4754:I", "list[str]")
    ['GB4754:C', 'GB4754:I']
    >>> coerce_value("3; DROP", "int")
    Traceback (most recent call last):
    ...
    clusteratlas.errors.UsageError: parameter 'value' must be int, got '3; DROP'
    """
    if type_name not in PARAM_TYPES:
        raise UsageError(f"parameter {name!r} has unknown type {type_name!r}")
    if value is None or (isinstance(value, str) and value.strip().lower() == "null"):
        return None
    if type_name.startswith("list["):
        inner = type_name[5:-1]
        if isinstance(value, str):
            items: list[Any] = [v.strip() for v in value.split(",") if v.strip()]
        elif isinstance(value, list | tuple):
            items = list(value)
        else:
            raise UsageError(f"parameter {name!r} must be {type_name}, got {value!r}")
        return [_scalar(v, inner, name) for v in items]
    return _scalar(value, type_name, name)


def _scalar(value: Any, type_name: str, name: str) -> Any:
    bad = UsageError(f"parameter {name!r} must be {type_name}, got {value!r}")
    if isinstance(value, str) and type_name != "str":
        text = value.strip()
        try:
            if type_name == "int":
                value = int(text)
            elif type_name == "float":
                value = float(text)
            elif text.lower() in _TRUE | _FALSE:
                value = text.lower() in _TRUE
            else:
                raise bad
        except ValueError:
            raise bad from None
    if type_name == "str":
        if not isinstance(value, str):
            raise bad
        return value
    if type_name == "bool":
        if not isinstance(value, bool):
            raise bad
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad
    if type_name == "int":
        if isinstance(value, float) and not value.is_integer():
            raise bad
        return int(value)
    if not math.isfinite(value):
        raise bad
    return float(value)


_PAIR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_typed_params(pairs: Iterable[str]) -> dict[str, Any]:
    """``NAME=VALUE`` (text) or ``NAME:TYPE=VALUE`` pairs to a dict of typed values.

    The one parser of ``--param``/``-p`` (``clusteratlas query`` and ``clusteratlas
    cypher``). ``TYPE`` is one of :data:`PARAM_TYPES` (``int``, ``float``, ``bool``,
    ``str``, ``list[int]``, ...) or ``json`` (any JSON value); ``null`` gives None. An
    untyped value stays text: a query's header (:meth:`QuerySpec.bind`) types it, and
    codes such as ``440305`` stay text without one. Everything after the first ``=`` is
    the value.

    Parameters
    ----------
    pairs : iterable of str
        The pairs, e.g. ``["region=440305", "limit:int=5"]``.

    Returns
    -------
    dict
        Values by name, in the order given.

    Raises
    ------
    UsageError
        A malformed pair, an unknown type, a bad value or a name given twice (exit 2).

    Examples
    --------
    >>> parse_typed_params(["min_lq:float=1.5", "flag:bool=yes", "note=a=b"])
    {'min_lq': 1.5, 'flag': True, 'note': 'a=b'}
    >>> parse_typed_params(["region=440305", "codes:list[str]=a,b", "x:json=[1, 2]"])
    {'region': '440305', 'codes': ['a', 'b'], 'x': [1, 2]}
    >>> parse_typed_params(["n:number=3"])
    Traceback (most recent call last):
    ...
    clusteratlas.errors.UsageError: --param n: unknown type 'number'; types: str, int, float, bool, list[str], list[int], list[float], list[bool], json
    """  # noqa: E501
    import json

    params: dict[str, Any] = {}
    for pair in pairs:
        left, sep, value = pair.partition("=")
        name, _, type_name = left.strip().partition(":")
        name, type_name = name.strip(), type_name.strip()
        if not sep or not _PAIR_NAME.match(name):
            raise UsageError(f"--param expects NAME=VALUE or NAME:TYPE=VALUE, got {pair!r}")
        if name in params:
            raise UsageError(f"--param {name} is given twice")
        if not type_name:
            params[name] = value
        elif type_name == "json":
            try:
                params[name] = json.loads(value)
            except ValueError as e:
                raise UsageError(f"--param {name}: not JSON: {e}") from None
        elif type_name in PARAM_TYPES:
            params[name] = coerce_value(value, type_name, name=name)
        else:
            types = ", ".join([*PARAM_TYPES, "json"])
            raise UsageError(f"--param {name}: unknown type {type_name!r}; types: {types}")
    return params


def _parse_params(text: str, *, source: str = "query") -> tuple[ParamSpec, ...]:
    """Parse a ``params:`` header value into typed parameter specs.

    Each parameter is ``name (kind[, default VALUE][, one of a|b|c])`` where kind
    is a type of ``PARAM_TYPES`` or a reference ``Label.property`` (text).

    >>> [p.describe() for p in _parse_params("region (Region.code), depth (int, default 2)")]
    ['region (Region.code, required)', 'depth (int, default 2)']
    """
    specs: list[ParamSpec] = []
    pos, text = 0, text.strip()
    while pos < len(text):
        m = _PARAM_NAME.match(text, pos)
        close = _closing_paren(text, m.end()) if m else -1
        if not m or close < 0:
            raise QueryError(f"{source}: cannot parse parameters at {text[pos:]!r}")
        name = m.group(1)
        if any(s.name == name for s in specs):
            raise QueryError(f"{source}: parameter {name!r} is declared twice")
        specs.append(_param_spec(name, text[m.end() : close], source))
        pos = close + 1
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos < len(text):
            if text[pos] != ",":
                raise QueryError(f"{source}: expected ',' between parameters at {text[pos:]!r}")
            pos += 1
    return tuple(specs)


def _closing_paren(text: str, start: int) -> int:
    """Index of the ``)`` closing a parameter's declaration (quotes respected), or -1."""
    quote = None
    for i in range(start, len(text)):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == ")":
            return i
    return -1


def _split_attributes(inner: str) -> list[str]:
    """``int, default "a, b", one of x|y`` -> its comma-separated parts (quotes respected)."""
    parts, quote, current = [], None, ""
    for ch in inner:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == ",":
            parts.append(current.strip())
            current = ""
            continue
        current += ch
    parts.append(current.strip())
    return parts


def _param_spec(name: str, inner: str, source: str) -> ParamSpec:
    kind, *attributes = _split_attributes(inner)
    reference = None
    ref = _REFERENCE.match(kind)
    if ref:
        reference, type_name = (ref.group(1), ref.group(2)), "str"
    elif kind in PARAM_TYPES:
        type_name = kind
    else:
        raise QueryError(f"{source}: parameter {name!r} has unknown type {kind!r}")
    default_text: str | None = None
    choices: tuple[Any, ...] | None = None
    for attribute in attributes:
        word, _, rest = attribute.partition(" ")
        if word == "default" and rest.strip() and default_text is None:
            default_text = rest.strip()
        elif (
            attribute.startswith("one of ") and choices is None and not type_name.startswith("list")
        ):
            options = [o.strip() for o in attribute[len("one of ") :].split("|")]
            if not all(_CHOICE.match(o) for o in options):
                raise QueryError(f"{source}: parameter {name!r}: bad choices {attribute!r}")
            try:
                choices = tuple(coerce_value(o, type_name, name=name) for o in options)
            except UsageError as e:
                raise QueryError(f"{source}: bad choices: {e}") from None
        else:
            raise QueryError(f"{source}: parameter {name!r}: cannot parse {attribute!r}")
    spec = ParamSpec(name, type_name, _NO_DEFAULT, choices, reference)
    if default_text is not None and default_text.split()[0] == "inferred":
        words = default_text.split()
        choice = words[1] if len(words) == 2 else INFERABLE.get(name) if len(words) == 1 else None
        if choice not in INFERRED_CHOICES:
            raise QueryError(
                f"{source}: parameter {name!r}: 'default inferred' needs a choice, one of "
                f"{', '.join(INFERRED_CHOICES)} ('default inferred CHOICE'; without one the "
                f"name says it: {', '.join(INFERABLE)})"
            )
        return ParamSpec(name, type_name, INFERRED, choices, reference, choice)
    if default_text is not None:
        raw = default_text
        if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
            raw = raw[1:-1]
        try:
            spec = ParamSpec(name, type_name, spec.coerce(raw), choices, reference)
        except UsageError as e:
            raise QueryError(f"{source}: bad default: {e}") from None
    return spec


def _parse_requirement(text: str, *, source: str = "query") -> Requirement:
    """A ``requires:`` value, ``PATTERN => MESSAGE``.

    >>> _parse_requirement("(:Cluster) => no clusters written back yet").pattern
    '(:Cluster)'
    """
    pattern, sep, message = text.partition("=>")
    if not sep or not pattern.strip() or not message.strip():
        raise QueryError(f"{source}: 'requires:' needs PATTERN => MESSAGE, got {text!r}")
    return Requirement(pattern.strip(), message.strip())


def parse_query_text(
    text: str, *, path: Path | None = None, default_name: str | None = None
) -> QuerySpec:
    """Parse a query's header; ``name`` falls back to ``default_name`` (the file stem).

    Parameters
    ----------
    text : str
        The query: ``//`` header lines, then Cypher.
    path : Path, optional
        The file it came from (named in errors, kept in the spec).
    default_name : str, optional
        The name when the header has no ``// name:``.

    Returns
    -------
    QuerySpec

    Raises
    ------
    QueryError
        The header is malformed (naming the file): no valid name, a key twice, a bad
        parameter declaration, a doc line for an undeclared parameter or column, no
        Cypher after the header.

    Examples
    --------
    See the module example.

    >>> parse_query_text("RETURN 1 AS one", default_name="one").name
    'one'
    """
    source = str(path) if path is not None else (default_name or "query")
    fields: dict[str, str] = {}
    repeated: dict[str, list[str]] = {key: [] for key in REPEATABLE_KEYS}
    last: str | None = None
    docs: dict[tuple[str, str], list[str]] = {}
    doc: tuple[str, str] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            break
        d = _DOC_LINE.match(stripped)
        if d:
            what, target, kind, body = d.groups()
            doc = (what, target)
            if doc in docs:
                raise QueryError(f"{source}: '{what} {target}' is documented twice")
            if what == "column" and kind not in COLUMN_TYPES:
                raise QueryError(
                    f"{source}: column {target} needs a type, one of {', '.join(COLUMN_TYPES)}: "
                    f"// column {target} (float): ..."
                )
            docs[doc] = [kind or "", body.strip()]
            last = None
            continue
        m = _KEY_LINE.match(stripped)
        if m and m.group(1) in HEADER_KEYS:
            doc = None
            last = m.group(1)
            if last in REPEATABLE_KEYS:
                repeated[last].append(m.group(2).strip())
                continue
            if last in fields:
                raise QueryError(f"{source}: header key {last!r} appears twice")
            fields[last] = m.group(2).strip()
        elif doc is not None and stripped[2:].strip():
            docs[doc][1] += " " + stripped[2:].strip()
        elif last is not None and stripped[2:].strip():
            if last in REPEATABLE_KEYS:
                repeated[last][-1] += " " + stripped[2:].strip()
            else:
                fields[last] += " " + stripped[2:].strip()
    name = fields.get("name") or default_name
    if not name or not _NAME.match(name):
        raise QueryError(f"{source}: missing or invalid '// name:' header ({name!r})")
    params = _parse_params(fields.get("params", ""), source=source)
    returns = tuple(c.strip() for c in fields.get("returns", "").split(",") if c.strip())
    requires = tuple(_parse_requirement(r, source=source) for r in repeated["requires"])
    declared = {p.name for p in params}
    for requirement in requires:
        unknown = set(_PLACEHOLDER.findall(requirement.message)) - declared
        if unknown:
            raise QueryError(f"{source}: 'requires:' message names undeclared {sorted(unknown)}")
    param_docs = {t: body for (w, t), (_, body) in docs.items() if w == "param"}
    columns = {t: (kind, body) for (w, t), (kind, body) in docs.items() if w == "column"}
    undeclared = sorted(set(param_docs) - declared)
    if undeclared:
        raise QueryError(f"{source}: 'param' lines document undeclared parameters {undeclared}")
    unreturned = sorted(set(columns) - set(returns))
    if unreturned:
        raise QueryError(f"{source}: 'column' lines document columns not in returns {unreturned}")
    spec = QuerySpec(
        name,
        fields.get("description", ""),
        params,
        returns,
        text,
        path,
        requires,
        param_docs,
        {c: columns[c] for c in returns if c in columns},
    )
    if not spec.body():
        raise QueryError(f"{source}: no Cypher after the header")
    return spec


def parse_query_file(path: str | Path) -> QuerySpec:
    """Read and parse one ``.cypher`` file (UTF-8); the name defaults to the file stem.

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    QuerySpec

    Raises
    ------
    QueryError
        The file cannot be read, or its header is malformed.

    Examples
    --------
    >>> from clusteratlas.queries.library import LIBRARY_DIR
    >>> parse_query_file(LIBRARY_DIR / "graph-statistics.cypher").returns
    ('kind', 'name', 'count')
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"{path}: cannot read query file: {e}") from e
    return parse_query_text(text, path=path, default_name=path.stem)


def _wrapped(text: str, indent: str, width: int = 96) -> list[str]:
    """``text`` wrapped at ``width`` with every line indented (continuations a bit more)."""
    import textwrap

    return textwrap.wrap(
        text, width=width, initial_indent=indent, subsequent_indent=indent + "  "
    ) or [indent]


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ",".join(_show(v) for v in value) or '""'
    return repr(value) if isinstance(value, str) and (value == "" or "," in value) else str(value)
