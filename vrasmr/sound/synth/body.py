"""Sounds of a body at rest: a soft heartbeat, slow breathing and a wordless whisper texture.

With ``variation`` the heart slows a little as the night goes on and the breath's pace
drifts; every beat, breath and syllable is drawn fresh.
"""

from __future__ import annotations

import math

import numpy as np

from vrasmr.scene.generator_params import BreathingParams, HeartbeatParams, WhisperTextureParams

from ._events import HumpTrain, OverlapAdd, Pulse
from ._filters import Filter, bandpass, lowpass
from ._generator import Generator
from ._kernels import attack_decay, decaying_sine, samples, stroke_envelope, unit_rms, white
from ._sources import NoiseBand, Walk

RESTING_S = 3600.0  # a resting heart slows over about an hour


class Heartbeat(Generator):
    """A resting heart: lub-dub beats, each made fresh, slowing a little over the hour."""

    def __init__(self, p: HeartbeatParams, ctx):
        super().__init__(p, ctx)
        sr = ctx.sample_rate
        length = samples(0.5, sr)
        gap = samples(0.3 * (60 / p.bpm) ** 0.5, sr)
        base = 45 + 25 * (1 - p.depth)

        def beat(rng):
            lub = decaying_sine(base * rng.uniform(0.95, 1.05), 0.18, sr, length, -0.5)
            dub = decaying_sine(base * 1.4 * rng.uniform(0.95, 1.05), 0.12, sr, length - gap, -0.5)
            x = lub * attack_decay(length, samples(0.012, sr), sr, 10.0)
            x[gap:] += 0.7 * dub * attack_decay(length - gap, samples(0.01, sr), sr, 10.0)
            thud = lowpass(white(length, rng), 120, sr)
            return x + 0.05 * unit_rms(thud) * attack_decay(length, samples(0.01, sr), sr, 0.08)

        self.beat = beat
        self.pulse = Pulse(ctx.n, sr, ctx.rng, p.bpm / 60, p.variability)
        self.ola = OverlapAdd(ctx.n, length)
        self.drift = Walk(ctx, 120.0)
        self.lowpass = Filter.lowpass(250, sr)

    def chunk(self):
        p, ctx = self.p, self.ctx
        v = ctx.variation
        slowing = 1.0 - 0.06 * v * (1.0 - math.exp(-self.elapsed_s / RESTING_S))
        bpm = p.bpm * slowing * math.exp(0.03 * v * self.drift.step())
        for onset in self.pulse.onsets(bpm / 60).tolist():  # each beat made fresh
            x = self.beat(ctx.rng)
            level = ctx.rng.uniform(0.9, 1.0) / math.sqrt(float(np.sum(x * x)))
            self.ola.add_one(onset, x, level)
        return self.lowpass(self.ola.take())


class BreathingSound(Generator):
    """Breaths: an inhale hump and a longer exhale, each through its own band of breathy
    noise, with a short rest at the bottom of each breath."""

    def __init__(self, p: BreathingParams, ctx):
        super().__init__(p, ctx)
        sr = ctx.sample_rate
        top = 4000 - 2000 * p.nose
        self.inhale = NoiseBand(ctx, -1.5, 500, top)
        self.exhale = NoiseBand(ctx, -1.5, 250, top * 0.7)
        self.pulse = Pulse(ctx.n, sr, ctx.rng, p.rate_bpm / 60, 0.05, start_s=0.05)
        self.inhale_env = HumpTrain(ctx.n)
        self.exhale_env = HumpTrain(ctx.n)
        self.drift = Walk(ctx, 90.0)

    def chunk(self):
        p, ctx = self.p, self.ctx
        rate = p.rate_bpm * math.exp(0.06 * ctx.variation * self.drift.step())
        period = 60 / rate
        active = 0.8 * period  # a short rest at the bottom of each breath
        inhale_s = active / (1 + p.exhale_ratio)
        a = samples(inhale_s, ctx.sample_rate)
        b = samples(active - inhale_s, ctx.sample_rate)
        for onset in self.pulse.onsets(rate / 60).tolist():
            self.inhale_env.add(onset, a, 0.55)
            self.exhale_env.add(onset + a, b, 0.25, 0.8)
        x = self.inhale() * self.inhale_env.take()
        x += self.exhale() * self.exhale_env.take()
        return x


# whispered vowel formants (F1, F2, F3 in Hz) and fricative bands (lo, hi in Hz)
_VOWELS = (
    (700, 1200, 2500),
    (500, 1800, 2500),
    (300, 2200, 2900),
    (500, 900, 2400),
    (350, 800, 2300),
)
_FRICATIVES = ((3500, 7000), (1800, 4000), (1000, 6000), (600, 3000))


SYLLABLE_S = 0.36


def syllable(p: WhisperTextureParams, sample_rate: int, rng) -> np.ndarray:
    """A fricative onset into a breathy vowel (noise through three formants)."""
    sr = sample_rate
    length = samples(SYLLABLE_S, sr)
    f1, f2, f3 = np.array(_VOWELS[int(rng.integers(0, len(_VOWELS)))]) * rng.uniform(0.9, 1.1)
    src = white(length, rng)
    vowel = (
        bandpass(src, f1 / 1.25, f1 * 1.25, sr)
        + 0.7 * bandpass(src, f2 / 1.15, f2 * 1.15, sr)
        + 0.3 * bandpass(src, f3 / 1.1, f3 * 1.1, sr)
    )
    lo, hi = _FRICATIVES[int(rng.integers(0, len(_FRICATIVES)))]
    onset_n = samples(rng.uniform(0.04, 0.1), sr)
    fric = bandpass(white(onset_n, rng), lo, hi, sr) * stroke_envelope(onset_n, 0.6)
    x = unit_rms(vowel) * stroke_envelope(length, 0.25)
    x[:onset_n] *= 0.3
    x[:onset_n] += (0.2 + 0.8 * p.sibilance) * unit_rms(fric) * 0.8
    return x


class WhisperTexture(Generator):
    """Wordless whispering: soft syllables at a loose pace, in phrases with pauses between,
    over the breath that carries them. Every syllable is made as it is whispered (a bank of
    30 held 2.0 MiB; a syllable costs about 3 ms on the sound worker).

    Whispering is never digital silence between syllables: the air that carries it goes on
    under them (``AIR_DB`` below a syllable), so a pause is quiet, not a hole the next
    syllable jumps out of. Syllable levels vary within ``GAIN_SPREAD_DB``; the first syllable
    of a phrase comes in softer; syllables never start closer than ``MIN_GAP`` of the pace
    (two never stack into one loud one). Alone at -30 LUFS, the loudest 400 ms rose 11.6-56
    LU over the median of the 10 s before it (6 nights; a pause's silence dragged the median
    down) before these; see tests/test_synth_whisper.py for what it is now.
    """

    AIR_DB = -12.0  # the breath under the syllables, against a syllable's own level
    GAIN_SPREAD_DB = 2.5  # syllable levels vary within this (a normal draw, clipped)
    PHRASE_ENTRY_DB = -3.0  # the first syllable after a pause
    MIN_GAP = 0.8  # of the mean interval: the pace's jitter never stacks two syllables
    LONGEST_PAUSE = 2  # beats: a pause never grows into a silence
    INHALE = 2.0  # the air's gain in a pause (a breath in between phrases)

    def __init__(self, p: WhisperTextureParams, ctx):
        super().__init__(p, ctx)
        sr = ctx.sample_rate
        self.pulse = Pulse(ctx.n, sr, ctx.rng, p.syllable_rate_hz, 1.0 - self.MIN_GAP)
        self.ola = OverlapAdd(ctx.n, samples(SYLLABLE_S, sr))
        self.first = True
        self.paused = 1  # beats skipped since the last syllable: the first is a phrase's first
        self.lowpass = Filter.lowpass(6500, sr)
        # a unit-energy syllable of ~0.3 s has this RMS; the air sits AIR_DB under it
        self.air_level = 10.0 ** (self.AIR_DB / 20.0) / math.sqrt(0.3 * sr)
        self.air = NoiseBand(ctx, -3.0, 600, 4000)
        self.air_swell = Walk(ctx, 4.0)
        self.inhale = 1.0

    def _kept(self, count: int) -> tuple[np.ndarray, np.ndarray]:
        """Which of ``count`` beats sound, and at what gain: a pause skips a beat, the
        syllable after it comes in softer."""
        p, rng = self.p, self.ctx.rng
        keep = rng.random(count) >= p.pause
        if self.first and count:
            keep[0], self.first = True, False
        spread = self.GAIN_SPREAD_DB / 20.0 * math.log(10.0)
        gains = np.exp(np.clip(rng.normal(0.0, spread / 2.0, count), -spread, spread))
        entry = 10.0 ** (self.PHRASE_ENTRY_DB / 20.0)
        for i in range(count):
            if not keep[i] and self.paused >= self.LONGEST_PAUSE:
                keep[i] = True  # a pause is a breath, not a silence
            if keep[i]:
                if self.paused:
                    gains[i] *= entry
                self.paused = 0
            else:
                self.paused += 1
        return keep, gains

    def chunk(self):
        rng = self.ctx.rng
        onsets = self.pulse.onsets()
        keep, gains = self._kept(len(onsets))
        onsets, gains = onsets[keep], gains[keep]
        for onset, gain in zip(onsets.tolist(), gains.tolist(), strict=True):
            x = syllable(self.p, self.ctx.sample_rate, rng)  # each made fresh, at unit energy
            self.ola.add_one(onset, x, gain / math.sqrt(float(np.sum(x * x))))
        # in a pause the whisperer breathes in: the air swells, over a chunk, and settles
        target = self.INHALE if self.paused else 1.0
        inhale = self.inhale + (target - self.inhale) * self.air_swell.frac
        self.inhale = target
        air = self.air() * (self.air_level * self.air_swell.gain(3.0) * inhale)
        return self.lowpass(self.ola.take() + air)
