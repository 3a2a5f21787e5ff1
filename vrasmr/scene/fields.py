"""Building blocks shared by every scene model: the strict base class and checked value types."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from vrasmr.quoting import quote
from vrasmr.scene.errors import did_you_mean

MAX_COORD_M = 200.0
NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,62}$"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class StrictModel(BaseModel):
    """Frozen, no unknown keys (with a nearest-name hint), no NaN or infinity."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        allow_inf_nan=False,
        str_max_length=4000,
        validate_default=False,
    )

    @model_validator(mode="before")
    @classmethod
    def _refuse_unknown_keys(cls, data):
        if isinstance(data, dict):
            allowed = sorted(cls.model_fields)
            unknown = [str(k) for k in data if k not in cls.model_fields]
            if unknown:
                raise PydanticCustomError(
                    "unknown_key", "unknown key", {"keys": unknown, "allowed": allowed}
                )
        return data


def choice(options: Sequence[str], what: str) -> AfterValidator:
    """Accept only one of ``options``; the error names the nearest valid one."""

    def check(value: str) -> str:
        if value not in options:
            raise ValueError(f"unknown {what} {quote(value)}{did_you_mean(value, options)}")
        return value

    return AfterValidator(check)


def _finite_vec3(value: tuple[float, float, float]) -> tuple[float, float, float]:
    if any(not math.isfinite(v) or abs(v) > MAX_COORD_M for v in value):
        raise ValueError(f"each coordinate must be a finite number within ±{MAX_COORD_M:g} m")
    return value


def _hex_colour(value: str) -> str:
    if not HEX_COLOUR.match(value):
        raise ValueError(f'expected an sRGB colour like "#1a1208", found {quote(value)}')
    return value.lower()


def _colour_or_name(value: str) -> str:
    if value.startswith("#"):
        return _hex_colour(value)
    if not re.match(NAME_PATTERN, value):
        raise ValueError(
            f'expected an sRGB colour like "#1a1208" or a palette name, found {quote(value)}'
        )
    return value


Vec3 = Annotated[tuple[float, float, float], AfterValidator(_finite_vec3)]
"""A point in metres: [x, y, z] with +X right, +Y up, -Z forward; the head is at the origin."""

Name = Annotated[str, Field(pattern=NAME_PATTERN)]
"""A lower-case identifier: letters, digits, '-' and '_'."""

HexColour = Annotated[str, AfterValidator(_hex_colour)]
Colour = Annotated[str, AfterValidator(_colour_or_name)]
"""An sRGB hex colour "#rrggbb" or the name of a colour in the scene's palette."""

Unit = Annotated[float, Field(ge=0.0, le=1.0)]
"""A fraction from 0 to 1."""
