"""A scene with a ``[program]`` made ready to play (at load, on the loader's thread).

The program's scripts are read, one head-anchored emitter is added for each place its cues
sound at (so the runtime, the mix, the voice limit and the safety check treat them like any
other emitter), and a :class:`~vrasmr.program.player.ProgramPlayer` is made whose channels
those emitters and the speaking emitter stream.
"""

from __future__ import annotations

from dataclasses import dataclass

from vrasmr.program.cues import cue_keys, cue_triggers, place_position
from vrasmr.program.items import TimerWindow
from vrasmr.program.player import VOICE, ProgramPlayer
from vrasmr.scene.program import START_AFTER_FADE_IN_S

CUE_EMITTER_PREFIX = "program-cue-"
CUE_REVERB_SEND = 0.05
FADE_MINUTES = 10.0  # the sleep timer's default fade (vrasmr.sleep.timer.SleepPlan)
ALL_NIGHT_AFTER_MINUTES = 30.0


@dataclass
class ProgramParts:
    """What :func:`assemble` makes: the scene with its cue emitters, the player, which
    emitter streams which channel, and the trigger kinds the program plays."""

    scene: object
    player: ProgramPlayer
    channels: dict[int, str]
    voice_kinds: tuple[str, ...]
    cue_kinds: tuple[str, ...]


def program_scripts(program, script_ids) -> dict:
    """Every script the program may play, parsed (ScriptError for one that cannot be read)."""
    from vrasmr.sound.speech.script import load_script

    ids = []
    for part in program.parts:
        ids += [i for i in part.resolve(script_ids) if i not in ids]
    return {i: load_script(i) for i in ids}


def default_window(scene) -> TimerWindow | None:
    """The fade of the scene's own timer with the default fade, in scene seconds."""
    timer = scene.sleep_timer
    if timer == "off":
        return None
    if timer == "all_night":
        start = ALL_NIGHT_AFTER_MINUTES * 60.0
        return TimerWindow(start, start + FADE_MINUTES * 60.0)
    end = float(timer) * 60.0
    return TimerWindow(max(0.0, end - FADE_MINUTES * 60.0), end)


def program_seed(scene) -> int:
    """The program's seed when no night gives one (renders, exports: the same every time)."""
    import zlib

    return zlib.crc32(f"{scene.id}:{scene.program_emitter}".encode()) & 0x7FFFFFFF


def program_start_s(scene) -> float:
    program = scene.program
    if program.start_s is not None:
        return float(program.start_s)
    return float(scene.fade_in_s) + START_AFTER_FADE_IN_S


def assemble(scene, script_ids, *, gate=None) -> ProgramParts:
    """The scene's program ready to plan and play (see the module docstring)."""
    from vrasmr.scene.model import Emitter
    from vrasmr.scene.motion import StaticMotion
    from vrasmr.scene.sound import Sound

    program = scene.program
    scripts = program_scripts(program, script_ids)
    keys = cue_keys(scripts.values())
    cue_emitters = [
        Emitter(
            name=f"{CUE_EMITTER_PREFIX}{key}",
            sound=Sound(program=True),
            gain_db=program.cue_gain_db,
            anchor="head",
            motion=StaticMotion(position=place_position(key)),
            reverb_send=CUE_REVERB_SEND,
        )
        for key in keys
    ]
    speaker = scene.program_emitter
    first = len(scene.emitters)
    expanded = scene.model_copy(update={"emitters": [*scene.emitters, *cue_emitters]})
    channels = {speaker: VOICE} | {first + n: key for n, key in enumerate(keys)}
    player = ProgramPlayer(
        program,
        scripts,
        start_s=program_start_s(scene),
        seed=program_seed(scene),
        cue_keys=keys,
        gate=gate,
        breathing_bpm=scene.breathing_rate_bpm,
        default_window=default_window(scene),
    )
    kinds = {s.header.kind for s in scripts.values()}
    voice_kinds = ("whispers", "voice", *(k for k in ("story", "affirmations") if k in kinds))
    return ProgramParts(
        expanded, player, channels, voice_kinds, tuple(cue_triggers(scripts.values()))
    )
