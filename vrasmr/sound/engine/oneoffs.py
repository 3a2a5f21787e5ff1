"""One-off stream voices: a sound started on its own, outside the scene's voices (a spoken
program's cue ``[brush near left 6s]``), that plays at its place until its stream ends and
is then freed.

Any thread may :meth:`OneOffs.post` one (a deque append: no lock, no OpenAL); the sound
thread starts what was posted (lock held), feeds it with the other streams and frees what
has finished. At most MAX_ONE_OFFS sound at once; the scene's voice limit does not count
them. A scene switch leaves them playing; a lost device drops them.
"""

from __future__ import annotations

import collections
import math
from dataclasses import dataclass

from vrasmr.sound.engine.contract import VoiceSpec
from vrasmr.sound.engine.streams import StreamFeeder
from vrasmr.sound.engine.voices import MAX_SOURCE_GAIN, free, setup_source
from vrasmr.sound.openal import _raw as r

MAX_ONE_OFFS = 4


@dataclass
class _Playing:
    source: int
    feeder: StreamFeeder


class OneOffs:
    """The one-off voices posted, and those playing."""

    def __init__(self):
        self.posted: collections.deque[tuple[VoiceSpec, tuple, float]] = collections.deque()
        self.playing: list[_Playing] = []

    def post(self, voice: VoiceSpec, position, gain: float) -> bool:
        """Queue ``voice`` (a stream) to start at ``position`` at ``gain``; False when it is
        not a stream, or MAX_ONE_OFFS are already playing or waiting."""
        if voice.stream is None or len(self.posted) + len(self.playing) >= MAX_ONE_OFFS:
            return False
        x, y, z = (float(v) if math.isfinite(float(v)) else 0.0 for v in position)
        gain = min(max(float(gain), 0.0), MAX_SOURCE_GAIN) if math.isfinite(float(gain)) else 0.0
        self.posted.append((voice, (x, y, z), gain))
        return True

    def start_posted(self, link, sample_rate: int) -> None:
        """Make a source and a feeder for each posted voice (lock held); they start playing
        at the next pump, once their first blocks are made."""
        dev = link.device
        while self.posted:
            voice, (x, y, z), gain = self.posted.popleft()
            (src,) = dev.gen_sources(1)
            setup_source(link, src, voice, None)
            dev.al.alSource3f(src, r.AL_POSITION, x, y, z)
            dev.al.alSourcef(src, r.AL_GAIN, gain)
            dev.check(f"starting one-off voice {voice.name!r}")
            self.playing.append(_Playing(src, StreamFeeder(dev, src, voice.stream, sample_rate)))

    def feeders(self) -> list[StreamFeeder]:
        return [p.feeder for p in self.playing]

    def reap(self, dev) -> None:
        """Free the one-offs whose stream has ended and been heard (lock held)."""
        done = [p for p in self.playing if p.feeder.finished]
        for p in done:
            self.playing.remove(p)
            free(dev, [p.source], [], [p.feeder])

    def release(self, dev) -> None:
        """Free every one-off now (device lost, or the engine closing)."""
        self.posted.clear()
        for p in self.playing:
            free(dev, [p.source], [], [p.feeder])
        self.playing = []
