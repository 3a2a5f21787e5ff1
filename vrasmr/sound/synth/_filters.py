"""Filters that keep their state from one chunk to the next (second-order sections).

Designs are cached: a generator asks for the same few shapes again and again. The spectral
slope of coloured noise is a cascade of first-order pole/zero pairs an octave apart (each pair
a step of ``slope`` dB over its octave), so noise of any slope from 0 to -6 dB/octave streams
without an FFT and without a seam.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from vrasmr.lazy import LazyModule

signal = LazyModule("scipy.signal")

FLOOR_HZ = 10.0  # coloured noise is held flat below this (the rumble stays finite)
DC_BLOCK_HZ = 4.0  # and anything slower than this is taken out (no DC in a stream)
_EMPTY = np.zeros((0, 6))


def _edge(hz: float, sample_rate: int) -> float:
    return min(max(float(hz), 1.0), 0.45 * sample_rate)


def design_butter(kind: str, order: int, edges: tuple[float, ...], sample_rate: int) -> np.ndarray:
    """Butterworth sections; edges clipped to 1 Hz .. 0.45 x the sample rate (not cached:
    for a kernel's random band, which would only fill a cache that never hits)."""
    nyquist = sample_rate / 2
    if kind == "bandpass":
        hi = _edge(edges[1], sample_rate)
        lo = min(_edge(edges[0], sample_rate), 0.8 * hi)
        wn = [lo / nyquist, hi / nyquist]
    else:
        wn = _edge(edges[0], sample_rate) / nyquist
    return signal.butter(order, wn, btype=kind, output="sos")


@lru_cache(maxsize=512)
def butter(kind: str, order: int, edges: tuple[float, ...], sample_rate: int) -> np.ndarray:
    """:func:`design_butter`, cached: for a shape asked for again and again (a stream's
    filters, a kernel's fixed band)."""
    return design_butter(kind, order, edges, sample_rate)


@lru_cache(maxsize=128)
def slope(
    slope_db_per_octave: float, sample_rate: int, lo: float | None = None, hi: float | None = None
) -> np.ndarray:
    """Sections whose response falls ``slope_db_per_octave`` (0 .. -6) above FLOOR_HZ, with
    a DC blocker; unit gain is not promised (see :func:`rms_gain`). Noise bound for a band
    ``lo`` .. ``hi`` needs the slope only from two octaves below to two above it: fewer
    sections, the same sound."""
    if not -6.0 <= slope_db_per_octave <= 0.0:
        raise ValueError(f"noise slope {slope_db_per_octave} dB/octave is outside -6..0")
    dc_zero, dc_pole = [1.0], [np.exp(-2 * np.pi * DC_BLOCK_HZ / sample_rate)]
    if slope_db_per_octave == 0.0:
        return signal.zpk2sos(dc_zero, dc_pole, 1.0)
    ratio = 10 ** (-slope_db_per_octave / 20)  # zero over pole, with poles an octave apart
    if slope_db_per_octave <= -5.99:  # -6 dB/octave: each zero would cancel the next pole
        poles_hz, zeros_hz = [FLOOR_HZ], []
    else:
        bottom = max(FLOOR_HZ, (lo or 0.0) / 4)
        top = min(0.45 * sample_rate, 4 * hi) if hi else 0.45 * sample_rate
        poles_hz = list(bottom * 2.0 ** np.arange(max(1, int(np.log2(top / bottom)))))
        zeros_hz = [p * ratio for p in poles_hz]
    z = np.exp(-2 * np.pi * np.array(zeros_hz) / sample_rate)
    p = np.exp(-2 * np.pi * np.array(poles_hz) / sample_rate)
    return signal.zpk2sos(np.r_[z, dc_zero], np.r_[p, dc_pole], 1.0)


@lru_cache(maxsize=512)
def _rms_gain(sections: bytes, count: int, sample_rate: int) -> float:
    sos = np.frombuffer(sections).reshape(count, 6)
    # log-spaced, so that a narrow band at a few hertz is integrated as well as a wide one
    freqs = np.r_[0.0, np.geomspace(1e-3, sample_rate / 2, 1 << 15)]
    _, h = signal.sosfreqz(sos, worN=freqs, fs=sample_rate)
    power = np.trapezoid(np.abs(h) ** 2, freqs) / (sample_rate / 2)
    return float(np.sqrt(power))


def rms_gain(sos: np.ndarray, sample_rate: int) -> float:
    """The RMS a filter gives unit-RMS white noise (its mean power response)."""
    if len(sos) == 0:
        return 1.0
    sos = np.ascontiguousarray(sos, dtype=np.float64)
    return _rms_gain(sos.tobytes(), len(sos), sample_rate)


def chain(*parts: np.ndarray) -> np.ndarray:
    """Sections applied one after the other, as one filter."""
    parts = [p for p in parts if len(p)]
    return np.concatenate(parts) if parts else _EMPTY


def _compiled_sosfilt():
    """scipy's compiled kernel behind ``sosfilt`` (in place on a (1, n) float64 array), or
    None where this scipy lacks it: the public ``sosfilt`` spends ~100 us a call checking its
    arguments, more than filtering a chunk takes."""
    try:
        from scipy.signal._sosfilt import _sosfilt
    except ImportError:  # pragma: no cover - another scipy layout: the public call works
        return None
    probe = np.ones((1, 4))
    try:
        _sosfilt(np.array([[1.0, 0, 0, 1, 0, 0]]), probe, np.zeros((1, 1, 2)))
    except (TypeError, ValueError):  # pragma: no cover
        return None
    return _sosfilt


_FAST = None


class Filter:
    """Second-order sections with their state carried from call to call."""

    def __init__(self, sos: np.ndarray, gain: float = 1.0):
        self.sos = np.asarray(sos, dtype=np.float64)
        if gain != 1.0 and len(self.sos):
            self.sos = self.sos.copy()
            self.sos[0, :3] *= gain
        self.zi = np.zeros((len(self.sos), 2))
        self.gain = gain

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """The next stretch of the filtered signal (a new array)."""
        global _FAST
        if not len(self.sos):
            return x * self.gain
        if _FAST is None:
            _FAST = _compiled_sosfilt() or False
        if _FAST:
            y = np.array(x, dtype=np.float64, ndmin=2)
            _FAST(self.sos, y, self.zi.reshape(1, -1, 2))
            return y[0]
        y, self.zi = signal.sosfilt(self.sos, x, zi=self.zi)
        return y

    @classmethod
    def lowpass(cls, hz: float, sample_rate: int, order: int = 2) -> Filter:
        return cls(butter("lowpass", order, (float(hz),), sample_rate))

    @classmethod
    def bandpass(cls, lo: float, hi: float, sample_rate: int, order: int = 2) -> Filter:
        return cls(butter("bandpass", order, (float(lo), float(hi)), sample_rate))


def lowpass(x: np.ndarray, hz: float, sample_rate: int, order: int = 2) -> np.ndarray:
    """A one-off low-pass of a whole array (kernels, made once)."""
    return signal.sosfilt(design_butter("lowpass", order, (float(hz),), sample_rate), x)


def bandpass(x: np.ndarray, lo: float, hi: float, sample_rate: int, order: int = 2) -> np.ndarray:
    """A one-off band-pass of a whole array (kernels, made once)."""
    return signal.sosfilt(design_butter("bandpass", order, (float(lo), float(hi)), sample_rate), x)


def convolve(x: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """The full convolution of two arrays (a sound and its room, made once)."""
    return signal.oaconvolve(x, kernel)


def shaped(x: np.ndarray, sos: np.ndarray) -> np.ndarray:
    """A whole array through sections (a kernel, made once)."""
    return signal.sosfilt(sos, x) if len(sos) else x
