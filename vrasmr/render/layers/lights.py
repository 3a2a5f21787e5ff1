"""Warm point lights that glowing layers (candles, fire) share with lit surfaces (the room)."""

from __future__ import annotations

import struct
from dataclasses import dataclass

MAX_LIGHTS = 4


@dataclass(frozen=True)
class PointLight:
    position: tuple[float, float, float]
    colour: tuple[float, float, float]  # linear intensity
    flicker: float = 0.0  # 0..1, gentle (< 3 Hz) in the shader
    seed: float = 0.0


def gather(drawers) -> list[PointLight]:
    """The brightest lights the drawers give (``drawer.lights()``), at most ``MAX_LIGHTS``."""
    found: list[PointLight] = []
    for drawer in drawers:
        found += list(getattr(drawer, "lights", lambda: [])())
    found.sort(key=lambda li: -sum(li.colour))
    return found[:MAX_LIGHTS]


def upload(program, lights: list[PointLight]) -> None:
    """Write the ``u_light_*`` uniforms of a lit program (once, when the scene is built)."""
    pos = [0.0] * (4 * MAX_LIGHTS)
    col = [0.0] * (4 * MAX_LIGHTS)
    for i, li in enumerate(lights[:MAX_LIGHTS]):
        pos[4 * i : 4 * i + 4] = [*li.position, li.flicker]
        col[4 * i : 4 * i + 4] = [*li.colour, li.seed]
    if "u_light_pos" in program:
        program["u_light_pos"].write(struct.pack(f"{len(pos)}f", *pos))
    if "u_light_colour" in program:
        program["u_light_colour"].write(struct.pack(f"{len(col)}f", *col))
    if "u_light_count" in program:
        program["u_light_count"].value = len(lights[:MAX_LIGHTS])
