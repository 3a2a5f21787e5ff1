"""A room's shell: floor, ceiling, walls with skirting, and a window cut wherever a rain pane
stands in the front wall (with its reveal, casing, sill and sash bars), as toolkit parts.

The viewer's head rests at the origin; the floor is ``FLOOR_Y`` below it and the room is
centred on the head, so the front wall is ``depth / 2`` ahead (at z = -depth / 2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vrasmr.render.shapes import primitives
from vrasmr.render.shapes.build import Part, linear
from vrasmr.render.shapes.mesh import place

FLOOR_Y = -1.1
SLAB_M = 0.12  # thickness of walls, floor and ceiling (a window's reveal)
WALL_STEP = 0.22
FLOOR_STEP = 0.1
SKIRTING = (0.09, 0.018)  # height, thickness
CASING_M = 0.07
SILL = (0.05, 0.1)  # thickness, how far it reaches into the room
BAR_M = 0.035
NIGHT_GLASS = "#06080c"


@dataclass(frozen=True)
class Pane:
    """A window's glass: centre, width and height, metres (a window_rain layer's pane)."""

    centre: tuple[float, float, float]
    width: float
    height: float


def panes_in(scene) -> list[Pane]:
    """The panes of the scene's window_rain layers."""
    return [
        Pane(tuple(layer.position), layer.width_m, layer.height_m)
        for layer in scene
        if layer.kind == "window_rain"
    ]


def _box(centre, size, material, colour, step, bevel=0.0) -> Part:
    mesh = primitives.box(size, bevel, 0.0, step)
    moved = type(mesh)(mesh.positions + np.asarray(centre), mesh.normals, mesh.local, mesh.indices)
    return Part(moved, material, colour)


def _wall_pieces(x0, x1, y0, y1, holes):
    """Rectangles covering [x0, x1] x [y0, y1] except the ``holes`` (x0, x1, y0, y1 each)."""
    xs = sorted({x0, x1, *(v for h in holes for v in h[:2] if x0 < v < x1)})
    ys = sorted({y0, y1, *(v for h in holes for v in h[2:] if y0 < v < y1)})
    out = []
    for a, b in zip(xs, xs[1:], strict=False):
        for c, d in zip(ys, ys[1:], strict=False):
            mx, my = (a + b) / 2, (c + d) / 2
            if not any(h[0] < mx < h[1] and h[2] < my < h[3] for h in holes):
                out.append((a, b, c, d))
    return out


def _panel(centre, width, height, degrees, material, colour, step) -> Part:
    mesh = place(primitives.panel(width, height, step), centre, degrees)
    return Part(mesh, material, colour)


def _front_openings(panes: list[Pane], front: float) -> list[tuple[float, float, float, float]]:
    holes = []
    for pane in panes:
        cx, cy, cz = pane.centre
        if abs(cz - front) <= 0.3:
            holes.append(
                (
                    cx - pane.width / 2,
                    cx + pane.width / 2,
                    cy - pane.height / 2,
                    cy + pane.height / 2,
                )
            )
    return holes


def shell(layer, panes: list[Pane]) -> list[Part]:
    """The room's inner surfaces (floor, ceiling, walls), skirting, and for each pane in the
    front wall an opening with its reveal and a window frame."""
    w, h, d = layer.size_m
    f, t = FLOOR_Y, SLAB_M
    wall = linear(layer.wall_colour, "#0e0a08")
    floor = linear(layer.floor_colour, "#0a0706")
    wm, fm = layer.wall_material, layer.floor_material
    top, front, mid = f + h, -d / 2.0, f + h / 2.0
    parts = [
        _panel((0.0, f, 0.0), w, d, (-90.0, 0.0, 0.0), fm, floor, FLOOR_STEP),
        _panel((0.0, top, 0.0), w, d, (90.0, 0.0, 0.0), "plaster", wall, WALL_STEP),
        _panel((-w / 2, mid, 0.0), d, h, (0.0, 90.0, 0.0), wm, wall, WALL_STEP),
        _panel((w / 2, mid, 0.0), d, h, (0.0, -90.0, 0.0), wm, wall, WALL_STEP),
        _panel((0.0, mid, d / 2), w, h, (0.0, 180.0, 0.0), wm, wall, WALL_STEP),
    ]
    holes = _front_openings(panes, front)
    for x0, x1, y0, y1 in _wall_pieces(-w / 2, w / 2, f, top, holes):
        centre = ((x0 + x1) / 2, (y0 + y1) / 2, front)
        parts.append(_panel(centre, x1 - x0, y1 - y0, (0.0, 0.0, 0.0), wm, wall, WALL_STEP))
    for x0, x1, y0, y1 in holes:  # the reveal: the wall's thickness round the opening
        cx, cy, z = (x0 + x1) / 2, (y0 + y1) / 2, front - t / 2
        parts += [
            _panel((cx, y1, z), x1 - x0, t, (90.0, 0.0, 0.0), wm, wall, 0.1),
            _panel((cx, y0, z), x1 - x0, t, (-90.0, 0.0, 0.0), wm, wall, 0.1),
            _panel((x0, cy, z), t, y1 - y0, (0.0, 90.0, 0.0), wm, wall, 0.1),
            _panel((x1, cy, z), t, y1 - y0, (0.0, -90.0, 0.0), wm, wall, 0.1),
        ]
    trim = tuple(c * 1.6 for c in floor)
    sk_h, sk_t = SKIRTING
    y = f + sk_h / 2
    parts += [
        _box((0.0, y, front + sk_t / 2), (w, sk_h, sk_t), "wood", trim, 0.3, 0.004),
        _box((0.0, y, d / 2 - sk_t / 2), (w, sk_h, sk_t), "wood", trim, 0.3, 0.004),
        _box((-w / 2 + sk_t / 2, y, 0.0), (sk_t, sk_h, d - 2 * sk_t), "wood", trim, 0.3, 0.004),
        _box((w / 2 - sk_t / 2, y, 0.0), (sk_t, sk_h, d - 2 * sk_t), "wood", trim, 0.3, 0.004),
    ]
    for pane in panes:
        if abs(pane.centre[2] - front) <= 0.3:
            parts += window_frame(pane, front, trim)
    return parts


def window_frame(pane: Pane, front: float, wood) -> list[Part]:
    """Casing round the opening on the wall, a sill, and a cross of sash bars just in front
    of the glass (never in its plane: the glass is drawn by the rain layer)."""
    (cx, cy, cz), pw, ph = pane.centre, pane.width, pane.height
    face = max(front, cz)
    c, depth = CASING_M, 0.025
    zc = face + depth / 2
    frame = tuple(v * 0.9 for v in wood)
    st = 0.2
    parts = [
        _box((cx, cy + ph / 2 + c / 2, zc), (pw + 2 * c, c, depth), "wood", frame, st, 0.006),
        _box((cx - pw / 2 - c / 2, cy, zc), (c, ph, depth), "wood", frame, st, 0.006),
        _box((cx + pw / 2 + c / 2, cy, zc), (c, ph, depth), "wood", frame, st, 0.006),
    ]
    s_t, s_reach = SILL
    parts.append(
        _box(
            (cx, cy - ph / 2 - s_t / 2, face - 0.06 + s_reach / 2),
            (pw + 2 * c + 0.06, s_t, s_reach + 0.06),
            "wood",
            frame,
            st,
            0.008,
        )  # fmt: skip
    )
    bar = BAR_M
    parts += [
        _box((cx, cy, cz + 0.012), (bar, ph, 0.016), "wood", frame, st, 0.004),
        _box((cx, cy, cz + 0.014), (pw, bar, 0.02), "wood", frame, st, 0.004),
    ]
    return parts


def night_glass(pane: Pane) -> Part:
    """Dark glass for a window with no rain pane."""
    (cx, cy, cz), pw, ph = pane.centre, pane.width, pane.height
    return _box(
        (cx, cy, cz - 0.004), (pw, ph, 0.006), "glass", linear(NIGHT_GLASS, NIGHT_GLASS), 0.3
    )
