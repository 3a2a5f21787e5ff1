"""Coloured noise beds: white (flat), pink (-3 dB/octave) and brown (-6 dB/octave).

Steady by default (``variation = 0``: people choose them because they do not change); with
variation their level drifts a little over minutes. Never a loop either way.
"""

from __future__ import annotations

from vrasmr.scene.generator_params import NoiseParams

from ._generator import Generator
from ._sources import NoiseBand, Tilt, Walk


class _Noise(Generator):
    SLOPE = 0.0

    def __init__(self, p: NoiseParams, ctx):
        super().__init__(p, ctx)
        self.noise = NoiseBand(ctx, self.SLOPE)
        self.tilt = Tilt(ctx, p.warmth)
        self.drift = Walk(ctx, 180.0) if ctx.variation > 0 else None

    def chunk(self):
        x = self.tilt(self.noise())
        if self.drift is not None:
            x *= self.drift.gain(1.5 * self.ctx.variation)
        return x


class White(_Noise):
    SLOPE = 0.0


class Pink(_Noise):
    SLOPE = -3.0


class Brown(_Noise):
    SLOPE = -6.0
