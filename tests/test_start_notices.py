"""The engine's start-up problems are said the same way in every backend, from one place
(``App.notices``): above all the fall-back to silence, which the headset used to keep quiet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.app_fixtures import write_user_scene
from tests.desktop_fixtures import display, xvfb_server  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
NO_DEVICE = {"ALSOFT_DRIVERS": "no-such-driver"}  # OpenAL Soft finds no playback device
SILENT_LINE = "vrasmr: no audio device, playing silently"

HEADSET_CHILD = """
import sys
from tests.openxr_fakes import RuntimeThatExits
from vrasmr.backends.openxr import run_session
from vrasmr.backends.openxr.loop import LoopOptions
from vrasmr.session.factory import make_app_factory

factory = make_app_factory("notice-scene", journal=False, sleep_timer=None)
sys.exit(run_session(RuntimeThatExits(), factory, "notice-scene", LoopOptions(max_frames=5)))
"""


def run_child(args: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, **NO_DEVICE}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


def said(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("vrasmr: ")]


def test_the_headset_says_it_plays_silently():
    write_user_scene("notice-scene")
    out = run_child(["-c", HEADSET_CHILD])
    assert out.returncode == 0, out.stderr
    lines = said(out.stderr)
    assert sum(line.startswith(SILENT_LINE) for line in lines) == 1, out.stderr
    assert not any(line.startswith("vrasmr: no sound:") for line in lines)  # said once, plainly


def test_preview_and_headset_say_the_same_line(display):  # noqa: F811
    write_user_scene("notice-scene")
    preview = run_child(["-m", "vrasmr", "preview", "notice-scene", "--frames", "3"])
    headset = run_child(["-c", HEADSET_CHILD])
    assert preview.returncode == 0 and headset.returncode == 0, preview.stderr + headset.stderr
    silent = [[line for line in said(r.stderr) if SILENT_LINE in line] for r in (preview, headset)]
    assert silent[0] == silent[1] and len(silent[0]) == 1
