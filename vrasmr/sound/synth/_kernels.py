"""Small sounds and shapes made whole (a drop, a crackle, a stroke's hump), which the event
processes of :mod:`._events` place in a stream. Each maker takes the generator's ``rng`` and
returns a fresh variant, so a bank of them can be renewed one at a time."""

from __future__ import annotations

import numpy as np

from ._filters import bandpass, butter, chain, lowpass, shaped, slope

SOFT_ATTACK_S = 0.0004  # the shortest rise any transient gets: no instant onsets


def samples(seconds: float, sample_rate: int) -> int:
    return max(1, int(round(seconds * sample_rate)))


def white(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.standard_normal(n, dtype=np.float32).astype(np.float64)


def unit_rms(x: np.ndarray) -> np.ndarray:
    rms = float(np.sqrt(np.mean(x**2))) if x.size else 0.0
    return x / rms if rms > 1e-12 else x


def soft_attack(sample_rate: int) -> int:
    return max(1, int(SOFT_ATTACK_S * sample_rate))


def soft_amplitudes(
    rng: np.random.Generator, count: int, spread: float, mean: float = 0.0, ceiling: float = 2.5
) -> np.ndarray:
    """Log-normal event levels with the loud tail capped at ``ceiling`` x the typical level.

    Natural variation without the rare event many times louder than the rest, which in a
    sleeping person's ear is a startle, not texture.
    """
    levels = rng.normal(mean, spread, count)
    return np.exp(np.clip(levels, mean - 3.0 * spread, mean + np.log(ceiling)))


def decaying_sine(
    freq: np.ndarray | float,
    t60: float,
    sample_rate: int,
    length: int,
    chirp: float = 0.0,
    phase: float = 0.0,
) -> np.ndarray:
    """exp-decaying sinusoid reaching -60 dB at ``t60`` s; ``chirp`` is the relative rise per s."""
    t = np.arange(length) / sample_rate
    inst = freq * (1.0 + chirp * t)
    phase_track = 2 * np.pi * np.cumsum(inst) / sample_rate + phase
    return np.exp(-6.91 * t / t60) * np.sin(phase_track)


def attack_decay(length: int, attack: int, sample_rate: int, t60: float) -> np.ndarray:
    """A raised-cosine rise of ``attack`` samples followed by an exponential decay."""
    env = np.exp(-6.91 * np.arange(length) / sample_rate / t60)
    attack = max(1, min(attack, length))
    env[:attack] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(attack) / attack)
    return env


def stroke_envelope(length: int, attack_fraction: float = 0.3) -> np.ndarray:
    """A smooth, asymmetric hump (sine-shaped rise, longer fall) of ``length`` samples."""
    rise = max(1, int(length * attack_fraction))
    fall = max(1, length - rise)
    up = np.sin(0.5 * np.pi * np.arange(rise) / rise) ** 2
    down = np.cos(0.5 * np.pi * np.arange(fall) / fall) ** 2
    return np.concatenate([up, down])[:length]


def noise_burst(rng, sample_rate, seconds, lo, hi, t60, attack=None) -> np.ndarray:
    """A decaying noise burst through a band: a tick, a crackle, a bristle, a crease."""
    length = samples(seconds, sample_rate)
    rise = soft_attack(sample_rate) if attack is None else attack
    burst = white(length, rng) * attack_decay(length, rise, sample_rate, t60)
    return unit_rms(bandpass(burst, lo, hi, sample_rate))


def tick(rng, sample_rate, lo, hi, t60_range) -> np.ndarray:
    """A drop's impact on a surface: a short noise burst around a random centre in the band."""
    t60 = rng.uniform(*t60_range)
    centre = np.exp(rng.uniform(np.log(lo), np.log(hi)))
    attack = soft_attack(sample_rate) + int(0.0002 * sample_rate)
    seconds = 1.2 * t60_range[1] + 0.004
    return noise_burst(rng, sample_rate, seconds, centre / 1.8, centre * 1.8, t60, attack)


def bubble(rng, sample_rate, lo, hi, t60_range, chirp_range) -> np.ndarray:
    """An air bubble (after van den Doel): a decaying sine whose pitch rises as it surfaces."""
    length = samples(t60_range[1], sample_rate)
    freq = np.exp(rng.uniform(np.log(lo), np.log(hi)))
    tone = decaying_sine(
        freq, rng.uniform(*t60_range), sample_rate, length, chirp=rng.uniform(*chirp_range)
    )
    return tone * attack_decay(length, int(0.001 * sample_rate), sample_rate, 10.0)


def thump(rng, sample_rate, seconds, cutoff, t60, attack=8) -> np.ndarray:
    """A soft low thud: decaying noise through a low-pass (a pop's body, a page landing)."""
    length = samples(seconds, sample_rate)
    burst = white(length, rng) * attack_decay(length, attack, sample_rate, t60)
    return unit_rms(lowpass(burst, cutoff, sample_rate))


def band_noise(rng, sample_rate, n, slope_db, lo, hi) -> np.ndarray:
    """``n`` samples of unit-RMS noise falling ``slope_db`` per octave, through a band."""
    sos = chain(slope(slope_db, sample_rate), butter("bandpass", 2, (lo, hi), sample_rate))
    return unit_rms(shaped(white(n, rng), sos))


def sprinkle(rng, n: int, rate_hz: float, sample_rate: int, bank: np.ndarray, curve) -> np.ndarray:
    """``n`` samples of tiny kernels from ``bank`` at random times, ``rate_hz`` times
    ``curve`` (per sample, its relative density), with soft levels: creases in a page."""
    top = float(curve.max())
    count = rng.poisson(rate_hz * top * n / sample_rate)
    onsets = rng.integers(0, n, count)
    onsets = onsets[rng.random(count) * top < curve[onsets]]
    length = bank.shape[1]
    out = np.zeros(n + length)
    which = rng.integers(0, len(bank), len(onsets))
    amps = soft_amplitudes(rng, len(onsets), 0.6)
    for onset, k, amp in zip(onsets.tolist(), which.tolist(), amps.tolist(), strict=True):
        out[onset : onset + length] += bank[k] * amp
    return out[:n]
