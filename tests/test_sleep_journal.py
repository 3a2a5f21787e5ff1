"""The sleep journal: round trips, kills, migrations and every database fault we can make."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from vrasmr.content import user_data_dir
from vrasmr.sleep.journal import Journal
from vrasmr.sleep.journal_file import forget_journal, journal_files
from vrasmr.sleep.schema import MIGRATIONS, SCHEMA_VERSION, schema_version

REPO = Path(__file__).resolve().parents[1]
TZ = datetime.now().astimezone().tzinfo


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=TZ)


def test_default_journal_lives_in_the_user_data_folder_and_round_trips():
    with Journal.open() as journal:
        assert journal.path == user_data_dir() / "journal.sqlite3"
        sid = journal.start_session("rain_cabin", "45", ["Rain", "whispers"], started_at=at(1, 23))
        journal.check_in(sid, mood_before=2, mood_after=4)
        journal.record_skip(sid, "whispers")
        journal.end_session(sid, "timer", ended_at=at(1, 23, 45))
        journal.check_in(sid, sleep_rating=4, minutes_to_sleep=20)
    with Journal.open() as journal:
        (row,) = journal.sessions()
        mode = journal._conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    assert (row.scene_id, row.timer, row.end_reason) == ("rain_cabin", "45", "timer")
    assert row.triggers == ("rain", "whispers")
    assert row.skips == ("whispers",)
    assert (row.mood_before, row.mood_after, row.sleep_rating) == (2, 4, 4)
    assert row.minutes_to_sleep == 20.0
    assert row.minutes == 45.0


def test_bad_answers_are_refused_with_a_clear_message():
    with Journal.open() as journal:
        sid = journal.start_session("s", "off", [])
        with pytest.raises(ValueError, match="1 to 5"):
            journal.check_in(sid, sleep_rating=6)
        with pytest.raises(ValueError, match="headset_removed"):
            journal.end_session(sid, "bored")


def test_morning_question_is_asked_once_about_last_night():
    with Journal.open() as journal:
        nap = journal.start_session("s", "30", [], started_at=at(2, 14))
        journal.end_session(nap, "timer", ended_at=at(2, 14, 30))
        night = journal.start_session("s", "45", [], started_at=at(2, 23, 10))
        journal.end_session(night, "timer", ended_at=at(2, 23, 55))
        assert journal.pending_sleep_question(now=at(2, 23, 58)) is None  # too soon
        asked = journal.pending_sleep_question(now=at(3, 7, 30))
        assert asked is not None and asked.id == night
        journal.mark_sleep_question_asked(night)
        assert journal.pending_sleep_question(now=at(3, 7, 31)) is None


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timedelta
    from pathlib import Path
    from vrasmr.sleep.journal import Journal

    journal = Journal.open(Path(sys.argv[1]))
    assert journal.healthy, journal.problem
    start = datetime(2026, 1, 1, 22, 0).astimezone()
    n = 0
    while True:
        t = start + timedelta(days=n)
        sid = journal.start_session("rain_cabin", "45", ["rain", "whispers"], started_at=t)
        journal.check_in(sid, mood_before=3)
        journal.record_skip(sid, "whispers")
        journal.end_session(sid, "timer", ended_at=t + timedelta(minutes=45))
        journal.check_in(sid, mood_after=4)
        print(sid, flush=True)
        n += 1
    """
)


@pytest.mark.parametrize("kill_after", [1, 25, 80])
def test_kill_9_during_writes_loses_at_most_the_current_sessions_end(tmp_path, kill_after):
    path = tmp_path / "journal.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        finished = [int(proc.stdout.readline()) for _ in range(kill_after)]
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL

    problems: list[str] = []
    with Journal.open(path, on_problem=problems.append) as journal:
        assert journal.healthy and problems == []
        assert journal._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = {row.id: row for row in journal.sessions()}
    for sid in finished:  # every session reported done is complete
        assert rows[sid].end_reason == "timer"
        assert rows[sid].mood_after == 4 and rows[sid].skips == ("whispers",)
    unfinished = [r for r in rows.values() if r.end_reason != "timer"]
    assert len(unfinished) <= 1  # at most the one being written when killed ...
    for row in unfinished:  # ... and it was closed as interrupted at this start
        assert row.end_reason == "interrupted" and row.ended_at is None
        assert row.triggers == ("rain", "whispers")


def test_a_session_still_running_in_another_process_is_not_closed(tmp_path):
    path = tmp_path / "journal.sqlite3"
    with Journal.open(path) as live:
        sid = live.start_session("s", "off", [])
        with Journal.open(path) as reader:  # e.g. `vrasmr journal` while the app runs
            assert reader.session(sid).end_reason is None


def test_migration_from_the_first_schema_keeps_old_sessions(tmp_path):
    path = tmp_path / "journal.sqlite3"
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO sessions (scene_id, timer, started_at, ended_at, end_reason) VALUES "
        "('fireplace', '30', '2025-12-01T22:00:00+00:00', '2025-12-01T22:30:00+00:00', 'user'),"
        "('rain_cabin', '45', '2025-12-02T22:00:00+00:00', NULL, NULL)"
    )
    conn.commit()
    conn.close()

    with Journal.open(path) as journal:
        assert journal.healthy
        assert schema_version(journal._conn) == SCHEMA_VERSION
        old, crashed = journal.sessions()
        new = journal.start_session("fireplace", "30", ["fire"])
        journal.check_in(new, sleep_rating=5)
        assert journal.session(new).sleep_rating == 5
    assert (old.scene_id, old.end_reason, old.minutes) == ("fireplace", "user", 30.0)
    assert old.triggers == () and old.sleep_rating is None
    assert crashed.end_reason == "interrupted"  # no owning process recorded: it crashed


def test_a_journal_from_a_newer_version_is_left_alone(tmp_path):
    path = tmp_path / "journal.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    problems: list[str] = []
    journal = Journal.open(path, on_problem=problems.append)
    assert not journal.healthy
    assert len(problems) == 1 and "update vrasmr" in problems[0]
    assert journal.start_session("s", "off", []) < 0
    assert path.exists()


def test_a_corrupted_journal_is_moved_aside_and_a_new_one_started(tmp_path):
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(b"this is not a database, it is a bedtime story" * 200)
    problems: list[str] = []
    with Journal.open(path, on_problem=problems.append) as journal:
        assert journal.healthy
        sid = journal.start_session("s", "off", [])
        assert sid > 0 and journal.session(sid) is not None
    (aside,) = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert aside.read_bytes().startswith(b"this is not a database")  # kept, never deleted
    assert len(problems) == 1 and aside.name in problems[0] and str(path) in problems[0]


def test_damaged_pages_inside_a_valid_file_are_detected(tmp_path):
    path = tmp_path / "journal.sqlite3"
    with Journal.open(path) as journal:
        for day in range(1, 28):
            sid = journal.start_session("scene" * 50, "45", ["rain"], started_at=at(day, 22))
            journal.end_session(sid, "timer")
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size + 8 : 3 * page_size] = b"\xff" * (2 * page_size - 8)  # trash pages 2-3
    path.write_bytes(bytes(data))
    problems: list[str] = []
    with Journal.open(path, on_problem=problems.append) as journal:
        assert journal.healthy and journal.sessions() == []
    assert len(problems) == 1 and "moved to" in problems[0]
    assert len([p for p in tmp_path.iterdir() if ".corrupt-" in p.name]) == 1


READ_ONLY_CHECK = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from vrasmr.sleep.journal import Journal

    problems = []
    journal = Journal.open(Path(sys.argv[1]), on_problem=problems.append)
    sid = journal.start_session("s", "45", ["rain"])
    journal.check_in(sid, mood_before=3)
    journal.end_session(sid, "timer")
    print(journal.healthy, sid, len(problems))
    print(problems[0] if problems else "")
    """
)


def _without_root_powers() -> list[str]:
    """A command prefix under which file permissions apply, even when the tests run as root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a file read-only for us")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]


def test_a_read_only_journal_degrades_to_a_no_op_and_says_so_once(tmp_path):
    folder = tmp_path / "data"
    path = folder / "journal.sqlite3"
    with Journal.open(path) as journal:
        journal.end_session(journal.start_session("s", "30", []), "user")
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        result = subprocess.run(
            [*_without_root_powers(), sys.executable, "-c", READ_ONLY_CHECK, str(path)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)
    first_line, message = result.stdout.splitlines()[:2]
    healthy, sid, count = first_line.split()
    assert (healthy, count) == ("False", "1")
    assert int(sid) < 0
    assert str(path) in message and "writable" in message
    with Journal.open(path) as journal:  # the old data is untouched
        assert len(journal.sessions()) == 1


def test_a_locked_journal_degrades_and_the_session_goes_on(tmp_path):
    path = tmp_path / "journal.sqlite3"
    with Journal.open(path):
        pass
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        problems: list[str] = []
        journal = Journal.open(path, on_problem=problems.append, busy_timeout_s=0.1)
        sid = journal.start_session("s", "45", [])
        journal.end_session(sid, "timer")
        journal.check_in(sid, sleep_rating=3)
        assert not journal.healthy and sid < 0
        assert journal.sessions() == []
        assert len(problems) == 1 and "close other vrasmr windows" in problems[0]
        assert journal.problem == problems[0]
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def test_a_full_disk_degrades_after_the_data_already_written(tmp_path, caplog):
    path = tmp_path / "journal.sqlite3"
    journal = Journal.open(path)  # no callback: the problem goes to logging.warning
    first = journal.start_session("s", "45", ["rain"])
    pages = journal._conn.execute("PRAGMA page_count").fetchone()[0]
    journal._conn.execute(f"PRAGMA max_page_count = {pages}")  # a real SQLITE_FULL from now on
    for day in range(1, 29):
        journal.start_session("x" * 5000, "45", ["rain"], started_at=at(day, 22))
    assert not journal.healthy
    journal.end_session(first, "timer")
    journal.close()
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and "free some disk space" in warnings[0].getMessage()
    with Journal.open(path) as reopened:
        assert reopened.session(first).triggers == ("rain",)


def test_an_unopenable_location_degrades(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    problems: list[str] = []
    journal = Journal.open(blocker / "journal.sqlite3", on_problem=problems.append)
    assert not journal.healthy and journal.sessions() == []
    assert journal.start_session("s", "off", []) == -1
    assert journal.start_session("s", "off", []) == -2
    assert len(problems) == 1 and str(blocker) in problems[0]


def test_forget_deletes_the_journal_and_moved_aside_copies(tmp_path):
    path = tmp_path / "journal.sqlite3"
    (tmp_path / "journal.sqlite3.corrupt-20260101-000000").write_bytes(b"old")
    (tmp_path / "unrelated.txt").write_text("keep me")
    with Journal.open(path) as journal:
        journal.start_session("s", "off", [], started_at=at(1, 22) - timedelta(days=1))
    assert len(journal_files(path)) >= 2
    deleted = forget_journal(path)
    assert path in deleted
    assert journal_files(path) == []
    assert (tmp_path / "unrelated.txt").exists()


@pytest.mark.parametrize("choice, logged", [(30, "30"), (None, "off"), ("all_night", "all_night")])
def test_the_journal_keeps_the_timer_that_runs_not_the_scene_default(choice, logged):
    from vrasmr.session.factory import build_app

    app = build_app("breathe", None, engine_kind="silent", sleep_timer=choice, journal=True)
    try:
        row = app.journal.session(app.session_id)
        assert row.timer == logged
    finally:
        app.close()


@pytest.mark.parametrize(
    "said, kept",
    [
        ("closed", "user"),
        ("context-lost", "error"),
        ("failed", "error"),
        ("interrupted", "interrupted"),
    ],
)
def test_a_backend_word_for_the_end_is_mapped_not_refused(said, kept):
    from vrasmr.session.factory import build_app

    app = build_app("breathe", None, engine_kind="silent", sleep_timer=None, journal=True)
    journal, session_id = app.journal, app.session_id
    app.owns_journal = False  # keep it open to read the row back
    app.close(said)
    try:
        assert journal.session(session_id).end_reason == kept
    finally:
        journal.close()


WRONG_SCHEMAS = {
    # user_version says "current" but the columns are not what vrasmr writes
    "no-pid-column": (
        2,
        [
            "CREATE TABLE sessions (id INTEGER PRIMARY KEY, scene_id TEXT NOT NULL, "
            "timer TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT, end_reason TEXT)",
            "CREATE TABLE session_triggers (session_id INTEGER, trigger TEXT)",
            "CREATE TABLE skips (id INTEGER PRIMARY KEY, session_id INTEGER, trigger TEXT, at TEXT)",
        ],
    ),
    "no-triggers-table": (2, [*MIGRATIONS[0], *MIGRATIONS[1][:6]]),
    "extra-required-column": (  # every insert fails: "NOT NULL constraint failed"
        2,
        [
            MIGRATIONS[0][0].replace("end_reason TEXT", "end_reason TEXT, mood TEXT NOT NULL"),
            *MIGRATIONS[0][1:],
            *MIGRATIONS[1],
        ],
    ),
    # an older number whose migration cannot apply (the column it adds is already there)
    "version-1-with-version-2-columns": (1, [*MIGRATIONS[0], *MIGRATIONS[1]]),
}


@pytest.mark.parametrize("case", WRONG_SCHEMAS)
def test_a_journal_with_the_wrong_columns_is_moved_aside_and_a_new_one_started(tmp_path, case):
    version, statements = WRONG_SCHEMAS[case]
    path = tmp_path / "journal.sqlite3"
    with sqlite3.connect(path) as conn:
        for statement in statements:
            conn.execute(statement)
        extra = ", mood" if case == "extra-required-column" else ""
        conn.execute(
            f"INSERT INTO sessions (scene_id, timer, started_at{extra}) "
            f"VALUES ('kept', '45', '2026-01-01T22:00:00+00:00'{', 0' if extra else ''})"
        )
        conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    problems: list[str] = []
    with Journal.open(path, on_problem=problems.append) as journal:
        assert journal.healthy, journal.problem
        tonight = journal.start_session("s", "45", ["rain"])
        journal.end_session(tonight, "timer")
    with Journal.open(path, on_problem=problems.append) as journal:  # the next night too
        assert [(s.id, s.end_reason) for s in journal.sessions()] == [(tonight, "timer")]
    (aside,) = [p for p in tmp_path.iterdir() if ".wrong-schema-" in p.name]
    assert len(problems) == 1 and aside.name in problems[0] and "table " in problems[0]
    with sqlite3.connect(aside) as old:  # kept as it was, never deleted
        assert old.execute("SELECT scene_id FROM sessions").fetchall() == [("kept",)]
    old.close()
    assert aside in journal_files(path)  # `vrasmr journal --forget` finds it
