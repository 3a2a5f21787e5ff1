"""Loudness normalisation: every sound lands on its category's target (ITU-R BS.1770 LUFS).

Targets are deliberately low and close together so that nothing in a sleep mix jumps out:
steady beds sit under the triggers, and the whispered voice sits just above the triggers so
words stay intelligible without being loud. A true-peak ceiling (4x oversampled) leaves
headroom for spatialisation and HRTF gain. Measured with :mod:`vrasmr.sound.loudness`, the
meter the sleep-safety check uses too. See docs/sounds.md for the reasoning.
"""

from __future__ import annotations

import numpy as np

from vrasmr.errors import VrasmrError
from vrasmr.lazy import LazyModule
from vrasmr.sound.loudness import (
    as_samples,
    block_powers,
    gated_lufs,
    true_peak_dbtp,
    true_peak_envelope,
)

ndimage = LazyModule("scipy.ndimage")

TARGETS: dict[str, float] = {
    "noise": -36.0,  # white/pink/brown noise beds: a floor, never the focus
    "bed": -33.0,  # rain, ocean, stream, wind, fire, insects, fan
    "body": -33.0,  # heartbeat and breathing: felt more than heard
    "trigger": -30.0,  # tapping, brushing, crinkling ... the ASMR focus
    "recording": -30.0,  # the user's own sounds, treated like triggers
    "whisper": -28.0,  # whispered speech and textures: intelligible, still soft
}
TRUE_PEAK_LIMIT_DBTP: float = -3.0
_SILENCE_LUFS = -70.0
# 4x-oversampled true peaks of real signals exceed the sample peak by well under 3 dB.
_INTER_SAMPLE_MARGIN = 10 ** (3.0 / 20)


class UnknownCategory(VrasmrError, KeyError):
    """A loudness category that is not in TARGETS."""


def _limit(data: np.ndarray, sample_rate: int, ceiling_dbtp: float) -> np.ndarray:
    """Smooth look-ahead peak limiter: gain dips only around peaks above the ceiling."""
    ceiling = 10 ** (ceiling_dbtp / 20)
    sample_peak = max(float(data.max(initial=0.0)), -float(data.min(initial=0.0)))
    if sample_peak * _INTER_SAMPLE_MARGIN < ceiling:
        return data  # even the worst inter-sample overshoot stays under: nothing to limit
    peaks = true_peak_envelope(data, ceiling)  # zero (no dip) where nothing can pass
    if peaks is None:
        return data
    gain = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
    dips = np.flatnonzero(gain < 1.0)
    if dips.size == 0:
        return data
    n = data.shape[0]
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
    data = as_samples(x)
    target = TARGETS[category]
    if data.size == 0 or not np.any(data):
        return np.zeros(data.shape, dtype=np.float32)
    powers = block_powers(data, sample_rate)
    for _ in range(4):
        loudness = gated_lufs(powers)
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
            data, powers = limited, block_powers(limited, sample_rate)
    peak = true_peak_dbtp(data, sample_rate, floor_dbtp=ceiling_dbtp)
    if peak > ceiling_dbtp:
        data = data * 10 ** ((ceiling_dbtp - 0.05 - peak) / 20)
    return data.astype(np.float32, copy=False)
