"""Sleep onset and breathing from head motion, and learning "For you": the issue's figures.

Onset and breathing: every trace of :func:`vrasmr.sleep.pose_nights.trace_set` (15 nights
built to cover the cases: rates 6-20 a minute, both postures, noise, drift, turning over,
restless spells, nights with no sleep, the headset taken off frozen and absent) and
``RANDOM_TRACES`` more with every parameter drawn over its range, fed frame by frame (20 Hz)
through the night watch as a session does. Truths are the traces' own. Breathing is scored
on still windows that gave a rate (a window of uneven breaths gives none, by design); the
share of still windows that gave one is its own row.

The frame path: :meth:`NightWatch.feed` per frame, and the worker's read of one window.

"For you": ``PEOPLE`` simulated people, each with a random liking (0..1) for every trigger
kind the shipped scenes play; a scene is as good as the mean liking of its triggers, and the
best scene is at least 0.05 (any) or 0.15 (a clear favourite) better than the next. Each
night the menu marks a scene the way the app does (Thompson draws from the journal so far,
once it holds three nights), the person follows the mark four nights in five (else picks a
scene at random), and rates the night 1 + 4 x quality + noise (sd 0.6, rounded) with minutes
to fall asleep 60 - 50 x quality + noise (sd 10). "Settled" is the first night from which
the mark is on the best scene in at least 9 of the next 10 nights.

Run: python -m benchmarks bench_sleep
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import datetime, timedelta

import numpy as np

from benchmarks.rows import row

RANDOM_TRACES = 25
PEOPLE = 100
MAX_NIGHTS = 60


def onset_rows() -> list[dict]:
    from vrasmr.sleep.pose_nights import random_specs, replay, trace_set
    from vrasmr.sleep.pose_traces import make_trace

    specs = trace_set() + random_specs(RANDOM_TRACES)
    errors, false_onsets, missed, rate_errors, latencies = [], 0, 0, [], []
    still_windows = rated_windows = moving_asleep = 0
    for spec in specs:
        result = replay(make_trace(spec))
        if spec.onset_min is None:
            false_onsets += result.onset_s is not None
        elif result.onset_s is None:
            missed += 1
        else:
            errors.append(result.onset_error_min)
        rate_errors += result.rate_errors
        latencies += result.latencies_s
        moving_asleep += result.asleep_while_moving
        still = [r for r in result.readings if r.state in ("still", "asleep") and r.still_s > 95]
        still_windows += len(still)
        rated_windows += len(result.rate_errors)
    sleepers = sum(s.onset_min is not None for s in specs)
    abs_err = np.abs(errors)
    rates = np.abs(rate_errors)
    n = f"{len(specs)} traces"
    return [
        row(
            f"onset error, median |est - truth| ({sleepers - missed} of {sleepers} found)",
            float(np.median(abs_err)),
            "min",
            "informational",
            True,
        ),
        row(
            "onset error, largest |est - truth|",
            float(abs_err.max()),
            "min",
            "<= 5 min",
            abs_err.max() <= 5.0,
        ),
        row(
            "onset error, mean est - truth (+ = late)",
            float(np.mean(errors)),
            "min",
            "informational",
            True,
        ),
        row(
            f"nights with sleep where no onset was found ({n})", missed, "nights", "0", missed == 0
        ),
        row(
            f"false onsets on nights with no sleep ({len(specs) - sleepers})",
            false_onsets,
            "nights",
            "0",
            false_onsets == 0,
        ),
        row(
            f"breathing rate within +-1 a minute ({len(rates)} windows)",
            100.0 * float(np.mean(rates <= 1.0)),
            "%",
            ">= 99 %",
            np.mean(rates <= 1.0) >= 0.99,
        ),
        row(
            "breathing rate error, median",
            float(np.median(rates)),
            "per min",
            "informational",
            True,
        ),
        row(
            "breathing rate error, 95th percentile",
            float(np.percentile(rates, 95)),
            "per min",
            "<= 1 per min",
            np.percentile(rates, 95) <= 1.0,
        ),
        row(
            "still windows that gave a rate",
            100.0 * rated_windows / max(still_windows, 1),
            "%",
            "informational",
            True,
        ),
        row(
            "epochs read asleep while the head moved",
            moving_asleep,
            "epochs",
            "0",
            moving_asleep == 0,
        ),
        row(
            f"movements in sleep: time until 'asleep' is off, largest ({len(latencies)})",
            max(latencies) if latencies else 0.0,
            "s",
            "<= 2 s",
            (max(latencies) if latencies else 0.0) <= 2.0,
        ),
    ]


def cost_rows() -> list[dict]:
    from vrasmr.sleep.night_watch import NightWatch
    from vrasmr.sleep.pose_signal import read_epoch
    from vrasmr.sleep.pose_traces import TraceSpec, make_trace
    from vrasmr.xmath import Pose

    trace = make_trace(TraceSpec(seed=1, minutes=3.0, onset_min=0.0), frame_hz=90.0)
    poses = [Pose(trace.pos[k], trace.quat[k]) for k in range(len(trace.t))]
    times = trace.t.tolist()
    best = float("inf")
    for _ in range(3):
        watch = NightWatch(inline=False)
        start = time.perf_counter()
        for t, pose in zip(times, poses, strict=True):
            watch.feed_pose(t, pose)
        best = min(best, (time.perf_counter() - start) / len(times))
        watch.close()
    window = watch.sampler.window()
    reads = []
    for _ in range(20):
        start = time.perf_counter()
        read_epoch(window)
        reads.append(time.perf_counter() - start)
    return [
        row(
            "night watch: feed per frame (90 Hz, worker reads aside)",
            best * 1e6,
            "us",
            "<= 10 us",
            best * 1e6 <= 10.0,
        ),
        row(
            "night watch: one window read (worker, every 5 s)",
            min(reads) * 1e3,
            "ms",
            "<= 20 ms",
            min(reads) * 1e3 <= 20.0,
        ),
    ]


def _scenes() -> list[tuple[str, tuple[str, ...]]]:
    from vrasmr.ui.cards import scene_cards

    return [(c.scene_id, c.triggers) for c in scene_cards() if c.triggers]


def _person(rng: random.Random, scenes, gap: float) -> tuple[dict[str, float], str]:
    """A liking per trigger kind; drawn again until the best scene is ``gap`` ahead."""
    kinds = sorted({t for _, ts in scenes for t in ts})
    while True:
        liking = {k: rng.random() for k in kinds}
        quality = {s: sum(liking[t] for t in ts) / len(ts) for s, ts in scenes}
        ranked = sorted(quality, key=quality.get, reverse=True)
        if quality[ranked[0]] - quality[ranked[1]] >= gap:
            return quality, ranked[0]


def nights_to_settle(rng: random.Random, scenes, gap: float) -> int | None:
    from vrasmr.sleep.journal import SessionRow
    from vrasmr.sleep.preferences import TriggerPreferences, rank_scenes

    quality, best = _person(rng, scenes, gap)
    triggers = dict(scenes)
    all_kinds = {t for _, ts in scenes for t in ts}
    sessions: list[SessionRow] = []
    marks: list[str | None] = []
    start = datetime(2026, 1, 1, 22, 30).astimezone()
    for night in range(MAX_NIGHTS + 10):
        draws = TriggerPreferences.from_sessions(sessions).for_you_draws(all_kinds, rng)
        mark = rank_scenes(scenes, dict(draws))[0] if draws else None
        marks.append(mark)
        chosen = mark if mark is not None and rng.random() < 0.8 else rng.choice(scenes)[0]
        q = quality[chosen]
        rating = min(5, max(1, round(1 + 4 * q + rng.gauss(0, 0.6))))
        minutes = min(120.0, max(2.0, 60 - 50 * q + rng.gauss(0, 10)))
        began = start + timedelta(days=night)
        sessions.append(
            SessionRow(
                night + 1,
                chosen,
                "45",
                began,
                began + timedelta(minutes=45),
                "timer",
                triggers=tuple(sorted(triggers[chosen])),
                sleep_rating=rating,
                minutes_to_sleep=minutes,
            )
        )
    for n in range(MAX_NIGHTS):
        if sum(m == best for m in marks[n : n + 10]) >= 9:
            return n + 1
    return None


def learning_rows() -> list[dict]:
    scenes = _scenes()
    rows = []
    for gap, who in ((0.05, "any best scene"), (0.15, "a clear favourite")):
        rng = random.Random(26)
        settled = [nights_to_settle(rng, scenes, gap) for _ in range(PEOPLE)]
        found = sorted(n for n in settled if n is not None)
        never = len(settled) - len(found)
        median = statistics.median(found) if found else float("nan")
        p90 = float(np.percentile(found, 90)) if found else float("nan")
        what = f"{who}, quality gap >= {gap:g}; {PEOPLE} people, {len(scenes)} scenes"
        rows += [
            row(
                f"For you settles on the best scene ({what}): nights, median",
                median,
                "nights",
                "informational",
                True,
            ),
            row(
                f"For you settles ({who}): nights, 90th percentile",
                p90,
                "nights",
                "informational",
                True,
            ),
            row(
                f"For you not settled by night {MAX_NIGHTS} ({who})",
                100.0 * never / PEOPLE,
                "%",
                "informational",
                True,
            ),
        ]
    return rows


def run() -> list[dict]:
    return [*onset_rows(), *cost_rows(), *learning_rows()]


if __name__ == "__main__":
    for r in run():
        print(r)
