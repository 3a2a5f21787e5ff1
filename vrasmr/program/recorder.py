"""A program's events into the journal, on a thread of their own: the player says what
happened on the sound thread, which must never wait for a disk."""

from __future__ import annotations

import logging
import queue
import threading

from vrasmr.program.plan import Played

_log = logging.getLogger(__name__)
_STOP = object()
CLOSE_WAIT_S = 2.0


class ProgramRecorder:
    """Call it with each :class:`~vrasmr.program.status.ProgramEvent` (any thread); it keeps
    this session's scripts (:attr:`played`) and writes them for session ``session_id``."""

    def __init__(self, journal, session_id: int | None = None) -> None:
        self.journal = journal
        self.session_id = session_id
        self._lock = threading.Lock()
        self._played: dict[str, Played] = {}
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    @property
    def played(self) -> list[Played]:
        """This session's scripts, in the order they began, as far as each got."""
        with self._lock:
            return list(self._played.values())

    def __call__(self, event) -> None:
        with self._lock:
            self._note(event)
        if self.journal is not None and self.session_id is not None:
            self._queue.put((self.session_id, event))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._write, name="vrasmr-program-journal", daemon=True
                )
                self._thread.start()

    def _note(self, event) -> None:
        sid = event.script_id
        if event.kind == "started":
            self._played[sid] = Played(sid, event.utterance, False)
        elif sid in self._played and event.kind in ("progress", "finished", "skipped"):
            old = self._played[sid]
            self._played[sid] = Played(
                sid, event.utterance, old.finished or event.kind == "finished"
            )

    def _write(self) -> None:
        from vrasmr.background import lower_this_thread

        lower_this_thread()
        while (item := self._queue.get()) is not _STOP:
            session, event = item
            try:
                self._write_one(session, event)
            except Exception:  # the journal reports its own faults; a bug here stops nothing
                _log.exception("writing a program event to the journal failed")

    def _write_one(self, session: int, event) -> None:
        journal, sid = self.journal, event.script_id
        if event.kind == "started":
            journal.record_script(session, sid)
            journal.script_progress(session, sid, reached=event.utterance)
        elif event.kind == "progress":
            journal.script_progress(session, sid, reached=event.utterance)
        elif event.kind == "finished":
            journal.script_progress(session, sid, reached=event.utterance, finished=True)
        elif event.kind == "skipped":
            journal.script_progress(session, sid, reached=event.utterance, skipped=True)

    def close(self) -> None:
        """Write what is queued (waiting a little), then stop."""
        thread = self._thread
        if thread is not None:
            self._queue.put(_STOP)
            thread.join(CLOSE_WAIT_S)
            self._thread = None
