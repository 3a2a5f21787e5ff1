"""SIGTERM and SIGHUP end a session the way Ctrl-C does, instead of killing the process.

A system shutdown sends SIGTERM and a closed terminal SIGHUP; left alone, either kills
vrasmr at once: the headset session is never ended, the App never closes and the journal
row has no end time. Inside :func:`stop_on_signals` they only set a flag that the backend's
loop reads once a frame (a handler never raises into the frame path); the loop then winds
down as for Ctrl-C, and the previous handlers come back when the block ends.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class StopRequest:
    """Set when one of the signals arrived; ``signal`` says which."""

    def __init__(self) -> None:
        self.signal: int | None = None

    def requested(self) -> bool:
        return self.signal is not None

    def _handle(self, signum: int, frame) -> None:
        self.signal = signum  # only a flag: the loop decides when to stop


@contextlib.contextmanager
def stop_on_signals(signals: tuple[int, ...] = STOP_SIGNALS) -> Iterator[StopRequest]:
    """Turn ``signals`` into a :class:`StopRequest` for the duration of the block.

    Outside the main thread (where Python cannot set handlers) the request is never set
    and nothing changes. The handlers in place before (Python's or the defaults) are put
    back on leaving, even on an exception.
    """
    request = StopRequest()
    if threading.current_thread() is not threading.main_thread():
        yield request
        return
    previous: dict[int, object] = {}
    try:
        for signum in signals:
            previous[signum] = signal.signal(signum, request._handle)
        yield request
    finally:
        for signum, handler in previous.items():
            # None: the handler was not set from Python; the default is the honest fallback
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
