"""A de-esser: sibilants ("s", "sh") turned down where they stand out, nothing else touched.

The 4–9 kHz band is split off; a sidechain follows that band's energy against the whole
signal's (5 ms attack, 60 ms release) and, where the band rises above ``threshold`` of the
total, turns only the band down (up to ``max_cut_db``). An "s" whispered at 5 cm from the
ear is the sound that stings; the words around it keep their level.
"""

from __future__ import annotations

import numpy as np

from vrasmr.lazy import LazyModule

signal = LazyModule("scipy.signal")

BAND_HZ = (4000.0, 9000.0)


def _follow(power: np.ndarray, sample_rate: int, attack_s: float, release_s: float) -> np.ndarray:
    """Smoothed envelope of ``power``: a fast rise and a slow fall, as two one-pole passes."""
    rise = signal.lfilter(
        [1 - np.exp(-1 / (attack_s * sample_rate))],
        [1, -np.exp(-1 / (attack_s * sample_rate))],
        power,
    )
    fall = signal.lfilter(
        [1 - np.exp(-1 / (release_s * sample_rate))],
        [1, -np.exp(-1 / (release_s * sample_rate))],
        power,
    )
    return np.maximum(rise, fall)


def deess(
    x: np.ndarray,
    sample_rate: int,
    *,
    threshold: float = 0.2,
    max_cut_db: float = 12.0,
) -> np.ndarray:
    """``x`` with its 4–9 kHz band dipped wherever it carries over ``threshold`` of the power."""
    x = np.asarray(x, dtype=np.float64)
    if len(x) == 0:
        return x.astype(np.float32)
    high = min(BAND_HZ[1], 0.45 * sample_rate)
    if high <= BAND_HZ[0]:
        return x.astype(np.float32)
    sos = signal.butter(4, [BAND_HZ[0], high], btype="bandpass", fs=sample_rate, output="sos")
    band = signal.sosfiltfilt(sos, x)
    band_level = _follow(band**2, sample_rate, 0.005, 0.06)
    total_level = _follow(x**2, sample_rate, 0.005, 0.06)
    share = band_level / np.maximum(total_level, 1e-12)
    cut = np.sqrt(threshold / np.maximum(share, threshold))  # 1 below threshold
    cut = np.maximum(cut, 10 ** (-max_cut_db / 20))
    return (x - band + band * cut).astype(np.float32)
