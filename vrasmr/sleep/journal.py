"""The private sleep journal: one SQLite file in the user's data folder, never sent anywhere.

Every write is its own committed transaction (WAL, synchronous=FULL), so killing the process
at any moment loses at most the current session's end; such sessions are closed as
"interrupted" the next time the journal is opened. Database faults (locked, read-only, full,
corrupted) never stop a session: the journal reports the problem once and turns into a no-op.
A corrupted file is renamed aside with a timestamp, never deleted, and a new one is started.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from vrasmr.sleep.journal_file import (
    CORRUPT_ERRORS,
    connect,
    default_journal_path,
    error_kind,
    process_alive,
)
from vrasmr.sleep.journal_guard import GuardedConnection
from vrasmr.sleep.journal_rows import SessionRow, aware, read_sessions
from vrasmr.sleep.schema import NewerSchemaError, WrongSchemaError

END_REASONS = ("timer", "user", "headset_removed", "error", "interrupted")
_END_REASON_ALIASES = {  # a backend's own words for why it stopped
    "closed": "user",
    "frames": "user",
    "failed": "error",
    "context-lost": "error",
    "headset": "headset_removed",
}


def end_reason(word: str) -> str:
    """``word`` in the journal's terms: a backend's own word is mapped, never refused."""
    return word if word in END_REASONS else _END_REASON_ALIASES.get(word, "user")


MIN_NIGHT_MINUTES = 10  # shorter sessions are not asked about the next morning
MAX_ROW_WARNINGS = 5  # unreadable rows named one by one; more are counted in one line

__all__ = ["END_REASONS", "Journal", "SessionRow"]


def now_local() -> datetime:
    return datetime.now().astimezone()


class Journal(GuardedConnection):
    """Session log with check-ins; ``healthy`` is False once it has degraded to a no-op."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection | None,
        on_problem: Callable[[str], None] | None = None,
    ):
        super().__init__(path, conn, on_problem)
        self._next_fake_id = -1
        self._skipped_rows: set[object] = set()  # sessions already warned about

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        on_problem: Callable[[str], None] | None = None,
        *,
        busy_timeout_s: float = 2.0,
    ) -> Journal:
        """Open (creating or migrating) the journal; never raises for database faults."""
        path = Path(path) if path is not None else default_journal_path()
        journal = cls(path, None, on_problem)
        try:
            journal._conn = connect(path, busy_timeout_s)
        except sqlite3.DatabaseError as exc:
            if error_kind(exc) not in CORRUPT_ERRORS:
                journal._fail("could not open", exc)
                return journal
            if not journal._start_over(busy_timeout_s, "corrupt", "was damaged"):
                return journal
        except WrongSchemaError as exc:
            why = f"does not have the tables this vrasmr writes ({exc})"
            if not journal._start_over(busy_timeout_s, "wrong-schema", why):
                return journal
        except NewerSchemaError as exc:
            journal._fail("cannot use", exc, fix="update vrasmr")
            return journal
        except OSError as exc:
            journal._fail("could not open", exc)
            return journal
        journal._close_interrupted()
        return journal

    # -- writing -----------------------------------------------------------------------------

    def start_session(
        self,
        scene_id: str,
        timer: str,
        triggers: Iterable[str] = (),
        started_at: datetime | None = None,
    ) -> int:
        """Record a session start; returns its id (negative when the journal is a no-op)."""
        started = aware(started_at or now_local())
        trigger_names = sorted({normalize_trigger(t) for t in triggers})

        def write(conn: sqlite3.Connection) -> int:
            conn.execute("BEGIN IMMEDIATE")
            try:
                cur = conn.execute(
                    "INSERT INTO sessions (scene_id, timer, started_at, pid) VALUES (?, ?, ?, ?)",
                    (str(scene_id), str(timer), started.isoformat(), os.getpid()),
                )
                session_id = int(cur.lastrowid)
                conn.executemany(
                    "INSERT INTO session_triggers (session_id, trigger) VALUES (?, ?)",
                    [(session_id, t) for t in trigger_names],
                )
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return session_id

        session_id = self._run("could not record the session start", write, None)
        if session_id is None:
            session_id, self._next_fake_id = self._next_fake_id, self._next_fake_id - 1
        return session_id

    def end_session(self, session_id: int, reason: str, ended_at: datetime | None = None) -> None:
        if reason not in END_REASONS:
            raise ValueError(f"end reason {reason!r} is not one of {', '.join(END_REASONS)}")
        ended = aware(ended_at or now_local()).isoformat()
        self._execute(
            "could not record the session end",
            "UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ?",
            (ended, reason, session_id),
        )

    def check_in(
        self,
        session_id: int,
        *,
        mood_before: int | None = None,
        mood_after: int | None = None,
        sleep_rating: int | None = None,
        minutes_to_sleep: float | None = None,
    ) -> None:
        """Store any of the optional answers (1-5 ratings; minutes to fall asleep)."""
        answers: dict[str, Any] = {}
        for name, value in (
            ("mood_before", mood_before),
            ("mood_after", mood_after),
            ("sleep_rating", sleep_rating),
        ):
            if value is not None:
                answers[name] = _rating(name, value)
        if minutes_to_sleep is not None:
            minutes = float(minutes_to_sleep)
            if not 0.0 <= minutes <= 24 * 60:
                raise ValueError(f"minutes_to_sleep={minutes_to_sleep} must be 0 to 1440")
            answers["minutes_to_sleep"] = minutes
        if "sleep_rating" in answers or "minutes_to_sleep" in answers:
            answers["sleep_question_asked"] = 1
        if not answers:
            return
        columns = ", ".join(f"{name} = ?" for name in answers)
        self._execute(
            "could not record the check-in",
            f"UPDATE sessions SET {columns} WHERE id = ?",
            (*answers.values(), session_id),
        )

    def record_onset(
        self,
        session_id: int,
        minutes: float,
        source: str,
        breathing_bpm: float | None = None,
    ) -> None:
        """Sleep onset as read from head motion: ``minutes`` after the session started,
        from the ``source`` ("headset" or "mouse"), with the breathing rate then."""
        from vrasmr.sleep.journal_rows import ONSET_SOURCES

        minutes = float(minutes)
        if not 0.0 <= minutes <= 24 * 60:
            raise ValueError(f"onset minutes={minutes} must be 0 to 1440")
        if source not in ONSET_SOURCES:
            raise ValueError(f"onset source {source!r} is not one of {', '.join(ONSET_SOURCES)}")
        bpm = None if breathing_bpm is None else min(max(float(breathing_bpm), 1.0), 60.0)
        self._execute(
            "could not record the sleep onset",
            "UPDATE sessions SET onset_minutes = ?, onset_source = ?, breathing_bpm = ? "
            "WHERE id = ?",
            (minutes, source, bpm, session_id),
        )

    def record_skip(self, session_id: int, trigger: str, at: datetime | None = None) -> None:
        """The user skipped or muted ``trigger`` during the session (a mild "not this")."""
        self._execute(
            "could not record the skip",
            "INSERT INTO skips (session_id, trigger, at) VALUES (?, ?, ?)",
            (session_id, normalize_trigger(trigger), aware(at or now_local()).isoformat()),
        )

    def mark_sleep_question_asked(self, session_id: int) -> None:
        """Do not ask "how did you sleep?" about this session again (answered or dismissed)."""
        self._execute(
            "could not record the check-in",
            "UPDATE sessions SET sleep_question_asked = 1 WHERE id = ?",
            (session_id,),
        )

    def mark_reached(self, milestone: str, at: datetime | None = None) -> None:
        """Note a first (e.g. ``"menu_opened"``); the first time is kept."""
        self._execute(
            "could not record a first",
            "INSERT OR IGNORE INTO milestones (name, reached_at) VALUES (?, ?)",
            (milestone, aware(at or now_local()).isoformat()),
        )

    def record_script(self, session_id: int, script_id: str, at: datetime | None = None) -> None:
        """A voice program began ``script_id`` in this session (once per script)."""
        from vrasmr.sleep import journal_scripts

        when = at or now_local()
        self._run(
            "could not record the script",
            lambda conn: journal_scripts.insert(conn, session_id, script_id, when),
            None,
        )

    def script_progress(self, session_id: int, script_id: str, **progress) -> None:
        """How far ``script_id`` got: ``reached`` (the last utterance begun), ``finished``,
        ``skipped``."""
        from vrasmr.sleep import journal_scripts

        self._run(
            "could not record the script",
            lambda conn: journal_scripts.update(conn, session_id, script_id, **progress),
            None,
        )

    # -- reading -----------------------------------------------------------------------------

    def scripts_heard(self) -> list:
        """Every script a program played, oldest first (:class:`~.journal_scripts.ScriptRow`)."""
        from vrasmr.sleep import journal_scripts

        return self._run("could not read the journal", journal_scripts.read, [])

    def reached(self, milestone: str) -> bool | None:
        """Whether ``milestone`` was noted before; None when the journal cannot say."""

        def read(conn: sqlite3.Connection) -> bool:
            sql = "SELECT 1 FROM milestones WHERE name = ?"
            return conn.execute(sql, (milestone,)).fetchone() is not None

        return self._run("could not read the journal", read, None)

    def sessions(self) -> list[SessionRow]:
        """All sessions, oldest first ([] when the journal is a no-op)."""
        return self._run("could not read the journal", self._read_sessions, [])

    def session(self, session_id: int) -> SessionRow | None:
        return next((s for s in self.sessions() if s.id == session_id), None)

    def pending_sleep_question(self, now: datetime | None = None) -> SessionRow | None:
        """The night to ask "how did you sleep?" about at this launch, if any.

        That is the latest session started in the evening or night (18:00-04:59 local) 4 to
        20 hours ago that lasted at least :data:`MIN_NIGHT_MINUTES` (or was interrupted, length
        unknown), with no rating yet and not asked about before.
        """
        now = aware(now or now_local())
        unasked = [
            s
            for s in self.sessions()
            if s.sleep_rating is None and not s.sleep_question_asked and s.end_reason is not None
        ]
        for session in sorted(unasked, key=lambda s: s.started_at, reverse=True)[:5]:
            local_hour = session.started_at.astimezone(now.tzinfo).hour
            night = local_hour >= 18 or local_hour < 5
            short = session.minutes is not None and session.minutes < MIN_NIGHT_MINUTES
            age = now - session.started_at
            if night and not short and timedelta(hours=4) <= age <= timedelta(hours=20):
                return session
        return None

    # -- internals ---------------------------------------------------------------------------

    def _close_interrupted(self) -> None:
        """Close sessions left open by a process that is no longer running."""

        def close(conn: sqlite3.Connection) -> None:
            open_rows = self._read_sessions(conn, open_only=True)
            dead = [(s.id,) for s in open_rows if not process_alive(s.pid)]
            if dead:
                conn.executemany(
                    "UPDATE sessions SET end_reason = 'interrupted' "
                    "WHERE id = ? AND end_reason IS NULL",
                    dead,
                )

        self._run("could not close interrupted sessions", close, None)

    def _read_sessions(
        self, conn: sqlite3.Connection, *, open_only: bool = False
    ) -> list[SessionRow]:
        """The readable sessions; each unreadable row is named once (the first few one by one)."""
        sessions, problems = read_sessions(conn, open_only=open_only)
        more = 0
        for problem in problems:
            if problem.session_id in self._skipped_rows:
                continue
            self._skipped_rows.add(problem.session_id)
            if len(self._skipped_rows) > MAX_ROW_WARNINGS:
                more += 1
                continue
            self._warn(
                f"sleep journal {self.path}: {problem}; that session is left out (and kept as "
                "it is), the rest of the journal is used"
            )
        if more:
            self._warn(
                f"sleep journal {self.path}: {more} more session(s) that cannot be read are "
                "left out (and kept as they are)"
            )
        return sessions


def normalize_trigger(trigger: str) -> str:
    return str(trigger).strip().lower().replace(" ", "_")


def _rating(name: str, value: int) -> int:
    if isinstance(value, bool) or int(value) != value or not 1 <= int(value) <= 5:
        raise ValueError(f"{name}={value!r} must be a whole number from 1 to 5")
    return int(value)
