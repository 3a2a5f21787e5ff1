"""The desktop window under a private Xvfb, driven with a stand-in App (no scene loading).

The stand-in paints each view a flat colour, so layout, grabbing, overlay, screenshots,
closing and the fade-out can be checked without the renderer.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field, replace
from types import SimpleNamespace

import numpy as np
import pytest
from desktop_fixtures import display, missing, window, xvfb_server  # noqa: F401

from vrasmr.backends.desktop import DesktopSession, run_desktop
from vrasmr.clock import VirtualClock
from vrasmr.render.contract import Look
from vrasmr.sound.engine import SilentEngine

COLOURS = ((1.0, 0.0, 0.0), (0.0, 0.0, 1.0))


@dataclass(frozen=True)
class Settings:
    """The one App setting the session touches (the fade sets the volume to zero)."""

    volume: float = 0.8


@dataclass
class StandInApp:
    """Steps record their frames; draws clear each viewport to one colour per view."""

    engine: SilentEngine = field(default_factory=SilentEngine)
    settings: Settings = field(default_factory=Settings)
    problems: list = field(default_factory=list)
    frames: list = field(default_factory=list)
    volumes: list = field(default_factory=list)
    closed: str | None = None
    broken: bool = False
    renderer = None

    def __post_init__(self):
        self.scene = SimpleNamespace(scene=SimpleNamespace(id="stand-in"))

    def step(self, frame):
        self.frames.append(frame)
        self.volumes.append(self.settings.volume)
        return SimpleNamespace(time_s=frame.time_s, head=frame.head)

    def draw(self, state, view, target, size, *, viewport=None, encode_srgb=True):
        if self.broken:
            raise RuntimeError("context lost")
        index = next(i for i, v in enumerate(self.frames[-1].views) if v is view)
        target.clear(*COLOURS[index], 1.0, viewport=viewport)

    @property
    def sound_status(self):
        return self.engine.status

    @property
    def sample_rate(self):
        return self.engine.sample_rate

    def render_sound(self, frames, block=256):
        return self.engine.render(frames, block)

    def silence(self):
        self.settings = replace(self.settings, volume=0.0)
        self.engine.set_master(0.0)

    def close(self, reason="user"):
        self.closed = reason


def make_session(window, app=None, **kw):  # noqa: F811
    app = app or StandInApp()
    return DesktopSession(app, window, VirtualClock(30.0), **kw), app


def test_window_opens_runs_frames_fades_and_closes(window):  # noqa: F811
    session, app = make_session(window)
    assert session.run(frames=12) == "frames"
    assert len(app.frames) == 12 + 30  # then one second of fade-out at 30 Hz
    assert app.volumes[11] == Settings().volume and app.volumes[-1] == 0.0
    assert [f.time_s for f in app.frames[:3]] == pytest.approx([0.0, 1 / 30, 2 / 30])
    assert session.stats.frames == len(app.frames)
    session.close("done")
    assert app.closed == "done" and window.handle is None


def test_stereo_puts_the_left_eye_on_the_left(window):  # noqa: F811
    session, app = make_session(window, stereo=True, overlay=False)
    session.grab_next()
    session.step()
    img = session.capture
    assert img.shape == (180, 320, 3)
    assert tuple(img[90, 40]) == (255, 0, 0) and tuple(img[90, 280]) == (0, 0, 255)
    assert len(app.frames[-1].views) == 2


def test_overlay_shows_stats_and_help_over_the_picture(window):  # noqa: F811
    session, app = make_session(window)
    app.problems.append("sound: something odd")
    session.input.on_char(None, ord("?"))
    session.step()
    lines = session.text.lines
    assert any("dropped" in line and "p99" in line for line in lines)
    assert any(line.startswith("HRTF") for line in lines)
    assert "! sound: something odd" in lines
    assert any("recentre" in line for line in lines)
    session.grab_next()
    session.step()
    # The capture is the picture alone; the window gets the dim quad on top.
    assert tuple(session.capture[10, 10]) == (255, 0, 0)


def test_f12_saves_a_screenshot_in_the_current_folder(window, tmp_path, monkeypatch):  # noqa: F811
    import glfw
    from PIL import Image

    monkeypatch.chdir(tmp_path)
    session, _ = make_session(window)
    session.input.on_key(None, glfw.KEY_F12, 0, glfw.PRESS, 0)
    session.step()
    (png,) = tmp_path.glob("vrasmr-stand-in-*.png")
    assert Image.open(png).size == (320, 180)
    assert any("screenshot saved" in m for _, m in session.messages)


def test_closing_the_window_ends_the_run_with_a_fade(window):  # noqa: F811
    session, app = make_session(window)
    session.step()
    window.request_close()
    assert session.run() == "closed"
    assert app.volumes[-1] == 0.0 and len(app.frames) == 1 + 30


def test_escape_frees_the_mouse_then_quits(window):  # noqa: F811
    import glfw

    session, _ = make_session(window)
    session.input.on_key(None, glfw.KEY_C, 0, glfw.PRESS, 0)
    assert session.head.captured
    session.input.on_key(None, glfw.KEY_ESCAPE, 0, glfw.PRESS, 0)
    assert not session.head.captured and not session.input.quit_requested
    session.input.on_key(None, glfw.KEY_ESCAPE, 0, glfw.PRESS, 0)
    assert session.run() == "closed"


def test_a_lost_context_ends_the_session_cleanly(window):  # noqa: F811
    session, app = make_session(window)
    app.broken = True
    assert session.run() == "context-lost"
    assert "lost the OpenGL context" in session.context_lost
    assert app.volumes[-1] == 0.0  # the sound still faded out


def test_keyboard_interrupt_fades_out(window):  # noqa: F811
    session, app = make_session(window)
    calls = {"n": 0}
    real_step = app.step

    def step(frame):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real_step(frame)

    app.step = step
    assert session.run() == "interrupted"
    assert app.volumes[-1] == 0.0


def test_preview_without_a_display_says_why_and_returns_2(monkeypatch, capsys):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    args = argparse.Namespace(scene=None, stereo=False, rate=90.0, frames=1, silent=True)
    assert run_desktop(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "window cannot open" in err[0]


def test_cursor_motion_in_the_window_turns_the_head(window):  # noqa: F811
    import glfw

    session, app = make_session(window)
    session.input.on_mouse_button(None, glfw.MOUSE_BUTTON_LEFT, glfw.PRESS, 0)
    session.input.on_cursor(None, 100.0, 100.0)
    session.input.on_cursor(None, 300.0, 100.0)
    session.step()
    fwd = app.frames[-1].head.forward
    assert fwd[0] > 0.5  # dragged right: facing right (+X)
    np.testing.assert_allclose(
        app.frames[-1].views[0].pose.orientation, app.frames[-1].head.orientation
    )


def _layers():
    from vrasmr.scene.layers import make_layer

    return [
        make_layer("sky"),
        make_layer("terrain"),
        make_layer("water"),
        make_layer("candles", count=8),
    ]


_LOOK = Look(0.5, 0.6, 1.0)


class RendererApp(StandInApp):
    """The stand-in, drawing with the real Renderer (what App.draw does) at a fixed look."""

    def attach(self, ctx, root):
        from vrasmr.render.programs import ProgramLibrary
        from vrasmr.render.renderer import Renderer

        self.renderer = Renderer(ctx, ProgramLibrary(ctx, root))
        self.renderer.set_layers(_layers())
        return self

    def step(self, frame):
        super().step(frame)
        return SimpleNamespace(time_s=frame.time_s, head=frame.head, breath=0.4, look=_LOOK)

    def draw(self, state, view, target, size, *, viewport=None, encode_srgb=True):
        self.renderer.draw(state, view, target, size, viewport=viewport, encode_srgb=encode_srgb)

    def close(self, reason="user"):
        super().close(reason)
        self.renderer.release()


@pytest.mark.parametrize("stereo", [False, True], ids=["mono", "stereo"])
def test_window_draws_what_an_offscreen_render_of_the_same_views_draws(display, stereo):  # noqa: F811
    """The window path (layout, viewports, default framebuffer) against an EGL render."""
    from vrasmr.backends.desktop.head import HeadControl, layout
    from vrasmr.backends.desktop.window import DesktopWindow, WindowUnavailable
    from vrasmr.content import shaders_dir
    from vrasmr.render.context import GLUnavailable, create_headless_context

    head = HeadControl()
    head.turn(0.4, 0.1)
    try:  # the offscreen render first: the window must cope with an EGL context before it
        ctx = create_headless_context()
    except GLUnavailable as exc:
        missing("an EGL OpenGL context", "VRASMR_EXPECT_GL", exc)
    ref = RendererApp().attach(ctx, shaders_dir())
    fbo = ctx.framebuffer([ctx.texture((320, 180), 4)])
    slots = layout(head.pose(), (320, 180), stereo=stereo)
    state = SimpleNamespace(time_s=5.0, breath=0.4, look=_LOOK)
    for slot in slots:
        ref.draw(state, slot.view, fbo, slot.size, viewport=slot.viewport)
    want = np.frombuffer(fbo.read(components=3, alignment=1), np.uint8).reshape(180, 320, 3)[::-1]
    ref.close()
    ctx.release()
    try:
        win = DesktopWindow((320, 180), "vrasmr test")
    except WindowUnavailable as exc:
        missing("an OpenGL 3.3 window", "VRASMR_EXPECT_GL", exc)
    app = RendererApp().attach(win.ctx, shaders_dir())
    session = DesktopSession(
        app, win, VirtualClock(30.0, start_s=5.0), stereo=stereo, head=head, scale=1.0
    )
    session.grab_next()
    session.step()
    session.close("test")
    assert want.mean() > 1.0
    diff = np.abs(session.capture.astype(int) - want.astype(int))
    assert diff.mean() < 1.0 and np.percentile(diff, 99.5) <= 8


def test_a_smaller_render_scale_is_stretched_over_the_whole_window(window):  # noqa: F811
    session, app = make_session(window, stereo=True, overlay=False, scale=0.5)
    session.grab_next()
    session.step()
    assert session.render_size == (160, 90)
    img = session.capture
    assert img.shape == (180, 320, 3)  # the window's size, not the render size
    assert tuple(img[90, 40]) == (255, 0, 0) and tuple(img[90, 280]) == (0, 0, 255)
    assert tuple(img[5, 5]) == (255, 0, 0) and tuple(img[175, 315]) == (0, 0, 255)  # edges
    assert session.overlay_lines(0.0)[2] == "render 160x90  scale 0.50 fixed"


@pytest.mark.parametrize("stereo", [False, True], ids=["mono", "stereo"])
def test_half_scale_looks_like_the_full_scale_picture_only_softer(display, stereo):  # noqa: F811
    """The same views, drawn at half size and upscaled: no shift, no stretch, no seams."""
    from vrasmr.backends.desktop.head import HeadControl
    from vrasmr.backends.desktop.window import DesktopWindow, WindowUnavailable
    from vrasmr.content import shaders_dir

    try:
        win = DesktopWindow((320, 180), "vrasmr test")
    except WindowUnavailable as exc:
        missing("an OpenGL 3.3 window", "VRASMR_EXPECT_GL", exc)
    app = RendererApp().attach(win.ctx, shaders_dir())
    # Without the bloom: its texels are a fixed share of the frame drawn, so at half scale its
    # glow spreads twice as far over the window (softer, and a little brighter in sRGB).
    app.renderer.programs.get("post")["u_bloom_strength"].value = 0.0
    head = HeadControl()
    head.turn(0.4, 0.1)
    pictures = []
    for scale in (1.0, 0.5, 1.0):
        session = DesktopSession(
            app, win, VirtualClock(30.0, start_s=5.0), stereo=stereo, head=head, scale=scale
        )
        session.grab_next()
        session.step()
        pictures.append(session.capture.astype(float))
    app.close()
    win.close()
    full, half, again = pictures
    # Back at full scale: the same but for the dither (triangular, one level either way, so
    # two frames' may differ by two levels at a pixel, and by half a level on average).
    assert np.abs(full - again).max() <= 2
    assert np.abs(full - again).mean() < 0.6, np.abs(full - again).mean()
    assert full.mean() > 1.0
    assert abs(half.mean() - full.mean()) < 1.0
    blur = np.abs(half - full).mean()
    shifted = np.abs(np.roll(full, 2, axis=(0, 1)) - full).mean()  # closer than 2 px off
    assert 0.0 < blur < shifted


def test_preview_takes_a_scale_option_and_refuses_a_bad_one(capsys):
    from vrasmr.cli import build_parser

    assert build_parser().parse_args(["preview"]).scale is None  # auto
    assert build_parser().parse_args(["preview", "--scale", "auto"]).scale is None
    assert build_parser().parse_args(["preview", "--scale", "0.5"]).scale == 0.5
    with pytest.raises(SystemExit) as refused:
        build_parser().parse_args(["preview", "--scale", "3"])
    assert refused.value.code == 2
    assert "argument --scale: must be 'auto' or a number from 0.2 to 1.0" in capsys.readouterr().err
    args = argparse.Namespace(scene=None, stereo=False, rate=90.0, frames=1, silent=True, scale="3")
    assert run_desktop(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--scale must be 'auto' or a number from 0.2 to 1.0" in err[0]
