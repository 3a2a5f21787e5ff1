"""The voice limit: when more voices want to sound than allowed, priorities decide.

Among voices whose target gain is above zero, the higher ``priority`` wins; ties go to the
louder voice (target gain over distance, distances under 0.5 m counting as 0.5 m).
"""

from __future__ import annotations

import numpy as np

AUDIBLE = 1e-4


def admitted(
    limit: int, priorities: np.ndarray, targets: np.ndarray, distances: np.ndarray
) -> np.ndarray:
    """Boolean mask of the voices allowed to sound (all wanting voices if within the limit)."""
    wanting = targets > AUDIBLE
    if int(np.count_nonzero(wanting)) <= limit:
        return wanting
    loudness = np.where(wanting, targets / np.maximum(distances, 0.5), -1.0)
    # lexsort: last key is primary; negate for descending order.
    order = np.lexsort((-loudness, -priorities.astype(float), ~wanting))
    keep = np.zeros_like(wanting)
    keep[order[:limit]] = True
    return keep & wanting
