"""The panel's place in the world and the ray–panel hit test.

The panel is a flat rectangle facing the person. It is placed in front of the gaze when
summoned and then stays put in the world; only when the gaze wanders more than
:data:`FOLLOW_DEG` away does it drift (slowly, eased) back in front, so it never sticks to
the face.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from vrasmr.ui.layout import PANEL_H_M, PANEL_W_M
from vrasmr.xmath import cross3, floats, unit3

PANEL_DISTANCE_M = 1.35
FOLLOW_DEG = 25.0  # the gaze may wander this far before the panel follows
FOLLOW_TIME_S = 1.2  # time constant of the lazy follow
_FOLLOW_COS = math.cos(math.radians(FOLLOW_DEG))
_ARRIVED_COS = math.cos(math.radians(1.0))  # within a degree of where it was going

Vec3 = tuple[float, float, float]


@dataclass
class PanelPlace:
    """Where the panel hangs: an anchor (eye position), a direction and an up reference.

    Plain float triples: this runs every frame the menu is open, and numpy's per-call cost
    on 3-vectors would be most of it. Arrays given to the constructor are converted."""

    anchor: Vec3
    direction: Vec3  # unit, from the anchor to the panel's centre
    up_ref: Vec3
    distance: float = PANEL_DISTANCE_M
    width: float = PANEL_W_M
    height: float = PANEL_H_M
    _axes: tuple | None = field(default=None, init=False, repr=False, compare=False)
    _centre: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.anchor = tuple(floats(self.anchor))
        self.direction = unit3(self.direction)
        self.up_ref = unit3(self.up_ref)

    @classmethod
    def in_front(cls, head, distance: float = PANEL_DISTANCE_M) -> PanelPlace:
        return cls(head.position3, head.forward3, head.up3, distance)

    # ---- frame ----------------------------------------------------------------------
    @property
    def centre(self) -> Vec3:
        cached = self._centre
        if cached is not None and cached[0] is self.anchor and cached[1] is self.direction:
            return cached[2]
        (ax, ay, az), (dx, dy, dz), k = self.anchor, self.direction, self.distance
        centre = (ax + dx * k, ay + dy * k, az + dz * k)
        self._centre = (self.anchor, self.direction, centre)
        return centre

    def axes(self) -> tuple[Vec3, Vec3, Vec3]:
        """(right, up, normal): the panel's frame; ``normal`` points back at the person.

        Cached until ``direction`` or ``up_ref`` is reassigned (tuples, never changed in
        place); the frame path asks for it several times a frame."""
        cached = self._axes
        if cached is not None and cached[0] is self.direction and cached[1] is self.up_ref:
            return cached[2]
        d = self.direction
        rx, ry, rz = cross3(d, self.up_ref)
        if math.sqrt(rx * rx + ry * ry + rz * rz) < 1e-6:  # looking along the up reference
            rx, ry, rz = cross3(d, (0.0, 0.0, -1.0 if abs(d[1]) > 0.5 else 1.0))
        right = unit3((rx, ry, rz))
        up = unit3(cross3(right, d))
        axes = (right, up, (-d[0], -d[1], -d[2]))
        self._axes = (self.direction, self.up_ref, axes)
        return axes

    def top_left(self) -> Vec3:
        return self.point3(0.0, 0.0)

    # ---- hit test -------------------------------------------------------------------
    def hit(self, origin, direction) -> tuple[float, float] | None:
        """Panel coordinates (metres from the top-left, y down) where the ray meets the
        front of the panel, or None."""
        # plain floats: this runs for every pointer, every frame the menu is open
        ox, oy, oz = floats(origin)
        dx, dy, dz = floats(direction)
        n = math.sqrt(dx * dx + dy * dy + dz * dz)
        if not n > 1e-12:
            return None
        dx, dy, dz = dx / n, dy / n, dz / n
        right, up, normal = self.axes()
        nx, ny, nz = normal
        denom = dx * nx + dy * ny + dz * nz
        if denom > -1e-6:  # parallel, or coming from behind
            return None
        cx, cy, cz = self.centre
        t = ((cx - ox) * nx + (cy - oy) * ny + (cz - oz) * nz) / denom
        if t <= 0:
            return None
        rx, ry, rz = ox + dx * t - cx, oy + dy * t - cy, oz + dz * t - cz
        x = self.width / 2 + (rx * right[0] + ry * right[1] + rz * right[2])
        y = self.height / 2 - (rx * up[0] + ry * up[1] + rz * up[2])
        if 0.0 <= x <= self.width and 0.0 <= y <= self.height:
            return x, y
        return None

    def point3(self, x: float, y: float, lift: float = 0.0) -> Vec3:
        """World position of panel point (x, y), ``lift`` metres towards the person."""
        (rx, ry, rz), (ux, uy, uz), (nx, ny, nz) = self.axes()
        cx, cy, cz = self.centre
        a, b = x - self.width / 2, self.height / 2 - y
        return (
            cx + rx * a + ux * b + nx * lift,
            cy + ry * a + uy * b + ny * lift,
            cz + rz * a + uz * b + nz * lift,
        )

    # ---- lazy follow ----------------------------------------------------------------
    def follow(self, head, dt: float, *, want: Vec3 | None = None) -> Vec3 | None:
        """Ease towards ``want`` (a direction); start wanting the gaze when it has wandered
        beyond FOLLOW_DEG. Returns the direction still wanted (None once there)."""
        if want is None:
            (gx, gy, gz), (dx, dy, dz) = head.forward3, self.direction  # both unit
            if gx * dx + gy * dy + gz * dz >= _FOLLOW_COS:
                return None
            want = unit3(head.forward3)
            self.up_ref = unit3(head.up3)
        k = 1.0 - math.exp(-max(dt, 0.0) / FOLLOW_TIME_S)
        (dx, dy, dz), (wx, wy, wz) = self.direction, want
        direction = unit3((dx + (wx - dx) * k, dy + (wy - dy) * k, dz + (wz - dz) * k))
        (ax, ay, az), (px, py, pz) = self.anchor, head.position3
        self.direction = direction
        self.anchor = (ax + (px - ax) * k, ay + (py - ay) * k, az + (pz - az) * k)
        dx, dy, dz = direction
        return None if wx * dx + wy * dy + wz * dz > _ARRIVED_COS else want
