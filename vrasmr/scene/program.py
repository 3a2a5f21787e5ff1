"""A scene's voice program (``[program]``): scripts in parts, played one after another over
the night, with silences between them that grow toward the sleep timer's fade.

The model is only what the scene file says; which scripts play tonight, in which order, is
the planner's work (:mod:`vrasmr.program.plan`), and the playing is the player's
(:mod:`vrasmr.program.player`). The emitter with ``sound = { program = true }`` speaks it.
"""

from __future__ import annotations

import fnmatch
from typing import Annotated, Literal

from pydantic import Field, field_validator

from vrasmr.scene.fields import StrictModel

SCRIPT_PATTERN = r"^[a-z0-9*?\[][a-z0-9_*?\[\]-]{0,62}$"
ScriptPattern = Annotated[str, Field(pattern=SCRIPT_PATTERN)]
"""A script id (``story-lighthouse``) or a glob of ids (``story-*``)."""

DEFAULT_BREATHING_MINUTES = 15.0
DEFAULT_GAP_S = (20.0, 60.0)
START_AFTER_FADE_IN_S = 5.0  # the first words come this long after the scene's fade-in


class ProgramPart(StrictModel):
    """Scripts that play one after another; the next part begins when this one is done."""

    scripts: list[ScriptPattern] = Field(
        ..., min_length=1, max_length=64, description='script ids or globs, e.g. ["story-*"]'
    )
    order: Literal["shuffle", "in_order"] = Field(
        "shuffle",
        description="shuffle: least recently heard first (seeded); in_order: as listed",
    )
    count: int | None = Field(
        None, ge=1, le=100, description="scripts of this part a night (default: all that fit)"
    )
    choosable: bool = Field(
        False, description="offer this part's scripts in the menu (tonight's story)"
    )
    minutes: float | None = Field(
        None,
        ge=1.0,
        le=60.0,
        description="breathing scripts: minutes of guided breaths (default 15)",
    )

    def matches(self, script_id: str) -> bool:
        return any(fnmatch.fnmatchcase(script_id, p) for p in self.scripts)

    @staticmethod
    def resolve_one(pattern: str, script_ids) -> list[str]:
        return sorted(i for i in script_ids if fnmatch.fnmatchcase(i, pattern))

    def resolve(self, script_ids) -> list[str]:
        """The ids this part names, in the order its patterns list them (each once)."""
        out: list[str] = []
        for pattern in self.scripts:
            out += [i for i in self.resolve_one(pattern, script_ids) if i not in out]
        return out


class Program(StrictModel):
    """``[program]``: what the scene's voice says over a night."""

    parts: list[ProgramPart] = Field(
        ..., min_length=1, max_length=8, description="what plays, part after part"
    )
    voice: Literal["whisper", "soft", "espeak"] | None = Field(
        None, description="how every script is spoken (default: each script's own voice)"
    )
    gap_s: tuple[
        Annotated[float, Field(ge=0.0, le=300.0)], Annotated[float, Field(ge=0.0, le=300.0)]
    ] = Field(
        DEFAULT_GAP_S,
        description="silence between scripts, s: the first at the start, the second by the fade",
    )
    start_s: float | None = Field(
        None,
        ge=0.0,
        le=600.0,
        description="first words at this scene time, s (default: 5 s after the scene's fade-in)",
    )
    cue_gain_db: float = Field(
        -10.0, ge=-60.0, le=0.0, description="level of the sounds a script's cues start, dB"
    )

    @field_validator("gap_s")
    @classmethod
    def _gaps_in_order(cls, value: tuple[float, float]) -> tuple[float, float]:
        low, high = value
        if high < low:
            raise ValueError(
                f"[{low:g}, {high:g}] shrinks; write the shorter gap first: [{high:g}, {low:g}]"
            )
        return value

    def parts_of(self, script_id: str) -> list[int]:
        return [k for k, part in enumerate(self.parts) if part.matches(script_id)]
