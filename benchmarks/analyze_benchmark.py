"""`clusteratlas analyze --from DIR` on a user's dataset: CPU time, and the same ranking as before.

Not a test. Issue 20's holdout: a SYNTHETIC user dataset (random, seeded, labelled so)
written in the documented CSV format (docs/data-format.md), in two sizes:

- ``400x800``: 400 counties x 800 industry classes (320,000 cells), target under 20 s
  of CPU;
- ``250x200``: 250 counties x 200 classes (50,000 cells), target about 10 s of CPU.

Structure (standard library ``random``, seed 0, so the files are the same on every
machine and Python): a country, provinces (one per 25 counties), counties; industry
classes grouped 20 to a division (two industry levels, scheme ``SYNIC``); county
employment 20,000 x Pareto (alpha 1.1, capped at 500x), each county's mix the national
mix (lognormal) times gamma noise, with one to three specialised divisions boosted
5-30x; employment of every county x class cell in one year (zeros included) and a
national employment series by class over eight years (so portfolio risk is scored); no
input-output links, companies or supply links (shock exposure is left out, as for most
users' data).

For each size, alternating ``--repeat`` times (default 3) after one uncounted warm-up of
the baseline: ``python -c "import clusteratlas, pandas, networkx"`` and ``clusteratlas
analyze --from DIR --format csv``, fresh processes measured like
``benchmarks/demo_benchmark.py`` (CPU of the child via ``os.wait4``, wall, peak RSS).
The printed ranking (region_code, rank) is compared with the ranking the code gave
before the speed work (commit ``a33e8af``), stored in
``benchmarks/results/analyze_ranking_<size>_a33e8af.csv``: "same ranking: yes/no".

``--make-reference`` recomputes those files: it exports commit ``a33e8af`` with ``git
archive``, lays it out as installed (as ``startup_benchmark.py`` does) and runs its
``analyze(dataset, engine="none")`` (the scores without the centralities, which were slow
there) with this interpreter on the same generated data, recording the data's SHA-256 in
``results/analyze_reference.json`` so a changed generator is reported, not mistaken for a
changed ranking.

    python benchmarks/analyze_benchmark.py [--python VENV/bin/python] [--sizes 400x800 250x200]
    python benchmarks/analyze_benchmark.py --make-reference

Writes ``results/analyze.json`` and ``results/analyze.md``; ``--keep DIR`` writes the
generated datasets there instead of a temporary directory.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from demo_benchmark import (
    BASELINE_IMPORTS,
    checkout_facts,
    child_environment,
    environment_facts,
    run_timed,
    summarise,
)

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
REFERENCE_COMMIT = "a33e8af"
SIZES = {"400x800": (400, 800), "250x200": (250, 200)}
TARGETS_CPU_S = {"400x800": 20.0, "250x200": 10.0}
CLASSES_PER_DIVISION = 20
YEAR = 2022
SERIES_YEARS = range(YEAR - 7, YEAR + 1)

# Run by the reference commit's code (on PYTHONPATH): its ranking of the dataset in argv[1].
_REFERENCE_SNIPPET = r"""
import sys
from clusteratlas.graph.analytics.pipeline import analyze
from clusteratlas.loaders.dataset import Dataset
analysis = analyze(Dataset.from_dir(sys.argv[1]), engine="none")
regions = analysis.regions.reset_index()[["region_code", "rank"]]
regions.to_csv(sys.argv[2], index=False)
"""


def holdout_tables(n_regions: int, n_industries: int, seed: int = 0) -> dict[str, list[list[Any]]]:
    """The rows (header first) of each CSV table of the synthetic holdout dataset."""
    rng = random.Random(seed)
    n_divisions = max(1, n_industries // CLASSES_PER_DIVISION)
    n_provinces = max(2, n_regions // 25)
    country = "SYN:X"
    provinces = [f"SYN:P{p:02d}" for p in range(1, n_provinces + 1)]
    counties = [f"SYN:C{c:04d}" for c in range(1, n_regions + 1)]
    parents = [
        provinces[i % n_provinces] if i < n_provinces else rng.choice(provinces)
        for i in range(n_regions)
    ]
    regions: list[list[Any]] = [["code", "name", "level", "parent_code", "lon", "lat"]]
    regions.append([country, "synthetic country", "country", "", "", ""])
    for p in provinces:
        regions.append([p, f"synthetic province {p[5:]}", "province", country, "", ""])
    for c, parent in zip(counties, parents, strict=True):
        lon, lat = round(rng.uniform(75, 135), 4), round(rng.uniform(18, 53), 4)
        regions.append([c, f"synthetic county {c[5:]}", "county", parent, lon, lat])

    divisions = [f"SYN:D{d:02d}" for d in range(1, n_divisions + 1)]
    classes = [
        f"{divisions[i % n_divisions]}{i // n_divisions + 1:02d}" for i in range(n_industries)
    ]
    division_of = [i % n_divisions for i in range(n_industries)]
    industries: list[list[Any]] = [["code", "name", "scheme", "level", "parent_code"]]
    for d in divisions:
        industries.append([d, f"synthetic division {d[5:]}", "SYNIC", "division", ""])
    for code, d in zip(classes, division_of, strict=True):
        industries.append([code, f"synthetic class {code[5:]}", "SYNIC", "class", divisions[d]])

    national_mix = [rng.lognormvariate(0.0, 1.2) for _ in classes]
    values: list[list[Any]] = [["region_code", "industry_code", "year", "measure", "value"]]
    totals = [0] * n_industries
    for c in counties:
        size = 20000.0 * min(rng.paretovariate(1.1), 500.0)
        boost = [1.0] * n_divisions
        for d in rng.sample(range(n_divisions), min(n_divisions, rng.randint(1, 3))):
            boost[d] = rng.uniform(5.0, 30.0)
        mix = [
            w * boost[division_of[i]] * rng.gammavariate(0.5, 2.0)
            for i, w in enumerate(national_mix)
        ]
        scale = size / sum(mix)
        for i, code in enumerate(classes):
            value = round(mix[i] * scale)
            totals[i] += value
            values.append([c, code, YEAR, "employment", value])
    for i, code in enumerate(classes):  # the national series, backwards from the counties' sum
        trend = rng.normalvariate(0.03, 0.04)
        level = float(max(totals[i], 1))
        series = {YEAR: level}
        for year in reversed(SERIES_YEARS[:-1]):
            level /= max(0.5, 1.0 + trend + rng.normalvariate(0.0, 0.03))
            series[year] = level
        for year in SERIES_YEARS:
            values.append([country, code, year, "employment", max(1, round(series[year]))])
    return {"regions": regions, "industries": industries, "region_industries": values}


def write_holdout(directory: Path, n_regions: int, n_industries: int, seed: int = 0) -> str:
    """Write the dataset into ``directory``; return the SHA-256 of its files."""
    directory.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    meta = {
        "name": f"synthetic-holdout-{n_regions}x{n_industries}-seed{seed}",
        "description": "SYNTHETIC (random) user dataset of benchmarks/analyze_benchmark.py",
        "units": {"employment": "persons"},
    }
    files = {"dataset.json": json.dumps(meta, indent=2) + "\n"}
    for table, rows in holdout_tables(n_regions, n_industries, seed).items():
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        files[f"{table}.csv"] = out.getvalue()
    for name in sorted(files):
        data = files[name].encode("utf-8")
        (directory / name).write_bytes(data)
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()


def ranking_from_csv(text: str) -> dict[str, int]:
    return {
        row["region_code"]: int(float(row["rank"])) for row in csv.DictReader(io.StringIO(text))
    }


def reference_path(size: str) -> Path:
    return RESULTS / f"analyze_ranking_{size}_{REFERENCE_COMMIT}.csv"


def make_reference(python: str, sizes: list[str], seed: int) -> None:
    """Rank each size's dataset with commit REFERENCE_COMMIT's code; store the rankings."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from startup_benchmark import layout

    meta: dict[str, Any] = {"commit": REFERENCE_COMMIT, "seed": seed, "datasets": {}}
    with tempfile.TemporaryDirectory(prefix="analyze-reference-") as tmp:
        work = Path(tmp)
        site = layout(REFERENCE_COMMIT, work)
        env = {**child_environment(), "PYTHONPATH": str(site)}
        for size in sizes:
            data = work / size
            sha = write_holdout(data, *SIZES[size], seed=seed)
            out = work / f"{size}.csv"
            start = time.perf_counter()
            subprocess.run(
                [python, "-c", _REFERENCE_SNIPPET, str(data), str(out)],
                cwd=work,
                env=env,
                check=True,
            )
            ranking = ranking_from_csv(out.read_text(encoding="utf-8"))
            write_ranking(reference_path(size), ranking)
            meta["datasets"][size] = {"sha256": sha, "regions": len(ranking)}
            print(
                f"{size}: ranking of {len(ranking)} regions by {REFERENCE_COMMIT} "
                f"({time.perf_counter() - start:.1f} s) -> {reference_path(size).name}",
                file=sys.stderr,
            )
    old = RESULTS / "analyze_reference.json"
    if old.exists():
        kept = json.loads(old.read_text())
        if kept.get("commit") == REFERENCE_COMMIT and kept.get("seed") == seed:
            meta["datasets"] = {**kept["datasets"], **meta["datasets"]}
    old.write_text(json.dumps(meta, indent=2) + "\n")


def write_ranking(path: Path, ranking: dict[str, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = sorted(ranking.items(), key=lambda kv: (kv[1], kv[0]))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["region_code", "rank"])
        writer.writerows(rows)


def compare_ranking(size: str, sha: str, ranking: dict[str, int]) -> dict[str, Any]:
    """``same``: True/False against the stored reference, None when there is none to compare."""
    meta_path, path = RESULTS / "analyze_reference.json", reference_path(size)
    if not path.exists() or not meta_path.exists():
        return {"same": None, "why": f"no reference ({path.name}): run --make-reference"}
    meta = json.loads(meta_path.read_text())
    stored = meta.get("datasets", {}).get(size, {})
    if stored.get("sha256") != sha:
        return {"same": None, "why": "the reference was made from other data: --make-reference"}
    with path.open(encoding="utf-8") as fh:
        reference = ranking_from_csv(fh.read())
    differ = sorted(
        c for c in reference.keys() | ranking.keys() if reference.get(c) != ranking.get(c)
    )
    shifts = [abs(reference[c] - ranking[c]) for c in differ if c in reference and c in ranking]
    return {
        "same": not differ,
        "regions": len(reference),
        "tied_in_reference": len(reference) - len(set(reference.values())),
        "differ": len(differ),
        "max_shift": max(shifts, default=0),
        "first_differences": [[c, reference.get(c), ranking.get(c)] for c in differ[:10]],
    }


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"| dataset | cells | baseline CPU s | analyze CPU s (median) | min CPU s | x baseline "
        f"| wall s | peak RSS MiB | target CPU s | met | same ranking as {REFERENCE_COMMIT} |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for size, row in result["datasets"].items():
        a, b = row["analyze"], row["baseline"]
        same = {True: "yes", False: "no", None: "?"}[row["ranking"]["same"]]
        lines.append(
            f"| {size} | {row['cells']:,} | {b['median_cpu_s']:.2f} | {a['median_cpu_s']:.2f} | "
            f"{a['min_cpu_s']:.2f} | {row['cpu_ratio']:.1f} | {a['median_wall_s']:.2f} | "
            f"{a['median_peak_rss_mib']:.0f} | {row['target_cpu_s']:g} | "
            f"{'yes' if row['met'] else 'no'} | {same} |"
        )
    env = result["environment"]
    lines += [
        "",
        f"{result['repeat']} run(s) each; {result['cpus']} CPUs, load average "
        f"{', '.join(f'{x:.1f}' for x in result['load_average_before'])} before and "
        f"{', '.join(f'{x:.1f}' for x in result['load_average_after'])} after.",
        f"Measured: {env['install']}; Python {env['python']}; "
        + ", ".join(f"{k} {v or 'not installed'}" for k, v in env["packages"].items())
        + f"; benchmark run from checkout {result['checkout']['commit']}"
        + (" (with local changes)" if result["checkout"]["modified"] else "")
        + ".",
    ]
    for size, row in result["datasets"].items():
        r = row["ranking"]
        if r["same"] is None:
            lines.append(f"{size}: ranking not compared: {r['why']}.")
        elif not r["same"]:
            lines.append(
                f"{size}: {r['differ']} of {r['regions']} regions ranked differently, by up "
                f"to {r['max_shift']} places ({r['tied_in_reference']} ranks tied in the "
                f"reference); (region, {REFERENCE_COMMIT}, now): {r['first_differences']}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="interpreter to measure")
    parser.add_argument(
        "--clusteratlas",
        help="the clusteratlas script [default: the one beside --python]",
    )
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=list(SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="write the datasets here and keep them")
    parser.add_argument(
        "--results",
        type=Path,
        default=RESULTS,
        help="directory for analyze.json and analyze.md [default: benchmarks/results]",
    )
    parser.add_argument(
        "--make-reference",
        action="store_true",
        help=f"rank the datasets with commit {REFERENCE_COMMIT}'s code and store the rankings",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    python = str(Path(args.python).absolute())  # not resolved: a venv's python is a link
    if args.make_reference:
        make_reference(python, args.sizes, args.seed)
        return 0
    script = args.clusteratlas or str(Path(python).parent / "clusteratlas")
    if not Path(script).exists():
        parser.error(f"no clusteratlas script at {script}; give --clusteratlas")

    env = child_environment()
    load_before = os.getloadavg()
    datasets: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="analyze-benchmark-") as tmp:
        work = Path(tmp)  # neutral cwd: `python -c` puts the cwd first on sys.path
        facts = environment_facts(python, work, env)
        baseline_cmd = [python, "-c", f"import {BASELINE_IMPORTS}"]
        run_timed(baseline_cmd, work, env)  # warm-up, not counted
        for size in args.sizes:
            n_regions, n_industries = SIZES[size]
            data = (args.keep or work) / size
            sha = write_holdout(data, n_regions, n_industries, seed=args.seed)
            stdout = work / f"{size}.csv"
            command = [script, "-q", "analyze", "--from", str(data), "--format", "csv"]
            baseline, analyze = [], []
            for i in range(args.repeat):
                baseline.append(run_timed(baseline_cmd, work, env))
                analyze.append(run_timed(command, work, env, stdout_copy=stdout))
                print(
                    f"{size} run {i + 1}/{args.repeat}: baseline {baseline[-1]['cpu_s']:.2f} s "
                    f"CPU; analyze {analyze[-1]['cpu_s']:.2f} s CPU, "
                    f"{analyze[-1]['wall_s']:.2f} s wall",
                    file=sys.stderr,
                )
            ranking = ranking_from_csv(stdout.read_text(encoding="utf-8"))
            row: dict[str, Any] = {
                "regions": n_regions,
                "industries": n_industries,
                "cells": n_regions * n_industries,
                "sha256": sha,
                "baseline": {**summarise(baseline), "runs": baseline},
                "analyze": {**summarise(analyze), "runs": analyze},
                "target_cpu_s": TARGETS_CPU_S[size],
                "ranking": compare_ranking(size, sha, ranking),
            }
            row["cpu_ratio"] = row["analyze"]["median_cpu_s"] / row["baseline"]["median_cpu_s"]
            row["met"] = row["analyze"]["median_cpu_s"] <= row["target_cpu_s"]
            datasets[size] = row
    result: dict[str, Any] = {
        "repeat": args.repeat,
        "seed": args.seed,
        "baseline_command": f'python -c "import {BASELINE_IMPORTS}"',
        "analyze_command": "clusteratlas -q analyze --from DIR --format csv",
        "reference_commit": REFERENCE_COMMIT,
        "datasets": datasets,
        "cpus": os.cpu_count(),
        "load_average_before": list(load_before),
        "load_average_after": list(os.getloadavg()),
        "environment": facts,
        "checkout": checkout_facts(),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    text = markdown(result)
    print(text)
    for size, row in datasets.items():
        same = {True: "yes", False: "no", None: "not compared"}[row["ranking"]["same"]]
        print(f"{size}: same ranking: {same}")
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "analyze.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.results / "analyze.md").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
