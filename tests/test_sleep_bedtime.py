"""The bedtime routine: `vrasmr` with no scene near bedtime starts the bedtime scene with the
bedtime timer, and every backend (headless, preview, headset factory) gets that timer."""

from __future__ import annotations

import argparse
from datetime import datetime

import pytest
from desktop_fixtures import display, missing, xvfb_server  # noqa: F401

from tests.app_fixtures import write_settings, write_user_scene
from vrasmr import cli
from vrasmr.session import factory as session_factory

BEDTIME = datetime(2026, 3, 2, 22, 30)


@pytest.fixture
def bedtime_settings():
    """A user scene (no timer of its own) and settings naming it for 22:30 with 15 minutes."""
    write_user_scene("bed-scene")
    write_settings('bedtime = "22:30"\nbedtime_scene = "bed-scene"\nbedtime_timer = 15\n')


def test_at_bedtime_the_bedtime_scene_and_timer_are_chosen(bedtime_settings):
    start = cli.bedtime_choice(BEDTIME)
    assert (start.scene_id, start.timer) == ("bed-scene", 15)
    assert "22:30" in start.message and "15-minute" in start.message
    assert cli.bedtime_choice(BEDTIME.replace(hour=12)) is None  # midday: the usual start


def test_scene_default_takes_the_bedtime_scenes_own_timer():
    write_settings(
        'bedtime = "23:00"\nbedtime_scene = "campfire"\nbedtime_timer = "scene_default"\n'
    )
    start = cli.bedtime_choice(BEDTIME)  # half an hour early is near enough
    assert (start.scene_id, start.timer) == ("campfire", 45)
    assert "close to your bedtime" in start.message


def test_an_unknown_bedtime_scene_is_one_line_and_the_usual_start(capsys):
    write_settings('bedtime = "22:30"\nbedtime_scene = "rain-cabn"\n')
    assert cli.bedtime_choice(BEDTIME) is None
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "rain-cabn" in err[0] and "bedtime_scene" in err[0]


def test_automatic_mode_at_bedtime_renders_the_bedtime_scene_with_its_timer(
    bedtime_settings, tmp_path, monkeypatch, capsys
):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("XR_RUNTIME_JSON", str(tmp_path / "no-runtime.json"))
    timers = []
    real = session_factory.build_headless_app

    def watched(scene_id, **kwargs):  # the real factory; only records the App's timer
        app, ctx = real(scene_id, **kwargs)
        timers.append(app.sleep_timer)
        return app, ctx

    monkeypatch.setattr(session_factory, "build_headless_app", watched)
    args = argparse.Namespace(scene=None, out=tmp_path / "out")
    assert cli.run_auto(args, now=BEDTIME) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("vrasmr: It's 22:30, your bedtime (22:30): starting")
    assert (tmp_path / "out" / "bed-scene-stereo.png").is_file()
    assert [t.plan.timer_minutes for t in timers] == [15]


def test_the_headset_gets_the_timer_through_its_app_factory(monkeypatch):
    import vrasmr.backends.openxr as openxr

    write_user_scene("bed-scene")
    made = []

    def headset(scene_id, app_factory, **options):  # no runtime here: call the real factory
        app = app_factory(ctx=None, scene_id=scene_id)  # as run_headset calls it
        made.append((app.sleep_timer, app.journal is not None))
        app.close("user")
        return 0

    monkeypatch.setattr(openxr, "run_headset", headset)
    args = argparse.Namespace(scene="bed-scene", mirror=False, sleep_timer="all_night")
    assert cli.run_vr(args) == 0
    ((timer, journal),) = made
    assert timer.all_night and journal


def test_the_preview_passes_the_timer_on(display):  # noqa: F811
    from vrasmr.backends.desktop import open_preview, options_from_args
    from vrasmr.backends.desktop.window import WindowUnavailable
    from vrasmr.clock import VirtualClock

    write_user_scene("bed-scene")
    opts = options_from_args(argparse.Namespace(scene="bed-scene", silent=True, sleep_timer=30))
    try:
        session = open_preview(opts, clock=VirtualClock(30.0), reload=False, visible=False)
    except WindowUnavailable as exc:
        missing("an OpenGL 3.3 window", "VRASMR_EXPECT_GL", exc)
    try:
        assert session.app.sleep_timer.plan.timer_minutes == 30
    finally:
        session.close("user")
