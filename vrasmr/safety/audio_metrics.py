"""Sound checks of a recorded scene: loudness, true peak, startle, ear balance, hygiene, fade.

Loudness and true peak are measured with :mod:`vrasmr.sound.loudness`, the meter that
levelled the sounds. Every check returns a list of findings: one passing finding with the worst value seen, or one
failing finding per event (a run of consecutive bad windows, merged).
"""

from __future__ import annotations

import numpy as np

from vrasmr.safety.report import Finding, true_runs
from vrasmr.safety.thresholds import DEFAULT_THRESHOLDS, SafetyThresholds
from vrasmr.sound.loudness import (
    integrated_lufs,
    momentary_lufs,
    power_to_lufs,
    tail_powers,
    true_peak_dbtp,
    windowed_powers,
)

__all__ = [
    "loudness_finding",
    "true_peak_finding",
    "startle_events",
    "startle_reference",
    "ear_imbalance",
    "nan_dc_clicks",
    "final_silence",
]


def as_stereo(stereo: np.ndarray) -> np.ndarray:
    """Check the shape ``(n, 2)`` and return float64 samples."""
    samples = np.asarray(stereo)
    if samples.ndim != 2 or samples.shape[1] != 2:
        raise ValueError(f"expected stereo samples shaped (n, 2), got {samples.shape}")
    return samples.astype(np.float64, copy=False)


def loudness_finding(
    stereo: np.ndarray, sr: int, thresholds: SafetyThresholds = DEFAULT_THRESHOLDS
) -> list[Finding]:
    """Integrated loudness inside the target band."""
    value = integrated_lufs(as_stereo(stereo), sr)
    low, high = thresholds.loudness_band_lufs
    passed = low <= value <= high
    side = "" if passed else ("too quiet" if value < low else "too loud")
    limit = high if value > high else low
    band = f"band {low:g}..{high:g} LUFS"
    return [Finding("loudness", passed, value, limit, None, f"{side}, {band}".lstrip(", "))]


def true_peak_finding(
    stereo: np.ndarray, sr: int, thresholds: SafetyThresholds = DEFAULT_THRESHOLDS
) -> list[Finding]:
    """True peak at or below the ceiling."""
    value = true_peak_dbtp(as_stereo(stereo), sr, oversampling=thresholds.true_peak_oversampling)
    limit = thresholds.true_peak_max_dbtp
    detail = f"{thresholds.true_peak_oversampling}x oversampled"
    return [Finding("true_peak", value <= limit, value, limit, None, detail)]


def startle_events(
    stereo: np.ndarray,
    sr: int,
    thresholds: SafetyThresholds = DEFAULT_THRESHOLDS,
    fade: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[Finding]:
    """Momentary loudness rising too far above the median of the preceding seconds.

    The reference for a window is the median momentary loudness of the windows that ended in
    the preceding ``startle_history_s`` and do not overlap it, however quiet, but never below
    ``startle_quiet_floor_lufs`` (about the threshold of hearing at the stated playback
    level): out of silence, a sound may rise 10 LU above that floor, no more. Windows below
    the absolute gate are never startles.

    ``fade`` (times in s, dB): the scene's own start ramp. Where it rises no faster than
    ``startle_fade_max_db_s``, it is taken out of the history and put back at the window, so
    a bed fading in is judged as it is at its level (a median lags a ramp of s dB/s by about
    5.2 s × s); a faster ramp is left in, judged as heard.
    """
    t = thresholds
    times, lufs = momentary_lufs(as_stereo(stereo), sr, t.startle_hop_s, t.startle_window_s)
    if times.size == 0:
        return [Finding("startle", True, 0.0, t.startle_max_rise_lu, None, "recording too short")]
    reference = startle_reference(times, lufs, t, fade)
    audible = lufs >= t.absolute_gate_lufs
    rise = np.where(audible, lufs - reference, -np.inf)
    flagged = rise > t.startle_max_rise_lu
    limit = t.startle_max_rise_lu
    if not flagged.any():
        worst = int(np.argmax(rise))
        value = max(float(rise[worst]), 0.0) if np.isfinite(rise[worst]) else 0.0
        return [Finding("startle", True, value, limit, float(times[worst] - t.startle_window_s))]
    findings = []
    for start, stop in true_runs(flagged):
        peak = start + int(np.argmax(rise[start:stop]))
        detail = f"{lufs[peak]:.1f} LUFS after a reference of {reference[peak]:.1f} LUFS"
        onset = float(times[start] - t.startle_window_s)
        findings.append(Finding("startle", False, float(rise[peak]), limit, onset, detail))
    return findings


def startle_reference(
    times: np.ndarray,
    lufs: np.ndarray,
    thresholds: SafetyThresholds = DEFAULT_THRESHOLDS,
    fade: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """What each momentary window (ending at ``times``) is judged against: the median of the
    history with a slow start ramp taken out and put back, never below the quiet floor."""
    t = thresholds
    ramp = _slow_ramp(fade, times - t.startle_window_s / 2, t.startle_fade_max_db_s)
    history = _preceding_medians(
        lufs - ramp, t.startle_hop_s, t.startle_window_s, t.startle_history_s
    )
    return np.maximum(history + ramp, t.startle_quiet_floor_lufs)


def _slow_ramp(
    fade: tuple[np.ndarray, np.ndarray] | None, at_s: np.ndarray, max_db_s: float
) -> np.ndarray:
    """The ramp (dB) at ``at_s``, or zeros where there is none or it rises too fast."""
    if fade is None or len(fade[0]) < 2:
        return np.zeros(at_s.shape)
    fade_s, fade_db = (np.asarray(a, dtype=float) for a in fade)
    rate = np.diff(fade_db) / np.maximum(np.diff(fade_s), 1e-9)
    if not np.all(np.isfinite(fade_db)) or rate.max(initial=0.0) > max_db_s * (1 + 1e-6):
        return np.zeros(at_s.shape)
    return np.interp(at_s, fade_s, fade_db)


def _preceding_medians(
    lufs: np.ndarray, hop_s: float, window_s: float, history_s: float
) -> np.ndarray:
    """For each window, the median of windows ending in the history before it starts."""
    nearest = int(np.ceil(window_s / hop_s - 1e-9))
    farthest = int(np.floor(history_s / hop_s + 1e-9))
    medians = np.full(lufs.shape, -np.inf)
    for i in range(nearest, lufs.size):
        medians[i] = np.median(lufs[max(0, i - farthest) : i - nearest + 1])
    return medians


def ear_imbalance(
    stereo: np.ndarray,
    sr: int,
    thresholds: SafetyThresholds = DEFAULT_THRESHOLDS,
    offset_s: float = 0.0,
) -> list[Finding]:
    """No ``ear_window_s`` stretch with one ear much louder (K-weighted) than the other.

    Each ear's K-weighted power is averaged over the window, so a sound sweeping from ear to
    ear (or a head turning past a source) evens out, and one that stays at one side does
    not. Windows whose louder ear is below the absolute gate are ignored; a recording
    shorter than a window is judged whole. ``offset_s``: where ``stereo`` starts in the
    recording (findings' times count from the recording's start).
    """
    t = thresholds
    samples = as_stereo(stereo)
    window_s = min(t.ear_window_s, samples.shape[0] / sr)
    times, power = windowed_powers(samples, sr, window_s, t.ear_hop_s)
    limit = t.ear_max_difference_db
    if times.size == 0:
        return [Finding("ear_balance", True, 0.0, limit, None, "recording too short")]
    left, right = power_to_lufs(power[:, 0]), power_to_lufs(power[:, 1])
    louder = np.maximum(left, right)
    difference = np.where(louder >= t.absolute_gate_lufs, np.abs(left - right), 0.0)
    flagged = difference > limit
    starts = times - window_s + offset_s
    if not flagged.any():
        worst = int(np.argmax(difference))
        detail = f"over {window_s:.0f} s"
        return [
            Finding(
                "ear_balance", True, float(difference[worst]), limit, float(starts[worst]), detail
            )
        ]
    findings = []
    for start, stop in true_runs(flagged):
        peak = start + int(np.argmax(difference[start:stop]))
        ear = "left" if left[peak] > right[peak] else "right"
        detail = f"{ear} ear louder for {times[stop - 1] - starts[start]:.0f} s"
        value = float(difference[peak])
        findings.append(Finding("ear_balance", False, value, limit, float(starts[start]), detail))
    return findings


def nan_dc_clicks(
    stereo: np.ndarray, sr: int, thresholds: SafetyThresholds = DEFAULT_THRESHOLDS
) -> list[Finding]:
    """No NaN or infinite samples, no DC offset, no clicks (sample steps far above their context).

    A click is a step between neighbouring samples larger than ``click_min_step`` and more
    than ``click_step_ratio`` times the RMS of the other steps within
    ``click_context_samples`` either side: an isolated discontinuity, where a bright but
    dense sound (a crinkle, a drop's tick) keeps steps of its own size around it.
    """
    samples = np.asarray(stereo)
    bad = ~np.isfinite(samples)
    findings = [_non_finite_finding(bad, sr)]
    clean = as_stereo(np.where(bad, 0.0, samples))
    findings.append(_dc_finding(clean, sr, thresholds))
    findings.append(_click_finding(clean, sr, thresholds))
    return findings


def _non_finite_finding(bad: np.ndarray, sr: int) -> Finding:
    count = int(bad.sum())
    if count == 0:
        return Finding("non_finite", True, 0.0, 0.0)
    first = int(np.flatnonzero(bad.any(axis=1))[0])
    return Finding("non_finite", False, float(count), 0.0, first / sr, "NaN or infinite samples")


def _dc_finding(samples: np.ndarray, sr: int, thresholds: SafetyThresholds) -> Finding:
    window = max(1, min(samples.shape[0], round(thresholds.dc_window_s * sr)))
    usable = (samples.shape[0] // window) * window
    if usable == 0:
        return Finding("dc_offset", True, 0.0, thresholds.dc_max_offset, None, "no samples")
    means = samples[:usable].reshape(-1, window, 2).mean(axis=1)
    offsets = np.abs(means).max(axis=1)
    worst = int(np.argmax(offsets))
    value = float(offsets[worst])
    limit = thresholds.dc_max_offset
    return Finding("dc_offset", value <= limit, value, limit, worst * window / sr)


def _click_finding(samples: np.ndarray, sr: int, thresholds: SafetyThresholds) -> Finding:
    half = thresholds.click_context_samples
    clicks: list[int] = []
    worst_ratio = 0.0
    for channel in range(2):
        steps = np.abs(np.diff(samples[:, channel].astype(np.float64)))
        if steps.size == 0:
            continue
        context = _neighbour_rms(steps, half)
        ratio = steps / np.maximum(context, 1e-9)
        is_click = (steps > thresholds.click_min_step) & (ratio > thresholds.click_step_ratio)
        if is_click.any():
            clicks.extend(np.flatnonzero(is_click).tolist())
            worst_ratio = max(worst_ratio, float(ratio[is_click].max()))
    if not clicks:
        return Finding("clicks", True, 0.0, 0.0)
    first = min(clicks) / sr
    detail = f"worst step {worst_ratio:.0f}x its surroundings"
    return Finding("clicks", False, float(len(clicks)), 0.0, first, detail)


def _neighbour_rms(steps: np.ndarray, half: int, core: int = 2) -> np.ndarray:
    """RMS of the steps within ``half`` samples either side, leaving out the step itself and
    the ``core`` steps next to it (a one-sample spike makes two big steps side by side)."""
    sq = np.square(steps)
    csum = np.concatenate([[0.0], np.cumsum(sq)])
    idx = np.arange(steps.size)
    lo = np.maximum(idx - half, 0)
    hi = np.minimum(idx + half + 1, steps.size)
    c_lo = np.maximum(idx - core, 0)
    c_hi = np.minimum(idx + core + 1, steps.size)
    total = (csum[hi] - csum[lo]) - (csum[c_hi] - csum[c_lo])
    count = np.maximum((hi - lo) - (c_hi - c_lo), 1)
    return np.sqrt(np.maximum(total, 0.0) / count)


def final_silence(
    stereo: np.ndarray, sr: int, thresholds: SafetyThresholds = DEFAULT_THRESHOLDS
) -> list[Finding]:
    """The last ``fade_silence_window_s`` of the recording is below ``fade_silence_max_lufs``."""
    t = thresholds
    samples = as_stereo(stereo)
    window = min(samples.shape[0], max(1, round(t.fade_silence_window_s * sr)))
    value = float(power_to_lufs(tail_powers(samples, sr, t.fade_silence_window_s).sum()))
    at_s = (samples.shape[0] - window) / sr
    limit = t.fade_silence_max_lufs
    return [Finding("fade_to_silence", value <= limit, value, limit, at_s, "last second")]
