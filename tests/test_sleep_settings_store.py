"""settings.toml written back: comments kept, atomic, unreadable files moved aside; the CLI."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vrasmr import cli
from vrasmr.content import user_config_dir
from vrasmr.sleep.settings import (
    SETTING_KEYS,
    WAKE_SOUNDS,
    Settings,
    load_settings,
)
from vrasmr.sleep.settings_store import SettingsSaver, update_settings, write_settings

COMMENTED = """# my settings, written by hand
volume = 0.5  # quiet: my partner sleeps next to me

# the bedtime routine
bedtime = "22:45"

[cache]
sounds_mib = 512  # small disk
"""


def settings_path():
    return user_config_dir() / "settings.toml"


def write_file(text: str):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def leftovers(path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != "settings.toml")


hhmm = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))
timers = st.sampled_from(["scene_default", None, 15, 30, 45, 60, 90, "all_night"])
levels = st.floats(0.0, 1.0, allow_nan=False)
random_settings = st.builds(
    Settings,
    bedtime=st.none() | hhmm,
    bedtime_scene=st.none() | st.sampled_from(["breathe", "campfire", "a scene"]),
    bedtime_timer=timers,
    fade_minutes=st.floats(0.5, 60.0),
    switched_off_triggers=st.lists(st.sampled_from(["tapping", "whispers", "mouth"])).map(
        lambda v: tuple(sorted(set(v)))
    ),
    volume=levels,
    brightness=st.floats(0.3, 1.5),
    volume_beds=levels,
    volume_triggers=levels,
    volume_voice=levels,
    timer=timers,
    bed_mode=st.none() | st.booleans(),
    audio_device=st.none() | st.sampled_from(["USB headphones", "Built-in Audio Analog"]),
    sleep_detection=st.booleans(),
    wake_time=st.none() | hhmm,
    wake_sound=st.sampled_from(WAKE_SOUNDS),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_settings)
def test_any_settings_round_trip_and_the_comments_stay(chosen):
    path = write_file(COMMENTED)
    write_settings(chosen, path)
    assert load_settings(path) == chosen
    text = path.read_text()
    for line in ("# my settings, written by hand", "# the bedtime routine", "# small disk"):
        assert line in text
    assert load_settings(path).other_tables == {"cache": {"sounds_mib": 512}}
    assert leftovers(path) == []  # no temporary files


def test_a_change_keeps_the_comment_on_its_line():
    path = write_file(COMMENTED)
    update_settings({"volume": 0.3})
    assert "volume = 0.3  # quiet: my partner sleeps next to me" in path.read_text()


@pytest.mark.parametrize(
    "text",
    ["volume = \n", "volume = 7\n", 'bedtime = "10pm"\n', "[[[\n"],
    ids=["not-toml", "out-of-range", "bad-time", "broken"],
)
def test_a_session_moves_an_unusable_file_aside_and_never_writes_over_it(text):
    path = write_file(text)
    said = []
    saver = SettingsSaver(on_problem=said.append, delay_s=0.01)
    saver.save(volume=0.4, switched_off_triggers=("tapping",))
    saver.close()
    (moved,) = leftovers(path)
    assert moved.startswith("settings.toml.unreadable-")
    assert (path.parent / moved).read_text() == text  # kept exactly as it was
    assert load_settings() == Settings(volume=0.4, switched_off_triggers=("tapping",))
    (line,) = said
    assert moved in line and "\n" not in line


def test_the_saver_writes_the_last_values_once_things_are_quiet():
    saver = SettingsSaver(delay_s=0.05)
    for volume in (0.5, 0.55, 0.6):
        saver.save(volume=volume)
    saver.save(brightness=0.9)
    saver.close()
    assert (load_settings().volume, load_settings().brightness) == (0.6, 0.9)
    assert saver.saves >= 1


def test_cli_set_show_and_reset(capsys):
    assert cli.main(["settings", "set", "volume", "0.35"]) == 0
    assert cli.main(["settings", "set", "switched_off_triggers", "tapping, whispers"]) == 0
    assert cli.main(["settings", "set", "wake_time", "6:30"]) == 0
    assert cli.main(["settings", "set", "bed_mode", "false"]) == 0
    saved = load_settings()
    assert (saved.volume, saved.switched_off_triggers) == (0.35, ("tapping", "whispers"))
    assert (saved.wake_time, saved.bed_mode) == ("06:30", False)
    capsys.readouterr()
    assert cli.main(["settings"]) == 0
    shown = capsys.readouterr().out
    assert "volume" in shown and "0.35" in shown and '"06:30"' in shown
    assert all(key in shown for key in SETTING_KEYS)
    assert cli.main(["settings", "reset", "volume"]) == 0
    assert load_settings().volume == Settings().volume
    assert load_settings().wake_time == "06:30"
    assert cli.main(["settings", "reset"]) == 0
    assert load_settings() == Settings()
    assert any(p.startswith("settings.toml.before-reset-") for p in leftovers(settings_path()))


@pytest.mark.parametrize(
    "args,words",
    [
        (["volume", "3"], ["volume", "from 0 to 1", "default is 0.8"]),
        (["brightnes", "1"], ["brightnes", "did you mean 'brightness'"]),
        (["timer", "7"], ["timer", "all_night"]),
        (["wake_sound", "thunder"], ["wake_sound", "stream"]),
        (["wake_time", "7am"], ["wake_time", "HH:MM"]),
    ],
)
def test_cli_set_refuses_what_the_file_would_refuse_in_one_line(args, words, capsys):
    assert cli.main(["settings", "set", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    for word in words:
        assert word in err
    assert not settings_path().exists()


def test_cli_set_asks_for_an_unreadable_file_to_be_fixed_first(capsys):
    path = write_file("volume = \n")
    assert cli.main(["settings", "set", "volume", "0.5"]) == 2
    assert "not valid TOML" in capsys.readouterr().err
    assert path.read_text() == "volume = \n"


def test_an_output_device_that_cannot_be_opened_is_one_line_and_the_default(caplog):
    from vrasmr.sound.engine import open_engine

    engine = open_engine("auto", device="Headphones that are not there")
    try:
        said = " ".join(engine.status.problems)
        assert "'Headphones that are not there' (audio_device in settings.toml)" in said
        assert engine.status.backend in ("openal", "silent")  # the default, or silence
    finally:
        engine.close()
