"""The whole check on synthetic recordings: report, table, JSON, CLI and remembered verdicts."""

from __future__ import annotations

import argparse
import dataclasses
import json

import numpy as np
import pyloudnorm
import pytest

from vrasmr.safety import cli, verdicts
from vrasmr.safety.check import RecorderUnavailable, Recording, check_recording, check_scenes
from vrasmr.safety.report import Finding, SceneReport, format_table, reports_to_json
from vrasmr.safety.thresholds import DEFAULT_THRESHOLDS, SafetyThresholds

SR = 48_000
FPS = 20.0
SECONDS = 44.0
FADE_IN_S = 24.0


def calm_recording() -> Recording:
    """Soft noise at -28 LUFS that fades in (evenly in dB, as scenes do) and out; a dim
    warm picture that fades to black."""
    n = round(SECONDS * SR)
    rng = np.random.default_rng(3)
    noise = rng.standard_normal((n, 2)) * 0.02
    t = np.arange(n) / SR
    envelope = np.clip((SECONDS - 1.5 - t) / 3.0, 0.0, 1.0)[:, None]
    envelope = envelope * 10 ** (-30 * np.clip(1 - t / FADE_IN_S, 0, 1) / 20)[:, None]
    body = noise[: round((SECONDS - 4.5) * SR)]
    stereo = (
        noise * 10 ** ((-28.0 - pyloudnorm.Meter(SR).integrated_loudness(body)) / 20) * envelope
    )
    warm = np.array([0.25, 0.18, 0.10])
    count = round((SECONDS - 3.0) * FPS)
    frames = [np.broadcast_to(warm * (1 + 0.1 * np.sin(i / 30)), (8, 8, 3)) for i in range(count)]
    final = [np.broadcast_to(warm * v, (8, 8, 3)) for v in np.linspace(1.0, 0.0, 60)]
    return Recording(stereo.astype(np.float32), SR, frames, FPS, final, start_s=FADE_IN_S)


def check(r: Recording, scene_id: str = "calm") -> SceneReport:
    """The measures alone (without the guard figures that check_recorded adds)."""
    args = (r.stereo, r.sr, r.frames, r.fps, r.final_frames)
    return check_recording(scene_id, *args, start_s=r.start_s)


def test_a_calm_scene_passes_and_reports_every_measure():
    report = check(calm_recording())
    assert report.passed, format_table([report])
    metrics = {finding.metric for finding in report.findings}
    assert {
        "loudness", "true_peak", "startle", "ear_balance", "non_finite", "dc_offset", "clicks",
        "fade_to_silence", "brightness", "general_flash", "frame_jump", "fade_to_black",
    } <= metrics  # fmt: skip
    assert report.measures["integrated_lufs"] == pytest.approx(-28.0, abs=1.0)
    assert 0.0 < report.measures["blue_share"] < 1 / 3


def test_a_clap_a_nan_and_a_white_flash_all_fail():
    calm = calm_recording()
    stereo = calm.stereo.copy()
    clap = np.random.default_rng(9).choice([-1.0, 1.0], size=(2400, 2))
    stereo[8 * SR : 8 * SR + 2400] = clap  # a full-scale clap
    stereo[9 * SR, 0] = np.nan
    frames = list(calm.frames)
    for i in range(100, 120):
        frames[i] = np.ones((8, 8, 3)) if (i // 2) % 2 else np.zeros((8, 8, 3))
    report = check(dataclasses.replace(calm, stereo=stereo, frames=frames), "stormy")
    assert not report.passed
    failed = {finding.metric for finding in report.failures}
    assert {"startle", "non_finite", "true_peak", "general_flash", "frame_jump"} <= failed
    table = format_table([report])
    assert "FAIL" in table and "stormy: FAIL startle" in table


def _panned_noise(pan: np.ndarray, t: np.ndarray) -> Recording:
    """Noise panned by ``pan`` (0 right .. 1 left) through a 40 s fade-in (evenly in dB) and
    a 30 s final fade after 120 s: the shape of a two-minute ``vrasmr check`` recording."""
    noise = np.random.default_rng(5).standard_normal(len(t)) * 0.02
    gain = 10 ** (-30 * np.clip(1 - t / 40.0, 0, 1) / 20) * np.clip((150.0 - t) / 30.0, 0, 1)
    angle = np.pi / 2 * pan
    stereo = np.stack([noise * np.sin(angle) * gain, noise * np.cos(angle) * gain], 1)
    frames = [np.full((4, 4, 3), 0.05)] * 1200
    final = [np.full((4, 4, 3), 0.05 * v) for v in np.linspace(1.0, 0.0, 310)]
    return Recording(stereo.astype(np.float32), SR, frames, 10.0, final, start_s=70.0)


def test_ear_balance_is_judged_on_the_scene_at_its_level_not_on_its_fades():
    t = np.arange(round(151 * SR)) / SR
    # A sound passing from ear to ear once a minute, as the check's head sweep makes it:
    # a window on a fade hears one end of the sweep louder (8.4 dB on the fade-in's window)
    passing = check(_panned_noise((1 + np.sin(2 * np.pi * t / 60.0)) / 2, t))
    [balance] = [f for f in passing.findings if f.metric == "ear_balance"]
    assert balance.passed and balance.value < 1.0 and balance.at_s == 60.0
    # one that stays at the left ear fails all the same
    staying = check(_panned_noise(np.full(len(t), 0.9), t))
    [balance] = [f for f in staying.findings if f.metric == "ear_balance"]
    assert not balance.passed and "left ear louder" in balance.detail


def test_missing_final_frames_fail_the_fade_to_black():
    report = check(dataclasses.replace(calm_recording(), final_frames=()))
    assert [finding.metric for finding in report.failures] == ["fade_to_black", "light_budget_end"]


def test_too_few_frames_per_second_are_refused():
    calm = calm_recording()
    with pytest.raises(ValueError, match="fps"):
        check_recording("x", calm.stereo, SR, calm.frames, 2.0)


def test_json_report_is_valid_json_without_infinities():
    silent = Finding("loudness", False, float("-inf"), -32.0, None, "too quiet")
    reports = [check(calm_recording()), SceneReport("quiet", [silent], {"x": float("nan")})]
    document = json.loads(reports_to_json(reports))
    assert document["passed"] is False
    assert [scene["scene_id"] for scene in document["scenes"]] == ["calm", "quiet"]
    assert document["scenes"][1]["findings"][0]["value"] is None
    assert document["thresholds"]["true_peak_max_dbtp"] == -6.0


def test_table_has_a_row_per_scene_and_lists_failures():
    good = SceneReport("a", [Finding("loudness", True, -28.0, -32.0)], {"integrated_lufs": -28.0})
    bad = SceneReport("b", [Finding("clicks", False, 3.0, 0.0, 1.25, "worst step 40x")])
    table = format_table([good, bad])
    lines = table.splitlines()
    assert lines[0].split()[0] == "scene"
    assert lines[2].startswith("a ") and lines[2].rstrip().endswith("PASS")
    assert lines[3].startswith("b ") and lines[3].rstrip().endswith("FAIL")
    assert "-28.0" in lines[2]
    assert "b: FAIL clicks: 3 vs limit 0 at 1.2 s (worst step 40x)" in table


def test_thresholds_are_frozen_and_the_band_is_centred_on_the_target():
    assert DEFAULT_THRESHOLDS.loudness_band_lufs == (-32.0, -24.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_THRESHOLDS.true_peak_max_dbtp = 0.0  # type: ignore[misc]
    assert SafetyThresholds(loudness_target_lufs=-30.0).loudness_band_lufs == (-34.0, -26.0)


def test_a_scene_that_cannot_render_fails_but_an_unwired_recorder_stops_the_check():
    def broken(scene_id, minutes, size):
        raise ValueError("no such sound")

    [report] = check_scenes(["broken"], broken, 1.0, 8)
    assert not report.passed
    assert "no such sound" in report.findings[0].detail

    def unwired(scene_id, minutes, size):
        raise RecorderUnavailable("not wired")

    with pytest.raises(RecorderUnavailable):
        check_scenes(["x"], unwired, 1.0, 8)


def parse(argv):
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_cli_prints_the_table_writes_json_and_remembers_verdicts(tmp_path, capsys):
    calm = calm_recording()
    loud = dataclasses.replace(calm, stereo=calm.stereo * 10)

    def recorder(scene_id, minutes, size):
        assert (minutes, size) == (1.0, 16)
        return loud if scene_id == "loud" else calm

    out = tmp_path / "report" / "safety.json"
    args = parse(["check", "calm", "--json", str(out), "--minutes", "1", "--size", "16"])
    assert args.func is cli.run
    assert cli.run(args, recorder=recorder) == cli.EXIT_PASSED
    assert "calm" in capsys.readouterr().out
    assert json.loads(out.read_text())["passed"] is True

    args = parse(["check", "calm", "loud", "--minutes", "1", "--size", "16"])
    assert cli.run(args, recorder=recorder) == cli.EXIT_FAILED
    assert "loud: FAIL loudness" in capsys.readouterr().out
    assert "loud" in verdicts.failed_scenes()
    assert "calm" not in verdicts.failed_scenes()
    assert "never-checked" not in verdicts.failed_scenes()


def test_cli_says_so_when_scenes_cannot_be_rendered(capsys):
    def unavailable(scene_id, minutes, size):
        raise RecorderUnavailable("no OpenGL here")

    args = argparse.Namespace(scenes=["some-scene"], json=None, minutes=0.1, size=16)
    assert cli.run(args, recorder=unavailable) == cli.EXIT_UNAVAILABLE
    assert "no OpenGL here" in capsys.readouterr().err


DAMAGED_CACHES = {
    "a-list": lambda p: p.write_text("[1, 2]"),
    "not-utf8": lambda p: p.write_bytes(b'{"calm": tr\xff\xfeue}'),
    "not-json": lambda p: p.write_text('{"calm": tr'),
    "nested-100000": lambda p: p.write_text("[" * 100_000 + "]" * 100_000),
    "wrong-values": lambda p: p.write_text('{"calm": "no", "loud": [1], "7": {}}'),
}


def _damage_the_cache(case: str) -> None:
    path = verdicts.verdicts_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    DAMAGED_CACHES[case](path)


@pytest.mark.parametrize("case", DAMAGED_CACHES)
def test_check_ignores_a_damaged_verdict_cache_and_rewrites_it(case, capsys):
    _damage_the_cache(case)
    calm = calm_recording()
    loud = dataclasses.replace(calm, stereo=calm.stereo * 10)
    args = parse(["check", "calm", "loud", "--minutes", "1", "--size", "16"])
    assert cli.run(args, recorder=lambda s, m, z: loud if s == "loud" else calm) == cli.EXIT_FAILED
    assert "loud: FAIL loudness" in capsys.readouterr().out
    saved = json.loads(verdicts.verdicts_path().read_text(encoding="utf-8"))
    assert saved == {"calm": True, "loud": False}


def test_the_menu_marks_the_scene_whose_last_check_failed():
    from vrasmr.session.factory import session_menu
    from vrasmr.sleep.journal import Journal

    campfire = calm_recording()
    loud = dataclasses.replace(campfire, stereo=campfire.stereo * 10)
    args = parse(["check", "campfire", "breathe", "--minutes", "1", "--size", "16"])
    cli.run(args, recorder=lambda s, m, z: loud if s == "campfire" else campfire)
    with Journal.open() as journal:
        marked = {c.scene_id for c in session_menu(journal).cards if c.failed_check}
    assert marked == {"campfire"}


@pytest.mark.parametrize("case", DAMAGED_CACHES)
def test_the_menu_lists_every_scene_beside_a_damaged_verdict_cache(case, caplog):
    from vrasmr.session.assets import scene_library
    from vrasmr.session.factory import session_menu
    from vrasmr.sleep.journal import Journal

    _damage_the_cache(case)
    with Journal.open() as journal:
        menu = session_menu(journal)
    assert [c.scene_id for c in menu.cards] == scene_library().ids() != []
    assert not any(card.failed_check for card in menu.cards)
    assert "could not list scenes" not in caplog.text


def test_check_ends_with_its_verdict_when_the_cache_cannot_be_written(capsys):
    verdicts.verdicts_path().mkdir(parents=True)  # a folder where the cache file goes
    args = parse(["check", "calm", "--minutes", "1", "--size", "16"])
    assert cli.run(args, recorder=lambda s, m, z: calm_recording()) == cli.EXIT_PASSED
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert str(verdicts.verdicts_path()) in line and "could not remember" in line
    assert "calm" not in verdicts.failed_scenes()
