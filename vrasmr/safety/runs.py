"""Group consecutive flagged measurements into events."""

from __future__ import annotations

import numpy as np


def true_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Half-open index ranges ``(start, stop)`` of each run of ``True`` in a 1-D mask."""
    flags = np.asarray(mask, dtype=bool).astype(np.int8)
    edges = np.diff(np.concatenate(([0], flags, [0])))
    starts = np.flatnonzero(edges == 1)
    stops = np.flatnonzero(edges == -1)
    return list(zip(starts.tolist(), stops.tolist(), strict=True))
