"""A 20-minute virtual night through the App (the bench runs the whole 8 hours)."""

from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.bench_night import OBJECT_TOLERANCE, RSS_LIMIT_MB, run_night
from vrasmr.gc_policy import GCPolicy

pytestmark = pytest.mark.slow  # the night takes about 30 s (make test-fast leaves it out)


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("VRASMR_HOME", str(tmp_path_factory.mktemp("night-home")))
    try:
        with __import__("numpy").errstate(all="warn", under="ignore"):
            yield run_night(20.0, scene_ids=["ear-to-ear", "campfire"])
    finally:
        mp.undo()


def test_the_night_runs_through(night):
    assert night.frames + 2 * night.menu_presses == 20 * 60  # menu use takes 4 frames
    assert night.switches >= 4


def test_fade_and_end_on_time(night):
    assert night.on_time(night.fade_seen_s, night.fade_start_s, 1.0)
    assert night.on_time(night.ended_seen_s, night.end_s, 1.0)
    assert night.journal_reason == "timer"
    assert night.rms_before_fade > 1e-4
    assert 0.0 <= night.peak_after_end < 1e-4


def test_no_memory_growth(night):
    assert night.rss_growth_mb <= RSS_LIMIT_MB


def test_no_object_growth(night):
    assert night.objects_grown <= OBJECT_TOLERANCE, night.object_growth


def test_the_gc_policy_alone_collects_between_frames(night):
    """What the policy does all night; how long its pauses take is a bench row
    (benchmarks/gc_pauses.py), never a timed test."""
    young, mid, full = night.gc_by_generation
    assert night.gc_enabled_frames == 0  # automatic collection stayed off on every frame
    assert night.gc_frozen_min > 10_000  # the loaded App stayed frozen, never walked
    # every collection on the frame path was one the policy ran between frames
    pauses = night.gc_floor.monitor.pauses
    assert Counter(gen for gen, _wall, _cpu in pauses) == Counter({0: young, 1: mid, 2: full})
    # at least every ``young_every`` frames (sooner: a second of idle time a frame), and each
    # older generation after about ``mid_after`` / ``full_after`` of the one below it
    policy = GCPolicy()
    assert young + mid + full >= night.frames / policy.young_every
    # (each floor sample is three bare young collections, which count towards generation 1)
    floor_young = 3 * len(night.gc_floor.floors)
    assert mid * (policy.mid_after - 1) <= young + floor_young
    assert young <= (mid + 1) * (policy.mid_after + 1)
    assert full * (policy.full_after - 1) <= mid <= (full + 1) * (policy.full_after + 1)
