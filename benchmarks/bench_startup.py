"""Start-up and switches: headless first frame, scene load (cold and warm), scene switch gaps.

First frame: a fresh process from spawn to the first headless stereo frame drawn and
finished; cold = empty VRASMR_HOME and no Mesa shader cache, warm = the same again. The floor
is a bare process that makes an EGL context and clears a framebuffer. (The desktop preview's
first frame is in bench_desktop.) Scene load: ``load_scene`` for every built-in scene with an
empty cache (cold) and again (warm). Switch: frames paced in real time at 90 Hz while each
scene is loaded on the worker thread and adopted; the worst gap between two finished frames
must stay within two periods. Every switch is made ``SWITCH_ROUNDS`` times (rounds through the
library) and the best of its worst gaps counts, with their spread: a busy moment spoils one
round, a slower switch every round. ``BENCH_INJECT_MS`` adds work to each ``switch_scene`` call
(:mod:`benchmarks.inject`). Sound plays as in a session: a playback device (OpenAL Soft's
"null" output, so nothing is heard) mixed on OpenAL's own thread, streams fed by the engine's
thread; and the App is warmed up as a session's is (every layer kind's shaders compiled at
start). Run: ``python -m benchmarks bench_startup``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

from benchmarks.home import vrasmr_home
from benchmarks.inject import slowed
from benchmarks.rows import best_of, over
from benchmarks.rows import row as _row

RATE = 90.0
COLD_LOAD_S, WARM_LOAD_S = 15.0, 2.0
SWITCH_ROUNDS = 5
_FIRST_FRAME = """
import sys, time
from vrasmr.backends.headless import HeadlessSession
from vrasmr.session.factory import build_headless_app
app, ctx = build_headless_app(None)
s = HeadlessSession(app, ctx, size=(64, 64), fps=90.0)
s.step(draw=True, audio=True)
ctx.finish()
print("first frame at %.6f" % time.time(), flush=True)
app.close()
"""
_BARE = """
import time
from vrasmr.render.context import create_headless_context
ctx = create_headless_context()
fbo = ctx.framebuffer([ctx.texture((64, 64), 4)])
fbo.use(); fbo.clear(0.0, 0.0, 0.0, 1.0); ctx.finish()
print("first frame at %.6f" % time.time(), flush=True)
"""


def _first_frame_s(code: str, env: dict) -> float:
    start = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600
    )
    for line in proc.stdout.splitlines():
        if line.startswith("first frame at "):
            return float(line.split()[-1]) - start
    raise RuntimeError(f"no first frame ({proc.returncode}): {proc.stderr[-400:]}")


def first_frame_rows() -> list[dict]:
    home = tempfile.mkdtemp(prefix="vrasmr-bench-home-")
    env = dict(os.environ, VRASMR_HOME=home)
    cold = _first_frame_s(_FIRST_FRAME, dict(env, MESA_SHADER_CACHE_DISABLE="true"))
    warm = min(_first_frame_s(_FIRST_FRAME, env) for _ in range(2))
    bare = min(_first_frame_s(_BARE, env) for _ in range(2))
    return [
        _row(
            "headless first frame (cold)",
            cold,
            "s",
            "<= 15 s",
            cold <= 15.0,
            bare,
            over(cold, bare),
        ),
        _row(
            "headless first frame (warm)", warm, "s", "<= 5 s", warm <= 5.0, bare, over(warm, bare)
        ),
    ]


def load_rows(ids: list[str]) -> list[dict]:
    from vrasmr.session.assets import load_scene

    rows = []
    for scene_id in ids:
        with vrasmr_home(tempfile.mkdtemp(prefix="vrasmr-bench-load-")):
            took = []
            for _ in range(2):
                t0 = time.perf_counter()
                load_scene(scene_id)
                took.append(time.perf_counter() - t0)
        rows += [
            _row(f"load {scene_id} (cold)", took[0], "s", f"<= {COLD_LOAD_S:g} s",
                 took[0] <= COLD_LOAD_S),
            _row(f"load {scene_id} (warm)", took[1], "s", f"<= {WARM_LOAD_S:g} s",
                 took[1] <= WARM_LOAD_S),
        ]  # fmt: skip
    return rows


def _switch_gap(app, session, ctx, policy, target: str) -> float | None:
    """Seconds of the worst gap between finished frames while switching to ``target``;
    None if the App never adopted it."""
    from vrasmr.clock import RealClock

    clock, gaps, last, adopted_at = RealClock(RATE), [], None, None
    scene_before = app.scene
    for i in range(2000):
        t = clock.tick()
        frame = session.frame_at(t)
        state = app.step(frame)
        for k, view in enumerate(frame.views):
            app.draw(state, view, session.eyes.fbos[k], session.size)
        ctx.finish()
        done = time.perf_counter()
        if last is not None:
            gaps.append(done - last)
        last = done
        policy.between_frames(max(clock.index / RATE - clock.now(), 0.0))
        if i == 10:
            app.switch_scene(target)
        if adopted_at is None and app.scene is not scene_before:
            adopted_at = i
        if adopted_at is not None and i >= adopted_at + 45:
            return max(gaps)
    return None


def switch_rows(ids: list[str]) -> list[dict]:
    """Worst gap between finished frames while switching to each scene in turn, best of
    ``SWITCH_ROUNDS`` rounds."""
    from vrasmr.backends.headless import HeadlessSession
    from vrasmr.gc_policy import GCPolicy
    from vrasmr.render.context import create_headless_context
    from vrasmr.session.factory import build_app, warm_up_for_switches

    os.environ.setdefault("ALSOFT_DRIVERS", "null")  # read when OpenAL first opens a device
    ctx = create_headless_context()
    app = build_app(ids[0], ctx, engine_kind="auto", sleep_timer=None)
    warm_up_for_switches(app)
    app.switch_scene = slowed(app.switch_scene)  # BENCH_INJECT_MS
    session = HeadlessSession(app, ctx, size=(64, 64), fps=RATE)
    period = 1.0 / RATE
    sound = app.sound_status.backend  # "openal" (playback); "silent" if no device opened
    policy = GCPolicy()  # as the preview and headset loops run it
    policy.after_load()
    order = ids[1:] + ids[:1]
    gaps: dict[str, list[float]] = {target: [] for target in order}
    try:
        for _ in range(SWITCH_ROUNDS):
            for target in order:
                gap = _switch_gap(app, session, ctx, policy, target)
                gaps[target].append(float("inf") if gap is None else gap * 1e3)
    finally:
        policy.close()
        session.close()
        app.close()
        ctx.release()
    return [
        best_of(
            f"switch to {target}: worst frame gap at 90 Hz ({sound} sound)",
            gaps[target],
            "ms",
            round(2e3 * period, 1),
            floor=period * 1e3,
        )
        for target in order
    ]


def run() -> list[dict]:
    from vrasmr.session.assets import scene_library

    ids = scene_library().ids()
    return first_frame_rows() + load_rows(ids) + switch_rows(ids)


if __name__ == "__main__":
    for r in run():
        print(json.dumps(r))
