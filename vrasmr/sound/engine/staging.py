"""Uploads ahead of a scene switch: a loader thread stages the next scene's samples (and
primes its streams) so that the switch frame's ``prepare()`` only makes sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vrasmr.sound.engine.contract import VoiceSpec
from vrasmr.sound.engine.streams import StreamFeeder

if TYPE_CHECKING:
    from vrasmr.sound.engine.device import DeviceLink


@dataclass
class Staged:
    """Buffers uploaded (and streams primed) for one list of voices on one device."""

    voices: list[VoiceSpec]
    generation: int  # the DeviceLink generation they were uploaded to
    buffers: dict[int, int] = field(default_factory=dict)  # voice index -> buffer
    feeders: dict[int, StreamFeeder] = field(default_factory=dict)


class Stager:
    """Keeps the one staged list (the next scene's) until ``prepare()`` takes it."""

    def __init__(self, link: DeviceLink, sample_rate: int):
        self._link = link
        self._sample_rate = sample_rate
        self._staged: Staged | None = None

    def stage(self, voices: list[VoiceSpec]) -> None:
        """Upload ``voices``' samples now, from any thread (a scene loader's).

        Each upload holds the engine's lock only for itself; streams get their first blocks
        decoded outside it. The voices must have been checked to be finite.
        """
        link = self._link
        staged = Staged(voices, link.generation)
        try:
            for i, voice in enumerate(voices):
                with link.lock:
                    if link.lost:
                        return
                    dev = link.device
                    if voice.stream is None:
                        (buf,) = dev.gen_buffers(1)
                        staged.buffers[i] = buf
                        dev.buffer_mono_float(buf, voice.samples, self._sample_rate)
                    else:
                        feeder = StreamFeeder(dev, 0, voice.stream, self._sample_rate)
                        staged.feeders[i] = feeder
                if voice.stream is not None:
                    staged.feeders[i].fill()  # decoding: outside the lock
        except Exception:
            self._drop(staged)
            raise
        old, self._staged = self._staged, staged
        if old is not None:
            self._drop(old)

    def take(self, voices: list[VoiceSpec]) -> Staged | None:
        """What was staged for exactly this list on the current device; anything else
        staged is freed."""
        staged, self._staged = self._staged, None
        if staged is not None and (
            staged.voices is not voices or staged.generation != self._link.generation
        ):
            self._drop(staged)
            staged = None
        return staged

    def _drop(self, staged: Staged) -> None:
        link = self._link
        if staged.generation != link.generation:
            return  # those buffers went with the old device
        with link.lock:
            if not link.lost:
                for feeder in staged.feeders.values():
                    link.device.delete_buffers(feeder.buffers)
                if staged.buffers:
                    link.device.delete_buffers(list(staged.buffers.values()))
