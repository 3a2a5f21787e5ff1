"""Converters, state table, bindings, formats and pointers of the headset backend."""

from __future__ import annotations

import math
from types import SimpleNamespace as NS

import numpy as np
import pytest

from vrasmr.backends.openxr import bindings, converters, formats
from vrasmr.backends.openxr.converters import fov_from_floats
from vrasmr.backends.openxr.pointers import GazeDwell, gaze_pointer, pointer_from_pose
from vrasmr.backends.openxr.states import (
    SessionAction,
    SessionState,
    action_for_state,
    frames_running,
    should_render,
)
from vrasmr.frame import View
from vrasmr.xmath import Fov, Pose, projection_from_fov, quat_from_axis_angle


def xr_pose(pos, quat):
    return NS(
        position=NS(x=pos[0], y=pos[1], z=pos[2]),
        orientation=NS(x=quat[0], y=quat[1], z=quat[2], w=quat[3]),
    )


def test_pose_from_xr_keeps_position_and_rotation():
    q = quat_from_axis_angle((0, 1, 0), 0.5)
    pose = converters.pose_from_xr(xr_pose((1.0, 2.0, 3.0), q))
    np.testing.assert_allclose(pose.position, [1, 2, 3])
    np.testing.assert_allclose(pose.orientation, q)


def test_zero_quaternion_from_runtime_becomes_identity():
    pose = converters.pose_from_xr(xr_pose((0, 0, 0), (0, 0, 0, 0)))
    np.testing.assert_allclose(pose.orientation, [0, 0, 0, 1])


def test_fov_from_xr_gives_the_same_projection_as_xr_linear():
    f = NS(angle_left=-0.9, angle_right=0.7, angle_up=0.8, angle_down=-0.85)
    fov = converters.fov_from_xr(f)
    assert fov == Fov(-0.9, 0.7, 0.8, -0.85)
    m = projection_from_fov(fov, 0.05, 100.0)
    # The frustum edges land on the clip-space edges.
    edge = m @ np.array([math.tan(-0.9), 0.0, -1.0, 1.0])
    assert edge[0] / edge[3] == pytest.approx(-1.0)
    top = m @ np.array([0.0, math.tan(0.8), -1.0, 1.0])
    assert top[1] / top[3] == pytest.approx(1.0)


def test_view_and_location_conversion_respects_validity_flags():
    xv = NS(
        pose=xr_pose((0, 1.6, 0), (0, 0, 0, 1)),
        fov=NS(angle_left=-1, angle_right=1, angle_up=1, angle_down=-1),
    )
    view = converters.view_from_xr(xv)
    np.testing.assert_allclose(view.pose.position, [0, 1.6, 0])
    valid = NS(location_flags=0x3, pose=xv.pose)
    assert converters.located_pose(valid) is not None
    assert converters.located_pose(NS(location_flags=0x1, pose=xv.pose)) is None


def test_seconds_between_xr_times():
    assert converters.seconds_between(3_500_000_000, 1_000_000_000) == pytest.approx(2.5)


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (SessionState.IDLE, SessionAction.NONE),
        (SessionState.READY, SessionAction.BEGIN),
        (SessionState.SYNCHRONIZED, SessionAction.NONE),
        (SessionState.VISIBLE, SessionAction.NONE),
        (SessionState.FOCUSED, SessionAction.NONE),
        (SessionState.STOPPING, SessionAction.END),
        (SessionState.LOSS_PENDING, SessionAction.REBUILD),
        (SessionState.EXITING, SessionAction.EXIT),
        (3, SessionAction.NONE),
        (99, SessionAction.NONE),
    ],
)
def test_state_table(state, action):
    assert action_for_state(state) is action


def test_frames_run_only_in_a_begun_running_session():
    assert frames_running(SessionState.READY, True)
    assert frames_running(SessionState.FOCUSED, True)
    assert not frames_running(SessionState.FOCUSED, False)
    assert not frames_running(SessionState.STOPPING, True)
    assert not frames_running(SessionState.IDLE, True)


def test_render_needs_visible_runtime_consent_and_a_wearer():
    assert should_render(SessionState.FOCUSED, True, True)
    assert should_render(SessionState.VISIBLE, True, True)
    assert not should_render(SessionState.SYNCHRONIZED, True, True)
    assert not should_render(SessionState.FOCUSED, False, True)
    assert not should_render(SessionState.FOCUSED, True, False)


REQUIRED_PROFILES = {
    "/interaction_profiles/khr/simple_controller",
    "/interaction_profiles/oculus/touch_controller",
    "/interaction_profiles/valve/index_controller",
    "/interaction_profiles/htc/vive_controller",
    "/interaction_profiles/microsoft/motion_controller",
}


def binding_is_allowed(profile: str, binding: bindings.Binding) -> bool:
    """Whether the spec lists ``binding``'s component for that hand of ``profile``."""
    allowed = bindings.PROFILE_COMPONENTS.get(profile, {}).get(binding.hand, frozenset())
    return binding.component in allowed


def test_every_required_profile_binds_every_action_on_both_hands():
    assert set(bindings.SUGGESTED) >= REQUIRED_PROFILES
    for profile in REQUIRED_PROFILES:
        pairs = {(b.action, b.hand) for b in bindings.SUGGESTED[profile]}
        assert pairs == {(a, h) for a in bindings.ACTION_TYPES for h in bindings.HANDS}


@pytest.mark.parametrize("profile", sorted(REQUIRED_PROFILES))
def test_suggested_paths_are_in_the_spec_component_list(profile):
    for binding in bindings.SUGGESTED[profile]:
        assert binding_is_allowed(profile, binding), binding
        assert not binding.component.startswith("/input/system"), "system is runtime-reserved"
        kind = bindings.ACTION_TYPES[binding.action]
        assert binding.component.endswith("/pose") == (kind == "pose")


def test_binding_check_rejects_paths_the_profile_lacks():
    touch = "/interaction_profiles/oculus/touch_controller"
    assert not binding_is_allowed(
        touch, bindings.Binding("menu", bindings.RIGHT + "/input/menu/click")
    )
    assert not binding_is_allowed(
        touch, bindings.Binding("select", bindings.LEFT + "/input/a/click")
    )


def test_color_format_prefers_srgb_and_honours_override():
    offered = [formats.GL_RGBA8, formats.GL_SRGB8_ALPHA8, formats.GL_RGBA16F]
    assert formats.choose_color_format(offered) == formats.ColorChoice(
        formats.GL_SRGB8_ALPHA8, True, "f1"
    )
    assert not formats.choose_color_format(offered, srgb_override=False).srgb
    plain = formats.choose_color_format([formats.GL_RGBA16F, formats.GL_RGBA8])
    assert plain == formats.ColorChoice(formats.GL_RGBA8, False, "f1")
    assert formats.choose_color_format([0x1234]) is None


def test_aim_pointer_points_along_minus_z_of_the_pose():
    pose = Pose.make((0.2, 1.0, -0.3), quat_from_axis_angle((0, 1, 0), math.pi / 2))
    p = pointer_from_pose("aim_left", pose, select=True)
    np.testing.assert_allclose(p.origin, [0.2, 1.0, -0.3])
    np.testing.assert_allclose(p.direction, [-1, 0, 0], atol=1e-12)
    assert p.name == "aim_left" and p.select


def test_gaze_dwell_selects_once_per_settle():
    dwell = GazeDwell(dwell_s=2.0, cone_deg=4.0)
    head = Pose.make((0, 0, 0))
    fired = [gaze_pointer(head, t * 0.5, dwell).select for t in range(10)]
    assert fired.count(True) == 1 and fired.index(True) == 4  # at t = 2.0 s
    turned = Pose.make((0, 0, 0), quat_from_axis_angle((0, 1, 0), 0.5))
    assert not gaze_pointer(turned, 5.1, dwell).select
    assert gaze_pointer(turned, 7.2, dwell).select


def test_gaze_without_dwell_never_selects():
    p = gaze_pointer(Pose.make((0, 1, 0)), 100.0, None)
    assert p.name == "gaze" and not p.select
    np.testing.assert_allclose(p.direction, [0, 0, -1])


def test_shader_encodes_srgb_only_when_gl_does_not_on_an_srgb_format():
    srgb = formats.choose_color_format([formats.GL_SRGB8_ALPHA8])
    assert srgb.srgb and not srgb.shader_encodes_srgb  # GL_FRAMEBUFFER_SRGB encodes
    forced_off = formats.choose_color_format([formats.GL_SRGB8_ALPHA8], srgb_override=False)
    assert forced_off.shader_encodes_srgb  # the runtime shows stored values as they are
    linear = formats.choose_color_format([formats.GL_RGBA8])
    assert not linear.shader_encodes_srgb  # the compositor reads linear values


def test_runtime_poses_enter_as_unit_quaternions():
    # the converters are where a runtime's pose enters: the one place it is normalised
    pose = converters.pose_from_xr(xr_pose((1.0, 2.0, 3.0), (0.0, 2.0, 0.0, 2.0)))
    np.testing.assert_allclose(pose.orientation, (0, math.sqrt(0.5), 0, math.sqrt(0.5)))
    floats = converters.pose_from_floats((0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0))
    np.testing.assert_array_equal(floats.orientation, (0, 0, 0, 1))  # a zero one: identity
    np.testing.assert_array_equal(floats.position, (1, 2, 3))


def test_float_rows_read_poses_and_fovs_laid_out_like_xr_views():
    import ctypes

    class Quat(ctypes.Structure):
        _fields_ = [("x", ctypes.c_float), ("y", ctypes.c_float), ("z", ctypes.c_float)]
        _fields_ += [("w", ctypes.c_float)]

    class Vec(ctypes.Structure):
        _fields_ = [("x", ctypes.c_float), ("y", ctypes.c_float), ("z", ctypes.c_float)]

    class Posef(ctypes.Structure):
        _fields_ = [("orientation", Quat), ("position", Vec)]

    class Fovf(ctypes.Structure):
        _fields_ = [(n, ctypes.c_float) for n in ("angle_left", "angle_right", "angle_up")]
        _fields_ += [("angle_down", ctypes.c_float)]

    class XrView(ctypes.Structure):  # XrView: type, next, pose, fov
        _fields_ = [("type", ctypes.c_int), ("next", ctypes.c_void_p)]
        _fields_ += [("pose", Posef), ("fov", Fovf)]

    views = (XrView * 2)()
    rows = converters.float_rows(views, XrView.pose.offset, 11)
    q = quat_from_axis_angle((0, 1, 0), 0.5)
    for i, v in enumerate(views):  # written after the view was made: it follows the memory
        v.pose.orientation.x, v.pose.orientation.y = float(q[0]), float(q[1])
        v.pose.orientation.z, v.pose.orientation.w = float(q[2]), float(q[3])
        v.pose.position.x, v.pose.position.y, v.pose.position.z = 0.1 * i, 1.5, -0.25
        v.fov.angle_left, v.fov.angle_right, v.fov.angle_up, v.fov.angle_down = -0.9, 0.8, 0.7, -0.6
    fast = [  # as the headset loop reads them (loop.py)
        View(converters.pose_from_floats(r), fov_from_floats(*r[7:11])) for r in rows.tolist()
    ]
    for i, v in enumerate(views):
        slow = converters.view_from_xr(v)
        np.testing.assert_allclose(fast[i].pose.position, slow.pose.position, atol=1e-7)
        np.testing.assert_allclose(fast[i].pose.orientation, slow.pose.orientation, atol=1e-7)
        assert fast[i].fov == slow.fov
    zero = converters.pose_from_floats([0.0] * 7)
    np.testing.assert_allclose(zero.orientation, [0, 0, 0, 1])
