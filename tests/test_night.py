"""A 20-minute virtual night through the App (the bench runs the whole 8 hours)."""

from __future__ import annotations

import pytest

from benchmarks.bench_night import OBJECT_TOLERANCE, RSS_LIMIT_MB, run_night

pytestmark = pytest.mark.slow  # the night takes about 30 s (make test-fast leaves it out)


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("VRASMR_HOME", str(tmp_path_factory.mktemp("night-home")))
    try:
        with __import__("numpy").errstate(all="warn", under="ignore"):
            yield run_night(20.0, scene_ids=["ear-to-ear", "campfire"], bed_loop_s=4.0)
    finally:
        mp.undo()


def test_the_night_runs_through(night):
    assert night.frames + 2 * night.menu_presses == 20 * 60  # menu use takes 4 frames
    assert night.switches >= 4
    assert night.wall_s < 90.0


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


def test_gc_pauses_short(night):
    assert night.gc_collections > 0
    assert night.gc_worst_s < 0.005  # the bench's target is 1 ms; tests run on busy machines
