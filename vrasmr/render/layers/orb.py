"""The breathing orb: swells and brightens with the breath phase (``u_params.x``)."""

from __future__ import annotations

from vrasmr.render.layers.base import colour
from vrasmr.render.layers.common import ShaderGeometryDrawer


class OrbDrawer(ShaderGeometryDrawer):
    program_name = "orb"
    draw_order = 85
    vertices = 6  # a quad facing the eye
    depth_write = False

    def configure(self, layer) -> None:
        self.set_uniform("u_centre", tuple(layer.position))
        self.set_uniform("u_radius", layer.radius_m)
        self.set_uniform("u_breath_scale", layer.breath_scale)
        self.set_uniform("u_colour", colour(layer, "colour"))
        self.set_uniform("u_glow", layer.glow)
        self.set_uniform("u_opacity", layer.opacity)
