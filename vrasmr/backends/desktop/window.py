"""The glfw window with an OpenGL 3.3 core context, wrapped by moderngl."""

from __future__ import annotations

import contextlib

import numpy as np

from vrasmr.errors import VrasmrError


class WindowUnavailable(VrasmrError, RuntimeError):
    """The window could not open (no display, no OpenGL 3.3); the message says why."""


class DesktopWindow:
    """A resizable window; ``ctx`` draws into it and ``screen`` is its default framebuffer."""

    def __init__(
        self, size=(1280, 720), title: str = "vrasmr", *, vsync: bool = False, visible: bool = True
    ):
        try:
            import glfw
            import moderngl
        except ImportError as exc:
            raise WindowUnavailable(f"glfw or moderngl is not installed ({exc})") from None
        self.glfw = glfw
        self.errors: list[str] = []
        glfw.set_error_callback(lambda code, desc: self.errors.append(_text(desc)))
        if not glfw.init():
            raise WindowUnavailable(f"no display: {self._why('glfw could not initialise')}")
        glfw.default_window_hints()
        glfw.window_hint(glfw.CONTEXT_VERSION_MAJOR, 3)
        glfw.window_hint(glfw.CONTEXT_VERSION_MINOR, 3)
        glfw.window_hint(glfw.OPENGL_PROFILE, glfw.OPENGL_CORE_PROFILE)
        glfw.window_hint(glfw.OPENGL_FORWARD_COMPAT, glfw.TRUE)
        glfw.window_hint(glfw.RESIZABLE, glfw.TRUE)
        glfw.window_hint(glfw.VISIBLE, glfw.TRUE if visible else glfw.FALSE)
        _release_egl_thread()  # before create_window, which makes its context current
        self.handle = glfw.create_window(int(size[0]), int(size[1]), title, None, None)
        if not self.handle:
            why = self._why("the window could not be created")
            glfw.terminate()
            raise WindowUnavailable(f"no OpenGL 3.3 core window: {why}")
        glfw.make_context_current(self.handle)
        glfw.swap_interval(1 if vsync else 0)
        self.vsync = vsync
        try:
            self.ctx = moderngl.create_context(require=330)
        except Exception as exc:
            glfw.destroy_window(self.handle)
            glfw.terminate()
            raise WindowUnavailable(f"no OpenGL 3.3 context in the window: {exc}") from None
        self.screen = self.ctx.detect_framebuffer()

    def _why(self, fallback: str) -> str:
        return self.errors[-1] if self.errors else fallback

    @property
    def framebuffer_size(self) -> tuple[int, int]:
        return tuple(self.glfw.get_framebuffer_size(self.handle))

    @property
    def window_size(self) -> tuple[int, int]:
        """Size in screen coordinates (what cursor positions use)."""
        import glfw

        return tuple(glfw.get_window_size(self.handle))

    @property
    def should_close(self) -> bool:
        return bool(self.glfw.window_should_close(self.handle))

    def request_close(self) -> None:
        self.glfw.set_window_should_close(self.handle, True)

    def refresh_rate(self) -> float | None:
        """The primary monitor's refresh rate, for vsync pacing (None when unknown)."""
        monitor = self.glfw.get_primary_monitor()
        mode = self.glfw.get_video_mode(monitor) if monitor else None
        return float(mode.refresh_rate) if mode and mode.refresh_rate > 0 else None

    def read(self, viewport=None) -> np.ndarray:
        """The back buffer as (h, w, 3) uint8, top row first (call before ``swap``)."""
        w, h = self.framebuffer_size
        x, y, w, h = viewport or (0, 0, w, h)
        raw = self.screen.read(viewport=(x, y, w, h), components=3, alignment=1)
        return np.frombuffer(raw, dtype=np.uint8).reshape(h, w, 3)[::-1]

    def swap(self) -> None:
        self.glfw.swap_buffers(self.handle)

    def poll(self) -> None:
        self.glfw.poll_events()

    def hide(self) -> None:
        self.glfw.hide_window(self.handle)

    def close(self) -> None:
        if self.handle is None:
            return
        with contextlib.suppress(Exception):
            self.ctx.release()
        self.glfw.destroy_window(self.handle)
        self.handle = None
        self.glfw.terminate()


def _text(desc) -> str:
    return desc.decode(errors="replace") if isinstance(desc, bytes) else str(desc)


def _release_egl_thread() -> None:
    """Drop an EGL context left current on this thread (a headless render before the window):
    Mesa refuses to make the window's GLX context current over it (X error BadAccess)."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("EGL") or "libEGL.so.1"
    try:
        egl = ctypes.CDLL(name)
    except OSError:
        return
    egl.eglGetCurrentContext.restype = ctypes.c_void_p
    if egl.eglGetCurrentContext():
        egl.eglReleaseThread()
