"""Generator parameters at play: a gesture's fresh variant of its parameters. The models
themselves are part of the scene format (:mod:`vrasmr.scene.generator_params`)."""

from __future__ import annotations

import numpy as np

from vrasmr.scene.generator_params import Params


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
