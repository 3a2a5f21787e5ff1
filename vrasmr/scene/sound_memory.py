"""How much memory a scene's prepared sounds take, and the limit a scene must stay under.

Generators and spoken scripts stream: a stream voice holds a few blocks (the engine's queued
and ready buffers) and its generator's state (filters, kernel banks, event tails), counted as
:data:`STREAM_HOLDS_S` seconds whatever it plays and for however long. A recording is decoded
whole and held as float32 mono at 48 kHz (at most 20 minutes: 220 MiB). A scene over
:data:`MAX_SCENE_SOUND_MIB` is refused before anything is made, naming its largest emitter.
See docs/scene-format.md, "Sound memory".
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_SCENE_SOUND_MIB = 512
BYTES_PER_SAMPLE = 4  # float32 mono
# A stream voice: 4 queued + 2 ready buffers of 0.25 s (vrasmr.sound.engine.streams), its
# generator's work (about 2 s of float64 rings and banks at most: benchmarks/bench_stream.py
# measures 0.2 to 1.3 MiB a source), rounded up.
STREAM_HOLDS_S = 4.0


@dataclass(frozen=True)
class SoundCost:
    """One emitter's prepared sound: seconds held, what it is, where to shorten it."""

    index: int
    seconds: float
    what: str
    field: tuple

    def mib(self, sample_rate: int) -> float:
        return self.seconds * sample_rate * BYTES_PER_SAMPLE / 1024**2


def _recording_seconds(name: str, roots) -> float:
    """The length of a recording as it will be loaded (0 if it cannot be read: loading it
    says why)."""
    import soundfile

    from vrasmr.scene.audio_files import resolve_audio_file
    from vrasmr.scene.names import MAX_RECORDING_S

    try:
        info = soundfile.info(str(resolve_audio_file(name, roots or None)))
    except (ValueError, RuntimeError, OSError):
        return 0.0
    return min(float(info.frames) / max(1, info.samplerate), MAX_RECORDING_S)


def sound_costs(scene, content) -> list[SoundCost]:
    """What each emitter of ``scene`` holds in memory once prepared (recipes resolved)."""
    costs = []
    for i, emitter in enumerate(scene.emitters):
        sound = emitter.sound
        if sound.recipe is not None:
            recipe = content.recipes.get(sound.recipe)
            if recipe is None:
                continue  # an unknown recipe is its own error
            sound = recipe.sound
        if sound.file is not None:
            seconds = _recording_seconds(sound.file, content.roots)
            costs.append(SoundCost(i, seconds, f"the recording {sound.file!r}", ("sound", "file")))
        else:
            costs.append(SoundCost(i, STREAM_HOLDS_S, "a stream", ()))
    return costs


def sound_memory_problems(scene, content, sample_rate: int = 48000) -> list[tuple[tuple, str]]:
    """One problem (field path, message) when the scene's sounds would take more memory than
    a scene may use, at its largest emitter; none otherwise."""
    costs = sound_costs(scene, content)
    total = sum(cost.mib(sample_rate) for cost in costs)
    if total <= MAX_SCENE_SOUND_MIB:
        return []
    worst = max(costs, key=lambda cost: cost.seconds)
    name = scene.emitter_name(worst.index)
    return [
        (
            ("emitters", worst.index, *worst.field),
            f"this scene's sounds would take {total:.0f} MiB of memory, over the "
            f"{MAX_SCENE_SOUND_MIB} MiB a scene may use; the largest is emitter {name!r} "
            f"({worst.what}: {worst.mib(sample_rate):.0f} MiB). Shorten it, or use fewer or "
            "shorter recordings (docs/scene-format.md, Sound memory)",
        )
    ]
