"""Candles: wax bodies with melted tops, lit through by their own flames, and gentle flames
with soft halos.

Two draw calls: the bodies (one static mesh from the toolkit's lathe, lit like the room) and
the flames (instanced quads placed in the vertex shader). Each candle is also a warm light
for everything lit (:mod:`vrasmr.render.layers.lights`).
"""

from __future__ import annotations

import math
import struct

import numpy as np

from vrasmr.render.layers.base import Drawer, colour
from vrasmr.render.layers.common import blended, render, setting
from vrasmr.render.layers.lights import PointLight, flame_light
from vrasmr.render.shapes import mesh as meshes

MAX_CANDLES = 32
WAX = (0.62, 0.5, 0.36)
RADIUS_M = 0.025
LIGHT = 0.8  # a candle's linear light at 1 m, at full opacity


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


def melted_profile(radius: float, height: float, seed: int) -> list[tuple[float, float]]:
    """A candle burnt down a while: a soft rim a little higher than the pool of wax inside."""
    rim = 0.004 + 0.003 * ((seed * 7) % 3) / 2.0
    return [
        (0.0, 0.0),
        (radius * 0.97, 0.0),
        (radius, 0.004),
        (radius * 1.01, height * 0.6),
        (radius, height - 0.002),
        (radius * 0.9, height + rim * 0.4),
        (radius * 0.72, height - 0.001),
        (radius * 0.3, height - rim * 0.6),
        (0.0, height - rim * 0.7),
    ]


def bodies(bases, heights) -> tuple[np.ndarray, np.ndarray]:
    """Every candle's wax as one vertex array and one index array (lit program)."""
    from vrasmr.render.shapes.build import MATERIAL_IDS
    from vrasmr.render.shapes.primitives import lathe

    verts, idx, at = [], [], 0
    for k, (base, height) in enumerate(zip(bases, heights, strict=True)):
        body = lathe(melted_profile(RADIUS_M, height, k), 16)
        placed = meshes.place(body, base)
        top = (placed.positions[:, 1] - base[1]) / max(height, 1e-3)
        verts.append(meshes.pack(placed, WAX, MATERIAL_IDS["wax"], 0.0, 0.0))
        verts[-1][:, 14] = 0.12 * np.clip(top - 0.7, 0.0, 1.0) / 0.3  # the top glows a little
        idx.append(placed.indices + at)
        at += placed.vertex_count
    if not verts:
        return np.zeros((0, meshes.FLOATS), np.float32), np.zeros((0, 3), np.uint32)
    return np.concatenate(verts), np.concatenate(idx).astype(np.uint32)


class CandlesDrawer(Drawer):
    program_name = "candle_flame"
    draw_order = 40

    def __init__(self, ctx, programs, layer, scene=()):
        self.bases = list(layer.positions) or default_positions(layer.count)
        self.heights = candle_heights(len(self.bases))
        super().__init__(ctx, programs, layer, scene)
        self.body_program = programs.get("candle_body")
        vertices, indices = bodies(self.bases, self.heights)
        self.vbo = ctx.buffer(vertices.tobytes())
        self.ibo = ctx.buffer(indices.tobytes())
        self.body_vertices = 3 * len(indices)
        self._make_vaos()

    def _make_vaos(self) -> None:
        fmt = (self.vbo, *meshes.vertex_layout(self.body_program))
        self.body_vao = self.ctx.vertex_array(self.body_program, [fmt], index_buffer=self.ibo)
        self.flame_vao = self.ctx.vertex_array(self.program, [])
        if "u_opacity" in self.body_program:
            self.body_program["u_opacity"].value = 1.0

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
        """Each flame lights what is near it (the room, the table, its own wax)."""
        col = flame_light(self.flame_colour, LIGHT * self.layer.opacity)
        return [
            PointLight((x, y + 0.035, z), col, self.flicker, float(i) * 0.37, 0.02)
            for i, (x, y, z) in enumerate(self._tops())
        ]

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
        self.ibo.release()
