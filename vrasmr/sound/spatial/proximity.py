"""Closeness without near-field HRTF: push-out from the head centre, a gain law, a bass tilt.

OpenAL Soft 1.19 has no near-field (distance-dependent) HRTF, so a whisper 10 cm from an ear
would sound like one 50 cm away. Within :data:`NEAR_M` of the nearer ear a source gets up to
``+NEAR_BOOST_DB`` of gain and half as many dB of high-frequency cut on its direct path (the
EFX lowpass ``GAINHF``, a shelf from about 5 kHz): it gets louder, lows most of all, which
is how close sources sound (proximity effect). No source may come closer than :data:`MIN_RADIUS_M` to the
centre of the head, so nothing passes through it and the HRTF direction never flips.
"""

from __future__ import annotations

import math

import numpy as np

MIN_RADIUS_M = 0.12
EAR_OFFSET_M = 0.0875  # half the distance between the ears
NEAR_M = 0.30
NEAR_BOOST_DB = 6.0
NEAR_STEPS = 32  # the bass tilt is quantised so filters are only re-sent on real changes
_CLOSEST_EAR = MIN_RADIUS_M - EAR_OFFSET_M
FAR2 = (NEAR_M + EAR_OFFSET_M) ** 2  # beyond this squared radius no ear is within NEAR_M
_BOOST = 10.0 ** (NEAR_BOOST_DB / 20.0) - 1.0


def push_out(
    rel: np.ndarray, r2: np.ndarray, fallback: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Offsets from the head centre moved out to at least MIN_RADIUS_M (and their r²).

    A row at the very centre goes to ``fallback`` (a unit direction) times the radius.
    Returns the inputs themselves when nothing is inside (the usual case).
    """
    inside = r2 < MIN_RADIUS_M * MIN_RADIUS_M
    if not inside.any():
        return rel, r2
    out = rel.copy()
    r = np.sqrt(r2[inside])
    safe = r > 1e-9
    rows = out[inside]
    rows[safe] *= (MIN_RADIUS_M / r[safe])[:, None]
    rows[~safe] = np.asarray(fallback) * MIN_RADIUS_M
    out[inside] = rows
    return out, np.einsum("ij,ij->i", out, out)


def nearness(r2: np.ndarray, lateral: np.ndarray) -> np.ndarray:
    """0 (far) .. 1 (touching the ear) for offsets with squared radius ``r2`` whose ear-axis
    component is ``lateral``; smooth in distance so the cue never steps."""
    ear2 = r2 + EAR_OFFSET_M * EAR_OFFSET_M - 2.0 * EAR_OFFSET_M * np.abs(lateral)
    ear = np.sqrt(np.maximum(ear2, 0.0))
    p = np.clip((NEAR_M - ear) / (NEAR_M - _CLOSEST_EAR), 0.0, 1.0)
    return p * p * (3.0 - 2.0 * p)


def near_gain(near: np.ndarray) -> np.ndarray:
    """Extra linear gain for closeness (1 .. +NEAR_BOOST_DB)."""
    return 1.0 + _BOOST * near


def near_step(near: np.ndarray) -> np.ndarray:
    """The quantised closeness that decides the direct filter (integers 0..NEAR_STEPS)."""
    return np.rint(near * NEAR_STEPS).astype(np.int32)


def step_gain_hf(step: int) -> float:
    """Direct-path ``GAINHF`` for a quantised closeness: half the boost, in dB, as HF cut."""
    return 1.0 / math.sqrt(1.0 + _BOOST * step / NEAR_STEPS)
