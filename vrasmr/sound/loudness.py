"""Loudness normalisation: every sound lands on its category's target (ITU-R BS.1770 LUFS).

Targets are deliberately low and close together so that nothing in a sleep mix jumps out:
steady beds sit under the triggers, and the whispered voice sits just above the triggers so
words stay intelligible without being loud. A true-peak ceiling (4x oversampled) leaves
headroom for spatialisation and HRTF gain. See docs/sounds.md for the reasoning.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from vrasmr.lazy import LazyModule

ndimage = LazyModule("scipy.ndimage")
signal = LazyModule("scipy.signal")
pyloudnorm_filters = LazyModule("pyloudnorm.iirfilter")  # pyloudnorm imports scipy.signal

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


def _as_float(x: np.ndarray) -> np.ndarray:
    """``x`` as float32 when it is float32 (a long recording stays half the size), else as
    float64; checked for shape and finite samples."""
    x = np.asarray(x)
    data = x if x.dtype == np.float32 else x.astype(np.float64, copy=False)
    if data.ndim not in (1, 2):
        raise ValueError(f"audio must be mono (n,) or (n, channels); got shape {data.shape}")
    if not np.all(np.isfinite(data)):
        raise ValueError("audio contains NaN or infinite samples; clean it before measuring")
    return data


def integrated_lufs(x: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness in LUFS (BS.1770-4, gated). ``-inf`` for silence.

    Sounds shorter than one 400 ms gating block are measured as if padded with silence.
    """
    data = _as_float(x)
    if data.size == 0 or not np.any(data):
        return float("-inf")
    return _gated_lufs(_block_powers(data, sample_rate))


# pyloudnorm's BS.1770 meter, vectorised: the same K-weighting filters (from pyloudnorm), the
# same block bounds and gates, but one filtering pass and block sums from a running sum
# instead of a Python loop. Block powers also let a pure gain be re-measured without
# filtering again. tests/test_loudness.py checks it against pyloudnorm.Meter.
_BLOCK_OVERLAP = 0.75
_CHANNEL_GAINS = (1.0, 1.0, 1.0, 1.41, 1.41)
_ABSOLUTE_GATE_LUFS = -70.0
_FILTER_CHUNK = 1 << 20  # samples K-weighted at a time: memory stays flat for long sounds


@lru_cache(maxsize=8)
def _k_weighting(sample_rate: int) -> np.ndarray:
    stages = (
        pyloudnorm_filters.IIRfilter(4.0, 1 / np.sqrt(2), 1500.0, sample_rate, "high_shelf"),
        pyloudnorm_filters.IIRfilter(0.0, 0.5, 38.0, sample_rate, "high_pass"),
    )
    return np.array([[*(f.passband_gain * f.b), *f.a] for f in stages])


def _block_powers(data: np.ndarray, sample_rate: int) -> np.ndarray:
    """Channel-weighted mean square of each K-weighted 400 ms gating block (75 % overlap)."""
    minimum = int(np.ceil(_MIN_BLOCK_SECONDS * sample_rate)) + 1
    if data.shape[0] < minimum:
        pad = [(0, minimum - data.shape[0])] + [(0, 0)] * (data.ndim - 1)
        data = np.pad(data, pad)
    if data.ndim == 1:
        data = data[:, None]
    channels = data.shape[1]
    if channels > len(_CHANNEL_GAINS):
        raise ValueError(f"audio has {channels} channels; loudness is measured for up to 5")
    block, step = _MIN_BLOCK_SECONDS, 1.0 - _BLOCK_OVERLAP
    n = data.shape[0]
    count = int(np.round((n / sample_rate - block) / (block * step))) + 1
    j = np.arange(count)
    lower = (block * (j * step) * sample_rate).astype(np.int64)
    upper = (block * (j * step + 1) * sample_rate).astype(np.int64)
    # The rounded block count can reach past the end; like pyloudnorm's slices, the last
    # block then holds what is there (still divided by the full block length).
    lower, upper = np.minimum(lower, n), np.minimum(upper, n)
    marks = np.union1d(lower, upper)
    running = _running_energy(data, sample_rate, marks)
    z = (running[np.searchsorted(marks, upper)] - running[np.searchsorted(marks, lower)]) / (
        block * sample_rate
    )
    return z @ np.asarray(_CHANNEL_GAINS[:channels])


def _running_energy(data: np.ndarray, sample_rate: int, marks: np.ndarray) -> np.ndarray:
    """The running sum of the K-weighted squared samples (n, channels), before each sample
    index in ``marks`` (sorted, 0..n), filtered a chunk at a time (the filter's state
    carries over), so a long sound never has a whole filtered copy in memory."""
    sos = _k_weighting(sample_rate)
    state = np.zeros((sos.shape[0], 2, data.shape[1]))
    out = np.empty((marks.size, data.shape[1]))
    total = np.zeros(data.shape[1])
    done = 0  # marks filled so far
    for start in range(0, data.shape[0], _FILTER_CHUNK):
        chunk = data[start : start + _FILTER_CHUNK]
        weighted, state = signal.sosfilt(sos, chunk, axis=0, zi=state)
        running = np.cumsum(np.square(weighted), axis=0)
        running += total
        end = start + weighted.shape[0]
        upto = int(np.searchsorted(marks, end, side="right"))
        inside = marks[done:upto] - start - 1  # running[i] holds the sum before index i + 1
        out[done:upto] = running[np.maximum(inside, 0)]
        out[done:upto][inside < 0] = total
        total, done = running[-1], upto
    out[done:] = total
    return out


def _gated_lufs(powers: np.ndarray) -> float:
    """Integrated loudness from block powers: absolute gate, then the relative gate (-10 LU)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        block_lufs = -0.691 + 10.0 * np.log10(powers)
        loud = block_lufs >= _ABSOLUTE_GATE_LUFS
        if not np.any(loud):
            return float("-inf")
        relative = -0.691 + 10.0 * np.log10(np.mean(powers[loud])) - 10.0
        gated = (block_lufs > relative) & (block_lufs > _ABSOLUTE_GATE_LUFS)
        if not np.any(gated):
            return float("-inf")
        value = -0.691 + 10.0 * np.log10(np.mean(powers[gated]))
    return float(value) if np.isfinite(value) else float("-inf")


# 4x-oversampled true peaks of real signals exceed the sample peak by well under 3 dB.
_INTER_SAMPLE_MARGIN = 10 ** (3.0 / 20)
# Oversampling is done only where a peak could be: blocks of this many samples are skipped
# when the interpolation filter's gain bound times their (and their neighbours') sample peak
# cannot reach the level asked about. The skipped parts provably change nothing.
_PEAK_BLOCK = 512


def _oversampled(data: np.ndarray) -> np.ndarray:
    return signal.resample_poly(data, OVERSAMPLING, 1, axis=0)


@lru_cache(maxsize=1)
def _interpolation_bound() -> tuple[float, int]:
    """(gain, reach) of the oversampling filter: no oversampled value exceeds ``gain`` times
    the largest input magnitude within ``reach`` samples of it (from its impulse response)."""
    half = 64
    impulse = np.zeros(2 * half + 1)
    impulse[half] = 1.0
    taps = _oversampled(impulse).reshape(2 * half + 1, OVERSAMPLING)
    used = np.flatnonzero(np.any(taps != 0.0, axis=1))
    reach = int(max(half - used[0], used[-1] - half)) + 1
    if reach >= min(half, _PEAK_BLOCK):
        raise RuntimeError(f"oversampling filter reaches {reach} samples; raise _PEAK_BLOCK")
    gain = float(np.abs(taps).sum(axis=0).max()) * (1 + 1e-9)
    return gain, reach


def _peak_runs(magnitude: np.ndarray, level: float) -> list[tuple[int, int]]:
    """``[start, stop)`` sample runs outside which no oversampled value can exceed ``level``."""
    gain, _ = _interpolation_bound()
    n = magnitude.shape[0]
    whole = n // _PEAK_BLOCK
    block_peak = magnitude[: whole * _PEAK_BLOCK].reshape(whole, _PEAK_BLOCK).max(axis=1)
    if n > whole * _PEAK_BLOCK:
        block_peak = np.append(block_peak, magnitude[whole * _PEAK_BLOCK :].max())
    reach_peak = block_peak.copy()  # the filter reaches less than a block into a neighbour
    np.maximum(reach_peak[1:], block_peak[:-1], out=reach_peak[1:])
    np.maximum(reach_peak[:-1], block_peak[1:], out=reach_peak[:-1])
    hot = np.concatenate([[False], gain * reach_peak > level, [False]])
    edges = np.flatnonzero(hot[1:] != hot[:-1])
    return [
        (int(a) * _PEAK_BLOCK, min(n, int(b) * _PEAK_BLOCK))
        for a, b in zip(edges[::2], edges[1::2], strict=True)
    ]


def _oversampled_run(data: np.ndarray, start: int, stop: int) -> np.ndarray:
    """``|oversampled data|`` for samples ``[start, stop)``, shape ``(stop - start, 4)``; the
    same values as oversampling the whole signal (the filter's whole reach is included)."""
    _, reach = _interpolation_bound()
    lo, hi = max(0, start - reach), min(data.shape[0], stop + reach)
    over = np.abs(_oversampled(data[lo:hi]))
    over = over[(start - lo) * OVERSAMPLING : (stop - lo) * OVERSAMPLING]
    if over.ndim == 2:
        over = over.max(axis=1)
    return over.reshape(stop - start, OVERSAMPLING)


def _magnitude(data: np.ndarray) -> np.ndarray:
    magnitude = np.abs(data)
    return magnitude.max(axis=1) if magnitude.ndim == 2 else magnitude


def true_peak_dbtp(x: np.ndarray, sample_rate: int, floor_dbtp: float | None = None) -> float:
    """True peak in dBTP: the largest magnitude of the 4x oversampled signal.

    With ``floor_dbtp``, only the parts that could exceed the floor are oversampled: the
    answer is exact whenever it is above the floor, and at or under the floor (possibly
    ``-inf``) otherwise. That is all a ceiling check needs, at a fraction of the cost.
    """
    del sample_rate  # oversampling ratio is rate-independent
    data = _as_float(x)
    if data.size == 0:
        return float("-inf")
    magnitude = _magnitude(data)
    if floor_dbtp is None:  # start from the oversampled peak around the loudest sample
        loudest = int(np.argmax(magnitude))
        peak = level = float(_oversampled_run(data, loudest, loudest + 1).max())
    else:
        peak, level = 0.0, 10 ** (floor_dbtp / 20)
    for start, stop in _peak_runs(magnitude, level):
        peak = max(peak, float(_oversampled_run(data, start, stop).max()))
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def _limit(data: np.ndarray, sample_rate: int, ceiling_dbtp: float) -> np.ndarray:
    """Smooth look-ahead peak limiter: gain dips only around peaks above the ceiling."""
    ceiling = 10 ** (ceiling_dbtp / 20)
    magnitude = _magnitude(data)
    if float(np.max(magnitude, initial=0.0)) * _INTER_SAMPLE_MARGIN < ceiling:
        return data  # even the worst inter-sample overshoot stays under: nothing to limit
    n = data.shape[0]
    peaks = np.zeros(
        n, data.dtype
    )  # stays zero (no dip) wherever no oversampled value can pass the ceiling
    for start, stop in _peak_runs(magnitude, ceiling):
        peaks[start:stop] = _oversampled_run(data, start, stop).max(axis=1)
    gain = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
    dips = np.flatnonzero(gain < 1.0)
    if dips.size == 0:
        return data
    half = max(1, int(0.005 * sample_rate))
    reach = 3 * half + 8  # how far the hold and the two smoothing passes spread a dip
    out = data.copy()
    # smooth only around the dips, where the gain is not 1: groups of dips further apart
    # than twice the reach cannot affect one another, and elsewhere the gain stays 1
    breaks = np.flatnonzero(np.diff(dips) > 2 * reach)
    firsts, lasts = dips[np.r_[0, breaks + 1]], dips[np.r_[breaks, dips.size - 1]]
    for first, last in zip(firsts, lasts, strict=True):
        lo, hi = max(0, int(first) - reach), min(n, int(last) + 1 + reach)
        smooth = ndimage.minimum_filter1d(gain[lo:hi], size=4 * half + 1, mode="nearest")
        for _ in range(2):  # triangular smoothing: a convex mix, never above the needed dip
            smooth = ndimage.uniform_filter1d(smooth, size=half + 1, mode="nearest")
        out[lo:hi] *= smooth[:, None] if data.ndim == 2 else smooth
    return out


def normalise(
    x: np.ndarray,
    sample_rate: int,
    category: str,
    *,
    ceiling_dbtp: float = TRUE_PEAK_LIMIT_DBTP,
) -> np.ndarray:
    """Scale ``x`` to ``TARGETS[category]`` LUFS and keep its true peak under ``ceiling_dbtp``
    (the mix's ceiling by default; speech asks for more headroom).

    Silence stays silence. Returns float32 of the same shape, always finite.
    """
    if category not in TARGETS:
        import difflib

        near = difflib.get_close_matches(category, TARGETS, n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise UnknownCategory(
            f"unknown loudness category {category!r}{hint} (valid: {', '.join(TARGETS)})"
        )
    data = _as_float(x)
    target = TARGETS[category]
    if data.size == 0 or not np.any(data):
        return np.zeros(data.shape, dtype=np.float32)
    powers = _block_powers(data, sample_rate)
    for _ in range(4):
        loudness = _gated_lufs(powers)
        if not np.isfinite(loudness) or loudness < _SILENCE_LUFS - 30:
            return np.zeros(data.shape, dtype=np.float32)
        if abs(loudness - target) < 0.25:  # well inside the ±1 LU promise
            break
        gain = 10 ** ((target - loudness) / 20)
        data = data * gain
        limited = _limit(data, sample_rate, ceiling_dbtp - 0.1)
        if limited is data:  # a pure gain: the blocks' powers scale, no need to filter again
            powers = powers * gain**2
        else:
            data, powers = limited, _block_powers(limited, sample_rate)
    peak = true_peak_dbtp(data, sample_rate, floor_dbtp=ceiling_dbtp)
    if peak > ceiling_dbtp:
        data = data * 10 ** ((ceiling_dbtp - 0.05 - peak) / 20)
    return data.astype(np.float32, copy=False)
