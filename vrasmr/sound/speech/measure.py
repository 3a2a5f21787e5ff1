"""Measures of speech used by tests and benchmarks: voicing and spectral tilt."""

from __future__ import annotations

import numpy as np


def periodicity(
    x: np.ndarray,
    sample_rate: int,
    lo_hz: float = 80.0,
    hi_hz: float = 300.0,
    frame_seconds: float = 0.04,
) -> np.ndarray:
    """Per-frame strength of pitch periodicity in ``lo_hz..hi_hz`` (0 none, 1 perfectly
    periodic) for frames within 30 dB of the loudest: the voicing measure used in tests."""
    frame = int(frame_seconds * sample_rate)
    count = len(x) // frame
    frames = x[: count * frame].reshape(count, frame)
    power = np.mean(frames**2, axis=1)
    frames = frames[power > power.max() * 1e-3]
    lags = np.arange(int(sample_rate / hi_hz), int(sample_rate / lo_hz) + 1)
    spectrum = np.fft.rfft(frames, n=2 * frame, axis=1)
    auto = np.fft.irfft(np.abs(spectrum) ** 2, axis=1)
    return np.max(auto[:, lags], axis=1) / np.maximum(auto[:, 0], 1e-20)


def median_voicing(x: np.ndarray, sample_rate: int) -> float:
    """The median pitch-autocorrelation peak (80–300 Hz, 40 ms frames): under ~0.3 is a
    whisper, over ~0.45 is voiced speech."""
    values = periodicity(np.asarray(x, np.float64), sample_rate)
    return float(np.median(values)) if values.size else 0.0


def spectral_tilt_db(x: np.ndarray, sample_rate: int) -> float:
    """Energy above 2 kHz against energy from 100 Hz to 1 kHz, dB (whispers are flatter,
    so nearer 0; voiced speech falls away, well under -10)."""
    spectrum = np.abs(np.fft.rfft(np.asarray(x, np.float64))) ** 2
    freqs = np.fft.rfftfreq(len(x), 1 / sample_rate)
    low = spectrum[(freqs >= 100) & (freqs < 1000)].sum()
    high = spectrum[(freqs >= 2000) & (freqs < min(10000, sample_rate / 2))].sum()
    return float(10 * np.log10(max(high, 1e-30) / max(low, 1e-30)))
