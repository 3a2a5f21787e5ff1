"""Props: shapes from the mesh toolkit (bevelled boxes, lathes, extrusions, rocks, trees and
scatters of them), lit by the scene's light, the lights they give among it."""

from __future__ import annotations

from vrasmr.render.layers.solid import SolidDrawer


class PropsDrawer(SolidDrawer):
    draw_order = 32  # after a room: its props stand in it

    @classmethod
    def make(cls, layer, scene):
        from vrasmr.render.shapes.build import solid

        return solid(layer.items)
