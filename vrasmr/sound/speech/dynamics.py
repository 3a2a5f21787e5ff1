"""Gentle level evening for speech: words' peaks brought nearer their average, so that no
syllable jumps out of a whisper (the sleep-safety check's startle measure looks at 400 ms)."""

from __future__ import annotations

import numpy as np


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
