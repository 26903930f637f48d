"""Load a :class:`~clusteratlas.loaders.dataset.Dataset` into Neo4j, batched and idempotent.

How a load works (DESIGN.md, "Graph schema"):

1. the dataset is validated (nothing is written if it is invalid);
2. :func:`~clusteratlas.graph.neo4j_store.schema.ensure_schema` creates constraints and indexes;
3. with ``replace=True``, what an earlier load of the same dataset id wrote is
   removed first (see below);
4. nodes, then relationships, are written as ``UNWIND $rows`` batches of
   ``batch_size`` rows, each batch in its own managed transaction
   (``session.execute_write``, retried on transient errors). Every statement
   ``MERGE``\\ s on the schema key and ``SET``\\ s every property, so a retried
   batch, a second load, or a rerun after a killed load converge to the same graph.

Dataset ids. Every node and relationship a load writes carries ``datasets``, the
list of the dataset ids whose loads wrote it (one node may belong to several
datasets: two datasets sharing a region share its node). ``replace=True``
removes the dataset id from every relationship that carries it and from every
node it claims that the new data no longer has, and deletes what no dataset
claims any more; written-back scores and clusters are not load data and are
left alone (a cluster link to a deleted region goes with the region).

Derived properties. ``HAS_INDUSTRY`` carries ``share`` (s_ri = E_ri / E_r,
E_r summed over the industries of the same scheme and level, for the same
region, year and measure) and ``lq`` (LQ_ri = s_ri / S_i, S_i = E_i / E over the
regions of the same level). The source value is ``value``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from clusteratlas.errors import LoadError, UsageError
from clusteratlas.graph.neo4j_store import cypher_writes as cw
from clusteratlas.graph.neo4j_store.driver_errors import driver_errors
from clusteratlas.graph.neo4j_store.rows import Step, dataset_id_of, dataset_steps
from clusteratlas.graph.neo4j_store.schema import NODES, RELATIONSHIPS, ensure_schema
from clusteratlas.loaders.dataset import Dataset

if TYPE_CHECKING:
    import neo4j

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "LoadSummary",
    "StepResult",
    "batches",
    "dataset_id_of",
    "load_dataset",
    "remove_dataset",
    "write_batch",
]

DEFAULT_BATCH_SIZE = 5000

Progress = Callable[[str, int, int], None]


def batches(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """Consecutive slices of ``rows`` of at most ``size`` items (the last may be shorter).

    Parameters
    ----------
    rows : sequence
        The rows of one step.
    size : int
        Rows per batch (>= 1).

    Yields
    ------
    sequence
        Slices of ``rows``, in order.

    Raises
    ------
    UsageError
        ``size`` < 1 (raised when the first batch is asked for).

    Examples
    --------
    >>> [list(b) for b in batches([1, 2, 3, 4, 5], 2)]
    [[1, 2], [3, 4], [5]]
    >>> list(batches([], 3))
    []
    """
    if size < 1:
        raise UsageError(f"batch size must be >= 1, got {size}")
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


@dataclass
class StepResult:
    """What one step of a load did: rows sent, elements created, existing ones updated.

    Attributes
    ----------
    kind : {"node", "relationship", "remove"}
        What the step wrote (or removed).
    name : str
        The label, relationship key (``PART_OF:Region``) or removal step, or ``total``.
    rows : int
        Rows written (matched or created).
    created, deleted : int
        Nodes plus relationships the server created and deleted.
    seconds : float
        Wall time of the step.
    updated : int
        Rows that matched an existing element (``rows - created``).
    """

    kind: str
    name: str
    rows: int = 0
    created: int = 0
    deleted: int = 0
    seconds: float = 0.0

    @property
    def updated(self) -> int:
        """Rows that matched an existing element (``rows - created``)."""
        return max(self.rows - self.created, 0)


@dataclass
class LoadSummary:
    """The result of :func:`load_dataset`: one :class:`StepResult` per label/type, and timing.

    Attributes
    ----------
    dataset : str
        The dataset id the load tagged its writes with.
    steps : list of StepResult
        One per step, in the order run.
    seconds : float
        Wall time of the whole load.
    """

    dataset: str
    steps: list[StepResult] = field(default_factory=list)
    seconds: float = 0.0

    def total(self, kind: str) -> StepResult:
        """Sum of the steps of one kind (``node`` or ``relationship``).

        Parameters
        ----------
        kind : str
            ``node``, ``relationship`` or ``remove``.

        Returns
        -------
        StepResult
            Named ``total``: rows, created, deleted and seconds summed.

        Examples
        --------
        >>> s = LoadSummary("toy", [StepResult("node", "Region", 4, 4),
        ...                         StepResult("node", "Industry", 4, 1)])
        >>> s.total("node").rows, s.total("node").updated
        (8, 3)
        """
        out = StepResult(kind, "total")
        for s in self.steps:
            if s.kind == kind:
                out.rows += s.rows
                out.created += s.created
                out.deleted += s.deleted
                out.seconds += s.seconds
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per step: kind, name, rows, created, updated, deleted, seconds.

        Returns
        -------
        DataFrame
            Those columns, in the steps' order; seconds rounded to milliseconds.

        Examples
        --------
        >>> LoadSummary("toy", [StepResult("node", "Region", 4, 4)]).to_frame()
           kind    name  rows  created  updated  deleted  seconds
        0  node  Region     4        4        0        0      0.0
        """
        return pd.DataFrame(
            [
                {
                    "kind": s.kind,
                    "name": s.name,
                    "rows": s.rows,
                    "created": s.created,
                    "updated": s.updated,
                    "deleted": s.deleted,
                    "seconds": round(s.seconds, 3),
                }
                for s in self.steps
            ],
            columns=["kind", "name", "rows", "created", "updated", "deleted", "seconds"],
        )


def write_batch(session: neo4j.Session, query: str, params: dict[str, Any]) -> tuple[int, int, int]:
    """Run one write statement in a managed (retried) transaction.

    The statement returns one record whose first value counts the rows it merged;
    returns ``(merged, created, deleted)``, created and deleted from the server's
    counters (nodes plus relationships). The unit of work is safe to repeat.

    Parameters
    ----------
    session : neo4j.Session
        An open session (its database is written).
    query : str
        A statement of :mod:`~clusteratlas.graph.neo4j_store.cypher_writes`.
    params : dict
        Its parameters (``rows``, ``dataset``...).

    Returns
    -------
    (int, int, int)
        ``(merged, created, deleted)``.

    Examples
    --------
    >>> write_batch(session, "UNWIND $rows AS r RETURN count(r)", {"rows": [1]})  # doctest: +SKIP
    (1, 0, 0)
    """

    def work(tx: Any) -> tuple[int, int, int]:
        result = tx.run(query, params)
        record = result.single()
        counters = result.consume().counters
        merged = int(record[0]) if record is not None else 0
        created = counters.nodes_created + counters.relationships_created
        deleted = counters.nodes_deleted + counters.relationships_deleted
        return merged, created, deleted

    merged, created, deleted = session.execute_write(work)
    return int(merged), int(created), int(deleted)


def _write_step(
    session: neo4j.Session,
    step: Step,
    dataset_id: str,
    batch_size: int,
    progress: Progress | None,
) -> StepResult:
    result = StepResult(step.kind, step.name)
    started = time.perf_counter()
    total = len(step.rows)
    for batch in batches(step.rows, batch_size):
        merged, created, _ = write_batch(
            session, step.query, {"rows": list(batch), "dataset": dataset_id}
        )
        if merged != len(batch):
            raise LoadError(
                f"{step.name}: {len(batch) - merged} of {len(batch)} rows were not written "
                "(an endpoint is missing from the graph)"
            )
        result.rows += merged
        result.created += created
        if progress:
            progress(step.name, result.rows, total)
    result.seconds = time.perf_counter() - started
    return result


@driver_errors("loading the dataset")
def load_dataset(
    driver: neo4j.Driver,
    dataset: Dataset,
    *,
    database: str = "neo4j",
    dataset_id: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    replace: bool = False,
    validate: bool = True,
    progress: Progress | None = None,
) -> LoadSummary:
    """Write ``dataset`` into Neo4j: schema, then nodes, then relationships, in batches.

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`~clusteratlas.graph.neo4j_store.connection.connect`.
    dataset : Dataset
        The canonical tables.
    database : str, default "neo4j"
        Neo4j database name.
    dataset_id : str, optional
        Tag written into every element's ``datasets`` list; default
        :func:`dataset_id_of` (``metadata['id']`` or ``['name']``, else ``default``).
    batch_size : int, default DEFAULT_BATCH_SIZE
        Rows per ``UNWIND`` batch and transaction (5,000).
    replace : bool, default False
        First remove what an earlier load of ``dataset_id`` wrote (see module doc).
    validate : bool, default True
        Check the dataset before the first write (raises
        :class:`~clusteratlas.errors.DataValidationError`, nothing written).
    progress : callable, optional
        ``progress(step, done, total)`` after each batch.

    Returns
    -------
    LoadSummary
        Rows, created and updated per label and relationship type.

    Raises
    ------
    DataValidationError
        Invalid data (exit code 4); nothing was written.
    Neo4jUnavailableError
        The connection failed or was lost (exit code 3); rerun to converge.
    LoadError
        Neo4j rejected a write.

    Examples
    --------
    >>> summary = load_dataset(driver, ds, batch_size=1000)  # doctest: +SKIP
    >>> summary.total("node").created  # doctest: +SKIP
    2935
    """
    if validate:
        from clusteratlas.loaders.validation import check_dataset

        check_dataset(dataset)
    dataset_id = dataset_id or dataset_id_of(dataset)
    steps = dataset_steps(
        dataset, dataset_id
    )  # builds every row first: bad values fail before writing
    summary = LoadSummary(dataset_id)
    started = time.perf_counter()
    ensure_schema(driver, database)
    with driver.session(database=database) as session:
        if replace:
            summary.steps += _remove(session, dataset_id, batch_size, keep=_node_keys(steps))
        for step in steps:
            summary.steps.append(_write_step(session, step, dataset_id, batch_size, progress))
    summary.seconds = time.perf_counter() - started
    return summary


def _node_keys(steps: Iterable[Step]) -> dict[str, set[Any]]:
    keys: dict[str, set[Any]] = {}
    for step in steps:
        if step.kind == "node":
            key = NODES[step.name].key[0]
            keys[step.name] = {row[key] for row in step.rows}
    return keys


def _read_keys(tx: Any, query: str, dataset_id: str) -> list[Any]:
    return [record["key"] for record in tx.run(query, dataset=dataset_id)]


def _remove(
    session: neo4j.Session, dataset_id: str, batch_size: int, keep: dict[str, set[Any]]
) -> list[StepResult]:
    results = []
    for name, spec in RELATIONSHIPS.items():
        res = StepResult("remove", name)
        query = cw.unclaim_relationships(spec)
        while True:
            n, _, deleted = write_batch(
                session, query, {"dataset": dataset_id, "limit": batch_size}
            )
            res.rows += n
            res.deleted += deleted
            if n == 0:
                break
        results.append(res)
    for label, node_spec in NODES.items():
        res = StepResult("remove", label)
        claimed = session.execute_read(_read_keys, cw.node_keys_of_dataset(node_spec), dataset_id)
        stale = sorted(set(claimed) - keep.get(label, set()))
        for batch in batches(stale, batch_size):
            _, _, deleted = write_batch(
                session,
                cw.delete_nodes_by_key(node_spec),
                {"rows": list(batch), "dataset": dataset_id},
            )
            res.rows += len(batch)
            res.deleted += deleted
        results.append(res)
    return results


@driver_errors("removing the dataset")
def remove_dataset(
    driver: neo4j.Driver,
    dataset_id: str,
    *,
    database: str = "neo4j",
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> LoadSummary:
    """Remove everything the loads of ``dataset_id`` wrote (elements other datasets share stay).

    ``dataset_id`` is taken out of every element's ``datasets`` list; an element no
    dataset claims any more is deleted (nodes with their relationships). Each batch
    is idempotent, so an interrupted removal is finished by running it again.

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`~clusteratlas.graph.neo4j_store.connection.connect`.
    dataset_id : str
        The tag of the loads to undo (:func:`dataset_id_of` of the dataset loaded).
    database : str, default "neo4j"
        Neo4j database name.
    batch_size : int, default DEFAULT_BATCH_SIZE
        Elements per transaction (5,000).

    Returns
    -------
    LoadSummary
        One ``remove`` step per label and relationship type: ``rows`` processed and
        ``deleted``.

    Raises
    ------
    Neo4jUnavailableError
        The connection failed or was lost (exit code 3); rerun to converge.
    LoadError
        Neo4j rejected a write.

    Examples
    --------
    >>> summary = remove_dataset(driver, "china")  # doctest: +SKIP
    >>> summary.total("remove").deleted  # doctest: +SKIP
    """
    summary = LoadSummary(dataset_id)
    started = time.perf_counter()
    with driver.session(database=database) as session:
        summary.steps = _remove(session, dataset_id, batch_size, keep={})
    summary.seconds = time.perf_counter() - started
    return summary
