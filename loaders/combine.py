"""Several datasets read as one, the way loading them one after another into Neo4j does.

A dataset can be made to sit beside another: the bundled ``china-inferred-links``
holds candidate firm links between the companies of ``china`` (``derived_from``:
``china``) and, alone, has no employment to analyse. Loaded into Neo4j after ``china``
the two are one graph; :func:`combine_datasets` gives the same union offline, for
``analyze`` and ``view`` without a server.

Rows are united table by table; a row whose key (``TABLES[name].key``) is in several
datasets is taken from the last one, as a later load's properties replace an earlier
one's on the same node or relationship. Metadata is the first dataset's, with
``name`` (the names joined by " + "), ``combined_from`` (the names), the provenance
sources and rules of all of them, their ``samples`` declarations, and the first
``industry_groups``, ``industry_markets`` and ``featured_regions`` any of them declares.

Examples
--------
>>> from clusteratlas.loaders.bundled import load_bundled
>>> both = combine_datasets(load_bundled("china"), load_bundled("china-inferred-links"))
>>> both.metadata["name"], len(both.companies), len(both.supply_links)
('china + china-inferred-links', 2875, 6716)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from clusteratlas.errors import UsageError
from clusteratlas.loaders.dataset import TABLES, Dataset

__all__ = ["combine_datasets", "with_base"]


def combine_datasets(*datasets: Dataset) -> Dataset:
    """The union of ``datasets`` (see the module doc): every table's rows, the last
    dataset's row where keys repeat, and merged metadata.

    Parameters
    ----------
    *datasets : Dataset
        At least one; later ones win where keys repeat.

    Returns
    -------
    Dataset
        The union (the dataset itself when only one is given).

    Raises
    ------
    UsageError
        No dataset is given.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> ds = example_dataset()
    >>> renamed = ds.replace(regions=ds.regions.assign(name="X"))
    >>> combine_datasets(ds, renamed).regions["name"].unique().tolist()  # the last wins
    ['X']
    >>> len(combine_datasets(ds, ds).region_industries) == len(ds.region_industries)
    True
    """
    if not datasets:
        raise UsageError("combine_datasets needs at least one dataset")
    if len(datasets) == 1:
        return datasets[0]
    frames: dict[str, pd.DataFrame] = {}
    for name, spec in TABLES.items():
        parts = [d.table(name) for d in datasets if len(d.table(name))]
        if not parts:
            continue
        table = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
        frames[name] = table.drop_duplicates(list(spec.key), keep="last").reset_index(drop=True)
    return Dataset.from_frames(metadata=_metadata(datasets), **frames)


def with_base(dataset: Dataset, load: Any) -> Dataset:
    """``dataset`` read together with the dataset it was derived from, when its metadata
    names one (``derived_from``, e.g. ``china-inferred-links`` -> ``china``); otherwise
    ``dataset`` itself. ``load(name)`` reads the base (e.g.
    :func:`~clusteratlas.loaders.bundled.load_bundled`).

    Parameters
    ----------
    dataset : Dataset
        A dataset, possibly derived from another (``metadata["derived_from"]``).
    load : callable
        ``load(name) -> Dataset``, reads the base dataset by name.

    Returns
    -------
    Dataset
        :func:`combine_datasets` of the base and ``dataset``, or ``dataset``.

    Examples
    --------
    >>> from clusteratlas.loaders.bundled import load_bundled
    >>> with_base(load_bundled("china-inferred-links"), load_bundled).metadata["combined_from"]
    ['china', 'china-inferred-links']
    >>> with_base(load_bundled("china"), load_bundled).metadata["name"]
    'china'
    """
    base = dataset.metadata.get("derived_from")
    if not isinstance(base, str) or not base:
        return dataset
    return combine_datasets(load(base), dataset)


def _metadata(datasets: tuple[Dataset, ...]) -> dict[str, Any]:
    names = [str(d.metadata.get("name", f"dataset {n + 1}")) for n, d in enumerate(datasets)]
    out: dict[str, Any] = dict(datasets[0].metadata)
    for key in ("id", "path", "derived_from", "counts", "report", "manifest"):
        out.pop(key, None)
    out["name"] = " + ".join(names)
    out["combined_from"] = names
    sources: dict[str, Any] = {}
    supports: list[Any] = []
    samples: dict[str, list[Any]] = {}
    for d in datasets:
        prov = d.metadata.get("provenance")
        if isinstance(prov, dict):
            sources.update(prov.get("sources") or {})
            supports += [r for r in prov.get("supports") or [] if r not in supports]
        found = d.metadata.get("samples")
        if isinstance(found, dict):  # measure -> the region levels where it is a sample
            for measure, levels in found.items():
                kept = samples.setdefault(str(measure), [])
                kept += [x for x in levels if x not in kept]
    if sources or supports:
        out["provenance"] = {"sources": sources, "supports": supports}
    if samples:
        out["samples"] = samples
    for key in ("industry_groups", "industry_markets", "featured_regions"):  # declared by one
        if not out.get(key):
            found = next((d.metadata[key] for d in datasets if d.metadata.get(key)), None)
            if found:
                out[key] = found
    return out
