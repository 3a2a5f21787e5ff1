"""Writing binaural renders to .wav or .flac (soundfile), with a progress callback."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

FORMATS = {".wav": ("WAV", "FLOAT"), ".flac": ("FLAC", "PCM_24")}
CHUNK = 48000
END_FADE_S = 5.0  # every export ends with this fade, never a cut


def end_fade(
    blocks: Iterable[np.ndarray], total_frames: int, sr: int, seconds: float = END_FADE_S
) -> Iterable[np.ndarray]:
    """``blocks`` with their last ``seconds`` faded out (loudness-shaped, to exactly 0 at
    the last sample); ``total_frames`` is the length they add up to."""
    from vrasmr.sleep.fade import LOUDNESS_EXPONENT

    fade_n = min(int(round(seconds * sr)), total_frames)
    start = total_frames - fade_n
    pos = 0
    for block in blocks:
        n = len(block)
        if pos + n > start and fade_n > 0:
            k = np.arange(max(start, pos), pos + n)
            remaining = np.clip((total_frames - 1 - k) / max(fade_n - 1, 1), 0.0, 1.0)
            gain = remaining ** (1.0 / LOUDNESS_EXPONENT)
            block = block.copy()
            block[k - pos] *= gain[:, None].astype(block.dtype)
        pos += n
        yield block


def write_binaural(
    path: str | Path,
    stereo: np.ndarray | Iterable[np.ndarray],
    sr: int,
    progress: Callable[[float], None] | None = None,
    *,
    total_frames: int | None = None,
) -> Path:
    """Write stereo float audio (an (n, 2) array or an iterable of such blocks) to ``path``.

    .wav is 32-bit float, .flac 24-bit (samples are clipped to [-1, 1] first). For blocks,
    ``total_frames`` makes ``progress`` (called with 0..1, ending with 1.0 once) meaningful.
    """
    import soundfile as sf

    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"cannot write {path.name}: use a .wav or .flac file name")
    if isinstance(stereo, np.ndarray):
        _check(stereo)
        total_frames = len(stereo)
        blocks: Iterable[np.ndarray] = (
            stereo[i : i + CHUNK] for i in range(0, max(len(stereo), 1), CHUNK)
        )
    else:
        blocks = stereo
    path.parent.mkdir(parents=True, exist_ok=True)
    written, reported = 0, 0.0
    with sf.SoundFile(path, "w", samplerate=sr, channels=2, format=fmt[0], subtype=fmt[1]) as f:
        for block in blocks:
            _check(block)
            f.write(np.clip(np.nan_to_num(block), -1.0, 1.0).astype(np.float32))
            written += len(block)
            if progress is not None and total_frames:
                reported = min(written / total_frames, 1.0)
                progress(reported)
    if progress is not None and reported < 1.0:
        progress(1.0)  # done, said once
    return path


def _check(block: np.ndarray) -> None:
    if block.ndim != 2 or block.shape[1] != 2:
        raise ValueError(f"expected (frames, 2) stereo, got shape {block.shape}")
