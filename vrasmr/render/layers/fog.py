"""Soft distance fog, thicker low down, drifting very slowly; depth-aware in one draw."""

from __future__ import annotations

from vrasmr.render.layers.base import colour
from vrasmr.render.layers.common import ShaderGeometryDrawer

SLICES = 12  # must match shaders/fog.glsl


class FogDrawer(ShaderGeometryDrawer):
    program_name = "fog"
    draw_order = 70  # after solid things, before glows
    vertices = 6
    instances = SLICES  # each slice blends over what lies behind it: no sorting needed
    depth_write = False

    def configure(self, layer) -> None:
        self.set_uniform("u_colour", colour(layer, "colour"))
        self.set_uniform("u_density", layer.density)
        self.set_uniform("u_top", layer.height_m)
        self.set_uniform("u_opacity", layer.opacity)
