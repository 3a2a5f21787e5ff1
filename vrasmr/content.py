"""Where vrasmr's content lives: shipped scenes, shaders and sounds, and the user's own folders.

Shipped content is found in one of two places: ``vrasmr/_content/`` inside an installed
wheel, or the top-level ``scenes/``, ``shaders/`` and ``audio/`` folders of a source tree.
User folders follow XDG (platformdirs); ``VRASMR_HOME`` moves them all under one folder,
which tests use to stay out of the real home directory.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def content_root() -> Path:
    """The folder that holds ``scenes/``, ``shaders/`` and ``audio/``."""
    installed = _PACKAGE_DIR / "_content"
    if (installed / "scenes").is_dir():
        return installed
    source_tree = _PACKAGE_DIR.parent
    if (source_tree / "scenes").is_dir():
        return source_tree
    raise FileNotFoundError(
        f"vrasmr's content folders were not found in {installed} or {source_tree}; "
        "reinstall the package (pip install --force-reinstall vrasmr)"
    )


def scenes_dir() -> Path:
    return content_root() / "scenes"


def shaders_dir() -> Path:
    return content_root() / "shaders"


def audio_dir() -> Path:
    return content_root() / "audio"


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
