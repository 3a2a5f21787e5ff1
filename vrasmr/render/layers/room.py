"""A room around the viewer: its shell (floor, walls with skirting, ceiling, a window cut
wherever a rain pane stands in the front wall), its ready-made furniture and its props, as
one lit mesh with occlusion baked between them all.

The viewer's head rests at the origin, on the bed's pillows; the floor is ``FLOOR_Y`` below.
A room keeps its lights' light in: it adds a warm bounce to the scene's fill
(:mod:`vrasmr.render.layers.lights`).
"""

from __future__ import annotations

import json

from vrasmr.render.layers.solid import SolidDrawer
from vrasmr.render.shapes.room import FLOOR_Y

__all__ = ["FLOOR_Y", "RoomDrawer"]


class RoomDrawer(SolidDrawer):
    draw_order = 30
    encloses = True

    @classmethod
    def key(cls, layer, scene) -> str:
        from vrasmr.render.shapes.room import panes_in

        panes = [(p.centre, p.width, p.height) for p in panes_in(scene)]
        return layer.model_dump_json() + json.dumps(panes)

    @classmethod
    def make(cls, layer, scene):
        from vrasmr.render.shapes.build import solid
        from vrasmr.render.shapes.furniture import furniture
        from vrasmr.render.shapes.room import Pane, night_glass, panes_in, shell

        w, _, d = layer.size_m
        front = -d / 2.0
        panes = panes_in(scene)
        glass = []
        if "window" in layer.objects and not any(abs(p.centre[2] - front) <= 0.3 for p in panes):
            pane = Pane((0.0, 0.4, front - 0.05), 1.2, 1.0)
            panes.append(pane)
            glass.append(night_glass(pane))
        walls = [(part, k + 1) for k, part in enumerate(shell(layer, panes) + glass)]
        windows = [(p.centre[0], p.width) for p in panes if abs(p.centre[2] - front) <= 0.3]
        items = furniture(layer, w, d, FLOOR_Y, front, windows or [(0.0, 1.2)])
        items += list(layer.items)
        return solid(items, extra=walls)
