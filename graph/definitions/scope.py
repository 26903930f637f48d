"""The analysis scope: which slice of a dataset an analysis, a load, a query oracle and a view use.

Every analysis choice is made here, once: which regions form the rows of the matrix
E (one region *level*), which industries its columns (one *scheme*, one *industry
level*), which *measure* and *year*, which input-output table (*io_scheme*,
*io_year*), which region level groups regions for the cluster network's
cross-region links (*group_level*), which industry level groups industries for
related variety (*variety_level*), and which company classification the firm-based
measures count in (*firm_scheme*). :class:`AnalysisScope` is an immutable value;
:meth:`AnalysisScope.infer` fills every choice not given from the data:

=================  =============================================================
choice             inferred as
=================  =============================================================
``level``          the leaf region level with values: of the levels (other than
                   the national ``country``) that have ``region_industries`` rows,
                   the deepest in the region hierarchy (ties: most rows)
``scheme``         the industry scheme of those rows (several: a UsageError
                   asking for one)
``industry_level`` the industry level of those rows (several: the deepest)
``measure``        the only measure of those rows (several: a UsageError)
``year``           the latest year of those rows
``io_scheme``      the scheme of the ``industry_links`` (several: the one whose
                   industries map into ``scheme`` through ``parent_code``, else the
                   one with most links); None without links
``io_year``        :func:`nearest_year` of the I-O years and ``year``
``group_level``    the level of the regions' parents (most common), None when
                   they have none below the national level
``variety_level``  the industry level of the industries' parents (most common),
                   None when they have none (then ``dataset.json``
                   ``industry_groups`` groups them, when it declares a grouping)
``growth_years``   the (first, last) years of the national series whose growth
                   rates give the portfolio covariance; None: every year. The
                   bundled China data set 2003-2018 in ``dataset.json``: the
                   sectoral series breaks at the 2003 classification change
                   (GB/T 4754-2002), e.g. resident services +178% in one year
``shock_level``    where the resilience model's single-sector demand shocks
                   fall: ``io-sectors`` (each sector of the I-O table) when the
                   table's sectors are finer than E's industries (several
                   sectors map into one industry; the bundled data: 42 NBS
                   sectors into 20 GB/T 4754 sections), else ``sections``
                   (E's own industries)
``shock_size``     ``proportional`` (a fall of ``shock`` in the sector's own
                   final demand; the default) or ``equal`` (the same absolute
                   amount, shock x total final demand / K, from each sector)
``growth_breaks``  years in which the national series changes classification (its
                   growth rate into that year mixes a real change with a
                   reclassification), from ``dataset.json`` ``analysis``; None:
                   none declared. Not dropped by default: the specification
                   range of the resilience ranking shows the effect of dropping
                   each. The bundled data: 2003 (GB/T 4754-2002) and 2013 (the
                   third economic census: construction +27%, real estate +26%)
``firm_scheme``    the scheme of the ``company_industries`` whose industries lie
                   deepest in the industry hierarchy (the finest classification
                   of the companies; median depth, ties: most rows); None
                   without classified companies. The bundled China data:
                   ``SW2021`` (Shenwan level-3 industries), not the CSRC sections
``unit``           ``dataset.json`` ``units[measure]`` (or ``units[measure][level]``
                   when it is given by region level), else None
=================  =============================================================

Choices come, in this order, from the caller (``infer(dataset, level=...)``, the
CLI's ``--level`` ...), from the ``analysis`` object of ``dataset.json``
(``Dataset.metadata["analysis"]``), then from the data. A choice that matches no
data raises :class:`~clusteratlas.errors.UsageError` (from the caller) or
:class:`~clusteratlas.errors.DataValidationError` (from ``dataset.json``), naming
what the data has and the option that selects it. On the bundled China data the
inferred scope is county x GB4754 section, employment, 2020, NBS42 2020, grouped by
prefecture, firms in SW2021.

Examples
--------
>>> from clusteratlas.graph.definitions.examples import example_dataset
>>> scope = AnalysisScope.infer(example_dataset())
>>> scope.level, scope.scheme, scope.measure, scope.year, scope.io_scheme, scope.io_year
('county', 'GB4754', 'employment', 2020, 'NBS42', 2020)
>>> scope.matrix(example_dataset()).shape
(2, 2)
>>> AnalysisScope.infer(example_dataset(), level="state")
Traceback (most recent call last):
...
clusteratlas.errors.UsageError: region level 'state' has no region_industries rows; levels with rows: country (8 rows), county (4 rows), province (2 rows); choose one with --level (Python: level=)
"""  # noqa: E501

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from clusteratlas.errors import DataValidationError, MatrixError, Problem, UsageError
from clusteratlas.graph.definitions.cache import dataset_cached
from clusteratlas.graph.definitions.hierarchy import (
    climb,
    depth,
    industry_parents,
    parents_of,
    region_parents,
)
from clusteratlas.graph.definitions.io_table import (
    InputOutputTable,
    bridge_weights,
    bridged_matrix,
    industry_mapping,
    input_output_table,
)
from clusteratlas.graph.definitions.matrix import slice_matrix
from clusteratlas.graph.definitions.regions import region_ancestors
from clusteratlas.graph.definitions.years import nearest_year
from clusteratlas.loaders.dataset import Dataset
from clusteratlas.loaders.dataset_json import unit_of

__all__ = [
    "NATIONAL_LEVEL",
    "SCOPE_CHOICES",
    "SHOCK_LEVELS",
    "SHOCK_SIZES",
    "AnalysisScope",
    "resolve_scope",
    "variety_groups",
]

log = logging.getLogger("clusteratlas")

NATIONAL_LEVEL = "country"
"""Region level of the national region (its rows are series and I-O totals, not E)."""

SCOPE_CHOICES = (
    "level",
    "scheme",
    "industry_level",
    "measure",
    "year",
    "io_scheme",
    "io_year",
    "group_level",
    "variety_level",
    "growth_years",
    "growth_breaks",
    "firm_scheme",
    "shock_level",
    "shock_size",
    "unit",
)
"""The fields of :class:`AnalysisScope`, in inference order."""

SHOCK_LEVELS = ("io-sectors", "sections")
"""Where single-sector demand shocks fall: the I-O table's sectors, or E's industries."""

SHOCK_SIZES = ("proportional", "equal")
"""How big each single-sector shock is: ``shock`` x its own final demand, or the same
absolute amount (``shock`` x total final demand / K) for every sector."""

CLI_OPTION = {
    "level": "--level",
    "scheme": "--scheme",
    "industry_level": "--industry-level",
    "measure": "--measure",
    "year": "--year",
    "io_scheme": "--io-scheme",
    "io_year": "--io-year",
    "group_level": "--group-level",
    "variety_level": "--variety-level",
    "growth_years": "--growth-years",
    "growth_breaks": "growth_breaks in dataset.json analysis",
    "firm_scheme": "--firm-scheme",
    "shock_level": "--shock-level",
    "shock_size": "--shock-size",
    "unit": "units in dataset.json",
}


@dataclass(frozen=True)
class AnalysisScope:
    """Which slice of the dataset an analysis uses (see the module docstring).

    Immutable and hashable; build it with :meth:`infer` (which checks every choice
    against the data), or directly when every field is known.

    Attributes
    ----------
    level : str
        Region level of E's rows (``county``).
    scheme : str
        Industry scheme of E's columns (``GB4754``).
    measure : str
        What E counts (``employment``).
    year : int
        Year of E.
    industry_level : str or None
        Industry level of E's columns (``section``); None: every level of the scheme.
    io_scheme, io_year : str or int, optional
        The national input-output table (None: the data have none).
    group_level : str, optional
        Region level whose members are linked across regions in the cluster network
        (``prefecture``); None: no cross-region links.
    variety_level : str, optional
        Industry level that groups E's industries for related variety; None: the
        grouping ``dataset.json`` declares (``industry_groups``; the bundled data: the
        Chinese three sectors of the GB/T 4754 sections), else no grouping.
    unit : str, optional
        Unit of ``measure`` (``dataset.json`` ``units``).
    growth_years : (int, int), optional
        First and last year of the national series used for growth covariances
        (portfolio variance); None: all years.
    firm_scheme : str, optional
        The company classification the firm-based measures count in (listed firms
        by industry and by input-output sector, the declared clusters' firm view):
        ``SW2021`` for the bundled data; None: the companies are not classified.
    growth_breaks : tuple of int, optional
        Years whose national growth rate spans a classification break (declared in
        ``dataset.json``); the resilience specification range drops each in turn.
    shock_level : {"io-sectors", "sections"}, optional
        Where the resilience model's demand shocks fall (:data:`SHOCK_LEVELS`); None
        (a scope built by hand): ``sections``, E's own industries.
    shock_size : {"proportional", "equal"}, optional
        How big each shock is (:data:`SHOCK_SIZES`); None: ``proportional``.
    """

    level: str
    scheme: str
    measure: str
    year: int
    industry_level: str | None = None
    io_scheme: str | None = None
    io_year: int | None = None
    group_level: str | None = None
    variety_level: str | None = None
    unit: str | None = None
    growth_years: tuple[int, int] | None = None
    firm_scheme: str | None = None
    growth_breaks: tuple[int, ...] | None = None
    shock_level: str | None = None
    shock_size: str | None = None

    @classmethod
    def infer(cls, dataset: Dataset, **choices: Any) -> AnalysisScope:
        """The scope of ``dataset`` with ``choices`` applied (None = infer; see module doc).

        Parameters
        ----------
        dataset : Dataset
            The data the choices are checked against and the rest inferred from.
        **choices
            Any of :data:`SCOPE_CHOICES` by name (``level="county"``, ``year=2010``,
            ``growth_years=(2003, 2018)``...); None or absent: from ``dataset.json``'s
            ``analysis``, else inferred from the data as the module docstring tables.

        Returns
        -------
        AnalysisScope
            Every field filled (the optional ones None where the data have nothing:
            no I-O table, no region groups...). Cached per Dataset and choices.

        Raises
        ------
        UsageError
            A choice matches nothing in the data, or the data leave a choice open
            (several schemes or measures); the message lists what the data have.
        DataValidationError
            The same for a choice read from ``dataset.json``.
        MatrixError
            The dataset has no ``region_industries`` rows below the national level.

        Examples
        --------
        >>> from clusteratlas.graph.definitions.examples import example_dataset
        >>> AnalysisScope.infer(example_dataset(), level="country", scheme="GB4754").year
        2019
        """
        unknown = sorted(set(choices) - set(SCOPE_CHOICES))
        if unknown:
            raise UsageError(
                f"unknown scope choice(s) {unknown}; choices are {', '.join(SCOPE_CHOICES)}"
            )
        given = tuple((k, choices.get(k)) for k in SCOPE_CHOICES)
        return _infer(dataset, given)

    # --- what the choices select -----------------------------------------
    def matrix(self, dataset: Dataset) -> pd.DataFrame:
        """E of this scope (:func:`~clusteratlas.graph.definitions.matrix.slice_matrix` with its
        choices).

        Parameters
        ----------
        dataset : Dataset
            The data this scope was inferred from (or any with the same levels,
            schemes and measure).

        Returns
        -------
        DataFrame
            Rows the regions of ``level`` (code), columns the industries of ``scheme``
            (at ``industry_level``), values ``measure`` in ``year`` (float, 0 where a
            region has no row for an industry).

        Examples
        --------
        >>> from clusteratlas.graph.definitions.examples import example_dataset
        >>> ds = example_dataset()
        >>> AnalysisScope.infer(ds).matrix(ds).loc["11", "GB4754:A"]
        np.float64(30.0)
        """
        return slice_matrix(
            dataset,
            year=self.year,
            measure=self.measure,
            scheme=self.scheme,
            level=self.level,
            industry_level=self.industry_level,
        )

    def io_table(self, dataset: Dataset) -> InputOutputTable:
        """The national I-O table of ``io_year`` aggregated to ``scheme``.

        Parameters
        ----------
        dataset : Dataset
            The data with the ``industry_links`` of ``io_scheme``.

        Returns
        -------
        InputOutputTable
            Flows, output and final use by industry of ``scheme``
            (:func:`~clusteratlas.graph.definitions.io_table.input_output_table` with
            ``to_scheme=scheme``).

        Raises
        ------
        MatrixError
            The scope has no I-O table (``io_scheme`` or ``io_year`` None), or its
            sectors do not map into ``scheme``.

        Examples
        --------
        >>> from clusteratlas.graph.definitions.examples import example_dataset
        >>> ds = example_dataset()
        >>> AnalysisScope.infer(ds).io_table(ds).output.to_dict()
        {'GB4754:A': 100.0, 'GB4754:C': 200.0}
        """
        if self.io_scheme is None or self.io_year is None:
            raise MatrixError("industry_links: the dataset has no input-output table")
        return input_output_table(dataset, self.io_year, self.io_scheme, to_scheme=self.scheme)

    def io_inputs(self, dataset: Dataset) -> tuple[pd.DataFrame, InputOutputTable]:
        """E and the I-O table on the same sectors: ``(E, io_table)`` when the table sums
        into ``scheme``, else, through the dataset's ``industry_bridge`` from ``scheme`` to
        ``io_scheme`` (a staffing matrix W), ``(E W, the table in io_scheme)``.

        E'_rj = sum_o E_ro w_oj (:func:`~clusteratlas.graph.definitions.io_table.bridged_matrix`),
        so a relative loss of sector j reaches occupation o in proportion to its staff there.

        Parameters
        ----------
        dataset : Dataset
            The data with the ``industry_links`` of ``io_scheme`` (and the bridge).

        Returns
        -------
        (DataFrame, InputOutputTable)

        Raises
        ------
        MatrixError
            No I-O table, or its sectors map into ``scheme`` neither through
            ``parent_code`` nor through a bridge (the message says which and what to give).

        Examples
        --------
        >>> from clusteratlas.graph.definitions.examples import example_dataset
        >>> ds = example_dataset()
        >>> E, io = AnalysisScope.infer(ds).io_inputs(ds)
        >>> list(E.columns) == list(io.sectors)
        True
        """
        try:
            return self.matrix(dataset), self.io_table(dataset)
        except MatrixError:
            if self.io_scheme is None or self.io_year is None:
                raise
            weights = bridge_weights(dataset, self.scheme, self.io_scheme)
            if weights.empty:
                raise
        io = input_output_table(dataset, self.io_year, self.io_scheme)
        bridged = bridged_matrix(self.matrix(dataset), weights)
        extra = [c for c in bridged.columns if c not in io.sectors]  # a sector outside the table
        return bridged.reindex(columns=[*io.sectors, *extra], fill_value=0.0), io

    def io_coefficients(self, dataset: Dataset) -> pd.DataFrame | None:
        """Technical coefficients of :meth:`io_table`, or None when it cannot be built.

        Parameters
        ----------
        dataset : Dataset
            The data with the ``industry_links`` of ``io_scheme``.

        Returns
        -------
        DataFrame or None
            A = Z / x, square, indexed both ways by the industries of ``scheme``; None
            (and a log line) where :meth:`io_table` raises MatrixError.

        Examples
        --------
        >>> from clusteratlas.graph.definitions.examples import example_dataset
        >>> ds = example_dataset()
        >>> AnalysisScope.infer(ds).io_coefficients(ds).loc["GB4754:A", "GB4754:C"]
        np.float64(0.25)
        """
        try:
            return self.io_table(dataset).technical_coefficients
        except MatrixError as e:
            log.info("no input-output coefficients for %s: %s", self.scheme, e)
            return None

    def region_groups(self, dataset: Dataset) -> pd.Series:
        """Region code -> its ancestor at ``group_level`` (empty when ``group_level`` is None).

        Parameters
        ----------
        dataset : Dataset
            The data whose region hierarchy is climbed.

        Returns
        -------
        Series
            object dtype, indexed by region code (every region with an ancestor at
            ``group_level``, that region included): the code of that ancestor.

        Examples
        --------
        >>> from clusteratlas.graph.definitions.examples import example_dataset
        >>> ds = example_dataset()
        >>> AnalysisScope.infer(ds).region_groups(ds).to_dict()
        {'10': '10', '11': '10', '12': '10'}
        """
        if self.group_level is None:
            return pd.Series([], dtype="object")
        return region_ancestors(dataset, self.group_level).dropna()

    def industry_groups(self, dataset: Dataset, industries: Iterable[str]) -> dict[str, str]:
        """:func:`variety_groups` of ``industries`` under this scope.

        Parameters
        ----------
        dataset : Dataset
            The data with the industry hierarchy and ``dataset.json``'s grouping.
        industries : iterable of str
            Industry codes (E's columns).

        Returns
        -------
        dict of str to str
            Industry code -> group, grouped at ``variety_level`` (see
            :func:`variety_groups`).

        Examples
        --------
        >>> from clusteratlas.graph.definitions.examples import example_dataset
        >>> ds = example_dataset()
        >>> AnalysisScope.infer(ds, variety_level="section").industry_groups(ds, ["NBS42:06"])
        {'NBS42:06': 'GB4754:C'}
        """
        return variety_groups(dataset, industries, self.scheme, self.variety_level)

    # --- reading and writing ---------------------------------------------
    def replace(self, **changes: Any) -> AnalysisScope:
        """A copy with fields changed as given (no inference, no check against the data).

        Parameters
        ----------
        **changes
            Field name -> new value (any of :data:`SCOPE_CHOICES`).

        Returns
        -------
        AnalysisScope
            A new scope; this one is unchanged.

        Examples
        --------
        >>> AnalysisScope("county", "S", "jobs", 2020).replace(year=2010).year
        2010
        """
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The choices as a plain dict (for parameters written back, JSON, ``dataset.json``).

        Returns
        -------
        dict
            Every field of :data:`SCOPE_CHOICES` in that order, None where unset;
            ``growth_years`` as a list ``[first, last]`` (JSON has no tuples).

        Examples
        --------
        >>> AnalysisScope("county", "S", "jobs", 2020).to_dict()["measure"]
        'jobs'
        """
        out = {k: getattr(self, k) for k in SCOPE_CHOICES}
        if self.growth_years is not None:
            out["growth_years"] = list(self.growth_years)
        if self.growth_breaks is not None:
            out["growth_breaks"] = list(self.growth_breaks)
        return out

    def describe(self) -> str:
        """One line for logs and page subtitles.

        Returns
        -------
        str
            Measure (unit) year, level x scheme industry level; the I-O table; the
            group level; the growth years when set.

        Examples
        --------
        >>> print(AnalysisScope("county", "GB4754", "employment", 2020, "section", "NBS42",
        ...                     2020, "prefecture", None, "persons").describe())
        employment (persons) 2020, county x GB4754 section; I-O NBS42 2020; groups: prefecture
        """
        unit = f" ({self.unit})" if self.unit else ""
        industries = f"{self.scheme} {self.industry_level}" if self.industry_level else self.scheme
        io = f"I-O {self.io_scheme} {self.io_year}" if self.io_scheme else "no I-O table"
        groups = f"groups: {self.group_level}" if self.group_level else "no region groups"
        growth = ""
        if self.growth_years is not None:
            growth = f"; growth {self.growth_years[0]}-{self.growth_years[1]}"
        return (
            f"{self.measure}{unit} {self.year}, {self.level} x {industries}; {io}; {groups}{growth}"
        )


def resolve_scope(
    dataset: Dataset, scope: AnalysisScope | None = None, **choices: Any
) -> AnalysisScope:
    """``scope`` as given, or :meth:`AnalysisScope.infer` of ``choices`` (not both).

    The one entry for functions that take either a scope or separate choices
    (``resilience_scores(ds, 2010)`` and ``resilience_scores(ds, scope=s)``).

    Parameters
    ----------
    dataset : Dataset
        The data the choices are inferred from.
    scope : AnalysisScope, optional
        A scope made earlier; returned as it is.
    **choices
        Separate choices for :meth:`AnalysisScope.infer`; None values count as not
        given.

    Returns
    -------
    AnalysisScope
        ``scope``, or the inferred scope.

    Raises
    ------
    UsageError
        Both ``scope`` and a choice other than None are given, or (from
        :meth:`AnalysisScope.infer`) a choice matches no data.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> resolve_scope(example_dataset(), year=2020).level
    'county'
    >>> resolve_scope(example_dataset(), AnalysisScope("x", "y", "z", 1), year=2020)
    Traceback (most recent call last):
    ...
    clusteratlas.errors.UsageError: give either scope= or the separate choices (year), not both
    """
    given = {k: v for k, v in choices.items() if v is not None}
    if scope is None:
        return AnalysisScope.infer(dataset, **given)
    if given:
        raise UsageError(
            f"give either scope= or the separate choices ({', '.join(given)}), not both"
        )
    return scope


def variety_groups(
    dataset: Dataset, industries: Iterable[str], scheme: str, variety_level: str | None
) -> dict[str, str]:
    """Industry code -> its group for related / unrelated variety (Frenken et al. 2007).

    - ``variety_level`` given: the industry's nearest strict ancestor at that industry
      level through ``parent_code``; an industry with none is its own group;
    - else, when ``dataset.json`` declares ``industry_groups`` (industry code -> group;
      the bundled data: the official Chinese three sectors of the GB/T 4754 sections,
      A primary, B-E secondary, F-T tertiary) for any of the industries: those groups,
      an industry it leaves out its own group;
    - else every industry is its own group (related variety 0), with a warning.

    Parameters
    ----------
    dataset : Dataset
        The data with the industry hierarchy and ``metadata["industry_groups"]``.
    industries : iterable of str
        The industry codes to group (E's columns).
    scheme : str
        Their scheme; named in the warning when nothing groups them.
    variety_level : str or None
        The industry level whose members are the groups; None: the declared grouping.

    Returns
    -------
    dict of str to str
        Every code of ``industries`` -> its group (a code, or a declared group name).

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> ds = example_dataset()
    >>> grouped = Dataset.from_frames(metadata={"industry_groups": {"name": "sectors",
    ...     "groups": {"GB4754:A": "primary", "GB4754:C": "secondary"}}}, **dict(ds))
    >>> variety_groups(grouped, ["GB4754:A", "GB4754:C"], "GB4754", None)
    {'GB4754:A': 'primary', 'GB4754:C': 'secondary'}
    >>> variety_groups(ds, ["NBS42:01"], "NBS42", "section")
    {'NBS42:01': 'GB4754:A'}
    """
    codes = [str(c) for c in industries]
    if variety_level is not None:
        ind = dataset.industries
        parent = parents_of(ind)
        at = pd.Series(ind["level"].to_numpy() == variety_level, index=ind["code"].to_numpy())
        found = climb(parent, at, start=parent.reindex(codes).fillna("").tolist())
        return {c: str(g) if isinstance(g, str) else c for c, g in zip(codes, found, strict=True)}
    declared = (dataset.metadata.get("industry_groups") or {}).get("groups") or {}
    if any(c in declared for c in codes):
        return {c: str(declared.get(c, c)) for c in codes}
    log.warning(
        "industries of scheme %s have no parent level and dataset.json declares no "
        "industry_groups for them: related variety is 0 (each industry its own group); give "
        "a variety level (--variety-level) to group them",
        scheme,
    )
    return {c: c for c in codes}


# --- inference ------------------------------------------------------------


def _counts(values: pd.Series, noun: str = "rows") -> str:
    counts = values.value_counts()
    ordered = sorted(counts.items(), key=lambda kv: str(kv[0]))
    one = {"industries": "industry"}.get(noun, noun[:-1])
    return ", ".join(f"{k} ({n:,} {noun if n != 1 else one})" for k, n in ordered)


def _refuse(choice: str, value: Any, what: str, present: str, source: str) -> Exception:
    option = CLI_OPTION[choice]
    if source == "dataset.json":
        rule = f"{what}; present: {present}"
        return DataValidationError(
            [Problem("dataset.json", None, f"analysis.{choice}", value, rule)]
        )
    return UsageError(f"{what}; {present}; choose one with {option} (Python: {choice}=)")


@dataset_cached
def _rows(dataset: Dataset) -> pd.DataFrame:
    """region_industries with the region level and the industry scheme and level.

    Categorical columns: inference compares and counts them many times, and a
    category comparison is one on small integer codes."""
    ri = dataset.region_industries
    reg = dataset.regions.set_index("code")
    ind = dataset.industries.set_index("code")
    region = ri["region_code"].astype("category")
    industry = ri["industry_code"].astype("category")
    return pd.DataFrame(
        {
            "level": region.map(reg["level"]).astype("category"),
            "scheme": industry.map(ind["scheme"]).astype("category"),
            "industry_level": industry.map(ind["level"]).astype("category"),
            "measure": ri["measure"].astype("category"),
            "year": ri["year"].astype("Int64"),
            "region_code": region,
            "industry_code": industry,
        }
    )


def _deepest(values: pd.Series, codes: pd.Series, depths: pd.Series) -> str:
    """The distinct value whose codes lie deepest (median depth; ties: most rows)."""
    frame = pd.DataFrame(
        {
            "value": values.astype("object").to_numpy(),
            "depth": codes.map(depths).astype("float64").to_numpy(),
        }
    )
    stats = frame.groupby("value")["depth"].agg(["median", "size"])
    stats = stats.reset_index().sort_values(
        ["median", "size", "value"], ascending=[False, False, True]
    )
    return str(stats["value"].iloc[0])


def _single(choice: str, rows: pd.Series, given: Any, source: str, context: str) -> str:
    present = _counts(rows)
    values = set(rows.astype(str).unique())  # hashed in C, not iterated row by row
    if given is not None:
        if str(given) not in values:
            label = choice.replace("_", " ")
            raise _refuse(
                choice, given, f"{label} {given!r} has no rows {context}",
                f"{label}s with rows: {present}", source,
            )  # fmt: skip
        return str(given)
    distinct = sorted(values)
    if len(distinct) == 1:
        return distinct[0]
    label = choice.replace("_", " ")
    raise UsageError(
        f"the rows {context} have {len(distinct)} {label}s: {present}; choose one with "
        f'{CLI_OPTION[choice]} (Python: {choice}=, or "{choice}" in dataset.json analysis)'
    )


@dataset_cached
def _infer(dataset: Dataset, given_pairs: tuple[tuple[str, Any], ...]) -> AnalysisScope:
    given = dict(given_pairs)
    stored = dict(dataset.metadata.get("analysis") or {})
    source: dict[str, str] = {}
    for key in SCOPE_CHOICES:
        if given.get(key) is not None:
            source[key] = "caller"
        elif stored.get(key) is not None:
            given[key] = stored[key]
            source[key] = "dataset.json"
    units = dict(dataset.metadata.get("units") or {})
    rows = _rows(dataset)
    if rows.empty:
        raise MatrixError("region_industries: the dataset has no rows (no matrix E to analyse)")
    industries = dataset.industries

    # region level: the deepest among the rows the other given choices select (a scheme
    # given must not leave the level to be read from another scheme's regions)
    below = rows[rows["level"] != NATIONAL_LEVEL]
    for key in ("scheme", "industry_level", "measure", "year"):
        if given.get(key) is not None and not below.empty:
            wanted = int(given[key]) if key == "year" else str(given[key])
            narrowed = below[below[key] == wanted]
            if not narrowed.empty:  # a value with no rows is refused below, with its reason
                below = narrowed
    if given.get("level") is not None:
        level = str(given["level"])
        if not (rows["level"] == level).any():
            raise _refuse(
                "level", level, f"region level {level!r} has no region_industries rows",
                f"levels with rows: {_counts(rows['level'])}", source["level"],
            )  # fmt: skip
    elif below.empty:
        raise MatrixError(
            "region_industries: no rows below the national level (country); levels with rows: "
            + _counts(rows["level"])
        )
    else:
        level = _deepest(below["level"], below["region_code"], depth(region_parents(dataset)))
    at = rows[rows["level"] == level]
    context = f"at region level {level!r}"

    scheme = _single("scheme", at["scheme"], given.get("scheme"), source.get("scheme", ""), context)
    at = at[at["scheme"] == scheme]
    context = f"at region level {level!r} in scheme {scheme!r}"
    if given.get("industry_level") is not None:
        industry_level = _single(
            "industry_level", at["industry_level"], given["industry_level"],
            source["industry_level"], context,
        )  # fmt: skip
    elif at["industry_level"].nunique() > 1:
        industry_level = _deepest(
            at["industry_level"], at["industry_code"], depth(parents_of(industries))
        )
    else:
        industry_level = str(at["industry_level"].iloc[0])
    at = at[at["industry_level"] == industry_level]

    measure = _single(
        "measure", at["measure"], given.get("measure"), source.get("measure", ""), context
    )
    at = at[at["measure"] == measure]
    context += f", measure {measure!r}"
    years = at["year"].dropna().astype(int)
    if given.get("year") is not None:
        year = int(given["year"])
        if year not in set(years):
            raise _refuse(
                "year", year, f"year {year} has no rows {context}",
                f"years with rows: {_years(years)}", source["year"],
            )  # fmt: skip
    else:
        year = int(years.max())

    io_scheme, io_year = _io_choice(dataset, scheme, year, given, source)
    group_level = _group_level(dataset, level, given.get("group_level"), source)
    variety_level = _variety_level(
        dataset, scheme, industry_level, given.get("variety_level"), source
    )
    growth_years = _growth_years(given.get("growth_years"), source.get("growth_years", ""))
    firm_scheme = _firm_scheme(dataset, given.get("firm_scheme"), source.get("firm_scheme", ""))
    breaks = given.get("growth_breaks")
    if breaks is not None:
        if not isinstance(breaks, list | tuple) or not all(
            isinstance(y, int) and not isinstance(y, bool) for y in breaks
        ):
            raise _refuse(
                "growth_breaks", breaks, f"growth breaks {breaks!r} are not a list of years",
                "give whole years, e.g. [2003, 2013]", source.get("growth_breaks", ""),
            )  # fmt: skip
        breaks = tuple(sorted({int(y) for y in breaks}))
    shock_level = _shock_choice(
        "shock_level", given.get("shock_level"), SHOCK_LEVELS, source.get("shock_level", "")
    )
    if shock_level is None:
        shock_level = _finer_io(dataset, io_scheme, scheme)
    shock_size = _shock_choice(
        "shock_size", given.get("shock_size"), SHOCK_SIZES, source.get("shock_size", "")
    )
    unit = given.get("unit")
    if unit is None:
        unit = unit_of({"units": units}, measure, level)
    return AnalysisScope(
        level=level,
        scheme=scheme,
        measure=measure,
        year=year,
        industry_level=industry_level,
        io_scheme=io_scheme,
        io_year=io_year,
        group_level=group_level,
        variety_level=variety_level,
        growth_years=growth_years,
        firm_scheme=firm_scheme,
        growth_breaks=breaks,
        shock_level=shock_level,
        shock_size=shock_size or "proportional",
        unit=None if unit is None else str(unit),
    )


def _growth_years(value: Any, source: str) -> tuple[int, int] | None:
    """``(first, last)`` from a pair of whole years (first <= last), or None."""
    if value is None:
        return None
    pair = tuple(value) if isinstance(value, list | tuple) else ()
    if (
        len(pair) != 2
        or not all(isinstance(y, int) and not isinstance(y, bool) for y in pair)
        or pair[0] > pair[1]
    ):
        raise _refuse(
            "growth_years", value, f"growth years {value!r} are not a range FIRST-LAST",
            "give two whole years, the first not after the last (e.g. 2003-2018)", source,
        )  # fmt: skip
    return int(pair[0]), int(pair[1])


def _shock_choice(choice: str, value: Any, allowed: Sequence[str], source: str) -> str | None:
    """``value`` when it is one of ``allowed`` (None stays None), else the refusal."""
    if value is None:
        return None
    if str(value) not in allowed:
        raise _refuse(
            choice, value, f"{choice.replace('_', ' ')} {value!r} is not known",
            "choose " + " or ".join(allowed), source,
        )  # fmt: skip
    return str(value)


def _finer_io(dataset: Dataset, io_scheme: str | None, scheme: str) -> str:
    """``io-sectors`` when the I-O table's sectors are finer than E's industries (more
    sectors map into ``scheme`` than the industries they map to), else ``sections``.

    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> _finer_io(example_dataset(), "NBS42", "GB4754"), _finer_io(example_dataset(), None, "X")
    ('sections', 'sections')
    """
    if io_scheme is None or io_scheme == scheme:
        return "sections"
    mapping = industry_mapping(dataset, io_scheme, scheme)
    if len(mapping) and len(mapping) > mapping.nunique():
        return "io-sectors"
    return "sections"


def _firm_scheme_of(dataset: Dataset) -> str | None:
    """The finest company classification of ``dataset``: the scheme of the
    ``company_industries`` whose industries lie deepest in the industry hierarchy
    (median number of ancestors; ties: most rows, then the name); None when no company
    is classified. What :class:`AnalysisScope` infers as ``firm_scheme``, without
    needing a matrix E.

    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> _firm_scheme_of(example_dataset())
    'GB4754'
    """
    ci = dataset.company_industries
    schemes = ci["industry_code"].map(dataset.industries.set_index("code")["scheme"])
    known = schemes.notna()
    if not known.any():
        return None
    depths = depth(industry_parents(dataset))
    return _deepest(schemes[known], ci.loc[known, "industry_code"], depths)


def _firm_scheme(dataset: Dataset, choice: Any, source: str) -> str | None:
    if choice is None:
        return _firm_scheme_of(dataset)
    ci = dataset.company_industries
    schemes = ci["industry_code"].map(dataset.industries.set_index("code")["scheme"]).dropna()
    if str(choice) not in set(schemes.astype(str)):
        present = (
            f"schemes of company_industries: {_counts(schemes, 'classifications')}"
            if len(schemes)
            else "no classified companies"
        )
        raise _refuse(
            "firm_scheme", choice, f"no company is classified in scheme {choice!r}", present,
            source,
        )  # fmt: skip
    return str(choice)


def _years(years: pd.Series) -> str:
    known = sorted({int(y) for y in years.dropna().unique()})
    if len(known) > 6 and known == list(range(known[0], known[-1] + 1)):
        return f"{known[0]}-{known[-1]}"
    return ", ".join(map(str, known))


def _io_choice(
    dataset: Dataset, scheme: str, year: int, given: Mapping[str, Any], source: Mapping[str, str]
) -> tuple[str | None, int | None]:
    links = dataset.industry_links
    schemes = links["from_code"].map(dataset.industries.set_index("code")["scheme"])
    present = (
        f"schemes of industry_links: {_counts(schemes, 'links')}"
        if len(links)
        else "no industry_links"
    )
    if given.get("io_scheme") is not None:
        io_scheme: str | None = str(given["io_scheme"])
        if io_scheme not in set(schemes):
            raise _refuse(
                "io_scheme", io_scheme, f"no industry_links in scheme {io_scheme!r}",
                present, source["io_scheme"],
            )  # fmt: skip
    elif links.empty:
        io_scheme = None
    else:
        counts = schemes.value_counts()
        candidates = sorted(counts.index, key=lambda s: (-counts[s], str(s)))
        if len(candidates) > 1:
            mapped = [s for s in candidates if len(industry_mapping(dataset, str(s), scheme))]
            candidates = mapped or candidates
        io_scheme = str(candidates[0])
    if io_scheme is None:
        if given.get("io_year") is not None:
            raise _refuse(
                "io_year", given["io_year"], "no industry_links", present, source["io_year"]
            )
        return None, None
    years = links.loc[schemes == io_scheme, "year"].dropna().astype(int)
    if given.get("io_year") is not None:
        io_year = int(given["io_year"])
        if io_year not in set(years):
            raise _refuse(
                "io_year", io_year, f"no {io_scheme} industry_links in {io_year}",
                f"years of {io_scheme} links: {_years(years)}", source["io_year"],
            )  # fmt: skip
        return io_scheme, io_year
    return io_scheme, nearest_year(years, year)


def _group_level(
    dataset: Dataset, level: str, choice: Any, source: Mapping[str, str]
) -> str | None:
    regions = dataset.regions
    if choice is not None:
        if str(choice) not in set(regions["level"]):
            raise _refuse(
                "group_level", choice, f"no regions of level {choice!r}",
                f"region levels: {_counts(regions['level'], 'regions')}", source["group_level"],
            )  # fmt: skip
        return str(choice)
    level_of = regions.set_index("code")["level"]
    parents = regions.loc[regions["level"] == level, "parent_code"].dropna()
    parent_levels = parents.map(level_of).dropna()
    parent_levels = parent_levels[parent_levels != NATIONAL_LEVEL]
    if parent_levels.empty:
        return None
    counts = parent_levels.value_counts()
    return str(sorted(counts.index, key=lambda v: (-counts[v], str(v)))[0])


def _variety_level(
    dataset: Dataset,
    scheme: str,
    industry_level: str | None,
    choice: Any,
    source: Mapping[str, str],
) -> str | None:
    ind = dataset.industries
    if choice is not None:
        if str(choice) not in set(ind["level"]):
            raise _refuse(
                "variety_level", choice, f"no industries of level {choice!r}",
                f"industry levels: {_counts(ind['level'], 'industries')}", source["variety_level"],
            )  # fmt: skip
        return str(choice)
    own = ind[
        (ind["scheme"] == scheme) & (ind["level"] == industry_level if industry_level else True)
    ]
    level_of = ind.set_index("code")["level"]
    parent_levels = own["parent_code"].dropna().map(level_of).dropna()
    if parent_levels.empty:
        return None
    counts = parent_levels.value_counts()
    return str(sorted(counts.index, key=lambda v: (-counts[v], str(v)))[0])


def choices_from(values: Mapping[str, Any], keys: Sequence[str] = SCOPE_CHOICES) -> dict[str, Any]:
    """The scope choices among ``values`` that are set (e.g. CLI options), by name.

    >>> choices_from({"level": "state", "scheme": None, "limit": 5})
    {'level': 'state'}
    """
    return {k: values[k] for k in keys if values.get(k) is not None}
