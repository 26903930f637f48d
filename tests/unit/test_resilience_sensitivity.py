"""docs/resilience-sensitivity.md is what scripts/resilience-sensitivity writes today."""

from __future__ import annotations

import pytest
from generated_doc import current_block
from resilience_sensitivity import COMMAND, DOC, README, README_BLOCK, readme_block, render

pytestmark = pytest.mark.slow


def test_the_sensitivity_document_is_current():
    text = render()
    assert DOC.read_text(encoding="utf-8") == text, f"{DOC.name} is stale: run {COMMAND}"
    # what a reader comes for: the eight counties under every variant, and the widths
    for needle in ("南山区 440305", "慈溪市 330282", "| entropy alone |", "| within province |"):
        assert needle in text
    assert "| 1,000 - 2,000 |" in text


def test_the_readme_figures_are_the_rankings_own():
    """Issue 22: the README named the top of an old default's ranking; the paragraph is now
    written from the same ranking, and who tops it is read from the scores themselves."""
    text = readme_block()
    assert current_block(README, README_BLOCK) == text, f"README is stale: run {COMMAND}"
    from clusteratlas.graph.analytics.resilience import resilience_scores
    from clusteratlas.loaders.bundled import load_bundled

    top = resilience_scores(load_bundled("china"), bootstrap=0).sort_values("rank").head(3)
    held = text.split("held by", 1)[1]
    assert all(name in held for name in top["name"])
