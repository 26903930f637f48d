"""The ``clusteratlas`` command line: a thin layer over the library.

Data goes to stdout, progress and logs to stderr. Exit codes: 0 ok, 1 error,
2 usage, 3 Neo4j unreachable or unauthorised, 4 invalid input data. Every error is
one line on stderr (invalid data adds one indented line per problem); no command
prints a Python traceback unless ``--debug`` asks for one. ``-q/--quiet``,
``-v/--verbose`` and ``--debug`` are accepted before and after the subcommand.

Importing this module imports click and nothing heavy: each command imports the
library (pandas, networkx, neo4j, pyvis) inside its body.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Sequence
from typing import Any

import click

from clusteratlas._version import __version__
from clusteratlas.cli import analyze, cypher, demo, load, queries, report, validate, view
from clusteratlas.cli._common import (
    configure_logging,
    format_warning,
    global_options,
    one_line,
    run_guarded,
)

__all__ = ["ClusterAtlasGroup", "cli", "main"]


class ClusterAtlasGroup(click.Group):
    """The root group: global flags on every subcommand, one-line errors, no tracebacks.

    - :meth:`add_command` gives every subcommand (also those added later) the global
      ``-q/--quiet``, ``-v/--verbose`` and ``--debug`` flags, so they work after the
      subcommand too;
    - :meth:`invoke` runs the subcommand under :func:`run_guarded` (exit codes, the
      last-resort "internal error" line);
    - :meth:`main` prints click's usage errors as one line, ``Error: ... See '... --help'``.
    """

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        taken = {opt for p in cmd.params for opt in (*p.opts, *p.secondary_opts)}
        for option in global_options():
            if not set(option.opts) & taken:
                cmd.params.append(option)
        super().add_command(cmd, name)

    def invoke(self, ctx: click.Context) -> Any:
        return run_guarded(super().invoke, ctx)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        previous = warnings.formatwarning
        warnings.formatwarning = format_warning  # one line each, like the errors
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as e:  # bare `clusteratlas`: the help
            click.echo(e.format_message(), err=True)
            sys.exit(e.exit_code)
        except click.ClickException as e:
            hint = ""
            if isinstance(e, click.UsageError) and e.ctx is not None:
                hint = f" See '{e.ctx.command_path} --help'."
            text = one_line(e.format_message())
            if hint and not text.endswith((".", "!", "?")):
                text += "."
            click.echo(f"Error: {text}{hint}", err=True)
            sys.exit(e.exit_code)
        except click.exceptions.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(1)
        finally:
            warnings.formatwarning = previous
        sys.exit(result if isinstance(result, int) else 0)


@click.group(cls=ClusterAtlasGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="clusteratlas")
@click.option("--quiet", "-q", is_flag=True, help="only data and errors: no progress, no notes")
@click.option("--verbose", "-v", is_flag=True, help="debug logging on stderr")
@click.option("--debug", is_flag=True, help="show the traceback of an unexpected error (a bug)")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool, debug: bool) -> None:
    """clusteratlas: regions, companies, industries and supply chains as a graph.

    Loaders build a validated dataset, Neo4j stores it for Cypher, networkx
    analytics score diversification, resilience and cluster centrality, pyvis
    draws the views.
    """
    obj = ctx.ensure_object(dict)
    obj.update(quiet=quiet, verbose=verbose, debug=debug)
    configure_logging(obj)


for module in (demo, validate, load, analyze, queries, cypher, view, report):
    for command in module.COMMANDS:
        cli.add_command(command)


BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
"""Thread settings of the BLAS libraries numpy may use."""


def main() -> None:
    """Console-script entry point.

    The commands run BLAS on one thread unless the environment says otherwise: their
    matrix products are small (regions x industries times industries x industries),
    where extra BLAS threads only spin and cost CPU (about a sixth of the demo's).
    """
    import os

    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")
    cli(prog_name="clusteratlas")
