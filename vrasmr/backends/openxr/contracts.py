"""The two sides the headset loop talks to, as Protocols, plus the plain data they exchange.

``HeadsetApp`` is the App (tests use a fake); ``XrRuntime`` is the pyopenxr session
(:mod:`.xr_runtime`; tests use a scripted fake). Nothing here imports ``xr``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol

from vrasmr.frame import Frame, View
from vrasmr.xmath import Pose

from .states import SessionState

# (index, view, fbo, size, encode_srgb): encode_srgb tells the App whether its shader must
# write sRGB-encoded values (False when GL_FRAMEBUFFER_SRGB on an sRGB swapchain does it).
DrawEye = Callable[[int, View, Any, tuple[int, int], bool], None]


class HeadsetApp(Protocol):
    def step(self, frame: Frame) -> Any: ...

    def draw(
        self,
        state: Any,
        view: View,
        target: Any,
        size: tuple[int, int],
        *,
        viewport: Any = None,
        encode_srgb: bool = True,
    ) -> None: ...  # the signature of vrasmr.app.App.draw

    def audio_hold(self) -> None: ...

    def notices(self) -> list[str]: ...  # said once at the start (vrasmr.backends.notices)

    def close(self, reason: str) -> None: ...


@dataclass(frozen=True)
class StateChanged:
    """``XrEventDataSessionStateChanged``."""

    state: SessionState


@dataclass(frozen=True)
class PresenceChanged:
    """``XrEventDataUserPresenceChangedEXT``: the headset went on or came off."""

    present: bool


@dataclass(frozen=True)
class InstanceLost:
    """``XrEventDataInstanceLossPending``: the runtime is going away."""


@dataclass(frozen=True)
class SpaceChanged:
    """``XrEventDataReferenceSpaceChangePending`` for the app's space: the runtime recentred
    it. From ``change_time_ns`` on, poses come in the new space; ``previous_from_new`` is
    ``poseInPreviousSpace`` (None when the runtime says it is not valid)."""

    change_time_ns: int = 0
    previous_from_new: Pose | None = None


RuntimeEvent = StateChanged | PresenceChanged | InstanceLost | SpaceChanged


# FrameTiming and Tracked are made every frame: named tuples cost a fifth of a frozen
# dataclass to build.
class FrameTiming(NamedTuple):
    """What xrWaitFrame said."""

    should_render: bool
    display_time_ns: int
    period_ns: int = 11_111_111  # predictedDisplayPeriod (90 Hz when the runtime says nothing)


NO_AIMS: Mapping[str, Pose] = MappingProxyType({})


class Tracked(NamedTuple):
    """Everything located for one display time, in the tracking (LOCAL) space."""

    head: Pose | None  # None only when ``head_row`` gives it
    views: tuple[View, ...]
    aims: Mapping[str, Pose] = NO_AIMS  # "aim_left"/"aim_right" → pose
    select_pressed: frozenset[str] = frozenset()  # aim names whose select went down
    menu_pressed: bool = False  # went down this frame
    menu_held: bool = False  # is down now
    # The runtime's fast path: the views as rows of floats laid out like XrView's pose and
    # fov, the head as the 7 floats of an XrPosef. When given, the loop maps them straight
    # into the world, and ``views`` (and ``head``) go unused.
    view_rows: list | None = None
    head_row: list | None = None


class XrRuntime(Protocol):
    ctx: Any  # the moderngl context the App draws with
    user_presence: bool  # XR_EXT_user_presence enabled and the system senses presence

    def poll_events(self) -> list[RuntimeEvent]: ...

    def create_session(self) -> None: ...

    def destroy_session(self) -> None: ...

    def begin_session(self) -> None: ...

    def end_session(self) -> None: ...

    def request_exit(self) -> None: ...

    def wait_frame(self) -> FrameTiming: ...

    def begin_frame(self) -> None: ...

    def locate(self, display_time_ns: int) -> Tracked | None: ...

    def render(self, views: tuple[View, ...], draw: DrawEye) -> None: ...

    def end_frame(self, display_time_ns: int, with_layers: bool) -> None: ...

    def close(self) -> None: ...
