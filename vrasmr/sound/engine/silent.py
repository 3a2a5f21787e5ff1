"""The engine at the end of the fallback chain: no device, every call accepted, nothing plays."""

from __future__ import annotations

import numpy as np

from vrasmr.sound.engine.contract import SAMPLE_RATE, EngineStatus, SoundEngine, VoiceSpec


class SilentEngine(SoundEngine):
    """Keeps the session going with no sound device: every call of the
    :class:`~.contract.SoundEngine` interface is accepted (and does nothing), nothing plays."""

    def __init__(self, reason: str = "no audio device"):
        self.status = EngineStatus(backend="silent", device=reason, hrtf="off")
        self.sample_rate = SAMPLE_RATE

    def play_once(self, voice: VoiceSpec, position, gain: float = 1.0) -> bool:
        return False

    @property
    def master(self) -> float:
        return 0.0

    @property
    def retiring_banks(self) -> int:
        return 0

    def render(self, frames: int, block: int = 256) -> np.ndarray:
        return np.zeros((frames, 2), dtype=np.float32)
