"""OpenGL contexts: a standalone EGL context for headless work (Mesa llvmpipe on CI)."""

from __future__ import annotations

from vrasmr.errors import VrasmrError

FIX_EGL = "install Mesa's EGL: sudo apt-get install libegl1 libgl1-mesa-dri"


class GLUnavailable(VrasmrError, RuntimeError):
    """No OpenGL 3.3+ context could be made."""


def create_headless_context():
    """A standalone OpenGL 3.3+ core context on EGL; raises :class:`GLUnavailable` with the fix."""
    try:
        import moderngl
    except ImportError as exc:  # pragma: no cover - moderngl is a hard dependency
        raise GLUnavailable(f"moderngl is not installed ({exc}); reinstall vrasmr") from None
    try:
        ctx = moderngl.create_context(standalone=True, backend="egl", require=330)
    except Exception as exc:
        raise GLUnavailable(f"no EGL OpenGL context ({exc}); {FIX_EGL}") from None
    return ctx


def describe(ctx) -> str:
    info = ctx.info
    return f"{info.get('GL_RENDERER', '?')} (OpenGL {info.get('GL_VERSION', '?')})"
