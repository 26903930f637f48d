"""docs/resilience-validation.md is what scripts/resilience-validation writes today, and
its statistics are right on examples computed by hand (review s3, item 4)."""

from __future__ import annotations

import numpy as np
import pytest
from resilience_validation import COMMAND, DOC, render, spearman, spearman_interval


def test_spearman_by_hand() -> None:
    # x ranks 1 2 3 4, y ranks 1 3 2 4: d = 0, -1, 1, 0, sum d^2 = 2;
    # rho = 1 - 6 * 2 / (4 * (16 - 1)) = 1 - 12 / 60 = 0.8
    assert spearman(np.array([10.0, 20.0, 30.0, 40.0]), np.array([1.0, 3.0, 2.0, 4.0])) == (
        pytest.approx(0.8)
    )
    # ties share their average rank: x ranks 1.5 1.5 3, y ranks 1 2 3;
    # centred 0.5 -0.5 ... : rx - 2 = -0.5 -0.5 1, ry - 2 = -1 0 1;
    # rho = (0.5 + 0 + 1) / sqrt(1.5 * 2) = 1.5 / sqrt(3) = 0.8660
    assert spearman(np.array([1.0, 1.0, 2.0]), np.array([1.0, 2.0, 3.0])) == pytest.approx(
        1.5 / np.sqrt(3.0)
    )


def test_bootstrap_interval_brackets_rho_and_is_seeded() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=300)
    y = x + rng.normal(size=300)
    rho, low, high = spearman_interval(x, y, 500, 0.95, 0)
    assert low < rho < high and high - low < 0.25
    assert spearman_interval(x, y, 500, 0.95, 0) == (rho, low, high)
    # independent samples: rho's standard error is about 1 / sqrt(n - 1) = 0.058, so a
    # 95% interval is about 2 * 1.96 * 0.058 = 0.23 wide
    rho0, low0, high0 = spearman_interval(x, rng.normal(size=300), 500, 0.95, 0)
    assert low0 < rho0 < high0 and 0.17 < high0 - low0 < 0.29


@pytest.mark.slow
def test_the_validation_document_is_current() -> None:
    text = render()
    assert DOC.read_text(encoding="utf-8") == text, f"{DOC.name} is stale: run {COMMAND}"
    # what a reader comes for: the counts, the composite's correlations, the quintiles
    for needle in ("counties compared", "| composite (0-100) |", "| Q5 |", "boundary_changes"):
        assert needle in text
    # the README quotes the number of counties compared
    compared = text.split("counties compared**", 1)[0].rsplit("**", 1)[1].strip()
    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"of the {compared} counties whose area did not change" in readme
