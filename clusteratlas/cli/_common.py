"""Shared CLI plumbing: errors and exit codes, global flags, Neo4j options, regions, output flags.

Every command is a thin layer over public functions; this module holds the click glue
they share so that each command module stays a few lines long (the data source
options are in :mod:`clusteratlas.cli._source`, the output writers in the library,
:mod:`clusteratlas.formats`). Importing it is cheap:
pandas, the loaders and the graph wings are imported inside the functions that
need them, so ``clusteratlas --version`` and ``clusteratlas queries`` start fast.

Errors (DESIGN.md, CLI): a project error prints ``Error: <one line>`` on stderr and
exits with its code (1 error, 2 usage, 3 Neo4j unreachable or unauthorised, 4
invalid input data; a data validation error adds one indented line per problem);
click's usage errors are one line too. Anything else is a bug: it prints one line
saying so and exits 1 (``--debug`` shows the traceback instead).

>>> one_line("Couldn't connect:\\n   Failed to establish connection")
"Couldn't connect: Failed to establish connection"
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from clusteratlas.errors import ClusterAtlasError, DataValidationError, UsageError
from clusteratlas.formats import OUTPUT_FORMATS

if TYPE_CHECKING:
    from clusteratlas.graph.neo4j_store.settings import Neo4jSettings
    from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "INTERNAL_ERROR",
    "configure_logging",
    "error_message",
    "format_option",
    "format_warning",
    "global_options",
    "handle_errors",
    "is_quiet",
    "lang_option",
    "neo4j_options",
    "one_line",
    "output_dir",
    "output_file",
    "region_codes",
    "regions_option",
    "run_guarded",
    "settings_from",
]

F = TypeVar("F", bound=Callable[..., Any])

INTERNAL_ERROR = "internal error"
"""How the last-resort handler's message starts (tests look for it: it means a bug)."""

log = logging.getLogger("clusteratlas")


# --- errors and exit codes -------------------------------------------------------------


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines included) collapsed to one space."""
    return " ".join(str(text).split())


def error_message(error: BaseException) -> str:
    """The ``Error: ...`` text for ``error``: one line, or for invalid data a head line
    followed by one indented line per problem (every problem is listed)."""
    if isinstance(error, DataValidationError):
        return "Error: " + error.report()
    return "Error: " + one_line(str(error))


def _flags() -> dict[str, Any]:
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return {}
    obj = ctx.find_root().obj
    return obj if isinstance(obj, dict) else {}


def is_quiet() -> bool:
    """True when ``-q/--quiet`` was given (before or after the subcommand)."""
    return bool(_flags().get("quiet"))


def _debug() -> bool:
    return bool(_flags().get("debug")) or os.environ.get("CLUSTERATLAS_DEBUG") == "1"


def _describe_os_error(error: OSError) -> str:
    where = f" {error.filename!r}" if error.filename else ""
    what = error.strerror or one_line(str(error)) or type(error).__name__
    return f"cannot use{where}: {what}"


def run_guarded(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``func``; turn every exception into a message on stderr and an exit code.

    Project errors exit with their ``exit_code``; file-system errors (a path that
    cannot be read or written) exit 1 naming the path; an interrupt exits 130; click's
    own exceptions pass through (the group prints them). Anything else is a bug: one
    line starting ``Error: internal error`` and exit 1, or the traceback with ``--debug``.
    """
    try:
        return func(*args, **kwargs)
    except ClusterAtlasError as e:
        click.echo(error_message(e), err=True)
        sys.exit(e.exit_code)
    except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
        raise
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:  # `clusteratlas queries | head`: the reader went away
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except OSError as e:
        if _debug():
            raise
        click.echo(f"Error: {_describe_os_error(e)}", err=True)
        sys.exit(1)
    except Exception as e:
        if _debug():
            raise
        click.echo(
            f"Error: {INTERNAL_ERROR} ({type(e).__name__}: {one_line(str(e))[:300]}). "
            "This is a bug: rerun with --debug for the traceback and please report it.",
            err=True,
        )
        sys.exit(1)


def handle_errors(func: F) -> F:
    """Decorator form of :func:`run_guarded` for command callbacks."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return run_guarded(func, *args, **kwargs)

    return cast(F, wrapper)


# --- global flags: -q/--quiet, -v/--verbose, --debug, before or after the subcommand ----


def configure_logging(flags: Mapping[str, Any] | None = None) -> None:
    """Logging on stderr at the level the flags ask for."""
    flags = _flags() if flags is None else flags
    quiet, verbose = bool(flags.get("quiet")), bool(flags.get("verbose") or flags.get("debug"))
    level = logging.WARNING if quiet else (logging.DEBUG if verbose else logging.INFO)
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr, force=True)
    logging.getLogger("neo4j").setLevel(logging.ERROR)


def format_warning(message: Any, category: type[Warning], *args: Any, **kwargs: Any) -> str:
    """A Python warning as the CLI shows it: ``Warning: <one line>``."""
    return f"Warning: {one_line(str(message))}\n"


def _set_flag(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value:
        obj = ctx.find_root().ensure_object(dict)
        obj[str(param.name)] = True
        configure_logging(obj)
    return value


GLOBAL_FLAGS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("-q", "--quiet"), "only data and errors: no progress, no notes"),
    (("-v", "--verbose"), "debug logging on stderr"),
    (("--debug",), "show the traceback of an unexpected error (a bug)"),
)


def global_options() -> list[click.Option]:
    """Fresh ``-q/--quiet``, ``-v/--verbose`` and ``--debug`` options (one set per command)."""
    return [
        click.Option(
            list(decls), is_flag=True, expose_value=False, callback=_set_flag, help=help_text
        )
        for decls, help_text in GLOBAL_FLAGS
    ]


# --- Neo4j --------------------------------------------------------------------------------


def neo4j_options(func: F) -> F:
    """Add --uri/--user/--password/--database (each overrides its NEO4J_* variable)."""
    options = [
        click.option("--uri", help="Bolt URI [env NEO4J_URI; default bolt://localhost:7687]"),
        click.option("--user", help="user [env NEO4J_USER or NEO4J_USERNAME; default neo4j]"),
        click.option("--password", help="password [env NEO4J_PASSWORD] (prefer the variable)"),
        click.option("--database", help="database [env NEO4J_DATABASE; default neo4j]"),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def settings_from(kwargs: dict[str, Any]) -> Neo4jSettings:
    """Pop the Neo4j options out of ``kwargs`` and resolve settings (flag > env > default)."""
    from clusteratlas.graph.neo4j_store.settings import Neo4jSettings

    return Neo4jSettings.resolve(
        uri=kwargs.pop("uri", None),
        user=kwargs.pop("user", None),
        password=kwargs.pop("password", None),
        database=kwargs.pop("database", None),
    )


# --- regions and years ------------------------------------------------------------------


def regions_option(help_text: str) -> Callable[[F], F]:
    """The shared ``--region CODE|NAME`` option (repeatable; the values reach ``regions``)."""
    return click.option("--region", "regions", multiple=True, metavar="CODE|NAME", help=help_text)


def region_codes(dataset: Dataset, texts: Iterable[str], option: str = "--region") -> list[str]:
    """The codes of the regions ``texts`` name, by code or by name (order kept, duplicates
    dropped), with ``region TEXT = CODE`` on stderr for each name (not with ``-q``).

    Names are resolved by :func:`clusteratlas.graph.definitions.names.resolve_region`, the
    resolver the query parameters use too (exact code, exact name in simplified or
    traditional characters, a name qualified by its parents, pinyin with or without tones
    and suffix, a unique part of a name); an unknown or ambiguous one is a
    :class:`UsageError` naming ``option`` and the candidates with codes and parents.
    """
    from clusteratlas.graph.views.names import resolve_region

    codes: list[str] = []
    for text in texts:
        try:
            code = resolve_region(dataset, text)
        except UsageError as e:
            raise UsageError(f"{option}: {e}") from None
        if code != text and not is_quiet():
            click.echo(f"region {text} = {code}", err=True)
        if code not in codes:
            codes.append(code)
    return codes


def output_file(path: str | Path, option: str) -> Path:
    """``path`` for a file to write, its directory created; :class:`UsageError` if it cannot be.

    Checked before the work starts, so a bad ``-o`` fails at once, not after a long run.
    """
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{option} {str(path)!r} is a directory; give a file name")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(
            f"{option} {str(path)!r}: cannot create its directory ({e.strerror})"
        ) from e
    if not os.access(target.parent, os.W_OK):
        raise UsageError(f"{option} {str(path)!r}: the directory is not writable")
    return target


@contextlib.contextmanager
def output_dir(path: str | Path, option: str) -> Iterator[Path]:
    """Directory ``path``, created now (so a bad path fails before the work), yielded to
    the command; :class:`UsageError` if it is a file or cannot be created. When the
    command fails and the directory did not exist before, it is removed again with what
    was written into it, so a failed run leaves nothing behind."""
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{option} {str(path)!r} is a file; give a directory")
    existed = target.exists()
    # the missing directories above it too (--out new/sub): a failed run removes them all
    created = [d for d in (target, *target.parents) if not d.exists()]
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(
            f"{option} {str(path)!r}: cannot create the directory ({e.strerror})"
        ) from e
    if not os.access(target, os.W_OK):
        raise UsageError(f"{option} {str(path)!r}: the directory is not writable")
    try:
        yield target
    except BaseException:
        if not existed:
            shutil.rmtree(target, ignore_errors=True)
            for parent in created[1:]:  # innermost first; only if still empty
                with contextlib.suppress(OSError):
                    parent.rmdir()
        raise


# --- output -------------------------------------------------------------------------------


def format_option(
    default: str = "table", help_text: str = "output format on stdout"
) -> Callable[[F], F]:
    """The shared ``--format table|csv|json|jsonl`` option (writers:
    :mod:`clusteratlas.formats`; ``json`` is always an array of records)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(OUTPUT_FORMATS),
        default=default,
        show_default=True,
        help=help_text,
    )


def lang_option(func: F) -> F:
    """The shared ``--lang zh|en`` option: the language of region and industry names in
    tables, views and reports (:mod:`clusteratlas.graph.definitions.lang`; ``zh``, the
    default, keeps the names as the data publish them; the interface is English either way)."""
    return click.option(
        "--lang",
        type=click.Choice(("zh", "en")),
        default="zh",
        show_default=True,
        callback=_money_in,
        help="names of regions and industries: zh as the data publish them, en in English "
        "(pinyin place names, official industry English where the data have it; a name "
        "with no Chinese stays as it is)",
    )(func)


def _money_in(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """``--lang en``: the pages write money in English magnitudes while the command runs."""
    if value == "en":
        from clusteratlas.graph.views import magnitudes_for

        ctx.with_resource(magnitudes_for(value))
    return value
