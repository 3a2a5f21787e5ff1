"""Where vrasmr's content lives: shipped scenes, shaders and sounds, and the user's own folders.

Shipped content is package data, found in one way: ``vrasmr/_content/`` through
``importlib.resources``. An installed wheel holds the folders there; a source checkout (and
so an editable install) holds links there to its top-level ``scenes/``, ``shaders/`` and
``audio/``, which the wheel build follows. User folders follow XDG (platformdirs);
``VRASMR_HOME`` moves them all under one folder, which tests use to stay out of the real
home directory.
"""

from __future__ import annotations

import os
from functools import cache
from importlib.resources import files
from pathlib import Path


@cache
def content_root() -> Path:
    """The folder that holds ``scenes/``, ``shaders/`` and ``audio/``."""
    root = files("vrasmr") / "_content"
    if not isinstance(root, Path) or not (root / "scenes").is_dir():
        raise FileNotFoundError(
            f"vrasmr's content folders were not found in {root}; reinstall the package "
            "(pip install --force-reinstall vrasmr), or in a source checkout make git keep "
            "the links in vrasmr/_content/ (git config core.symlinks true, then check out again)"
        )
    return root


def _content(kind: str) -> Path:
    # resolved: a checkout's links lead to the real folders, so that a file found in them
    # is inside them (the scene loader refuses sounds that lead out of the audio folders)
    return (content_root() / kind).resolve()


def scenes_dir() -> Path:
    return _content("scenes")


def shaders_dir() -> Path:
    return _content("shaders")


def audio_dir() -> Path:
    return _content("audio")


def _user_dir(kind: str) -> Path:
    """``$VRASMR_HOME/<kind>`` when set (tests, benchmarks), else the platform's own
    folder for ``kind`` ("data", "cache", "config")."""
    home = os.environ.get("VRASMR_HOME")
    if home:
        return Path(home) / kind
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")("vrasmr", appauthor=False))


def user_data_dir() -> Path:
    """The user's data folder (journal, own scenes and sounds); not created here."""
    return _user_dir("data")


def user_cache_dir() -> Path:
    """Rendered sounds, thumbnails and other things that can be made again."""
    return _user_dir("cache")


def user_config_dir() -> Path:
    """The user's settings (settings.toml)."""
    return _user_dir("config")


def user_scenes_dir() -> Path:
    return user_data_dir() / "scenes"


def user_audio_dir() -> Path:
    return user_data_dir() / "audio"


def script_dirs() -> tuple[Path, ...]:
    """Shipped scripts, then the user's own (earlier folders win)."""
    return (audio_dir() / "scripts", user_audio_dir() / "scripts")


def script_paths() -> dict[str, Path]:
    """Every script file by its id (its name without ``.txt``), shipped first."""
    found: dict[str, Path] = {}
    for folder in script_dirs():
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            found.setdefault(path.stem, path)
    return found
