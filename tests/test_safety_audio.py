"""Sound measures of the sleep-safety check, each on a signal built to pass and one to fail."""

from __future__ import annotations

import numpy as np
import pytest

from vrasmr.safety import audio_metrics as am
from vrasmr.safety.thresholds import DEFAULT_THRESHOLDS
from vrasmr.sound.loudness import momentary_lufs

SR = 48_000


def reference_lufs(stereo: np.ndarray) -> float:
    """Integrated loudness by the oracle, pyloudnorm's BS.1770 meter."""
    import pyloudnorm

    return pyloudnorm.Meter(SR).integrated_loudness(stereo)


def noise_at(lufs: float, seconds: float, seed: int = 0) -> np.ndarray:
    """Stereo (uncorrelated) white noise scaled to an integrated loudness of ``lufs``."""
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((round(seconds * SR), 2)) * 0.05
    return noise * 10 ** ((lufs - reference_lufs(noise)) / 20)


def tone(freq: float, seconds: float, amplitude: float, phase: float = 0.0) -> np.ndarray:
    t = np.arange(round(seconds * SR)) / SR
    return amplitude * np.sin(2 * np.pi * freq * t + phase)


def test_momentary_loudness_of_a_steady_tone_matches_integrated_loudness():
    mono = tone(997.0, 5.0, 0.1)
    stereo = np.stack([mono, mono], axis=1)
    times, lufs = momentary_lufs(stereo, SR)
    assert times[0] == pytest.approx(0.4)
    assert np.diff(times) == pytest.approx(np.full(times.size - 1, 0.1))
    assert lufs[5:] == pytest.approx(np.full(lufs.size - 5, reference_lufs(stereo)), abs=0.05)


def test_momentary_loudness_of_silence_is_finite_and_far_below_the_gate():
    _, lufs = momentary_lufs(np.zeros((SR, 2)), SR)
    assert np.all(np.isfinite(lufs))
    assert lufs.max() < DEFAULT_THRESHOLDS.absolute_gate_lufs - 50


@pytest.mark.parametrize(
    ("lufs", "passed"), [(-28.0, True), (-31.0, True), (-20.0, False), (-40.0, False)]
)
def test_integrated_loudness_must_lie_in_the_target_band(lufs, passed):
    [finding] = am.loudness_finding(noise_at(lufs, 4.0), SR)
    assert finding.value == pytest.approx(lufs, abs=0.1)
    assert finding.passed is passed


def test_integrated_loudness_of_silence_is_minus_infinity_and_fails():
    [finding] = am.loudness_finding(np.zeros((SR, 2)), SR)
    assert finding.value == float("-inf")
    assert not finding.passed


def test_true_peak_sees_peaks_between_samples():
    # A quarter-rate sine sampled 45 degrees off its crests: samples reach only 0.707 of it.
    amplitude = 10 ** (-5 / 20)
    mono = tone(SR / 4, 1.0, amplitude, phase=np.pi / 4)
    stereo = np.stack([mono, mono], axis=1)
    sample_peak_db = 20 * np.log10(np.abs(stereo).max())
    assert sample_peak_db < -6.0
    [finding] = am.true_peak_finding(stereo, SR)
    assert finding.value == pytest.approx(-5.0, abs=0.3)
    assert not finding.passed


def test_true_peak_of_a_quiet_mix_passes():
    [finding] = am.true_peak_finding(noise_at(-28.0, 3.0), SR)
    assert finding.passed
    assert finding.value < -6.0


def test_a_sudden_full_scale_clap_is_a_startle():
    bed = noise_at(-34.0, 14.0)
    clap_start = 12 * SR
    rng = np.random.default_rng(5)
    bed[clap_start : clap_start + SR // 20] = np.clip(rng.standard_normal((SR // 20, 2)), -1, 1)
    findings = am.startle_events(bed, SR)
    assert findings and not any(f.passed for f in findings)
    assert len(findings) == 1
    assert findings[0].at_s == pytest.approx(12.0, abs=0.5)
    assert findings[0].value > DEFAULT_THRESHOLDS.startle_max_rise_lu


def test_a_soft_sound_after_silence_is_no_startle():
    silence = np.zeros((6 * SR, 2))
    whisper = noise_at(-30.0, 4.0)
    [finding] = am.startle_events(np.concatenate([silence, whisper]), SR)
    assert finding.passed


def test_a_slow_swell_is_no_startle():
    swell = noise_at(-28.0, 20.0) * np.linspace(0.05, 1.0, 20 * SR)[:, None]
    [finding] = am.startle_events(swell, SR)
    assert finding.passed
    assert finding.value < DEFAULT_THRESHOLDS.startle_max_rise_lu


def test_a_tone_in_one_ear_is_an_imbalance():
    left = tone(440.0, 6.0, 0.05)
    stereo = np.stack([left, np.zeros_like(left)], axis=1)
    findings = am.ear_imbalance(stereo, SR)
    assert len(findings) == 1 and not findings[0].passed
    assert "left" in findings[0].detail
    assert findings[0].value > DEFAULT_THRESHOLDS.ear_max_difference_db


def test_a_sound_panned_but_heard_in_both_ears_is_balanced():
    mono = tone(440.0, 6.0, 0.05)
    stereo = np.stack([mono, mono * 10 ** (-12 / 20)], axis=1)
    [finding] = am.ear_imbalance(stereo, SR)
    assert finding.passed
    assert finding.value == pytest.approx(12.0, abs=0.2)


def test_a_one_ear_sound_below_the_absolute_gate_is_ignored():
    left = tone(440.0, 6.0, 1e-5)
    stereo = np.stack([left, np.zeros_like(left)], axis=1)
    [finding] = am.ear_imbalance(stereo, SR)
    assert finding.passed


def by_metric(findings):
    return {finding.metric: finding for finding in findings}


def test_clean_noise_has_no_nan_dc_or_clicks():
    findings = by_metric(am.nan_dc_clicks(noise_at(-28.0, 3.0), SR))
    assert set(findings) == {"non_finite", "dc_offset", "clicks"}
    assert all(finding.passed for finding in findings.values())


def test_a_nan_sample_fails_and_is_located():
    stereo = noise_at(-28.0, 3.0)
    stereo[SR, 1] = np.nan
    findings = by_metric(am.nan_dc_clicks(stereo, SR))
    assert not findings["non_finite"].passed
    assert findings["non_finite"].value == 1
    assert findings["non_finite"].at_s == pytest.approx(1.0)
    assert findings["clicks"].passed


def test_a_dc_offset_fails():
    findings = by_metric(am.nan_dc_clicks(noise_at(-28.0, 3.0) + 0.01, SR))
    assert not findings["dc_offset"].passed
    assert findings["dc_offset"].value == pytest.approx(0.01, abs=1e-3)


def test_a_hard_cut_in_a_low_tone_is_a_click():
    mono = tone(110.0, 2.0, 0.2, phase=0.3)
    mono[SR:] = 0.0
    findings = by_metric(am.nan_dc_clicks(np.stack([mono, mono], axis=1), SR))
    assert not findings["clicks"].passed
    assert findings["clicks"].at_s == pytest.approx(1.0, abs=1e-3)


def test_a_spike_in_a_quiet_bed_is_a_click_but_a_bright_burst_is_not():
    rng = np.random.default_rng(5)
    bed = 0.003 * rng.standard_normal(2 * SR)
    spiked = bed.copy()
    spiked[SR] += 0.2  # one bad sample: a pop
    findings = by_metric(am.nan_dc_clicks(np.stack([spiked, spiked], axis=1), SR))
    assert not findings["clicks"].passed
    assert findings["clicks"].at_s == pytest.approx(1.0, abs=1e-3)
    # A 3 ms bright burst (like a crinkle or a raindrop's tick), rising over 0.5 ms.
    burst = bed.copy()
    n = int(0.003 * SR)
    env = np.minimum(np.arange(n) / (0.0005 * SR), 1.0) * np.exp(-np.arange(n) / (0.001 * SR))
    burst[SR : SR + n] += 0.3 * env * np.sin(2 * np.pi * 5000 * np.arange(n) / SR)
    findings = by_metric(am.nan_dc_clicks(np.stack([burst, burst], axis=1), SR))
    assert findings["clicks"].passed, findings["clicks"]


def test_a_faded_tone_has_no_click():
    mono = tone(110.0, 2.0, 0.2) * np.hanning(2 * SR)
    findings = by_metric(am.nan_dc_clicks(np.stack([mono, mono], axis=1), SR))
    assert findings["clicks"].passed


def test_the_last_second_must_be_silent():
    sound = noise_at(-28.0, 4.0)
    [still_playing] = am.final_silence(sound, SR)
    assert not still_playing.passed
    faded = sound * np.clip(np.linspace(1.5, -0.5, sound.shape[0]), 0, 1)[:, None]
    [finished] = am.final_silence(faded, SR)
    assert finished.passed


def test_audio_must_be_stereo():
    with pytest.raises(ValueError, match="stereo"):
        am.true_peak_finding(np.zeros(SR), SR)
