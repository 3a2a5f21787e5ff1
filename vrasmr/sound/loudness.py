"""The loudness meter (ITU-R BS.1770-4): integrated, windowed and momentary loudness, true peak.

One meter for the whole program: the normaliser (:mod:`vrasmr.sound.normalise`) levels every
sound with it, and the sleep-safety check (:mod:`vrasmr.safety.audio_metrics`) measures
recorded scenes with it, so the check sees exactly what levelled the sounds.
``tests/test_loudness.py`` holds it to pyloudnorm's meter.

Samples are mono ``(n,)`` or ``(n, channels)``; float32 input stays float32 (a long
recording stays half the size) and is K-weighted a chunk at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import numpy as np

from vrasmr.lazy import LazyModule

signal = LazyModule("scipy.signal")
pyloudnorm_filters = LazyModule("pyloudnorm.iirfilter")  # pyloudnorm imports scipy.signal

OVERSAMPLING = 4  # true peak: 4x oversampled, as BS.1770-4 Annex 2
LOUDNESS_OFFSET_DB = -0.691
# Floor for a window's mean square, so that digital silence reads as a very low, finite level.
POWER_FLOOR = 1e-15
_MIN_BLOCK_SECONDS = 0.4  # one BS.1770 gating block


def as_samples(x: np.ndarray) -> np.ndarray:
    """``x`` as float32 when it is float32, else as float64; checked for shape and finite
    samples."""
    x = np.asarray(x)
    data = x if x.dtype == np.float32 else x.astype(np.float64, copy=False)
    if data.ndim not in (1, 2):
        raise ValueError(f"audio must be mono (n,) or (n, channels); got shape {data.shape}")
    if not np.all(np.isfinite(data)):
        raise ValueError("audio contains NaN or infinite samples; clean it before measuring")
    return data


def power_to_lufs(power: np.ndarray | float) -> np.ndarray:
    """Loudness of a (channel-summed) K-weighted mean square, floored at ``POWER_FLOOR``."""
    return LOUDNESS_OFFSET_DB + 10.0 * np.log10(np.maximum(power, POWER_FLOOR))


def integrated_lufs(x: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness in LUFS (BS.1770-4, gated). ``-inf`` for silence.

    Sounds shorter than one 400 ms gating block are measured as if padded with silence.
    """
    data = as_samples(x)
    if data.size == 0 or not np.any(data):
        return float("-inf")
    return gated_lufs(block_powers(data, sample_rate))


# pyloudnorm's BS.1770 meter, vectorised: the same K-weighting filters (from pyloudnorm), the
# same block bounds and gates, but one filtering pass and block sums from a running sum
# instead of a Python loop. Block powers also let a pure gain be re-measured without
# filtering again.
_BLOCK_OVERLAP = 0.75
_CHANNEL_GAINS = (1.0, 1.0, 1.0, 1.41, 1.41)
_ABSOLUTE_GATE_LUFS = -70.0
_FILTER_CHUNK = 1 << 20  # samples K-weighted at a time: memory stays flat for long sounds


@lru_cache(maxsize=8)
def k_weighting_sos(sample_rate: int) -> np.ndarray:
    """BS.1770's K-weighting (pyloudnorm's two stages) as second-order sections for
    :func:`scipy.signal.sosfilt`."""
    stages = (
        pyloudnorm_filters.IIRfilter(4.0, 1 / np.sqrt(2), 1500.0, sample_rate, "high_shelf"),
        pyloudnorm_filters.IIRfilter(0.0, 0.5, 38.0, sample_rate, "high_pass"),
    )
    return np.array([[*(f.passband_gain * f.b), *f.a] for f in stages])


def _k_weighted_chunks(data: np.ndarray, sample_rate: int) -> Iterator[tuple[int, np.ndarray]]:
    """``(start, K-weighted samples)`` of ``data`` (n, channels) a chunk at a time (float64;
    the filter's state carries over, so the chunks join into the whole filtered signal)."""
    sos = k_weighting_sos(sample_rate)
    state = np.zeros((sos.shape[0], 2, data.shape[1]))
    for start in range(0, data.shape[0], _FILTER_CHUNK):
        weighted, state = signal.sosfilt(sos, data[start : start + _FILTER_CHUNK], axis=0, zi=state)
        yield start, weighted


def _channels(data: np.ndarray) -> np.ndarray:
    data = data[:, None] if data.ndim == 1 else data
    if data.shape[1] > len(_CHANNEL_GAINS):
        raise ValueError(f"audio has {data.shape[1]} channels; loudness is measured for up to 5")
    return data


def block_powers(x: np.ndarray, sample_rate: int) -> np.ndarray:
    """Channel-weighted mean square of each K-weighted 400 ms gating block (75 % overlap).

    Scale them by ``gain**2`` to measure ``gain * x`` without filtering again."""
    data = as_samples(x)
    minimum = int(np.ceil(_MIN_BLOCK_SECONDS * sample_rate)) + 1
    if data.shape[0] < minimum:
        pad = [(0, minimum - data.shape[0])] + [(0, 0)] * (data.ndim - 1)
        data = np.pad(data, pad)
    data = _channels(data)
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
    return z @ np.asarray(_CHANNEL_GAINS[: data.shape[1]])


def _running_energy(data: np.ndarray, sample_rate: int, marks: np.ndarray) -> np.ndarray:
    """The running sum of the K-weighted squared samples (n, channels), before each sample
    index in ``marks`` (sorted, 0..n), so a long sound never has a whole filtered copy in
    memory."""
    out = np.empty((marks.size, data.shape[1]))
    total = np.zeros(data.shape[1])
    done = 0  # marks filled so far
    for start, weighted in _k_weighted_chunks(data, sample_rate):
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


def gated_lufs(powers: np.ndarray) -> float:
    """Integrated loudness from block powers: absolute gate, then the relative gate (-10 LU)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        block_lufs = LOUDNESS_OFFSET_DB + 10.0 * np.log10(powers)
        loud = block_lufs >= _ABSOLUTE_GATE_LUFS
        if not np.any(loud):
            return float("-inf")
        relative = LOUDNESS_OFFSET_DB + 10.0 * np.log10(np.mean(powers[loud])) - 10.0
        gated = (block_lufs > relative) & (block_lufs > _ABSOLUTE_GATE_LUFS)
        if not np.any(gated):
            return float("-inf")
        value = LOUDNESS_OFFSET_DB + 10.0 * np.log10(np.mean(powers[gated]))
    return float(value) if np.isfinite(value) else float("-inf")


def windowed_powers(
    x: np.ndarray, sample_rate: int, window_s: float, hop_s: float
) -> tuple[np.ndarray, np.ndarray]:
    """K-weighted mean square per channel of sliding windows: (window end times in s,
    (m, channels) powers). Windows end every ``hop_s`` from ``window_s`` on; none when the
    sound is shorter than one window."""
    data = _channels(as_samples(x))
    window = max(1, round(window_s * sample_rate))
    hop = max(1, round(hop_s * sample_rate))
    n = data.shape[0]
    if n < window:
        return np.zeros(0), np.zeros((0, data.shape[1]))
    ends = np.arange(window, n + 1, hop)
    marks = np.union1d(ends - window, ends)
    running = _running_energy(data, sample_rate, marks)
    sums = running[np.searchsorted(marks, ends)] - running[np.searchsorted(marks, ends - window)]
    return ends / sample_rate, np.maximum(sums, 0.0) / window


def momentary_lufs(
    x: np.ndarray, sample_rate: int, hop_s: float = 0.1, window_s: float = 0.4
) -> tuple[np.ndarray, np.ndarray]:
    """Loudness of 400 ms windows every ``hop_s`` (channels weighted 1.0, floored at
    ``POWER_FLOOR``): (window end times in s, LUFS)."""
    times, powers = windowed_powers(x, sample_rate, window_s, hop_s)
    return times, power_to_lufs(powers.sum(axis=1))


def tail_powers(x: np.ndarray, sample_rate: int, window_s: float) -> np.ndarray:
    """K-weighted mean square per channel of the last ``window_s`` (all of a shorter sound),
    summed directly: exact even for near-silence after loud sound."""
    data = _channels(as_samples(x))
    window = min(data.shape[0], max(1, round(window_s * sample_rate)))
    first = data.shape[0] - window
    total = np.zeros(data.shape[1])
    for start, weighted in _k_weighted_chunks(data, sample_rate):
        total += np.square(weighted[max(0, first - start) :]).sum(axis=0)
    return total / max(window, 1)


# True peak. Oversampling is done only where a peak could be: blocks of this many samples are
# skipped when the interpolation filter's gain bound times their (and their neighbours')
# sample peak cannot reach the level asked about. The skipped parts provably change nothing.
_PEAK_BLOCK = 512
_OVERSAMPLE_CHUNK = 128 * _PEAK_BLOCK  # samples oversampled at a time: flat memory for long sounds


def _resampled(data: np.ndarray, factor: int) -> np.ndarray:
    return signal.resample_poly(data, factor, 1, axis=0)


@lru_cache(maxsize=4)
def _interpolation_bound(factor: int) -> tuple[float, int]:
    """(gain, reach) of the oversampling filter: no oversampled value exceeds ``gain`` times
    the largest input magnitude within ``reach`` samples of it (from its impulse response)."""
    half = 64
    impulse = np.zeros(2 * half + 1)
    impulse[half] = 1.0
    taps = _resampled(impulse, factor).reshape(2 * half + 1, factor)
    used = np.flatnonzero(np.any(taps != 0.0, axis=1))
    reach = int(max(half - used[0], used[-1] - half)) + 1
    if reach >= min(half, _PEAK_BLOCK):
        raise RuntimeError(f"oversampling filter reaches {reach} samples; raise _PEAK_BLOCK")
    gain = float(np.abs(taps).sum(axis=0).max()) * (1 + 1e-9)
    return gain, reach


def _block_peaks(data: np.ndarray) -> np.ndarray:
    """The largest magnitude (any channel) of each ``_PEAK_BLOCK``-sample block, found a chunk
    at a time so that a long sound never has a whole copy made."""
    n = data.shape[0]
    out = np.empty(-(-n // _PEAK_BLOCK))
    for start in range(0, n, _OVERSAMPLE_CHUNK):  # a whole number of blocks per chunk
        chunk = data[start : start + _OVERSAMPLE_CHUNK]
        first, whole = start // _PEAK_BLOCK, chunk.shape[0] // _PEAK_BLOCK
        if whole:  # a block's samples and channels in one row
            body = chunk[: whole * _PEAK_BLOCK].reshape(whole, -1)
            out[first : first + whole] = np.maximum(body.max(axis=1), -body.min(axis=1))
        if chunk.shape[0] > whole * _PEAK_BLOCK:
            rest = chunk[whole * _PEAK_BLOCK :]
            out[first + whole] = max(rest.max(), -rest.min())
    return out


def _peak_runs(block_peak: np.ndarray, n: int, level: float, factor: int) -> list[tuple[int, int]]:
    """``[start, stop)`` runs of the ``n`` samples outside which no oversampled value can
    exceed ``level``, none longer than ``_OVERSAMPLE_CHUNK``."""
    gain, _ = _interpolation_bound(factor)
    reach_peak = block_peak.copy()  # the filter reaches less than a block into a neighbour
    np.maximum(reach_peak[1:], block_peak[:-1], out=reach_peak[1:])
    np.maximum(reach_peak[:-1], block_peak[1:], out=reach_peak[:-1])
    hot = np.concatenate([[False], gain * reach_peak > level, [False]])
    edges = np.flatnonzero(hot[1:] != hot[:-1])
    return [
        (start, min(n, stop, start + _OVERSAMPLE_CHUNK))
        for a, b in zip(edges[::2], edges[1::2], strict=True)
        for stop in [int(b) * _PEAK_BLOCK]
        for start in range(int(a) * _PEAK_BLOCK, min(n, stop), _OVERSAMPLE_CHUNK)
    ]


def _oversampled(data: np.ndarray, start: int, stop: int, factor: int) -> np.ndarray:
    """The oversampled values of samples ``[start, stop)``, ``factor`` per sample: the same
    as oversampling the whole signal (the filter's whole reach is included)."""
    _, reach = _interpolation_bound(factor)
    lo, hi = max(0, start - reach), min(data.shape[0], stop + reach)
    over = _resampled(data[lo:hi], factor)
    return over[(start - lo) * factor : (stop - lo) * factor]


def _sample_peaks(data: np.ndarray, start: int, stop: int, factor: int) -> np.ndarray:
    """Per sample of ``[start, stop)``, the largest magnitude of its oversampled values."""
    over = np.abs(_oversampled(data, start, stop, factor))
    if over.ndim == 2:
        over = over.max(axis=1)
    return over.reshape(stop - start, factor).max(axis=1)


def _run_peak(data: np.ndarray, start: int, stop: int, factor: int) -> float:
    over = _oversampled(data, start, stop, factor)
    return float(max(over.max(), -over.min()))


def true_peak_dbtp(
    x: np.ndarray,
    sample_rate: int,
    floor_dbtp: float | None = None,
    oversampling: int = OVERSAMPLING,
) -> float:
    """True peak in dBTP: the largest magnitude of the oversampled signal, any channel.

    With ``floor_dbtp``, only the parts that could exceed the floor are oversampled: the
    answer is exact whenever it is above the floor, and at or under the floor (possibly
    ``-inf``) otherwise. That is all a ceiling check needs, at a fraction of the cost.
    """
    del sample_rate  # oversampling ratio is rate-independent
    data = as_samples(x)
    if data.size == 0:
        return float("-inf")
    n = data.shape[0]
    block_peak = _block_peaks(data)
    if floor_dbtp is None:  # start from the oversampled peak around the loudest sample
        first = int(np.argmax(block_peak)) * _PEAK_BLOCK
        block = np.abs(data[first : first + _PEAK_BLOCK])
        loudest = first + int(np.argmax(block.max(axis=1) if block.ndim == 2 else block))
        peak = level = _run_peak(data, loudest, loudest + 1, oversampling)
    else:
        peak, level = 0.0, 10 ** (floor_dbtp / 20)
    for start, stop in _peak_runs(block_peak, n, level, oversampling):
        peak = max(peak, _run_peak(data, start, stop, oversampling))
    return float(20 * np.log10(peak)) if peak > 0 else float("-inf")


def true_peak_envelope(x: np.ndarray, level: float) -> np.ndarray | None:
    """Per sample, the largest magnitude of its ``OVERSAMPLING`` oversampled values (any
    channel) wherever it could exceed ``level`` (linear), zero elsewhere; ``None`` when
    nothing can. What a peak limiter needs to know, oversampling only where it matters."""
    data = as_samples(x)
    n = data.shape[0]
    runs = _peak_runs(_block_peaks(data), n, level, OVERSAMPLING) if n else []
    if not runs:
        return None
    peaks = np.zeros(n, data.dtype)
    for start, stop in runs:
        peaks[start:stop] = _sample_peaks(data, start, stop, OVERSAMPLING)
    return peaks
