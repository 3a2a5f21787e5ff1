"""A small fire: soft flame tongues, a ground glow and rising embers, in one instanced draw.

Flicker is a sum of slow sines (below 3 Hz) scaled by ``flicker``; the fire is also a
warm light for lit layers such as the room.
"""

from __future__ import annotations

from vrasmr.render.layers.base import colour
from vrasmr.render.layers.common import ShaderGeometryDrawer
from vrasmr.render.layers.lights import PointLight, flame_light

FLAMES = 7  # must match shaders/fire.glsl
LIGHT = 6.0  # the fire's linear light at 1 m, per metre of flame at full intensity


class FireDrawer(ShaderGeometryDrawer):
    program_name = "fire"
    draw_order = 80
    vertices = 6  # a quad per instance: the ground glow, the flames, the embers
    depth_write = False

    def configure(self, layer) -> None:
        self.instances = 1 + FLAMES + layer.embers
        base = colour(layer, "colour")
        k = 1.0 / max(max(base), 1e-3)
        self.flame_colour = tuple(c * k for c in base)
        self.base = tuple(layer.position)
        self.size = layer.size_m
        self.intensity = layer.intensity * layer.opacity
        self.flicker = layer.flicker
        self.set_uniform("u_base", self.base)
        self.set_uniform("u_size", self.size)
        self.set_uniform("u_flicker", self.flicker)
        self.set_uniform("u_colour", self.flame_colour)
        self.set_uniform("u_intensity", self.intensity)
        self.set_uniform("u_opacity", 1.0)

    def lights(self) -> list[PointLight]:
        x, y, z = self.base
        col = flame_light(self.flame_colour, LIGHT * self.intensity * self.size)
        where = (x, y + self.size * 0.4, z)
        return [PointLight(where, col, min(1.0, self.flicker * 2.0), 0.5, self.size * 0.5)]
