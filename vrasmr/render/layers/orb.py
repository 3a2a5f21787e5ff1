"""The breathing orb: swells and brightens with the breath phase (``u_params.x``), and
lights what is near it, breathing too."""

from __future__ import annotations

from vrasmr.render.layers.base import colour
from vrasmr.render.layers.common import ShaderGeometryDrawer
from vrasmr.render.layers.lights import PointLight

LIGHT = 0.9  # the orb's linear light at 1 m, at full glow


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

    def lights(self) -> list[PointLight]:
        layer = self.layer
        base = colour(layer, "colour")
        peak = max(max(base), 1e-3)
        strength = LIGHT * (0.3 + 0.7 * layer.glow) * layer.opacity
        col = tuple(strength * c / peak for c in base)
        return [PointLight(tuple(layer.position), col, 0.0, 0.0, layer.radius_m, 1.0)]
