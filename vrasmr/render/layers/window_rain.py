"""Rain on a window pane: beads and slowly sliding drops over the dim night outside."""

from __future__ import annotations

from vrasmr.render.layers.base import Layer, colour, param
from vrasmr.render.layers.common import blended, render


class WindowRainLayer(Layer):
    program_name = "window_rain"
    draw_order = 35  # after the room, so the pane sits on its wall

    def __init__(self, ctx, programs, params):
        super().__init__(ctx, programs, params)
        self.vao = ctx.vertex_array(self.program, [])

    def configure(self, params) -> None:
        w = float(param(params, "width_m", 1.2))
        h = float(param(params, "height_m", 1.0))
        self.set_uniform(
            "u_centre", tuple(float(v) for v in param(params, "position", (0.0, 0.3, -2.0)))
        )
        self.set_uniform("u_half", (w / 2.0, h / 2.0))
        self.set_uniform("u_tint", colour(params, "tint_colour", "#0a0e16"))
        self.set_uniform("u_intensity", float(param(params, "intensity", 0.5)))
        self.set_uniform("u_speed", float(param(params, "drop_speed_m_s", 0.08)))
        self.set_uniform("u_opacity", float(param(params, "opacity", 1.0)))

    def rebind(self) -> None:
        super().rebind()
        self.vao.release()
        self.vao = self.ctx.vertex_array(self.program, [])

    def commands(self) -> list:
        return blended(self.ctx, [render(self.vao, 6)], depth_write=True)

    def release(self) -> None:
        self.vao.release()
