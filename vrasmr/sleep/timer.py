"""The sleep timer: a pure function of time giving master gain, picture brightness and state.

A timer of N minutes means "silent and dark N minutes after it was set": the fade (default
10 minutes, loudness-shaped) ends exactly at that moment, so it starts ``fade_minutes`` earlier
(or at once, if the timer is shorter than the fade). "all_night" plays at full level for a
while, then settles over the fade time to a low level (default -12 dB) and stays there while
the picture goes dark. Brightness also drifts slowly down over the whole session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from vrasmr.quoting import quote
from vrasmr.sleep.fade import (
    clamp01,
    db_to_gain,
    fade_between,
    fade_out_gain,
    smoothstep,
)

ALL_NIGHT = "all_night"
TIMER_CHOICES = (None, 15, 30, 45, 60, 90, ALL_NIGHT)  # None = off
MIN_TIMER_MINUTES, MAX_TIMER_MINUTES = 15, 90
RESTART_RAMP_S = 10.0

TimerChoice = int | None | Literal["all_night"]
SessionState = Literal["playing", "fading", "ended"]


def parse_timer(value: object) -> TimerChoice:
    """Turn "off" / None, 15..90 (int or text) or "all_night" into a timer choice.

    Raises ValueError with the accepted values when ``value`` is none of these.
    """
    if value is None or (isinstance(value, str) and value.strip().lower() in ("off", "none", "")):
        return None
    if isinstance(value, str):
        text = value.strip().lower().replace("-", "_").replace(" ", "_")
        if text in (ALL_NIGHT, "allnight", "night"):
            return ALL_NIGHT
        if text.isdigit():
            value = int(text)
    is_int = isinstance(value, int) and not isinstance(value, bool)
    if is_int and MIN_TIMER_MINUTES <= value <= MAX_TIMER_MINUTES:
        return value
    raise ValueError(
        f"sleep timer {quote(value)} is not valid; use 'off', a number of minutes from "
        f"{MIN_TIMER_MINUTES} to {MAX_TIMER_MINUTES} (e.g. 45), or 'all_night'"
    )


def timer_label(choice: TimerChoice) -> str:
    """The text form stored in the journal and settings: "off", "45" or "all_night"."""
    return "off" if choice is None else str(choice)


@dataclass(frozen=True)
class SleepPlan:
    """What the user chose: timer length, fade length and how the picture dims."""

    timer_minutes: TimerChoice = None
    fade_minutes: float = 10.0
    all_night_gain_db: float = -12.0
    all_night_after_minutes: float = 30.0
    dim_per_hour: float = 0.15
    min_brightness: float = 0.35

    def __post_init__(self) -> None:
        object.__setattr__(self, "timer_minutes", parse_timer(self.timer_minutes))
        if not 0.5 <= self.fade_minutes <= 60.0:
            raise ValueError(f"fade_minutes={self.fade_minutes} must be between 0.5 and 60")
        if not -40.0 <= self.all_night_gain_db <= 0.0:
            raise ValueError(
                f"all_night_gain_db={self.all_night_gain_db} must be between -40 and 0 dB"
            )
        if self.all_night_after_minutes < 0:
            raise ValueError("all_night_after_minutes must not be negative")
        if not 0.0 <= self.dim_per_hour <= 1.0 or not 0.0 <= self.min_brightness <= 1.0:
            raise ValueError("dim_per_hour and min_brightness must be between 0 and 1")


@dataclass(frozen=True)
class _Ramp:
    """A short smooth hand-over from the previous timer's values after a change."""

    t0: float
    gain0: float
    brightness0: float
    seconds: float = RESTART_RAMP_S


class SleepTimer:
    """Gain, brightness and state over time for one plan; all methods are pure in ``t``.

    ``t`` is any monotonic clock in seconds (the audio thread's sample clock works well).
    """

    def __init__(self, plan: SleepPlan, start_s: float, *, session_start_s: float | None = None):
        self.plan = plan
        self.start_s = float(start_s)
        self.session_start_s = float(start_s if session_start_s is None else session_start_s)
        self._ramp: _Ramp | None = None
        self._from_gain = 1.0  # where the fade starts (below 1 once lengthened mid-fade)
        self._from_light = 1.0
        fade_s = plan.fade_minutes * 60.0
        if plan.timer_minutes is None:
            self._fade_start = self._fade_end = None
        elif plan.timer_minutes == ALL_NIGHT:
            self._fade_start = self.start_s + plan.all_night_after_minutes * 60.0
            self._fade_end = self._fade_start + fade_s
        else:
            self._fade_end = self.start_s + plan.timer_minutes * 60.0
            self._fade_start = max(self.start_s, self._fade_end - fade_s)

    @property
    def all_night(self) -> bool:
        return self.plan.timer_minutes == ALL_NIGHT

    def fade_window(self) -> tuple[float, float] | None:
        """When the fade starts and ends (the clock's seconds); None when the timer is off."""
        if self._fade_start is None or self._fade_end is None:
            return None
        return self._fade_start, self._fade_end

    def fade_progress(self, t: float) -> float:
        """0 before the fade, 1 after it, in between during it."""
        if self._fade_start is None or self._fade_end is None:
            return 0.0
        span = self._fade_end - self._fade_start
        if span <= 0.0:
            return 1.0 if t >= self._fade_end else 0.0
        return clamp01((t - self._fade_start) / span)

    def state_at(self, t: float) -> SessionState:
        if self._fade_start is None or t < self._fade_start:
            return "playing"
        if t >= self._fade_end:
            return "playing" if self.all_night else "ended"
        return "fading"

    def gain_at(self, t: float) -> float:
        """Linear master-gain multiplier in [0, 1]; exactly 0 once the state is "ended"."""
        if self.state_at(t) == "ended":
            return 0.0
        p = self.fade_progress(t)
        if self.all_night:
            base = fade_between(p, self._from_gain, db_to_gain(self.plan.all_night_gain_db))
        elif self._from_gain == 1.0:
            base = fade_out_gain(p)
        else:
            base = fade_between(p, self._from_gain, 0.0)
        return clamp01(self._ramped(t, base, lambda r: r.gain0))

    def brightness_at(self, t: float) -> float:
        """Picture brightness multiplier in [0, 1]: slow drift, then dark with the sound."""
        if self.state_at(t) == "ended":
            return 0.0
        hours = max(0.0, t - self.session_start_s) / 3600.0
        drift = max(self.plan.min_brightness, 1.0 - self.plan.dim_per_hour * hours)
        base = drift * self._from_light * (1.0 - self.fade_progress(t))
        return clamp01(self._ramped(t, base, lambda r: r.brightness0))

    def restart(self, t: float, plan: SleepPlan) -> SleepTimer:
        """A new timer for ``plan`` set at ``t``, easing over from this one's values (no jump)."""
        new = SleepTimer(plan, t, session_start_s=self.session_start_s)
        new._ramp = _Ramp(t0=float(t), gain0=self.gain_at(t), brightness0=self.brightness_at(t))
        return new

    def lengthened(self, t: float, minutes: float) -> SleepTimer:
        """This timer with the fade from ``t`` on lasting at least ``minutes`` (sleep is
        likely: the bed goes down more slowly), starting from where the gain and the light
        are at ``t``, so nothing steps or rises. "off", an ended timer and an all-night
        timer already at its low level are returned as they are."""
        if self._fade_end is None or self.state_at(t) == "ended":
            return self
        if self.all_night and t >= self._fade_end:
            return self
        new = SleepTimer(self.plan, self.start_s, session_start_s=self.session_start_s)
        new._from_gain = self.gain_at(t)
        new._from_light = self._from_light * (1.0 - self.fade_progress(t))
        new._fade_start = float(t)
        new._fade_end = max(self._fade_end, t + minutes * 60.0)
        return new

    def _ramped(self, t: float, base: float, start_value) -> float:
        ramp = self._ramp
        if ramp is None or t >= ramp.t0 + ramp.seconds:
            return base
        w = smoothstep((t - ramp.t0) / ramp.seconds)
        v0 = start_value(ramp)
        return v0 + (base - v0) * w
