"""The journal's connection that never stops a session: every call runs under one lock, and
a database fault (locked, read-only, full, corrupted) closes it, is reported once, and turns
it into a no-op. A file that cannot be used is moved aside (never deleted) and started over.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Self, TypeVar

from vrasmr.sleep.journal_file import connect, fix_for, move_aside

log = logging.getLogger("vrasmr.sleep.journal")

_T = TypeVar("_T")


class GuardedConnection:
    """A SQLite connection behind a lock; ``healthy`` is False once it has degraded."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection | None,
        on_problem: Callable[[str], None] | None = None,
    ):
        self.path = path
        self._conn = conn
        self._on_problem = on_problem
        self._lock = threading.Lock()
        self._reported = False
        self.problem: str | None = None

    def _start_over(self, busy_timeout_s: float, tag: str, why: str) -> bool:
        """Move the unusable file aside (never deleted) and open a new journal in its place."""
        try:
            moved = move_aside(self.path, tag)
            self._conn = connect(self.path, busy_timeout_s)
        except (sqlite3.Error, OSError) as exc:
            self._fail(f"could not replace the journal that {why}", exc)
            return False
        self._report(
            f"the sleep journal {self.path} {why}; it was moved to {moved.name} "
            "and a new journal was started"
        )
        return True

    @property
    def healthy(self) -> bool:
        return self._conn is not None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _execute(self, what: str, sql: str, params: tuple) -> None:
        self._run(what, lambda conn: conn.execute(sql, params), None)

    def _run(self, what: str, action: Callable[[sqlite3.Connection], _T], default: _T) -> _T:
        with self._lock:
            if self._conn is None:
                return default
            try:
                return action(self._conn)
            except (sqlite3.Error, OSError) as exc:
                self._fail(what, exc)
                return default

    def _fail(self, what: str, exc: BaseException, fix: str | None = None) -> None:
        """Degrade to a no-op and report once; the session itself goes on."""
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None
        fix = fix or fix_for(exc)
        self._report(
            f"sleep journal {self.path}: {what} ({exc}); the session goes on without the "
            f"journal. To fix: {fix}"
        )

    def _report(self, message: str) -> None:
        self.problem = message
        if self._reported:
            return
        self._reported = True
        self._warn(message)

    def _warn(self, message: str) -> None:
        """Say ``message`` through the callback (or the log); the journal goes on."""
        if self._on_problem is not None:
            try:
                self._on_problem(message)
                return
            except Exception:  # a broken callback must not stop the session
                log.exception("the journal's problem callback failed")
        log.warning("%s", message)
