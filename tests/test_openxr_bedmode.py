"""Recentre and bed mode: where the world goes for a resting head."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from vrasmr.backends.openxr.bedmode import world_from_tracking
from vrasmr.xmath import Pose, quat_from_axis_angle, quat_from_yaw_pitch_roll, quat_mul


def on_back(yaw=0.0, roll=0.0, position=(0.3, 0.5, -0.2)) -> Pose:
    """Lying on the back: looking at the ceiling, top of head towards the headboard."""
    q = quat_from_yaw_pitch_roll(yaw=yaw, pitch=math.pi / 2, roll=roll)
    return Pose.make(position, q)


def test_lying_on_back_sees_the_horizon_in_front():
    head = on_back()
    seen = world_from_tracking(head).compose(head)
    np.testing.assert_allclose(seen.position, [0, 0, 0], atol=1e-9)
    np.testing.assert_allclose(seen.forward, [0, 0, -1], atol=1e-9)
    np.testing.assert_allclose(seen.up, [0, 1, 0], atol=1e-9)


def test_scene_up_points_to_the_top_of_the_head():
    head = on_back(yaw=0.7)
    world = world_from_tracking(head)
    # World up, expressed in tracking space, is where the top of the head points.
    up_in_tracking = world.inverse().transform_vector((0, 1, 0))
    np.testing.assert_allclose(up_in_tracking, head.up, atol=1e-9)


def test_head_turned_on_the_pillow_does_not_roll_the_horizon():
    turn = quat_from_axis_angle((0, 1, 0), 0.35)  # about the head's own up axis
    head = Pose.make((0, 0.5, 0), quat_mul(on_back().orientation, turn))
    world = world_from_tracking(head)
    # The world's left-right axis stays physically horizontal (no roll) ...
    right_in_tracking = world.inverse().transform_vector((1, 0, 0))
    assert abs(right_in_tracking[1]) < 1e-9
    # ... and the scene stays in front of the gaze, with a small sideways offset.
    seen = world.compose(head)
    assert seen.forward[2] < -0.9 and abs(seen.forward[1]) < 1e-9


def test_sitting_gets_a_yaw_only_recentre():
    head = Pose.make((0, 1.2, 0), quat_from_yaw_pitch_roll(yaw=1.0, pitch=-0.3, roll=0.1))
    world = world_from_tracking(head, eye_height=1.2)
    # A pure rotation about the vertical: up stays up.
    np.testing.assert_allclose(world.transform_vector((0, 1, 0)), [0, 1, 0], atol=1e-9)
    seen = world.compose(head)
    np.testing.assert_allclose(seen.position, [0, 1.2, 0], atol=1e-9)
    assert abs(seen.forward[0]) < 1e-9


def test_bed_mode_off_never_pitches_the_world():
    world = world_from_tracking(on_back(), bed_mode=False)
    np.testing.assert_allclose(world.transform_vector((0, 1, 0)), [0, 1, 0], atol=1e-9)


@settings(max_examples=200, deadline=None)
@given(
    yaw=st.floats(-math.pi, math.pi),
    pitch=st.floats(-1.5, 1.5),
    roll=st.floats(-0.6, 0.6),
    bed=st.booleans(),
)
def test_world_never_rolls_and_faces_the_gaze(yaw, pitch, roll, bed):
    head = Pose.make((0.1, 0.2, 0.3), quat_from_yaw_pitch_roll(yaw, pitch, roll))
    world = world_from_tracking(head, bed_mode=bed)
    right_in_tracking = world.inverse().transform_vector((1, 0, 0))
    assert abs(right_in_tracking[1]) < 1e-6  # horizon never rolled
    seen = world.compose(head)
    lying = bed and pitch > math.radians(35)
    assert seen.forward[2] < (-0.7 if lying else 0.0)  # the scene is in front of the gaze
    if not lying:
        assert abs(seen.forward[0]) < 1e-6  # a yaw recentre: straight ahead
    assert abs(np.linalg.norm(seen.orientation) - 1.0) < 1e-9


def test_quat_helpers_agree_with_yaw_pitch_roll():
    q = quat_mul(quat_from_axis_angle((0, 1, 0), 0.2), quat_from_axis_angle((1, 0, 0), 0.4))
    np.testing.assert_allclose(q, quat_from_yaw_pitch_roll(0.2, 0.4, 0.0))
