"""Exports end softly: a short fade always, the sleep timer's fade with --timer."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

from tests.app_fixtures import SKY, scene_text, static_emitter, write_scene_text
from vrasmr import cli
from vrasmr.session.export import export_minutes
from vrasmr.sound.export import END_FADE_S, end_fade


def write_bed(scene_id: str) -> None:
    bed = static_emitter("bed", "pink-noise", (0.0, 0.0, -1.0), 0)
    write_scene_text(scene_id, scene_text(scene_id, "A steady bed", SKY, bed, techniques="noise"))


def dbfs(x: np.ndarray) -> float:
    peak = float(np.abs(x).max()) if len(x) else 0.0
    return -200.0 if peak == 0.0 else 20.0 * np.log10(peak)


def window_rms_db(audio: np.ndarray, sr: int, seconds: float = 0.1) -> np.ndarray:
    n = int(sr * seconds)
    frames = audio[: len(audio) // n * n].reshape(-1, n, audio.shape[1])
    rms = np.sqrt((frames.astype(float) ** 2).mean(axis=(1, 2)))
    return 20.0 * np.log10(np.maximum(rms, 1e-12))


def test_the_length_is_the_shorter_of_minutes_and_the_timer():
    assert export_minutes(None, None) == 5.0
    assert export_minutes(None, 30) == 30.0
    assert export_minutes(12.0, 30) == 12.0
    assert export_minutes(45.0, 30) == 30.0


def test_end_fade_reaches_zero_smoothly_whatever_the_blocks():
    sr = 1000
    total = 12_345
    blocks = [np.ones((n, 2), np.float32) for n in (1000, 7, 5000, 6338)]
    out = np.concatenate(list(end_fade(blocks, total, sr, seconds=2.0)))
    assert out.shape == (total, 2) and out[-1].max() == 0.0
    assert np.all(out[: total - 2000] == 1.0)
    assert np.all(np.diff(out[:, 0]) <= 1e-7)  # only down, never a step up
    assert np.abs(np.diff(out[:, 0])).max() < 5.0 / 2000  # a ramp, not a cut


def test_an_export_without_a_timer_ends_with_a_short_fade(tmp_path):
    write_bed("steady-bed")
    out = tmp_path / "bed.wav"
    assert cli.main(["export", "steady-bed", "--minutes", "0.2", "--out", str(out)]) == 0
    audio, sr = soundfile.read(out, dtype="float32")
    assert len(audio) == round(0.2 * 60 * sr)
    levels = window_rms_db(audio, sr)
    assert dbfs(audio[-sr // 10 :]) < -60.0  # the last 100 ms
    assert levels[len(levels) // 2] > -50.0  # it played before
    fade = window_rms_db(audio[-int(END_FADE_S * sr) :], sr, seconds=0.5)
    assert np.diff(fade).max() < 1.5  # no step up within the fade (noise varies ~1 dB)
    assert np.abs(np.diff(audio[-int(END_FADE_S * sr) :], axis=0)).max() < 0.05


@pytest.mark.slow  # a 15-minute export
def test_an_export_with_a_timer_carries_its_fade_and_ends_with_it(tmp_path, capsys):
    write_bed("timer-bed")
    out = tmp_path / "night.flac"
    args = ["export", "timer-bed", "--timer", "15", "--minutes", "20", "--out", str(out)]
    assert cli.main(args) == 0
    assert "15-minute sleep timer" in capsys.readouterr().out
    audio, sr = soundfile.read(out, dtype="float32")
    assert len(audio) == 15 * 60 * sr  # the timer was shorter: the file ends with its fade
    levels = window_rms_db(audio, sr, seconds=1.0)
    before, half = levels[4 * 60], levels[10 * 60]  # the 10-minute fade starts at 5:00
    assert 6.0 < before - half < 14.0  # half-way, about half as loud (-10 dB)
    assert dbfs(audio[-sr // 10 :]) < -60.0
    tail = window_rms_db(audio[-60 * sr :], sr, seconds=1.0)
    assert np.diff(tail).max() < 1.5  # falling, never a step up (noise varies ~1 dB)
