"""Desktop preview: time from ``vrasmr preview`` to the first presented frame, and frame pacing.

Startup runs the real command in a fresh process (``-v preview --frames 1 --silent``) and
reads the "first frame presented" log line; cold = fresh user folder and no Mesa shader
cache, warm = the same run again. The floor is a bare glfw window's first swap in a fresh
process. Pacing runs the preview loop at 90 Hz for a few seconds beside a bare clear-and-swap
loop on the same clock (the floor) and counts frames presented more than one period late.
Without a display it starts its own Xvfb. Run: ``python -m benchmarks.bench_desktop``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time

RATE = 90.0
PACING_FRAMES = 450  # five seconds at 90 Hz
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


def _pacing() -> tuple[float, int, float, float, float]:
    """(late share, dropped, bare late share, work median ms, work p99 ms) at 90 Hz."""
    from vrasmr.backends.desktop import PreviewOptions, open_preview
    from vrasmr.backends.desktop_stats import FrameStats
    from vrasmr.clock import RealClock

    session = open_preview(PreviewOptions(rate=RATE, silent=True), reload=True)
    try:
        for _ in range(PACING_FRAMES // 5):  # warm up
            session.step()
        session.stats = FrameStats(PACING_FRAMES)
        session.clock = RealClock(RATE)
        for _ in range(PACING_FRAMES):
            session.step()
        late = session.stats.late_share(1.0 / RATE)
        med, p99 = session.stats.work_ms()
        dropped = session.clock.dropped
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
    return late, dropped, bare.late_share(1.0 / RATE), med, p99


def _row(name, value, unit, floor, target, passed) -> dict:
    ratio = value / floor if floor else None
    return {
        "name": name,
        "value": round(value, 4),
        "unit": unit,
        "floor": None if floor is None else round(floor, 4),
        "ratio": None if ratio is None else round(ratio, 3),
        "target": target,
        "passed": bool(passed),
    }


def run() -> list[dict]:
    from vrasmr.backends.xvfb import start_xvfb

    server = None
    if not os.environ.get("DISPLAY"):
        server = start_xvfb((1280, 720))
        os.environ["DISPLAY"] = server.display
    try:
        env = dict(os.environ)
        cold, warm, bare = _startup(env)
        late, dropped, bare_late, med, p99 = _pacing()
    finally:
        if server is not None:
            server.stop()
            del os.environ["DISPLAY"]
    return [
        _row("preview_first_frame_cold", cold, "s", bare, "<= 10 s", cold <= 10.0),
        _row("preview_first_frame_warm", warm, "s", bare, "<= 5 s", warm <= 5.0),
        _row(
            "preview_late_frames_90hz",
            late * 100,
            "%",
            max(bare_late * 100, 0.1),
            "<= 5 %",
            late <= 0.05,
        ),
        _row(
            "preview_dropped_frames_90hz",
            dropped,
            "frames",
            None,
            f"<= {PACING_FRAMES // 20} of {PACING_FRAMES}",
            dropped <= PACING_FRAMES // 20,
        ),
        _row(
            "preview_frame_work_median_1280x720", med, "ms", None, "<= 11.1 ms", med <= 1e3 / RATE
        ),
        _row("preview_frame_work_p99_1280x720", p99, "ms", None, "informational", True),
    ]


if __name__ == "__main__":
    for r in run():
        print(json.dumps(r))
