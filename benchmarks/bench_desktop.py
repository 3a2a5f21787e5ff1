"""Desktop preview: time from ``vrasmr preview`` to the first presented frame, and frame pacing.

Startup runs the real command in a fresh process (``-v preview --frames 1 --silent``) and
reads the "first frame presented" log line; cold = fresh user folder and no Mesa shader
cache, warm = the same run again. The floor is a bare glfw window's first swap in a fresh
process. Pacing runs the preview loop at 90 Hz at the default (dynamic) render scale, once
the scale has settled, beside a bare clear-and-swap loop on the same clock (the floor), and
counts frames presented more than one period late; it reports the settled scale and, for
information, the frame work at full scale (1280x720). Without a display it starts its own
Xvfb. Run: ``python -m benchmarks.bench_desktop``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time

from benchmarks.rows import over
from benchmarks.rows import row as _row

RATE = 90.0
PACING_FRAMES = 450  # five seconds at 90 Hz
SETTLED_S = 3.0  # the render scale counts as settled after this long without a change ...
SETTLE_LIMIT_S = 20.0  # ... or after this long in all
FULL_FRAMES = 60  # frames at full scale (about 50 ms each on llvmpipe)
_FIRST = re.compile(r"first frame presented at ([0-9.]+)")

_BARE_WINDOW = """
import time, glfw, moderngl
glfw.init()
glfw.window_hint(glfw.CONTEXT_VERSION_MAJOR, 3)
glfw.window_hint(glfw.CONTEXT_VERSION_MINOR, 3)
glfw.window_hint(glfw.OPENGL_PROFILE, glfw.OPENGL_CORE_PROFILE)
glfw.window_hint(glfw.OPENGL_FORWARD_COMPAT, True)
w = glfw.create_window(1280, 720, "bare", None, None)
glfw.make_context_current(w)
ctx = moderngl.create_context()
ctx.screen.clear(0.0, 0.0, 0.0, 1.0)
glfw.swap_buffers(w)
print("first frame presented at %.6f" % time.time(), flush=True)
glfw.terminate()
"""


def _first_frame_s(cmd: list[str], env: dict) -> float:
    start = time.time()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    found = _FIRST.search(proc.stdout + proc.stderr)
    if proc.returncode != 0 or found is None:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-500:]}")
    return float(found.group(1)) - start


def _startup(env: dict) -> tuple[float, float, float]:
    """(cold, warm, bare) seconds to the first presented frame."""
    home = tempfile.mkdtemp(prefix="vrasmr-bench-home-")
    cmd = [sys.executable, "-m", "vrasmr", "-v", "preview", "--frames", "1", "--silent"]
    cold_env = dict(env, VRASMR_HOME=home, MESA_SHADER_CACHE_DISABLE="true")
    cold = _first_frame_s(cmd, cold_env)
    warm = min(_first_frame_s(cmd, dict(env, VRASMR_HOME=home)) for _ in range(2))
    bare = min(_first_frame_s([sys.executable, "-c", _BARE_WINDOW], env) for _ in range(2))
    return cold, warm, bare


def _settle(session) -> float:
    """Step until the render scale has held for ``SETTLED_S``; seconds it took."""
    start = last_change = time.perf_counter()
    scale = session.render_scale.scale
    while time.perf_counter() - last_change < SETTLED_S:
        if time.perf_counter() - start > SETTLE_LIMIT_S:
            break
        session.step()
        if session.render_scale.scale != scale:
            scale, last_change = session.render_scale.scale, time.perf_counter()
    return last_change - start


def _pacing() -> dict:
    """Pacing at 90 Hz at the dynamic render scale, the bare loop's, and full-scale work."""
    from vrasmr.backends.desktop import PreviewOptions, open_preview
    from vrasmr.backends.desktop_stats import FrameStats
    from vrasmr.backends.render_scale import RenderScale
    from vrasmr.clock import RealClock

    session = open_preview(PreviewOptions(rate=RATE, silent=True), reload=True)
    out: dict = {}
    try:
        out["settle_s"] = _settle(session)
        changes = session.render_scale.changes
        session.stats = FrameStats(PACING_FRAMES)
        session.clock = RealClock(RATE)
        for _ in range(PACING_FRAMES):
            session.step()
        out["late"] = session.stats.late_share(1.0 / RATE)
        out["med"], out["p99"] = session.stats.work_ms()
        out["dropped"] = session.clock.dropped
        out["scale"] = session.render_scale.scale
        out["size"] = session.render_size
        out["changes"] = session.render_scale.changes - changes
        session.render_scale = RenderScale(1.0 / RATE, fixed=1.0)
        for _ in range(10):
            session.step()
        session.stats = FrameStats(FULL_FRAMES)
        for _ in range(FULL_FRAMES):
            session.step()
        out["full_med"], out["full_p99"] = session.stats.work_ms()
        window = session.window
        bare_clock, bare = RealClock(RATE), FrameStats(PACING_FRAMES)
        for _ in range(PACING_FRAMES):
            t = bare_clock.tick()
            t0 = time.perf_counter()
            window.poll()
            window.screen.use()
            window.screen.clear(0.0, 0.0, 0.0, 1.0)
            window.swap()
            bare.add(time.perf_counter() - t0, bare_clock.now() - t)
    finally:
        session.close("bench")
    out["bare_late"] = bare.late_share(1.0 / RATE)
    return out


def run() -> list[dict]:
    from vrasmr.backends.xvfb import start_xvfb

    server = None
    if not os.environ.get("DISPLAY"):
        server = start_xvfb((1280, 720))
        os.environ["DISPLAY"] = server.display
    try:
        env = dict(os.environ)
        cold, warm, bare = _startup(env)
        pace = _pacing()
    finally:
        if server is not None:
            server.stop()
            del os.environ["DISPLAY"]
    late, dropped, med = pace["late"], pace["dropped"], pace["med"]
    w, h = pace["size"]
    late_floor = max(pace["bare_late"] * 100, 0.1)
    return [
        _row(
            "preview_first_frame_cold", cold, "s", "<= 10 s", cold <= 10.0, bare, over(cold, bare)
        ),
        _row("preview_first_frame_warm", warm, "s", "<= 5 s", warm <= 5.0, bare, over(warm, bare)),
        _row(
            "preview_late_frames_90hz",
            late * 100,
            "%",
            "<= 5 %",
            late <= 0.05,
            late_floor,
            over(late * 100, late_floor),
        ),
        _row(
            "preview_dropped_frames_90hz",
            dropped,
            "frames",
            f"<= {PACING_FRAMES // 20} of {PACING_FRAMES}",
            dropped <= PACING_FRAMES // 20,
        ),
        _row(
            f"preview_render_scale_settled ({w}x{h}, {pace['changes']} changes while measured)",
            pace["scale"],
            "x",
            "informational",
            True,
        ),
        _row("preview_render_scale_settle_time", pace["settle_s"], "s", "informational", True),
        _row("preview_frame_work_median", med, "ms", "<= 11.1 ms", med <= 1e3 / RATE),
        _row("preview_frame_work_p99", pace["p99"], "ms", "informational", True),
        _row(
            "preview_frame_work_median_1280x720_full_scale",
            pace["full_med"],
            "ms",
            "informational",
            True,
        ),
        _row(
            "preview_frame_work_p99_1280x720_full_scale",
            pace["full_p99"],
            "ms",
            "informational",
            True,
        ),
    ]


if __name__ == "__main__":
    for r in run():
        print(json.dumps(r))
