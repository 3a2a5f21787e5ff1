"""What an emitter or recipe plays: a recipe, a generator with parameters, a script or a file."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from vrasmr.scene.fields import Name, StrictModel

ParamValue = bool | int | float | Annotated[str, Field(max_length=200)]
SOURCE_KEYS = ("recipe", "generator", "script", "file", "program")


class Sound(StrictModel):
    """Exactly one of ``recipe``, ``generator`` (with ``params``), ``script``, ``file`` or
    ``program`` (the scene's ``[program]`` speaks here).

    In a scene, ``sound = "rain-on-window"`` is shorthand for ``sound = { recipe = "..." }``.
    """

    recipe: Name | None = Field(None, description="name of a recipe in audio/recipes/")
    generator: Annotated[str, Field(max_length=64)] | None = Field(
        None, description="procedural generator name, e.g. rain, pink_noise, tapping"
    )
    params: dict[Annotated[str, Field(max_length=64)], ParamValue] = Field(
        default_factory=dict, description="the generator's parameters (only with generator)"
    )
    variation: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="how much a generator's sound wanders over minutes (beds) or varies "
        "gesture to gesture (triggers), 0..1; default the generator's own (0 for noise and fan)",
    )
    script: Name | None = Field(None, description="spoken script id from audio/scripts/<id>.txt")
    voice: Literal["whisper", "soft", "espeak"] | None = Field(
        None, description="how a script is spoken (default: the script's own voice)"
    )
    file: Annotated[str, Field(min_length=1, max_length=300)] | None = Field(
        None,
        description="audio file (.wav/.flac/.ogg) relative to the audio folder or the user's "
        "audio folder",
    )
    program: Literal[True] | None = Field(
        None, description="true: this emitter speaks the scene's [program]"
    )

    @model_validator(mode="before")
    @classmethod
    def _recipe_shorthand(cls, data):
        return {"recipe": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _exactly_one_source(self) -> Sound:
        given = [k for k in SOURCE_KEYS if getattr(self, k) is not None]
        if len(given) != 1:
            found = ", ".join(given) if given else "none"
            raise ValueError(
                "a sound needs exactly one of recipe, generator, script, file or program; "
                f"found {found}"
            )
        if self.voice is not None and self.script is None:
            raise ValueError("voice only applies to a script sound; remove voice or add script")
        if self.params and self.generator is None:
            raise ValueError(
                "params only apply to a generator sound; remove params or add generator"
            )
        if self.variation is not None and self.generator is None:
            raise ValueError(
                "variation only applies to a generator sound; remove variation or add generator"
            )
        return self

    def describe(self) -> str:
        if self.recipe:
            return f"recipe {self.recipe}"
        if self.generator:
            args = ", ".join(f"{k}={v}" for k, v in self.params.items())
            return f"generator {self.generator}({args})"
        if self.script:
            return f"script {self.script}"
        if self.program:
            return "the scene's program"
        return f"file {self.file}"
