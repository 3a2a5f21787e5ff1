"""Pointers from poses: controller aim rays and hands-free gaze selection."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from vrasmr.frame import Pointer
from vrasmr.xmath import Pose, floats


def pointer_from_pose(name: str, pose: Pose, select: bool = False) -> Pointer:
    """A ray from ``pose`` along its -Z axis (OpenXR aim poses point down -Z)."""
    # forward3 (floats from the rotation rows): numpy's forward costs ~10x more per frame;
    # the pose's own position array is shared (poses are never changed in place)
    return Pointer(name, pose.position, np.array(pose.forward3), select)


@dataclass
class GazeDwell:
    """Hands-free select: holding the gaze still for ``dwell_s`` seconds selects once.

    After firing, the gaze must move more than ``cone_deg`` before it can fire again, so a
    person lying still selects at most once. The App acts on it only where the ray hits a
    menu item; elsewhere a gaze select means nothing.
    """

    dwell_s: float = 2.0
    cone_deg: float = 4.0
    _anchor: tuple[float, float, float] | None = field(default=None, repr=False)
    _since_s: float = field(default=0.0, repr=False)
    _fired: bool = field(default=False, repr=False)

    def update(self, time_s: float, direction) -> bool:
        """Feed the gaze direction at ``time_s``; True on the frame the dwell completes."""
        d = direction if type(direction) is tuple else tuple(floats(direction))
        if self._anchor is None or _angle_deg(self._anchor, d) > self.cone_deg:
            self._anchor, self._since_s, self._fired = d, time_s, False
            return False
        if not self._fired and time_s - self._since_s >= self.dwell_s:
            self._fired = True
            return True
        return False

    def reset(self) -> None:
        """Forget the dwell (the headset came off or the session paused)."""
        self._anchor, self._fired = None, False


def gaze_pointer(head: Pose, time_s: float, dwell: GazeDwell | None) -> Pointer:
    """The "gaze" pointer from the head pose; ``select`` fires when the dwell completes."""
    select = dwell.update(time_s, head.forward3) if dwell is not None else False
    return pointer_from_pose("gaze", head, select)


def _angle_deg(a, b) -> float:
    """Angle between two 3-vectors of floats (this runs every frame for the gaze)."""
    ax, ay, az = a
    bx, by, bz = b
    na, nb = math.sqrt(ax * ax + ay * ay + az * az), math.sqrt(bx * bx + by * by + bz * bz)
    if na < 1e-12 or nb < 1e-12:
        return 180.0
    c = (ax * bx + ay * by + az * bz) / (na * nb)
    return math.degrees(math.acos(max(-1.0, min(1.0, c))))
