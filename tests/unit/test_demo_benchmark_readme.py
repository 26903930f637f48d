"""The README's demo timings are the benchmark's latest result, not hand-typed figures.

`benchmarks/demo_benchmark.py` writes `benchmarks/results/demo.json` and, with
`--update-readme`, the README paragraph between the `demo-benchmark` markers. These tests
check that the paragraph states exactly the figures of that JSON, formatted by the
benchmark's own `readme_paragraph`, so a figure changes only by rerunning the benchmark.
No timing is measured or asserted here.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
RESULT = ROOT / "benchmarks" / "results" / "demo.json"


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "demo_benchmark", ROOT / "benchmarks" / "demo_benchmark.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _result() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(RESULT.read_text(encoding="utf-8"))
    return result


def test_readme_states_the_latest_demo_benchmark_figures():
    bench = _benchmark()
    readme = README.read_text(encoding="utf-8")
    assert readme.count(bench.README_START) == 1, "README: one demo-benchmark block expected"
    assert readme.count(bench.README_END) == 1, "README: one demo-benchmark block expected"
    block = bench.readme_block(_result())
    assert block in readme, (
        "README's demo timings differ from benchmarks/results/demo.json; rerun "
        "`python benchmarks/demo_benchmark.py --python VENV/bin/python --update-readme` "
        f"(VENV: a fresh venv with `pip install .`). Expected:\n{block}"
    )


def test_readme_demo_figures_come_from_a_plain_install():
    # the README's first command is `pip install . && clusteratlas demo`: its timings are
    # those of that installation, not of a development (editable, dev extra) one
    env = _result()["environment"]
    assert env["editable"] is False and env["dev_tools"] is False, env["install"]


def test_readme_block_is_sensitive_to_every_figure():
    bench = _benchmark()
    result = _result()
    readme = README.read_text(encoding="utf-8")
    for path in (
        ("demo", "median_cpu_s"),
        ("demo", "median_wall_s"),
        ("demo", "median_first_line_s"),
        ("baseline", "median_cpu_s"),
        ("cpu_ratio",),
        ("load_average_before",),
    ):
        changed = copy.deepcopy(result)
        target = changed
        for key in path[:-1]:
            target = target[key]
        value = target[path[-1]]
        target[path[-1]] = [value[0] + 0.1, *value[1:]] if isinstance(value, list) else value + 0.1
        assert bench.readme_block(changed) not in readme, path


def test_demo_paragraph_has_no_hand_typed_timings():
    bench = _benchmark()
    readme = README.read_text(encoding="utf-8")
    before = readme[: readme.index(bench.README_START)]
    paragraph = before[before.rindex("\n\n") :]
    assert "clusteratlas demo" in paragraph
    assert not re.search(r"\d s\b|\bs of CPU|\bs wall", paragraph), paragraph
