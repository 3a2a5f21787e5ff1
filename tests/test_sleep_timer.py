"""Sleep timer and fade curve, in virtual time."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vrasmr.sleep.fade import fade_out_gain
from vrasmr.sleep.timer import ALL_NIGHT, SleepPlan, SleepTimer, parse_timer


def gain_to_db(gain: float) -> float:
    return -math.inf if gain <= 0.0 else 20.0 * math.log10(gain)


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
    end = start + minutes * 60
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


def test_ninety_minute_timer_in_virtual_time_ends_at_90_minutes_and_glides():
    timer = SleepTimer(SleepPlan(90), 0.0)
    seconds = np.arange(95 * 60, dtype=float)
    states = [timer.state_at(t) for t in seconds]
    gains = np.array([timer.gain_at(t) for t in seconds])
    assert states[0] == "playing"
    assert "fading" in states
    assert states.index("ended") == 90 * 60  # silent from 90:00 on
    assert gains[90 * 60 :].max() == 0.0
    assert np.max(np.abs(np.diff(gains))) < 3e-3  # at most 0.3 % a second: never a step


def test_timer_off_never_ends_but_the_picture_drifts_darker():
    timer = SleepTimer(SleepPlan(None), 0.0)
    assert timer.state_at(10 * 3600) == "playing"
    assert timer.gain_at(10 * 3600) == 1.0
    assert timer.brightness_at(0) == 1.0
    assert timer.brightness_at(2 * 3600) < timer.brightness_at(3600) < 1.0
    assert timer.brightness_at(20 * 3600) == pytest.approx(SleepPlan().min_brightness)


def test_all_night_settles_to_the_low_level_and_keeps_playing():
    plan = SleepPlan(ALL_NIGHT, all_night_gain_db=-12.0)
    timer = SleepTimer(plan, 0.0)
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
    assert new.state_at(t + 3600 - 1) == "fading" and new.state_at(t + 3600) == "ended"


def test_restarting_an_ended_timer_plays_again():
    ended = SleepTimer(SleepPlan(15), 0.0)
    assert ended.state_at(15 * 60.0) == "ended"
    again = ended.restart(15 * 60.0 + 1, SleepPlan(30))
    assert again.state_at(16 * 60.0) == "playing"


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
