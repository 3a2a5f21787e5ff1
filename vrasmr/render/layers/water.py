"""Calm water: slow small waves, a mirrored sky gradient and a soft moon glint."""

from __future__ import annotations

from vrasmr.render.layers.base import colour
from vrasmr.render.layers.common import ShaderGeometryDrawer
from vrasmr.render.layers.sky import find_sky


class WaterDrawer(ShaderGeometryDrawer):
    """One triangle over the view; the shader ray-casts the surface and writes its depth."""

    program_name = "water"
    draw_order = 20

    def configure(self, layer) -> None:
        self.set_uniform("u_colour", colour(layer, "colour"))
        self.set_uniform("u_level", layer.level_m)
        self.set_uniform("u_wave_height", layer.wave_height_m)
        self.set_uniform("u_wave_speed", layer.wave_speed_m_s)
        self.set_uniform("u_reflection", layer.reflection)
        self.set_uniform("u_opacity", layer.opacity)
        self._sky(getattr(self, "_linked", ()))

    def _sky(self, drawers) -> None:
        sky = find_sky(drawers)
        self.set_uniform("u_sky_zenith", sky.zenith)
        self.set_uniform("u_sky_horizon", sky.horizon)
        self.set_uniform("u_moon_dir", sky.moon_dir)
        self.set_uniform("u_moon", 1.0 if sky.moon else 0.0)

    def link(self, drawers) -> None:
        self._linked = drawers
        self._sky(drawers)
