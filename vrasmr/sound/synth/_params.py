"""Base class and field helper for generator parameters (strict, bounded, documented)."""

from __future__ import annotations

from typing import Any

import numpy as np
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


def jittered(params: Params, rng, amount: float) -> Params:
    """A copy of ``params`` with every bounded number moved a little at random (``amount``
    0..1): rates and lengths by a factor (about +-20 % at 1), 0..1 amounts by about +-0.1.
    Choices (materials, variants) and whole numbers stay. A gesture's fresh parameters."""
    if amount <= 0:
        return params
    changed = {}
    for name, field in type(params).model_fields.items():
        value = getattr(params, name)
        if field.annotation is not float:
            continue
        bounds = {type(m).__name__: m for m in field.metadata}
        lo, hi = bounds["Ge"].ge, bounds["Le"].le
        if lo > 0:
            moved = value * float(np.exp(0.2 * amount * rng.standard_normal()))
        else:
            moved = value + 0.1 * amount * (hi - lo) * float(rng.standard_normal())
        changed[name] = min(max(moved, lo), hi)
    return params.model_copy(update=changed)
