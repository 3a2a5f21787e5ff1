"""Base class and field helper for generator parameters (strict, bounded, documented)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Params(BaseModel):
    """Generator parameters: unknown names are refused, values are bounded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def num(default: float, lo: float, hi: float, description: str) -> Any:
    """A numeric field with a default, an inclusive range and a description."""
    return Field(default, ge=lo, le=hi, description=description)


def choice(default: str, description: str) -> Any:
    """A text field restricted by its ``Literal`` annotation."""
    return Field(default, description=description)
