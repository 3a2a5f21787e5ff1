"""A real App falling asleep: onset from the head pose, then quiet, dark and a longer fade."""

from __future__ import annotations

import numpy as np
import pytest

from tests.app_fixtures import SKY, scene_text, sound_only_app, static_emitter, write_scene_text
from vrasmr.frame import Frame
from vrasmr.sleep.journal import Journal, default_journal_path
from vrasmr.sleep.night import DARKEN_S, LIFT_S
from vrasmr.sleep.night_watch import NightWatch
from vrasmr.sleep.pose_traces import TraceSpec, make_trace
from vrasmr.sleep.quiet import QUIET_RAMP_S
from vrasmr.xmath import Pose

TAPS_AND_HUSH = scene_text(
    "taps-and-hush",
    "Taps and a hush",
    SKY,
    static_emitter("hush", "pink-noise", (0.0, 0.0, -1.5), -40),
    static_emitter("taps", "tapping-wood", (0.6, 0.0, -0.6), 0)
    + 'schedule = { type = "events", min_gap_s = 2, max_gap_s = 3, event_duration_s = 1.5 }\n',
    techniques="object_sounds",
    sleep_timer=60,
)
FPS = 20.0


def night_app():
    write_scene_text("taps-and-hush", TAPS_AND_HUSH)
    return sound_only_app("taps-and-hush")


def peak_db(audio: np.ndarray) -> float:
    peak = float(np.abs(audio).max())
    return -200.0 if peak == 0.0 else 20.0 * np.log10(peak)


def timer_end_of(timer) -> float | None:
    """When the timer's session ends (silent, dark); None for "off" and "all_night"."""
    return None if timer.all_night else timer._fade_end


@pytest.mark.slow
def test_falling_asleep_in_the_headset_turns_the_night_quiet_and_dark():
    trace = make_trace(
        TraceSpec(seed=21, minutes=15.0, onset_min=2.0, quiet_wake_min=1.0, asleep_bpm=11.0),
        frame_hz=FPS,
    )
    app = night_app()
    app.night.watch.close()
    app.night.watch = NightWatch("headset", inline=True)  # in step with the fast frames
    sr = app.sample_rate
    done = 0
    looks, idle, audio_awake, audio_asleep = [], [], [], []
    try:
        timer_end = timer_end_of(app.sleep_timer)
        for k, t in enumerate(trace.t.tolist()):
            head = Pose(trace.pos[k], trace.quat[k])
            state = app.step(Frame(t, head, ()))
            looks.append(state.look.brightness)
            idle.append(state.render_idle)
            want = round((k + 1) * sr / FPS)
            if t < 10.0 or t > trace.t[-1] - 15.0:  # mix the first and the last seconds
                block = app.render_sound(want - done)
                (audio_awake if t < 10.0 else audio_asleep).append(block)
            else:
                app.engine.apply_pending()  # keep the voices in time, mixing nothing
            done = want
        quiet_at = app.night.quiet_at
        assert quiet_at is not None, "sleep was never found"
        onset = app.night.onset_s
        assert abs(onset - trace.onset_s) <= 5 * 60
        # the bed's fade lengthened: from the quiet on, at least 30 minutes
        assert timer_end_of(app.sleep_timer) >= max(timer_end, quiet_at + 30 * 60) - 1e-6
        # the picture went dark smoothly and then there was nothing to draw
        k_quiet = int(quiet_at * FPS)
        steps = np.abs(np.diff(looks[k_quiet:]))
        assert steps.max() < 0.3 / (DARKEN_S * FPS) * 3  # a ramp, never a step
        k_dark = int((quiet_at + DARKEN_S) * FPS) + 1
        assert max(looks[k_dark:]) == 0.0 and all(idle[k_dark:])
        assert not any(idle[:k_quiet])
        # the taps were heard before and are silent after their phrase and ramp
        awake, asleep = np.concatenate(audio_awake), np.concatenate(audio_asleep)
        assert trace.t[-1] - 15.0 > quiet_at + 1.5 + QUIET_RAMP_S
        assert peak_db(awake[sr * 2 :]) > -45.0
        assert peak_db(asleep) < peak_db(awake[sr * 2 :]) - 25.0
        # opening the menu brings the picture back (ramped) and drawing resumes
        t = float(trace.t[-1])
        state = app.step(Frame(t + 0.05, head, (), buttons=frozenset({"menu"})))
        levels = [app.step(Frame(t + 0.05 * (i + 2), head, ())) for i in range(300)]
        assert not state.render_idle and not levels[-1].render_idle
        rise = [s.look.brightness for s in levels[: int(LIFT_S / 0.05)]]
        assert np.diff(rise).min() >= 0.0 and levels[-1].look.brightness > 0.1
        session = app.session_id
    finally:
        app.close("user")
    with Journal.open(default_journal_path()) as journal:
        row = journal.session(session)
    assert row.onset_source == "headset"
    assert abs(row.onset_minutes - trace.onset_s / 60.0) <= 5.0
    assert row.breathing_bpm == pytest.approx(11.0, abs=1.0)
