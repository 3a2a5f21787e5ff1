"""Lying on a side, turning over, and a runtime recentre, on pose traces at 72 Hz.

The physical room: +Y up, the bed along Z with the headboard at -Z. Lying on the back the
gaze is +Y and the top of the head points to the headboard; lying on the right side the
gaze is -X (right ear down), on the left side +X.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.spatial.transform import Rotation, Slerp

from vrasmr.backends.openxr.glide import rotation_angle
from vrasmr.backends.openxr.placement import WorldPlacement
from vrasmr.backends.openxr.side_lying import SideLyingOptions, world_roll_deg
from vrasmr.xmath import Pose, quat_from_axis_angle

RATE = 72.0
DT = 1.0 / RATE
MAX_RATE = SideLyingOptions().max_rate_deg_s
SETTLE = SideLyingOptions().settle_s


def head_from_axes(gaze, up, position=(0.0, 0.0, 0.0)) -> Pose:
    gaze, up = np.asarray(gaze, float), np.asarray(up, float)
    back = -gaze
    right = np.cross(up, back)
    return Pose.make(position, Rotation.from_matrix(np.column_stack([right, up, back])).as_quat())


SITTING = head_from_axes((0, 0, -1), (0, 1, 0), (0, 1.2, 0))


def lying(phi_deg: float) -> Pose:
    """On the back (0), the right side (+90) or the left side (-90); head at the headboard."""
    phi = math.radians(phi_deg)
    gaze = (-math.sin(phi), math.cos(phi), 0.0)
    return head_from_axes(gaze, (0, 0, -1), (0, 0.6, 0))


class Trace:
    """A head path sampled at :data:`RATE`, with breathing-sized sway while it holds still."""

    def __init__(self, start: Pose):
        self.poses: list[Pose] = [start]

    def hold(self, seconds: float, sway_deg: float = 0.3) -> Trace:
        base = self.poses[-1]
        for k in range(1, int(seconds * RATE) + 1):
            a = math.radians(sway_deg) * math.sin(2 * math.pi * 0.25 * k * DT)
            sway = Pose.make((0, 0, 0), quat_from_axis_angle((1, 0, 0), a))
            self.poses.append(Pose.make(base.position, base.compose(sway).orientation))
        return self

    def move_to(self, end: Pose, seconds: float) -> Trace:
        start = self.poses[-1]
        rots = Rotation.from_quat([start.orientation, end.orientation])
        slerp = Slerp([0.0, 1.0], rots)
        n = int(seconds * RATE)
        for k in range(1, n + 1):
            s = 0.5 - 0.5 * math.cos(math.pi * k / n)  # eased, as a body turns
            p = start.position + (end.position - start.position) * s
            self.poses.append(Pose.make(p, slerp([s]).as_quat()[0]))
        return self


def drive(trace: Trace, placement: WorldPlacement | None = None):
    """(placements, heads in the world) frame by frame."""
    placement = placement or WorldPlacement()
    worlds, heads = [], []
    for k, head in enumerate(trace.poses):
        world = placement.update(10_000_000_000 + round(k * DT * 1e9), k * DT, head)
        worlds.append(world)
        heads.append(world.compose(head))
    return worlds, heads


def roll(head_world: Pose) -> float | None:
    return world_roll_deg(tuple(head_world.orientation.tolist()))


def turn_deg(a: Pose, b: Pose) -> float:
    return math.degrees(rotation_angle(b.compose(a.inverse()).orientation)[0])


def turn_rates(worlds) -> list[float]:
    return [turn_deg(a, b) / DT for a, b in zip(worlds, worlds[1:], strict=False)]


def test_lying_on_the_back_is_never_relevelled():
    trace = Trace(lying(0)).hold(20).move_to(lying(20), 2).hold(20).move_to(lying(-15), 2)
    worlds, heads = drive(trace.hold(30))
    assert all(w is worlds[0] for w in worlds)  # the world never moved
    assert max(abs(roll(h)) for h in heads if roll(h) is not None) < 5.0


@pytest.mark.parametrize("side", [90, -90], ids=["right side", "left side"])
def test_lying_down_on_a_side_relevels_slowly_until_upright(side):
    trace = Trace(SITTING).hold(2).move_to(lying(side), 4)
    lay_down = len(trace.poses)
    worlds, heads = drive(trace.hold(SETTLE + 70))
    assert abs(roll(heads[lay_down])) > 80  # the horizon stands on end to the eyes ...
    first_turn = next(k for k in range(1, len(worlds)) if worlds[k] is not worlds[k - 1])
    assert (first_turn - lay_down) * DT >= SETTLE  # ... for a while, then
    assert max(turn_rates(worlds)) <= MAX_RATE + 1e-6  # slowly, at most 2°/s
    last_turn = max(k for k in range(1, len(worlds)) if worlds[k] is not worlds[k - 1])
    assert (last_turn - first_turn) * DT >= 90.0 / MAX_RATE  # 90° at 2°/s takes 45 s
    assert abs(roll(heads[-1])) < 1.0  # upright to the eyes
    assert float(heads[-1].up @ [0, 1, 0]) > 0.999


def test_never_while_the_head_moves():
    trace = Trace(SITTING).hold(1).move_to(lying(90), 4).hold(SETTLE + 10)
    moves = []
    for _ in range(3):  # a look around in the middle of the re-levelling, then still again
        start = len(trace.poses)
        here = trace.poses[-1]
        glance = Pose.make(here.position, here.compose(_yaw(25)).orientation)
        trace.move_to(glance, 0.8).move_to(here, 0.8)
        moves.append((start, len(trace.poses)))
        trace.hold(8)
    worlds, heads = drive(trace.hold(60))
    speeds = [turn_deg(a, b) / DT for a, b in zip(trace.poses, trace.poses[1:], strict=False)]
    rates = turn_rates(worlds)
    moving = {k for k, s in enumerate(speeds) if s > 2 * SideLyingOptions().still_deg_s}
    assert moving and all(rates[k] == 0.0 for k in moving)
    for start, end in moves:  # each glance paused a re-levelling that was under way
        assert rates[start - 1] > 0.0
        assert all(
            rates[k] == 0.0 for k in range(start, end) if k >= min(moving & {*range(start, end)})
        )
    assert abs(roll(heads[-1])) < 1.0


def test_turning_over_keeps_the_world_upright_without_relevelling():
    trace = Trace(SITTING).hold(1).move_to(lying(-90), 4).hold(SETTLE + 70)
    levelled = len(trace.poses)
    trace.move_to(lying(0), 3).hold(5).move_to(lying(90), 3).hold(40)
    worlds, heads = drive(trace)
    assert abs(roll(heads[levelled])) < 1.0
    # Once levelled on one side, the world's up is the headboard's way, as the head's is:
    # turning over through the back to the other side only turns the view.
    after = [roll(h) for h in heads[levelled:]]
    assert max(abs(r) for r in after if r is not None) < 2.0
    assert turn_deg(worlds[levelled], worlds[-1]) < 1.0


def test_placed_while_lying_on_a_side_the_world_is_upright_at_once():
    worlds, heads = drive(Trace(lying(90)).hold(20))
    assert abs(roll(heads[0])) < 1e-6 and all(w is worlds[0] for w in worlds)
    np.testing.assert_allclose(heads[0].forward, [0, 0, -1], atol=1e-9)


def test_bed_mode_off_never_relevels():
    trace = Trace(SITTING).hold(1).move_to(lying(90), 4).hold(SETTLE + 30)
    worlds, _ = drive(trace, WorldPlacement(bed_mode=False))
    assert all(w is worlds[0] for w in worlds)


def _yaw(deg: float) -> Pose:
    return Pose.make((0, 0, 0), quat_from_axis_angle((0, 1, 0), math.radians(deg)))


# ---- a runtime recentre (XrEventDataReferenceSpaceChangePending) -----------------------------
def recentred(trace: Trace, change_frame: int, previous_from_new: Pose) -> list[Pose]:
    """The trace as the runtime reports it: from ``change_frame`` on, in the new space."""
    into_new = previous_from_new.inverse()
    return [p if k < change_frame else into_new.compose(p) for k, p in enumerate(trace.poses)]


@pytest.mark.parametrize("pose_valid", [True, False], ids=["with pose", "without pose"])
def test_runtime_recentre_moves_nothing_at_once_then_glides(pose_valid):
    # Sitting, the head turned 70° to the left of where the world was placed.
    trace = Trace(SITTING).hold(1).move_to(Pose.make((0, 1.2, 0), _yaw(70).orientation), 2)
    trace.hold(12)
    change = int(5.0 * RATE)
    new_space = Pose.make((0.1, 0.0, -0.05), _yaw(70).orientation)  # previous ← new
    poses = recentred(trace, change, new_space)
    placement = WorldPlacement()
    worlds, heads = [], []
    for k, head in enumerate(poses):
        if k == int(4.0 * RATE):  # the event comes before the change time
            placement.space_changed(
                10_000_000_000 + round(change * DT * 1e9), new_space if pose_valid else None
            )
        world = placement.update(10_000_000_000 + round(k * DT * 1e9), k * DT, head)
        worlds.append(world)
        heads.append(world.compose(head))
    # No jump at the change: the head (still) stays where it was in the world.
    for k in range(change - 2, change + 2):
        assert turn_deg(heads[k], heads[k + 1]) < 0.5
        assert np.linalg.norm(heads[k + 1].position - heads[k].position) < 0.01
    # Then the world glides (eased, a few degrees a frame at most) to the recentred place:
    # the world's forward in front of the resting gaze.
    turns = [turn_deg(a, b) for a, b in zip(heads[change:], heads[change + 1 :], strict=False)]
    assert max(turns) < 1.0 and sum(t > 0.0 for t in turns) > RATE  # over more than a second
    np.testing.assert_allclose(heads[-1].forward, [0, 0, -1], atol=1e-6)


def test_the_loop_carries_the_runtime_event_to_the_placement():
    from tests.test_openxr_loop import FOCUS, QUIT, run
    from vrasmr.backends.openxr.contracts import SpaceChanged

    loop, rt, app, _ = run([*FOCUS, [], [], *QUIT], head=SITTING)
    for _ in range(5):
        loop.tick()
    rt.head = rt.head.compose(_yaw(30))  # looking aside: re-placing the world would jump 30°
    loop.tick()
    before, world = app.frames[-1].head, loop.world_from_tracking
    new_space = Pose.make((0.2, 0, 0), _yaw(40).orientation)
    rt.script.insert(0, [SpaceChanged(rt.time_ns + 11_000_000, new_space)])
    rt.head = new_space.inverse().compose(rt.head)  # the runtime reports in the new space
    loop.tick()
    after = app.frames[-1].head
    assert turn_deg(before, after) < 0.1  # no jump (the glide's first frame: 0.005°)
    np.testing.assert_allclose(after.position, before.position, atol=1e-9)
    carried = world.compose(new_space)  # the placement followed the space
    assert turn_deg(carried, loop.world_from_tracking) < 0.1
    assert loop.placement.gliding_to is not None  # and glides on toward the gaze


def xr_floats(pose: Pose) -> list[float]:
    """A pose as the runtime's fast path gives it: XrPosef's 7 floats."""
    return [*pose.orientation.tolist(), *pose.position.tolist()]


def test_the_runtimes_floats_place_the_world_as_poses_do():
    trace = Trace(SITTING).hold(1).move_to(lying(90), 4).hold(SETTLE + 20)
    as_poses, _ = drive(trace)
    placement = WorldPlacement()
    for k, head in enumerate(trace.poses):
        world = placement.update(10_000_000_000 + round(k * DT * 1e9), k * DT, xr_floats(head))
        assert turn_deg(world, as_poses[k]) < 1e-9
        np.testing.assert_allclose(world.position, as_poses[k].position, atol=1e-9)
    # and a runtime recentre without a pose, from floats, keeps the head where it was
    here = trace.poses[-1]
    before = placement.world.compose(here)
    new_space = Pose.make((0.1, 0, 0), _yaw(50).orientation)
    t = len(trace.poses)
    placement.space_changed(10_000_000_000 + round(t * DT * 1e9), None)
    moved = new_space.inverse().compose(here)
    world = placement.update(10_000_000_000 + round(t * DT * 1e9), t * DT, xr_floats(moved))
    assert turn_deg(before, world.compose(moved)) < 0.1
