"""Dynamic resolution: a render scale that follows the measured frame work.

A window draws the scene at ``scale`` times its size and upscales the picture, so a slow
GPU (Mesa llvmpipe) keeps the frame rate by drawing fewer pixels. The controller is pure:
fed each drawn frame's work time, it steps the scale down soon when the median of the
recent frames is over budget, and up rarely, one grid step at a time, only when that step
is predicted to stay well under budget (hysteresis). Changes are spaced in time so the
sharpness never pumps, and scales sit on a grid so the same few target sizes come back.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from statistics import median

SCALE_RANGE = (0.2, 1.0)


@dataclass(frozen=True)
class ScalePolicy:
    """How the render scale follows the frame work."""

    budget: float = 0.6  # share of the period the median work may use (the spread needs room)
    aim: float = 0.85  # a step down aims at this share of the budget
    raise_margin: float = 0.8  # step up only when predicted under this share of the budget
    grid: float = 0.05  # scales are multiples of this (or the lowest scale)
    min_scale: float = SCALE_RANGE[0]
    max_scale: float = SCALE_RANGE[1]
    min_height_px: int = 160  # never render fewer rows than this (unless the window is smaller)
    window: int = 90  # the newest samples the median looks at
    min_samples: int = 8  # samples at the current scale before any decision
    down_wait_s: float = 0.5  # time at a scale before a step down
    up_wait_s: float = 2.0  # time at a scale before a step up
    retry_s: float = 30.0  # a scale that had to be stepped back from waits this long ...
    max_retry_s: float = 600.0  # ... twice as long after each further failure, up to this


class RenderScale:
    """The render scale of one window: fixed (``fixed=``) or following ``add()``'s samples.

    ``add(now_s, work_s, height_px)`` takes one drawn frame: its time on the frame clock,
    its work time (step + draw + present) and the window height in pixels; it returns True
    when the scale changed. Work is assumed to grow with the pixel count (scale squared),
    which overstates the fixed part's growth and so errs towards staying put.
    """

    def __init__(
        self,
        period_s: float,
        *,
        fixed: float | None = None,
        policy: ScalePolicy = ScalePolicy(),
        start: float = 1.0,
    ):
        if not period_s > 0:
            raise ValueError(f"frame period must be positive, got {period_s}")
        self.period_s = float(period_s)
        self.policy = policy
        self.fixed = fixed is not None
        self.scale = float(fixed) if fixed is not None else self._snap(start)
        self.changes = 0
        self._samples: deque[float] = deque(maxlen=policy.window)
        self._since: float | None = None  # frame time of the last change (or first sample)
        self._went_up = False  # the last change was a step up
        self._ceiling = math.inf  # a scale that proved too slow ...
        self._ceiling_until = -math.inf  # ... until this frame time
        self._retry_s = policy.retry_s

    # ---- geometry -------------------------------------------------------------------
    def bounds(self, height_px: int) -> tuple[float, float]:
        """The lowest and highest scale for a window ``height_px`` tall."""
        p = self.policy
        lowest = max(p.min_scale, p.min_height_px / max(int(height_px), 1))
        return min(round(lowest, 6), p.max_scale), p.max_scale

    def size(self, fb_size) -> tuple[int, int]:
        """The render size for a window framebuffer of ``fb_size`` pixels."""
        w, h = int(fb_size[0]), int(fb_size[1])
        if self.scale >= 1.0:
            return w, h
        return max(round(w * self.scale), 1), max(round(h * self.scale), 1)

    def _snap(self, scale: float, *, up: bool = False, nearest: bool = False) -> float:
        """``scale`` on the grid: rounded down, or ``up``, or to the ``nearest`` step."""
        g = self.policy.grid
        steps = scale / g
        if nearest:
            steps = round(steps)
        else:
            steps = math.ceil(steps - 1e-9) if up else math.floor(steps + 1e-9)
        return round(steps * g, 6)

    # ---- control --------------------------------------------------------------------
    def add(self, now_s: float, work_s: float, height_px: int) -> bool:
        """Take one drawn frame; True when the scale changed (the next frame uses it)."""
        if self.fixed:
            return False
        p = self.policy
        if self._since is None or now_s < self._since:  # the first frame, or a new clock
            self._since = now_s
        lo, hi = self.bounds(height_px)
        if not lo <= self.scale <= hi:  # the window was resized
            return self._set(min(max(self.scale, lo), hi), now_s, up=False)
        self._samples.append(float(work_s))
        if len(self._samples) < p.min_samples:
            return False
        waited = now_s - self._since
        med = median(self._samples)
        budget = p.budget * self.period_s
        if med > budget:
            if waited < p.down_wait_s or self.scale <= lo:
                return False
            if self._went_up:  # the last step up was one too many: leave it alone a while
                again = self.scale == self._ceiling
                self._retry_s = min(2.0 * self._retry_s, p.max_retry_s) if again else p.retry_s
                self._ceiling, self._ceiling_until = self.scale, now_s + self._retry_s
            want = self._snap(self.scale * math.sqrt(p.aim * budget / med), nearest=True)
            new = min(want, self._snap(self.scale - p.grid))  # at least one step ...
            new = max(new, self._snap(self.scale / 2.0, up=True), lo)  # ... at most halving
            return self._set(new, now_s, up=False)
        if waited < p.up_wait_s or self.scale >= hi:
            return False
        new = min(self._snap(self.scale + p.grid), hi)
        if new >= self._ceiling and now_s < self._ceiling_until:
            return False
        predicted = med * (new / self.scale) ** 2
        if predicted < p.raise_margin * budget:
            return self._set(new, now_s, up=True)
        return False

    def _set(self, scale: float, now_s: float, *, up: bool) -> bool:
        if scale == self.scale:
            return False
        self.scale = scale
        self.changes += 1
        self._since = now_s
        self._samples.clear()
        self._went_up = up
        return True


def parse_scale(text: str | float | None) -> float | None:
    """``--scale``: "auto" (or None) is None, else a number in 0.2..1; ValueError otherwise."""
    if text is None or (isinstance(text, str) and text.strip().lower() == "auto"):
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    lo, hi = SCALE_RANGE
    if not lo <= value <= hi:
        raise ValueError(f"--scale must be 'auto' or a number from {lo} to {hi}, got {text!r}")
    return value
