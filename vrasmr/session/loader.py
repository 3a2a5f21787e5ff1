"""The loading worker: one low-priority thread beside the frame loop that loads scenes for a
switch and renders the menu's missing thumbnails, one job at a time, in the order asked."""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)


class Loader:
    """A single worker thread at a lower CPU priority (made on first use)."""

    def __init__(self, name: str = "vrasmr-scene-load"):
        self.name = name
        self._pool: ThreadPoolExecutor | None = None
        self.closed = False

    def submit(self, job, *args) -> Future:
        """Run ``job(*args)`` on the worker after what was asked before it; RuntimeError
        once closed."""
        if self.closed:
            raise RuntimeError("the loading worker has closed")
        if self._pool is None:
            from vrasmr.background import lower_this_thread

            self._pool = ThreadPoolExecutor(1, self.name, initializer=lower_this_thread)
        return self._pool.submit(job, *args)

    def close(self) -> None:
        """Drop what has not started; a job running finishes on its own (no wait)."""
        self.closed = True
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
