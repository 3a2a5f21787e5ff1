"""Fixed-rate clocks: a virtual one for reproducible renders and a real one paced by deadline.

Both hand out frame times as ``index / rate`` seconds from the start, so simulation time
never depends on how long the last frame took. The real clock sleeps until each frame's
deadline; when it falls behind it skips ahead to the next deadline and counts the drop.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class FrameGrid:
    """Frame times on the ``index / rate`` grid, and how many frames were dropped."""

    def __init__(self, rate: float):
        if not rate > 0:
            raise ValueError(f"frame rate must be positive, got {rate}")
        self.rate = float(rate)
        self.index = 0
        self.dropped = 0

    @property
    def period(self) -> float:
        return 1.0 / self.rate


class MonotonicGrid(FrameGrid):
    """A frame grid whose ``now()`` is seconds of ``monotonic`` since it was made."""

    def __init__(self, rate: float, monotonic: Callable[[], float]):
        super().__init__(rate)
        self._monotonic = monotonic
        self._t0 = monotonic()

    def now(self) -> float:
        return self._monotonic() - self._t0


class VirtualClock(FrameGrid):
    """Advances exactly ``1/rate`` seconds per frame; never sleeps."""

    def __init__(self, rate: float = 90.0, start_s: float = 0.0):
        super().__init__(rate)
        self.start_s = start_s

    def now(self) -> float:
        return self.start_s + self.index / self.rate

    def tick(self) -> float:
        """The time of the next frame."""
        t = self.now()
        self.index += 1
        return t


class RealClock(MonotonicGrid):
    """Paces frames by deadline at ``rate`` Hz using a monotonic clock."""

    def __init__(
        self,
        rate: float = 90.0,
        *,
        monotonic: Callable[[], float] = time.perf_counter,
        sleep: Callable[[float], None] = time.sleep,
    ):
        super().__init__(rate, monotonic)
        self._sleep = sleep

    def tick(self) -> float:
        """Wait for the next frame's deadline and return its time (seconds since start)."""
        deadline = self.index / self.rate
        late = self.now() - deadline
        if late > self.period:
            skipped = int(late // self.period)
            self.dropped += skipped
            self.index += skipped
            deadline = self.index / self.rate
        wait = deadline - self.now()
        if wait > 0:
            # Linux sleeps wake within ~0.1 ms; no busy-wait (it would steal a core from audio).
            self._sleep(wait)
        self.index += 1
        return deadline
