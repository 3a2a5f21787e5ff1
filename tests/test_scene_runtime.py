"""The runtime is a smooth, comfortable, deterministic function of time."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from vrasmr.scene.loading import ContentIndex, load_scene
from vrasmr.scene.motion import (
    MIN_HEAD_DISTANCE_M,
    SOUND_SPEED_LIMIT_M_S,
    DriftMotion,
    EarToEarMotion,
    OrbitMotion,
    PathMotion,
)
from vrasmr.scene.runtime import SceneRuntime
from vrasmr.scene.schedule import EventSchedule, EventTimeline

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
coord = st.floats(-3.0, 3.0)
point = st.tuples(coord, coord, coord)

motions = st.one_of(
    st.builds(
        dict,
        type=st.just("orbit"),
        center=point,
        radius_m=st.floats(0.15, 5.0),
        period_s=st.floats(4.0, 600.0),
        direction=st.sampled_from(["clockwise", "counterclockwise"]),
        start_angle_deg=st.floats(-360, 360),
    ),
    st.builds(
        dict,
        type=st.just("ear_to_ear"),
        radius_m=st.floats(0.15, 1.5),
        period_s=st.floats(4.0, 600.0),
        height_m=st.floats(-0.5, 0.5),
        start=st.sampled_from(["left", "right"]),
    ),
    st.builds(
        dict,
        type=st.just("drift"),
        center=point,
        extent_m=st.tuples(*[st.floats(0.0, 1.0)] * 3),
        period_s=st.floats(10.0, 600.0),
        seed=st.integers(0, 1000),
    ),
    st.builds(
        dict,
        type=st.just("path"),
        points=st.lists(point, min_size=3, max_size=8),
        period_s=st.floats(4.0, 600.0),
        closed=st.booleans(),
    ),
)
_ADAPTER = None


def _motion(data):
    global _ADAPTER
    if _ADAPTER is None:
        from pydantic import TypeAdapter

        from vrasmr.scene.motion import Motion

        _ADAPTER = TypeAdapter(Motion)
    return _ADAPTER.validate_python(data)


@SETTINGS
@given(motions, st.floats(0.0, 36000.0))
def test_accepted_motions_are_slow_smooth_and_never_inside_the_head(data, t0):
    try:
        motion = _motion(data)
    except ValidationError as exc:
        assert "m/s" in str(exc) or "centre of the head" in str(exc)
        return
    period = motion.cycle_s()
    t = t0 + np.sort(np.random.default_rng(0).uniform(0, period, 2000))
    dt = 1e-4
    pos = motion.positions(t)
    numeric_v = (motion.positions(t + dt) - motion.positions(t - dt)) / (2 * dt)
    speed = np.linalg.norm(numeric_v, axis=1)
    assert speed.max() <= SOUND_SPEED_LIMIT_M_S * 1.01
    # C1: the analytic velocity matches the finite difference everywhere (no kinks).
    assert np.allclose(numeric_v, motion.velocities(t), atol=1e-3)
    # No velocity jump across any instant: left and right one-sided derivatives agree.
    left = (motion.positions(t) - motion.positions(t - dt)) / dt
    right = (motion.positions(t + dt) - motion.positions(t)) / dt
    assert np.abs(left - right).max() < 1e-2
    assert np.linalg.norm(pos, axis=1).min() >= MIN_HEAD_DISTANCE_M * 0.99


def test_ear_to_ear_goes_through_the_front_from_ear_to_ear():
    m = EarToEarMotion(type="ear_to_ear", radius_m=0.3, period_s=40.0)
    p = m.positions(np.linspace(0, 40, 4001))
    assert np.allclose(p[0], [-0.3, 0, 0], atol=1e-9)  # left ear
    assert np.allclose(p[2000], [0.3, 0, 0], atol=1e-9)  # right ear at half period
    assert (p[:, 2] <= 1e-9).all()  # never behind the head: always in front
    assert np.allclose(p[1000], [0, 0, -0.3], atol=1e-9)  # straight ahead on the way
    assert np.linalg.norm(p, axis=1).min() >= MIN_HEAD_DISTANCE_M


def test_too_fast_motions_are_refused_with_the_fix():
    with pytest.raises(ValidationError, match="comfort limit"):
        OrbitMotion(type="orbit", radius_m=3.0, period_s=10.0)
    with pytest.raises(ValidationError, match="comfort limit"):
        DriftMotion(type="drift", extent_m=(2.0, 2.0, 2.0), center=(0, 0, -5), period_s=10)
    with pytest.raises(ValidationError, match="centre of the head"):
        PathMotion(type="path", points=[(0, 0, -1), (0, 0, 1), (1, 0, 0)], period_s=60)


def test_events_are_seeded_gapped_and_independent_of_query_windows():
    sched = EventSchedule(type="events", min_gap_s=5, max_gap_s=12, event_duration_s=3, seed=4)
    whole = EventTimeline(sched, "scene:1").between(0.0, 3600.0)
    pieces = EventTimeline(sched, "scene:1")
    chunked = [t for k in range(3600) for t in pieces.between(float(k), float(k + 1))]
    assert whole == chunked
    gaps = np.diff([0.0, *whole])
    assert gaps.min() >= 5 and gaps.max() <= 12
    other = EventTimeline(sched, "scene:2").between(0.0, 3600.0)
    assert other != whole


def test_scene_runtime_on_the_shipped_scene():
    content, _ = ContentIndex.load()
    from vrasmr.content import scenes_dir

    scene = load_scene(scenes_dir() / "ear-to-ear.toml", content)
    rt = SceneRuntime(scene)
    p0, g0 = rt.emitters_at(0.0)
    assert (g0 == 0).all()  # fades in from silence
    p, g = rt.emitters_at(100.0)
    whisper = [e.name for e in scene.emitters].index("whispers")
    assert rt.head_anchored[whisper]
    assert np.linalg.norm(p[whisper]) == pytest.approx(scene.emitters[whisper].motion.radius_m)
    assert g.max() <= 1.0 and (g > 0).all()
    rain = [e.name for e in scene.emitters].index("rain")
    assert g[rain] == pytest.approx(10 ** (scene.emitters[rain].gain_db / 20))
    # Same t, same answer, whatever was asked before.
    assert np.array_equal(rt.emitters_at(100.0)[0], SceneRuntime(scene).emitters_at(100.0)[0])
    events = rt.events_between(0.0, 8 * 3600.0)
    page = [e.name for e in scene.emitters].index("page")
    assert events and {i for i, _ in events} == {page}
    times = [t for _, t in events]
    assert np.diff(times).min() >= scene.emitters[page].schedule.min_gap_s
    assert events == SceneRuntime(scene).events_between(0.0, 8 * 3600.0)
    vis = rt.visual_params_at(100.0)
    assert vis["brightness"] == pytest.approx(scene.brightness)
    assert [layer["kind"] for layer in vis["layers"]][:2] == ["room", "window_rain"]
    wall = scene.palette[scene.layers[0].wall_colour]
    rgb = tuple(int(wall[i : i + 2], 16) / 255 for i in (1, 3, 5))
    assert vis["layers"][0]["wall_colour"] == pytest.approx(rgb)


def test_breath_phase_and_breath_synced_gain():
    content, _ = ContentIndex.load()
    from vrasmr.content import scenes_dir

    scene = load_scene(scenes_dir() / "ear-to-ear.toml", content)
    rt = SceneRuntime(scene)
    assert rt.breath_phase(0.0) == 0.0
    assert rt.breath_phase(5.0) == pytest.approx(0.5)  # 6 breaths/min: 10 s per breath
    assert rt.breath_level(5.0) == pytest.approx(1.0)
    whisper = [e.name for e in scene.emitters].index("whispers")
    full = rt.emitters_at(105.0)[1][whisper]
    empty = rt.emitters_at(100.0)[1][whisper]
    assert 20 * math.log10(full / empty) == pytest.approx(3.0)


MOTIONS = [
    {"type": "static", "position": (0.1, 0.2, -1.0)},
    {
        "type": "orbit",
        "radius_m": 1.0,
        "period_s": 60,
        "start_angle_deg": 30,
        "direction": "counterclockwise",
        "center": (0.0, 0.5, 0.0),
    },
    {"type": "ear_to_ear", "start": "right", "height_m": 0.1},
    {"type": "drift", "seed": 5},
    {"type": "path", "points": [(1, 0, -1), (0, 0, -2), (-1, 0, -1)], "period_s": 120},
    {"type": "path", "points": [(1, 0, -1), (0, 0, -2)], "closed": False},
]


@pytest.mark.parametrize("spec", MOTIONS, ids=lambda m: m["type"])
@pytest.mark.parametrize("t", [0.0, 1.3, 17.7, 1234.5])
def test_the_per_frame_position_matches_the_vectorised_one(spec, t):
    from pydantic import TypeAdapter

    from vrasmr.scene.motion import Motion

    motion = TypeAdapter(Motion).validate_python(spec)
    assert np.allclose(motion.position_at(t), motion.positions(t)[0], atol=1e-12)


@pytest.mark.parametrize(
    "motion",
    [
        '{ type = "orbit", radius_m = 0.15 }',
        '{ type = "orbit", radius_m = 0.15, period_s = 4, start_angle_deg = 37 }',
        '{ type = "orbit", radius_m = 0.35, center = [0.0, 0.0, -0.5] }',  # passes 0.15 m away
        '{ type = "ear_to_ear", radius_m = 0.15 }',
        '{ type = "ear_to_ear", radius_m = 0.15, period_s = 4, start = "right" }',
    ],
)
def test_the_documented_minimum_distance_of_0_15_m_is_accepted(motion):
    from vrasmr.scene.loading import parse_scene_text

    text = (
        'id = "close"\ntitle = "Close"\ntechniques = ["whispers"]\n'
        f'[[emitters]]\nsound = {{ generator = "pink_noise" }}\nmotion = {motion}\n'
    )
    scene = parse_scene_text(text, "close.toml", ContentIndex())
    positions, _ = SceneRuntime(scene).emitters_at(12.3)
    assert np.linalg.norm(positions[0]) >= MIN_HEAD_DISTANCE_M - 1e-12


@pytest.mark.parametrize(
    "data",
    [
        {"type": "orbit", "radius_m": 0.35, "center": (0.0, 0.0, -0.49)},  # 0.14 m away
        {"type": "orbit", "radius_m": 0.5, "center": (0.0, 0.0, -0.5), "period_s": 30.0},
        {"type": "ear_to_ear", "radius_m": 0.1499},
    ],
)
def test_closer_than_0_15_m_is_still_refused(data):
    with pytest.raises(ValidationError, match="centre of the head|greater than or equal"):
        _motion(data)
