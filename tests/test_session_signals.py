"""SIGTERM and SIGHUP (a shutdown, a closed terminal) end a running session as Ctrl-C does:
a real signal to a real child process, then the session ended, the App closed, the journal
row (a real SQLite file) given its end time, and the previous handlers back in place."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.app_fixtures import write_user_scene
from tests.desktop_fixtures import display, xvfb_server  # noqa: F401
from tests.openxr_fakes import RUNNING_MARK

ROOT = Path(__file__).resolve().parent.parent
SIGNALS = [signal.SIGTERM, signal.SIGHUP]

HEADSET_CHILD = """
import json, signal, sys
from tests.openxr_fakes import RuntimeThatExits
from vrasmr.backends.openxr import run_session
from vrasmr.backends.openxr.loop import LoopOptions
from vrasmr.session.factory import make_app_factory

def own_hangup_handler(signum, frame):
    pass

signal.signal(signal.SIGHUP, own_hangup_handler)
runtime = RuntimeThatExits(out=sys.stdout)
factory = make_app_factory("signal-scene", engine_kind="silent", sleep_timer=None)
status = run_session(runtime, factory, "signal-scene", LoopOptions())
print(json.dumps({
    "status": status,
    "calls": [c for c in runtime.calls if not c.startswith(("wait", "begin_frame", "end_frame",
                                                            "locate", "render"))],
    "term_is_default": signal.getsignal(signal.SIGTERM) is signal.SIG_DFL,
    "hup_is_ours": signal.getsignal(signal.SIGHUP) is own_hangup_handler,
}))
"""

PREVIEW_CHILD = """
import json, signal, sys
from vrasmr.cli import main

def own_hangup_handler(signum, frame):
    pass

signal.signal(signal.SIGHUP, own_hangup_handler)
status = main(["-v", "preview", "signal-scene", "--journal", "--rate", "30", "--silent"])
print(json.dumps({
    "status": status,
    "term_is_default": signal.getsignal(signal.SIGTERM) is signal.SIG_DFL,
    "hup_is_ours": signal.getsignal(signal.SIGHUP) is own_hangup_handler,
}))
"""


def start_child(code: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_line(stream, mark: str, timeout_s: float = 120.0) -> list[str]:
    """Read ``stream`` until a line containing ``mark``; the lines read (fails on timeout)."""
    lines: list[str] = []
    found = threading.Event()

    def read():
        for line in stream:
            lines.append(line)
            if mark in line:
                found.set()
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert found.wait(timeout_s), f"no {mark!r} from the child; it said: {''.join(lines)}"
    return lines


def journal_rows() -> list[tuple]:
    """The sessions table as the child left it (plain sqlite3: Journal.open would tidy it)."""
    from vrasmr.sleep.journal import default_journal_path

    conn = sqlite3.connect(default_journal_path())
    try:
        return conn.execute("SELECT scene_id, ended_at, end_reason FROM sessions").fetchall()
    finally:
        conn.close()


def signal_and_collect(child: subprocess.Popen, signum: int) -> tuple[dict, str]:
    child.send_signal(signum)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1]), err


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_signal_ends_the_headset_session_cleanly(signum):
    write_user_scene("signal-scene")
    child = start_child(HEADSET_CHILD)
    try:
        wait_for_line(child.stdout, RUNNING_MARK)
        report, err = signal_and_collect(child, signum)
    finally:
        child.kill()
    assert report["status"] == 0
    # The runtime was asked to exit, the session ended, then the instance closed.
    assert report["calls"][-3:] == ["request_exit", "end", "close"], report["calls"]
    ((scene, ended_at, reason),) = journal_rows()
    assert scene == "signal-scene" and ended_at is not None and reason == "interrupted"
    assert report["term_is_default"] and report["hup_is_ours"]
    assert "Traceback" not in err


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_signal_ends_the_preview_cleanly(signum, display):  # noqa: F811
    write_user_scene("signal-scene")
    child = start_child(PREVIEW_CHILD)
    try:
        wait_for_line(child.stderr, "first frame presented")
        report, err = signal_and_collect(child, signum)
    finally:
        child.kill()
    assert report["status"] == 0
    ((scene, ended_at, reason),) = journal_rows()
    assert scene == "signal-scene" and ended_at is not None and reason == "interrupted"
    assert report["term_is_default"] and report["hup_is_ours"]
    assert "Traceback" not in err


def test_handlers_are_restored_even_when_the_block_fails():
    from vrasmr.backends.signals import stop_on_signals

    def mine(signum, frame):
        pass

    old = signal.signal(signal.SIGHUP, mine)
    try:
        with pytest.raises(RuntimeError), stop_on_signals() as stop:
            assert signal.getsignal(signal.SIGHUP) is not mine
            os.kill(os.getpid(), signal.SIGHUP)  # only sets the flag: we are still here
            assert stop.requested() and stop.signal == signal.SIGHUP
            raise RuntimeError("the loop failed")
        assert signal.getsignal(signal.SIGHUP) is mine
    finally:
        signal.signal(signal.SIGHUP, old)
