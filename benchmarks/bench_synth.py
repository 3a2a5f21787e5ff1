"""Benchmarks for the sound library: generator speed, and loading every built-in scene's sounds.

Generator speed: each generator renders 20 s on one thread, best of three, against the
100x-real-time floor. Scene sounds: ``vrasmr.session.assets.load_scene`` (the call the app
makes on its scene-load worker thread; no GL and no OpenAL) for every built-in scene, cold
(a fresh, empty ``VRASMR_HOME``: every loop rendered, normalised and written to the cache)
and again from the cache. The process is warm (imports done), as it is for a scene switch;
cold figures are the best of ``COLD_REPEATS`` fresh homes, since the machine is shared.
Whispered scripts are not in these figures: they stream paragraph by paragraph from the
engine's worker after the switch.

Run: python -m benchmarks.bench_synth
"""

from __future__ import annotations

import os
import tempfile
import time

import numpy as np

from benchmarks.home import vrasmr_home

SAMPLE_RATE = 48000
SECONDS = 20.0
MIN_REALTIME = 100.0
SCENE_BUDGET_S = 1.5
COLD_REPEATS = 2
CACHED_REPEATS = 3


def _best_of(repeats, fn):
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def generator_rows() -> list[dict]:
    from vrasmr.sound.synth import GENERATORS

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
    return rows


def _with_home(home: str, fn):
    with vrasmr_home(home):
        return fn()


def scene_load_times(scene_ids: list[str]) -> dict[str, tuple[float, float]]:
    """``{scene id: (cold s, cached s)}`` through ``load_scene``, each in its own fresh home."""
    from vrasmr.session.assets import load_scene

    times = {}
    with tempfile.TemporaryDirectory(prefix="vrasmr-bench-synth-") as root:
        _with_home(os.path.join(root, "warm-up"), lambda: load_scene(scene_ids[0]))  # imports
        for scene_id in scene_ids:

            def load(s=scene_id):
                load_scene(s)

            colds = []
            for k in range(COLD_REPEATS):
                home = os.path.join(root, f"{scene_id}-{k}")
                colds.append(_with_home(home, lambda: _best_of(1, load)))
            cached = _with_home(home, lambda: _best_of(CACHED_REPEATS, load))
            times[scene_id] = (min(colds), cached)
    return times


def _load_row(name: str, seconds: float) -> dict:
    return {
        "name": name,
        "value": round(seconds, 3),
        "unit": "s",
        "floor": None,
        "ratio": round(seconds / SCENE_BUDGET_S, 2),
        "target": f"<= {SCENE_BUDGET_S} s",
        "passed": seconds <= SCENE_BUDGET_S,
    }


def scene_rows() -> list[dict]:
    from vrasmr.content import scenes_dir

    ids = sorted(path.stem for path in scenes_dir().glob("*.toml"))
    times = scene_load_times(ids)
    rows = []
    for scene_id, (cold, cached) in times.items():
        rows.append(_load_row(f"load {scene_id} sounds (cold)", cold))
        rows.append(_load_row(f"load {scene_id} sounds (cached)", cached))
    heaviest = max(times, key=lambda s: times[s][0])
    rows.append(_load_row(f"load heaviest scene's sounds ({heaviest}, cold)", times[heaviest][0]))
    return rows


def run() -> list[dict]:
    return generator_rows() + scene_rows()


def main() -> None:
    rows = run()
    print(f"{'benchmark':56s} {'value':>10s} {'unit':12s} {'passed':6s} target")
    for row in rows:
        print(
            f"{row['name']:56s} {row['value']:>10} {row['unit']:12s} "
            f"{str(row['passed']):6s} {row['target']}"
        )


if __name__ == "__main__":
    main()
