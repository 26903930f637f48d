"""Dataset tables -> parameter rows for the schema's write statements (pure, no Neo4j).

Like biocypher's adapters, this module only yields records; it knows the schema
(labels, keys, property names) but not the driver. Each :class:`Step` is one
label or relationship type: its write statement and its rows, in load order
(nodes first, then relationships).

Examples
--------
>>> import pandas as pd
>>> from clusteratlas.loaders.dataset import Dataset
>>> ds = Dataset.from_frames(
...     regions=pd.DataFrame({"code": ["1", "11"], "name": ["Land", "Shire"],
...                           "level": ["province", "county"], "parent_code": [None, "1"]}),
...     industries=pd.DataFrame({"code": ["C"], "name": ["Manufacturing"], "scheme": ["S"],
...                              "level": ["section"]}))
>>> [(s.kind, s.name, len(s.rows)) for s in dataset_steps(ds)]  # doctest: +NORMALIZE_WHITESPACE
[('node', 'Region', 2), ('node', 'Industry', 1), ('node', 'Dataset', 1),
 ('relationship', 'PART_OF:Region', 1)]
>>> dataset_steps(ds)[3].rows
[{'start': '11', 'end': '1'}]
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from clusteratlas.graph.definitions.io_table import final_use_shares, link_output_shares
from clusteratlas.graph.definitions.names import name_aliases, name_pinyin
from clusteratlas.graph.neo4j_store import cypher_writes as cw
from clusteratlas.graph.neo4j_store.schema import NODES, RELATIONSHIPS
from clusteratlas.graph.neo4j_store.values import to_neo4j
from clusteratlas.loaders.dataset import Dataset
from clusteratlas.loaders.provenance import SOURCE_FIELDS, Provenance, provenance_of

__all__ = [
    "Step",
    "dataset_id_of",
    "dataset_steps",
    "measure_label_flags",
    "region_industry_shares",
    "sample_flags",
    "unit_flags",
    "with_name_aliases",
]


@dataclass(frozen=True)
class Step:
    """One write step: ``kind`` (node/relationship), schema ``name``, its Cypher and rows.

    Attributes
    ----------
    kind : {"node", "relationship"}
        What the step writes.
    name : str
        The schema key: a label (``Region``) or a relationship key (``PART_OF:Region``).
    query : str
        The ``UNWIND $rows`` statement (:mod:`~clusteratlas.graph.neo4j_store.cypher_writes`).
    rows : list of dict
        Its parameter rows, plain Python values (None for missing).
    """

    kind: str
    name: str
    query: str
    rows: list[dict[str, Any]]


def _frame_rows(frame: pd.DataFrame, columns: Mapping[str, str]) -> list[dict[str, Any]]:
    """Rows of ``frame`` as dicts of plain Python values, renamed by ``columns`` (source -> target).

    Missing values (NaN, NA, NaT) become ``None``; numpy scalars become Python
    ``int``/``float``/``bool``; timestamps become ``datetime.date``.

    >>> df = pd.DataFrame({"code": ["a", "b"], "lon": [1.5, float("nan")]})
    >>> _frame_rows(df, {"code": "code", "lon": "x"})
    [{'code': 'a', 'x': 1.5}, {'code': 'b', 'x': None}]
    >>> _frame_rows(pd.DataFrame({"d": pd.to_datetime(["2020-01-02"])}), {"d": "d"})
    [{'d': datetime.date(2020, 1, 2)}]
    """
    if frame.empty:
        return []
    out: dict[str, list[Any]] = {}
    for source, target in columns.items():
        series = frame[source]
        if pd.api.types.is_datetime64_any_dtype(series):
            values = [None if pd.isna(v) else v.date() for v in series]
        else:
            values = [to_neo4j(v) for v in series.astype(object).where(series.notna(), None)]
        out[target] = values
    names = list(out)
    return [dict(zip(names, vals, strict=True)) for vals in zip(*out.values(), strict=True)]


def region_industry_shares(dataset: Dataset) -> pd.DataFrame:
    """``region_industries`` with ``share`` and ``lq`` columns (the HAS_INDUSTRY derived props).

    Computed by the analytics' own
    :func:`~clusteratlas.graph.definitions.quotients.location_quotient_rows`, one
    matrix E per (year, measure, industry scheme, industry level, region level):
    s_ri = E_ri / E_r and LQ_ri = s_ri / S_i with S_i = E_i / E over the regions of
    the same level (here S_x = 5/8, so LQ_ax = 0.25 / 0.625). For the matrix of an
    :class:`~clusteratlas.graph.definitions.scope.AnalysisScope` the stored ``lq`` is
    therefore exactly ``location_quotient(scope.matrix(dataset))`` (tested against a
    real Neo4j). Zero denominators give ``NaN`` (not written).

    Parameters
    ----------
    dataset : Dataset
        The canonical tables (and ``metadata``, ``dataset.json``'s declarations).

    Returns
    -------
    DataFrame
        ``region_industries`` (same rows and order) with ``share`` and ``lq`` (float).

    Examples
    --------
    >>> ds = Dataset.from_frames(
    ...     regions=pd.DataFrame({"code": ["a", "b"], "name": ["A", "B"],
    ...                           "level": ["county", "county"], "parent_code": [None, None]}),
    ...     industries=pd.DataFrame({"code": ["x", "y"], "name": ["X", "Y"],
    ...                              "scheme": ["S", "S"], "level": ["l", "l"]}),
    ...     region_industries=pd.DataFrame({"region_code": ["a", "a", "b"],
    ...         "industry_code": ["x", "y", "x"], "year": [2020] * 3,
    ...         "measure": ["employment"] * 3, "value": [1.0, 3.0, 4.0]}))
    >>> region_industry_shares(ds)[["region_code", "industry_code", "share", "lq"]]
      region_code industry_code  share   lq
    0           a             x   0.25  0.4
    1           a             y   0.75  2.0
    2           b             x   1.00  1.6
    """
    from clusteratlas.graph.definitions.quotients import location_quotient_rows

    ri = dataset.region_industries
    if ri.empty:
        return ri.assign(share=pd.Series([], dtype="float64"), lq=pd.Series([], dtype="float64"))
    ind = dataset.industries.set_index("code")
    reg = dataset.regions.set_index("code")
    frame = ri.assign(
        _scheme=ri["industry_code"].map(ind["scheme"]).astype("object"),
        _ilevel=ri["industry_code"].map(ind["level"]).astype("object"),
        _rlevel=ri["region_code"].map(reg["level"]).astype("object"),
    )
    derived = location_quotient_rows(frame, ["year", "measure", "_scheme", "_ilevel", "_rlevel"])
    return ri.assign(share=derived["share"], lq=derived["lq"])


def sample_flags(dataset: Dataset) -> pd.Series:
    """``True`` for each ``region_industries`` row whose value is a sample count, else ``None``.

    A row is a sample count when ``dataset.metadata["samples"]`` (``dataset.json``
    ``samples``: measure -> region levels) lists its measure and its region's level,
    as the bundled data do for county census employment (long-form sample counts;
    the national series of the same measure are full counts). Stored as
    ``HAS_INDUSTRY.sample`` (absent when not declared), so that queries compare
    shares of sample counts, never their levels.

    Parameters
    ----------
    dataset : Dataset
        The canonical tables (and ``metadata``, ``dataset.json``'s declarations).

    Returns
    -------
    Series
        object dtype, aligned to ``dataset.region_industries``: True or None.

    Examples
    --------
    >>> ds = Dataset.from_frames(
    ...     metadata={"samples": {"employment": ["county"]}},
    ...     regions=pd.DataFrame({"code": ["c", "a"], "name": ["C", "A"],
    ...                           "level": ["country", "county"], "parent_code": [None, "c"]}),
    ...     industries=pd.DataFrame({"code": ["x"], "name": ["X"], "scheme": ["S"],
    ...                              "level": ["l"]}),
    ...     region_industries=pd.DataFrame({"region_code": ["a", "c"], "industry_code": ["x", "x"],
    ...         "year": [2020] * 2, "measure": ["employment"] * 2, "value": [1.0, 9.0]}))
    >>> sample_flags(ds).tolist()
    [True, None]
    """
    ri = dataset.region_industries
    declared = dataset.metadata.get("samples") or {}
    level = ri["region_code"].map(dataset.regions.set_index("code")["level"])
    flag = pd.Series(False, index=ri.index)
    for measure, levels in declared.items():
        flag |= ri["measure"].eq(measure) & level.isin(list(levels))
    return flag.astype(object).where(flag, None)


def unit_flags(dataset: Dataset) -> pd.Series:
    """The unit of each ``region_industries`` row, aligned to it (None where undeclared).

    From ``dataset.json`` ``units`` (``dataset.metadata["units"]``), by measure or by measure
    and the row's region level (:func:`~clusteratlas.loaders.dataset_json.unit_of`); stored
    as ``HAS_INDUSTRY.unit`` so that data read back from Neo4j keep their units.

    Parameters
    ----------
    dataset : Dataset
        The canonical tables (and ``metadata``, ``dataset.json``'s declarations).

    Returns
    -------
    Series
        object dtype, aligned to ``dataset.region_industries``: a unit or None.

    Examples
    --------
    >>> ds = Dataset.from_frames(
    ...     metadata={"units": {"employment": {"county": "persons"}}},
    ...     regions=pd.DataFrame({"code": ["c", "a"], "name": ["C", "A"],
    ...                           "level": ["country", "county"], "parent_code": [None, "c"]}),
    ...     industries=pd.DataFrame({"code": ["x"], "name": ["X"], "scheme": ["S"],
    ...                              "level": ["l"]}),
    ...     region_industries=pd.DataFrame({"region_code": ["a", "c"], "industry_code": ["x", "x"],
    ...         "year": [2020] * 2, "measure": ["employment"] * 2, "value": [1.0, 9.0]}))
    >>> unit_flags(ds).tolist()
    ['persons', None]
    """
    from clusteratlas.loaders.dataset_json import unit_of

    return _by_measure_and_level(dataset, unit_of)


def _by_measure_and_level(dataset: Dataset, declared: Any) -> pd.Series:
    """``declared(metadata, measure, region level)`` for each ``region_industries`` row,
    aligned to it; looked up once per distinct (measure, level)."""
    ri = dataset.region_industries
    level = ri["region_code"].map(dataset.regions.set_index("code")["level"])
    pairs = pd.DataFrame({"measure": ri["measure"], "level": level})
    found = {
        (m, lv): declared(dataset.metadata, str(m), None if pd.isna(lv) else str(lv))
        for m, lv in pairs.drop_duplicates().itertuples(index=False)
    }
    return pd.Series(
        [found[(m, lv)] for m, lv in pairs.itertuples(index=False)], index=ri.index, dtype=object
    )


def _basis(ri: pd.DataFrame) -> pd.Series:
    """``region_industries.basis`` as the data give it (``reported``, ``summed from
    predecessors: ...``), None where they give none, so a read returns the table loaded."""
    if "basis" not in ri.columns:
        return pd.Series(None, index=ri.index, dtype=object)
    basis = ri["basis"].astype(object)
    return basis.where(basis.notna(), None)


def measure_label_flags(dataset: Dataset) -> pd.Series:
    """What each ``region_industries`` row counts, in words, aligned to it (None where the
    data do not say): ``dataset.json`` ``measure_labels`` by measure, or by measure and the
    row's region level (:func:`~clusteratlas.loaders.dataset_json.measure_label`); stored as
    ``HAS_INDUSTRY.measure_label`` (the bundled county census rows: ``employed residents by
    place of residence, census long-form sample``).

    Parameters
    ----------
    dataset : Dataset
        The canonical tables (and ``metadata``, ``dataset.json``'s declarations).

    Returns
    -------
    Series
        object dtype, aligned to ``dataset.region_industries``: a label or None.

    Examples
    --------
    >>> ds = Dataset.from_frames(
    ...     metadata={"measure_labels": {"employment": {"county": "employed residents"}}},
    ...     regions=pd.DataFrame({"code": ["c", "a"], "name": ["C", "A"],
    ...                           "level": ["country", "county"], "parent_code": [None, "c"]}),
    ...     industries=pd.DataFrame({"code": ["x"], "name": ["X"], "scheme": ["S"],
    ...                              "level": ["l"]}),
    ...     region_industries=pd.DataFrame({"region_code": ["a", "c"], "industry_code": ["x", "x"],
    ...         "year": [2020] * 2, "measure": ["employment"] * 2, "value": [1.0, 9.0]}))
    >>> measure_label_flags(ds).tolist()
    ['employed residents', None]
    """
    from clusteratlas.loaders.dataset_json import measure_label

    return _by_measure_and_level(dataset, measure_label)


def with_name_aliases(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (regions or industries) with the search names the store writes on their
    nodes, computed at load from ``name`` (:mod:`clusteratlas.graph.definitions.names`):
    ``name_pinyin`` (toneless pinyin without the administrative suffix, ``Kunshan``) and
    ``aliases`` (the pinyin keys and the short name: ``kunshanshi``, ``kunshan``, ``昆山``);
    ``name_en`` is added empty when the table has none.

    Parameters
    ----------
    frame : DataFrame
        A table with ``code`` and ``name``.

    Returns
    -------
    DataFrame
        A copy with ``name_pinyin``, ``aliases`` (lists) and ``name_en``.

    Examples
    --------
    >>> t = with_name_aliases(pd.DataFrame({"code": ["320583"], "name": ["昆山市"]}))
    >>> t[["name_pinyin", "aliases", "name_en"]].values.tolist()
    [['Kunshan', ['kunshanshi', 'kunshan', '昆山'], None]]
    """
    out = frame.copy()
    names = out["name"].astype(str)
    out["name_pinyin"] = [name_pinyin(n) for n in names]
    out["aliases"] = pd.Series(
        [list(name_aliases(n)) for n in names], index=out.index, dtype=object
    )
    if "name_en" not in out.columns:
        out["name_en"] = None
    return out


def _node(name: str, frame: pd.DataFrame, columns: Sequence[str]) -> Step:
    spec = NODES[name]
    return Step(
        "node",
        name,
        cw.merge_nodes(spec, [c for c in columns if c not in spec.key]),
        _frame_rows(frame, {c: c for c in columns}),
    )


def _rel(name: str, frame: pd.DataFrame, start: str, end: str, props: Sequence[str]) -> Step:
    spec = RELATIONSHIPS[name]
    mapping = {start: "start", end: "end", **{p: p for p in props}}
    return Step(
        "relationship",
        name,
        cw.merge_relationships(spec, [p for p in props if p not in spec.key]),
        _frame_rows(frame, mapping),
    )


def dataset_id_of(dataset: Dataset, default: str = "default") -> str:
    """The id a load tags its writes with: ``metadata['id']``, else ``metadata['name']``.

    Parameters
    ----------
    dataset : Dataset
        Its ``metadata`` (``dataset.json``).
    default : str, default "default"
        The id when the metadata give neither.

    Returns
    -------
    str
        The dataset id.

    Examples
    --------
    >>> dataset_id_of(Dataset.from_frames(metadata={"name": "china"},
    ...     regions=pd.DataFrame({"code": ["1"], "name": ["A"], "level": ["country"]}),
    ...     industries=pd.DataFrame({"code": [], "name": [], "scheme": [], "level": []})))
    'china'
    """
    value = dataset.metadata.get("id") or dataset.metadata.get("name") or default
    return str(value)


def _dataset_node(dataset: Dataset, dataset_id: str | None = None) -> pd.DataFrame:
    """The one row of the ``Dataset`` node: id, and dataset.json's name, description,
    ``analysis``, ``industry_groups`` and ``industry_markets`` (JSON text) and
    ``featured_regions`` (a list):
    what a read-back restores. Where the files were read from is not stored (a local path
    means nothing to the graph's readers).

    >>> ds = Dataset.from_frames(metadata={"name": "x", "analysis": {"year": 2020}},
    ...     regions=pd.DataFrame({"code": ["1"], "name": ["A"], "level": ["country"]}),
    ...     industries=pd.DataFrame({"code": [], "name": [], "scheme": [], "level": []}))
    >>> _dataset_node(ds).iloc[0].to_dict()
    {'id': 'x', 'name': 'x', 'description': None, 'analysis': '{"year": 2020}', 'industry_groups': None, 'industry_markets': None, 'featured_regions': None}
    """  # noqa: E501
    meta = dataset.metadata

    def as_json(key: str) -> str | None:
        value = meta.get(key)
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None

    row = {
        "id": dataset_id or dataset_id_of(dataset),
        "name": meta.get("name"),
        "description": meta.get("description"),
        "analysis": as_json("analysis"),
        "industry_groups": as_json("industry_groups"),
        "industry_markets": as_json("industry_markets"),
        "featured_regions": list(meta.get("featured_regions") or ()) or None,
    }
    return pd.DataFrame([row], dtype="object")


def dataset_steps(dataset: Dataset, dataset_id: str | None = None) -> list[Step]:
    """Every write step of a load, nodes first; steps with no rows are left out.

    Node steps: Region, Industry, FinalDemand (the categories of ``industry_final_uses``),
    Company, Indicator, Cluster (the clusters table, e.g.
    declared clusters), Source, Measure, Dataset (one node: the id, and ``dataset.json``'s
    name, description, analysis, industry groups and featured regions). Relationship steps: PART_OF (regions,
    industries), OVERLAPS (``region_overlaps``), LOCATED_IN (with the placement level,
    basis and reason), IN_INDUSTRY,
    HAS_INDUSTRY, SUPPLIES, INPUT_TO (with ``output_share`` b_ij = z_ij / x_i,
    :func:`~clusteratlas.graph.definitions.io_table.link_output_shares`), SOLD_TO (final
    uses, with ``share`` f_ik / x_i, :func:`~clusteratlas.graph.definitions.io_table.final_use_shares`),
    MAPS_TO, STAFFS (``industry_bridge``), IN_REGION, OF_INDUSTRY, MEASURED (with the
    qualifier), SOURCED_FROM (regions, industries, companies, clusters) and FROM_SOURCE. The
    provenance (``dataset.json`` ``provenance``, :mod:`clusteratlas.loaders.provenance`)
    gives ``source_id`` and ``unit``; without one they are left out.

    Parameters
    ----------
    dataset : Dataset
        The canonical tables (and ``metadata``, ``dataset.json``'s declarations).
    dataset_id : str, optional
        The id written on the Dataset node; default :func:`dataset_id_of`.

    Returns
    -------
    list of Step
        In load order: nodes, then relationships (their endpoints exist by then).

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> steps = dataset_steps(example_dataset(), "toy")
    >>> [s.name for s in steps][:4], steps[0].rows[0]
    (['Region', 'Industry', 'Company', 'Dataset'], {'code': '1', 'name': 'Country', 'level': 'country', 'lon': None, 'lat': None, 'name_pinyin': 'Country', 'aliases': ['country']})
    """  # noqa: E501
    regions, industries, companies = dataset.regions, dataset.industries, dataset.companies
    indicators = dataset.region_indicators
    company_props = [c for c in NODES["Company"].properties if c in companies.columns]
    clusters = dataset.clusters
    prov = provenance_of(dataset)
    sourced = {t: _sourced(dataset, prov, t) for t in PROVENANCE_TABLES}
    levels = regions.set_index("code")["level"]
    located = sourced["companies"].assign(
        level=companies["region_code"].map(levels),
        basis=companies["placement_basis"],
        reason=companies["placement_reason"],
    )
    sources = prov.source_frame() if prov else pd.DataFrame(columns=["id", *SOURCE_FIELDS])
    measures = (
        prov.measures(dataset)
        if prov
        else pd.DataFrame(columns=["id", "name", "unit", "definition", "source_id"])
    )
    final_uses = sourced["industry_final_uses"].assign(
        share=final_use_shares(dataset),
        category_name=lambda f: f["category_name"].fillna(f["category"]),
    )
    steps = [
        _node(
            "Region",
            with_name_aliases(regions),
            ["code", "name", "level", "lon", "lat", "name_pinyin", "aliases"],
        ),
        _node(
            "Industry",
            with_name_aliases(industries),
            ["code", "name", "name_en", "scheme", "level", "name_pinyin", "aliases"],
        ),
        _node(
            "FinalDemand",
            final_uses.drop_duplicates("category")
            .sort_values("category")
            .rename(columns={"category": "code", "category_name": "name"}),
            ["code", "name"],
        ),
        _node("Company", companies, company_props),
        _node(
            "Indicator",
            pd.DataFrame({"name": sorted(indicators["indicator"].unique())}, dtype="str"),
            ["name"],
        ),
        _node("Cluster", clusters, ["id", "kind", "label", "year", "source", "note"]),
        _node("Source", sources, ["id", *SOURCE_FIELDS]),
        _node("Measure", measures, ["id", "name", "unit", "definition", "source_id"]),
        _node(
            "Dataset",
            _dataset_node(dataset, dataset_id),
            [
                "id",
                "name",
                "description",
                "analysis",
                "industry_groups",
                "industry_markets",
                "featured_regions",
            ],
        ),
        _rel("PART_OF:Region", regions[regions["parent_code"].notna()], "code", "parent_code", []),
        _rel(
            "OVERLAPS", dataset.region_overlaps, "region_code", "overlaps_code", ["share", "source"]
        ),
        _rel(
            "SUBDIVISION_OF",
            industries[industries["parent_code"].notna()],
            "code",
            "parent_code",
            [],
        ),
        _rel(
            "LOCATED_IN",
            located,
            "id",
            "region_code",
            ["level", "basis", "reason", "source_id"],
        ),
        _rel(
            "IN_INDUSTRY",
            sourced["company_industries"],
            "company_id",
            "industry_code",
            ["share", "primary", "source_id"],
        ),
        _rel(
            "HAS_INDUSTRY",
            region_industry_shares(dataset).assign(
                sample=sample_flags(dataset),
                # dataset.json units first; the provenance's measure unit where it gives none
                unit=unit_flags(dataset).combine_first(sourced["region_industries"]["unit"]),
                measure_label=measure_label_flags(dataset),
                basis=_basis(dataset.region_industries),
                source_id=sourced["region_industries"]["source_id"],
            ),
            "region_code",
            "industry_code",
            [
                "year",
                "measure",
                "value",
                "share",
                "lq",
                "sample",
                "unit",
                "measure_label",
                "basis",
                "source_id",
            ],
        ),
        _rel(
            "SUPPLIES",
            sourced["supply_links"],
            "supplier_id",
            "customer_id",
            ["year", "value", "share", "score", "tied", "source", "inferred", "source_id"],
        ),
        _rel(
            "INPUT_TO",
            sourced["industry_links"].assign(output_share=link_output_shares(dataset)),
            "from_code",
            "to_code",
            ["year", "flow", "coefficient", "output_share", "unit", "source_id"],
        ),
        _rel(
            "SOLD_TO",
            final_uses,
            "industry_code",
            "category",
            ["year", "value", "share", "unit", "source_id"],
        ),
        _rel(
            "MAPS_TO",
            sourced["industry_crosswalk"],
            "from_code",
            "to_code",
            ["weight", "basis", "source_id"],
        ),
        _rel("STAFFS", dataset.industry_bridge, "from_code", "to_code", ["weight", "source"]),
        _rel("IN_REGION", clusters, "id", "region_code", []),
        _rel("OF_INDUSTRY", dataset.cluster_industries, "cluster_id", "industry_code", []),
        _rel(
            "MEASURED",
            sourced["region_indicators"].assign(_indicator=indicators["indicator"]),
            "region_code",
            "_indicator",
            ["indicator", "year", "value", "unit", "source", "qualifier", "source_id"],
        ),
        *(
            _rel(f"SOURCED_FROM:{label}", frame.dropna(subset=["source_id"]), key, "source_id", [])
            for label, frame, key in (
                ("Region", sourced["regions"], "code"),
                ("Industry", sourced["industries"], "code"),
                ("Company", sourced["companies"], "id"),
                ("Cluster", sourced["clusters"], "id"),
            )
        ),
        _rel("FROM_SOURCE", measures, "id", "source_id", []),
    ]
    return [s for s in steps if s.rows]


PROVENANCE_TABLES = (
    "regions",
    "industries",
    "companies",
    "clusters",
    "company_industries",
    "region_industries",
    "supply_links",
    "industry_links",
    "industry_final_uses",
    "industry_crosswalk",
    "region_indicators",
)
"""Tables whose rows get a ``source_id`` (and a ``unit`` for measures) from the provenance."""


def _sourced(dataset: Dataset, prov: Provenance | None, table: str) -> pd.DataFrame:
    """Table ``table`` with ``source_id`` and (measure tables) ``unit`` from the provenance.

    ``region_indicators`` keeps its own ``unit`` column; rows without a rule get None.
    """
    frame = dataset.table(table)
    if prov is None:
        found = pd.DataFrame({"source_id": None, "unit": None}, index=frame.index)
    else:
        found = prov.assign(dataset, table)
    extra = {"source_id": found["source_id"].to_numpy()}
    if "unit" not in frame.columns:
        extra["unit"] = found["unit"].to_numpy()
    return frame.assign(**extra)
