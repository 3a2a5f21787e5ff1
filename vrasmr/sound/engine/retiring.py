"""Retiring banks: a previous scene's voices fading out (cosine, equal power) while the
next scene's rise, then freed. A scene switch never stops a sound in mid-air."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from vrasmr.sound.engine.streams import StreamFeeder
from vrasmr.sound.engine.voices import VoiceBank, free
from vrasmr.sound.openal import _raw as r


@dataclass
class RetiringBank:
    """One previous scene's sources, fading from the gains last sent to silence."""

    sources: list[int]
    start_gains: list[float]  # per source, as last sent
    buffers: list[int]
    feeders: list[StreamFeeder]
    duration_s: float
    elapsed_s: float = 0.0
    estimate: tuple[float, float] = (0.0, 0.0)  # the loudness guard's, as it retired

    @classmethod
    def take_over(cls, bank: VoiceBank, duration_s: float) -> RetiringBank:
        """Take every source, buffer and feeder of ``bank`` (left empty) to fade out over
        ``duration_s`` seconds of mixed audio."""
        sent = np.fmax(bank.placement.sent_gain, 0.0)
        sources, gains = list(bank.sources), sent[: len(bank.sources)].tolist()
        for i, extra in bank.extra.items():
            sources += extra
            gains += [float(sent[i])] * len(extra)
        retiring = cls(sources, gains, bank.buffers, list(bank.feeders.values()), float(duration_s))
        bank.sources, bank.buffers, bank.extra, bank.feeders = [], [], {}, {}
        return retiring

    def gain(self) -> float:
        x = min(self.elapsed_s / self.duration_s, 1.0) if self.duration_s > 0 else 1.0
        return math.cos(x * math.pi / 2.0)


class RetiringBanks:
    """The banks still fading out (the engine's lock is held for every call)."""

    def __init__(self):
        self.banks: list[RetiringBank] = []

    def __len__(self) -> int:
        return len(self.banks)

    def add(self, bank: RetiringBank) -> None:
        self.banks.append(bank)

    def estimates(self) -> list[tuple[tuple[float, float], float]]:
        """Each bank's loudness-guard estimate and its fade gain now."""
        return [(bank.estimate, bank.gain()) for bank in self.banks]

    def feeders(self) -> list[StreamFeeder]:
        """The streams of every bank, which are fed until their bank is freed."""
        return [f for bank in self.banks for f in bank.feeders]

    def fade(self, dev, dt: float) -> None:
        """Advance every fade by ``dt`` seconds and send the gains; free finished banks."""
        g, sf = r.AL_GAIN, dev.al.alSourcef
        for bank in list(self.banks):
            bank.elapsed_s += dt
            if bank.elapsed_s >= bank.duration_s:
                self.banks.remove(bank)
                free(dev, bank.sources, bank.buffers, bank.feeders)
                continue
            k = bank.gain()
            for src, g0 in zip(bank.sources, bank.start_gains, strict=True):
                sf(src, g, g0 * k)

    def release(self, dev) -> None:
        """Free every bank now (device lost, or the engine closing)."""
        for bank in self.banks:
            free(dev, bank.sources, bank.buffers, bank.feeders)
        self.banks = []
