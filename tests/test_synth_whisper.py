"""The wordless whisper texture: breath between syllables, no syllable that jumps out."""

import numpy as np
import pytest

from vrasmr.safety.audio_metrics import startle_reference
from vrasmr.sound.loudness import integrated_lufs, momentary_lufs
from vrasmr.sound.synth import render

SR = 48000


def _momentary(seed: int, seconds: float, params=None):
    x = render("whisper_texture", params or {}, seconds, SR, seed=seed, normalise=False)
    stereo = np.stack([x, x], 1).astype(np.float64)
    stereo *= 10 ** ((-30.0 - integrated_lufs(stereo, SR)) / 20)
    times, lufs = momentary_lufs(stereo, SR, 0.1, 0.4)
    keep = times > 12.0  # past the first syllable out of nothing
    return times, lufs, keep


@pytest.mark.parametrize("seed", [0, 4, 5])
def test_no_syllable_jumps_out_of_the_whispering_before_it(seed):
    # The sleep check's startle measure on the texture alone: each 400 ms against the median
    # of the 10 s before it. Pauses of silence let it rise 11.6-56 LU (six nights at
    # -30 LUFS); with the breath under the syllables and bounded pauses, 5.8-8.5.
    times, lufs, keep = _momentary(seed, 120.0)
    rise = (lufs - startle_reference(times, lufs))[keep]
    assert rise.max() <= 9.5


def test_pauses_are_breath_not_silence():
    _, lufs, keep = _momentary(1, 60.0, {"pause": 0.8})
    quietest, typical = lufs[keep].min(), np.median(lufs[keep])
    assert typical - quietest <= 25.0  # digital silence read -150 LUFS against -30
