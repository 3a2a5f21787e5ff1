"""Moving the world gently: a speed ramp, and turns of the world about a line through the eyes.

The world placement (tracking → world) changes after a runtime recentre and while lying on a
side; it never jumps and never moves faster than its ramp allows: the speed grows by
``accel`` per second up to ``max_speed`` and falls again before the end, so there is no
sudden start or stop. Turns pivot on the eyes, so the person stays where they are and only
the world turns around them.
"""

from __future__ import annotations

import math

from vrasmr.xmath import Pose, quat_from_axis_angle


class SpeedRamp:
    """How far to move this frame toward a goal ``remaining`` away (units per second)."""

    def __init__(self, max_speed: float, accel: float) -> None:
        self.max_speed, self.accel = max_speed, accel
        self.speed = 0.0

    def step(self, remaining: float, dt: float) -> float:
        """The amount to move this frame (never more than ``remaining``)."""
        if remaining <= 0.0 or dt <= 0.0:
            return 0.0
        braking = math.sqrt(2.0 * self.accel * remaining)  # what stops exactly at the goal
        self.speed = min(self.speed + self.accel * dt, self.max_speed, braking)
        return min(self.speed * dt, remaining)

    def stop(self) -> None:
        self.speed = 0.0


def turn_about(pivot, axis, angle_rad: float) -> Pose:
    """The world-to-world turn by ``angle_rad`` about ``axis`` through the point ``pivot``."""
    turn = Pose.make((0.0, 0.0, 0.0), quat_from_axis_angle(axis, angle_rad))
    return Pose.make(turn.position + pivot - turn.transform_vector(pivot), turn.orientation)


def rotation_angle(q) -> tuple[float, tuple[float, float, float]]:
    """(angle in radians, unit axis) of the unit quaternion ``q`` (the short way round)."""
    x, y, z, w = (float(c) for c in q)
    if w < 0.0:
        x, y, z, w = -x, -y, -z, -w
    s = math.sqrt(x * x + y * y + z * z)
    if s < 1e-12:
        return 0.0, (0.0, 1.0, 0.0)
    return 2.0 * math.atan2(s, w), (x / s, y / s, z / s)


# One centimetre of the world sliding counts as much as one degree of turning.
DEGREES_PER_METRE = 100.0


def glide_step(current: Pose, target: Pose, pivot, ramp: SpeedRamp, dt: float) -> Pose:
    """``current`` placement moved one frame toward ``target``: turned about ``pivot`` (the
    eyes, in the world) and slid, both in proportion, at the ramp's speed (degrees per
    second; :data:`DEGREES_PER_METRE`). Returns ``target`` itself on arrival."""
    delta = target.compose(current.inverse())  # world → world
    angle, axis = rotation_angle(delta.orientation)
    slide = delta.transform_point(pivot) - pivot  # where the eyes' point goes, after the turn
    distance = float(math.sqrt(float(slide @ slide)))
    remaining = math.degrees(angle) + distance * DEGREES_PER_METRE
    if remaining < 1e-6:
        ramp.stop()
        return target
    moved = ramp.step(remaining, dt)
    if moved >= remaining:
        ramp.stop()
        return target
    part = moved / remaining
    turn = turn_about(pivot, axis, angle * part)
    shift = Pose.make(slide * part)
    return shift.compose(turn).compose(current)
