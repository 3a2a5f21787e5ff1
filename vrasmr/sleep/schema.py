"""Journal schema migrations, applied in order and tracked in ``PRAGMA user_version``.

Never edit a migration that has shipped: add a new one at the end. The number alone is not
trusted: before migrating, the tables are compared with what the migrations up to that number
make (``PRAGMA table_info``), so a file whose columns are wrong is found at once.
"""

from __future__ import annotations

import functools
import sqlite3

from vrasmr.errors import VrasmrError

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
    # 3: sleep onset as the headset (or the preview's mouse) read it, beside the self-report.
    (
        "ALTER TABLE sessions ADD COLUMN onset_minutes REAL",
        "ALTER TABLE sessions ADD COLUMN onset_source TEXT",
        "ALTER TABLE sessions ADD COLUMN breathing_bpm REAL",
    ),
    # 4: firsts that change what vrasmr shows (e.g. "menu_opened": no more first-night hint).
    (
        """CREATE TABLE milestones (
            name TEXT PRIMARY KEY,
            reached_at TEXT NOT NULL
        )""",
    ),
    # 5: the scripts a scene's voice program played in each session, and how far each got
    # (no script twice in a night; the least recently heard story first).
    (
        """CREATE TABLE session_scripts (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            script_id TEXT NOT NULL,
            started_at TEXT NOT NULL,
            reached INTEGER NOT NULL DEFAULT 0,
            finished INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (session_id, script_id)
        )""",
        "CREATE INDEX session_scripts_started ON session_scripts(started_at)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class NewerSchemaError(VrasmrError, RuntimeError):
    """The journal was written by a newer vrasmr; it is left untouched."""


class WrongSchemaError(VrasmrError, RuntimeError):
    """The journal's tables are not what its schema version says; the message says how."""


Column = tuple[str, str, int, str | None, int]  # name, type, not null, default, primary key


def _columns(conn: sqlite3.Connection, table: str) -> dict[str, Column]:
    rows = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    return {
        name: (name, kind.upper(), notnull, default, pk)
        for _, name, kind, notnull, default, pk in rows
    }


@functools.cache
def expected_tables(version: int) -> dict[str, dict[str, Column]]:
    """The columns of every table vrasmr makes, as migrations 1..``version`` leave them
    (a table not made yet has none)."""
    conn = sqlite3.connect(":memory:")
    try:
        for number, migration in enumerate(MIGRATIONS, start=1):
            if number > version:
                break
            for statement in migration:
                conn.execute(statement)
        tables = {name for migration in MIGRATIONS for name in _created_tables(migration)}
        return {table: _columns(conn, table) for table in sorted(tables)}
    finally:
        conn.close()


def _created_tables(migration: tuple[str, ...]) -> list[str]:
    return [s.split()[2] for s in migration if s.upper().startswith("CREATE TABLE")]


def check_schema(conn: sqlite3.Connection, version: int) -> None:
    """Raise :class:`WrongSchemaError` when a table vrasmr uses differs from version
    ``version``'s (a missing, extra or changed column, a missing table); other tables are
    left alone."""
    problems = []
    for table, want in expected_tables(version).items():
        have = _columns(conn, table)
        if have == want:
            continue
        if not have:
            problems.append(f"table {table} is missing")
            continue
        if not want:
            problems.append(f"table {table} should not exist yet")
            continue
        missing = [name for name in want if name not in have]
        extra = [name for name in have if name not in want]
        changed = [name for name in want if name in have and have[name] != want[name]]
        for words, names in (("missing", missing), ("unexpected", extra), ("changed", changed)):
            if names:
                problems.append(f"table {table}: {words} column(s) {', '.join(names)}")
    if problems:
        raise WrongSchemaError(f"schema version {version}, but {'; '.join(problems)}")


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
    check_schema(conn, version)
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
