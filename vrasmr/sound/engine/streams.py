"""Stream voices: long or endless material fed to a source as a queue of refilled buffers.

A stream (:data:`StreamSource`) is a Python iterable of float32 mono blocks (any length) or
a callable ``f(frames) -> block | None`` (``None`` or an empty block ends it). A
:class:`StreamFeeder` keeps one source's queue full; its interface to the engine is small,
and split by thread:

* :meth:`StreamFeeder.fill` pulls and regroups blocks, and makes no OpenAL call: it may
  decode or synthesise, so the engine runs it without its lock (on the sound thread for
  playback, between render blocks on loopback). One thread at a time fills a feeder.
* :meth:`StreamFeeder.pump` swaps processed buffers for ready blocks and restarts the source
  after an underrun; OpenAL only, with the engine's lock held.
* :meth:`StreamFeeder.release` frees the buffers; ``active`` is False while the voice limit
  has the voice paused; ``meter`` meters each block as it is made ready, before it is
  heard, for the loudness guard.

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
        self.active = True  # False while the voice limit has it paused
        self.frames_queued = 0
        self.meter = StreamMeter(sample_rate)  # the loudness guard reads what is fed

    def fill(self) -> None:
        """Pull blocks from the stream until NUM_BUFFERS are ready (or it ends)."""
        while not self.exhausted and len(self._ready) < NUM_BUFFERS:
            have = sum(len(b) for b in self._pending)
            while have < self.frames:
                try:
                    block = next(self._it)
                except StopIteration:
                    self.exhausted = True
                    break
                block = np.nan_to_num(np.asarray(block, dtype=np.float32).reshape(-1))
                self._pending.append(block)
                have += len(block)
            if have:
                joined = np.concatenate(self._pending)
                block = np.ascontiguousarray(joined[: self.frames])
                self.meter.feed(block)
                self._ready.append(block)
                rest = joined[self.frames :]
                self._pending = [rest] if len(rest) else []

    def pump(self) -> None:
        """Recycle processed buffers, queue ready blocks, resume after an underrun."""
        r, al, dev = self._r, self.dev.al, self.dev
        n = ctypes.c_int(0)
        al.alGetSourcei(self.source, r.AL_BUFFERS_PROCESSED, ctypes.byref(n))
        if n.value > 0:
            done = (ctypes.c_uint * n.value)()
            al.alSourceUnqueueBuffers(self.source, n.value, done)
            self._free.extend(done)
        queued_any = False
        while self._free and self._ready:
            buf = self._free.pop()
            block = self._ready.popleft()
            dev.buffer_mono_float(buf, block, self.sample_rate)
            al.alSourceQueueBuffers(self.source, 1, (ctypes.c_uint * 1)(buf))
            self.frames_queued += len(block)
            queued_any = True
        dev.check("streaming: queueing buffers")
        if queued_any and self.active:
            state = ctypes.c_int(0)
            al.alGetSourcei(self.source, r.AL_SOURCE_STATE, ctypes.byref(state))
            if state.value != r.AL_PLAYING:
                al.alSourcePlay(self.source)

    @property
    def finished(self) -> bool:
        return self.exhausted and not self._ready and len(self._free) == NUM_BUFFERS

    def release(self) -> None:
        """Detach and delete the buffers (the source itself belongs to the engine)."""
        al = self.dev.al
        al.alSourceStop(self.source)
        al.alSourcei(self.source, self._r.AL_BUFFER, 0)
        self.dev.delete_buffers(self.buffers)
