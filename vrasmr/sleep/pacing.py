"""Breath pacing: the guide starts at the person's own breathing rate and glides to the
scene's slow pace (6 a minute in "breathe") over :data:`GLIDE_S`.

A :class:`BreathPlan` is the guide's rate over scene time as smoothstep ramps between steady
stretches; its phase (breaths counted) is the rate's exact integral, so the orb and the
breath-synced sounds never jump, whatever moment a ramp begins. The plan is immutable and
replaced whole, so the sound thread can read it while the frame thread plans the next.

With a headset the guide starts at :data:`START_BPM` (a resting adult's rate), moves to the
measured rate over :data:`MATCH_S` once the night watch has one (about two minutes in), then
glides to the scene's pace; it never speeds a slower breather up. Without a measurement
(the preview, detection off) the scene's fixed pace is used, as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from vrasmr.sleep.fade import smoothstep

START_BPM = 12.0
MATCH_S = 30.0  # from the starting pace to the measured rate
GLIDE_S = 15 * 60.0  # from the measured rate to the scene's pace (the issue: 10-20 minutes)
PACED_TECHNIQUE = "breathing"


@dataclass(frozen=True)
class Ramp:
    """From ``t0`` for ``seconds`` the rate goes ``r0`` → ``r1`` (smoothstep); ``cycles0``
    breaths have been counted at ``t0``."""

    t0: float
    seconds: float
    r0: float
    r1: float
    cycles0: float

    def rate(self, t: float) -> float:
        if self.seconds <= 0.0:
            return self.r1
        return self.r0 + (self.r1 - self.r0) * smoothstep((t - self.t0) / self.seconds)

    def cycles(self, t: float) -> float:
        """Breaths counted at ``t`` (the rate's integral: x^3 - x^4/2 for a smoothstep)."""
        d = t - self.t0
        if self.seconds <= 0.0 or d <= 0.0:
            return self.cycles0 + (self.r1 if self.seconds <= 0.0 else self.r0) * d / 60.0
        if d >= self.seconds:
            done = self.seconds * (self.r0 + self.r1) / 2.0
            return self.cycles0 + (done + self.r1 * (d - self.seconds)) / 60.0
        x = d / self.seconds
        ramped = self.seconds * (self.r0 * x + (self.r1 - self.r0) * (x**3 - x**4 / 2.0))
        return self.cycles0 + ramped / 60.0


@dataclass(frozen=True)
class BreathPlan:
    """The guide's pace: steady ``ramps[0].r0`` until the first ramp, then each in turn."""

    ramps: tuple[Ramp, ...]

    @classmethod
    def steady(cls, bpm: float) -> BreathPlan:
        return cls((Ramp(0.0, 0.0, bpm, bpm, 0.0),))

    def _ramp(self, t: float) -> Ramp:
        ramps = self.ramps
        for k in range(len(ramps) - 1, 0, -1):
            if t >= ramps[k].t0:
                return ramps[k]
        return ramps[0]

    def rate(self, t: float) -> float:
        return self._ramp(t).rate(t)

    def cycles(self, t: float) -> float:
        return self._ramp(t).cycles(t)

    def phase(self, t: float) -> float:
        """Where in the breath ``t`` falls, 0..1 (as ``SceneRuntime.breath_phase``)."""
        return self.cycles(t) % 1.0

    def then(self, t: float, to_bpm: float, seconds: float) -> BreathPlan:
        """This plan, then from ``t`` a ramp to ``to_bpm`` over ``seconds`` (later ramps of
        this plan are dropped)."""
        kept = tuple(r for r in self.ramps if r.t0 <= t)
        now = BreathPlan(kept)
        return BreathPlan((*kept, Ramp(t, seconds, now.rate(t), to_bpm, now.cycles(t))))


def paced_plan(start: BreathPlan, t: float, measured_bpm: float, scene_bpm: float) -> BreathPlan:
    """From ``t``: match the measured rate over MATCH_S, then glide to the scene's pace over
    GLIDE_S (never up: a slower breather keeps their rate)."""
    goal = min(scene_bpm, measured_bpm)
    return start.then(t, measured_bpm, MATCH_S).then(t + MATCH_S, goal, GLIDE_S)


def breath_sound_share(rate: float, sound_bpm: float) -> float:
    """How much of a breathing sound recorded at ``sound_bpm`` to play while the guide is at
    ``rate``: none while they are apart, all once within half a breath a minute."""
    gap = abs(rate - sound_bpm)
    return 1.0 - smoothstep((gap - 0.5) / 1.5)
