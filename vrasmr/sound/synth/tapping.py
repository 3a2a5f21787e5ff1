"""Tapping by modal synthesis: each tap excites material-specific modes (partials) that ring
and decay at their own rates. A finger is a soft, wide pulse that mostly excites low modes;
a nail is a sharp click that reaches the high ones."""

from __future__ import annotations

from typing import Literal

import numpy as np

from ._dsp import attack_decay, event_onsets, lowpass, samples, scatter, white
from ._params import Params, choice, num

# material -> (fundamental Hz, mode frequency ratios, T60 of the fundamental s,
#              how fast damping grows with frequency, mode amplitudes)
MATERIALS: dict[str, tuple[float, tuple[float, ...], float, float, tuple[float, ...]]] = {
    "wood": (420.0, (1.0, 2.57, 4.17, 5.42, 6.9), 0.09, 1.2, (1.0, 0.6, 0.35, 0.25, 0.15)),
    "glass": (1150.0, (1.0, 2.32, 4.25, 6.63, 9.38), 1.4, 0.35, (1.0, 0.55, 0.3, 0.2, 0.1)),
    "ceramic": (820.0, (1.0, 2.13, 3.9, 5.6, 7.8), 0.45, 0.6, (1.0, 0.5, 0.35, 0.2, 0.12)),
    "plastic": (380.0, (1.0, 1.78, 2.91, 4.3, 5.95), 0.045, 1.0, (1.0, 0.6, 0.4, 0.25, 0.12)),
}


class TappingParams(Params):
    material: Literal["wood", "glass", "ceramic", "plastic"] = choice(
        "wood", "what is tapped: wood, glass, ceramic or plastic"
    )
    striker: Literal["finger", "nail"] = choice("finger", "finger pad (soft) or fingernail")
    rate_hz: float = num(3.0, 0.2, 12.0, "taps per second")
    timing_jitter: float = num(0.12, 0.0, 0.5, "tempo variation: fraction each gap may vary")
    accent: float = num(0.4, 0.0, 1.0, "how much louder the first tap of each group is")
    group: int = num(4, 1, 8, "taps per group (the accent pattern)")
    pitch: float = num(1.0, 0.5, 2.0, "size of the object: >1 smaller and higher")


def tap_bank(
    material: str,
    striker: str,
    pitch: float,
    sample_rate: int,
    rng: np.random.Generator,
    variants: int = 8,
) -> np.ndarray:
    """Variants of one tap: the strike position changes how strongly each mode rings."""
    f0, ratios, t60, damp_slope, amps = MATERIALS[material]
    freqs = f0 * pitch * np.array(ratios)
    freqs = freqs[freqs < 0.42 * sample_rate]
    t60s = t60 * (freqs / freqs[0]) ** (-damp_slope)
    length = samples(min(1.2 * t60 + 0.02, 2.0), sample_rate)
    t = np.arange(length) / sample_rate
    # a finger is a ~3 ms pulse: its spectrum rolls off above ~300 Hz; a nail reaches ~4 kHz
    contact = 0.003 if striker == "finger" else 0.0004
    rolloff = 1 / (1 + (freqs * contact * 2) ** 2)
    bank = np.empty((variants, length))
    for v in range(variants):
        weights = np.array(amps[: len(freqs)]) * rolloff * rng.uniform(0.6, 1.4, len(freqs))
        detune = freqs * rng.uniform(0.995, 1.005, len(freqs))
        modes = np.exp(-6.91 * t[:, None] / t60s[None, :]) * np.sin(
            2 * np.pi * detune[None, :] * t[:, None] + rng.uniform(0, 0.3, len(freqs))
        )
        tap = modes @ weights
        click_n = samples(0.004 if striker == "nail" else 0.008, sample_rate)
        click = white(click_n, rng) * attack_decay(click_n, 2, sample_rate, click_n / sample_rate)
        cutoff = 5000.0 if striker == "nail" else 900.0
        tap[:click_n] += (0.25 if striker == "nail" else 0.15) * lowpass(click, cutoff, sample_rate)
        rise = samples(contact, sample_rate)
        tap[:rise] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(rise) / rise)
        bank[v] = tap / np.max(np.abs(tap))
    return bank


def make_tapping(p: TappingParams, seconds: float, sample_rate: int, rng: np.random.Generator):
    n = samples(seconds, sample_rate)
    bank = tap_bank(p.material, p.striker, p.pitch, sample_rate, rng)
    onsets = event_onsets(n, sample_rate, p.rate_hz, p.timing_jitter, rng)
    position = np.arange(len(onsets)) % p.group
    amps = np.where(position == 0, 1.0, 1.0 - 0.5 * p.accent) * rng.uniform(0.8, 1.0, len(onsets))
    return scatter(n, onsets, bank, rng.integers(0, len(bank), len(onsets)), amps)
