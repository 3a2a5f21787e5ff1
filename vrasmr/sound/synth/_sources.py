"""Continuous sources and shapers that stream: coloured noise through a band with a known
RMS, a soft tilt towards the lows, and slow random walks for a living texture."""

from __future__ import annotations

import functools
import math

import numpy as np

from ._filters import Filter, butter, chain, rms_gain, slope
from ._generator import Ctx

WARM_HZ = 2500.0  # the tilt's low-pass corner


class NoiseBand:
    """Noise falling ``slope_db`` per octave (0 .. -6), through a band (``lo`` and ``hi``:
    band-pass; ``hi`` only: low-pass; ``lo`` only: high-pass), at unit RMS: the level follows
    from the filters' response, not from measuring what came out.

    The white noise under it is uniform, not Gaussian (four times faster to draw); through
    any band it is as Gaussian as noise gets, and its spectrum is the same flat one."""

    UNIFORM_RMS = 1.0 / math.sqrt(12.0)  # of uniform noise on -0.5 .. 0.5

    def __init__(self, ctx: Ctx, slope_db: float = 0.0, lo=None, hi=None, order: int = 2):
        sr = ctx.sample_rate
        if lo is not None and hi is not None:
            band = butter("bandpass", order, (float(lo), float(hi)), sr)
        elif hi is not None:
            band = butter("lowpass", order, (float(hi),), sr)
        elif lo is not None:
            band = butter("highpass", order, (float(lo),), sr)
        else:
            band = np.zeros((0, 6))
        sos = chain(slope(slope_db, sr, lo, hi), band)
        self.filter = Filter(sos, gain=1.0 / (rms_gain(sos, sr) * self.UNIFORM_RMS))
        self.rng = ctx.rng
        self.white = np.empty(ctx.n, dtype=np.float32)

    def __call__(self) -> np.ndarray:
        self.rng.random(dtype=np.float32, out=self.white)
        self.white -= 0.5
        return self.filter(self.white)


class Tilt:
    """Blend in a gentle low-pass so highs are softened by ``warmth`` (0 bright .. 1 dark)."""

    def __init__(self, ctx: Ctx, warmth: float):
        self.warmth = float(warmth)
        self.lowpass = Filter.lowpass(WARM_HZ, ctx.sample_rate, order=1) if warmth > 0 else None

    def __call__(self, x: np.ndarray) -> np.ndarray:
        if self.lowpass is None:
            return x
        dark = self.lowpass(x)
        dark *= self.warmth
        x = x * (1.0 - self.warmth)
        x += dark
        return x


@functools.cache
def ramp_fractions(n: int) -> np.ndarray:
    """1/n, 2/n .. 1: a straight ramp across a chunk, one read-only array for every walk."""
    frac = np.arange(1, n + 1) / n
    frac.flags.writeable = False
    return frac


class Walk:
    """A smooth random walk: unit variance, wandering over about ``seconds`` (white noise
    through two one-pole smoothers), one step per chunk and a straight ramp within it.
    A ``shared`` walk is the weather: it draws from ``ctx.weather``, which a scene gives
    every emitter of one generator, so three winds around the head freshen together.

    In a steady context (``ctx.steady``: level calibration) it stands still at 0, and what is
    made from it (:meth:`through`, :meth:`gain`, :meth:`rate`) stands at that mapping's
    long-term RMS or mean, so a calibration of a minute hears the level that a whole night of
    wandering averages to: the modulations are built to keep the mean power (gains) or the
    mean rate (event rates) where it was. (Running deep, fast walks live in a calibration was
    tried: a minute of bursts of crackle is +-1.8 dB from seed to seed.)
    """

    LIMIT = 3.0  # values are clipped to +-3 standard deviations

    def __init__(self, ctx: Ctx, seconds: float, shared: bool = False):
        self.rng = ctx.weather if shared and ctx.weather is not None else ctx.rng
        self.steady = ctx.steady
        a = math.exp(-ctx.chunk_s / max(seconds, ctx.chunk_s))
        self.a, self.b = a, math.sqrt(1.0 - a * a)
        # the second smoother's variance for a unit-variance first: scaled back to 1
        self.scale = 1.0 / math.sqrt((1 - a) ** 2 * (1 + a * a) / (1 - a * a) ** 2)
        self.x1 = 0.0 if self.steady else float(self.rng.standard_normal())
        self.x2 = self.x1 / self.scale  # starts at a typical spread
        self.value = self._clip(self.x2 * self.scale)
        self.frac = ramp_fractions(ctx.n)
        self._held: dict = {}

    def _clip(self, v: float) -> float:
        return min(max(v, -self.LIMIT), self.LIMIT)

    def step(self) -> float:
        """Advance one chunk; the new value (0 when steady)."""
        if self.steady:
            return 0.0
        self.x1 = self.a * self.x1 + self.b * float(self.rng.standard_normal())
        self.x2 = self.a * self.x2 + (1.0 - self.a) * self.x1
        self.value = self._clip(self.x2 * self.scale)
        return self.value

    def ramp(self) -> np.ndarray:
        """Advance one chunk; the values from the last to the new one, per sample."""
        start = self.value
        end = self.step()
        return start + (end - start) * self.frac

    def through(self, fn, rms: bool = True) -> np.ndarray:
        """Advance one chunk; ``fn`` of the ramp. Steady: ``fn``'s RMS (or mean, for a
        rate) over the walk's spread, the same for every sample."""
        if not self.steady:
            return fn(self.ramp())
        key = (fn.__code__, rms) if hasattr(fn, "__code__") else (fn, rms)
        if key not in self._held:
            spread = np.random.default_rng(0).standard_normal(1 << 14).clip(-3, 3)
            y = fn(spread)
            self._held[key] = float(np.sqrt(np.mean(y * y)) if rms else np.mean(y))
        return np.full(len(self.frac), self._held[key])

    def gain(self, std_db: float) -> np.ndarray:
        """Advance one chunk; a gain wandering with ``std_db`` dB of spread whose mean
        square is 1, so the long-term loudness stays where it was calibrated."""
        sigma = std_db * math.log(10) / 20
        if self.steady:
            self.step()
            return np.ones(len(self.frac))
        return np.exp(sigma * self.ramp() - sigma * sigma)

    def rate(self, sigma: float) -> np.ndarray:
        """Advance one chunk; a rate factor ``exp(sigma x)`` scaled to a long-term mean of 1."""
        if self.steady:
            self.step()
            return np.ones(len(self.frac))
        return np.exp(sigma * self.ramp() - 0.5 * sigma * sigma)


class Swell(Walk):
    """Weather that comes and goes: a slow oscillation whose period wanders (about
    ``period_s``, a fifth either way) beside a random walk over half that, together at unit
    variance. A walk alone may lie nearly still for ten minutes (over 24 nights, a 150 s walk's
    spread in ten minutes ran 0.19 to 1.13, median 0.50); a 150 s swell's ran 0.74 to 1.38
    (median 0.84): every few periods hold a rise and a fall, no two the same length."""

    def __init__(self, ctx: Ctx, period_s: float, shared: bool = False):
        super().__init__(ctx, 0.5 * period_s, shared)
        self.pace = Walk(ctx, 2.0 * period_s, shared)
        self.turn = 2.0 * math.pi * ctx.chunk_s / period_s  # radians a chunk at the mean period
        self.phase = 0.0 if self.steady else float(self.rng.uniform(0.0, 2.0 * math.pi))
        self.value = self._mixed(self.value)

    def _mixed(self, walk: float) -> float:
        return 0.0 if self.steady else self._clip(math.sin(self.phase) + walk / math.sqrt(2.0))

    def step(self) -> float:
        """Advance one chunk; the new value (0 when steady)."""
        if self.steady:
            return 0.0
        walk = super().step()
        self.phase = (self.phase + self.turn * math.exp(-0.2 * self.pace.step())) % (2 * math.pi)
        self.value = self._mixed(walk)
        return self.value
