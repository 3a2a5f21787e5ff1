"""A loaded scene as a pure function of time: where each sound is, how loud, what is drawn.

Every backend and test asks the same ``SceneRuntime`` for time ``t`` (seconds since the
scene started) and sees the same scene. Gains and brightness rise from zero over the scene's
``fade_in_s``, so starting a scene never jumps in level.
"""

from __future__ import annotations

import math

import numpy as np

from vrasmr.scene.layers import map_colours
from vrasmr.scene.model import Scene
from vrasmr.scene.schedule import EventSchedule, EventTimeline


def srgb_floats(hex_colour: str) -> tuple[float, float, float]:
    """ "#rrggbb" → sRGB floats 0–1."""
    return tuple(int(hex_colour[i : i + 2], 16) / 255.0 for i in (1, 3, 5))


def _fade(t: float, seconds: float) -> float:
    if seconds <= 0.0:
        return 1.0
    x = min(max(t / seconds, 0.0), 1.0)
    return x * x * (3.0 - 2.0 * x)


class SceneRuntime:
    """Positions, gains, events and visual parameters of ``scene`` at any time."""

    def __init__(self, scene: Scene) -> None:
        self.scene = scene
        em = scene.emitters
        self.head_anchored = np.array([e.anchor == "head" for e in em], dtype=bool)
        self._gain_db = np.array([e.gain_db for e in em], dtype=float)
        self._breath_db = np.array([e.breath_sync_db for e in em], dtype=float)
        self._breathes = bool(np.any(self._breath_db))
        self._gain = 10.0 ** (self._gain_db / 20.0)
        self._position_at = [e.motion.position_at for e in em]
        self._timelines = {
            i: EventTimeline(e.schedule, f"{scene.id}:{i}")
            for i, e in enumerate(em)
            if isinstance(e.schedule, EventSchedule)
        }

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
        """The scene's start ramp, 0 → 1 over ``fade_in_s`` (smoothstep)."""
        return _fade(t, self.scene.fade_in_s)

    def emitters_at(self, t: float) -> tuple[np.ndarray, np.ndarray]:
        """Positions ``(n, 3)`` in metres (head frame for head-anchored) and linear gains ``(n,)``."""
        positions = np.array([at(t) for at in self._position_at], dtype=float).reshape(-1, 3)
        if self._breathes:
            dip = self._breath_db * (1.0 - self.breath_level(t))
            gains = 10.0 ** ((self._gain_db - dip) / 20.0) * self.fade(t)
        else:
            gains = self._gain * self.fade(t)
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
