"""Stream voices through the loopback engine: a gesture told its event ahead starts on time
although its stream runs ahead of what is heard; a one-off stream plays where it is put and is
freed when it ends; a stream that runs dry is counted."""

from __future__ import annotations

import numpy as np

from vrasmr.sound import synth
from vrasmr.sound.engine import SilentEngine, VoiceSpec
from vrasmr.sound.engine.oneoffs import MAX_ONE_OFFS
from vrasmr.sound.synth.gestures import make_gesture
from vrasmr.xmath import Pose

SR = 48000
FRAME = 480
SILENCE = np.zeros(1, np.float32)


def onset_s(x: np.ndarray, threshold: float = 1e-4) -> float:
    loud = np.flatnonzero(np.abs(x).max(axis=1) > threshold)
    return loud[0] / SR if len(loud) else float("inf")


def test_a_gesture_told_ahead_starts_at_its_time(engine):
    """The gesture's stream is 1.5 s ahead of what is heard when its event is told, 1.8 s
    before it falls: it starts at 2.0 s (within a fade-in), not when the queue reaches it."""
    stream = synth.gesture_stream("tapping", {"rate_hz": 8.0}, 1.0, seed=1)
    told = []

    def source(t0, t1, arg):
        events = [(0, 2.0 - t1)] if t1 >= 0.2 and not told else []
        told.extend(events)
        return np.array([[0.0, 0.0, -1.0]]), np.ones(1), events

    engine.prepare([VoiceSpec("taps", SILENCE, loop=False, stream=stream)], source=source)
    engine.set_master(1.0, immediate=True)
    out, t = [], 0.0
    for _ in range(int(3.5 * SR / FRAME)):
        engine.set_listener(Pose.make())
        engine.advance(t, t + FRAME / SR, None, FRAME / SR)
        out.append(engine.render(FRAME))
        t += FRAME / SR
    x = np.concatenate(out)
    assert told
    assert 1.99 <= onset_s(x) <= 2.06, onset_s(x)


def test_a_one_off_plays_where_it_is_put_and_is_freed_when_it_ends(engine):
    engine.prepare([])
    engine.set_master(1.0, immediate=True)
    left = VoiceSpec(
        "brush", SILENCE, stream=make_gesture("brush", 1.0, seed=4), head_anchored=True
    )
    assert engine.play_once(left, (-0.4, 0.0, 0.0))
    x = np.concatenate([engine.render(FRAME) for _ in range(int(0.9 * SR / FRAME))])
    assert np.mean(x[:, 0] ** 2) > 4 * np.mean(x[:, 1] ** 2)  # the left ear hears it most
    assert engine._oneoffs.playing
    tail = np.concatenate([engine.render(FRAME) for _ in range(int(2.0 * SR / FRAME))])
    assert not engine._oneoffs.playing  # its source and buffers are freed
    assert np.abs(tail[-SR // 2 :]).max() == 0.0


def test_one_offs_are_limited_and_a_silent_engine_plays_none(engine):
    voices = [
        VoiceSpec("tap", SILENCE, stream=make_gesture("tap", 2.0, seed=k))
        for k in range(MAX_ONE_OFFS + 1)
    ]
    started = [engine.play_once(v, (0.0, 0.0, -1.0)) for v in voices]
    assert started == [True] * MAX_ONE_OFFS + [False]
    assert not engine.play_once(VoiceSpec("still", SILENCE), (0, 0, -1))  # not a stream
    assert SilentEngine().play_once(voices[0], (0.0, 0.0, -1.0)) is False


def test_a_stream_that_runs_dry_is_counted(engine):
    """Mixing past what is queued (as a starved sound thread would let happen) is a gap the
    listener hears; the engine counts it and plays on."""
    bed = synth.stream("pink_noise", {}, seed=1)
    engine.prepare([VoiceSpec("bed", SILENCE, stream=bed)])
    engine.set_master(1.0, immediate=True)
    engine.update(np.array([[0.0, 0.0, -1.0]]), np.ones(1), 0.01)
    engine.render(SR // 2)
    assert engine.status.stream_underruns == 0
    starved = np.zeros((2 * SR, 2), np.float32)
    engine.device.render_into(starved)  # 2 s mixed with nobody feeding the queue
    after = engine.render(SR // 2)
    assert engine.status.stream_underruns == 1
    assert np.abs(after[-SR // 4 :]).max() > 0  # and it plays again
