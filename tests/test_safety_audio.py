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


def faded_in(stereo: np.ndarray, seconds: float = 24.0) -> np.ndarray:
    """``stereo`` rising evenly in dB from 30 dB down over ``seconds``, as scenes fade in."""
    t = np.arange(stereo.shape[0]) / SR
    return stereo * 10 ** (-30.0 * np.clip(1.0 - t / seconds, 0.0, 1.0) / 20)[:, None]


def test_a_sudden_full_scale_clap_is_a_startle():
    bed = faded_in(noise_at(-34.0, 40.0))
    clap_start = 36 * SR
    rng = np.random.default_rng(5)
    bed[clap_start : clap_start + SR // 20] = np.clip(rng.standard_normal((SR // 20, 2)), -1, 1)
    findings = am.startle_events(bed, SR)
    assert findings and not any(f.passed for f in findings)
    assert len(findings) == 1
    assert findings[0].at_s == pytest.approx(36.0, abs=0.5)
    assert findings[0].value > DEFAULT_THRESHOLDS.startle_max_rise_lu


def test_a_sound_just_over_hearing_after_silence_is_no_startle():
    silence = np.zeros((6 * SR, 2))
    faint = noise_at(DEFAULT_THRESHOLDS.startle_quiet_floor_lufs + 8.0, 4.0)
    [finding] = am.startle_events(np.concatenate([silence, faint]), SR)
    assert finding.passed


def test_taps_out_of_near_silence_are_startles_however_quiet_the_bed():
    # Issue 25: a bed far under hearing and taps at about -26 LUFS passed with 8.6 LU when
    # the reference was raised to -35 LUFS; against the quiet floor they rise over 30 LU.
    bed = noise_at(-75.0, 30.0)
    rng = np.random.default_rng(4)
    for start in (10, 20):
        tap = rng.standard_normal((SR // 10, 2)) * np.exp(-np.arange(SR // 10) / 800)[:, None]
        bed[start * SR : start * SR + SR // 10] += tap * 0.3
    findings = am.startle_events(bed, SR)
    assert [round(f.at_s) for f in findings] == [10, 20]
    assert min(f.value for f in findings) > 25.0
    assert "after a reference of -60.0 LUFS" in findings[0].detail


def test_the_quiet_floor_is_stated_at_the_playback_level():
    t = DEFAULT_THRESHOLDS
    assert t.quiet_floor_db_spl == pytest.approx(
        t.startle_quiet_floor_lufs - t.playback_reference_lufs + t.playback_reference_db_spl
    )
    assert 0.0 <= t.quiet_floor_db_spl <= 15.0  # about the threshold of hearing


def test_a_slow_swell_is_no_startle():
    swell = faded_in(noise_at(-28.0, 30.0), 30.0)
    [finding] = am.startle_events(swell, SR)
    assert finding.passed
    assert finding.value < DEFAULT_THRESHOLDS.startle_max_rise_lu


def test_a_quick_fade_in_out_of_silence_is_a_startle():
    # The old smoothstep over 15 s: a rise of 40 dB in its first few seconds.
    ramp = np.clip(np.arange(30 * SR) / (15 * SR), 0.0, 1.0)
    smooth = ramp * ramp * (3 - 2 * ramp)
    findings = am.startle_events(noise_at(-28.0, 30.0) * smooth[:, None], SR)
    assert not findings[0].passed and findings[0].at_s < 10.0


def _swelling_bed(seconds: float = 40.0, fade_s: float = 40.0):
    """A bed fading in evenly from -30 dB (0.75 dB/s), swelling +7 dB for 2 s at 25 s: the
    rise a wave set gives a bed at its level."""
    bed = noise_at(-28.0, seconds)
    t = np.arange(bed.shape[0]) / SR
    swell = np.where((t > 25.0) & (t < 27.0), 10 ** (7.0 / 20), 1.0)
    bed = bed * swell[:, None]
    frames = np.arange(int(seconds * 10)) / 10.0
    return faded_in(bed, fade_s), (frames, -30.0 * np.clip(1.0 - frames / fade_s, 0.0, 1.0))


def test_a_known_slow_fade_is_taken_out_of_the_startle_reference():
    # The median of the 10 s before lags a ramp of 0.75 dB/s by about 4 dB: a 7 dB swell on
    # the fade reads ~11 LU as heard, ~7 LU with the scene's own ramp taken out.
    bed, fade = _swelling_bed()
    [plain] = am.startle_events(bed, SR)
    [judged] = am.startle_events(bed, SR, fade=fade)
    assert plain.value > judged.value + 3.0
    assert judged.passed and judged.value == pytest.approx(7.0, abs=1.0)


def test_a_fast_ramp_is_judged_as_heard():
    # A 'fade' of 30 dB in 10 s (3 dB/s) is itself a startle: it is not taken out.
    bed, _ = _swelling_bed()
    frames = np.arange(400) / 10.0
    fast = (frames, -30.0 * np.clip(1.0 - frames / 10.0, 0.0, 1.0))
    assert am.startle_events(bed, SR, fade=fast)[0].value == pytest.approx(
        am.startle_events(bed, SR)[0].value
    )


def test_a_tone_in_one_ear_is_an_imbalance():
    left = tone(440.0, 6.0, 0.05)
    stereo = np.stack([left, np.zeros_like(left)], axis=1)
    findings = am.ear_imbalance(stereo, SR)
    assert len(findings) == 1 and not findings[0].passed
    assert "left" in findings[0].detail
    assert findings[0].value > DEFAULT_THRESHOLDS.ear_max_difference_db


def test_a_sound_panned_but_heard_in_both_ears_is_balanced():
    mono = tone(440.0, 6.0, 0.05)
    stereo = np.stack([mono, mono * 10 ** (-4 / 20)], axis=1)
    [finding] = am.ear_imbalance(stereo, SR)
    assert finding.passed
    assert finding.value == pytest.approx(4.0, abs=0.2)


def test_a_sound_that_stays_at_one_side_fails_where_a_sweep_passes():
    # 8 dB louder on the right for 90 s (three sounds at the right ear): sustained. The same
    # difference swapping sides every 20 s (a sound going ear to ear) evens out over 60 s.
    noise = noise_at(-30.0, 90.0)
    t = np.arange(noise.shape[0]) / SR
    quieter = 10 ** (-8 / 20)
    one_side = noise * np.array([quieter, 1.0])
    findings = am.ear_imbalance(one_side, SR)
    assert not findings[0].passed and "right ear louder" in findings[0].detail
    swap = (np.floor(t / 20) % 2).astype(bool)
    sweeping = noise * np.where(swap[:, None], [1.0, quieter], [quieter, 1.0])
    [finding] = am.ear_imbalance(sweeping, SR)
    assert finding.passed and finding.value < 3.0


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
