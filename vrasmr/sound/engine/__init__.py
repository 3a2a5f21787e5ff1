"""The sound engine the App talks to: voices placed around a head-tracked listener.

:class:`SoundEngine` is the interface; :class:`OpenALEngine` drives OpenAL Soft with HRTF
on the playback device (real use) or the loopback device (headless renders, exports,
tests), and :class:`SilentEngine` ends the fallback chain. :func:`open_engine` picks one.
See ``docs/sound-engine.md`` for the parts and the threads.
"""

from __future__ import annotations

from vrasmr.sound.engine.contract import (
    MASTER_CEILING,
    SAMPLE_RATE,
    EngineStatus,
    SoundEngine,
    SoundSource,
    VoiceSpec,
)
from vrasmr.sound.engine.openal_engine import MAX_VOICES, OpenALEngine
from vrasmr.sound.engine.silent import SilentEngine
from vrasmr.sound.engine.streams import StreamSource

__all__ = [
    "MASTER_CEILING",
    "MAX_VOICES",
    "SAMPLE_RATE",
    "EngineStatus",
    "OpenALEngine",
    "SilentEngine",
    "SoundEngine",
    "SoundSource",
    "StreamSource",
    "VoiceSpec",
    "open_engine",
]


def open_engine(
    kind: str = "auto", sample_rate: int = SAMPLE_RATE, device: str | None = None
) -> SoundEngine:
    """The best engine available: ``"playback"``, ``"loopback"``, ``"silent"`` or ``"auto"``.

    ``auto`` tries the playback device (``device`` by name, else the default) and falls back
    to the default device, then to silence, with one clear line each in ``status.problems``;
    it never raises for a missing library or device.
    """
    if kind == "silent":
        return SilentEngine("sound is off")
    named_problem = None
    if device is not None and kind != "loopback":
        try:
            return OpenALEngine.playback(sample_rate, device=device)
        except Exception as exc:
            named_problem = (
                f"the output device {device!r} (audio_device in settings.toml) could not be "
                f"opened ({exc}); using the default output"
            )
    engine = _open_default(kind, sample_rate)
    if named_problem is not None:
        engine.status.say(named_problem)
    return engine


def _open_default(kind: str, sample_rate: int) -> SoundEngine:
    try:
        if kind == "loopback":
            return OpenALEngine.loopback(sample_rate)
        return OpenALEngine.playback(sample_rate)
    except Exception as exc:
        if kind == "loopback":
            raise
        engine = SilentEngine(str(exc))
        engine.status.problems.append(f"no sound: {exc}")
        return engine
