"""Read the current GLX context's handles via ctypes, for XrGraphicsBindingOpenGLXlibKHR.

Runtimes reject a binding whose ``glxFBConfig`` or ``visualid`` is empty, so both are
recovered from the current context: glXQueryContext(GLX_FBCONFIG_ID) → glXChooseFBConfig →
glXGetVisualFromFBConfig.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from dataclasses import dataclass

GLX_SCREEN = 0x800C
GLX_FBCONFIG_ID = 0x8013
NONE = 0


class XVisualInfo(ctypes.Structure):
    _fields_ = [
        ("visual", ctypes.c_void_p),
        ("visualid", ctypes.c_ulong),
        ("screen", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("c_class", ctypes.c_int),
        ("red_mask", ctypes.c_ulong),
        ("green_mask", ctypes.c_ulong),
        ("blue_mask", ctypes.c_ulong),
        ("colormap_size", ctypes.c_int),
        ("bits_per_rgb", ctypes.c_int),
    ]


@dataclass(frozen=True)
class GlxHandles:
    """Raw addresses/ids of the current GLX context, display, drawable, fbconfig, visual."""

    display: int
    drawable: int
    context: int
    fbconfig: int
    visualid: int


@functools.cache
def _load(names: tuple[str, ...]) -> ctypes.CDLL:
    """The first of ``names`` that loads (cached: find_library may start a subprocess)."""
    for name in names:
        path = ctypes.util.find_library(name) or f"lib{name}.so"
        for candidate in (path, f"lib{name}.so.1", f"lib{name}.so.0"):
            try:
                return ctypes.CDLL(candidate)
            except OSError:
                continue
    raise OSError(f"none of {names} could be loaded")


def current_glx_handles() -> GlxHandles:
    """Handles of the GLX context current on this thread; raises RuntimeError if incomplete."""
    gl = _load(("GLX", "GL"))
    for fn, res in (
        ("glXGetCurrentDisplay", ctypes.c_void_p),
        ("glXGetCurrentContext", ctypes.c_void_p),
        ("glXGetCurrentDrawable", ctypes.c_ulong),
        ("glXGetVisualFromFBConfig", ctypes.POINTER(XVisualInfo)),
        ("glXChooseFBConfig", ctypes.POINTER(ctypes.c_void_p)),
    ):
        getattr(gl, fn).restype = res
    gl.glXQueryContext.argtypes = [
        ctypes.c_void_p,
        ctypes.c_void_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_int),
    ]
    gl.glXChooseFBConfig.argtypes = [
        ctypes.c_void_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_int),
        ctypes.POINTER(ctypes.c_int),
    ]
    gl.glXGetVisualFromFBConfig.argtypes = [ctypes.c_void_p, ctypes.c_void_p]

    display = gl.glXGetCurrentDisplay()
    context = gl.glXGetCurrentContext()
    drawable = gl.glXGetCurrentDrawable()
    if not display or not context:
        raise RuntimeError("no current GLX context (is the hidden window's context current?)")
    fb_id, screen = ctypes.c_int(0), ctypes.c_int(0)
    gl.glXQueryContext(display, context, GLX_FBCONFIG_ID, ctypes.byref(fb_id))
    gl.glXQueryContext(display, context, GLX_SCREEN, ctypes.byref(screen))
    attribs = (ctypes.c_int * 3)(GLX_FBCONFIG_ID, fb_id.value, NONE)
    count = ctypes.c_int(0)
    configs = gl.glXChooseFBConfig(display, screen.value, attribs, ctypes.byref(count))
    if not configs or count.value < 1:
        raise RuntimeError(f"glXChooseFBConfig found no config with id {fb_id.value}")
    fbconfig = configs[0]
    info = gl.glXGetVisualFromFBConfig(display, fbconfig)
    if not info:
        raise RuntimeError("glXGetVisualFromFBConfig returned no visual")
    visualid = int(info.contents.visualid)
    try:
        x11 = _load(("X11",))
        x11.XFree.argtypes = [ctypes.c_void_p]
        x11.XFree(ctypes.cast(info, ctypes.c_void_p))
        x11.XFree(ctypes.cast(configs, ctypes.c_void_p))
    except OSError:
        pass  # a small leak once per session, not worth failing for
    return GlxHandles(int(display), int(drawable), int(context), int(fbconfig), visualid)
