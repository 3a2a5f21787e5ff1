"""The synthetic nights behind the onset tests and the bench (:mod:`.pose_traces` makes
each): the standard set, more drawn at random, and a replay of one through the night watch
frame by frame, with the estimator's errors beside the truths.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vrasmr.sleep.pose_traces import Trace, TraceSpec


def trace_set() -> list[TraceSpec]:
    """The standard set behind the tests and the figures: rates 6-20 a minute, both
    postures, noise and breathing depth over their realistic ranges, turning over, restless
    spells, nights with no sleep, and the headset taken off (frozen and absent)."""
    specs = []
    rates = (6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0)
    for k, asleep in enumerate(rates):
        specs.append(
            TraceSpec(
                seed=100 + k,
                minutes=50.0,
                onset_min=18.0 + 2.0 * (k % 4),
                awake_bpm=min(asleep + 3.0, 22.0),
                asleep_bpm=asleep,
                pitch_amp_deg=(0.1, 0.2, 0.35, 0.5)[k % 4],
                lift_mm=(0.5, 1.0, 1.5)[k % 3],
                noise_deg=(0.02, 0.04)[k % 2],
                posture=("back", "side")[k % 2],
                quiet_wake_min=(1.0, 2.0, 3.0, 4.0)[k % 4],
                turns_min=(40.0,),
                label=f"asleep at {asleep:g}/min",
            )
        )
    specs += [
        TraceSpec(seed=200, minutes=60, onset_min=None, label="awake all along"),
        TraceSpec(
            seed=201,
            minutes=60,
            onset_min=None,
            fidget_every_min=4.0,
            label="awake, lying still for long spells",
        ),
        TraceSpec(
            seed=202,
            minutes=60,
            onset_min=30.0,
            restless=((10.0, 20.0),),
            turns_min=(45.0, 52.0),
            label="restless, then asleep",
        ),
        TraceSpec(
            seed=203,
            minutes=60,
            onset_min=None,
            off=((15.0, 60.0, "frozen"),),
            label="headset taken off (pose frozen)",
        ),
        TraceSpec(
            seed=204,
            minutes=60,
            onset_min=None,
            off=((15.0, 60.0, "absent"),),
            label="headset taken off (no pose)",
        ),
        TraceSpec(
            seed=205,
            minutes=60,
            onset_min=28.0,
            off=((8.0, 12.0, "absent"),),
            asleep_bpm=9.0,
            label="off for 4 minutes, back on, asleep",
        ),
        TraceSpec(
            seed=206,
            minutes=60,
            onset_min=20.0,
            asleep_bpm=14.0,
            noise_deg=0.06,
            noise_mm=0.4,
            pitch_amp_deg=0.15,
            drift_deg_per_min=1.0,
            label="noisy tracking, fast drift",
        ),
    ]
    return specs


@dataclass
class Replay:
    """What the estimator said over a trace, with the truths beside it."""

    trace: Trace
    readings: list  # NightReading after every epoch
    rate_errors: list[float]  # found - true, breaths a minute (still windows with breathing)
    asleep_while_moving: int  # epochs read "asleep" although the head moved in them
    latencies_s: list[float]  # movements that began "asleep": until "asleep" went off

    @property
    def onset_s(self) -> float | None:
        return self.readings[-1].onset_s if self.readings else None

    @property
    def onset_error_min(self) -> float | None:
        """Estimated minus true onset, minutes (None when either is missing)."""
        if self.onset_s is None or self.trace.onset_s is None:
            return None
        return (self.onset_s - self.trace.onset_s) / 60.0


def replay(trace: Trace, mode: str = "headset") -> Replay:
    """Feed ``trace`` frame by frame through the sampler and the tracker, as a session does."""
    from vrasmr.sleep.night_watch import NightWatch
    from vrasmr.sleep.pose_signal import WINDOW_S

    watch = NightWatch(mode, inline=True)
    readings = []
    errors: list[float] = []
    latencies: list[float] = []
    moves = iter(trace.movements)
    move = next(moves, None)
    pending: float | None = None  # start of a movement that began while "asleep"
    quat, pos, present, t = trace.quat.tolist(), trace.pos.tolist(), trace.present, trace.t
    last = None
    for k in range(len(t)):
        if present[k]:
            watch.feed(float(t[k]), quat[k], pos[k])
        else:
            watch.feed_absent(float(t[k]))
        reading = watch.reading
        if reading is not last:
            last = reading
            readings.append(reading)
            b = watch.last_epoch.breathing if watch.last_epoch is not None else None
            if b is not None and not trace.moving_between(reading.t - WINDOW_S, reading.t):
                errors.append(b.bpm - trace.rate_between(reading.t - WINDOW_S, reading.t))
        now = float(t[k])
        if move is not None and now >= move[0]:
            if watch.asleep:
                pending = move[0]
            move = next(moves, None)
        if pending is not None and not watch.asleep:
            latencies.append(now - pending)
            pending = None
    from vrasmr.sleep.pose_signal import EPOCH_S

    moving_asleep = sum(
        1 for r in readings if r.asleep and trace.moving_between(r.t - EPOCH_S, r.t)
    )
    return Replay(trace, readings, errors, moving_asleep, latencies)


def random_specs(count: int, seed: int = 0) -> list[TraceSpec]:
    """``count`` more nights with every parameter drawn over its realistic range (a fifth of
    them never fall asleep), for the bench's larger figure."""
    rng = np.random.default_rng(seed)
    specs = []
    for k in range(count):
        asleep = float(rng.uniform(6.0, 20.0))
        onset = None if k % 5 == 4 else float(rng.uniform(10.0, 30.0))
        specs.append(
            TraceSpec(
                seed=1000 + seed * 100 + k,
                minutes=(onset or 30.0) + 22.0,
                onset_min=onset,
                awake_bpm=min(asleep + float(rng.uniform(1.0, 5.0)), 22.0),
                asleep_bpm=asleep,
                pitch_amp_deg=float(rng.uniform(0.1, 0.5)),
                lift_mm=float(rng.uniform(0.5, 1.5)),
                noise_deg=float(rng.uniform(0.02, 0.06)),
                noise_mm=float(rng.uniform(0.1, 0.4)),
                drift_deg_per_min=float(rng.uniform(0.1, 1.0)),
                posture=("back", "side")[int(rng.integers(2))],
                fidget_every_min=float(rng.uniform(1.0, 4.0)),
                quiet_wake_min=float(rng.uniform(0.0, 4.0)),
                turns_min=((onset or 30.0) + 15.0,) if rng.random() < 0.5 else (),
                label=f"random {k}",
            )
        )
    return specs
