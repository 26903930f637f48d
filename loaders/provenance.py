"""Provenance of a dataset: its sources, and which rows each source supports, with units.

A dataset says where its rows come from in ``dataset.json`` under ``provenance``
(the bundled China data: ``loaders/bundled/china/dataset.json``)::

    "provenance": {
      "sources": {
        "census-2020": {"title": "7th national population census, county tables",
                        "publisher": "National Bureau of Statistics", "vintage": "2020",
                        "licence": "...", "url": "...", "note": "..."}
      },
      "supports": [
        {"table": "region_industries", "source": "census-2020",
         "where": {"measure": "employment", "year": 2020, "region_level": "county"},
         "unit": "persons (census long-form sample count)",
         "definition": "employed persons aged 16+ by GB/T 4754 section, sampled"}
      ]
    }

``sources`` maps a source id to its ``title`` (required), ``publisher``, ``vintage``
(a date or period: the vintage of the data, e.g. the exchange list's date),
``licence``, ``url`` and ``note``. ``supports`` is a list of rules, tried in order; a
row takes the first rule of its table whose ``where`` it matches (every key equal:
a column of the table, or ``region_level`` / ``industry_scheme``: the level of the
row's region, the scheme of its industry; a list means any of). A rule gives the
``source`` id and, for ``region_industries`` (the unit of ``value``) and
``industry_links`` (the unit of ``flow``), a ``unit`` and a ``definition`` of the
measure. Rows no rule matches have no source. In Neo4j these become ``Source`` and
``Measure`` nodes, ``SOURCED_FROM`` links and ``source_id`` / ``unit`` properties
(``graph/neo4j_store/rows.py``).

Examples
--------
>>> import pandas as pd
>>> from clusteratlas.loaders.dataset import Dataset
>>> ds = Dataset.from_frames(
...     metadata={"provenance": {"sources": {"s1": {"title": "A census"}},
...               "supports": [{"table": "regions", "source": "s1"}]}},
...     regions=pd.DataFrame({"code": ["1"], "name": ["Land"], "level": ["province"]}),
...     industries=pd.DataFrame({"code": ["C"], "name": ["Mfg"], "scheme": ["S"],
...                              "level": ["section"]}))
>>> provenance_of(ds).assign(ds, "regions")["source_id"].tolist()
['s1']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from clusteratlas.errors import Problem

if TYPE_CHECKING:
    import pandas as pd

    from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "MEASURE_COLUMN",
    "RULE_KEYS",
    "SOURCE_FIELDS",
    "Provenance",
    "Rule",
    "Source",
    "parse_provenance",
    "provenance_of",
]

FILE = "dataset.json"
SOURCE_FIELDS = ("title", "publisher", "vintage", "licence", "url", "note", "breaks")
"""Fields of a source (all text; ``title`` required; ``breaks``: the years where a series
breaks, with why, e.g. ``2013: economic census benchmark revision``)."""
RULE_KEYS = ("table", "source", "where", "unit", "definition")
"""Keys of a ``supports`` rule (``table`` and ``source`` required)."""
DERIVED_KEYS = {"region_level": "region_code", "industry_scheme": "industry_code"}
"""``where`` keys that are not columns: the level of the row's region, the scheme of its
industry (``industry_links``: of ``from_code``)."""
MEASURE_COLUMN = {"region_industries": "measure", "industry_links": None}
"""Tables whose rules define measures: the column naming the measure (None: ``flow``)."""


@dataclass(frozen=True)
class Source:
    """A source: an id and its title, publisher, vintage, licence, url and note.

    Attributes
    ----------
    id : str
        The source id (a key of ``provenance.sources``).
    title : str
        What the source is called.
    publisher, vintage, licence, url, note, breaks : str or None
        Who publishes it, the date or period of the data, its licence, where it is, a
        free note, and the years where its series breaks (with why).
    """

    id: str
    title: str
    publisher: str | None = None
    vintage: str | None = None
    licence: str | None = None
    url: str | None = None
    note: str | None = None
    breaks: str | None = None


@dataclass(frozen=True)
class Rule:
    """Rows of ``table`` matching ``where`` come from ``source`` (with a unit and definition).

    Attributes
    ----------
    table : str
        A canonical table name.
    source : str
        A source id.
    where : mapping
        Column (or ``region_level`` / ``industry_scheme``) -> value or list of values;
        empty: every row.
    unit, definition : str or None
        The unit of the measure and what it counts (``region_industries``,
        ``industry_links``).
    """

    table: str
    source: str
    where: Mapping[str, Any] = field(default_factory=dict)
    unit: str | None = None
    definition: str | None = None


@dataclass(frozen=True)
class Provenance:
    """The sources of a dataset and the rules that assign them to rows.

    Attributes
    ----------
    sources : mapping of str to Source
        By id.
    rules : tuple of Rule
        Tried in order; a row takes the first rule of its table it matches.
    """

    sources: Mapping[str, Source]
    rules: tuple[Rule, ...]

    def assign(self, dataset: Dataset, table: str) -> pd.DataFrame:
        """For each row of ``table``: ``source_id``, ``unit`` and ``definition`` of its rule.

        Parameters
        ----------
        dataset : Dataset
            The data (its regions and industries for the derived ``where`` keys).
        table : str
            A canonical table name.

        Returns
        -------
        DataFrame
            ``source_id, unit, definition``, with the table's index; rows no rule
            matches hold None.

        Examples
        --------
        >>> from clusteratlas.graph.definitions.examples import example_dataset
        >>> from clusteratlas.loaders.dataset import Dataset
        >>> prov = {"sources": {"census": {"title": "A census", "vintage": "2020"}},
        ...         "supports": [{"table": "region_industries", "source": "census",
        ...                       "where": {"region_level": "county"}, "unit": "persons",
        ...                       "definition": "employed persons"}]}
        >>> ds = Dataset.from_frames(metadata={"provenance": prov}, **dict(example_dataset()))
        >>> provenance_of(ds).assign(ds, "region_industries")["source_id"].tolist()[:5]
        ['census', 'census', 'census', 'census', None]
        """
        import numpy as np
        import pandas as pd

        frame = dataset.table(table)
        out = pd.DataFrame(
            {c: pd.Series([None] * len(frame), index=frame.index, dtype=object)
             for c in ("source_id", "unit", "definition")}
        )  # fmt: skip
        free = np.ones(len(frame), dtype=bool)
        for rule in self.rules:
            if rule.table != table or not free.any():
                continue
            mask = free.copy()
            for key, wanted in rule.where.items():
                values = _column(dataset, frame, key)
                allowed = wanted if isinstance(wanted, list) else [wanted]
                mask &= values.isin(allowed).to_numpy()
            out.loc[mask, "source_id"] = rule.source
            out.loc[mask, "unit"] = rule.unit
            out.loc[mask, "definition"] = rule.definition
            free &= ~mask
        return out

    def measures(self, dataset: Dataset) -> pd.DataFrame:
        """The measures the rows use: ``id`` (``measure@source``), ``name``, ``unit``,
        ``definition``, ``source_id`` (one row per distinct combination in the data).

        Parameters
        ----------
        dataset : Dataset
            The data whose ``region_industries`` and ``industry_links`` rows are assigned.

        Returns
        -------
        DataFrame
            Those columns, sorted by ``id``; rows without a source are left out.

        Examples
        --------
        >>> from clusteratlas.graph.definitions.examples import example_dataset
        >>> from clusteratlas.loaders.dataset import Dataset
        >>> prov = {"sources": {"census": {"title": "A census", "vintage": "2020"}},
        ...         "supports": [{"table": "region_industries", "source": "census",
        ...                       "where": {"region_level": "county"}, "unit": "persons",
        ...                       "definition": "employed persons"}]}
        >>> ds = Dataset.from_frames(metadata={"provenance": prov}, **dict(example_dataset()))
        >>> provenance_of(ds).measures(ds).values.tolist()
        [['employment@census', 'employment', 'persons', 'employed persons', 'census']]
        """
        import pandas as pd

        frames = []
        for table, column in MEASURE_COLUMN.items():
            rows = self.assign(dataset, table)
            if rows.empty:
                continue
            name = dataset.table(table)[column] if column else pd.Series("flow", index=rows.index)
            frames.append(rows.assign(name=name.astype(object)))
        columns = ["id", "name", "unit", "definition", "source_id"]
        if not frames:
            return pd.DataFrame(columns=columns)
        found = pd.concat(frames).dropna(subset=["source_id"]).drop_duplicates()
        found = found.assign(id=found["name"] + "@" + found["source_id"])
        return found[columns].sort_values("id").reset_index(drop=True)

    def source_frame(self) -> pd.DataFrame:
        """One row per source: ``id`` and the :data:`SOURCE_FIELDS`.

        Returns
        -------
        DataFrame
            In the order of ``sources``; missing fields as None.

        Examples
        --------
        >>> Provenance({"s": Source("s", "A census", vintage="2020")}, ()).source_frame()
          id     title publisher vintage licence   url  note breaks
        0  s  A census      None    2020    None  None  None   None
        """
        import pandas as pd

        rows = [
            {"id": s.id, **{f: getattr(s, f) for f in SOURCE_FIELDS}} for s in self.sources.values()
        ]
        return pd.DataFrame(rows, columns=["id", *SOURCE_FIELDS])


def _column(dataset: Dataset, frame: pd.DataFrame, key: str) -> pd.Series:
    if key in frame.columns:
        return frame[key]
    if key == "region_level":
        levels = dataset.regions.set_index("code")["level"]
        return frame["region_code"].map(levels)
    if key == "industry_scheme":
        schemes = dataset.industries.set_index("code")["scheme"]
        column = "industry_code" if "industry_code" in frame.columns else "from_code"
        return frame[column].map(schemes)
    raise KeyError(key)  # parse_provenance refused it


def provenance_of(dataset: Dataset) -> Provenance | None:
    """The dataset's :class:`Provenance` (``metadata['provenance']``), or None without one.

    Parameters
    ----------
    dataset : Dataset
        Its ``metadata["provenance"]``, as :func:`parse_provenance` checked it.

    Returns
    -------
    Provenance or None

    Examples
    --------
    >>> from clusteratlas.loaders.bundled import load_bundled
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> provenance_of(example_dataset()) is None
    True
    >>> "census-2020" in provenance_of(load_bundled("china")).sources
    True
    """
    raw = dataset.metadata.get("provenance")
    if not raw:
        return None
    sources = {
        sid: Source(sid, **{f: fields.get(f) for f in SOURCE_FIELDS})
        for sid, fields in raw.get("sources", {}).items()
    }
    rules = tuple(
        Rule(
            r["table"], r["source"], dict(r.get("where") or {}), r.get("unit"), r.get("definition")
        )
        for r in raw.get("supports", [])
    )
    return Provenance(sources, rules)


def parse_provenance(value: Any, problems: list[Problem]) -> dict[str, Any]:
    """Check ``dataset.json``'s ``provenance``; return its well-formed parts, add problems.

    Parameters
    ----------
    value : object
        The ``provenance`` value as parsed from JSON.
    problems : list of Problem
        Appended to: one problem per unknown key, missing title, bad rule...

    Returns
    -------
    dict
        ``{"sources": {...}, "supports": [...]}`` with only the well-formed entries.

    Examples
    --------
    >>> problems = []
    >>> parse_provenance({"sources": {"s": {"title": "T", "licnce": "MIT"}},
    ...                   "supports": [{"table": "regions", "source": "t"}]}, problems)
    {'sources': {'s': {'title': 'T'}}, 'supports': []}
    >>> for p in problems:
    ...     print(p)
    dataset.json, column provenance.sources.s.licnce: unknown key (did you mean 'licence'?)
    dataset.json, column provenance.supports[0].source, value 't': not a source id; sources: s
    """
    from clusteratlas.loaders.dataset import TABLES
    from clusteratlas.loaders.dataset_json import did_you_mean

    def problem(column: str, item: Any, rule: str) -> None:
        problems.append(Problem(FILE, None, f"provenance{column}", item, rule))

    if not isinstance(value, dict):
        problem("", value, "expected an object {sources: {...}, supports: [...]}")
        return {}
    for key in value:
        if key not in ("sources", "supports"):
            problem(f".{key}", None, f"unknown key{did_you_mean(key, ['sources', 'supports'])}")
    sources: dict[str, dict[str, str]] = {}
    raw_sources = value.get("sources", {})
    if not isinstance(raw_sources, dict):
        problem(".sources", raw_sources, "expected an object {source id: {title, ...}}")
        raw_sources = {}
    for sid, fields in raw_sources.items():
        column = f".sources.{sid}"
        if not isinstance(fields, dict):
            problem(column, fields, "expected an object {title, publisher, ...}")
            continue
        clean: dict[str, str] = {}
        for name, text in fields.items():
            if name not in SOURCE_FIELDS:
                problem(f"{column}.{name}", None, f"unknown key{did_you_mean(name, SOURCE_FIELDS)}")
            elif not isinstance(text, str) or not text:
                problem(f"{column}.{name}", text, "expected text")
            else:
                clean[name] = text
        if "title" not in clean:
            problem(column, None, "a source needs a title")
            continue
        sources[str(sid)] = clean
    supports: list[dict[str, Any]] = []
    raw_rules = value.get("supports", [])
    if not isinstance(raw_rules, list):
        problem(".supports", raw_rules, "expected a list of rules")
        raw_rules = []
    for i, rule in enumerate(raw_rules):
        column = f".supports[{i}]"
        if not isinstance(rule, dict):
            problem(column, rule, "expected an object {table, source, where, unit, definition}")
            continue
        bad = [k for k in rule if k not in RULE_KEYS]
        for k in bad:
            problem(f"{column}.{k}", None, f"unknown key{did_you_mean(k, RULE_KEYS)}")
        table, source = str(rule.get("table")), rule.get("source")
        if table not in TABLES:
            problem(f"{column}.table", table, "not a table; tables: " + ", ".join(TABLES))
            continue
        if source not in sources:
            problem(f"{column}.source", source, "not a source id; sources: " + ", ".join(sources))
            continue
        where = rule.get("where") or {}
        allowed = [*TABLES[table].column_names, *DERIVED_KEYS]
        if not isinstance(where, dict) or any(k not in allowed for k in where):
            unknown = [k for k in where if k not in allowed] if isinstance(where, dict) else where
            problem(f"{column}.where", unknown, "unknown columns; allowed: " + ", ".join(allowed))
            continue
        for text_key in ("unit", "definition"):
            if text_key in rule and not (isinstance(rule[text_key], str) and rule[text_key]):
                problem(f"{column}.{text_key}", rule[text_key], "expected text")
        if not bad:
            supports.append({k: rule[k] for k in RULE_KEYS if k in rule})
    return {"sources": sources, "supports": supports}
