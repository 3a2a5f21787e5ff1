"""What every visual layer has: a program, its static uniforms set once, and a draw call."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any


def param(params: Any, name: str, default):
    """Read a layer parameter from a pydantic model, a mapping or a plain object."""
    if params is None:
        return default
    if isinstance(params, Mapping):
        return params.get(name, default)
    return getattr(params, name, default)


def hex_to_linear(value, default=(0.0, 0.0, 0.0)) -> tuple[float, float, float]:
    """``"#rrggbb"`` (sRGB) or an (r, g, b) triple in 0..1 → linear RGB."""
    if value is None:
        return default
    if isinstance(value, str):
        h = value.lstrip("#")
        rgb = tuple(int(h[i : i + 2], 16) / 255.0 for i in (0, 2, 4))
    else:
        rgb = tuple(float(c) for c in value)

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return tuple(lin(c) for c in rgb)  # type: ignore[return-value]


def colour(params: Any, name: str, default: str) -> tuple[float, float, float]:
    """A colour parameter as linear RGB; a palette name the loader left unresolved → default."""
    value = param(params, name, default)
    if isinstance(value, str) and not value.startswith("#"):
        value = default
    return hex_to_linear(value)


class Layer(ABC):
    """A visual layer. Subclasses make GL objects in ``__init__`` and issue draws in ``draw``."""

    program_name = ""
    draw_order = 50
    """Layers draw in this order (stable): sky 0, far things, solids, fog 70, glows after."""

    def __init__(self, ctx, programs, params):
        self.ctx = ctx
        self.programs = programs
        self.params = params
        self.program = programs.get(self.program_name)
        self.configure(params)

    def configure(self, params) -> None:  # noqa: B027 (optional hook)
        """Set the uniforms that come from the scene file (once, not per frame)."""

    def link(self, layers) -> None:  # noqa: B027 (optional hook)
        """Called once after a scene's layers are built, to read what the others share."""

    def set_uniform(self, name: str, value) -> None:
        if name in self.program:
            self.program[name].value = value

    def rebind(self) -> None:
        """Called after a shader hot reload: take the new program and set its uniforms again."""
        self.program = self.programs.get(self.program_name)
        self.configure(self.params)

    def update(self, state) -> None:  # noqa: B027 (optional hook)
        """Per-frame values from the scene runtime (cheap: a few uniform writes)."""

    @abstractmethod
    def commands(self) -> list:
        """This layer's draw as a list of GL calls bound once, for the framebuffer bound now
        (``ctx.fbo``). The renderer replays the list every frame, so nothing in it may change
        from frame to frame (per-frame uniforms are written in :meth:`update`); after
        :meth:`rebind` the renderer asks again."""

    def draw(self) -> None:
        """Issue this layer's draw calls once (warm-up, tests)."""
        for call in self.commands():
            call()

    def release(self) -> None:  # noqa: B027 (optional hook)
        """Free GL objects this layer made."""
