"""Water: rain (five surfaces), ocean swells, a stream, water drops and pouring.

Droplets and bubbles are small kernels (a noise tick for the impact, a rising decaying sine
for an air bubble, after van den Doel's bubble model) scattered over a filtered noise bed.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from vrasmr.lazy import LazyModule

from ._dsp import (
    attack_decay,
    bandpass,
    coloured_noise,
    decaying_sine,
    event_onsets,
    highpass,
    lowpass,
    poisson_onsets,
    samples,
    scatter,
    slow_random,
    soft_amplitudes,
    soft_attack,
    stroke_envelope,
    tilt_soft,
    unit_rms,
    white,
)
from ._params import Params, choice, num

signal = LazyModule("scipy.signal")


def _tick_bank(rng, sample_rate, count, lo, hi, t60_range):
    """Short filtered noise impacts (the 'tap' of a drop on a surface)."""
    length = samples(1.2 * t60_range[1] + 0.004, sample_rate)
    bank = np.empty((count, length))
    for i in range(count):
        t60 = rng.uniform(*t60_range)
        burst = white(length, rng) * attack_decay(
            length, soft_attack(sample_rate) + int(0.0002 * sample_rate), sample_rate, t60
        )
        centre = np.exp(rng.uniform(np.log(lo), np.log(hi)))
        bank[i] = unit_rms(bandpass(burst, centre / 1.8, centre * 1.8, sample_rate))
    return bank


def _bubble_bank(rng, sample_rate, count, lo, hi, t60_range, chirp_range):
    """Air bubbles: decaying sines whose pitch rises as the bubble nears the surface."""
    length = samples(t60_range[1], sample_rate)
    bank = np.empty((count, length))
    for i in range(count):
        freq = np.exp(rng.uniform(np.log(lo), np.log(hi)))
        tone = decaying_sine(
            freq, rng.uniform(*t60_range), sample_rate, length, chirp=rng.uniform(*chirp_range)
        )
        bank[i] = tone * attack_decay(length, int(0.001 * sample_rate), sample_rate, 10.0)
    return bank


def _drops(n, sample_rate, rng, rate, bank, loudness_spread=1.0, curve=None):
    onsets = poisson_onsets(rate, n, sample_rate, rng, curve)
    which = rng.integers(0, len(bank), len(onsets))
    amps = soft_amplitudes(rng, len(onsets), loudness_spread)
    return scatter(n, onsets, bank, which, amps)


class RainParams(Params):
    variant: Literal["light", "steady", "roof", "window", "leaves"] = choice(
        "steady", "surface and strength: light, steady, roof, window or leaves"
    )
    intensity: float = num(0.5, 0.0, 1.0, "how hard it rains: scales drop density and bed")
    gustiness: float = num(0.3, 0.0, 1.0, "slow swells in density, as if wind moves the rain")
    warmth: float = num(0.5, 0.0, 1.0, "softening of highs: 0 bright, 1 dark")


# variant -> (bed band Hz, bed weight, drops/s at intensity 1, tick band Hz, tick t60 s,
#             bubbles/s, bubble band Hz, drop weight)
_RAIN = {
    "light": ((500, 6000), 0.35, 120, (1500, 6000), (0.002, 0.008), 10, (1800, 4000), 1.0),
    "steady": ((300, 7000), 1.0, 900, (1200, 6000), (0.002, 0.010), 60, (1500, 4500), 0.8),
    "roof": ((120, 2500), 1.0, 700, (250, 1400), (0.010, 0.040), 4, (700, 1400), 1.0),
    "window": ((150, 1500), 0.6, 250, (2500, 7000), (0.001, 0.004), 0, (1, 2), 0.9),
    "leaves": ((400, 5000), 0.5, 500, (900, 5000), (0.004, 0.020), 8, (900, 2500), 1.0),
}


def make_rain(p: RainParams, seconds: float, sample_rate: int, rng: np.random.Generator):
    n = samples(seconds, sample_rate)
    (bed_lo, bed_hi), bed_w, rate, tick_band, tick_t60, bubbles, bub_band, drop_w = _RAIN[p.variant]
    strength = 0.25 + 0.75 * p.intensity
    curve = np.exp(0.6 * p.gustiness * slow_random(n, sample_rate, rng, 0.15))
    bed = bandpass(coloured_noise(n, rng, -3.0, sample_rate), bed_lo, bed_hi, sample_rate)
    bed = unit_rms(bed) * curve
    ticks = _drops(
        n,
        sample_rate,
        rng,
        rate * strength,
        _tick_bank(rng, sample_rate, 24, *tick_band, tick_t60),
        0.8,
        curve,
    )
    drops = unit_rms(ticks)
    if bubbles:
        bank = _bubble_bank(rng, sample_rate, 16, *bub_band, (0.015, 0.05), (5.0, 25.0))
        plinks = _drops(n, sample_rate, rng, bubbles * strength, bank, 0.7, curve)
        drops = drops + 0.5 * unit_rms(plinks)
    if p.variant == "window":
        ring = _bubble_bank(rng, sample_rate, 8, 2200, 4200, (0.02, 0.05), (0.0, 0.5))
        drops = drops + 0.3 * unit_rms(_drops(n, sample_rate, rng, 25 * strength, ring))
        bed = lowpass(bed, 900.0, sample_rate)  # the rain outside, heard through glass
    if p.variant == "roof":
        drip = _bubble_bank(rng, sample_rate, 6, 500, 900, (0.06, 0.12), (2.0, 6.0))
        drops = drops + 0.6 * unit_rms(_drops(n, sample_rate, rng, 0.7, drip, 0.3))
    mix = bed_w * strength * unit_rms(bed) + drop_w * unit_rms(drops)
    return tilt_soft(mix, sample_rate, 0.3 + 0.6 * p.warmth)


class OceanParams(Params):
    wave_period_s: float = num(11.0, 5.0, 20.0, "average time between waves, seconds")
    period_variation: float = num(0.3, 0.0, 0.6, "how much each wave's period varies")
    surf: float = num(0.5, 0.0, 1.0, "strength of the breaking crash and the wash")
    distance: float = num(0.4, 0.0, 1.0, "0 at the water's edge, 1 far up the beach (darker)")


def _swell_curves(n, sample_rate, rng, p: OceanParams, rate_hz=100):
    """Per-wave approach, crash and wash envelopes at a control rate, then resampled."""
    m = int(n / sample_rate * rate_hz) + 2
    t = np.arange(m) / rate_hz
    approach, crash, wash = np.zeros(m), np.zeros(m), np.zeros(m)
    start = -rng.uniform(0, p.wave_period_s)
    while start < t[-1] + 1:
        period = p.wave_period_s * (1 + p.period_variation * rng.uniform(-1, 1))
        size = rng.uniform(0.55, 1.0)
        brk = start + 0.55 * period
        rise = np.clip((t - start) / (brk - start), 0, None)
        approach += size * np.where(t < brk, rise**2, np.exp(-(t - brk) / (0.15 * period)))
        since = t - brk
        crash += size * np.where(
            since >= 0, (1 - np.exp(-since / 0.25)) * np.exp(-since / (0.12 * period)), 0.0
        )
        wash += size * np.where(
            since >= 0, (1 - np.exp(-since / 0.8)) * np.exp(-since / (0.3 * period)), 0.0
        )
        start += period
    grid = np.arange(n) / sample_rate * rate_hz
    return [np.interp(grid, np.arange(m), c) for c in (approach, crash, wash)]


def make_ocean(p: OceanParams, seconds: float, sample_rate: int, rng: np.random.Generator):
    n = samples(seconds, sample_rate)
    approach, crash, wash = _swell_curves(n, sample_rate, rng, p)
    low = unit_rms(lowpass(coloured_noise(n, rng, -6.0, sample_rate), 350, sample_rate))
    pink = coloured_noise(n, rng, -3.0, sample_rate)
    mid = unit_rms(bandpass(pink, 250, 1800, sample_rate))
    high = unit_rms(bandpass(coloured_noise(n, rng, -3.0, sample_rate), 900, 7000, sample_rate))
    near = 1 - p.distance
    x = (
        low * (0.25 + 0.8 * approach)
        + mid * (0.15 + 0.4 * approach + 0.9 * p.surf * crash)
        + high * near * (0.05 + 0.7 * p.surf * (0.6 * crash + wash))
    )
    return tilt_soft(x, sample_rate, 0.3 + 0.6 * p.distance)


class StreamParams(Params):
    flow: float = num(0.5, 0.0, 1.0, "amount of water: a trickle (0) to a lively brook (1)")
    bubbliness: float = num(0.5, 0.0, 1.0, "how much babbling (bubbles) over the rush")
    warmth: float = num(0.5, 0.0, 1.0, "softening of highs: 0 bright, 1 dark")


def make_stream(p: StreamParams, seconds: float, sample_rate: int, rng: np.random.Generator):
    n = samples(seconds, sample_rate)
    rush = bandpass(coloured_noise(n, rng, -3.0, sample_rate), 250, 4000, sample_rate)
    rush = unit_rms(rush) * np.exp(0.25 * slow_random(n, sample_rate, rng, 3.0))
    bank = _bubble_bank(rng, sample_rate, 32, 350, 1800, (0.01, 0.04), (8.0, 30.0))
    curve = np.exp(0.8 * slow_random(n, sample_rate, rng, 1.5))
    babble = unit_rms(_drops(n, sample_rate, rng, 40 + 260 * p.flow, bank, 0.6, curve))
    x = (0.5 + 0.6 * p.flow) * rush + (0.2 + 1.0 * p.bubbliness) * babble
    return tilt_soft(x, sample_rate, 0.3 + 0.6 * p.warmth)


class WaterDropsParams(Params):
    rate_hz: float = num(0.8, 0.1, 4.0, "drops per second")
    pitch_hz: float = num(1100.0, 300.0, 3000.0, "centre pitch of the drop's 'plink'")
    pitch_spread: float = num(0.3, 0.0, 1.0, "how much the pitch varies drop to drop (octaves)")
    timing_jitter: float = num(0.4, 0.0, 0.9, "irregularity of the timing (fraction)")
    room: float = num(0.3, 0.0, 1.0, "amount of soft room echo, as in a cave or a sink")


def make_water_drops(
    p: WaterDropsParams, seconds: float, sample_rate: int, rng: np.random.Generator
):
    n = samples(seconds, sample_rate)
    lo = p.pitch_hz * 2 ** (-p.pitch_spread / 2)
    hi = p.pitch_hz * 2 ** (p.pitch_spread / 2) + 1.0
    bank = _bubble_bank(rng, sample_rate, 12, lo, hi, (0.06, 0.14), (3.0, 12.0))
    ticks = _tick_bank(rng, sample_rate, 12, 1500, 4000, (0.002, 0.006))
    bank[:, : ticks.shape[1]] += 0.08 * ticks
    onsets = event_onsets(n, sample_rate, p.rate_hz, p.timing_jitter, rng)
    x = scatter(
        n, onsets, bank, rng.integers(0, 12, len(onsets)), np.exp(rng.normal(0, 0.25, len(onsets)))
    )
    if p.room > 0:
        tail_n = samples(0.6, sample_rate)
        tail = white(tail_n, rng) * np.exp(-6.91 * np.arange(tail_n) / sample_rate / 0.6)
        wet = signal.oaconvolve(x, lowpass(tail, 2500, sample_rate))[:n]
        x = x + p.room * 0.15 * wet / max(np.sqrt(np.mean(tail**2)) * np.sqrt(tail_n), 1e-9)
    return x


class PouringParams(Params):
    pour_seconds: float = num(6.0, 1.0, 30.0, "length of one pour, seconds")
    gap_seconds: float = num(4.0, 0.5, 30.0, "pause between pours, seconds")
    flow: float = num(0.5, 0.0, 1.0, "thin trickle (0) to a full stream (1)")
    vessel_pitch_hz: float = num(350.0, 150.0, 900.0, "resonance of the empty vessel")
    fill_rise: float = num(2.5, 1.0, 4.0, "how many times the resonance rises as it fills")


def make_pouring(p: PouringParams, seconds: float, sample_rate: int, rng: np.random.Generator):
    n = samples(seconds, sample_rate)
    steps = 24
    pitches = p.vessel_pitch_hz * p.fill_rise ** (np.arange(steps) / (steps - 1))
    length = samples(0.05, sample_rate)
    bank = np.stack(
        [
            decaying_sine(
                f * rng.uniform(1.6, 2.4), rng.uniform(0.01, 0.03), sample_rate, length, chirp=15.0
            )
            for f in pitches
        ]
    )
    pour_n = min(n, samples(p.pour_seconds, sample_rate))
    cycle = pour_n + samples(p.gap_seconds, sample_rate)
    x = np.zeros(n)
    bands = [
        unit_rms(bandpass(white(pour_n, rng), f / 1.3, f * 1.3, sample_rate))
        for f in pitches[:: steps // 4] * 2
    ]
    progress = np.linspace(0, 1, pour_n)
    resonance = np.zeros(pour_n)
    for k, band in enumerate(bands):
        weight = np.clip(1 - np.abs(progress * (len(bands) - 1) - k), 0, None)
        resonance += weight * band
    splash = unit_rms(highpass(coloured_noise(pour_n, rng, -3.0, sample_rate), 600, sample_rate))
    for start in range(0, n, cycle):
        span = min(pour_n, n - start)
        onsets = poisson_onsets(150 + 350 * p.flow, span, sample_rate, rng)
        which = np.clip(
            (onsets / pour_n * steps + rng.normal(0, 1.0, len(onsets))).astype(int), 0, steps - 1
        )
        bubbles = scatter(span, onsets, bank, which, np.exp(rng.normal(0, 0.5, len(onsets))))
        body = unit_rms(bubbles) + 0.6 * resonance[:span] + (0.2 + 0.4 * p.flow) * splash[:span]
        x[start : start + span] += body * stroke_envelope(pour_n, 0.08)[:span]
    return tilt_soft(x, sample_rate, 0.5)
