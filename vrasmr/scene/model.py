"""The typed scene: emitters, layers, palette and defaults, validated from one TOML file."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from vrasmr.quoting import quote
from vrasmr.scene.fields import HexColour, Name, StrictModel, Unit, choice
from vrasmr.scene.layers import Layer
from vrasmr.scene.motion import Motion, StaticMotion
from vrasmr.scene.names import (
    REVERB_PRESETS,
    SLEEP_TIMER_MINUTES,
    SLEEP_TIMER_WORDS,
    TECHNIQUES,
)
from vrasmr.scene.program import Program
from vrasmr.scene.schedule import ContinuousSchedule, Schedule
from vrasmr.scene.sound import Sound

EMITTER_GAIN_MAX_DB = 0.0
EMITTER_GAIN_MIN_DB = -60.0
DEFAULT_BRIGHTNESS_MAX = 0.6

Technique = Annotated[str, choice(TECHNIQUES, "technique")]
SleepTimer = Literal["off", "all_night", 15, 30, 45, 60, 90]


class Emitter(StrictModel):
    """One sound source in the scene."""

    name: Name | None = Field(None, description="a label for this emitter (default emitter-N)")
    sound: Sound = Field(..., description='what plays: "recipe-name" or a table, see Sounds')
    gain_db: float = Field(
        -18.0,
        ge=EMITTER_GAIN_MIN_DB,
        le=EMITTER_GAIN_MAX_DB,
        description="level, dB (0 is the safety ceiling)",
    )
    anchor: Literal["world", "head"] = Field(
        "world", description="world: stays put when you turn; head: turns with you"
    )
    motion: Motion = Field(default_factory=StaticMotion, description="how it moves, see Motions")
    schedule: Schedule = Field(
        default_factory=ContinuousSchedule, description="when it sounds, see Schedules"
    )
    reverb_send: Unit = Field(0.3, description="how much goes to the room reverb, 0–1")
    breath_sync_db: float = Field(
        0.0, ge=0.0, le=12.0, description="dips this many dB on each exhale; 0 = not synced"
    )


class Thumbnail(StrictModel):
    """How the scene's picture in the menu is taken."""

    time_s: float = Field(20.0, ge=0.0, le=600.0, description="scene time to capture, seconds")
    yaw_deg: float = Field(0.0, ge=-180.0, le=180.0, description="look direction; 90 = left")
    pitch_deg: float = Field(0.0, ge=-89.0, le=89.0, description="look up (+) or down (-)")
    fov_deg: float = Field(90.0, ge=30.0, le=120.0, description="horizontal field of view")


class Scene(StrictModel):
    """A whole scene as written in scenes/<id>.toml."""

    id: Name = Field(..., description="unique id, also the file name without .toml")
    title: str = Field(..., min_length=1, max_length=80, description="name shown in the menu")
    description: str = Field("", max_length=1000, description="one or two sentences")
    techniques: list[Technique] = Field(
        ..., min_length=1, max_length=len(TECHNIQUES), description="ASMR techniques it uses"
    )
    brightness: float = Field(
        0.3, ge=0.0, le=DEFAULT_BRIGHTNESS_MAX, description="starting brightness, 0–0.6"
    )
    breathing_rate_bpm: float = Field(
        6.0, ge=3.0, le=12.0, description="guided breathing pace, breaths per minute"
    )
    sleep_timer: SleepTimer = Field(
        45, description='default timer: "off", 15, 30, 45, 60, 90 (minutes) or "all_night"'
    )
    setting: Literal["indoor", "outdoor_night"] = Field(
        "indoor",
        description="indoor (or by a fire) or outdoor_night (moonlit: may be bluer if dimmer)",
    )
    reverb: Annotated[str, choice(REVERB_PRESETS, "reverb preset")] = Field(
        "none", description="room sound, an OpenAL EFX preset name or none"
    )
    fade_in_s: float = Field(
        40.0,
        ge=0.0,
        le=120.0,
        description="beds and light rise from nothing over this, s (then events, textures "
        "and words, over 30 s)",
    )
    palette: dict[Name, HexColour] = Field(
        default_factory=dict, max_length=64, description='named colours, name = "#rrggbb"'
    )
    layers: list[Layer] = Field(default_factory=list, max_length=32, description="visual layers")
    emitters: list[Emitter] = Field(
        default_factory=list, max_length=32, description="sound sources"
    )
    thumbnail: Thumbnail = Field(default_factory=Thumbnail, description="menu picture settings")
    program: Program | None = Field(
        None, description="what the voice says over the night, see Programs"
    )

    @field_validator("techniques")
    @classmethod
    def _unique_techniques(cls, value: list[str]) -> list[str]:
        dupes = sorted({t for t in value if value.count(t) > 1})
        if dupes:
            raise ValueError(f"lists {', '.join(dupes)} more than once; list each technique once")
        return value

    @field_validator("sleep_timer", mode="before")
    @classmethod
    def _explain_timer(cls, value):
        allowed = (*SLEEP_TIMER_WORDS, *SLEEP_TIMER_MINUTES)
        if value not in allowed or isinstance(value, bool):
            raise ValueError(
                f'expected "off", "all_night" or minutes 15, 30, 45, 60 or 90; found {quote(value)}'
            )
        return value

    @model_validator(mode="after")
    def _unique_emitter_names(self) -> Scene:
        names = [e.name for e in self.emitters if e.name]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"emitter names must be unique; {', '.join(dupes)} repeats")
        return self

    @property
    def program_emitter(self) -> int | None:
        """The index of the emitter that speaks the program, or None."""
        return next((i for i, e in enumerate(self.emitters) if e.sound.program), None)

    def emitter_name(self, index: int) -> str:
        return self.emitters[index].name or f"emitter-{index + 1}"
