"""Tapping by modal synthesis, and soft mechanical clicks.

Each tap excites material-specific modes (partials) that ring and decay at their own rates.
A finger is a soft, wide pulse that mostly excites low modes; a nail is a sharp click that
reaches the high ones. Where on the object a tap lands changes how strongly each mode rings:
every tap is struck fresh, so no tap pattern comes back.
"""

from __future__ import annotations

import math

import numpy as np

from vrasmr.scene.generator_params import ClickingParams, TappingParams

from ._events import KernelBank, OverlapAdd, Pulse
from ._filters import lowpass
from ._generator import Generator
from ._kernels import attack_decay, decaying_sine, noise_burst, samples, white
from ._sources import Walk

# material -> (fundamental Hz, mode frequency ratios, T60 of the fundamental s,
#              how fast damping grows with frequency, mode amplitudes)
MATERIALS: dict[str, tuple[float, tuple[float, ...], float, float, tuple[float, ...]]] = {
    "wood": (420.0, (1.0, 2.57, 4.17, 5.42, 6.9), 0.09, 1.2, (1.0, 0.6, 0.35, 0.25, 0.15)),
    "glass": (1150.0, (1.0, 2.32, 4.25, 6.63, 9.38), 1.4, 0.35, (1.0, 0.55, 0.3, 0.2, 0.1)),
    "ceramic": (820.0, (1.0, 2.13, 3.9, 5.6, 7.8), 0.45, 0.6, (1.0, 0.5, 0.35, 0.2, 0.12)),
    "plastic": (380.0, (1.0, 1.78, 2.91, 4.3, 5.95), 0.045, 1.0, (1.0, 0.6, 0.4, 0.25, 0.12)),
}


HEAD_S = 0.012  # a tap's contact and click, made whole; its modes ring on from there


class Strike:
    """One tap: its first ``HEAD_S`` made whole (the contact's rise, the click) and its modes
    ringing on as damped sines evaluated a chunk at a time, so a glass's 1.7 s ring is a few
    numbers a mode, not 80,000 samples. Where it lands (the random mode weights) is its own.
    Scaled to unit energy, head and ring together."""

    def __init__(self, material: str, striker: str, pitch: float, sample_rate: int, rng):
        f0, ratios, t60, damp_slope, amps = MATERIALS[material]
        sr = sample_rate
        freqs = f0 * pitch * np.array(ratios)
        freqs = freqs[freqs < 0.42 * sr]
        t60s = t60 * (freqs / freqs[0]) ** (-damp_slope)
        self.length = samples(min(1.2 * t60 + 0.02, 2.0), sr)
        # a finger is a ~3 ms pulse: its spectrum rolls off above ~300 Hz; a nail reaches ~4 kHz
        contact = 0.003 if striker == "finger" else 0.0004
        rolloff = 1 / (1 + (freqs * contact * 2) ** 2)
        self.amp = np.array(amps[: len(freqs)]) * rolloff * rng.uniform(0.6, 1.4, len(freqs))
        self.omega = 2 * np.pi * freqs * rng.uniform(0.995, 1.005, len(freqs)) / sr
        self.phase = rng.uniform(0, 0.3, len(freqs))
        self.decay = 6.91 / (t60s * sr)
        head = self.ring(0, min(samples(HEAD_S, sr), self.length))
        click_n = min(samples(0.004 if striker == "nail" else 0.008, sr), len(head))
        click = white(click_n, rng) * attack_decay(click_n, 2, sr, click_n / sr)
        cutoff = 5000.0 if striker == "nail" else 900.0
        head[:click_n] += (0.25 if striker == "nail" else 0.15) * lowpass(click, cutoff, sr)
        rise = min(samples(contact, sr), len(head))
        head[:rise] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(rise) / rise)
        scale = 1.0 / math.sqrt(float(np.sum(head * head)) + self._ring_energy(len(head)))
        self.head = head * scale
        self.amp *= scale

    def _ring_energy(self, start: int) -> float:
        """The sum of squares of :meth:`ring` from ``start`` to the end, in closed form: for
        each pair of modes, sin x sin y = (cos(x - y) - cos(x + y)) / 2, and the sum of a
        damped cosine over samples is a geometric series (a glass's 1.7 s ring took 11 ms
        summed sample by sample)."""
        a, d, w, ph = self.amp, self.decay, self.omega, self.phase
        decay = -(d[:, None] + d[None, :])
        total = 0.0
        for sign in (-1.0, 1.0):  # cos(x - y), then cos(x + y)
            r = np.exp(decay + 1j * (w[:, None] + sign * w[None, :]))
            series = (r**start - r**self.length) / (1.0 - r)
            turn = np.exp(1j * (ph[:, None] + sign * ph[None, :]))
            total -= sign * 0.5 * float(np.sum(np.outer(a, a) * (turn * series).real))
        return total

    def ring(self, start: int, stop: int) -> np.ndarray:
        """The modes from sample ``start`` to ``stop`` of the tap."""
        t = np.arange(start, stop, dtype=np.float64)[:, None]
        return (np.exp(-self.decay * t) * np.sin(self.omega * t + self.phase)) @ self.amp

    def whole(self) -> np.ndarray:
        """The whole tap as one array (what it plays, for tests and plots)."""
        return np.concatenate([self.head, self.ring(len(self.head), self.length)])


class _Paced(Generator):
    """Events at a loose pace (its rate drifting with ``variation``), pressed harder and
    softer over a minute or so."""

    def pace_at(self, rate_hz: float, jitter: float) -> None:
        ctx = self.ctx
        self.pulse = Pulse(ctx.n, ctx.sample_rate, ctx.rng, rate_hz, jitter)
        self.pace = Walk(ctx, 60.0)
        self.pressure = Walk(ctx, 40.0)
        self.base_rate = rate_hz

    def levels(self, onsets: np.ndarray) -> np.ndarray:
        return self.ctx.rng.uniform(0.8, 1.0, len(onsets))

    def events(self) -> tuple[np.ndarray, np.ndarray]:
        """This chunk's onsets (samples into it) and their levels."""
        v = self.ctx.variation
        rate = self.base_rate * np.exp(0.15 * v * self.pace.step())
        pressure = np.exp(0.2 * v * self.pressure.step())
        onsets = self.pulse.onsets(rate)
        return onsets, self.levels(onsets) * pressure


class Tapping(_Paced):
    """Taps in accented groups on one object, each struck fresh (:class:`Strike`)."""

    def __init__(self, p: TappingParams, ctx):
        super().__init__(p, ctx)
        self.pace_at(p.rate_hz, p.timing_jitter)
        self.heads = OverlapAdd(ctx.n, samples(HEAD_S, ctx.sample_rate))
        self.ringing: list[tuple[Strike, int, float]] = []  # tap, its age at this chunk, level
        self.count = 0

    def levels(self, onsets):
        p = self.p
        position = (self.count + np.arange(len(onsets))) % p.group
        self.count += len(onsets)
        accent = np.where(position == 0, 1.0, 1.0 - 0.5 * p.accent)
        return accent * self.ctx.rng.uniform(0.8, 1.0, len(onsets))

    def chunk(self):
        p, ctx, n = self.p, self.ctx, self.ctx.n
        onsets, levels = self.events()
        for onset, level in zip(onsets.tolist(), levels.tolist(), strict=True):
            strike = Strike(p.material, p.striker, p.pitch, ctx.sample_rate, ctx.rng)
            self.heads.add_one(onset, strike.head, level)
            self.ringing.append((strike, -onset, level))
        out = self.heads.take()
        kept = []
        for strike, age, level in self.ringing:
            lo, hi = max(len(strike.head) - age, 0), min(strike.length - age, n)
            if hi > lo:
                out[lo:hi] += level * strike.ring(age + lo, age + hi)
            if age + n < strike.length:
                kept.append((strike, age + n, level))
        self.ringing = kept
        return out


class Clicking(_Paced):
    """Soft mechanical clicks (a pen, a clasp, a switch): a press and often its release, each
    a tick with a short ring, from a bank renewed one variant at a time."""

    RENEW_CHANCE = 0.15  # per event: a fresh variant replaces one in the bank

    def __init__(self, p: ClickingParams, ctx):
        super().__init__(p, ctx)
        sr = ctx.sample_rate
        top = 3000 + 5000 * p.hardness

        def snap(rng) -> np.ndarray:  # a tick with a short ring: never sharper than 1 ms
            x = noise_burst(
                rng, sr, 0.12, 800, top, 0.012 + 0.02 * (1 - p.hardness), samples(0.001, sr)
            )
            ring = decaying_sine(rng.uniform(1500, 2500 + 3000 * p.hardness), 0.04, sr, len(x))
            return x + 0.6 * ring * np.minimum(np.arange(len(x)) / samples(0.001, sr), 1.0)

        def click(rng):
            x = snap(rng)
            if rng.random() < p.release:  # the release, a little softer, 40..90 ms later
                gap = samples(rng.uniform(0.04, 0.09), sr)
                x[gap:] += 0.6 * snap(rng)[: len(x) - gap]
            return x

        self.pace_at(p.rate_hz, p.timing_jitter)
        self.bank = KernelBank(click, 12, ctx.rng, equal_energy=True)
        self.ola = OverlapAdd(ctx.n, self.bank.length)

    def chunk(self):
        rng = self.ctx.rng
        onsets, levels = self.events()
        if len(onsets):
            self.ola.add(
                onsets, self.bank.bank, rng.integers(0, len(self.bank), len(onsets)), levels
            )
            if rng.random() < self.RENEW_CHANCE * len(onsets):
                self.bank.renew()
        return self.ola.take()
