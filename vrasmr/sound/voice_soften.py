"""Make synthetic speech a soft whisper: remove all voicing, tame sibilants, even the level.

Voicing is removed by cepstral re-synthesis: each short frame keeps only its smooth spectral
envelope (the formants, which carry the words) and is re-excited with random-phase noise, so
no pitch periodicity can survive. Sibilant frames are turned down (de-essing), highs are
softened, and a slow gentle compressor evens the level.
"""

from __future__ import annotations

import numpy as np

from vrasmr.lazy import LazyModule

signal = LazyModule("scipy.signal")

FRAME_SECONDS = 0.046
ENVELOPE_QUEFRENCY_S = 0.0015  # shorter than any pitch period up to 600 Hz
SIBILANT_HZ = 4500.0
SIBILANT_MAX_SHARE = 0.25  # at most a quarter of a frame's energy may be hiss
SOFT_CORNER_HZ = 5500.0


def _spectral_envelope(magnitude: np.ndarray, sample_rate: int, n_fft: int) -> np.ndarray:
    log_mag = np.log(np.maximum(magnitude, 1e-9))
    cepstrum = np.fft.irfft(log_mag, n=n_fft, axis=0)
    keep = max(2, int(ENVELOPE_QUEFRENCY_S * sample_rate))
    cepstrum[keep:-keep] = 0.0
    return np.exp(np.fft.rfft(cepstrum, axis=0).real)


def whisperize(x: np.ndarray, sample_rate: int, rng: np.random.Generator) -> np.ndarray:
    """Unvoiced, de-essed, softened version of speech ``x`` (float, any level)."""
    if len(x) == 0:
        return np.zeros(0)
    n_fft = 1 << int(np.ceil(np.log2(FRAME_SECONDS * sample_rate)))
    hop = n_fft // 4
    freqs, _, spec = signal.stft(x, sample_rate, nperseg=n_fft, noverlap=n_fft - hop)
    magnitude = np.abs(spec)
    energy = np.sum(magnitude**2, axis=0)
    envelope = _spectral_envelope(magnitude, sample_rate, n_fft)
    # keep each frame's energy so the words' rhythm survives
    scale = np.sqrt(energy / np.maximum(np.sum(envelope**2, axis=0), 1e-20))
    envelope *= scale[None, :]
    # de-ess: where hiss dominates a frame, turn the band above SIBILANT_HZ down
    high = freqs >= SIBILANT_HZ
    high_share = np.sum(envelope[high] ** 2, axis=0) / np.maximum(
        np.sum(envelope**2, axis=0), 1e-20
    )
    cut = np.where(
        high_share > SIBILANT_MAX_SHARE,
        np.sqrt(SIBILANT_MAX_SHARE / np.maximum(high_share, 1e-9)),
        1.0,
    )
    envelope[high] *= cut[None, :]
    # warm: gentle roll-off above SOFT_CORNER_HZ, and nothing below 100 Hz
    envelope *= (1 / np.sqrt(1 + (freqs / SOFT_CORNER_HZ) ** 4))[:, None]
    envelope[freqs < 100] = 0.0
    phase = rng.uniform(0, 2 * np.pi, envelope.shape)
    _, out = signal.istft(
        envelope * np.exp(1j * phase), sample_rate, nperseg=n_fft, noverlap=n_fft - hop
    )
    return compress(out[: len(x)], sample_rate)


def compress(
    x: np.ndarray, sample_rate: int, ratio: float = 2.0, threshold_below_peak_db: float = 14.0
) -> np.ndarray:
    """Slow, gentle downward compression (50 ms level, 2:1 above threshold)."""
    window = max(1, int(0.05 * sample_rate))
    level = np.sqrt(np.convolve(x**2, np.ones(window) / window, mode="same"))
    if not np.any(level > 0):
        return x
    threshold = np.percentile(level[level > 0], 99) * 10 ** (-threshold_below_peak_db / 20)
    over = np.maximum(level / threshold, 1.0)
    gain = over ** (1 / ratio - 1)
    gain = np.convolve(gain, np.hanning(window) / np.hanning(window).sum(), mode="same")
    return x * gain
