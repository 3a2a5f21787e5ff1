"""Ambient occlusion baked per vertex: darker where things meet (a bed on the floor, a cup on a
table, the corners of a room), made once at load in numpy, free in the frame.

From each vertex a fixed fan of short rays (cosine-weighted about its normal) is cast against
the boxes around the other objects; a ray that meets one near counts more than one that meets
it far. The boxes are coarse (a vase is its box), which is what soft contact shadows need.
"""

from __future__ import annotations

import math

import numpy as np

RAYS = 12
REACH_M = 0.5
CHUNK = 256
LIFT_M = 0.004  # rays start this far off the surface


def _fan(count: int) -> np.ndarray:
    """``count`` cosine-weighted directions about +Z (a golden-angle spiral)."""
    k = np.arange(count) + 0.5
    r = np.sqrt(k / count)
    a = k * math.pi * (3.0 - math.sqrt(5.0))
    return np.stack([r * np.cos(a), r * np.sin(a), np.sqrt(1.0 - r * r)], 1)


def _frames(normals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two unit tangents per normal."""
    helper = np.where(np.abs(normals[:, 1:2]) < 0.9, [[0.0, 1.0, 0.0]], [[1.0, 0.0, 0.0]])
    t = np.cross(helper, normals)
    t /= np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-12)
    return t, np.cross(normals, t)


def bake(
    positions: np.ndarray,
    normals: np.ndarray,
    owners: np.ndarray,
    boxes: np.ndarray,
    box_owners: np.ndarray,
    *,
    rays: int = RAYS,
    reach: float = REACH_M,
) -> np.ndarray:
    """Occlusion per vertex, 0 (open) to 1 (closed in). ``owners``: each vertex's object id;
    ``boxes``: ``(b, 2, 3)`` lowest and highest corners of each object's box, owned by
    ``box_owners`` (an object's own box never shades it)."""
    n = len(positions)
    out = np.zeros(n, dtype=np.float32)
    if n == 0 or len(boxes) == 0:
        return out
    fan = _fan(rays).astype(np.float32)
    lo_all = boxes[:, 0].astype(np.float32)
    hi_all = boxes[:, 1].astype(np.float32)
    pos = positions.astype(np.float32)
    nrm_all = normals.astype(np.float32)
    for start in range(0, n, CHUNK):
        stop = min(n, start + CHUNK)
        p, nrm = pos[start:stop], nrm_all[start:stop]
        near = (lo_all - reach <= p.max(0)).all(1) & (hi_all + reach >= p.min(0)).all(1)
        near &= box_owners != owners[start]  # (a chunk is mostly one object's)
        if not near.any():
            continue
        lo, hi, own = lo_all[near], hi_all[near], box_owners[near]
        t, b = _frames(nrm)
        dirs = fan[None, :, 0:1] * t[:, None] + fan[None, :, 1:2] * b[:, None]
        dirs = dirs + fan[None, :, 2:3] * nrm[:, None]  # (v, rays, 3)
        origin = p + nrm * LIFT_M
        enter = np.zeros((stop - start, rays, len(lo)), dtype=np.float32)
        leave = np.full_like(enter, np.inf)
        for axis in range(3):
            d = dirs[:, :, axis : axis + 1]
            inv = 1.0 / np.where(np.abs(d) < 1e-7, np.float32(1e-7), d)
            o = origin[:, None, axis : axis + 1]
            t1 = (lo[None, None, :, axis] - o) * inv
            t2 = (hi[None, None, :, axis] - o) * inv
            np.maximum(enter, np.minimum(t1, t2), out=enter)
            np.minimum(leave, np.maximum(t1, t2), out=leave)
        hit = (leave >= enter) & (enter < reach)
        hit &= own[None, None, :] != owners[start:stop, None, None]
        dist = np.clip(enter, 0.0, reach) / reach
        weight = np.where(hit, 1.0 - dist * dist, 0.0).max(-1)  # the nearest box per ray
        out[start:stop] = weight.mean(-1)
    return out
