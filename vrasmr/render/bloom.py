"""Bloom: a soft glow round bright light (flames, the moon, a lamp's shade), its own small
pass between the scene and the final pass.

The bright part of the linear frame is shrunk by ``factor`` in one pass (each bloom texel the
average of its whole block, so nothing small flickers in and out of the glow), blurred across
and down, and the final pass (``shaders/post.glsl``) adds it. The high tier shrinks by 4, the
low tier (a software renderer) by 8: a sixteenth of the texels, the same three draws.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

from vrasmr.render.layers.common import render

FACTOR = {"high": 4, "low": 8}
THRESHOLD = 0.7  # linear light (before brightness) where the glow begins
STRENGTH = 0.55  # how much of the glow the final pass adds
_KEPT = 4


class _Stage(NamedTuple):
    """One frame size's bloom textures (``a`` holds the result) and their bound calls."""

    a: object
    b: object
    calls: list
    parts: tuple  # (fa, fb, a, b): what goes back to GL with the stage
    source: object


class Bloom:
    """Makes the glow of a frame; :meth:`calls` gives the bound draws for one source."""

    def __init__(self, ctx, programs, quality: str):
        self.ctx = ctx
        self.factor = FACTOR[quality]
        self.down = programs.get("bloom_down")
        self.across = programs.get("bloom_blur")
        self.along = programs.get("bloom_blur", 1)
        self.down["u_scene"].value = 0
        self.down["u_factor"].value = self.factor
        self.down["u_threshold"].value = THRESHOLD
        for prog, direction in ((self.across, (1.0, 0.0)), (self.along, (0.0, 1.0))):
            prog["u_source"].value = 0
            prog["u_direction"].value = direction
        self.vaos = [ctx.vertex_array(p, []) for p in (self.down, self.across, self.along)]
        # The frame texture is sampled nearest by the final pass; the down pass reads it
        # through this, its taps falling between texels (each averages four).
        self.between = ctx.sampler(filter=(ctx.LINEAR, ctx.LINEAR), repeat_x=False, repeat_y=False)
        self._stages: dict = {}

    def size_for(self, size: tuple[int, int]) -> tuple[int, int]:
        return (max(1, size[0] // self.factor), max(1, size[1] // self.factor))

    def stage(self, source, size: tuple[int, int]) -> _Stage:
        """The textures and bound draws that blur ``source`` (a frame of ``size``)."""
        key = (id(source), size)
        got = self._stages.get(key)
        if got is None:
            if len(self._stages) >= _KEPT:
                self._release(self._stages.pop(next(iter(self._stages))))
            got = self._stages[key] = self._make(source, size)
        return got

    def _make(self, source, size) -> _Stage:
        ctx = self.ctx
        small = self.size_for(size)
        a, b = (ctx.texture(small, 4, dtype="f2") for _ in range(2))
        for tex in (a, b):
            tex.filter = (ctx.LINEAR, ctx.LINEAR)
            tex.repeat_x = tex.repeat_y = False
        fa, fb = ctx.framebuffer([a]), ctx.framebuffer([b])
        return _Stage(a, b, self._calls(source, fa, fb, a, b), (fa, fb, a, b), source)

    def _calls(self, source, fa, fb, a, b) -> list:
        down, across, along = self.vaos
        return [
            fa.use, partial(source.use, 0), partial(self.between.use, 0), render(down, 3),
            partial(self.between.clear, 0),
            fb.use, partial(a.use, 0), render(across, 3),
            fa.use, partial(b.use, 0), render(along, 3),
        ]  # fmt: skip

    def rebind(self) -> None:
        """Bind every stage's calls again (for tools that wrap moderngl's methods, such as the
        benchmarks' recorder; see :meth:`Renderer.forget_commands`)."""
        for key, st in self._stages.items():
            self._stages[key] = st._replace(calls=self._calls(st.source, *st.parts))

    @staticmethod
    def _release(stage: _Stage) -> None:
        for part in stage.parts:
            part.release()

    def forget(self, source) -> None:
        """Drop the stages that read ``source`` (a frame texture going away)."""
        for key in [k for k in self._stages if k[0] == id(source)]:
            self._release(self._stages.pop(key))

    def release(self) -> None:
        for stage in self._stages.values():
            self._release(stage)
        self._stages.clear()
        for vao in self.vaos:
            vao.release()
        self.between.release()
