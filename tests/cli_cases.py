"""Bad values for every command and option of the CLI, derived from click where possible.

Used by ``tests/unit/test_cli_bad_input.py`` (no server: a closed port stands for a
stopped Neo4j) and ``tests/integration/test_cli_server_errors.py`` (a real server
with a wrong password, a wrong user, an unknown database).

How a parameter gets its cases:

- derived from its click type: a flag given a value (``--write-back=x``), a choice
  that is not one (``--format xml``), a number out of an ``IntRange``/``FloatRange``
  and one that is not a number, a path that must exist and does not, a bundled
  dataset that is not shipped, ``--from`` something that is neither ``neo4j`` nor a
  directory, and ``--from neo4j`` where the command does not read Neo4j; the Neo4j
  options (``--uri --user --password --database``) with the server stopped;
- plus the entries of :data:`BAD_VALUES`, keyed ``(command, parameter name)``: the
  semantic cases click cannot know (an unknown region code, a year with no data, an
  output file that cannot be written).

A parameter whose click type gives no bad value (a plain string or number) must
have an entry in :data:`BAD_VALUES`, or in :data:`NO_BAD_VALUE` with the reason;
otherwise the coverage test fails. So options added later are covered as soon as
they exist, and a new option with free text cannot slip through unnoticed.

Placeholders in arguments: ``{tmp}`` a scratch directory, ``{missing}`` a path that
does not exist, ``{file}`` an existing regular file, ``{empty}`` an empty
directory, ``{home}`` a directory that looks like a Neo4j installation (has
``lib/``), ``{badq}`` a directory with a malformed ``.cypher`` file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import click

from clusteratlas.cli._source import BundledName, SourceType

NEO4J_PARAMS = ("uri", "user", "password", "database")
GLOBAL_FLAGS = ("quiet", "verbose", "debug")


@dataclass(frozen=True)
class Case:
    """One bad invocation: ``args`` after the command name, the exit code, a message fragment.

    ``base``: prepend the command's :data:`GOOD` arguments (minus the parameter under
    test); ``connects``: prepend :data:`CONNECTS` instead (the invocation reaches Neo4j).
    """

    args: tuple[str, ...]
    exit: int
    message: str | None = None
    base: bool = True
    connects: bool = False
    why: str = field(default="", compare=False)


def case(*args: str, exit: int, message: str | None = None, **kw: bool) -> Case:
    return Case(tuple(args), exit, message, **kw)


GOOD: dict[str, dict[str, tuple[str, ...]]] = {
    "demo": {"out_dir": ("--out", "{tmp}/demo")},
    "validate": {"bundled": ("--bundled", "china")},
    "load": {"bundled": ("--bundled", "china")},
    "analyze": {},
    "queries": {},
    "query": {"name": ("graph-statistics",)},
    "cypher": {"statement": ("RETURN 1 AS one",)},
    "lookup": {"text": ("南山区",)},
    "view": {
        "kind": ("region",),
        "regions": ("--region", "440305"),
        "output": ("-o", "{tmp}/view.html"),
    },
    "report": {"regions": ("--region", "440305"), "out_dir": ("-o", "{tmp}/report")},
}
"""A minimal valid invocation of each command, by parameter (positionals first)."""

CONNECTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "demo": (("--from", "neo4j", "--out", "{tmp}/demo-neo4j"),),
    "load": (("--bundled", "china"), ("--schema-only",)),
    "query": (("graph-statistics",),),
    "analyze": (("--from", "neo4j"), ("--write-back", "--write-back-from-copy")),
    "view": (("region", "--region", "440305", "--from", "neo4j", "-o", "{tmp}/v.html"),),
    "report": (("--region", "440305", "--from", "neo4j", "-o", "{tmp}/report-neo4j"),),
    "cypher": (("RETURN 1 AS one",),),
    "lookup": (("南山区",),),
}
"""For every command with Neo4j options: invocations that connect to Neo4j."""

STOPPED_SERVER_EXIT = 3

BAD_VALUES: dict[tuple[str, str], tuple[Case, ...]] = {
    ("demo", "out_dir"): (
        case("--out", "{file}", exit=2, message="is a file"),
        case("--out", "/proc/clusteratlas-demo", exit=2, message="cannot create"),
    ),
    ("demo", "year"): (case("--year", "1900", exit=2, message="no rows"),),
    ("demo", "from_source"): (
        case("--from", "{empty}", exit=4, message="problem"),
        case("--from", "{tmp}", "--bundled", "china", exit=2, message="one data source"),
    ),
    ("demo", "bundled"): (
        case("--bundled", "china", "--from", "{tmp}", exit=2, message="one data source"),
    ),
    ("demo", "regions"): (
        case("--region", "999999", exit=2, message="unknown region"),
        case("--region", "鼓楼区", exit=2, message="ambiguous"),
    ),
    ("analyze", "year"): (case("--year", "1900", exit=2, message="no rows"),),
    ("analyze", "weights"): (
        case("--weight", "diversification=1", exit=2, message="unknown resilience component"),
        case("--weight", "entropy", exit=2, message="expected COMPONENT=WEIGHT"),
        case("--weight", "entropy=x", exit=2, message="is not a number"),
        case("--weight", "entropy=-1", exit=2, message="must be finite and >= 0"),
    ),
    ("analyze", "cluster_markets"): (
        case("--cluster-markets", "export", exit=2, message="unknown kind export"),
        case("--cluster-markets", ",", exit=2, message="(none given)"),
    ),
    ("analyze", "unscored_csv"): (case("--unscored-csv", "{tmp}", exit=2, message="directory"),),
    ("analyze", "from_source"): (
        case("--from", "{empty}", exit=4, message="problem"),
        case("--from", "{tmp}", "--bundled", "china", exit=2, message="one data source"),
    ),
    ("view", "year"): (case("--year", "1900", exit=2, message="no rows"),),
    ("view", "regions"): (
        case("--region", "999999", exit=2, message="999999"),
        case(
            "region",
            "--region",
            "440305",
            "--region",
            "320583",
            "--max-nodes",
            "1",
            "-o",
            "{tmp}/v.html",
            exit=2,
            message="max_nodes",
            base=False,
        ),
    ),
    ("view", "focus"): (
        case("supply-chain", "--focus", "NOPE", "-o", "{tmp}/v.html", exit=2, base=False),
    ),
    ("view", "score"): (
        case("map", "--score", "bogus", "-o", "{tmp}/m.html", exit=2, message="bogus", base=False),
    ),
    ("view", "industry"): (
        case("--industry", "NBS42:12", exit=2, message="--industry"),
        case(
            "map",
            "--score",
            "lq",
            "--industry",
            "nope",
            "-o",
            "{tmp}/m.html",
            exit=2,
            message="nope",
            base=False,
        ),
    ),
    ("view", "output"): (
        case("-o", "{tmp}", exit=2, message="directory"),
        case("-o", "/proc/clusteratlas/v.html", exit=2, message="cannot create"),
    ),
    ("view", "path"): (
        case("{empty}", exit=4, message="problem"),
        case("{empty}", "--from", "{empty}", exit=2, message="one data source"),
    ),
    ("report", "year"): (case("--year", "1900", exit=2, message="no rows"),),
    ("report", "regions"): (
        case("--region", "999999", exit=2, message="999999"),
        case("--region", "鼓楼区", exit=2, message="ambiguous"),
        case("-o", "{tmp}/report-none", exit=2, message="--region", base=False),
    ),
    ("report", "out_dir"): (
        case("-o", "{file}", exit=2, message="is a file"),
        case("-o", "/proc/clusteratlas-report", exit=2, message="cannot create"),
    ),
    ("report", "path"): (
        case("{empty}", exit=4, message="problem"),
        case("{empty}", "--from", "{empty}", exit=2, message="one data source"),
    ),
    ("load", "path"): (
        case("{empty}", exit=4, message="problem", base=False),
        case("{file}", exit=2, message="is a file", base=False),
        case(exit=2, message="give a data source", base=False),
    ),
    ("load", "from_source"): (case("--from", "{empty}", exit=4, message="problem", base=False),),
    ("load", "bulk"): (case("--bulk", exit=2, message="--neo4j-home"),),
    ("load", "neo4j_home"): (
        case("--bulk", "--neo4j-conf", "{tmp}", "--neo4j-home", "{missing}", exit=2, message="lib"),
    ),
    ("load", "neo4j_conf"): (
        case(
            "--bulk", "--neo4j-home", "{home}", "--neo4j-conf", "{missing}", exit=2, message="conf"
        ),
    ),
    ("load", "dataset_id"): (
        case(
            "--bulk",
            "--neo4j-home",
            "{home}",
            "--neo4j-conf",
            "{tmp}",
            "--dataset-id",
            "a;b",
            exit=2,
            message="delimiter",
        ),
    ),
    ("validate", "path"): (
        case("{empty}", exit=4, message="problem", base=False),
        case("{file}", exit=2, message="is a file", base=False),
        case(exit=2, message="give a data source", base=False),
    ),
    ("validate", "maps"): (
        case(
            "--adapter",
            "long-csv",
            "{file}",
            "--map",
            "region",
            exit=2,
            message="KEY=VALUE",
            base=False,
        ),
        case("--map", "region=geo", "{empty}", exit=2, message="go with --adapter", base=False),
    ),
    ("validate", "adapter_options"): (
        case(
            "--adapter",
            "long-csv",
            "{file}",
            "--option",
            "scheme",
            exit=2,
            message="KEY=VALUE",
            base=False,
        ),
    ),
    ("validate", "out_dir"): (
        case(
            "--adapter", "long-csv", "{file}", "--out", "{file}", exit=2, message="file", base=False
        ),
    ),
    ("validate", "from_source"): (
        case("--from", "{empty}", exit=4, message="problem", base=False),
    ),
    ("validate", "adapter"): (
        case("--adapter", "nope", "{file}", exit=2, message="not an adapter", base=False),
        case("--adapter", "nbs-io-table", "{file}", exit=4, message="problem", base=False),
        case(
            "--adapter", "nbs-io-table", "{missing}", exit=2, message="does not exist", base=False
        ),
        case("--adapter", "nbs-io-table", exit=2, message="FILE", base=False),
    ),
    ("query", "name"): (case("no-such-query", exit=2, message="no query named"),),
    ("query", "param_pairs"): (
        case("-p", "novalue", exit=2, message="NAME=VALUE"),
        case("-p", "limit:number=3", exit=2, message="unknown type"),
        case("-p", "x=1", exit=2, message="no parameter"),
        case(
            "region-industries-by-lq",
            "-p",
            "region=440305",
            "-p",
            "limit=many",
            exit=2,
            message="limit",
            base=False,
        ),
    ),
    ("queries", "queries_dir"): (case("--queries-dir", "{badq}", exit=1, message="bad.cypher"),),
    ("query", "queries_dir"): (case("--queries-dir", "{badq}", exit=1, message="bad.cypher"),),
    ("cypher", "statement"): (
        case("   ", exit=2, message="no Cypher given"),
        case("// name: x", exit=2, message="no Cypher after the header"),
    ),
    ("cypher", "param_pairs"): (
        case("-p", "novalue", exit=2, message="NAME=VALUE"),
        case("-p", "n:number=3", exit=2, message="unknown type"),
        case("-p", "n:int=three", exit=2, message="must be int"),
        case("-p", "x:json=[1", exit=2, message="not JSON"),
        case("-p", "a=1", "-p", "a=2", exit=2, message="given twice"),
    ),
    ("lookup", "text"): (case("  ", exit=2, message="non-empty TEXT"),),
}

SCOPE_BAD = {
    "level": ("state", "levels with rows: country (745 rows), county ("),
    "scheme": ("HS", "schemes with rows: GB4754 ("),
    "industry_level": ("chapter", "industry levels with rows: section"),
    "measure": ("bogus", "measure 'bogus'"),
    "io_scheme": ("HS", "schemes of industry_links: NBS42"),
    "group_level": ("state", "no regions of level 'state'"),
    "variety_level": ("chapter", "no industries of level 'chapter'"),
    "growth_years": ("2018-2003", "not a year range FIRST-LAST"),
    "firm_scheme": ("HS", "no company is classified in scheme 'HS'"),
}
"""Analysis-scope options (analyze, view, demo, report): a value the bundled data lack exits 2 and
the message lists what the data have."""
for _command in ("analyze", "view", "demo", "report"):
    for _name, (_value, _message) in SCOPE_BAD.items():
        BAD_VALUES[(_command, _name)] = (
            case("--" + _name.replace("_", "-"), _value, exit=2, message=_message),
        )
"""Semantic bad values click cannot derive, by (command, parameter name)."""

NO_BAD_VALUE: dict[tuple[str, str], str] = {
    ("validate", "allow_levels"): "any text names an extra region level",
    ("validate", "deprecated_levels"): "the old name of --allow-level: any text, as there",
    ("load", "replace"): "a flag; covered by the derived --replace=x",
}
"""Parameters without a bad value, with the reason."""


def _number_cases(t: click.ParamType, prefix: tuple[str, ...], name: str) -> Iterator[Case]:
    yield case(*prefix, "not-a-number", exit=2, message=name)
    if isinstance(t, click.IntRange | click.FloatRange):
        step = 1 if isinstance(t, click.IntRange) else 0.5
        if t.min is not None:
            value = t.min if t.min_open else t.min - step
            yield case(*prefix, str(value), exit=2, message=name)
        if t.max is not None:
            value = t.max if t.max_open else t.max + step
            yield case(*prefix, str(value), exit=2, message=name)


def derived_cases(command: str, param: click.Parameter) -> list[Case]:
    """Bad values that follow from the parameter's click type (see the module docstring)."""
    if isinstance(param, click.Option):
        opt = max(param.opts, key=len)
        if param.is_flag:
            return [case(f"{opt}=x", exit=2, message=opt)]
        if param.name in NEO4J_PARAMS:
            value = "bolt://127.0.0.1:1" if param.name == "uri" else "x"
            return [case(opt, value, exit=STOPPED_SERVER_EXIT, message="Neo4j", connects=True)]
        prefix: tuple[str, ...] = (opt,)
    else:
        opt = str(param.name).upper()
        prefix = ()
    t = param.type
    if isinstance(t, click.Choice):
        return [case(*prefix, "no-such-choice", exit=2, message="no-such-choice")]
    if isinstance(t, BundledName):
        return [case(*prefix, "atlantis", exit=2, message="atlantis")]
    if isinstance(t, SourceType):
        derived = [
            case(*prefix, "{missing}", exit=2, message="existing dataset directory"),
            case(*prefix, "{file}", exit=2, message="is a file"),
        ]
        if not t.neo4j:  # load, validate: the error says what the command reads instead
            derived.append(case(*prefix, "neo4j", exit=2, message="not neo4j"))
        return derived
    if isinstance(t, click.types.IntParamType | click.types.FloatParamType):
        return list(_number_cases(t, prefix, opt))
    if isinstance(t, click.Path) and t.exists:
        return [case(*prefix, "{missing}", exit=2, message="does not exist")]
    return []


def needs_table_entry(param: click.Parameter) -> bool:
    """True when the derived cases alone do not cover the parameter's meaning.

    Plain strings, paths that need not exist and unbounded numbers (only "not a
    number" is derivable) need a semantic case in :data:`BAD_VALUES`.
    """
    if isinstance(param, click.Option) and (param.is_flag or param.name in NEO4J_PARAMS):
        return False
    t = param.type
    if isinstance(t, click.Choice | BundledName | SourceType | click.IntRange | click.FloatRange):
        return False
    return not (isinstance(t, click.Path) and t.exists)


def commands(group: click.Group) -> dict[str, click.Command]:
    """The group's subcommands by name (nested groups flattened as ``a b``)."""
    out: dict[str, click.Command] = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            out.update({f"{name} {k}": v for k, v in commands(command).items()})
        else:
            out[name] = command
    return out


def parameters(command: click.Command) -> list[click.Parameter]:
    """The command's parameters except help."""
    return [p for p in command.params if p.name not in ("help",)]


def cases_for(command: str, param: click.Parameter) -> list[Case]:
    """Every bad-value case of one parameter: derived, then from :data:`BAD_VALUES`."""
    return derived_cases(command, param) + list(BAD_VALUES.get((command, str(param.name)), ()))


def invocation(
    command: str, param: click.Parameter, bad: Case, connects_with: tuple[str, ...] = ()
) -> list[str]:
    """The argv (after ``clusteratlas``) that gives ``param`` its bad value ``bad``."""
    argv = command.split()
    if bad.connects:
        return [*argv, *connects_with, *bad.args]
    if not bad.base:
        return [*argv, *bad.args]
    good = {k: v for k, v in GOOD.get(command, {}).items() if k != param.name}
    positional = [p.name for p in parameters_of(command) if isinstance(p, click.Argument)]
    if isinstance(param, click.Argument):
        head: list[str] = []
        for name in positional:
            if name == param.name:
                head += bad.args
            else:
                head += good.pop(name, ())
        return [*argv, *head, *(a for v in good.values() for a in v)]
    head = [a for name in positional for a in good.pop(name, ())]
    return [*argv, *head, *(a for v in good.values() for a in v), *bad.args]


_COMMANDS: dict[str, click.Command] = {}


def parameters_of(command: str) -> list[click.Parameter]:
    return parameters(_COMMANDS[command])


def register(group: click.Group) -> dict[str, click.Command]:
    """Remember the group's commands (for :func:`invocation`) and return them."""
    _COMMANDS.update(commands(group))
    return dict(_COMMANDS)
