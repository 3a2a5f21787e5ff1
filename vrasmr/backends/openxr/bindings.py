"""Suggested bindings for the aim pose, select and menu actions, per interaction profile.

``PROFILE_COMPONENTS`` encodes, from the OpenXR spec's "Interaction Profile Paths" section,
which component paths each profile allows on each hand; ``SUGGESTED`` picks from them.
Pure data (no ``xr``), so the tests can check every suggested path against the spec table.
"""

from __future__ import annotations

from dataclasses import dataclass

LEFT = "/user/hand/left"
RIGHT = "/user/hand/right"
HANDS = (LEFT, RIGHT)

ACTION_AIM = "aim"  # pose
ACTION_SELECT = "select"  # boolean (a float input is thresholded by the runtime)
ACTION_MENU = "menu"  # boolean
ACTION_TYPES = {ACTION_AIM: "pose", ACTION_SELECT: "boolean", ACTION_MENU: "boolean"}

_POSES = ("/input/grip/pose", "/input/aim/pose", "/output/haptic")
_STICK = ("/input/thumbstick", "/input/thumbstick/x", "/input/thumbstick/y")
_PAD = ("/input/trackpad", "/input/trackpad/x", "/input/trackpad/y")
_TOUCH_COMMON = (  # what both Touch controllers have
    "/input/squeeze/value",
    "/input/trigger/value",
    "/input/trigger/touch",
    *_STICK,
    "/input/thumbstick/click",
    "/input/thumbstick/touch",
    "/input/thumbrest/touch",
    *_POSES,
)


def _both(*paths: str) -> dict[str, frozenset[str]]:
    return {LEFT: frozenset(paths), RIGHT: frozenset(paths)}


PROFILE_COMPONENTS: dict[str, dict[str, frozenset[str]]] = {
    "/interaction_profiles/khr/simple_controller": _both(
        "/input/select/click", "/input/menu/click", *_POSES
    ),
    "/interaction_profiles/oculus/touch_controller": {
        LEFT: frozenset(
            {
                "/input/x/click",
                "/input/x/touch",
                "/input/y/click",
                "/input/y/touch",
                "/input/menu/click",
                *_TOUCH_COMMON,
            }
        ),
        RIGHT: frozenset(
            {
                "/input/a/click",
                "/input/a/touch",
                "/input/b/click",
                "/input/b/touch",
                "/input/system/click",
                *_TOUCH_COMMON,
            }
        ),
    },
    "/interaction_profiles/valve/index_controller": _both(
        "/input/system/click",
        "/input/system/touch",
        "/input/a/click",
        "/input/a/touch",
        "/input/b/click",
        "/input/b/touch",
        "/input/squeeze/value",
        "/input/squeeze/force",
        "/input/trigger/click",
        "/input/trigger/value",
        "/input/trigger/touch",
        *_STICK,
        "/input/thumbstick/click",
        "/input/thumbstick/touch",
        *_PAD,
        "/input/trackpad/force",
        "/input/trackpad/touch",
        *_POSES,
    ),
    "/interaction_profiles/htc/vive_controller": _both(
        "/input/system/click",
        "/input/squeeze/click",
        "/input/menu/click",
        "/input/trigger/click",
        "/input/trigger/value",
        *_PAD,
        "/input/trackpad/click",
        "/input/trackpad/touch",
        *_POSES,
    ),
    "/interaction_profiles/microsoft/motion_controller": _both(
        "/input/menu/click",
        "/input/squeeze/click",
        "/input/trigger/value",
        *_STICK,
        "/input/thumbstick/click",
        *_PAD,
        "/input/trackpad/click",
        "/input/trackpad/touch",
        *_POSES,
    ),
}

# action → per-hand component. "/input/system/click" is reserved for the runtime: never used.
_SAME_BOTH = {
    "/interaction_profiles/khr/simple_controller": {
        ACTION_AIM: "/input/aim/pose",
        ACTION_SELECT: "/input/select/click",
        ACTION_MENU: "/input/menu/click",
    },
    "/interaction_profiles/valve/index_controller": {
        ACTION_AIM: "/input/aim/pose",
        ACTION_SELECT: "/input/trigger/click",
        ACTION_MENU: "/input/b/click",
    },
    "/interaction_profiles/htc/vive_controller": {
        ACTION_AIM: "/input/aim/pose",
        ACTION_SELECT: "/input/trigger/click",
        ACTION_MENU: "/input/menu/click",
    },
    "/interaction_profiles/microsoft/motion_controller": {
        ACTION_AIM: "/input/aim/pose",
        ACTION_SELECT: "/input/trigger/value",
        ACTION_MENU: "/input/menu/click",
    },
}
_TOUCH = {
    LEFT: {
        ACTION_AIM: "/input/aim/pose",
        ACTION_SELECT: "/input/trigger/value",
        ACTION_MENU: "/input/menu/click",
    },
    RIGHT: {
        ACTION_AIM: "/input/aim/pose",
        ACTION_SELECT: "/input/trigger/value",
        ACTION_MENU: "/input/b/click",  # the right Touch has no menu button
    },
}


@dataclass(frozen=True)
class Binding:
    """One suggested binding: an action bound to a full input path."""

    action: str
    path: str  # e.g. "/user/hand/left/input/aim/pose"

    @property
    def hand(self) -> str:
        return next(h for h in HANDS if self.path.startswith(h + "/"))

    @property
    def component(self) -> str:
        return self.path[len(self.hand) :]


def _per_hand_table(profile: str) -> dict[str, dict[str, str]]:
    if profile == "/interaction_profiles/oculus/touch_controller":
        return _TOUCH
    return {hand: _SAME_BOTH[profile] for hand in HANDS}


SUGGESTED: dict[str, tuple[Binding, ...]] = {
    profile: tuple(
        Binding(action, hand + component)
        for hand, actions in _per_hand_table(profile).items()
        for action, component in actions.items()
    )
    for profile in PROFILE_COMPONENTS
}
