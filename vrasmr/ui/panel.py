"""The panel's place in the world and the ray–panel hit test.

The panel is a flat rectangle facing the person. It is placed in front of the gaze when
summoned and then stays put in the world; only when the gaze wanders more than
:data:`FOLLOW_DEG` away does it drift (slowly, eased) back in front, so it never sticks to
the face.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from vrasmr.ui.layout import PANEL_H_M, PANEL_W_M
from vrasmr.xmath import cross3, floats, norm3

PANEL_DISTANCE_M = 1.35
FOLLOW_DEG = 25.0  # the gaze may wander this far before the panel follows
FOLLOW_TIME_S = 1.2  # time constant of the lazy follow


def _unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    n = norm3(v)
    return v / n if n > 1e-12 else np.array((0.0, 0.0, -1.0))


def angle_deg(a, b) -> float:
    ax, ay, az = floats(a)
    bx, by, bz = floats(b)
    na = math.sqrt(ax * ax + ay * ay + az * az)
    nb = math.sqrt(bx * bx + by * by + bz * bz)
    if not (na > 1e-12 and nb > 1e-12):  # a zero vector reads as straight ahead (-Z)
        ax, ay, az, na = (ax, ay, az, na) if na > 1e-12 else (0.0, 0.0, -1.0, 1.0)
        bx, by, bz, nb = (bx, by, bz, nb) if nb > 1e-12 else (0.0, 0.0, -1.0, 1.0)
    c = (ax * bx + ay * by + az * bz) / (na * nb)
    return math.degrees(math.acos(max(-1.0, min(1.0, c))))


@dataclass
class PanelPlace:
    """Where the panel hangs: an anchor (eye position), a direction and an up reference."""

    anchor: np.ndarray
    direction: np.ndarray  # unit, from the anchor to the panel's centre
    up_ref: np.ndarray
    distance: float = PANEL_DISTANCE_M
    width: float = PANEL_W_M
    height: float = PANEL_H_M
    _axes: tuple | None = field(default=None, init=False, repr=False, compare=False)
    _centre: tuple | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def in_front(cls, head, distance: float = PANEL_DISTANCE_M) -> PanelPlace:
        return cls(np.array(head.position, float), _unit(head.forward), _unit(head.up), distance)

    # ---- frame ----------------------------------------------------------------------
    @property
    def centre(self) -> np.ndarray:
        cached = self._centre
        if cached is not None and cached[0] is self.anchor and cached[1] is self.direction:
            return cached[2]
        centre = self.anchor + self.direction * self.distance
        centre.setflags(write=False)
        self._centre = (self.anchor, self.direction, centre)
        return centre

    def axes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(right, up, normal): the panel's frame; ``normal`` points back at the person.

        Cached until ``direction`` or ``up_ref`` is reassigned (they are never changed in
        place); the frame path asks for it several times a frame."""
        cached = self._axes
        if cached is not None and cached[0] is self.direction and cached[1] is self.up_ref:
            return cached[2]
        d = self.direction
        right = cross3(d, self.up_ref)
        if norm3(right) < 1e-6:  # looking straight along the up reference
            right = cross3(d, (0.0, 0.0, -1.0 if abs(d[1]) > 0.5 else 1.0))
        right = _unit(right)
        up = _unit(cross3(right, d))
        axes = (right, up, -d)
        for a in axes:
            a.setflags(write=False)
        self._axes = (self.direction, self.up_ref, axes)
        return axes

    def top_left(self) -> np.ndarray:
        right, up, _ = self.axes()
        return self.centre - right * (self.width / 2) + up * (self.height / 2)

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
        right, up, normal = (a.tolist() for a in self.axes())
        nx, ny, nz = normal
        denom = dx * nx + dy * ny + dz * nz
        if denom > -1e-6:  # parallel, or coming from behind
            return None
        cx, cy, cz = self.centre.tolist()
        t = ((cx - ox) * nx + (cy - oy) * ny + (cz - oz) * nz) / denom
        if t <= 0:
            return None
        rx, ry, rz = ox + dx * t - cx, oy + dy * t - cy, oz + dz * t - cz
        x = self.width / 2 + (rx * right[0] + ry * right[1] + rz * right[2])
        y = self.height / 2 - (rx * up[0] + ry * up[1] + rz * up[2])
        if 0.0 <= x <= self.width and 0.0 <= y <= self.height:
            return x, y
        return None

    def point(self, x: float, y: float, lift: float = 0.0) -> np.ndarray:
        """World position of panel point (x, y), ``lift`` metres towards the person."""
        right, up, normal = self.axes()
        return (
            self.centre
            + right * (x - self.width / 2)
            + up * (self.height / 2 - y)
            + (normal * lift)
        )

    # ---- lazy follow ----------------------------------------------------------------
    def follow(self, head, dt: float, *, want: np.ndarray | None = None) -> np.ndarray | None:
        """Ease towards ``want`` (a direction); start wanting the gaze when it has wandered
        beyond FOLLOW_DEG. Returns the direction still wanted (None once there)."""
        gaze = _unit(head.forward)
        if want is None and angle_deg(gaze, self.direction) > FOLLOW_DEG:
            want = gaze
            self.up_ref = _unit(head.up)
        if want is None:
            return None
        k = 1.0 - math.exp(-max(dt, 0.0) / FOLLOW_TIME_S)
        self.direction = _unit(self.direction + (want - self.direction) * k)
        self.anchor = self.anchor + (np.asarray(head.position, float) - self.anchor) * k
        return None if angle_deg(want, self.direction) < 1.0 else want
