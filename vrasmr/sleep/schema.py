"""Journal schema migrations, applied in order and tracked in ``PRAGMA user_version``.

Never edit a migration that has shipped: add a new one at the end.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the first schema: one row per session.
    (
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            scene_id TEXT NOT NULL,
            timer TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            end_reason TEXT
        )""",
        "CREATE INDEX sessions_started ON sessions(started_at)",
    ),
    # 2: check-ins, triggers heard, skips, and the owning process (to spot crashed sessions).
    (
        "ALTER TABLE sessions ADD COLUMN pid INTEGER",
        "ALTER TABLE sessions ADD COLUMN mood_before INTEGER",
        "ALTER TABLE sessions ADD COLUMN mood_after INTEGER",
        "ALTER TABLE sessions ADD COLUMN sleep_rating INTEGER",
        "ALTER TABLE sessions ADD COLUMN minutes_to_sleep REAL",
        "ALTER TABLE sessions ADD COLUMN sleep_question_asked INTEGER NOT NULL DEFAULT 0",
        """CREATE TABLE session_triggers (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            trigger TEXT NOT NULL,
            PRIMARY KEY (session_id, trigger)
        )""",
        """CREATE TABLE skips (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            trigger TEXT NOT NULL,
            at TEXT NOT NULL
        )""",
        "CREATE INDEX skips_session ON skips(session_id)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class NewerSchemaError(RuntimeError):
    """The journal was written by a newer vrasmr; it is left untouched."""


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring ``conn`` (autocommit mode) up to ``target``; each step is one transaction."""
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"schema version {version} is newer than this vrasmr knows ({SCHEMA_VERSION}); "
            "update vrasmr to use this journal"
        )
    for number in range(version + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[number - 1]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return schema_version(conn)
