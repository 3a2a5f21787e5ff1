"""Two engines in one process: each call selects its own OpenAL context."""

from __future__ import annotations

import numpy as np

from tests.sound_fixtures import open_loopback as _open
from tests.test_sound_engine import noise, run
from vrasmr.sound.engine import VoiceSpec


def _level_db(x: np.ndarray) -> np.ndarray:
    return 20 * np.log10(np.sqrt(np.mean(x.astype(np.float64) ** 2, axis=0)) + 1e-12)


def test_two_engines_interleaved_keep_their_own_sources_and_close_cleanly():
    right = _open()
    left = _open()  # made second: its context is the current one now
    try:
        right.prepare([VoiceSpec("r", noise(2.0))])
        left.prepare([VoiceSpec("l", noise(2.0, seed=3))])
        out_r = run(right, [(1.0, 0.0, 0.0)], [1.0], 1.0)
        out_l = run(left, [(-1.0, 0.0, 0.0)], [1.0], 1.0)
        out_r2 = run(right, [(1.0, 0.0, 0.0)], [1.0], 0.5)
    finally:
        right.close()  # not the current context: must still free its own sources
        left.close()
    r, l2, r2 = _level_db(out_r[-24000:]), _level_db(out_l[-24000:]), _level_db(out_r2)
    assert r[1] - r[0] > 6 and r2[1] - r2[0] > 6, (r, r2)
    assert l2[0] - l2[1] > 6, l2
