"""What the journal says a program has played: the nights, tonight's scripts so far, and
when each other script was last heard.

A night is one session from start to end; a session that starts within
:data:`CONTINUE_WITHIN` of the previous one's last sign of life (its end, or the last
script it began) continues that night. Tonight is the night of the current session.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from datetime import datetime, timedelta

from vrasmr.program.plan import Heard, Played

CONTINUE_WITHIN = timedelta(hours=2)


def nights(sessions, scripts) -> list[list]:
    """The sessions grouped into nights, oldest first (``scripts``: the journal's
    :class:`~vrasmr.sleep.journal_scripts.ScriptRow` s, for each session's last sign of life)."""
    last_script: dict[int, datetime] = {}
    for row in scripts:
        last_script[row.session_id] = max(
            row.started_at, last_script.get(row.session_id, row.started_at)
        )
    out: list[list] = []
    last_seen: datetime | None = None
    for session in sorted(sessions, key=lambda s: s.started_at):
        if last_seen is None or session.started_at - last_seen > CONTINUE_WITHIN:
            out.append([])
        out[-1].append(session)
        seen = max(
            session.ended_at or session.started_at,
            last_script.get(session.id, session.started_at),
        )
        last_seen = seen if last_seen is None else max(last_seen, seen)
    return out


def heard_from(sessions, scripts, session_id: int | None) -> tuple[Heard, int | None]:
    """Tonight's scripts and every other script's nights since, for the night of session
    ``session_id``; and that night's seed (from when the night began: a night continued
    after a restart plans the same way). None as the seed when the session is unknown."""
    grouped = nights(sessions, scripts)
    tonight_at = next(
        (n for n, night in enumerate(grouped) if any(s.id == session_id for s in night)), None
    )
    by_session = defaultdict(list)
    for row in scripts:
        by_session[row.session_id].append(row)
    tonight: list[Played] = []
    seed = None
    if tonight_at is not None:
        night = grouped[tonight_at]
        rows = sorted((r for s in night for r in by_session[s.id]), key=lambda r: r.started_at)
        # a skipped script is done with, as one heard to the end is: never picked up again
        tonight = [Played(r.script_id, r.reached, r.finished or r.skipped) for r in rows]
        began = night[0].started_at.isoformat()
        seed = zlib.crc32(began.encode()) & 0x7FFFFFFF
        earlier = grouped[:tonight_at]
    else:
        earlier = grouped
    nights_ago: dict[str, int] = {}
    for n, night in enumerate(reversed(earlier), start=1):
        for session in night:
            for row in by_session[session.id]:
                nights_ago.setdefault(row.script_id, n)
    return Heard(tuple(_once(tonight)), nights_ago), seed


def _once(tonight: list[Played]) -> list[Played]:
    """Each script once (its latest row: a program never plays one twice in a night, but a
    hand-edited journal might say so)."""
    latest = {p.script_id: p for p in tonight}
    seen, out = set(), []
    for played in reversed(tonight):
        if played.script_id not in seen:
            seen.add(played.script_id)
            out.append(latest[played.script_id])
    return out[::-1]


def heard_from_journal(journal, session_id: int | None) -> tuple[Heard, int | None]:
    """:func:`heard_from` the journal's sessions and scripts (nothing heard when the journal
    cannot be read)."""
    if journal is None:
        return Heard(), None
    return heard_from(journal.sessions(), journal.scripts_heard(), session_id)


def merged(heard: Heard, played_now) -> Heard:
    """``heard`` with this session's scripts as the player last said (the journal's writer
    may not have written them yet)."""
    now = {p.script_id: p for p in played_now}
    earlier = tuple(p for p in heard.tonight if p.script_id not in now)
    return Heard(earlier + tuple(played_now), heard.nights_ago)
