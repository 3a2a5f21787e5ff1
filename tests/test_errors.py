"""One error family: every error a person can fix is a VrasmrError, and the command shows it
as one line with its exit status, never a traceback."""

from __future__ import annotations

import importlib
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

import vrasmr
from vrasmr import cli
from vrasmr.errors import EXIT_UNAVAILABLE, VrasmrError

# Raised and caught inside one module, never shown to anyone.
INTERNAL = {"vrasmr.sleep.journal_rows._BadField"}


def _module_names() -> list[str]:
    """Every module of the package, namespace folders (vrasmr/backends) included."""
    root = Path(vrasmr.__file__).parent
    names = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__main__":
            continue  # running it is what importing it does
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _error_classes() -> dict[str, type[BaseException]]:
    found = {}
    for module_name in _module_names():
        module = importlib.import_module(module_name)
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseException)
                and obj.__module__ == module_name
            ):
                found[f"{module_name}.{name}"] = obj
    return found


def test_every_error_class_of_vrasmr_is_a_vrasmr_error():
    classes = _error_classes()
    assert len(classes) >= 20  # the walk saw the package
    strays = [name for name, c in classes.items() if not issubclass(c, VrasmrError)]
    assert sorted(strays) == sorted(INTERNAL)


def test_errors_keep_the_bases_that_code_catches_them_by():
    from vrasmr.session.assets import SceneNotFound
    from vrasmr.sleep.settings import SettingsError
    from vrasmr.sound.speech.script import ScriptNotFound
    from vrasmr.sound.synth import UnknownGenerator

    assert issubclass(SettingsError, ValueError) and issubclass(SceneNotFound, LookupError)
    assert issubclass(ScriptNotFound, LookupError)
    error = UnknownGenerator("unknown sound generator 'rian'; did you mean 'rain'?")
    assert str(error) == error.message == "unknown sound generator 'rian'; did you mean 'rain'?"
    assert error.exit_status == EXIT_UNAVAILABLE


def test_the_command_ends_a_known_problem_with_its_own_exit_status(capsys, monkeypatch):
    class Busy(VrasmrError):
        exit_status = 75

    def doctor(args):
        raise Busy("the journal is busy; close the other vrasmr and try again")

    monkeypatch.setattr(cli, "run_doctor", doctor)
    assert cli.main(["doctor"]) == 75
    assert capsys.readouterr().err == (
        "vrasmr: the journal is busy; close the other vrasmr and try again\n"
    )


def test_a_bug_keeps_its_traceback(monkeypatch):
    def doctor(args):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(cli, "run_doctor", doctor)
    with pytest.raises(ZeroDivisionError):
        cli.main(["doctor"])


def _vrasmr(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "vrasmr", *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_a_broken_scene_file_is_one_line_naming_file_line_and_field(tmp_path):
    scene = tmp_path / "mine.toml"
    scene.write_text('id = "mine"\ntitle = "Mine"\nbrightnes = 0.2\n')
    r = _vrasmr("headless", str(scene), "--seconds", "1", "--out", str(tmp_path), cwd=tmp_path)
    assert r.returncode == EXIT_UNAVAILABLE
    [line] = r.stderr.splitlines()
    assert line.startswith(f"vrasmr: {scene}:3: brightnes:") and "'brightness'" in line


def test_no_opengl_is_one_line_with_the_fix(tmp_path):
    # EGL finds no driver: the headless render cannot start, and says what to install
    r = _vrasmr(
        "headless",
        "ear-to-ear",
        "--seconds",
        "1",
        "--out",
        str(tmp_path),
        cwd=tmp_path,
        __EGL_VENDOR_LIBRARY_FILENAMES=str(tmp_path / "no-driver.json"),
    )
    assert r.returncode == EXIT_UNAVAILABLE
    [line] = r.stderr.splitlines()
    assert line.startswith("vrasmr: no EGL OpenGL context") and "apt-get install" in line
