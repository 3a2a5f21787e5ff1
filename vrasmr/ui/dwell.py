"""Gaze dwell on a target: a ring that fills over ``dwell_s`` and fires once.

Looking away (or at another target) cancels and empties the ring. After firing, the gaze
must leave the target before that target can fire again, so one long stare is one action.
"""

from __future__ import annotations

from dataclasses import dataclass

DWELL_S = 1.2


@dataclass
class Dwell:
    dwell_s: float = DWELL_S
    target: str | None = None
    since_s: float = 0.0
    fired: bool = False
    progress: float = 0.0  # 0..1, for the reticle ring

    def update(self, target: str | None, time_s: float) -> str | None:
        """Feed what the gaze is on at ``time_s``; the target's id on the frame it fires."""
        if target != self.target:
            self.target, self.since_s, self.fired, self.progress = target, time_s, False, 0.0
            return None
        if target is None or self.fired:
            self.progress = 0.0
            return None
        held = time_s - self.since_s
        self.progress = min(1.0, held / self.dwell_s)
        if held >= self.dwell_s - 1e-6:  # virtual frame times add up with rounding
            self.fired, self.progress = True, 0.0
            return target
        return None

    def reset(self) -> None:
        self.target, self.fired, self.progress = None, False, 0.0
