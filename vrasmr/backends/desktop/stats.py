"""Frame timing statistics for the stats overlay and the pacing benchmark."""

from __future__ import annotations

from collections import deque

import numpy as np


class FrameStats:
    """The last ``window`` frames' work times and how late each was presented, in seconds."""

    def __init__(self, window: int = 512):
        self.work = deque(maxlen=window)
        self.late = deque(maxlen=window)
        self.frames = 0

    def add(self, work_s: float, late_s: float) -> None:
        """One frame: how long its step+draw took, and its present time minus its deadline."""
        self.work.append(work_s)
        self.late.append(late_s)
        self.frames += 1

    def work_ms(self) -> tuple[float, float]:
        """Median and 99th percentile of the work time, in milliseconds."""
        if not self.work:
            return 0.0, 0.0
        a = np.fromiter(self.work, dtype=float)
        return float(np.median(a) * 1e3), float(np.percentile(a, 99) * 1e3)

    def late_share(self, period_s: float) -> float:
        """Share of frames presented more than one period after their deadline."""
        if not self.late:
            return 0.0
        a = np.fromiter(self.late, dtype=float)
        return float(np.mean(a > period_s))
