"""The gentle wake: light warms from black, a nature sound rises from silence, never louder
than the night's bed + 10 LU; off unless a wake time is set."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from tests.app_fixtures import SKY, scene_text, static_emitter, write_scene_text
from tests.sound_fixtures import open_loopback
from vrasmr.app import App
from vrasmr.frame import Frame
from vrasmr.sleep.night import Night
from vrasmr.sleep.settings import Settings
from vrasmr.sleep.timer import SleepPlan, SleepTimer
from vrasmr.sleep.wake import (
    CEILING_LU,
    DAWN_BRIGHTNESS,
    WakePlan,
    make_wake_sound,
    plan_wake,
)
from vrasmr.sound.loudness import integrated_lufs
from vrasmr.xmath import Pose

BED = scene_text(
    "wake-bed",
    "A bed for the night",
    SKY,
    static_emitter("rain", "rain-light", (0.5, 0.0, -0.8), 0),
    static_emitter("hush", "pink-noise", (-0.5, 0.0, -0.8), -6),
)


def test_no_wake_unless_a_time_is_set_and_the_next_one_is_an_hour_away():
    assert Settings().wake_time is None
    assert plan_wake(None, "stream", datetime(2026, 3, 2, 23, 0)) is None
    plan = plan_wake("06:30", "stream", datetime(2026, 3, 2, 23, 0), session_t=100.0)
    assert plan.end_s == pytest.approx(100.0 + 7.5 * 3600)
    assert plan.end_s - plan.start_s == pytest.approx(20 * 60)
    soon = plan_wake("23:30", "stream", datetime(2026, 3, 2, 23, 0))
    assert soon.end_s == pytest.approx(24.5 * 3600)  # half an hour away: tomorrow's


def test_the_wake_rises_from_silence_and_dark_to_at_most_the_bed_plus_ten_lu():
    from vrasmr.session.assets import load_scene

    write_scene_text("wake-bed", BED)
    timer = SleepTimer(SleepPlan(15, fade_minutes=0.5), start_s=-15 * 60 + 50.0)  # 20 .. 50 s
    wake = WakePlan(60.0, 120.0, "stream")
    night = Night(wake=wake, wake_sound=make_wake_sound("stream", seed=1))
    scene = load_scene("wake-bed", seed=1)
    app = App(scene, open_loopback(), None, sleep_timer=timer, night=night)
    fps, sr = 20, app.sample_rate
    audio, looks, idle = [], [], []
    try:
        for k in range(int(125 * fps)):
            state = app.step(Frame((k + 1) / fps, Pose.make(), ()))
            audio.append(app.render_sound(sr // fps))
            looks.append(state.look)
            idle.append(state.render_idle)
    finally:
        app.close("user")
    out = np.concatenate(audio)

    def lufs(a: float, b: float) -> float:
        return integrated_lufs(out[int(a * sr) : int(b * sr)], sr)

    bed = lufs(2.0, 18.0)
    assert np.abs(out[int(52 * sr) : int(60 * sr)]).max() < 1e-3  # the timer ended: silence
    assert app.ended
    risen = lufs(115.0, 125.0)
    assert bed + 2.0 < risen <= bed + CEILING_LU
    rise = [lufs(60.0 + 5 * i, 65.0 + 5 * i) for i in range(2, 12)]
    assert np.diff(rise).min() > -1.0  # rising, no step down or up beyond the noise
    assert np.abs(out[int(60 * sr) : int(60.1 * sr)]).max() < 10 ** (-60 / 20)  # from silence
    brightness = np.array([look.brightness for look in looks])
    warmth = np.array([look.warmth for look in looks])
    k60, k120 = 60 * fps, 120 * fps
    assert brightness[int(52 * fps) : k60].max() == 0.0  # dark after the timer
    assert np.diff(brightness[k60:k120]).min() >= 0.0 and np.diff(brightness[k60:]).max() < 0.01
    assert brightness[-1] == pytest.approx(DAWN_BRIGHTNESS) and warmth[-1] > warmth[0]
    assert not any(idle[k60:])
