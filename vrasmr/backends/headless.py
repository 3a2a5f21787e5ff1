"""Headless backend: EGL offscreen eyes, a virtual clock, a scripted head and loopback audio.

Deterministic: the same scene, size, rate and head path give the same pixels and samples.
It serves ``vrasmr`` with no display, ``vrasmr check``, exports, the tests and the benchmarks.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from vrasmr.clock import VirtualClock
from vrasmr.frame import Frame, View
from vrasmr.xmath import Fov, Pose, eye_poses, quat_from_yaw_pitch_roll

HeadPath = Callable[[float], Pose]


def still_head(t: float) -> Pose:
    return Pose.make()


def yaw_sweep(amplitude_deg: float = 60.0, period_s: float = 20.0) -> HeadPath:
    """A slow, smooth look left and right (sinusoidal yaw about the upright head)."""
    amp = math.radians(amplitude_deg)

    def path(t: float) -> Pose:
        yaw = amp * math.sin(2.0 * math.pi * t / period_s)
        return Pose.make((0.0, 0.0, 0.0), quat_from_yaw_pitch_roll(yaw))

    return path


@dataclass
class Eyes:
    """Offscreen RGBA8 targets for each eye, made once."""

    ctx: object
    size: tuple[int, int]
    fbos: list = field(default_factory=list)

    def __post_init__(self):
        for _ in range(2):
            tex = self.ctx.texture(self.size, 4)
            self.fbos.append(self.ctx.framebuffer([tex]))

    def read(self, eye: int) -> np.ndarray:
        """The eye's picture as (h, w, 3) uint8, top row first."""
        w, h = self.size
        raw = self.fbos[eye].read(components=3, alignment=1)
        return np.frombuffer(raw, dtype=np.uint8).reshape(h, w, 3)[::-1]

    def release(self) -> None:
        for fbo in self.fbos:
            for att in fbo.color_attachments:
                att.release()
            fbo.release()


class HeadlessSession:
    """Runs an App frame by frame on a virtual clock, mixing audio in step with the frames."""

    def __init__(
        self,
        app,
        ctx,
        *,
        size=(320, 180),
        fps: float = 30.0,
        head_path: HeadPath = still_head,
        fov_deg: float = 90.0,
        ipd: float = 0.063,
    ):
        self.app = app
        self.ctx = ctx
        self.size = tuple(size)
        self.clock = VirtualClock(fps)
        self.head_path = head_path
        self.fov = Fov.symmetric(fov_deg, size[0] / size[1])
        self.ipd = ipd
        self.eyes = Eyes(ctx, self.size) if ctx is not None else None
        self._samples_done = 0
        self.last_state = None

    def frame_at(self, t: float) -> Frame:
        head = self.head_path(t)
        left, right = eye_poses(head, self.ipd)
        views = (View(left, self.fov), View(right, self.fov))
        gaze = head.forward
        from vrasmr.frame import Pointer

        return Frame(
            time_s=t, head=head, views=views, pointers=(Pointer("gaze", head.position, gaze),)
        )

    def step(self, *, draw: bool = False, audio: bool = True) -> np.ndarray | None:
        """One frame: App step, optional draw of both eyes, and this frame's audio."""
        t = self.clock.tick()
        frame = self.frame_at(t)
        state = self.app.step(frame)
        self.last_state = state
        if draw and self.eyes is not None:
            for i, view in enumerate(frame.views):
                self.app.draw(state, view, self.eyes.fbos[i], self.size)
        if not audio:
            return None
        end = round(self.clock.index * self.app.sample_rate / self.clock.rate)
        n = end - self._samples_done
        self._samples_done = end
        return self.app.render_sound(n)

    def run(self, seconds: float, *, draw_every: int = 0, on_frame=None) -> np.ndarray:
        """Run for ``seconds``; returns the stereo mix. ``draw_every`` draws every Nth frame."""
        from vrasmr.gc_policy import GCPolicy

        frames = int(round(seconds * self.clock.rate))
        chunks = []
        policy = GCPolicy()  # the frame path's collector, as the other backends run it
        policy.after_load()
        try:
            for k in range(frames):
                draw = draw_every > 0 and (k % draw_every == 0 or k == frames - 1)
                chunks.append(self.step(draw=draw))
                if on_frame is not None:
                    on_frame(k, frames, self)
                policy.between_frames(0.0)
        finally:
            policy.close()
        return np.concatenate(chunks) if chunks else np.zeros((0, 2), np.float32)

    def stereo_image(self) -> np.ndarray:
        """Both eyes side by side (left eye on the left), as drawn last."""
        return np.concatenate([self.eyes.read(0), self.eyes.read(1)], axis=1)

    def close(self) -> None:
        if self.eyes is not None:
            self.eyes.release()


@dataclass
class HeadlessResult:
    png: Path
    wav: Path
    seconds: float
    hrtf: str
    problems: list[str]


def render_to_files(
    scene_id: str | None,
    out_dir: Path,
    *,
    seconds: float = 20.0,
    size=(480, 270),
    fps: float = 30.0,
    sleep_timer="scene",
    seed: int | None = None,
) -> HeadlessResult:
    """The automatic mode's last resort: a stereo PNG and a binaural WAV of a scene.

    ``sleep_timer`` and ``seed`` are as for :func:`vrasmr.session.factory.build_app`.
    """
    import soundfile
    from PIL import Image

    from vrasmr.session.factory import build_headless_app

    out_dir.mkdir(parents=True, exist_ok=True)
    app, ctx = build_headless_app(scene_id, sleep_timer=sleep_timer, seed=seed)
    try:
        session = HeadlessSession(
            app, ctx, size=size, fps=fps, head_path=yaw_sweep(60.0, max(seconds, 1.0))
        )
        audio = session.run(seconds, draw_every=int(fps))
        scene_name = app.scene.scene.id
        png = out_dir / f"{scene_name}-stereo.png"
        wav = out_dir / f"{scene_name}-binaural.wav"
        Image.fromarray(session.stereo_image()).save(png)
        soundfile.write(wav, audio, app.sample_rate, subtype="FLOAT")
        session.close()
        return HeadlessResult(
            png,
            wav,
            seconds,
            app.sound_status.hrtf,
            app.notices(),
        )
    finally:
        app.close()
        ctx.release()
