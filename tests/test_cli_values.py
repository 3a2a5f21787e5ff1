"""The command line takes only sensible values: every wrong number or unwritable output ends
in one line and exit status 2 before any work, in a real ``vrasmr`` process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from vrasmr.cli_values import OutputError, confirm_written

TIMEOUT_S = 60  # a value that makes vrasmr hang (--fps 1e9 did) fails here
# A stand-in for an existing system file such as /etc/passwd, which tests must never aim at:
# run as root, code that failed to refuse would overwrite the real one.
SYSTEM_FILE = "root:x:0:0:root:/root:/bin/bash\n"

# (arguments, what the one error line must name). The values the issue lists run as real
# `vrasmr` processes; the rest run through the same `main()` in this process.
LISTED = [
    (["headless", "ear-to-ear", "--seconds", "nan"], "--seconds"),
    (["headless", "ear-to-ear", "--seconds", "inf"], "--seconds"),
    (["headless", "ear-to-ear", "--seconds", "-5"], "--seconds"),
    (["headless", "ear-to-ear", "--fps", "0"], "--fps"),
    (["headless", "ear-to-ear", "--fps", "-30"], "--fps"),
    (["headless", "ear-to-ear", "--fps", "nan"], "--fps"),
    (["headless", "ear-to-ear", "--fps", "1e9"], "--fps"),
    (["headless", "ear-to-ear", "--out", "/proc/vrasmr-out"], "/proc"),
    (["preview", "--rate", "nan"], "--rate"),
    (["preview", "--rate", "-1"], "--rate"),
    (["check", "ear-to-ear", "--minutes", "nan"], "--minutes"),
    (["check", "ear-to-ear", "--size", "0"], "--size"),
    (["check", "ear-to-ear", "--json", "/proc/self/report.json"], "/proc/self"),
    (["export", "ear-to-ear", "--out", "passwd"], "--out"),  # an existing file (see SYSTEM_FILE)
    (["export", "ear-to-ear", "--out", "/proc/version"], "--out"),
]
MORE = [
    (["headless", "ear-to-ear", "--size", "0x0"], "--size"),
    (["headless", "ear-to-ear", "--out", "/dev/null"], "not a folder"),
    (["ear-to-ear", "--out", "/proc/vrasmr-out"], "/proc"),  # the automatic mode
    (["preview", "--frames", "-1"], "--frames"),
    (["preview", "--scale", "7"], "--scale"),
    (["vr", "--frames", "-1"], "--frames"),
    (["check", "ear-to-ear", "--minutes", "0.1"], "--minutes"),  # still fading in
    (["check", "ear-to-ear", "--json", "/proc/version"], "--json"),
    (["check", "ear-to-ear", "--json", "/dev/null"], "not a regular file"),
    (["check", "no-such-folder/scene.toml"], "no scene file"),
    (["export", "ear-to-ear", "--minutes", "nan", "--out", "x.wav"], "--minutes"),
    (["export", "ear-to-ear", "--minutes", "-5", "--out", "x.wav"], "--minutes"),
    (["export", "ear-to-ear", "--out", "/proc/self/night.wav"], "/proc/self"),
    (["export", "ear-to-ear", "--out", "/dev/null"], "not a regular file"),
    (["export", "ear-to-ear", "--out", "a-folder.flac"], "is a folder"),
    (["journal", "--csv", "/proc/self/nights.csv"], "/proc/self"),
    (["journal", "--csv", "passwd"], "--csv"),
    (["journal", "--plot", "/dev/null"], "not a regular file"),
]


def _id(case) -> str:
    return " ".join(case[0])


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Each listed command line, run at once in its own ``vrasmr`` process: (code, stderr)."""
    cwd = tmp_path_factory.mktemp("cli-values")
    (cwd / "passwd").write_text(SYSTEM_FILE)
    env = dict(os.environ, VRASMR_HOME=str(tmp_path_factory.mktemp("home")))
    env.pop("DISPLAY", None)
    procs = {
        _id(case): subprocess.Popen(
            [sys.executable, "-m", "vrasmr", *case[0]],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for case in LISTED
    }
    results = {}
    for name, proc in procs.items():
        try:
            _, err = proc.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
            err = f"HUNG for {TIMEOUT_S} s\n{err}"
        results[name] = (proc.returncode, err)
    yield results, cwd


def error_lines(stderr: str) -> list[str]:
    """stderr less argparse's usage block (``usage:`` and its indented continuation)."""
    lines, in_usage = [], False
    for line in stderr.splitlines():
        if line.startswith("usage:"):
            in_usage = True
            continue
        if in_usage and line.startswith(" "):
            continue
        in_usage = False
        if line.strip():
            lines.append(line)
    return lines


@pytest.mark.parametrize("case", LISTED, ids=_id)
def test_a_bad_value_is_one_line_and_exit_2(runs, case):
    results, cwd = runs
    code, err = results[_id(case)]
    assert_one_line_refusal(code, err, case[1])
    assert [p.name for p in cwd.iterdir()] == ["passwd"]  # nothing rendered or written
    assert (cwd / "passwd").read_text() == SYSTEM_FILE


@pytest.mark.parametrize("case", MORE, ids=_id)
def test_every_other_option_checks_its_value_too(case, tmp_path, monkeypatch, capsys):
    from vrasmr.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-folder.flac").mkdir()
    (tmp_path / "passwd").write_text(SYSTEM_FILE)
    try:
        code = main(case[0])
    except SystemExit as exc:
        code = exc.code
    assert_one_line_refusal(code, capsys.readouterr().err, case[1])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder.flac", "passwd"]
    assert (tmp_path / "passwd").read_text() == SYSTEM_FILE


def assert_one_line_refusal(code, err: str, names: str) -> None:
    assert "Traceback" not in err and "HUNG" not in err, err
    assert code == 2, err
    lines = error_lines(err)
    assert len(lines) == 1, err
    assert lines[0].startswith("vrasmr") and names in lines[0], err


def test_bad_minutes_leave_the_remembered_verdicts_alone(tmp_path):
    """`check --minutes nan` once recorded a shipped scene as failed."""
    home = tmp_path / "home"
    verdicts = home / "cache" / "safety" / "verdicts.json"
    verdicts.parent.mkdir(parents=True)
    verdicts.write_text(json.dumps({"breathe": True}))
    for minutes in ("nan", "0"):
        r = subprocess.run(
            [sys.executable, "-m", "vrasmr", "check", "ear-to-ear", "breathe"]
            + ["--minutes", minutes],
            cwd=tmp_path,
            env=dict(os.environ, VRASMR_HOME=str(home)),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
        assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert json.loads(verdicts.read_text()) == {"breathe": True}


def test_an_empty_output_is_an_error_not_a_success(tmp_path):
    empty = tmp_path / "night.wav"
    empty.write_bytes(b"")
    with pytest.raises(OutputError, match="came out empty"):
        confirm_written(empty)
    with pytest.raises(OutputError, match="was not written"):
        confirm_written(tmp_path / "never.wav")
    empty.write_bytes(b"RIFF")
    assert confirm_written(empty) == empty


def test_the_default_output_folder_is_checked_before_rendering(tmp_path):
    """`vrasmr headless` with no --out writes to ./out: a file there is one line, not a
    traceback after the render."""
    (tmp_path / "out").write_text("not a folder")
    r = subprocess.run(
        [sys.executable, "-m", "vrasmr", "headless", "ear-to-ear", "--seconds", "1"],
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != "DISPLAY"},
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert error_lines(r.stderr) == ["vrasmr: out is not a folder; give a folder for the output"]


@pytest.mark.slow
def test_check_takes_a_scene_file_and_remembers_only_the_library_s_own(tmp_path):
    """`check --help` says "scene id or file": a file works, with the documented exit codes,
    and a copy outside the library does not mark the library's scene."""
    from vrasmr.content import scenes_dir

    shipped = scenes_dir() / "breathe.toml"
    copy = tmp_path / "elsewhere" / "breathe.toml"
    copy.parent.mkdir()
    shutil.copy(shipped, copy)
    copy.write_text(copy.read_text().replace("gain_db = 0", "gain_db = -40"))  # too quiet
    home = tmp_path / "home"
    report = tmp_path / "report.json"
    r = subprocess.run(
        [sys.executable, "-m", "vrasmr", "check", str(copy), str(shipped)]
        + ["--minutes", "2", "--size", "32", "--json", str(report)],
        cwd=tmp_path,
        env=dict(os.environ, VRASMR_HOME=str(home)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in r.stderr, r.stderr
    scenes = {s["scene_id"]: s for s in json.loads(report.read_text())["scenes"]}
    assert set(scenes) == {str(copy), str(shipped)}
    assert scenes[str(shipped)]["passed"] and not scenes[str(copy)]["passed"], r.stdout
    assert r.returncode == 1, r.stdout  # docs/sleep-safety.md: 1 when a scene fails
    assert all("render" not in f["metric"] for s in scenes.values() for f in s["findings"])
    verdicts = json.loads((home / "cache" / "safety" / "verdicts.json").read_text())
    assert verdicts == {"breathe": True}


def test_a_broken_scene_file_fails_the_check_with_its_error(tmp_path):
    broken = tmp_path / "mine.toml"
    broken.write_text('id = "mine"\n')
    r = subprocess.run(
        [sys.executable, "-m", "vrasmr", "check", str(broken), "--minutes", "1"],
        cwd=tmp_path,
        env=dict(os.environ, VRASMR_HOME=str(tmp_path / "home")),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert "title: required field is missing" in r.stdout
    remembered = tmp_path / "home" / "cache" / "safety" / "verdicts.json"
    assert not remembered.exists() or json.loads(remembered.read_text()) == {}
