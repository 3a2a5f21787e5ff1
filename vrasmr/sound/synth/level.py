"""Each generator's level, measured once: the gain that puts a stream of it on its loudness
category's target (:data:`vrasmr.sound.normalise.TARGETS`) without normalising anything
whole.

The measurement renders ``calibrate_s`` seconds of the generator in a steady context (every
slow walk held at its long-term mean; see :class:`~._sources.Walk`) from a fixed seed and
meters it (BS.1770, :mod:`vrasmr.sound.loudness`). The gain is kept per generator, parameters
and sample rate: in memory, and in the sound cache (:mod:`vrasmr.sound.sound_cache`) as a
one-number entry, so a scene measures a new sound once. A stream of another seed and with its
walks wandering lands within about 1 LU of the target over a night (docs/sounds.md gives the
figures; ``tests/test_synth_stream.py`` holds them).
"""

from __future__ import annotations

import hashlib
import json
import math
import threading

import numpy as np

from ._generator import Ctx

CALIBRATION_VERSION = 5  # bump when any generator's sound changes
CALIBRATION_SEED = 20231
SETTLE_S = 1.0  # filters and event tails settle before the meter listens
MAX_GAIN_DB = 40.0  # a (near) silent parameter set is not pulled up without bound
_memo: dict[str, float] = {}
_lock = threading.Lock()


def _key(spec, model, sample_rate: int) -> str:
    key = [spec.name, model.model_dump(mode="json"), sample_rate, CALIBRATION_VERSION, "level"]
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:32]


def measure_lufs(spec, model, sample_rate: int, seconds: float, steady: bool = True) -> float:
    """Integrated loudness of ``seconds`` of the raw generator (after SETTLE_S)."""
    from vrasmr.sound.loudness import integrated_lufs

    ctx = Ctx(sample_rate, np.random.default_rng(CALIBRATION_SEED), 0.0, steady=steady)
    gen = spec.make(model, ctx)
    settle = int(math.ceil(SETTLE_S / ctx.chunk_s))
    chunks = int(math.ceil(seconds / ctx.chunk_s))
    for _ in range(settle):
        gen.next_chunk()
    x = np.concatenate([gen.next_chunk() for _ in range(chunks)])
    x -= np.mean(x)
    return float(integrated_lufs(x, sample_rate))


def calibrated_gain(spec, model, sample_rate: int) -> float:
    """The linear gain that puts ``spec`` with ``model`` on its category's target."""
    from vrasmr.sound.normalise import TARGETS

    from ..sound_cache import load_or_make

    key = _key(spec, model, sample_rate)
    with _lock:
        if key in _memo:
            return _memo[key]

    def make() -> np.ndarray:
        lufs = measure_lufs(spec, model, sample_rate, spec.calibrate_s)
        gain_db = TARGETS[spec.category] - lufs if math.isfinite(lufs) else 0.0
        return np.array([min(gain_db, MAX_GAIN_DB)], dtype=np.float32)

    gain = 10 ** (float(load_or_make(key, make)[0]) / 20)
    with _lock:
        _memo[key] = gain
    return gain
