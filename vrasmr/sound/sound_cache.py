"""Rendered sounds on disk: ``user_cache_dir()/sounds``, one float32 ``.npy`` per sound.

The folder is bounded: after each new sound is stored, the least recently used ones (a hit
refreshes a file's time) are deleted until the folder holds at most the cap, 2048 MiB unless
``settings.toml`` says ``[cache] sounds_mib = ...``. An evicted sound is made again when a
scene needs it. The whispered speech of the shipped scripts (``user_cache_dir()/voice``,
slow to make) is kept apart from this folder and never evicted by it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np

from vrasmr.cache_files import FolderUsage, evict, folder_usage, read_entry, write_atomic
from vrasmr.errors import VrasmrError

DEFAULT_CAP_MIB = 2048
MIN_CAP_MIB, MAX_CAP_MIB = 16, 1024 * 1024
SETTINGS_TABLE, SETTINGS_KEY = "cache", "sounds_mib"


class CacheSettingError(VrasmrError, ValueError):
    """``[cache] sounds_mib`` in settings.toml is not a usable size."""


def sounds_dir() -> Path:
    from vrasmr.content import user_cache_dir

    return user_cache_dir() / "sounds"


def voice_dir() -> Path:
    """Whispered speech: apart from the bounded folder, never evicted."""
    from vrasmr.content import user_cache_dir

    return user_cache_dir() / "voice"


def cap_mib() -> float:
    """The size cap of the sounds folder in MiB, from settings.toml ``[cache] sounds_mib``.

    Raises CacheSettingError naming the file, the key and the fix for a bad value."""
    from vrasmr.sleep.settings import SettingsError, default_settings_path, load_settings

    try:
        table = load_settings().other_tables.get(SETTINGS_TABLE, {})
    except SettingsError:
        table = {}  # the settings file's own problem is reported where settings are used
    value = table.get(SETTINGS_KEY, DEFAULT_CAP_MIB)
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not (number and math.isfinite(value) and MIN_CAP_MIB <= value <= MAX_CAP_MIB):
        raise CacheSettingError(
            f"{default_settings_path()}: [{SETTINGS_TABLE}] {SETTINGS_KEY} = {value!r} is not "
            f"a size in MiB from {MIN_CAP_MIB} to {MAX_CAP_MIB}; fix it, or delete the line "
            f"to use {DEFAULT_CAP_MIB}"
        )
    return float(value)


def _cap_bytes() -> int:
    try:
        return int(cap_mib() * 1024**2)
    except CacheSettingError:
        return DEFAULT_CAP_MIB * 1024**2  # `vrasmr doctor` shows the problem


def _read_sound(path: Path) -> np.ndarray | None:
    sound = np.load(path, allow_pickle=False)
    usable = sound.dtype == np.float32 and sound.ndim == 1 and bool(np.all(np.isfinite(sound)))
    return sound if usable else None


def load_or_make(key: str, make: Callable[[], np.ndarray]) -> np.ndarray:
    """The float32 sound stored under ``key`` (a hash), else ``make()``, stored atomically;
    then the folder is trimmed to its cap, least recently used sounds first."""
    path = sounds_dir() / f"{key}.npy"
    cached = read_entry(path, _read_sound, "cached sound")
    if cached is not None:
        return cached
    sound = make()
    write_atomic(path, lambda file: np.save(file, sound, allow_pickle=False))
    evict(path.parent, _cap_bytes(), keep=path)
    return sound


def usage() -> tuple[FolderUsage, FolderUsage]:
    """(the bounded sounds folder, the whispered-speech folder)."""
    return folder_usage(sounds_dir()), folder_usage(voice_dir())
