"""`vrasmr journal`: summary, CSV, chart and forgetting, on a real journal file."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from datetime import datetime, timedelta

import pytest
from PIL import Image

from vrasmr.sleep import cli
from vrasmr.sleep.journal import Journal, default_journal_path


def run_journal(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="vrasmr")
    cli.register(parser.add_subparsers())
    args = parser.parse_args(["journal", *argv])
    return args.func(args)


@pytest.fixture
def history() -> None:
    start = datetime(2026, 2, 1, 22, 45).astimezone()
    plan = [("rain_cabin", ["rain"]), ("tapping_desk", ["tapping"])]
    with Journal.open() as journal:
        for night in range(20):
            scene, triggers = plan[night % 2]
            # rain always helps; tapping nights get better in the second half
            rating = 5 if scene == "rain_cabin" else 1 if night < 10 else 4
            sid = journal.start_session(scene, "45", triggers, started_at=start + timedelta(night))
            journal.end_session(sid, "timer", ended_at=start + timedelta(night, minutes=45))
            journal.check_in(sid, sleep_rating=rating, minutes_to_sleep=15 + night % 3)


def test_summary_reports_nights_averages_and_trend(history, capsys):
    assert run_journal() == 0
    out = capsys.readouterr().out
    assert "20 nights, 20 sessions, 20 rated." in out
    assert "by scene" in out and "rain_cabin    5.0" in out and "tapping_desk  2.5" in out
    assert "by trigger" in out and "rain" in out
    assert "Trend: better" in out


def test_empty_journal_summary_is_friendly(capsys):
    assert run_journal() == 0
    assert "journal is empty" in capsys.readouterr().out


def test_csv_export_has_one_row_per_session(history, tmp_path, capsys):
    target = tmp_path / "nights.csv"
    assert run_journal("--csv", str(target)) == 0
    rows = list(csv.DictReader(target.open(newline="")))
    assert len(rows) == 20
    assert rows[0]["scene_id"] == "rain_cabin" and rows[0]["sleep_rating"] == "5"
    assert rows[0]["minutes"] == "45.0" and rows[0]["end_reason"] == "timer"
    assert "20 sessions written" in capsys.readouterr().err


def test_plot_draws_a_png(history, tmp_path):
    target = tmp_path / "sleep.png"
    assert run_journal("--plot", str(target)) == 0
    with Image.open(target) as image:
        assert image.format == "PNG" and image.size == (1200, 820)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert len(colours) > 50  # dots, a trend line, bars and text, not a blank canvas


def test_plot_of_an_empty_journal_still_draws(tmp_path):
    target = tmp_path / "empty.png"
    assert run_journal("--plot", str(target)) == 0
    assert target.stat().st_size > 0


def test_plot_refuses_other_formats(tmp_path, capsys):
    with pytest.raises(SystemExit) as refused:
        run_journal("--plot", str(tmp_path / "chart.jpg"))
    assert refused.value.code == 2
    assert "argument --plot: give a file name ending in .png" in capsys.readouterr().err
    assert not (tmp_path / "chart.jpg").exists()


def test_forget_asks_first_and_keeps_the_journal_on_no(history, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    assert run_journal("--forget") == 1
    assert "Kept your journal" in capsys.readouterr().out
    assert default_journal_path().exists()


def test_forget_with_yes_deletes_everything(history, capsys):
    assert run_journal("--forget", "--yes") == 0
    assert "Deleted your sleep journal" in capsys.readouterr().out
    assert list(default_journal_path().parent.glob("journal*")) == []
    with Journal.open() as journal:
        assert journal.sessions() == []


def test_forget_after_a_yes_answer(history, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))
    assert run_journal("--forget") == 0
    assert not default_journal_path().exists()
