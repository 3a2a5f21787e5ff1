"""User settings (TOML) and the bedtime start."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.app_fixtures import write_settings
from vrasmr.content import user_config_dir
from vrasmr.sleep.schedule import bedtime_start
from vrasmr.sleep.settings import (
    SCENE_DEFAULT,
    Settings,
    SettingsError,
    load_settings,
)
from vrasmr.sleep.timer import ALL_NIGHT


def test_missing_file_gives_defaults_and_every_key_is_read():
    assert load_settings() == Settings()
    write_settings(
        'bedtime = "22:30"\nbedtime_scene = "rain_cabin"\nbedtime_timer = "all_night"\n'
        'switched_off_triggers = ["Tapping"]\nvolume = 0.4\n'
    )
    assert load_settings() == Settings(
        bedtime="22:30",
        bedtime_scene="rain_cabin",
        bedtime_timer=ALL_NIGHT,
        switched_off_triggers=("tapping",),
        volume=0.4,
    )


def test_other_tables_are_kept_for_other_parts():
    write_settings("volume = 0.5\n\n[comfort]\nvignette = true\nmax_turn = 30\n")
    settings = load_settings()
    assert settings.other_tables == {"comfort": {"vignette": True, "max_turn": 30}}
    assert settings.volume == 0.5


def refused(text: str) -> tuple[Path, str]:
    """(the settings file, the error loading it gives) for settings.toml holding ``text``."""
    path = user_config_dir() / "settings.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    with pytest.raises(SettingsError) as err:
        load_settings()
    return path, str(err.value)


@pytest.mark.parametrize(
    "text,words",
    [
        ('bedtime = "10pm"\n', ["bedtime", "HH:MM", "delete the line"]),
        ("volume = 3\n", ["volume", "from 0 to 1"]),
        ("bedtime_timer = 7\n", ["bedtime_timer", "all_night"]),
        ("bedtme = '22:00'\n", ["bedtme", "did you mean 'bedtime'"]),
        ("volume = \n", ["not valid TOML", "delete the file"]),
        ("switched_off_triggers = 'tapping'\n", ["switched_off_triggers", "list"]),
    ],
)
def test_bad_settings_name_the_file_the_key_and_the_fix(text, words):
    path, message = refused(text)
    assert str(path) in message
    for word in words:
        assert word in message


def night(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, 1, hour, minute)


def test_bedtime_start_near_bedtime_across_midnight():
    settings = Settings(bedtime="23:30", bedtime_scene="rain_cabin", bedtime_timer=45)
    start = bedtime_start(settings, datetime(2026, 3, 2, 0, 15), scene_title="Rain cabin")
    assert (start.scene_id, start.timer) == ("rain_cabin", 45)
    assert start.message == (
        "It's 00:15, past your bedtime (23:30): starting Rain cabin with a 45-minute sleep timer."
    )
    early = bedtime_start(settings, night(22, 45))
    assert "close to your bedtime" in early.message
    assert bedtime_start(settings, night(15)) is None
    assert bedtime_start(settings, night(21, 0)) is None


def test_bedtime_start_uses_the_scene_default_timer_and_needs_a_setting():
    settings = Settings(bedtime="22:00", bedtime_scene="campfire", bedtime_timer=SCENE_DEFAULT)
    start = bedtime_start(settings, night(22), scene_default_timer=ALL_NIGHT)
    assert start.timer == ALL_NIGHT and "all night at a low level" in start.message
    assert bedtime_start(Settings(bedtime_scene="campfire"), night(22)) is None
    assert bedtime_start(Settings(bedtime="22:00"), night(22)) is None
    off = Settings(bedtime="22:00", bedtime_scene="campfire", bedtime_timer=None)
    assert "no sleep timer" in bedtime_start(off, night(22)).message


UNREADABLE = {
    "nested-100000": lambda p: p.write_text("x = " + "[" * 100_000 + "]" * 100_000),
    "nested-table-100000": lambda p: p.write_text(
        "[t]\nx = " + "{a=" * 100_000 + "1" + "}" * 100_000
    ),
    "not-utf8": lambda p: p.write_bytes(b'bedtime = "22:30"\n\xff\xfe\x00volume = 0.5\n'),
    "a-directory": lambda p: p.mkdir(),
}


def _unreadable_settings(case: str):
    path = user_config_dir() / "settings.toml"
    path.parent.mkdir(parents=True)
    UNREADABLE[case](path)
    return path


@pytest.mark.parametrize("case", UNREADABLE)
def test_an_unreadable_settings_file_is_one_line_and_the_usual_start(case, capsys):
    from vrasmr import cli

    path = _unreadable_settings(case)
    with pytest.raises(SettingsError) as err:
        load_settings()
    assert str(path) in str(err.value) and "\n" not in str(err.value)
    assert cli.bedtime_choice(datetime(2026, 3, 2, 22, 30)) is None  # `vrasmr`: usual start
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert str(path) in line and len(line) < 400


@pytest.mark.parametrize("case", UNREADABLE)
def test_a_night_starts_with_default_settings_beside_an_unreadable_file(case, caplog):
    import logging

    from tests.app_fixtures import write_user_scene
    from vrasmr.app import Tonight as AppSettings
    from vrasmr.session.factory import build_app

    path = _unreadable_settings(case)
    write_user_scene("small-night")
    with caplog.at_level(logging.WARNING, logger="vrasmr"):
        app = build_app("small-night", None, engine_kind="silent", journal=True)
    try:
        assert app.settings == AppSettings() and app.session_id > 0
    finally:
        app.close("user")
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert str(path) in warning and "\n" not in warning


@pytest.mark.parametrize(
    "text",
    [
        "k" * 100_000 + " = 1\n",
        'bedtime = "' + "v" * 100_000 + '"\n',
        'bedtime_timer = "' + "v" * 100_000 + '"\n',
        "switched_off_triggers = [" + "1, " * 30_000 + "]\n",
    ],
)
def test_a_huge_key_or_value_is_quoted_short(text):
    path, message = refused(text)
    assert len(message) < 400 + len(str(path)) and "characters)" in message


def test_a_huge_bedtime_scene_is_quoted_short(capsys):
    from vrasmr import cli

    write_settings(f'bedtime = "22:30"\nbedtime_scene = "{"v" * 100_000}"\n')
    assert cli.bedtime_choice(datetime(2026, 3, 2, 22, 30)) is None
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert len(line) < 300 and "(100,000 characters)" in line
