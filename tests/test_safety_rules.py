"""The check's rules added for issue 25 on recordings built to pass and to fail: blue share
by setting, the light budget (melanopic EDI), margins over seeds, the plot, the CLI."""

from __future__ import annotations

import argparse
import dataclasses
import math

import numpy as np
import pytest
from PIL import Image

from tests.test_safety_check import FPS, calm_recording, check
from vrasmr.safety import cli, verdicts
from vrasmr.safety import picture_metrics as pm
from vrasmr.safety.margins import RULES, format_margins, scene_margins
from vrasmr.safety.thresholds import DEFAULT_THRESHOLDS


def frames_of(rgb, count: int = 300) -> list[np.ndarray]:
    """``count`` uniform sRGB frames of colour ``rgb``."""
    return [np.broadcast_to(np.asarray(rgb, dtype=float), (8, 8, 3))] * count


def by_metric(report):
    return {f.metric: f for f in report.findings}


def test_melanopic_per_primary_follows_the_display_model():
    t = DEFAULT_THRESHOLDS
    red, green, blue = t.melanopic_lux_per_linear_rgb
    field = math.pi * math.sin(math.radians(50)) ** 2 * 100.0  # lux from full white
    assert field == pytest.approx(184.4, abs=0.1)
    # white's melanopic DER on this model: 0.90 (D65 itself is 1.0 by definition)
    assert (red + green + blue) / field == pytest.approx(0.90, abs=0.01)
    # per unit of luminance, blue light is far more melanopic than green, green than red
    assert blue / 0.0722 > 5 * green / 0.7152 > 50 * red / 0.2126


@pytest.mark.parametrize(
    ("rgb", "passed"),
    [((0.25, 0.18, 0.10), True), ((0.0, 0.0, 0.55), False), ((0.6, 0.6, 0.6), False)],
)
def test_the_light_budget_at_the_start(rgb, passed):
    stats = pm.scan_frames(frames_of(rgb))
    final = pm.scan_frames(frames_of((0, 0, 0), 10))
    start, end = pm.light_budget_findings(stats, final, FPS)
    assert start.metric == "light_budget" and start.passed is passed
    assert end.passed and end.value == 0.0


def test_a_dim_glow_left_at_the_end_of_the_fade_fails_the_sleep_budget():
    stats = pm.scan_frames(frames_of((0.25, 0.18, 0.10)))
    final = pm.scan_frames(frames_of((0.1, 0.1, 0.1), 10))  # sRGB 0.1 grey: ~1.6 lux
    _, end = pm.light_budget_findings(stats, final, FPS)
    assert not end.passed and end.value > DEFAULT_THRESHOLDS.light_budget_end_lux


@pytest.mark.parametrize(
    ("rgb", "setting", "passed"),
    [
        ((0.30, 0.22, 0.12), "indoor", True),  # candle-warm
        ((0.20, 0.21, 0.21), "indoor", False),  # moonlit grey indoors: too blue
        ((0.20, 0.21, 0.21), "outdoor_night", True),  # ... a moonlit night may be
        ((0.0, 0.08, 0.40), "outdoor_night", False),  # pure blue never is
        ((0.35, 0.40, 0.62), "outdoor_night", False),  # too bright to count as a night
    ],
)
def test_blue_share_is_judged_by_setting(rgb, setting, passed):
    stats = pm.scan_frames(frames_of(rgb))
    finding = pm.blue_finding(stats, FPS, setting)
    assert finding.passed is passed, finding


def test_blue_share_of_a_picture_too_dark_to_show_colour_is_reported_not_judged():
    stats = pm.scan_frames(frames_of((0.0, 0.0, 0.04)))  # linear blue 0.003: near black
    finding = pm.blue_finding(stats, FPS, "indoor")
    assert finding.passed and finding.value > 0.9 and "not judged" in finding.detail


def test_margins_take_the_worst_night_and_mark_what_is_short():
    calm = check(calm_recording())
    louder = check(dataclasses.replace(calm_recording(), stereo=calm_recording().stereo * 2.0))
    margins = {m.rule.name: m for m in scene_margins([calm, louder])}
    assert set(margins) == {r.name for r in RULES}
    loud = margins["loudness ceiling"]
    assert loud.worst == pytest.approx(louder.measures["integrated_lufs"])
    assert loud.margin == pytest.approx(-24.0 - loud.worst)
    assert loud.kept is (loud.margin >= 2.0)
    assert margins["brightness"].margin > 20.0 and margins["brightness"].kept
    text = format_margins(list(margins.values()))
    assert "calm" in text and "2 LU" in text


def parse(argv):
    parser = argparse.ArgumentParser(prog="vrasmr")
    cli.register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_check_over_seeds_records_each_night_and_prints_margins(capsys):
    nights = []

    def recorder(scene_id, minutes, size, variation=0, guarded=False):
        nights.append((scene_id, variation, guarded))
        return calm_recording()

    args = parse(["check", "calm", "--minutes", "1", "--size", "16", "--seeds", "3"])
    args.margins = True
    assert cli.run(args, recorder=recorder) == cli.EXIT_PASSED
    assert nights == [("calm", 0, False), ("calm", 1, False), ("calm", 2, False)]
    out = capsys.readouterr().out
    assert "calm#0" in out and "calm#2" in out and "startle (LU)" in out
    assert verdicts.load_verdicts() == {"calm": True}


def test_one_failing_night_fails_the_scene():
    calm = calm_recording()
    loud = dataclasses.replace(calm, stereo=calm.stereo * 10)

    def recorder(scene_id, minutes, size, variation=0, guarded=False):
        return loud if variation == 1 else calm

    args = parse(["check", "calm", "--minutes", "1", "--size", "16", "--seeds", "2"])
    assert cli.run(args, recorder=recorder) == cli.EXIT_FAILED
    assert verdicts.load_verdicts() == {"calm": False}


def test_the_plot_shows_the_recording_and_its_findings(tmp_path, capsys):
    calm = calm_recording()
    stereo = calm.stereo.copy()
    stereo[30 * 48000 : 30 * 48000 + 2400] = 0.9  # a clap: a startle to mark
    out = tmp_path / "calm.png"
    args = parse(["check", "calm", "--minutes", "1", "--size", "16", "--plot", str(out)])
    recording = dataclasses.replace(calm, stereo=stereo)
    assert cli.run(args, recorder=lambda s, m, z: recording) == cli.EXIT_FAILED
    image = np.asarray(Image.open(out).convert("RGB")).astype(int)
    assert image.shape == (1190, 1400, 3)
    red = (image[..., 0] > 200) & (image[..., 1] < 130) & (image[..., 2] < 130)
    assert red[:, 110:1360].sum(axis=0).max() > 200  # a marker down the loudness panel
    assert out.exists()
