"""Progress bars on stderr (tqdm): one bar per step with count, rate and ETA.

Silent when stderr is not a terminal (pipes, CI logs, tests) or with ``--quiet``:
data on stdout is never mixed with progress. tqdm is imported only when a bar is
actually drawn.

>>> progress_bar(quiet=True) is None
True
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO

__all__ = ["StepBars", "progress_bar"]


class StepBars:
    """A ``progress(step, done, total)`` callback drawing one tqdm bar per step.

    A new step name closes the previous bar (left on screen, complete) and opens the
    next; :meth:`close` closes the last one.
    """

    def __init__(self, stream: TextIO, unit: str = "rows") -> None:
        self.stream = stream
        self.unit = unit
        self._bar: Any = None
        self._step: str | None = None

    def __call__(self, step: str, done: int, total: int) -> None:
        if step != self._step:
            self.close()
            from tqdm import tqdm

            columns, rows = _size()
            self._step = step
            self._bar = tqdm(
                total=total,
                desc=f"{step:>16}",
                unit=self.unit,
                unit_scale=total >= 1000,
                file=self.stream,
                leave=True,
                ncols=columns,
                nrows=rows,
            )
        bar = self._bar
        bar.update(max(done - bar.n, 0))

    def close(self) -> None:
        """Close the bar of the current step, if any."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
            self._step = None


def _size() -> tuple[int, int]:
    """Columns and rows for the bar: the terminal's, or 100 x 24 when it reports none (a
    pseudo-terminal without a size; tqdm would otherwise hide every bar)."""
    import shutil

    columns, rows = shutil.get_terminal_size(fallback=(100, 24))
    return (min(columns, 140) if columns > 20 else 100), (rows if rows > 2 else 24)


def progress_bar(
    quiet: bool, stream: TextIO | None = None, unit: str = "rows"
) -> Callable[[str, int, int], None] | None:
    """A :class:`StepBars` on ``stream`` (default stderr), or None when quiet or not a terminal."""
    stream = stream or sys.stderr
    if quiet or not stream.isatty():
        return None
    return StepBars(stream, unit)
