"""Picture checks of a recorded scene: brightness, general flashes, frame jumps, fade, blue
share, light budget (melanopic EDI).

Frames are float arrays ``(h, w, 3)`` of sRGB-encoded values in 0..1, as read back from the
framebuffer after the night-warmth filter. Luminance is WCAG relative luminance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from vrasmr.safety.report import Finding, true_runs
from vrasmr.safety.thresholds import DEFAULT_THRESHOLDS, SafetyThresholds

# WCAG relative luminance weights of linear R, G and B (Rec. 709 / sRGB primaries).
LUMINANCE_WEIGHTS = np.array([0.2126, 0.7152, 0.0722])


def linear_rgb(frame: np.ndarray) -> np.ndarray:
    """Undo the sRGB transfer curve (WCAG's form, threshold 0.04045)."""
    encoded = np.clip(np.asarray(frame, dtype=np.float64), 0.0, 1.0)
    low = encoded / 12.92
    high = ((encoded + 0.055) / 1.055) ** 2.4
    return np.where(encoded <= 0.04045, low, high)


@dataclass(frozen=True)
class PictureStats:
    """What one pass over the frames yields."""

    mean_luminance: np.ndarray  # (n,) whole-view mean relative luminance per frame
    jumps: np.ndarray  # (n - 1,) mean absolute per-pixel luminance change between frames
    blue_share: float  # linear blue over linear R + G + B, all frames together
    last_frame_max_luminance: float
    channel_means: np.ndarray = field(default_factory=lambda: np.zeros((0, 3)))  # (n, 3) linear

    def melanopic_lux(self, thresholds: SafetyThresholds = DEFAULT_THRESHOLDS) -> np.ndarray:
        """Melanopic EDI at the eye per frame (lux) on the display model of ``thresholds``."""
        return self.channel_means @ np.array(thresholds.melanopic_lux_per_linear_rgb)


def scan_frames(frames: Iterable[np.ndarray]) -> PictureStats:
    """Measure every frame once, keeping only small per-frame series."""
    means: list[float] = []
    channels: list[np.ndarray] = []
    jumps: list[float] = []
    channel_light = np.zeros(3)
    previous: np.ndarray | None = None
    luminance = np.zeros((0, 0))
    for frame in frames:
        linear = linear_rgb(np.asarray(frame)[..., :3])
        luminance = linear @ LUMINANCE_WEIGHTS
        light = linear.reshape(-1, 3).sum(axis=0)
        channel_light += light
        channels.append(light / max(luminance.size, 1))
        means.append(float(luminance.mean()))
        if previous is not None:
            if previous.shape != luminance.shape:
                raise ValueError("all frames must have the same size")
            jumps.append(float(np.abs(luminance - previous).mean()))
        previous = luminance
    total = float(channel_light.sum())
    return PictureStats(
        mean_luminance=np.array(means),
        jumps=np.array(jumps),
        blue_share=float(channel_light[2]) / total if total > 0.0 else 0.0,
        last_frame_max_luminance=float(luminance.max()) if luminance.size else 0.0,
        channel_means=np.array(channels).reshape(-1, 3),
    )


def blue_share(frames: Iterable[np.ndarray]) -> float:
    """Share of blue in the linear light of all frames: B / (R + G + B); 0 for black."""
    return scan_frames(frames).blue_share


def mean_luminance_series(frames: Iterable[np.ndarray]) -> np.ndarray:
    """Whole-view mean relative luminance of each frame."""
    return scan_frames(frames).mean_luminance


def _as_luminance_series(lum_means_or_frames: Sequence[np.ndarray] | np.ndarray) -> np.ndarray:
    data = lum_means_or_frames
    if isinstance(data, np.ndarray) and data.ndim == 1:
        return data.astype(np.float64)
    return mean_luminance_series(data)


def luminance_transitions(series: np.ndarray, min_change: float) -> list[tuple[int, int]]:
    """Transitions of at least ``min_change`` between adjacent peaks and valleys.

    A turning point is confirmed once the series has moved back from it by ``min_change``
    (a zig-zag with that reversal size), so wiggles smaller than a flash never split a
    transition. Returns ``(start, end)`` frame indices; directions alternate.
    """
    if series.size < 2:
        return []
    high = low = 0
    turning: list[int] = []
    direction = 0  # +1 rising, -1 falling
    extreme = 0
    for i in range(1, series.size):
        value = series[i]
        if direction == 0:
            high = i if value > series[high] else high
            low = i if value < series[low] else low
            if series[high] - series[low] >= min_change:
                direction = 1 if high > low else -1
                turning.append(low if direction > 0 else high)
                extreme = high if direction > 0 else low
        elif direction * (value - series[extreme]) > 0:
            extreme = i
        elif direction * (series[extreme] - value) >= min_change:
            turning.append(extreme)
            direction = -direction
            extreme = i
    if direction != 0:
        turning.append(extreme)
    pairs = zip(turning[:-1], turning[1:], strict=True)
    return [(a, b) for a, b in pairs if abs(series[b] - series[a]) >= min_change]


@dataclass(frozen=True)
class FlashScan:
    """General flashes found in a luminance series."""

    flash_times_s: np.ndarray  # when each flash's second transition ends
    max_per_window: int  # most flashes inside any ``flash_window_s``
    worst_window_start_s: float | None


def general_flashes(
    lum_means_or_frames: Sequence[np.ndarray] | np.ndarray,
    fps: float,
    thresholds: SafetyThresholds = DEFAULT_THRESHOLDS,
) -> FlashScan:
    """WCAG 2.3.1 general flashes of the whole view, counted per any one-second window.

    A general flash is a pair of opposing transitions of at least ``flash_min_change`` in
    relative luminance where the darker state is below ``flash_dark_state_max``. Consecutive
    qualifying transitions pair up without sharing one; a flash lies in a window when both
    its transitions end inside it.
    """
    series = _as_luminance_series(lum_means_or_frames)
    t = thresholds
    qualifying = [
        (a, b)
        for a, b in luminance_transitions(series, t.flash_min_change)
        if min(series[a], series[b]) < t.flash_dark_state_max
    ]
    firsts: list[float] = []
    seconds: list[float] = []
    i = 0
    while i + 1 < len(qualifying):
        first, second = qualifying[i], qualifying[i + 1]
        if first[1] == second[0]:
            firsts.append(first[1] / fps)
            seconds.append(second[1] / fps)
            i += 2
        else:
            i += 1
    return _count_per_window(np.array(firsts), np.array(seconds), t.flash_window_s)


def _count_per_window(firsts: np.ndarray, seconds: np.ndarray, window_s: float) -> FlashScan:
    best, best_start = 0, None
    for k, start in enumerate(firsts):
        inside = int(np.searchsorted(seconds, start + window_s - 1e-9, side="left")) - k
        if inside > best:
            best, best_start = inside, float(start)
    return FlashScan(seconds, best, best_start)


def flash_finding(scan: FlashScan, thresholds: SafetyThresholds = DEFAULT_THRESHOLDS) -> Finding:
    """Fail above ``flash_fail_above_per_s``; warn above the target."""
    t = thresholds
    count = scan.max_per_window
    passed = count <= t.flash_fail_above_per_s
    warning = passed and count > t.flash_target_per_s
    detail = f"{scan.flash_times_s.size} flashes in all, target {t.flash_target_per_s} per second"
    limit = float(t.flash_fail_above_per_s)
    at_s = scan.worst_window_start_s
    return Finding("general_flash", passed, float(count), limit, at_s, detail, warning)


def brightest_stretch(series: np.ndarray, fps: float, window_s: float) -> tuple[float, int]:
    """The highest mean of ``series`` over any ``window_s`` (all of it when shorter), and the
    frame where that stretch starts."""
    window = int(min(series.size, max(1, round(window_s * fps))))
    cumulative = np.concatenate(([0.0], np.cumsum(series)))
    stretch_means = (cumulative[window:] - cumulative[:-window]) / window
    worst = int(np.argmax(stretch_means))
    return float(stretch_means[worst]), worst


def blue_finding(
    stats: PictureStats,
    fps: float,
    setting: str = "indoor",
    thresholds: SafetyThresholds = DEFAULT_THRESHOLDS,
) -> Finding:
    """Blue share within the limit of the scene's ``setting``, judged where the brightest
    10 s stretch reaches ``blue_judged_from_luminance`` (darker, colour hardly shows and the
    light budget speaks); an outdoor night is judged as indoor once brighter than
    ``outdoor_night_luminance_max``."""
    t = thresholds
    value = stats.blue_share
    if stats.mean_luminance.size == 0:
        return Finding("blue_share", True, value, t.blue_share_max_indoor, None, "no frames")
    brightest, _ = brightest_stretch(stats.mean_luminance, fps, t.luminance_window_s)
    dim_enough = brightest <= t.outdoor_night_luminance_max
    limit = t.blue_share_max(setting if dim_enough else "indoor")
    if brightest < t.blue_judged_from_luminance:
        detail = (
            f"not judged: brightest 10 s at {brightest:.4f}, under {t.blue_judged_from_luminance:g}"
        )
        return Finding("blue_share", True, value, limit, None, detail)
    where = setting.replace("_", " ") if dim_enough else "indoor (too bright for a night)"
    return Finding("blue_share", value <= limit, value, limit, None, where)


def light_budget_findings(
    stats: PictureStats,
    final_stats: PictureStats | None,
    fps: float,
    thresholds: SafetyThresholds = DEFAULT_THRESHOLDS,
) -> list[Finding]:
    """Melanopic EDI at the eye: the brightest 10 s of the scene at most
    ``light_budget_start_lux``, the last frame of the final fade at most
    ``light_budget_end_lux`` (Brown et al. 2022: evening and sleep)."""
    t = thresholds
    findings = []
    start_limit, end_limit = t.light_budget_start_lux, t.light_budget_end_lux
    lux = stats.melanopic_lux(t)
    if lux.size == 0:
        findings.append(
            Finding("light_budget", False, float("nan"), start_limit, None, "no frames")
        )
    else:
        value, worst = brightest_stretch(lux, fps, t.luminance_window_s)
        detail = "melanopic EDI, brightest 10 s"
        findings.append(
            Finding("light_budget", value <= start_limit, value, start_limit, worst / fps, detail)
        )
    if final_stats is not None and final_stats.channel_means.size:
        end = float(final_stats.melanopic_lux(t)[-1])
        detail = "melanopic EDI, end of the fade"
        findings.append(Finding("light_budget_end", end <= end_limit, end, end_limit, None, detail))
    else:
        findings.append(
            Finding("light_budget_end", False, float("nan"), end_limit, None, "no final fade")
        )
    return findings


def brightness_finding(
    mean_luminance: np.ndarray, fps: float, thresholds: SafetyThresholds = DEFAULT_THRESHOLDS
) -> Finding:
    """Mean relative luminance of the brightest ``luminance_window_s`` stretch."""
    limit = thresholds.mean_luminance_max
    if mean_luminance.size == 0:
        return Finding("brightness", False, float("nan"), limit, None, "no frames recorded")
    window = int(min(mean_luminance.size, max(1, round(thresholds.luminance_window_s * fps))))
    value, worst = brightest_stretch(mean_luminance, fps, thresholds.luminance_window_s)
    detail = f"brightest {window / fps:.0f} s"
    return Finding("brightness", value <= limit, value, limit, worst / fps, detail)


def frame_jumps(
    frames_or_jumps: Sequence[np.ndarray] | np.ndarray,
    fps: float,
    thresholds: SafetyThresholds = DEFAULT_THRESHOLDS,
) -> list[Finding]:
    """No frame-to-frame change in mean absolute per-pixel luminance above ``frame_jump_max``.

    Accepts the frames or the ``jumps`` series of :func:`scan_frames`.
    """
    data = frames_or_jumps
    is_series = isinstance(data, np.ndarray) and data.ndim == 1
    jumps = data.astype(np.float64) if is_series else scan_frames(data).jumps
    limit = thresholds.frame_jump_max
    if jumps.size == 0:
        return [Finding("frame_jump", True, 0.0, limit, None, "fewer than two frames")]
    flagged = jumps > limit
    if not flagged.any():
        worst = int(np.argmax(jumps))
        return [Finding("frame_jump", True, float(jumps[worst]), limit, (worst + 1) / fps)]
    findings = []
    for start, stop in true_runs(flagged):
        peak = start + int(np.argmax(jumps[start:stop]))
        detail = f"{stop - start} frame(s)"
        at_s = (start + 1) / fps
        findings.append(Finding("frame_jump", False, float(jumps[peak]), limit, at_s, detail))
    return findings


def fade_to_black_finding(
    final_stats: PictureStats | None, thresholds: SafetyThresholds = DEFAULT_THRESHOLDS
) -> Finding:
    """The brightest pixel of the last frame of the final fade is (nearly) black."""
    limit = thresholds.fade_black_max_luminance
    if final_stats is None or final_stats.mean_luminance.size == 0:
        return Finding("fade_to_black", False, float("nan"), limit, None, "no final fade recorded")
    value = final_stats.last_frame_max_luminance
    return Finding("fade_to_black", value <= limit, value, limit, None, "brightest pixel")
