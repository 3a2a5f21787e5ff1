"""Night sky: gradient, slowly turning stars, a soft moon (one full-screen triangle)."""

from __future__ import annotations

import math
from functools import partial

from vrasmr.render.layers.base import Layer, colour, hex_to_linear, param
from vrasmr.render.layers.common import render


def _pick(params, names: tuple[str, ...], default: str) -> tuple[float, float, float]:
    for name in names:
        if param(params, name, None) is not None:
            return colour(params, name, default)
    return hex_to_linear(default)


class SkyLayer(Layer):
    program_name = "sky"
    draw_order = 0

    def __init__(self, ctx, programs, params):
        super().__init__(ctx, programs, params)
        self.vao = ctx.vertex_array(self.program, [])
        self.vao.vertices = 3

    def configure(self, params) -> None:
        # Scene files say zenith_colour / horizon_colour; older dicts say zenith / horizon.
        self.zenith = _pick(params, ("zenith_colour", "zenith"), "#03040a")
        self.horizon = _pick(params, ("horizon_colour", "horizon"), "#0c1020")
        self.set_uniform("u_zenith", self.zenith)
        self.set_uniform("u_horizon", self.horizon)
        self.set_uniform("u_star_density", float(param(params, "star_density", 0.5)))
        turn_deg_per_min = float(param(params, "star_rotation_deg_per_min", 0.25))
        self.set_uniform("u_star_turn", math.radians(turn_deg_per_min) / 60.0)
        az = math.radians(float(param(params, "moon_azimuth_deg", -30.0)))
        el = math.radians(float(param(params, "moon_elevation_deg", 25.0)))
        moon = (
            math.sin(az) * math.cos(el),
            math.sin(el),
            -math.cos(az) * math.cos(el),
        )  # 90 = right
        self.set_uniform("u_moon_dir", moon)
        show_moon = bool(param(params, "moon", True))
        self.moon_dir = moon if show_moon else None
        self.set_uniform("u_moon_size", math.radians(1.2) if show_moon else 0.0)
        self.set_uniform("u_moon_color", _pick(params, ("moon_colour", "moon_color"), "#c8ccd8"))

    def rebind(self) -> None:
        super().rebind()
        self.vao.release()
        self.vao = self.ctx.vertex_array(self.program, [])
        self.vao.vertices = 3

    def commands(self) -> list:
        ctx = self.ctx
        return [
            partial(ctx.disable, ctx.DEPTH_TEST),
            render(self.vao, 3),
            partial(ctx.enable, ctx.DEPTH_TEST),
        ]

    def release(self) -> None:
        self.vao.release()
