"""Write analytics results back into Neo4j keyed by their scope, batched and idempotent.

Every analysis written back is one ``(:Analysis)`` node: its scope (year, measure,
level, scheme, the I-O table), its specification (a hash of the other choices) and
when it was computed (:func:`analysis_identity`). Region scores are properties of
``(:Region)-[:HAS_SCORES]->(:Analysis)`` (a map parameter, so score names are never
spliced into Cypher), so scores of 2010 and 2020, or of two weightings, never share a
slot. Clusters are ``MERGE``\\ d on their id with their scores, ``computed_at`` and
``parameters``, and linked ``-[:FOUND_BY]->(:Analysis)``,
``(:Cluster)-[:IN_REGION]->(:Region)``, ``-[:OF_INDUSTRY]->(:Industry)`` and
``(:Company)-[:MEMBER_OF]->(:Cluster)``. Writing the same results twice leaves the
same graph.

Examples
--------
>>> import pandas as pd
>>> score_rows(pd.DataFrame({"hhi": [0.25]}, index=["440305"]), protected={"code"})
[{'key': '440305', 'scores': {'hhi': 0.25}}]
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from clusteratlas.errors import LoadError, UsageError
from clusteratlas.graph.definitions.score_columns import REGION_SCORE_COLUMNS
from clusteratlas.graph.neo4j_store import cypher_writes as cw
from clusteratlas.graph.neo4j_store.driver_errors import driver_errors
from clusteratlas.graph.neo4j_store.load import (
    DEFAULT_BATCH_SIZE,
    batches,
    write_batch,
)
from clusteratlas.graph.neo4j_store.schema import DATASETS_PROPERTY, NODES, RELATIONSHIPS
from clusteratlas.graph.neo4j_store.values import to_neo4j

if TYPE_CHECKING:
    import neo4j

__all__ = [
    "SCOPE_KEYS",
    "analysis_identity",
    "score_rows",
    "write_analysis",
    "write_cluster_links",
    "write_clusters",
    "write_region_scores",
]


def score_rows(frame: pd.DataFrame, *, protected: Collection[str]) -> list[dict[str, Any]]:
    """``[{'key': index value, 'scores': {column: value}}]`` with plain values, nulls as None.

    A ``None`` score removes that property. Columns named like the schema
    properties in ``protected`` (``name``, ``level``, ...) are left out: scores
    never overwrite loaded data, and analytics tables often carry a ``name``
    column for reading. Dicts become JSON strings (Neo4j properties cannot be maps).

    Parameters
    ----------
    frame : DataFrame
        One row per node, indexed by the node key; one column per score.
    protected : collection of str
        Column names never written (the schema's loaded properties).

    Returns
    -------
    list of dict
        ``{'key': str, 'scores': {column: value}}`` per row, in row order.

    Raises
    ------
    UsageError
        ``frame`` has duplicate column names.

    Examples
    --------
    >>> score_rows(pd.DataFrame({"name": ["A"], "hhi": [0.5]}, index=["1"]), protected={"name"})
    [{'key': '1', 'scores': {'hhi': 0.5}}]
    """
    frame = frame.drop(columns=[c for c in frame.columns if str(c) in set(protected)])
    if frame.columns.duplicated().any():
        raise UsageError(f"duplicate score columns: {list(frame.columns)}")
    columns = [str(c) for c in frame.columns]
    out = []
    for key, values in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        scores = {c: to_neo4j(v) for c, v in zip(columns, values, strict=True)}
        out.append({"key": str(key), "scores": scores})
    return out


def _parameters_json(parameters: Mapping[str, Any] | None) -> str:
    return json.dumps(dict(parameters or {}), ensure_ascii=False, sort_keys=True, default=str)


SCOPE_KEYS = ("level", "scheme", "measure", "year")
"""The parameters that name an analysis' scope (with its specification, its identity)."""

_SCOPE_PROPERTIES: tuple[str, ...] = ("year", "measure", "unit", "level", "scheme")
_SCOPE_PROPERTIES += ("industry_level", "io_scheme", "io_year")
_NOT_SPECIFICATION = frozenset({"engine", "centrality_plans", "cluster_network"})


def analysis_identity(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """The ``(:Analysis)`` node of an analysis: ``{'id': ..., 'props': {...}}``.

    ``id`` = ``LEVEL|SCHEME|MEASURE|YEAR|SPEC`` where SPEC is the first 8 hex digits of
    the SHA-256 of the parameters' JSON (sorted keys) without those that do not change
    the results (who computed the centralities, and what the cluster network turned out
    to be): two runs with the same scope and choices write the same node, a run with
    other weights, thresholds or growth years another. ``props`` carries the scope
    (``year``, ``measure``, ``unit``, ``level``, ``scheme``, ``industry_level``,
    ``io_scheme``, ``io_year``), ``specification`` (SPEC) and ``parameters`` (JSON).

    Parameters
    ----------
    parameters : mapping
        The analysis' parameters (``Analysis.parameters``); ``year`` is required.

    Returns
    -------
    dict
        ``{'id': str, 'props': dict}``.

    Raises
    ------
    UsageError
        No ``year`` in ``parameters``: scores without a year cannot be told apart.

    Examples
    --------
    >>> a = analysis_identity({"level": "county", "scheme": "GB4754",
    ...                        "measure": "employment", "year": 2020, "min_lq": 1.25})
    >>> a["id"]
    'county|GB4754|employment|2020|734cd04d'
    >>> a["props"]["year"], a["props"]["specification"]
    (2020, '734cd04d')
    """
    if parameters.get("year") is None:
        raise UsageError(
            "write-back needs the analysis' year (parameters['year']): scores and clusters "
            "are stored keyed by their scope, so that years never mix"
        )
    spec_json = _parameters_json(
        {k: v for k, v in parameters.items() if k not in _NOT_SPECIFICATION}
    )
    spec = hashlib.sha256(spec_json.encode("utf-8")).hexdigest()[:8]
    scope = [parameters.get(k) for k in SCOPE_KEYS]
    props = {k: to_neo4j(parameters.get(k)) for k in _SCOPE_PROPERTIES}
    props.update(specification=spec, parameters=_parameters_json(parameters))
    return {
        "id": "|".join("-" if v is None else str(v) for v in scope) + f"|{spec}",
        "props": props,
    }


def _merge_analysis(
    session: neo4j.Session,
    parameters: Mapping[str, Any],
    computed_at: datetime | None,
    data_source: str | None,
) -> dict[str, Any]:
    identity = analysis_identity(parameters)
    props = {
        **identity["props"],
        "computed_at": computed_at or datetime.now(UTC),
        "data_source": data_source,
    }
    write_batch(session, cw.merge_analysis(), {"id": identity["id"], "props": props})
    return identity


def _missing_keys(driver: neo4j.Driver, label: str, keys: list[str], database: str) -> list[str]:
    key = NODES[label].key[0]
    records, _, _ = driver.execute_query(
        f"UNWIND $keys AS k OPTIONAL MATCH (n:{label} {{{key}: k}}) "
        "WITH k, n WHERE n IS NULL RETURN k",
        keys=keys,
        database_=database,
        routing_="r",
    )
    return [r["k"] for r in records]


@driver_errors("writing region scores")
def write_region_scores(
    driver: neo4j.Driver,
    frame: pd.DataFrame,
    *,
    parameters: Mapping[str, Any],
    computed_at: datetime | None = None,
    data_source: str | None = None,
    database: str = "neo4j",
    batch_size: int = DEFAULT_BATCH_SIZE,
    region_column: str | None = None,
) -> str:
    """Store each row's scores as ``(:Region)-[:HAS_SCORES {scores}]->(:Analysis)``; return
    the Analysis id.

    The ``(:Analysis)`` node (:func:`analysis_identity`) carries the scope (year,
    measure, level, scheme, ...), the specification and ``computed_at``; writing an
    analysis again first deletes its old ``HAS_SCORES`` links, so a region that left the
    result keeps no stale scores and scores of different years or specifications never
    share a property. The columns must be region score columns
    (:data:`~clusteratlas.graph.definitions.score_columns.REGION_SCORE_COLUMNS`, which
    ``docs/graph-model.md`` documents); ``name`` is loaded data and is not written.

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`~clusteratlas.graph.neo4j_store.connection.connect`.
    frame : DataFrame
        One row per region, indexed by region code (or with ``region_column``).
    parameters : mapping
        The analysis' scope and choices (``Analysis.parameters``; ``year`` required).
    computed_at : datetime, optional
        When the results were computed; default now (UTC).
    data_source : str, optional
        What was analysed (``neo4j``, ``bundled china``, a path), stored on the Analysis.
    database : str, default "neo4j"
        The database written.
    batch_size : int, default DEFAULT_BATCH_SIZE
        Rows per transaction (5,000).
    region_column : str, optional
        The column of region codes, when they are not the index.

    Returns
    -------
    str
        The id of the ``(:Analysis)`` node the scores hang on.

    Raises
    ------
    LoadError
        A region code is not in the graph (checked before anything is written).
    UsageError
        Duplicate column names, a column that is not a region score, or no year.

    Examples
    --------
    >>> scores = pd.DataFrame({"resilience": [71.5]}, index=["440305"])
    >>> write_region_scores(driver, scores, parameters={"year": 2020})  # doctest: +SKIP
    '-|-|-|2020|...'
    """
    if region_column is not None:
        frame = frame.set_index(region_column)
    spec = NODES["Region"]
    frame = frame.drop(columns=[c for c in frame.columns if c in spec.properties])
    unknown = [str(c) for c in frame.columns if str(c) not in REGION_SCORE_COLUMNS]
    if unknown:
        raise UsageError(
            f"not region score columns: {unknown} (the columns HAS_SCORES can hold are "
            "listed in docs/graph-model.md)"
        )
    analysis_identity(parameters)  # a usage error before anything is read or written
    rows = score_rows(frame, protected=[DATASETS_PROPERTY])
    missing = _missing_keys(driver, "Region", [r["key"] for r in rows], database)
    if missing:
        raise LoadError(f"{len(missing)} regions are not in the graph, e.g. {missing[:5]}")
    with driver.session(database=database) as session:
        identity = _merge_analysis(session, parameters, computed_at, data_source)
        write_batch(session, cw.delete_analysis_scores(), {"id": identity["id"]})
        for batch in batches(rows, batch_size):
            write_batch(
                session, cw.write_analysis_scores(), {"rows": list(batch), "id": identity["id"]}
            )
    return str(identity["id"])


@driver_errors("writing clusters")
def write_clusters(
    driver: neo4j.Driver,
    clusters: Any,
    members: pd.DataFrame | None = None,
    *,
    parameters: Mapping[str, Any] | None = None,
    computed_at: datetime | None = None,
    data_source: str | None = None,
    database: str = "neo4j",
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> dict[str, int]:
    """MERGE (:Cluster) nodes with their scores and links; return counts written.

    With a ``year`` in ``parameters`` the clusters are linked ``-[:FOUND_BY]->`` the
    ``(:Analysis)`` of those parameters (:func:`analysis_identity`), and the detected
    clusters that an analysis of the same scope (level, scheme, measure, year) wrote
    before and this one does not contain are deleted: one scope holds one set of
    detected clusters, the latest written, so a query never mixes two.

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`~clusteratlas.graph.neo4j_store.connection.connect`.
    clusters : DataFrame or Clusters
        What ``detect_clusters`` returns (its ``members`` are then used), or a
        frame with column ``id`` (or ``cluster_id``), optional ``region_code`` and
        ``industry_code`` (the IN_REGION / OF_INDUSTRY targets; null for none),
        ``year``, and any score columns (stored as properties).
    members : DataFrame, optional
        ``company_id``, ``cluster_id``: the MEMBER_OF links (replacing the old
        members of the clusters written).
    parameters : mapping, optional
        What the clusters were computed with (stored as JSON on each; with a ``year``,
        the Analysis they are found by).
    computed_at : datetime, optional
        When the results were computed; default now (UTC).
    data_source : str, optional
        What was analysed, stored on the Analysis.
    database : str, default "neo4j"
        The database written.
    batch_size : int, default DEFAULT_BATCH_SIZE
        Rows per transaction (5,000).

    Returns
    -------
    dict
        ``{'clusters': n, 'members': m}``.

    Raises
    ------
    UsageError
        No ``id`` (or ``cluster_id``) column, duplicate ids, or a column that is not a
        Cluster property of the schema (its detected-cluster columns:
        :data:`~clusteratlas.graph.definitions.score_columns.CLUSTER_SCORE_COLUMNS`).
    LoadError
        A membership names a company that is not in the graph, or Neo4j rejected a
        write.

    Examples
    --------
    >>> clusters = pd.DataFrame({"id": ["440305|GB4754:I|2020"], "region_code": ["440305"],
    ...                          "industry_code": ["GB4754:I"], "year": [2020], "lq": [3.2]})
    >>> write_clusters(driver, clusters, parameters={"min_lq": 1.25})  # doctest: +SKIP
    {'clusters': 1, 'members': 0}
    """
    if isinstance(clusters, tuple) and hasattr(clusters, "members"):  # graph.clusters.Clusters
        found: Any = clusters
        clusters, members = found.clusters, found.members if members is None else members
    if "id" not in clusters.columns and "cluster_id" in clusters.columns:
        clusters = clusters.rename(columns={"cluster_id": "id"})
    if "id" not in clusters.columns:
        raise UsageError("clusters need an 'id' (or 'cluster_id') column")
    if clusters["id"].duplicated().any():
        raise UsageError("cluster ids must be unique")
    links = [c for c in ("region_code", "industry_code") if c in clusters.columns]
    scores = clusters.set_index("id").drop(columns=links)
    scores = scores.drop(columns=["region_name", "industry_name"], errors="ignore")
    unknown = [str(c) for c in scores.columns if str(c) not in NODES["Cluster"].properties]
    if unknown:
        raise UsageError(
            f"not cluster columns: {unknown} (the properties a Cluster can hold are listed "
            "in docs/graph-model.md)"
        )
    rows = score_rows(scores, protected=["id", "computed_at", "parameters", DATASETS_PROPERTY])
    for row, (_, link_row) in zip(rows, clusters.iterrows(), strict=True):
        row["id"] = row.pop("key")
        row["props"] = row.pop("scores")
        for c in ("region_code", "industry_code"):
            row[c] = to_neo4j(link_row[c]) if c in links else None
    params: dict[str, Any] = {
        "computed_at": computed_at or datetime.now(UTC),
        "parameters": _parameters_json(parameters),
        "analysis": None,
    }
    out = {"clusters": 0, "members": 0}
    with driver.session(database=database) as session:
        if parameters is not None and parameters.get("year") is not None:
            identity = _merge_analysis(session, parameters, computed_at, data_source)
            params["analysis"] = identity["id"]
            scope = {k: identity["props"].get(k) for k in SCOPE_KEYS}
            write_batch(
                session,
                cw.delete_superseded_clusters(),
                {"scope": scope, "keep": [r["id"] for r in rows]},
            )
        for batch in batches(rows, batch_size):
            merged, _, _ = write_batch(
                session, cw.write_clusters(), {"rows": list(batch), **params}
            )
            out["clusters"] += merged
        if members is not None and not members.empty:
            out["members"] = _write_members(session, members, batch_size)
    return out


def _write_members(session: neo4j.Session, members: pd.DataFrame, batch_size: int) -> int:
    assert RELATIONSHIPS["MEMBER_OF"].start == "Company"
    frame = members[["company_id", "cluster_id"]].astype(str).drop_duplicates()
    by_cluster = frame.sort_values(["cluster_id", "company_id"]).groupby("cluster_id", sort=True)
    written, batch, ids = 0, [], []
    groups = list(by_cluster)
    for i, (cluster_id, group) in enumerate(groups):
        batch += group.to_dict("records")
        ids.append(cluster_id)
        if len(batch) >= batch_size or i == len(groups) - 1:
            merged, _, _ = write_batch(
                session, cw.write_cluster_members(), {"rows": batch, "cluster_ids": ids}
            )
            if merged != len(batch):
                raise LoadError(f"{len(batch) - merged} memberships name an unknown company")
            written += merged
            batch, ids = [], []
    return written


def write_analysis(
    driver: neo4j.Driver,
    *,
    regions: pd.DataFrame,
    clusters: pd.DataFrame,
    members: pd.DataFrame,
    parameters: Mapping[str, Any],
    cluster_links: pd.DataFrame | None = None,
    data_source: str | None = None,
    computed_at: datetime | None = None,
    database: str = "neo4j",
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> dict[str, Any]:
    """Store the tables of one analysis run in Neo4j (plain frames: the ``regions``,
    ``clusters``, ``members``, ``cluster_links`` and ``parameters`` of ``analyze``).

    One ``(:Analysis)`` node names the run's scope and specification
    (:func:`analysis_identity`). The region table becomes ``HAS_SCORES`` links from the
    ``Region`` nodes to it (:func:`write_region_scores`); the clusters become ``Cluster``
    nodes tagged with the analysis year, ``FOUND_BY`` it, linked to their region, industry
    and member companies (:func:`write_clusters`), and the cluster network the centralities ran on
    becomes ``LINKED_TO`` links between them (:func:`write_cluster_links`). Display-only
    name columns are not written. The writes are idempotent: storing the same analysis
    twice leaves the same graph.

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`~clusteratlas.graph.neo4j_store.connection.connect`.
    regions : DataFrame
        One row per region, indexed by region code (scores and their intervals).
    clusters : DataFrame
        One row per cluster (``cluster_id``, ``region_code``, ``industry_code``, ...).
    members : DataFrame
        ``company_id``, ``cluster_id``.
    parameters : mapping
        The run's parameters (its scope, thresholds, engines), stored as JSON.
    cluster_links : DataFrame, optional
        ``source``, ``target``, ``kind``, ``weight``, ``inferred``.
    data_source : str, optional
        What was analysed (``neo4j``, ``bundled china``, a path), stored on the Analysis.
    computed_at : datetime, optional
        When the results were computed; default now (UTC).
    database : str, default "neo4j"
        The database written.
    batch_size : int, default DEFAULT_BATCH_SIZE
        Rows per transaction (5,000).

    Returns
    -------
    dict
        ``{'analysis': id, 'regions': r, 'clusters': c, 'members': m, 'links': l}``: the
        Analysis id and the elements written.

    Raises
    ------
    LoadError
        A region or company of the analysis is not in the graph (nothing of that
        step is written), or Neo4j rejected a write.
    Neo4jUnavailableError
        The server cannot be reached or refused the credentials.

    Examples
    --------
    >>> a = analyze(ds, 2020)  # doctest: +SKIP
    >>> write_analysis(driver, regions=a.regions, clusters=a.clusters,  # doctest: +SKIP
    ...                members=a.members, parameters=a.parameters, cluster_links=a.cluster_links)
    {'analysis': 'county|GB4754|employment|2020|...', 'regions': ..., 'clusters': ..., ...}
    """
    when = computed_at or datetime.now(UTC)
    regions = regions.drop(columns=["name"], errors="ignore")
    analysis = write_region_scores(
        driver,
        regions,
        parameters=parameters,
        computed_at=when,
        data_source=data_source,
        database=database,
        batch_size=batch_size,
    )
    clusters = clusters.assign(year=parameters.get("year"))
    clusters = clusters.drop(columns=["region_name", "industry_name"], errors="ignore")
    counts: dict[str, Any] = write_clusters(
        driver,
        clusters,
        members,
        parameters=parameters,
        computed_at=when,
        data_source=data_source,
        database=database,
        batch_size=batch_size,
    )
    if cluster_links is not None:
        counts["links"] = write_cluster_links(
            driver,
            cluster_links,
            clusters=clusters["cluster_id"].astype(str).tolist(),
            computed_at=when,
            database=database,
            batch_size=batch_size,
        )
    return {"analysis": analysis, "regions": len(regions), **counts}


@driver_errors("writing cluster links")
def write_cluster_links(
    driver: Any,
    links: pd.DataFrame,
    *,
    clusters: Collection[str] | None = None,
    computed_at: datetime | None = None,
    database: str = "neo4j",
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> int:
    """Write the cluster network's links as ``(:Cluster)-[:LINKED_TO {kind, weight, inferred}]->``.

    ``links`` is :func:`~clusteratlas.graph.analytics.clusters.cluster_links` (or
    ``Analysis.cluster_links``): ``source``, ``target``, ``kind`` (``io`` or ``supply``),
    ``weight``, ``inferred``. The old links of ``clusters`` (default: every cluster
    named in ``links``) are deleted first, so writing the same network twice leaves
    the same graph and a link that disappeared goes. The clusters must exist (written
    by :func:`write_clusters`); the network is undirected and stored from the smaller
    id to the larger.

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`~clusteratlas.graph.neo4j_store.connection.connect`.
    links : DataFrame
        ``source``, ``target``, ``kind``, ``weight`` and optionally ``inferred``
        (default False).
    clusters : collection of str, optional
        The clusters whose old links are deleted first; default those named in
        ``links``.
    computed_at : datetime, optional
        When the results were computed; default now (UTC).
    database : str, default "neo4j"
        The database written.
    batch_size : int, default DEFAULT_BATCH_SIZE
        Rows per transaction (5,000).

    Returns
    -------
    int
        The links written.

    Raises
    ------
    UsageError
        ``links`` lacks one of the columns.
    LoadError
        A link names a cluster that is not in the graph (nothing is written then).

    Examples
    --------
    >>> links = pd.DataFrame({"source": ["a|X|2020"], "target": ["b|Y|2020"], "kind": ["io"],
    ...                       "weight": [0.12], "inferred": [True]})
    >>> write_cluster_links(driver, links)  # doctest: +SKIP
    1
    """
    missing_columns = [c for c in ("source", "target", "kind", "weight") if c not in links]
    if missing_columns:
        raise UsageError(f"cluster links need columns {missing_columns}")
    frame = links.astype({"source": "str", "target": "str", "kind": "str"})
    ids = sorted(
        set(clusters) if clusters is not None else set(frame["source"]) | set(frame["target"])
    )
    named = sorted(set(frame["source"]) | set(frame["target"]))
    missing = _missing_keys(driver, "Cluster", named, database)
    if missing:
        raise LoadError(f"{len(missing)} linked clusters are not in the graph, e.g. {missing[:5]}")
    rows = [
        {
            "source": min(s, t),
            "target": max(s, t),
            "kind": k,
            "weight": float(w),
            "inferred": bool(i),
        }
        for s, t, k, w, i in zip(
            frame["source"],
            frame["target"],
            frame["kind"],
            frame["weight"],
            frame["inferred"] if "inferred" in frame else [False] * len(frame),
            strict=True,
        )
    ]
    when = computed_at or datetime.now(UTC)
    written = 0
    with driver.session(database=database) as session:
        for batch in batches(ids, batch_size):
            for direction in ("out", "in"):
                write_batch(session, cw.delete_cluster_links(direction), {"ids": list(batch)})
        for batch in batches(rows, batch_size):
            merged, _, _ = write_batch(
                session, cw.write_cluster_links(), {"rows": list(batch), "computed_at": when}
            )
            written += merged
    return written
