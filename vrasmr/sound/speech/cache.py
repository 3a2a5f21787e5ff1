"""The utterance cache: each finished utterance as a FLAC file named by a hash of what made it.

The key is the text, the voice's cache id (model, settings, version), the speaking rate and
the pipeline version, so a change to any of them makes new speech and old files are simply
not found again. Files are written to a temporary name and renamed, so a reader never sees
half a file; a damaged file reads as missing (and is made again).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

PIPELINE_VERSION = 2
SAMPLE_RATE = 48000


@dataclass(frozen=True)
class UtteranceKey:
    """What decides one cached utterance's sound."""

    text: str
    voice_id: str
    rate_wpm: int

    @property
    def digest(self) -> str:
        payload = {
            "text": self.text,
            "voice": self.voice_id,
            "rate": int(self.rate_wpm),
            "v": PIPELINE_VERSION,
            "sr": SAMPLE_RATE,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:32]


def cache_dir() -> Path:
    from vrasmr.content import user_cache_dir

    return user_cache_dir() / "speech"


def path_for(key: UtteranceKey, folder: Path | None = None) -> Path:
    return (folder or cache_dir()) / f"{key.digest}.flac"


def is_cached(key: UtteranceKey, folder: Path | None = None) -> bool:
    return path_for(key, folder).is_file()


def read(key: UtteranceKey, folder: Path | None = None) -> np.ndarray | None:
    """The cached utterance (float32 mono, 48 kHz), or None when missing or damaged."""
    import soundfile

    path = path_for(key, folder)
    if not path.is_file():
        return None
    try:
        data, rate = soundfile.read(path, dtype="float32")
    except (OSError, RuntimeError, soundfile.LibsndfileError):
        return None
    if rate != SAMPLE_RATE or data.ndim != 1 or not np.all(np.isfinite(data)):
        return None
    return data


def write(key: UtteranceKey, audio: np.ndarray, folder: Path | None = None) -> Path:
    """Store ``audio`` atomically; returns its path."""
    import soundfile

    path = path_for(key, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.stem}.{os.getpid()}.tmp")
    try:
        soundfile.write(temporary, audio, SAMPLE_RATE, format="FLAC", subtype="PCM_24")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def size_bytes(folder: Path | None = None) -> tuple[int, int]:
    """(files, bytes) in the cache."""
    folder = folder or cache_dir()
    files = list(folder.glob("*.flac")) if folder.is_dir() else []
    return len(files), sum(f.stat().st_size for f in files)
