"""The built wheel carries scenes, shaders and sounds, and runs from outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

import vrasmr

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow  # builds a wheel and a fresh venv
def test_wheel_installs_into_a_fresh_venv_and_runs_outside_the_source_tree(tmp_path):
    # as `python -m build` and pip from an sdist do: the source distribution first, then
    # the wheel from what it holds
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    (sdist,) = dist.glob("vrasmr-*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "sdist", filter="data")
    (unpacked,) = (tmp_path / "sdist").iterdir()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-build-isolation",
            "--no-deps",
            "-q",
            "-w",
            str(dist),
            str(unpacked),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = dist.glob("vrasmr-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "vrasmr/_content/scenes/ear-to-ear.toml",
        "vrasmr/_content/shaders/sky.glsl",
        "vrasmr/_content/shaders/common.glsl",
        "vrasmr/_content/audio/alsoft.conf",
    ):
        assert needed in names, f"{needed} is missing from the wheel"
    assert any(n.startswith("vrasmr/_content/audio/recipes/") for n in names)
    assert "vrasmr-" + vrasmr.__version__ + ".dist-info/licenses/LICENSE" in names
    metadata = zipfile.ZipFile(wheel).read(f"vrasmr-{vrasmr.__version__}.dist-info/METADATA")
    assert b"License-Expression: MIT" in metadata

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # Dependencies come from the test environment (appended after the venv's own packages,
    # so the wheel's vrasmr wins over the editable source install).
    deps = sysconfig.get_paths()["purelib"]
    (site / "zz_test_deps.pth").write_text(f"import site; site.addsitedir({deps!r})\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "PYTHONPATH")}
    where = subprocess.run(
        [str(py), "-c", "import vrasmr.content as c; print(c.__file__); print(c.content_root())"],
        cwd=outside,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert where[0].startswith(str(site)), where
    assert where[1].endswith("vrasmr/_content"), where

    def run_vrasmr(*args: str, timeout: float) -> str:
        """``python -m vrasmr ARGS`` of the installed wheel, outside the tree; its stdout."""
        done = subprocess.run(
            [str(py), "-m", "vrasmr", *args],
            cwd=outside,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    scenes = run_vrasmr("scenes", timeout=120)
    assert "ear-to-ear" in scenes
    run_vrasmr("headless", "--seconds", "1", "--size", "64x36", timeout=240)
    assert (outside / "out").is_dir() and any((outside / "out").glob("*.wav"))


def test_a_checkout_finds_its_content_where_the_wheel_has_it():
    """One lookup: vrasmr/_content/ in the package, links to the top-level folders here."""
    from vrasmr import content

    assert content.content_root() == Path(vrasmr.__file__).parent / "_content"
    assert content.scenes_dir() == ROOT / "scenes"
    assert content.shaders_dir() == ROOT / "shaders"
    assert content.audio_dir() == ROOT / "audio"
