"""Recentre and bed mode: the world-from-tracking transform for a resting head.

All poses the runtime reports (in the LOCAL tracking space) are mapped into the world with
``world_from_tracking.compose(pose)``; the scene and its menu live in the world.

The choice (documented in docs/headset.md): the resting head defines a *rest frame* whose

* right axis is horizontal: lying back, the head's right axis projected onto the physical
  horizontal plane (it follows the body, stable when the gaze is straight up); sitting,
  perpendicular to the level gaze — so the horizon is never rolled;
* forward axis is the gaze, made perpendicular to that right axis — when the gaze rises more
  than ``bed_threshold_deg`` above the horizon (reclining or lying on the back), the world is
  pitched so that its forward horizon sits in front of the gaze (a head turned sideways on
  the pillow keeps a small sideways offset instead of rolling the horizon); below that
  threshold (sitting), only yaw is recentred from the level gaze direction and the world
  stays level;
* up axis completes the frame: for a person on their back it is the direction of the top of
  the head, i.e. the scene's up maps to "towards the headboard".

The rest frame is mapped onto the world's identity frame, with the head at ``(0, eye_height, 0)``.
"""

from __future__ import annotations

import math

import numpy as np

from vrasmr.xmath import Pose

UP = np.array([0.0, 1.0, 0.0])
DEFAULT_BED_THRESHOLD_DEG = 35.0


def _unit(v: np.ndarray) -> np.ndarray | None:
    n = float(np.linalg.norm(v))
    return None if n < 1e-6 else v / n


def _quat_from_basis(right: np.ndarray, up: np.ndarray, back: np.ndarray) -> np.ndarray:
    """Quaternion (x, y, z, w) of the rotation whose columns are right, up, back (+Z)."""
    m = np.column_stack([right, up, back])
    tr = m[0, 0] + m[1, 1] + m[2, 2]
    if tr > 0.0:
        s = math.sqrt(tr + 1.0) * 2.0
        q = [(m[2, 1] - m[1, 2]) / s, (m[0, 2] - m[2, 0]) / s, (m[1, 0] - m[0, 1]) / s, s / 4]
    elif m[0, 0] > m[1, 1] and m[0, 0] > m[2, 2]:
        s = math.sqrt(1.0 + m[0, 0] - m[1, 1] - m[2, 2]) * 2.0
        q = [s / 4, (m[0, 1] + m[1, 0]) / s, (m[0, 2] + m[2, 0]) / s, (m[2, 1] - m[1, 2]) / s]
    elif m[1, 1] > m[2, 2]:
        s = math.sqrt(1.0 + m[1, 1] - m[0, 0] - m[2, 2]) * 2.0
        q = [(m[0, 1] + m[1, 0]) / s, s / 4, (m[1, 2] + m[2, 1]) / s, (m[0, 2] - m[2, 0]) / s]
    else:
        s = math.sqrt(1.0 + m[2, 2] - m[0, 0] - m[1, 1]) * 2.0
        q = [(m[0, 2] + m[2, 0]) / s, (m[1, 2] + m[2, 1]) / s, s / 4, (m[1, 0] - m[0, 1]) / s]
    return np.array(q)


def rest_frame(resting_head: Pose, bed_threshold_deg: float = DEFAULT_BED_THRESHOLD_DEG) -> Pose:
    """The roll-free frame (in tracking space) that the world's identity frame maps onto."""
    gaze = resting_head.forward
    elevation = math.degrees(math.asin(max(-1.0, min(1.0, float(np.dot(gaze, UP))))))
    head_right = _unit(resting_head.right - np.dot(resting_head.right, UP) * UP)
    if elevation > bed_threshold_deg and head_right is not None:
        # Lying back: keep the body's left-right axis level, pitch the gaze into the horizon.
        right = head_right
        forward = _unit(gaze - np.dot(gaze, right) * right)
    else:
        forward = None
    if forward is None:  # sitting (or degenerate): level forward, yaw only
        forward = _unit(gaze - np.dot(gaze, UP) * UP)
        if forward is None:
            forward = np.cross(UP, head_right if head_right is not None else np.array([1.0, 0, 0]))
        right = np.cross(forward, UP)
    up = np.cross(-forward, right)
    return Pose.make(resting_head.position, _quat_from_basis(right, up, -forward))


def world_from_tracking(
    resting_head: Pose,
    *,
    bed_mode: bool = True,
    eye_height: float = 0.0,
    bed_threshold_deg: float = DEFAULT_BED_THRESHOLD_DEG,
) -> Pose:
    """The transform that puts ``resting_head`` level, facing -Z, at ``(0, eye_height, 0)``.

    With ``bed_mode`` False it is a plain yaw recentre (the world never pitches).
    """
    threshold = bed_threshold_deg if bed_mode else 90.0
    frame = rest_frame(resting_head, threshold)
    return Pose.make((0.0, eye_height, 0.0)).compose(frame.inverse())
