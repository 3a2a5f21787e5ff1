"""The journal's record of the scripts a voice program played (table ``session_scripts``):
written one row per script as it starts, updated as it goes, read back as checked
:class:`ScriptRow` s (a row that cannot be read is left out, as sessions are)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from vrasmr.sleep.journal_rows import aware

MAX_UTTERANCE = 1_000_000


@dataclass(frozen=True)
class ScriptRow:
    """One script heard in one session: when it started, the last utterance begun, and
    whether it was heard to its end or skipped."""

    session_id: int
    script_id: str
    started_at: datetime
    reached: int = 0
    finished: bool = False
    skipped: bool = False


def insert(conn: sqlite3.Connection, session_id: int, script_id: str, at: datetime) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO session_scripts (session_id, script_id, started_at) "
        "VALUES (?, ?, ?)",
        (session_id, str(script_id), aware(at).isoformat()),
    )


def update(
    conn: sqlite3.Connection,
    session_id: int,
    script_id: str,
    *,
    reached: int | None = None,
    finished: bool | None = None,
    skipped: bool | None = None,
) -> None:
    changes = {}
    if reached is not None:
        changes["reached"] = min(max(int(reached), 0), MAX_UTTERANCE)
    if finished is not None:
        changes["finished"] = int(bool(finished))
    if skipped is not None:
        changes["skipped"] = int(bool(skipped))
    if not changes:
        return
    columns = ", ".join(f"{name} = ?" for name in changes)
    conn.execute(
        f"UPDATE session_scripts SET {columns} WHERE session_id = ? AND script_id = ?",
        (*changes.values(), session_id, str(script_id)),
    )


def read(conn: sqlite3.Connection) -> list[ScriptRow]:
    """Every readable row, oldest first."""
    rows = conn.execute(
        "SELECT session_id, script_id, started_at, reached, finished, skipped "
        "FROM session_scripts ORDER BY started_at, rowid"
    ).fetchall()
    out = []
    for session_id, script_id, started_at, reached, finished, skipped in rows:
        try:
            when = aware(datetime.fromisoformat(str(started_at)))
        except ValueError:
            continue
        if not isinstance(session_id, int) or not isinstance(script_id, str) or not script_id:
            continue
        reached = reached if isinstance(reached, int) and 0 <= reached <= MAX_UTTERANCE else 0
        out.append(ScriptRow(session_id, script_id, when, reached, finished == 1, skipped == 1))
    return out
