"""How far a long job has come, shown to a person at a terminal or written to a log.

On a terminal, one bar redrawn in place, only when the whole percent changes. Anywhere
else (a pipe, a log file, CI) a line at each quarter: four lines for the whole job, never
a flood of carriage returns. 100 % is shown once however often it is reported.
"""

from __future__ import annotations

import sys
from typing import TextIO

_WIDTH = 30  # characters of the bar
_LOG_STEPS = (25, 50, 75, 100)  # percent marks that get a line when not on a terminal


class Progress:
    """A callable taking the fraction done (0..1), e.g. ``write_binaural``'s ``progress``."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        try:
            self.terminal = self.stream.isatty()
        except (AttributeError, ValueError):  # no isatty, or a closed stream
            self.terminal = False
        self._shown = -1  # the last percent shown
        self.finished = False

    def __call__(self, fraction: float) -> None:
        if self.finished:
            return
        percent = int(min(max(fraction, 0.0), 1.0) * 100)
        if self.terminal:
            if percent != self._shown:
                self._draw(percent)
        else:
            passed = [step for step in _LOG_STEPS if self._shown < step <= percent]
            if passed:
                self.stream.write(f"{self.label}: {passed[-1]} %\n")
                self.stream.flush()
        self._shown = max(self._shown, percent)
        self.finished = percent >= 100

    def _draw(self, percent: int) -> None:
        done = percent * _WIDTH // 100
        end = "\n" if percent >= 100 else ""
        self.stream.write(
            f"\r{self.label} [{'#' * done}{'.' * (_WIDTH - done)}] {percent:3d} %{end}"
        )
        self.stream.flush()
