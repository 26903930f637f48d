"""Every command and Python example in the README runs, in README order, against the real server.

The README's commands are the product's promise. Shell lines in ``bash`` blocks and
``$ `` lines in ``console`` blocks run in a scratch directory; ``python`` blocks run
as scripts. A few lines cannot run inside the test suite; each is listed in
``NOT_RUN_HERE`` with the reason and where it is exercised instead.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"

NOT_RUN_HERE = {
    "scripts/test": "it is the command that runs this test (CI runs it through .ci/run)",
    "NEO4J_PASSWORD='choose-a-password' docker compose up -d": (
        "no Docker engine on these machines; tests/integration/test_reliability_* check the file"
    ),
    'scripts/neo4j-local start && eval "$(scripts/neo4j-local env)"': (
        "scripts/test starts the test server with scripts/neo4j-local"
    ),
    "scripts/neo4j-local start --browser": (
        "scripts/test starts the test server with it; tests/browser/test_neo4j_browser.py logs "
        "in, runs RETURN 1 and plays the guide it opens, tests/integration/test_neo4j_local.py "
        "covers failed starts"
    ),
}
SETUP_PREFIX = "pip install . && "  # the install half of quick start; scripts/test installs


@dataclass(frozen=True)
class Example:
    line: int
    kind: str  # "shell" or "python"
    text: str
    expected_first_line: str | None = None

    def __str__(self) -> str:
        return f"README.md:{self.line}: {self.text.splitlines()[0][:70]}"


def readme_examples() -> list[Example]:
    """Shell commands and Python blocks of the README, in order."""
    text = README.read_text(encoding="utf-8")
    found: list[Example] = []
    for block in re.finditer(r"^```(\w*)\n(.*?)^```", text, flags=re.S | re.M):
        lang, body = block.group(1), block.group(2)
        line = text[: block.start()].count("\n") + 2
        if lang == "python":
            found.append(Example(line - 1, "python", body))
        elif lang in ("bash", "sh"):
            for i, raw in enumerate(body.splitlines()):
                command = re.sub(r"\s+#.*$", "", raw).strip()
                if command and not command.startswith("#"):
                    found.append(Example(line + i, "shell", command))
        elif lang == "console":
            lines = body.splitlines()
            for i, raw in enumerate(lines):
                if raw.startswith("$ "):
                    nxt = (
                        lines[i + 1]
                        if i + 1 < len(lines) and not lines[i + 1].startswith("$")
                        else None
                    )
                    found.append(Example(line + i, "shell", raw[2:].strip(), nxt))
    return found


EXAMPLES = readme_examples()


def test_readme_has_the_two_quick_start_commands():
    shell = [e.text for e in EXAMPLES if e.kind == "shell"]
    assert shell[:2] == ["pip install . && clusteratlas demo", "scripts/test"]


def _write_mydata(directory: Path) -> None:
    """A small, valid dataset directory for the README's `clusteratlas load ./mydata` lines."""
    from clusteratlas.loaders.dataset import Dataset

    Dataset.from_frames(
        regions=pd.DataFrame(
            {
                "code": ["R1", "R1a", "R1b"],
                "name": ["Region one", "东区", "西区"],
                "level": ["province", "county", "county"],
                "parent_code": [None, "R1", "R1"],
            }
        ),
        industries=pd.DataFrame(
            {
                "code": ["X:A", "X:B"],
                "name": ["Alpha", "Beta"],
                "scheme": ["X", "X"],
                "level": ["section", "section"],
            }
        ),
        region_industries=pd.DataFrame(
            {
                "region_code": ["R1a", "R1a", "R1b"],
                "industry_code": ["X:A", "X:B", "X:A"],
                "year": [2020, 2020, 2020],
                "measure": ["employment"] * 3,
                "value": [10.0, 5.0, 7.0],
            }
        ),
    ).to_dir(directory)


def test_every_readme_example_runs(empty_db, tmp_path):
    _write_mydata(tmp_path / "mydata")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    ran = 0
    for example in EXAMPLES:
        command = example.text
        if command in NOT_RUN_HERE:
            continue
        if example.kind == "python":
            res = subprocess.run(
                [sys.executable, "-c", command],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
        else:
            command = command.removeprefix(SETUP_PREFIX)
            assert command.startswith("clusteratlas "), f"{example}: not a clusteratlas command"
            res = subprocess.run(
                command,
                shell=True,
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
        assert res.returncode == 0, f"{example} exited {res.returncode}:\n{res.stderr[-2000:]}"
        if example.expected_first_line:
            assert example.expected_first_line.split() == res.stdout.splitlines()[0].split(), (
                example
            )
        ran += 1
    assert ran >= 10
