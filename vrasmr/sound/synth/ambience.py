"""Air and night: wind, a campfire, night insects and a fan's hum."""

from __future__ import annotations

import math

import numpy as np

from vrasmr.scene.generator_params import FanParams, FireParams, InsectsParams, WindParams

from ._events import KernelBank, OverlapAdd, Pulse, Scatter
from ._filters import Filter
from ._generator import Generator
from ._kernels import decaying_sine, noise_burst, samples, thump
from ._sources import NoiseBand, Swell, Tilt, Walk


class Wind(Generator):
    """Wind in gusts, with the turbulent flutter of air moving over things; over minutes it
    freshens and eases (``variation``)."""

    GUST_DEPTH = 0.7  # gust level spread (nat) at gustiness 1
    FLUTTER = 0.3  # flutter level spread (nat), a couple of swells a second

    def __init__(self, p: WindParams, ctx):
        super().__init__(p, ctx)
        self.gust = Walk(ctx, 0.25 / p.gust_rate_hz)
        self.flutter = NoiseBand(ctx, 0.0, hi=2.0, order=1)
        self.weather = Swell(ctx, 150.0, shared=True)
        self.low = NoiseBand(ctx, -3.0, 60, 500)
        self.mid = NoiseBand(ctx, -3.0, 300, 1500, order=1)
        centre = 500 + 500 * p.strength
        self.tone = NoiseBand(ctx, 0.0, centre * 0.97, centre * 1.03) if p.whistle > 0 else None

    def chunk(self):
        p, ctx = self.p, self.ctx
        strength = min(max(p.strength + 0.35 * ctx.variation * self.weather.step(), 0.0), 1.0)
        gust = self.gust.ramp()
        bright = np.clip(0.5 + 0.35 * gust, 0, 1) * (0.4 + 0.6 * strength)
        x = self.low() * (1.2 - 0.5 * bright)
        x += self.mid() * bright
        if self.tone is not None:
            x += (p.whistle * 0.5) * self.tone() * np.clip(gust, 0, None) ** 2
        sigma = p.gustiness * self.GUST_DEPTH
        if ctx.steady:  # gusts held at their mean square of 1
            sigma = 0.0
        flutter = self.FLUTTER
        x *= np.exp(sigma * gust + flutter * self.flutter() - sigma * sigma - flutter * flutter)
        return x * (0.6 + 0.8 * strength)


SETTLE_S = 1800.0  # a fire settles over about half an hour


class Fire(Generator):
    """A campfire: crackles in bursts as logs settle, pops, hiss and a low roar. Over the
    night it flares and calms, and settles (fewer crackles and pops) as it burns down."""

    def __init__(self, p: FireParams, ctx):
        super().__init__(p, ctx)
        sr, rng = ctx.sample_rate, ctx.rng

        def crackle(r):
            f = r.uniform(1200, 4500)
            return noise_burst(r, sr, 0.03, f / 2, f * 2, r.uniform(0.002, 0.01))

        def pop(r):
            f = r.uniform(700, 1800)
            body = thump(r, sr, 0.12, f, r.uniform(0.03, 0.08))
            return body + 0.5 * decaying_sine(f / 3, 0.05, sr, len(body))

        self.crackles = Scatter(
            ctx, KernelBank(crackle, 24, rng), max(p.crackle_rate_hz, 1e-3), 0.9, -1.0
        )
        self.pops = Scatter(
            ctx, KernelBank(pop, 4, rng, equal_energy=True), max(p.pop_rate_hz, 1e-3), 0.3, 0.2, 8.0
        )
        self.activity = Walk(ctx, 1.4)
        self.flare = Swell(ctx, 200.0)
        self.roar = NoiseBand(ctx, -6.0, hi=180)
        self.roar_swell = Walk(ctx, 0.8)
        self.hiss = NoiseBand(ctx, -3.0, lo=2500)
        self.hiss_swell = Walk(ctx, 2.0)
        self.tilt = Tilt(ctx, 0.5)

    def chunk(self):
        p, ctx = self.p, self.ctx
        v = ctx.variation
        settle = 1.0 - 0.4 * v * (1.0 - math.exp(-self.elapsed_s / SETTLE_S))
        flare = math.exp(0.8 * v * self.flare.step())  # it flares and calms, all of it
        bursts = self.activity.rate(0.7)
        x = 0.35 * self.crackles(p.crackle_rate_hz * settle * flare, bursts)
        x += 0.4 * self.pops(p.pop_rate_hz * settle * flare)
        x += (0.6 * p.rumble * math.sqrt(flare)) * self.roar() * self.roar_swell.gain(3.0)
        x += (0.06 * p.hiss) * self.hiss() * self.hiss_swell.gain(3.0)
        return self.tilt(x)


def _chirp(pitch, pulse_rate, pulses, sample_rate, rng) -> np.ndarray:
    """One cricket chirp: a few smooth pulses of a pure carrier."""
    length = samples(pulses / pulse_rate, sample_rate)
    t = np.arange(length) / sample_rate
    gate = np.sin(np.pi * (t * pulse_rate % 1.0)) ** 2
    return gate * np.sin(2 * np.pi * pitch * t + rng.uniform(0, 6.3))


def _phrasing(x: np.ndarray) -> np.ndarray:
    """A cricket sings in long phrases and rests between them."""
    return np.clip(np.exp(1.5 * x) - 0.6, 0.05, 1)


class _Cricket:
    def __init__(self, ctx, p: InsectsParams):
        sr, rng = ctx.sample_rate, ctx.rng
        pulses = int(rng.integers(2, 5))
        self.kernel = _chirp(
            p.pitch_hz * rng.uniform(0.9, 1.1), rng.uniform(25, 40), pulses, sr, rng
        )
        self.rate = p.chirp_rate_hz * rng.uniform(0.85, 1.15)
        self.pulse = Pulse(ctx.n, sr, rng, self.rate, 0.08, rng.uniform(0, 1 / self.rate))
        self.phrase = Walk(ctx, 20.0)
        self.pace = Walk(ctx, 30.0)  # each keeps its own time, drifting a little
        self.loudness = rng.uniform(0.3, 1.0)


class Insects(Generator):
    """Night crickets, each singing in phrases; the chorus slows and quickens a little over
    the night as the air cools and warms (``variation``)."""

    def __init__(self, p: InsectsParams, ctx):
        super().__init__(p, ctx)
        self.crickets = [_Cricket(ctx, p) for _ in range(p.count)]
        longest = max(len(c.kernel) for c in self.crickets)
        self.ola = OverlapAdd(ctx.n, longest)
        probe = np.random.default_rng(0).standard_normal(1 << 14)
        phrase_square = float(np.mean(_phrasing(probe) ** 2))
        power = sum(
            c.rate * np.sum(c.kernel**2) * c.loudness**2 * phrase_square for c in self.crickets
        )
        self.unit = 1.0 / math.sqrt(power / ctx.sample_rate)
        self.chorus = NoiseBand(ctx, 0.0, p.pitch_hz * 0.8, p.pitch_hz * 1.25)
        self.am_hz = ctx.rng.uniform(8, 14)
        self.am_phase = ctx.rng.uniform(0, 2 * np.pi)
        self.steps = np.arange(1, ctx.n + 1) / ctx.sample_rate
        self.air = Walk(ctx, 300.0, shared=True)
        self.lowpass = Filter.lowpass(7000 - 3500 * p.distance, ctx.sample_rate)

    def chunk(self):
        p, ctx = self.p, self.ctx
        tempo = math.exp(0.08 * ctx.variation * self.air.step())
        for c in self.crickets:
            phrase = c.phrase.through(_phrasing)
            onsets = c.pulse.onsets(c.rate * tempo * math.exp(0.05 * c.pace.step()))
            for onset in onsets.tolist():
                self.ola.add_one(onset, c.kernel, c.loudness * phrase[onset] * self.unit)
        x = self.ola.take()
        phase = self.am_phase + 2 * np.pi * self.am_hz * self.steps
        self.am_phase = float(phase[-1] % (2 * np.pi))
        x += (0.4 * p.chorus) * self.chorus() * (1 + 0.5 * np.sin(phase))
        return self.lowpass(x)


class Fan(Generator):
    """A fan: airflow with a faint motor hum. Steady by default; with variation its speed
    drifts a little, as a motor warms."""

    def __init__(self, p: FanParams, ctx):
        super().__init__(p, ctx)
        self.air = NoiseBand(ctx, -3.0, 80, 2500)
        self.mains = Walk(ctx, 10.0)
        self.speed = Walk(ctx, 120.0)
        self.steps = np.arange(1, ctx.n + 1) / ctx.sample_rate
        self.blade_phase = 0.0
        self.hum_phase = 0.0
        self.tilt = Tilt(ctx, 0.4)

    def chunk(self):
        p, ctx = self.p, self.ctx
        blade_hz = p.speed_rpm / 60 * p.blades * (1 + 0.02 * ctx.variation * self.speed.step())
        blade = self.blade_phase + 2 * np.pi * blade_hz * self.steps
        hum_hz = 2 * p.mains_hz * (1 + 0.002 * self.mains.step())
        hum_phase = self.hum_phase + 2 * np.pi * hum_hz * self.steps
        self.blade_phase = float(blade[-1] % (2 * np.pi))
        self.hum_phase = float(hum_phase[-1] % (2 * np.pi))
        whoosh = np.sin(blade)
        air = self.air() * (1 + 0.12 * whoosh)
        s, c = np.sin(hum_phase), np.cos(hum_phase)  # harmonics by identity: sin 2x, sin 3x
        hum = s * (1.3 + 0.7 * c - 0.4 * s * s)
        hum += 0.4 * whoosh
        return self.tilt(air + (0.25 * p.hum) * hum)
