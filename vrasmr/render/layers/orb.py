"""The breathing orb: swells and brightens with the breath phase (``u_params.x``)."""

from __future__ import annotations

from vrasmr.render.layers.base import Layer, colour, param
from vrasmr.render.layers.common import blended, render


class OrbLayer(Layer):
    program_name = "orb"
    draw_order = 85

    def __init__(self, ctx, programs, params):
        super().__init__(ctx, programs, params)
        self.vao = ctx.vertex_array(self.program, [])

    def configure(self, params) -> None:
        self.set_uniform(
            "u_centre", tuple(float(v) for v in param(params, "position", (0.0, 0.0, -1.5)))
        )
        self.set_uniform("u_radius", float(param(params, "radius_m", 0.12)))
        self.set_uniform("u_breath_scale", float(param(params, "breath_scale", 0.25)))
        self.set_uniform("u_colour", colour(params, "colour", "#1a2a40"))
        self.set_uniform("u_glow", float(param(params, "glow", 0.4)))
        self.set_uniform("u_opacity", float(param(params, "opacity", 1.0)))

    def rebind(self) -> None:
        super().rebind()
        self.vao.release()
        self.vao = self.ctx.vertex_array(self.program, [])

    def commands(self) -> list:
        return blended(self.ctx, [render(self.vao, 6)], depth_write=False)

    def release(self) -> None:
        self.vao.release()
