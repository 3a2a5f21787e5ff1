"""Particles around the viewer: fireflies, snow, dust motes or rain streaks.

One instanced draw; every particle's position is computed in the vertex shader from its
instance id and the time. No particle comes closer than 0.6 m, and nothing moves together
fast enough to feel like self-motion.
"""

from __future__ import annotations

from vrasmr.render.layers.base import Layer, colour, param
from vrasmr.render.layers.common import blended, render

TYPES = {"fireflies": 0, "snow": 1, "dust": 2, "rain_streaks": 3}
# Heights each kind fills, metres relative to the head.
HEIGHTS = {0: (-1.2, 1.5), 1: (-1.5, 4.0), 2: (-1.0, 1.5), 3: (-1.5, 4.0)}


class ParticlesLayer(Layer):
    program_name = "particles"
    draw_order = 90

    def __init__(self, ctx, programs, params):
        super().__init__(ctx, programs, params)
        self.vao = ctx.vertex_array(self.program, [])
        self.count = max(0, int(param(params, "count", 200)))

    def configure(self, params) -> None:
        kind = TYPES.get(str(param(params, "type", "fireflies")), 0)
        lo, hi = HEIGHTS[kind]
        self.set_uniform("u_type", kind)
        self.set_uniform("u_type_f", kind)
        self.set_uniform("u_speed", float(param(params, "speed_m_s", 0.05)))
        self.set_uniform("u_size", float(param(params, "size_m", 0.01)))
        self.set_uniform("u_area", float(param(params, "area_m", 10.0)))
        self.set_uniform("u_floor", lo)
        self.set_uniform("u_ceiling", hi)
        self.set_uniform("u_colour", colour(params, "colour", "#2a2a1a"))
        self.set_uniform("u_opacity", float(param(params, "opacity", 1.0)))

    def rebind(self) -> None:
        super().rebind()
        self.vao.release()
        self.vao = self.ctx.vertex_array(self.program, [])

    def commands(self) -> list:
        if not self.count:
            return []
        return blended(self.ctx, [render(self.vao, 6, instances=self.count)], depth_write=False)

    def release(self) -> None:
        self.vao.release()
