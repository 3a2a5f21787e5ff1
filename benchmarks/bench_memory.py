"""Peak resident memory (VmHWM) of a headless session per built-in scene, each in a fresh process.

Each child builds the App, plays 20 s of virtual time at 30 fps drawing 640x360 eyes every
third frame with audio through loopback, and reports its peak RSS. The floor is a child that
imports the same modules and opens the same GL context and sound engine with no scene.
Target: the heaviest scene ≤ 300 MB. Run: ``python -m benchmarks bench_memory``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

LIMIT_MB = 300.0
_SCENE = """
import sys
from vrasmr.backends.headless import HeadlessSession
from vrasmr.render.context import create_headless_context
from vrasmr.session.factory import build_app
ctx = create_headless_context()
app = build_app(sys.argv[1], ctx, engine_kind="loopback")
s = HeadlessSession(app, ctx, size=(640, 360), fps=30.0)
s.run(20.0, draw_every=3)
app.close()
"""
_FLOOR = """
from vrasmr.app import App
from vrasmr.backends.headless import HeadlessSession
from vrasmr.render.context import create_headless_context
from vrasmr.sound.engine import open_engine
ctx = create_headless_context()
fbo = ctx.framebuffer([ctx.texture((640, 360), 4)])
fbo.use(); fbo.clear(); ctx.finish()
engine = open_engine("loopback", sample_rate=48000)
engine.render(48000)
engine.close()
"""
_PEAK = "\nprint('VmHWM', open('/proc/self/status').read().split('VmHWM:')[1].split()[0])\n"


def peak_mb(code: str, *args: str) -> float:
    proc = subprocess.run(
        [sys.executable, "-c", code + _PEAK, *args],
        capture_output=True,
        text=True,
        timeout=900,
        env=dict(os.environ),
    )
    for line in proc.stdout.splitlines():
        if line.startswith("VmHWM "):
            return int(line.split()[1]) / 1024.0
    raise RuntimeError(f"no peak reported ({proc.returncode}): {proc.stderr[-400:]}")


def run() -> list[dict]:
    from vrasmr.session.assets import scene_library

    floor = peak_mb(_FLOOR)
    peaks = {scene_id: peak_mb(_SCENE, scene_id) for scene_id in scene_library().ids()}
    rows = [
        {
            "name": f"peak RSS {scene_id}",
            "value": round(mb, 1),
            "unit": "MB",
            "floor": round(floor, 1),
            "ratio": round(mb / floor, 2),
            "target": f"<= {LIMIT_MB:g} MB",
            "passed": mb <= LIMIT_MB,
        }
        for scene_id, mb in peaks.items()
    ]
    heaviest = max(peaks, key=peaks.get)
    rows.append(dict(rows[list(peaks).index(heaviest)], name=f"peak RSS heaviest ({heaviest})"))
    return rows


if __name__ == "__main__":
    for r in run():
        print(json.dumps(r))
