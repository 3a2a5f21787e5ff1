"""Whispered speech: unvoiced, audible, cached, scripted, and a fallback without espeak-ng."""

from __future__ import annotations

import espeakng_loader
import numpy as np
import pytest

from vrasmr.content import user_cache_dir
from vrasmr.sound import voice, voice_espeak
from vrasmr.sound.loudness import integrated_lufs
from vrasmr.sound.normalise import TARGETS

SR = 48000
LINE = "Let your shoulders soften. The lake is very still tonight, under slow green light."
SCRIPT_IDS = {
    "affirmations",
    "story-lighthouse",
    "story-night-train",
    "visualization-aurora-lake",
    "visualization-moonlit-ocean",
    "visualization-forest-glade",
    "visualization-campfire",
    "muscle-relaxation",
}


def periodicity(
    x: np.ndarray,
    sample_rate: int,
    lo_hz: float = 80.0,
    hi_hz: float = 300.0,
    frame_seconds: float = 0.04,
) -> np.ndarray:
    """Per-frame strength of pitch periodicity in ``lo_hz..hi_hz`` (0 none, 1 perfectly
    periodic) for frames within 30 dB of the loudest: the voicing measure."""
    frame = int(frame_seconds * sample_rate)
    count = len(x) // frame
    frames = x[: count * frame].reshape(count, frame)
    power = np.mean(frames**2, axis=1)
    frames = frames[power > power.max() * 1e-3]
    lags = np.arange(int(sample_rate / hi_hz), int(sample_rate / lo_hz) + 1)
    spectrum = np.fft.rfft(frames, n=2 * frame, axis=1)
    auto = np.fft.irfft(np.abs(spectrum) ** 2, axis=1)
    return np.max(auto[:, lags], axis=1) / np.maximum(auto[:, 0], 1e-20)


def test_whispered_speech_has_no_voicing_and_is_not_silent():
    speech = voice.whisper_speech(LINE)
    assert speech.dtype == np.float32 and np.all(np.isfinite(speech))
    assert 3.0 < len(speech) / SR < 15.0
    assert abs(integrated_lufs(speech, SR) - TARGETS["whisper"]) <= 1.0
    assert np.percentile(periodicity(speech, SR), 90) < 0.35


def test_the_voicing_measure_does_detect_ordinary_speech():
    raw, rate = voice_espeak.speak(LINE, "en-us", 120)
    assert np.percentile(periodicity(raw / 32768.0, rate), 90) > 0.5


def test_speech_is_cached_on_disk_by_text_and_settings():
    first = voice.whisper_speech("Rest now.", seed=3)
    files = list((user_cache_dir() / "voice").glob("*.flac"))
    assert len(files) == 1
    assert np.allclose(voice.whisper_speech("Rest now.", seed=3), first, atol=1e-6)
    voice.whisper_speech("Rest now.", seed=4)
    assert len(list((user_cache_dir() / "voice").glob("*.flac"))) == 2


def test_empty_text_and_bad_rate_are_refused():
    with pytest.raises(ValueError, match="empty"):
        voice.whisper_speech("   ")
    with pytest.raises(ValueError, match="rate_wpm"):
        voice.whisper_speech("hello", rate_wpm=10)


def test_all_scripts_ship_and_stories_are_long_enough():
    assert set(voice.list_scripts()) >= SCRIPT_IDS
    for script_id in SCRIPT_IDS:
        paragraphs = voice.read_script(script_id)
        words = sum(len(p.split()) for p in paragraphs)
        assert len(paragraphs) >= 3 and words >= 150, script_id
        if script_id.startswith("story-"):
            assert words >= 1300, (script_id, words)


def test_unknown_script_suggests_the_nearest():
    with pytest.raises(voice.ScriptNotFound, match="story-lighthouse"):
        voice.read_script("story-lighthous")


@pytest.fixture
def no_espeak(monkeypatch, tmp_path):
    """A machine where the espeak-ng library is missing."""
    monkeypatch.setattr(voice_espeak, "_engine", None)
    monkeypatch.setattr(
        espeakng_loader, "get_library_path", lambda: str(tmp_path / "libespeak-ng.so")
    )
    monkeypatch.setattr(voice, "_warned_fallback", False)


def test_missing_espeak_raises_with_the_fix(no_espeak):
    with pytest.raises(voice.SpeechUnavailable, match="pip install espeakng-loader"):
        voice.whisper_speech(LINE)


def test_missing_espeak_script_falls_back_to_whisper_texture_and_warns_once(no_espeak):
    with pytest.warns(RuntimeWarning, match="pip install espeakng-loader"):
        audio = voice.whisper_script("affirmations")
    words = sum(len(p.split()) for p in voice.read_script("affirmations"))
    assert len(audio) / SR >= words / 120 * 60
    assert abs(integrated_lufs(audio, SR) - TARGETS["whisper"]) <= 1.0
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        voice.whisper_script("affirmations")
