"""HRTF messages that tell the truth: OpenAL Soft's "on" words are on, and when HRTF is
really off the reason is named and `vrasmr export` refuses.

OpenAL Soft reads its configuration once per process, so each configuration runs in its own
process, on real devices: the null playback backend (a real playback device that plays into
nothing) and the loopback device.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile

from tests.app_fixtures import write_user_scene
from vrasmr.sound.openal.hrtf import hrtf_state

ENGINE_STATUS = """
import json, sys
from vrasmr.sound.engine import OpenALEngine
engine = getattr(OpenALEngine, sys.argv[1])()
s = engine.status
print(json.dumps({"hrtf": s.hrtf, "on": s.hrtf_on, "problems": s.problems}))
engine.close()
"""


def alsoft_conf(tmp_path: Path, **keys: str) -> Path:
    path = tmp_path / "alsoft.conf"
    lines = [
        "[general]",
        "frequency = 48000",
        "hrtf = true",
        *(f"{k} = {v}" for k, v in keys.items()),
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def run(args: list[str], conf: Path, cwd: Path, timeout: float = 120):
    env = dict(os.environ, ALSOFT_CONF=str(conf))
    env.pop("DISPLAY", None)
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def engine_status(kind: str, conf: Path, cwd: Path) -> dict:
    r = run(["-c", ENGINE_STATUS, kind], conf, cwd)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.splitlines()[-1])


@pytest.mark.parametrize(
    ("status", "on"),
    [
        ("enabled", True),
        ("required", True),
        ("headphones detected", True),
        ("disabled", False),
        ("denied", False),
        ("unsupported format", False),
    ],
)
def test_every_on_word_of_openal_soft_is_on(status, on):
    state = hrtf_state(status, ["default-48000"], 48000, Path("/etc/openal/alsoft.conf"))
    assert state.on is on
    assert (state.reason == "") is on


def test_a_configuration_that_requires_hrtf_has_it_on_without_a_warning(tmp_path):
    """The shipped alsoft.conf says hrtf = true: a playback device reports "required"."""
    status = engine_status("playback", alsoft_conf(tmp_path, drivers="null"), tmp_path)
    assert status == {"hrtf": "required", "on": True, "problems": []}


def test_hrtf_switched_off_in_the_configuration_says_so(tmp_path):
    conf = alsoft_conf(tmp_path, drivers="null")
    conf.write_text(conf.read_text().replace("hrtf = true", "hrtf = false"))
    status = engine_status("playback", conf, tmp_path)
    assert status["hrtf"] == "denied" and not status["on"]
    (problem,) = status["problems"]
    assert f"HRTF is switched off in {conf} (hrtf = false)" in problem


def test_no_hrtf_data_names_hrtf_paths_not_the_sample_rate(tmp_path):
    empty = tmp_path / "no-hrtf-here"
    empty.mkdir()
    conf = alsoft_conf(tmp_path, **{"hrtf-paths": str(empty)})
    status = engine_status("loopback", conf, tmp_path)
    assert status["hrtf"] == "unsupported format" and not status["on"]
    (problem,) = status["problems"]
    assert f"no HRTF data set in hrtf-paths = {empty}" in problem
    assert "kHz" not in problem


def test_a_rate_without_hrtf_data_names_the_rate(engine):
    from vrasmr.sound.engine import OpenALEngine

    assert engine.status.hrtf_on  # the shipped configuration, 48 kHz
    odd = OpenALEngine.loopback(22050)
    try:
        assert not odd.status.hrtf_on
        (problem,) = odd.status.problems
        assert "no HRTF data set fits 22050 Hz stereo output" in problem
    finally:
        odd.close()


def test_export_refuses_without_hrtf_and_writes_nothing(tmp_path):
    empty = tmp_path / "no-hrtf-here"
    empty.mkdir()
    conf = alsoft_conf(tmp_path, **{"hrtf-paths": str(empty)})
    out = tmp_path / "night.wav"
    r = run(["-m", "vrasmr", "export", "ear-to-ear", "--out", str(out)], conf, tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    (line,) = [line for line in r.stderr.splitlines() if line.strip()]
    assert "not exporting" in line and f"hrtf-paths = {empty}" in line
    assert "--allow-no-hrtf" in line
    assert not out.exists()


@pytest.mark.slow
def test_export_with_allow_no_hrtf_writes_plain_stereo_and_says_so(tmp_path):
    empty = tmp_path / "no-hrtf-here"
    empty.mkdir()
    conf = alsoft_conf(tmp_path, **{"hrtf-paths": str(empty)})
    write_user_scene("hrtf-off")
    out = tmp_path / "night.flac"
    args = ["-m", "vrasmr", "export", "hrtf-off", "--minutes", "0.05", "--out", str(out)]
    r = run([*args, "--allow-no-hrtf"], conf, tmp_path)
    assert r.returncode == 0, r.stderr
    assert "plain stereo, HRTF unsupported format" in r.stdout
    audio, sr = soundfile.read(out)
    assert sr == 48000 and audio.shape == (144000, 2) and abs(audio).max() > 0
