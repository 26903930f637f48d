"""Packaging: every source package is listed for setuptools, and no generic top-level names ship."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAPPING = {
    "clusteratlas": "clusteratlas",
    "graph": "clusteratlas.graph",
    "loaders": "clusteratlas.loaders",
    "queries": "clusteratlas.queries",
}


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]


def test_every_package_directory_is_listed():
    on_disk = set()
    for top, dotted in MAPPING.items():
        for init in (ROOT / top).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / top).parts
            on_disk.add(".".join((dotted, *rel)))
    assert set(_config()["packages"]) == on_disk


def test_only_the_clusteratlas_namespace_is_installed():
    config = _config()
    assert all(p == "clusteratlas" or p.startswith("clusteratlas.") for p in config["packages"])
    assert set(config["package-dir"].values()) == set(MAPPING)
