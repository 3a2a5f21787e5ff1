"""Rain on a window pane: beads and slowly sliding drops over the dim night outside."""

from __future__ import annotations

from vrasmr.render.layers.base import colour
from vrasmr.render.layers.common import ShaderGeometryDrawer


class WindowRainDrawer(ShaderGeometryDrawer):
    program_name = "window_rain"
    draw_order = 35  # after the room, so the pane sits on its wall
    vertices = 6  # the pane

    def configure(self, layer) -> None:
        self.set_uniform("u_centre", tuple(layer.position))
        self.set_uniform("u_half", (layer.width_m / 2.0, layer.height_m / 2.0))
        self.set_uniform("u_tint", colour(layer, "tint_colour"))
        self.set_uniform("u_intensity", layer.intensity)
        self.set_uniform("u_speed", layer.drop_speed_m_s)
        self.set_uniform("u_opacity", layer.opacity)
