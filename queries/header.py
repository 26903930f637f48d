"""Parse the header of a ``.cypher`` file and type its parameters.

A library query starts with ``//`` comment lines (DESIGN.md, "Queries")::

    // name: counties-specialised-in
    // description: Counties whose location quotient in an industry is at least min_lq
    // params: industry (str), min_lq (float, default 1.25), limit (int, default 20)
    // returns: code, name, lq, share

A line ``//`` followed by indentation and no ``key:`` continues the previous
key, so long descriptions and parameter lists can wrap. Parameter types are
``str``, ``int``, ``float``, ``bool`` and ``list[str]``, ``list[int]``,
``list[float]``; a parameter without ``default`` is required, ``default null``
makes ``null`` the default. String defaults may be quoted (``default "a, b"``).

Values given as text (``--param k=v`` on the command line) are converted with
:func:`coerce_value`; Python values are checked against the declared type. The
runner always sends them to Neo4j as query parameters, never as text.

Examples
--------
>>> spec = parse_query_text('''// name: demo
... // description: Counties over a threshold
... // params: industry (str), min_lq (float, default 1.25), limit (int, default 20)
... // returns: code, name, lq
... MATCH (r:Region) RETURN r.code AS code, r.name AS name, 1.0 AS lq LIMIT $limit''')
>>> spec.name, [p.name for p in spec.params], spec.returns
('demo', ['industry', 'min_lq', 'limit'], ('code', 'name', 'lq'))
>>> spec.bind({"industry": "GB4754:C", "limit": "5"})
{'industry': 'GB4754:C', 'min_lq': 1.25, 'limit': 5}
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clusteratlas.errors import QueryError, UsageError

__all__ = [
    "PARAM_TYPES",
    "ParamSpec",
    "QuerySpec",
    "coerce_value",
    "parse_params",
    "parse_query_file",
    "parse_query_text",
]

SCALAR_TYPES = ("str", "int", "float", "bool")
PARAM_TYPES = (*SCALAR_TYPES, *(f"list[{t}]" for t in SCALAR_TYPES))
HEADER_KEYS = ("name", "description", "params", "returns")
_NO_DEFAULT = object()
_KEY_LINE = re.compile(r"^//\s?([a-z_]+):\s*(.*)$")
_PARAM = re.compile(
    r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*([a-z\[\]]+)\s*(?:,\s*default\s+(.*?))?\)\s*"
)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_TRUE = {"true", "1", "yes", "y", "on"}
_FALSE = {"false", "0", "no", "n", "off"}


@dataclass(frozen=True)
class ParamSpec:
    """One declared parameter: its name, type (one of ``PARAM_TYPES``) and default."""

    name: str
    type: str
    default: Any = _NO_DEFAULT

    @property
    def required(self) -> bool:
        """True when the header gives no default."""
        return self.default is _NO_DEFAULT

    def describe(self) -> str:
        """``name (type, default X)`` or ``name (type, required)``."""
        tail = "required" if self.required else f"default {_show(self.default)}"
        return f"{self.name} ({self.type}, {tail})"


@dataclass(frozen=True)
class QuerySpec:
    """A parsed query: header fields, the Cypher text, and where it came from."""

    name: str
    description: str
    params: tuple[ParamSpec, ...]
    returns: tuple[str, ...]
    text: str
    path: Path | None = None

    def param(self, name: str) -> ParamSpec:
        """The spec of parameter ``name``; :class:`UsageError` if the query has none."""
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise UsageError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")

    def bind(self, values: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Typed parameters for a run: defaults filled in, every value checked.

        Unknown names, missing required parameters and values of the wrong type
        raise :class:`UsageError` (CLI exit code 2).
        """
        values = dict(values or {})
        for name in values:
            self.param(name)
        bound: dict[str, Any] = {}
        for p in self.params:
            if p.name in values:
                bound[p.name] = coerce_value(values[p.name], p.type, name=p.name)
            elif p.required:
                raise UsageError(
                    f"query {self.name!r} needs parameter {p.name!r} ({p.type}): "
                    f"--param {p.name}=VALUE"
                )
            else:
                bound[p.name] = p.default
        return bound

    def describe(self) -> str:
        """A human-readable description: what it answers, parameters, columns, Cypher."""
        lines = [f"{self.name}: {self.description}", "", "Parameters:"]
        lines += [f"  {p.describe()}" for p in self.params] or ["  (none)"]
        lines += ["", "Returns: " + (", ".join(self.returns) or "(not declared)")]
        if self.path is not None:
            lines += ["", f"File: {self.path}"]
        lines += ["", "Cypher:", *(f"  {line}" for line in self.body().splitlines())]
        return "\n".join(lines)

    def body(self) -> str:
        """The Cypher text without the header comment lines."""
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
    refused. Raises :class:`UsageError` naming the parameter and the expected type.

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


def parse_params(text: str, *, source: str = "query") -> tuple[ParamSpec, ...]:
    """Parse a ``params:`` header value into typed parameter specs.

    >>> [p.describe() for p in parse_params("region (str), depth (int, default 2)")]
    ['region (str, required)', 'depth (int, default 2)']
    """
    specs: list[ParamSpec] = []
    pos, text = 0, text.strip()
    while pos < len(text):
        m = _PARAM.match(text, pos)
        if not m:
            raise QueryError(f"{source}: cannot parse parameters at {text[pos:]!r}")
        name, type_name, default_text = m.groups()
        if type_name not in PARAM_TYPES:
            raise QueryError(f"{source}: parameter {name!r} has unknown type {type_name!r}")
        if any(s.name == name for s in specs):
            raise QueryError(f"{source}: parameter {name!r} is declared twice")
        default: Any = _NO_DEFAULT
        if default_text is not None:
            raw = default_text.strip()
            if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
                raw = raw[1:-1]
            try:
                default = coerce_value(raw, type_name, name=name)
            except UsageError as e:
                raise QueryError(f"{source}: bad default: {e}") from None
        specs.append(ParamSpec(name, type_name, default))
        pos = m.end()
        if pos < len(text):
            if text[pos] != ",":
                raise QueryError(f"{source}: expected ',' between parameters at {text[pos:]!r}")
            pos += 1
    return tuple(specs)


def parse_query_text(
    text: str, *, path: Path | None = None, default_name: str | None = None
) -> QuerySpec:
    """Parse a query's header; ``name`` falls back to ``default_name`` (the file stem).

    Raises :class:`QueryError` naming the file when the header is malformed.
    """
    source = str(path) if path is not None else (default_name or "query")
    fields: dict[str, str] = {}
    last: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            break
        m = _KEY_LINE.match(stripped)
        if m and m.group(1) in HEADER_KEYS:
            last = m.group(1)
            if last in fields:
                raise QueryError(f"{source}: header key {last!r} appears twice")
            fields[last] = m.group(2).strip()
        elif last is not None and stripped[2:].strip():
            fields[last] += " " + stripped[2:].strip()
    name = fields.get("name") or default_name
    if not name or not _NAME.match(name):
        raise QueryError(f"{source}: missing or invalid '// name:' header ({name!r})")
    params = parse_params(fields.get("params", ""), source=source)
    returns = tuple(c.strip() for c in fields.get("returns", "").split(",") if c.strip())
    spec = QuerySpec(name, fields.get("description", ""), params, returns, text, path)
    if not spec.body():
        raise QueryError(f"{source}: no Cypher after the header")
    return spec


def parse_query_file(path: str | Path) -> QuerySpec:
    """Read and parse one ``.cypher`` file (UTF-8); the name defaults to the file stem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"{path}: cannot read query file: {e}") from e
    return parse_query_text(text, path=path, default_name=path.stem)


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ",".join(_show(v) for v in value) or '""'
    return repr(value) if isinstance(value, str) and (value == "" or "," in value) else str(value)
