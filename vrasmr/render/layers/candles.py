"""Candles: wax bodies lit by their own flames, and gentle flames with soft halos.

Two draw calls: the bodies (one static mesh, lit like the room) and the flames (instanced
quads placed in the vertex shader). Each candle is also a warm light for lit layers.
"""

from __future__ import annotations

import math
import struct

from vrasmr.render import meshes
from vrasmr.render.layers import lights
from vrasmr.render.layers.base import Drawer, colour
from vrasmr.render.layers.common import blended, render, setting
from vrasmr.render.layers.lights import PointLight

MAX_CANDLES = 32
WAX = (0.55, 0.45, 0.33)


def default_positions(count: int) -> list[tuple[float, float, float]]:
    """Candle bases in a shallow arc in front of the viewer, a little below eye level."""
    out = []
    for i in range(count):
        a = 0.0 if count == 1 else math.radians(-35.0 + 70.0 * i / (count - 1))
        r = 1.3 + 0.25 * ((i * 7) % 3) / 2.0
        out.append((r * math.sin(a), -0.65, -r * math.cos(a)))
    return out


def candle_heights(count: int) -> list[float]:
    return [0.08 + 0.06 * ((i * 5) % 4) / 3.0 for i in range(count)]


class CandlesDrawer(Drawer):
    program_name = "candle_flame"
    draw_order = 40

    def __init__(self, ctx, programs, layer):
        self.bases = list(layer.positions) or default_positions(layer.count)
        self.heights = candle_heights(len(self.bases))
        super().__init__(ctx, programs, layer)
        self.body_program = programs.get("candle_body")
        parts = [
            meshes.cylinder(b, 0.025, h, WAX, segments=12)
            for b, h in zip(self.bases, self.heights, strict=True)
        ]
        data = meshes.merge(parts)
        self.vbo = ctx.buffer(data.tobytes())
        self.body_vertices = len(data)
        self._make_vaos()

    def _make_vaos(self) -> None:
        fmt = (self.vbo, meshes.VERTEX_FORMAT, *meshes.VERTEX_ATTRS)
        self.body_vao = self.ctx.vertex_array(self.body_program, [fmt])
        self.flame_vao = self.ctx.vertex_array(self.program, [])
        self._body_uniforms()

    def _tops(self) -> list[tuple[float, float, float]]:
        return [(b[0], b[1] + h, b[2]) for b, h in zip(self.bases, self.heights, strict=True)]

    def configure(self, layer) -> None:
        warmth = layer.warmth
        base = colour(layer, "colour")
        k = 1.0 / max(max(base), 1e-3)  # flame colour at full strength, tinted by warmth
        self.flame_colour = tuple(
            min(4.0, c * k * (1.0 - 0.3 * warmth) + 0.3 * (1 - warmth)) for c in base
        )
        self.flicker = layer.flicker
        self.set_uniform("u_colour", self.flame_colour)
        self.set_uniform("u_flicker", self.flicker)
        self.set_uniform("u_opacity", layer.opacity)
        data = [0.0] * (4 * MAX_CANDLES)
        for i, top in enumerate(self._tops()):
            data[4 * i : 4 * i + 4] = [*top, float(i) * 0.37]
        if "u_candles" in self.program:
            self.program["u_candles"].write(struct.pack(f"{len(data)}f", *data))

    def lights(self) -> list[PointLight]:
        """Each flame lights what is near it (the room, the table)."""
        strength = 2.5 * self.layer.opacity
        col = tuple(c * strength for c in self.flame_colour)
        return [
            PointLight((x, y + 0.04, z), col, self.flicker, float(i) * 0.37)
            for i, (x, y, z) in enumerate(self._tops())
        ]

    def _body_uniforms(self) -> None:
        prog = self.body_program
        for name, value in (
            ("u_ambient", (0.03, 0.03, 0.04)),
            ("u_moon_dir", (0.0, 1.0, 0.0)),
            ("u_moon_colour", (0.0, 0.0, 0.0)),
            ("u_opacity", 1.0),
        ):
            if name in prog:
                prog[name].value = value
        lights.upload(prog, lights.gather([self]))

    def rebind(self) -> None:
        super().rebind()
        self.body_program = self.programs.get("candle_body")
        self.body_vao.release()
        self.flame_vao.release()
        self._make_vaos()

    def commands(self) -> list:
        draws = [
            render(self.body_vao, self.body_vertices),
            setting(self.ctx.fbo, "depth_mask", False),
            render(self.flame_vao, 6, instances=len(self.bases)),
        ]
        return blended(self.ctx, draws, depth_write=True)

    def release(self) -> None:
        self.body_vao.release()
        self.flame_vao.release()
        self.vbo.release()
