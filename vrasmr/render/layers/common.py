"""Shared drawing set-ups: premultiplied blending, depth-write toggles, full-screen layers."""

from __future__ import annotations

from vrasmr.render.layers.base import Layer

# One blend mode for every layer: solids write (c·a, a), glows write (c, 0) and so add.
ONE = 1
ONE_MINUS_SRC_ALPHA = 0x0303
PREMULTIPLIED = (ONE, ONE_MINUS_SRC_ALPHA)


def begin_blend(ctx, *, depth_write: bool) -> None:
    """Premultiplied blending with depth testing; glows pass ``depth_write=False``."""
    ctx.enable(ctx.BLEND | ctx.DEPTH_TEST)
    ctx.blend_func = PREMULTIPLIED
    ctx.fbo.depth_mask = depth_write


def end_blend(ctx) -> None:
    ctx.fbo.depth_mask = True
    ctx.disable(ctx.BLEND)


class FullscreenLayer(Layer):
    """A layer drawn as one triangle over the view; its shader ray-casts and may write depth."""

    depth_write = True

    def __init__(self, ctx, programs, params):
        super().__init__(ctx, programs, params)
        self.vao = ctx.vertex_array(self.program, [])

    def rebind(self) -> None:
        super().rebind()
        self.vao.release()
        self.vao = self.ctx.vertex_array(self.program, [])

    def draw(self) -> None:
        ctx = self.ctx
        begin_blend(ctx, depth_write=self.depth_write)
        self.vao.render(mode=ctx.TRIANGLES, vertices=3)
        end_blend(ctx)

    def release(self) -> None:
        self.vao.release()
