"""Horizon silhouettes: two ranges of distant hills (the far one hazier), treelines if rough."""

from __future__ import annotations

from vrasmr.render.layers.base import colour
from vrasmr.render.layers.common import ShaderGeometryDrawer
from vrasmr.render.layers.sky import find_sky


class TerrainDrawer(ShaderGeometryDrawer):
    """One triangle over the view; the shader ray-casts the ridges and writes their depth."""

    program_name = "terrain"
    draw_order = 10

    def configure(self, layer) -> None:
        self.set_uniform("u_colour", colour(layer, "colour"))
        self.set_uniform("u_height", layer.height_m)
        self.set_uniform("u_distance", layer.distance_m)
        self.set_uniform("u_roughness", layer.roughness)
        self.set_uniform("u_seed", float(layer.seed % 9973))
        self.set_uniform("u_opacity", layer.opacity)
        self._haze(getattr(self, "_linked", ()))

    def _haze(self, drawers) -> None:
        self.set_uniform("u_haze", find_sky(drawers).horizon)  # the far range fades into it

    def link(self, drawers) -> None:
        self._linked = drawers
        self._haze(drawers)
