"""Sounds of a body at rest: a soft heartbeat, slow breathing and a wordless whisper texture."""

from __future__ import annotations

import numpy as np

from ._dsp import (
    attack_decay,
    bandpass,
    coloured_noise,
    decaying_sine,
    event_onsets,
    lowpass,
    samples,
    scatter,
    stroke_envelope,
    unit_rms,
    white,
)
from ._params import Params, num


class HeartbeatParams(Params):
    bpm: float = num(58.0, 40.0, 90.0, "beats per minute")
    variability: float = num(0.04, 0.0, 0.15, "beat-to-beat variation of the interval")
    depth: float = num(0.5, 0.0, 1.0, "how deep and chesty the thump is (0 light, 1 deep)")


def make_heartbeat(p: HeartbeatParams, seconds: float, sample_rate: int, rng: np.random.Generator):
    n = samples(seconds, sample_rate)
    length = samples(0.5, sample_rate)
    gap = samples(0.3 * (60 / p.bpm) ** 0.5, sample_rate)
    bank = np.empty((4, length))
    base = 45 + 25 * (1 - p.depth)
    for i in range(4):
        lub = decaying_sine(base * rng.uniform(0.95, 1.05), 0.18, sample_rate, length, -0.5)
        dub = decaying_sine(
            base * 1.4 * rng.uniform(0.95, 1.05), 0.12, sample_rate, length - gap, -0.5
        )
        beat = lub * attack_decay(length, samples(0.012, sample_rate), sample_rate, 10.0)
        beat[gap:] += (
            0.7 * dub * attack_decay(length - gap, samples(0.01, sample_rate), sample_rate, 10.0)
        )
        thud = lowpass(white(length, rng), 120, sample_rate) * attack_decay(
            length, samples(0.01, sample_rate), sample_rate, 0.08
        )
        bank[i] = beat + 0.5 * unit_rms(thud) * 0.1
    onsets = event_onsets(n, sample_rate, p.bpm / 60, p.variability, rng)
    x = scatter(
        n, onsets, bank, rng.integers(0, 4, len(onsets)), rng.uniform(0.9, 1.0, len(onsets))
    )
    return lowpass(x, 250, sample_rate)


class BreathingParams(Params):
    rate_bpm: float = num(6.0, 3.0, 20.0, "breaths per minute (6 is a calm, slowed breath)")
    exhale_ratio: float = num(1.5, 1.0, 2.5, "how much longer the exhale is than the inhale")
    nose: float = num(0.5, 0.0, 1.0, "mouth (0, airier) to nose (1, narrower and darker)")


def make_breathing(p: BreathingParams, seconds: float, sample_rate: int, rng: np.random.Generator):
    n = samples(seconds, sample_rate)
    period = 60 / p.rate_bpm
    active = 0.8 * period  # a short rest at the bottom of each breath
    inhale_s = active / (1 + p.exhale_ratio)
    exhale_s = active - inhale_s
    onsets = event_onsets(n, sample_rate, 1 / period, 0.05, rng, start_seconds=0.05)
    inhale_env, exhale_env = np.zeros(n), np.zeros(n)
    for start in onsets:
        a = samples(inhale_s, sample_rate)
        b = samples(exhale_s, sample_rate)
        span = min(a, n - start)
        inhale_env[start : start + span] += stroke_envelope(a, 0.55)[:span]
        s2 = start + a
        if s2 < n:
            span = min(b, n - s2)
            exhale_env[s2 : s2 + span] += 0.8 * stroke_envelope(b, 0.25)[:span]
    noise = coloured_noise(n, rng, -1.5, sample_rate)
    top = 4000 - 2000 * p.nose
    inhale = unit_rms(bandpass(noise, 500, top, sample_rate))
    exhale = unit_rms(bandpass(noise, 250, top * 0.7, sample_rate))
    return inhale * inhale_env + exhale * exhale_env


# whispered vowel formants (F1, F2, F3 in Hz) and fricative bands (lo, hi in Hz)
_VOWELS = (
    (700, 1200, 2500),
    (500, 1800, 2500),
    (300, 2200, 2900),
    (500, 900, 2400),
    (350, 800, 2300),
)
_FRICATIVES = ((3500, 7000), (1800, 4000), (1000, 6000), (600, 3000))


class WhisperTextureParams(Params):
    syllable_rate_hz: float = num(2.5, 0.5, 5.0, "soft syllables per second")
    pause: float = num(0.35, 0.0, 0.8, "fraction of syllables left out as pauses")
    sibilance: float = num(0.3, 0.0, 1.0, "how much 's' and 'sh' hiss the syllables have")


def make_whisper_texture(
    p: WhisperTextureParams, seconds: float, sample_rate: int, rng: np.random.Generator
):
    """Wordless whispering: fricative onsets into breathy vowels (noise through formants)."""
    n = samples(seconds, sample_rate)
    length = samples(0.36, sample_rate)
    variants = 30
    bank = np.empty((variants, length))
    for i in range(variants):
        f1, f2, f3 = np.array(_VOWELS[i % len(_VOWELS)]) * rng.uniform(0.9, 1.1)
        src = white(length, rng)
        vowel = (
            bandpass(src, f1 / 1.25, f1 * 1.25, sample_rate)
            + 0.7 * bandpass(src, f2 / 1.15, f2 * 1.15, sample_rate)
            + 0.3 * bandpass(src, f3 / 1.1, f3 * 1.1, sample_rate)
        )
        lo, hi = _FRICATIVES[rng.integers(0, len(_FRICATIVES))]
        onset_n = samples(rng.uniform(0.04, 0.1), sample_rate)
        fric = bandpass(white(onset_n, rng), lo, hi, sample_rate) * stroke_envelope(onset_n, 0.6)
        syllable = unit_rms(vowel) * stroke_envelope(length, 0.25)
        syllable[:onset_n] *= 0.3
        syllable[:onset_n] += (0.2 + 0.8 * p.sibilance) * unit_rms(fric) * 0.8
        bank[i] = syllable
    onsets = event_onsets(n, sample_rate, p.syllable_rate_hz, 0.35, rng)
    keep = rng.random(len(onsets)) >= p.pause
    keep[0] = True
    onsets = onsets[keep]
    x = scatter(
        n,
        onsets,
        bank,
        rng.integers(0, variants, len(onsets)),
        np.exp(rng.normal(0, 0.25, len(onsets))),
    )
    return lowpass(x, 6500, sample_rate)
