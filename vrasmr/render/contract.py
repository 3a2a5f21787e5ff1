"""The renderer as the App and the backends see it, as a Protocol, and what one draw reads.

:class:`SceneRenderer` is every call the App and the backends make on a renderer
(:class:`~vrasmr.render.renderer.Renderer` is the one that draws with GL). A draw reads the
frame's time, breath and look from a :class:`DrawState`: the App's ``FrameState`` during a
session, a :class:`Still` for a picture outside one. Nothing here imports GL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from vrasmr.frame import View
    from vrasmr.scene.layers import Layer


@dataclass(frozen=True)
class Look:
    """Global picture controls for a frame, each 0..1.

    ``person`` is the share of ``brightness`` that is the person's and the night's (menu
    brightness, sleep-timer dimming, sleep onset): the light guard judges the scene's own
    light, ``brightness / person``, and the person's share applies on top."""

    brightness: float = 0.5
    warmth: float = 0.6
    fade: float = 1.0
    person: float = 1.0


class DrawState(Protocol):
    """What a draw reads of the frame the App stepped to."""

    @property
    def time_s(self) -> float: ...  # the shaders' clock, seconds

    @property
    def breath(self) -> float: ...  # the breathing phase the orb follows, 0..1

    @property
    def look(self) -> Look: ...


@dataclass(frozen=True)
class Still:
    """A :class:`DrawState` for a picture outside a session (thumbnails, tools, tests)."""

    time_s: float
    breath: float = 0.0
    look: Look = Look()


class SceneRenderer(Protocol):
    """What the App and the backends call on the renderer."""

    ctx: Any  # the moderngl context (the menu draws into the same one)
    programs: Any  # its ProgramLibrary (the menu's programs, shader reload errors)

    def set_layers(self, layers: Sequence[Layer]) -> None:
        """Draw ``layers`` (scene layer models) from the next frame, built now."""

    def begin_layers(self, layers: Sequence[Layer]) -> None:
        """Start building ``layers`` a step at a time (:meth:`build_step`), for a switch."""

    def build_step(self) -> bool:
        """One step of the build begun; True when everything is built."""

    def swap_layers(self) -> None:
        """Draw the built layers from the next frame."""

    @property
    def building(self) -> bool:
        """True between :meth:`begin_layers` and :meth:`swap_layers`."""

    def import_layers(self, layers: Sequence[Layer]) -> None:
        """Import what draws ``layers``, no GL (a loader thread calls this)."""

    def warm_up_kinds(self, kinds: Iterable[str]) -> int:
        """Compile and first-draw every layer kind in ``kinds`` (at session start)."""

    def reload_shaders(self) -> list[str]:
        """Reload changed shader files; the names of the programs that changed."""

    def limit_light_rise(self) -> None:
        """Serve a session: the light guard remembers what was shown and lets the exposure
        rise only slowly (a still render is judged by the caps alone)."""

    def draw(
        self,
        state: DrawState,
        view: View,
        target: Any,
        size: tuple[int, int],
        *,
        viewport: tuple[int, int, int, int] | None = None,
        encode_srgb: bool = True,
    ) -> None:
        """Draw the layers for ``view`` into ``target`` (a framebuffer) at ``state``."""

    def release(self) -> None:
        """Free every GL object the renderer made."""
