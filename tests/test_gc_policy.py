"""The frame-path GC policy: collector off while frames show, young collections between them."""

from __future__ import annotations

import gc

import pytest

from vrasmr.gc_policy import FRAME_THRESHOLDS, GCMonitor, GCPolicy


@pytest.fixture
def policy():
    p = GCPolicy(young_every=5, mid_after=3, full_after=2)
    yield p
    p.close()


def _cycles(n=200):
    for _ in range(n):
        a = []
        a.append(a)


def test_after_load_freezes_and_disables(policy):
    was = gc.isenabled(), gc.get_threshold()
    policy.after_load()
    assert not gc.isenabled()
    assert gc.get_threshold() == FRAME_THRESHOLDS
    assert gc.get_freeze_count() > 0
    policy.close()
    assert (gc.isenabled(), gc.get_threshold()) == was
    assert gc.get_freeze_count() == 0


def test_young_collection_every_n_frames(policy):
    policy.after_load()
    gens = [policy.between_frames(0.0) for _ in range(10)]
    assert gens.count(0) == 2
    assert gens[4] == 0 and gens[9] == 0


def test_idle_time_allows_early_and_older_collections(policy):
    policy.after_load()
    _cycles(10)
    assert policy.between_frames(0.01) is None  # a few new objects: not worth a collection
    _cycles(policy.young_idle_min)
    assert policy.between_frames(0.01) == 0
    for _ in range(20):
        _cycles()
        policy.between_frames(0.01)
    assert policy.collections[1] > 0 and policy.collections[2] > 0


def test_old_generations_are_forced_without_idle_time(policy):
    policy.after_load()
    for _ in range(1500):
        _cycles(5)
        policy.between_frames(0.0)
    assert policy.collections[1] > 0 and policy.collections[2] > 0


def test_nothing_happens_before_after_load():
    p = GCPolicy()
    assert p.between_frames(1.0) is None
    p.close()
    assert gc.isenabled()


def test_cycles_are_freed_between_frames(policy):
    policy.after_load()
    with GCMonitor() as mon:
        _cycles(1000)
        for _ in range(5):
            policy.between_frames(0.0)
    assert gc.get_count()[0] < 1000
    assert mon.pauses and all(gen == 0 for gen, _wall, _cpu in mon.pauses)
