"""Air and night: wind, a campfire, night insects and a fan's hum."""

from __future__ import annotations

import numpy as np

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
    tilt_soft,
    unit_rms,
    white,
)
from ._params import Params, num


class WindParams(Params):
    strength: float = num(0.4, 0.0, 1.0, "average wind strength: a breeze (0) to a gale (1)")
    gustiness: float = num(0.5, 0.0, 1.0, "how much the wind rises and falls in gusts")
    gust_rate_hz: float = num(0.08, 0.01, 0.5, "how often gusts come, per second")
    whistle: float = num(0.2, 0.0, 1.0, "soft resonant whistle in the strongest gusts")


def make_wind(p: WindParams, seconds: float, sample_rate: int, rng: np.random.Generator):
    n = samples(seconds, sample_rate)
    gust = slow_random(n, sample_rate, rng, p.gust_rate_hz * 4)
    level = np.exp(p.gustiness * 0.9 * gust)
    bright = np.clip(0.5 + 0.35 * gust, 0, 1) * (0.4 + 0.6 * p.strength)
    pink = coloured_noise(n, rng, -3.0, sample_rate)
    low = unit_rms(bandpass(pink, 60, 500, sample_rate))
    mid = unit_rms(bandpass(pink, 300, 1500, sample_rate, order=1))
    x = low * (1.2 - 0.5 * bright) + mid * bright
    if p.whistle > 0:
        centre = 500 + 500 * p.strength
        tone = unit_rms(bandpass(white(n, rng), centre * 0.97, centre * 1.03, sample_rate))
        x = x + p.whistle * 0.5 * tone * np.clip(gust, 0, None) ** 2
    return x * level


class FireParams(Params):
    crackle_rate_hz: float = num(12.0, 0.0, 60.0, "small crackles per second")
    pop_rate_hz: float = num(0.4, 0.0, 4.0, "larger pops per second")
    hiss: float = num(0.3, 0.0, 1.0, "level of the soft gas hiss")
    rumble: float = num(0.6, 0.0, 1.0, "level of the low roar of the flames")


def make_fire(p: FireParams, seconds: float, sample_rate: int, rng: np.random.Generator):
    n = samples(seconds, sample_rate)
    length = samples(0.03, sample_rate)
    crackle_bank = np.stack(
        [
            unit_rms(
                bandpass(
                    white(length, rng)
                    * attack_decay(
                        length, soft_attack(sample_rate), sample_rate, rng.uniform(0.002, 0.01)
                    ),
                    f / 2,
                    f * 2,
                    sample_rate,
                )
            )
            for f in rng.uniform(1200, 4500, 24)
        ]
    )
    pop_len = samples(0.12, sample_rate)
    pop_bank = np.stack(
        [
            unit_rms(
                lowpass(
                    white(pop_len, rng)
                    * attack_decay(pop_len, 8, sample_rate, rng.uniform(0.03, 0.08)),
                    f,
                    sample_rate,
                )
            )
            + 0.5 * decaying_sine(f / 3, 0.05, sample_rate, pop_len)
            for f in rng.uniform(700, 1800, 8)
        ]
    )
    # crackles come in little bursts, as a log settles
    activity = np.exp(1.2 * slow_random(n, sample_rate, rng, 0.7))
    crackle_on = poisson_onsets(p.crackle_rate_hz, n, sample_rate, rng, activity)
    crackles = scatter(
        n,
        crackle_on,
        crackle_bank,
        rng.integers(0, 24, len(crackle_on)),
        soft_amplitudes(rng, len(crackle_on), 0.9, mean=-1.0),
    )
    pop_on = poisson_onsets(p.pop_rate_hz, n, sample_rate, rng)
    pops = scatter(
        n,
        pop_on,
        pop_bank,
        rng.integers(0, 8, len(pop_on)),
        np.exp(rng.normal(0.2, 0.3, len(pop_on))),
    )
    brown = coloured_noise(n, rng, -6.0, sample_rate)
    roar = unit_rms(lowpass(brown, 180, sample_rate)) * np.exp(
        0.35 * slow_random(n, sample_rate, rng, 1.2)
    )
    hiss = unit_rms(highpass(coloured_noise(n, rng, -3.0, sample_rate), 2500, sample_rate))
    hiss = hiss * (1 + 0.4 * slow_random(n, sample_rate, rng, 0.5)).clip(0.2)
    x = 0.35 * crackles + 0.4 * pops + 0.6 * p.rumble * roar + 0.06 * p.hiss * hiss
    return tilt_soft(x, sample_rate, 0.5)


class InsectsParams(Params):
    count: int = num(5, 1, 12, "how many crickets are singing")
    chirp_rate_hz: float = num(1.6, 0.5, 4.0, "chirps per second per cricket (cooler = slower)")
    pitch_hz: float = num(4200.0, 2500.0, 6000.0, "centre pitch of the song")
    distance: float = num(0.6, 0.0, 1.0, "how far away they are: far is softer and darker")
    chorus: float = num(0.3, 0.0, 1.0, "faint continuous chorus of distant insects")


def _chirp_kernel(pitch, pulse_rate, pulses, sample_rate, rng):
    """One cricket chirp: a few smooth pulses of a pure carrier."""
    length = samples(pulses / pulse_rate, sample_rate)
    t = np.arange(length) / sample_rate
    gate = np.sin(np.pi * (t * pulse_rate % 1.0)) ** 2
    return gate * np.sin(2 * np.pi * pitch * t + rng.uniform(0, 6.3))


def make_insects(p: InsectsParams, seconds: float, sample_rate: int, rng: np.random.Generator):
    n = samples(seconds, sample_rate)
    kernels, onsets, amps = [], [], []
    for _ in range(p.count):
        pulses = int(rng.integers(2, 5))
        kernels.append(
            _chirp_kernel(
                p.pitch_hz * rng.uniform(0.9, 1.1), rng.uniform(25, 40), pulses, sample_rate, rng
            )
        )
        rate = p.chirp_rate_hz * rng.uniform(0.85, 1.15)
        times = event_onsets(n, sample_rate, rate, 0.04, rng, rng.uniform(0, 1 / rate))
        # each cricket sings in long phrases and rests between them
        phrase = np.exp(1.5 * slow_random(n, sample_rate, rng, 0.05))[times]
        onsets.append(times)
        amps.append(rng.uniform(0.3, 1.0) * np.clip(phrase - 0.6, 0.05, 1))
    length = max(len(k) for k in kernels)
    bank = np.stack([np.pad(k, (0, length - len(k))) for k in kernels])
    which = np.concatenate([np.full(len(o), i) for i, o in enumerate(onsets)])
    x = scatter(n, np.concatenate(onsets), bank, which, np.concatenate(amps))
    t = np.arange(n) / sample_rate
    chorus = unit_rms(bandpass(white(n, rng), p.pitch_hz * 0.8, p.pitch_hz * 1.25, sample_rate))
    chorus *= 1 + 0.5 * np.sin(2 * np.pi * rng.uniform(8, 14) * t)
    x = unit_rms(x) + 0.4 * p.chorus * chorus
    return lowpass(x, 7000 - 3500 * p.distance, sample_rate)


class FanParams(Params):
    speed_rpm: float = num(900.0, 300.0, 2000.0, "blade speed, revolutions per minute")
    blades: int = num(5, 2, 9, "number of blades (sets the soft 'whoosh' rate)")
    hum: float = num(0.3, 0.0, 1.0, "level of the motor's low hum")
    mains_hz: float = num(50.0, 50.0, 60.0, "mains frequency behind the hum (50 or 60)")


def make_fan(p: FanParams, seconds: float, sample_rate: int, rng: np.random.Generator):
    n = samples(seconds, sample_rate)
    t = np.arange(n) / sample_rate
    blade_hz = p.speed_rpm / 60 * p.blades
    air = unit_rms(bandpass(coloured_noise(n, rng, -3.0, sample_rate), 80, 2500, sample_rate))
    air *= 1 + 0.12 * np.sin(2 * np.pi * blade_hz * t)
    drift = 1 + 0.002 * slow_random(n, sample_rate, rng, 0.1)
    phase = 2 * np.pi * np.cumsum(np.full(n, 2 * p.mains_hz) * drift) / sample_rate
    hum = np.sin(phase) + 0.35 * np.sin(2 * phase) + 0.1 * np.sin(3 * phase)
    hum += 0.4 * np.sin(2 * np.pi * blade_hz * t)
    return tilt_soft(air + 0.25 * p.hum * hum, sample_rate, 0.4)
