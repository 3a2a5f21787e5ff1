"""What every streaming generator is: a :class:`Generator` that makes the next chunk of its
sound from the state it holds, with the shared :class:`Ctx` (rate, chunk length, random
numbers, how much it may vary)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CHUNK_S = 0.1  # a generator makes its sound this many seconds at a time


@dataclass
class Ctx:
    """The setting one generator runs in."""

    sample_rate: int
    rng: np.random.Generator
    variation: float = 0.0  # 0 steady .. 1 as much as the generator's walks allow
    steady: bool = False  # level calibration: slow walks held at their long-term mean
    weather: np.random.Generator | None = None  # the shared walks' numbers (a scene's)

    @property
    def n(self) -> int:
        """Samples per chunk."""
        return max(16, int(round(CHUNK_S * self.sample_rate)))

    @property
    def chunk_s(self) -> float:
        return self.n / self.sample_rate


class Generator:
    """Makes a sound a chunk at a time; the same seed and chunk count give the same samples.

    Subclasses build their filters, event processes and walks in ``__init__`` and return
    the next ``ctx.n`` samples (float64, any level: the stream calibrates it) from
    :meth:`chunk`. ``self.elapsed_s`` is the time made so far."""

    def __init__(self, p, ctx: Ctx):
        self.p = p
        self.ctx = ctx
        self.elapsed_s = 0.0

    def next_chunk(self) -> np.ndarray:
        x = self.chunk()
        self.elapsed_s += self.ctx.chunk_s
        return x

    def chunk(self) -> np.ndarray:  # pragma: no cover - every generator overrides it
        raise NotImplementedError
