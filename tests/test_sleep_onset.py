"""Sleep onset from head motion, on synthetic pose traces with known truths."""

from __future__ import annotations

import math

import numpy as np
import pytest

from vrasmr.sleep.night_watch import NightWatch
from vrasmr.sleep.onset import MOUSE_SETTLE_S
from vrasmr.sleep.pose_nights import replay, trace_set
from vrasmr.sleep.pose_signal import WINDOW_S
from vrasmr.sleep.pose_traces import TraceSpec, make_trace


@pytest.mark.parametrize("bpm", [6.0, 9.0, 12.0, 16.0, 20.0])
def test_breathing_rate_within_one_breath_a_minute(bpm):
    """Asleep from the start at a known rate: every window that gives a rate is within
    +-1 breath a minute of the breaths actually taken, and most windows give one."""
    spec = TraceSpec(seed=int(bpm), minutes=8.0, onset_min=0.0, asleep_bpm=bpm, awake_bpm=bpm)
    result = replay(make_trace(spec))
    still_windows = [r for r in result.readings if r.t > WINDOW_S + 200]
    assert len(result.rate_errors) >= 0.9 * len(still_windows)
    assert max(abs(e) for e in result.rate_errors) <= 1.0


def test_onset_within_five_minutes_and_never_asleep_while_moving():
    spec = TraceSpec(seed=7, minutes=32.0, onset_min=12.0, quiet_wake_min=3.0, turns_min=(27.0,))
    trace = make_trace(spec)
    result = replay(trace)
    assert result.onset_error_min is not None
    assert abs(result.onset_error_min) <= 5.0
    assert result.asleep_while_moving == 0
    assert result.latencies_s and max(result.latencies_s) <= 2.0  # the turn at 27 min
    # asleep again after the turn, once still for a while
    assert result.readings[-1].asleep


@pytest.mark.parametrize(
    "spec",
    [
        TraceSpec(seed=11, minutes=30.0, onset_min=None, fidget_every_min=5.0),
        TraceSpec(seed=12, minutes=30.0, onset_min=None, off=((6.0, 30.0, "frozen"),)),
        TraceSpec(seed=13, minutes=30.0, onset_min=None, off=((6.0, 30.0, "absent"),)),
    ],
    ids=["awake-lying-still", "headset-off-frozen", "headset-off-absent"],
)
def test_no_onset_when_awake_or_headset_off(spec):
    result = replay(make_trace(spec))
    assert result.onset_s is None
    assert not any(r.asleep for r in result.readings)
    if spec.off:
        late = [r for r in result.readings if r.t > spec.off[0][0] * 60 + 10]
        assert late and all(r.state == "off" for r in late)


@pytest.mark.slow
def test_the_whole_trace_set():
    """The figures' trace set: onsets within 5 minutes, no onset where there was none,
    never asleep while moving, rates within +-1 a minute in 99 % of windows."""
    errors = []
    for spec in trace_set():
        result = replay(make_trace(spec))
        if spec.onset_min is None:
            assert result.onset_s is None, spec.label
        else:
            assert abs(result.onset_error_min) <= 5.0, spec.label
        assert result.asleep_while_moving == 0, spec.label
        errors += result.rate_errors
    assert np.mean(np.abs(errors) <= 1.0) >= 0.99


def test_mouse_stillness_stands_in_for_the_preview():
    """No breathing from a mouse: fifteen minutes untouched is sleep, dated to the start."""
    watch = NightWatch("mouse", inline=True)
    head = ([0.0, 0.0, 0.0, 1.0], (0.0, 1.6, 0.0))
    t = 0.0
    while t < 120.0:  # looking around for two minutes
        yaw = 0.3 * math.sin(t)
        watch.feed(t, [0.0, math.sin(yaw / 2), 0.0, math.cos(yaw / 2)], head[1])
        t += 1 / 30
    moved_until = t
    while t < moved_until + MOUSE_SETTLE_S + 30.0:  # then the mouse is left alone
        watch.feed(t, *head)
        t += 1 / 30
    assert watch.asleep
    # (a still spell starts once the head has also stayed put against 30 s before)
    assert 0.0 <= watch.reading.onset_s - moved_until <= 40.0
    watch.activity(t)  # a click: not asleep at once
    assert not watch.asleep


def test_the_worker_reads_the_same_as_inline():
    trace = make_trace(TraceSpec(seed=3, minutes=4.0, onset_min=0.0, asleep_bpm=10.0))
    inline, worker = NightWatch(inline=True), NightWatch()
    quat, pos = trace.quat.tolist(), trace.pos.tolist()
    for k, t in enumerate(trace.t.tolist()):
        inline.feed(t, quat[k], pos[k])
        worker.feed(t, quat[k], pos[k])
    worker.close()  # waits for the windows handed over
    assert worker.reading == inline.reading
    assert inline.reading.breathing_bpm == pytest.approx(10.0, abs=1.0)


def test_in_the_preview_a_moving_cursor_is_not_sleep():
    """The head pose of the preview is still while the mouse only points: the cursor moving
    over the picture (the menu) is activity all the same."""
    from vrasmr.frame import Frame, Pointer
    from vrasmr.sleep.night import Night
    from vrasmr.xmath import Pose

    night = Night(NightWatch("mouse", inline=True))
    head = Pose.make((0.0, 1.6, 0.0))
    t = 0.0
    while t < MOUSE_SETTLE_S + 60.0:
        wobble = 0.05 * math.sin(t / 7.0)  # the hand on the mouse, all along
        ray = Pointer("mouse", np.zeros(3), np.array([wobble, 0.0, -1.0]))
        night.observe(Frame(t, head, (), (ray,)), t)
        t += 1 / 10
    assert night.onset_s is None and not night.watch.asleep
