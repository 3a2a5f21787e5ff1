"""The floor of the frame benchmarks: one real frame's moderngl calls, recorded and replayed.

``record(fn, *args)`` runs ``fn`` once with every public method and property setter of the
moderngl classes (and uniform writes) wrapped, and returns the outermost calls it made, in
order, with their arguments copied; ``record_frames`` does that for a run of frames.
``replay_loop(frames)`` issues exactly those calls again, frame after frame,
through moderngl's public API, with none of our Python around them: the same draws, the same
uniform and buffer writes, the same texture and framebuffer binds. It is "a bare moderngl
loop issuing the same draw calls", so a frame's time over the replay's time is the cost of
our own Python, not of the driver's work on state changes.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable

import moderngl
import numpy as np

_CLASSES = (
    moderngl.Buffer,
    moderngl.Framebuffer,
    moderngl.Program,
    moderngl.Renderbuffer,
    moderngl.Sampler,
    moderngl.Texture,
    moderngl.Texture3D,
    moderngl.TextureArray,
    moderngl.TextureCube,
    moderngl.VertexArray,
    moderngl.Context,
)
_SKIP = {"release", "detect_framebuffer", "__init__"}
_READS = ("read", "get", "info", "error")


def _uniform_class():
    import _moderngl

    return _moderngl.Uniform


def _frozen(value):
    """Arguments copied at the time of the call (a reused numpy block changes later)."""
    if isinstance(value, np.ndarray):
        return value.tobytes()
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    return value


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[Callable[[], object]] = []
        self.depth = 0
        self.saved: list[tuple[type, str, object]] = []

    def _wrap_method(self, func):
        rec = self

        @functools.wraps(func)
        def wrapper(obj, *args, **kwargs):
            if rec.depth == 0:
                args = tuple(_frozen(a) for a in args)
                kwargs = {k: _frozen(v) for k, v in kwargs.items()}
                rec.calls.append(functools.partial(func, obj, *args, **kwargs))
            rec.depth += 1
            try:
                return func(obj, *args, **kwargs)
            finally:
                rec.depth -= 1

        return wrapper

    def _wrap_property(self, prop: property) -> property:
        rec = self
        fset = prop.fset

        def setter(obj, value):
            if rec.depth == 0:
                rec.calls.append(functools.partial(fset, obj, _frozen(value)))
            rec.depth += 1
            try:
                fset(obj, value)
            finally:
                rec.depth -= 1

        return property(prop.fget, setter, prop.fdel, prop.__doc__)

    def install(self) -> None:
        targets = [*_CLASSES, _uniform_class()]
        for cls in targets:
            for name, member in list(vars(cls).items()):
                if name in _SKIP or (name.startswith("_") and name != "__setitem__"):
                    continue
                if name.startswith(_READS):
                    continue
                if isinstance(member, property):
                    if member.fset is None:
                        continue
                    new = self._wrap_property(member)
                elif inspect.isfunction(member):
                    new = self._wrap_method(member)
                else:
                    continue
                self.saved.append((cls, name, member))
                setattr(cls, name, new)

    def uninstall(self) -> None:
        for cls, name, member in reversed(self.saved):
            setattr(cls, name, member)
        self.saved.clear()


def record(fn: Callable, *args) -> list[Callable[[], object]]:
    """The outermost moderngl calls ``fn(*args)`` makes, ready to replay."""
    rec = _Recorder()
    rec.install()
    try:
        fn(*args)
    finally:
        rec.uninstall()
    return rec.calls


def record_frames(
    fn: Callable[[int], object], count: int, *, rebind: Callable[[], object] | None = None
) -> list[list[Callable[[], object]]]:
    """``fn(0)``, ``fn(1)``, ... ``fn(count - 1)``, each frame's calls recorded apart.

    A floor replays a run of consecutive frames rather than one frame again and again: the
    driver skips a uniform write whose value has not changed, so one frame's values written
    each time would leave out work that a live frame's changing values cause.

    ``rebind`` is called before each recorded frame and after the last, for code that binds
    moderngl's methods ahead of time (the renderer's command lists): it must bind the
    recorder's wrappers while recording and the real methods again afterwards."""

    def frame(i: int):
        if rebind is not None:
            rebind()
        fn(i)

    try:
        return [record(frame, i) for i in range(count)]
    finally:
        if rebind is not None:
            rebind()


def _released(call) -> bool:
    """True when the object ``call`` was recorded on has been released since."""
    target = call.args[0] if isinstance(call, functools.partial) and call.args else None
    return type(getattr(target, "mglo", None)).__name__ == "InvalidObject"


def replay_loop(frames: list[list[Callable[[], object]]]) -> Callable[..., None]:
    """``bare(*_)``: issue the next recorded frame's calls, cycling through ``frames``
    (arguments are ignored). A call on an object released since the recording is left out
    (the preview's overlay makes its text texture again when the text grows)."""
    frames = [list(calls) for calls in frames]
    state = {"next": 0}

    def bare(*_):
        i = state["next"]
        for call in frames[i]:
            try:
                call()
            except AttributeError:
                if not _released(call):
                    raise
        state["next"] = (i + 1) % len(frames)

    return bare
