"""Rendered sounds on disk: ``user_cache_dir()/sounds``, one float32 ``.npy`` per sound."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from vrasmr.cache_files import read_entry, write_atomic


def sounds_dir() -> Path:
    from vrasmr.content import user_cache_dir

    return user_cache_dir() / "sounds"


def voice_dir() -> Path:
    """Whispered speech, in a folder of its own."""
    from vrasmr.content import user_cache_dir

    return user_cache_dir() / "voice"


def _read_sound(path: Path) -> np.ndarray | None:
    sound = np.load(path, allow_pickle=False)
    usable = sound.dtype == np.float32 and sound.ndim == 1 and bool(np.all(np.isfinite(sound)))
    return sound if usable else None


def load_or_make(key: str, make: Callable[[], np.ndarray]) -> np.ndarray:
    """The float32 sound stored under ``key`` (a hash), else ``make()``, stored atomically."""
    path = sounds_dir() / f"{key}.npy"
    cached = read_entry(path, _read_sound, "cached sound")
    if cached is not None:
        return cached
    sound = make()
    write_atomic(path, lambda file: np.save(file, sound, allow_pickle=False))
    return sound
