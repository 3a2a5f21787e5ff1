"""Gentle level evening for speech: words' peaks brought nearer their average, so that no
syllable jumps out of a whisper (the sleep-safety check's startle measure looks at 400 ms),
and a soft way back in after a silence."""

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


SOFT_ENTRY_AFTER_S = 4.0  # a phrase after at least this much silence comes in softly:
SOFT_ENTRY_DB = -4.0  # from this far down
SOFT_ENTRY_S = 4.0  # to its level over this, evenly in dB


def soft_entry(x: np.ndarray, sample_rate: int, spoken: int = 0) -> np.ndarray:
    """``x`` on the soft way back in (a new array; ``x`` itself once past it): the first SOFT_ENTRY_S of speech after a
    silence rise evenly in dB from SOFT_ENTRY_DB, ``spoken`` samples of it already said (by
    utterances before this one, short pauses between them not counted). A voice coming back
    after a silence stands out of the bed it was quiet over (the sleep check measured
    8.4-9.1 LU at such phrases in rain-tent and night-train), so it begins as a person
    resuming would, softly."""
    ramp = int(SOFT_ENTRY_S * sample_rate)
    n = min(len(x), ramp - spoken)
    if n <= 0:
        return x  # past the way in: as made
    out = np.array(x, dtype=np.float32, copy=True)
    db = SOFT_ENTRY_DB * (1.0 - (spoken + np.arange(n, dtype=np.float32)) / ramp)
    out[:n] *= 10.0 ** (db / 20.0)
    return out
