"""What the App and the backends may ask of a sound engine: :class:`SoundEngine`, and the
plain data it takes (:class:`VoiceSpec`, :data:`SoundSource`) and gives (:class:`EngineStatus`).

:class:`~.openal_engine.OpenALEngine` and :class:`~.silent.SilentEngine` implement it; the
App and the backends know only this. Nothing here imports OpenAL.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from vrasmr.sound.engine.streams import StreamSource
from vrasmr.xmath import Pose

log = logging.getLogger("vrasmr.sound.engine")

SAMPLE_RATE = 48000
MASTER_CEILING = 1.0  # linear; the hard ceiling on master gain

SoundSource = Callable[[float, float, object], tuple[np.ndarray, np.ndarray, list]]
"""``source(t0, t1, arg) -> (positions, gains, triggers)``: the voices' positions ``(n, 3)``
and linear gains ``(n,)`` at scene time ``t1`` (new arrays each call: the engine keeps
them), and the events to start: a one-shot voice's index (in ``[t0, t1)``: now), or
``(index, delay_s)`` for a stream voice whose event starts ``delay_s`` after ``t1`` (told
ahead, since a stream is made ahead of what is heard). The engine calls it on its own
thread (see :meth:`SoundEngine.advance`)."""


@dataclass(frozen=True)
class VoiceSpec:
    """One sound the engine can play: a looping bed, a one-shot event or a stream.

    A stream voice (``stream`` set) ignores ``samples`` and ``loop``: its source pulls
    float32 blocks from the iterable or callable on the worker thread. ``min_gap_s`` tells
    the loudness guard how often a one-shot can start (its schedule's shortest gap).
    """

    name: str
    samples: np.ndarray  # float32 mono
    loop: bool = True
    head_anchored: bool = False
    reverb_send: float = 0.0
    priority: int = 0  # higher wins when the voice limit is reached
    allow_overlap: bool = False
    stream: StreamSource | None = None
    min_gap_s: float = 0.0  # a one-shot's shortest start-to-start gap (0: back to back)


@dataclass
class EngineStatus:
    """What the engine can say about itself, for doctor, the overlay and the logs."""

    backend: str  # "openal" (playback), "openal-loopback" or "silent"
    device: str = ""
    hrtf: str = "off"  # OpenAL Soft's status word ("required" is on: see hrtf_on)
    hrtf_on: bool = False
    hrtf_name: str = ""
    sample_rate: int = SAMPLE_RATE
    active_voices: int = 0
    reverb: str = "none"
    connected: bool = True
    stream_underruns: int = 0  # times a playing stream ran dry (a gap a listener heard)
    problems: list[str] = field(default_factory=list)

    @property
    def loopback(self) -> bool:
        """True when sound is mixed only when asked (:meth:`SoundEngine.render`)."""
        return self.backend == "openal-loopback"

    def say(self, problem: str) -> None:
        """Record a problem once (and log it once)."""
        if problem not in self.problems:
            self.problems.append(problem)
            log.warning("sound: %s", problem)


class SoundEngine(Protocol):
    """Voices placed around a head-tracked listener; every call is safe on a lost device.

    Per frame (frame thread): :meth:`set_listener`, :meth:`advance` (or :meth:`update`) and
    :meth:`set_master` only post; the engine's own thread (or the next :meth:`render`, on
    loopback) applies the latest post. No per-frame call raises.
    """

    sample_rate: int
    status: EngineStatus

    # ---- at scene load --------------------------------------------------------------
    def stage(self, voices: list[VoiceSpec]) -> None:
        """Upload ``voices`` now, from any thread, so :meth:`prepare` of the same list
        only makes sources."""
        ...

    def prepare(
        self,
        voices: list[VoiceSpec],
        *,
        crossfade_s: float = 0.0,
        source: SoundSource | None = None,
    ) -> None:
        """Make ``voices`` current (silent until posted to); with ``crossfade_s`` the voices
        playing now fade out over that long instead of stopping. ``source`` is what
        :meth:`advance` spans are evaluated with."""
        ...

    def set_reverb(self, name: str) -> None:
        """Use the named reverb preset ("none" for dry); an unknown name raises ValueError."""
        ...

    def set_master_schedule(self, fn: Callable[[float], float] | None) -> None:
        """Multiply the master by ``fn(t)`` on the engine's own clock: ``time.monotonic()``
        on a playback device, seconds rendered on loopback."""
        ...

    # ---- per frame (posts) ----------------------------------------------------------
    def set_listener(self, pose: Pose) -> None: ...

    def advance(self, t0: float, t1: float, arg: object = None, dt: float = 1 / 90) -> None:
        """Post the span ``[t0, t1)`` of scene time for the ``source`` of :meth:`prepare`."""
        ...

    def update(self, positions: np.ndarray, gains: np.ndarray, dt: float = 1 / 90) -> None:
        """Post the voices' positions ``(n, 3)`` and linear gains ``(n,)`` directly."""
        ...

    def set_master(self, gain: float, immediate: bool = False) -> None:
        """Head the master gain towards ``gain`` (slewed; ``immediate`` only before sound)."""
        ...

    def trigger(self, index: int) -> None:
        """Start the one-shot voice ``index`` now."""
        ...

    def play_once(self, voice: VoiceSpec, position, gain: float = 1.0) -> bool:
        """Start a stream voice on its own at ``position`` (metres, ``(x, y, z)``; the head's
        frame when ``voice.head_anchored``); it plays until its stream ends, then is freed.
        Any thread; only posts. False when it will not play."""
        ...

    def apply_pending(self) -> None:
        """Apply the latest posts now (tests and benchmarks; the engine does it itself)."""
        ...

    # ---- output and state -----------------------------------------------------------
    def render(self, frames: int, block: int = 256) -> np.ndarray:
        """``frames`` of float32 stereo, shape ``(frames, 2)`` (loopback and silent only)."""
        ...

    @property
    def master(self) -> float:
        """The master gain in effect now (linear)."""
        ...

    @property
    def retiring_banks(self) -> int:
        """How many previous scenes' voices are still fading out."""
        ...

    def poll_device(self, now: float | None = None) -> None: ...

    def pause(self) -> None:
        """Pause the output device (the session has ended)."""
        ...

    def close(self) -> None: ...
