"""A small fire: soft flame tongues, a ground glow and rising embers, in one instanced draw.

Flicker is a sum of slow sines (below 3 Hz) scaled by ``flicker``; the fire is also a
warm light for lit layers such as the room.
"""

from __future__ import annotations

from vrasmr.render.layers.base import Layer, colour, param
from vrasmr.render.layers.common import blended, render
from vrasmr.render.layers.lights import PointLight

FLAMES = 7  # must match shaders/fire.glsl


class FireLayer(Layer):
    program_name = "fire"
    draw_order = 80

    def __init__(self, ctx, programs, params):
        super().__init__(ctx, programs, params)
        self.vao = ctx.vertex_array(self.program, [])
        self.instances = 1 + FLAMES + int(param(params, "embers", 40))

    def configure(self, params) -> None:
        base = colour(params, "colour", "#5a2a0a")
        k = 1.0 / max(max(base), 1e-3)
        self.flame_colour = tuple(c * k for c in base)
        self.base = tuple(float(v) for v in param(params, "position", (0.0, -0.8, -2.5)))
        self.size = float(param(params, "size_m", 0.5))
        self.intensity = float(param(params, "intensity", 0.4)) * float(
            param(params, "opacity", 1.0)
        )
        self.flicker = float(param(params, "flicker", 0.3))
        self.set_uniform("u_base", self.base)
        self.set_uniform("u_size", self.size)
        self.set_uniform("u_flicker", self.flicker)
        self.set_uniform("u_colour", self.flame_colour)
        self.set_uniform("u_intensity", self.intensity)
        self.set_uniform("u_opacity", 1.0)

    def lights(self) -> list[PointLight]:
        x, y, z = self.base
        strength = 12.0 * self.intensity * self.size
        col = tuple(c * strength for c in self.flame_colour)
        return [PointLight((x, y + self.size * 0.5, z), col, self.flicker, 0.5)]

    def rebind(self) -> None:
        super().rebind()
        self.vao.release()
        self.vao = self.ctx.vertex_array(self.program, [])

    def commands(self) -> list:
        draws = [render(self.vao, 6, instances=self.instances)]
        return blended(self.ctx, draws, depth_write=False)

    def release(self) -> None:
        self.vao.release()
