"""Benchmarks for the sound library: generator speed and loading a heavy scene's sounds.

Run: python -m benchmarks.bench_synth
"""

from __future__ import annotations

import os
import tempfile
import time

import numpy as np

SAMPLE_RATE = 48000
SECONDS = 20.0
MIN_REALTIME = 100.0
SCENE_BUDGET_S = 1.5
# a stand-in for the heaviest built-in scene (campfire under stars): three bed loops and two
# trigger loops, as the scene loader would request them
HEAVIEST_SCENE = [
    ("fire", {}, 30.0),
    ("insects", {}, 30.0),
    ("wind", {"strength": 0.2}, 30.0),
    ("crinkling", {}, 10.0),
    ("whisper_texture", {}, 10.0),
]


def _best_of(repeats, fn):
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def run() -> list[dict]:
    from vrasmr.sound.synth import GENERATORS, render_loop

    rows = []
    for name, spec in GENERATORS.items():
        params = spec.params()
        spec.make(params, 0.5, SAMPLE_RATE, np.random.default_rng(0))  # warm filter caches
        seconds = _best_of(
            3, lambda s=spec, p=params: s.make(p, SECONDS, SAMPLE_RATE, np.random.default_rng(1))
        )
        speed = SECONDS / seconds
        rows.append(
            {
                "name": f"generate {name}",
                "value": round(speed, 1),
                "unit": "x realtime",
                "floor": MIN_REALTIME,
                "ratio": round(speed / MIN_REALTIME, 2),
                "target": f">= {MIN_REALTIME:.0f}x real time on one core",
                "passed": speed >= MIN_REALTIME,
            }
        )
    with tempfile.TemporaryDirectory() as home:
        os.environ["VRASMR_HOME"] = home
        for label in ("first run, rendered", "later runs, from cache"):
            start = time.perf_counter()
            for name, params, seconds in HEAVIEST_SCENE:
                render_loop(name, params, seconds)
            took = time.perf_counter() - start
            rows.append(
                {
                    "name": f"load heaviest scene ({label})",
                    "value": round(took, 3),
                    "unit": "s",
                    "floor": None,
                    "ratio": round(took / SCENE_BUDGET_S, 2),
                    "target": f"<= {SCENE_BUDGET_S} s",
                    "passed": took <= SCENE_BUDGET_S,
                }
            )
    return rows


def main() -> None:
    rows = run()
    print(f"{'benchmark':34s} {'value':>10s} {'unit':12s} {'passed':6s} target")
    for row in rows:
        print(
            f"{row['name']:34s} {row['value']:>10} {row['unit']:12s} "
            f"{str(row['passed']):6s} {row['target']}"
        )


if __name__ == "__main__":
    main()
