"""Loudness normalisation: every sound lands on its category's target (ITU-R BS.1770 LUFS).

Targets are deliberately low and close together so that nothing in a sleep mix jumps out:
steady beds sit under the triggers, and the whispered voice sits just above the triggers so
words stay intelligible without being loud. A true-peak ceiling (4x oversampled) leaves
headroom for spatialisation and HRTF gain. See docs/sounds.md for the reasoning.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage, signal

TARGETS: dict[str, float] = {
    "noise": -36.0,  # white/pink/brown noise beds: a floor, never the focus
    "bed": -33.0,  # rain, ocean, stream, wind, fire, insects, fan
    "body": -33.0,  # heartbeat and breathing: felt more than heard
    "trigger": -30.0,  # tapping, brushing, crinkling ... the ASMR focus
    "recording": -30.0,  # the user's own sounds, treated like triggers
    "whisper": -28.0,  # whispered speech and textures: intelligible, still soft
}
TRUE_PEAK_LIMIT_DBTP: float = -3.0
OVERSAMPLING = 4
_MIN_BLOCK_SECONDS = 0.4  # one BS.1770 gating block
_SILENCE_LUFS = -70.0


class UnknownCategory(KeyError):
    """A loudness category that is not in TARGETS."""


def _as_float64(x: np.ndarray) -> np.ndarray:
    data = np.asarray(x, dtype=np.float64)
    if data.ndim not in (1, 2):
        raise ValueError(f"audio must be mono (n,) or (n, channels); got shape {data.shape}")
    if not np.all(np.isfinite(data)):
        raise ValueError("audio contains NaN or infinite samples; clean it before measuring")
    return data


def integrated_lufs(x: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness in LUFS (BS.1770-4, gated). ``-inf`` for silence.

    Sounds shorter than one 400 ms gating block are measured as if padded with silence.
    """
    import pyloudnorm

    data = _as_float64(x)
    if data.size == 0 or not np.any(data):
        return float("-inf")
    minimum = int(np.ceil(_MIN_BLOCK_SECONDS * sample_rate)) + 1
    if data.shape[0] < minimum:
        pad = [(0, minimum - data.shape[0])] + [(0, 0)] * (data.ndim - 1)
        data = np.pad(data, pad)
    meter = pyloudnorm.Meter(sample_rate)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        value = float(meter.integrated_loudness(data))
    return value if np.isfinite(value) else float("-inf")


# 4x-oversampled true peaks of real signals exceed the sample peak by well under 3 dB.
_INTER_SAMPLE_MARGIN = 10 ** (3.0 / 20)


def _oversampled(data: np.ndarray) -> np.ndarray:
    return signal.resample_poly(data, OVERSAMPLING, 1, axis=0)


def true_peak_dbtp(x: np.ndarray, sample_rate: int) -> float:
    """True peak in dBTP: the largest magnitude of the 4x oversampled signal."""
    del sample_rate  # oversampling ratio is rate-independent
    data = _as_float64(x)
    if data.size == 0:
        return float("-inf")
    peak = float(np.max(np.abs(_oversampled(data))))
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def _limit(data: np.ndarray, sample_rate: int, ceiling_dbtp: float) -> np.ndarray:
    """Smooth look-ahead peak limiter: gain dips only around peaks above the ceiling."""
    ceiling = 10 ** (ceiling_dbtp / 20)
    if float(np.max(np.abs(data), initial=0.0)) * _INTER_SAMPLE_MARGIN < ceiling:
        return data  # even the worst inter-sample overshoot stays under: nothing to limit
    over = np.abs(_oversampled(data))
    if over.ndim == 2:
        over = over.max(axis=1)
    n = data.shape[0]
    peaks = over[: n * OVERSAMPLING].reshape(n, OVERSAMPLING).max(axis=1)
    gain = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
    if gain.min() >= 1.0:
        return data
    half = max(1, int(0.005 * sample_rate))
    gain = ndimage.minimum_filter1d(gain, size=4 * half + 1, mode="nearest")
    for _ in range(2):  # triangular smoothing: a convex mix, so never above the needed dip
        gain = ndimage.uniform_filter1d(gain, size=half + 1, mode="nearest")
    return data * (gain[:, None] if data.ndim == 2 else gain)


def normalise(x: np.ndarray, sample_rate: int, category: str) -> np.ndarray:
    """Scale ``x`` to ``TARGETS[category]`` LUFS and keep its true peak under the ceiling.

    Silence stays silence. Returns float32 of the same shape, always finite.
    """
    if category not in TARGETS:
        import difflib

        near = difflib.get_close_matches(category, TARGETS, n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise UnknownCategory(
            f"unknown loudness category {category!r}{hint} (valid: {', '.join(TARGETS)})"
        )
    data = _as_float64(x)
    target = TARGETS[category]
    for _ in range(4):
        loudness = integrated_lufs(data, sample_rate)
        if not np.isfinite(loudness) or loudness < _SILENCE_LUFS - 30:
            return np.zeros(data.shape, dtype=np.float32)
        if abs(loudness - target) < 0.25:  # well inside the ±1 LU promise
            break
        data = data * 10 ** ((target - loudness) / 20)
        data = _limit(data, sample_rate, TRUE_PEAK_LIMIT_DBTP - 0.1)
    peak = true_peak_dbtp(data, sample_rate)
    if peak > TRUE_PEAK_LIMIT_DBTP:
        data = data * 10 ** ((TRUE_PEAK_LIMIT_DBTP - 0.05 - peak) / 20)
    return data.astype(np.float32)
