"""Horizon silhouettes: two ranges of distant hills (the far one hazier), treelines if rough."""

from __future__ import annotations

from vrasmr.render.layers.base import colour, param
from vrasmr.render.layers.common import FullscreenLayer


class TerrainLayer(FullscreenLayer):
    program_name = "terrain"
    draw_order = 10

    def configure(self, params) -> None:
        self.set_uniform("u_colour", colour(params, "colour", "#020304"))
        self.set_uniform("u_height", float(param(params, "height_m", 8.0)))
        self.set_uniform("u_distance", float(param(params, "distance_m", 150.0)))
        self.set_uniform("u_roughness", float(param(params, "roughness", 0.5)))
        self.set_uniform("u_seed", float(int(param(params, "seed", 0)) % 9973))
        self.set_uniform("u_opacity", float(param(params, "opacity", 1.0)))
        self.set_uniform("u_haze", (0.0037, 0.005, 0.014))

    def link(self, layers) -> None:
        sky = next((la for la in layers if la.program_name == "sky"), None)
        if sky is not None:
            self.set_uniform("u_haze", sky.horizon)
