"""docs/cluster-network.md is what scripts/cluster-network writes today (issue 23)."""

from __future__ import annotations

import pytest
from cluster_network_doc import COMMAND, DOC, READINGS, render

pytestmark = pytest.mark.slow


def test_the_cluster_network_document_is_current():
    text = render()  # refuses a reading whose cluster left the top tables
    assert DOC.read_text(encoding="utf-8") == text, f"{DOC.name} is stale: run {COMMAND}"
    assert READINGS["betweenness"] and READINGS["pagerank"]
    needles = ("## Top 10 by exact betweenness", "## The article's counties", "昆山市 (320583)")
    for needle in needles:
        assert needle in text


def test_the_readme_quotes_the_generated_figures():
    import re
    from pathlib import Path

    doc = DOC.read_text(encoding="utf-8")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    clusters = re.search(r"^- ([\d,]+) clusters:", doc, re.M)
    largest = re.search(r"the largest holds ([\d,]+) clusters", doc)
    assert clusters and largest
    quoted = f"({clusters.group(1)} clusters, one component of {largest.group(1)})"
    assert quoted in readme, f"README.md should say {quoted}: run {COMMAND} and update it"
    assert f'"#39 of {clusters.group(1)}"' in readme
    assert f"computes the {clusters.group(1)}-cluster network" in readme
