"""A real session remembers the menu's choices, records skips, and asks the mood after."""

from __future__ import annotations

import numpy as np
import pytest

from tests.app_fixtures import write_user_scene
from tests.real_parts import missing
from tests.test_sleep_morning import Gaze
from vrasmr.sleep.journal import Journal, default_journal_path
from vrasmr.sleep.settings import load_settings
from vrasmr.sleep.timer import SleepPlan, SleepTimer
from vrasmr.ui.commands import SwitchScene


def real_session(scene_id: str = "memory-scene", **kwargs):
    from vrasmr.session.factory import build_app
    from vrasmr.sound.openal._raw import OpenALMissing
    from vrasmr.sound.openal.checked import ALError

    write_user_scene(scene_id)
    try:
        app = build_app(scene_id, None, engine_kind="loopback", seed=1, journal=True, **kwargs)
    except (OpenALMissing, ALError) as exc:
        missing("OpenAL Soft (loopback)", "VRASMR_EXPECT_OPENAL", exc)
    return app, Gaze(app)


def test_the_menus_choices_come_back_the_next_night():
    app, gaze = real_session()
    try:
        gaze.frame(buttons=frozenset({"menu"}))
        gaze.dwell("volume:down")
        gaze.dwell("bright:down")
        gaze.dwell("timer:30")
        gaze.dwell("trigger:tapping")
        gaze.dwell("bed")
        gaze.dwell("bed")  # (asks twice)
        chosen = (app.settings.volume, app.brightness_goal)
    finally:
        app.close("user")  # writes what is waiting
    saved = load_settings()
    assert (saved.volume, saved.brightness) == pytest.approx(chosen)
    assert saved.volume == pytest.approx(0.75) and saved.brightness == pytest.approx(0.9)
    assert saved.timer == 30 and saved.switched_off_triggers == ("tapping",)
    assert saved.bed_mode is True
    again, _ = real_session()
    try:
        assert again.settings.volume == pytest.approx(0.75)
        assert again.settings.brightness_scale == pytest.approx(0.9)
        assert again.settings.switched_off == {"tapping"}
        assert again.sleep_timer.plan.timer_minutes == 30
        assert again.bed_mode is True
    finally:
        again.close("user")


def test_a_scene_left_within_three_minutes_and_a_sound_switched_off_are_skips():
    app, gaze = real_session()
    write_user_scene("other-scene")
    try:
        sid = app.session_id
        gaze.frame(buttons=frozenset({"menu"}))
        gaze.dwell("trigger:crinkling")  # not played here: no skip
        app.record_skip("whispers")  # what the voice program calls for a skipped script
        app.menu_control.apply(SwitchScene("other-scene"), 60.0)  # a card chosen at 60 s
        app.wait_for_switch()
    finally:
        app.close("user")
    with Journal.open(default_journal_path()) as journal:
        skips = journal.session(sid).skips
    assert "whispers" in skips and "crinkling" not in skips
    assert set(skips) - {"whispers"} == {"rain", "water", "noise"}  # left at 60 s


def test_a_timer_that_ends_while_awake_asks_how_you_feel_now():
    ending = SleepTimer(SleepPlan(15, fade_minutes=0.5), start_s=-15 * 60 + 3.0)  # ends at 3 s
    app, gaze = real_session(sleep_timer=ending)
    try:
        sid = app.session_id
        for k in range(150):  # five seconds of looking around: awake
            yaw = 0.3 * np.sin(k / 10)
            gaze.frame(np.array((np.sin(yaw), 0.0, -np.cos(yaw))))
        assert app.ended and app.menu.visible
        assert app.menu.values.ask_after == sid
        gaze.dwell("after:4")
        assert app.menu.item("after:4").selected
    finally:
        app.close("user")
    with Journal.open(default_journal_path()) as journal:
        row = journal.session(sid)
    assert (row.end_reason, row.mood_after) == ("timer", 4)
