"""GL fixtures for render tests: skip without EGL, but fail when CI says GL must be there."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from tests.real_parts import missing

GOLDEN_DIR = Path(__file__).parent / "golden"
SIZE = (96, 64)


@pytest.fixture(scope="session", name="gl")
def gl_context():
    """``(ctx, programs)`` on a headless EGL context."""
    from vrasmr.content import shaders_dir
    from vrasmr.render.context import GLUnavailable, create_headless_context
    from vrasmr.render.programs import ProgramLibrary

    try:
        ctx = create_headless_context()
    except GLUnavailable as exc:
        missing("an EGL OpenGL context", "VRASMR_EXPECT_GL", exc)
    yield ctx, ProgramLibrary(ctx, shaders_dir())


def luminance(rgb_u8: np.ndarray) -> np.ndarray:
    """Relative luminance of sRGB 8-bit pixels."""
    c = rgb_u8.astype(np.float64) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722])


def check_golden(name: str, img: np.ndarray) -> None:
    """Compare with tests/golden/<name>.png; VRASMR_REGEN_GOLDEN=1 rewrites it."""
    from PIL import Image

    path = GOLDEN_DIR / f"{name}.png"
    if os.environ.get("VRASMR_REGEN_GOLDEN") == "1" or not path.exists():
        if os.environ.get("VRASMR_REGEN_GOLDEN") != "1":
            pytest.fail(f"no golden image {path}; run with VRASMR_REGEN_GOLDEN=1 to make it")
        GOLDEN_DIR.mkdir(exist_ok=True)
        Image.fromarray(img).save(path)
        return
    want = np.asarray(Image.open(path).convert("RGB")).astype(np.int16)
    diff = np.abs(want - img.astype(np.int16))
    assert want.shape == img.shape
    assert diff.mean() < 1.5, f"{name}: mean difference {diff.mean():.2f} (of 255)"
    assert np.percentile(diff, 99.5) <= 24, f"{name}: too many pixels differ"


def live_gl_objects(most: int = 4096) -> dict[str, int]:
    """How many textures, renderbuffers and framebuffers the current GL context holds, asked
    of GL itself (``glIs*`` over the names 1..``most``), not of moderngl's bookkeeping."""
    import ctypes
    import ctypes.util

    egl = ctypes.CDLL(ctypes.util.find_library("EGL") or "libEGL.so.1")
    egl.eglGetProcAddress.restype = ctypes.c_void_p
    egl.eglGetProcAddress.argtypes = [ctypes.c_char_p]
    counts = {}
    for kind in ("Texture", "Renderbuffer", "Framebuffer"):
        address = egl.eglGetProcAddress(f"glIs{kind}".encode())
        assert address, f"glIs{kind} not found"
        is_object = ctypes.CFUNCTYPE(ctypes.c_ubyte, ctypes.c_uint)(address)
        counts[kind.lower() + "s"] = sum(1 for name in range(1, most + 1) if is_object(name))
    return counts
