"""Where a command's data come from: one decorator, one resolver, for every command that reads a dataset.

:func:`data_source_options` gives a command ``--from neo4j|PATH`` and ``--bundled
NAME`` (and, where the command has always had one, a positional ``PATH``: the same as
``--from PATH``), limited to the sources the command accepts (``load`` and
``validate`` read a directory or a bundled dataset, not Neo4j: ``--from neo4j`` is a
usage error that says so). The command receives one :class:`SourceChoice` as
``source``; :func:`dataset_from` turns it into the Dataset, the same way in every
command:

- at most one source (``give one data source: ...``, exit 2);
- none: the command's default (the bundled China data for ``analyze``, ``view`` and
  ``demo``, with a note on stderr saying so, not with ``-q``), or a usage error
  naming what to give (``load``, ``validate``);
- a bundled dataset derived from another (``china-inferred-links``, ``derived_from``
  ``china``) is read together with its base (:func:`~clusteratlas.loaders.combine.with_base`),
  as loading both into Neo4j would, by the commands that analyse or draw the data;
  ``load`` and ``validate`` take it alone: it is its own dataset (id), loaded and
  removed on its own;
- ``neo4j``: the whole graph read back (:func:`~clusteratlas.graph.neo4j_store.read.read_dataset`).

>>> import click
>>> from click.testing import CliRunner
>>> @click.command()
... @data_source_options(accepts=("path", "bundled"), path_argument=True, default=None)
... def show(source):
...     click.echo(source.resolve())
>>> CliRunner().invoke(show, ["--bundled", "china"]).output
"('bundled', 'china')\\n"
>>> print(CliRunner().invoke(show, ["--from", "neo4j"]).output.splitlines()[-1])
Error: Invalid value for '--from': show reads a dataset directory (--from PATH) or --bundled NAME, not neo4j
"""  # noqa: E501

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from clusteratlas.errors import UsageError

if TYPE_CHECKING:
    from clusteratlas.graph.neo4j_store.settings import Neo4jSettings
    from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "DEFAULT_NOTE",
    "SOURCE_KINDS",
    "BundledName",
    "SourceChoice",
    "SourceType",
    "bundled_choices",
    "data_source_options",
    "dataset_from",
]

log = logging.getLogger("clusteratlas")

F = TypeVar("F", bound=Callable[..., Any])

SOURCE_KINDS = ("neo4j", "path", "bundled")
"""What ``--from neo4j``, ``--from PATH`` (or ``PATH``) and ``--bundled NAME`` name."""

DEFAULT_NOTE = "no --from or --bundled: the bundled {name} dataset (clusteratlas.loaders.bundled)"
"""What a command says on stderr when it falls back to its default bundled dataset."""


def _bundled_root() -> Path | None:
    """``loaders/bundled`` found without importing the loaders (they import pandas)."""
    import importlib.util

    spec = importlib.util.find_spec("clusteratlas.loaders")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "bundled"


def bundled_choices() -> list[str]:
    """Names of the bundled datasets (directories with a ``manifest.json``)."""
    root = _bundled_root()
    if root is None or not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "manifest.json").is_file())


class BundledName(click.ParamType):
    """A bundled dataset's name, checked against the datasets shipped in the package.

    >>> BundledName().convert("china", None, None)
    'china'
    """

    name = "bundled"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(bundled_choices()) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        names = bundled_choices()
        if value not in names:
            self.fail(f"{value!r} is not a bundled dataset (choose from {', '.join(names)})")
        return str(value)


def _accepted(command: str, accepts: Sequence[str]) -> str:
    """``'load reads a dataset directory (--from PATH) or --bundled NAME'``."""
    parts = []
    if "neo4j" in accepts:
        parts.append("Neo4j (--from neo4j)")
    if "path" in accepts:
        parts.append("a dataset directory (--from PATH)")
    if "bundled" in accepts:
        parts.append("--bundled NAME")
    text = ", ".join(parts[:-1]) + (" or " if len(parts) > 1 else "") + parts[-1]
    return f"{command} reads {text}"


class SourceType(click.ParamType):
    """The value of ``--from``: ``neo4j`` (where the command accepts it) or an existing
    dataset directory.

    >>> SourceType().convert("neo4j", None, None)
    'neo4j'
    >>> SourceType(neo4j=False).name
    'PATH'
    """

    def __init__(self, neo4j: bool = True) -> None:
        self.neo4j = neo4j
        self.name = "neo4j|PATH" if neo4j else "PATH"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        if text == "neo4j":
            if self.neo4j:
                return text
            command = ctx.command_path if ctx is not None else "this command"
            self.fail(f"{_accepted(command, ('path', 'bundled'))}, not neo4j", param, ctx)
        path = Path(text)
        if not path.exists():
            either = "neither 'neo4j' nor" if self.neo4j else "not"
            self.fail(f"{text!r} is {either} an existing dataset directory", param, ctx)
        if not path.is_dir():
            self.fail(f"{text!r} is a file: give a dataset directory (one file per table)")
        return text


@dataclass(frozen=True)
class SourceChoice:
    """The data source options a command was given, and what it accepts.

    ``path`` (the positional PATH), ``from_value`` (``--from neo4j|PATH``), ``bundled``
    (``--bundled NAME``); ``default``: the bundled dataset used when none is
    given (None: a source is required); ``with_base``: read a derived bundled dataset
    together with its base. :meth:`resolve` checks them; :func:`dataset_from` reads.
    """

    command: str
    path: str | None = None
    from_value: str | None = None
    bundled: str | None = None
    accepts: tuple[str, ...] = SOURCE_KINDS
    default: str | None = "china"
    with_base: bool = True
    path_argument: bool = False

    def given(self) -> list[tuple[str, str | None]]:
        """The sources given, as ``(kind, value)``."""
        found: list[tuple[str, str | None]] = []
        if self.from_value == "neo4j":
            found.append(("neo4j", None))
        elif self.from_value:
            found.append(("path", self.from_value))
        if self.path:
            found.append(("path", self.path))
        if self.bundled:
            found.append(("bundled", self.bundled))
        return found

    def resolve(self) -> tuple[str, str | None]:
        """``(kind, value)`` of the one source to read: ``("path", DIR)``, ``("bundled",
        NAME)`` or ``("neo4j", None)``; the default when none was given.

        Raises
        ------
        UsageError
            Several sources, or none where the command has no default.

        Examples
        --------
        >>> SourceChoice("analyze").resolve()
        ('bundled', 'china')
        >>> SourceChoice("analyze", from_value="a", bundled="china").resolve()
        Traceback (most recent call last):
        ...
        clusteratlas.errors.UsageError: give one data source: --from neo4j|PATH or --bundled NAME
        """
        given = self.given()
        if len(given) > 1:
            raise UsageError(f"give one data source: {self._options()}")
        if given:
            return given[0]
        if self.default is None:
            raise UsageError(f"give a data source: {self._options()}")
        return "bundled", self.default

    @property
    def defaulted(self) -> bool:
        """True when no source was given (the command reads its default)."""
        return not self.given()

    def dataset_id(self) -> str:
        """The name a load tags its data with: the bundled name, or the directory's name.

        >>> SourceChoice("load", path="/data/mydata/").dataset_id()
        'mydata'
        """
        kind, value = self.resolve()
        if kind == "path":
            return Path(str(value)).resolve().name
        return str(value or kind)

    def _options(self) -> str:
        frm = "neo4j|PATH" if "neo4j" in self.accepts else "PATH"
        head = "PATH, " if self.path_argument else ""
        return f"{head}--from {frm} or --bundled NAME"


def data_source_options(
    *,
    accepts: Sequence[str] = SOURCE_KINDS,
    path_argument: bool = False,
    path_files_ok: bool = False,
    default: str | None = "china",
    with_base: bool = True,
) -> Callable[[F], F]:
    """Add ``--from``, ``--bundled`` (and a positional ``PATH``) to a command.

    The decorated function receives ``source``, a :class:`SourceChoice`, instead of the
    three values.

    Parameters
    ----------
    accepts : sequence of str
        The kinds of :data:`SOURCE_KINDS` the command reads; without ``neo4j``,
        ``--from neo4j`` is a usage error that says what the command reads.
    path_argument : bool
        Also take the directory as an optional positional ``PATH`` (``--from PATH``).
    path_files_ok : bool
        The positional PATH may be a file (``validate --adapter NAME FILE``); the
        command then checks what it got.
    default : str, optional
        The bundled dataset read when no source is given; None: a source is required.
    with_base : bool
        Read a derived bundled dataset together with its base (see the module doc).
    """
    accepts = tuple(accepts)
    neo4j = "neo4j" in accepts
    default_text = f" [default: --bundled {default}]" if default else ""
    from_help = (
        ("read the data from Neo4j or a dataset directory" if neo4j else "a dataset directory")
        + (" (the same as PATH)" if path_argument else "")
        + default_text
    )
    bundled_help = "a dataset shipped with the package" + (
        " (a derived one, e.g. china-inferred-links, is read with its base)" if with_base else ""
    )

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            path = kwargs.pop("path", None) if path_argument else None
            ctx = click.get_current_context(silent=True)
            kwargs["source"] = SourceChoice(
                command=ctx.command_path if ctx is not None else func.__name__,
                path=None if path is None else str(path),
                from_value=kwargs.pop("from_source", None),
                bundled=kwargs.pop("bundled", None),
                accepts=accepts,
                default=default,
                with_base=with_base,
                path_argument=path_argument,
            )
            return func(*args, **kwargs)

        options = []
        if path_argument:
            options.append(
                click.argument(
                    "path",
                    required=False,
                    type=click.Path(exists=True, file_okay=path_files_ok),
                )
            )
        options.append(
            click.option("--from", "from_source", type=SourceType(neo4j), help=from_help)
        )
        if "bundled" in accepts:
            options.append(click.option("--bundled", type=BundledName(), help=bundled_help))
        decorated: Any = wrapper
        for option in reversed(options):
            decorated = option(decorated)
        return cast(F, decorated)

    return decorate


def dataset_from(
    source: SourceChoice,
    settings: Neo4jSettings | None = None,
    *,
    region_levels: Sequence[str] = (),
    quiet: bool | None = None,
) -> Dataset:
    """The Dataset ``source`` names, read the same way by every command (module doc).

    Parameters
    ----------
    source : SourceChoice
        What the command was given (:func:`data_source_options`).
    settings : Neo4jSettings, optional
        For ``--from neo4j`` (default: resolved from the environment).
    region_levels : sequence of str
        Extra region levels a dataset directory may use (``validate --allow-level``).
    quiet : bool, optional
        No notes on stderr; default: ``-q/--quiet`` was given.

    Raises
    ------
    UsageError
        Several sources, or none where the command has no default.
    DataValidationError
        A dataset directory with problems (exit 4).
    """
    from clusteratlas.cli._common import is_quiet

    quiet = is_quiet() if quiet is None else quiet
    kind, value = source.resolve()
    if kind == "neo4j":
        from clusteratlas.graph.neo4j_store.connection import connect
        from clusteratlas.graph.neo4j_store.read import read_dataset
        from clusteratlas.graph.neo4j_store.settings import Neo4jSettings

        settings = settings or Neo4jSettings.resolve()
        log.info("reading the dataset from %s ...", settings.describe())
        driver = connect(settings)
        try:
            return read_dataset(driver, database=settings.database)
        finally:
            driver.close()
    if kind == "path":
        from clusteratlas.loaders.io import read_dataset_dir

        log.info("reading and checking %s ...", value)
        return read_dataset_dir(str(value), region_levels=tuple(region_levels))
    from clusteratlas.loaders.bundled import load_bundled

    name = str(value)
    if source.defaulted and not quiet:
        label = name.capitalize() if name.isalpha() else name
        click.echo("note: " + DEFAULT_NOTE.format(name=label), err=True)
    dataset = load_bundled(name)
    if not source.with_base:
        return dataset
    from clusteratlas.loaders.combine import with_base

    combined = with_base(dataset, load_bundled)
    if combined is not dataset and not quiet:
        click.echo(
            f"note: {name} is read together with {dataset.metadata['derived_from']}, the "
            "dataset it was derived from (as loading both into Neo4j would)",
            err=True,
        )
    return combined
