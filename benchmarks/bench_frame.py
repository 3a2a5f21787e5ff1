"""CPU time of a whole stereo frame through the App, for every built-in scene, beside a bare loop.

A frame is ``App.step`` and ``App.draw`` for both eyes into 16x16 targets (so llvmpipe's
rasterising does not count); ``ctx.finish()`` runs outside the timed region. The frame and
its floor take turns going first. Time is the calling thread's CPU time, so other processes
on a shared machine do not inflate it. The floor replays the moderngl calls of a second of recorded frames, in turn — the
same draws, uniform writes and binds, with the values changing from frame to frame as they do
live — with none of our Python (:mod:`benchmarks.gl_replay`). Before recording, the menu's
panel is finished painting, so the floor draws what the timed frames draw.
Frames run on a virtual 90 Hz clock with the GC policy of the backends; every collection is
timed against a bare collection sampled every ``FLOOR_EVERY`` frames and after each full one
(:mod:`benchmarks.gc_pauses`). ``BENCH_INJECT_MS`` adds work to every collection
(:mod:`benchmarks.inject`). With the menu open too when ``vrasmr.ui`` exists and the menu button opens it.
Run: ``python -m benchmarks bench_frame`` (``BENCH_FRAME_FRAMES`` sets the frame count).
"""

from __future__ import annotations

import importlib.util
import json
import os
import statistics
import time

from benchmarks.gc_pauses import PauseFloor
from benchmarks.inject import collections_slowed
from benchmarks.rows import row as _row

SIZE = (16, 16)
RATE = 90.0
FRAMES = int(os.environ.get("BENCH_FRAME_FRAMES", "10000"))
WARMUP = 200
FLOOR_FRAMES = 90  # one second of frames, replayed in turn as the floor
FLOOR_EVERY = 900  # frames between samples of the GC pause floor
_clock = time.thread_time


def _stats_ms(samples: list[float]) -> tuple[float, float, float]:
    s = sorted(samples)
    return (statistics.median(s) * 1e3, s[int(0.99 * (len(s) - 1))] * 1e3, s[-1] * 1e3)


def _bare_loop(frame, renderer):
    """The floor: the moderngl calls of ``FLOOR_FRAMES`` consecutive frames, recorded and
    replayed in turn with no Python of ours around them (see :mod:`benchmarks.gl_replay`)."""
    from benchmarks.gl_replay import record_frames, replay_loop

    rebind = renderer.forget_commands if renderer is not None else None
    return replay_loop(record_frames(lambda _: frame(), FLOOR_FRAMES, rebind=rebind))


def menu_available() -> bool:
    """True when the menu package has code in it (it may not exist yet)."""
    spec = importlib.util.find_spec("vrasmr.ui")
    return spec is not None and spec.origin is not None


def open_menu(app, session) -> bool:
    """Press the menu button once; True if the App now says its menu is open."""
    from dataclasses import replace

    frame = session.frame_at(session.clock.tick())
    app.step(replace(frame, buttons=frozenset({"menu"})))
    menu = getattr(app, "menu", None)
    for holder, name in ((menu, "visible"), (app, "menu_open"), (menu, "is_open")):
        value = getattr(holder, name, None) if holder is not None else None
        if isinstance(value, bool):
            return value
    return False


def measure_scene(ctx, scene_id: str, *, menu: bool, frames: int = FRAMES, pauses=None):
    """(app frame CPU seconds, bare frame CPU seconds) or None when the menu will not open.
    ``pauses``, a :class:`~benchmarks.gc_pauses.PauseFloor`, gets this run's collections."""
    from vrasmr.backends.headless import HeadlessSession, yaw_sweep
    from vrasmr.gc_policy import GCPolicy
    from vrasmr.session.factory import build_app

    app = build_app(scene_id, ctx, engine_kind="loopback", seed=1, sleep_timer=None)
    session = HeadlessSession(app, ctx, size=SIZE, fps=RATE, head_path=yaw_sweep(45.0, 30.0))
    policy = GCPolicy()
    try:
        if menu and not open_menu(app, session):
            return None

        def one_frame():
            frame = session.frame_at(session.clock.tick())
            state = app.step(frame)
            for k, view in enumerate(frame.views):
                app.draw(state, view, session.eyes.fbos[k], SIZE)

        for _ in range(WARMUP):
            one_frame()
            ctx.finish()
        app.finish_menu_paint()  # the floor must draw the panel the timed frames draw
        one_frame()
        bare = _bare_loop(one_frame, app.renderer)
        timings = {"app": [], "bare": []}
        policy.after_load()
        if pauses is not None:
            pauses.discard_segment()  # the warm-up's collections are not the policy's
        period = 1.0 / RATE

        def timed_app(frame) -> float:
            c0 = _clock()
            state = app.step(frame)
            for k, view in enumerate(frame.views):
                app.draw(state, view, session.eyes.fbos[k], SIZE)
            spent = _clock() - c0
            ctx.finish()
            return spent

        def timed_bare() -> float:
            c0 = _clock()
            bare()
            spent = _clock() - c0
            ctx.finish()
            return spent

        for i in range(frames + WARMUP):
            t = session.clock.tick()
            frame = session.frame_at(t)  # the backend's part, measured by bench_openxr
            # The two take turns going first, each after a ctx.finish(), so neither always
            # meets caches and a GL queue that the other has just warmed.
            if i % 2:
                spent_bare = timed_bare()
                spent_app = timed_app(frame)
            else:
                spent_app = timed_app(frame)
                spent_bare = timed_bare()
            gen = policy.between_frames(max(period - spent_app, 0.0))
            if pauses is not None and (gen == 2 or i % FLOOR_EVERY == 0):
                pauses.sample()
            if i >= WARMUP:
                timings["app"].append(spent_app)
                timings["bare"].append(spent_bare)
        if pauses is not None:
            pauses.end_segment()
        return timings["app"], timings["bare"]
    finally:
        policy.close()
        session.close()
        app.close()


def run() -> list[dict]:
    from vrasmr.gc_policy import GCMonitor
    from vrasmr.render.context import create_headless_context
    from vrasmr.session.assets import scene_library

    ctx = create_headless_context()
    rows = []
    states = ["closed"] + (["open"] if menu_available() else [])
    with GCMonitor() as monitor, collections_slowed(monitor):
        pauses = PauseFloor(monitor)
        for scene_id in scene_library().ids():
            for menu in states:
                got = measure_scene(ctx, scene_id, menu=menu == "open", pauses=pauses)
                label = f"frame_cpu {scene_id} menu {menu}"
                if got is None:
                    rows.append(_row(f"{label}: menu did not open", 0, "-", "opens", False))
                    continue
                med, p99, worst = _stats_ms(got[0])
                floor, _, _ = _stats_ms(got[1])
                ratio = med / floor if floor > 0 else float("inf")
                rows += [
                    _row(f"{label} median", med, "ms", "<= 1.0 ms", med <= 1.0, floor, ratio),
                    _row(f"{label} p99", p99, "ms", "<= 2.0 ms", p99 <= 2.0),
                    _row(f"{label} max", worst, "ms", "informational", True),
                    _row(f"{label} over bare loop", ratio, "x", "<= 1.5x", ratio <= 1.5, 1.0),
                ]
        rows.append(pauses.row("frame runs"))
    ctx.release()
    return rows


if __name__ == "__main__":
    for r in run():
        print(json.dumps(r))
