"""Particles around the viewer: fireflies, snow, dust motes or rain streaks.

One instanced draw; every particle's position is computed in the vertex shader from its
instance id and the time. No particle comes closer than 0.6 m, and nothing moves together
fast enough to feel like self-motion.
"""

from __future__ import annotations

from vrasmr.render.layers.base import colour
from vrasmr.render.layers.common import ShaderGeometryDrawer

TYPES = {"fireflies": 0, "snow": 1, "dust": 2, "rain_streaks": 3}
# Heights each kind fills, metres relative to the head.
HEIGHTS = {0: (-1.2, 1.5), 1: (-1.5, 4.0), 2: (-1.0, 1.5), 3: (-1.5, 4.0)}


class ParticlesDrawer(ShaderGeometryDrawer):
    program_name = "particles"
    draw_order = 90
    vertices = 6  # a quad per particle
    depth_write = False

    def configure(self, layer) -> None:
        self.instances = layer.count
        kind = TYPES[layer.type]
        lo, hi = HEIGHTS[kind]
        self.set_uniform("u_type", kind)
        self.set_uniform("u_type_f", kind)
        self.set_uniform("u_speed", layer.speed_m_s)
        self.set_uniform("u_size", layer.size_m)
        self.set_uniform("u_area", layer.area_m)
        self.set_uniform("u_floor", lo)
        self.set_uniform("u_ceiling", hi)
        self.set_uniform("u_colour", colour(layer, "colour"))
        self.set_uniform("u_opacity", layer.opacity)
