"""When an emitter sounds: a continuous bed, or events at seeded random intervals."""

from __future__ import annotations

import bisect
import random
from typing import Annotated, Literal

from pydantic import Field, model_validator

from vrasmr.scene.fields import StrictModel


class ContinuousSchedule(StrictModel):
    """The sound plays all the time (a bed: rain, fire, noise)."""

    type: Literal["continuous"] = "continuous"


class EventSchedule(StrictModel):
    """Single events (a tap, a page turn) separated by random gaps, start to start."""

    type: Literal["events"]
    min_gap_s: float = Field(8.0, ge=0.5, le=3600.0, description="shortest gap between starts, s")
    max_gap_s: float = Field(30.0, ge=0.5, le=3600.0, description="longest gap between starts, s")
    event_duration_s: float = Field(
        2.0, ge=0.05, le=600.0, description="how long one event sounds, seconds"
    )
    allow_overlap: bool = Field(
        False, description="let an event start before the previous one has ended"
    )
    start_s: float = Field(0.0, ge=0.0, le=3600.0, description="no events before this time, s")
    seed: int = Field(
        0, ge=0, le=2**31 - 1, description="picks the random gaps (same seed, same night)"
    )
    spread_m: float = Field(
        0.12,
        ge=0.0,
        le=1.0,
        description="each event is placed up to this far from the emitter and moves about "
        "this far while it sounds, m (0: every event in the same place)",
    )

    @model_validator(mode="after")
    def _gaps_make_sense(self) -> EventSchedule:
        if self.max_gap_s < self.min_gap_s:
            raise ValueError(
                f"max_gap_s ({self.max_gap_s:g}) is shorter than min_gap_s ({self.min_gap_s:g}); "
                "swap them"
            )
        if not self.allow_overlap and self.min_gap_s < self.event_duration_s:
            raise ValueError(
                f"min_gap_s ({self.min_gap_s:g}) is shorter than event_duration_s "
                f"({self.event_duration_s:g}), so events would overlap; raise min_gap_s or set "
                "allow_overlap = true"
            )
        return self


Schedule = Annotated[ContinuousSchedule | EventSchedule, Field(discriminator="type")]
SCHEDULE_TYPES = ("continuous", "events")


class EventTimeline:
    """The start times of one emitter's events, generated lazily from a seed and cached.

    The same schedule and key give the same times however the span is queried.
    """

    def __init__(self, schedule: EventSchedule, key: str) -> None:
        self._schedule = schedule
        self._rng = random.Random(f"{key}:{schedule.seed}")
        self._times: list[float] = []
        self._next = schedule.start_s

    def _extend_to(self, t: float) -> None:
        s = self._schedule
        while self._next < t:
            self._next += self._rng.uniform(s.min_gap_s, s.max_gap_s)
            self._times.append(self._next)

    def around(self, t: float) -> tuple[int, float, float]:
        """(index, start) of the latest event started at or before ``t`` (-1 and -inf
        before the first) and the start of the one after it."""
        self._extend_to(t)
        while not self._times or self._times[-1] <= t:
            self._extend_to(self._next + 1e-9)  # one more: the next event is known too
        k = bisect.bisect_right(self._times, t) - 1
        return k, (self._times[k] if k >= 0 else float("-inf")), self._times[k + 1]

    def between(self, t0: float, t1: float) -> list[float]:
        """Event start times in ``[t0, t1)``."""
        if not t1 > t0:
            return []
        self._extend_to(t1)
        lo = bisect.bisect_left(self._times, t0)
        hi = bisect.bisect_left(self._times, t1)
        return self._times[lo:hi]
