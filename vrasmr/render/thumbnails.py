"""Still pictures of scenes rendered headless: previews for development and cached thumbnails.

``thumbnail(scene)`` renders a scene's layers once, at a calm fixed time, and caches the PNG
under ``user_cache_dir()/thumbnails`` keyed by a hash of the scene file, so the menu can list
scenes without a GL context on later runs.
"""

from __future__ import annotations

import hashlib
import math
from functools import cache
from pathlib import Path

from vrasmr.cache_files import read_entry, write_atomic

THUMBNAIL_TIME_S = 12.0
THUMBNAIL_FOV_DEG = 90.0


@cache
def _gl():
    """One headless context and program library, made on first use."""
    from vrasmr.content import shaders_dir
    from vrasmr.render.context import create_headless_context
    from vrasmr.render.programs import ProgramLibrary

    ctx = create_headless_context()
    return ctx, ProgramLibrary(ctx, shaders_dir())


def render_still(
    layers,
    size=(320, 240),
    *,
    time_s: float = THUMBNAIL_TIME_S,
    head=None,
    look=None,
    fov_deg: float = THUMBNAIL_FOV_DEG,
    breath: float = 0.5,
    gl=None,
    quality: str = "high",
):
    """Render layer models to a PIL image (sRGB) from ``head`` (default: origin), with the
    effects of ``quality``; ``gl`` is ``(ctx, programs)`` current on this thread (default:
    one made on first use)."""
    import numpy as np
    from PIL import Image

    from vrasmr.frame import View
    from vrasmr.render.contract import Look, Still
    from vrasmr.render.renderer import Renderer
    from vrasmr.xmath import Fov, Pose

    ctx, programs = gl or _gl()
    w, h = size
    renderer = Renderer(ctx, programs, quality=quality)
    out = ctx.texture((w, h), 4)
    fbo = ctx.framebuffer([out])
    try:
        renderer.set_layers(layers)
        view = View(head or Pose.make(), Fov.symmetric(fov_deg, w / h))
        still = Still(time_s, breath, look or Look())
        renderer.draw(still, view, fbo, (w, h), viewport=(0, 0, w, h))
        data = np.frombuffer(fbo.read(components=3), dtype=np.uint8).reshape(h, w, 3)
        return Image.fromarray(data[::-1].copy(), "RGB")
    finally:
        renderer.release()
        fbo.release()
        out.release()


def scene_layers(scene) -> list:
    """A scene model's layer models, palette names in their colour fields resolved to hex."""
    from vrasmr.scene.layers import colour_fields, map_colours

    palette = scene.palette
    out = []
    for layer in scene.layers:
        data = layer.model_dump()
        if any(value in palette for _, value in colour_fields(data)):
            data = map_colours(data, lambda value: palette.get(value, value))
            layer = type(layer).model_validate(data)
        out.append(layer)
    return out


def _load_scene(path: Path):
    from vrasmr.scene.loading import load_scene

    return load_scene(path)


def cache_key(path: Path, size: tuple[int, int]) -> str:
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:24]
    return f"{digest}-{size[0]}x{size[1]}"


def thumbnail(scene, size: tuple[int, int] = (256, 160), *, gl=None):
    """A PIL image of ``scene`` (a scene file path, or a loaded scene with ``source_path``),
    rendered with ``gl`` (see :func:`render_still`) when it is not cached yet.

    Cached under ``user_cache_dir()/thumbnails`` by the scene file's hash and the size.
    """

    from vrasmr.content import user_cache_dir

    path = Path(scene) if isinstance(scene, (str, Path)) else getattr(scene, "source_path", None)
    cache_file = None
    if path is not None and Path(path).is_file():
        folder = user_cache_dir() / "thumbnails"
        cache_file = folder / f"{cache_key(Path(path), size)}.png"
        cached = read_entry(cache_file, read_thumbnail, "cached thumbnail")
        if cached is not None:
            return cached
    model = _load_scene(Path(path)) if isinstance(scene, (str, Path)) else scene
    from vrasmr.render.contract import Look
    from vrasmr.xmath import Pose, quat_from_yaw_pitch_roll

    shot = getattr(model, "thumbnail", None)
    yaw = math.radians(getattr(shot, "yaw_deg", 0.0))
    pitch = math.radians(getattr(shot, "pitch_deg", 0.0))
    head = Pose.make(orientation=quat_from_yaw_pitch_roll(yaw, pitch))
    img = render_still(
        scene_layers(model),
        size,
        time_s=getattr(shot, "time_s", THUMBNAIL_TIME_S),
        head=head,
        look=Look(brightness=0.9, warmth=0.4),
        fov_deg=getattr(shot, "fov_deg", THUMBNAIL_FOV_DEG),
        gl=gl,
    )
    if cache_file is not None:
        write_atomic(cache_file, lambda file: img.save(file, format="PNG"))
    return img


def read_thumbnail(path: Path):
    """The cached thumbnail at ``path`` as an RGB PIL image (raises if it is damaged)."""
    from PIL import Image

    with Image.open(path) as img:
        return img.convert("RGB")
