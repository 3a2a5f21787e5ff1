"""What every layer drawer has: a program, its static uniforms set once, and a draw call.

A drawer draws one layer of a scene; what it draws is the layer's pydantic model
(:mod:`vrasmr.scene.layers`), which holds every parameter and its default. Drawers read the
model's fields and restate none of them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod


def hex_to_linear(value: str) -> tuple[float, float, float]:
    """``"#rrggbb"`` (sRGB) → linear RGB."""
    h = value.lstrip("#")
    rgb = tuple(int(h[i : i + 2], 16) / 255.0 for i in (0, 2, 4))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return tuple(lin(c) for c in rgb)  # type: ignore[return-value]


def colour(layer, name: str) -> tuple[float, float, float]:
    """The layer's colour field ``name`` as linear RGB. A palette name left unresolved (the
    scene loader resolves them: :func:`vrasmr.render.thumbnails.scene_layers`) reads as the
    field's default."""
    value = getattr(layer, name)
    if not value.startswith("#"):
        value = type(layer).model_fields[name].default
    return hex_to_linear(value)


class Drawer(ABC):
    """Draws one visual layer. Subclasses make GL objects in ``__init__`` and bind their
    draw calls in :meth:`commands`."""

    program_name = ""
    draw_order = 50
    """Layers draw in this order (stable): sky 0, far things, solids, fog 70, glows after."""

    def __init__(self, ctx, programs, layer, scene=()):
        self.ctx = ctx
        self.programs = programs
        self.layer = layer  # the layer's model (vrasmr.scene.layers)
        self.scene = scene  # the scene's layer models, for a look that depends on another's
        self.program = programs.get(self.program_name)
        self.configure(layer)

    @classmethod  # noqa: B027 (optional hook)
    def prepare(cls, layer, scene=()):
        """Make what drawing ``layer`` needs on the CPU (meshes), on the scene-loading
        thread, so that building the drawer on a frame only uploads it; no GL here."""

    def configure(self, layer) -> None:  # noqa: B027 (optional hook)
        """Set the uniforms that come from the scene file (once, not per frame)."""

    def link(self, drawers) -> None:  # noqa: B027 (optional hook)
        """Called once after a scene's drawers are built, to read what the others share."""

    def set_uniform(self, name: str, value) -> None:
        if name in self.program:
            self.program[name].value = value

    def rebind(self) -> None:
        """Called after a shader hot reload: take the new program and set its uniforms again."""
        self.program = self.programs.get(self.program_name)
        self.configure(self.layer)

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
        """Free GL objects this drawer made."""
