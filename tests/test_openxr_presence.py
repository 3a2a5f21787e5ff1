"""XR_EXT_user_presence: the headset taken off, as the runtime says it, with the loop's fakes;
the events decoded from real pyopenxr structs (in a child process: ``xr`` switches GLX)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.test_openxr_loop import FOCUS, QUIT, run
from vrasmr.backends.openxr.contracts import PresenceChanged

ROOT = Path(__file__).resolve().parent.parent


def sensing_run(script):
    loop, rt, app, clock = run(script)
    rt.user_presence = True  # the system senses presence (XrSystemUserPresencePropertiesEXT)
    from vrasmr.backends.openxr.loop import HeadsetLoop

    loop = HeadsetLoop(rt, app, loop.options, clock=clock, sleep=clock.sleep)
    return loop, rt, app


def test_taken_off_draws_nothing_and_an_end_while_off_is_headset_removed():
    loop, rt, app = sensing_run([*FOCUS, [], [PresenceChanged(False)], [], [], *QUIT])
    loop.run()
    off = rt.calls.index("end_frame:empty", rt.calls.index("render"))
    assert "render" not in rt.calls[off:]  # nothing drawn once the headset came off
    assert app.holds >= 2  # the App held the listener (the sound and the fade go on)
    assert app.closed == "headset_removed"
    assert loop.presence.removals == 1


def test_put_back_on_draws_again_and_ends_as_usual():
    script = [*FOCUS, [], [PresenceChanged(False)], [], [PresenceChanged(True)], [], *QUIT]
    loop, rt, app = sensing_run(script)
    loop.run()
    assert rt.calls.count("render") >= 2 and app.closed == "user"


def test_without_the_extension_the_session_state_decides_as_before():
    loop, rt, app, _ = run([*FOCUS, [], [], *QUIT])  # the fake has no user_presence
    assert not loop.presence.sensed
    loop.run()
    assert app.closed == "user"


DECODE = """
import ctypes, json, xr
from vrasmr.backends.openxr.xr_runtime import decode_event
from vrasmr.backends.openxr.xr_setup import enabled_extensions

LOCAL = xr.ReferenceSpaceType.LOCAL.value

def filled(struct, **fields):
    buf = xr.EventDataBuffer()
    ev = ctypes.cast(ctypes.byref(buf), ctypes.POINTER(struct)).contents
    ctypes.memmove(ctypes.byref(buf), ctypes.byref(struct()), ctypes.sizeof(struct))
    for name, value in fields.items():
        setattr(ev, name, value)
    return buf

out = {}
out["off"] = repr(decode_event(filled(xr.EventDataUserPresenceChangedEXT, is_user_present=0), LOCAL))
out["on"] = repr(decode_event(filled(xr.EventDataUserPresenceChangedEXT, is_user_present=1), LOCAL))
pose = xr.Posef(xr.Quaternionf(0, 0.5 ** 0.5, 0, 0.5 ** 0.5), xr.Vector3f(0.1, 0, -0.2))
moved = filled(xr.EventDataReferenceSpaceChangePending, reference_space_type=LOCAL,
               change_time=123456789, pose_valid=1, pose_in_previous_space=pose)
ev = decode_event(moved, LOCAL)
out["space"] = [type(ev).__name__, ev.change_time_ns, ev.previous_from_new.position.tolist(),
                ev.previous_from_new.orientation.tolist()]
ev = decode_event(filled(xr.EventDataReferenceSpaceChangePending, reference_space_type=LOCAL,
                         change_time=5, pose_valid=0), LOCAL)
out["space_no_pose"] = [ev.change_time_ns, ev.previous_from_new]
view = xr.ReferenceSpaceType.VIEW.value
out["view_space"] = repr(decode_event(filled(xr.EventDataReferenceSpaceChangePending,
                                             reference_space_type=view, pose_valid=1), LOCAL))
out["enabled"] = enabled_extensions({"XR_KHR_opengl_enable", "XR_EXT_user_presence", "XR_X"})
out["plain"] = enabled_extensions({"XR_KHR_opengl_enable"})
# the frame path reads the raw flag fields (the properties build enum Flags, ~10x slower)
out["raw_flags"] = [xr.SpaceLocation(location_flags=3)._location_flags,
                    xr.ViewState(view_state_flags=3)._view_state_flags]
print(json.dumps(out))
"""


def test_runtime_events_decode_from_pyopenxr_structs(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", DECODE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["off"] == "PresenceChanged(present=False)"
    assert got["on"] == "PresenceChanged(present=True)"
    name, when, position, orientation = got["space"]
    assert name == "SpaceChanged" and when == 123456789
    assert position == [0.10000000149011612, 0.0, -0.20000000298023224]
    assert abs(orientation[1] - 0.5**0.5) < 1e-6 and abs(orientation[3] - 0.5**0.5) < 1e-6
    assert got["space_no_pose"] == [5, None]
    assert got["view_space"] == "None"  # a recentre of another space is not ours
    assert got["enabled"] == ["XR_KHR_opengl_enable", "XR_EXT_user_presence"]
    assert got["plain"] == ["XR_KHR_opengl_enable"]
    assert got["raw_flags"] == [3, 3]
