"""Shared drawing set-ups as command lists: premultiplied blending, depth writes, and the
drawer of geometry made in the vertex shader.

A layer's draw is a fixed list of GL calls, bound once (:meth:`Drawer.commands`) and replayed
by the renderer every frame: looking the calls up and passing their arguments costs Python
once per scene, not once per draw.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from vrasmr.render.layers.base import Drawer

# One blend mode for every layer: solids write (c·a, a), glows write (c, 0) and so add.
ONE = 1
ONE_MINUS_SRC_ALPHA = 0x0303
PREMULTIPLIED = (ONE, ONE_MINUS_SRC_ALPHA)

Call = Callable[[], object]


def render(vao, vertices: int, *, instances: int = -1) -> Call:
    """A bound ``vao.render`` of triangles."""
    return partial(vao.render, vao.ctx.TRIANGLES, vertices, 0, instances)


def setting(obj, name: str, value) -> Call:
    """A bound assignment to a GL state property (``ctx.blend_func``, ``fbo.depth_mask``)."""
    return partial(setattr, obj, name, value)


def blended(ctx, draws: list[Call], *, depth_write: bool) -> list[Call]:
    """``draws`` with premultiplied blending and depth testing on, into the framebuffer bound
    now; glows pass ``depth_write=False``. Depth writes are on again afterwards."""
    fbo = ctx.fbo
    return [
        partial(ctx.enable, ctx.BLEND | ctx.DEPTH_TEST),
        setting(ctx, "blend_func", PREMULTIPLIED),
        setting(fbo, "depth_mask", depth_write),
        *draws,
        setting(fbo, "depth_mask", True),
        partial(ctx.disable, ctx.BLEND),
    ]


class ShaderGeometryDrawer(Drawer):
    """A layer whose geometry the vertex shader makes from the vertex and instance ids (no
    vertex buffer): ``vertices`` per instance, ``instances`` of them (-1: not instanced,
    0: nothing to draw), blended, writing depth when ``depth_write``."""

    vertices = 3  # one triangle over the view
    instances = -1
    depth_write = True

    def __init__(self, ctx, programs, layer, scene=()):
        super().__init__(ctx, programs, layer, scene)
        self.vao = ctx.vertex_array(self.program, [])

    def rebind(self) -> None:
        super().rebind()
        self.vao.release()
        self.vao = self.ctx.vertex_array(self.program, [])

    def commands(self) -> list[Call]:
        if self.instances == 0:
            return []
        draw = render(self.vao, self.vertices, instances=self.instances)
        return blended(self.ctx, [draw], depth_write=self.depth_write)

    def release(self) -> None:
        self.vao.release()
