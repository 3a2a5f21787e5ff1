"""Turn pyopenxr structs (Posef, Quaternionf, Fovf, View, SpaceLocation) into vrasmr types.

Everything here duck-types the struct fields, so it works on real ctypes structs and on
plain test objects alike, and never imports ``xr``.
"""

from __future__ import annotations

import ctypes
import functools

import numpy as np

from vrasmr.frame import View
from vrasmr.xmath import Fov, Pose, unit_quat

ORIENTATION_VALID = 0x1  # XR_SPACE_LOCATION_ORIENTATION_VALID_BIT (same bit for views)
POSITION_VALID = 0x2  # XR_SPACE_LOCATION_POSITION_VALID_BIT
NANOSECONDS = 1_000_000_000


def pose_from_xr(p) -> Pose:
    """``XrPosef`` → :class:`Pose`, its quaternion normalised (a zero one becomes identity):
    where a runtime pose enters the program, the one place it is normalised.

    Plain float arithmetic, no numpy scalars: this runs for every located pose of a frame.
    """
    o, v = p.orientation, p.position
    return Pose(np.array((v.x, v.y, v.z), dtype=float), unit_quat(o.x, o.y, o.z, o.w))


def pose_from_floats(f) -> Pose:
    """Seven floats laid out like ``XrPosef``: orientation x, y, z, w, then position x, y, z."""
    return Pose(np.array((f[4], f[5], f[6]), dtype=float), unit_quat(f[0], f[1], f[2], f[3]))


def float_rows(array, offset: int, count: int) -> np.ndarray:
    """A live float32 view of ``count`` floats at byte ``offset`` of each struct of a ctypes
    array (no copy: it follows what the runtime writes). ``.tolist()`` on it reads every
    struct's pose at once, much cheaper than walking the nested ctypes fields."""
    size = ctypes.sizeof(array) // len(array)
    if size % 4 or offset % 4:
        raise ValueError("struct layout is not float aligned")
    flat = np.frombuffer(array, dtype=np.float32).reshape(len(array), size // 4)
    return flat[:, offset // 4 : offset // 4 + count]


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
