"""Event processes: when small sounds happen, which variant sounds, and how a sound that starts
near the end of one chunk rings on into the next.

* :class:`Poisson` — events at random times at a rate (optionally thinned by a curve);
* :class:`Pulse` — roughly regular events (taps, chirps, heartbeats), the next time carried;
* :class:`OverlapAdd` — kernels added at their onsets, the tail kept for the next chunk;
* :class:`HumpTrain` — long smooth humps (a breath's envelope) evaluated chunk by chunk;
* :class:`KernelBank` — variants of one small sound, renewed one at a time;
* :class:`Scatter` — the three together: a rain of drops, crackles or grit, with a known RMS.
"""

from __future__ import annotations

import numpy as np

from ._kernels import samples, soft_amplitudes

_VECTOR_MIN_EVENTS = 4  # a few events or more are added in one vectorised pass ...
_VECTOR_MAX_ELEMENTS = 1 << 18  # ... unless it would index more samples than this


class OverlapAdd:
    """A ring of ``n + longest`` samples: kernels are added at their onsets (samples into
    the chunk to come), :meth:`take` gives the next ``n`` and clears them for later ones.
    Float32, as the engine plays (each slot sums the few kernels over it, then is cleared)."""

    def __init__(self, n: int, longest: int):
        self.n = n
        self.acc = np.zeros(n + max(1, longest), np.float32)
        self.pos = 0  # where the next chunk starts in the ring

    def _fit(self, reach: int) -> None:
        """Room for a kernel ending ``reach`` samples after the next chunk's start."""
        if reach > len(self.acc):  # longer than planned: unroll the ring and grow it once
            self.acc = np.concatenate([np.roll(self.acc, -self.pos), np.zeros(reach, np.float32)])
            self.pos = 0

    def _add(self, offset: int, x: np.ndarray) -> None:
        acc, size = self.acc, len(self.acc)
        start = (self.pos + offset) % size
        first = min(len(x), size - start)
        acc[start : start + first] += x[:first]
        if first < len(x):
            acc[: len(x) - first] += x[first:]

    def add(self, onsets: np.ndarray, bank: np.ndarray, which: np.ndarray, amps: np.ndarray):
        """Add ``bank[which[i]] * amps[i]`` at each onset (samples into this chunk)."""
        count = len(onsets)
        if count == 0:
            return
        length = bank.shape[1]
        self._fit(self.n + length)
        if count >= _VECTOR_MIN_EVENTS and count * length <= _VECTOR_MAX_ELEMENTS:
            index = onsets[:, None] + np.arange(length)[None, :]
            values = bank[which] * amps[:, None]
            span = int(onsets[-1]) + length
            self._add(0, np.bincount(index.ravel(), weights=values.ravel(), minlength=span))
            return
        for onset, k, amp in zip(onsets.tolist(), which.tolist(), amps.tolist(), strict=True):
            self._add(onset, bank[k] * amp)

    def add_one(self, onset: int, kernel: np.ndarray, amp: float = 1.0) -> None:
        self._fit(onset + len(kernel))
        self._add(onset, kernel * amp if amp != 1.0 else kernel)

    def take(self) -> np.ndarray:
        """The next ``n`` samples (a new array); what rings on stays for the next chunk."""
        n, acc, pos = self.n, self.acc, self.pos
        first = min(n, len(acc) - pos)
        out = np.empty(n)
        out[:first] = acc[pos : pos + first]
        acc[pos : pos + first] = 0.0
        if first < n:
            out[first:] = acc[: n - first]
            acc[: n - first] = 0.0
        self.pos = (pos + n) % len(acc)
        return out


class HumpTrain:
    """Smooth humps (:func:`~._kernels.stroke_envelope`) added at their onsets and evaluated
    a chunk at a time: the samples an :class:`OverlapAdd` of the whole humps gives, holding
    only the humps still sounding (a 10 s breath is five numbers, not 4 MB of ring)."""

    def __init__(self, n: int):
        self.n = n
        self.humps: list[tuple[int, int, int, int, float]] = []  # start, length, rise, fall, amp

    def add(self, onset: int, length: int, attack_fraction: float, amp: float = 1.0) -> None:
        """A hump of ``length`` samples starting ``onset`` samples into the chunk to come."""
        rise = max(1, int(length * attack_fraction))
        self.humps.append((onset, length, rise, max(1, length - rise), amp))

    def take(self) -> np.ndarray:
        """The next ``n`` samples; humps that ring on stay for the next chunk."""
        n = self.n
        out = np.zeros(n)
        kept = []
        for start, length, rise, fall, amp in self.humps:
            lo, hi = max(start, 0), min(start + length, n)
            if hi > lo:
                i = np.arange(lo - start, hi - start)
                up = i < rise
                hump = np.where(
                    up,
                    np.sin(0.5 * np.pi * i / rise) ** 2,
                    np.cos(0.5 * np.pi * (i - rise) / fall) ** 2,
                )
                out[lo:hi] += hump * amp if amp != 1.0 else hump
            if start + length > n:
                kept.append((start - n, length, rise, fall, amp))
        self.humps = kept
        return out


class Poisson:
    """Event times at random, ``rate_hz`` on average, times ``curve`` (per sample, >= 0,
    the rate's relative level) where one is given: an inhomogeneous Poisson process."""

    def __init__(self, n: int, sample_rate: int, rng: np.random.Generator):
        self.n, self.sample_rate, self.rng = n, sample_rate, rng

    def onsets(self, rate_hz: float, curve: np.ndarray | None = None) -> np.ndarray:
        rng = self.rng
        top = 1.0 if curve is None else float(curve.max())
        count = rng.poisson(max(rate_hz * top, 0.0) * self.n / self.sample_rate)
        onsets = np.sort(rng.integers(0, self.n, size=count))
        if curve is not None and count:
            onsets = onsets[rng.random(count) * top < curve[onsets]]
        return onsets


class Pulse:
    """Roughly regular event times: ``rate_hz``, each interval varied by up to ``jitter``
    (a fraction); the first at ``start_s``. The next time is carried from chunk to chunk."""

    def __init__(self, n, sample_rate, rng, rate_hz, jitter, start_s=0.02):
        self.n, self.sample_rate, self.rng = n, sample_rate, rng
        self.rate_hz, self.jitter = rate_hz, jitter
        self.next = start_s * sample_rate

    def onsets(self, rate_hz: float | None = None) -> np.ndarray:
        rate = self.rate_hz if rate_hz is None else rate_hz
        found = []
        while self.next < self.n:
            found.append(int(self.next))
            gap = (1.0 + self.jitter * self.rng.uniform(-1, 1)) * self.sample_rate / rate
            self.next += max(gap, 1.0)
        self.next -= self.n
        return np.array(found, dtype=np.int64)


class KernelBank:
    """``count`` variants of one sound from ``make(rng)``; :meth:`renew` replaces one at random,
    so over a night no crackle or drop is the same few dozen sounds. With ``equal_energy``
    every variant is scaled to the same energy: the level of a stream of them then does not
    depend on which variants happen to be in the bank (a calibration hears the long-term
    level in a minute). Kept as float32 (the engine plays float32): half the memory."""

    def __init__(self, make, count: int, rng, equal_energy: bool = False):
        self.make, self.rng, self.equal_energy = make, rng, equal_energy
        kernels = [self._made() for _ in range(count)]
        length = max(len(k) for k in kernels)
        self.bank = np.zeros((count, length), np.float32)
        for i, k in enumerate(kernels):
            self.bank[i, : len(k)] = k

    def _made(self) -> np.ndarray:
        kernel = self.make(self.rng)
        if self.equal_energy:
            energy = float(np.sum(kernel * kernel))
            kernel = kernel / np.sqrt(energy) if energy > 0 else kernel
        return kernel

    def __len__(self) -> int:
        return len(self.bank)

    @property
    def length(self) -> int:
        return self.bank.shape[1]

    def mean_energy(self) -> float:
        return float(np.mean(np.sum(self.bank**2, axis=1)))

    def renew(self) -> None:
        k = int(self.rng.integers(0, len(self.bank)))
        kernel = self._made()[: self.length]
        self.bank[k] = 0.0
        self.bank[k, : len(kernel)] = kernel


class Scatter:
    """Kernels from a bank at Poisson times with soft log-normal levels: drops on a surface,
    crackles in a fire, grit in a stroke. At ``rate_hz`` its RMS is 1 (``unit``); a higher
    rate is louder, as more rain is. One variant is renewed every ``renew_s`` on average."""

    def __init__(self, ctx, bank: KernelBank, rate_hz: float, spread=1.0, mean=0.0, renew_s=2.0):
        self.ctx, self.bank = ctx, bank
        self.spread, self.mean = spread, mean
        self.poisson = Poisson(ctx.n, ctx.sample_rate, ctx.rng)
        self.ola = OverlapAdd(ctx.n, bank.length)
        self.renew_chance = ctx.n / ctx.sample_rate / renew_s if renew_s else 0.0
        self.unit = 1.0 / max(self.rms(rate_hz), 1e-12)

    def rms(self, rate_hz: float) -> float:
        """The expected RMS at ``rate_hz`` (levels' mean square from the same law)."""
        probe = np.random.default_rng(0)
        square = float(np.mean(soft_amplitudes(probe, 4096, self.spread, self.mean) ** 2))
        per_sample = max(rate_hz, 1e-9) / self.ctx.sample_rate
        return float(np.sqrt(per_sample * self.bank.mean_energy() * square))

    def __call__(self, rate_hz: float, curve=None, which=None) -> np.ndarray:
        """The next chunk; ``which(onsets)`` may choose the variants (default: at random)."""
        rng = self.ctx.rng
        onsets = self.poisson.onsets(rate_hz, curve)
        if len(onsets):
            chosen = which(onsets) if which else rng.integers(0, len(self.bank), len(onsets))
            amps = soft_amplitudes(rng, len(onsets), self.spread, self.mean) * self.unit
            self.ola.add(onsets, self.bank.bank, chosen, amps)
        if self.renew_chance and rng.random() < self.renew_chance:
            self.bank.renew()
        return self.ola.take()


class Strokes:
    """Stroke humps at roughly regular times as one envelope (about 0..1): brushing,
    scratching, a towel's rustle, a squeeze of paper. ``mean`` is its long-term average.
    Each stroke is a hump of about ``length_s`` (its length and shape varied by ``spread``,
    at 0.7..1 of full height), held as its numbers in a :class:`HumpTrain`, not as samples
    in a ring as long as a stroke."""

    def __init__(self, ctx, rate_hz, length_s, jitter, attack, start_s=0.0, spread=0.2):
        sr, rng = ctx.sample_rate, ctx.rng
        self.pulse = Pulse(ctx.n, sr, rng, rate_hz, jitter, start_s)
        self.train = HumpTrain(ctx.n)
        self.rng, self.sample_rate = rng, sr
        self.length_s, self.attack, self.spread = length_s, attack, spread
        self.mean = rate_hz * length_s * 0.5 * 0.85  # humps average half their height

    def __call__(self, rate_hz: float | None = None) -> np.ndarray:
        rng, spread = self.rng, self.spread
        for onset in self.pulse.onsets(rate_hz).tolist():
            length = samples(self.length_s * rng.uniform(1 - spread, 1 + spread), self.sample_rate)
            shape = self.attack * rng.uniform(0.7, 1.3)
            self.train.add(onset, length, min(shape, 0.9), rng.uniform(0.7, 1.0))
        return self.train.take()
