"""Small signal-processing building blocks shared by the generators (numpy/scipy only)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from vrasmr.lazy import LazyModule

fft = LazyModule("scipy.fft")
signal = LazyModule("scipy.signal")


@lru_cache(maxsize=256)
def _butter(kind: str, order: int, edges: tuple[float, ...], sample_rate: int) -> np.ndarray:
    nyquist = sample_rate / 2
    clipped = [min(max(f, 1.0), 0.45 * sample_rate) / nyquist for f in edges]
    wn = clipped[0] if len(clipped) == 1 else clipped
    return signal.butter(order, wn, btype=kind, output="sos")


def lowpass(x: np.ndarray, hz: float, sample_rate: int, order: int = 2) -> np.ndarray:
    return signal.sosfilt(_butter("lowpass", order, (float(hz),), sample_rate), x)


def highpass(x: np.ndarray, hz: float, sample_rate: int, order: int = 2) -> np.ndarray:
    return signal.sosfilt(_butter("highpass", order, (float(hz),), sample_rate), x)


def bandpass(x: np.ndarray, lo: float, hi: float, sample_rate: int, order: int = 2) -> np.ndarray:
    hi = min(hi, 0.45 * sample_rate)
    lo = min(lo, 0.8 * hi)
    return signal.sosfilt(_butter("bandpass", order, (float(lo), float(hi)), sample_rate), x)


def white(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.standard_normal(n, dtype=np.float32).astype(np.float64)


def coloured_noise(
    n: int,
    rng: np.random.Generator,
    slope_db_per_octave: float,
    sample_rate: int,
    floor_hz: float = 10.0,
) -> np.ndarray:
    """Gaussian noise whose power spectrum falls by ``slope_db_per_octave`` (0, -3, -6 ...).

    Shaped in the frequency domain, so the result is circular: it loops without a seam.
    Below ``floor_hz`` the spectrum is held flat to keep the rumble finite. Unit RMS.
    """
    if n < 2:
        return np.zeros(n)
    if n > _BLOCK:
        return _join_blocks(
            n, lambda m: coloured_noise(m, rng, slope_db_per_octave, sample_rate, floor_hz)
        )
    # single precision FFTs (twice as fast): their rounding, about -140 dB, is far below
    # anything audible, and the white noise they shape is single precision already
    spectrum = fft.rfft(rng.standard_normal(n, dtype=np.float32))
    freqs = np.fft.rfftfreq(n, 1.0 / sample_rate)
    exponent = slope_db_per_octave / (20 * np.log10(2))  # amplitude exponent of f
    shape = (np.maximum(freqs, floor_hz) ** exponent).astype(np.float32)
    shape[0] = 0.0
    spectrum *= shape
    out = fft.irfft(spectrum, n).astype(np.float64)
    rms = np.sqrt(np.mean(out**2))
    return out / rms if rms > 0 else out


_BLOCK = 1 << 21
_OVERLAP = 1 << 14


def _join_blocks(n: int, make_block) -> np.ndarray:
    """Long noise as equal-power crossfaded blocks, so memory stays bounded."""
    out = np.empty(n)
    theta = 0.5 * np.pi * (np.arange(_OVERLAP) + 0.5) / _OVERLAP
    fade_in, fade_out = np.sin(theta), np.cos(theta)
    pos = 0
    tail = None
    while pos < n:
        block = make_block(_BLOCK)
        if tail is not None:
            block[:_OVERLAP] = block[:_OVERLAP] * fade_in + tail * fade_out
        body = min(_BLOCK - _OVERLAP, n - pos)
        out[pos : pos + body] = block[:body]
        tail = block[body : body + _OVERLAP] if body + _OVERLAP <= _BLOCK else None
        pos += body
    return out


def slow_random(
    n: int, sample_rate: int, rng: np.random.Generator, rate_hz: float, smooth: int = 3
) -> np.ndarray:
    """A smooth random curve (roughly unit variance) that changes about ``rate_hz`` times a second."""
    points = max(4, int(np.ceil(n / sample_rate * rate_hz)) + 4)
    control = rng.standard_normal(points)
    for _ in range(smooth - 1):
        control = np.convolve(control, [0.25, 0.5, 0.25], mode="same")
    control /= max(np.std(control), 1e-9)
    positions = np.linspace(1, points - 2, n)
    return np.interp(positions, np.arange(points), control)


def poisson_onsets(
    rate_hz: float,
    n: int,
    sample_rate: int,
    rng: np.random.Generator,
    rate_curve: np.ndarray | None = None,
) -> np.ndarray:
    """Random event times (sample indices) at an average rate, optionally modulated by a curve."""
    expected = rate_hz * n / sample_rate
    count = rng.poisson(max(expected, 0.0))
    onsets = np.sort(rng.integers(0, max(n, 1), size=count))
    if rate_curve is not None and count:
        keep = rng.random(count) < rate_curve[onsets] / max(rate_curve.max(), 1e-9)
        onsets = onsets[keep]
    return onsets


def scatter(
    n: int, onsets: np.ndarray, bank: np.ndarray, which: np.ndarray, amps: np.ndarray
) -> np.ndarray:
    """Add kernel ``bank[which[i]] * amps[i]`` at each onset.

    Short kernels in one vectorised pass (bincount); long ones one slice-add per event, which
    needs no (events x kernel) index array. Both add in onset order: the same samples.
    """
    if len(onsets) == 0:
        return np.zeros(n)
    length = bank.shape[1]
    if length < _SCATTER_LOOP_LENGTH and len(onsets) * length <= _SCATTER_MAX_ELEMENTS:
        index = onsets[:, None] + np.arange(length)[None, :]
        values = bank[which] * amps[:, None]
        summed = np.bincount(index.ravel(), weights=values.ravel(), minlength=n + length)
        return summed[:n]
    bank = np.asarray(bank, dtype=np.result_type(bank, amps))  # as the vectorised pass does
    summed = np.zeros(n + length)
    for onset, k, amp in zip(onsets.tolist(), which.tolist(), amps.tolist(), strict=True):
        summed[onset : onset + length] += bank[k] * amp
    return summed[:n]


_SCATTER_LOOP_LENGTH = 256  # kernels at least this long are added event by event
_SCATTER_MAX_ELEMENTS = 1 << 22  # or when the vectorised pass would need more than this


def decaying_sine(
    freq: np.ndarray | float,
    t60: float,
    sample_rate: int,
    length: int,
    chirp: float = 0.0,
    phase: float = 0.0,
) -> np.ndarray:
    """exp-decaying sinusoid reaching -60 dB at ``t60`` s; ``chirp`` is the relative rise per s."""
    t = np.arange(length) / sample_rate
    inst = freq * (1.0 + chirp * t)
    phase_track = 2 * np.pi * np.cumsum(inst) / sample_rate + phase
    return np.exp(-6.91 * t / t60) * np.sin(phase_track)


SOFT_ATTACK_S = 0.0004  # the shortest rise any transient gets: no instant onsets


def soft_amplitudes(
    rng: np.random.Generator, count: int, spread: float, mean: float = 0.0, ceiling: float = 2.5
) -> np.ndarray:
    """Log-normal event levels with the loud tail capped at ``ceiling`` × the typical level.

    Natural variation without the rare event many times louder than the rest, which in a
    sleeping person's ear is a startle, not texture.
    """
    levels = rng.normal(mean, spread, count)
    return np.exp(np.clip(levels, mean - 3.0 * spread, mean + np.log(ceiling)))


def soft_attack(sample_rate: int) -> int:
    return max(1, int(SOFT_ATTACK_S * sample_rate))


def attack_decay(length: int, attack: int, sample_rate: int, t60: float) -> np.ndarray:
    """A raised-cosine rise of ``attack`` samples followed by an exponential decay."""
    env = np.exp(-6.91 * np.arange(length) / sample_rate / t60)
    attack = max(1, min(attack, length))
    env[:attack] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(attack) / attack)
    return env


def stroke_envelope(length: int, attack_fraction: float = 0.3) -> np.ndarray:
    """A smooth, asymmetric hump (sine-shaped rise, longer fall) of ``length`` samples."""
    rise = max(1, int(length * attack_fraction))
    fall = max(1, length - rise)
    up = np.sin(0.5 * np.pi * np.arange(rise) / rise) ** 2
    down = np.cos(0.5 * np.pi * np.arange(fall) / fall) ** 2
    return np.concatenate([up, down])[:length]


def fade_edges(x: np.ndarray, sample_rate: int, seconds: float = 0.005) -> np.ndarray:
    k = min(len(x) // 2, int(sample_rate * seconds))
    if k > 0:
        ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(k) / k)
        x[:k] *= ramp
        x[-k:] *= ramp[::-1]
    return x


def tilt_soft(x: np.ndarray, sample_rate: int, warmth: float) -> np.ndarray:
    """Blend in a gentle low-pass so highs are softened by ``warmth`` (0 bright .. 1 dark)."""
    if warmth <= 0:
        return x
    dark = lowpass(x, 2500.0, sample_rate, order=1)
    return (1 - warmth) * x + warmth * dark


def samples(seconds: float, sample_rate: int) -> int:
    return max(1, int(round(seconds * sample_rate)))


def event_onsets(
    n: int,
    sample_rate: int,
    rate_hz: float,
    jitter: float,
    rng: np.random.Generator,
    start_seconds: float = 0.02,
) -> np.ndarray:
    """Roughly regular event times: one event if the stretch is short, else ``rate_hz`` with
    each interval varied by up to ``jitter`` (fraction). Sample indices, inside ``[0, n)``."""
    start = min(int(start_seconds * sample_rate), n - 1)
    if rate_hz <= 0 or n / sample_rate * rate_hz < 1.5:
        return np.array([start], dtype=np.int64)
    count = int(n / sample_rate * rate_hz) + 2
    intervals = (1.0 + jitter * rng.uniform(-1, 1, count)) * sample_rate / rate_hz
    times = start + np.concatenate([[0.0], np.cumsum(intervals)])
    times = times[times < n]
    return times.astype(np.int64)


def unit_rms(x: np.ndarray) -> np.ndarray:
    rms = float(np.sqrt(np.mean(x**2))) if x.size else 0.0
    return x / rms if rms > 1e-12 else x
