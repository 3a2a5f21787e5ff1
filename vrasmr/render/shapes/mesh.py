"""An indexed triangle mesh in numpy, and what is done to one: place it, merge many, pack them.

A :class:`Mesh` has positions, normals and *local* coordinates (where each vertex sits on the
object before it is placed: the procedural materials draw their grain, weave and veins there,
so a pattern stays on its object) and triangles as index triples. :func:`pack` turns meshes
with their colour, material, glow and baked ambient occlusion into one interleaved vertex
array for the lit program (:data:`VERTEX_FORMAT`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

VERTEX_FORMAT = "3f 3f 3f 3f 3f"
VERTEX_ATTRS = ("in_pos", "in_normal", "in_colour", "in_local", "in_surface")
"""Per vertex: position, normal, linear colour, local position, (material, occlusion, glow)."""
FLOATS = 15


@dataclass(frozen=True)
class Mesh:
    """Triangles: ``positions``, ``normals`` and ``local`` are ``(n, 3)``, ``indices`` ``(m, 3)``."""

    positions: np.ndarray
    normals: np.ndarray
    local: np.ndarray
    indices: np.ndarray

    @property
    def vertex_count(self) -> int:
        return len(self.positions)

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """The axis-aligned box around the mesh: (lowest corner, highest corner)."""
        return self.positions.min(axis=0), self.positions.max(axis=0)


def vertex_layout(program) -> tuple[str, ...]:
    """The buffer format and attribute names for ``program``: an attribute the program does
    not use (its compiler dropped it) is skipped over in the buffer."""
    parts, names = [], []
    for fmt, name in zip(VERTEX_FORMAT.split(), VERTEX_ATTRS, strict=True):
        if name in program:
            parts.append(fmt)
            names.append(name)
        else:
            parts.append(f"{fmt[0]}x4")
    return (" ".join(parts), *names)


def make(positions, normals, indices, local=None) -> Mesh:
    """A mesh from arrays (``local`` defaults to the positions); normals are made unit."""
    p = np.asarray(positions, dtype=np.float64).reshape(-1, 3)
    n = np.asarray(normals, dtype=np.float64).reshape(-1, 3)
    n = n / np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-12)
    loc = p.copy() if local is None else np.asarray(local, dtype=np.float64).reshape(-1, 3)
    return Mesh(p, n, loc, np.asarray(indices, dtype=np.int64).reshape(-1, 3))


def rotation(degrees) -> np.ndarray:
    """The 3x3 rotation of ``(x, y, z)`` degrees: about Y (turn), then X (tilt), then Z (lean)."""
    ax, ay, az = (math.radians(d) for d in degrees)
    cx, sx, cy, sy, cz, sz = (math.cos(ax), math.sin(ax), math.cos(ay), math.sin(ay),
                              math.cos(az), math.sin(az))  # fmt: skip
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return ry @ rx @ rz


def place(mesh: Mesh, position=(0.0, 0.0, 0.0), degrees=(0.0, 0.0, 0.0), scale=1.0) -> Mesh:
    """``mesh`` scaled, rotated (:func:`rotation`) and moved to ``position``; its local
    coordinates stay as they were, so its material pattern goes with it."""
    r = rotation(degrees)
    s = np.broadcast_to(np.asarray(scale, dtype=np.float64), (3,))
    p = (mesh.positions * s) @ r.T + np.asarray(position, dtype=np.float64)
    n = (mesh.normals / s) @ r.T
    n = n / np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-12)
    return Mesh(p, n, mesh.local * s, mesh.indices)


def merge(meshes) -> Mesh:
    """One mesh of many (indices offset); an empty list gives an empty mesh."""
    meshes = [m for m in meshes if m.vertex_count]
    if not meshes:
        empty = np.zeros((0, 3))
        return Mesh(empty, empty, empty, np.zeros((0, 3), dtype=np.int64))
    offsets = np.cumsum([0] + [m.vertex_count for m in meshes[:-1]])
    return Mesh(
        np.concatenate([m.positions for m in meshes]),
        np.concatenate([m.normals for m in meshes]),
        np.concatenate([m.local for m in meshes]),
        np.concatenate([m.indices + o for m, o in zip(meshes, offsets, strict=True)]),
    )


def smooth_normals(positions: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """Area-weighted vertex normals of a connected mesh."""
    a, b, c = (positions[indices[:, k]] for k in range(3))
    face = np.cross(b - a, c - a)
    normals = np.zeros_like(positions)
    for k in range(3):
        np.add.at(normals, indices[:, k], face)
    return normals / np.maximum(np.linalg.norm(normals, axis=1, keepdims=True), 1e-12)


def pack(mesh: Mesh, colour, material: float, occlusion, glow: float = 0.0) -> np.ndarray:
    """Interleaved float32 vertices ``(n, FLOATS)`` for the lit program; ``occlusion`` is one
    value or one per vertex (0 open, 1 fully occluded)."""
    n = mesh.vertex_count
    out = np.empty((n, FLOATS), dtype=np.float32)
    out[:, 0:3] = mesh.positions
    out[:, 3:6] = mesh.normals
    out[:, 6:9] = np.broadcast_to(np.asarray(colour, dtype=np.float32), (n, 3))
    out[:, 9:12] = mesh.local
    out[:, 12] = material
    out[:, 13] = occlusion
    out[:, 14] = glow
    return out
