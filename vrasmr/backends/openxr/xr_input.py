"""Action set (aim pose, select, menu) with the suggested bindings of :mod:`.bindings`."""

from __future__ import annotations

import contextlib
import ctypes

import xr

from . import rawcalls
from .bindings import ACTION_TYPES, HANDS, LEFT, SUGGESTED
from .contracts import Tracked
from .converters import located_pose

_TYPES = {
    "pose": xr.ActionType.POSE_INPUT,
    "boolean": xr.ActionType.BOOLEAN_INPUT,
}
AIM_NAMES = {LEFT: "aim_left", "/user/hand/right": "aim_right"}


class ControllerInput:
    """Creates the actions once per instance; per session: attach, spaces, per-frame reads."""

    def __init__(self, instance) -> None:
        self.instance = instance
        self.hand_paths = [xr.string_to_path(instance, h) for h in HANDS]
        self.action_set = xr.create_action_set(
            instance,
            xr.ActionSetCreateInfo(
                action_set_name="vrasmr", localized_action_set_name="vrasmr", priority=0
            ),
        )
        self.actions = {
            name: xr.create_action(
                self.action_set,
                xr.ActionCreateInfo(
                    action_type=_TYPES[kind],
                    action_name=name,
                    localized_action_name=name,
                    count_subaction_paths=len(self.hand_paths),
                    subaction_paths=self.hand_paths,
                ),
            )
            for name, kind in ACTION_TYPES.items()
        }
        for profile, bindings in SUGGESTED.items():
            suggested = [
                xr.ActionSuggestedBinding(
                    self.actions[b.action], xr.string_to_path(instance, b.path)
                )
                for b in bindings
            ]
            with contextlib.suppress(xr.PathUnsupportedError):  # runtime lacks this profile
                xr.suggest_interaction_profile_bindings(
                    instance,
                    xr.InteractionProfileSuggestedBinding(
                        interaction_profile=xr.string_to_path(instance, profile),
                        count_suggested_bindings=len(suggested),
                        suggested_bindings=suggested,
                    ),
                )
        self.session = None
        self.bound = [True] * len(self.hand_paths)  # hands read each frame
        self.any_bound = True

    def attach(self, session) -> None:
        """Attach to a new session and make the aim spaces; preallocate the per-frame structs."""
        self.session = session
        xr.attach_session_action_sets(
            session, xr.SessionActionSetsAttachInfo(action_sets=[self.action_set])
        )
        self.aim_spaces = [
            xr.create_action_space(
                session,
                xr.ActionSpaceCreateInfo(action=self.actions["aim"], subaction_path=path),
            )
            for path in self.hand_paths
        ]
        self.sync_info = xr.ActionsSyncInfo(
            active_action_sets=[xr.ActiveActionSet(self.action_set, xr.NULL_PATH)]
        )
        self.get_infos = {
            (name, i): xr.ActionStateGetInfo(action=self.actions[name], subaction_path=path)
            for name in ("select", "menu")
            for i, path in enumerate(self.hand_paths)
        }
        self.bool_state = xr.ActionStateBoolean()
        self.location = xr.SpaceLocation()
        self.refresh_profiles()

    def refresh_profiles(self) -> None:
        """Which hands have a bound interaction profile (at attach, and on the runtime's
        INTERACTION_PROFILE_CHANGED event); hands with none are not read each frame."""
        bound = []
        for path in self.hand_paths:
            try:
                state = xr.get_current_interaction_profile(self.session, path)
                bound.append(int(state.interaction_profile) != int(xr.NULL_PATH))
            except Exception:  # a runtime that cannot say: read the hand, as before
                bound.append(True)
        self.bound = bound
        self.any_bound = any(bound)

    def read(
        self, app_space, display_time: int, head, views, view_rows=None, head_row=None
    ) -> Tracked:
        """Sync actions and read aims, select edges and menu at ``display_time``; the
        located head and views go into the :class:`Tracked` as they are."""
        raw = rawcalls.raw
        result = raw.xrSyncActions(self.session, ctypes.byref(self.sync_info))
        if result != 0 or not self.any_bound:  # SESSION_NOT_FOCUSED, or no controller
            return Tracked(head, views, view_rows=view_rows, head_row=head_row)
        aims, selects, menu_pressed, menu_held = {}, set(), False, False
        for i, hand in enumerate(HANDS):
            if not self.bound[i]:
                continue  # no controller profile for this hand: nothing to read
            raw.xrLocateSpace(
                self.aim_spaces[i], app_space, display_time, ctypes.byref(self.location)
            )
            pose = located_pose(self.location)
            if pose is not None:
                aims[AIM_NAMES[hand]] = pose
            if self._pressed("select", i)[0]:
                selects.add(AIM_NAMES[hand])
            went_down, held = self._pressed("menu", i)
            menu_pressed |= went_down
            menu_held |= held
        if not (aims or selects or menu_held):  # no controller in hand: the common case
            return Tracked(head, views, view_rows=view_rows, head_row=head_row)
        selected = frozenset(selects)
        return Tracked(head, views, aims, selected, menu_pressed, menu_held, view_rows, head_row)

    def _pressed(self, name: str, hand_index: int) -> tuple[bool, bool]:
        """(went down this frame, is down) for a boolean action on one hand."""
        rawcalls.raw.xrGetActionStateBoolean(
            self.session,
            ctypes.byref(self.get_infos[(name, hand_index)]),
            ctypes.byref(self.bool_state),
        )
        s = self.bool_state
        down = bool(s.is_active) and bool(s.current_state)
        return down and bool(s.changed_since_last_sync), down

    def detach(self) -> None:
        """Forget the session's spaces (the session destroys them with itself)."""
        self.session = None
        self.aim_spaces = []
        self.bound = [True] * len(self.hand_paths)
        self.any_bound = True
