"""Sound recipes: reusable named sounds in audio/recipes/<name>.toml that scenes refer to."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from vrasmr.scene.fields import StrictModel, choice
from vrasmr.scene.names import TRIGGER_KINDS
from vrasmr.scene.sound import Sound

TriggerKind = Annotated[str, choice(TRIGGER_KINDS, "trigger kind")]


class Recipe(StrictModel):
    """One named sound; its name is the file name without ``.toml``."""

    title: str = Field(..., min_length=1, max_length=80, description="human name of the sound")
    description: str = Field("", max_length=500, description="what it sounds like")
    triggers: list[TriggerKind] = Field(
        ...,
        min_length=1,
        max_length=len(TRIGGER_KINDS),
        description="trigger kinds, for the user's sound switches and preference learning",
    )
    gain_db: float = Field(
        0.0, ge=-40.0, le=0.0, description="level trim applied before the emitter's gain, dB"
    )
    sound: Sound = Field(..., description="generator + params, script or file (not a recipe)")
