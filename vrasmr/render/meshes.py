"""Procedural meshes as flat float32 triangle lists: position, normal, linear colour per vertex.

Every builder returns an ``(n, 9)`` array; :func:`merge` stacks them so a whole room is one
vertex buffer and one draw call.
"""

from __future__ import annotations

import math

import numpy as np

VERTEX_FORMAT = "3f 3f 3f"
VERTEX_ATTRS = ("in_pos", "in_normal", "in_colour")

# The six faces of a unit cube: normal and the four corners (counter-clockwise seen from outside).
_FACES = (
    ((1, 0, 0), ((1, -1, 1), (1, -1, -1), (1, 1, -1), (1, 1, 1))),
    ((-1, 0, 0), ((-1, -1, -1), (-1, -1, 1), (-1, 1, 1), (-1, 1, -1))),
    ((0, 1, 0), ((-1, 1, 1), (1, 1, 1), (1, 1, -1), (-1, 1, -1))),
    ((0, -1, 0), ((-1, -1, -1), (1, -1, -1), (1, -1, 1), (-1, -1, 1))),
    ((0, 0, 1), ((-1, -1, 1), (1, -1, 1), (1, 1, 1), (-1, 1, 1))),
    ((0, 0, -1), ((1, -1, -1), (-1, -1, -1), (-1, 1, -1), (1, 1, -1))),
)


def _quad(corners, normal, colour) -> list[list[float]]:
    a, b, c, d = corners
    return [[*p, *normal, *colour] for p in (a, b, c, a, c, d)]


def box(centre, size, colour, *, inside: bool = False) -> np.ndarray:
    """An axis-aligned box; ``inside=True`` faces inwards (walls of a room around the viewer)."""
    cx, cy, cz = centre
    hx, hy, hz = (s / 2.0 for s in size)
    rows: list[list[float]] = []
    for normal, corners in _FACES:
        pts = [(cx + x * hx, cy + y * hy, cz + z * hz) for x, y, z in corners]
        n = normal
        if inside:
            pts = pts[::-1]
            n = tuple(-v for v in normal)
        rows += _quad(pts, n, colour)
    return np.asarray(rows, dtype=np.float32)


def cylinder(
    base,
    radius: float,
    height: float,
    colour,
    *,
    segments: int = 16,
    top_radius: float | None = None,
) -> np.ndarray:
    """An upright (optionally tapered) cylinder standing on ``base``, with a top cap."""
    bx, by, bz = base
    rt = radius if top_radius is None else top_radius
    slope = (radius - rt) / height if height else 0.0
    rows: list[list[float]] = []
    for i in range(segments):
        a0 = 2.0 * math.pi * i / segments
        a1 = 2.0 * math.pi * (i + 1) / segments
        c0, s0, c1, s1 = math.cos(a0), math.sin(a0), math.cos(a1), math.sin(a1)
        p = [
            (bx + radius * c0, by, bz + radius * s0),
            (bx + radius * c1, by, bz + radius * s1),
            (bx + rt * c1, by + height, bz + rt * s1),
            (bx + rt * c0, by + height, bz + rt * s0),
        ]
        n0 = _unit((c0, slope, s0))
        n1 = _unit((c1, slope, s1))
        normals = (n0, n1, n1, n0)
        for k in (0, 2, 1, 0, 3, 2):
            rows.append([*p[k], *normals[k], *colour])
        top = (bx, by + height, bz)
        rows += [[*top, 0, 1, 0, *colour], [*p[2], 0, 1, 0, *colour], [*p[3], 0, 1, 0, *colour]]
    return np.asarray(rows, dtype=np.float32)


def _unit(v) -> tuple[float, float, float]:
    n = math.sqrt(sum(c * c for c in v)) or 1.0
    return (v[0] / n, v[1] / n, v[2] / n)


def merge(parts) -> np.ndarray:
    """One triangle list from many (an empty list gives an empty ``(0, 9)`` array)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return np.zeros((0, 9), dtype=np.float32)
    return np.ascontiguousarray(np.concatenate(parts, axis=0), dtype=np.float32)
