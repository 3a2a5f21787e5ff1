"""Night sky: gradient, slowly turning stars, a soft moon in its phase (one full-screen
triangle); the moon and the sky's colour light what stands under it
(:mod:`vrasmr.render.layers.lights`)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, partial

from vrasmr.render.layers.base import colour, hex_to_linear
from vrasmr.render.layers.common import ShaderGeometryDrawer, render

MOON_COLOUR = "#d8d2c4"
MOON_RADIUS_RAD = math.radians(1.8)


@dataclass(frozen=True)
class SkyLight:
    """What the layers under a sky take from it: its colours (linear) and its moon."""

    zenith: tuple[float, float, float]
    horizon: tuple[float, float, float]
    moon_dir: tuple[float, float, float]
    moon: bool  # shown
    moon_phase: float = 0.5  # 0 new, 0.5 full, 1 new again


def sky_light(layer) -> SkyLight:
    """The :class:`SkyLight` of a sky layer's model."""
    az = math.radians(layer.moon_azimuth_deg)
    el = math.radians(layer.moon_elevation_deg)
    moon = (math.sin(az) * math.cos(el), math.sin(el), -math.cos(az) * math.cos(el))  # 90 = right
    zenith, horizon = colour(layer, "zenith_colour"), colour(layer, "horizon_colour")
    return SkyLight(zenith, horizon, moon, layer.moon, layer.moon_phase)


@cache
def default_sky_light() -> SkyLight:
    """The light of a sky with every default: for water and terrain in a scene without one."""
    from vrasmr.scene.layers import make_layer

    return sky_light(make_layer("sky"))


def find_sky(drawers) -> SkyLight:
    """The light of the first sky among ``drawers``, or the default sky's."""
    sky = next((d for d in drawers if isinstance(d, SkyDrawer)), None)
    return sky.light if sky is not None else default_sky_light()


class SkyDrawer(ShaderGeometryDrawer):
    program_name = "sky"
    draw_order = 0

    def configure(self, layer) -> None:
        self.light = light = sky_light(layer)
        self.set_uniform("u_zenith", light.zenith)
        self.set_uniform("u_horizon", light.horizon)
        self.set_uniform("u_star_density", layer.star_density)
        self.set_uniform("u_star_turn", math.radians(layer.star_rotation_deg_per_min) / 60.0)
        self.set_uniform("u_moon_dir", light.moon_dir)
        self.set_uniform("u_moon_size", MOON_RADIUS_RAD if layer.moon else 0.0)
        self.set_uniform("u_moon_color", hex_to_linear(MOON_COLOUR))
        self.set_uniform("u_moon_phase", layer.moon_phase)
        self.set_uniform("u_opacity", layer.opacity)

    def commands(self) -> list:
        ctx = self.ctx
        return [  # behind everything: no depth test, nothing to blend with
            partial(ctx.disable, ctx.DEPTH_TEST),
            render(self.vao, 3),
            partial(ctx.enable, ctx.DEPTH_TEST),
        ]
