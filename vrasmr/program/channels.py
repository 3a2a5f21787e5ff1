"""Channels that advance together: what the producer made for each of a program's streams
(its voice, each cue place) waits here until the engine's feeder for that stream pulls it.

Every feeder asks the one producer; whichever asks first makes the next block for all of
them, so sample n of every channel was made at the same moment as sample n of the voice,
and the engine, starting their sources together, plays them in step.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field

import numpy as np

SAMPLE_RATE = 48000
MAX_BACKLOG_S = 20.0  # a channel nobody pulls (its voice paused by the limit) keeps this much


@dataclass
class ChannelBuffer:
    """The blocks made for one channel and not pulled yet."""

    blocks: collections.deque = field(default_factory=collections.deque)
    have: int = 0
    done: bool = False

    def push(self, block: np.ndarray) -> None:
        self.blocks.append(block)
        self.have += len(block)
        while self.have > MAX_BACKLOG_S * SAMPLE_RATE and len(self.blocks) > 1:
            self.have -= len(self.blocks.popleft())  # nobody is pulling: keep the recent

    def take(self, frames: int) -> np.ndarray:
        """Up to ``frames`` samples, oldest first."""
        out, need = [], frames
        while need > 0 and self.blocks:
            block = self.blocks.popleft()
            if len(block) > need:
                self.blocks.appendleft(block[need:])
                block = block[:need]
            out.append(block)
            need -= len(block)
        taken = np.concatenate(out) if len(out) != 1 else out[0]
        self.have -= len(taken)
        return taken


class ChannelPull:
    """The stream source the engine's feeder pulls for one channel of ``producer`` (which
    has ``pull(key, frames)`` and ``bind_device(realtime=...)``)."""

    def __init__(self, producer, key: str) -> None:
        self.producer, self.key = producer, key

    def __call__(self, frames: int) -> np.ndarray | None:
        return self.producer.pull(self.key, frames)

    def bind_device(self, *, realtime: bool) -> None:
        self.producer.bind_device(realtime=realtime)
