"""Voice conversion with WORLD (pyworld): a true whisper and a soft, breathy voice.

WORLD splits speech into pitch (F0), the spectral envelope (the formants that carry the
words) and aperiodicity (how noisy each band is), and puts them back together.

- Whisper: every frame unvoiced (F0 = 0) and fully aperiodic, the envelope stretched up a
  little (whispered formants sit higher), the low band thinned (no chest in a whisper) and
  the top a little brighter (a whisper's spectrum is flatter; the de-esser keeps the "s" soft).
- Soft: voiced, a little lower, breathier (aperiodicity raised, more so in the highs), and
  the pitch eases down at the end of a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vrasmr.lazy import LazyModule

pyworld = LazyModule("pyworld")

FRAME_PERIOD_MS = 5.0
DEFAULT_F0_RANGE_HZ = (60.0, 170.0)  # a low speaking voice; a tight range stops octave errors


@dataclass(frozen=True)
class WhisperSettings:
    # stretched up by this factor: whispered formants sit higher; past ~1.03 STOI against the
    # plain voice drops below 0.77 on some scripts (bench_voice)
    formant_shift: float = 1.03
    low_floor: float = 0.45  # power gain of the band under ~150 Hz (rises to 1 by ~500 Hz)
    air_db_per_octave: float = 1.5  # a whisper's flatter top: this much more per octave > 1 kHz


@dataclass(frozen=True)
class SoftSettings:
    pitch: float = 0.9  # F0 multiplied by this (a little lower)
    breathiness: float = 0.55  # share of the periodic part turned to noise in the highs
    final_fall: float = 0.9  # F0 at the very end of a sentence, relative
    fall_seconds: float = 0.6


def _analyse(
    x: np.ndarray, sample_rate: int, f0_range: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.ascontiguousarray(x, dtype=np.float64)
    f0, times = pyworld.dio(
        x,
        sample_rate,
        f0_floor=f0_range[0],
        f0_ceil=f0_range[1],
        channels_in_octave=4,
        frame_period=FRAME_PERIOD_MS,
        allowed_range=0.2,
    )
    f0 = pyworld.stonemask(x, f0, times, sample_rate)
    envelope = pyworld.cheaptrick(x, f0, times, sample_rate)
    return f0, times, envelope


def _frequencies(envelope: np.ndarray, sample_rate: int) -> np.ndarray:
    return np.linspace(0.0, sample_rate / 2, envelope.shape[1])


def warp_envelope(envelope: np.ndarray, factor: float) -> np.ndarray:
    """Each frame's envelope stretched along frequency by ``factor`` (>1 raises formants)."""
    bins = envelope.shape[1]
    source = np.arange(bins) / factor
    low = np.floor(source).astype(np.int64)
    frac = source - low
    high = np.minimum(low + 1, bins - 1)
    return np.ascontiguousarray(envelope[:, low] * (1 - frac) + envelope[:, high] * frac)


def _fit(y: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(n, dtype=np.float32)
    m = min(n, len(y))
    out[:m] = y[:m]
    return np.nan_to_num(out)


def to_whisper(
    x: np.ndarray,
    sample_rate: int,
    settings: WhisperSettings = WhisperSettings(),
    f0_range: tuple[float, float] = DEFAULT_F0_RANGE_HZ,
) -> np.ndarray:
    """A whispered version of speech ``x`` (same length, float32, level not normalised);
    ``f0_range`` is the speaker's pitch range (it guides the envelope analysis)."""
    if len(x) < sample_rate // 20:
        return np.zeros(len(x), dtype=np.float32)
    f0, _, envelope = _analyse(x, sample_rate, f0_range)
    envelope = warp_envelope(envelope, settings.formant_shift)
    freqs = _frequencies(envelope, sample_rate)
    rise = np.clip((freqs - 150.0) / 350.0, 0.0, 1.0) ** 2
    air_db = settings.air_db_per_octave * np.log2(np.maximum(freqs, 1000.0) / 1000.0)
    gain = (settings.low_floor + (1 - settings.low_floor) * rise) * 10 ** (air_db / 10)
    envelope *= gain[None, :]  # WORLD's envelope is a power spectrum
    out = pyworld.synthesize(
        np.zeros_like(f0), envelope, np.ones_like(envelope), sample_rate, FRAME_PERIOD_MS
    )
    return _fit(out, len(x))


def to_soft(
    x: np.ndarray,
    sample_rate: int,
    *,
    sentence_end: bool = True,
    settings: SoftSettings = SoftSettings(),
    f0_range: tuple[float, float] = DEFAULT_F0_RANGE_HZ,
) -> np.ndarray:
    """A soft, low, breathy version of speech ``x`` (same length, float32)."""
    if len(x) < sample_rate // 20:
        return np.zeros(len(x), dtype=np.float32)
    f0, times, envelope = _analyse(x, sample_rate, f0_range)
    aperiodicity = pyworld.d4c(np.ascontiguousarray(x, np.float64), f0, times, sample_rate)
    f0 = f0 * settings.pitch
    voiced = np.flatnonzero(f0 > 0)
    if sentence_end and voiced.size:
        end = times[voiced[-1]]
        fall = np.clip((times - (end - settings.fall_seconds)) / settings.fall_seconds, 0, 1)
        f0 *= 1.0 - (1.0 - settings.final_fall) * fall
    freqs = _frequencies(envelope, sample_rate)
    breath = settings.breathiness * np.clip(freqs / 3000.0, 0.25, 1.0)
    aperiodicity = np.ascontiguousarray(aperiodicity + (1.0 - aperiodicity) * breath[None, :])
    out = pyworld.synthesize(f0, envelope, aperiodicity, sample_rate, FRAME_PERIOD_MS)
    return _fit(out, len(x))
