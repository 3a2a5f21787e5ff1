"""The desktop preview with the real App: window run, headless match, mouse-turned sound, reload.

Xvfb is started by the test run (see ``desktop_fixtures``). Scenes start 20 s in, past the
scene's fade-in, so the compared pictures have something in them.
"""

from __future__ import annotations

import math
import os
import shutil
import time

import numpy as np
import pytest
from desktop_fixtures import display, loopback_or_skip, missing, xvfb_server  # noqa: F401

from vrasmr.backends.desktop import DesktopSession, PreviewOptions, open_preview
from vrasmr.backends.desktop.head import HeadControl
from vrasmr.backends.desktop.window import DesktopWindow, WindowUnavailable
from vrasmr.clock import VirtualClock
from vrasmr.frame import Frame, Pointer, View

START_S = 20.0
SIZE = (320, 180)


def open_window(size=SIZE) -> DesktopWindow:
    try:
        return DesktopWindow(size, "vrasmr test")
    except WindowUnavailable as exc:
        missing("an OpenGL 3.3 window", "VRASMR_EXPECT_GL", exc)


def headless_pictures(frames: int, yaw: float, *, stereo: bool) -> np.ndarray:
    """The headless twin's picture after ``frames`` frames on the same clock and head."""
    from tests.app_fixtures import fixed_yaw
    from vrasmr.backends.headless import HeadlessSession
    from vrasmr.render.context import GLUnavailable, create_headless_context
    from vrasmr.session.factory import build_app

    try:
        ctx = create_headless_context()
    except GLUnavailable as exc:
        missing("an EGL OpenGL context", "VRASMR_EXPECT_GL", exc)
    app = build_app(None, ctx, engine_kind="silent")
    size = (SIZE[0] // 2, SIZE[1]) if stereo else SIZE
    session = HeadlessSession(app, ctx, size=size, fps=30.0, head_path=fixed_yaw(math.degrees(yaw)))
    session.clock = VirtualClock(30.0, start_s=START_S)
    if not stereo:

        def mono(t: float) -> Frame:  # the desktop's mono view: the head itself
            head = session.head_path(t)
            return Frame(
                t, head, (View(head, session.fov),), (Pointer("gaze", head.position, head.forward),)
            )

        session.frame_at = mono
    try:
        for _ in range(frames):
            session.step(draw=True, audio=False)
        return session.stereo_image() if stereo else session.eyes.read(0).copy()
    finally:
        session.close()
        app.close()
        ctx.release()


def desktop_pictures(frames: int, yaw: float, *, stereo: bool) -> np.ndarray:
    from vrasmr.session.factory import build_app

    window = open_window()
    app = build_app(None, window.ctx, engine_kind="silent")
    head = HeadControl()
    head.turn(yaw, 0.0)
    session = DesktopSession(
        app,
        window,
        VirtualClock(30.0, start_s=START_S),
        stereo=stereo,
        head=head,
        overlay=False,
        scale=1.0,
    )
    try:
        for i in range(frames):
            if i == frames - 1:
                session.grab_next()
            session.step()
        return session.capture.copy()
    finally:
        session.close("test")


@pytest.mark.parametrize("stereo", [False, True], ids=["mono", "stereo"])
def test_window_frame_matches_the_headless_render(display, stereo):  # noqa: F811
    yaw = math.radians(25.0)
    want = headless_pictures(12, yaw, stereo=stereo)
    got = desktop_pictures(12, yaw, stereo=stereo)
    assert got.shape == want.shape == (SIZE[1], SIZE[0], 3)
    assert want.astype(float).mean() > 1.0, "the reference picture is black"
    diff = np.abs(got.astype(int) - want.astype(int))
    assert diff.mean() < 1.0
    assert np.percentile(diff, 99.5) <= 8


def test_preview_opens_runs_frames_and_closes(display):  # noqa: F811
    try:
        session = open_preview(
            PreviewOptions(size=SIZE, silent=True), clock=VirtualClock(90.0, start_s=START_S)
        )
    except WindowUnavailable as exc:
        missing("an OpenGL 3.3 window", "VRASMR_EXPECT_GL", exc)
    try:
        assert session.run(frames=20) == "frames"
        assert session.stats.frames == 20 + 90  # the frames, then a one-second fade
        assert session.app.settings.volume == 0.0
        assert session.text.lines and session.app.scene.scene.id in session.text.lines[0]
    finally:
        session.close("test")
    assert session.window.handle is None


def test_preview_runs_through_a_damaged_sound_cache(display, caplog):  # noqa: F811
    """A crash left the sound cache's files empty: the preview opens and plays anyway,
    measuring each damaged level again with one warning."""
    import logging

    from tests.app_fixtures import write_user_scene
    from vrasmr.content import user_cache_dir
    from vrasmr.session.assets import load_scene
    from vrasmr.sound.synth import level

    write_user_scene("cache-preview")
    level._memo.clear()  # (levels measured by earlier tests went to their own homes)
    load_scene("cache-preview")  # fills the sound cache as the preview will use it
    entries = sorted((user_cache_dir() / "sounds").glob("*.npy"))
    assert entries
    for entry in entries:
        entry.write_bytes(b"")
    level._memo.clear()  # as the preview's own process would start
    options = PreviewOptions(scene="cache-preview", size=SIZE, silent=True)
    with caplog.at_level(logging.WARNING, logger="vrasmr.cache_files"):
        try:
            session = open_preview(options, clock=VirtualClock(90.0, start_s=START_S))
        except WindowUnavailable as exc:
            missing("an OpenGL 3.3 window", "VRASMR_EXPECT_GL", exc)
        try:
            assert session.run(frames=5) == "frames"
            assert session.app.scene.scene.id == "cache-preview"
        finally:
            session.close("test")
    damaged = [r for r in caplog.records if "damaged cached sound" in r.getMessage()]
    assert len(damaged) == len(entries)
    assert all(entry.stat().st_size > 0 for entry in entries)


def _balance_db(mix: np.ndarray, block: int) -> np.ndarray:
    """Left minus right level (dB) per block."""
    n = len(mix) // block
    blocks = mix[: n * block].reshape(n, block, 2).astype(float)
    rms = np.sqrt((blocks**2).mean(axis=1)) + 1e-9
    return 20.0 * np.log10(rms[:, 0] / rms[:, 1])


def test_dragging_the_mouse_turns_the_head_and_swaps_the_louder_ear(display):  # noqa: F811
    """Turned round by the mouse, the picture's head and the listener both face backwards."""
    import glfw

    from tests.app_fixtures import write_user_scene
    from vrasmr.backends.headless import HeadlessSession, still_head
    from vrasmr.session.factory import build_app

    loopback_or_skip()
    write_user_scene("desk-right")  # rain one metre to the right, nothing else audible
    ahead = build_app("desk-right", None, engine_kind="loopback")
    twin = HeadlessSession(ahead, None, fps=30.0, head_path=still_head)
    twin.clock = VirtualClock(30.0, start_s=START_S)
    chunks: list[np.ndarray] = []
    try:
        session = open_preview(
            PreviewOptions(scene="desk-right", size=SIZE),
            engine_kind="loopback",
            reload=False,
            clock=VirtualClock(30.0, start_s=START_S),
            audio_sink=chunks.append,
        )
    except WindowUnavailable as exc:
        ahead.close()
        missing("an OpenGL 3.3 window", "VRASMR_EXPECT_GL", exc)
    try:
        session.head.sensitivity = math.pi / 1000.0
        session.input.on_mouse_button(None, glfw.MOUSE_BUTTON_LEFT, glfw.PRESS, 0)
        session.input.on_cursor(None, 1200.0, 300.0)
        session.input.on_cursor(None, 200.0, 300.0)  # 1000 px left: turn round (left)
        session.input.on_mouse_button(None, glfw.MOUSE_BUTTON_LEFT, glfw.RELEASE, 0)
        front = []
        for _ in range(150):  # five seconds
            session.step(draw=False)
            front.append(twin.step(draw=False))
        assert session.last_frame.head.forward[2] > 0.99  # facing +Z, backwards
        turned = _balance_db(np.concatenate(chunks), 4800)[10:]  # skip the first second
        ahead_db = _balance_db(np.concatenate(front), 4800)[10:]
    finally:
        session.close("test")
        ahead.close()
    clear = np.abs(ahead_db) > 2.0
    assert clear.sum() >= 5, f"no clearly one-sided sound to compare: {ahead_db}"
    swapped = np.sign(turned[clear]) == -np.sign(ahead_db[clear])
    assert swapped.mean() >= 0.8, (ahead_db, turned)


def test_a_broken_shader_edit_shows_the_error_and_keeps_playing(display, tmp_path):  # noqa: F811
    from vrasmr.backends.desktop.reload import HotReload
    from vrasmr.content import shaders_dir
    from vrasmr.render.programs import ProgramLibrary
    from vrasmr.render.renderer import Renderer
    from vrasmr.session.factory import build_app

    shaders = tmp_path / "shaders"
    shutil.copytree(shaders_dir(), shaders)
    window = open_window()
    app = build_app(None, window.ctx, engine_kind="silent")
    app.renderer.release()  # draw from the temporary copy instead
    app.renderer = Renderer(window.ctx, ProgramLibrary(window.ctx, shaders))
    app.renderer.set_layers(app.scene.layers)
    hot = HotReload(app, dirs=[tmp_path / "no-scenes"])
    session = DesktopSession(app, window, VirtualClock(30.0, start_s=START_S), reload=hot)
    try:
        session.step()
        post = shaders / "post.glsl"
        good = post.read_text()
        post.write_text(good.replace("void main", "void main oops", 1))
        _touch(post, 1)
        hot.poll(0.0, force=True)
        for _ in range(3):
            session.grab_next()
            session.step()
        assert any("post.glsl" in e for e in hot.errors())
        assert any(line.startswith("! shader:") for line in session.overlay_lines(START_S + 9))
        assert session.context_lost is None
        assert session.capture.astype(float).mean() > 1.0  # still drawing the last good program
        post.write_text(good)
        _touch(post, 2)
        hot.poll(0.0, force=True)
        session.step()
        assert hot.errors() == [] and hot.shader_reloads >= 1
    finally:
        session.close("test")


def test_a_broken_scene_edit_shows_the_error_and_keeps_the_scene(display):  # noqa: F811
    from vrasmr.backends.desktop.reload import HotReload
    from vrasmr.content import scenes_dir, user_scenes_dir

    folder = user_scenes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    scene = folder / "desk-test.toml"
    good = (
        (scenes_dir() / "ear-to-ear.toml")
        .read_text()
        .replace('id = "ear-to-ear"', 'id = "desk-test"', 1)
    )
    scene.write_text(good)
    try:
        session = open_preview(
            PreviewOptions(scene="desk-test", size=SIZE, silent=True),
            clock=VirtualClock(30.0, start_s=START_S),
            reload=False,
        )
    except WindowUnavailable as exc:
        missing("an OpenGL 3.3 window", "VRASMR_EXPECT_GL", exc)
    hot = session.reload = HotReload(session.app, dirs=[folder])
    try:
        session.step()
        first = session.app.scene
        scene.write_text(good.replace("brightness = ", "brightness = [", 1))
        _touch(scene, 1)
        hot.poll(0.0, force=True)
        session.app.wait_for_switch()
        for _ in range(3):
            session.step()
        assert hot.scene_error and "desk-test" in hot.scene_error
        assert any(
            line.startswith("! scene switch failed")
            for line in [*session.text.lines, *session.overlay_lines(START_S + 9)]
        )
        assert session.app.scene is first  # the last good scene keeps playing
        scene.write_text(good.replace("brightness = 0.25", "brightness = 0.3", 1))
        _touch(scene, 2)
        hot.poll(0.0, force=True)
        session.app.wait_for_switch()
        session.step()
        session.step()
        assert hot.errors() == [] and session.app.scene is not first
    finally:
        session.close("test")


def _touch(path, later_s: int) -> None:
    """Move the modification time on (file systems with coarse times miss quick edits)."""
    t = time.time_ns() + later_s * 10**9
    os.utime(path, ns=(t, t))
