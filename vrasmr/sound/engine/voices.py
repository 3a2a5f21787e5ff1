"""One scene's voices on the device: a source each (and copies of one-shots that may
overlap), their buffers and stream feeders, made by :meth:`VoiceBank.build` and freed by
:meth:`VoiceBank.release`, or taken over by a retiring bank (:mod:`.retiring`) on a
crossfade.

Everything here runs with the engine's lock held. Where the voices sound from and how loud
is :mod:`.placement`'s work.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from vrasmr.sound.engine.contract import VoiceSpec
from vrasmr.sound.engine.placement import Placement
from vrasmr.sound.engine.staging import Staged
from vrasmr.sound.engine.streams import StreamFeeder
from vrasmr.sound.openal import _raw as r

if TYPE_CHECKING:
    from vrasmr.sound.engine.device import DeviceLink

REFERENCE_DISTANCE_M = 1.0  # a sound plays at its recipe's loudness 1 m away
MAX_SOURCE_GAIN = 2.0  # room for the proximity boost (+6 dB) over a full-scale voice
OVERLAP_COPIES = 2  # an overlapping one-shot sounds up to 1 + this many times at once


def check_finite(voices: Iterable[VoiceSpec]) -> None:
    """Refuse a voice with NaN or infinite samples (a pop in a sleeping ear)."""
    for voice in voices:
        if voice.stream is None and not np.all(np.isfinite(voice.samples)):
            raise ValueError(f"voice {voice.name!r} has NaN or infinite samples")


def setup_source(link: DeviceLink, src: int, voice: VoiceSpec, buf: int | None) -> None:
    """A source set up for ``voice``: its buffer (or none: a stream), looping, anchoring,
    distance model, silent gain and reverb send."""
    dev = link.device
    al = dev.al
    if buf is not None:
        al.alSourcei(src, r.AL_BUFFER, buf)
    looping = voice.loop and voice.stream is None
    al.alSourcei(src, r.AL_LOOPING, r.AL_TRUE if looping else r.AL_FALSE)
    al.alSourcei(src, r.AL_SOURCE_RELATIVE, r.AL_TRUE if voice.head_anchored else 0)
    al.alSourcef(src, r.AL_REFERENCE_DISTANCE, REFERENCE_DISTANCE_M)
    al.alSourcef(src, r.AL_ROLLOFF_FACTOR, 1.0)
    al.alSourcef(src, r.AL_MAX_DISTANCE, 50.0)
    al.alSourcef(src, r.AL_MAX_GAIN, MAX_SOURCE_GAIN)
    al.alSourcef(src, r.AL_GAIN, 0.0)
    dev.check(f"setting up source for voice {voice.name!r}")
    if link.reverb is not None and voice.reverb_send > 0:
        send = float(voice.reverb_send) if math.isfinite(voice.reverb_send) else 0.0
        link.filter.send(src, link.reverb.slot, min(max(send, 0.0), 1.0))
        dev.check(f"reverb send for voice {voice.name!r}")


def free(dev, sources: list[int], buffers: list[int], feeders: Iterable[StreamFeeder]) -> None:
    """Stop and delete ``sources`` and ``buffers``; release the stream ``feeders``."""
    for feeder in feeders:
        feeder.release()
    for src in sources:
        dev.al.alSourceStop(src)
    if sources:
        dev.delete_sources(sources)
    if buffers:
        dev.delete_buffers(buffers)


class VoiceBank:
    """The sources, buffers and feeders of one list of :class:`VoiceSpec`, and their
    :class:`~.placement.Placement` (positions, gains, closeness, the voice limit)."""

    def __init__(self, specs: list[VoiceSpec], link: DeviceLink, sample_rate: int, max_voices: int):
        self.specs = specs
        self.link = link  # the device, al, reverb and filter in use now
        self.sample_rate = sample_rate
        self.sources: list[int] = []
        self.extra: dict[int, list[int]] = {}  # overlap copies of one-shot voices
        self.buffers: list[int] = []
        self.feeders: dict[int, StreamFeeder] = {}
        self.placement = Placement(self, max_voices)

    def build(self, staged: Staged | None = None) -> None:
        """Make a source per voice (samples uploaded now unless ``staged``) and start the
        looping and streaming ones, silent until the placement raises their gains."""
        dev = self.link.device
        al = dev.al
        voices = self.specs
        n = len(voices)
        if n == 0:
            return
        if staged is not None:
            buf_of = dict(staged.buffers)
        else:
            static = [i for i, v in enumerate(voices) if v.stream is None]
            bufs = dev.gen_buffers(len(static)) if static else []
            buf_of = dict(zip(static, bufs, strict=True))
        self.buffers = list(buf_of.values())
        self.sources = dev.gen_sources(n)
        for i, (voice, src) in enumerate(zip(voices, self.sources, strict=True)):
            if voice.stream is None and staged is None:
                dev.buffer_mono_float(buf_of[i], voice.samples, self.sample_rate)
            self._setup_source(src, voice, buf_of.get(i))
            if voice.allow_overlap and not voice.loop and voice.stream is None:
                extra = dev.gen_sources(OVERLAP_COPIES)
                for e in extra:
                    self._setup_source(e, voice, buf_of[i])
                self.extra[i] = extra
            if voice.stream is not None:
                feeder = staged.feeders.get(i) if staged is not None else None
                if feeder is None:
                    feeder = StreamFeeder(dev, src, voice.stream, self.sample_rate)
                feeder.source = src
                self.feeders[i] = feeder
        for i, voice in enumerate(voices):
            if voice.loop and voice.stream is None:
                al.alSourcePlay(self.sources[i])
        dev.check("alSourcePlay")
        for feeder in self.feeders.values():
            feeder.fill()
            feeder.pump()

    def _setup_source(self, src: int, voice: VoiceSpec, buf: int | None) -> None:
        setup_source(self.link, src, voice, buf)

    def trigger(self, index: int, delay_s: float = 0.0) -> None:
        """Start one-shot ``index`` from its beginning, unless it still sounds (then a free
        overlap copy plays, if the voice allows overlap). A stream voice is told instead:
        its event starts ``delay_s`` from now (a gesture stream; others ignore it)."""
        if not (0 <= index < len(self.sources)):
            return
        voice = self.specs[index]
        if voice.stream is not None:
            feeder = self.feeders.get(index)
            if feeder is not None:
                feeder.trigger(delay_s)
            return
        if voice.loop:
            return
        dev = self.link.device
        for src in [self.sources[index], *self.extra.get(index, [])]:
            if not self._playing(src):
                dev.al.alSourceRewind(src)
                dev.al.alSourcePlay(src)
                dev.check(f"alSourcePlay({voice.name!r})")
                return

    def _playing(self, src: int) -> bool:
        state = ctypes.c_int(0)
        self.link.al.alGetSourcei(src, r.AL_SOURCE_STATE, ctypes.byref(state))
        return state.value == r.AL_PLAYING

    def release(self) -> None:
        """Free every source, buffer and feeder of this bank."""
        extra = [s for group in self.extra.values() for s in group]
        free(self.link.device, self.sources + extra, self.buffers, list(self.feeders.values()))
        self.feeders = {}
        self.sources, self.buffers, self.extra = [], [], {}
