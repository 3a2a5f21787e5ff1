"""Water triggers: single drops into water, and water poured into a vessel."""

from __future__ import annotations

import numpy as np

from vrasmr.scene.generator_params import PouringParams, WaterDropsParams

from ._events import KernelBank, OverlapAdd, Pulse, Scatter
from ._filters import convolve, lowpass
from ._generator import Generator
from ._kernels import bubble, decaying_sine, samples, tick, white
from ._sources import NoiseBand, Tilt, Walk


class WaterDrops(Generator):
    """Drops at a loose pace; each a bubble with a faint tick, its room echo baked in."""

    def __init__(self, p: WaterDropsParams, ctx):
        super().__init__(p, ctx)
        sr = ctx.sample_rate
        lo = p.pitch_hz * 2 ** (-p.pitch_spread / 2)
        hi = p.pitch_hz * 2 ** (p.pitch_spread / 2) + 1.0
        tail_n = samples(0.6, sr)
        tail = white(tail_n, ctx.rng) * np.exp(-6.91 * np.arange(tail_n) / sr / 0.6)
        room = lowpass(tail, 2500, sr) * (p.room * 0.15 / np.sqrt(np.sum(tail**2)))

        def drop(rng):
            x = bubble(rng, sr, lo, hi, (0.06, 0.14), (3.0, 12.0))
            t = tick(rng, sr, 1500, 4000, (0.002, 0.006))
            x[: len(t)] += 0.08 * t
            if p.room <= 0:
                return x
            wet = convolve(x, room)
            wet[: len(x)] += x
            return wet

        self.bank = KernelBank(drop, 12, ctx.rng, equal_energy=True)
        self.pulse = Pulse(ctx.n, sr, ctx.rng, p.rate_hz, p.timing_jitter)
        self.ola = OverlapAdd(ctx.n, self.bank.length)
        self.pace = Walk(ctx, 90.0)

    def chunk(self):
        ctx = self.ctx
        rate = self.p.rate_hz * np.exp(0.2 * ctx.variation * self.pace.step())
        onsets = self.pulse.onsets(rate)
        if len(onsets):
            which = ctx.rng.integers(0, len(self.bank), len(onsets))
            amps = np.exp(ctx.rng.normal(0, 0.25, len(onsets)))
            self.ola.add(onsets, self.bank.bank, which, amps)
            if ctx.rng.random() < 0.3:
                self.bank.renew()
        return self.ola.take()


STEPS = 24  # bubble pitches from empty to full


class Pouring(Generator):
    """Pours and pauses: bubbles and the vessel's resonance rise in pitch as it fills; each
    pour a little longer or shorter, fuller or thinner than the last."""

    def __init__(self, p: PouringParams, ctx):
        super().__init__(p, ctx)
        sr, rng = ctx.sample_rate, ctx.rng
        self.pitches = p.vessel_pitch_hz * p.fill_rise ** (np.arange(STEPS) / (STEPS - 1))
        length = samples(0.05, sr)
        rows = [
            decaying_sine(
                f * rng.uniform(1.6, 2.4), rng.uniform(0.01, 0.03), sr, length, chirp=15.0
            )
            for f in self.pitches
        ]
        self.bank = KernelBank(lambda r: rows[int(r.integers(0, STEPS))], STEPS, rng)
        self.bank.bank[:] = np.stack(rows)  # in pitch order: row k is step k
        self.bubbles = Scatter(ctx, self.bank, 150 + 350 * p.flow, spread=0.5, renew_s=0)
        self.bands = [
            NoiseBand(ctx, 0.0, f / 1.3, f * 1.3) for f in self.pitches[:: STEPS // 4] * 2
        ]
        self.splash = NoiseBand(ctx, -3.0, lo=600)
        self.tilt = Tilt(ctx, 0.5)
        self.pos = 0  # samples into the current pour (or pause, when past its end)
        self._new_pour()

    def _new_pour(self) -> None:
        p, rng, v = self.p, self.ctx.rng, self.ctx.variation
        sr = self.ctx.sample_rate
        self.pour_n = samples(p.pour_seconds * np.exp(0.15 * v * rng.standard_normal()), sr)
        self.gap_n = samples(p.gap_seconds * np.exp(0.3 * v * rng.standard_normal()), sr)
        self.flow = min(max(p.flow + 0.15 * v * rng.standard_normal(), 0.0), 1.0)
        self.rise = max(1, int(0.08 * self.pour_n))

    def chunk(self):
        n = self.ctx.n
        if self.pos >= self.pour_n:  # pausing between pours
            self.pos += n
            if self.pos >= self.pour_n + self.gap_n:
                self.pos = 0
                self._new_pour()
            return np.zeros(n)
        i = self.pos + np.arange(n)
        progress = np.minimum(i / self.pour_n, 1.0)
        fall = max(1, self.pour_n - self.rise)
        env = np.where(
            i < self.rise,
            np.sin(0.5 * np.pi * i / self.rise) ** 2,
            np.cos(0.5 * np.pi * np.minimum((i - self.rise) / fall, 1.0)) ** 2,
        )
        resonance = np.zeros(n)
        for k, band in enumerate(self.bands):
            weight = np.clip(1 - np.abs(progress * (len(self.bands) - 1) - k), 0, None)
            resonance += weight * band()
        rng = self.ctx.rng

        def by_fill(onsets):
            steps = progress[onsets] * STEPS + rng.normal(0, 1.0, len(onsets))
            return np.clip(steps.astype(int), 0, STEPS - 1)

        body = self.bubbles(150 + 350 * self.flow, which=by_fill)
        body += 0.6 * resonance
        body += (0.2 + 0.4 * self.flow) * self.splash()
        self.pos += n
        return self.tilt(body * env)
