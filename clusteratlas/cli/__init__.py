"""The ``clusteratlas`` command line: a thin layer over the library.

Data goes to stdout, progress and logs to stderr. Exit codes: 0 ok, 1 error,
2 usage, 3 Neo4j unreachable or unauthorised, 4 invalid input data.
"""

from __future__ import annotations

import logging

import click

from clusteratlas._version import __version__
from clusteratlas.cli import analyze, demo, load, queries, validate, view

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="clusteratlas")
@click.option("--quiet", "-q", is_flag=True, help="only data and errors, no progress")
@click.option("--verbose", "-v", is_flag=True, help="debug logging on stderr")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """clusteratlas: regions, companies, industries and supply chains as a graph.

    Loaders build a validated dataset, Neo4j stores it for Cypher, networkx
    analytics score diversification, resilience and cluster centrality, pyvis
    draws the views.
    """
    level = logging.WARNING if quiet else (logging.DEBUG if verbose else logging.INFO)
    logging.basicConfig(level=level, format="%(message)s")
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    ctx.ensure_object(dict)
    ctx.obj["quiet"] = quiet


for module in (demo, validate, load, analyze, queries, view):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="clusteratlas")
