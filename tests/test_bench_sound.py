"""The offline-render benchmark compares like with like: its bare OpenAL loop, run frame by
frame beside the engine's render, mixes the same moving sources as when it runs alone (two
devices in one process each select their own context; the loop once did not, and moved the
engine's sources instead of its own)."""

from __future__ import annotations

import numpy as np

from benchmarks import bench_sound


def test_the_bare_loop_beside_the_engine_mixes_what_it_mixes_alone(monkeypatch):
    monkeypatch.setattr(bench_sound, "CONTROL_FRAMES", 120)
    alone = [block.copy() for block in bench_sound._bare_steps()]
    engine, bare = bench_sound._engine_steps(), bench_sound._bare_steps()
    beside = []
    try:
        for _ in range(120):
            next(engine)
            beside.append(next(bare).copy())
    finally:
        engine.close()
        bare.close()
    assert np.abs(np.concatenate(alone)).max() > 1e-3
    assert np.array_equal(np.concatenate(beside), np.concatenate(alone))
