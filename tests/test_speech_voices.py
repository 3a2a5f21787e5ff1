"""The voices, for real: phoneme ids, a whispered and a soft neural voice, the espeak-ng
whisper, and every finished utterance's level, peak and edges."""

from __future__ import annotations

import json

import numpy as np
import pytest

from vrasmr.sound.loudness import integrated_lufs, true_peak_dbtp
from vrasmr.sound.normalise import TARGETS
from vrasmr.sound.speech.deess import deess
from vrasmr.sound.speech.measure import median_voicing, periodicity, spectral_tilt_db
from vrasmr.sound.speech.neural import JOE
from vrasmr.sound.speech.phonemes import phoneme_ids, phonemise
from vrasmr.sound.speech.utterance import CEILING_DBTP, SAMPLE_RATE, make_utterance
from vrasmr.sound.speech.voices import VoiceRegistry

LINE = "Let your shoulders soften. The lake is very still tonight."


@pytest.fixture(scope="module")
def registry():
    return VoiceRegistry()  # loads the model once for the module


@pytest.fixture(scope="module")
def id_map():
    return json.loads(JOE.path(JOE.config_file).read_text(encoding="utf-8"))["phoneme_id_map"]


@pytest.mark.parametrize(
    ("text", "ipa", "ids"),
    [
        (
            "Rest now.",
            "ɹˈɛst nˈaʊ.",
            [
                1,
                0,
                88,
                0,
                120,
                0,
                61,
                0,
                31,
                0,
                32,
                0,
                3,
                0,
                26,
                0,
                120,
                0,
                14,
                0,
                100,
                0,
                10,
                0,
                2,
            ],
        ),
        (
            "Breathe in,",
            "bɹˈiːð ˈɪn,",
            [1, 0, 15, 0, 88, 0, 120, 0, 21, 0, 122, 0, 41, 0, 3, 0, 120, 0, 74, 0, 26, 0, 8, 0, 2],
        ),
        ("Hello?", "həlˈoʊ?", [1, 0, 20, 0, 59, 0, 24, 0, 120, 0, 27, 0, 100, 0, 13, 0, 2]),
    ],
)
def test_text_to_phoneme_ids_golden(text, ipa, ids, id_map):
    assert phonemise(text) == ipa
    assert phoneme_ids(ipa, id_map) == ids  # ^ _ (symbol _)* $


def test_unknown_symbols_are_left_out(id_map):
    assert phoneme_ids("a☃b", id_map) == [1, 0, 14, 0, 15, 0, 2]


@pytest.mark.slow
def test_the_whisper_is_unvoiced_and_the_soft_voice_is_voiced(registry):
    # the model samples its noise afresh each time, so two lines' frames are pooled
    lines = ["You are warm and safe, and the night is calm.", "Rest now. The lake is still."]
    model = registry.get("whisper").model
    plain = np.concatenate([model.synthesize(line, 2.0) for line in lines])
    whisper = np.concatenate([make_utterance(registry.get("whisper"), x, 110) for x in lines])
    soft = np.concatenate([make_utterance(registry.get("soft"), x, 110) for x in lines])

    def voiced(x, rate):  # how periodic the more voiced quarter of the frames is
        return np.percentile(periodicity(x, rate), 75)

    assert voiced(plain, model.sample_rate) > 0.55  # the measure does see a voice
    assert voiced(soft, SAMPLE_RATE) > 0.5
    assert voiced(whisper, SAMPLE_RATE) < 0.42
    assert median_voicing(whisper, SAMPLE_RATE) <= 0.30
    # a whisper's spectrum is flatter than voiced speech's (more air, less chest)
    assert spectral_tilt_db(whisper, SAMPLE_RATE) > spectral_tilt_db(soft, SAMPLE_RATE)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["whisper", "soft", "espeak"])
def test_every_utterance_is_levelled_peak_safe_and_fades_to_zero(registry, name):
    audio = make_utterance(registry.get(name), "Rest now, and listen to the rain.", 110)
    assert audio.dtype == np.float32 and np.all(np.isfinite(audio))
    assert 0.8 < len(audio) / SAMPLE_RATE < 6.0
    assert abs(integrated_lufs(audio, SAMPLE_RATE) - TARGETS["whisper"]) <= 1.0
    assert true_peak_dbtp(audio, SAMPLE_RATE) <= CEILING_DBTP + 0.05
    edge = 10 ** (-60 / 20)
    assert audio[0] == 0.0 and audio[-1] == 0.0  # joins silence with no step at all
    assert np.max(np.abs(np.diff(audio[:48]))) < 20 * edge  # and eases in over 20 ms
    assert np.max(np.abs(audio[:5])) < edge and np.max(np.abs(audio[-5:])) < edge


def test_the_espeak_whisper_is_unvoiced(registry):
    audio = make_utterance(registry.get("espeak"), LINE, 110)
    assert median_voicing(audio, SAMPLE_RATE) <= 0.30


@pytest.mark.slow
def test_a_slower_rate_speaks_longer(registry):
    # The model draws its durations at random, and rates are clamped to its length-scale
    # range: 160 against 100 wpm (scales 1.44 and 2.0) gave 1.28-1.36x, once under a 1.3
    # bound. The two ends of the range (1.0 and 2.0) give 1.69-1.76x over 6 draws.
    voice = registry.get("whisper")
    fast = make_utterance(voice, LINE, 230)
    slow = make_utterance(voice, LINE, 115)
    assert len(slow) > 1.45 * len(fast)


def test_the_deesser_dips_sibilant_bursts_and_leaves_the_rest():
    rng = np.random.default_rng(1)
    sr = 22050
    t = np.arange(sr) / sr
    body = 0.1 * np.sin(2 * np.pi * 300 * t) * (1 + 0.3 * np.sin(2 * np.pi * 3 * t))
    from scipy.signal import butter, sosfilt

    hiss = sosfilt(butter(4, [5000, 8000], "bandpass", fs=sr, output="sos"), rng.normal(0, 1, sr))
    hiss *= 0.3 / np.std(hiss)
    x = body.copy()
    burst = slice(sr // 2, sr // 2 + sr // 8)  # a 125 ms "s"
    x[burst] += hiss[burst]
    y = deess(x, sr)
    inner = slice(burst.start + 400, burst.stop - 400)
    assert np.std(y[inner]) < 0.5 * np.std(x[inner])  # the "s" is at least 6 dB softer
    quiet = slice(0, sr // 3)  # away from the burst nothing changes
    assert np.allclose(y[quiet], x[quiet], atol=1e-3)
