"""Is the headset on? ``XR_EXT_user_presence`` where the runtime senses it.

Where the runtime offers the extension and the system senses presence
(``XrSystemUserPresencePropertiesEXT.supportsUserPresence``), its
``XrEventDataUserPresenceChangedEXT`` events say when the headset comes off and goes back
on (the runtime also sends one when a session starts running). Elsewhere nothing says so,
and the session state alone decides whether frames are drawn (VISIBLE/FOCUSED), as before.

Taken off, the loop draws nothing and the App holds the listener while the sound and the
sleep fade go on. A session that ends while the headset is off ends in the journal as
``headset_removed``.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

HEADSET_REMOVED = "headset_removed"  # the journal's end reason (vrasmr.sleep.journal)


class Presence:
    """What the runtime said about the headset being worn; ``present`` is True until told."""

    def __init__(self, sensed: bool = False) -> None:
        self.sensed = sensed  # the runtime senses presence: its word counts
        self.present = True
        self.removals = 0

    def changed(self, present: bool) -> None:
        """An ``XrEventDataUserPresenceChangedEXT``."""
        present = bool(present)
        if present == self.present:
            return
        self.present = present
        if not present:
            self.removals += 1
        log.info("the headset was %s", "put on" if present else "taken off")

    def session_started(self) -> None:
        """A new session (after a lost one): worn until its runtime says otherwise."""
        self.present = True

    def end_reason(self, reason: str) -> str:
        """The journal's end reason: ``reason``, or ``headset_removed`` when the runtime
        ended the session while (as it said) nobody wore the headset."""
        if self.sensed and not self.present and reason == "user":
            return HEADSET_REMOVED
        return reason
