"""The night watch: head poses in on the frame path, sleep readings out, analysis on a worker.

:meth:`NightWatch.feed` costs a few float additions a frame (:class:`PoseSampler`); every
five seconds a copy of the last 90 s goes to a low-priority worker thread, which reads the
epoch (:func:`read_epoch`) and updates the :class:`OnsetTracker`. The frame path only reads
:attr:`reading` (one attribute, replaced whole) and :attr:`asleep`, which is False the moment
the head moves, before the worker has said anything. ``inline=True`` reads each window at
once on the caller's thread (deterministic: tests, benchmarks, offline renders).
"""

from __future__ import annotations

import logging
import queue
import threading

from vrasmr.sleep.onset import NightReading, OnsetTracker
from vrasmr.sleep.pose_signal import Epoch, PoseSampler, Window, read_epoch

log = logging.getLogger(__name__)


class NightWatch:
    """Head motion → stillness, breathing and sleep onset for one session."""

    def __init__(self, mode: str = "headset", *, inline: bool = False) -> None:
        self.mode = mode
        self.tracker = OnsetTracker(mode)
        self.sampler = PoseSampler()
        self.reading = NightReading()
        self.last_epoch: Epoch | None = None
        self.failed: str | None = None
        self._inline = inline
        self._queue: queue.SimpleQueue[Window | None] | None = None
        self._worker: threading.Thread | None = None

    # ---- frame path -----------------------------------------------------------------
    def feed(self, t: float, quat, pos) -> None:
        """One frame's head pose (``quat`` x, y, z, w; ``pos`` metres, as float sequences)."""
        window = self.sampler.add(t, quat, pos)
        if window is not None:
            self._hand_over(window)

    def feed_pose(self, t: float, pose) -> None:
        """:meth:`feed` for a :class:`~vrasmr.xmath.Pose`."""
        self.feed(t, pose.orientation.tolist(), pose.position3)

    def feed_absent(self, t: float) -> None:
        """A frame with no pose (the headset is off or lost tracking)."""
        window = self.sampler.absent(t)
        if window is not None:
            self._hand_over(window)

    def activity(self, t: float) -> None:
        """The person did something (a button, the mouse): not asleep from ``t`` on, until
        an epoch read after it says so."""
        self.sampler.moved_at = max(self.sampler.moved_at, t)

    @property
    def asleep(self) -> bool:
        """Asleep by the last reading, which must cover the last movement seen on the frame
        path (so a turn of the head ends "asleep" within a tenth of a second)."""
        reading = self.reading
        return reading.asleep and not self.sampler.moving_now and reading.t > self.sampler.moved_at

    # ---- analysis -------------------------------------------------------------------
    def _hand_over(self, window: Window) -> None:
        if self.failed is not None:
            return
        if self._inline:
            self._read(window)
            return
        if self._worker is None:
            self._queue = queue.SimpleQueue()
            self._worker = threading.Thread(target=self._work, name="vrasmr-night", daemon=True)
            self._worker.start()
        self._queue.put(window)

    def _work(self) -> None:
        from vrasmr.background import lower_this_thread

        lower_this_thread()
        while True:
            window = self._queue.get()
            if window is None:
                return
            self._read(window)

    def _read(self, window: Window) -> None:
        try:
            epoch = read_epoch(window, frozen_is_off=self.mode == "headset")
            self.last_epoch = epoch
            self.reading = self.tracker.update(epoch)
        except Exception as exc:  # the night goes on without the estimate
            self.failed = f"sleep detection stopped: {exc}"
            log.warning("%s", self.failed)

    def close(self) -> None:
        """Stop the worker (the readings so far stay)."""
        if self._worker is not None:
            self._queue.put(None)
            self._worker.join(timeout=1.0)
            self._worker = None
