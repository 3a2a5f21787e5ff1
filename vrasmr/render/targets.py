"""The renderer's offscreen targets: a float colour texture and depth per view size (and a
multisampled pair resolved into it), kept for reuse, a few sizes at most."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

_KEPT_TARGETS = 4  # offscreen targets kept for reuse, one per size


class Target(NamedTuple):
    """An offscreen target of one size: ``fbo`` (float colour texture + depth) and, with
    multisampling, ``msaa`` drawn into and resolved into ``fbo``. ``parts`` lists every GL
    object made for it, so that dropping the target gives each back (the framebuffers do
    not own their attachments)."""

    fbo: object
    color: object
    msaa: object | None
    parts: tuple


class OffscreenTargets:
    """The targets by size; ``on_drop`` hears of one dropped for a new size (window
    resizes, render scales) before its GL objects are released."""

    def __init__(self, ctx, samples: int, on_drop: Callable[[Target], None]):
        self.ctx = ctx
        self.samples = samples
        self._on_drop = on_drop
        self._targets: dict[tuple[int, int], Target] = {}

    def get(self, size: tuple[int, int]) -> Target:
        """The target of ``size``, made on first use (past four sizes the oldest is dropped)."""
        tgt = self._targets.get(size)
        if tgt is None:
            if len(self._targets) >= _KEPT_TARGETS:  # window resizes, render scales
                old = self._targets.pop(next(iter(self._targets)))
                self._on_drop(old)  # its draw fbo's bound calls, its bloom
                _release(old)
            ctx = self.ctx
            color = ctx.texture(size, 4, dtype="f2")
            color.filter = (ctx.NEAREST, ctx.NEAREST)  # (the bloom samples it through its own)
            color.repeat_x = color.repeat_y = False
            depth = ctx.depth_renderbuffer(size)
            fbo = ctx.framebuffer([color], depth)
            parts = (fbo, color, depth)
            msaa = None
            if self.samples:
                msaa_color = ctx.renderbuffer(size, 4, samples=self.samples, dtype="f2")
                msaa_depth = ctx.depth_renderbuffer(size, samples=self.samples)
                msaa = ctx.framebuffer([msaa_color], msaa_depth)
                parts += (msaa, msaa_color, msaa_depth)
            tgt = self._targets[size] = Target(fbo, color, msaa, parts)
        return tgt

    def release(self) -> None:
        for tgt in self._targets.values():
            _release(tgt)
        self._targets.clear()


def _release(tgt: Target) -> None:
    for part in tgt.parts:  # framebuffers first, then what was attached to them
        part.release()
