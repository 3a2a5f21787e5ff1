"""The gain curves a program puts on its words: the fade-out under a control, and the soft
entry of words after a long silence (each a block of float32 gains for samples
``[begin, begin + frames)``)."""

from __future__ import annotations

import numpy as np

SAMPLE_RATE = 48000
FADE_S = 1.0  # a control fades the current words (and cues) out over this
SOFT_AFTER_S = 8.0  # words after this much silence begin softly ...
SOFT_ONSET_DB = -6.0  # ... this much lower ...
SOFT_ONSET_S = 6.0  # ... rising to full level over this (the ear has settled to the bed)


def _smooth(x: np.ndarray) -> np.ndarray:
    return x * x * (3.0 - 2.0 * x)


def fade_out(begin: int, frames: int, start: int) -> np.ndarray:
    """1 before ``start``, down to 0 over FADE_S after it (smoothstep), 0 after."""
    t = (np.arange(begin, begin + frames) - start) / (FADE_S * SAMPLE_RATE)
    return _smooth(np.clip(1.0 - t, 0.0, 1.0)).astype(np.float32)


def soft_onset(begin: int, frames: int, onset: int) -> np.ndarray:
    """From ``onset`` the level rises from SOFT_ONSET_DB to full over SOFT_ONSET_S (the
    sleep-safety check's startle measure compares a moment with the ten seconds before
    it: after a silence, only the bed)."""
    t = (np.arange(begin, begin + frames) - onset) / (SOFT_ONSET_S * SAMPLE_RATE)
    db = SOFT_ONSET_DB * (1.0 - _smooth(np.clip(t, 0.0, 1.0)))
    return (10.0 ** (db / 20.0)).astype(np.float32)


def soft_onset_over(begin: int, onset: int) -> bool:
    """Whether a soft entry at ``onset`` is over by sample ``begin``."""
    return begin - onset >= SOFT_ONSET_S * SAMPLE_RATE
