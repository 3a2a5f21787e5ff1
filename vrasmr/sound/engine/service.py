"""The sound thread of a playback engine (``vrasmr-sound``): it applies each frame's posts
as they arrive and, every :data:`SERVICE_TICK_S`, steps the master fade, the retiring banks,
the streams and the device watch, so all of them go on when frames stop (headset off)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

SERVICE_TICK_S = 0.01


class ServiceThread:
    """Runs ``apply()`` on every wake (a post) and ``tick(dt, now)`` once per tick."""

    def __init__(
        self,
        wake: threading.Event,
        apply: Callable[[], None],
        tick: Callable[[float, float], None],
        on_error: Callable[[Exception], None],
    ):
        self._wake = wake
        self._apply = apply
        self._tick = tick
        self._on_error = on_error
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="vrasmr-sound", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        last = time.monotonic()
        while not self._stop.is_set():
            self._wake.wait(SERVICE_TICK_S)  # a frame's post, or the next tick
            self._wake.clear()
            self._apply()
            now = time.monotonic()
            if now - last < SERVICE_TICK_S * 0.9:
                continue  # a frame woke us early; the rest runs on its own tick
            try:
                self._tick(now - last, now)
            except Exception as exc:
                self._on_error(exc)
            last = now

    def stop(self, timeout: float = 1.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=timeout)
