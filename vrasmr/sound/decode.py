"""Audio files decoded a block at a time, float32 throughout: folded to mono (or not) and
resampled chunk by chunk, so that memory is the result plus a few blocks, whatever the file.

Resampling a chunk sees ``margin`` input samples either side of it (more than the
polyphase filter reaches, and a whole number of ``down`` steps so that the output phases
line up), so the result has the same samples as resampling the whole file at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil, gcd
from pathlib import Path

import numpy as np

from vrasmr.lazy import LazyModule

signal = LazyModule("scipy.signal")

BLOCK_FRAMES = 1 << 16  # source frames decoded at a time


@dataclass
class Decoded:
    """A decoded file: ``samples`` (float32, (n,) or (n, channels), at the asked rate), how
    many source frames were read, how many source samples were NaN or infinite (those are
    zeroed), and the largest source magnitude."""

    samples: np.ndarray
    frames_read: int
    non_finite: int
    peak: float


class _Resampler:
    """Polyphase resampling of a stream of (n, channels) float32 blocks by ``up / down``."""

    def __init__(self, up: int, down: int, frames: int, channels: int):
        g = gcd(up, down)
        self.up, self.down = up // g, down // g
        reach = ceil(10 * max(self.up, self.down) / self.up) + 2  # resample_poly's half filter
        self.margin = self.down * ceil(reach / self.down)
        self.step = self.down * max(1, BLOCK_FRAMES // self.down)
        self.out = np.empty((self._out_len(frames), channels), np.float32)
        self.buffer = np.empty((0, channels), np.float32)
        self.buffer_start = 0  # source index of buffer[0]
        self.done = 0  # source samples whose output is written (a multiple of down)

    def _out_len(self, frames: int) -> int:
        return -(-frames * self.up // self.down)

    def push(self, block: np.ndarray) -> None:
        self.buffer = np.concatenate([self.buffer, block])
        while self.buffer_start + len(self.buffer) >= self.done + self.step + self.margin:
            self._emit(self.done + self.step, final=False)

    def finish(self) -> np.ndarray:
        end = self.buffer_start + len(self.buffer)
        while self.done < end:
            self._emit(min(self.done + self.step, end), final=True)
        return self.out[: self._out_len(end)]

    def _emit(self, stop: int, *, final: bool) -> None:
        start, end = self.done, self.buffer_start + len(self.buffer)
        lo = max(0, start - self.margin)
        hi = end if final else stop + self.margin
        part = self.buffer[lo - self.buffer_start : hi - self.buffer_start]
        resampled = signal.resample_poly(part, self.up, self.down, axis=0)
        first = (start - lo) * self.up // self.down
        at = start * self.up // self.down
        count = (self._out_len(stop) if stop == end else stop * self.up // self.down) - at
        self.out[at : at + count] = resampled[first : first + count]
        self.done = stop
        keep_from = max(0, stop - self.margin) - self.buffer_start
        self.buffer = self.buffer[keep_from:]
        self.buffer_start += keep_from


def decode(path: Path, frames: int, source_rate: int, sample_rate: int, mono: bool) -> Decoded:
    """Decode up to ``frames`` frames of ``path`` (soundfile errors propagate)."""
    import soundfile

    with soundfile.SoundFile(str(path)) as file:
        channels = 1 if mono else file.channels
        resampler = None
        if source_rate != sample_rate:
            resampler = _Resampler(sample_rate, source_rate, frames, channels)
        else:
            out = np.empty((frames, channels), np.float32)
        read = bad = 0
        peak = 0.0
        while read < frames:
            block = file.read(min(BLOCK_FRAMES, frames - read), dtype="float32", always_2d=True)
            if len(block) == 0:
                break
            finite = np.isfinite(block)
            if not finite.all():
                bad += int(block.size - np.count_nonzero(finite))
                block[~finite] = 0.0
            if mono:
                block = block.mean(axis=1, keepdims=True)
            peak = max(peak, float(block.max(initial=0.0)), -float(block.min(initial=0.0)))
            if resampler is not None:
                resampler.push(block)
            else:
                out[read : read + len(block)] = block
            read += len(block)
    samples = resampler.finish() if resampler is not None else out[:read]
    return Decoded(samples[:, 0] if mono else samples, read, bad, peak)
