"""The canonical dataset: the contract between loaders and everything downstream.

A :class:`Dataset` is an immutable bundle of fourteen pandas DataFrames with fixed
columns and dtypes (DESIGN.md, "The canonical dataset"). Every loader produces
one; the graph store, projections, analytics, queries and views consume one.

Column kinds and their pandas dtypes:

=========  ==================  ==========================================
kind       dtype               notes
=========  ==================  ==========================================
``str``    ``str`` (pandas 3)  ids and codes are always strings
``float``  ``float64``         missing = NaN
``int``    ``Int64``           nullable integer (years)
``bool``   ``boolean``         nullable boolean
``date``   ``datetime64[ns]``  ``listed_on``
=========  ==================  ==========================================

Industry codes are one namespace across schemes, so the bundled data writes them
``SCHEME:LOCAL`` (``GB4754:C``, ``CSRC:C``, ``NBS42:06``); user data may use any
unique strings. A national total is a region like any other (the bundled data
uses code ``100000``, level ``country``).

Examples
--------
>>> import pandas as pd
>>> from clusteratlas.loaders.dataset import Dataset
>>> ds = Dataset.from_frames(
...     regions=pd.DataFrame({"code": ["1", "11"], "name": ["Land", "Shire"],
...                           "level": ["province", "county"], "parent_code": [None, "1"]}),
...     industries=pd.DataFrame({"code": ["GB4754:C"], "name": ["制造业"], "scheme": ["GB4754"],
...                              "level": ["section"]}),
... )
>>> ds.regions.dtypes["lon"]
dtype('float64')
>>> list(ds.companies.columns)[:4]
['id', 'name', 'exchange', 'ticker']
>>> len(ds.supply_links)
0
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, cast

import pandas as pd

from clusteratlas.errors import DataValidationError, Problem, UsageError

__all__ = [
    "TABLES",
    "TABLE_NAMES",
    "ColumnSpec",
    "Dataset",
    "ForeignKey",
    "TableSpec",
    "empty_table",
]

ColumnKind = Literal["str", "float", "int", "bool", "date"]

PANDAS_DTYPES: Mapping[str, str] = MappingProxyType(
    {"str": "str", "float": "float64", "int": "Int64", "bool": "boolean", "date": "datetime64[ns]"}
)


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its name, kind, whether it must be present in a file, and nullability.

    Attributes
    ----------
    name : str
        The column name.
    kind : {"str", "float", "int", "bool", "date"}
        Its kind (the module table gives the pandas dtype of each).
    required : bool
        Whether a file of the table must have the column.
    nullable : bool
        Whether a value may be missing.
    description : str
        What the column holds (``docs/data-format.md``).
    dtype : str
        The pandas dtype string for the kind.
    """

    name: str
    kind: ColumnKind
    required: bool = True
    nullable: bool = False
    description: str = ""

    @property
    def dtype(self) -> str:
        """The pandas dtype string for this column's kind."""
        return PANDAS_DTYPES[self.kind]


@dataclass(frozen=True)
class ForeignKey:
    """``columns`` of this table must match ``ref_columns`` of ``ref_table`` (nulls allowed).

    Attributes
    ----------
    columns : tuple of str
        The referencing columns.
    ref_table : str
        The referenced table.
    ref_columns : tuple of str
        The referenced columns (its key).
    """

    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    """One table of the contract: columns in order, the key, references, and whether required.

    Attributes
    ----------
    name : str
        The table name (``regions``).
    columns : tuple of ColumnSpec
        Its columns in contract order.
    key : tuple of str
        The columns whose values are unique per row.
    required : bool
        Whether every dataset must have the table.
    foreign_keys : tuple of ForeignKey
        References to other tables.
    description : str
        What a row is.
    hierarchy : (str, str) or None
        ``(child column, parent column)`` of a hierarchy within the table (checked
        acyclic), e.g. ``("code", "parent_code")``.
    column_names : list of str
        Column names in contract order.
    """

    name: str
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...]
    required: bool
    foreign_keys: tuple[ForeignKey, ...] = ()
    description: str = ""
    hierarchy: tuple[str, str] | None = None

    @property
    def column_names(self) -> list[str]:
        """Column names in contract order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> ColumnSpec:
        """The spec of column ``name``.

        Parameters
        ----------
        name : str
            A column of the table.

        Returns
        -------
        ColumnSpec

        Raises
        ------
        UsageError
            The table has no such column.

        Examples
        --------
        >>> TABLES["companies"].column("listed_on").dtype
        'datetime64[ns]'
        """
        for c in self.columns:
            if c.name == name:
                return c
        raise UsageError(f"table {self.name} has no column {name!r}")


def _c(
    name: str,
    kind: ColumnKind,
    *,
    required: bool = True,
    nullable: bool = False,
    description: str = "",
) -> ColumnSpec:
    return ColumnSpec(name, kind, required, nullable, description)


TABLES: Mapping[str, TableSpec] = MappingProxyType(
    {
        "regions": TableSpec(
            "regions",
            (
                _c("code", "str", description="region code, unique (e.g. 440305)"),
                _c("name", "str", description="name as published (e.g. 南山区)"),
                _c(
                    "level",
                    "str",
                    description="province, prefecture, county, country, or a user level",
                ),
                _c("parent_code", "str", nullable=True, description="code of the enclosing region"),
                _c(
                    "lon",
                    "float",
                    required=False,
                    nullable=True,
                    description="longitude, WGS84/GCJ",
                ),
                _c("lat", "float", required=False, nullable=True, description="latitude"),
            ),
            key=("code",),
            required=True,
            foreign_keys=(ForeignKey(("parent_code",), "regions", ("code",)),),
            hierarchy=("code", "parent_code"),
            description="Administrative regions and their hierarchy.",
        ),
        "industries": TableSpec(
            "industries",
            (
                _c("code", "str", description="industry code, unique across schemes (GB4754:C)"),
                _c("name", "str"),
                _c(
                    "name_en",
                    "str",
                    required=False,
                    nullable=True,
                    description="official English name, where the publisher gives one "
                    "(empty otherwise; lookups and --industry accept it)",
                ),
                _c("scheme", "str", description="GB4754, CSRC, NBS42, NAICS, ..."),
                _c("level", "str", description="section, division, sector, ..."),
                _c(
                    "parent_code",
                    "str",
                    required=False,
                    nullable=True,
                    description="parent industry; across schemes this is the documented mapping",
                ),
            ),
            key=("code",),
            required=True,
            foreign_keys=(ForeignKey(("parent_code",), "industries", ("code",)),),
            hierarchy=("code", "parent_code"),
            description="Industries in one or more classification schemes.",
        ),
        "companies": TableSpec(
            "companies",
            (
                _c("id", "str", description="company id, unique (e.g. SZSE:000001)"),
                _c("name", "str"),
                _c("exchange", "str", nullable=True),
                _c("ticker", "str", nullable=True),
                _c("region_code", "str", description="region the company is registered in"),
                _c("listed_on", "date", required=False, nullable=True),
                _c("employees", "float", required=False, nullable=True),
                _c("revenue", "float", required=False, nullable=True),
                _c("market_cap", "float", required=False, nullable=True),
                _c(
                    "placement_basis",
                    "str",
                    required=False,
                    nullable=True,
                    description="what placed the company in region_code (e.g. the county "
                    "or township named in its registered address)",
                ),
                _c(
                    "placement_reason",
                    "str",
                    required=False,
                    nullable=True,
                    description="why region_code is not a county-level region (e.g. only a "
                    "development zone is named), when it is not",
                ),
            ),
            key=("id",),
            required=False,
            foreign_keys=(ForeignKey(("region_code",), "regions", ("code",)),),
            description="Companies (listed or not) placed in a region.",
        ),
        "company_industries": TableSpec(
            "company_industries",
            (
                _c("company_id", "str"),
                _c("industry_code", "str"),
                _c("share", "float", description="share of the company in this industry, (0, 1]"),
                _c("primary", "bool"),
            ),
            key=("company_id", "industry_code"),
            required=False,
            foreign_keys=(
                ForeignKey(("company_id",), "companies", ("id",)),
                ForeignKey(("industry_code",), "industries", ("code",)),
            ),
            description="Which industries a company is in.",
        ),
        "region_industries": TableSpec(
            "region_industries",
            (
                _c("region_code", "str"),
                _c("industry_code", "str"),
                _c("year", "int"),
                _c("measure", "str", description="employment, output, firms, ..."),
                _c("value", "float", description=">= 0"),
                _c(
                    "basis",
                    "str",
                    required=False,
                    nullable=True,
                    description="how the row was obtained: empty or `reported` = as the "
                    "source publishes it for this unit; `summed from predecessors: <code> "
                    "<name> + ...` = the sum of the rows of units since merged into this "
                    "one (the current boundaries; `approximate` where a part went elsewhere)",
                ),
            ),
            key=("region_code", "industry_code", "year", "measure"),
            required=False,
            foreign_keys=(
                ForeignKey(("region_code",), "regions", ("code",)),
                ForeignKey(("industry_code",), "industries", ("code",)),
            ),
            description="Region x industry observations (the matrix E for one year and measure).",
        ),
        "supply_links": TableSpec(
            "supply_links",
            (
                _c("supplier_id", "str"),
                _c("customer_id", "str"),
                _c("year", "int"),
                _c("value", "float", nullable=True),
                _c(
                    "share",
                    "float",
                    nullable=True,
                    description="observed share of the customer's inputs, [0, 1] (empty on "
                    "inferred links: no input share is inferred)",
                ),
                _c(
                    "score",
                    "float",
                    required=False,
                    nullable=True,
                    description="inferred links: the inference score over the summed scores "
                    "of the customer's inferred links, (0, 1]; a ranking, NOT a share of inputs",
                ),
                _c(
                    "tied",
                    "int",
                    required=False,
                    nullable=True,
                    description="inferred links: 0, or how many equally scored candidates "
                    "the link was chosen among (a tie broken by a pseudo-random key)",
                ),
                _c("source", "str", nullable=True),
                _c(
                    "inferred", "bool", description="true when not observed (e.g. derived from I-O)"
                ),
            ),
            key=("supplier_id", "customer_id", "year"),
            required=False,
            foreign_keys=(
                ForeignKey(("supplier_id",), "companies", ("id",)),
                ForeignKey(("customer_id",), "companies", ("id",)),
            ),
            description="Firm-to-firm supply links.",
        ),
        "industry_links": TableSpec(
            "industry_links",
            (
                _c("from_code", "str"),
                _c("to_code", "str"),
                _c("year", "int"),
                _c("flow", "float", description="z_ij, intermediate flow from i to j"),
                _c("coefficient", "float", description="a_ij = z_ij / x_j"),
            ),
            key=("from_code", "to_code", "year"),
            required=False,
            foreign_keys=(
                ForeignKey(("from_code",), "industries", ("code",)),
                ForeignKey(("to_code",), "industries", ("code",)),
            ),
            description="Input-output links between industries.",
        ),
        "industry_final_uses": TableSpec(
            "industry_final_uses",
            (
                _c("industry_code", "str", description="the selling industry (NBS42:17)"),
                _c("year", "int", description="year of the input-output table"),
                _c(
                    "category",
                    "str",
                    description="final-use category code (final_consumption, "
                    "gross_fixed_capital_formation, inventory_change, exports, ...)",
                ),
                _c(
                    "category_name",
                    "str",
                    required=False,
                    nullable=True,
                    description="the category as the table publishes it; empty = category",
                ),
                _c(
                    "value",
                    "float",
                    description="f_ik, the industry's output bought by final-use category k, "
                    "in unit (may be negative: inventory drawn down)",
                ),
                _c("unit", "str", required=False, nullable=True, description="unit of value"),
            ),
            key=("industry_code", "year", "category"),
            required=False,
            foreign_keys=(ForeignKey(("industry_code",), "industries", ("code",)),),
            description="Final uses of each industry's output by category (the final-use "
            "columns of an input-output table): with industry_links' flows they allocate "
            "the industry's gross output, x_i = sum_j z_ij + sum_k f_ik.",
        ),
        "region_indicators": TableSpec(
            "region_indicators",
            (
                _c("region_code", "str"),
                _c("indicator", "str"),
                _c("year", "int"),
                _c("value", "float"),
                _c("unit", "str", nullable=True),
                _c("source", "str", nullable=True),
                _c(
                    "qualifier",
                    "str",
                    required=False,
                    nullable=True,
                    description="how value is meant: exact, approximate, lower_bound "
                    "('more than'), upper_bound ('less than'); empty = not stated",
                ),
            ),
            key=("region_code", "indicator", "year"),
            required=False,
            foreign_keys=(ForeignKey(("region_code",), "regions", ("code",)),),
            description="Scalar facts about regions (GDP, population, ...) with their source.",
        ),
        "clusters": TableSpec(
            "clusters",
            (
                _c("id", "str", description="cluster id, unique (e.g. declared:440305:1)"),
                _c(
                    "kind",
                    "str",
                    description="declared (named by a source, not found by the analytics) or "
                    "a user kind",
                ),
                _c("label", "str", description="the cluster as its source names it"),
                _c("region_code", "str", description="the region the cluster is in"),
                _c("year", "int", required=False, nullable=True),
                _c("source", "str", required=False, nullable=True, description="who names it"),
                _c("note", "str", required=False, nullable=True),
            ),
            key=("id",),
            required=False,
            foreign_keys=(ForeignKey(("region_code",), "regions", ("code",)),),
            description="Clusters given as data (e.g. the ones an article or a plan names); "
            "the clusters the analytics detect are outputs, not this table.",
        ),
        "cluster_industries": TableSpec(
            "cluster_industries",
            (
                _c("cluster_id", "str"),
                _c("industry_code", "str", description="an industry the cluster belongs to"),
            ),
            key=("cluster_id", "industry_code"),
            required=False,
            foreign_keys=(
                ForeignKey(("cluster_id",), "clusters", ("id",)),
                ForeignKey(("industry_code",), "industries", ("code",)),
            ),
            description="The industries of each cluster of the clusters table (any schemes).",
        ),
        "industry_crosswalk": TableSpec(
            "industry_crosswalk",
            (
                _c("from_code", "str", description="the industry mapped (e.g. SW2021:330300)"),
                _c("to_code", "str", description="an industry of another scheme it maps to"),
                _c(
                    "weight",
                    "float",
                    required=False,
                    nullable=True,
                    description="share of from_code that maps to to_code, (0, 1]; empty = 1",
                ),
                _c(
                    "basis",
                    "str",
                    required=False,
                    nullable=True,
                    description="why the mapping holds (e.g. the products' GB/T 4754 class)",
                ),
            ),
            key=("from_code", "to_code"),
            required=False,
            foreign_keys=(
                ForeignKey(("from_code",), "industries", ("code",)),
                ForeignKey(("to_code",), "industries", ("code",)),
            ),
            description="Mappings between industries of different schemes besides parent_code "
            "(a concordance or judgement table, e.g. company classes -> input-output sectors).",
        ),
        "industry_bridge": TableSpec(
            "industry_bridge",
            (
                _c(
                    "from_code",
                    "str",
                    description="an industry of the measure's classification (e.g. an "
                    "occupation OCC:7212)",
                ),
                _c(
                    "to_code",
                    "str",
                    description="an input-output sector its units work in (e.g. IO:C29)",
                ),
                _c(
                    "weight",
                    "float",
                    description="share of from_code's units in to_code, (0, 1]; the weights "
                    "of one from_code sum to 1",
                ),
                _c("source", "str", required=False, nullable=True, description="who says so"),
            ),
            key=("from_code", "to_code"),
            required=False,
            foreign_keys=(
                ForeignKey(("from_code",), "industries", ("code",)),
                ForeignKey(("to_code",), "industries", ("code",)),
            ),
            description="A bridge (staffing matrix) from a classification without a crosswalk "
            "to the input-output table (occupations -> I-O sectors): each from_code's units "
            "split over the sectors they work in, so that the input-output components can read "
            "a measure by occupation.",
        ),
        "region_overlaps": TableSpec(
            "region_overlaps",
            (
                _c(
                    "region_code",
                    "str",
                    description="a region that lies partly in another one (e.g. a metro area)",
                ),
                _c(
                    "overlaps_code",
                    "str",
                    description="a region it overlaps besides its parent_code (e.g. a second "
                    "state the metro area spans)",
                ),
                _c(
                    "share",
                    "float",
                    required=False,
                    nullable=True,
                    description="share of region_code's measure that lies in overlaps_code, "
                    "(0, 1]; a region's shares sum to at most 1; empty = not known",
                ),
                _c("source", "str", required=False, nullable=True, description="who says so"),
            ),
            key=("region_code", "overlaps_code"),
            required=False,
            foreign_keys=(
                ForeignKey(("region_code",), "regions", ("code",)),
                ForeignKey(("overlaps_code",), "regions", ("code",)),
            ),
            description="Regions that overlap regions other than their one parent (a metro "
            "area spanning states): the many-to-many side of the region hierarchy, which "
            "parent_code (a tree) cannot hold.",
        ),
    }
)

TABLE_NAMES: tuple[str, ...] = tuple(TABLES)


def empty_table(name: str) -> pd.DataFrame:
    """An empty DataFrame with the columns and dtypes of table ``name``.

    Parameters
    ----------
    name : str
        A table name (:data:`TABLE_NAMES`).

    Returns
    -------
    DataFrame
        No rows; the contract's columns, in order, with their dtypes.

    Examples
    --------
    >>> empty_table("industry_links").dtypes["year"]
    Int64Dtype()
    """
    spec = TABLES[name]
    return pd.DataFrame({c.name: pd.Series([], dtype=c.dtype) for c in spec.columns})


def conform(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with the contract's columns, order and dtypes for table ``name``.

    Optional columns that are missing are added (all null); extra columns are
    dropped; types are cast. This does not validate (see ``loaders.validation``):
    a value that cannot be cast raises ``ValueError`` or ``TypeError``.

    >>> conform("regions", pd.DataFrame({"code": [1], "name": ["a"], "level": ["county"],
    ...                                  "parent_code": [None]})).loc[0, "code"]
    '1'
    """
    spec = TABLES[name]
    out: dict[str, pd.Series] = {}
    n = len(frame)
    for col in spec.columns:
        if col.name in frame.columns:
            series = frame[col.name]
        else:
            series = pd.Series([None] * n, index=frame.index, dtype="object")
        out[col.name] = _cast(series, col)
    return pd.DataFrame(out).reset_index(drop=True)


def _cast(series: pd.Series, col: ColumnSpec) -> pd.Series:
    if series.dtype == col.dtype:  # already conformed: nothing to do (fast path)
        return series
    if col.kind == "str":
        mask = series.isna()
        as_str = series.astype("object").where(mask, series.astype(str))
        return as_str.astype("str")
    if col.kind == "date":
        return pd.to_datetime(series).astype("datetime64[ns]")
    return series.astype(cast(Any, col.dtype))


@dataclass(frozen=True, eq=False)
class Dataset:
    """An immutable bundle of the fourteen canonical tables.

    Build one with :meth:`from_frames` (which conforms columns and dtypes) or
    :meth:`from_dir`; read tables as attributes (``ds.regions``). Each attribute
    returns a shallow copy: with pandas' copy-on-write, changing it never changes
    the dataset. ``metadata`` holds free-form provenance (source, vintage).

    Attributes
    ----------
    metadata : mapping
        ``dataset.json``'s declarations (name, source, units, samples, analysis,
        industry groups, featured regions, provenance) and where the data came from.
    regions, industries, companies, company_industries, region_industries : DataFrame
        The canonical tables (DESIGN.md, ``docs/data-format.md``).
    supply_links, industry_links, industry_final_uses, region_indicators : DataFrame
        The canonical link, final-use and indicator tables.
    clusters, cluster_industries, industry_crosswalk : DataFrame
        Declared clusters, their industries, and the industry concordance.
    industry_bridge : DataFrame
        Staffing matrix from a classification without crosswalk to the I-O sectors.
    region_overlaps : DataFrame
        Regions that overlap regions besides their parent (metro areas across states).
    """

    _tables: Mapping[str, pd.DataFrame]
    metadata: Mapping[str, Any] = field(default_factory=dict)

    # --- construction -------------------------------------------------------
    @classmethod
    def from_frames(
        cls, metadata: Mapping[str, Any] | None = None, **frames: pd.DataFrame | None
    ) -> Dataset:
        """Build from DataFrames by table name; absent optional tables become empty.

        Columns are conformed, not validated
        (:func:`~clusteratlas.loaders.validation.validate_dataset` checks the rules).

        Parameters
        ----------
        metadata : mapping, optional
            The dataset's metadata (``dataset.json``'s keys).
        **frames : DataFrame or None
            Tables by name (``regions=...``); None or absent: empty.

        Returns
        -------
        Dataset

        Raises
        ------
        UsageError
            An unknown table name.
        DataValidationError
            A required table (regions, industries) is missing.

        Examples
        --------
        See the module example.

        >>> Dataset.from_frames(regions=None, industries=None)
        Traceback (most recent call last):
        ...
        clusteratlas.errors.DataValidationError: 1 problem in the input data:
          regions: required table is missing
        """
        unknown = set(frames) - set(TABLES)
        if unknown:
            raise UsageError(f"unknown tables: {sorted(unknown)}; expected {list(TABLES)}")
        tables: dict[str, pd.DataFrame] = {}
        for name, spec in TABLES.items():
            frame = frames.get(name)
            if frame is None:
                if spec.required:
                    raise DataValidationError(
                        [Problem(name, None, None, None, "required table is missing")]
                    )
                tables[name] = empty_table(name)
            else:
                tables[name] = conform(name, frame)
        return cls(MappingProxyType(tables), MappingProxyType(dict(metadata or {})))

    @classmethod
    def from_dir(cls, path: Any) -> Dataset:
        """Read and validate a dataset directory (see ``docs/data-format.md``).

        Parameters
        ----------
        path : str or Path
            The directory (one file per table, optional ``dataset.json``).

        Returns
        -------
        Dataset
            As :func:`~clusteratlas.loaders.io.read_dataset_dir` reads it.

        Raises
        ------
        DataValidationError
            Listing every problem.

        Examples
        --------
        >>> import tempfile
        >>> from clusteratlas.graph.definitions.examples import example_dataset
        >>> with tempfile.TemporaryDirectory() as d:
        ...     example_dataset().to_dir(d)
        ...     Dataset.from_dir(d).counts()["regions"]
        4
        """
        from clusteratlas.loaders.io import read_dataset_dir

        return read_dataset_dir(path)

    def to_dir(self, path: Any, format: Literal["csv", "parquet"] = "csv") -> None:
        """Write every non-empty table as ``<table>.csv`` (UTF-8) or ``<table>.parquet``.

        Parameters
        ----------
        path : str or Path
            The directory (created if needed).
        format : {"csv", "parquet"}, default "csv"
            The file format.

        Examples
        --------
        >>> import os, tempfile
        >>> from clusteratlas.graph.definitions.examples import example_dataset
        >>> with tempfile.TemporaryDirectory() as d:
        ...     example_dataset().to_dir(d)
        ...     "regions.csv" in os.listdir(d)
        True
        """
        from clusteratlas.loaders.io import write_dataset_dir

        write_dataset_dir(self, path, format=format)

    # --- access -------------------------------------------------------------
    def table(self, name: str) -> pd.DataFrame:
        """Table ``name`` as a (copy-on-write) DataFrame.

        Parameters
        ----------
        name : str
            A table name (:data:`TABLE_NAMES`).

        Returns
        -------
        DataFrame
            A shallow copy: changing it never changes the dataset.

        Examples
        --------
        >>> from clusteratlas.graph.definitions.examples import example_dataset
        >>> example_dataset().table("supply_links")["inferred"].tolist()
        [True]
        """
        return self._tables[name].copy(deep=False)

    def __iter__(self) -> Iterator[tuple[str, pd.DataFrame]]:
        for name in TABLES:
            yield name, self.table(name)

    def replace(self, **frames: pd.DataFrame) -> Dataset:
        """A new Dataset with some tables replaced (conformed); this one is unchanged.

        Parameters
        ----------
        **frames : DataFrame
            Tables by name.

        Returns
        -------
        Dataset
            The same metadata, the given tables replaced.

        Examples
        --------
        >>> from clusteratlas.graph.definitions.examples import example_dataset
        >>> ds = example_dataset()
        >>> len(ds.replace(supply_links=ds.supply_links.iloc[:0]).supply_links)
        0
        """
        current: dict[str, pd.DataFrame | None] = {n: self._tables[n] for n in TABLES}
        current.update(frames)
        return Dataset.from_frames(metadata=self.metadata, **current)

    def counts(self) -> dict[str, int]:
        """Row count per table.

        Returns
        -------
        dict of str to int
            Every table, in :data:`TABLE_NAMES` order.

        Examples
        --------
        >>> from clusteratlas.graph.definitions.examples import example_dataset
        >>> example_dataset().counts()["companies"]
        2
        """
        return {name: len(frame) for name, frame in self._tables.items()}

    @property
    def regions(self) -> pd.DataFrame:
        return self.table("regions")

    @property
    def industries(self) -> pd.DataFrame:
        return self.table("industries")

    @property
    def companies(self) -> pd.DataFrame:
        return self.table("companies")

    @property
    def company_industries(self) -> pd.DataFrame:
        return self.table("company_industries")

    @property
    def region_industries(self) -> pd.DataFrame:
        return self.table("region_industries")

    @property
    def supply_links(self) -> pd.DataFrame:
        return self.table("supply_links")

    @property
    def industry_links(self) -> pd.DataFrame:
        return self.table("industry_links")

    @property
    def industry_final_uses(self) -> pd.DataFrame:
        return self.table("industry_final_uses")

    @property
    def region_indicators(self) -> pd.DataFrame:
        return self.table("region_indicators")

    @property
    def clusters(self) -> pd.DataFrame:
        return self.table("clusters")

    @property
    def cluster_industries(self) -> pd.DataFrame:
        return self.table("cluster_industries")

    @property
    def industry_crosswalk(self) -> pd.DataFrame:
        return self.table("industry_crosswalk")

    @property
    def industry_bridge(self) -> pd.DataFrame:
        return self.table("industry_bridge")

    @property
    def region_overlaps(self) -> pd.DataFrame:
        return self.table("region_overlaps")

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.counts().items() if v)
        return f"Dataset({counts})"
