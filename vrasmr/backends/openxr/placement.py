"""Where the world sits in the tracking space, frame by frame.

* The first good head pose (and every recentre the person asks for in vrasmr) places the
  world from the resting head (:func:`~.bedmode.world_from_tracking`); lying on a side at
  that moment, it is placed upright to the eyes at once.
* A runtime recentre (``XrEventDataReferenceSpaceChangePending``) moves the tracking space
  itself. From the change time on, the placement is carried into the new space
  (``poseInPreviousSpace``; without it, from the head, which cannot move between two
  frames), so nothing jumps; then the world glides to where the recentre puts it (in front
  of the resting gaze), easing in and out at up to :data:`RECENTRE_DEG_S`.
* In bed mode, :class:`~.side_lying.SideLying` re-levels the horizon for a person lying on a
  side (≤ 2°/s, never while the head moves).
"""

from __future__ import annotations

import math

from vrasmr.xmath import Pose

from .bedmode import world_from_tracking
from .converters import pose_from_floats
from .glide import SpeedRamp, glide_step
from .side_lying import SideLying, SideLyingOptions, level_turn, world_roll_deg

RECENTRE_DEG_S = 30.0  # top speed of the glide after a runtime recentre
RECENTRE_ACCEL_DEG_S2 = 45.0
SIDE_LYING = SideLyingOptions()
SIDE_LYING_EVERY = 6  # frames between looks at the roll while no re-levelling runs


class WorldPlacement:
    """``world``: the tracking → world transform (None until the first good head pose)."""

    def __init__(
        self,
        *,
        bed_mode: bool = True,
        eye_height: float = 0.0,
        side_lying: SideLyingOptions | None = SIDE_LYING,
    ) -> None:
        self.bed_mode = bed_mode
        self.eye_height = eye_height
        self.world: Pose | None = None
        self.side_lying = SideLying(side_lying) if side_lying is not None else None
        self.glide_ramp = SpeedRamp(RECENTRE_DEG_S, RECENTRE_ACCEL_DEG_S2)
        self.gliding_to: Pose | None = None  # after a runtime recentre
        self._change: tuple[int, Pose | None] | None = None  # (change time, previous ← new)
        self._last: tuple[Pose, Pose] | None = None  # (world, head) of the last frame
        self._world_q: tuple[float, ...] = (0.0, 0.0, 0.0, 1.0)
        self._last_time_s: float | None = None
        self._frames = 0

    def recenter(self) -> None:
        """Place the world again from the next good head pose (the person asked)."""
        self.world = None
        self.gliding_to = None
        if self.side_lying is not None:
            self.side_lying.reset()

    def space_changed(self, change_time_ns: int = 0, previous_from_new: Pose | None = None):
        """The runtime recentred the tracking space: from ``change_time_ns`` on, poses come
        in the new space; ``previous_from_new`` is ``poseInPreviousSpace`` when valid."""
        self._change = (int(change_time_ns), previous_from_new)

    def place(self, head: Pose) -> Pose:
        """Where a recentre puts the world for ``head``: bed mode's placement, turned
        upright to the eyes when lying on a side."""
        world = world_from_tracking(head, bed_mode=self.bed_mode, eye_height=self.eye_height)
        if self.bed_mode and self.side_lying is not None:
            head_world = world.compose(head)
            roll = world_roll_deg(tuple(head_world.orientation.tolist()))
            if roll is not None and abs(roll) > self.side_lying.options.roll_threshold_deg:
                world = level_turn(head_world, -math.radians(roll)).compose(world)
        return world

    def update(self, display_time_ns: int, time_s: float, head) -> Pose:
        """The placement for this frame's ``head`` (tracking space: a :class:`Pose`, or the
        7 floats of an ``XrPosef``, made into a Pose only on the frames that need one);
        never a jump except the very first placement and recentres the person asked for."""
        if type(head) is not Pose:
            head_q = (head[0], head[1], head[2], head[3])
            if self.world is None or self._change is not None or self.gliding_to is not None:
                head = pose_from_floats(head)
        else:
            head_q = _floats(head.orientation)
        if self.world is None:
            self._set(self.place(head))
            if self.side_lying is not None:
                self.side_lying.reset()
        elif self._change is not None and display_time_ns >= self._change[0]:
            self._follow_space_change(head)
        dt = 0.0 if self._last_time_s is None else max(time_s - self._last_time_s, 0.0)
        self._last_time_s = time_s
        if self.gliding_to is not None:
            pivot = self.world.compose(head).position
            self._set(glide_step(self.world, self.gliding_to, pivot, self.glide_ramp, dt))
            if self.world is self.gliding_to:
                self.gliding_to = None
        elif self.bed_mode and self.side_lying is not None:
            self._frames += 1
            # Watching for a settled roll needs no more than every few frames; a
            # re-levelling under way is followed (and paused) frame by frame.
            if self.side_lying.levelling or self._frames % SIDE_LYING_EVERY == 0:
                angle = self.side_lying.update(time_s, head_q, self._world_q)
                if angle:
                    head = head if type(head) is Pose else pose_from_floats(head)
                    self._set(level_turn(self.world.compose(head), angle).compose(self.world))
        self._last = (self.world, head)
        return self.world

    def _follow_space_change(self, head: Pose) -> None:
        _, previous_from_new = self._change
        self._change = None
        if previous_from_new is not None:
            self._set(self.world.compose(previous_from_new))
        elif self._last is not None:  # keep the head where it was in the world
            world, last_head = self._last
            if type(last_head) is not Pose:
                last_head = pose_from_floats(last_head)
            self._set(world.compose(last_head).compose(head.inverse()))
        self.gliding_to = self.place(head)
        self.glide_ramp.stop()
        if self.side_lying is not None:
            self.side_lying.reset()

    def _set(self, world: Pose) -> None:
        self.world = world
        self._world_q = _floats(world.orientation)


def _floats(q) -> tuple[float, ...]:
    return tuple(q.tolist())
