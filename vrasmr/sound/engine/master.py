"""The master gain: a target set per frame, times an optional schedule (the sleep fade),
approached at :data:`MASTER_SLEW_PER_S` and never above :data:`MASTER_CEILING` or the
loudness guard's cap (:mod:`.guard`).

The engine steps it on its own clock (the sound thread's, or seconds rendered on loopback),
so a fade goes on when frames stop.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from vrasmr.sound.engine.contract import MASTER_CEILING, EngineStatus
from vrasmr.sound.openal import _raw as r

MASTER_SLEW_PER_S = 1.0  # largest change of the master gain per second


def finite_or_zero(x: float) -> float:
    return float(x) if math.isfinite(x) else 0.0


class MasterGain:
    """Where the master is heading (``target`` × ``schedule(now)``) and where it is."""

    def __init__(self, status: EngineStatus):
        self._status = status
        self.target = 1.0  # linear, 0..MASTER_CEILING (the engine's set_master sets it)
        self.schedule: Callable[[float], float] | None = None
        self.cap = 1.0  # the loudness guard's cap (see .guard)
        self.level = 0.0  # in effect now
        self.sent = -1.0  # as last given to OpenAL

    def goal(self, now: float) -> float:
        goal = self.target
        fn = self.schedule
        if fn is not None:
            try:
                goal *= min(max(finite_or_zero(float(fn(now))), 0.0), 1.0)
            except Exception as exc:
                self._status.say(f"master schedule failed ({exc}); holding the level")
                self.schedule = None
        return min(goal, MASTER_CEILING, self.cap)

    def step(self, dt: float, now: float) -> bool:
        """Move ``dt`` seconds towards the goal at ``now``; True when the level must be sent."""
        goal = self.goal(now)
        step = MASTER_SLEW_PER_S * dt
        level = self.level + max(-step, min(step, goal - self.level))
        self.level = level = min(max(level, 0.0), MASTER_CEILING)
        return level != self.sent

    def send(self, al) -> None:
        """Give OpenAL the level (the engine's lock is held)."""
        al.alListenerf(r.AL_GAIN, float(self.level))
        self.sent = self.level
