"""What a backend hands the App each frame: time, head pose, views and pointers.

Every backend (headless, desktop, OpenXR) fills the same :class:`Frame`, so the App's
step is one piece of code. Times are seconds on the backend's clock (for OpenXR, the
predicted display time converted to seconds since the session started).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from vrasmr.xmath import Fov, Pose

if TYPE_CHECKING:
    from vrasmr.render.contract import Look


@dataclass(frozen=True)
class View:
    """One eye (or the single desktop camera): where it is and what it sees."""

    pose: Pose
    fov: Fov


@dataclass(frozen=True)
class Pointer:
    """A ray that can point at the menu: a controller's aim, the mouse, or the gaze."""

    name: str  # "aim_left" | "aim_right" | "mouse" | "gaze"
    origin: np.ndarray
    direction: np.ndarray
    select: bool = False  # the select button went down this frame


@dataclass(frozen=True)
class Frame:
    """Everything one frame step needs from the outside world."""

    time_s: float
    head: Pose
    views: tuple[View, ...]
    pointers: tuple[Pointer, ...] = ()
    buttons: frozenset[str] = field(default_factory=frozenset)  # "menu", "recenter", ...
    visible: bool = True  # False while the headset is off or the session is not visible


@dataclass(slots=True)
class FrameState:
    """What one step decided; the renderer (a :class:`~vrasmr.render.contract.DrawState`)
    and the tests read it. (The voices' positions, gains and triggers are the sound thread's:
    :meth:`LoadedScene.sound_at`.)"""

    time_s: float
    head: Pose
    breath: float
    look: Look
    master_gain: float
    crossfade: float = 1.0  # 0..1 progress of a scene switch (1 = none running)
    menu_visible: bool = False
    recenter_requested: bool = False  # the menu asked to recentre (this frame only)
    bed_mode: bool | None = None  # what the menu asked for; None: never asked
    render_idle: bool = False  # asleep and the picture black: a headset may skip drawing
