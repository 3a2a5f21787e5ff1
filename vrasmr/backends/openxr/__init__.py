"""Headset mode over OpenXR (pyopenxr). Light to import: ``xr`` loads only in run_headset.

``probe_runtime()`` answers cheaply whether a runtime is installed; ``run_headset`` opens a
session, runs the App in it and returns the process exit status (2: no runtime).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .probe import RuntimeProbe, probe_runtime

EXIT_NO_RUNTIME = 2

__all__ = ["EXIT_NO_RUNTIME", "RuntimeProbe", "probe_runtime", "run_headset", "run_session"]


def run_headset(
    scene_id: str | None,
    app_factory: Callable[..., Any],
    *,
    mirror: bool = False,
    options: Any = None,
    frames: int = 0,
) -> int:
    """Run ``app_factory(ctx=moderngl_context, scene_id=...)`` in the headset until it exits.

    ``options`` is a :class:`.settings.HeadsetOptions` (defaults when None). Returns 0 on a
    normal exit, 1 when the runtime was lost, 2 when no runtime could be reached (after one
    clear line on stderr). ``frames`` > 0 asks the runtime to end the session after that
    many frames (a clean xrRequestExitSession, for checks against a runtime).
    """
    from .loop import HeadsetOptions
    from .probe import NoRuntimeError

    options = options or HeadsetOptions()
    if frames > 0:
        options = replace(options, loop=replace(options.loop, max_frames=frames))
    probe = probe_runtime()
    if not probe.available:
        print(f"vrasmr: {probe.reason}", file=sys.stderr)
        return EXIT_NO_RUNTIME
    os.environ.setdefault("XR_LOADER_DEBUG", "none")  # our one line replaces the loader's
    try:
        from .xr_runtime import open_runtime
    except ImportError as exc:
        print(
            f"vrasmr: headset mode needs pyopenxr ({exc}); or use `vrasmr preview`", file=sys.stderr
        )
        return EXIT_NO_RUNTIME
    try:
        runtime = open_runtime(options, mirror=mirror)
    except NoRuntimeError as exc:
        print(f"vrasmr: {exc}", file=sys.stderr)
        return EXIT_NO_RUNTIME
    return run_session(runtime, app_factory, scene_id, options.loop)


def run_session(
    runtime, app_factory: Callable[..., Any], scene_id: str | None, loop_options
) -> int:
    """Make the App on ``runtime``'s GL context, say its notices, run the loop to the end.

    SIGTERM and SIGHUP (a shutdown, a closed terminal) end the session as Ctrl-C does: the
    runtime is asked to exit, the App closes and the journal gets its end; the previous
    handlers are back afterwards. ``runtime`` is an :class:`.contracts.XrRuntime`.
    """
    from vrasmr.backends.notices import say_notices
    from vrasmr.backends.signals import stop_on_signals

    from .loop import HeadsetLoop

    with stop_on_signals() as stop:
        try:
            app = app_factory(ctx=runtime.ctx, scene_id=scene_id)
        except BaseException:
            runtime.close()
            raise
        say_notices(app)
        return HeadsetLoop(runtime, app, loop_options, stop_requested=stop.requested).run()
