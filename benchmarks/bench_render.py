"""CPU cost of the Python side of a stereo frame for the heaviest scene, beside a bare loop.

Targets are 16x16 so llvmpipe's rasterising does not dominate; ``ctx.finish()`` runs outside
the timed region. The bare loop issues the same draw calls on the same programs and vertex
arrays with none of the Renderer's or layers' Python.
Run: ``python -m benchmarks.bench_render``.
"""

from __future__ import annotations

import json
import statistics
import time

SIZE = (16, 16)
FRAMES = 400
HEAVIEST = [
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
]


class _State:
    breath = 0.4


def _draw_calls(renderer):
    """(vao, vertices, instances, depth_write) for every draw the layers make."""
    calls = []
    for layer in renderer.layers:
        for attr, verts, inst, dw in (
            ("vao", getattr(layer, "vertices", 3), getattr(layer, "instances", 1), True),
            ("body_vao", getattr(layer, "body_vertices", 0), 1, True),
            ("flame_vao", 6, len(getattr(layer, "bases", ())), False),
        ):
            vao = getattr(layer, attr, None)
            if vao is not None:
                kind = layer.program_name
                if kind in ("fire", "particles", "orb", "fog"):
                    verts, inst = 6, getattr(layer, "instances", getattr(layer, "count", 12))
                calls.append((vao, verts, max(1, inst), dw))
    return calls


def bare_loop(ctx, renderer, out, size, eyes: int = 2):
    """``bare(t)``: the same draw calls as ``renderer.draw`` for ``eyes`` views, with none of
    the Renderer's, layers' or App's Python (the floor the benchmarks compare against)."""
    import numpy as np

    calls = _draw_calls(renderer)
    fbo, color, _ = renderer._target(size)
    block = np.zeros(56, np.float32)
    post, post_vao = renderer._post, renderer._post_vao

    def bare(t):
        for _ in range(eyes):
            block[51] = t
            renderer.ubo.write(block)
            renderer.ubo.bind_to_uniform_block(0)
            fbo.use()
            fbo.clear(0.0, 0.0, 0.0, 1.0, depth=1.0)
            ctx.enable(ctx.DEPTH_TEST | ctx.BLEND)
            for vao, verts, inst, dw in calls:
                fbo.depth_mask = dw
                vao.render(mode=ctx.TRIANGLES, vertices=verts, instances=inst)
            fbo.depth_mask = True
            ctx.disable(ctx.DEPTH_TEST | ctx.BLEND)
            out.use()
            color.use(0)
            post["u_brightness"].value = 0.5
            post["u_warmth"].value = 0.6
            post["u_fade"].value = 1.0
            post_vao.render(mode=ctx.TRIANGLES, vertices=3)

    return bare


def _stats(samples):
    s = sorted(samples)
    return statistics.median(s) * 1e3, s[int(0.99 * (len(s) - 1))] * 1e3


def run() -> list[dict]:

    from vrasmr.content import shaders_dir
    from vrasmr.frame import View
    from vrasmr.render.context import create_headless_context
    from vrasmr.render.programs import ProgramLibrary
    from vrasmr.render.renderer import Look, Renderer
    from vrasmr.xmath import Fov, Pose, eye_poses

    ctx = create_headless_context()
    renderer = Renderer(ctx, ProgramLibrary(ctx, shaders_dir()))
    renderer.set_layers(HEAVIEST)
    out = ctx.framebuffer([ctx.texture(SIZE, 4)])
    fov = Fov.symmetric(100.0, 1.0)
    views = [View(p, fov) for p in eye_poses(Pose.make())]
    look, state = Look(), _State()

    def frame(t):
        for v in views:
            renderer.draw(v, SIZE, out, time_s=t, state=state, look=look)

    bare = bare_loop(ctx, renderer, out, SIZE, len(views))

    timings = {"renderer": [], "bare": []}
    for i in range(FRAMES + 20):  # interleaved, first 20 frames warm up
        for name, fn in (("renderer", frame), ("bare", bare)):
            t0 = time.perf_counter()
            fn(i / 90.0)
            dt = time.perf_counter() - t0
            ctx.finish()
            if i >= 20:
                timings[name].append(dt)
    med, p99 = _stats(timings["renderer"])
    bmed, _ = _stats(timings["bare"])
    ratio = med / bmed if bmed > 0 else float("inf")
    n_calls = len(_draw_calls(renderer))
    renderer.release()

    def row(name, value, unit, target, floor=None, r=None):
        return {
            "name": name,
            "value": round(value, 4),
            "unit": unit,
            "floor": floor,
            "ratio": None if r is None else round(r, 3),
            "target": target,
            "passed": value <= target,
        }

    return [
        row("stereo_frame_cpu_median", med, "ms", 1.0, floor=round(bmed, 4), r=ratio),
        row("stereo_frame_cpu_p99", p99, "ms", 2.0),
        row("renderer_over_bare_loop", ratio, "x", 1.5, floor=1.0, r=ratio),
        row("draw_calls_per_eye", n_calls + 1, "calls", 20),
    ]


if __name__ == "__main__":
    for r in run():
        print(json.dumps(r))
