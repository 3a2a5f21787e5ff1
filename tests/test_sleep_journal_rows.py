"""A bad value inside one journal row: that row is skipped with one warning naming it, the rest
of the journal is shown and learnt from, and the night starts (real SQLite files throughout)."""

from __future__ import annotations

import csv
import logging
import sqlite3
from datetime import datetime, timedelta

import pytest

from vrasmr.cli import main
from vrasmr.sleep.journal import Journal, default_journal_path

START = datetime(2026, 2, 1, 22, 30).astimezone()
BAD_ROW = 2
GOOD_ROWS = (1, 3, 4)
# (what is written into session 2, the field its warning must name); each crashed a command.
BAD_VALUES = {
    "date-garbage": ("started_at = 'garbage'", "started_at"),
    "end-garbage": ("ended_at = 'zz'", "ended_at"),
    "year-one": ("started_at = '0001-01-01T00:00:00'", "started_at"),
    "pid-text": ("pid = 'abc', end_reason = NULL", "pid"),
    "pid-huge": (f"pid = {2**63 - 1}, end_reason = NULL", "pid"),
    "pid-group": ("pid = -1, end_reason = NULL", "pid"),
    "rating-9": ("sleep_rating = 9", "sleep_rating"),
    "rating-text": ("sleep_rating = 'x'", "sleep_rating"),
    "minutes-text": ("minutes_to_sleep = 'lots'", "minutes_to_sleep"),
    "minutes-infinite": ("minutes_to_sleep = 9e999", "minutes_to_sleep"),
    "mood-blob": ("mood_before = X'ff'", "mood_before"),
    "scene-blob": ("scene_id = X'ff00'", "scene_id"),
}


def _journal_with_one_bad_row(change: str) -> None:
    """Four rated nights of rain (real writes), then session 2 spoilt by hand."""
    with Journal.open() as journal:
        for night in range(4):
            start = START + timedelta(days=night)
            sid = journal.start_session("rain_cabin", "45", ["rain"], started_at=start)
            journal.end_session(sid, "timer", ended_at=start + timedelta(minutes=45))
            journal.check_in(sid, sleep_rating=5, minutes_to_sleep=20, mood_before=2)
    with sqlite3.connect(default_journal_path()) as conn:
        conn.execute(f"UPDATE sessions SET {change} WHERE id = {BAD_ROW}")


def _only_warning(text: str, field: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert f"session {BAD_ROW}: {field} = " in lines[0]
    assert len(lines[0]) < 400  # the value is quoted short, whatever its size
    return lines[0]


@pytest.mark.parametrize("case", BAD_VALUES)
def test_journal_summary_skips_the_bad_row_with_one_warning(case, capsys):
    change, field = BAD_VALUES[case]
    _journal_with_one_bad_row(change)
    assert main(["journal"]) == 0
    out, err = capsys.readouterr()
    assert "3 sessions, 3 rated." in out
    assert "rain_cabin  5.0" in out and "about 20 minutes" in out
    _only_warning(err, field)


@pytest.mark.parametrize("case", BAD_VALUES)
def test_journal_csv_exports_the_good_rows_with_one_warning(case, tmp_path, capsys):
    change, field = BAD_VALUES[case]
    _journal_with_one_bad_row(change)
    target = tmp_path / "nights.csv"
    assert main(["journal", "--csv", str(target)]) == 0
    rows = list(csv.DictReader(target.open(newline="", encoding="utf-8")))
    assert [int(r["id"]) for r in rows] == list(GOOD_ROWS)
    assert {r["sleep_rating"] for r in rows} == {"5"}
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == f"3 sessions written to {target}"
    _only_warning("\n".join(err[:-1]), field)


@pytest.mark.parametrize(
    "case", ["date-garbage", "pid-text", "pid-huge", "rating-9", "minutes-text"]
)
def test_the_night_starts_and_learns_from_the_good_rows(case, caplog):
    """The path `vrasmr preview` takes to start a night: build_app with the journal."""
    from tests.app_fixtures import write_user_scene
    from vrasmr.session.factory import build_app
    from vrasmr.sleep.preferences import TriggerPreferences

    change, field = BAD_VALUES[case]
    _journal_with_one_bad_row(change)
    write_user_scene("small-night")
    with caplog.at_level(logging.WARNING, logger="vrasmr"):
        app = build_app("small-night", None, engine_kind="silent", journal=True)
    tonight = app.session_id
    try:
        assert app.journal.healthy and tonight > max(GOOD_ROWS)
        prefs = TriggerPreferences.from_journal(app.journal)
        assert prefs.nights == len(GOOD_ROWS) and prefs.mean("rain") > 0.7
        assert app.menu.values.trigger_draws  # "for you" is learnt from the three good nights
    finally:
        app.close("user")
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    _only_warning("\n".join(warnings), field)
    with Journal.open() as journal:
        ids = [s.id for s in journal.sessions()]
    assert sorted(ids) == [*GOOD_ROWS, tonight]  # the bad row is kept in the file, only skipped
    with sqlite3.connect(default_journal_path()) as conn:
        assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 5


def test_the_morning_question_skips_a_bad_row_and_finds_last_night(caplog):
    _journal_with_one_bad_row("started_at = 'garbage'")
    with Journal.open() as journal:
        start = START + timedelta(days=10)
        last = journal.start_session("rain_cabin", "45", ["rain"], started_at=start)
        journal.end_session(last, "timer", ended_at=start + timedelta(minutes=45))
    with sqlite3.connect(default_journal_path()) as conn:  # newest in the raw order, too
        conn.execute(f"UPDATE sessions SET sleep_rating = NULL WHERE id = {BAD_ROW}")
    with Journal.open() as journal:
        asked = journal.pending_sleep_question(now=START + timedelta(days=11, hours=-14))
    assert asked is not None and asked.id == last


def test_many_bad_rows_are_named_a_few_at_a_time(capsys):
    with Journal.open() as journal:
        for night in range(12):
            journal.start_session("s", "45", [], started_at=START + timedelta(days=night))
    with sqlite3.connect(default_journal_path()) as conn:
        conn.execute("UPDATE sessions SET started_at = 'soon' WHERE id > 2")
    assert main(["journal"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 6 and "5 more session(s)" in err[-1]
