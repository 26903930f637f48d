"""docs/resilience-sensitivity.md is what scripts/resilience-sensitivity writes today."""

from __future__ import annotations

import pytest
from resilience_sensitivity import COMMAND, DOC, render

pytestmark = pytest.mark.slow


def test_the_sensitivity_document_is_current():
    text = render()
    assert DOC.read_text(encoding="utf-8") == text, f"{DOC.name} is stale: run {COMMAND}"
    # what a reader comes for: the eight counties under every variant, and the widths
    for needle in ("南山区 440305", "慈溪市 330282", "| entropy alone |", "| within province |"):
        assert needle in text
    assert "| 1,000 - 2,000 |" in text
