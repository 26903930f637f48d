"""Every Cypher statement that writes to Neo4j, generated from
:mod:`~clusteratlas.graph.neo4j_store.schema`.

Labels, relationship types and property names are taken from the schema specs
(never from user strings); every value is a parameter. All statements are
``UNWIND $rows AS row`` batches and are safe to repeat (``MERGE`` on the key,
``SET`` of every property), so a managed transaction that is retried, or a load
that is killed and rerun, converges to the same graph.

Parameters common to the statements: ``$rows`` (the batch), ``$dataset`` (the
dataset id a load tags its writes with, in the ``datasets`` list property).

Examples
--------
>>> from clusteratlas.graph.neo4j_store.schema import NODES, RELATIONSHIPS
>>> print(merge_nodes(NODES["Indicator"], []))
UNWIND $rows AS row
MERGE (n:Indicator {name: row.name})
SET n.datasets = CASE WHEN $dataset IN coalesce(n.datasets, []) THEN n.datasets
    ELSE coalesce(n.datasets, []) + $dataset END
RETURN count(*) AS merged
>>> print(merge_relationships(RELATIONSHIPS["INPUT_TO"], ["flow", "coefficient"]))
UNWIND $rows AS row
MATCH (a:Industry {code: row.start})
MATCH (b:Industry {code: row.end})
MERGE (a)-[r:INPUT_TO {year: row.year}]->(b)
SET r.flow = row.flow, r.coefficient = row.coefficient,
    r.datasets = CASE WHEN $dataset IN coalesce(r.datasets, []) THEN r.datasets
    ELSE coalesce(r.datasets, []) + $dataset END
RETURN count(*) AS merged
"""

from __future__ import annotations

from collections.abc import Sequence

from clusteratlas.errors import UsageError
from clusteratlas.graph.neo4j_store.schema import (
    DATASETS_PROPERTY,
    NODES,
    RELATIONSHIPS,
    NodeSpec,
    RelSpec,
)

__all__ = [
    "delete_analysis_scores",
    "delete_cluster_links",
    "delete_nodes_by_key",
    "delete_superseded_clusters",
    "merge_analysis",
    "merge_nodes",
    "merge_relationships",
    "naive_merge_node",
    "naive_merge_relationship",
    "node_keys_of_dataset",
    "unclaim_relationships",
    "write_analysis_scores",
    "write_cluster_links",
    "write_cluster_members",
    "write_clusters",
]


def _schema_node(spec: NodeSpec) -> NodeSpec:
    """``spec`` itself if it is the schema's spec of its label; else :class:`UsageError`.

    Labels are spliced into Cypher, so only the schema's own specs are accepted.

    >>> _schema_node(NodeSpec("Evil`) DETACH DELETE n //", ("id",), {}))
    Traceback (most recent call last):
    ...
    clusteratlas.errors.UsageError: label 'Evil`) DETACH DELETE n //' is not in the schema
    """
    if NODES.get(spec.label) != spec:
        raise UsageError(f"label {spec.label!r} is not in the schema")
    return spec


def _schema_rel(spec: RelSpec) -> RelSpec:
    """``spec`` itself if it is one of the schema's relationship specs; else UsageError."""
    if spec not in RELATIONSHIPS.values():
        raise UsageError(
            f"relationship type {spec.type!r} ({spec.start}->{spec.end}) is not in the schema"
        )
    return spec


def _check_properties(names: Sequence[str], allowed: Sequence[str], what: str) -> None:
    unknown = [p for p in names if p not in allowed]
    if unknown:
        raise UsageError(f"{what} has no properties {unknown} in the schema")


def _tag(var: str) -> str:
    p = DATASETS_PROPERTY
    return (
        f"{var}.{p} = CASE WHEN $dataset IN coalesce({var}.{p}, []) THEN {var}.{p}\n"
        f"    ELSE coalesce({var}.{p}, []) + $dataset END"
    )


def _set(var: str, properties: Sequence[str]) -> str:
    """One SET clause: every property from the row, then the dataset tag."""
    if not properties:
        return "SET " + _tag(var)
    assignments = ", ".join(f"{var}.{p} = row.{p}" for p in properties)
    return f"SET {assignments},\n    {_tag(var)}"


def _key_map(var_props: Sequence[str]) -> str:
    return ", ".join(f"{p}: row.{p}" for p in var_props)


def merge_nodes(spec: NodeSpec, properties: Sequence[str]) -> str:
    """``MERGE`` one node per row on the label's key, ``SET`` ``properties``, tag the dataset.

    A ``null`` value removes the property, so a rerun leaves exactly the row's values.

    Parameters
    ----------
    spec : NodeSpec
        The schema's spec of the label (:data:`~clusteratlas.graph.neo4j_store.schema.
        NODES`); any other spec is refused, since labels are spliced into the Cypher.
    properties : sequence of str
        The node properties the rows carry and the statement sets (key properties are
        matched, not set).

    Returns
    -------
    str
        The Cypher statement (parameters, never values, in the text).
        Returns one record, ``merged`` (the rows merged).

    Raises
    ------
    UsageError
        ``spec`` is not the schema's, or a property is not in it.

    Examples
    --------
    >>> "MERGE (n:Region {code: row.code})" in merge_nodes(NODES["Region"], ["name"])
    True
    """
    _schema_node(spec)
    _check_properties(properties, list(spec.properties), spec.label)
    lines = ["UNWIND $rows AS row", f"MERGE (n:{spec.label} {{{_key_map(spec.key)}}})"]
    lines += [_set("n", [p for p in properties if p not in spec.key]), "RETURN count(*) AS merged"]
    return "\n".join(lines)


def _endpoints(spec: RelSpec) -> list[str]:
    start, end = NODES[spec.start], NODES[spec.end]
    return [
        f"MATCH (a:{start.label} {{{start.key[0]}: row.start}})",
        f"MATCH (b:{end.label} {{{end.key[0]}: row.end}})",
    ]


def merge_relationships(spec: RelSpec, properties: Sequence[str]) -> str:
    """``MERGE`` one relationship per row between existing endpoints, keyed by ``spec.key``.

    Rows carry ``start`` and ``end`` (the endpoint keys), the key properties and
    ``properties``. ``merged`` counts rows whose endpoints exist: the store
    compares it with the batch size, so a missing endpoint is never silent.

    Parameters
    ----------
    spec : RelSpec
        The schema's spec of the relationship (:data:`~clusteratlas.graph.neo4j_store.
        schema.RELATIONSHIPS`); any other spec is refused.
    properties : sequence of str
        The relationship properties the rows carry and the statement sets (key properties are
        matched, not set).

    Returns
    -------
    str
        The Cypher statement (parameters, never values, in the text).

    Raises
    ------
    UsageError
        ``spec`` is not the schema's, or a property is not in it.

    Examples
    --------
    >>> from clusteratlas.graph.neo4j_store.schema import RELATIONSHIPS
    >>> print(merge_relationships(RELATIONSHIPS["LOCATED_IN"], []).splitlines()[3])
    MERGE (a)-[r:LOCATED_IN]->(b)
    """
    _schema_rel(spec)
    _check_properties(properties, list(spec.properties), spec.type)
    key = f" {{{_key_map(spec.key)}}}" if spec.key else ""
    lines = ["UNWIND $rows AS row", *_endpoints(spec), f"MERGE (a)-[r:{spec.type}{key}]->(b)"]
    lines += [_set("r", [p for p in properties if p not in spec.key]), "RETURN count(*) AS merged"]
    return "\n".join(lines)


def unclaim_relationships(spec: RelSpec) -> str:
    """Remove ``$dataset`` from up to ``$limit`` relationships; delete those no dataset claims.

    Returns ``n``, the number processed; run it until ``n`` is 0 (each run is
    idempotent, so a retried or interrupted run is harmless).

    Parameters
    ----------
    spec : RelSpec
        The schema's spec of the relationship (:data:`~clusteratlas.graph.neo4j_store.
        schema.RELATIONSHIPS`); any other spec is refused.

    Returns
    -------
    str
        The Cypher statement (parameters, never values, in the text).
        Parameters ``$dataset`` and ``$limit``.

    Raises
    ------
    UsageError
        ``spec`` is not the schema's.

    Examples
    --------
    >>> from clusteratlas.graph.neo4j_store.schema import RELATIONSHIPS
    >>> unclaim_relationships(RELATIONSHIPS["SUPPLIES"]).splitlines()[0]
    'MATCH (:Company)-[r:SUPPLIES]->(:Company) WHERE $dataset IN r.datasets'
    """
    _schema_rel(spec)
    p = DATASETS_PROPERTY
    return "\n".join(
        [
            f"MATCH (:{spec.start})-[r:{spec.type}]->(:{spec.end}) WHERE $dataset IN r.{p}",
            "WITH r LIMIT $limit",
            f"SET r.{p} = [d IN r.{p} WHERE d <> $dataset]",
            f"WITH r, size(r.{p}) = 0 AS orphan",
            "FOREACH (_ IN CASE WHEN orphan THEN [1] ELSE [] END | DELETE r)",
            "RETURN count(*) AS n",
        ]
    )


def node_keys_of_dataset(spec: NodeSpec) -> str:
    """Read query: keys of the nodes of ``spec.label`` that ``$dataset`` claims.

    Parameters
    ----------
    spec : NodeSpec
        The schema's spec of the label (:data:`~clusteratlas.graph.neo4j_store.schema.
        NODES`); any other spec is refused, since labels are spliced into the Cypher.

    Returns
    -------
    str
        The Cypher statement (parameters, never values, in the text).
        One record per node, ``key``.

    Raises
    ------
    UsageError
        ``spec`` is not the schema's.

    Examples
    --------
    >>> node_keys_of_dataset(NODES["Company"])
    'MATCH (n:Company) WHERE $dataset IN n.datasets RETURN n.id AS key'
    """
    _schema_node(spec)
    return (
        f"MATCH (n:{spec.label}) WHERE $dataset IN n.{DATASETS_PROPERTY} "
        f"RETURN n.{spec.key[0]} AS key"
    )


def delete_nodes_by_key(spec: NodeSpec) -> str:
    """Remove ``$dataset`` from the nodes keyed ``$rows`` (a list of keys); detach-delete orphans.

    A node that another dataset still claims stays (with its properties).

    Parameters
    ----------
    spec : NodeSpec
        The schema's spec of the label (:data:`~clusteratlas.graph.neo4j_store.schema.
        NODES`); any other spec is refused, since labels are spliced into the Cypher.

    Returns
    -------
    str
        The Cypher statement (parameters, never values, in the text).
        Returns ``n``, the nodes deleted.

    Raises
    ------
    UsageError
        ``spec`` is not the schema's.

    Examples
    --------
    >>> delete_nodes_by_key(NODES["Region"]).splitlines()[1]
    'MATCH (n:Region {code: key})'
    """
    _schema_node(spec)
    p = DATASETS_PROPERTY
    return "\n".join(
        [
            "UNWIND $rows AS key",
            f"MATCH (n:{spec.label} {{{spec.key[0]}: key}})",
            f"SET n.{p} = [d IN n.{p} WHERE d <> $dataset]",
            f"WITH n WHERE size(n.{p}) = 0",
            "DETACH DELETE n",
            "RETURN count(*) AS n",
        ]
    )


def merge_analysis() -> str:
    """Write-back: ``MERGE`` the ``(:Analysis)`` node of one analysis and set its scope.

    Returns
    -------
    str
        The Cypher statement. Parameters ``$id`` and ``$props`` (a map of the
        schema's Analysis properties).

    Examples
    --------
    >>> print(merge_analysis())
    MERGE (a:Analysis {id: $id})
    SET a += $props
    RETURN count(*) AS merged
    """
    spec = NODES["Analysis"]
    return "\n".join(
        [f"MERGE (a:{spec.label} {{id: $id}})", "SET a += $props", "RETURN count(*) AS merged"]
    )


def delete_analysis_scores() -> str:
    """Write-back: delete every ``HAS_SCORES`` link into the analysis ``$id``.

    Run before the scores are written again, so a region that left the result
    keeps no stale scores (and an interrupted write-back, rerun, converges).

    Returns
    -------
    str
        The Cypher statement. Parameter ``$id``.

    Examples
    --------
    >>> print(delete_analysis_scores())
    MATCH (:Region)-[s:HAS_SCORES]->(:Analysis {id: $id})
    DELETE s
    RETURN count(*) AS merged
    """
    spec = RELATIONSHIPS["HAS_SCORES"]
    return "\n".join(
        [
            f"MATCH (:{spec.start})-[s:{spec.type}]->(:{spec.end} {{id: $id}})",
            "DELETE s",
            "RETURN count(*) AS merged",
        ]
    )


def write_analysis_scores() -> str:
    """Write-back: one ``(:Region)-[:HAS_SCORES]->(:Analysis {id: $id})`` per row,
    its properties the row's ``scores`` (a map; a null score is not stored).

    Returns
    -------
    str
        The Cypher statement. Rows ``key`` (region code) and ``scores``; parameter
        ``$id``.

    Examples
    --------
    >>> print(write_analysis_scores())
    MATCH (a:Analysis {id: $id})
    UNWIND $rows AS row
    MATCH (n:Region {code: row.key})
    MERGE (n)-[s:HAS_SCORES]->(a)
    SET s = row.scores
    RETURN count(*) AS merged
    """
    spec = RELATIONSHIPS["HAS_SCORES"]
    key = NODES[spec.start].key[0]
    return "\n".join(
        [
            f"MATCH (a:{spec.end} {{id: $id}})",
            "UNWIND $rows AS row",
            f"MATCH (n:{spec.start} {{{key}: row.key}})",
            f"MERGE (n)-[s:{spec.type}]->(a)",
            "SET s = row.scores",
            "RETURN count(*) AS merged",
        ]
    )


def delete_superseded_clusters() -> str:
    """Write-back: delete the detected clusters found by analyses of the same scope as
    ``$id`` (same ``$scope``: level, scheme, measure, year) that ``$keep`` does not name.

    One scope keeps one set of detected clusters: the latest written. Declared clusters
    (loaded data) have no ``FOUND_BY`` and are never touched.

    Returns
    -------
    str
        The Cypher statement. Parameters ``$scope`` (a map) and ``$keep`` (cluster ids).

    Examples
    --------
    >>> print(delete_superseded_clusters().splitlines()[0])
    MATCH (c:Cluster)-[:FOUND_BY]->(a:Analysis)
    """
    spec = RELATIONSHIPS["FOUND_BY"]
    return "\n".join(
        [
            f"MATCH (c:{spec.start})-[:{spec.type}]->(a:{spec.end})",
            "WHERE a.level = $scope.level AND a.scheme = $scope.scheme",
            "  AND a.measure = $scope.measure AND a.year = $scope.year",
            "  AND NOT c.id IN $keep",
            "DETACH DELETE c",
            "RETURN count(*) AS merged",
        ]
    )


def write_clusters() -> str:
    """Write-back: ``MERGE`` clusters on id, set scores, (re)link them to region and industry.

    Old ``IN_REGION`` / ``OF_INDUSTRY`` / ``FOUND_BY`` links of the cluster are
    replaced, so a rerun with changed links converges; ``FOUND_BY`` goes to the
    ``(:Analysis {id: $analysis})`` when there is one. Rows: ``id``, ``props`` (a map),
    ``region_code`` and ``industry_code`` (either may be null).

    Returns
    -------
    str
        The Cypher statement (parameters, never values, in the text).
        Parameters ``$rows``, ``$computed_at``, ``$parameters`` and ``$analysis``
        (an Analysis id, or null).

    Examples
    --------
    >>> "MERGE (c:Cluster {id: row.id})" in write_clusters()
    True
    """
    return "\n".join(
        [
            "UNWIND $rows AS row",
            "MERGE (c:Cluster {id: row.id})",
            "SET c += row.props, c.computed_at = $computed_at, c.parameters = $parameters",
            "WITH c, row",
            "CALL (c) { MATCH (c)-[old:IN_REGION|OF_INDUSTRY|FOUND_BY]->() DELETE old }",
            "OPTIONAL MATCH (a:Analysis {id: $analysis})",
            "FOREACH (_ IN CASE WHEN a IS NULL THEN [] ELSE [1] END | MERGE (c)-[:FOUND_BY]->(a))",
            "WITH c, row",
            "OPTIONAL MATCH (r:Region {code: row.region_code})",
            "OPTIONAL MATCH (i:Industry {code: row.industry_code})",
            "FOREACH (_ IN CASE WHEN r IS NULL THEN [] ELSE [1] END | MERGE (c)-[:IN_REGION]->(r))",
            "FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END |"
            " MERGE (c)-[:OF_INDUSTRY]->(i))",
            "RETURN count(*) AS merged",
        ]
    )


def write_cluster_members() -> str:
    """Write-back: replace the members of the clusters ``$cluster_ids`` with ``$rows``.

    Run it once per batch of clusters: all members of those clusters go in the
    same batch, so deleting the old memberships first keeps it idempotent.

    Returns
    -------
    str
        The Cypher statement (parameters, never values, in the text).
        Parameters ``$cluster_ids`` and ``$rows`` (``company_id``, ``cluster_id``).

    Examples
    --------
    >>> write_cluster_members().splitlines()[-2]
    'MERGE (co)-[:MEMBER_OF]->(c)'
    """
    return "\n".join(
        [
            "CALL { MATCH (:Company)-[old:MEMBER_OF]->(c:Cluster) WHERE c.id IN $cluster_ids"
            " DELETE old }",
            "WITH 1 AS _",
            "UNWIND $rows AS row",
            "MATCH (co:Company {id: row.company_id})",
            "MATCH (c:Cluster {id: row.cluster_id})",
            "MERGE (co)-[:MEMBER_OF]->(c)",
            "RETURN count(*) AS merged",
        ]
    )


def delete_cluster_links(direction: str) -> str:
    """Write-back: delete the ``LINKED_TO`` links leaving (``out``) or entering (``in``)
    the clusters ``$ids``; the two together clear every link of those clusters.

    Parameters
    ----------
    direction : {"out", "in"}
        Links leaving the clusters, or entering them.

    Returns
    -------
    str
        The Cypher statement (parameters, never values, in the text).
        Returns ``n``, the links deleted.

    Raises
    ------
    KeyError
        ``direction`` is neither ``out`` nor ``in``.

    Examples
    --------
    >>> delete_cluster_links("out").splitlines()[1]
    'MATCH (:Cluster {id: id})-[old:LINKED_TO]->(:Cluster)'
    """
    spec = RELATIONSHIPS["LINKED_TO"]
    arrow = {"out": f"-[old:{spec.type}]->", "in": f"<-[old:{spec.type}]-"}[direction]
    return "\n".join(
        [
            "UNWIND $ids AS id",
            f"MATCH (:{spec.start} {{id: id}}){arrow}(:{spec.end})",
            "DELETE old",
            "RETURN count(*) AS n",
        ]
    )


def write_cluster_links() -> str:
    """Write-back: ``MERGE`` one ``LINKED_TO`` per row (``source``, ``target``, ``kind``).

    Rows also carry ``weight`` and ``inferred``; ``$computed_at`` is set on each link.
    Clear the clusters' old links first (:func:`delete_cluster_links`), so a rerun whose
    network lost a link converges.

    Returns
    -------
    str
        The Cypher statement (parameters, never values, in the text).

    Examples
    --------
    >>> print(write_cluster_links().splitlines()[3])
    MERGE (a)-[r:LINKED_TO {kind: row.kind}]->(b)
    """
    spec = RELATIONSHIPS["LINKED_TO"]
    return "\n".join(
        [
            "UNWIND $rows AS row",
            f"MATCH (a:{spec.start} {{id: row.source}})",
            f"MATCH (b:{spec.end} {{id: row.target}})",
            f"MERGE (a)-[r:{spec.type} {{kind: row.kind}}]->(b)",
            "SET r.weight = row.weight, r.inferred = row.inferred, r.computed_at = $computed_at",
            "RETURN count(*) AS merged",
        ]
    )


def naive_merge_node(spec: NodeSpec, properties: Sequence[str]) -> str:
    """Benchmark baseline: one ``MERGE`` for one node, parameter ``$row`` (a map).

    What :func:`merge_nodes` replaces: one statement per row instead of one per batch
    (``benchmarks/load_benchmark.py`` compares them).

    Parameters
    ----------
    spec : NodeSpec
        The schema's spec of the label (:data:`~clusteratlas.graph.neo4j_store.schema.
        NODES`); any other spec is refused, since labels are spliced into the Cypher.
    properties : sequence of str
        The node properties the rows carry and the statement sets (key properties are
        matched, not set).

    Returns
    -------
    str
        The Cypher statement (parameters, never values, in the text).

    Raises
    ------
    UsageError
        ``spec`` is not the schema's, or a property is not in it.

    Examples
    --------
    >>> naive_merge_node(NODES["Indicator"], []).splitlines()[0]
    'MERGE (n:Indicator {name: $row.name})'
    """
    _schema_node(spec)
    _check_properties(properties, list(spec.properties), spec.label)
    key = ", ".join(f"{p}: $row.{p}" for p in spec.key)
    lines = [f"MERGE (n:{spec.label} {{{key}}})"]
    lines.append(_set("n", [p for p in properties if p not in spec.key]).replace("row.", "$row."))
    return "\n".join(lines)


def naive_merge_relationship(spec: RelSpec, properties: Sequence[str]) -> str:
    """Benchmark baseline: one ``MERGE`` for one relationship (parameter ``$row``).

    Parameters
    ----------
    spec : RelSpec
        The schema's spec of the relationship (:data:`~clusteratlas.graph.neo4j_store.
        schema.RELATIONSHIPS`); any other spec is refused.
    properties : sequence of str
        The relationship properties the rows carry and the statement sets (key properties are
        matched, not set).

    Returns
    -------
    str
        The Cypher statement (parameters, never values, in the text).

    Raises
    ------
    UsageError
        ``spec`` is not the schema's, or a property is not in it.

    Examples
    --------
    >>> from clusteratlas.graph.neo4j_store.schema import RELATIONSHIPS
    >>> naive_merge_relationship(RELATIONSHIPS["LOCATED_IN"], []).splitlines()[0]
    'MATCH (a:Company {id: $row.start})'
    """
    text = merge_relationships(spec, properties).replace("row.", "$row.")
    lines = text.splitlines()[1:-1]  # drop UNWIND and RETURN
    return "\n".join(lines)
