"""Water beds: rain (five surfaces), ocean swells and a stream.

Droplets and bubbles are small kernels (a noise tick for the impact, a rising decaying sine
for an air bubble, after van den Doel's bubble model) scattered over filtered noise. Over
minutes the rain ebbs and flows, the waves come in sets, the stream rises and falls.
"""

from __future__ import annotations

import math

import numpy as np

from vrasmr.scene.generator_params import OceanParams, RainParams, StreamParams

from ._events import KernelBank, Scatter
from ._generator import Generator
from ._kernels import bubble, tick
from ._sources import NoiseBand, Swell, Tilt, Walk, ramp_fractions


def drops(ctx, make, count, rate_hz, spread=1.0) -> Scatter:
    """Drops from a bank of ``count`` variants of ``make(rng)`` at ``rate_hz``, unit RMS."""
    return Scatter(ctx, KernelBank(make, count, ctx.rng), rate_hz, spread)


def bubbles(ctx, count, lo, hi, t60, chirp, rate_hz, spread=1.0) -> Scatter:
    sr = ctx.sample_rate
    return drops(ctx, lambda rng: bubble(rng, sr, lo, hi, t60, chirp), count, rate_hz, spread)


# variant -> (bed band Hz, bed weight, drops/s at intensity 1, tick band Hz, tick t60 s,
#             bubbles/s, bubble band Hz, drop weight); the window's bed is heard through glass
_RAIN = {
    "light": ((500, 6000), 0.35, 120, (1500, 6000), (0.002, 0.008), 10, (1800, 4000), 1.0),
    "steady": ((300, 7000), 1.0, 900, (1200, 6000), (0.002, 0.010), 60, (1500, 4500), 0.8),
    "roof": ((120, 2500), 1.0, 700, (250, 1400), (0.010, 0.040), 4, (700, 1400), 1.0),
    "window": ((150, 900), 0.6, 250, (2500, 5000), (0.001, 0.004), 0, (1, 2), 0.9),
    "leaves": ((400, 5000), 0.5, 500, (900, 5000), (0.004, 0.020), 8, (900, 2500), 1.0),
}


class Rain(Generator):
    """Rain on a surface; its intensity ebbs and flows over minutes (``variation``):
    showers come and pass over a steadier drizzle (a swell's lows count for ``EBB`` of its
    highs, so a quiet night is never a near-silent one)."""

    DEPTH = 0.7  # intensity per unit of the swell, at variation 1
    EBB = 0.5
    _MEAN = (1 - EBB) / 2 * 0.82  # E|swell| is 0.82: the mean shift, taken off (level kept)

    def __init__(self, p: RainParams, ctx):
        super().__init__(p, ctx)
        sr = ctx.sample_rate
        (lo, hi), self.bed_w, rate, tick_band, tick_t60, bub_rate, bub_band, self.drop_w = _RAIN[
            p.variant
        ]
        self.rate, self.bub_rate = rate, bub_rate
        self.strength = 0.25 + 0.75 * p.intensity
        self.bed = NoiseBand(ctx, -3.0, lo, hi)
        self.gust = Walk(ctx, 6.0)
        self.swell = Swell(ctx, 150.0, shared=True)  # showers come and pass
        self.ticks = drops(
            ctx, lambda rng: tick(rng, sr, *tick_band, tick_t60), 12, rate * self.strength, 0.8
        )
        self.layers = []  # (weight, scatter, rate at intensity 1)
        if bub_rate:
            plinks = bubbles(ctx, 8, *bub_band, (0.015, 0.05), (5.0, 25.0), bub_rate, 0.7)
            self.layers.append((0.5, plinks, bub_rate))
        if p.variant == "window":
            ring = bubbles(ctx, 8, 2200, 4200, (0.02, 0.05), (0.0, 0.5), 25.0)
            self.layers.append((0.3, ring, 25.0))
        if p.variant == "roof":  # a slow drip from the gutter, at its own pace
            drip = bubbles(ctx, 3, 500, 900, (0.06, 0.12), (2.0, 6.0), 0.7, 0.3)
            self.layers.append((0.6, drip, None))
        self.tilt = Tilt(ctx, 0.3 + 0.6 * p.warmth)

    def _shower(self) -> float:
        s = self.swell.step()
        return (s if s > 0 else self.EBB * s) - (self._MEAN if not self.ctx.steady else 0.0)

    def chunk(self):
        p, ctx = self.p, self.ctx
        intensity = min(max(p.intensity + self.DEPTH * ctx.variation * self._shower(), 0.0), 1.0)
        strength = 0.25 + 0.75 * intensity
        curve = self.gust.rate(0.6 * p.gustiness)
        drops_ = self.ticks(self.rate * strength, curve)
        for weight, layer, rate in self.layers:
            drops_ += weight * layer(strength * rate if rate else 0.7, curve)
        mix = self.bed() * curve
        mix *= self.bed_w * strength
        mix += self.drop_w * drops_
        return self.tilt(mix)


class _Swells:
    """The waves under way: each rises (approach), breaks (crash) and runs up the beach
    (wash); their envelopes summed at the end of every chunk."""

    def __init__(self, ctx, p: OceanParams):
        self.ctx, self.p, self.rng = ctx, p, ctx.rng
        self.waves: list[tuple] = []  # start s, period s, size, break, crash, wash
        self.next_start = -self.rng.uniform(0, p.wave_period_s)
        self.sets = Swell(ctx, 100.0, shared=True)  # bigger and smaller waves come in sets
        self.pace = Walk(ctx, 240.0, shared=True)  # and the sea's rhythm drifts
        self.last = np.zeros(3)

    def _new_wave(self, start: float) -> float:
        p, v = self.p, self.ctx.variation
        period = p.wave_period_s * (1 + p.period_variation * self.rng.uniform(-1, 1))
        period *= math.exp(0.12 * v * self.pace.value)
        size = self.rng.uniform(0.55, 1.0) * math.exp(0.6 * v * self.sets.value)
        # no two waves alike: where it breaks, how hard, how far its wash runs
        shape = (
            self.rng.uniform(0.45, 0.65),
            self.rng.uniform(0.6, 1.2),
            self.rng.uniform(0.7, 1.4),
        )
        self.waves.append((start, period, min(size, 2.0), *shape))
        return period

    def at(self, t: float) -> np.ndarray:
        """(approach, crash, wash) at time ``t``."""
        self.sets.step()
        self.pace.step()
        while self.next_start < t + 1.0:
            self.next_start += self._new_wave(self.next_start)
        out = np.zeros(3)
        keep = []
        for wave in self.waves:
            start, period, size, breaks, crash, wash = wave
            brk = start + breaks * period
            since = t - brk
            if since > 3.5 * period:
                continue  # long gone: its wash has faded below -100 dB
            keep.append(wave)
            if t < start:
                continue
            if since < 0:
                out[0] += size * ((t - start) / (brk - start)) ** 2
                continue
            out[0] += size * math.exp(-since / (0.15 * period))
            out[1] += (
                size * crash * (1 - math.exp(-since / 0.25)) * math.exp(-since / (0.12 * period))
            )
            out[2] += size * (1 - math.exp(-since / 0.8)) * math.exp(-since / (0.3 * wash * period))
        self.waves = keep
        return out


class Ocean(Generator):
    """Waves with slow swells, a soft crash and a receding wash; sets come and go."""

    def __init__(self, p: OceanParams, ctx):
        super().__init__(p, ctx)
        self.swells = _Swells(ctx, p)
        self.low = NoiseBand(ctx, -6.0, hi=350)
        self.mid = NoiseBand(ctx, -3.0, 250, 1800)
        self.high = NoiseBand(ctx, -3.0, 900, 7000)
        self.foam = NoiseBand(ctx, 0.0, hi=2.5, order=1)  # the fizz of foam, never even
        self.surf = Walk(ctx, 100.0, shared=True)
        self.tilt = Tilt(ctx, 0.3 + 0.6 * p.distance)
        self.env = np.zeros(3)
        self.frac = ramp_fractions(ctx.n)[:, None]

    def chunk(self):
        p, ctx = self.p, self.ctx
        end = self.swells.at(self.elapsed_s + ctx.chunk_s)
        env = self.env + (end - self.env) * self.frac  # (n, 3) ramps
        self.env = end
        approach, crash, wash = env[:, 0], env[:, 1], env[:, 2]
        surf = min(max(p.surf + 0.5 * ctx.variation * self.surf.step(), 0.0), 1.0)
        near = 1 - p.distance
        x = self.low() * (0.25 + 0.8 * approach)
        x += self.mid() * (0.15 + 0.4 * approach + 0.9 * surf * crash)
        fizz = np.exp(0.35 * self.foam() - 0.1225)
        x += self.high() * (near * (0.05 + 0.7 * surf * (0.6 * crash + wash)) * fizz)
        return self.tilt(x)


class Brook(Generator):
    """A babbling brook: rushing water and bubbles; the flow rises and falls over minutes."""

    def __init__(self, p: StreamParams, ctx):
        super().__init__(p, ctx)
        self.rush = NoiseBand(ctx, -3.0, 250, 4000)
        self.surge = NoiseBand(ctx, 0.0, hi=3.0, order=1)  # the rush's quick unsteadiness
        self.burble = NoiseBand(ctx, 0.0, hi=1.5, order=1)  # bubbles come in bursts
        self.babble = bubbles(ctx, 32, 350, 1800, (0.01, 0.04), (8.0, 30.0), 40 + 260 * p.flow, 0.6)
        self.level = Swell(ctx, 120.0, shared=True)
        self.tilt = Tilt(ctx, 0.3 + 0.6 * p.warmth)

    def chunk(self):
        p, ctx = self.p, self.ctx
        flow = min(max(p.flow + 0.5 * ctx.variation * self.level.step(), 0.0), 1.0)
        rush = self.rush() * np.exp(0.25 * self.surge() - 0.03125)
        babble = self.babble(40 + 260 * flow, np.exp(0.8 * self.burble() - 0.32))
        x = (0.5 + 0.6 * flow) * rush
        x += (0.2 + 1.0 * p.bubbliness) * babble
        return self.tilt(x)
