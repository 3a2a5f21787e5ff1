"""Run every sleep-safety measure on a recording, and on scenes through a recorder."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from vrasmr.errors import VrasmrError
from vrasmr.safety import audio_metrics, picture_metrics
from vrasmr.safety.report import Finding, SceneReport
from vrasmr.safety.thresholds import DEFAULT_THRESHOLDS, SafetyThresholds


@dataclass(frozen=True)
class Recording:
    """A scene rendered offline.

    ``stereo`` is ``(n, 2)`` float samples at default volume whose last second is the end of
    the final fade; ``frames`` are sRGB ``(h, w, 3)`` floats in 0..1 at ``fps``, and
    ``final_frames`` the frames of the final fade to black, at the same ``fps``.
    ``guard_db`` (the loudness guard's cap on the master, dB) and ``exposure`` (the light
    guard's factor) are per frame, over all frames; ``guarded`` says whether they acted or
    only watched. ``fade_db``, per frame too, is the scene's own start ramp (dB, even, from
    its first second on), which the startle measure takes out of its reference.
    """

    stereo: np.ndarray
    sr: int
    frames: Sequence[np.ndarray]
    fps: float
    final_frames: Sequence[np.ndarray] = ()
    guard_db: np.ndarray | None = None
    exposure: np.ndarray | None = None
    guarded: bool = False
    setting: str = "indoor"
    start_s: float = 0.0  # the scene's fade-in and entry (left out of the integrated loudness)
    fade_db: np.ndarray | None = None


def fade_curve(fade_db: np.ndarray | None, fps: float) -> tuple[np.ndarray, np.ndarray] | None:
    """A per-frame start ramp as ``(times in s, dB)``, the startle measure's ``fade``."""
    if fade_db is None:
        return None
    return np.arange(len(fade_db)) / fps, np.asarray(fade_db)


class RecorderUnavailable(VrasmrError, RuntimeError):
    """Scenes cannot be rendered offline in this build or on this machine."""


Recorder = Callable[[str, float, int], Recording]
"""``recorder(scene_id, minutes, size) -> Recording``."""


def check_recording(
    scene_id: str,
    stereo: np.ndarray,
    sr: int,
    frames: Sequence[np.ndarray],
    fps: float,
    final_frames: Sequence[np.ndarray] = (),
    thresholds: SafetyThresholds = DEFAULT_THRESHOLDS,
    setting: str = "indoor",
    start_s: float = 0.0,
    fade_db: np.ndarray | None = None,
) -> SceneReport:
    """Measure one recorded scene against ``thresholds``; ``setting`` is the scene's own
    ("indoor" or "outdoor_night": the blue-share limit), ``start_s`` its fade-in,
    ``fade_db`` its start ramp per frame (see :class:`Recording`)."""
    t = thresholds
    if sr <= 0:
        raise ValueError(f"sample rate must be positive, got {sr}")
    if fps < t.min_picture_fps:
        raise ValueError(
            f"frames at {fps} fps are too few to see flashes (need {t.min_picture_fps})"
        )
    samples = np.asarray(stereo)
    if samples.ndim != 2 or samples.shape[1] != 2:
        raise ValueError(f"expected stereo samples shaped (n, 2), got {samples.shape}")
    findings: list[Finding] = list(audio_metrics.nan_dc_clicks(samples, sr, t))
    measures: dict[str, float] = {"duration_s": samples.shape[0] / sr}
    clean = np.nan_to_num(samples.astype(np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    # Loudness and ear balance are the scene as it plays: its fade-in and the sleep-timer
    # fade at the end are left out (each only where at least 10 s remain).
    fade = int(round(len(final_frames) / fps * sr))
    before_fade = clean[:-fade] if 0 < fade < clean.shape[0] - sr else clean
    start = int(round(start_s * sr))
    start = start if 0 < start < before_fade.shape[0] - 10 * sr else 0
    if samples.shape[0] / sr >= t.startle_window_s:
        fade = fade_curve(fade_db, fps)
        findings += _audio_findings(clean, sr, t, measures, before_fade, start, fade)
    else:
        findings.append(Finding("audio_length", False, samples.shape[0] / sr, t.startle_window_s))
    measures["clicks"] = _value_of(findings, "clicks")
    findings += _picture_findings(frames, fps, final_frames, t, measures, setting)
    return SceneReport(scene_id, findings, measures)


def _audio_findings(
    clean: np.ndarray,
    sr: int,
    t: SafetyThresholds,
    measures: dict[str, float],
    before_fade: np.ndarray,
    start: int,
    fade: tuple[np.ndarray, np.ndarray] | None,
) -> list[Finding]:
    # Ear balance from the same start, or from the last whole window before the final fade
    # where less than a window follows it. A window on a fade weights one end of the check's
    # head sweep: object-sounds read 4.8-5.5 dB on its first window (the fade-in), 0.1-0.5
    # dB on every window of the scene at its level, and up to 3.7 dB on the final fade.
    window = int(round(t.ear_window_s * sr))
    ear_from = max(0, min(start, before_fade.shape[0] - window))
    findings = [
        *audio_metrics.loudness_finding(before_fade[start:], sr, t),
        *audio_metrics.true_peak_finding(clean, sr, t),
        *audio_metrics.startle_events(clean, sr, t, fade),
        *audio_metrics.ear_imbalance(before_fade[ear_from:], sr, t, offset_s=ear_from / sr),
        *audio_metrics.final_silence(clean, sr, t),
    ]
    measures["integrated_lufs"] = _value_of(findings, "loudness")
    measures["true_peak_dbtp"] = _value_of(findings, "true_peak")
    measures["max_startle_rise_lu"] = _value_of(findings, "startle")
    measures["max_ear_difference_db"] = _value_of(findings, "ear_balance")
    measures["final_second_lufs"] = _value_of(findings, "fade_to_silence")
    return findings


def _picture_findings(
    frames: Iterable[np.ndarray],
    fps: float,
    final_frames: Sequence[np.ndarray],
    t: SafetyThresholds,
    measures: dict[str, float],
    setting: str = "indoor",
) -> list[Finding]:
    stats = picture_metrics.scan_frames(frames)
    final = picture_metrics.scan_frames(final_frames) if len(final_frames) else None
    flashes = picture_metrics.general_flashes(stats.mean_luminance, fps, t)
    findings = [
        picture_metrics.brightness_finding(stats.mean_luminance, fps, t),
        picture_metrics.flash_finding(flashes, t),
        *picture_metrics.frame_jumps(stats.jumps, fps, t),
    ]
    if final is not None:
        final_flashes = picture_metrics.general_flashes(final.mean_luminance, fps, t)
        findings.append(_renamed(picture_metrics.flash_finding(final_flashes, t), "fade_flash"))
        findings += [
            _renamed(f, "fade_jump") for f in picture_metrics.frame_jumps(final.jumps, fps, t)
        ]
    findings.append(picture_metrics.fade_to_black_finding(final, t))
    findings.append(picture_metrics.blue_finding(stats, fps, setting, t))
    findings += picture_metrics.light_budget_findings(stats, final, fps, t)
    measures["mean_luminance"] = (
        float(stats.mean_luminance.mean()) if stats.mean_luminance.size else float("nan")
    )
    measures["max_mean_luminance"] = _value_of(findings, "brightness")
    measures["max_flashes_per_s"] = float(flashes.max_per_window)
    measures["max_frame_jump"] = max(_values_of(findings, "frame_jump", "fade_jump"), default=0.0)
    measures["blue_share"] = stats.blue_share
    measures["melanopic_lux"] = _value_of(findings, "light_budget")
    measures["melanopic_lux_end"] = _value_of(findings, "light_budget_end")
    return findings


def check_scenes(
    scene_ids: Iterable[str],
    recorder: Recorder,
    minutes: float,
    size: int,
    thresholds: SafetyThresholds = DEFAULT_THRESHOLDS,
) -> list[SceneReport]:
    """Record and check each scene; a scene that cannot be rendered gets a failing report.

    :class:`RecorderUnavailable` is not a scene's fault and propagates.
    """
    reports = []
    for scene_id in scene_ids:
        try:
            recording: Recording = recorder(scene_id, minutes, size)
        except RecorderUnavailable:
            raise
        except Exception as error:  # noqa: BLE001 - any render failure fails the scene
            detail = f"{type(error).__name__}: {error}"
            finding = Finding("render", False, float("nan"), float("nan"), None, detail)
            reports.append(SceneReport(scene_id, [finding]))
            continue
        reports.append(check_recorded(scene_id, recording, thresholds))
    return reports


def check_recorded(
    scene_id: str, recording: Recording, thresholds: SafetyThresholds = DEFAULT_THRESHOLDS
) -> SceneReport:
    """:func:`check_recording` of a :class:`Recording`, with what the runtime guards did
    (or would have done) among the measures."""
    report = check_recording(
        scene_id,
        recording.stereo,
        recording.sr,
        recording.frames,
        recording.fps,
        recording.final_frames,
        thresholds,
        recording.setting,
        recording.start_s,
        recording.fade_db,
    )
    if recording.guard_db is not None and recording.guard_db.size:
        report.measures["sound_guard_db"] = float(np.min(recording.guard_db))
    if recording.exposure is not None and recording.exposure.size:
        report.measures["light_guard_exposure"] = float(np.min(recording.exposure))
    return report


def _renamed(finding: Finding, metric: str) -> Finding:
    from dataclasses import replace

    return replace(finding, metric=metric)


def _values_of(findings: list[Finding], *metrics: str) -> list[float]:
    return [f.value for f in findings if f.metric in metrics]


def _value_of(findings: list[Finding], metric: str) -> float:
    """The worst value reported for ``metric`` (NaN when it was not measured)."""
    values = _values_of(findings, metric)
    return max(values) if values else float("nan")
