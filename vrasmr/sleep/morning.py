"""The morning question: on the first launch after a night, "how did you sleep?" (1-5),
"how long did it take to fall asleep?" and "how do you feel this morning?" (the night's mood
after, when it ended asleep), asked in the menu about that night's session.

Each chip only records (and can overwrite) an answer; the question goes away when the person
says "Done" (or "Skip", which asks twice), and the journal remembers that it was asked.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

SLEEP_RATINGS = ("Badly", "Poorly", "Okay", "Well", "Very well")  # ratings 1..5
# Chip text → minutes stored in the journal (the middle of the range; "> 60" counts as 90).
FALL_ASLEEP = (("< 10 min", 5.0), ("10-30 min", 20.0), ("30-60 min", 45.0), ("> 60 min", 90.0))


@dataclass(frozen=True)
class LastNight:
    """The night being asked about and the answers given so far at this launch."""

    session_id: int
    rating: int | None = None
    minutes: float | None = None
    mood: int | None = None

    @property
    def answered(self) -> bool:
        return self.rating is not None or self.minutes is not None or self.mood is not None


def fall_asleep_choice(minutes: float) -> int:
    """Which :data:`FALL_ASLEEP` range a stored minute count falls in (0..3)."""
    return sum(minutes >= bound for bound in (10.0, 30.0, 60.0))


def last_night(journal, now: datetime | None = None) -> LastNight | None:
    """The night to ask about at this launch, or None (no journal, nothing pending)."""
    if journal is None:
        return None
    row = journal.pending_sleep_question(now)
    if row is None:
        return None
    return LastNight(row.id, row.sleep_rating, row.minutes_to_sleep, row.mood_after)


def answer(journal, night: LastNight | None, command) -> LastNight | None:
    """Store a :class:`~vrasmr.ui.commands.SleepAnswer` about ``night``; returns what the
    menu shows next (None once the question is done)."""
    if night is None or command.session_id != night.session_id:
        return night
    if command.done:
        if journal is not None:
            journal.mark_sleep_question_asked(night.session_id)
        return None
    if journal is not None:
        journal.check_in(
            night.session_id,
            sleep_rating=command.rating,
            minutes_to_sleep=command.minutes,
            mood_after=getattr(command, "mood", None),
        )
    changes = {
        "rating": command.rating,
        "minutes": command.minutes,
        "mood": getattr(command, "mood", None),
    }
    return replace(night, **{k: v for k, v in changes.items() if v is not None})
