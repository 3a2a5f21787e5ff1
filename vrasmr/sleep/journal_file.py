"""The journal's SQLite file: where it lives, opening it (WAL, synchronous=FULL, checked and
migrated), moving a damaged one aside (never deleted), forgetting it on request, and the
fix to suggest for each kind of database fault."""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

from vrasmr.sleep.schema import migrate

JOURNAL_FILE_NAME = "journal.sqlite3"
CORRUPT_ERRORS = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def default_journal_path() -> Path:
    from vrasmr.content import user_data_dir

    return user_data_dir() / JOURNAL_FILE_NAME


def move_aside(path: Path, tag: str = "corrupt") -> Path:
    """Rename an unusable journal (and its -wal/-shm files) to ``<name>.<tag>-<time>``, ``tag``
    saying why (``corrupt``, ``wrong-schema``); returns the new path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{tag}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{tag}-{stamp}-{n}")
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    path.replace(target)
    return target


def journal_files(path: Path | None = None) -> list[Path]:
    """The journal, its -wal/-shm files and any moved-aside copies that exist."""
    path = Path(path) if path is not None else default_journal_path()
    if not path.parent.is_dir():
        return []
    return sorted(p for p in path.parent.glob(path.name + "*") if p.is_file())


def forget_journal(path: Path | None = None) -> list[Path]:
    """Delete the journal and every copy of it; returns what was deleted."""
    deleted = []
    for file in journal_files(path):
        file.unlink(missing_ok=True)
        deleted.append(file)
    return deleted


def connect(path: Path, busy_timeout_s: float) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            error = sqlite3.DatabaseError(f"database disk image is malformed: {check}")
            error.sqlite_errorname = "SQLITE_CORRUPT"
            raise error
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def process_alive(pid: int | None) -> bool:
    if pid is None:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill(pid, 0) is not a probe there
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def error_kind(exc: BaseException) -> str:
    """SQLite's primary error name, e.g. "SQLITE_READONLY" for "SQLITE_READONLY_DIRECTORY"."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return "_".join(name.split("_")[:2])


def fix_for(exc: BaseException) -> str:
    name = error_kind(exc)
    if name in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return "close other vrasmr windows that use the journal, then restart vrasmr"
    if name == "SQLITE_READONLY" or isinstance(exc, PermissionError):
        return "make the file and its folder writable for your user"
    if name == "SQLITE_FULL":
        return "free some disk space"
    return "check the file and its folder, or run `vrasmr journal --forget` to start over"
