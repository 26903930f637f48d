"""Executing the notebooks of ``docs/notebooks`` in the test run, so they never rot.

One mechanism for every notebook: :func:`execute_notebook` runs a notebook top to
bottom with nbclient in a fresh kernel of *this* interpreter (the virtualenv the tests
run in, whatever kernels Jupyter has installed elsewhere), from the notebook's own
folder, and raises on the first cell that fails. A notebook says what it needs in its
metadata, ``{"clusteratlas": {"needs": ["neo4j"], "timeout_s": 600}}``: ``needs`` names
the pytest markers of the services it uses (``neo4j``, ``browser``), so a notebook that
talks to Neo4j runs where the integration tests run, against the same disposable server
(its kernel inherits ``NEO4J_URI`` and friends from the environment).

Notebooks are stored without outputs (views inline are megabytes of inlined
JavaScript): :func:`stored_outputs` lists the cells that still have some.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "docs" / "notebooks"
KERNEL_NAME = "clusteratlas-tests"

__all__ = ["NOTEBOOKS", "execute_notebook", "notebook_needs", "notebook_paths", "stored_outputs"]


def notebook_paths() -> list[Path]:
    """Every ``*.ipynb`` under ``docs/notebooks`` (checkpoints left out), sorted."""
    return sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def _settings(path: Path) -> dict[str, Any]:
    meta = json.loads(path.read_text(encoding="utf-8")).get("metadata") or {}
    return dict(meta.get("clusteratlas") or {})


def notebook_needs(path: Path) -> list[str]:
    """The services (pytest markers) a notebook declares it needs."""
    return [str(n) for n in _settings(path).get("needs") or []]


def stored_outputs(path: Path) -> list[int]:
    """Indexes of the code cells stored with outputs or an execution count."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        i
        for i, c in enumerate(cells)
        if c.get("cell_type") == "code" and (c.get("outputs") or c.get("execution_count"))
    ]


def execute_notebook(path: Path, timeout: int | None = None) -> Any:
    """Run the notebook at ``path`` in a kernel of ``sys.executable``; return the executed
    notebook (an ``nbformat.NotebookNode``; the file is not changed).

    ``timeout``: seconds per cell (default: the notebook's ``timeout_s``, else 600).
    Raises ``nbclient.exceptions.CellExecutionError`` naming the failing cell.
    """
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    seconds = int(timeout or _settings(path).get("timeout_s") or 600)
    with tempfile.TemporaryDirectory() as kernels:
        spec = Path(kernels) / KERNEL_NAME
        spec.mkdir()
        (spec / "kernel.json").write_text(
            json.dumps(
                {
                    "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                    "display_name": "clusteratlas tests",
                    "language": "python",
                }
            ),
            encoding="utf-8",
        )
        km = KernelManager(
            kernel_name=KERNEL_NAME,
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[kernels]),
            transport="ipc",  # a socket file in the temporary folder, not a TCP port
            ip=str(Path(kernels) / "kernel"),
        )
        client = NotebookClient(
            nb,
            km=km,
            timeout=seconds,
            kernel_name=KERNEL_NAME,
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute()
    return nb
