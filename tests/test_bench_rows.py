"""The benchmark rows' verdicts: noise in some samples passes, a regression in all of them fails.

The data here is made up, so these tests time nothing; what the rows measure on this machine
is ``make bench``'s business.
"""

from __future__ import annotations

import gc

import pytest

from benchmarks import inject
from benchmarks.gc_pauses import PAUSE_LIMIT, RUN, PauseFloor, ratios, worst_run
from benchmarks.rows import Spread, best_of, best_ratio, paired_ratio
from benchmarks.runner import to_markdown

QUIET = [16.0, 15.2, 15.8, 16.4, 15.5]  # ms: a switch's worst frame gap, five rounds
BUSY = [16.0, 47.0, 15.8, 39.0, 15.5]  # the same, a busy machine spoiling two rounds


def test_a_spread_shows_min_median_max_and_count():
    s = Spread.of([3.0, 1.0, 2.0, 10.0])
    assert (s.n, s.low, s.median, s.high) == (4, 1.0, 2.5, 10.0)
    assert s.text() == "min 1 / med 2.5 / max 10 (n=4)"
    assert s.scaled(1e3).low == 1000.0
    with pytest.raises(ValueError):
        Spread.of([])


def test_best_of_passes_noise_and_fails_a_regression_in_every_repeat():
    assert best_of("gap", QUIET, "ms", 22.2)["passed"]
    busy = best_of("gap", BUSY, "ms", 22.2)
    assert busy["passed"] and busy["value"] == 15.5
    assert busy["spread"] == "min 15.5 / med 16 / max 47 (n=5)"
    slower = best_of("gap", [g + 10.0 for g in QUIET], "ms", 22.2)  # every switch 10 ms more
    assert not slower["passed"]


def test_paired_ratio_follows_a_busy_machine_and_fails_work_of_our_own():
    floors = [5.0, 5.2, 9.0, 8.8, 5.1, 9.4]  # the bare loop: the machine got busy mid-run
    ours = [f * 1.15 for f in floors]  # the preview: 15 % over it, busy or not
    row = paired_ratio("work", ours, floors, "ms", 1.4)
    assert row["passed"] and row["ratio"] == pytest.approx(1.15)
    assert row["spread"].startswith("ratio min 1.15")
    injected = paired_ratio("work", [x + 5.0 for x in ours], floors, "ms", 1.4)
    assert not injected["passed"]
    with pytest.raises(ValueError):
        paired_ratio("work", ours, floors[:-1], "ms", 1.4)


def test_best_ratio_compares_the_best_of_each():
    row = best_ratio("render", [0.40, 0.33, 0.52], [0.30, 0.31, 0.45], "s", 1.2)
    assert row["ratio"] == pytest.approx(1.1) and row["passed"]
    assert "floor min 0.3" in row["spread"]
    assert not best_ratio("render", [0.40, 0.39], [0.30, 0.31], "s", 1.2)["passed"]


def test_results_show_the_spread_column():
    rows = [best_of("switch gap", BUSY, "ms", 22.2)]
    text = to_markdown({"machine": "test"}, [("bench_x", rows, 1.0)])
    assert "| figure | value | unit | floor | ratio | spread | target | result |" in text
    assert "| min 15.5 / med 16 / max 47 (n=5) | best of 5 <= 22.2 ms | pass |" in text


# ---- GC pauses against their floor --------------------------------------------------------


def _pauses(cpu_ms_by_generation):
    """(generation, wall s, cpu s) pauses from [(generation, cpu ms), ...]."""
    return [(g, ms / 1e3 * 3, ms / 1e3) for g, ms in cpu_ms_by_generation]


def test_each_pause_meets_the_floor_sampled_nearest_to_it():
    pauses = _pauses([(0, 0.1), (2, 1.0), (0, 0.1), (0, 0.1)])
    marks = [(0, 0.5e-3), (2, 0.8e-3), (4, 0.6e-3)]  # before pause 0, after pause 1, at the end
    floors = [base for _, base, _ in ratios(pauses, marks)]
    assert floors == [0.5e-3, 0.8e-3, 0.8e-3, 0.6e-3]


def test_one_slow_collection_is_noise_a_run_of_them_is_not():
    floor = [(0, 0.6e-3)]
    healthy = _pauses([(2, 0.8)] * 6 + [(0, 0.05)] * 50)
    spike = _pauses([(2, 0.8), (2, 3.0), (2, 0.8), (2, 0.8)] + [(0, 0.05)] * 50)
    slower = _pauses([(2, 0.8 + 5.0)] * 6)  # 5 ms more in every full collection
    assert worst_run(ratios(healthy, floor))[2] <= PAUSE_LIMIT
    assert worst_run(ratios(spike, floor))[2] <= PAUSE_LIMIT
    assert worst_run(ratios(slower, floor))[2] > PAUSE_LIMIT
    few = _pauses([(2, 3.0)] * (RUN - 1))  # fewer than a run: the best of what there is
    assert worst_run(ratios(few, floor))[2] > PAUSE_LIMIT
    assert worst_run([]) is None


def test_pause_row_judges_the_worst_run_and_shows_the_wall_clock_beside_it():
    from vrasmr.gc_policy import GCMonitor

    monitor = GCMonitor()
    floor = PauseFloor(monitor)
    monitor.pauses[:] = _pauses([(0, 0.1)] * 5)
    floor.marks.append((0, 1e-3))
    floor.floors.append(1e-3)
    floor.end_segment()
    assert monitor.pauses == [] and floor.marks == []
    monitor.pauses[:] = _pauses([(2, 3.0)] * 5)  # a second segment: 3x the floor, every time
    floor.marks.append((0, 1e-3))
    floor.floors.append(1e-3)
    row = floor.row("test")
    assert not row["passed"] and row["ratio"] == pytest.approx(3.0)
    assert "(10 collections)" in row["name"] and "wall worst 9 ms" in row["spread"]
    floor.discard_segment()
    assert floor.row("test")["passed"]  # only the first segment is left


def test_the_injected_work_lands_inside_the_timed_collections(monkeypatch):
    from vrasmr.gc_policy import GCMonitor

    monkeypatch.setenv("BENCH_INJECT_MS", "3")
    was = gc.isenabled()
    gc.disable()
    try:
        with GCMonitor() as monitor, inject.collections_slowed(monitor):
            gc.collect(0)
            monitor.ignoring = True
            gc.collect(0)  # the floor's own collections get nothing added
    finally:
        if was:
            gc.enable()
    assert len(monitor.pauses) == 1
    assert monitor.pauses[0][2] >= 3e-3  # CPU time: the spin used at least that much
    assert all(cb.__name__ != "work" for cb in gc.callbacks)


def test_nothing_is_injected_unless_asked(monkeypatch):
    monkeypatch.delenv("BENCH_INJECT_MS", raising=False)

    def step():
        return 1

    assert inject.slowed(step) is step
    monkeypatch.setenv("BENCH_INJECT_MS", "0.5")
    assert inject.slowed(step) is not step and inject.slowed(step)() == 1


# ---- the preview's pacing beside the bare loop ----------------------------------------------


def _blocks(work_ms, late_ms, n=10):
    """``n`` blocks of FrameStats whose frames take ``work_ms`` and finish ``late_ms(i)`` ms
    after their deadline (frame ``i`` of a block)."""
    from benchmarks.bench_desktop import BLOCK
    from vrasmr.backends.desktop.stats import FrameStats

    out = []
    for _ in range(n):
        stats = FrameStats(BLOCK)
        for i in range(BLOCK):
            stats.add(work_ms / 1e3, late_ms(i) / 1e3)
        out.append(stats)
    return out


def _pace(app, bare, dropped=0):
    return {"app": app, "bare": bare, "dropped": dropped, "bare_dropped": 0, "size": (284, 160),
            "scale": 0.22, "settle_s": 1.0, "full_med": 38.0, "full_p99": 50.0}  # fmt: skip


def test_a_busy_machine_makes_the_bare_loop_late_too_and_the_preview_passes():
    from benchmarks.bench_desktop import pacing_rows

    busy = lambda i: 14.0 if i % 3 == 0 else 2.0  # noqa: E731  (a third of the frames late)
    rows = {
        r["name"].split(" (")[0]: r
        for r in pacing_rows(_pace(_blocks(9.5, busy), _blocks(8.2, busy)))
    }
    assert rows["preview_late_frames_90hz"]["passed"]
    assert rows["preview_frame_work_median"]["passed"]
    assert rows["preview_dropped_frames_90hz"]["passed"]


def test_five_ms_more_in_every_preview_frame_fails_the_pacing_rows():
    from benchmarks.bench_desktop import pacing_rows

    quiet = lambda i: 1.0  # noqa: E731
    slow = lambda i: 13.0  # noqa: E731  (over a period after the deadline: late)
    pace = _pace(_blocks(6.0 + 5.0, slow), _blocks(5.0, quiet), dropped=200)
    failed = {r["name"].split(" (")[0] for r in pacing_rows(pace) if not r["passed"]}
    assert failed == {
        "preview_late_frames_90hz",
        "preview_frame_work_median",
        "preview_dropped_frames_90hz",
    }


def test_a_machine_too_busy_for_the_bare_loop_is_not_measured_nor_passed():
    from benchmarks.bench_desktop import pacing_rows

    late = lambda i: 13.0  # noqa: E731  (every frame late, the bare loop's too)
    rows = pacing_rows(_pace(_blocks(11.0, late), _blocks(10.5, late)))
    assert rows[0]["value"] == "not measured" and not rows[0]["passed"]
    assert "too busy" in rows[0]["name"]
