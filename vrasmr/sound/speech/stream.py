"""Speech as a stream: utterances read one at a time from the cache, with the pauses between.

A :class:`SpeechStream` takes a sequence of :class:`SpeechItem` (text, voice, rate and the
pause after it; a program may generate them lazily), asks a synthesis worker process for
the ones not cached yet (in playback order, ahead of playback) and is itself a stream
source for the sound engine: ``stream(frames)`` returns the next block. It holds one
decoded utterance at a time, so a whole night's speech never sits in memory.

When each utterance starts, ``on_start`` is called with a :class:`Started` (its index,
item and the sample where it starts in the stream) and the same goes into ``timeline``:
that is where a program attaches cues and measures its pauses. An item may name the stream
second it starts at (``start_at_s``: breathing guidance on the breath), and a program may
look ahead (:meth:`SpeechStream.upcoming`) and change course
(:meth:`SpeechStream.replace_items`); ``start_at`` works out each item's moment as it comes
up, if that depends on something that changes (the breath's pace).

Playing live, an utterance that is not ready yet is waited for in silence (the engine's
sound thread never blocks); rendering offline (loopback device: exports, checks, tests)
the stream waits for it, so a render has every word in the same place every time.
"""

from __future__ import annotations

import collections
import itertools
import logging
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import cache
from .voices import VoiceRegistry

SAMPLE_RATE = 48000
LOOKAHEAD = 64  # items taken from the sequence (and queued for the worker) ahead of playback
OFFLINE_WAIT_S = 120.0  # longest an offline render waits for one utterance
MAX_WORKER_FAILURES = 3  # workers in a row that ended without making the next utterance
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SpeechItem:
    """One utterance to speak and the silence after it. ``tag`` is the caller's own
    (a program's utterance with its cues, say): it comes back in :class:`Started`.
    ``start_at_s``: not before this second of the stream (silence until then)."""

    text: str
    pause_after_s: float = 0.0
    voice: str = "whisper"
    rate_wpm: int = 110
    tag: object = None
    start_at_s: float | None = None


@dataclass(frozen=True)
class Started:
    """An utterance began: ``sample`` is its first sample's position in the stream."""

    index: int
    item: SpeechItem
    sample: int
    samples: int

    @property
    def seconds(self) -> float:
        return self.sample / SAMPLE_RATE

    @property
    def duration_s(self) -> float:
        return self.samples / SAMPLE_RATE


@dataclass
class _Pending:
    index: int
    item: SpeechItem
    key: cache.UtteranceKey
    voice: str


class SpeechStream:
    """A stream source (see :mod:`vrasmr.sound.engine.streams`) that speaks ``items``."""

    def __init__(
        self,
        items: Iterable[SpeechItem],
        *,
        gain: float = 1.0,
        lead_in_s: float = 0.0,
        registry: VoiceRegistry | None = None,
        on_start: Callable[[Started], None] | None = None,
        may_start: Callable[[], bool] | None = None,
        start_at: Callable[[SpeechItem], float | None] | None = None,
        wait: bool = False,
        cache_folder: Path | None = None,
        start_worker: Callable[[], object] | None = None,
    ):
        self._items: Iterator[SpeechItem] = iter(items)
        self._registry = registry or VoiceRegistry()
        self._folder = cache_folder
        self._gain = np.float32(gain)
        self._on_start = on_start
        self._may_start = may_start  # asked before each utterance: False ends the stream
        self._start_at = start_at or _own_start  # the stream second an item may start at
        self.wait = wait
        self._start_worker = start_worker or (lambda: _spawn_worker(cache_folder=self._folder))
        self._counter = itertools.count()
        self._queue: collections.deque[_Pending] = collections.deque()
        self._exhausted = False
        self._current: np.ndarray | None = None
        self._position = 0
        self._silence = int(round(lead_in_s * SAMPLE_RATE))
        self._emitted = 0
        self._worker = None
        self._unsent: collections.deque[_Pending] = collections.deque()
        self._sent: set[cache.UtteranceKey] = set()  # what the worker running now was given
        self.worker_starts = 0
        self._failures = 0
        self.timeline: collections.deque[Started] = collections.deque(maxlen=512)
        self.skipped = 0
        self._notes: set[str] = set()
        self._finalizer = weakref.finalize(self, _stop_worker, None)
        self._playing = False  # the worker starts with the first pull, not at construction
        self._refill()

    # ---- the engine's side ------------------------------------------------------------
    def bind_device(self, *, realtime: bool) -> None:
        """Called by the stream feeder: offline renders wait for speech, live play doesn't."""
        self.wait = not realtime

    def __call__(self, frames: int) -> np.ndarray | None:
        """The next ``frames`` samples (fewer at the very end); None when all is spoken."""
        if not self._playing:
            self._playing = True
            self._send()
        out = np.zeros(frames, dtype=np.float32)
        filled = 0
        while filled < frames:
            if self._current is not None:
                n = min(frames - filled, len(self._current) - self._position)
                out[filled : filled + n] = self._current[self._position : self._position + n]
                self._position += n
                filled += n
                if self._position >= len(self._current):
                    self._current = None
                continue
            if self._silence > 0:
                n = min(frames - filled, self._silence)
                self._silence -= n
                filled += n
                continue
            state = self._next_utterance(self._emitted + filled)
            if state == "end":
                break
            if state == "waiting":
                filled = frames  # the rest of this block stays silent
        self._emitted += filled
        if filled == 0:
            self.close()
            return None
        return out[:filled] * self._gain if self._gain != 1 else out[:filled]

    @property
    def held_utterances(self) -> int:
        """Decoded utterances in memory now (never more than one)."""
        return int(self._current is not None)

    @property
    def samples_emitted(self) -> int:
        return self._emitted

    def close(self) -> None:
        """Stop the worker (what it has made stays cached)."""
        self._finalizer()
        self._worker = None

    # ---- a program's side (on the thread that pulls) ------------------------------------
    def upcoming(self, n: int) -> list[SpeechItem]:
        """The next ``n`` items to speak (fewer near the end), without taking them."""
        return [p.item for p in itertools.islice(self._queue, n)]

    def replace_items(self, items: Iterable[SpeechItem], *, lead_in_s: float = 0.0) -> None:
        """Drop the rest of the current utterance, its pause and every queued item, and go on
        with ``items`` after ``lead_in_s`` of silence (a program's skip, choice or pause).
        Speech already sent to the worker is still made and cached."""
        self._items = iter(items)
        self._queue.clear()
        self._unsent.clear()
        if self._exhausted and self._worker is not None:
            self._worker = None  # its input is closed: it finishes what it has and exits
            self._sent = set()
        self._exhausted = False
        self._current, self._position = None, 0
        self._silence = int(round(max(0.0, lead_in_s) * SAMPLE_RATE))
        self._refill()

    # ---- internals ----------------------------------------------------------------------
    def _refill(self) -> None:
        while not self._exhausted and len(self._queue) < LOOKAHEAD:
            try:
                item = next(self._items)
            except StopIteration:
                self._exhausted = True
                break
            voice = self._registry.resolve(item.voice)
            note = self._registry.fallback_note(item.voice)
            if note and note not in self._notes:
                self._notes.add(note)
                _log.warning("%s", note)
            key = cache.UtteranceKey(
                " ".join(item.text.split()), self._registry.cache_id(voice), int(item.rate_wpm)
            )
            pending = _Pending(next(self._counter), item, key, voice)
            self._queue.append(pending)
            if key not in self._sent and not cache.is_cached(key, self._folder):
                self._unsent.append(pending)
        self._send()

    def _send(self) -> None:
        from .worker import Job

        while self._unsent and self._playing:
            if self._worker is None or not self._worker.alive:
                if self._failures >= MAX_WORKER_FAILURES:
                    return
                self._worker = self._start_worker()
                self._sent = set()
                self._finalizer.detach()
                self._finalizer = weakref.finalize(self, _stop_worker, self._worker)
                self.worker_starts += 1
            p = self._unsent[0]
            job = Job(p.key.text, p.voice, p.key.voice_id, p.key.rate_wpm)
            if not self._worker.submit(job):
                self._worker = None
                self._failures += 1
                continue
            self._sent.add(p.key)
            self._unsent.popleft()
        if self._exhausted and self._worker is not None:
            self._worker.finish_input()

    def _next_utterance(self, at_sample: int) -> str:
        """Start the next utterance ('started'), or say why not: 'waiting', 'skipped',
        'delayed' (its ``start_at_s`` is still to come), 'end' (all spoken, or ``may_start``
        said no: the utterance that played was the last)."""
        if self._may_start is not None and not self._may_start():
            self._queue.clear()
            self._exhausted = True
            return "end"
        self._refill()
        if not self._queue:
            return "end"
        head = self._queue[0]
        start_s = self._start_at(head.item)
        if start_s is not None:
            start = int(round(start_s * SAMPLE_RATE))
            if start > at_sample:  # silence until its moment, then ask again
                self._silence = start - at_sample
                return "delayed"
        audio = cache.read(head.key, self._folder)
        deadline = time.monotonic() + OFFLINE_WAIT_S
        while audio is None:
            if not self._worker_may_still_make(head):
                self._skip(head, f"it could not be made (see {self._log_path()})")
                return "skipped"
            if not self.wait:
                return "waiting"
            if time.monotonic() > deadline:
                self._skip(head, f"it was not ready after {OFFLINE_WAIT_S:g} s")
                return "skipped"
            time.sleep(0.02)
            audio = cache.read(head.key, self._folder)
        self._queue.popleft()
        self._failures = 0
        self._current, self._position = audio, 0
        self._silence = int(round(max(0.0, head.item.pause_after_s) * SAMPLE_RATE))
        started = Started(head.index, head.item, at_sample, len(audio))
        self.timeline.append(started)
        if self._on_start is not None:
            self._on_start(started)
        self._refill()
        return "started"

    def _log_path(self) -> Path:
        return (self._folder or cache.cache_dir()) / "worker.log"

    def _worker_may_still_make(self, head: _Pending) -> bool:
        """False once no worker will make ``head`` (workers keep dying without it)."""
        if self._worker is not None and self._worker.alive:
            return True
        if cache.is_cached(head.key, self._folder):  # there, but damaged: make it again
            cache.path_for(head.key, self._folder).unlink(missing_ok=True)
        if self._worker is not None:  # it ended without making this one
            self._failures += 1
            self._worker = None
        if head not in self._unsent:
            self._unsent.appendleft(head)
        self._send()
        return self._worker is not None and self._worker.alive

    def _skip(self, head: _Pending, why: str) -> None:
        self._queue.popleft()
        if head in self._unsent:
            self._unsent.remove(head)
        self.skipped += 1
        _log.error("skipped the utterance %r: %s", head.item.text[:60], why)


def _own_start(item: SpeechItem) -> float | None:
    return item.start_at_s


def _spawn_worker(cache_folder: Path | None = None):
    from .worker import WorkerProcess

    return WorkerProcess(cache_folder=cache_folder)


def _stop_worker(worker) -> None:
    if worker is not None:
        worker.stop()
