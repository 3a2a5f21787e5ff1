"""Turn pyopenxr structs (Posef, Quaternionf, Fovf, View, SpaceLocation) into vrasmr types.

Everything here duck-types the struct fields, so it works on real ctypes structs and on
plain test objects alike, and never imports ``xr``.
"""

from __future__ import annotations

import numpy as np

from vrasmr.frame import View
from vrasmr.xmath import Fov, Pose

ORIENTATION_VALID = 0x1  # XR_SPACE_LOCATION_ORIENTATION_VALID_BIT (same bit for views)
POSITION_VALID = 0x2  # XR_SPACE_LOCATION_POSITION_VALID_BIT
NANOSECONDS = 1_000_000_000


def quat_from_xr(q) -> np.ndarray:
    """``XrQuaternionf`` → ``(x, y, z, w)`` array (not normalised)."""
    return np.array([q.x, q.y, q.z, q.w], dtype=float)


def vec3_from_xr(v) -> np.ndarray:
    """``XrVector3f`` → length-3 array."""
    return np.array([v.x, v.y, v.z], dtype=float)


def pose_from_xr(p) -> Pose:
    """``XrPosef`` → :class:`Pose` (a zero quaternion from the runtime becomes identity)."""
    return Pose.make(vec3_from_xr(p.position), quat_from_xr(p.orientation))


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


def write_pose_to_xr(pose: Pose, target) -> None:
    """Fill an existing ``XrPosef`` in place (no allocation in the frame loop)."""
    px, py, pz = (float(c) for c in pose.position)
    qx, qy, qz, qw = (float(c) for c in pose.orientation)
    target.position.x, target.position.y, target.position.z = px, py, pz
    o = target.orientation
    o.x, o.y, o.z, o.w = qx, qy, qz, qw


def seconds_between(xr_time_ns: int, start_ns: int) -> float:
    """Seconds from ``start_ns`` to ``xr_time_ns`` (both ``XrTime`` nanoseconds)."""
    return (int(xr_time_ns) - int(start_ns)) / NANOSECONDS
