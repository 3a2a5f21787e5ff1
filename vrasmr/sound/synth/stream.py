"""Generators as stream sources for the sound engine (:mod:`vrasmr.sound.engine.streams`).

* :class:`GeneratorStream` — an endless bed: ``stream(frames)`` is the next block (float32),
  made a chunk at a time from the generator's state, at its calibrated level;
* :class:`GestureStream` — silent until :meth:`~GestureStream.trigger`; each trigger plays a
  gesture of a few seconds made fresh (a new generator from jittered parameters and its own
  random numbers), faded in and out. ``once`` ends the stream after its first gesture.

Both run on the engine's sound thread (or a loader thread priming them), never the frame
path; the same seed and the same reads give the same samples.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

import numpy as np

from ._filters import Filter, slope
from ._generator import Generator

CEILING = 10 ** (-3.0 / 20)  # no stream sample goes above -3 dBFS
KNEE = 0.5 * CEILING  # above this, peaks are bent softly towards the ceiling
FADE_IN_S = 0.04  # a gesture rises over this (no instant onset) ...
FADE_OUT_S = 0.3  # ... and falls over this at its end
_log = logging.getLogger(__name__)


def soft_ceiling(x: np.ndarray) -> None:
    """Bend the rare sample above KNEE smoothly towards CEILING, in place."""
    peak = float(np.max(np.abs(x))) if len(x) else 0.0
    if peak <= KNEE:
        return
    over = np.abs(x) > KNEE
    room = CEILING - KNEE
    bent = KNEE + room * np.tanh((np.abs(x[over]) - KNEE) / room)
    x[over] = np.sign(x[over]) * bent


class GeneratorStream:
    """A generator read in blocks of any length, at ``gain``; DC removed, never a NaN,
    never above the ceiling. ``lufs`` is the loudness it streams at when its gain was
    calibrated (:mod:`.level`; NaN when not known)."""

    def __init__(self, generator: Generator, gain: float, lufs: float = math.nan):
        self.generator = generator
        self.gain = float(gain)
        self.lufs = float(lufs)
        self.dc = Filter(slope(0.0, generator.ctx.sample_rate))
        self._rest = np.zeros(0)
        self._pos = 0
        self.faults = 0

    def _next(self) -> np.ndarray:
        x = self.generator.next_chunk()
        if not np.all(np.isfinite(x)):  # a generator bug must not reach an ear as a pop
            self.faults += 1
            if self.faults == 1:
                _log.warning("sound: %s made a non-finite sample; silenced", self.generator)
            self.dc = Filter(self.dc.sos)
            return np.zeros(len(x))
        x = self.dc(x)
        x *= self.gain
        return x

    def read(self, frames: int) -> np.ndarray:
        """The next ``frames`` samples (float32, a new array)."""
        out = np.empty(frames, dtype=np.float32)
        filled = 0
        while filled < frames:
            if self._pos >= len(self._rest):
                self._rest, self._pos = self._next(), 0
            k = min(frames - filled, len(self._rest) - self._pos)
            out[filled : filled + k] = self._rest[self._pos : self._pos + k]
            self._pos += k
            filled += k
        soft_ceiling(out)
        return out

    __call__ = read


class _Gesture:
    """One gesture under way: ``total`` samples of a stream, faded in and out."""

    def __init__(self, stream: GeneratorStream, total: int, sample_rate: int, delay: int):
        self.stream, self.total, self.done, self.delay = stream, total, 0, delay
        self.rise = max(1, min(int(FADE_IN_S * sample_rate), total // 3))
        self.fall = max(1, min(int(FADE_OUT_S * sample_rate), total // 2))

    def add_to(self, out: np.ndarray) -> None:
        start = min(self.delay, len(out))
        self.delay -= start
        k = min(len(out) - start, self.total - self.done)
        if k <= 0:
            return
        x = self.stream.read(k)
        i = self.done + np.arange(k)
        env = np.minimum(np.minimum(i / self.rise, (self.total - i) / self.fall), 1.0)
        out[start : start + k] += x * (0.5 - 0.5 * np.cos(np.pi * env))
        self.done += k

    @property
    def finished(self) -> bool:
        return self.done >= self.total


class GestureStream:
    """A trigger's stream: silence, and a fresh gesture of ``seconds`` at each trigger.

    ``make(rng)`` makes the gesture's stream (a generator with its own parameters, at its
    level); ``overlap`` gestures may sound at once (a trigger beyond that is let go);
    ``once`` ends the stream when its first gesture has played.
    """

    def __init__(
        self,
        make: Callable[[np.random.Generator], GeneratorStream],
        seconds: float,
        sample_rate: int,
        rng: np.random.Generator,
        *,
        once: bool = False,
        overlap: int = 1,
    ):
        self.make, self.rng = make, rng
        self.total = max(1, int(round(seconds * sample_rate)))
        self.sample_rate = sample_rate
        self.once, self.overlap = once, overlap
        self.position = 0  # samples given out so far
        self.pending: list[int] = []  # stream samples at which triggered gestures start
        self.active: list[_Gesture] = []
        self.started = 0
        if once:
            self.trigger(0)

    def trigger(self, at_sample: int | None = None) -> None:
        """Start a gesture at stream sample ``at_sample`` (None, or one already given out:
        as soon as possible, at the start of the next block)."""
        self.pending.append(self.position if at_sample is None else int(at_sample))
        self.pending.sort()

    def __call__(self, frames: int) -> np.ndarray | None:
        end = self.position + frames
        while self.pending and self.pending[0] < end:
            at = self.pending.pop(0)
            if len(self.active) < self.overlap and not (self.once and self.started):
                delay = max(0, at - self.position)
                self.active.append(
                    _Gesture(self.make(self.rng), self.total, self.sample_rate, delay)
                )
                self.started += 1
        if self.once and self.started and not self.active:
            return None
        out = np.zeros(frames, dtype=np.float32)
        for gesture in self.active:
            gesture.add_to(out)
        if len(self.active) > 1:
            soft_ceiling(out)
        self.active = [g for g in self.active if not g.finished]
        self.position = end
        return out

    @property
    def sounding(self) -> bool:
        return bool(self.active)


def pressure(rng: np.random.Generator, amount: float) -> float:
    """A gesture's own level: about +-1.5 dB at ``amount`` 1 (how firmly it is made)."""
    return math.exp(0.17 * amount * float(rng.standard_normal()))
