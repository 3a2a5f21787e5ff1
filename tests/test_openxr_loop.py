"""The headset loop against a scripted fake runtime and a fake app."""

from __future__ import annotations

import math

import numpy as np
import pytest

from vrasmr.backends.openxr.contracts import (
    FrameTiming,
    InstanceLost,
    PresenceChanged,
    SpaceChanged,
    StateChanged,
    Tracked,
)
from vrasmr.backends.openxr.loop import EXIT_LOST, EXIT_OK, HeadsetLoop, LoopOptions
from vrasmr.backends.openxr.states import SessionState as S
from vrasmr.frame import View
from vrasmr.xmath import Fov, Pose, quat_from_yaw_pitch_roll

FOV = Fov(-0.8, 0.8, 0.8, -0.8)


def lying_head() -> Pose:
    return Pose.make((0.0, 0.4, 0.0), quat_from_yaw_pitch_roll(pitch=math.pi / 2))


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.sleeps.append(s)
        self.now += s


class FakeRuntime:
    """Each tick pops one list of events; frames advance 11 ms of display time."""

    def __init__(self, script, clock, *, should_render=True, head=None, fail_create=0):
        self.script = list(script)
        self.clock = clock
        self.calls: list[str] = []
        self.should_render = should_render
        self.head = head or lying_head()
        self.time_ns = 10_000_000_000
        self.fail_create = fail_create
        self.menu_held = False
        self.lose_on_wait = False

    def poll_events(self):
        return self.script.pop(0) if self.script else []

    def create_session(self):
        self.calls.append("create")
        if self.fail_create:
            self.fail_create -= 1
            raise RuntimeError("headset unplugged")

    def destroy_session(self):
        self.calls.append("destroy")

    def begin_session(self):
        self.calls.append("begin")

    def end_session(self):
        self.calls.append("end")

    def request_exit(self):
        self.calls.append("request_exit")

    def wait_frame(self):
        self.calls.append("wait")
        if self.lose_on_wait:
            self.lose_on_wait = False
            raise type("SessionLostError", (Exception,), {})()
        self.time_ns += 11_000_000
        self.clock.now += 0.011
        return FrameTiming(self.should_render, self.time_ns)

    def begin_frame(self):
        self.calls.append("begin_frame")

    def locate(self, t):
        self.calls.append("locate")
        views = tuple(View(self.head.compose(Pose.make((dx, 0, 0))), FOV) for dx in (-0.03, 0.03))
        aims = {"aim_right": self.head.compose(Pose.make((0.2, -0.3, -0.2)))}
        return Tracked(self.head, views, aims, frozenset({"aim_right"}), False, self.menu_held)

    def render(self, views, draw):
        self.calls.append("render")
        for i, v in enumerate(views):
            draw(i, v, f"fbo{i}", (100, 100), False)

    def end_frame(self, t, with_layers):
        self.calls.append(f"end_frame:{'layers' if with_layers else 'empty'}")

    def close(self):
        self.calls.append("close")


class FakeApp:
    def __init__(self):
        self.frames = []
        self.draws = []
        self.holds = 0
        self.closed = None

    def step(self, frame):
        self.frames.append(frame)
        return len(self.frames)

    def draw(self, state, view, target, size, *, viewport=None, encode_srgb=True):
        self.draws.append((state, view, target, size, encode_srgb))

    def audio_hold(self):
        self.holds += 1

    def close(self, reason):
        self.closed = reason


def run(script, **kw):
    clock = FakeClock()
    options = kw.pop("options", LoopOptions())
    rt = FakeRuntime(script, clock, **kw)
    app = FakeApp()
    loop = HeadsetLoop(rt, app, options, clock=clock, sleep=clock.sleep)
    return loop, rt, app, clock


FOCUS = [
    [StateChanged(S.READY)],
    [StateChanged(S.SYNCHRONIZED)],
    [StateChanged(S.VISIBLE)],
    [StateChanged(S.FOCUSED)],
]
QUIT = [[StateChanged(S.STOPPING)], [StateChanged(S.IDLE)], [StateChanged(S.EXITING)]]


def test_full_lifecycle_renders_then_ends_and_exits():
    loop, rt, app, _ = run([[], *FOCUS, [], [], *QUIT])
    assert loop.run() == EXIT_OK
    assert rt.calls.count("begin") == 1 and rt.calls.count("end") == 1
    assert rt.calls[-1] == "close" and app.closed
    # Frames only between begin and end; layers only once visible.
    first_begin, end = rt.calls.index("begin"), rt.calls.index("end")
    assert all(i > first_begin for i, c in enumerate(rt.calls) if c == "wait")
    assert all(i < end for i, c in enumerate(rt.calls) if c == "wait")
    assert rt.calls.count("render") == rt.calls.count("end_frame:layers") == 4
    assert "end_frame:empty" in rt.calls  # READY/SYNCHRONIZED frames had no layers
    # Every wait_frame is followed by begin_frame and end_frame.
    assert (
        rt.calls.count("wait")
        == rt.calls.count("begin_frame")
        == (rt.calls.count("end_frame:layers") + rt.calls.count("end_frame:empty"))
    )


def test_frame_carries_world_space_head_views_pointers_and_session_time():
    loop, rt, app, _ = run([*FOCUS, [], *QUIT])
    loop.run()
    frame = app.frames[0]
    assert frame.time_s == 0.0 and app.frames[1].time_s == pytest.approx(0.011)
    # Bed mode: the lying head looks at the horizon in the world.
    np.testing.assert_allclose(frame.head.forward, [0, 0, -1], atol=1e-9)
    np.testing.assert_allclose(frame.head.position, [0, 0, 0], atol=1e-9)
    # The eyes use the same transform as the head (listener = eyes).
    np.testing.assert_allclose(frame.views[0].pose.position, [-0.03, 0, 0], atol=1e-9)
    names = [p.name for p in frame.pointers]
    assert names == ["aim_right", "gaze"]
    assert frame.pointers[0].select
    np.testing.assert_allclose(frame.pointers[1].direction, frame.head.forward)
    assert [d[2] for d in app.draws[:2]] == ["fbo0", "fbo1"]
    assert [d[1] for d in app.draws[:2]] == list(frame.views)
    assert app.draws[0][0] == 1  # draw gets the state step returned
    assert app.draws[0][4] is False  # the runtime's sRGB answer reaches the App


def test_headset_taken_off_holds_audio_and_keeps_pacing_without_layers():
    script = [*FOCUS, [], [PresenceChanged(False)], [], [], [PresenceChanged(True)], [], *QUIT]
    loop, rt, app, _ = run(script)
    loop.run()
    renders_before = rt.calls.index("end_frame:empty", rt.calls.index("render"))
    assert renders_before > 0
    holds_during_absence = app.holds
    assert holds_during_absence >= 2  # once at start (idle), once when taken off
    # Frames kept coming while off (xrWaitFrame paces; no busy loop, no sleep needed).
    off = rt.calls[renders_before:]
    assert off.count("end_frame:empty") >= 3
    assert "render" in off  # rendering resumed once the headset was back on


def test_not_running_sleeps_between_polls():
    loop, rt, app, clock = run([[], [], [StateChanged(S.EXITING)]])
    assert loop.run() == EXIT_OK
    assert clock.sleeps == [0.1, 0.1] and "wait" not in rt.calls
    assert app.holds == 1


def test_runtime_says_do_not_render():
    loop, rt, app, _ = run([*FOCUS, [], *QUIT], should_render=False)
    loop.run()
    assert "render" not in rt.calls and "locate" not in rt.calls and app.frames == []


def test_loss_pending_rebuilds_after_a_pause_and_retries():
    opts = LoopOptions(rebuild_delay_s=1.0, idle_sleep_s=0.5)
    script = [*FOCUS, [StateChanged(S.LOSS_PENDING)], [], [], [], [], [], [], *FOCUS, [], *QUIT]
    loop, rt, app, clock = run(script, options=opts, fail_create=1)
    assert loop.run() == EXIT_OK
    assert rt.calls.count("destroy") == 1
    assert rt.calls.count("create") == 2  # the first rebuild failed, the retry worked
    assert rt.calls.count("begin") == 2


def test_session_lost_error_in_a_frame_rebuilds():
    loop, rt, app, _ = run([*FOCUS, [], [], [], [], [], [], [], [], *FOCUS, *QUIT])
    rt.lose_on_wait = False
    loop.tick(), loop.tick(), loop.tick(), loop.tick()
    rt.lose_on_wait = True
    loop.tick()
    assert "destroy" in rt.calls and not loop.begun
    assert loop.run() == EXIT_OK


def test_instance_loss_exits_with_status_1():
    loop, rt, app, _ = run([*FOCUS, [InstanceLost()]])
    assert loop.run() == EXIT_LOST
    assert app.closed and rt.calls[-1] == "close"


def test_interrupt_requests_exit_and_gives_up_after_grace():
    loop, rt, app, clock = run([*FOCUS, []])
    real_tick = loop.tick
    state = {"n": 0}

    def tick():
        state["n"] += 1
        if state["n"] == 6:
            raise KeyboardInterrupt
        real_tick()

    loop.tick = tick
    assert loop.run() == EXIT_OK
    assert "request_exit" in rt.calls and app.closed == "interrupted"
    assert clock.now >= LoopOptions().exit_grace_s  # runtime never sent EXITING: gave up


def test_space_change_and_long_menu_press_recentre():
    opts = LoopOptions(recenter_hold_s=0.02)
    loop, rt, app, _ = run([*FOCUS, [], [SpaceChanged()], [], [], [], [], *QUIT], options=opts)
    for _ in range(5):
        loop.tick()
    first_world = loop.world_from_tracking
    rt.head = Pose.make((0, 0.4, 0), quat_from_yaw_pitch_roll(yaw=1.0, pitch=math.pi / 2))
    loop.tick()  # SpaceChanged: recentred on the new head
    assert loop.world_from_tracking is not first_world
    np.testing.assert_allclose(app.frames[-1].head.forward, [0, 0, -1], atol=1e-9)
    rt.menu_held = True
    loop.tick(), loop.tick(), loop.tick()
    assert any("recenter" in f.buttons for f in app.frames)
    assert sum("recenter" in f.buttons for f in app.frames) == 1


def test_app_can_request_recentre_through_its_state():
    class State:
        recenter_requested = True

    loop, rt, app, _ = run([*FOCUS, [], *QUIT])
    app.step = lambda frame: State()
    for _ in range(5):
        loop.tick()
    assert loop.world_from_tracking is None


def test_loop_draws_with_the_real_app_signature():
    import inspect

    from vrasmr.app import App

    loop, rt, app, _ = run([*FOCUS, [], *QUIT])
    calls = []
    app.draw = lambda *a, **kw: calls.append((a, kw))
    loop.run()
    args, kwargs = calls[0]
    inspect.signature(App.draw).bind(object(), *args, **kwargs)  # raises on a mismatch


def test_close_reasons_are_journal_end_reasons():
    from vrasmr.sleep.journal import END_REASONS

    loop, rt, app, _ = run([*FOCUS, [], *QUIT])
    loop.run()
    assert app.closed == "user"
    loop, rt, app, _ = run([*FOCUS, [InstanceLost()]])
    loop.run()
    assert app.closed == "error"
    loop, rt, app, _ = run([*FOCUS, []])
    rt.locate = lambda t: 1 / 0
    with pytest.raises(ZeroDivisionError):
        loop.run()
    assert app.closed == "error" and rt.calls[-1] == "close"
    assert {"user", "error", "interrupted"} <= set(END_REASONS)


def test_runtime_closes_even_when_the_app_close_fails():
    loop, rt, app, _ = run([*FOCUS, [], *QUIT])

    def bad_close(reason):
        raise ValueError(reason)

    app.close = bad_close
    with pytest.raises(ValueError):
        loop.run()
    assert rt.calls[-1] == "close"


def test_max_frames_requests_a_clean_exit():
    loop, rt, app, _ = run([*FOCUS, *([[]] * 10)], options=LoopOptions(max_frames=6))
    for _ in range(12):
        if loop.finished is not None:
            break
        loop.tick()
    # Asked once, right after the sixth frame; frames go on until the runtime says STOPPING.
    assert rt.calls.count("request_exit") == 1
    ended = [i for i, c in enumerate(rt.calls) if c.startswith("end_frame")]
    assert ended[5] < rt.calls.index("request_exit") < ended[6]
    rt.script = [*QUIT]
    assert loop.run() == EXIT_OK
    assert rt.calls.count("end") == 1 and app.closed == "user"
    assert loop.states_seen[-1] == S.EXITING


def test_menu_bed_mode_switch_replaces_the_world():
    class State:
        recenter_requested = False

        def __init__(self, bed):
            self.bed_mode = bed

    loop, rt, app, _ = run([*FOCUS, *([[]] * 10), *QUIT])
    app.bed_mode = None
    loop = HeadsetLoop(rt, app, LoopOptions(), clock=loop.clock, sleep=loop.sleep)
    assert app.bed_mode is True  # seeded, so the menu shows what the headset does
    wanted = {"bed": None}
    app.step = lambda frame: (app.frames.append(frame), State(wanted["bed"]))[1]
    for _ in range(6):
        loop.tick()
    np.testing.assert_allclose(app.frames[-1].head.forward, [0, 0, -1], atol=1e-9)
    wanted["bed"] = False  # the menu turns bed mode off: the lying head now looks up
    loop.tick()
    assert loop.world_from_tracking is None and loop.bed_mode is False
    loop.tick()
    np.testing.assert_allclose(app.frames[-1].head.forward, [0, 1, 0], atol=1e-9)
    wanted["bed"] = True
    loop.tick(), loop.tick()
    np.testing.assert_allclose(app.frames[-1].head.forward, [0, 0, -1], atol=1e-9)


def test_no_automatic_collections_while_the_headset_runs_and_restored_after():
    import gc

    loop, rt, app, _ = run([[], *FOCUS, [], [], *QUIT])
    seen = []
    real_step = app.step

    def step(frame):
        seen.append(gc.isenabled())
        return real_step(frame)

    app.step = step
    assert gc.isenabled()
    loop.run()
    assert seen and not any(seen)  # collected between frames by the policy, never mid-frame
    assert gc.isenabled()  # the collector is back as it was


def test_asleep_and_dark_the_frames_go_without_layers_while_the_app_keeps_stepping():
    """FrameState.render_idle: the App is still stepped (sound, sleep watch, menu button)
    but nothing is drawn; a frame with layers comes back as soon as it is cleared."""
    from types import SimpleNamespace

    loop, rt, app, _ = run([*FOCUS, [], [], [], [], [], *QUIT])
    idle = iter([False, True, True, True, False])
    plain_step = app.step

    def step(frame):
        plain_step(frame)
        return SimpleNamespace(render_idle=next(idle, False))

    app.step = step
    loop.run()
    located = [i for i, c in enumerate(rt.calls) if c == "locate"]
    frames = [next(c for c in rt.calls[i:] if c.startswith("end_frame")) for i in located]
    assert len(app.frames) == len(frames) >= 5
    assert frames[:5] == [
        "end_frame:layers",
        "end_frame:empty",
        "end_frame:empty",
        "end_frame:empty",
        "end_frame:layers",
    ]
    assert rt.calls.count("render") == loop.frames_drawn == rt.calls.count("end_frame:layers")
    plain_loop, _, plain_app, _ = run([*FOCUS, [], [], [], [], [], *QUIT])
    plain_loop.run()
    assert app.holds == plain_app.holds  # stepping on is not "headset off": no extra hold
