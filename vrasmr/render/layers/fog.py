"""Soft distance fog, thicker low down, drifting very slowly; depth-aware in one draw."""

from __future__ import annotations

from vrasmr.render.layers.base import Layer, colour, param
from vrasmr.render.layers.common import blended, render

SLICES = 12  # must match shaders/fog.glsl


class FogLayer(Layer):
    program_name = "fog"
    draw_order = 70  # after solid things, before glows

    def __init__(self, ctx, programs, params):
        super().__init__(ctx, programs, params)
        self.vao = ctx.vertex_array(self.program, [])

    def configure(self, params) -> None:
        self.set_uniform("u_colour", colour(params, "colour", "#06080c"))
        self.set_uniform("u_density", float(param(params, "density", 0.2)))
        self.set_uniform("u_top", float(param(params, "height_m", 1.0)))
        self.set_uniform("u_opacity", float(param(params, "opacity", 1.0)))

    def rebind(self) -> None:
        super().rebind()
        self.vao.release()
        self.vao = self.ctx.vertex_array(self.program, [])

    def commands(self) -> list:
        # Farthest slice first is not needed: each slice blends over what lies behind it.
        return blended(self.ctx, [render(self.vao, 6, instances=SLICES)], depth_write=False)

    def release(self) -> None:
        self.vao.release()
