"""`clusteratlas cypher` (one ad-hoc Cypher statement) and `clusteratlas lookup TEXT` (names).

`cypher` gives a researcher's own Cypher the guarantees of `query`.
The statement comes from the argument, from ``-f FILE``, or from stdin (``-``). It
runs read-only unless ``--write`` (the server refuses writes in a READ session), with
a timeout, parameters given as ``-p NAME=VALUE`` (text, or the type of the graph property
the statement compares it with) or ``-p NAME:TYPE=VALUE``
(``int``, ``float``, ``bool``, ``list[str]``, ..., ``json``), and the output formats and
exit codes of ``clusteratlas query`` (2 usage, 3 Neo4j unavailable, 1 a failed query).

>>> from click.testing import CliRunner
>>> CliRunner().invoke(cypher_command, ["RETURN 1", "-f", "x.cypher"]).exit_code
2
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from clusteratlas.cli._common import format_option, handle_errors, neo4j_options
from clusteratlas.cli.queries import PARAM_OPTION
from clusteratlas.errors import UsageError

__all__ = ["COMMANDS", "cypher_command", "lookup_command", "read_statement"]


def read_statement(statement: str | None, file: Path | None) -> str:
    """The Cypher text from the argument, ``-f FILE`` or stdin (``-``); exactly one source.

    >>> read_statement("RETURN 1", None)
    'RETURN 1'
    >>> read_statement(None, None)
    Traceback (most recent call last):
    ...
    clusteratlas.errors.UsageError: give a Cypher statement, -f FILE, or - to read it from stdin
    """
    if statement is not None and file is not None:
        raise UsageError("give the statement or -f FILE, not both")
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise UsageError(f"-f {file}: cannot read it: {e}") from None
    if statement == "-":
        return sys.stdin.read()
    if statement is None:
        raise UsageError("give a Cypher statement, -f FILE, or - to read it from stdin")
    return statement


@click.command("cypher")
@click.argument("statement", required=False, metavar="[STATEMENT | -]")
@click.option(
    "--file",
    "-f",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="read the statement from this file (UTF-8)",
)
@PARAM_OPTION
@click.option("--write", is_flag=True, help="allow the statement to write (default: read-only)")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="seconds before the server stops the statement",
)
@format_option()
@neo4j_options
@handle_errors
def cypher_command(
    statement: str | None,
    file: Path | None,
    param_pairs: tuple[str, ...],
    write: bool,
    timeout: float,
    fmt: str,
    **connection: Any,
) -> None:
    """Run one Cypher STATEMENT (or -f FILE, or - for stdin), read-only unless --write.

    \b
    clusteratlas cypher "MATCH (r:Region {code: \\$code}) RETURN r.name" -p code=440305
    clusteratlas cypher -f my-question.cypher -p limit:int=10 --format csv
    echo "RETURN gds.version() AS gds" | clusteratlas cypher -

    Values travel as Cypher parameters, never pasted into the text. An untyped value
    compared with a property of the graph takes that property's type (`{year: $y}`: -p
    y=2020 is the number 2020, and a note says so); otherwise it is text (codes such as
    440305 and 000014 are text in the graph).
    """
    from clusteratlas.queries.adhoc import cypher_spec
    from clusteratlas.queries.header import parse_typed_params

    spec = cypher_spec(read_statement(statement, file))
    params = parse_typed_params(param_pairs)
    notes: list[str] = []
    if spec.params:
        spec.bind(params)  # usage errors (exit 2) before any connection is opened
    else:  # no header: an untyped value takes the type of the property it is compared with
        from clusteratlas.queries.adhoc import typed_by_use

        params, notes = typed_by_use(spec.body(), list(param_pairs), params)

    from clusteratlas.cli.queries import run_on_server
    from clusteratlas.queries.adhoc import run_cypher

    def run(driver: Any, database: str | None) -> Any:
        frame = run_cypher(driver, spec, params, database=database, write=write, timeout=timeout)
        frame.attrs["notes"] = [*notes, *frame.attrs.get("notes", [])]
        return frame

    run_on_server(connection, fmt, run)


@click.command("lookup")
@click.argument("text")
@click.option(
    "--kind",
    type=click.Choice(["region", "industry", "company"]),
    help="only regions, industries or companies",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=50, show_default=True, help="at most N matches"
)
@format_option()
@neo4j_options
@handle_errors
def lookup_command(text: str, kind: str | None, limit: int, fmt: str, **connection: Any) -> None:
    """Find regions, industries and companies by name: every match with its code, level and parent.

    \b
    clusteratlas lookup 鼓楼区        the four 鼓楼区, told apart by prefecture and province
    clusteratlas lookup 平安 --kind company

    Runs the `lookup` query of the library (fulltext index name_fulltext, CJK-aware, plus
    names containing TEXT; exact names first). Codes are what the other commands take.
    """
    if not text.strip():
        raise UsageError("lookup needs a non-empty TEXT")
    from clusteratlas.cli.queries import run_on_server
    from clusteratlas.queries.runner import run_query

    run_on_server(
        connection,
        fmt,
        lambda driver, database: run_query(
            driver, "lookup", {"text": text, "kind": kind, "limit": limit}, database=database
        ),
    )


COMMANDS = [cypher_command, lookup_command]
