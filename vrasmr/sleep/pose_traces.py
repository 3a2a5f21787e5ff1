"""Synthetic head-pose traces of a night in bed, with their truths, for tests and the bench.

A trace is what a headset would report each frame (time, orientation, position, and whether
the headset reported a pose at all) for a person lying down: breathing that tilts and lifts
the head a little (0.1-0.5 degree, about a millimetre), tracking noise, slow drift, fidgets
while awake, turning over, restless spells, and the headset taken off (pose frozen or
absent). Each trace knows its truths: when the person fell asleep (or never), the breathing
rate at every moment and when the head was moving.

The model of falling asleep is deliberately plain (and is the limit of every figure made
with it): awake, breathing is faster and irregular and small movements come every minute or
two; in the last minutes before sleep the movements stop while breathing is still
irregular ("quiet wake"); asleep, breathing slows and steadies and the head moves only to
turn over. Real nights differ; see docs/sleep-session.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

FRAME_HZ = 20.0  # fast enough for a 10 Hz estimator, cheap enough for tests


@dataclass(frozen=True)
class TraceSpec:
    """What a synthetic night is made of (times in minutes)."""

    seed: int
    minutes: float = 60.0
    onset_min: float | None = 25.0  # None: never falls asleep in the trace
    awake_bpm: float = 15.0
    asleep_bpm: float = 12.0
    pitch_amp_deg: float = 0.25  # breathing tilt, peak
    lift_mm: float = 1.0  # breathing lift, peak
    noise_deg: float = 0.03  # tracking noise per frame (standard deviation)
    noise_mm: float = 0.2
    drift_deg_per_min: float = 0.2
    posture: str = "back"  # "back": breathing tilts (pitch); "side": it rolls
    fidget_every_min: float = 1.5  # mean time between small movements while awake
    quiet_wake_min: float = 3.0  # still (but not asleep) before onset
    turns_min: tuple[float, ...] = ()  # turning over (while asleep, or whenever)
    restless: tuple[tuple[float, float], ...] = ()  # (start, end): movement every ~15 s
    off: tuple[tuple[float, float, str], ...] = ()  # (start, end, "frozen" | "absent")
    label: str = ""


@dataclass
class Trace:
    """Frames of one synthetic night and its truths."""

    spec: TraceSpec
    t: np.ndarray  # (n,) seconds
    quat: np.ndarray  # (n, 4) x, y, z, w
    pos: np.ndarray  # (n, 3) metres
    present: np.ndarray  # (n,) bool: the headset reported a pose
    bpm: np.ndarray  # (n,) intended breathing rate, breaths a minute
    phase: np.ndarray  # (n,) radians, 2 pi a breath: the breaths actually taken
    moving: np.ndarray  # (n,) bool: the head is moving (beyond breathing)
    onset_s: float | None = None
    movements: list[tuple[float, float]] = field(default_factory=list)  # (start, end) s

    def rate_between(self, t0: float, t1: float) -> float:
        """The true breathing rate over ``[t0, t1]``: breaths taken a minute."""
        k0, k1 = np.searchsorted(self.t, [t0, t1])
        k1 = min(k1, len(self.t) - 1)
        span = self.t[k1] - self.t[k0]
        return float((self.phase[k1] - self.phase[k0]) / (2.0 * math.pi) * 60.0 / span)

    def moving_between(self, t0: float, t1: float) -> bool:
        return any(s < t1 and e > t0 for s, e in self.movements)


def _axis_angle(axis: np.ndarray, angle: np.ndarray) -> np.ndarray:
    """Quaternions (n, 4) for rotations by ``angle`` (n,) radians about ``axis`` (n, 3)."""
    half = 0.5 * angle[:, None]
    return np.concatenate([axis * np.sin(half), np.cos(half)], axis=1)


def _qmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    ax, ay, az, aw = a.T
    bx, by, bz, bw = b.T
    return np.stack(
        [
            aw * bx + ax * bw + ay * bz - az * by,
            aw * by - ax * bz + ay * bw + az * bx,
            aw * bz + ax * by - ay * bx + az * bw,
            aw * bw - ax * bx - ay * by - az * bz,
        ],
        axis=1,
    )


def _rotvec_quat(v: np.ndarray) -> np.ndarray:
    """Quaternions for rotation vectors ``v`` (n, 3) in radians."""
    angle = np.linalg.norm(v, axis=1)
    safe = np.where(angle > 1e-12, angle, 1.0)
    axis = np.where(angle[:, None] > 1e-12, v / safe[:, None], np.array([1.0, 0.0, 0.0]))
    return _axis_angle(axis, angle)


def _moving_mean(x: np.ndarray, width: int) -> np.ndarray:
    """The mean of ``x`` over ``width`` samples centred on each (fewer at the ends)."""
    width = max(1, min(width, len(x)))
    c = np.concatenate([[0.0], np.cumsum(x)])
    k = np.arange(len(x))
    lo = np.clip(k - width // 2, 0, len(x))
    hi = np.clip(k - width // 2 + width, 0, len(x))
    return (c[hi] - c[lo]) / (hi - lo)


def _rate_curve(spec: TraceSpec, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Breaths a minute at each frame: a wandering awake rate gliding to a steadier asleep one."""
    n = len(t)
    dt = t[1] - t[0]
    # awake: a random walk of about +-2 breaths a minute, changing over a minute or so
    walk = np.cumsum(rng.normal(0.0, 1.0, n)) * math.sqrt(dt / 60.0) * 2.0
    walk -= _moving_mean(walk, int(120 / dt))
    awake = spec.awake_bpm + np.clip(walk, -3.0, 3.0)
    if spec.onset_min is None:
        return np.clip(awake, 4.0, 24.0)
    onset = spec.onset_min * 60.0
    steady = np.cumsum(rng.normal(0.0, 1.0, n)) * math.sqrt(dt / 60.0) * 0.3
    steady -= _moving_mean(steady, int(300 / dt))
    asleep = spec.asleep_bpm + np.clip(steady, -0.6, 0.6)
    glide = np.clip((t - onset) / 180.0, 0.0, 1.0)  # over three minutes from onset
    w = glide * glide * (3.0 - 2.0 * glide)
    return np.clip(awake * (1.0 - w) + asleep * w, 4.0, 24.0)


def _breaths(t: np.ndarray, bpm: np.ndarray, asleep_w: np.ndarray, rng: np.random.Generator):
    """Breath by breath: each breath's length and depth vary about the rate curve, a lot
    while awake (about 20 % and 30 %, with an occasional sigh), little asleep (6 %, 8 %).
    Returns the phase (radians, 2 pi a breath) and depth at every frame."""
    starts, depths = [float(t[0]) - rng.uniform(0.0, 60.0 / bpm[0])], []
    while starts[-1] < t[-1]:
        k = min(int(np.searchsorted(t, starts[-1])), len(t) - 1)
        sleepy = asleep_w[k]
        cv, dv = 0.20 * (1 - sleepy) + 0.06 * sleepy, 0.30 * (1 - sleepy) + 0.08 * sleepy
        length = 60.0 / bpm[k] * max(0.4, 1.0 + cv * rng.normal())
        depth = max(0.3, 1.0 + dv * rng.normal())
        if sleepy < 0.5 and rng.random() < 0.03:  # a sigh: deep and long
            depth, length = depth * 2.0, length * 1.6
        starts.append(starts[-1] + length)
        depths.append(depth)
    starts_a = np.array(starts)
    k = np.clip(np.searchsorted(starts_a, t, side="right") - 1, 0, len(depths) - 1)
    frac = (t - starts_a[k]) / (starts_a[k + 1] - starts_a[k])
    return 2.0 * math.pi * (k + frac), np.array(depths)[k]


def _breath_wave(phase: np.ndarray) -> np.ndarray:
    """Chest movement over a breath: a quicker rise, a longer fall (zero mean, peak ~1)."""
    return 0.85 * np.sin(phase) + 0.25 * np.sin(2.0 * phase - 0.6)


def _movement_times(spec: TraceSpec, rng: np.random.Generator) -> list[tuple[float, float, str]]:
    """(start s, duration s, kind) of every movement: fidgets, restless spells, turns."""
    out: list[tuple[float, float, str]] = []
    end_awake = spec.minutes * 60.0 if spec.onset_min is None else spec.onset_min * 60.0
    still_from = end_awake - (spec.quiet_wake_min * 60.0 if spec.onset_min is not None else 0.0)
    t = rng.uniform(10.0, 40.0)
    while t < still_from:
        out.append((t, rng.uniform(1.0, 4.0), "fidget"))
        t += rng.exponential(spec.fidget_every_min * 60.0) + 5.0
    for a, b in spec.restless:
        t = a * 60.0
        while t < b * 60.0:
            out.append((t, rng.uniform(1.5, 5.0), "fidget"))
            t += rng.uniform(8.0, 25.0)
    for m in spec.turns_min:
        out.append((m * 60.0, rng.uniform(3.0, 8.0), "turn"))
    return sorted(out)


def make_trace(spec: TraceSpec, frame_hz: float = FRAME_HZ) -> Trace:
    """The frames of ``spec``'s night (same seed, same trace)."""
    rng = np.random.default_rng(spec.seed)
    n = int(spec.minutes * 60.0 * frame_hz)
    t = np.arange(n) / frame_hz
    dt = 1.0 / frame_hz

    bpm = _rate_curve(spec, t, rng)
    onset = None if spec.onset_min is None else spec.onset_min * 60.0
    asleep_w = np.zeros(n) if onset is None else np.clip((t - onset) / 180.0, 0.0, 1.0)
    phase, depth = _breaths(t, bpm, asleep_w, rng)
    wave = _breath_wave(phase) * depth

    # posture: lying on the back, looking up; breathing tilts the head about its side axis
    rot = np.zeros((n, 3))  # rotation vector (radians) in the head's frame, slowly changing
    shift = np.zeros((n, 3))  # metres
    axis = 0 if spec.posture == "back" else 2  # pitch (x) or roll (z)
    rot[:, axis] += math.radians(spec.pitch_amp_deg) * wave
    shift[:, 1] += spec.lift_mm * 1e-3 * wave

    moving = np.zeros(n, dtype=bool)
    movements = []
    posture = np.zeros(3)
    posture_at = np.zeros((n, 3))
    place = np.zeros(3)
    place_at = np.zeros((n, 3))
    events = _movement_times(spec, rng)
    k_prev = 0
    for start, duration, kind in events:
        k0, k1 = int(start * frame_hz), min(int((start + duration) * frame_hz), n)
        if k0 >= n:
            break
        posture_at[k_prev:k0] = posture
        place_at[k_prev:k0] = place
        if kind == "turn":
            step = rng.normal(0, 1, 3) * np.array([0.15, 0.3, 1.2])
            move = rng.normal(0, 0.04, 3)
        else:
            step = rng.normal(0, 1, 3) * math.radians(rng.uniform(3.0, 15.0)) / math.sqrt(3)
            move = rng.normal(0, 0.01, 3)
        s = np.linspace(0.0, 1.0, max(k1 - k0, 1))
        w = (s * s * (3 - 2 * s))[:, None]
        overshoot = np.sin(np.pi * s)[:, None] * step * 0.5  # the head goes past and back
        posture_at[k0:k1] = posture + step * w + overshoot
        place_at[k0:k1] = place + move * w
        posture, place = posture + step, place + move
        moving[k0:k1] = True
        movements.append((start, start + duration))
        k_prev = k1
    posture_at[k_prev:] = posture
    place_at[k_prev:] = place

    drift = np.cumsum(rng.normal(0, 1, (n, 3)), axis=0) * math.sqrt(dt / 60.0)
    drift *= math.radians(spec.drift_deg_per_min) * np.array([0.3, 1.0, 0.3])
    noise = rng.normal(0.0, math.radians(spec.noise_deg), (n, 3))
    base = _rotvec_quat(np.array([[-math.pi / 2, 0.0, 0.0]]))[0]  # looking up at the ceiling
    q_head = _qmul(np.broadcast_to(base, (n, 4)), _rotvec_quat(posture_at + drift))
    q = _qmul(q_head, _rotvec_quat(rot + noise))
    pos = np.array([0.0, 0.3, 0.0]) + place_at + shift
    pos += np.cumsum(rng.normal(0, 1, (n, 3)), axis=0) * math.sqrt(dt / 60.0) * 1e-3
    pos += rng.normal(0.0, spec.noise_mm * 1e-3, (n, 3))

    present = np.ones(n, dtype=bool)
    for a, b, how in spec.off:
        k0, k1 = int(a * 60 * frame_hz), min(int(b * 60 * frame_hz), n)
        if how == "absent":
            present[k0:k1] = False
        else:  # the runtime keeps reporting the last pose, exactly
            q[k0:k1] = q[k0 - 1] if k0 > 0 else q[0]
            pos[k0:k1] = pos[k0 - 1] if k0 > 0 else pos[0]
    return Trace(spec, t, q, pos, present, bpm, phase, moving, onset, movements)
