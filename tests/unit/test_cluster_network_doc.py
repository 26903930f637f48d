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
