"""A room's ready-made furniture (``bed``, ``table`` and ``objects``) as props from the toolkit.

Each piece is a list of prop models placed for a room of width ``w`` and depth ``d`` with
its floor at ``f`` and its front wall at ``front``; the room builds them like any prop.
"""

from __future__ import annotations

import math

from vrasmr.scene.props import (
    BoxProp,
    CylinderProp,
    ExtrudeProp,
    LatheProp,
    PropLight,
    ScatterProp,
    TreeProp,
)

OAK = "#6a4c34"
DARK_WOOD = "#42301f"
LINEN = "#c0b8a8"
QUILT = "#4e5058"
SHADE = "#e8d0a8"
LAMP_LIGHT = "#ffa552"  # about 2,500 K


def box(position, size, material="wood", colour=OAK, bevel=0.01, puff=0.0, turn=0.0, **kw):
    return BoxProp(
        shape="box", position=position, size_m=size, material=material, colour=colour,
        bevel_m=bevel, puff_m=puff, rotation_deg=(0.0, turn, 0.0), **kw,
    )  # fmt: skip


def leg(position, height, radius=0.022, colour=OAK):
    return CylinderProp(
        shape="cylinder", position=position, radius_m=radius, height_m=height,
        top_radius_m=radius * 1.15, material="wood", colour=colour, segments=10,
    )  # fmt: skip


def bed(w, d, f, front):
    """A bed the viewer lies in: frame, mattress, a quilt over the legs, pillows, headboard."""
    top = f + 0.3
    return [
        box((0.0, f, -0.55), (1.6, 0.3, 2.2), "wood", DARK_WOOD, 0.025),
        box((0.0, top, -0.55), (1.5, 0.2, 2.1), "linen", LINEN, 0.07, 0.015),
        box((0.0, top + 0.17, -0.95), (1.58, 0.09, 1.45), "wool", QUILT, 0.05, 0.035),
        box((-0.36, top + 0.2, 0.2), (0.62, 0.14, 0.42), "linen", LINEN, 0.06, 0.05),
        box((0.36, top + 0.2, 0.22), (0.62, 0.14, 0.42), "linen", LINEN, 0.06, 0.05),
        box((0.0, f, 0.62), (1.6, 1.05, 0.07), "wood", DARK_WOOD, 0.03),
    ]


def table(w, d, f, front, *, beside_bed: bool):
    """A bedside cabinet beside the bed, or a low table right in front of the viewer."""
    if beside_bed:
        x, z, h = 1.1, -0.25, 0.55
        return [
            box((x, f, z), (0.46, h - 0.03, 0.4), "wood", OAK, 0.02),
            box((x, f + h - 0.03, z), (0.5, 0.03, 0.44), "wood", OAK, 0.01),
            box((x, f + 0.28, z + 0.2), (0.4, 0.16, 0.012), "wood", DARK_WOOD, 0.004),
        ]
    x, z, h, tw, td = 0.0, -0.78, f + 0.65, 1.1, 0.62
    out = [box((x, h - 0.04, z), (tw, 0.04, td), "wood", OAK, 0.012)]
    for sx in (-1, 1):
        for sz in (-1, 1):
            out.append(leg((x + sx * (tw / 2 - 0.06), f, z + sz * (td / 2 - 0.06)), h - 0.04 - f))
    return out


def table_things(w, d, f, front):
    """The object-sounds props on the table in front: a wooden block, a glass, paper."""
    top = f + 0.65
    return [
        box((-0.3, top, -0.75), (0.12, 0.08, 0.08), "wood", "#8a5a32", 0.006, turn=12.0),
        LatheProp(
            shape="lathe",
            position=(0.0, top, -0.82),
            material="glass",
            colour="#3a4a50",
            profile=[
                (0.0, 0.0),
                (0.036, 0.0),
                (0.04, 0.004),
                (0.045, 0.12),
                (0.041, 0.12),
                (0.037, 0.008),
                (0.0, 0.008),
            ],
            segments=28,
        ),  # fmt: skip
        box((0.3, top, -0.72), (0.21, 0.006, 0.28), "paper", "#c8bca4", 0.002, turn=-8.0),
        box((0.31, top + 0.006, -0.73), (0.21, 0.004, 0.28), "paper", "#d0c4aa", 0.002, turn=5.0),
    ]


def bookshelf(w, d, f, front):
    x, z, depth = -w / 2 + 0.2, -1.6, 0.9
    frame = [
        box((x - 0.15, f, z), (0.04, 1.8, depth), "wood", DARK_WOOD, 0.008),
        box((x + 0.15, f, z), (0.04, 1.8, depth), "wood", DARK_WOOD, 0.008),
    ]
    colours = ("#5a2a20", "#2a3a40", "#5a4a26")
    for k, y in enumerate((0.02, 0.45, 0.9, 1.35, 1.76)):
        frame.append(box((x, f + y, z), (0.3, 0.03, depth), "wood", DARK_WOOD, 0.006))
        if k < 4:
            frame.append(
                ScatterProp(
                    shape="scatter",
                    position=(x + 0.02, f + y + 0.03, z),
                    spread="row",
                    area_m=(depth - 0.1, 0.05),
                    count=14,
                    seed=11 + k,
                    turn=False,
                    rotation_deg=(0.0, 90.0, 0.0),
                    scale=(0.85, 1.1),
                    item=box((0.0, 0.0, 0.0), (0.035, 0.28, 0.2), "paper", colours[k % 3], 0.0),
                )  # fmt: skip
            )
    return frame


def lamp(w, d, f, front):
    """A small table with a lamp: a turned base, a paper shade lit from inside."""
    x, z = -1.1, -0.35
    top = f + 0.6
    return [
        box((x, f, z), (0.45, 0.6, 0.4), "wood", OAK, 0.02),
        LatheProp(
            shape="lathe",
            position=(x, top, z),
            material="stone",
            colour="#6a5a48",
            profile=[
                (0.0, 0.0),
                (0.08, 0.0),
                (0.085, 0.02),
                (0.06, 0.09),
                (0.02, 0.14),
                (0.012, 0.3),
                (0.0, 0.3),
            ],
            segments=24,
        ),  # fmt: skip
        LatheProp(
            shape="lathe",
            position=(x, top + 0.26, z),
            material="paper",
            colour=SHADE,
            glow=0.35,
            profile=[(0.0, 0.0), (0.15, 0.0), (0.15, 0.002), (0.09, 0.2), (0.0, 0.2)],
            segments=28,
            light=PropLight(
                offset=(0.0, 0.09, 0.0), colour=LAMP_LIGHT, strength=3.0, radius_m=0.12
            ),
        ),  # fmt: skip
    ]


def plant(w, d, f, front):
    x, z = w / 2 - 0.35, front + 0.4
    return [
        LatheProp(
            shape="lathe",
            position=(x, f, z),
            material="earth",
            colour="#6a3a24",
            profile=[(0.0, 0.0), (0.14, 0.0), (0.19, 0.34), (0.2, 0.36), (0.0, 0.36)],
        ),  # fmt: skip
        TreeProp(
            shape="tree",
            position=(x, f + 0.3, z),
            height_m=1.0,
            radius_m=0.32,
            style="broadleaf",
            colour="#24301a",
            material="plaster",
            seed=3,
        ),  # fmt: skip
    ]


def rug(w, d, f, front):
    return [box((0.0, f, -1.9), (1.7, 0.012, 1.1), "wool", "#5a4032", 0.006)]


def clock(w, d, f, front):
    return [
        CylinderProp(
            shape="cylinder",
            position=(-0.9, f + 1.9, front),
            radius_m=0.15,
            height_m=0.04,
            rotation_deg=(90.0, 0.0, 0.0),
            material="wood",
            colour=OAK,
            bevel_m=0.01,
            segments=32,
        ),  # fmt: skip
        CylinderProp(
            shape="cylinder",
            position=(-0.9, f + 1.9, front + 0.03),
            radius_m=0.125,
            height_m=0.015,
            rotation_deg=(90.0, 0.0, 0.0),
            material="paper",
            colour="#b8aa90",
            bevel_m=0.0,
            segments=32,
        ),  # fmt: skip
    ]


def armchair(w, d, f, front):
    x, z = -w / 2 + 0.65, front + 0.9
    c = "#5a4a40"
    return [
        box((x, f, z), (0.82, 0.42, 0.82), "wool", c, 0.08, 0.02, turn=20.0),
        box((x - 0.13, f + 0.42, z - 0.32), (0.8, 0.55, 0.18), "wool", c, 0.08, 0.03, turn=20.0),
        box((x - 0.35, f + 0.3, z + 0.13), (0.14, 0.3, 0.78), "wool", c, 0.06, 0.01, turn=20.0),
        box((x + 0.4, f + 0.3, z - 0.15), (0.14, 0.3, 0.78), "wool", c, 0.06, 0.01, turn=20.0),
    ]


def _pleats(width: float, depth: float = 0.05, folds: int = 5, points: int = 6) -> list:
    """A pleated curtain's cross-section: a wavy band ``width`` wide."""
    n = folds * points
    front = [(width * k / n, depth * math.sin(2 * math.pi * k / points)) for k in range(n + 1)]
    back = [(x, y - 0.012) for x, y in reversed(front)]
    return front + back


def curtains(w, d, f, front, windows=((0.0, 1.2),)):
    """Pleated curtains either side of each window (its centre x and width)."""
    out = []
    for (cx, width), sx in ((win, sx) for win in windows for sx in (-1, 1)):
        x = cx + sx * (width / 2 + 0.22) - 0.2
        out.append(
            ExtrudeProp(
                shape="extrude",
                position=(x, f + 1.2, front + 0.1),
                outline=_pleats(0.4),
                depth_m=1.9,
                rotation_deg=(90.0, 0.0, 0.0),
                material="linen",
                colour="#6a5a4c",
            )  # fmt: skip
        )
    return out


OBJECTS = {
    "bookshelf": bookshelf,
    "lamp": lamp,
    "plant": plant,
    "rug": rug,
    "clock": clock,
    "armchair": armchair,
    "curtains": curtains,
}
"""The room's ``objects`` (besides ``window``, which the room's shell makes)."""


def furniture(layer, w, d, f, front, windows=((0.0, 1.2),)) -> list:
    """Every ready-made piece the room layer asks for, as props; ``windows`` (centre x and
    width of each window in the front wall) place the curtains."""
    out = []
    if layer.bed:
        out += bed(w, d, f, front)
    if layer.table:
        out += table(w, d, f, front, beside_bed=layer.bed)
        if not layer.bed:
            out += table_things(w, d, f, front)
    for name in layer.objects:
        if name == "curtains":
            out += curtains(w, d, f, front, windows)
        elif name in OBJECTS:
            out += OBJECTS[name](w, d, f, front)
    return out
