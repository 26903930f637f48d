"""Open the article's eight counties' network pages in headless Chromium and count, at
1440x900 and 1280x720, the nodes inside the viewport at first view, the overlapping label
pairs and the labels that cover another node (tests/browser/label_check.js).

Usage: python scripts/view_fit_check.py [OUT_DIR] [--only SUBSTRING] [--shots] [--lang en]
Pages: region, industry-space, supply-chain and clusters of each featured county (32),
plus the national cluster network (no regions, 300 nodes). Prints one line per page
and size; with ``--shots`` saves a screenshot of each under OUT_DIR; ``--lang en`` draws
the pages with English names (as ``--lang en`` on the CLI).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = ((1440, 900), (1280, 720))


def main() -> None:
    """Build the pages, open them and print the counts (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    from clusteratlas.graph.definitions.lang import localise
    from clusteratlas.graph.views import (
        cluster_network_view,
        industry_space_view,
        region_view,
        supply_chain_view,
    )
    from clusteratlas.loaders.bundled import load_bundled
    from clusteratlas.loaders.dataset_json import featured_regions

    p = argparse.ArgumentParser()
    p.add_argument("out", nargs="?", default="/tmp/view-fit")
    p.add_argument("--only", default="")
    p.add_argument("--shots", action="store_true")
    p.add_argument("--lang", default="zh", choices=("zh", "en"))
    args = p.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    ds = localise(load_bundled("china"), args.lang)
    builders = {
        "region": lambda c: region_view(ds, [c]),
        "industry-space": lambda c: industry_space_view(ds, [c]),
        "supply-chain": lambda c: supply_chain_view(ds, regions=[c]),
        "clusters": lambda c: cluster_network_view(ds, [c]),
    }
    jobs = [(f"{k}-{c}", b, c) for c in featured_regions(ds) for k, b in builders.items()]
    jobs.append(("clusters-national", lambda c: cluster_network_view(ds), ""))
    check = (ROOT / "tests/browser/label_check.js").read_text(encoding="utf-8")
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
        )
        page = browser.new_page()
        for name, build, code in jobs:
            if args.only and args.only not in name:
                continue
            path = build(code).write_html(out / f"{name}.html")
            for w, h in SIZES:
                page.set_viewport_size({"width": w, "height": h})
                page.goto(path.resolve().as_uri())
                page.wait_for_function(
                    "typeof network !== 'undefined' && window.viewReady === true", timeout=60_000
                )
                page.wait_for_timeout(150)
                got = page.evaluate(check)
                row = {
                    "page": name,
                    "size": f"{w}x{h}",
                    "in_view": got["inView"],
                    "nodes": got["nodes"],
                    "overlaps": len(got["labelOverlaps"]),
                    "on_nodes": len(got["labelCoversNode"]),
                    "labels": got["labels"],
                    "min_px": got["minLabelPx"],
                    "scale": round(got["scale"], 3),
                }
                rows.append(row)
                print(
                    f"{name:28s} {w}x{h}  in view {row['in_view']:3d}/{row['nodes']:3d}  "
                    f"overlaps {row['overlaps']:2d}  on nodes {row['on_nodes']:2d}  "
                    f"labels {row['labels']:3d}  scale {row['scale']}",
                    flush=True,
                )
                if args.shots:
                    page.screenshot(path=str(out / f"{name}-{w}x{h}.png"))
        browser.close()
    (out / "counts.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    sys.exit(0)


if __name__ == "__main__":
    main()
