"""Coloured noise beds: white (flat), pink (-3 dB/octave) and brown (-6 dB/octave)."""

from __future__ import annotations

import numpy as np

from ._dsp import coloured_noise, samples, tilt_soft
from ._params import Params, num


class NoiseParams(Params):
    warmth: float = num(0.0, 0.0, 1.0, "softening of highs: 0 = the pure colour, 1 = dark")


def _make(slope: float):
    def make(p: NoiseParams, seconds: float, sample_rate: int, rng: np.random.Generator):
        x = coloured_noise(samples(seconds, sample_rate), rng, slope, sample_rate)
        return tilt_soft(x, sample_rate, p.warmth)

    return make


make_white = _make(0.0)
make_pink = _make(-3.0)
make_brown = _make(-6.0)
