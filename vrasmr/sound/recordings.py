"""The user's own recordings: WAV, FLAC or OGG, checked, resampled to 48 kHz, loudness-matched.

Every refusal raises RecordingError naming the file, the reason and what to do about it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from vrasmr.errors import VrasmrError
from vrasmr.scene.names import MAX_RECORDING_S

SUPPORTED_SUFFIXES = {".wav": "WAV", ".flac": "FLAC", ".ogg": "OGG", ".oga": "OGG"}
MIN_SOURCE_RATE, MAX_SOURCE_RATE = 8000, 192000
# The scene format keeps 20 minutes of a recording (MAX_RECORDING_S). 1 GiB holds 20 minutes
# of any sensible WAV (stereo 96 kHz 32-bit float is 0.9 GB); FLAC and OGG are far smaller.
MAX_SECONDS = MAX_RECORDING_S
MAX_FILE_BYTES = 1024**3
MIN_SECONDS = 0.05
SILENCE_DBFS = -80.0


class RecordingError(VrasmrError, ValueError):
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
            f"{MAX_FILE_BYTES / 1024**3:.0f} GiB limit for a recording",
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
            f"it is {seconds / 60:.1f} minutes long, over the {max_seconds / 60:.0f} minute "
            "limit for a recording (a scene loops it all night)",
            "trim it to a shorter piece that loops",
        )
    return info


def _read(path: Path, info, sample_rate: int, mono: bool) -> np.ndarray:
    """Decode in blocks to float32 at ``sample_rate`` and check what came out."""
    from .decode import decode

    try:
        decoded = decode(path, info.frames, info.samplerate, sample_rate, mono)
    except (RuntimeError, OSError, ValueError) as error:
        raise RecordingError(
            path, f"damaged or truncated ({error})", "export it again from the original"
        ) from error
    read = decoded.frames_read
    if read < 0.98 * info.frames:
        raise RecordingError(
            path,
            f"truncated: the header promises {info.duration:.2f} s "
            f"but only {read / info.samplerate:.2f} s could be read",
            "export it again from the original",
        )
    if read < MIN_SECONDS * info.samplerate:
        raise RecordingError(
            path,
            f"too short ({read} samples)",
            f"use a sound of at least {MIN_SECONDS * 1000:.0f} ms",
        )
    if decoded.non_finite:
        raise RecordingError(
            path,
            f"{decoded.non_finite} samples are NaN or infinite",
            "re-export it as 16- or 24-bit PCM",
        )
    if decoded.peak <= 10 ** (SILENCE_DBFS / 20):
        raise RecordingError(path, "it is silent", "check the recording level")
    return decoded.samples


def load_recording(
    path: str | Path,
    *,
    sample_rate: int = 48000,
    mono: bool = True,
    max_seconds: float = MAX_SECONDS,
    category: str | None = "recording",
) -> np.ndarray:
    """Load a recording as float32 at ``sample_rate``: shape (n,) if ``mono`` (channels
    averaged, for positioned sources), else (n, channels). Loudness-normalised to
    ``category`` unless it is None. Raises RecordingError naming the file and the reason.

    Decoded a block at a time and kept in float32: memory is about three times the result
    (``max_seconds`` x ``sample_rate`` x 4 bytes a channel) at most, whatever the file."""
    from .normalise import normalise

    path = Path(path)
    _check_file(path)
    info = _info(path, max_seconds)
    data = _read(path, info, sample_rate, mono)
    data -= data.mean(axis=0, dtype=np.float64).astype(np.float32)  # no DC offset thump
    if category is not None:
        return normalise(data, sample_rate, category)
    return data
