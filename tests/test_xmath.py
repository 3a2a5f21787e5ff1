"""Poses, quaternions and projections: hand-worked cases, and the hand-written frame-path
arithmetic against ``scipy.spatial.transform.Rotation`` as the oracle."""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

from vrasmr.xmath import (
    Fov,
    Pose,
    cross3,
    eye_poses,
    gl_bytes,
    projection_from_fov,
    quat_from_axis_angle,
    quat_from_yaw_pitch_roll,
    quat_mul,
    quat_rotate,
    rotation_rows,
    unit3,
)


def test_symmetric_projection_matches_hand_worked_case():
    # 90 degrees each way horizontally and vertically: tan(45°) = 1 on every side.
    fov = Fov(-math.pi / 4, math.pi / 4, math.pi / 4, -math.pi / 4)
    m = projection_from_fov(fov, near=1.0, far=3.0)
    expected = np.array(
        [
            [1.0, 0.0, 0.0, 0.0],
            [0.0, 1.0, 0.0, 0.0],
            [0.0, 0.0, -2.0, -3.0],  # -(f+n)/(f-n) = -2, -2fn/(f-n) = -3
            [0.0, 0.0, -1.0, 0.0],
        ]
    )
    np.testing.assert_allclose(m, expected, atol=1e-12)


def test_asymmetric_projection_maps_frustum_edges_to_clip_edges():
    fov = Fov(math.radians(-50), math.radians(40), math.radians(45), math.radians(-55))
    m = projection_from_fov(fov, near=0.1, far=100.0)
    z = -2.0
    for x_ndc, angle in ((-1, fov.angle_left), (1, fov.angle_right)):
        p = m @ np.array([math.tan(angle) * -z, 0.0, z, 1.0])
        assert math.isclose(p[0] / p[3], x_ndc, abs_tol=1e-9)
    for y_ndc, angle in ((1, fov.angle_up), (-1, fov.angle_down)):
        p = m @ np.array([0.0, math.tan(angle) * -z, z, 1.0])
        assert math.isclose(p[1] / p[3], y_ndc, abs_tol=1e-9)
    near = m @ np.array([0, 0, -0.1, 1.0])
    far = m @ np.array([0, 0, -100.0, 1.0])
    assert math.isclose(near[2] / near[3], -1.0, abs_tol=1e-9)
    assert math.isclose(far[2] / far[3], 1.0, abs_tol=1e-9)


def test_yaw_left_turns_forward_towards_minus_x():
    q = quat_from_yaw_pitch_roll(math.radians(90))
    pose = Pose.make((0, 0, 0), q)
    np.testing.assert_allclose(pose.forward, [-1, 0, 0], atol=1e-12)
    np.testing.assert_allclose(pose.up, [0, 1, 0], atol=1e-12)


unit = st.floats(-1, 1, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    st.tuples(unit, unit, unit),
    st.floats(-math.pi, math.pi, allow_nan=False),
    st.tuples(st.floats(-5, 5), st.floats(-5, 5), st.floats(-5, 5)),
    st.tuples(st.floats(-5, 5), st.floats(-5, 5), st.floats(-5, 5)),
)
def test_pose_round_trips(axis, angle, position, point):
    pose = Pose.make(position, quat_from_axis_angle(axis, angle))
    back = pose.inverse().transform_point(pose.transform_point(point))
    np.testing.assert_allclose(back, point, atol=1e-9)
    ident = pose.compose(pose.inverse())
    np.testing.assert_allclose(ident.position, 0, atol=1e-9)
    np.testing.assert_allclose(pose.view_matrix() @ pose.matrix(), np.eye(4), atol=1e-9)
    # the frame path's float forms agree with the arrays
    np.testing.assert_allclose(pose.rows, pose.rotation.reshape(-1), atol=1e-12)
    np.testing.assert_allclose(pose.forward3, pose.forward, atol=1e-12)
    np.testing.assert_allclose(pose.up3, pose.up, atol=1e-12)
    assert pose.position3 == tuple(pose.position.tolist())


def test_unit3_and_cross3_in_floats():
    assert unit3((3.0, 0.0, 4.0)) == (0.6, 0.0, 0.8)
    assert unit3(np.zeros(3)) == (0.0, 0.0, -1.0)  # no direction reads as forward
    assert unit3((math.nan, 0.0, 1.0)) == (0.0, 0.0, -1.0)
    assert cross3((1.0, 0.0, 0.0), (0.0, 1.0, 0.0)) == (0.0, 0.0, 1.0)


def test_eyes_sit_either_side_of_the_head_along_its_right_axis():
    head = Pose.make((0, 1.0, 0), quat_from_yaw_pitch_roll(math.radians(90)))
    left, right = eye_poses(head, ipd=0.064)
    np.testing.assert_allclose(right.position - left.position, 0.064 * head.right, atol=1e-12)


def test_gl_bytes_is_column_major():
    m = np.arange(16, dtype=float).reshape(4, 4)
    flat = np.frombuffer(gl_bytes(m), dtype=np.float32)
    np.testing.assert_array_equal(flat[:4], m[:, 0])


# ---- the oracle: scipy's Rotation (also (x, y, z, w), scalar last) ------------------------
component = st.floats(-1.0, 1.0, allow_nan=False)
quaternions = st.tuples(component, component, component, component).filter(
    lambda q: math.sqrt(sum(c * c for c in q)) > 0.1  # any direction: Pose.make normalises
)
coordinate = st.floats(-10.0, 10.0, allow_nan=False)
vectors = st.tuples(coordinate, coordinate, coordinate)
poses = st.builds(Pose.make, vectors, quaternions)
many = settings(max_examples=200, deadline=None)


def same_rotation(q, oracle: Rotation) -> None:
    """``q`` and the oracle are one rotation (q and -q are the same rotation)."""
    want = oracle.as_quat()
    assert min(np.abs(np.asarray(q) - want).max(), np.abs(np.asarray(q) + want).max()) < 1e-9


@many
@given(quaternions)
def test_rotation_rows_and_matrices_match_scipy(q):
    pose = Pose.make((0.0, 0.0, 0.0), q)
    want = Rotation.from_quat(q).as_matrix()  # scipy normalises its input too
    np.testing.assert_allclose(
        np.reshape(rotation_rows(pose.orientation), (3, 3)), want, atol=1e-12
    )
    np.testing.assert_allclose(pose.rotation, want, atol=1e-12)
    np.testing.assert_allclose(pose.matrix()[:3, :3], want, atol=1e-12)
    np.testing.assert_allclose(pose.forward, want @ (0, 0, -1), atol=1e-12)
    np.testing.assert_allclose(pose.up3, want @ (0, 1, 0), atol=1e-12)
    np.testing.assert_allclose(pose.right, want @ (1, 0, 0), atol=1e-12)


@many
@given(quaternions, vectors)
def test_rotate_matches_scipy(q, v):
    unit = Pose.make(orientation=q).orientation
    want = Rotation.from_quat(q).apply(v)
    np.testing.assert_allclose(quat_rotate(unit, v), want, atol=1e-9)
    np.testing.assert_allclose(Pose.make(orientation=q).transform_vector(v), want, atol=1e-9)


@many
@given(poses, poses)
def test_compose_matches_scipy(parent, child):
    a, b = Rotation.from_quat(parent.orientation), Rotation.from_quat(child.orientation)
    got = parent.compose(child)
    same_rotation(got.orientation, a * b)
    same_rotation(quat_mul(parent.orientation, child.orientation), a * b)
    np.testing.assert_allclose(got.position, a.apply(child.position) + parent.position, atol=1e-9)
    np.testing.assert_allclose(got.matrix(), parent.matrix() @ child.matrix(), atol=1e-9)
    assert abs(np.linalg.norm(got.orientation) - 1.0) < 1e-12  # stays unit, unnormalised


@many
@given(poses)
def test_inverse_and_view_matrix_match_scipy(pose):
    r = Rotation.from_quat(pose.orientation)
    inv = pose.inverse()
    same_rotation(inv.orientation, r.inv())
    np.testing.assert_allclose(inv.position, -r.inv().apply(pose.position), atol=1e-9)
    np.testing.assert_allclose(inv.matrix(), np.linalg.inv(pose.matrix()), atol=1e-9)
    np.testing.assert_allclose(pose.view_matrix(), inv.matrix(), atol=1e-9)


@many
@given(st.floats(-math.pi, math.pi), st.floats(-1.5, 1.5), st.floats(-math.pi, math.pi))
def test_axis_angle_and_yaw_pitch_roll_match_scipy(yaw, pitch, roll):
    same_rotation(quat_from_axis_angle((0, 2, 0), yaw), Rotation.from_rotvec((0, yaw, 0)))
    # yaw about +Y, then pitch about the turned +X, then roll: intrinsic Y-X-Z
    want = Rotation.from_euler("YXZ", (yaw, pitch, roll))
    same_rotation(quat_from_yaw_pitch_roll(yaw, pitch, roll), want)


@many
@given(st.tuples(coordinate, coordinate, coordinate, coordinate))
def test_a_pose_made_from_any_quaternion_holds_a_unit_one(q):
    # the invariant everything downstream trusts; a zero or broken one reads as identity
    orientation = Pose.make(orientation=q).orientation
    assert abs(np.linalg.norm(orientation) - 1.0) < 1e-12
    if math.sqrt(sum(c * c for c in q)) < 1e-12:
        np.testing.assert_array_equal(orientation, (0, 0, 0, 1))
    assert np.array_equal(Pose.make(orientation=(0, 0, 0, math.nan)).orientation, (0, 0, 0, 1))
