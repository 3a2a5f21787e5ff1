"""A fake runtime for child processes: the loop tests' FakeRuntime, paced in real time, that
walks the session lifecycle by itself as Monado's simulated headset does."""

from __future__ import annotations

import time

from tests.test_openxr_loop import FakeClock, FakeRuntime
from vrasmr.backends.openxr.contracts import StateChanged
from vrasmr.backends.openxr.states import SessionState as S

RUNNING_MARK = "RUNNING"


class RuntimeThatExits(FakeRuntime):
    """IDLE → READY → SYNCHRONIZED → VISIBLE → FOCUSED on its own; frames every ``period_s``
    of real time; xrRequestExitSession goes FOCUSED → VISIBLE → SYNCHRONIZED → STOPPING,
    and xrEndSession IDLE → EXITING. After ``announce_after`` frames with layers it prints
    :data:`RUNNING_MARK` (the parent's cue to send its signal)."""

    def __init__(self, *, period_s: float = 0.011, announce_after: int = 20, out=None):
        start = [[StateChanged(s)] for s in (S.READY, S.SYNCHRONIZED, S.VISIBLE, S.FOCUSED)]
        super().__init__([[], *start], FakeClock())
        self.ctx = None  # no GL: the App is built without a renderer
        self.period_s = period_s
        self.announce_after = announce_after
        self.out = out
        self.layers = 0

    def request_exit(self):
        super().request_exit()
        self.script += [[StateChanged(s)] for s in (S.VISIBLE, S.SYNCHRONIZED, S.STOPPING)]

    def end_session(self):
        super().end_session()
        self.script += [[StateChanged(S.IDLE)], [StateChanged(S.EXITING)]]

    def wait_frame(self):
        time.sleep(self.period_s)  # a runtime blocks here until the next display period
        return super().wait_frame()

    def end_frame(self, t, with_layers):
        super().end_frame(t, with_layers)
        self.layers += with_layers
        if self.out is not None and self.layers == self.announce_after:
            print(RUNNING_MARK, file=self.out, flush=True)
