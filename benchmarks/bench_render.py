"""CPU cost of the Python side of a stereo frame for the heaviest scene, beside a bare loop.

Targets are 16x16 so llvmpipe's rasterising does not dominate; ``ctx.finish()`` runs outside
the timed region. The floor replays a second of recorded frames' moderngl calls in turn (same
draws, uniform and buffer writes, binds; :mod:`benchmarks.gl_replay`) with none of the
Renderer's or layers' Python. Times are the calling thread's CPU time.
Run: ``python -m benchmarks.bench_render``.
"""

from __future__ import annotations

import json
import statistics
import time

from benchmarks.rows import row

SIZE = (16, 16)
FRAMES = 400
MAX_CALLS = 40  # per eye: the layers' draws, the bloom's three and the final pass
HEAVIEST = [  # (kind, the layer's fields beside its defaults)
    ("sky", {}),
    ("terrain", {}),
    ("water", {}),
    ("aurora", {}),
    ("room", {"table": True, "objects": ["window", "rug", "bookshelf", "curtains", "lamp"]}),
    ("window_rain", {"position": (0.0, 0.4, -2.45)}),
    ("candles", {"count": 8}),
    ("fire", {"embers": 80}),
    ("fog", {}),
    ("particles", {"type": "fireflies", "count": 400}),
    ("orb", {}),
    (
        "props",
        {
            "items": [
                {"shape": "box", "size_m": (0.5, 0.4, 0.4), "bevel_m": 0.03, "material": "wood"},
                {"shape": "scatter", "count": 40, "item": {"shape": "rock", "material": "stone"}},
                {"shape": "tree", "position": (3.0, -1.1, -8.0), "material": "foliage"},
            ]
        },
    ),
]


def _stats(samples):
    s = sorted(samples)
    return statistics.median(s) * 1e3, s[int(0.99 * (len(s) - 1))] * 1e3


def run() -> list[dict]:

    from vrasmr.content import shaders_dir
    from vrasmr.frame import View
    from vrasmr.render.context import create_headless_context
    from vrasmr.render.contract import Still
    from vrasmr.render.programs import ProgramLibrary
    from vrasmr.render.renderer import Renderer
    from vrasmr.scene.layers import make_layer
    from vrasmr.xmath import Fov, Pose, eye_poses

    ctx = create_headless_context()
    renderer = Renderer(ctx, ProgramLibrary(ctx, shaders_dir()))
    renderer.set_layers([make_layer(kind, **fields) for kind, fields in HEAVIEST])
    out = ctx.framebuffer([ctx.texture(SIZE, 4)])
    fov = Fov.symmetric(100.0, 1.0)
    views = [View(p, fov) for p in eye_poses(Pose.make())]

    def frame(t):
        state = Still(t, 0.4)  # (a session's App makes its FrameState once a frame too)
        for v in views:
            renderer.draw(state, v, out, SIZE)

    from benchmarks.gl_replay import record_frames, replay_loop

    for i in range(20):  # warm up before recording
        frame(i / 90.0)
    recorded = record_frames(lambda i: frame(i / 90.0), 90, rebind=renderer.forget_commands)
    calls = recorded[0]
    bare = replay_loop(recorded)

    timings = {"renderer": [], "bare": []}
    for i in range(FRAMES + 20):  # interleaved, first 20 frames warm up
        for name, fn in (("renderer", frame), ("bare", bare)):
            t0 = time.thread_time()
            fn(i / 90.0)
            dt = time.thread_time() - t0
            ctx.finish()
            if i >= 20:
                timings[name].append(dt)
    med, p99 = _stats(timings["renderer"])
    bmed, _ = _stats(timings["bare"])
    ratio = med / bmed if bmed > 0 else float("inf")
    n_calls = sum(getattr(c.func, "__qualname__", "") == "VertexArray.render" for c in calls)
    renderer.release()

    per_eye = n_calls / len(views)
    return [
        row("stereo_frame_cpu_median", med, "ms", 1.0, med <= 1.0, bmed, ratio),
        row("stereo_frame_cpu_p99", p99, "ms", 2.0, p99 <= 2.0),
        row("renderer_over_bare_loop", ratio, "x", 1.5, ratio <= 1.5, 1.0, ratio),
        row("draw_calls_per_eye", per_eye, "calls", MAX_CALLS, per_eye <= MAX_CALLS),
    ]


if __name__ == "__main__":
    for r in run():
        print(json.dumps(r))
