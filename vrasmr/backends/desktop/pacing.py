"""Frame pacing by vsync: frame times stay on the ``index / rate`` grid.

With vsync on, the swap waits for the display, so the clock never sleeps; each tick takes
the grid slot nearest to now (never going back) and counts the slots it skipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class VsyncClock:
    """Like :class:`vrasmr.clock.RealClock`, but the swap does the waiting."""

    def __init__(self, rate: float = 60.0, *, monotonic: Callable[[], float] = time.perf_counter):
        if not rate > 0:
            raise ValueError(f"frame rate must be positive, got {rate}")
        self.rate = float(rate)
        self._monotonic = monotonic
        self._t0 = monotonic()
        self.index = 0
        self.dropped = 0

    @property
    def period(self) -> float:
        return 1.0 / self.rate

    def now(self) -> float:
        return self._monotonic() - self._t0

    def tick(self) -> float:
        """The time of this frame: the grid slot nearest to now, never earlier than the last."""
        slot = max(round(self.now() * self.rate), self.index)
        if self.index:  # slots between the expected one and this one were never shown
            self.dropped += slot - self.index
        self.index = slot + 1
        return slot / self.rate
