"""What the menu asks the App to do; the App applies these (ramping volume and brightness)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SwitchScene:
    scene_id: str


@dataclass(frozen=True)
class SetTimer:
    choice: int | str | None  # a value of vrasmr.sleep.timer.TIMER_CHOICES


@dataclass(frozen=True)
class SetVolume:
    value: float  # 0..1


@dataclass(frozen=True)
class SetBrightness:
    value: float  # multiplies the scene's brightness


@dataclass(frozen=True)
class SetTrigger:
    kinds: tuple[str, ...]
    on: bool


@dataclass(frozen=True)
class Recenter:
    pass


@dataclass(frozen=True)
class SetBedMode:
    on: bool


@dataclass(frozen=True)
class CheckIn:
    mood: int  # 1 (restless) .. 5 (sleepy)


@dataclass(frozen=True)
class SleepAnswer:
    """An answer about last night's session; ``done`` closes the question."""

    session_id: int
    rating: int | None = None  # 1 (badly) .. 5 (very well)
    minutes: float | None = None  # to fall asleep
    mood: int | None = None  # this morning, 1 (restless) .. 5 (sleepy)
    done: bool = False


@dataclass(frozen=True)
class SetVoice:
    """The scene's voice program on (it goes on where it stopped) or off (it fades out)."""

    on: bool


@dataclass(frozen=True)
class NextScript:
    """Skip to the program's next script (a mild "not this" in the journal)."""


@dataclass(frozen=True)
class ChooseScript:
    """Play ``script_id`` next (tonight's story)."""

    script_id: str


@dataclass(frozen=True)
class MoodAfter:
    """How the person feels when the session ended while they were awake."""

    session_id: int
    mood: int  # 1 (restless) .. 5 (sleepy)


Command = (
    SwitchScene
    | SetTimer
    | SetVolume
    | SetBrightness
    | SetTrigger
    | Recenter
    | SetBedMode
    | CheckIn
    | SleepAnswer
    | MoodAfter
    | SetVoice
    | NextScript
    | ChooseScript
)
