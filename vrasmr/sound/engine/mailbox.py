"""Posts from the frame thread to the sound thread: the latest head pose and the latest
voice update or span of scene time.

The frame thread only posts (a lock held for a tuple swap, no OpenAL call, no wait for the
mixer); the sound thread (or a loopback render) takes both posts at once and applies them.
Only the latest post of each kind is kept, and the rules for an overtaken post live here:

* an overtaken post's ``dt`` is added to the next one, so slews keep real time;
* a span overtaken by a span for the same source merges with it (the span starts where
  the first one did), so no trigger in between is lost;
* a span carries the ``source`` it was posted for; the applier drops it if
  :meth:`~.openal_engine.OpenALEngine.prepare` has since installed another source.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable

import numpy as np

from vrasmr.sound.engine.contract import SoundSource
from vrasmr.xmath import Pose, floats

ValuesPost = tuple  # ("values", positions, gains, dt)
SpanPost = tuple  # ("span", source, t0, t1, arg, dt)
HeadPost = tuple[float, ...]  # (px, py, pz, qx, qy, qz, qw), unit quaternion


class Mailbox:
    """The frame thread's side of the engine: :meth:`post_listener`, :meth:`post_values`
    and :meth:`post_span` are the engine's ``set_listener``, ``update`` and ``advance``."""

    def __init__(self, on_error: Callable[[Exception], None]):
        self._lock = threading.Lock()
        self._voices: ValuesPost | SpanPost | None = None
        self._head: HeadPost | None = None
        self._on_error = on_error  # no exception leaves a post; the engine says it once
        self.source: SoundSource | None = None  # what spans are posted for (set by prepare)
        self.wake = threading.Event()  # set by each post while a sound thread listens
        self.wakes = False

    def post_listener(self, pose: Pose) -> None:
        """Take the head pose of this frame; it is applied with the next post (cheap: no
        OpenAL call and no wait for the mixer on the frame thread)."""
        try:
            px, py, pz = pose.position3
            x, y, z, w = floats(pose.orientation)
            n = math.sqrt(x * x + y * y + z * z + w * w)
            if not (math.isfinite(n) and n > 1e-9):
                return
            if not math.isfinite(px + py + pz):  # a broken position: stay at the origin
                px = py = pz = 0.0
            with self._lock:
                self._head = (px, py, pz, x / n, y / n, z / n, w / n)
        except Exception as exc:
            self._on_error(exc)

    def post_values(self, positions: np.ndarray, gains: np.ndarray, dt: float = 1 / 90) -> None:
        """Post this frame's voice positions and gain targets (linear); cheap, never blocks
        on the mixer.

        The sound thread applies the latest post at once (playback), or the next
        ``render()`` does before it mixes (loopback); ``apply_pending()`` applies it now.
        Posts that are overtaken before being applied add their ``dt`` to the next one.
        """
        try:
            post = (np.array(positions, dtype=float), np.array(gains, dtype=float))
        except Exception as exc:
            self._on_error(exc)
            return
        with self._lock:
            waiting = self._voices
            self._voices = ("values", *post, dt + (waiting[-1] if waiting is not None else 0.0))
        if self.wakes:
            self.wake.set()

    def post_span(self, t0: float, t1: float, arg=None, dt: float = 1 / 90) -> None:
        """Post this frame's span ``[t0, t1)`` of scene time; the sound thread (or the next
        ``render()``, on loopback) asks the current ``source`` for the voices' positions,
        gains and triggers there, passing ``arg`` on.

        The frame thread only posts (about a microsecond): evaluating the scene's sounds is
        the sound thread's work. Posts overtaken before being applied merge: the span starts
        where the first one did, so no trigger is missed, and their ``dt`` add up."""
        source = self.source
        with self._lock:
            waiting = self._voices
            if waiting is not None:
                dt += waiting[-1]
                if waiting[0] == "span" and waiting[1] is source:
                    t0 = waiting[2]
            self._voices = ("span", source, t0, t1, arg, dt)
        if self.wakes:
            self.wake.set()

    def drop_voices(self) -> None:
        """Forget a waiting voice post (new voices: the old ones' positions must not reach them)."""
        with self._lock:
            self._voices = None

    def take(self) -> tuple[ValuesPost | SpanPost | None, HeadPost | None]:
        """The waiting voice post and head pose (either may be None), emptying the box."""
        with self._lock:
            voices, self._voices = self._voices, None
            head, self._head = self._head, None
        return voices, head
