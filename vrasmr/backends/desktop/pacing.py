"""Frame pacing by vsync: frame times stay on the ``index / rate`` grid.

With vsync on, the swap waits for the display, so the clock never sleeps; each tick takes
the grid slot nearest to now (never going back) and counts the slots it skipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from vrasmr.clock import MonotonicGrid


class VsyncClock(MonotonicGrid):
    """Like :class:`vrasmr.clock.RealClock`, but the swap does the waiting."""

    def __init__(self, rate: float = 60.0, *, monotonic: Callable[[], float] = time.perf_counter):
        super().__init__(rate, monotonic)

    def tick(self) -> float:
        """The time of this frame: the grid slot nearest to now, never earlier than the last."""
        slot = max(round(self.now() * self.rate), self.index)
        if self.index:  # slots between the expected one and this one were never shown
            self.dropped += slot - self.index
        self.index = slot + 1
        return slot / self.rate
