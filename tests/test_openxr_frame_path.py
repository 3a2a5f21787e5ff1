"""The headset's per-frame fast paths give the same frame as the plain ones."""

from __future__ import annotations

import math

import numpy as np

from tests.test_openxr_loop import FOCUS, QUIT, run
from vrasmr.backends.openxr.contracts import Tracked
from vrasmr.backends.openxr.converters import fov_from_floats
from vrasmr.frame import View
from vrasmr.xmath import Fov, Pose, quat_from_yaw_pitch_roll


def xr_row(view: View) -> list[float]:
    """A view as the runtime's float row: orientation, position, then the fov."""
    f = view.fov
    return [*view.pose.orientation, *view.pose.position, *(f.angle_left, f.angle_right)] + [
        f.angle_up,
        f.angle_down,
    ]


def test_views_from_the_runtimes_rows_equal_views_from_poses():
    loop, rt, app, _ = run([*FOCUS, [], *QUIT])
    for _ in range(5):
        loop.tick()
    head = Pose.make((0.1, 0.5, 0.2), quat_from_yaw_pitch_roll(0.3, 1.2, 0.1))
    views = tuple(
        View(head.compose(Pose.make((dx, 0, 0))), Fov(-0.9, 0.8, 0.7, -0.6)) for dx in (-0.03, 0.03)
    )
    slow = loop.frame_from_tracked(Tracked(head, views), 1.0)
    fast = loop.frame_from_tracked(Tracked(head, (), view_rows=[xr_row(v) for v in views]), 1.0)
    for a, b in zip(slow.views, fast.views, strict=True):
        np.testing.assert_allclose(a.pose.position, b.pose.position, atol=1e-12)
        np.testing.assert_allclose(a.pose.orientation, b.pose.orientation, atol=1e-12)
        assert a.fov == b.fov
    np.testing.assert_allclose(slow.head.position, fast.head.position)


def test_compose_floats_matches_compose_and_normalises_the_runtime_quaternion():
    rng = np.random.default_rng(3)
    for _ in range(20):
        parent = Pose.make(rng.normal(size=3), rng.normal(size=4))
        child = Pose.make(rng.normal(size=3), rng.normal(size=4))
        # a view row carries more after; a runtime's quaternion need not be unit length
        f = [*(child.orientation * 1.7), *child.position, 0.5, 0.5]
        fast = parent.compose_floats(f)
        slow = parent.compose(child)
        np.testing.assert_allclose(fast.position, slow.position, atol=1e-12)
        np.testing.assert_allclose(fast.orientation, slow.orientation, atol=1e-12)


def test_an_unchanged_field_of_view_is_shared_not_made_again():
    a = fov_from_floats(-0.9, 0.8, 0.7, -0.6)
    assert a is fov_from_floats(-0.9, 0.8, 0.7, -0.6)
    assert a == Fov(-0.9, 0.8, 0.7, -0.6) and a is not fov_from_floats(-0.9, 0.8, 0.7, -0.5)
    assert math.isclose(a.angle_up, 0.7)
