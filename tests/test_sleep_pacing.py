"""Breath pacing: the guide starts at the measured rate and glides to 6 a minute, never a jump."""

from __future__ import annotations

import numpy as np
import pytest

from tests.app_fixtures import scene_text, sound_only_app, static_emitter, write_scene_text
from vrasmr.frame import Frame
from vrasmr.sleep.night_watch import NightWatch
from vrasmr.sleep.pacing import (
    GLIDE_S,
    MATCH_S,
    START_BPM,
    BreathPlan,
    breath_sound_share,
    paced_plan,
)
from vrasmr.sleep.pose_traces import TraceSpec, make_trace
from vrasmr.xmath import Pose


def test_the_glide_takes_ten_to_twenty_minutes():
    assert 10 * 60 <= GLIDE_S <= 20 * 60


@pytest.mark.parametrize("measured", [4.5, 9.0, 14.0, 20.0])
def test_a_paced_plan_matches_then_glides_with_no_jump(measured):
    start = BreathPlan.steady(6.0).then(0.0, START_BPM, MATCH_S)
    t_m = 97.3  # when the watch first had a rate
    plan = paced_plan(start, t_m, measured, 6.0)
    t = np.arange(0.0, t_m + MATCH_S + GLIDE_S + 120.0, 0.05)
    rate = np.array([plan.rate(x) for x in t])
    cycles = np.array([plan.cycles(x) for x in t])
    # phase: the exact integral of the rate (no jump anywhere)
    np.testing.assert_allclose(np.diff(cycles), (rate[1:] + rate[:-1]) / 2 * 0.05 / 60, atol=1e-7)
    assert np.abs(np.diff(rate)).max() < 0.5 * 0.05  # the rate ramps too (< 0.5 a minute a second)
    assert plan.rate(t_m + MATCH_S) == pytest.approx(measured)
    assert plan.rate(t_m + MATCH_S + GLIDE_S) == pytest.approx(min(measured, 6.0))
    assert plan.rate(t_m + MATCH_S + GLIDE_S / 2) == pytest.approx(
        (measured + min(measured, 6)) / 2
    )


def test_the_breathing_sound_comes_in_only_near_its_own_pace():
    assert breath_sound_share(14.0, 6.0) == 0.0
    assert breath_sound_share(6.3, 6.0) == 1.0
    assert 0.0 < breath_sound_share(7.0, 6.0) < 1.0


PACED = scene_text(
    "paced",
    "Paced",
    '[[layers]]\nkind = "orb"\n',
    static_emitter("noise", "brown-noise", (0.0, 0.0, -1.0), -20),
    techniques=("breathing", "noise"),
    brightness=0.2,
    breathing_rate_bpm=6,
)


def test_in_the_headset_the_orb_starts_at_the_measured_rate_and_slows():
    write_scene_text("paced", PACED)
    app = sound_only_app("paced")
    app.night.watch.close()
    app.night.watch = NightWatch("headset", inline=True)
    fps = 20.0
    trace = make_trace(
        TraceSpec(seed=5, minutes=6.0, onset_min=0.0, asleep_bpm=15.0, awake_bpm=15.0), fps
    )
    phases = []
    try:
        for k, t in enumerate(trace.t.tolist()):
            state = app.step(Frame(t, Pose(trace.pos[k], trace.quat[k]), ()))
            phases.append(state.breath)
    finally:
        app.close("user")
    steps = np.mod(np.diff(phases), 1.0)  # breaths a frame, whatever the wrap
    assert steps.max() < 16.0 / 60.0 / fps * 1.2  # never a jump
    rate = steps * fps * 60.0
    assert rate[: int(5 * fps)].mean() == pytest.approx(6.0, abs=0.5)  # the scene's own pace
    # about two minutes in the watch has the rate: the guide matches it, then slows
    matched = rate[int(170 * fps) : int(180 * fps)].mean()
    assert matched == pytest.approx(15.0, abs=1.0)
    assert rate[-int(5 * fps) :].mean() < matched - 0.5
    assert np.diff(rate[int(180 * fps) :]).max() < 0.05
