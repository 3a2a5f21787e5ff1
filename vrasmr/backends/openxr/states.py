"""The OpenXR session lifecycle as a pure table: session state → what the backend does.

See the OpenXR spec, "Session Lifecycle". The backend feeds each
``XrEventDataSessionStateChanged`` through :func:`action_for_state` and performs the
returned :class:`SessionAction`; :func:`frames_running` and :func:`should_render` decide
the frame loop.
"""

from __future__ import annotations

from enum import Enum


class SessionState(Enum):
    """Mirrors ``XrSessionState`` (values match the C enum)."""

    UNKNOWN = 0
    IDLE = 1
    READY = 2
    SYNCHRONIZED = 3
    VISIBLE = 4
    FOCUSED = 5
    STOPPING = 6
    LOSS_PENDING = 7
    EXITING = 8


class SessionAction(Enum):
    """What the backend must do after a state change."""

    NONE = "none"  # keep going
    BEGIN = "begin"  # xrBeginSession, start the frame loop
    END = "end"  # xrEndSession, stop the frame loop, keep polling
    EXIT = "exit"  # destroy the session and the instance, leave the program
    REBUILD = "rebuild"  # destroy the session, wait, then try to create a new one


STATE_ACTIONS: dict[SessionState, SessionAction] = {
    SessionState.UNKNOWN: SessionAction.NONE,
    SessionState.IDLE: SessionAction.NONE,
    SessionState.READY: SessionAction.BEGIN,
    SessionState.SYNCHRONIZED: SessionAction.NONE,
    SessionState.VISIBLE: SessionAction.NONE,
    SessionState.FOCUSED: SessionAction.NONE,
    SessionState.STOPPING: SessionAction.END,
    SessionState.LOSS_PENDING: SessionAction.REBUILD,
    SessionState.EXITING: SessionAction.EXIT,
}

# States in which a begun session keeps calling xrWaitFrame/xrBeginFrame/xrEndFrame. READY is
# included: the runtime only moves to SYNCHRONIZED once frames arrive after xrBeginSession.
RUNNING_STATES = frozenset(
    {SessionState.READY, SessionState.SYNCHRONIZED, SessionState.VISIBLE, SessionState.FOCUSED}
)
# States in which the compositor shows the app's layers.
VISIBLE_STATES = frozenset({SessionState.VISIBLE, SessionState.FOCUSED})


def action_for_state(state: SessionState | int) -> SessionAction:
    """The action the spec asks for on entering ``state`` (ints are ``XrSessionState``)."""
    try:
        return STATE_ACTIONS[SessionState(int(getattr(state, "value", state)))]
    except ValueError:
        return SessionAction.NONE


def frames_running(state: SessionState, session_begun: bool) -> bool:
    """Whether the frame loop (wait/begin/end) runs: after xrBeginSession until xrEndSession."""
    return session_begun and state in RUNNING_STATES


def should_render(state: SessionState, runtime_should_render: bool, user_present: bool) -> bool:
    """Render layers only when visible, the runtime asks for them and someone wears it."""
    return runtime_should_render and user_present and state in VISIBLE_STATES
