"""How much a long sound repeats itself, and how much its loudness moves over minutes: the
figures by which a night's sound is "never the same twice" (docs/sounds.md, Streaming).

* :func:`repetition` — the largest Pearson correlation (each window's mean removed) of the
  50 ms log-loudness envelope between two non-overlapping 20 s windows at lags of 20 s to
  5 min: the sound is cut into 20 s windows, and each is compared with the window starting
  at every 50 ms from 20 s to 5 min later, so a loop of any period is found. A 30 s loop
  scores about 1; a sound made fresh scores what chance gives two unrelated stretches of its
  texture, which ``other=`` (an unrelated render, another seed) measures: a smooth, slow
  envelope (gusts, waves, a paced breath) finds a close match among 150,000 pairs by chance.
  A scene is measured from ``start_s``, once its fade-in and entry are over: a window on the
  fade-in's ramp matches any window with a slow trend (0.87 on campfire, on any night), which
  says nothing about loops.
* :func:`loudness_spread` — the standard deviation of 30 s loudness: alive (1-4 LU for a bed
  that wanders), never startling.

Loudness is BS.1770 (K-weighted, the channels' powers summed) through
:mod:`vrasmr.sound.loudness`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vrasmr.sound.loudness import momentary_lufs

ENVELOPE_S = 0.05
WINDOW_S = 20.0
MIN_LAG_S = 20.0
MAX_LAG_S = 300.0
START_STEP_S = WINDOW_S  # the compared windows tile the sound
FLAT_DB = 0.05  # a window whose envelope moves less than this (silence) is not compared
SPREAD_WINDOW_S, SPREAD_HOP_S = 30.0, 10.0


@dataclass(frozen=True)
class Repetition:
    """The most alike pair of windows: their correlation, lag and where the first starts."""

    correlation: float
    lag_s: float
    at_s: float


def envelope(x: np.ndarray, sample_rate: int) -> np.ndarray:
    """Log loudness (LUFS) of consecutive 50 ms frames of mono ``(n,)`` or stereo ``(n, 2)``."""
    _, lufs = momentary_lufs(x, sample_rate, hop_s=ENVELOPE_S, window_s=ENVELOPE_S)
    return lufs


def repetition(
    x: np.ndarray,
    sample_rate: int,
    *,
    other: np.ndarray | None = None,
    window_s: float = WINDOW_S,
    min_lag_s: float = MIN_LAG_S,
    max_lag_s: float = MAX_LAG_S,
    step_s: float = START_STEP_S,
    start_s: float = 0.0,
) -> Repetition:
    """The most alike pair of ``window_s`` windows of the envelope ``min_lag_s`` to
    ``max_lag_s`` apart (every lag a frame apart, first windows every ``step_s``), both from
    ``start_s`` on; with ``other``, the second window of each pair is taken from it instead
    (the chance level). ``at_s`` counts from the start of ``x``."""
    skip = int(round(max(start_s, 0.0) / ENVELOPE_S))
    env = envelope(x, sample_rate).astype(np.float64)[skip:]
    second = env if other is None else envelope(other, sample_rate).astype(np.float64)[skip:]
    w = int(round(window_s / ENVELOPE_S))
    lo, hi = int(round(min_lag_s / ENVELOPE_S)), int(round(max_lag_s / ENVELOPE_S))
    if len(env) < w + lo:
        raise ValueError(
            f"{len(env) * ENVELOPE_S:.0f} s after {start_s:g} s is too short to compare "
            f"{window_s:g} s windows {min_lag_s:g} s apart"
        )
    mean, std = _window_stats(env, w)
    std2 = std if other is None else _window_stats(second, w)[1]
    best = Repetition(-1.0, 0.0, 0.0)
    last = min(len(env), len(second)) - w
    for a in range(0, last - lo + 1, max(1, int(round(step_s / ENVELOPE_S)))):
        if std[a] < FLAT_DB:
            continue
        first = env[a : a + w] - mean[a]
        b0, b1 = a + lo, min(a + hi, last)
        # sum_j first[j] * second[b + j] for every b: the first window's mean is 0, so this
        # is the covariance of the two windows times w
        num = np.correlate(second[b0 : b1 + w], first, mode="valid")
        den = w * std[a] * std2[b0 : b1 + 1]
        ok = std2[b0 : b1 + 1] >= FLAT_DB
        if not np.any(ok):
            continue
        corr = np.where(ok, num / np.where(ok, den, 1.0), -1.0)
        k = int(np.argmax(corr))
        if corr[k] > best.correlation:
            best = Repetition(float(corr[k]), (b0 + k - a) * ENVELOPE_S, (a + skip) * ENVELOPE_S)
    return best


def _window_stats(env: np.ndarray, w: int) -> tuple[np.ndarray, np.ndarray]:
    """Every ``w``-frame window's mean and standard deviation, from running sums."""
    c1 = np.concatenate([[0.0], np.cumsum(env)])
    c2 = np.concatenate([[0.0], np.cumsum(env * env)])
    starts = np.arange(len(env) - w + 1)
    mean = (c1[starts + w] - c1[starts]) / w
    return mean, np.sqrt(np.maximum((c2[starts + w] - c2[starts]) / w - mean * mean, 0.0))


def loudness_spread(x: np.ndarray, sample_rate: int) -> float:
    """Standard deviation (LU) of the loudness of 30 s windows every 10 s."""
    _, lufs = momentary_lufs(x, sample_rate, hop_s=SPREAD_HOP_S, window_s=SPREAD_WINDOW_S)
    lufs = lufs[np.isfinite(lufs) & (lufs > -70.0)]
    return float(np.std(lufs)) if len(lufs) > 1 else 0.0
