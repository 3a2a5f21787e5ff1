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
