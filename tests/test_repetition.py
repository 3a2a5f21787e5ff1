"""The never-the-same-twice figure itself: a looped sound scores high, the same sound made
fresh scores low; the loudness spread tells a wandering bed from a steady one."""

from __future__ import annotations

import numpy as np
import pytest

from vrasmr.sound import synth
from vrasmr.sound.repetition import loudness_spread, repetition

SR = 48000


@pytest.fixture(scope="module")
def fire():
    return synth.stream("fire", {}, seed=3).read(SR * 180)


def test_a_30_second_loop_is_found_at_its_period(fire):
    looped = np.tile(fire[: 30 * SR], 6)
    found = repetition(looped, SR)
    assert found.correlation > 0.99
    assert found.lag_s % 30.0 == pytest.approx(0.0, abs=0.05)  # the period, or a multiple


def test_a_stream_made_fresh_scores_low_as_low_as_an_unrelated_one(fire):
    own = repetition(fire, SR).correlation
    other = synth.stream("fire", {}, seed=4).read(SR * 180)
    chance = repetition(fire, SR, other=other).correlation  # no repetition possible
    assert own < 0.5 and abs(own - chance) < 0.15


def test_stereo_and_silence_are_measured_too(fire):
    stereo = np.stack([fire, 0.5 * fire], axis=1)
    gap = stereo.copy()
    gap[40 * SR : 70 * SR] = 0.0  # a silent stretch is not compared
    assert repetition(gap, SR).correlation < 0.5
    with pytest.raises(ValueError, match="too short"):
        repetition(fire[: 30 * SR], SR)


def test_the_spread_of_30_second_loudness_tells_wandering_from_steady():
    steady = synth.stream("pink_noise", {}, seed=2).read(SR * 240)
    wandering = synth.stream("pink_noise", {}, seed=2, variation=1.0).read(SR * 240)
    assert loudness_spread(steady, SR) < 0.2
    assert loudness_spread(wandering, SR) > 3 * loudness_spread(steady, SR)


def test_a_fade_in_is_not_a_loop_and_is_measured_past():
    fresh = synth.stream("pink_noise", {}, seed=5).read(SR * 150)
    ramp = np.clip(np.arange(len(fresh)) / (45.0 * SR), 0.0, 1.0)
    faded = fresh * (1e-3 ** (1.0 - ramp))  # 60 dB in 45 s, even in dB, as a scene fades in
    on_the_ramp = repetition(faded, SR)
    past_it = repetition(faded, SR, start_s=50.0)
    assert on_the_ramp.correlation > 0.8 and on_the_ramp.at_s < 45.0
    assert past_it.correlation < 0.5 and past_it.at_s >= 50.0
