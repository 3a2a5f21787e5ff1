"""Lying on a side: re-level the horizon slowly, so the world is upright to the eyes.

The roll that matters is the head's roll *in the world*: the angle, seen along the gaze,
between the head's up and the world's up. Lying on the back in bed mode it stays near zero
(the world's up points to the headboard, as the head's does, and turning over onto a side
only turns the view). It grows to ~90° when the world was placed upright (sitting) and the
person then lies down on a side: the horizon stands on end.

When that roll stays beyond ``roll_threshold_deg`` for ``settle_s`` of stillness, the world
turns about the line of sight, through the eyes, until the roll is gone: at most
``max_rate_deg_s`` (2°/s), easing in and out (:class:`~.glide.SpeedRamp`), and never while
the head moves (its angular speed, smoothed, above ``still_deg_s``): a re-levelling caught
by a movement pauses and goes on once the head is still again.

Per frame it reads two quaternions as floats (a few microseconds); it builds poses only on
the frames it turns the world.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from vrasmr.xmath import Pose

from .glide import SpeedRamp, turn_about

MAX_STEP_S = 0.1  # the longest time one update counts (after a pause in frames)


@dataclass(frozen=True)
class SideLyingOptions:
    roll_threshold_deg: float = 45.0  # beyond this roll (in the world) the horizon is re-levelled
    settle_s: float = 10.0  # ... once the roll has stayed there, head still, this long
    max_rate_deg_s: float = 2.0  # the re-levelling's top speed
    accel_deg_s2: float = 1.0  # how fast it reaches that speed (and slows before the end)
    still_deg_s: float = 3.0  # the head is still below this angular speed (smoothed)
    smoothing_s: float = 0.25  # time constant of that smoothing
    done_deg: float = 0.5  # re-levelled when the roll is this small
    min_level_view: float = 0.5  # the roll is defined while the gaze is within 60° of level


def level_turn(head_world: Pose, angle_rad: float) -> Pose:
    """The world turn (world → world) by ``angle_rad`` about the gaze, through the eyes; a
    turn by minus the roll takes the roll away."""
    return turn_about(head_world.position, head_world.forward, angle_rad)


def world_roll_deg(q, min_level_view: float = 0.5) -> float | None:
    """The head's roll in the world, in degrees (positive: right ear down), from its world
    orientation ``q`` (x, y, z, w floats); None when the gaze is too near straight up or
    down for a roll to mean anything."""
    x, y, z, w = q
    right_y = 2.0 * (x * y + z * w)  # the head's right axis, its world-up component
    up_y = 1.0 - 2.0 * (x * x + z * z)  # the head's up axis, its world-up component
    if right_y * right_y + up_y * up_y < min_level_view * min_level_view:
        return None
    return math.degrees(math.atan2(-right_y, up_y))


def quat_mul_floats(a, b) -> tuple[float, float, float, float]:
    ax, ay, az, aw = a
    bx, by, bz, bw = b
    return (
        aw * bx + ax * bw + ay * bz - az * by,
        aw * by - ax * bz + ay * bw + az * bx,
        aw * bz + ax * by - ay * bx + az * bw,
        aw * bw - ax * bx - ay * by - az * bz,
    )


def angle_between_deg(a, b) -> float:
    """The rotation between two unit quaternions (float tuples), in degrees."""
    d = abs(a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3])
    return math.degrees(2.0 * math.acos(min(1.0, d)))


class SideLying:
    """Feed it every frame (:meth:`update`); it answers how far to turn the world."""

    def __init__(self, options: SideLyingOptions = SideLyingOptions()) -> None:
        self.options = options
        self.ramp = SpeedRamp(options.max_rate_deg_s, options.accel_deg_s2)
        self.head_speed_deg_s = 0.0  # smoothed
        self.frame_speed_deg_s = 0.0  # over the last frame alone
        self.settled_s = 0.0
        self.levelling = False
        self._last: tuple[float, tuple] | None = None  # (time, tracking orientation)

    def reset(self) -> None:
        """Forget the settling (a new placement, a recentre, the headset off)."""
        self.settled_s, self.levelling, self._last = 0.0, False, None
        self.head_speed_deg_s = self.frame_speed_deg_s = 0.0
        self.ramp.stop()

    @property
    def still(self) -> bool:
        """Smoothed speed under ``still_deg_s``, and no faster movement over the last frame
        alone than twice that (a turn of the head shows at once, before the smoothing
        catches up; breathing and tracking jitter stay well under it)."""
        limit = self.options.still_deg_s
        return self.head_speed_deg_s < limit and self.frame_speed_deg_s < 2.0 * limit

    def update(self, time_s: float, head_q, world_q) -> float:
        """This frame's head: ``head_q`` its tracking orientation (for its movement) and
        ``world_q`` the world placement's orientation (both float tuples). Returns the angle
        (radians) to turn the world about the gaze, through the eyes (:func:`level_turn`),
        or 0.0 when nothing turns this frame."""
        o = self.options
        dt = self._track_speed(time_s, head_q)
        roll = world_roll_deg(quat_mul_floats(world_q, head_q), o.min_level_view)
        if roll is None:
            self.settled_s, self.levelling = 0.0, False
            self.ramp.stop()
            return 0.0
        if not self.levelling:
            if abs(roll) <= o.roll_threshold_deg:
                self.settled_s = 0.0
            elif self.still:
                self.settled_s += dt
                self.levelling = self.settled_s >= o.settle_s
            return 0.0
        if abs(roll) <= o.done_deg:
            self.levelling, self.settled_s = False, 0.0
            self.ramp.stop()
            return 0.0
        if not self.still:  # never while the head moves: pause, and start gently again
            self.ramp.stop()
            return 0.0
        return -math.copysign(math.radians(self.ramp.step(abs(roll), dt)), roll)

    def _track_speed(self, time_s: float, head_q) -> float:
        """Update the smoothed angular speed of the head; returns the frame's dt."""
        last, self._last = self._last, (time_s, tuple(head_q))
        if last is None:
            return 0.0
        dt = time_s - last[0]
        if dt <= 0.0:
            return 0.0
        speed = self.frame_speed_deg_s = angle_between_deg(last[1], head_q) / dt
        k = 1.0 - math.exp(-dt / self.options.smoothing_s)
        self.head_speed_deg_s += (speed - self.head_speed_deg_s) * k
        return min(dt, MAX_STEP_S)  # frames that stopped for a while do not count as settling
