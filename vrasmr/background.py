"""Work beside the frame loop (scene loading, sound making, menu painting) runs at a lower
CPU priority, so on a small machine the frame thread and the renderer's threads come first."""

from __future__ import annotations

import contextlib
import os
import threading

BACKGROUND_NICE = 10


def lower_this_thread(nice: int = BACKGROUND_NICE) -> None:
    """Lower the calling thread's priority (Linux schedules threads one by one); a no-op
    where that is not possible."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
