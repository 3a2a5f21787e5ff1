"""What a spoken script is once read: its header (a typed model), its utterances with their
pauses and sound cues, and the errors that name a script's ``file:line``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, model_validator

from vrasmr.scene.errors import SceneError
from vrasmr.scene.fields import StrictModel

CUE_SOUNDS = (
    "brush",
    "tap",
    "scratch",
    "crinkle",
    "page",
    "pour",
    "drops",
    "towel",
    "comb",
    "spray",
    "click",
)
CUE_PLACES = ("left", "right", "front", "behind", "above")
NEAR_M, FAR_M = 0.2, 0.6

Phrase = Annotated[str, Field(min_length=1, max_length=200)]


class ScriptError(SceneError):
    """A problem in a script file: ``file:line: message`` with the fix."""


class ScriptNotFound(ScriptError, LookupError):
    """No script with that id in the shipped or the user's script folders."""


class ScriptHeader(StrictModel):
    """The TOML header of a script."""

    title: str = Field(..., min_length=1, max_length=80, description="shown in the menu")
    kind: Literal[
        "story",
        "visualization",
        "affirmations",
        "relaxation",
        "body-scan",
        "breathing",
        "role-play",
        "whispers",
    ] = Field(..., description="what sort of script it is")
    voice: Literal["whisper", "soft", "espeak"] = Field("whisper", description="how it is spoken")
    rate_wpm: int = Field(110, ge=80, le=160, description="speaking rate, words per minute")
    pause_scale: float = Field(1.0, ge=0.5, le=3.0, description="multiplies every pause")
    description: str = Field("", max_length=300, description="one line for the menu")
    inhale: list[Phrase] = Field(default_factory=list, max_length=32, description="breathing")
    exhale: list[Phrase] = Field(default_factory=list, max_length=32, description="breathing")

    @model_validator(mode="after")
    def _breath_phrases(self) -> ScriptHeader:
        if self.kind == "breathing" and not (self.inhale and self.exhale):
            raise ValueError(
                "a breathing script needs inhale = [...] and exhale = [...] phrases in its header"
            )
        if self.kind != "breathing" and (self.inhale or self.exhale):
            raise ValueError(f'inhale and exhale belong to kind = "breathing", not {self.kind!r}')
        return self


@dataclass(frozen=True)
class Cue:
    """A sound cue: a trigger gesture ``sound`` at ``place`` for ``seconds``."""

    sound: str
    place: str
    near: bool
    seconds: float
    line: int

    @property
    def distance_m(self) -> float:
        return NEAR_M if self.near else FAR_M


@dataclass(frozen=True)
class Utterance:
    """One clause or sentence to speak, and what happens around it."""

    text: str
    pause_after_s: float
    line: int
    sentence_end: bool = True
    cues: tuple[Cue, ...] = ()  # start with this utterance
    cues_after: tuple[Cue, ...] = ()  # start right after it ends
    paragraph: int = 0  # which paragraph of the script it belongs to, from 0

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Script:
    """A parsed script: header, utterances (for ``whispers``, one per phrase) and the silence
    before the first utterance (a leading ``[pause]``)."""

    id: str
    header: ScriptHeader
    utterances: tuple[Utterance, ...]
    lead_in_s: float = 0.0
    file: str = "<script>"
    has_header: bool = True

    @property
    def words(self) -> int:
        return sum(u.words for u in self.utterances)

    def speech_seconds(self) -> float:
        """The planned length at the script's rate, pauses included (an estimate)."""
        talk = self.words / self.header.rate_wpm * 60.0
        return talk + self.lead_in_s + sum(u.pause_after_s for u in self.utterances)
