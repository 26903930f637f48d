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
    """Find regions, industries and companies by code, name, pinyin or English name.

    \b
    clusteratlas lookup 鼓楼区        the four 鼓楼区, told apart by prefecture and province
    clusteratlas lookup Kunshan       昆山市 (pinyin: tones, spaces, capitals and the
                                      suffix 市/区/县 may be left out: kūnshān, "kun shan")
    clusteratlas lookup 崑山市        traditional characters are searched as simplified
    clusteratlas lookup 440305        a code; Manufacturing: an English industry name
    clusteratlas lookup 平安 --kind company

    Runs the `lookup` query of the library (fulltext index name_fulltext, CJK-aware, over
    names, English names, pinyin and aliases; plus codes and names containing TEXT; exact
    matches first). Codes are what the other commands take. When nothing matches, a note
    says what the graph covers (which companies, which regions).
    """
    if not text.strip():
        raise UsageError("lookup needs a non-empty TEXT")
    from clusteratlas.cli.queries import run_on_server
    from clusteratlas.graph.definitions.names import plain_text

    searched = plain_text(text)
    run_on_server(
        connection,
        fmt,
        lambda driver, database: _lookup(driver, text, searched, kind, limit, database),
    )


#: What the graph covers, for a lookup that found nothing: per kind, how many nodes, and for
#: companies their exchanges and sources (read from the graph, never assumed).
_COVERAGE = """
CALL () {
  MATCH (c:Company) OPTIONAL MATCH (c)-[:SOURCED_FROM]->(s:Source)
  RETURN 'company' AS kind, c.exchange AS exchange, s.title AS title, s.publisher AS publisher,
         s.vintage AS vintage, count(c) AS n
  UNION ALL
  MATCH (r:Region) OPTIONAL MATCH (r)-[:SOURCED_FROM]->(s:Source)
  RETURN 'region' AS kind, null AS exchange, s.title AS title, s.publisher AS publisher,
         s.vintage AS vintage, count(r) AS n
  UNION ALL
  MATCH (i:Industry)
  RETURN 'industry' AS kind, null AS exchange, i.scheme AS title, null AS publisher,
         null AS vintage, count(i) AS n
}
RETURN kind, exchange, title, publisher, vintage, n ORDER BY kind, n DESC
"""


def _lookup(
    driver: Any, text: str, searched: str, kind: str | None, limit: int, database: str
) -> Any:
    """The ``lookup`` query for ``searched`` (``text`` as :func:`plain_text` made it), with
    notes: how the text was converted, and when nothing matches, what the graph covers
    (:data:`_COVERAGE`): the companies' exchanges and sources, the regions' sources and the
    industry schemes, so that an absent company reads as outside the data, not as unknown."""
    from clusteratlas.queries.adhoc import cypher_spec, run_cypher
    from clusteratlas.queries.runner import run_query

    frame = run_query(
        driver, "lookup", {"text": searched, "kind": kind, "limit": limit}, database=database
    )
    notes = list(frame.attrs.get("notes", []))
    if searched != text.strip():
        notes.insert(
            0,
            f"searched for {searched!r} (from {text.strip()!r}: traditional characters made "
            "simplified, tone marks dropped)",
        )
    if frame.empty:
        coverage = run_cypher(driver, cypher_spec(_COVERAGE), {}, database=database)
        notes.append(_coverage_note(searched, kind, coverage))
    frame.attrs["notes"] = notes
    return frame


def _sources_text(rows: Any) -> str:
    """``title, vintage; ...`` of the Source rows of a coverage table (titled ones only)."""
    return "; ".join(
        ", ".join(str(v) for v in (r.title, r.vintage) if isinstance(v, str) and v)
        for r in rows.itertuples()
        if isinstance(r.title, str)
    )


def _coverage_note(text: str, kind: str | None, coverage: Any) -> str:
    """One line: nothing named ``text`` is in the graph, and what the graph covers.

    >>> import pandas as pd
    >>> cov = pd.DataFrame({"kind": ["company", "region"], "exchange": ["SZSE", None],
    ...     "title": ["SZSE A-share list", "MCA divisions"], "publisher": [None, None],
    ...     "vintage": ["2025-10-22", "2025"], "n": [2875, 3216]})
    >>> _coverage_note("三一重工", "company", cov)  # doctest: +NORMALIZE_WHITESPACE
    "no company matches '三一重工': the graph's 2,875 companies are those listed on SZSE
    (SZSE A-share list, 2025-10-22); a company listed elsewhere, or not listed, is not in
    the data"
    """
    what = {"region": "region", "industry": "industry", "company": "company"}.get(
        kind or "", "region, industry or company"
    )
    parts = []
    rows = coverage[coverage["kind"] == "company"] if kind in (None, "company") else None
    if rows is not None:
        total = int(rows["n"].sum())
        if total == 0:
            parts.append("the graph has no companies")
        else:
            exchanges = sorted({str(e) for e in rows["exchange"].dropna()})
            sources = _sources_text(rows)
            parts.append(
                f"the graph's {total:,} companies are those listed on {', '.join(exchanges)}"
                + (f" ({sources})" if sources else "")
                + "; a company listed elsewhere, or not listed, is not in the data"
            )
    if kind in (None, "region"):
        rows = coverage[coverage["kind"] == "region"]
        total = int(rows["n"].sum())
        titles = _sources_text(rows)
        parts.append(
            f"{'its' if parts else 'the graph' + chr(39) + 's'} {total:,} regions"
            + (f" are from {titles}" if titles else "")
            + " (a region is found by code, name, pinyin or traditional characters)"
        )
    if kind in (None, "industry"):
        rows = coverage[coverage["kind"] == "industry"]
        schemes = ", ".join(f"{r.title} {int(r.n)}" for r in rows.itertuples() if r.title)
        if kind == "industry" or schemes:
            parts.append(f"industries by scheme: {schemes or 'none'}")
    return f"no {what} matches {text!r}: " + "; ".join(parts)


COMMANDS = [cypher_command, lookup_command]
