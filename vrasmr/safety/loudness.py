"""Loudness measures of ITU-R BS.1770: K-weighting, momentary and integrated loudness, true peak."""

from __future__ import annotations

import numpy as np

# BS.1770 gives each of left and right a weight of 1.0 and offsets the channel sum by -0.691 dB.
LOUDNESS_OFFSET_DB = -0.691
# Floor for the mean square so that digital silence reads as a very low, finite level.
POWER_FLOOR = 1e-15
# Input samples kept either side of each true-peak chunk for the resampling filter to settle.
_TRUE_PEAK_CHUNK = 1 << 16
_TRUE_PEAK_MARGIN = 64


def as_stereo(stereo: np.ndarray) -> np.ndarray:
    """Check the shape ``(n, 2)`` and return float64 samples."""
    samples = np.asarray(stereo)
    if samples.ndim != 2 or samples.shape[1] != 2:
        raise ValueError(f"expected stereo samples shaped (n, 2), got {samples.shape}")
    return samples.astype(np.float64, copy=False)


def power_to_lufs(power: np.ndarray | float) -> np.ndarray:
    """Loudness of a (channel-summed) K-weighted mean square, floored at ``POWER_FLOOR``."""
    return LOUDNESS_OFFSET_DB + 10.0 * np.log10(np.maximum(power, POWER_FLOOR))


def k_weighted(stereo: np.ndarray, sr: int) -> np.ndarray:
    """The two-stage K-weighting filter of BS.1770 (pyloudnorm's coefficients), per channel."""
    import scipy.signal
    from pyloudnorm import IIRfilter

    samples = as_stereo(stereo)
    shelf = IIRfilter(4.0, 1 / np.sqrt(2), 1500.0, sr, "high_shelf")
    high_pass = IIRfilter(0.0, 0.5, 38.0, sr, "high_pass")
    out = scipy.signal.lfilter(shelf.b, shelf.a, samples, axis=0)
    return scipy.signal.lfilter(high_pass.b, high_pass.a, out, axis=0)


def windowed_power(
    squared: np.ndarray, sr: int, window_s: float, hop_s: float
) -> tuple[np.ndarray, np.ndarray]:
    """Mean of ``squared`` (n, ch) over sliding windows: (window end times in s, (m, ch) means)."""
    window = max(1, round(window_s * sr))
    hop = max(1, round(hop_s * sr))
    n = squared.shape[0]
    if n < window:
        return np.zeros(0), np.zeros((0, squared.shape[1]))
    ends = np.arange(window, n + 1, hop)
    cumulative = np.zeros((n + 1, squared.shape[1]))
    np.cumsum(squared, axis=0, out=cumulative[1:])
    sums = cumulative[ends] - cumulative[ends - window]
    return ends / sr, np.maximum(sums, 0.0) / window


def momentary_loudness(
    stereo: np.ndarray, sr: int, hop_s: float = 0.1, window_s: float = 0.4
) -> tuple[np.ndarray, np.ndarray]:
    """BS.1770 loudness of 400 ms windows every ``hop_s``: (window end times in s, LUFS)."""
    squared = np.square(k_weighted(stereo, sr))
    times, power = windowed_power(squared, sr, window_s, hop_s)
    return times, power_to_lufs(power.sum(axis=1))


def integrated_loudness(stereo: np.ndarray, sr: int) -> float:
    """Gated integrated loudness (BS.1770-4, via pyloudnorm); ``-inf`` for silence."""
    import pyloudnorm

    samples = as_stereo(stereo)
    with np.errstate(all="ignore"):
        value = float(pyloudnorm.Meter(sr).integrated_loudness(samples))
    return value if np.isfinite(value) else float("-inf")


def true_peak_dbtp(stereo: np.ndarray, sr: int, oversampling: int = 4) -> float:
    """Highest absolute sample after ``oversampling``-times polyphase upsampling, in dBTP."""
    import scipy.signal

    samples = as_stereo(stereo)
    peak = float(np.max(np.abs(samples), initial=0.0))
    n = samples.shape[0]
    for start in range(0, n, _TRUE_PEAK_CHUNK):
        lo = max(0, start - _TRUE_PEAK_MARGIN)
        hi = min(n, start + _TRUE_PEAK_CHUNK + _TRUE_PEAK_MARGIN)
        upsampled = scipy.signal.resample_poly(samples[lo:hi], oversampling, 1, axis=0)
        keep_from = (start - lo) * oversampling
        keep_to = (min(n, start + _TRUE_PEAK_CHUNK) - lo) * oversampling
        chunk_peak = np.max(np.abs(upsampled[keep_from:keep_to]), initial=0.0)
        peak = max(peak, float(chunk_peak))
    if peak <= 0.0:
        return float("-inf")
    return 20.0 * float(np.log10(peak))
