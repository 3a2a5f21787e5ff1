"""The mesh toolkit's primitives, made in numpy: bevelled (and puffed) box, lathe, extrude,
and the rock they lack. Each returns a :class:`~vrasmr.render.shapes.mesh.Mesh` centred on
its own origin, its faces split to at most ``step`` metres so that baked occlusion has
vertices to live on.
"""

from __future__ import annotations

import math

import numpy as np

from vrasmr.render.shapes.mesh import Mesh, make, smooth_normals

DEFAULT_STEP = 0.12
MAX_SPLITS = 48  # pieces along a box's side, at most
SMOOTH_TURN_DEG = 50.0
_BEVEL_TURNS = (math.tan(math.radians(15.0)), math.tan(math.radians(30.0)))
_SMALL_BEVEL_TURNS = (math.tan(math.radians(22.5)),)  # for edges rounded by under 2 cm


def _axis(half: float, bevel: float, step: float) -> np.ndarray:
    """Sample coordinates along one edge of a box face: even inside (at most ``MAX_SPLITS``
    pieces: a ground 24 m across would otherwise be 80,000 vertices, each shaded on a
    software renderer's one drawing thread), denser over the bevel."""
    flat = max(half - bevel, 0.0)
    inner = np.linspace(-flat, flat, min(MAX_SPLITS, max(1, math.ceil(2.0 * flat / step))) + 1)
    if bevel <= 0.0:
        return inner
    turns = _BEVEL_TURNS if bevel >= 0.02 else _SMALL_BEVEL_TURNS
    edge = [flat + bevel * t for t in turns] + [half]
    return np.unique(np.round(np.concatenate([-np.array(edge[::-1]), inner, edge]), 9))


def orient(positions: np.ndarray, normals: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """``indices`` with every triangle wound counter-clockwise seen from its normals' side."""
    a, b, c = (positions[indices[:, k]] for k in range(3))
    face = np.cross(b - a, c - a)
    avg = normals[indices[:, 0]] + normals[indices[:, 1]] + normals[indices[:, 2]]
    wrong = np.einsum("ij,ij->i", face, avg) < 0
    out = indices.copy()
    out[wrong] = out[wrong][:, ::-1]
    return out


def _grid_indices(rows: int, cols: int, offset: int = 0) -> np.ndarray:
    """Two triangles per cell of a ``rows`` x ``cols`` grid of vertices (row-major)."""
    r, c = np.meshgrid(np.arange(rows - 1), np.arange(cols - 1), indexing="ij")
    a = (r * cols + c).ravel() + offset
    b, d = a + 1, a + cols
    return np.concatenate([np.stack([a, b, d + 1], 1), np.stack([a, d + 1, d], 1)])


def box(size, bevel: float = 0.0, puff: float = 0.0, step: float = DEFAULT_STEP) -> Mesh:
    """A box of ``size`` (x, y, z metres) centred on the origin, its edges rounded by
    ``bevel`` metres, its faces bulging out by up to ``puff`` metres (a cushion). Local
    coordinates put the longest side along x (the grain of a plank)."""
    half = np.asarray(size, dtype=np.float64) / 2.0
    r = float(min(max(bevel, 0.0), half.min() * 0.999))
    samples = [_axis(h, r, step) for h in half]
    flat = half - r
    positions, normals, indices = [], [], []
    count = 0
    for a in range(3):
        b, c = (a + 1) % 3, (a + 2) % 3
        for sign in (-1.0, 1.0):
            ub, uc = np.meshgrid(samples[b], samples[c], indexing="ij")
            p = np.zeros(ub.shape + (3,))
            p[..., a], p[..., b], p[..., c] = sign * half[a], ub, uc
            p = p.reshape(-1, 3)
            inner = np.clip(p, -flat, flat)
            d = p - inner
            length = np.linalg.norm(d, axis=1, keepdims=True)
            face = np.zeros(3)
            face[a] = sign
            n = np.where(length > 1e-12, d / np.maximum(length, 1e-12), face)
            p = inner + r * n if r > 0 else p
            if puff > 0:  # the flat part bulges; the rounded edges stay (no cracks)
                fb, fc = max(flat[b], 1e-9), max(flat[c], 1e-9)
                wb = np.clip(1.0 - (p[:, b] / fb) ** 2, 0.0, 1.0)
                wc = np.clip(1.0 - (p[:, c] / fc) ** 2, 0.0, 1.0)
                p = p + n * (puff * wb * wc)[:, None]
                slope_b = puff * (-2.0 * p[:, b] / fb**2) * wc * (wb > 0)
                slope_c = puff * (-2.0 * p[:, c] / fc**2) * wb * (wc > 0)
                n = n.copy()
                n[:, b] -= slope_b * sign * n[:, a]
                n[:, c] -= slope_c * sign * n[:, a]
            positions.append(p)
            normals.append(n)
            indices.append(_grid_indices(*ub.shape, offset=count))
            count += len(p)
    p, n, i = np.concatenate(positions), np.concatenate(normals), np.concatenate(indices)
    order = np.argsort(-np.asarray(size, dtype=np.float64), kind="stable")
    n = n / np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-12)
    return make(p, n, orient(p, n, i), local=p[:, order])


def panel(width: float, height: float, step: float = DEFAULT_STEP) -> Mesh:
    """A flat rectangle facing +Z, centred on the origin (a wall, a floor): one face only.
    Local coordinates put its longer side along x."""
    xs = np.linspace(-width / 2, width / 2, max(1, math.ceil(width / step)) + 1)
    ys = np.linspace(-height / 2, height / 2, max(1, math.ceil(height / step)) + 1)
    gy, gx = np.meshgrid(ys, xs, indexing="ij")
    p = np.stack([gx.ravel(), gy.ravel(), np.zeros(gx.size)], 1)
    n = np.tile([0.0, 0.0, 1.0], (len(p), 1))
    i = _grid_indices(len(ys), len(xs))
    local = p if width >= height else p[:, [1, 0, 2]]
    return make(p, n, orient(p, n, i), local=local)


def lathe(profile, segments: int = 24, step: float = DEFAULT_STEP) -> Mesh:
    """A surface of revolution about +Y: ``profile`` lists (radius, height) from the bottom
    up; a profile that starts or ends off the axis is closed by a flat cap. Long profile
    segments are split to ``step``. Local coordinates run along the axis first."""
    prof = _split_profile(np.asarray(profile, dtype=np.float64), step)
    r, y = prof[:, 0], prof[:, 1]
    tangent = np.gradient(prof, axis=0) if len(prof) > 2 else np.repeat(prof[1:] - prof[:1], 2, 0)
    normal2 = np.stack([tangent[:, 1], -tangent[:, 0]], 1)  # (radial, up)
    normal2 /= np.maximum(np.linalg.norm(normal2, axis=1, keepdims=True), 1e-12)
    theta = np.linspace(0.0, 2.0 * math.pi, segments + 1)
    cos, sin = np.cos(theta)[None, :], np.sin(theta)[None, :]
    px, pz = r[:, None] * cos, -r[:, None] * sin
    py = np.broadcast_to(y[:, None], px.shape)
    nx, nz = normal2[:, :1] * cos, -normal2[:, :1] * sin
    ny = np.broadcast_to(normal2[:, 1:], nx.shape)
    p = np.stack([px, py, pz], -1).reshape(-1, 3)
    n = np.stack([nx, ny, nz], -1).reshape(-1, 3)
    i = _grid_indices(len(prof), segments + 1)
    parts = [(p, n, i)]
    for end, up in ((0, -1.0), (-1, 1.0)):
        if r[end] > 1e-6:
            parts.append(_cap(r[end], y[end], up, theta))
    p, n, i = _stack(parts)
    local = np.stack([p[:, 1], p[:, 0], p[:, 2]], 1)
    return make(p, n, orient(p, n, i), local=local)


def _split_profile(prof: np.ndarray, step: float) -> np.ndarray:
    out = [prof[0]]
    for a, b in zip(prof[:-1], prof[1:], strict=True):
        k = max(1, math.ceil(float(np.linalg.norm(b - a)) / step))
        out += [a + (b - a) * (j / k) for j in range(1, k + 1)]
    return np.asarray(out)


def _cap(radius: float, height: float, up: float, theta: np.ndarray):
    ring = np.stack(
        [radius * np.cos(theta), np.full_like(theta, height), -radius * np.sin(theta)], 1
    )
    p = np.concatenate([[[0.0, height, 0.0]], ring])
    n = np.tile([0.0, up, 0.0], (len(p), 1))
    k = np.arange(1, len(theta))
    return p, n, np.stack([np.zeros_like(k), k, k + 1], 1)


def _stack(parts):
    positions, normals, indices, count = [], [], [], 0
    for p, n, i in parts:
        positions.append(p)
        normals.append(n)
        indices.append(i + count)
        count += len(p)
    return np.concatenate(positions), np.concatenate(normals), np.concatenate(indices)


def extrude(outline, depth: float, step: float = DEFAULT_STEP) -> Mesh:
    """A flat ``outline`` ((x, y) points of a simple polygon) given ``depth`` metres along Z,
    centred on z = 0: flat caps front and back, sharp side walls (a tent, a gable, a shelf
    bracket)."""
    pts = np.asarray(outline, dtype=np.float64)
    if _signed_area(pts) < 0:
        pts = pts[::-1]
    half = depth / 2.0
    zs = np.linspace(-half, half, max(1, math.ceil(depth / step)) + 1)
    nxt = np.roll(pts, -1, axis=0)
    edges = nxt - pts
    edge_n = np.stack([edges[:, 1], -edges[:, 0]], 1)
    edge_n /= np.maximum(np.linalg.norm(edge_n, axis=1, keepdims=True), 1e-12)
    # A corner gentler than SMOOTH_TURN_DEG is shaded smooth (pleats), a sharper one stays
    # sharp (the corners of a tent): each edge end takes its corner's normal.
    prev_n = np.roll(edge_n, 1, axis=0)
    smooth = np.einsum("ij,ij->i", prev_n, edge_n) > math.cos(math.radians(SMOOTH_TURN_DEG))
    corner_n = prev_n + edge_n
    corner_n /= np.maximum(np.linalg.norm(corner_n, axis=1, keepdims=True), 1e-12)
    parts, ring = [], []
    for k, (a, edge) in enumerate(zip(pts, edges, strict=True)):
        j = (k + 1) % len(pts)
        n0 = corner_n[k] if smooth[k] else edge_n[k]
        n1 = corner_n[j] if smooth[j] else edge_n[k]
        m = max(1, math.ceil(float(np.linalg.norm(edge)) / step))
        s = np.linspace(0.0, 1.0, m + 1)
        along = a + edge * s[:, None]
        ring += list(along[:-1])  # the caps share the walls' vertices: no cracks
        normals = n0 * (1.0 - s[:, None]) + n1 * s[:, None]
        gz, ga = np.meshgrid(zs, np.arange(m + 1), indexing="ij")
        p = np.column_stack([along[ga.ravel()], gz.ravel()])
        nn = np.column_stack([normals[ga.ravel()], np.zeros(ga.size)])
        parts.append((p, nn, _grid_indices(len(zs), m + 1)))
    ring = np.asarray(ring)
    tris = ear_clip(ring)
    for z, up in ((half, 1.0), (-half, -1.0)):
        p = np.column_stack([ring, np.full(len(ring), z)])
        parts.append((p, np.tile([0.0, 0.0, up], (len(p), 1)), tris))
    p, n, i = _stack(parts)
    return make(p, n, orient(p, n, i))


def _signed_area(pts: np.ndarray) -> float:
    x, y = pts[:, 0], pts[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


def ear_clip(pts: np.ndarray) -> np.ndarray:
    """Triangles (index triples) of a simple counter-clockwise polygon, by ear clipping."""
    left = list(range(len(pts)))
    out = []
    guard = 0
    while len(left) > 3 and guard < 10 * len(pts) ** 2:
        guard += 1
        for k in range(len(left)):
            i, j, m = left[k - 1], left[k], left[(k + 1) % len(left)]
            a, b, c = pts[i], pts[j], pts[m]
            if _cross(b - a, c - b) <= 1e-12:
                continue  # a reflex or flat corner is no ear
            others = [pts[q] for q in left if q not in (i, j, m)]
            if any(_inside(p, a, b, c) for p in others):
                continue
            out.append((i, j, m))
            left.pop(k)
            break
        else:
            break  # not simple (or degenerate): fan the rest
    for k in range(1, len(left) - 1):
        out.append((left[0], left[k], left[k + 1]))
    return np.asarray(out, dtype=np.int64).reshape(-1, 3)


def _cross(u, v) -> float:
    return float(u[0] * v[1] - u[1] * v[0])


def _inside(p, a, b, c) -> bool:
    return _cross(b - a, p - a) >= 0 and _cross(c - b, p - b) >= 0 and _cross(a - c, p - c) >= 0


def icosphere(level: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """A unit sphere of triangles, each subdivided ``level`` times: (positions, indices)."""
    t = (1.0 + math.sqrt(5.0)) / 2.0
    v = [(-1, t, 0), (1, t, 0), (-1, -t, 0), (1, -t, 0), (0, -1, t), (0, 1, t),
         (0, -1, -t), (0, 1, -t), (t, 0, -1), (t, 0, 1), (-t, 0, -1), (-t, 0, 1)]  # fmt: skip
    f = [(0, 11, 5), (0, 5, 1), (0, 1, 7), (0, 7, 10), (0, 10, 11), (1, 5, 9), (5, 11, 4),
         (11, 10, 2), (10, 7, 6), (7, 1, 8), (3, 9, 4), (3, 4, 2), (3, 2, 6), (3, 6, 8),
         (3, 8, 9), (4, 9, 5), (2, 4, 11), (6, 2, 10), (8, 6, 7), (9, 8, 1)]  # fmt: skip
    verts = [np.array(p, dtype=np.float64) / np.linalg.norm(p) for p in v]
    faces = f
    for _ in range(level):
        middles: dict = {}
        new = []
        for a, b, c in faces:
            ab, bc, ca = (_middle(verts, middles, i, j) for i, j in ((a, b), (b, c), (c, a)))
            new += [(a, ab, ca), (b, bc, ab), (c, ca, bc), (ab, bc, ca)]
        faces = new
    return np.asarray(verts), np.asarray(faces, dtype=np.int64)


def _middle(verts: list, middles: dict, i: int, j: int) -> int:
    """The index of the unit point between ``verts[i]`` and ``verts[j]`` (made once)."""
    key = (min(i, j), max(i, j))
    if key not in middles:
        m = verts[i] + verts[j]
        verts.append(m / np.linalg.norm(m))
        middles[key] = len(verts) - 1
    return middles[key]


def lumpy(points: np.ndarray, seed: int, amount: float) -> np.ndarray:
    """A radius factor per unit-sphere point: ``1 +- amount`` of smooth seeded bumps."""
    rng = np.random.default_rng(seed)
    waves = rng.normal(size=(6, 3))
    freq = np.linspace(1.6, 4.5, 6)[:, None] * waves / np.linalg.norm(waves, axis=1, keepdims=True)
    phase = rng.uniform(0.0, 2.0 * math.pi, 6)
    weight = 1.0 / np.linspace(1.0, 3.0, 6)
    bumps = np.sin(points @ freq.T + phase) @ weight / weight.sum()
    return 1.0 + amount * bumps


def rock(size, seed: int = 0, roughness: float = 0.5, level: int = 2) -> Mesh:
    """A smooth lumpy stone of about ``size`` (x, y, z metres), flattened underneath so it
    sits on whatever is below its origin (its base)."""
    unit, faces = icosphere(level)
    p = unit * lumpy(unit, seed, 0.35 * roughness)[:, None]
    p[:, 1] = np.where(p[:, 1] < -0.35, -0.35 + (p[:, 1] + 0.35) * 0.15, p[:, 1])  # its seat
    p -= p.min(axis=0)
    p /= np.maximum(p.max(axis=0), 1e-9)
    p[:, 0] -= 0.5 * (p[:, 0].max() + p[:, 0].min())
    p[:, 2] -= 0.5 * (p[:, 2].max() + p[:, 2].min())
    p *= np.asarray(size, dtype=np.float64)
    return make(p, smooth_normals(p, faces), faces)


def blob(centre, radius, seed: int, amount: float = 0.25, level: int = 2) -> Mesh:
    """A lumpy ball of ``radius`` around ``centre`` (a tree's crown, a bush)."""
    unit, faces = icosphere(level)
    p = unit * (radius * lumpy(unit, seed, amount))[:, None] + np.asarray(centre)
    return make(p, smooth_normals(p, faces), faces)
