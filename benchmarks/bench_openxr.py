"""Python-side cost per headset frame, without and (optionally) with an OpenXR runtime.

Without a runtime: what the loop does with one frame's located poses on real pyopenxr
structs (head and views read as float rows, the world placement, the App's Frame built).

With a runtime: any runtime the OpenXR loader is pointed at by ``XR_RUNTIME_JSON`` (e.g.
Monado's simulated headset with its null compositor: docs/headset.md). A real session is
driven by the real loop with an App that draws nothing, for ``BENCH_OPENXR_FRAMES`` frames
(default 300). Every OpenXR call of the frame is timed, so the rows separate the time spent
in our Python (loop + binding: wait, begin, locate incl. actions, end) from the time inside
the runtime (xrWaitFrame blocks until the next display period). The timing wrappers' own
overhead lands on the Python side, so its figure is an upper bound. Without a reachable
runtime those rows say "not measured" (never a pass). Target: Python side <= 0.25 ms median.
"""

from __future__ import annotations

import ctypes
import os
import statistics
import time

from benchmarks.rows import over, row

TARGET_MS = 0.25
RUNTIME_NOTE = (
    "not measured: set XR_RUNTIME_JSON to an OpenXR runtime's manifest to measure against it "
    "(e.g. Monado's simulated headset: docs/headset.md; an X display for GLX)"
)
UNTIMED_CALLS = frozenset({"xrPollEvent"})  # the loop's other hot calls are timed
SWAPCHAIN_CALLS = frozenset(
    {"xrAcquireSwapchainImage", "xrWaitSwapchainImage", "xrReleaseSwapchainImage"}
)


def _median_ms(fn, repeats: int = 2000) -> float:
    for _ in range(100):
        fn()
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000.0


def _under_target(name: str, value_ms: float) -> dict:
    return row(
        name,
        value_ms,
        "ms",
        f"<= {TARGET_MS} ms",
        value_ms <= TARGET_MS,
        TARGET_MS,
        over(value_ms, TARGET_MS),
        digits=5,
    )


def run() -> list[dict]:
    import xr  # switches PyOpenGL to GLX: imported only inside this benchmark

    from vrasmr.backends.openxr.contracts import Tracked
    from vrasmr.backends.openxr.converters import float_rows, pose_from_floats, pose_is_valid
    from vrasmr.backends.openxr.loop import HeadsetLoop, LoopOptions
    from vrasmr.xmath import quat_from_yaw_pitch_roll

    views = (xr.View * 2)(*[xr.View() for _ in range(2)])
    for i, v in enumerate(views):
        v.pose.orientation.w = 1.0
        v.pose.position.x = -0.03 + 0.06 * i
        v.fov.angle_left, v.fov.angle_right, v.fov.angle_up, v.fov.angle_down = -0.9, 0.8, 0.8, -0.9
    heads = (xr.SpaceLocation * 1)(xr.SpaceLocation(location_flags=0xF))
    q = quat_from_yaw_pitch_roll(0.1, 1.4, 0.0)
    o = heads[0].pose.orientation
    o.x, o.y, o.z, o.w = (float(c) for c in q)
    view_rows = float_rows(views, xr.View.pose.offset, 11)
    head_rows = float_rows(heads, xr.SpaceLocation.pose.offset, 7)
    pvs = (xr.CompositionLayerProjectionView * 2)(
        *[xr.CompositionLayerProjectionView() for _ in range(2)]
    )
    end_info = xr.FrameEndInfo()
    view_state = xr.ViewState(view_state_flags=0xF)
    loop = HeadsetLoop(None, _NullApp(), LoopOptions())  # type: ignore[arg-type]
    clock = [10_000_000_000]

    def binding_side() -> None:  # what XrSessionRuntime.locate and the loop do per frame
        assert pose_is_valid(heads[0].location_flags)
        assert pose_is_valid(view_state.view_state_flags)
        head = pose_from_floats(head_rows[0].tolist())
        tracked = Tracked(head, (), view_rows=view_rows.tolist())
        for i in range(2):
            pvs[i].pose = views[i].pose
            pvs[i].fov = views[i].fov
        clock[0] += 11_111_111
        end_info.display_time = clock[0]
        ctypes.byref(end_info)
        loop.placement.update(clock[0], clock[0] * 1e-9, head)
        loop.frame_from_tracked(tracked, clock[0] * 1e-9)

    ms = _median_ms(binding_side)
    rows = [_under_target("openxr_struct_and_conversion_per_frame", ms)]
    try:
        rows += _runtime_rows(int(os.environ.get("BENCH_OPENXR_FRAMES", "300")))
    except Exception as exc:  # noqa: BLE001 - a broken runtime must not fail the others
        rows += _not_measured(f"the runtime failed: {type(exc).__name__}: {exc}"[:300])
    return rows


class _NullApp:
    """An App that draws nothing: the benchmark times the loop and the binding alone."""

    def step(self, frame):
        return None

    def draw(self, *args, **kwargs):
        pass

    def audio_hold(self):
        pass

    def notices(self):
        return []

    def close(self, reason):
        pass


def _info(name: str, value: float, note: str) -> dict:
    """A figure reported alongside the target, with no verdict of its own (``passed`` None)."""
    return {
        "name": name,
        "value": round(value, 5),
        "unit": "ms",
        "floor": None,
        "ratio": None,
        "target": "informational",
        "passed": None,  # reported, not judged
        "note": note,
    }


RUNTIME_ROWS = (
    "openxr_runtime_python_side_per_frame",
    "openxr_runtime_python_side_p99",
    "openxr_runtime_calls_per_frame",
    "openxr_runtime_wait_frame_blocked",
    "openxr_runtime_render_python_side",
)


def _not_measured(note: str) -> list[dict]:
    """The runtime rows, each saying it was not measured (and why): never a pass."""
    return [
        {
            "name": name,
            "value": None,
            "unit": "ms",
            "floor": TARGET_MS if k == 0 else None,
            "ratio": None,
            "target": f"<= {TARGET_MS} ms" if k == 0 else "informational",
            "passed": None,  # not measured: no verdict either way
            "note": note,
        }
        for k, name in enumerate(RUNTIME_ROWS)
    ]


def _name(runtime) -> str:
    """The runtime's own name and version, as xrGetInstanceProperties says."""
    try:
        import xr

        props = xr.get_instance_properties(runtime.system.instance)
        v = xr.Version(props.runtime_version)
        return f"{props.runtime_name.decode()} {v.major}.{v.minor}.{v.patch}"
    except Exception as exc:  # noqa: BLE001 - the name is a courtesy
        return f"name unknown: {exc}"


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class _CallTimer:
    """Wraps the loop's OpenXR functions (:mod:`rawcalls`) to add up the runtime's time."""

    def __init__(self, raw) -> None:
        self.raw = raw
        # Every hot call the loop makes through :mod:`rawcalls`, so a new one is timed too.
        self.saved = {n: fn for n, fn in vars(raw).items() if n not in UNTIMED_CALLS}
        self.inside = dict.fromkeys(self.saved, 0.0)

    def install(self) -> None:
        inside, perf = self.inside, time.perf_counter
        for name, fn in self.saved.items():

            def timed(*args, _fn=fn, _name=name):  # as light as it can be: it counts as ours
                t0 = perf()
                result = _fn(*args)  # raw calls return codes; they do not raise
                inside[_name] += perf() - t0
                return result

            setattr(self.raw, name, timed)

    def uninstall(self) -> None:
        for name, fn in self.saved.items():
            setattr(self.raw, name, fn)

    def take(self) -> dict[str, float]:
        out = dict(self.inside)
        for name in self.inside:
            self.inside[name] = 0.0
        return out


def _runtime_rows(frames: int, warmup: int = 30) -> list[dict]:
    """Drive a real session with the real loop and an App that draws nothing."""
    if not os.environ.get("XR_RUNTIME_JSON"):
        return _not_measured(RUNTIME_NOTE)
    from vrasmr.backends.openxr import rawcalls
    from vrasmr.backends.openxr.loop import EXIT_OK, HeadsetLoop, HeadsetOptions, LoopOptions
    from vrasmr.backends.openxr.probe import NoRuntimeError
    from vrasmr.backends.openxr.xr_runtime import open_runtime

    try:
        runtime = open_runtime(HeadsetOptions(), mirror=False)
    except NoRuntimeError as exc:
        return _not_measured(f"no runtime: {exc}"[:300])

    name = _name(runtime)  # while the instance lives
    loop = HeadsetLoop(runtime, _NullApp(), LoopOptions(max_frames=warmup + frames))
    timer = _CallTimer(rawcalls.raw)
    samples: list[tuple[float, float, dict[str, float]]] = []  # frame, render, inside
    render_time = [0.0]
    real_render, real_frame = runtime.render, loop._frame

    def render(views, draw):
        t0 = time.perf_counter()
        try:
            real_render(views, draw)
        finally:
            render_time[0] += time.perf_counter() - t0

    def frame():
        timer.take()
        render_time[0] = 0.0
        t0 = time.perf_counter()
        real_frame()
        samples.append((time.perf_counter() - t0, render_time[0], timer.take()))

    runtime.render, loop._frame = render, frame
    timer.install()
    try:
        status = loop.run()
    finally:
        timer.uninstall()
    measured = [s for s in samples[warmup:] if s[1] > 0.0]  # frames with a projection layer
    if status != EXIT_OK or len(measured) < 10:
        return _not_measured(f"session ended early (status {status}, {len(measured)} frames)")
    binding, wait, calls, render_py = [], [], [], []
    for total, rendering, inside in measured:
        runtime_s = sum(v for k, v in inside.items() if k not in SWAPCHAIN_CALLS)
        swap_s = sum(inside[k] for k in SWAPCHAIN_CALLS)
        binding.append((total - rendering - runtime_s) * 1000.0)
        render_py.append((rendering - swap_s) * 1000.0)
        wait.append(inside["xrWaitFrame"] * 1000.0)
        calls.append((runtime_s - inside["xrWaitFrame"]) * 1000.0)
    median = statistics.median(binding)
    note = f"{len(measured)} frames against {os.environ['XR_RUNTIME_JSON']} ({name})"
    main = _under_target("openxr_runtime_python_side_per_frame", median)
    main["note"] = note + "; loop + wait/begin/locate/end in Python, runtime time taken out"
    return [
        main,
        _info("openxr_runtime_python_side_p99", _percentile(binding, 0.99), note),
        _info(
            "openxr_runtime_calls_per_frame",
            statistics.median(calls),
            note + "; inside xrBeginFrame/LocateViews/LocateSpace/SyncActions/EndFrame",
        ),
        _info("openxr_runtime_wait_frame_blocked", statistics.median(wait), note),
        _info(
            "openxr_runtime_render_python_side",
            statistics.median(render_py),
            note + "; swapchain acquire/wait/release and sRGB toggles, App draws nothing",
        ),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
