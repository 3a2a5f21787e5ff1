"""The user's own recordings: WAV, FLAC or OGG, checked, resampled to 48 kHz, loudness-matched.

Every refusal raises RecordingError naming the file, the reason and what to do about it.
"""

from __future__ import annotations

from math import gcd
from pathlib import Path

import numpy as np

from vrasmr.lazy import LazyModule

signal = LazyModule("scipy.signal")  # resampling, on a sound-making worker

SUPPORTED_SUFFIXES = {".wav": "WAV", ".flac": "FLAC", ".ogg": "OGG", ".oga": "OGG"}
MIN_SOURCE_RATE, MAX_SOURCE_RATE = 8000, 192000
MAX_FILE_BYTES = 2 * 1024**3
MIN_SECONDS = 0.05
SILENCE_DBFS = -80.0


class RecordingError(ValueError):
    """A recording that cannot be used; the message names the file, the reason and the fix."""

    def __init__(self, path: Path | str, reason: str, fix: str) -> None:
        super().__init__(f"{path}: {reason}; {fix}")
        self.path = Path(path)
        self.reason = reason


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise RecordingError(path, "file not found", "check the path in your scene")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise RecordingError(
            path,
            f"unsupported format {path.suffix or '(no extension)'!r}",
            "convert it to WAV, FLAC or OGG",
        )
    size = path.stat().st_size
    if size == 0:
        raise RecordingError(path, "the file is empty (0 bytes)", "record or export it again")
    if size > MAX_FILE_BYTES:
        raise RecordingError(
            path,
            f"the file is {size / 1024**3:.1f} GiB, over the "
            f"{MAX_FILE_BYTES / 1024**3:.0f} GiB limit",
            "trim it or export it as FLAC or OGG",
        )


def _info(path: Path, max_seconds: float):
    import soundfile

    try:
        info = soundfile.info(str(path))
    except (RuntimeError, OSError) as error:
        raise RecordingError(
            path, f"unreadable or not really audio ({error})", "re-export it as WAV, FLAC or OGG"
        ) from error
    if info.format not in set(SUPPORTED_SUFFIXES.values()):
        raise RecordingError(
            path, f"unsupported container {info.format}", "convert it to WAV, FLAC or OGG"
        )
    if not MIN_SOURCE_RATE <= info.samplerate <= MAX_SOURCE_RATE:
        raise RecordingError(
            path,
            f"sample rate {info.samplerate} Hz is outside {MIN_SOURCE_RATE}..{MAX_SOURCE_RATE} Hz",
            "resample it to 48000 Hz",
        )
    if info.frames <= 0:
        raise RecordingError(path, "it contains no audio frames", "record or export it again")
    seconds = info.frames / info.samplerate
    if seconds > max_seconds:
        raise RecordingError(
            path,
            f"it is {seconds / 60:.0f} minutes long, over the {max_seconds / 60:.0f} minute limit",
            "trim it, or loop a shorter piece",
        )
    return info


def _read(path: Path, info) -> np.ndarray:
    import soundfile

    try:
        data, _ = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (RuntimeError, OSError, ValueError) as error:
        raise RecordingError(
            path, f"damaged or truncated ({error})", "export it again from the original"
        ) from error
    if data.shape[0] < 0.98 * info.frames:
        raise RecordingError(
            path,
            f"truncated: the header promises {info.duration:.2f} s "
            f"but only {data.shape[0] / info.samplerate:.2f} s could be read",
            "export it again from the original",
        )
    if data.shape[0] < MIN_SECONDS * info.samplerate:
        raise RecordingError(
            path,
            f"too short ({data.shape[0]} samples)",
            f"use a sound of at least {MIN_SECONDS * 1000:.0f} ms",
        )
    bad = int(np.count_nonzero(~np.isfinite(data)))
    if bad:
        raise RecordingError(
            path, f"{bad} samples are NaN or infinite", "re-export it as 16- or 24-bit PCM"
        )
    return data


def load_recording(
    path: str | Path,
    *,
    sample_rate: int = 48000,
    mono: bool = True,
    max_seconds: float = 3 * 3600,
    category: str | None = "recording",
) -> np.ndarray:
    """Load a recording as float32 at ``sample_rate``: shape (n,) if ``mono`` (channels
    averaged, for positioned sources), else (n, channels). Loudness-normalised to
    ``category`` unless it is None. Raises RecordingError naming the file and the reason."""
    from .loudness import normalise

    path = Path(path)
    _check_file(path)
    info = _info(path, max_seconds)
    data = _read(path, info).astype(np.float64)
    if mono:
        data = data.mean(axis=1)
    peak = float(np.max(np.abs(data)))
    if peak <= 10 ** (SILENCE_DBFS / 20):
        raise RecordingError(path, "it is silent", "check the recording level")
    if info.samplerate != sample_rate:
        divisor = gcd(sample_rate, info.samplerate)
        data = signal.resample_poly(
            data, sample_rate // divisor, info.samplerate // divisor, axis=0
        )
    data = data - data.mean(axis=0)  # no DC offset thump
    if category is not None:
        return normalise(data, sample_rate, category)
    return data.astype(np.float32)
