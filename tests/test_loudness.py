"""The loudness meter (held to pyloudnorm's BS.1770 meter) and normalisation (true-peak ceiling)."""

from __future__ import annotations

import numpy as np
import pytest

from vrasmr.sound.loudness import integrated_lufs, true_peak_dbtp
from vrasmr.sound.normalise import TARGETS, TRUE_PEAK_LIMIT_DBTP, UnknownCategory, normalise

SR = 48000


def test_full_scale_1khz_sine_reads_about_minus_3_lufs():
    t = np.arange(3 * SR) / SR
    assert abs(integrated_lufs(np.sin(2 * np.pi * 1000 * t), SR) - (-3.01)) < 0.2


def test_true_peak_catches_intersample_peaks():
    t = np.arange(SR) / SR
    x = np.sin(2 * np.pi * (SR / 4) * t + np.pi / 4)  # samples sit at 0.707 of the peak
    assert np.max(np.abs(x)) < 0.71
    assert true_peak_dbtp(x, SR) > -0.5


def test_targets_keep_beds_under_triggers_and_whisper_soft():
    assert TARGETS["noise"] < TARGETS["bed"] < TARGETS["trigger"] <= TARGETS["whisper"] < -20
    assert TRUE_PEAK_LIMIT_DBTP <= -1.0


@pytest.mark.parametrize("category", sorted(TARGETS))
def test_normalise_lands_within_one_lu(category):
    rng = np.random.default_rng(0)
    x = 0.01 * rng.standard_normal(2 * SR)
    y = normalise(x, SR, category)
    assert y.dtype == np.float32
    assert abs(integrated_lufs(y, SR) - TARGETS[category]) <= 1.0


def test_spiky_sound_is_limited_yet_near_target():
    rng = np.random.default_rng(1)
    x = 0.001 * rng.standard_normal(3 * SR)
    x[:: SR // 2] = 1.0  # sharp clicks, a huge crest factor
    y = normalise(x, SR, "trigger")
    assert true_peak_dbtp(y, SR) <= TRUE_PEAK_LIMIT_DBTP + 0.01
    assert abs(integrated_lufs(y, SR) - TARGETS["trigger"]) <= 1.0


def test_stereo_and_short_sounds_are_measured():
    rng = np.random.default_rng(2)
    stereo = 0.1 * rng.standard_normal((SR, 2))
    assert np.isfinite(integrated_lufs(stereo, SR))
    click = 0.1 * rng.standard_normal(SR // 20)  # 50 ms, shorter than a gating block
    assert np.isfinite(integrated_lufs(click, SR))
    assert normalise(stereo, SR, "bed").shape == (SR, 2)


def test_silence_stays_silent_and_nan_is_refused():
    assert integrated_lufs(np.zeros(SR), SR) == float("-inf")
    assert not np.any(normalise(np.zeros(SR), SR, "bed"))
    with pytest.raises(ValueError, match="NaN"):
        normalise(np.full(SR, np.nan), SR, "bed")


def test_unknown_category_suggests_one():
    with pytest.raises(UnknownCategory, match="'trigger'"):
        normalise(np.ones(SR), SR, "triger")


def _signals():
    rng = np.random.default_rng(3)
    clicks = 0.001 * rng.standard_normal(3 * SR)
    clicks[:: SR // 2] = 1.0
    t = np.arange(SR) / SR
    return {
        "noise": 0.1 * rng.standard_normal(5 * SR),
        "short": 0.1 * rng.standard_normal(SR // 20),
        "stereo": 0.1 * rng.standard_normal((3 * SR, 2)),
        "gaps": np.concatenate(
            [0.1 * rng.standard_normal(2 * SR), np.zeros(3 * SR), 1e-3 * rng.standard_normal(SR)]
        ),
        "clicks": clicks,
        "inter-sample": np.sin(2 * np.pi * (SR / 4) * t + np.pi / 4),
    }


@pytest.mark.parametrize("name", sorted(_signals()))
def test_loudness_is_pyloudnorms_measure(name):
    import pyloudnorm

    x = _signals()[name]
    padded = x if len(x) > 0.4 * SR + 1 else np.pad(x, (0, int(0.4 * SR) + 1 - len(x)))
    with np.errstate(all="ignore"):  # pyloudnorm takes log10(0) of silent blocks
        expected = pyloudnorm.Meter(SR).integrated_loudness(padded)
    assert integrated_lufs(x, SR) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("name", sorted(_signals()))
def test_true_peak_equals_oversampling_everything(name):
    from scipy import signal

    x = _signals()[name]
    whole = 20 * np.log10(np.max(np.abs(signal.resample_poly(x, 4, 1, axis=0))))
    assert true_peak_dbtp(x, SR) == pytest.approx(whole, abs=1e-9)
    for floor in (whole - 0.5, whole + 0.5):  # exact above the floor, at most the floor under it
        peak = true_peak_dbtp(x, SR, floor_dbtp=floor)
        assert peak == pytest.approx(whole, abs=1e-9) if whole > floor else peak <= floor


def test_true_peak_of_a_long_sound_is_found_a_chunk_at_a_time(monkeypatch):
    from scipy import signal

    from vrasmr.sound import loudness

    x = _signals()["stereo"]
    x[SR + 7] = (0.9, -0.95)  # the loudest moment, inside a chunk
    whole = 20 * np.log10(np.max(np.abs(signal.resample_poly(x, 4, 1, axis=0))))
    envelope = loudness.true_peak_envelope(x, 0.3)
    monkeypatch.setattr(loudness, "_OVERSAMPLE_CHUNK", 3 * loudness._PEAK_BLOCK)
    assert true_peak_dbtp(x, SR) == pytest.approx(whole, abs=1e-9)
    assert true_peak_dbtp(x.astype(np.float32), SR) == pytest.approx(whole, abs=1e-5)
    np.testing.assert_allclose(loudness.true_peak_envelope(x, 0.3), envelope, atol=1e-12)


def test_limiter_leaves_everything_away_from_the_peaks_alone():
    x = _signals()["clicks"]
    y = normalise(x, SR, "trigger").astype(np.float64)
    gain = y / np.where(x == 0, 1, x)
    far = np.ones(len(x), bool)
    for click in range(0, len(x), SR // 2):
        far[max(0, click - SR // 20) : click + SR // 20] = False
    assert np.ptp(gain[far]) < 1e-5 * np.max(np.abs(gain[far]))  # one plain gain there
    assert true_peak_dbtp(y, SR) <= TRUE_PEAK_LIMIT_DBTP + 0.01


@pytest.mark.parametrize("seconds", [6.2529, 0.41, 1.0 + 1 / 48000, 7.35])
def test_lengths_whose_last_block_runs_past_the_end_measure_like_pyloudnorm(seconds):
    import pyloudnorm

    from vrasmr.sound.loudness import integrated_lufs

    x = np.random.default_rng(3).standard_normal(int(seconds * 48000)) * 0.05
    assert integrated_lufs(x, 48000) == pytest.approx(
        pyloudnorm.Meter(48000).integrated_loudness(x), abs=1e-6
    )


def test_a_long_sound_is_measured_a_chunk_at_a_time_with_the_same_result(monkeypatch):
    from vrasmr.sound import loudness

    x = 0.1 * np.random.default_rng(3).standard_normal((3 * SR + 123, 2))
    whole = integrated_lufs(x, SR)
    monkeypatch.setattr(loudness, "_FILTER_CHUNK", 4801)  # chunks that split gating blocks
    assert integrated_lufs(x, SR) == pytest.approx(whole, abs=1e-9)
    assert integrated_lufs(x.astype(np.float32), SR) == pytest.approx(whole, abs=1e-4)


def _k_weighted_reference(x: np.ndarray) -> np.ndarray:
    """The whole signal K-weighted in one go, with pyloudnorm's own filter stages."""
    import pyloudnorm
    from scipy import signal

    out = x
    for stage in pyloudnorm.Meter(SR)._filters.values():
        out = stage.passband_gain * signal.lfilter(stage.b, stage.a, out, axis=0)
    return out


def test_windowed_and_tail_powers_match_k_weighting_the_whole_sound(monkeypatch):
    from vrasmr.sound import loudness

    rng = np.random.default_rng(4)
    x = np.concatenate(
        [0.3 * rng.standard_normal((2 * SR, 2)), 1e-6 * rng.standard_normal((2 * SR, 2))]
    )
    squared = np.square(_k_weighted_reference(x))
    monkeypatch.setattr(loudness, "_FILTER_CHUNK", 7001)  # chunks that split the windows
    times, powers = loudness.windowed_powers(x, SR, 0.4, 0.1)
    ends = np.round(times * SR).astype(int)
    expected = np.array([squared[e - int(0.4 * SR) : e].mean(axis=0) for e in ends])
    assert powers == pytest.approx(expected, rel=1e-9, abs=1e-12)
    # the quiet last second, right after loud sound, is summed directly: exact at -120 LUFS
    tail = loudness.tail_powers(x, SR, 1.0)
    assert tail == pytest.approx(squared[-SR:].mean(axis=0), rel=1e-6)
    assert loudness.power_to_lufs(tail.sum()) < -100


def test_momentary_loudness_of_a_steady_tone_is_its_integrated_loudness():
    import pyloudnorm

    from vrasmr.sound.loudness import momentary_lufs

    tone = 0.1 * np.sin(2 * np.pi * 997 * np.arange(3 * SR) / SR)
    stereo = np.stack([tone, tone], axis=1)
    _, lufs = momentary_lufs(stereo, SR)
    expected = pyloudnorm.Meter(SR).integrated_loudness(stereo)
    assert lufs[5:] == pytest.approx(np.full(lufs.size - 5, expected), abs=0.05)
