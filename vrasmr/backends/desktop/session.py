"""The desktop preview: the headset's App frame step in a glfw window, with the mouse as the head.

One fixed-rate loop: the clock gives the frame time (deadline pacing, or the vsync grid),
the head pose from :mod:`~vrasmr.backends.desktop.head` feeds both the renderer and the
listener, and the overlay shows stats, reload errors and shortcuts. The scene is drawn at a
render scale (:mod:`~vrasmr.backends.desktop.render_scale`, dynamic resolution by default) and
upscaled into the window, so a slow GPU keeps the frame rate. Closing the window, Ctrl-C or
a lost GL context fade the sound out over a second before the App closes.
"""

from __future__ import annotations

import contextlib
import logging
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vrasmr.backends.desktop.head import HeadControl, fit_slots, layout, make_frame, mouse_ray
from vrasmr.backends.desktop.render_scale import RenderScale, parse_scale
from vrasmr.backends.desktop.stats import FrameStats
from vrasmr.backends.desktop.window import DesktopWindow, WindowUnavailable
from vrasmr.backends.notices import say_notices
from vrasmr.backends.signals import stop_on_signals

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_UNAVAILABLE = 2
FADE_S = 1.0


@dataclass
class PreviewOptions:
    scene: str | None = None
    stereo: bool = False
    rate: float = 90.0
    frames: int = 0  # 0 = until the window closes
    silent: bool = False
    vsync: bool = False
    size: tuple[int, int] = (1280, 720)
    fov_deg: float = 90.0
    scale: float | None = None  # render scale 0.2..1; None = dynamic (follows frame work)
    sleep_timer: object = "scene"  # see vrasmr.session.factory.build_app
    journal: bool | None = None  # None: only real sessions (device sound, no --frames)


class DesktopSession:
    """Runs an App in a window frame by frame; ``step()`` is one frame, ``run()`` the loop."""

    def __init__(
        self,
        app,
        window: DesktopWindow,
        clock,
        *,
        stereo: bool = False,
        fov_deg: float = 90.0,
        head: HeadControl | None = None,
        reload=None,
        audio_sink=None,
        overlay: bool = True,
        scale: float | None = None,
    ):
        """``scale`` fixes the render scale (1.0 draws straight into the window, as the
        image tests need); None lets it follow the frame work (dynamic resolution)."""
        from vrasmr.backends.desktop.input import DesktopInput
        from vrasmr.backends.desktop.overlay import OverlayQuad, TextImage
        from vrasmr.backends.desktop.upscale import Upscaler

        self.app = app
        self.window = window
        self.clock = clock
        self.stereo = stereo
        self.fov_deg = fov_deg
        self.head = head or HeadControl()
        self.input = DesktopInput(self.head)
        self.input.install(window)
        self.reload = reload
        self.audio_sink = audio_sink  # called with each frame's (n, 2) mix (loopback engines)
        self.stats = FrameStats()
        self.last_work = 0.0  # seconds the last step took (the GC gets what is left)
        self.text = TextImage()
        self.quad = OverlayQuad(window.ctx) if overlay else None
        self.render_scale = RenderScale(clock.period, fixed=scale)
        self.upscaler = Upscaler(window.ctx)
        self.render_size: tuple[int, int] = (0, 0)  # of the last drawn frame
        self.context_lost: str | None = None
        self.last_state = None
        self.last_frame = None
        self.messages: list[tuple[float, str]] = []  # (until, line) short notices
        self.capture: np.ndarray | None = None
        self._capture_next = False
        self.presented = 0
        self._samples_done = 0
        self._loopback = app.sound_status.loopback  # else the device mixes by itself

    # ---- one frame --------------------------------------------------------------------
    def step(self, *, draw: bool = True) -> None:
        """Tick the clock, step the App on the mouse head, draw, present, mix loopback audio."""
        t = self.clock.tick()
        started = time.perf_counter()
        self.window.poll()
        fb = self.window.framebuffer_size
        head = self.head.pose()
        slots = layout(head, fb, stereo=self.stereo, fov_deg=self.fov_deg)
        win_w = max(self.window.window_size[0], 1)
        mouse = None if self.head.looking else mouse_ray(slots, self.head.cursor_px, fb[0] / win_w)
        frame = make_frame(
            t, head, slots, self.head.take_buttons(), mouse=mouse, click=self.head.take_click()
        )
        state = self.app.step(frame)
        if getattr(state, "recenter_requested", False):
            self.head.recenter()
        self.last_frame, self.last_state = frame, state
        if self.reload is not None:
            self.reload.poll(t)
        drawn = draw and self.context_lost is None and fb[0] > 0 and fb[1] > 0
        if drawn:
            self._draw(state, slots, fb, t)
        self._mix_audio()
        work = self.last_work = time.perf_counter() - started
        self.stats.add(work, self.clock.now() - t)
        if drawn:
            self.render_scale.add(t, work, fb[1])

    def _draw(self, state, slots, fb, t: float) -> None:
        try:
            screen = self.window.screen
            size = self.render_scale.size(fb)
            scaled = size != tuple(fb)
            if scaled:  # draw small, then stretch over the window
                target = self.upscaler.target(size)
                slots = fit_slots(slots, size)
            else:
                target = screen
            target.use()
            target.viewport = (0, 0, size[0], size[1])
            target.clear(0.0, 0.0, 0.0, 1.0)
            for slot in slots:
                self.app.draw(state, slot.view, target, slot.size, viewport=slot.viewport)
            if scaled:
                self.upscaler.present(screen, fb)
            self.render_size = size
            if self._capture_next or self.input.screenshot_requested:
                self.capture = self.window.read()
                self._capture_next = False
                if self.input.screenshot_requested:
                    self.input.screenshot_requested = False
                    self._save_screenshot(t)
            if self.quad is not None:
                self.text.update(self.overlay_lines(t), t)
                self.quad.draw(screen, fb, self.text)
            self.window.swap()
            if self.presented == 0:
                log.info("first frame presented at %.3f (unix time)", time.time())
            self.presented += 1
        except Exception as exc:  # a lost context: stop drawing, the sound fades out
            self.context_lost = f"lost the OpenGL context: {exc}"
            log.warning(self.context_lost)

    def _mix_audio(self) -> None:
        if not self._loopback:
            return
        app = self.app
        end = round(self.clock.index * app.sample_rate / self.clock.rate)
        n, self._samples_done = end - self._samples_done, end
        if n > 0:
            mix = app.render_sound(n)
            if self.audio_sink is not None:
                self.audio_sink(mix)

    def grab_next(self) -> None:
        """Keep a copy of the next drawn frame (before the overlay) in ``capture``."""
        self._capture_next = True

    def _save_screenshot(self, t: float) -> None:
        from PIL import Image

        name = f"vrasmr-{self.app.scene.scene.id}-{time.strftime('%Y%m%d-%H%M%S')}.png"
        path = Path.cwd() / name
        try:
            Image.fromarray(self.capture).save(path)
            self.notice(t, f"screenshot saved: {path.name}")
        except OSError as exc:
            self.notice(t, f"! screenshot failed: {exc}")

    def notice(self, t: float, line: str, seconds: float = 4.0) -> None:
        self.messages.append((t + seconds, line))

    # ---- overlay text -----------------------------------------------------------------
    def overlay_lines(self, t: float) -> list[str]:
        from vrasmr.backends.desktop.input import SHORTCUTS

        lines: list[str] = []
        if self.input.show_stats:
            med, p99 = self.stats.work_ms()
            status = self.app.sound_status
            mode = "stereo" if self.stereo else "mono"
            rs = self.render_scale
            w, h = self.render_size
            lines += [
                f"{self.app.scene.scene.id}  t {t:7.1f} s  {mode}  {self.clock.rate:g} Hz",
                f"frame {med:5.1f} ms median  {p99:5.1f} ms p99  dropped {self.clock.dropped}",
                f"render {w}x{h}  scale {rs.scale:.2f} {'fixed' if rs.fixed else 'auto'}",
                f"voices {status.active_voices}  audio {status.backend} {status.device}"[:90],
                f"HRTF {status.hrtf} {status.hrtf_name}".rstrip(),
            ]
        errors = list(self.reload.errors()) if self.reload is not None else []
        errors += [p for p in self.app.problems if p not in errors][-3:]
        lines += [f"! {e}"[:140] for e in errors]
        self.messages = [(until, m) for until, m in self.messages if until > t]
        lines += [m for _, m in self.messages]
        if self.input.show_help:
            lines += ["", *SHORTCUTS]
        elif lines:
            lines.append("? shortcuts")
        return lines

    # ---- the loop -----------------------------------------------------------------------
    def run(self, frames: int = 0, stop_requested=None) -> str:
        """Run until closed (or ``frames`` frames), then fade out; returns why it ended.

        ``stop_requested()`` True (SIGTERM, SIGHUP: :mod:`vrasmr.backends.signals`) ends
        the run as Ctrl-C does ("interrupted")."""
        from vrasmr.gc_policy import GCPolicy

        reason = "frames"
        policy = GCPolicy()  # no automatic collections while frames are shown
        policy.after_load()
        period = 1.0 / self.clock.rate
        try:
            n = 0
            while frames <= 0 or n < frames:
                if self.window.should_close or self.input.quit_requested:
                    reason = "closed"
                    break
                if self.context_lost is not None:
                    reason = "context-lost"
                    break
                if stop_requested is not None and stop_requested():
                    reason = "interrupted"
                    break
                self.step()
                policy.between_frames(max(period - self.last_work, 0.0))
                n += 1
        except KeyboardInterrupt:
            reason = "interrupted"
        finally:
            policy.close()
        self.fade_out()
        return reason

    def fade_out(self, seconds: float = FADE_S) -> None:
        """Keep stepping for ``seconds`` with the volume heading to zero (no cut)."""
        app = self.app
        app.silence()
        if self.window.handle is not None and self.context_lost is None:
            self.window.hide()
        for _ in range(max(1, math.ceil(seconds * self.clock.rate))):
            try:
                self.step(draw=False)
            except KeyboardInterrupt:
                break
            app.silence()

    def close(self, reason: str = "user") -> None:
        try:
            self.app.close(reason)
        finally:
            if self.context_lost is None:
                with contextlib.suppress(Exception):
                    self.upscaler.release()
                    if self.quad is not None:
                        self.quad.release()
            self.window.close()


def make_clock(rate: float, window: DesktopWindow):
    """Deadline pacing at ``rate``, or the vsync grid at the monitor's rate when vsync is on."""
    if window.vsync:
        from vrasmr.backends.desktop.pacing import VsyncClock

        return VsyncClock(window.refresh_rate() or rate)
    from vrasmr.clock import RealClock

    return RealClock(rate)


def options_from_args(args) -> PreviewOptions:
    return PreviewOptions(
        scene=getattr(args, "scene", None),
        stereo=bool(getattr(args, "stereo", False)),
        rate=float(getattr(args, "rate", 90.0) or 90.0),
        frames=int(getattr(args, "frames", 0) or 0),
        silent=bool(getattr(args, "silent", False)),
        vsync=bool(getattr(args, "vsync", False)),
        scale=parse_scale(getattr(args, "scale", None)),
        sleep_timer=getattr(args, "sleep_timer", "scene"),
        journal=True if getattr(args, "journal", False) else None,
    )


def open_preview(
    opts: PreviewOptions,
    *,
    engine_kind: str | None = None,
    clock=None,
    reload: bool = True,
    visible: bool = True,
    audio_sink=None,
) -> DesktopSession:
    """Window, App and session, ready to run; raises :class:`WindowUnavailable`."""
    if not opts.rate > 0:
        raise ValueError(f"--rate must be positive, got {opts.rate}")
    window = DesktopWindow(
        opts.size,
        f"vrasmr preview — {opts.scene or 'first scene'}",
        vsync=opts.vsync,
        visible=visible,
    )
    try:
        from vrasmr.session.factory import build_app

        kind = engine_kind or ("silent" if opts.silent else "auto")
        journal = opts.journal
        if journal is None:  # scripted runs (--frames) stay out of the personal journal
            journal = kind == "auto" and opts.frames <= 0
        app = build_app(
            opts.scene,
            window.ctx,
            engine_kind=kind,
            journal=journal,
            sleep_timer=opts.sleep_timer,
            sleep_source="mouse",  # no breathing from a mouse: its stillness stands in
        )
    except BaseException:
        window.close()
        raise
    try:
        from vrasmr.backends.desktop.reload import HotReload

        hot = HotReload(app) if reload else None
        session = DesktopSession(
            app,
            window,
            clock or make_clock(opts.rate, window),
            stereo=opts.stereo,
            fov_deg=opts.fov_deg,
            reload=hot,
            audio_sink=audio_sink,
            scale=opts.scale,
        )
    except BaseException:
        app.close("failed")
        window.close()
        raise
    return session


def run_desktop(args) -> int:
    """``vrasmr preview``: 0 when the session ended normally, 2 when the window cannot open
    (or an option is out of range)."""
    try:
        opts = options_from_args(args)
    except ValueError as exc:
        print(f"vrasmr preview: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    with stop_on_signals() as stop:  # SIGTERM, SIGHUP: fade out, close, journal the end
        try:
            session = open_preview(opts)
        except WindowUnavailable as exc:
            print(f"vrasmr: the desktop window cannot open: {exc}", file=sys.stderr)
            return EXIT_UNAVAILABLE
        say_notices(session.app)
        reason = "user"
        try:
            reason = session.run(opts.frames, stop.requested)
        finally:
            session.close(reason)
    if session.context_lost:
        print(f"vrasmr: {session.context_lost}", file=sys.stderr)
    return EXIT_OK
