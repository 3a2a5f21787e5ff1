"""A simple room around the viewer from procedural boxes, lit by moonlight and warm lights.

The viewer's head is at the origin, resting on a bed; the floor is ``FLOOR_Y`` below. The
room is centred on the head, so its front wall is ``depth / 2`` ahead.
Everything is one vertex buffer and one draw call.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from vrasmr.render import meshes
from vrasmr.render.layers import lights
from vrasmr.render.layers.base import Drawer, colour, hex_to_linear
from vrasmr.render.layers.common import blended, render

FLOOR_Y = -1.1


def _tint(c, k: float, warm: float = 0.0) -> tuple[float, float, float]:
    return (c[0] * k * (1 + warm), c[1] * k, c[2] * k * (1 - 0.5 * warm))


def room_mesh(layer) -> np.ndarray:
    """The room's triangles: walls, floor, bed, table and the listed objects."""
    w, h, d = layer.size_m
    wall = colour(layer, "wall_colour")
    floor = colour(layer, "floor_colour")
    wood = hex_to_linear("#3a2616")
    linen = hex_to_linear("#8a8478")
    blanket = hex_to_linear("#2a3242")
    f = FLOOR_Y
    front = -d / 2.0  # z of the wall ahead
    zc = 0.0
    parts = [
        meshes.box((0.0, f + h / 2.0, zc), (w, h, d), wall, inside=True),
        meshes.box((0.0, f + 0.005, zc), (w - 0.02, 0.01, d - 0.02), floor),
    ]
    bed = layer.bed
    if bed:  # the viewer lies on it, head on the pillow at the origin
        parts += [
            meshes.box((0.0, f + 0.2, -0.6), (1.5, 0.4, 2.2), wood),
            meshes.box((0.0, f + 0.48, -0.6), (1.4, 0.16, 2.1), linen),
            meshes.box((0.0, f + 0.58, -1.0), (1.44, 0.06, 1.4), blanket),
            meshes.box((0.0, f + 0.45, 0.55), (1.5, 0.9, 0.08), wood),
        ]
    if layer.table:
        # Beside the bed, or right in front of the viewer when there is no bed.
        tx, ty, tz, tw, td = (
            (1.05, f + 0.55, -0.2, 0.5, 0.45) if bed else (0.0, -0.45, -0.75, 1.1, 0.6)
        )
        parts.append(meshes.box((tx, ty, tz), (tw, 0.04, td), wood))
        for sx in (-1, 1):
            for sz in (-1, 1):
                lx, lz = tx + sx * (tw / 2 - 0.04), tz + sz * (td / 2 - 0.04)
                parts.append(meshes.box((lx, (f + ty) / 2, lz), (0.04, ty - f, 0.04), wood))
        if not bed:  # the object-sounds props: a wooden block, a glass and paper
            top = ty + 0.02
            parts += [
                meshes.box((tx - 0.3, top + 0.04, tz), (0.12, 0.08, 0.08), _tint(wood, 1.4)),
                meshes.cylinder(
                    (tx, top, tz - 0.05), 0.04, 0.12, (0.08, 0.1, 0.12), top_radius=0.045
                ),
                meshes.box(
                    (tx + 0.3, top + 0.004, tz + 0.02), (0.21, 0.008, 0.28), (0.5, 0.48, 0.42)
                ),
            ]
    for name in layer.objects:
        parts += _OBJECTS[name](w, d, f, front, wood)
    return meshes.merge(parts)


def _bookshelf(w, d, f, front, wood):
    x = -w / 2 + 0.2
    out = [meshes.box((x, f + 0.9, -1.6), (0.35, 1.8, 0.9), _tint(wood, 0.7))]
    for i, shelf_y in enumerate((0.35, 0.8, 1.25)):
        tint = hex_to_linear(("#3a1a18", "#1a2a30", "#2e2a18")[i])
        out.append(meshes.box((x + 0.06, f + shelf_y + 0.14, -1.6), (0.24, 0.26, 0.8), tint))
    return out


def _lamp(w, d, f, front, wood):
    base = (-1.05, f + 0.6, -0.3)
    shade = hex_to_linear("#6a5a40")
    return [
        meshes.box((-1.05, f + 0.3, -0.3), (0.45, 0.6, 0.4), wood),
        meshes.cylinder(base, 0.02, 0.3, (0.05, 0.05, 0.05)),
        meshes.cylinder((-1.05, f + 0.9, -0.3), 0.14, 0.18, shade, top_radius=0.08),
    ]


def _plant(w, d, f, front, wood):
    x, z = w / 2 - 0.35, front + 0.4
    return [
        meshes.cylinder((x, f, z), 0.16, 0.35, hex_to_linear("#3a2418"), top_radius=0.2),
        meshes.cylinder((x, f + 0.35, z), 0.3, 0.7, hex_to_linear("#0e2010"), top_radius=0.05),
    ]


def _rug(w, d, f, front, wood):
    return [meshes.box((0.0, f + 0.015, -2.0), (1.6, 0.01, 1.0), hex_to_linear("#3a1c1a"))]


def _clock(w, d, f, front, wood):
    return [meshes.box((-0.9, f + 1.9, front + 0.03), (0.3, 0.3, 0.04), hex_to_linear("#4a4032"))]


def _window(w, d, f, front, wood):
    frame = _tint(wood, 0.8)
    y, x = 0.4, 0.0
    night = hex_to_linear("#0a1018")
    return [
        meshes.box((x, y, front + 0.01), (1.3, 1.1, 0.02), night),
        meshes.box((x, y, front + 0.03), (1.3, 0.06, 0.04), frame),
        meshes.box((x, y + 0.55, front + 0.03), (1.36, 0.06, 0.04), frame),
        meshes.box((x, y - 0.55, front + 0.05), (1.4, 0.06, 0.1), frame),
        meshes.box((x, y, front + 0.03), (0.06, 1.1, 0.04), frame),
        meshes.box((x - 0.65, y, front + 0.03), (0.06, 1.16, 0.04), frame),
        meshes.box((x + 0.65, y, front + 0.03), (0.06, 1.16, 0.04), frame),
    ]


def _armchair(w, d, f, front, wood):
    c = hex_to_linear("#2a1e28")
    x, z = -w / 2 + 0.6, front + 0.9
    return [
        meshes.box((x, f + 0.22, z), (0.8, 0.44, 0.8), c),
        meshes.box((x, f + 0.6, z - 0.35), (0.8, 0.6, 0.14), c),
        meshes.box((x - 0.36, f + 0.5, z), (0.1, 0.25, 0.8), c),
        meshes.box((x + 0.36, f + 0.5, z), (0.1, 0.25, 0.8), c),
    ]


def _curtains(w, d, f, front, wood):
    c = hex_to_linear("#2a1410")
    return [meshes.box((sx * 0.8, f + 1.35, front + 0.08), (0.3, 1.6, 0.06), c) for sx in (-1, 1)]


_OBJECTS = {
    "bookshelf": _bookshelf,
    "lamp": _lamp,
    "plant": _plant,
    "rug": _rug,
    "clock": _clock,
    "window": _window,
    "armchair": _armchair,
    "curtains": _curtains,
}


class RoomDrawer(Drawer):
    program_name = "lit"
    draw_order = 30

    def __init__(self, ctx, programs, layer):
        super().__init__(ctx, programs, layer)
        data = room_mesh(layer)
        self.vbo = ctx.buffer(data.tobytes())
        self.vertices = len(data)
        self.vao = self._vao()
        self._lights: list = []

    def _vao(self):
        return self.ctx.vertex_array(
            self.program, [(self.vbo, meshes.VERTEX_FORMAT, *meshes.VERTEX_ATTRS)]
        )

    def configure(self, layer) -> None:
        self.set_uniform("u_ambient", (0.12, 0.13, 0.16))
        self.set_uniform("u_moon_dir", (0.45, 0.55, -0.7))
        self.set_uniform("u_moon_colour", (0.06, 0.07, 0.1))
        self.set_uniform("u_opacity", layer.opacity)
        lights.upload(self.program, getattr(self, "_lights", []))

    def link(self, drawers) -> None:
        self._lights = lights.gather(drawers)
        lights.upload(self.program, self._lights)

    def rebind(self) -> None:
        super().rebind()
        self.vao.release()
        self.vao = self._vao()

    def commands(self) -> list:
        ctx = self.ctx
        draws = [
            partial(ctx.enable, ctx.CULL_FACE),
            render(self.vao, self.vertices),
            partial(ctx.disable, ctx.CULL_FACE),
        ]
        return blended(ctx, draws, depth_write=True)

    def release(self) -> None:
        self.vao.release()
        self.vbo.release()
