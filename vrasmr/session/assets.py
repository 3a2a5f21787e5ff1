"""Turns a scene file into what the App plays and draws: voices, layers and a runtime.

All the making happens here, at load time or on a worker thread: generators become streams
(beds made a block at a time, never looped; event emitters' gestures made fresh at each
event; each generator's level measured once and cached), recordings are decoded, spoken
scripts are streamed utterance by utterance from the speech cache, made ahead by a worker
process. The frame path only reads the result.

A night's ``seed`` makes it reproducible (tests, exports, goldens); without one each load
draws a fresh seed: a new night.
"""

from __future__ import annotations

import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vrasmr.errors import VrasmrError
from vrasmr.scene.sound_memory import sound_memory_problems
from vrasmr.sound.engine import VoiceSpec
from vrasmr.sound.engine.streams import TRIGGER_LEAD_S

SAMPLE_RATE = 48000
SILENCE = np.zeros(1, np.float32)  # a stream voice's samples (unused: it streams)


class SceneNotFound(VrasmrError, LookupError):
    """No scene with that id in the shipped or the user's scene folders."""


@dataclass
class LoadedScene:
    """A scene ready to play: its model, runtime, voices, layers and trigger kinds, and the
    night's seed."""

    scene: object  # vrasmr.scene.model.Scene
    runtime: object  # vrasmr.scene.runtime.SceneRuntime
    voices: list[VoiceSpec]
    layers: list  # the scene's layer models, palette names resolved (vrasmr.scene.layers)
    triggers: list[tuple[str, ...]]
    path: Path | None = None
    phrase_gate: object = None  # a vrasmr.sleep.quiet.PhraseGate its scripts ask
    program: object = None  # a vrasmr.program.player.ProgramPlayer, when it has a [program]
    program_kinds: tuple[str, ...] = ()  # trigger kinds its program's cues play
    seed: int = 0
    _led_to: float = float("-inf")  # scene time up to which gestures have been told ahead

    def plan_program(self, **how):
        """Plan tonight's program before the voices are staged or installed (``how``: see
        :meth:`~vrasmr.program.player.ProgramPlayer.plan`); a breathing script's pace
        becomes the scene's breath, so the picture breathes with the voice."""
        if self.program is None:
            return None
        night = self.program.plan(**how)
        if night.pace is not None and getattr(self.runtime, "pacer", None) is None:
            self.runtime.pacer = night.pace
        return night

    def enabled(self, index: int, switched_off) -> bool:
        return not (set(self.triggers[index]) & set(switched_off))

    def enabled_mask(self, switched_off) -> np.ndarray:
        if not switched_off:
            return np.ones(len(self.triggers))
        return np.array(
            [1.0 if self.enabled(i, switched_off) else 0.0 for i in range(len(self.triggers))]
        )

    def fade_in(self, t: float) -> float:
        return float(self.runtime.fade(t))

    def sound_at(self, t0: float, t1: float, arg) -> tuple[np.ndarray, np.ndarray, list]:
        """The voices' positions and gains at scene time ``t1`` and the events to start: the
        engine's :data:`~vrasmr.sound.engine.SoundSource`, run on the sound thread. ``arg``
        is ``(switched-off trigger kinds, scale of every voice's gain)``.

        A one-shot voice's events in ``[t0, t1)`` come as its index; a gesture stream's come
        TRIGGER_LEAD_S early as ``(index, seconds after t1)``, so that its stream, which runs
        ahead of what is heard, starts the gesture at its time."""
        off, scale = arg
        positions, gains = self.runtime.emitters_at(t1)
        if off:  # (fresh arrays from emitters_at: scaled in place)
            gains *= self.enabled_mask(off)
        if scale != 1.0:
            gains *= scale
        voices = self.voices
        triggers: list = [
            i
            for i, _ in self.runtime.events_between(t0, t1)
            if voices[i].stream is None and self.enabled(i, off)
        ]
        ahead = t1 + TRIGGER_LEAD_S
        for i, s in self.runtime.events_between(max(t0, self._led_to), ahead):
            if voices[i].stream is not None and self.enabled(i, off):
                triggers.append((i, s - t1))
        self._led_to = max(self._led_to, ahead)
        return positions, gains, triggers

    @property
    def trigger_kinds(self) -> list[str]:
        return sorted({k for kinds in self.triggers for k in kinds} | set(self.program_kinds))


def scene_library():
    """A fresh library of the shipped and user scenes (loaded, errors collected)."""
    from vrasmr.scene.library import SceneLibrary

    library = SceneLibrary()
    library.poll()
    return library


def find_scene(scene_id: str | None):
    """The scene model and its file for ``scene_id`` (None: the first shipped scene), or for
    a scene file's path (:func:`vrasmr.cli_values.is_scene_file`), validated as the library
    would."""
    from vrasmr.cli_values import is_scene_file

    if scene_id is not None and is_scene_file(scene_id):
        from vrasmr.scene.loading import load_scene as load_scene_file

        path = Path(scene_id)
        return load_scene_file(path), path
    library = scene_library()
    if scene_id is None:
        ids = library.ids()
        if not ids:
            problems = "; ".join(str(e) for e in library.errors.values())
            raise SceneNotFound(f"no scene could be loaded ({problems or 'no scene files'})")
        scene_id = "ear-to-ear" if "ear-to-ear" in ids else ids[0]
    if scene_id not in library.scenes:
        broken = [e for p, e in library.errors.items() if p.stem == scene_id]
        if broken:
            raise broken[0]
        from vrasmr.scene.errors import did_you_mean

        known = library.ids()
        raise SceneNotFound(
            f"no scene called {scene_id!r}{did_you_mean(scene_id, known)} (see `vrasmr scenes`)"
        )
    return library.get(scene_id), library.path_of(scene_id)


def load_scene(
    scene_id: str | None = None,
    *,
    seed: int | None = None,
    sample_rate: int = SAMPLE_RATE,
) -> LoadedScene:
    """Find, validate and prepare a scene; slow the first time (sounds are cached after).

    ``seed`` picks the night: its random sounds, event times and places (None draws a new
    night; the safety check uses fixed seeds, its ``--seeds`` several)."""
    scene, path = find_scene(scene_id)
    return prepare_scene(scene, path=path, seed=seed, sample_rate=sample_rate)


def prepare_scene(
    scene,
    *,
    path: Path | None = None,
    seed: int | None = None,
    sample_rate: int = SAMPLE_RATE,
) -> LoadedScene:
    from vrasmr.render.thumbnails import scene_layers
    from vrasmr.scene.loading import ContentIndex
    from vrasmr.scene.runtime import SceneRuntime
    from vrasmr.sleep.quiet import PhraseGate
    from vrasmr.sound.synth import new_seed

    content, _ = ContentIndex.load()
    _check_sound_memory(scene, content, path, sample_rate)
    night = new_seed() % 2**31 if seed is None else int(seed)
    gate = PhraseGate()
    parts = None
    if scene.program is not None:
        from vrasmr.program.assembly import assemble

        parts = assemble(scene, content.script_ids, gate=gate)
        scene = parts.scene  # with an emitter for each place its cues sound at
    jobs = [(i, e, *content.resolve(e.sound)) for i, e in enumerate(scene.emitters)]
    if parts is not None:
        jobs = [_program_job(job, parts) for job in jobs]
    made = _make_voices(scene, jobs, night, sample_rate, gate, parts)
    voices = [v for v, _ in made]
    triggers = [k for _, k in made]
    loaded = LoadedScene(
        scene=scene,
        runtime=SceneRuntime(scene, night),
        voices=voices,
        layers=scene_layers(scene),
        triggers=triggers,
        path=path,
        phrase_gate=gate,
        seed=night,
    )
    if parts is not None:
        parts.player.pace_source = lambda runtime=loaded.runtime: runtime.pacer
        loaded.program = parts.player
        loaded.program_kinds = parts.cue_kinds
    return loaded


def _program_job(job, parts):
    """A job for one of the program's emitters carries the program's trigger kinds (its cue
    tracks none: the player leaves out the gestures of kinds switched off)."""
    index, emitter, sound, trim, _ = job
    if index not in parts.channels:
        return job
    kinds = parts.voice_kinds if parts.channels[index] == "voice" else ()
    return (index, emitter, sound, trim, kinds)


def _check_sound_memory(scene, content, path, sample_rate: int) -> None:
    """Refuse, before anything is made, a scene whose sounds would not fit in memory."""
    from vrasmr.scene.errors import SceneError, combine, format_field

    problems = sound_memory_problems(scene, content, sample_rate)
    if problems:
        file = str(path) if path is not None else f"<scene {scene.id}>"
        errors = [SceneError(m, file=file, field=format_field(p)) for p, m in problems]
        raise combine(errors)


def _make_voices(scene, jobs, night: int, sample_rate: int, gate=None, parts=None) -> list:
    """``_make_voice`` for every job on the pool (recordings decode, new generators measure
    their level); results in scene order. The first failure cancels the rest."""
    pool = _maker()
    futures = [
        pool.submit(_make_voice, scene, job, night, sample_rate, gate, parts) for job in jobs
    ]
    try:
        return [future.result() for future in futures]
    except BaseException:
        for future in futures:
            future.cancel()
        raise


_MAKER: ThreadPoolExecutor | None = None


def sound_makers() -> ThreadPoolExecutor:
    """The workers that make sounds off the frame path and the sound thread (a voice
    program's cue gestures too)."""
    return _maker()


def _maker() -> ThreadPoolExecutor:
    """Two long-lived workers that make sounds (one pool for the process: a pool per load
    would leave per-thread bookkeeping behind on every scene switch through a night)."""
    global _MAKER
    if _MAKER is None:
        from vrasmr.background import lower_this_thread

        _MAKER = ThreadPoolExecutor(
            max_workers=2, thread_name_prefix="vrasmr-sound-make", initializer=lower_this_thread
        )
    return _MAKER


def _seed(scene_id: str, index: int, night: int) -> int:
    """One emitter's seed on a night: the same night gives the same sounds."""
    return zlib.crc32(f"{scene_id}:{index}:{night}".encode()) & 0x7FFFFFFF


def _make_voice(scene, job, night: int, sample_rate: int, gate=None, parts=None):
    from vrasmr.scene.schedule import EventSchedule

    index, emitter, sound, trim_db, kinds = job
    events = isinstance(emitter.schedule, EventSchedule)
    seed = _seed(scene.id, index, night)
    trim = float(10.0 ** (trim_db / 20.0))
    name = scene.emitter_name(index)
    common = dict(
        name=name,
        head_anchored=emitter.anchor == "head",
        reverb_send=float(emitter.reverb_send),
        priority=2 if events else 1,
        allow_overlap=bool(getattr(emitter.schedule, "allow_overlap", False)),
        min_gap_s=float(getattr(emitter.schedule, "min_gap_s", 0.0)),
    )
    if sound.script or sound.program:
        if sound.program:
            stream = parts.player.channel(parts.channels[index])
            if parts.channels[index] == "voice":
                parts.player.gain = trim
        else:
            stream = _script_stream(sound, trim, seed, gate, float(scene.fade_in_s))
        return VoiceSpec(
            samples=SILENCE, loop=False, stream=stream, **{**common, "priority": 3}
        ), kinds
    if sound.generator:
        return VoiceSpec(
            samples=SILENCE,
            loop=not events,
            stream=_generator_stream(emitter, sound, trim, seed, night, sample_rate),
            **common,
        ), kinds
    from vrasmr.scene.audio_files import resolve_audio_file
    from vrasmr.sound.recordings import load_recording

    samples = load_recording(resolve_audio_file(sound.file), sample_rate=sample_rate)
    samples = np.asarray(samples, dtype=np.float32) * np.float32(trim)
    return VoiceSpec(samples=samples, loop=not events, **common), kinds


def _generator_stream(emitter, sound, trim: float, seed: int, night: int, sample_rate: int):
    """A bed streams for ever; an event emitter's stream waits for its events (gestures of
    ``event_duration_s``, up to three at once when events may overlap)."""
    from vrasmr.scene.schedule import EventSchedule
    from vrasmr.sound import synth

    args = dict(sample_rate=sample_rate, seed=seed, variation=sound.variation, gain=trim)
    schedule = emitter.schedule
    if not isinstance(schedule, EventSchedule):
        weather = zlib.crc32(f"{sound.generator}:{night}".encode())  # one weather a night
        return synth.stream(sound.generator, sound.params, weather=weather, **args)
    overlap = 3 if schedule.allow_overlap else 1
    return synth.gesture_stream(
        sound.generator, sound.params, schedule.event_duration_s, overlap=overlap, **args
    )


def _script_stream(sound, trim: float, seed: int, gate=None, lead_in_s: float = 0.0):
    """The script spoken utterance by utterance from the speech cache (made ahead by a
    worker process; see :mod:`vrasmr.sound.speech.stream`); no new utterance once ``gate``
    (a :class:`~vrasmr.sleep.quiet.PhraseGate`) is closed, and none before ``lead_in_s``
    (the beds come in first)."""
    from vrasmr.sound.speech.playback import scene_stream

    may_start = gate.phrase_may_start if gate is not None else None
    return scene_stream(
        sound.script,
        voice=sound.voice,
        gain=trim,
        seed=seed,
        may_start=may_start,
        min_lead_in_s=lead_in_s,
    )
