"""Close-up textures: scratching, brushing, crinkling, page turning and a towel's rustle.

Continuous filtered noise shaped by stroke envelopes, so no grain repeats; fine grit
(bristles, fibres, creases) is scattered on top as tiny clicks.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from ._dsp import (
    attack_decay,
    bandpass,
    coloured_noise,
    decaying_sine,
    event_onsets,
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


def _strokes(n, sample_rate, rng, rate_hz, length_s, jitter, attack=0.3):
    """Sum of stroke humps at roughly regular times; 1 s strokes at 0.5/s overlap gently."""
    onsets = event_onsets(n, sample_rate, rate_hz, jitter, rng, start_seconds=0.0)
    env = np.zeros(n)
    for start in onsets:
        length = samples(length_s * rng.uniform(0.8, 1.2), sample_rate)
        hump = stroke_envelope(length, attack * rng.uniform(0.7, 1.3)) * rng.uniform(0.7, 1.0)
        span = min(length, n - start)
        env[start : start + span] += hump[:span]
    return env


def _grit(n, sample_rate, rng, rate, lo, hi, t60=(0.0005, 0.002), count=16, curve=None):
    length = samples(0.01, sample_rate)
    bank = np.stack(
        [
            bandpass(
                white(length, rng)
                * attack_decay(length, soft_attack(sample_rate), sample_rate, rng.uniform(*t60)),
                lo,
                hi,
                sample_rate,
            )
            for _ in range(count)
        ]
    )
    onsets = poisson_onsets(rate, n, sample_rate, rng, curve)
    return scatter(
        n,
        onsets,
        bank,
        rng.integers(0, count, len(onsets)),
        soft_amplitudes(rng, len(onsets), 0.6),
    )


class ScratchingParams(Params):
    rate_hz: float = num(2.0, 0.2, 8.0, "scratch strokes per second")
    stroke_seconds: float = num(0.35, 0.05, 2.0, "length of one stroke, seconds")
    roughness: float = num(0.5, 0.0, 1.0, "grainy friction (surface texture) in each stroke")
    brightness: float = num(0.4, 0.0, 1.0, "dull fabric (0) to crisp card (1)")
    timing_jitter: float = num(0.2, 0.0, 0.6, "irregularity of the strokes (fraction)")


def make_scratching(
    p: ScratchingParams, seconds: float, sample_rate: int, rng: np.random.Generator
):
    n = samples(seconds, sample_rate)
    env = _strokes(n, sample_rate, rng, p.rate_hz, p.stroke_seconds, p.timing_jitter, 0.25)
    centre = 1500 + 2500 * p.brightness
    body = unit_rms(bandpass(white(n, rng), centre / 2.5, centre * 1.8, sample_rate))
    friction = 1 + p.roughness * 0.8 * slow_random(n, sample_rate, rng, 60.0, smooth=1)
    grit = unit_rms(
        _grit(n, sample_rate, rng, 600 * p.roughness + 50, 1500, 6000, curve=env + 1e-3)
    )
    return tilt_soft(
        (body * friction.clip(0) + 0.5 * p.roughness * grit) * env,
        sample_rate,
        0.6 - 0.4 * p.brightness,
    )


class BrushingParams(Params):
    variant: Literal["hair", "mic"] = choice(
        "hair", "hair: a brush through hair; mic: a soft brush on a microphone (close, fuzzy)"
    )
    rate_hz: float = num(0.8, 0.1, 4.0, "strokes per second")
    stroke_seconds: float = num(0.9, 0.2, 3.0, "length of one stroke, seconds")
    bristle: float = num(0.5, 0.0, 1.0, "how much fine bristle crackle each stroke has")
    timing_jitter: float = num(0.2, 0.0, 0.6, "irregularity of the strokes (fraction)")


def make_brushing(p: BrushingParams, seconds: float, sample_rate: int, rng: np.random.Generator):
    n = samples(seconds, sample_rate)
    env = _strokes(n, sample_rate, rng, p.rate_hz, p.stroke_seconds, p.timing_jitter, 0.35)
    if p.variant == "hair":
        swish = unit_rms(
            bandpass(coloured_noise(n, rng, -1.5, sample_rate), 900, 7000, sample_rate)
        )
        grit = unit_rms(
            _grit(n, sample_rate, rng, 1500 * p.bristle + 100, 2000, 7000, curve=env + 1e-3)
        )
        x = (swish + 0.6 * p.bristle * grit) * env
        return tilt_soft(x, sample_rate, 0.4)
    # on a microphone: proximity lifts the lows, bristles thump the capsule
    fuzz = unit_rms(bandpass(coloured_noise(n, rng, -4.5, sample_rate), 60, 3500, sample_rate))
    thumps = unit_rms(
        lowpass(
            _grit(
                n,
                sample_rate,
                rng,
                400 * p.bristle + 60,
                80,
                1500,
                (0.002, 0.008),
                curve=env + 1e-3,
            ),
            1200,
            sample_rate,
        )
    )
    return tilt_soft((fuzz + 0.7 * p.bristle * thumps) * env, sample_rate, 0.6)


class CrinklingParams(Params):
    material: Literal["paper", "plastic"] = choice("paper", "what is crinkled: paper or plastic")
    gesture_rate_hz: float = num(0.6, 0.1, 3.0, "handling gestures (squeezes) per second")
    gesture_seconds: float = num(1.2, 0.2, 4.0, "length of one gesture, seconds")
    density: float = num(0.5, 0.0, 1.0, "crackles within a gesture: sparse (0) to dense (1)")


def make_crinkling(p: CrinklingParams, seconds: float, sample_rate: int, rng: np.random.Generator):
    n = samples(seconds, sample_rate)
    env = _strokes(n, sample_rate, rng, p.gesture_rate_hz, p.gesture_seconds, 0.3, 0.4)
    length = samples(0.03, sample_rate)
    bank = []
    for _ in range(24):
        if p.material == "paper":
            click = white(length, rng) * attack_decay(
                length, soft_attack(sample_rate), sample_rate, rng.uniform(0.002, 0.008)
            )
            bank.append(unit_rms(bandpass(click, 600, 6000, sample_rate)))
        else:  # plastic snaps ring briefly at a pitch
            click = white(length, rng) * attack_decay(
                length, soft_attack(sample_rate), sample_rate, 0.0015
            )
            ring = decaying_sine(
                rng.uniform(1800, 5000), rng.uniform(0.006, 0.02), sample_rate, length
            )
            bank.append(unit_rms(bandpass(click, 1500, 8000, sample_rate)) + 0.8 * ring)
    bank = np.stack(bank)
    rate = 200 + 1800 * p.density
    onsets = poisson_onsets(rate, n, sample_rate, rng, env**2 + 1e-4)
    crackle = scatter(
        n, onsets, bank, rng.integers(0, 24, len(onsets)), soft_amplitudes(rng, len(onsets), 0.8)
    )
    rustle = unit_rms(bandpass(white(n, rng), 400, 5000, sample_rate)) * env
    x = unit_rms(crackle) + 0.3 * rustle
    return tilt_soft(x, sample_rate, 0.5 if p.material == "paper" else 0.35)


class PageTurnParams(Params):
    interval_s: float = num(12.0, 2.0, 120.0, "time between page turns over a long stretch")
    turn_seconds: float = num(0.9, 0.4, 2.0, "length of one turn, seconds")
    paper: float = num(0.5, 0.0, 1.0, "thin soft paper (0) to crisp thick pages (1)")


def make_page_turn(p: PageTurnParams, seconds: float, sample_rate: int, rng: np.random.Generator):
    n = samples(seconds, sample_rate)
    onsets = event_onsets(n, sample_rate, 1.0 / p.interval_s, 0.3, rng, start_seconds=0.02)
    x = np.zeros(n)
    for start in onsets:
        length = samples(p.turn_seconds * rng.uniform(0.85, 1.15), sample_rate)
        span = min(length, n - start)
        swish = bandpass(coloured_noise(length, rng, -1.5, sample_rate), 500, 6000, sample_rate)
        turn = unit_rms(swish) * stroke_envelope(length, 0.6)
        crease = _grit(
            length,
            sample_rate,
            rng,
            150 + 500 * p.paper,
            1200,
            6000,
            curve=stroke_envelope(length, 0.5) + 1e-3,
        )
        flop_n = samples(0.08, sample_rate)
        flop = lowpass(
            white(flop_n, rng) * attack_decay(flop_n, 20, sample_rate, 0.05), 700, sample_rate
        )
        turn += 0.3 * p.paper * unit_rms(crease) * stroke_envelope(length, 0.5)
        land = int(0.8 * length)
        turn[land : land + flop_n] += 1.2 * unit_rms(flop)[: max(0, length - land)]
        x[start : start + span] += turn[:span] * rng.uniform(0.8, 1.0)
    return tilt_soft(x, sample_rate, 0.45)


class TowelParams(Params):
    rate_hz: float = num(0.5, 0.1, 3.0, "rustling gestures per second")
    gesture_seconds: float = num(1.5, 0.3, 4.0, "length of one gesture, seconds")
    fluffiness: float = num(0.6, 0.0, 1.0, "thin cloth (0) to thick terry towel (1, darker)")


def make_towel(p: TowelParams, seconds: float, sample_rate: int, rng: np.random.Generator):
    n = samples(seconds, sample_rate)
    env = _strokes(n, sample_rate, rng, p.rate_hz, p.gesture_seconds, 0.3, 0.45)
    cloth = unit_rms(
        bandpass(
            coloured_noise(n, rng, -2.0, sample_rate), 150, 4500 - 2000 * p.fluffiness, sample_rate
        )
    )
    cloth *= np.exp(0.4 * slow_random(n, sample_rate, rng, 12.0))
    fibres = unit_rms(_grit(n, sample_rate, rng, 300, 800, 4000, curve=env + 1e-3))
    return tilt_soft((cloth + 0.25 * (1 - p.fluffiness) * fibres) * env, sample_rate, 0.5)
