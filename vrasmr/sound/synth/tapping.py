"""Tapping by modal synthesis, and soft mechanical clicks.

Each tap excites material-specific modes (partials) that ring and decay at their own rates.
A finger is a soft, wide pulse that mostly excites low modes; a nail is a sharp click that
reaches the high ones. Where on the object a tap lands changes how strongly each mode rings:
the bank of taps is renewed one strike position at a time, so no tap pattern comes back.
"""

from __future__ import annotations

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


def tap(material: str, striker: str, pitch: float, sample_rate: int, rng) -> np.ndarray:
    """One tap; where it lands (the random mode weights) is its own."""
    f0, ratios, t60, damp_slope, amps = MATERIALS[material]
    freqs = f0 * pitch * np.array(ratios)
    freqs = freqs[freqs < 0.42 * sample_rate]
    t60s = t60 * (freqs / freqs[0]) ** (-damp_slope)
    length = samples(min(1.2 * t60 + 0.02, 2.0), sample_rate)
    t = np.arange(length) / sample_rate
    # a finger is a ~3 ms pulse: its spectrum rolls off above ~300 Hz; a nail reaches ~4 kHz
    contact = 0.003 if striker == "finger" else 0.0004
    rolloff = 1 / (1 + (freqs * contact * 2) ** 2)
    weights = np.array(amps[: len(freqs)]) * rolloff * rng.uniform(0.6, 1.4, len(freqs))
    detune = freqs * rng.uniform(0.995, 1.005, len(freqs))
    modes = np.exp(-6.91 * t[:, None] / t60s[None, :]) * np.sin(
        2 * np.pi * detune[None, :] * t[:, None] + rng.uniform(0, 0.3, len(freqs))
    )
    x = modes @ weights
    click_n = samples(0.004 if striker == "nail" else 0.008, sample_rate)
    click = white(click_n, rng) * attack_decay(click_n, 2, sample_rate, click_n / sample_rate)
    cutoff = 5000.0 if striker == "nail" else 900.0
    x[:click_n] += (0.25 if striker == "nail" else 0.15) * lowpass(click, cutoff, sample_rate)
    rise = samples(contact, sample_rate)
    x[:rise] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(rise) / rise)
    return x / np.max(np.abs(x))


class _Paced(Generator):
    """Events from a renewing bank at a loose pace (its rate drifting with ``variation``)."""

    RENEW_CHANCE = 0.15  # per event: a fresh variant replaces one in the bank

    def start(self, make, count: int, rate_hz: float, jitter: float) -> None:
        ctx = self.ctx
        self.bank = KernelBank(make, count, ctx.rng, equal_energy=True)
        self.pulse = Pulse(ctx.n, ctx.sample_rate, ctx.rng, rate_hz, jitter)
        self.ola = OverlapAdd(ctx.n, self.bank.length)
        self.pace = Walk(ctx, 60.0)
        self.pressure = Walk(ctx, 40.0)
        self.base_rate = rate_hz

    def levels(self, onsets: np.ndarray) -> np.ndarray:
        return self.ctx.rng.uniform(0.8, 1.0, len(onsets))

    def chunk(self):
        ctx = self.ctx
        v = ctx.variation
        rate = self.base_rate * np.exp(0.15 * v * self.pace.step())
        pressure = np.exp(0.2 * v * self.pressure.step())
        onsets = self.pulse.onsets(rate)
        if len(onsets):
            which = ctx.rng.integers(0, len(self.bank), len(onsets))
            self.ola.add(onsets, self.bank.bank, which, self.levels(onsets) * pressure)
            if ctx.rng.random() < self.RENEW_CHANCE * len(onsets):
                self.bank.renew()
        return self.ola.take()


class Tapping(_Paced):
    """Taps in accented groups on one object."""

    def __init__(self, p: TappingParams, ctx):
        super().__init__(p, ctx)
        sr = ctx.sample_rate
        self.start(
            lambda rng: tap(p.material, p.striker, p.pitch, sr, rng), 8, p.rate_hz, p.timing_jitter
        )
        self.count = 0

    def levels(self, onsets):
        p = self.p
        position = (self.count + np.arange(len(onsets))) % p.group
        self.count += len(onsets)
        accent = np.where(position == 0, 1.0, 1.0 - 0.5 * p.accent)
        return accent * self.ctx.rng.uniform(0.8, 1.0, len(onsets))


class Clicking(_Paced):
    """Soft mechanical clicks (a pen, a clasp, a switch): a press and often its release, each
    a tick with a short ring."""

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

        self.start(click, 12, p.rate_hz, p.timing_jitter)
