"""The whole pipeline without a screen: a scene drawn in stereo on EGL, heard through HRTF."""

from __future__ import annotations

import numpy as np

from tests.app_fixtures import (
    fixed_yaw,
    headless_app,
    scene_text,
    static_emitter,
    write_scene_text,
    write_user_scene,
)
from vrasmr.backends.headless import HeadlessSession, still_head


def _rms_db(stereo: np.ndarray) -> np.ndarray:
    return 20 * np.log10(np.sqrt(np.mean(stereo.astype(np.float64) ** 2, axis=0)) + 1e-12)


def _listen(scene_id: str, yaw_deg: float, seconds: float = 1.5) -> np.ndarray:
    app, ctx = headless_app(scene_id)
    try:
        session = HeadlessSession(app, ctx, size=(64, 36), fps=30, head_path=fixed_yaw(yaw_deg))
        audio = session.run(seconds)
        session.close()
    finally:
        app.close()
        ctx.release()
    return audio[len(audio) // 2 :]  # after the engine's gentle start


def test_source_on_the_right_is_louder_in_the_right_ear_and_flips_with_a_half_turn():
    write_user_scene("test-right")
    ahead = _rms_db(_listen("test-right", 0.0))
    turned = _rms_db(_listen("test-right", 180.0))
    assert ahead[1] - ahead[0] > 6.0, f"right ear should lead by > 6 dB, got {ahead}"
    assert turned[0] - turned[1] > 6.0, f"after a half turn the left ear should lead, got {turned}"


def test_stereo_render_is_not_blank_the_eyes_differ_and_it_is_deterministic():
    write_user_scene("test-eyes")
    pictures, sounds = [], []
    for _ in range(2):
        app, ctx = headless_app("test-eyes")
        try:
            session = HeadlessSession(app, ctx, size=(96, 64), fps=30, head_path=still_head)
            sounds.append(session.run(1.0, draw_every=10))
            pictures.append(session.stereo_image())
            session.close()
        finally:
            app.close()
            ctx.release()
    left, right = pictures[0][:, :96], pictures[0][:, 96:]
    assert pictures[0].max() > 0 and pictures[0].mean() > 1.0, "the picture is blank"
    assert np.abs(left.astype(int) - right.astype(int)).sum() > 0, "both eyes see the same"
    np.testing.assert_array_equal(pictures[0], pictures[1])
    np.testing.assert_array_equal(sounds[0], sounds[1])
    assert np.all(np.isfinite(sounds[0]))


def test_sleep_timer_end_fades_to_silence_and_black():
    from vrasmr.sleep.timer import SleepPlan, SleepTimer

    write_user_scene("test-fade")
    # A 15-minute timer that started 14.5 minutes ago with a 30 s fade: it ends at t = 30 s.
    timer = SleepTimer(SleepPlan(timer_minutes=15, fade_minutes=0.5), start_s=30.0 - 15 * 60)
    app, ctx = headless_app("test-fade", sleep_timer=timer)
    try:
        session = HeadlessSession(app, ctx, size=(32, 18), fps=10, head_path=still_head)
        audio = session.run(31.0, draw_every=10)
        picture = session.stereo_image()
        session.close()
        ended = app.ended
    finally:
        app.close()
        ctx.release()
    sr = 48000
    start_db = _rms_db(audio[2 * sr : 4 * sr]).max()
    end = audio[-sr // 2 :]
    assert start_db > -60, "the scene should be audible before the fade"
    assert np.abs(end).max() < 1e-4, "the end of the fade must be silence"
    # Rain fluctuates a little by itself, so judge the fade on 5-second blocks.
    level = np.array([_rms_db(audio[k * sr : (k + 5) * sr]).max() for k in range(0, 30, 5)])
    assert np.all(np.diff(level) < 0.5), f"the fade never rises: {np.round(level, 1)}"
    assert level[-1] < level[0] - 20, f"the fade goes deep: {np.round(level, 1)}"
    assert picture.max() == 0, "the picture must be black at the end"
    assert ended, "the session ends when the timer does"


def test_a_session_is_kept_in_the_journal_from_start_to_its_end_reason():
    from vrasmr.session.factory import build_app
    from vrasmr.sleep.journal import Journal

    write_user_scene("test-journal")
    app = build_app(
        "test-journal", None, engine_kind="loopback", seed=1, sleep_timer=None, journal=True
    )
    session = HeadlessSession(app, None, size=(16, 16), fps=30, head_path=still_head)
    session.run(0.5)
    app.close("user")
    with Journal.open() as journal:
        (row,) = journal.sessions()
    assert row.scene_id == "test-journal"
    assert row.end_reason == "user" and row.ended_at is not None


EVERY_SECOND = (
    'schedule = { type = "events", min_gap_s = 1.0, max_gap_s = 1.0, '
    "event_duration_s = 0.4, start_s = 1.0, seed = 3 }\n"
)
TAPS = scene_text(
    "test-taps",
    "Test taps",
    '[[layers]]\nkind = "orb"\n',
    static_emitter("taps", "tapping-wood", (0.0, 0.0, -0.8), -6) + EVERY_SECOND,
    techniques="object_sounds",
)


def _taps(switched_off: frozenset[str]) -> tuple[np.ndarray, list[float]]:
    write_scene_text("test-taps", TAPS)
    app, ctx = headless_app("test-taps")
    try:
        app.settings.switched_off = switched_off
        starts = [t for _, t in app.scene.runtime.events_between(0.0, 3.0)]
        session = HeadlessSession(app, ctx, size=(32, 18), fps=30, head_path=still_head)
        audio = session.run(3.0)
        session.close()
    finally:
        app.close()
        ctx.release()
    return audio, starts


def test_scheduled_taps_sound_at_their_times_and_not_when_switched_off():
    # The App posts spans of scene time; the sound side starts the one-shots in them.
    audio, starts = _taps(frozenset())
    assert starts and 0.5 < starts[0] < 2.6, starts
    sr = len(audio) // 3
    first = starts[0]
    quiet = _rms_db(audio[int(0.3 * sr) : int((first - 0.05) * sr)]).max()
    tap = _rms_db(audio[int(first * sr) : int((first + 0.4) * sr)]).max()
    assert tap > quiet + 20.0, (quiet, tap)
    muted, _ = _taps(frozenset({"tapping"}))
    assert _rms_db(muted[int(first * sr) :]).max() < tap - 30.0
