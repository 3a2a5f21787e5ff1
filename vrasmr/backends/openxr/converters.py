"""Turn pyopenxr structs (Posef, Quaternionf, Fovf, View, SpaceLocation) into vrasmr types.

Everything here duck-types the struct fields, so it works on real ctypes structs and on
plain test objects alike, and never imports ``xr``.
"""

from __future__ import annotations

import ctypes
import functools
import math

import numpy as np

from vrasmr.frame import View
from vrasmr.xmath import Fov, Pose

ORIENTATION_VALID = 0x1  # XR_SPACE_LOCATION_ORIENTATION_VALID_BIT (same bit for views)
POSITION_VALID = 0x2  # XR_SPACE_LOCATION_POSITION_VALID_BIT
NANOSECONDS = 1_000_000_000


def pose_from_xr(p) -> Pose:
    """``XrPosef`` → :class:`Pose` (a zero quaternion from the runtime becomes identity).

    Plain float arithmetic, no numpy scalars: this runs for every located pose of a frame.
    """
    o, v = p.orientation, p.position
    return Pose(np.array((v.x, v.y, v.z), dtype=float), _unit_quat(o.x, o.y, o.z, o.w))


def pose_from_floats(f) -> Pose:
    """Seven floats laid out like ``XrPosef``: orientation x, y, z, w, then position x, y, z."""
    return Pose(np.array((f[4], f[5], f[6]), dtype=float), _unit_quat(f[0], f[1], f[2], f[3]))


def float_rows(array, offset: int, count: int) -> np.ndarray:
    """A live float32 view of ``count`` floats at byte ``offset`` of each struct of a ctypes
    array (no copy: it follows what the runtime writes). ``.tolist()`` on it reads every
    struct's pose at once, much cheaper than walking the nested ctypes fields."""
    size = ctypes.sizeof(array) // len(array)
    if size % 4 or offset % 4:
        raise ValueError("struct layout is not float aligned")
    flat = np.frombuffer(array, dtype=np.float32).reshape(len(array), size // 4)
    return flat[:, offset // 4 : offset // 4 + count]


def _unit_quat(x: float, y: float, z: float, w: float) -> np.ndarray:
    n = math.sqrt(x * x + y * y + z * z + w * w)
    if not n > 1e-12 or not math.isfinite(n):
        return np.array((0.0, 0.0, 0.0, 1.0))
    return np.array((x / n, y / n, z / n, w / n))


class PoseMapper:
    """``parent.compose(child)`` for one fixed ``parent``, in plain floats (same result).

    The loop maps every located pose of every frame through the world-from-tracking
    transform; numpy on 3- and 4-vectors costs more in call overhead than in arithmetic.
    """

    def __init__(self, parent: Pose) -> None:
        self.parent = parent
        self.p = tuple(float(c) for c in parent.position)
        self.q = tuple(float(c) for c in _unit_quat(*(float(c) for c in parent.orientation)))

    def __call__(self, child: Pose) -> Pose:
        return self.from_floats((*child.orientation.tolist(), *child.position.tolist()))

    def from_floats(self, f) -> Pose:
        """``parent.compose(child)`` for a child given as floats laid out like ``XrPosef``
        (orientation x, y, z, w, then position; more may follow, as in a view's row): no
        child Pose is made, which the loop uses for the located views."""
        px, py, pz = self.p
        qx, qy, qz, qw = self.q
        bx, by, bz, bw, vx, vy, vz = f[0], f[1], f[2], f[3], f[4], f[5], f[6]
        # v' = v + w t + q_xyz × t with t = 2 q_xyz × v (rotate by the unit quaternion)
        tx, ty, tz = 2.0 * (qy * vz - qz * vy), 2.0 * (qz * vx - qx * vz), 2.0 * (qx * vy - qy * vx)
        position = np.array(
            (
                px + vx + qw * tx + (qy * tz - qz * ty),
                py + vy + qw * ty + (qz * tx - qx * tz),
                pz + vz + qw * tz + (qx * ty - qy * tx),
            )
        )
        orientation = _unit_quat(
            qw * bx + qx * bw + qy * bz - qz * by,
            qw * by - qx * bz + qy * bw + qz * bx,
            qw * bz + qx * by - qy * bx + qz * bw,
            qw * bw - qx * bx - qy * by - qz * bz,
        )
        return Pose(position, orientation)


@functools.lru_cache(maxsize=16)
def fov_from_floats(left: float, right: float, up: float, down: float) -> Fov:
    """The :class:`Fov` of four half-angles, shared while they stay the same (a runtime's
    field of view rarely changes, so most frames make none)."""
    return Fov(left, right, up, down)


def fov_from_xr(f) -> Fov:
    """``XrFovf`` → :class:`Fov` (same four signed half-angles in radians)."""
    return Fov(float(f.angle_left), float(f.angle_right), float(f.angle_up), float(f.angle_down))


def view_from_xr(v) -> View:
    """``XrView`` (pose + fov) → :class:`View`."""
    return View(pose_from_xr(v.pose), fov_from_xr(v.fov))


def pose_is_valid(flags: int) -> bool:
    """Both the orientation and the position of a located space or view can be used."""
    need = ORIENTATION_VALID | POSITION_VALID
    return (int(flags) & need) == need


def located_pose(location) -> Pose | None:
    """``XrSpaceLocation`` → its pose, or None when the runtime says it is not valid."""
    if not pose_is_valid(location.location_flags):
        return None
    return pose_from_xr(location.pose)


def seconds_between(xr_time_ns: int, start_ns: int) -> float:
    """Seconds from ``start_ns`` to ``xr_time_ns`` (both ``XrTime`` nanoseconds)."""
    return (int(xr_time_ns) - int(start_ns)) / NANOSECONDS
