"""The scene's light, shared by every program that lights a surface: one uniform block.

Layers that glow give lights (``drawer.lights()``: candles, the fire, a lamp or lantern among
the props, the orb); the sky gives the moon and the sky's own light; a room keeps some of its
lights' light in as a warm bounce. :func:`gather` collects them once per scene and
:func:`pack` writes the ``LightBlock`` (``shaders/lights.glsl``, binding 2) that the lit
surfaces, the water and the window glass read; flicker and breathing are computed in the
shaders from the frame's time, so nothing is written per frame.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass

MAX_LIGHTS = 8  # must match shaders/lights.glsl
BINDING = 2
VEC4S = 5 + 3 * MAX_LIGHTS
BLOCK_BYTES = 16 * VEC4S

SKY_FILL = 16.0  # the sky's colour as light falling on things under it
GROUND_FILL = 5.0  # the horizon's colour as light from below (the ground)
MOON_LIGHT = (0.5, 0.48, 0.48)  # a full moon high up, linear
ROOM_BOUNCE = 0.06  # share of a room's lights that comes back off its walls as fill
OPEN_BOUNCE = 0.01  # outdoors most light goes away
MIN_FILL = (0.0035, 0.0025, 0.0016)  # never quite black: a warm trace of light everywhere
HAZE_DISTANCE_M = 70.0  # outdoors, things this far are half lost in the horizon's haze
WARM_WHITE = (1.0, 0.5, 0.2)  # linear, about 2,600 K: what a flame's light looks like on things


def flame_light(flame: tuple[float, float, float], strength: float) -> tuple[float, float, float]:
    """The light a flame of colour ``flame`` (linear) casts, ``strength`` at its brightest
    channel: half the flame's own colour, half a warm white (a flame's colour is deeper than
    the light it spreads)."""
    peak = max(max(flame), 1e-6)
    return tuple(
        strength * (0.5 * c / peak + 0.5 * w) for c, w in zip(flame, WARM_WHITE, strict=True)
    )


@dataclass(frozen=True)
class PointLight:
    """A soft light: ``colour`` is its linear intensity at 1 m; it flickers by ``flicker``
    (slow sines, below 3 Hz) with phase ``seed``, and swells with the breath by ``breath``."""

    position: tuple[float, float, float]
    colour: tuple[float, float, float]
    flicker: float = 0.0
    seed: float = 0.0
    radius: float = 0.05  # size of the glowing part, metres: softens the light close by
    breath: float = 0.0

    @property
    def strength(self) -> float:
        return sum(self.colour)


@dataclass(frozen=True)
class SceneLight:
    """Everything in the ``LightBlock``."""

    lights: tuple[PointLight, ...] = ()
    fill_above: tuple[float, float, float] = MIN_FILL
    fill_below: tuple[float, float, float] = MIN_FILL
    moon_dir: tuple[float, float, float] = (0.0, 1.0, 0.0)
    moon_colour: tuple[float, float, float] = (0.0, 0.0, 0.0)
    haze: tuple[float, float, float] = (0.0, 0.0, 0.0)
    haze_distance: float = 0.0  # 0: no haze (indoors)


def moon_lit_share(phase: float) -> float:
    """The lit share of the moon's face at ``phase`` (0 new, 0.5 full, 1 new)."""
    return 0.5 - 0.5 * math.cos(2.0 * math.pi * phase)


def gather(drawers) -> SceneLight:
    """The light of a scene's drawers: their lights (the brightest ``MAX_LIGHTS``), the sky's
    moon and fill, and a room's bounce."""
    found: list[PointLight] = []
    for drawer in drawers:
        found += list(getattr(drawer, "lights", lambda: [])())
    found.sort(key=lambda li: -li.strength)
    lights = tuple(found[:MAX_LIGHTS])
    indoors = any(getattr(d, "encloses", False) for d in drawers)
    bounce = ROOM_BOUNCE if indoors else OPEN_BOUNCE
    total = [sum(li.colour[k] for li in found) * bounce for k in range(3)]
    above = [MIN_FILL[k] + total[k] for k in range(3)]
    below = [MIN_FILL[k] + total[k] * 0.7 for k in range(3)]
    sky = next((d.light for d in drawers if hasattr(d, "light")), None)
    moon_dir, moon = (0.0, 1.0, 0.0), (0.0, 0.0, 0.0)
    haze, haze_distance = (0.0, 0.0, 0.0), 0.0
    if sky is not None:
        for k in range(3):
            above[k] += sky.zenith[k] * SKY_FILL * (0.25 if indoors else 1.0)
            below[k] += sky.horizon[k] * GROUND_FILL * (0.25 if indoors else 1.0)
        if sky.moon:
            moon_dir = sky.moon_dir
            height = max(moon_dir[1], 0.0) ** 0.5
            level = moon_lit_share(sky.moon_phase) * height * (0.3 if indoors else 1.0)
            moon = tuple(c * level for c in MOON_LIGHT)
        if not indoors:
            haze, haze_distance = sky.horizon, HAZE_DISTANCE_M
    return SceneLight(lights, tuple(above), tuple(below), moon_dir, moon, haze, haze_distance)


def pack(light: SceneLight) -> bytes:
    """The ``LightBlock`` as std140 bytes."""
    n = len(light.lights)
    head = [
        *light.fill_above, float(n),
        *light.fill_below, 0.0,
        *light.moon_dir, 0.0,
        *light.moon_colour, 0.0,
        *light.haze, light.haze_distance,
    ]  # fmt: skip
    pos, col, extra = [], [], []
    for li in light.lights:
        pos += [*li.position, li.radius]
        col += [*li.colour, li.flicker]
        extra += [li.seed, li.breath, 0.0, 0.0]
    pad = [0.0] * (4 * (MAX_LIGHTS - n))
    values = head + pos + pad + col + pad + extra + pad
    return struct.pack(f"{len(values)}f", *values)
