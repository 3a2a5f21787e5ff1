"""Close-up textures: scratching, brushing, crinkling, a towel's rustle, page turns and a
spray bottle's mist.

Continuous filtered noise shaped by stroke envelopes (:class:`~._events.Strokes`), so no
grain repeats; fine grit (bristles, fibres, creases) is scattered on top as tiny clicks whose
density follows the stroke.
"""

from __future__ import annotations

import numpy as np

from vrasmr.scene.generator_params import (
    BrushingParams,
    CrinklingParams,
    PageTurnParams,
    ScratchingParams,
    SprayParams,
    TowelParams,
)

from ._events import KernelBank, OverlapAdd, Pulse, Scatter, Strokes
from ._filters import lowpass
from ._generator import Generator
from ._kernels import (
    band_noise,
    decaying_sine,
    noise_burst,
    samples,
    sprinkle,
    stroke_envelope,
    thump,
    unit_rms,
)
from ._sources import NoiseBand, Tilt, Walk

FLOOR = 1e-3  # grit never stops entirely between strokes


def grit(ctx, strokes: Strokes, rate_hz, lo, hi, t60=(0.0005, 0.002), cutoff=None) -> Scatter:
    """Tiny clicks in a band, as dense as ``rate_hz`` at the height of a stroke; unit RMS
    on average over the strokes. ``cutoff`` low-passes each click (thumps, not ticks)."""
    sr = ctx.sample_rate

    def click(rng):
        x = noise_burst(rng, sr, 0.01, lo, hi, rng.uniform(*t60))
        return x if cutoff is None else unit_rms(lowpass(x, cutoff, sr))

    return Scatter(ctx, KernelBank(click, 16, ctx.rng), rate_hz * (strokes.mean + FLOOR), 0.6)


class _Stroked(Generator):
    """A texture made of strokes: its pace drifts with ``variation``."""

    def strokes(self, rate_hz, length_s, jitter, attack) -> Strokes:
        self.pace = Walk(self.ctx, 45.0)
        self.base_rate = rate_hz
        self.stroke = Strokes(self.ctx, rate_hz, length_s, jitter, attack)
        return self.stroke

    def envelope(self) -> np.ndarray:
        drift = np.exp(0.15 * self.ctx.variation * self.pace.step())
        return self.stroke(self.base_rate * drift)


class Scratching(_Stroked):
    def __init__(self, p: ScratchingParams, ctx):
        super().__init__(p, ctx)
        strokes = self.strokes(p.rate_hz, p.stroke_seconds, p.timing_jitter, 0.25)
        centre = 1500 + 2500 * p.brightness
        self.body = NoiseBand(ctx, 0.0, centre / 2.5, centre * 1.8)
        self.friction = NoiseBand(ctx, 0.0, hi=60.0, order=1)
        self.grit = grit(ctx, strokes, 600 * p.roughness + 50, 1500, 6000)
        self.tilt = Tilt(ctx, 0.6 - 0.4 * p.brightness)

    def chunk(self):
        p = self.p
        env = self.envelope()
        friction = np.clip(1 + p.roughness * 0.8 * self.friction(), 0, None)
        x = self.body() * friction
        x += (0.5 * p.roughness) * self.grit(self.base_rate, env + FLOOR)
        return self.tilt(x * env)


class Brushing(_Stroked):
    """Through hair: a bright swish with bristle crackle. On a microphone: proximity lifts
    the lows and the bristles thump the capsule."""

    def __init__(self, p: BrushingParams, ctx):
        super().__init__(p, ctx)
        strokes = self.strokes(p.rate_hz, p.stroke_seconds, p.timing_jitter, 0.35)
        if p.variant == "hair":
            self.swish = NoiseBand(ctx, -1.5, 900, 7000)
            self.grit_rate = 1500 * p.bristle + 100
            self.grit = grit(ctx, strokes, self.grit_rate, 2000, 7000)
            self.grit_w, warmth = 0.6 * p.bristle, 0.4
        else:
            self.swish = NoiseBand(ctx, -4.5, 60, 3500)
            self.grit_rate = 400 * p.bristle + 60
            self.grit = grit(ctx, strokes, self.grit_rate, 80, 1500, (0.002, 0.008), 1200)
            self.grit_w, warmth = 0.7 * p.bristle, 0.6
        self.tilt = Tilt(ctx, warmth)

    def chunk(self):
        env = self.envelope()
        x = self.swish()
        x += self.grit_w * self.grit(self.grit_rate, env + FLOOR)
        return self.tilt(x * env)


class Crinkling(_Stroked):
    """Squeezes of paper (dry crackle) or plastic (snaps that ring briefly at a pitch)."""

    def __init__(self, p: CrinklingParams, ctx):
        super().__init__(p, ctx)
        sr = ctx.sample_rate
        strokes = self.strokes(p.gesture_rate_hz, p.gesture_seconds, 0.3, 0.4)
        paper = p.material == "paper"

        def crackle(rng):
            if paper:
                return noise_burst(rng, sr, 0.03, 600, 6000, rng.uniform(0.002, 0.008))
            snap = noise_burst(rng, sr, 0.03, 1500, 8000, 0.0015)
            return snap + 0.8 * decaying_sine(
                rng.uniform(1800, 5000), rng.uniform(0.006, 0.02), sr, len(snap)
            )

        self.rate = 200 + 1800 * p.density
        # crackles follow the squeeze's square: their average density is about a third
        unit_rate = self.rate * (0.35 * strokes.mean + 1e-4)
        self.crackles = Scatter(ctx, KernelBank(crackle, 24, ctx.rng), unit_rate, 0.8)
        self.rustle = NoiseBand(ctx, 0.0, 400, 5000)
        self.tilt = Tilt(ctx, 0.5 if paper else 0.35)

    def chunk(self):
        env = self.envelope()
        x = self.crackles(self.rate, env * env + 1e-4)
        x += 0.3 * self.rustle() * env
        return self.tilt(x)


class Towel(_Stroked):
    def __init__(self, p: TowelParams, ctx):
        super().__init__(p, ctx)
        strokes = self.strokes(p.rate_hz, p.gesture_seconds, 0.3, 0.45)
        self.cloth = NoiseBand(ctx, -2.0, 150, 4500 - 2000 * p.fluffiness)
        self.texture = NoiseBand(ctx, 0.0, hi=12.0, order=1)
        self.fibres = grit(ctx, strokes, 300, 800, 4000)
        self.tilt = Tilt(ctx, 0.5)

    def chunk(self):
        env = self.envelope()
        x = self.cloth() * np.exp(0.4 * self.texture() - 0.08)
        x += (0.25 * (1 - self.p.fluffiness)) * self.fibres(300, env + FLOOR)
        return self.tilt(x * env)


class PageTurn(Generator):
    """Page turns at a loose pace; each turn made fresh: the swish of the sheet, its creases,
    and the soft flop as it lands."""

    def __init__(self, p: PageTurnParams, ctx):
        super().__init__(p, ctx)
        sr = ctx.sample_rate
        self.pulse = Pulse(ctx.n, sr, ctx.rng, 1.0 / p.interval_s, 0.3)
        self.ola = OverlapAdd(ctx.n, samples(p.turn_seconds * 1.15, sr) + samples(0.1, sr))
        self.creases = KernelBank(
            lambda rng: noise_burst(rng, sr, 0.01, 1200, 6000, rng.uniform(0.0005, 0.002)),
            16,
            ctx.rng,
        )
        self.tilt = Tilt(ctx, 0.45)

    def turn(self) -> np.ndarray:
        p, rng, sr = self.p, self.ctx.rng, self.ctx.sample_rate
        length = samples(p.turn_seconds * rng.uniform(0.85, 1.15), sr)
        x = band_noise(rng, sr, length, -1.5, 500, 6000) * stroke_envelope(length, 0.6)
        shape = stroke_envelope(length, 0.5)
        crease = sprinkle(rng, length, 150 + 500 * p.paper, sr, self.creases.bank, shape + 1e-3)
        x += 0.3 * p.paper * unit_rms(crease) * shape
        flop = thump(rng, sr, 0.08, 700, 0.05, attack=20)
        land = int(0.8 * length)
        x = np.concatenate([x, np.zeros(max(0, land + len(flop) - length))])
        x[land : land + len(flop)] += 1.2 * flop
        self.creases.renew()
        return x * rng.uniform(0.8, 1.0)

    def chunk(self):
        for onset in self.pulse.onsets().tolist():
            self.ola.add_one(onset, self.turn())
        return self.tilt(self.ola.take())


class Spray(_Stroked):
    """A spray bottle's mist: short bursts of fine hiss, each rising softly and fading."""

    def __init__(self, p: SprayParams, ctx):
        super().__init__(p, ctx)
        self.strokes(p.rate_hz, p.burst_seconds, 0.5, 0.12)
        lo, hi = 1500 + 2500 * p.fineness, 7000 + 5000 * p.fineness
        self.mist = NoiseBand(ctx, -1.0, lo, hi)
        self.body = NoiseBand(ctx, -3.0, 400, lo)
        self.tilt = Tilt(ctx, 0.35)

    def chunk(self):
        env = self.envelope()
        x = self.mist()
        x += (0.4 - 0.3 * self.p.fineness) * self.body()
        return self.tilt(x * env)
