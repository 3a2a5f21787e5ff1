"""A tileable blue-noise threshold pattern, made with numpy by void and cluster (Ulichney).

The final pass adds it as dither before the 8-bit output, so dark gradients never band: blue
noise has no low frequencies, so the dither reads as a fine even grain rather than blotches.
Made once per process (a fraction of a second), no file needed.
"""

from __future__ import annotations

from functools import cache

import numpy as np

SIZE = 64
SIGMA = 1.5
SEED = 24
START_SHARE = 0.1


def _kernel(n: int, sigma: float) -> np.ndarray:
    """A toroidal Gaussian centred on (0, 0), tiled twice each way so any shift is a view."""
    d = np.minimum(np.arange(n), n - np.arange(n)).astype(np.float64)
    k = np.exp(-(d[:, None] ** 2 + d[None, :] ** 2) / (2.0 * sigma**2))
    return np.tile(k, (2, 2))


@cache
def blue_noise(n: int = SIZE, sigma: float = SIGMA, seed: int = SEED) -> np.ndarray:
    """An ``(n, n)`` float32 array holding each rank once, as (rank + 0.5) / n², in 0..1."""
    size = n * n
    tiled = _kernel(n, sigma)

    def splat(energy: np.ndarray, index: int, sign: float) -> None:
        y, x = divmod(int(index), n)
        energy += sign * tiled[n - y : 2 * n - y, n - x : 2 * n - x]

    rng = np.random.default_rng(seed)
    ones = max(1, int(size * START_SHARE))
    start = np.zeros((n, n), dtype=bool)
    start.flat[rng.choice(size, ones, replace=False)] = True
    energy = np.zeros((n, n))
    for index in np.flatnonzero(start):
        splat(energy, index, 1.0)
    # Even the starting points out: move the tightest cluster into the largest void.
    for _ in range(size):
        cluster = int(np.argmax(np.where(start, energy, -np.inf)))
        start.flat[cluster] = False
        splat(energy, cluster, -1.0)
        void = int(np.argmin(np.where(start, np.inf, energy)))
        start.flat[void] = True
        splat(energy, void, 1.0)
        if void == cluster:
            break
    rank = np.zeros(size, dtype=np.int64)
    pattern, e = start.copy(), energy.copy()
    for r in range(ones - 1, -1, -1):  # take the tightest clusters away, last rank first
        cluster = int(np.argmax(np.where(pattern, e, -np.inf)))
        pattern.flat[cluster] = False
        splat(e, cluster, -1.0)
        rank[cluster] = r
    pattern, e = start.copy(), energy.copy()
    for r in range(ones, size):  # then fill the largest voids
        void = int(np.argmin(np.where(pattern, np.inf, e)))
        pattern.flat[void] = True
        splat(e, void, 1.0)
        rank[void] = r
    return ((rank + 0.5) / size).reshape(n, n).astype(np.float32)


@cache
def triangular_dither(n: int = SIZE) -> np.ndarray:
    """:func:`blue_noise` reshaped to a triangular spread over -1..1 (output levels): the
    dither that leaves no noise modulation, with the blue-noise order of its values."""
    r = blue_noise(n).astype(np.float64)
    tri = np.where(r < 0.5, np.sqrt(2.0 * r) - 1.0, 1.0 - np.sqrt(2.0 - 2.0 * r))
    return tri.astype(np.float32)
