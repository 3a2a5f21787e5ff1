"""Progress: a bar redrawn in place on a terminal, a few plain lines anywhere else, 100 % once."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import threading

import pytest

from tests.app_fixtures import write_user_scene
from vrasmr.progress import Progress


def _drain(fd: int, into: bytearray) -> threading.Thread:
    """Read a pty's master side until the other side is closed."""

    def read() -> None:
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the slave side was closed
                return
            if not chunk:
                return
            into.extend(chunk)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def _fractions(steps: int = 5000) -> list[float]:
    return [k / steps for k in range(steps + 1)] + [1.0, 1.0]  # 100 % reported three times


def test_in_a_log_it_writes_a_line_at_each_quarter_and_100_percent_once():
    log = io.StringIO()
    progress = Progress("job", log)
    for fraction in _fractions():
        progress(fraction)
    assert log.getvalue() == "job: 25 %\njob: 50 %\njob: 75 %\njob: 100 %\n"


def test_a_jump_past_several_quarters_writes_one_line():
    log = io.StringIO()
    progress = Progress("job", log)
    progress(0.1)
    progress(0.8)
    progress(1.0)
    assert log.getvalue() == "job: 75 %\njob: 100 %\n"


def test_on_a_terminal_it_redraws_one_line_and_ends_it_once():
    master, slave = pty.openpty()
    seen = bytearray()
    reader = _drain(master, seen)
    with open(slave, "w", encoding="utf-8") as terminal:
        progress = Progress("job", terminal)
        assert progress.terminal
        for fraction in _fractions():
            progress(fraction)
    reader.join(timeout=10)
    os.close(master)
    text = seen.decode()
    draws = text.split("\r")[1:]
    # once per whole percent (0..100), not once per call; the terminal shows "\n" as "\r\n"
    assert len([d for d in draws if d.strip()]) == 101
    assert text.count("100 %") == 1 and text.endswith("100 %\r\n")
    assert draws[50].startswith("job [" + "#" * 15 + "." * 15 + "]  50 %")


def _export_command(tmp_path, scene_id: str) -> list[str]:
    out = tmp_path / f"{scene_id}.flac"
    return [
        sys.executable,
        "-m",
        "vrasmr",
        "export",
        scene_id,
        "--minutes",
        "0.05",
        "--out",
        str(out),
    ]


@pytest.mark.slow  # an export
def test_an_export_into_a_pipe_writes_four_progress_lines(tmp_path):
    write_user_scene("piped")
    r = subprocess.run(_export_command(tmp_path, "piped"), capture_output=True, timeout=240)
    err = r.stderr.decode()  # as bytes: text mode would turn a carriage return into a newline
    assert r.returncode == 0, err
    assert "\r" not in err
    lines = [line for line in err.splitlines() if "exporting" in line]
    assert lines == [f"vrasmr: exporting piped: {p} %" for p in (25, 50, 75, 100)]


@pytest.mark.slow  # an export
def test_an_export_on_a_terminal_draws_its_bar_in_place(tmp_path):
    write_user_scene("on-screen")
    master, slave = pty.openpty()
    seen = bytearray()
    reader = _drain(master, seen)
    with subprocess.Popen(
        _export_command(tmp_path, "on-screen"), stderr=slave, stdout=subprocess.PIPE
    ) as process:
        os.close(slave)
        out, _ = process.communicate(timeout=240)
    reader.join(timeout=10)
    os.close(master)
    assert process.returncode == 0, seen.decode(errors="replace")
    text = seen.decode()
    bar = [d for d in text.split("\r") if d.startswith("vrasmr: exporting on-screen [")]
    assert 20 <= len(bar) <= 101  # redrawn in place, at most once per whole percent
    assert text.count("100 %") == 1 and text.endswith("100 %\r\n")
    assert b"wrote 0.05 min of on-screen" in out
