"""A regression on purpose, to show that a row tells one from noise: ``BENCH_INJECT_MS``.

``BENCH_INJECT_MS=5 python -m benchmarks bench_desktop`` adds 5 ms of busy work (CPU, so
rows timed in CPU time see it as well as rows timed on the wall clock) to every step of a
measured path, never to its floor: each preview frame, each scene-switch frame, each
garbage collection on the frame path, each offline-render pass. The rows that guard those
paths must then fail. Unset or 0: nothing is added.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import time


def injected_ms() -> float:
    """Milliseconds of busy work to add per measured step (0 unless ``BENCH_INJECT_MS``)."""
    return float(os.environ.get("BENCH_INJECT_MS", "0") or 0)


def busy(ms: float) -> None:
    """Spin until the calling thread has used ``ms`` more milliseconds of CPU."""
    end = time.thread_time() + ms / 1e3
    while time.thread_time() < end:
        pass


def slowed(fn):
    """``fn`` with the injected work before each call (``fn`` itself when none is injected)."""
    ms = injected_ms()
    if not ms:
        return fn

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        busy(ms)
        return fn(*args, **kwargs)

    return wrapper


@contextlib.contextmanager
def collections_slowed(monitor):
    """While inside, the injected work runs within every collection that ``monitor`` (a
    ``GCMonitor``) times: first among ``gc.callbacks``, so before the monitor's "stop"."""
    ms = injected_ms()

    def work(phase: str, _info: dict) -> None:
        if phase == "stop" and not monitor.ignoring:
            busy(ms)

    if ms:
        gc.callbacks.insert(0, work)
    try:
        yield
    finally:
        if work in gc.callbacks:
            gc.callbacks.remove(work)
