"""The load progress bar: a real tqdm bar (count, rate, ETA) on a terminal, nothing otherwise."""

from __future__ import annotations

import io

from clusteratlas.cli._progress import StepBars, progress_bar


class Terminal(io.StringIO):
    """A text stream that says it is a terminal (as stderr does in an interactive shell)."""

    def isatty(self) -> bool:
        return True


def test_a_bar_per_step_with_rate_and_eta_on_a_terminal() -> None:
    stream = Terminal()
    bars = progress_bar(quiet=False, stream=stream)
    assert isinstance(bars, StepBars)
    for done in (1000, 2000, 3212):
        bars("Region", done, 3212)
    bars("HAS_INDUSTRY", 5000, 112485)
    bars.close()
    text = stream.getvalue()
    assert "Region: 100%" in text and "3.21k/3.21k" in text
    assert "HAS_INDUSTRY:   4%" in text and "5.00k/112k" in text
    assert "rows/s" in text  # the rate
    assert "<" in text  # elapsed<remaining: the ETA


def test_silent_when_not_a_terminal_or_quiet() -> None:
    assert progress_bar(quiet=False, stream=io.StringIO()) is None  # a pipe or a file
    assert progress_bar(quiet=True, stream=Terminal()) is None


def test_a_terminal_without_a_size_still_gets_a_bar(monkeypatch) -> None:
    """A pseudo-terminal may report 0 x 0 (`script`, some CI runners): tqdm would hide
    every bar there; the bar falls back to 100 x 24."""
    import os
    import shutil

    from clusteratlas.cli import _progress

    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=None: os.terminal_size((0, 0)))
    assert _progress._size() == (100, 24)
    stream = Terminal()
    bars = progress_bar(quiet=False, stream=stream)
    assert bars is not None
    bars("Industry", 81, 81)
    bars.close()
    assert "Industry: 100%" in stream.getvalue() and "81/81" in stream.getvalue()
