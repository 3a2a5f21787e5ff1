"""Props to triangles: each shape made (object space, its base at the origin), placed,
scattered, its occlusion baked, all packed into one vertex array and one index array.

Made on the scene-loading thread (:meth:`vrasmr.render.layers.base.Drawer.prepare`), cached
by the layer's contents, so a drawer only uploads.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

import numpy as np

from vrasmr.render.layers.base import hex_to_linear
from vrasmr.render.layers.lights import PointLight
from vrasmr.render.shapes import primitives
from vrasmr.render.shapes.mesh import Mesh, make, merge, pack, rotation
from vrasmr.render.shapes.occlusion import bake
from vrasmr.scene.props import MATERIALS

MATERIAL_IDS = {name: float(i) for i, name in enumerate(MATERIALS)}  # shaders/materials.glsl
BARK = "#2e2016"
CANDLE_LIGHT = 0.8  # the linear light of one candle's strength, at 1 m
SCATTER_TINT = 0.18  # copies vary in brightness by up to this much
TREE_STEP = 0.25  # a tree's faces are split to this share of its height


@dataclass(frozen=True)
class Part:
    """One mesh with what it is made of: material name, linear colour, glow."""

    mesh: Mesh
    material: str
    colour: tuple[float, float, float]
    glow: float = 0.0


@dataclass(frozen=True)
class Solid:
    """What a lit drawer uploads: interleaved vertices, triangle indices, and the lights the
    props give."""

    vertices: np.ndarray  # (n, FLOATS) float32
    indices: np.ndarray  # (m, 3) uint32
    lights: tuple[PointLight, ...] = ()


def linear(value: str, default: str) -> tuple[float, float, float]:
    """A colour field as linear RGB (a palette name left unresolved reads as ``default``)."""
    return hex_to_linear(value if value.startswith("#") else default)


def _lift(mesh: Mesh, dy: float) -> Mesh:
    return Mesh(mesh.positions + (0.0, dy, 0.0), mesh.normals, mesh.local, mesh.indices)


def cylinder_profile(radius: float, height: float, top: float, bevel: float) -> list:
    """A closed (radius, height) profile of a cylinder or cone with rounded rims."""
    b = min(bevel, radius * 0.45, max(top, 1e-3) * 0.45, height * 0.45)
    if b <= 1e-5:
        return [(0.0, 0.0), (radius, 0.0), (top, height), (0.0, height)]
    return [
        (0.0, 0.0),
        (radius - b, 0.0),
        (radius - 0.3 * b, 0.3 * b),
        (radius, b),
        (top, height - b),
        (top - 0.3 * b, height - 0.3 * b),
        (top - b, height),
        (0.0, height),
    ]


def shape_parts(item, step: float = primitives.DEFAULT_STEP) -> list[Part]:
    """The parts of one shape in its own space, its base centred on the origin."""
    colour = linear(item.colour, "#4a3a2c")
    kind = item.shape
    if kind == "box":
        mesh = _lift(
            primitives.box(item.size_m, item.bevel_m, item.puff_m, step), item.size_m[1] / 2
        )
    elif kind == "cylinder":
        top = item.radius_m if item.top_radius_m is None else item.top_radius_m
        profile = cylinder_profile(item.radius_m, item.height_m, top, item.bevel_m)
        mesh = primitives.lathe(profile, item.segments, step)
    elif kind == "lathe":
        mesh = primitives.lathe(item.profile, item.segments, step)
    elif kind == "extrude":
        mesh = primitives.extrude(item.outline, item.depth_m, step)
    elif kind == "rock":
        mesh = primitives.rock(item.size_m, item.seed, item.roughness)
    elif kind == "tree":
        return _tree(item, colour)
    else:  # pragma: no cover - the model allows no other shape
        raise ValueError(f"no shape {kind!r}")
    return [Part(mesh, item.material, colour, item.glow)]


def _tree(item, colour) -> list[Part]:
    h, r, seed = item.height_m, item.radius_m, item.seed
    rng = np.random.default_rng(seed)
    # Rings a quarter of the height apart at most: a tree meets the ground only at its trunk's foot, so
    # the fine split that carries a small thing's occlusion would only cost vertices here.
    step = max(primitives.DEFAULT_STEP, TREE_STEP * h)
    bark = linear(BARK, BARK)
    if item.style == "conifer":
        trunk_r = max(0.04, 0.02 * h)
        trunk = primitives.lathe(cylinder_profile(trunk_r, 0.3 * h, trunk_r * 0.7, 0.0), 8, step)
        tiers = 4
        profile = [(0.0, 0.16 * h)]
        for k in range(tiers):
            y0 = 0.16 * h + k * 0.19 * h
            wide = r * (1.0 - k / (tiers + 0.6)) * rng.uniform(0.9, 1.1)
            profile += [(wide * 0.25, y0), (wide, y0 + 0.04 * h), (wide * 0.3, y0 + 0.3 * h)]
        profile.append((0.0, h))
        crown = primitives.lathe(profile, 14, step)
        angle = np.arctan2(-crown.positions[:, 2], crown.positions[:, 0])
        jag = 1.0 + 0.14 * np.sin(7.0 * angle + seed) + 0.07 * np.sin(13.0 * angle + 2.0 * seed)
        p = crown.positions * np.stack([jag, np.ones_like(jag), jag], 1)
        crown = Mesh(p, crown.normals, crown.local, crown.indices)
        return [Part(trunk, "bark", bark), Part(crown, "foliage", colour, item.glow)]
    trunk_r = max(0.05, 0.03 * h)
    trunk_profile = cylinder_profile(trunk_r * 1.3, 0.62 * h, trunk_r * 0.7, 0.0)
    trunk = primitives.lathe(trunk_profile, 10, step)
    blobs = []
    for k in range(5):
        a = 2.0 * math.pi * k / 5 + rng.uniform(-0.4, 0.4)
        off = r * 0.45 * rng.uniform(0.3, 1.0)
        centre = (off * math.cos(a), 0.68 * h + rng.uniform(-0.12, 0.12) * h, off * math.sin(a))
        blobs.append(primitives.blob(centre, r * rng.uniform(0.5, 0.72), seed + k, 0.3))
    return [Part(trunk, "bark", bark), Part(merge(blobs), "foliage", colour, item.glow)]


def _placed(part: Part, origin, matrix, scale: float, tint: float = 1.0) -> Part:
    m = part.mesh
    p = (m.positions * scale) @ matrix.T + np.asarray(origin, dtype=np.float64)
    n = m.normals @ matrix.T
    colour = tuple(c * tint for c in part.colour)
    return Part(make(p, n, m.indices, local=m.local * scale), part.material, colour, part.glow)


def _light(item, origin, matrix, scale: float, seed: float) -> PointLight | None:
    spec = getattr(item, "light", None)
    if spec is None or spec.strength <= 0.0:
        return None
    where = np.asarray(origin) + matrix @ (np.asarray(spec.offset) * scale)
    colour = tuple(c * spec.strength * CANDLE_LIGHT for c in linear(spec.colour, "#ffae5c"))
    return PointLight(tuple(float(v) for v in where), colour, spec.flicker, seed, spec.radius_m)


def placements(item):
    """``(shape, origin, rotation matrix, scale, tint)`` for a prop, one per scatter copy."""
    if item.shape != "scatter":
        yield item, item.position, rotation(item.rotation_deg), 1.0, 1.0
        return
    rng = np.random.default_rng(item.seed)
    frame = rotation(item.rotation_deg)
    inner = rotation(item.item.rotation_deg)
    w, d = item.area_m
    for k in range(item.count):
        if item.spread == "ring":
            a = 2.0 * math.pi * (k + rng.uniform(-0.25, 0.25)) / item.count
            spot = np.array([0.5 * w * math.cos(a), 0.0, 0.5 * d * math.sin(a)]) * rng.uniform(
                0.9, 1.0
            )
        elif item.spread == "row":
            x = -0.5 * w + w * (k + 0.5 + rng.uniform(-0.15, 0.15)) / item.count
            spot = np.array([x, 0.0, rng.uniform(-0.5, 0.5) * d * 0.3])
        else:
            spot = np.array([rng.uniform(-0.5, 0.5) * w, 0.0, rng.uniform(-0.5, 0.5) * d])
        scale = float(rng.uniform(*sorted(item.scale)))
        yaw = rotation((0.0, float(rng.uniform(0.0, 360.0)), 0.0)) if item.turn else np.eye(3)
        origin = np.asarray(item.position) + frame @ spot
        tint = 1.0 + SCATTER_TINT * float(rng.uniform(-1.0, 1.0))
        yield item.item, origin, frame @ yaw @ inner, scale, tint


def solid(
    items, *, extra: list[tuple[Part, int]] = (), step: float = primitives.DEFAULT_STEP
) -> Solid:
    """Every prop of ``items`` (and ``extra`` parts with their object ids, such as a room's
    walls) as one :class:`Solid`, with occlusion baked between them."""
    parts: list[tuple[Part, int]] = list(extra)
    lights: list[PointLight] = []
    owner = 1 + max((o for _, o in parts), default=0)
    for index, item in enumerate(items):
        for k, (shape, origin, matrix, scale, tint) in enumerate(placements(item)):
            for part in shape_parts(shape, step):
                parts.append((_placed(part, origin, matrix, scale, tint), owner))
            seed = (zlib.crc32(f"{index}:{k}".encode()) % 1000) / 100.0
            light = _light(shape, origin, matrix, scale, seed)
            if light is not None:
                lights.append(light)
            owner += 1
    return pack_parts(parts, tuple(lights))


def pack_parts(parts: list[tuple[Part, int]], lights: tuple = ()) -> Solid:
    """``parts`` with their object ids, occlusion baked between the objects, packed."""
    if not parts:
        return Solid(np.zeros((0, 15), np.float32), np.zeros((0, 3), np.uint32), lights)
    owners = np.concatenate([np.full(p.mesh.vertex_count, o) for p, o in parts])
    boxes, box_owners = [], []
    for part, o in parts:
        lo, hi = part.mesh.bounds()
        boxes.append((lo, hi))
        box_owners.append(o)
    positions = np.concatenate([p.mesh.positions for p, _ in parts])
    normals = np.concatenate([p.mesh.normals for p, _ in parts])
    ao = bake(positions, normals, owners, np.asarray(boxes), np.asarray(box_owners))
    vertices, indices, at = [], [], 0
    for part, _ in parts:
        count = part.mesh.vertex_count
        vertices.append(
            pack(
                part.mesh, part.colour, MATERIAL_IDS[part.material], ao[at : at + count], part.glow
            )
        )
        indices.append(part.mesh.indices + at)
        at += count
    return Solid(np.concatenate(vertices), np.concatenate(indices).astype(np.uint32), lights)
