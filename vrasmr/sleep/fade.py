"""Loudness-shaped fade curves: perceived loudness falls evenly, the gain ends at exactly 0.

Perceived loudness grows roughly as amplitude**0.6 (Stevens' power law for sound), so a fade
that lowers *loudness* linearly uses amplitude ``(1 - p) ** (1 / 0.6)``: half-way through the
fade the sound is 10 dB down ("half as loud"), and at the end it is silent, never a step.
"""

from __future__ import annotations

LOUDNESS_EXPONENT = 0.6


def clamp01(x: float) -> float:
    return 0.0 if x <= 0.0 else 1.0 if x >= 1.0 else float(x)


def smoothstep(p: float) -> float:
    """0 → 0 and 1 → 1 with zero slope at both ends (for ramps that must not click)."""
    p = clamp01(p)
    return p * p * (3.0 - 2.0 * p)


def loudness_to_gain(loudness: float) -> float:
    """Amplitude multiplier that sounds ``loudness`` (0..1) times as loud."""
    return clamp01(loudness) ** (1.0 / LOUDNESS_EXPONENT)


def gain_to_loudness(gain: float) -> float:
    return clamp01(gain) ** LOUDNESS_EXPONENT


def fade_out_gain(progress: float) -> float:
    """Gain at ``progress`` (0..1) through a fade to silence: 1 at 0, exactly 0 at 1."""
    return loudness_to_gain(1.0 - clamp01(progress))


def fade_between(progress: float, start_gain: float, end_gain: float) -> float:
    """Loudness-linear move from one gain to another (used for the all-night low level)."""
    a, b = gain_to_loudness(start_gain), gain_to_loudness(end_gain)
    return loudness_to_gain(a + (b - a) * clamp01(progress))


def db_to_gain(db: float) -> float:
    return 10.0 ** (db / 20.0)
