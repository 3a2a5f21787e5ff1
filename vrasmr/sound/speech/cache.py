"""The utterance cache: each finished utterance as a FLAC file named by a hash of what made it.

The key is the text, the voice's cache id (model, settings, version), the speaking rate and
the pipeline version, so a change to any of them makes new speech and old files are simply
not found again. The folder is the sound cache's speech folder, kept apart from the bounded
sound cache and never evicted (``vrasmr doctor`` shows both). Files are written atomically
and read tolerantly (:mod:`vrasmr.cache_files`): a damaged file is deleted with one warning
and made again.
"""

from __future__ import annotations

import hashlib
import json
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
    from vrasmr.sound.sound_cache import voice_dir

    return voice_dir()


def path_for(key: UtteranceKey, folder: Path | None = None) -> Path:
    return (folder or cache_dir()) / f"{key.digest}.flac"


def is_cached(key: UtteranceKey, folder: Path | None = None) -> bool:
    return path_for(key, folder).is_file()


def _read_file(path: Path) -> np.ndarray | None:
    import soundfile

    data, rate = soundfile.read(path, dtype="float32")
    if rate != SAMPLE_RATE or data.ndim != 1 or len(data) == 0 or not np.all(np.isfinite(data)):
        return None
    return data


def read(key: UtteranceKey, folder: Path | None = None) -> np.ndarray | None:
    """The cached utterance (float32 mono, 48 kHz), or None when missing or damaged."""
    from vrasmr.cache_files import read_entry

    return read_entry(path_for(key, folder), _read_file, "cached speech")


def write(key: UtteranceKey, audio: np.ndarray, folder: Path | None = None) -> Path:
    """Store ``audio`` atomically; returns its path."""
    import soundfile

    from vrasmr.cache_files import write_atomic

    path = path_for(key, folder)
    write_atomic(
        path,
        lambda file: soundfile.write(file, audio, SAMPLE_RATE, format="FLAC", subtype="PCM_24"),
    )
    return path


def size_bytes(folder: Path | None = None) -> tuple[int, int]:
    """(files, bytes) in the cache."""
    folder = folder or cache_dir()
    files = list(folder.glob("*.flac")) if folder.is_dir() else []
    return len(files), sum(f.stat().st_size for f in files)
