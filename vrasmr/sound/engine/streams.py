"""Stream voices: long or endless material fed to a source as a queue of refilled buffers.

A stream (:data:`StreamSource`) is a Python iterable of float32 mono blocks (any length) or
a callable ``f(frames) -> block | None`` (``None`` or an empty block ends it). A
:class:`StreamFeeder` keeps one source's queue full; its interface to the engine is small,
and split by thread:

* :meth:`StreamFeeder.fill` pulls and regroups blocks, and makes no OpenAL call: it may
  decode or synthesise, so the engine runs it without its lock (on the sound thread for
  playback, between render blocks on loopback). One thread at a time fills a feeder.
* :meth:`StreamFeeder.pump` swaps processed buffers for ready blocks and restarts the source
  after an underrun (and counts it); OpenAL only, with the engine's lock held.
* :meth:`StreamFeeder.trigger` tells a stream with a ``trigger(at_sample)`` method (a
  gesture stream) where in its samples an event falls, from the source's play position and
  the event's delay: the stream runs ahead of what is heard by what is queued, so an event
  told ahead of time starts on time. Lock held.
* :meth:`StreamFeeder.release` frees the buffers; ``active`` is False while the voice limit
  has the voice paused; ``meter`` meters each block as it is made ready, before it is
  heard, for the loudness guard.

The queue: NUM_BUFFERS buffers of BUFFER_SECONDS on the source (1 s) and up to READY_BLOCKS
made ahead of them; OpenAL Soft mixes at its own period (20 ms, audio/alsoft.conf) whatever
is queued, so the depth carries the sound thread's hiccups without adding latency to what
the head tracking moves (docs/sound-engine.md, "Streams and latency").

A source with a ``bind_device(realtime=...)`` method is told whether it plays live or renders
offline (speech waits for its words offline, plays silence while they are made live).
The frame path never touches any of it.
"""

from __future__ import annotations

import collections
import ctypes
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from vrasmr.sound.engine.levels import StreamMeter

StreamSource = Iterable[np.ndarray] | Callable[[int], np.ndarray | None]
NUM_BUFFERS = 4
BUFFER_SECONDS = 0.25
READY_BLOCKS = 2
# A triggered stream is told of its events this early (more than the 1.5 s it runs ahead of
# what is heard), so that its gesture starts on time (vrasmr.session.assets).
TRIGGER_LEAD_S = 2.0


def _blocks(source: StreamSource, frames: int) -> Iterator[np.ndarray]:
    if callable(source):
        while True:
            block = source(frames)
            if block is None or len(block) == 0:
                return
            yield block
    else:
        yield from source


class StreamFeeder:
    """Keeps one streaming source's buffer queue full from a block source."""

    def __init__(self, dev, source_id: int, stream: StreamSource, sample_rate: int):
        from vrasmr.sound.openal import _raw as r

        self._r = r
        self.dev = dev
        self.source = source_id
        self.stream = stream
        self.sample_rate = sample_rate
        self.frames = int(BUFFER_SECONDS * sample_rate)
        bind = getattr(stream, "bind_device", None)
        if bind is not None:
            bind(realtime=not dev.loopback)
        self._it = _blocks(stream, self.frames)
        self._ready: collections.deque[np.ndarray] = collections.deque()
        self._pending: list[np.ndarray] = []
        self.exhausted = False
        self.buffers = dev.gen_buffers(NUM_BUFFERS)
        self._free = list(self.buffers)
        self._queued: collections.deque[int] = collections.deque()  # frames per queued buffer
        self.active = True  # False while the voice limit has it paused
        self.frames_queued = 0
        self.meter = StreamMeter(sample_rate)  # the loudness guard reads what is fed
        self.frames_done = 0  # frames of buffers played through and taken off the source
        self.started = False

    def fill(self) -> None:
        """Pull blocks from the stream until READY_BLOCKS are ready (or it ends)."""
        while not self.exhausted and len(self._ready) < READY_BLOCKS:
            have = sum(len(b) for b in self._pending)
            while have < self.frames:
                try:
                    block = next(self._it)
                except StopIteration:
                    self.exhausted = True
                    break
                block = np.asarray(block, dtype=np.float32).reshape(-1)
                if not np.all(np.isfinite(block)):
                    block = np.nan_to_num(block, nan=0.0, posinf=0.0, neginf=0.0)
                if not self._pending and len(block) == self.frames:
                    self.meter.feed(block)
                    self._ready.append(block)  # the common case: one block, one buffer
                    have = -1
                    break
                self._pending.append(block)
                have += len(block)
            if have > 0:
                joined = np.concatenate(self._pending)
                block = np.ascontiguousarray(joined[: self.frames])
                self.meter.feed(block)
                self._ready.append(block)
                rest = joined[self.frames :]
                self._pending = [rest] if len(rest) else []

    def pump(self) -> int:
        """Recycle processed buffers, queue ready blocks, resume after an underrun; the
        underruns found (0 or 1: a source that ran dry while it should have played)."""
        r, al, dev = self._r, self.dev.al, self.dev
        n = ctypes.c_int(0)
        al.alGetSourcei(self.source, r.AL_BUFFERS_PROCESSED, ctypes.byref(n))
        if n.value > 0:
            done = (ctypes.c_uint * n.value)()
            al.alSourceUnqueueBuffers(self.source, n.value, done)
            self._free.extend(done)
            for _ in range(n.value):
                self.frames_done += self._queued.popleft() if self._queued else 0
        queued_any = False
        while self._free and self._ready:
            buf = self._free.pop()
            block = self._ready.popleft()
            dev.buffer_mono_float(buf, block, self.sample_rate)
            al.alSourceQueueBuffers(self.source, 1, (ctypes.c_uint * 1)(buf))
            self.frames_queued += len(block)
            self._queued.append(len(block))
            queued_any = True
        dev.check("streaming: queueing buffers")
        found = 0
        if queued_any and self.active:
            state = ctypes.c_int(0)
            al.alGetSourcei(self.source, r.AL_SOURCE_STATE, ctypes.byref(state))
            if state.value != r.AL_PLAYING:
                if self.started and state.value == r.AL_STOPPED:
                    found = 1  # it had played everything it had: the listener heard a gap
                al.alSourcePlay(self.source)
                self.started = True
        return found

    def played_frames(self) -> int:
        """Frames of this stream the source has played so far (lock held)."""
        offset = ctypes.c_int(0)
        self.dev.al.alGetSourcei(self.source, self._r.AL_SAMPLE_OFFSET, ctypes.byref(offset))
        return self.frames_done + max(offset.value, 0)

    def trigger(self, delay_s: float = 0.0) -> None:
        """Tell the stream an event starts ``delay_s`` from now (lock held); a stream that
        cannot be triggered ignores it."""
        trigger = getattr(self.stream, "trigger", None)
        if trigger is None:
            return
        at = self.played_frames() + int(round(max(delay_s, 0.0) * self.sample_rate))
        trigger(at)

    @property
    def finished(self) -> bool:
        return self.exhausted and not self._ready and len(self._free) == NUM_BUFFERS

    def release(self) -> None:
        """Detach and delete the buffers (the source itself belongs to the engine)."""
        al = self.dev.al
        al.alSourceStop(self.source)
        al.alSourcei(self.source, self._r.AL_BUFFER, 0)
        self.dev.delete_buffers(self.buffers)
