"""How loud each voice can be, measured from its own samples: what the loudness guard
(:mod:`.guard`) adds up to predict what reaches the ears.

A voice's :class:`VoiceLevel` is its loudest 3 s (EBU R 128 short-term: K-weighted mean
square, mono, at gain 1) and its true peak. A loop is measured round its seam; a one-shot
as if it were started again every ``min_gap_s`` (back to back when 0), so a busy schedule
counts as what it is; a stream is metered block by block as it is fed (:class:`StreamMeter`),
before its blocks are heard. Measuring a minute of sound costs about 0.1 s, so the engine
measures at staging (a loader thread) or at ``prepare``, never per frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from vrasmr.sound.engine.contract import VoiceSpec

SHORT_TERM_S = 3.0  # EBU R 128 short-term window
_BIN_S = 0.01  # one-shots: energy per 10 ms, tiled by their gap
STREAM_ASSUMED_LUFS = -24.0  # a stream's level before its first block is metered
STREAM_ASSUMED_PEAK = 10 ** (-3.0 / 20)  # the normaliser's ceiling
STREAM_HOLD_S = 60.0  # a stream's metered level decays by 1/e over this long
_OFFSET_DB = -0.691  # BS.1770's loudness offset


def lufs_to_power(lufs: float) -> float:
    """The K-weighted mean square (channel weight 1) of a loudness."""
    return float(10 ** ((lufs - _OFFSET_DB) / 10))


def power_to_lufs(power: float) -> float:
    return float(_OFFSET_DB + 10 * np.log10(max(power, 1e-15)))


@dataclass(frozen=True)
class VoiceLevel:
    """A voice at gain 1: ``power``, the K-weighted mean square of its loudest 3 s, and
    ``peak``, its true-peak amplitude."""

    power: float
    peak: float

    @property
    def lufs(self) -> float:
        return power_to_lufs(self.power)


SILENT = VoiceLevel(0.0, 0.0)


def measure_voice(voice: VoiceSpec, sample_rate: int) -> VoiceLevel:
    """The level of a static voice's samples (a stream's is metered as it plays: the
    assumed level until then)."""
    if voice.stream is not None:
        return VoiceLevel(lufs_to_power(STREAM_ASSUMED_LUFS), STREAM_ASSUMED_PEAK)
    x = np.asarray(voice.samples, dtype=np.float32).reshape(-1)
    if x.size == 0 or not np.any(x):
        return SILENT
    return VoiceLevel(_loudest_power(x, sample_rate, voice), _true_peak(x, sample_rate))


def _true_peak(x: np.ndarray, sample_rate: int) -> float:
    """True-peak amplitude, oversampling only the blocks that can reach the sample peak."""
    from vrasmr.sound.loudness import true_peak_dbtp

    sample_peak = float(np.max(np.abs(x)))
    dbtp = true_peak_dbtp(x, sample_rate, floor_dbtp=20 * np.log10(sample_peak))
    return max(sample_peak, float(10 ** (dbtp / 20))) if np.isfinite(dbtp) else sample_peak


def _loudest_power(x: np.ndarray, sample_rate: int, voice: VoiceSpec) -> float:
    from vrasmr.sound.loudness import windowed_powers

    window = int(SHORT_TERM_S * sample_rate)
    if voice.loop:  # round the seam: the loop's first 3 s follow its last
        reps = int(np.ceil(window / x.size)) + 1
        looped = np.concatenate([x] * reps) if x.size < window else np.concatenate([x, x[:window]])
        _, powers = windowed_powers(looped, sample_rate, SHORT_TERM_S, 0.1)
        return float(powers.max(initial=0.0))
    _, bins = windowed_powers(x, sample_rate, _BIN_S, _BIN_S)
    energy = bins[:, 0] * _BIN_S  # K-weighted energy of each 10 ms
    if energy.size == 0:  # shorter than a bin
        energy = np.array([float(np.mean(np.square(x))) * x.size / sample_rate])
    return _tiled_peak_window(energy, voice.min_gap_s, voice.allow_overlap) / SHORT_TERM_S


def _tiled_peak_window(energy: np.ndarray, gap_s: float, overlap: bool) -> float:
    """The most energy in any 3 s of the event started every ``gap_s`` (every time it ends
    when it may not overlap itself, or when ``gap_s`` is 0)."""
    n = energy.size
    window = int(round(SHORT_TERM_S / _BIN_S))
    period = max(1, int(round(gap_s / _BIN_S)))
    if not overlap or gap_s <= 0:
        period = max(period, n)
    period = min(period, n + window)  # further apart, a window never holds two
    length = n + window + period
    tiled = np.zeros(length)
    for start in range(0, length, period):
        stop = min(length, start + n)
        tiled[start:stop] += energy[: stop - start]
    sums = np.convolve(tiled, np.ones(window), mode="valid")
    return float(sums.max(initial=0.0))


class StreamMeter:
    """A stream's level from the blocks it is fed, as they are fed (before they are
    heard): K-weighted power of each block, held with a slow decay, and the block peaks."""

    def __init__(self, sample_rate: int):
        from vrasmr.sound.loudness import k_weighting_sos

        self.sample_rate = sample_rate
        self._sos = k_weighting_sos(sample_rate)
        self._state = np.zeros((self._sos.shape[0], 2))
        self.level = VoiceLevel(lufs_to_power(STREAM_ASSUMED_LUFS), STREAM_ASSUMED_PEAK)
        self._metered = False

    def feed(self, block: np.ndarray) -> None:
        """Meter one block (float32 mono) as it is queued."""
        from scipy.signal import sosfilt

        if block.size == 0:
            return
        weighted, self._state = sosfilt(self._sos, block.astype(np.float64), zi=self._state)
        power = float(np.mean(np.square(weighted)))
        peak = float(np.max(np.abs(block))) * 10 ** (1.0 / 20)  # +1 dB for inter-sample peaks
        if not self._metered:  # the first block replaces the assumption
            self._metered = True
            self.level = VoiceLevel(power, peak)
            return
        decay = float(np.exp(-block.size / self.sample_rate / STREAM_HOLD_S))
        old = self.level
        self.level = VoiceLevel(max(power, old.power * decay), max(peak, old.peak * decay))
