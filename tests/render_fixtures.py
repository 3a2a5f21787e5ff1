"""GL fixtures for render tests: skip without EGL, but fail when CI says GL must be there."""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pytest

from tests.real_parts import missing

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


@contextmanager
def drawn(gl, layers, state, size=SIZE, *, pose=None, fov_deg=90.0):
    """Draw ``layers`` once at ``state`` (a :class:`~vrasmr.render.contract.Still`) into a
    fresh 8-bit target of ``size``; yields ``(renderer, fbo)`` and releases both after."""
    from vrasmr.frame import View
    from vrasmr.render.renderer import Renderer
    from vrasmr.xmath import Fov, Pose

    ctx, programs = gl
    w, h = size
    renderer = Renderer(ctx, programs)
    tex = ctx.texture(size, 4)
    fbo = ctx.framebuffer([tex])
    try:
        renderer.set_layers(layers)
        view = View(pose or Pose.make(), Fov.symmetric(fov_deg, w / h))
        renderer.draw(state, view, fbo, size, viewport=(0, 0, w, h))
        yield renderer, fbo
    finally:
        renderer.release()
        fbo.release()
        tex.release()


def read_rgb(fbo, size) -> np.ndarray:
    """``fbo``'s 8-bit RGB, top row first."""
    w, h = size
    return np.frombuffer(fbo.read(components=3), np.uint8).reshape(h, w, 3)[::-1].copy()


def render_linear(gl, layers, size=SIZE, *, t: float, pose=None, fov_deg=90.0, breath=0.3):
    """The layers' picture in linear light: the renderer's float target after a real draw,
    before the post pass (brightness, warmth, dither, sRGB); float32 RGB, top row first."""
    from vrasmr.render.contract import Look, Still

    w, h = size
    state = Still(t, breath, Look(brightness=1.0))
    with drawn(gl, layers, state, size, pose=pose, fov_deg=fov_deg) as (renderer, _):
        scene = renderer._target(size).color  # its float colour texture
        data = np.frombuffer(scene.read(), np.float16).astype(np.float32)
        return data.reshape(h, w, 4)[::-1, :, :3].copy()


def luminance(rgb_u8: np.ndarray) -> np.ndarray:
    """Relative luminance of sRGB 8-bit pixels."""
    c = rgb_u8.astype(np.float64) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722])


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
