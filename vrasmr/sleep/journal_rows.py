"""Reading the journal's rows: each raw row becomes a checked :class:`SessionRow` or is skipped.

SQLite keeps whatever a hand edit, another program or a damaged page put in a column (text in
a number column, a number out of range, a date that is not one). Every field is checked here,
once, where rows are read; a row that fails is skipped with a problem naming the session and
the field, so nothing that learns from or shows the journal ever sees a bad value.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from vrasmr.quoting import quote

MAX_PID = 2**31 - 1  # pid_t is a signed 32-bit number; 0 and negatives are process groups
MAX_MINUTES_TO_SLEEP = 24 * 60
_YEARS = (1970, 9998)  # a night's date minus 12 hours must still be a date

SESSION_COLUMNS = (
    "id",
    "scene_id",
    "timer",
    "started_at",
    "ended_at",
    "end_reason",
    "pid",
    "mood_before",
    "mood_after",
    "sleep_rating",
    "minutes_to_sleep",
    "sleep_question_asked",
    "onset_minutes",
    "onset_source",
    "breathing_bpm",
)
ONSET_SOURCES = ("headset", "mouse")


@dataclass(frozen=True)
class SessionRow:
    """One session as stored; times are timezone-aware local datetimes."""

    id: int
    scene_id: str
    timer: str
    started_at: datetime
    ended_at: datetime | None
    end_reason: str | None
    triggers: tuple[str, ...] = ()
    skips: tuple[str, ...] = ()
    mood_before: int | None = None
    mood_after: int | None = None
    sleep_rating: int | None = None
    minutes_to_sleep: float | None = None
    pid: int | None = None  # the process that ran the session (to spot crashed sessions)
    sleep_question_asked: bool = False
    onset_minutes: float | None = None  # sleep onset read from head motion, after the start
    onset_source: str | None = None  # "headset" or "mouse" (the preview)
    breathing_bpm: float | None = None  # the settled breathing rate at onset

    @property
    def minutes(self) -> float | None:
        if self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds() / 60.0


@dataclass(frozen=True)
class RowProblem:
    """A session row that could not be read: which one, which field, and why."""

    session_id: object
    field: str
    value: object
    expected: str

    def __str__(self) -> str:
        where = f"session {quote(self.session_id)}: {self.field}"
        return f"{where} = {quote(self.value)} is not {self.expected}"


class _BadField(ValueError):
    def __init__(self, field: str, value: object, expected: str) -> None:
        super().__init__(field)
        self.field, self.value, self.expected = field, value, expected


def aware(moment: datetime) -> datetime:
    """``moment`` with the local timezone when it has none."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def parse_time(text: str) -> datetime:
    """A stored ISO 8601 time as an aware datetime (ValueError when it is not one)."""
    try:
        moment = aware(datetime.fromisoformat(text))
    except (OverflowError, OSError) as exc:  # astimezone() of a year the clock cannot hold
        raise ValueError(str(exc)) from None
    if not _YEARS[0] <= moment.year <= _YEARS[1]:
        raise ValueError(f"year {moment.year} is out of range")
    return moment


def _text(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise _BadField(field, value, "text")
    return value


def _optional_text(field: str, value: object) -> str | None:
    return None if value is None else _text(field, value)


def _time(field: str, value: object) -> datetime:
    try:
        return parse_time(_text(field, value))
    except ValueError:
        raise _BadField(field, value, "a date and time (ISO 8601)") from None


def _optional_time(field: str, value: object) -> datetime | None:
    return None if value is None else _time(field, value)


def _whole(field: str, value: object, low: int, high: int) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise _BadField(field, value, f"a whole number from {low} to {high}")
    return value


def _minutes(field: str, value: object) -> float | None:
    if value is None:
        return None
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or not 0 <= value <= MAX_MINUTES_TO_SLEEP:
        raise _BadField(field, value, f"a number of minutes from 0 to {MAX_MINUTES_TO_SLEEP}")
    return float(value)


def _choice(field: str, value: object, choices: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    if value not in choices:
        raise _BadField(field, value, f"one of {', '.join(choices)}")
    return str(value)


def _rate(field: str, value: object) -> float | None:
    if value is None:
        return None
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or not 1.0 <= value <= 60.0:
        raise _BadField(field, value, "breaths a minute from 1 to 60")
    return float(value)


def _names(field: str, values: list[object]) -> tuple[str, ...]:
    return tuple(_text(field, value) for value in values)


def session_from_row(row: dict, triggers: list[object], skips: list[object]) -> SessionRow:
    """The checked session of one raw ``sessions`` row (``SESSION_COLUMNS``) with the names of
    its triggers and skips; raises :class:`_BadField` naming the first bad field."""
    return SessionRow(
        id=row["id"],
        scene_id=_text("scene_id", row["scene_id"]),
        timer=_text("timer", row["timer"]),
        started_at=_time("started_at", row["started_at"]),
        ended_at=_optional_time("ended_at", row["ended_at"]),
        end_reason=_optional_text("end_reason", row["end_reason"]),
        triggers=tuple(sorted(_names("trigger", triggers))),
        skips=_names("skip", skips),
        mood_before=_whole("mood_before", row["mood_before"], 1, 5),
        mood_after=_whole("mood_after", row["mood_after"], 1, 5),
        sleep_rating=_whole("sleep_rating", row["sleep_rating"], 1, 5),
        minutes_to_sleep=_minutes("minutes_to_sleep", row["minutes_to_sleep"]),
        pid=_whole("pid", row["pid"], 1, MAX_PID),
        sleep_question_asked=bool(
            _whole("sleep_question_asked", row["sleep_question_asked"], 0, 1)
        ),
        onset_minutes=_minutes("onset_minutes", row["onset_minutes"]),
        onset_source=_choice("onset_source", row["onset_source"], ONSET_SOURCES),
        breathing_bpm=_rate("breathing_bpm", row["breathing_bpm"]),
    )


def read_sessions(
    conn: sqlite3.Connection, *, open_only: bool = False
) -> tuple[list[SessionRow], list[RowProblem]]:
    """Every readable session (``open_only``: those not ended), oldest first, and a problem
    for each row that was skipped."""
    where = " WHERE end_reason IS NULL" if open_only else ""
    ids = f" WHERE session_id IN (SELECT id FROM sessions{where})" if open_only else ""
    triggers = _names_by_session(conn, f"SELECT session_id, trigger FROM session_triggers{ids}")
    skips = _names_by_session(conn, f"SELECT session_id, trigger FROM skips{ids} ORDER BY id")
    rows = conn.execute(f"SELECT {', '.join(SESSION_COLUMNS)} FROM sessions{where} ORDER BY id")
    sessions: list[SessionRow] = []
    problems: list[RowProblem] = []
    for values in rows:
        row = dict(zip(SESSION_COLUMNS, values, strict=True))
        sid = row["id"]
        try:
            sessions.append(session_from_row(row, triggers.get(sid, []), skips.get(sid, [])))
        except _BadField as bad:
            problems.append(RowProblem(sid, bad.field, bad.value, bad.expected))
    sessions.sort(key=lambda s: (s.started_at, s.id))
    return sessions, problems


def _names_by_session(conn: sqlite3.Connection, sql: str) -> dict[object, list[object]]:
    out: dict[object, list[object]] = {}
    for sid, name in conn.execute(sql):
        out.setdefault(sid, []).append(name)
    return out
