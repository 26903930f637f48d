"""Start-up time of the CLI: `clusteratlas --version` and `clusteratlas queries`.

Runs each command ``--runs`` times as a fresh process (after ``--warmup`` runs that
are not counted), like hyperfine, and reports the minimum, median, mean and standard
deviation of the wall time; then one ``python -X importtime`` run per command lists
the imports that cost most (cumulative microseconds) and whether pandas, numpy,
networkx, neo4j, pyvis, igraph or scipy were imported at all.

The code measured is laid out as installed (``graph/``, ``loaders/`` and ``queries/``
inside ``clusteratlas/``) in a scratch directory and run with that directory first on
``PYTHONPATH``, from a neutral working directory: the working tree by default, or
with ``--ref COMMIT`` an older commit (exported with ``git archive``), so a
before/after comparison uses the same interpreter, libraries and launch path.

Usage::

    python benchmarks/startup_benchmark.py                       # the working tree
    python benchmarks/startup_benchmark.py --ref f9e6f59 --runs 20
    python benchmarks/startup_benchmark.py --json benchmarks/results/startup.json

Not a test: timings depend on the machine and its load (the load average is
printed with the results).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {"--version": ["--version"], "queries": ["queries"]}
HEAVY = ("pandas", "numpy", "networkx", "neo4j", "pyvis", "igraph", "scipy")


def layout(ref: str | None, into: Path) -> Path:
    """Lay commit ``ref`` (None: the working tree) out as installed; return the PYTHONPATH dir."""
    src = ROOT
    if ref is not None:
        archive = into / "src.tar"
        with open(archive, "wb") as fh:
            subprocess.run(["git", "-C", str(ROOT), "archive", ref], stdout=fh, check=True)
        src = into / "src"
        with tarfile.open(archive) as tar:
            tar.extractall(src, filter="data")
    site = into / "site"
    shutil.copytree(src / "clusteratlas", site / "clusteratlas")
    for sub in ("graph", "loaders", "queries"):
        shutil.copytree(src / sub, site / "clusteratlas" / sub)
    return site


def environment(pythonpath: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(pythonpath)}


def time_runs(argv: list[str], env: dict[str, str], runs: int, warmup: int) -> list[float]:
    """Wall seconds of ``runs`` fresh processes of ``python -m clusteratlas ARGV``."""
    cmd = [sys.executable, "-m", "clusteratlas", *argv]
    cwd = env["PYTHONPATH"]  # never the repository root: `-m` puts the cwd first on sys.path
    for _ in range(warmup):
        subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, check=True)
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, check=True)
        out.append(time.perf_counter() - start)
    return out


def import_breakdown(argv: list[str], env: dict[str, str], top: int) -> dict[str, object]:
    """One ``-X importtime`` run: the costliest imports and which heavy libraries loaded."""
    res = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "clusteratlas", *argv],
        env=env,
        cwd=env["PYTHONPATH"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    rows = []
    for line in res.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            rows.append((int(m.group(2)), len(m.group(3)), m.group(4)))
    loaded = {name.split(".")[0] for _, _, name in rows}
    top_level = sorted((r for r in rows if r[1] <= 3), reverse=True)[:top]  # two levels
    return {
        "total_import_ms": round(sum(c for c, depth, _ in rows if depth == 1) / 1000, 1),
        "heavy_loaded": [h for h in HEAVY if h in loaded],
        "top": [{"module": name, "cumulative_ms": round(c / 1000, 1)} for c, _, name in top_level],
    }


def summary(times: list[float]) -> dict[str, float]:
    return {
        "min": min(times),
        "median": statistics.median(times),
        "mean": statistics.fmean(times),
        "stdev": statistics.stdev(times) if len(times) > 1 else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", help="measure this commit instead of the working tree")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--top", type=int, default=8, help="imports listed per command")
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="startup-") as tmp:
        env = environment(layout(args.ref, Path(tmp)))
        results: dict[str, object] = {
            "ref": args.ref or "working tree",
            "python": sys.version.split()[0],
            "load_average_before": os.getloadavg()[0],
            "commands": {},
        }
        python_only = [_time_python(env) for _ in range(args.runs)]
        results["python_startup"] = summary(python_only)
        for label, argv in COMMANDS.items():
            times = time_runs(argv, env, args.runs, args.warmup)
            results["commands"][label] = {  # type: ignore[index]
                **summary(times),
                **import_breakdown(argv, env, args.top),
            }
        results["load_average_after"] = os.getloadavg()[0]

    print_report(results, args.runs)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def _time_python(env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], env=env, cwd=env["PYTHONPATH"], check=True)
    return time.perf_counter() - start


def print_report(results: dict[str, object], runs: int) -> None:
    print(
        f"{results['ref']}: {runs} runs each, Python {results['python']}, load average "
        f"{results['load_average_before']:.2f} -> {results['load_average_after']:.2f}"
    )
    py = results["python_startup"]
    assert isinstance(py, dict)
    print(f"  python -c pass            median {py['median']:.3f} s  (min {py['min']:.3f})")
    commands = results["commands"]
    assert isinstance(commands, dict)
    for label, r in commands.items():
        print(
            f"  clusteratlas {label:<12} median {r['median']:.3f} s  (min {r['min']:.3f}, "
            f"mean {r['mean']:.3f} +- {r['stdev']:.3f}); imports {r['total_import_ms']} ms; "
            f"heavy: {', '.join(r['heavy_loaded']) or 'none'}"
        )
        for item in r["top"]:
            print(f"      {item['cumulative_ms']:>8.1f} ms  {item['module']}")


if __name__ == "__main__":
    main()
