"""The engine at the end of the fallback chain: no device, every call accepted, nothing plays."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from vrasmr.sound.engine.contract import (
    SAMPLE_RATE,
    EngineStatus,
    SoundSource,
    VoiceSpec,
)
from vrasmr.xmath import Pose


class SilentEngine:
    """Keeps the session going with no sound device: every call is accepted, nothing plays."""

    def __init__(self, reason: str = "no audio device"):
        self.status = EngineStatus(backend="silent", device=reason, hrtf="off")
        self.sample_rate = SAMPLE_RATE
        self._count = 0

    def prepare(
        self,
        voices: list[VoiceSpec],
        *,
        crossfade_s: float = 0.0,
        source: SoundSource | None = None,
    ) -> None:
        self._count = len(voices)

    def stage(self, voices: list[VoiceSpec]) -> None:
        pass

    def set_listener(self, pose: Pose) -> None:
        pass

    def update(self, positions: np.ndarray, gains: np.ndarray, dt: float = 1 / 90) -> None:
        pass

    def advance(self, t0: float, t1: float, arg=None, dt: float = 1 / 90) -> None:
        pass

    def apply_pending(self) -> None:
        pass

    def trigger(self, index: int) -> None:
        pass

    def play_once(self, voice: VoiceSpec, position, gain: float = 1.0) -> bool:
        return False

    def set_master(self, gain: float, immediate: bool = False) -> None:
        pass

    def set_master_schedule(self, fn: Callable[[float], float] | None) -> None:
        pass

    def set_reverb(self, name: str) -> None:
        pass

    def poll_device(self, now: float | None = None) -> None:
        pass

    @property
    def master(self) -> float:
        return 0.0

    @property
    def retiring_banks(self) -> int:
        return 0

    def pause(self) -> None:
        pass

    def render(self, frames: int, block: int = 256) -> np.ndarray:
        return np.zeros((frames, 2), dtype=np.float32)

    def close(self) -> None:
        pass
