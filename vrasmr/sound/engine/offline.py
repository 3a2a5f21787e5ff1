"""Offline binaural renders: a voice set and a scripted head path into float32 stereo.

The loopback engine is driven exactly as the App drives a live one (listener, update,
triggers once per control frame), so an export sounds like a session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np

from vrasmr.sound.engine.contract import SAMPLE_RATE, VoiceSpec
from vrasmr.sound.engine.openal_engine import OpenALEngine
from vrasmr.xmath import Pose

PositionsFn = Callable[[float], np.ndarray]  # t -> (n, 3)
HeadFn = Callable[[float], Pose]
GainsFn = Callable[[float], np.ndarray]  # t -> (n,)
Progress = Callable[[float], None]  # fraction done, 0..1


def iter_offline(
    voices: Sequence[VoiceSpec],
    positions_fn: PositionsFn,
    head_fn: HeadFn,
    seconds: float,
    *,
    gains_fn: GainsFn | None = None,
    triggers: Sequence[tuple[float, int]] = (),
    reverb: str = "none",
    master: float = 1.0,
    master_fn: Callable[[float], float] | None = None,
    sample_rate: int = SAMPLE_RATE,
    control_rate: float = 100.0,
    progress: Progress | None = None,
    engine: OpenALEngine | None = None,
) -> Iterator[np.ndarray]:
    """Yield (frames, 2) float32 blocks, one per control frame, ``seconds`` in all.

    ``triggers`` are ``(time_s, voice_index)`` one-shots; ``master_fn(t)`` scales the master
    (like a sleep timer's ``gain_at``). ``engine`` lets a caller reuse a loopback engine.
    """
    own = engine is None
    eng = OpenALEngine.loopback(sample_rate) if own else engine
    try:
        eng.set_reverb(reverb)
        eng.prepare(list(voices))
        eng.set_master(master, immediate=True)
        eng.set_master_schedule(master_fn)
        total = int(round(seconds * sample_rate))
        block = max(1, int(round(sample_rate / control_rate)))
        dt = block / sample_rate
        ones = np.ones(len(voices))
        pending = sorted(triggers)
        k = 0
        done = 0
        while done < total:
            t = done / sample_rate
            eng.set_listener(head_fn(t))
            eng.update(positions_fn(t), ones if gains_fn is None else gains_fn(t), dt)
            while k < len(pending) and pending[k][0] <= t:
                eng.trigger(pending[k][1])
                k += 1
            n = min(block, total - done)
            yield eng.render(n, block=n)
            done += n
            if progress is not None:
                progress(done / total)
    finally:
        if own:
            eng.close()


def render_offline(
    voices: Sequence[VoiceSpec],
    positions_fn: PositionsFn,
    head_fn: HeadFn,
    seconds: float,
    **kw,
) -> np.ndarray:
    """``seconds`` of binaural stereo as one (frames, 2) float32 array (see iter_offline)."""
    sample_rate = kw.get("sample_rate", SAMPLE_RATE)
    out = np.empty((int(round(seconds * sample_rate)), 2), dtype=np.float32)
    pos = 0
    for chunk in iter_offline(voices, positions_fn, head_fn, seconds, **kw):
        out[pos : pos + len(chunk)] = chunk
        pos += len(chunk)
    return out
