"""The sleep fade applied on the audio thread, so it finishes even if the headset comes off.

The audio callback calls :meth:`AudioFader.apply` on each block with the block's start time on
its own sample clock. Other threads change the timer with :meth:`AudioFader.restart`; the swap
is one attribute assignment, so the audio thread never waits on a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np

from vrasmr.sleep.timer import SessionState, SleepPlan, SleepTimer


class AudioFader:
    """Multiplies audio blocks by the sleep timer's gain; reports the end exactly once.

    ``on_ended`` runs on the audio thread when the timer reaches "ended": it should only set a
    flag or post a message (the engine then pauses the audio device and ends the session).
    """

    def __init__(self, timer: SleepTimer, on_ended: Callable[[], None] | None = None):
        self._timer = timer
        self._on_ended = on_ended
        self.ended = threading.Event()
        self.last_gain = timer.gain_at(timer.start_s)

    @property
    def timer(self) -> SleepTimer:
        return self._timer

    def restart(self, t: float, plan: SleepPlan) -> None:
        """Change the plan at time ``t`` (any thread); the gain eases over without a jump."""
        self._timer = self._timer.restart(t, plan)
        self.ended.clear()

    def apply(self, block: np.ndarray, t_start: float, sample_rate: float) -> SessionState:
        """Scale ``block`` (frames[, channels]) in place; return the state at the block's end.

        The gain moves linearly from the block's first to its last sample, so the fade has no
        zipper steps whatever the block size.
        """
        timer = self._timer
        frames = block.shape[0]
        t_end = t_start + frames / float(sample_rate)
        g0, g1 = timer.gain_at(t_start), timer.gain_at(t_end)
        state = timer.state_at(t_end)
        if frames:
            ramp = np.linspace(g0, g1, frames, endpoint=False, dtype=np.float64)
            if block.ndim > 1:
                ramp = ramp.reshape((frames,) + (1,) * (block.ndim - 1))
            block *= ramp.astype(block.dtype, copy=False)
        self.last_gain = g1
        if state == "ended" and not self.ended.is_set():
            self.ended.set()
            if self._on_ended is not None:
                self._on_ended()
        return state
