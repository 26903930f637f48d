"""Every notebook of ``docs/notebooks`` runs top to bottom (``tests/_notebooks.py``).

A notebook that declares ``"needs": ["neo4j"]`` in its ``clusteratlas`` metadata gets the
``neo4j`` marker (and a wiped disposable database, as the integration tests do); one that
needs nothing runs with the unit tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _notebooks import (
    execute_notebook,
    notebook_needs,
    notebook_paths,
    stored_outputs,
)
from conftest import import_or_skip

MARKS = {"neo4j": pytest.mark.neo4j, "browser": pytest.mark.browser}


def _params() -> list[Any]:
    return [
        pytest.param(p, marks=[MARKS[n] for n in notebook_needs(p) if n in MARKS], id=p.stem)
        for p in notebook_paths()
    ]


def test_the_analysts_notebook_is_there() -> None:
    assert any(p.name == "analyst-views.ipynb" for p in notebook_paths())


@pytest.mark.parametrize("path", _params())
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    assert stored_outputs(path) == [], (
        f"{path.name}: clear the outputs before committing (Jupyter: Edit > Clear Outputs of "
        "All Cells), views inline are megabytes"
    )


@pytest.mark.slow
@pytest.mark.parametrize("path", _params())
def test_notebook_runs(path: Path, request: pytest.FixtureRequest) -> None:
    import_or_skip("nbclient")
    import_or_skip("ipykernel")
    unknown = sorted(set(notebook_needs(path)) - set(MARKS))
    assert not unknown, f"{path.name} needs unknown services {unknown}; known: {sorted(MARKS)}"
    if "neo4j" in notebook_needs(path):
        request.getfixturevalue("empty_db")  # a wiped disposable database, as in integration
    nb = execute_notebook(path)
    errors = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors
    if path.name == "analyst-views.ipynb":
        html = "".join(
            str(o.get("data", {}).get("text/html", ""))
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.get("outputs", [])
        )
        # the views render inline (offline iframes), the table shows its intervals
        assert html.count("<iframe srcdoc=") == 4
        assert "resilience_low" in html and "rank_high" in html and "small_sample" in html
