"""Scripted runs (``--frames N``, checks, benchmarks) stay out of the personal sleep journal
unless ``--journal`` asks; real sessions are kept. The journal is a real SQLite file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.app_fixtures import write_user_scene
from tests.desktop_fixtures import display, xvfb_server  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent


def journal_sessions() -> list[tuple]:
    """(scene, ended_at, end reason) of every session; [] when there is no journal at all."""
    from vrasmr.sleep.journal import default_journal_path

    path = default_journal_path()
    if not path.exists():
        return []
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT scene_id, ended_at, end_reason FROM sessions").fetchall()
    finally:
        conn.close()


def vrasmr(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "vrasmr", *args],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_preview_with_frames_keeps_no_journal_unless_asked(display):  # noqa: F811
    write_user_scene("scripted")
    out = vrasmr("preview", "scripted", "--frames", "3")
    assert out.returncode == 0, out.stderr
    assert journal_sessions() == []
    out = vrasmr("preview", "scripted", "--frames", "3", "--journal")
    assert out.returncode == 0, out.stderr
    ((scene, ended_at, reason),) = journal_sessions()
    assert scene == "scripted" and ended_at is not None and reason == "user"


def test_vr_with_frames_keeps_no_journal_unless_asked(monkeypatch):
    """``vr``'s App comes from the factory the command builds (no runtime here: the factory
    is called as run_headset calls it, on no GL context)."""
    import vrasmr.backends.openxr as openxr
    from vrasmr.cli import main

    def run_headset(scene_id, factory, **kwargs):
        factory(ctx=None, scene_id=scene_id).close("user")
        return 0

    monkeypatch.setattr(openxr, "run_headset", run_headset)
    write_user_scene("scripted-vr")
    assert main(["vr", "scripted-vr", "--frames", "300"]) == 0
    assert journal_sessions() == []
    assert main(["vr", "scripted-vr", "--frames", "300", "--journal"]) == 0
    assert main(["vr", "scripted-vr"]) == 0  # a real session is kept
    assert [(s, e is not None, r) for s, e, r in journal_sessions()] == [
        ("scripted-vr", True, "user")
    ] * 2


def test_keeps_journal_rule():
    from argparse import Namespace

    from vrasmr.cli import keeps_journal

    assert keeps_journal(Namespace(frames=0, journal=False))
    assert not keeps_journal(Namespace(frames=300, journal=False))
    assert keeps_journal(Namespace(frames=300, journal=True))
    assert keeps_journal(Namespace(scene=None))  # the automatic mode: a real night
