"""Picture measures of the sleep-safety check, each on frames built to pass and to fail."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vrasmr.safety import picture_metrics as pm
from vrasmr.safety.thresholds import DEFAULT_THRESHOLDS

FPS = 30.0


def flat(level: float, size: int = 4) -> np.ndarray:
    """A frame of one sRGB-encoded grey."""
    return np.full((size, size, 3), level)


def srgb_for_luminance(luminance: float) -> float:
    """The sRGB grey whose relative luminance is ``luminance`` (inverse transfer curve)."""
    if luminance <= 0.0031308:
        return 12.92 * luminance
    return 1.055 * luminance ** (1 / 2.4) - 0.055


@pytest.mark.parametrize(
    ("rgb", "expected"),
    [((0, 0, 0), 0.0), ((1, 1, 1), 1.0), ((0, 1, 0), 0.7152), ((0.5, 0.5, 0.5), 0.2140)],
)
def test_relative_luminance_follows_wcag(rgb, expected):
    frame = np.broadcast_to(np.array(rgb, dtype=float), (2, 3, 3))
    [lum] = pm.scan_frames([frame]).mean_luminance
    assert lum == pytest.approx(expected, abs=1e-4)


def test_a_white_flash_at_5_hz_fails():
    t = np.arange(int(5 * FPS)) / FPS
    frames = [flat(1.0 if (5 * s) % 1 < 0.5 else 0.0) for s in t]
    scan = pm.general_flashes(frames, FPS)
    assert scan.max_per_window == 5
    finding = pm.flash_finding(scan)
    assert not finding.passed


def test_one_flash_passes_with_a_warning():
    series = np.zeros(90)
    series[30:33] = 0.6
    finding = pm.flash_finding(pm.general_flashes(series, FPS))
    assert finding.passed and finding.warning
    assert finding.value == 1
    assert finding.at_s == pytest.approx(1.0)


def test_two_flashes_within_a_second_fail():
    series = np.zeros(90)
    series[30:33] = 0.6
    series[45:48] = 0.6
    finding = pm.flash_finding(pm.general_flashes(series, FPS))
    assert not finding.passed
    assert finding.value == 2


def test_two_flashes_seconds_apart_count_one_per_second():
    series = np.zeros(150)
    series[30:33] = 0.6
    series[100:103] = 0.6
    scan = pm.general_flashes(series, FPS)
    assert scan.flash_times_s.size == 2
    assert scan.max_per_window == 1


@pytest.mark.parametrize(
    "series",
    [
        0.05 + 0.05 * np.sin(2 * np.pi * np.arange(600) / FPS / 8),  # slow breathing light
        0.85 + 0.15 * (np.arange(150) % 6 < 3),  # fast, but between two bright states
        0.05 + 0.08 * (np.arange(150) % 6 < 3),  # fast, but a change below 10 %
    ],
    ids=["slow", "bright-states", "small-change"],
)
def test_changes_that_are_no_general_flash(series):
    assert pm.general_flashes(series, FPS).max_per_window == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.0, 0.0999), min_size=2, max_size=200), st.floats(0.0, 0.9))
def test_a_series_spanning_less_than_the_flash_change_never_flashes(values, offset):
    series = np.array(values) + offset
    assert pm.general_flashes(series, FPS).flash_times_s.size == 0


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 12), st.integers(2, 8))
def test_square_flashing_is_counted_per_period(flashes, half_period):
    cycle = [0.0] * half_period + [0.5] * half_period
    series = np.array([0.0] * 5 + cycle * flashes + [0.0] * 5)
    scan = pm.general_flashes(series, FPS)
    assert scan.flash_times_s.size == flashes
    expected_per_s = min(flashes, int(np.ceil((FPS - 1e-9) / (2 * half_period))))
    assert abs(scan.max_per_window - expected_per_s) <= 1


def test_a_sudden_frame_change_is_a_jump():
    frames = [flat(0.05)] * 10 + [flat(0.6)] * 10
    findings = pm.frame_jumps(frames, FPS)
    assert len(findings) == 1 and not findings[0].passed
    assert findings[0].at_s == pytest.approx(10 / FPS)


def test_a_slow_fade_has_no_jump():
    frames = [flat(v) for v in np.linspace(0.3, 0.0, 90)]
    [finding] = pm.frame_jumps(frames, FPS)
    assert finding.passed
    assert 0 < finding.value < DEFAULT_THRESHOLDS.frame_jump_max


def test_brightness_is_judged_on_the_brightest_stretch():
    dim = np.full(900, 0.03)
    assert pm.brightness_finding(dim, FPS).passed
    bright_episode = dim.copy()
    bright_episode[300:600] = 0.3
    finding = pm.brightness_finding(bright_episode, FPS)
    assert not finding.passed
    assert finding.at_s == pytest.approx(10.0)


def test_an_overall_bright_view_fails():
    frames = [flat(srgb_for_luminance(0.2))] * 30
    stats = pm.scan_frames(frames)
    assert stats.mean_luminance == pytest.approx(np.full(30, 0.2), abs=1e-6)
    assert not pm.brightness_finding(stats.mean_luminance, FPS).passed


def test_blue_share_of_grey_warm_and_black_light():
    assert pm.blue_share([flat(0.4)]) == pytest.approx(1 / 3)
    warm = np.broadcast_to(np.array([0.5, 0.35, 0.15]), (4, 4, 3))
    assert pm.blue_share([warm]) < 0.1
    assert pm.blue_share([flat(0.0)]) == 0.0


def test_the_final_fade_must_reach_black():
    fading = [flat(v) for v in np.linspace(0.2, 0.0, 40)]
    assert pm.fade_to_black_finding(pm.scan_frames(fading)).passed
    stuck = [flat(v) for v in np.linspace(0.2, 0.1, 40)]
    assert not pm.fade_to_black_finding(pm.scan_frames(stuck)).passed
    assert not pm.fade_to_black_finding(None).passed


def test_frames_must_have_one_size():
    with pytest.raises(ValueError, match="same size"):
        pm.scan_frames([flat(0.1, 4), flat(0.1, 5)])
