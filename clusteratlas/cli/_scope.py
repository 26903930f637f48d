"""The analysis-scope options shared by ``analyze``, ``view`` and ``demo``.

``--level --scheme --industry-level --measure --year --io-scheme --group-level
--variety-level --growth-years --shock-level --shock-size --firm-scheme`` choose what
:class:`~clusteratlas.graph.definitions.scope.AnalysisScope`
would otherwise infer from the data (or read from ``dataset.json``). A value the
data do not have is a usage error (exit 2) whose message lists what the data have.

>>> import click
>>> from click.testing import CliRunner
>>> @click.command()
... @scope_options
... def show(**kwargs):
...     click.echo(sorted(scope_choices(kwargs).items()))
>>> CliRunner().invoke(show, ["--level", "state", "--year", "2022"]).output
"[('level', 'state'), ('year', 2022)]\\n"
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

__all__ = ["SCOPE_OPTIONS", "resolve_cli_scope", "scope_choices", "scope_options"]

F = TypeVar("F", bound=Callable[..., Any])


class YearRange(click.ParamType):
    """``FIRST-LAST`` (two whole years, the first not after the last) -> ``(first, last)``.

    >>> YearRange().convert("2003-2018", None, None)
    (2003, 2018)
    """

    name = "FIRST-LAST"

    def convert(self, value: Any, param: Any, ctx: Any) -> tuple[int, int]:
        if isinstance(value, tuple):
            return value
        first, sep, last = str(value).strip().partition("-")
        if sep and first.strip().isdigit() and last.strip().isdigit():
            pair = int(first), int(last)
            if pair[0] <= pair[1]:
                return pair
        self.fail(f"{value!r} is not a year range FIRST-LAST such as 2003-2018", param, ctx)


SCOPE_OPTIONS: tuple[tuple[str, str, Any, str], ...] = (
    ("--level", "level", str, "region level of the rows of E [default: the leaf level with data]"),
    ("--scheme", "scheme", str, "industry scheme of E [default: the scheme of those rows]"),
    (
        "--industry-level",
        "industry_level",
        str,
        "industry level within the scheme [default: the finest with data]",
    ),
    ("--measure", "measure", str, "what E counts [default: the only measure of those rows]"),
    ("--year", "year", int, "year of E [default: the latest with data]"),
    (
        "--io-scheme",
        "io_scheme",
        str,
        "scheme of the input-output table [default: the scheme of the industry links]",
    ),
    (
        "--group-level",
        "group_level",
        str,
        "region level whose members are linked across regions in the cluster network when "
        "the regions have no coordinates (with coordinates, distance links them) "
        "[default: the level of the regions' parents]",
    ),
    (
        "--variety-level",
        "variety_level",
        str,
        "industry level grouping industries for related variety "
        "[default: the industries' parent level, else dataset.json industry_groups]",
    ),
    (
        "--growth-years",
        "growth_years",
        YearRange(),
        "years of the national series for growth covariances (portfolio risk), e.g. "
        "2003-2018 [default: dataset.json, else all]",
    ),
    (
        "--shock-level",
        "shock_level",
        click.Choice(["io-sectors", "sections"]),
        "where the resilience model's single-sector demand shocks fall: each sector of the "
        "input-output table (io-sectors; a county's activity in a section is split over the "
        "section's sectors in the national output mix) or each industry of E (sections) "
        "[default: io-sectors when the table's sectors are finer than E's industries]",
    ),
    (
        "--shock-size",
        "shock_size",
        click.Choice(["proportional", "equal"]),
        "size of each shock: 10% of the sector's own final demand (proportional) or the "
        "same amount, 10% of total final demand / number of sectors, for every sector "
        "(equal) [default: proportional]",
    ),
    (
        "--firm-scheme",
        "firm_scheme",
        str,
        "company classification the firm-based measures count in (listed firms by "
        "industry and I-O sector) [default: the finest the companies have]",
    ),
)
"""(flag, parameter, type, help) of each scope option."""


def scope_options(func: F) -> F:
    """Add the scope options (each None unless given)."""
    for flag, name, kind, text in reversed(SCOPE_OPTIONS):
        metavar = "YEAR" if kind is int else getattr(kind, "name", name.upper().replace("_", "-"))
        if isinstance(kind, click.Choice):
            metavar = "[" + "|".join(kind.choices) + "]"
        func = click.option(flag, name, type=kind, default=None, metavar=metavar, help=text)(func)
    return func


def scope_choices(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Pop the scope options out of ``kwargs``; return those given, by scope field name."""
    out = {}
    for _, name, _, _ in SCOPE_OPTIONS:
        value = kwargs.pop(name, None)
        if value is not None:
            out[name] = value
    return out


def resolve_cli_scope(dataset: Any, choices: dict[str, Any]) -> Any:
    """The scope of ``dataset`` with the options given (UsageError, exit 2, when one matches
    nothing; the message lists what the data have)."""
    from clusteratlas.graph.definitions.scope import AnalysisScope

    return AnalysisScope.infer(dataset, **choices)
