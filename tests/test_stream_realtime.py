"""Streams never run dry playing live: 20 s of the heaviest scene on OpenAL Soft's null
backend (a real playback device, mixing at real time into nothing), while two CPU-bound
processes compete for the cores. The 10-minute figure is in benchmarks/bench_stream.py."""

from __future__ import annotations

import pytest

from benchmarks.bench_stream import realtime_playback


@pytest.mark.slow  # 20 s of real time, and the scene's levels measured
def test_a_live_scene_beside_two_cpu_hogs_never_runs_dry():
    report = realtime_playback("campfire", 20.0, hogs=2)
    assert report["backend"] == "openal" and report["streams"] >= 5, report
    assert report["underruns"] == 0, report
