"""A loaded scene as a pure function of time: where each sound is, how loud, what is drawn.

Every backend and test asks the same ``SceneRuntime`` for time ``t`` (seconds since the
scene started) and sees the same scene. Gains and brightness rise from zero over the scene's
``fade_in_s`` (the sounds evenly in dB, the picture as a smoothstep), so starting a scene
never jumps in level.
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from vrasmr.scene.layers import map_colours
from vrasmr.scene.model import Scene
from vrasmr.scene.schedule import EventSchedule, EventTimeline


def srgb_floats(hex_colour: str) -> tuple[float, float, float]:
    """ "#rrggbb" → sRGB floats 0–1."""
    return tuple(int(hex_colour[i : i + 2], 16) / 255.0 for i in (1, 3, 5))


SOUND_FADE_FROM_DB = -30.0  # the sounds' start ramp begins this far down (dB)
_SOUND_FADE_ONSET_S = 1.0  # ... reached from silence over the first second
ENTRY_S = 30.0  # events and textures come in over this, once the beds are in


def _sound_fade_db(t: float, seconds: float) -> float:
    """The even part of the start ramp, dB: SOUND_FADE_FROM_DB → 0 over ``seconds``."""
    if seconds <= 0.0:
        return 0.0
    return SOUND_FADE_FROM_DB * (1.0 - min(max(t / seconds, 0.0), 1.0))


def _sound_fade(t: float, seconds: float) -> float:
    """Evenly in dB from SOUND_FADE_FROM_DB to 0 over ``seconds`` (out of silence over the
    first second): a steady rise, 1 dB/s over 30 s, which the ear never hears as a jump."""
    if seconds <= 0.0:
        return 1.0
    if t <= 0.0:
        return 0.0
    onset = min(t / _SOUND_FADE_ONSET_S, 1.0)
    return 10.0 ** (_sound_fade_db(t, seconds) / 20.0) * onset * onset * (3.0 - 2.0 * onset)


def _fade(t: float, seconds: float) -> float:
    if seconds <= 0.0:
        return 1.0
    x = min(max(t / seconds, 0.0), 1.0)
    return x * x * (3.0 - 2.0 * x)


def entered_s(scene) -> float:
    """When everything of ``scene`` is in: its fade-in, then the entry of what stands out of
    the beds (events, textures, words). A scene's sound is judged from here on."""
    fade_in_s = float(scene.fade_in_s)
    return fade_in_s + ENTRY_S if fade_in_s > 0.0 else 0.0


class _Placements:
    """Where each event of one emitter sounds relative to the emitter: a spot up to
    ``spread_m`` away, moving about that far (a stroke, a hand shifting) while it sounds,
    then waiting at the next event's spot through the rest. Drawn per event from the seed."""

    def __init__(self, timeline: EventTimeline, schedule: EventSchedule, key: str):
        self.timeline = timeline
        self.spread = schedule.spread_m
        self.duration = schedule.event_duration_s
        self.key = zlib.crc32(key.encode())
        self._spots: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def _spot(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        spot = self._spots.get(k)
        if spot is None:  # drawn once per event (the last few are kept)
            rng = np.random.default_rng([self.key, k + 1])
            start = rng.uniform(-1.0, 1.0, 3) * self.spread * np.array([1.0, 0.4, 1.0])
            spot = (start, rng.normal(0.0, 0.6, 3) * self.spread * np.array([1.0, 0.3, 1.0]))
            if len(self._spots) >= 4:
                self._spots.pop(min(self._spots))
            self._spots[k] = spot
        return spot

    def offset(self, t: float) -> np.ndarray:
        k, start, _ = self.timeline.around(t)
        if k < 0 or t >= start + self.duration:
            return self._spot(k + 1)[0]  # resting: already where the next one will be
        base, move = self._spot(k)
        return base + move * ((t - start) / self.duration)


class SceneRuntime:
    """Positions, gains, events and visual parameters of ``scene`` at any time.

    ``night`` (a seed) picks the night: its events' gaps and places; 0 is the scene's own."""

    def __init__(self, scene: Scene, night: int = 0) -> None:
        self.scene = scene
        em = scene.emitters
        self.head_anchored = np.array([e.anchor == "head" for e in em], dtype=bool)
        self._gain_db = np.array([e.gain_db for e in em], dtype=float)
        self._breath_db = np.array([e.breath_sync_db for e in em], dtype=float)
        self._breathes = bool(np.any(self._breath_db))
        self._gain = 10.0 ** (self._gain_db / 20.0)
        self._position_at = [e.motion.position_at for e in em]
        key = f"{scene.id}:{{}}" + (f":{night}" if night else "")
        self._timelines = {
            i: EventTimeline(e.schedule, key.format(i))
            for i, e in enumerate(em)
            if isinstance(e.schedule, EventSchedule)
        }
        self._placements = [
            (i, _Placements(tl, em[i].schedule, key.format(i)))
            for i, tl in self._timelines.items()
            if em[i].schedule.spread_m > 0
        ]

    pacer = None  # a vrasmr.sleep.pacing.BreathPlan (set whole): the guide's changing pace

    def breath_phase(self, t: float) -> float:
        """Where in the breath cycle ``t`` falls: 0 = start of inhale, 0.5 = full, → 1."""
        pacer = self.pacer
        if pacer is not None:
            return pacer.phase(t)
        return (t * self.scene.breathing_rate_bpm / 60.0) % 1.0

    def breath_level(self, t: float) -> float:
        """How full the lungs are, 0–1, rising and falling smoothly (a raised cosine)."""
        return 0.5 - 0.5 * math.cos(2.0 * math.pi * self.breath_phase(t))

    def fade(self, t: float) -> float:
        """The picture's start ramp, 0 → 1 over ``fade_in_s`` (smoothstep)."""
        return _fade(t, self.scene.fade_in_s)

    def sound_fade(self, t: float) -> float:
        """The beds' start ramp, 0 → 1 over ``fade_in_s``, even in dB (see _sound_fade)."""
        return _sound_fade(t, self.scene.fade_in_s)

    def sound_fade_db(self, t: float) -> float:
        """The beds' start ramp in dB without its first second out of silence: what the
        sleep check takes out of its startle reference (a known, slow rise)."""
        return _sound_fade_db(t, self.scene.fade_in_s)

    def entry_fade(self, t: float) -> float:
        """The ramp of what stands out of the beds (events, textures): silent while the beds
        rise, then 0 → 1 over :data:`ENTRY_S`, even in dB, over beds already in."""
        seconds = self.scene.fade_in_s
        return _sound_fade(t - seconds, ENTRY_S) if seconds > 0.0 else 1.0

    def emitters_at(self, t: float) -> tuple[np.ndarray, np.ndarray]:
        """Positions ``(n, 3)`` in metres (head frame for head-anchored) and linear gains ``(n,)``."""
        positions = np.array([at(t) for at in self._position_at], dtype=float).reshape(-1, 3)
        for i, placement in self._placements:
            positions[i] += placement.offset(t)
        if self._breathes:
            dip = self._breath_db * (1.0 - self.breath_level(t))
            gains = 10.0 ** ((self._gain_db - dip) / 20.0) * self.sound_fade(t)
        else:
            gains = self._gain * self.sound_fade(t)
        return positions, gains

    def events_between(self, t0: float, t1: float) -> list[tuple[int, float]]:
        """Scheduled events starting in ``[t0, t1)``, as ``(emitter_index, time)`` by time."""
        events = [(i, s) for i, tl in self._timelines.items() for s in tl.between(t0, t1)]
        return sorted(events, key=lambda e: (e[1], e[0]))

    def visual_params_at(self, t: float) -> dict:
        """Brightness, breath and each layer's parameters (colours as sRGB floats) at ``t``."""
        palette = self.scene.palette
        breath = self.breath_level(t)

        def colour(value: str):
            return srgb_floats(palette.get(value, value))

        layers = []
        for layer in self.scene.layers:
            params = map_colours(layer.model_dump(), colour)
            params["time_s"] = t
            if layer.kind == "sky":
                params["star_rotation_rad"] = math.radians(layer.star_rotation_deg_per_min) * t / 60
            elif layer.kind == "orb":
                params["current_radius_m"] = layer.radius_m * (1.0 + layer.breath_scale * breath)
            layers.append(params)
        return {
            "brightness": self.scene.brightness * self.fade(t),
            "breath_level": breath,
            "layers": layers,
        }
