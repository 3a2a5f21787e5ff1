"""Sleep timer, fade curve and the audio-thread fader, in virtual time."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vrasmr.sleep.fade import fade_out_gain, gain_to_db
from vrasmr.sleep.fader import AudioFader
from vrasmr.sleep.timer import ALL_NIGHT, SleepPlan, SleepTimer, parse_timer


def test_fade_curve_is_loudness_shaped_and_reaches_exact_silence():
    assert fade_out_gain(0.0) == 1.0
    assert fade_out_gain(1.0) == 0.0
    # half-way through the fade the sound is "half as loud": about -10 dB
    assert gain_to_db(fade_out_gain(0.5)) == pytest.approx(-10.0, abs=0.1)


@given(st.floats(0, 1), st.floats(0, 1))
def test_fade_curve_is_monotonic(a, b):
    lo, hi = sorted((a, b))
    assert fade_out_gain(lo) >= fade_out_gain(hi)


@pytest.mark.parametrize("minutes", [15, 30, 45, 60, 90])
@pytest.mark.parametrize("fade", [0.5, 10.0, 20.0])
def test_timer_gain_is_monotonic_and_silent_exactly_at_the_set_time(minutes, fade):
    start = 1000.0
    timer = SleepTimer(SleepPlan(minutes, fade_minutes=fade), start)
    end = timer.end_time()
    assert end == start + minutes * 60
    times = np.linspace(start, end + 60, 20001)
    gains = np.array([timer.gain_at(t) for t in times])
    assert np.all(np.diff(gains) <= 0)
    assert gains[0] == 1.0
    assert timer.gain_at(end) == 0.0
    assert timer.gain_at(np.nextafter(end, 0)) > 0.0
    assert timer.state_at(end) == "ended"
    assert timer.brightness_at(end) == 0.0
    fade_start = end - min(fade, minutes) * 60
    assert timer.state_at(fade_start - 1) == "playing"
    assert timer.state_at((fade_start + end) / 2) == "fading"


def test_ninety_minute_timer_in_virtual_time_ends_once_and_block_ramps_are_smooth():
    sample_rate, frames = 48_000, 48_000  # one-second blocks of stereo audio
    ended_calls = []
    fader = AudioFader(SleepTimer(SleepPlan(90), 0.0), on_ended=lambda: ended_calls.append(1))
    states, last_sample, biggest_jump = [], 1.0, 0.0
    for second in range(95 * 60):
        block = np.ones((frames, 2), dtype=np.float32)
        states.append(fader.apply(block, float(second), sample_rate))
        biggest_jump = max(biggest_jump, abs(float(block[0, 0]) - last_sample))
        biggest_jump = max(biggest_jump, float(np.max(np.abs(np.diff(block[:, 0])))))
        last_sample = float(block[-1, 0])
    assert states[0] == "playing"
    assert "fading" in states
    assert states[-1] == "ended"
    assert states.index("ended") == 90 * 60 - 1  # the block that reaches 90:00
    assert ended_calls == [1]  # the engine is told exactly once to pause the device
    assert fader.ended.is_set()
    assert last_sample == 0.0
    assert biggest_jump < 1e-3  # never a step


def test_timer_off_never_ends_but_the_picture_drifts_darker():
    timer = SleepTimer(SleepPlan(None), 0.0)
    assert timer.end_time() is None
    assert timer.state_at(10 * 3600) == "playing"
    assert timer.gain_at(10 * 3600) == 1.0
    assert timer.brightness_at(0) == 1.0
    assert timer.brightness_at(2 * 3600) < timer.brightness_at(3600) < 1.0
    assert timer.brightness_at(20 * 3600) == pytest.approx(SleepPlan().min_brightness)


def test_all_night_settles_to_the_low_level_and_keeps_playing():
    plan = SleepPlan(ALL_NIGHT, all_night_gain_db=-12.0)
    timer = SleepTimer(plan, 0.0)
    assert timer.end_time() is None
    settled = (plan.all_night_after_minutes + plan.fade_minutes) * 60
    assert timer.state_at(settled / 2 + plan.all_night_after_minutes * 30) == "fading"
    assert gain_to_db(timer.gain_at(settled)) == pytest.approx(-12.0)
    assert gain_to_db(timer.gain_at(8 * 3600)) == pytest.approx(-12.0)
    assert timer.state_at(8 * 3600) == "playing"
    assert timer.brightness_at(settled) == 0.0


def test_changing_the_timer_mid_fade_is_continuous():
    old = SleepTimer(SleepPlan(30), 0.0)
    t = 25 * 60.0  # half-way through the fade
    new = old.restart(t, SleepPlan(60))
    assert new.gain_at(t) == pytest.approx(old.gain_at(t))
    assert new.brightness_at(t) == pytest.approx(old.brightness_at(t))
    steps = np.array([new.gain_at(t + k * 0.01) for k in range(2000)])
    assert np.max(np.abs(np.diff(steps))) < 2e-3  # at most 0.2 % per 10 ms: a glide
    assert new.gain_at(t + 60) == 1.0  # back to full, the new timer has 60 minutes to go
    assert new.end_time() == t + 3600


def test_restart_on_the_fader_cancels_the_end():
    fader = AudioFader(SleepTimer(SleepPlan(15), 0.0))
    block = np.ones(480, dtype=np.float32)
    assert fader.apply(block, 15 * 60.0, 48_000) == "ended"
    fader.restart(15 * 60.0 + 1, SleepPlan(30))
    assert not fader.ended.is_set()
    assert fader.apply(np.ones(480, dtype=np.float32), 16 * 60.0, 48_000) == "playing"


@pytest.mark.parametrize(
    "text,expected", [("off", None), ("45", 45), (90, 90), ("all night", ALL_NIGHT)]
)
def test_parse_timer_accepts_the_choices(text, expected):
    assert parse_timer(text) == expected


@pytest.mark.parametrize("bad", [10, 120, "soon", True, 45.5])
def test_parse_timer_rejects_others_and_says_what_works(bad):
    with pytest.raises(ValueError, match="all_night"):
        parse_timer(bad)


def test_plan_rejects_a_zero_fade():
    with pytest.raises(ValueError, match="fade_minutes"):
        SleepPlan(30, fade_minutes=0)
