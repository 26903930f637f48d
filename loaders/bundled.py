"""The datasets shipped inside the package (``loaders/bundled/<name>/``), loaded fast and cached.

Each bundled dataset is one canonical CSV per table plus ``manifest.json`` and a
README (sources, vintages, licences, counts). It is built by
``scripts/build-bundled-data`` (:mod:`bundled_data.build_china`) and read
here through the trusted fast path (no validation pass: the build validated it,
and the tests validate the shipped files).

Examples
--------
>>> from clusteratlas.loaders.bundled import bundled_names, load_bundled
>>> "china" in bundled_names()
True
>>> ds = load_bundled("china")
>>> ds.regions.set_index("code").loc["440305", ["name", "level", "parent_code"]].tolist()
['南山区', 'county', '440300']
>>> load_bundled("china") is ds
True
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

from clusteratlas.errors import UsageError
from clusteratlas.loaders.csv_format import read_table_csv
from clusteratlas.loaders.dataset import TABLE_NAMES, Dataset

__all__ = ["bundled_dir", "bundled_names", "load_bundled"]


def _root() -> Path:
    return Path(str(resources.files("clusteratlas.loaders"))) / "bundled"


def bundled_names() -> list[str]:
    """Names of the bundled datasets (directories with a ``manifest.json``).

    Returns
    -------
    list of str
        Sorted; empty when the package ships none.

    Examples
    --------
    >>> bundled_names()[:2]
    ['china', 'china-inferred-links']
    """
    root = _root()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "manifest.json").is_file())


def bundled_dir(name: str = "china") -> Path:
    """The directory of bundled dataset ``name``: its CSVs, ``manifest.json``, README.

    Parameters
    ----------
    name : str, default "china"
        A name of :func:`bundled_names`.

    Returns
    -------
    Path
        Inside the installed package.

    Raises
    ------
    UsageError
        There is no bundled dataset of that name.

    Examples
    --------
    >>> (bundled_dir("china") / "README.md").is_file()
    True
    """
    path = _root() / name
    if not (path / "manifest.json").is_file():
        raise UsageError(f"no bundled dataset {name!r}; available: {bundled_names()}")
    return path


@functools.lru_cache(maxsize=4)
def load_bundled(name: str = "china") -> Dataset:
    """Load bundled dataset ``name`` (default ``"china"``) as a :class:`Dataset`, cached.

    The dataset is immutable, so the cached object is shared between callers.
    ``metadata`` holds the manifest (counts, source checksums, build report),
    ``name``, and the keys of the directory's ``dataset.json`` (for ``china``: ``source``,
    ``units`` by measure and region level, ``samples``: the county census counts are
    long-form sample counts, ``industry_groups``: the three sectors, and
    ``featured_regions``: the article's counties).

    Parameters
    ----------
    name : str, default "china"
        A name of :func:`bundled_names`.

    Returns
    -------
    Dataset
        The bundled tables (shared: the same object on every call with that name).

    Raises
    ------
    UsageError
        There is no bundled dataset of that name.
    DataValidationError
        The directory's ``dataset.json`` breaks its rules.

    Examples
    --------
    >>> ds = load_bundled("china")
    >>> ds.metadata["name"], ds.regions.set_index("code").loc["320583", "name"]
    ('china', '昆山市')
    """
    path = bundled_dir(name)
    manifest: dict[str, Any] = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    described: dict[str, Any] = {}
    if (path / "dataset.json").is_file():  # what the data are (samples, ...), as for user data
        from clusteratlas.errors import DataValidationError
        from clusteratlas.loaders.dataset_json import parse_dataset_json

        described, problems = parse_dataset_json(
            (path / "dataset.json").read_text(encoding="utf-8")
        )
        if problems:
            raise DataValidationError(problems)
    frames = {}
    for table in TABLE_NAMES:
        file = path / f"{table}.csv"
        if file.is_file():
            frames[table] = read_table_csv(table, file)
    metadata = {"name": name, "path": str(path), **manifest, **described}
    return Dataset.from_frames(metadata=metadata, **frames)
