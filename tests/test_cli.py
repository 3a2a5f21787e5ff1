"""The ``vrasmr`` command as a person runs it: subprocesses, real files, one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile

from tests.app_fixtures import write_user_scene


def vrasmr(*args: str, cwd: Path, env_extra: dict | None = None, timeout: float = 240):
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "vrasmr", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_help_lists_the_modes(tmp_path):
    r = vrasmr("--help", cwd=tmp_path)
    assert r.returncode == 0
    for word in ("headless", "preview", "vr", "doctor", "scenes", "journal", "check", "export"):
        assert word in r.stdout


def test_version_is_the_one_the_package_was_built_with(tmp_path):
    from importlib.metadata import version

    import vrasmr as package

    r = vrasmr("--version", cwd=tmp_path)
    assert r.returncode == 0
    assert r.stdout.strip() == f"vrasmr {package.__version__}" == f"vrasmr {version('vrasmr')}"


@pytest.mark.slow  # a 20 s headless render
def test_automatic_mode_without_display_or_headset_renders_headless(tmp_path):
    write_user_scene("cli-auto")
    r = vrasmr(
        "cli-auto", cwd=tmp_path, env_extra={"XR_RUNTIME_JSON": str(tmp_path / "no-runtime.json")}
    )
    assert r.returncode == 0, r.stderr
    assert "no headset" in r.stdout and "no display" in r.stdout
    png = tmp_path / "out" / "cli-auto-stereo.png"
    wav = tmp_path / "out" / "cli-auto-binaural.wav"
    assert png.is_file() and wav.is_file()
    assert str(png.relative_to(tmp_path)) in r.stdout.replace(str(tmp_path) + "/", "")
    audio, sr = soundfile.read(wav)
    assert sr == 48000 and audio.shape[1] == 2 and np.all(np.isfinite(audio))
    assert "Traceback" not in r.stderr


def test_unknown_scene_is_one_clear_line_and_exit_2(tmp_path):
    r = vrasmr("headless", "ear-to-eer", cwd=tmp_path)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "ear-to-ear" in lines[0]  # suggests the real name


def test_doctor_reports_every_part_with_fixes(tmp_path):
    r = vrasmr("doctor", cwd=tmp_path, env_extra={"XR_RUNTIME_JSON": str(tmp_path / "none.json")})
    out = r.stdout
    parts = ("OpenGL (EGL", "OpenAL Soft", "Desktop window", "OpenXR runtime", "Content")
    for part in (*parts, "Sound cache: 0 MiB of 2048 MiB"):
        assert part in out
    assert "llvmpipe" in out or "OpenGL" in out
    assert "HRTF enabled" in out
    assert "fix:" in out  # no display and no runtime here: each comes with its fix
    assert r.returncode == 0, out + r.stderr


@pytest.mark.slow  # an export
def test_export_writes_a_binaural_flac(tmp_path):
    write_user_scene("cli-export")
    out = tmp_path / "night.flac"
    r = vrasmr("export", "cli-export", "--minutes", "0.05", "--out", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    audio, sr = soundfile.read(out)
    assert sr == 48000 and audio.shape == (144000, 2)
    assert np.abs(audio).max() > 0
