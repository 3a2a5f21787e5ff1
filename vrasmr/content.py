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


def _home_override() -> Path | None:
    home = os.environ.get("VRASMR_HOME")
    return Path(home) if home else None


def user_data_dir() -> Path:
    """The user's data folder (journal, own scenes and sounds); not created here."""
    home = _home_override()
    if home is not None:
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir("vrasmr", appauthor=False))


def user_cache_dir() -> Path:
    """Rendered sounds, thumbnails and other things that can be made again."""
    home = _home_override()
    if home is not None:
        return home / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("vrasmr", appauthor=False))


def user_config_dir() -> Path:
    home = _home_override()
    if home is not None:
        return home / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir("vrasmr", appauthor=False))


def user_scenes_dir() -> Path:
    return user_data_dir() / "scenes"


def user_audio_dir() -> Path:
    return user_data_dir() / "audio"
