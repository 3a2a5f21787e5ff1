"""Made meshes kept between runs: ``user_cache_dir()/meshes/<key>.npz``, written atomically,
read tolerantly (a damaged entry is deleted and made again), the folder kept under a cap.

The key hashes what the mesh is made from *and* the toolkit's own source, so a change to
the code that makes meshes never meets an old mesh.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import numpy as np

from vrasmr.cache_files import evict, read_entry, write_atomic

CAP_BYTES = 64 * 1024 * 1024
_LIGHT_FIELDS = 12  # position 3, colour 3, flicker, seed, radius, breath, 2 spare


@cache
def _code_digest() -> str:
    folder = Path(__file__).parent
    h = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()


def _file(key: str) -> Path:
    from vrasmr.content import user_cache_dir

    digest = hashlib.sha256((key + _code_digest()).encode()).hexdigest()[:32]
    return user_cache_dir() / "meshes" / f"{digest}.npz"


def load(key: str):
    """The :class:`~vrasmr.render.shapes.build.Solid` kept under ``key``, or None."""
    return read_entry(_file(key), _read, "cached mesh")


def _read(path: Path):
    from vrasmr.render.layers.lights import PointLight
    from vrasmr.render.shapes.build import Solid

    with np.load(path) as data:
        vertices, indices, lights = data["vertices"], data["indices"], data["lights"]
    made = tuple(
        PointLight(tuple(r[0:3]), tuple(r[3:6]), float(r[6]), float(r[7]), float(r[8]), float(r[9]))
        for r in lights.tolist()
    )
    return Solid(vertices, indices, made)


def store(key: str, solid) -> None:
    """Keep ``solid`` under ``key`` (best effort: a full disk only costs the next run time)."""
    path = _file(key)
    lights = np.array(
        [[*li.position, *li.colour, li.flicker, li.seed, li.radius, li.breath, 0.0, 0.0]
         for li in solid.lights],
        dtype=np.float64,
    ).reshape(-1, _LIGHT_FIELDS)  # fmt: skip
    try:
        write_atomic(
            path,
            lambda f: np.savez(f, vertices=solid.vertices, indices=solid.indices, lights=lights),
        )
        evict(path.parent, CAP_BYTES, keep=path)
    except OSError:
        pass
