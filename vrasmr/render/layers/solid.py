"""Solid things lit by the scene's light: a room and props, one indexed mesh each.

The mesh is made on the scene-loading thread (:meth:`SolidDrawer.prepare`: the toolkit in
numpy, occlusion baked) and cached by the layer's contents, so building the drawer on a
frame only uploads it. Back faces are culled: every toolkit shape is closed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import partial

from vrasmr.render.layers.base import Drawer
from vrasmr.render.layers.common import blended, render
from vrasmr.render.shapes.mesh import vertex_layout

_KEPT = 12  # meshes kept made (a scene or two's solid layers)
_made: OrderedDict = OrderedDict()
_lock = threading.Lock()


class SolidDrawer(Drawer):
    """Draws the :class:`~vrasmr.render.shapes.build.Solid` that :meth:`make` returns."""

    program_name = "lit"
    draw_order = 30

    def __init__(self, ctx, programs, layer, scene=()):
        super().__init__(ctx, programs, layer, scene)
        self.solid = self.prepare(layer, scene)
        self.vbo = ctx.buffer(self.solid.vertices.tobytes())
        self.ibo = ctx.buffer(self.solid.indices.tobytes())
        self.vao = self._vao()

    @classmethod
    def make(cls, layer, scene):  # pragma: no cover - every subclass says what it is made of
        raise NotImplementedError

    @classmethod
    def key(cls, layer, scene) -> str:
        """What the mesh depends on (the layer's contents, by default)."""
        return layer.model_dump_json()

    @classmethod
    def prepare(cls, layer, scene=()):
        """The layer's mesh, made once (on the loading thread) and kept by its contents, in
        memory and in the user's cache folder."""
        from vrasmr.render.shapes import cache

        key = (cls.__name__, cls.key(layer, scene))
        with _lock:
            hit = _made.get(key)
            if hit is not None:
                _made.move_to_end(key)
                return hit
        made = cache.load("".join(key))
        if made is None:
            made = cls.make(layer, scene)
            cache.store("".join(key), made)
        with _lock:
            _made[key] = made
            while len(_made) > _KEPT:
                _made.popitem(last=False)
        return made

    def _vao(self):
        layout = vertex_layout(self.program)
        return self.ctx.vertex_array(self.program, [(self.vbo, *layout)], index_buffer=self.ibo)

    def configure(self, layer) -> None:
        self.set_uniform("u_opacity", layer.opacity)

    def lights(self) -> list:
        return list(self.solid.lights)

    def rebind(self) -> None:
        super().rebind()
        self.vao.release()
        self.vao = self._vao()

    def commands(self) -> list:
        if not len(self.solid.indices):
            return []
        ctx = self.ctx
        draws = [
            partial(ctx.enable, ctx.CULL_FACE),
            render(self.vao, 3 * len(self.solid.indices)),
            partial(ctx.disable, ctx.CULL_FACE),
        ]
        return blended(ctx, draws, depth_write=True)

    def release(self) -> None:
        self.vao.release()
        self.vbo.release()
        self.ibo.release()
