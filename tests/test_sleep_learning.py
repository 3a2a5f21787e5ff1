"""Every night teaches: ratings, minutes to sleep, skips and switched-off sounds move "For you"
the right way (property tests), its one line of why, and `vrasmr journal rate`."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vrasmr import cli
from vrasmr.sleep.journal import Journal, SessionRow, default_journal_path
from vrasmr.sleep.preferences import (
    TriggerPreferences,
    rank_scenes,
    trigger_notes,
    why_line,
)
from vrasmr.ui.layout import MenuValues, SceneCard, for_you, for_you_why

KINDS = ("rain", "whispers", "tapping", "fire", "brushing", "noise")
START = datetime(2026, 1, 1, 22, 30).astimezone()
SCENES = [
    ("cabin", ("rain", "noise")),
    ("whisper-room", ("whispers",)),
    ("desk", ("tapping", "brushing")),
    ("fireside", ("fire", "tapping")),
]


def night(k: int, triggers, rating=None, minutes=None, skips=(), onset=None) -> SessionRow:
    started = START + timedelta(days=k)
    return SessionRow(
        id=k + 1,
        scene_id="s",
        timer="45",
        started_at=started,
        ended_at=started + timedelta(minutes=45),
        end_reason="timer",
        triggers=tuple(sorted(set(triggers))),
        skips=tuple(skips),
        sleep_rating=rating,
        minutes_to_sleep=minutes,
        onset_minutes=onset,
        onset_source=None if onset is None else "headset",
    )


nights = st.lists(
    st.builds(
        lambda trig, rating, minutes, skips: (trig, rating, minutes, skips),
        st.lists(st.sampled_from(KINDS), min_size=1, max_size=3),
        st.none() | st.integers(1, 5),
        st.none() | st.floats(0, 120),
        st.lists(st.sampled_from(KINDS), max_size=2),
    ),
    max_size=12,
)


def journal_of(history) -> list[SessionRow]:
    return [night(k, *entry) for k, entry in enumerate(history)]


def score(prefs: TriggerPreferences, triggers) -> float:
    return sum(prefs.mean(t) for t in triggers) / len(triggers)


@settings(max_examples=200, deadline=None)
@given(nights, st.integers(1, 4), st.integers(1, 4))
def test_a_better_rating_moves_a_scene_up_never_down(history, low, step):
    """Tonight rated higher (all else equal): the scene's score rises and its place in the
    ranking never falls."""
    high = min(low + step, 5)
    sessions = journal_of(history)
    scene_id, triggers = SCENES[0]
    worse = TriggerPreferences.from_sessions([*sessions, night(99, triggers, low)])
    better = TriggerPreferences.from_sessions([*sessions, night(99, triggers, high)])
    if high > low:
        assert score(better, triggers) > score(worse, triggers)
    rank = [s for s, _ in SCENES]
    assert better.rank_by_mean(SCENES).index(scene_id) <= worse.rank_by_mean(SCENES).index(scene_id)
    assert rank  # (the scenes are the same either way)


@settings(max_examples=200, deadline=None)
@given(nights, st.floats(0, 120), st.floats(0, 120))
def test_falling_asleep_sooner_moves_a_scene_up(history, a, b):
    quick, slow = min(a, b), max(a, b)
    sessions = journal_of(history)
    _, triggers = SCENES[1]
    fast = TriggerPreferences.from_sessions([*sessions, night(99, triggers, minutes=quick)])
    late = TriggerPreferences.from_sessions([*sessions, night(99, triggers, onset=slow)])
    if min(max(60 - quick, 0), 50) > min(max(60 - slow, 0), 50):  # 10 min or less: all quick
        assert score(fast, triggers) > score(late, triggers)
    assert score(fast, triggers) >= score(late, triggers)


@settings(max_examples=200, deadline=None)
@given(nights, st.sets(st.sampled_from(KINDS)), st.integers(0, 2**31 - 1))
def test_a_switched_off_sound_is_never_recommended(history, off, seed):
    sessions = journal_of(history)
    prefs = TriggerPreferences.from_sessions(sessions)
    ranked = rank_scenes(SCENES, prefs.sample(random.Random(seed), KINDS), off)
    assert all(set(dict(SCENES)[s]) - off for s in ranked)  # something still plays
    assert set(ranked) == {s for s, t in SCENES if set(t) - off}
    # the menu's mark and its line of why
    cards = [SceneCard(s, s, (), triggers=t) for s, t in SCENES]
    draws = tuple(sorted(prefs.sample(random.Random(seed), KINDS).items()))
    values = MenuValues(
        trigger_draws=draws, trigger_notes=trigger_notes(sessions), switched_off=frozenset(off)
    )
    best = for_you(values, cards)
    if best is None:
        assert all(set(t) <= off for _, t in SCENES)
        return
    why = for_you_why(values, cards, best)
    named = why.split(":")[0]
    assert not any(kind in named for kind in off)
    assert set(dict(SCENES)[best]) - off


def test_skips_and_a_scene_left_early_count_against_it():
    sessions = [night(k, ["tapping"], 3) for k in range(4)]
    skipped = [*sessions, night(9, ["tapping"], skips=["tapping", "tapping"])]
    assert TriggerPreferences.from_sessions(skipped).mean("tapping") < (
        TriggerPreferences.from_sessions(sessions).mean("tapping")
    )


def test_the_line_of_why():
    sessions = [
        night(0, ["rain", "whispers"], 5),
        night(1, ["tapping"], 2),
        night(2, ["whispers", "rain"], 4),
        night(3, ["rain", "whispers"], 5, minutes=12),
        night(4, ["fire"], 3),
    ]
    notes = trigger_notes(sessions)
    draws = {"rain": 0.9, "whispers": 0.8, "noise": 0.4}
    assert why_line(["rain", "whispers", "noise"], draws, notes) == (
        "rain and whispers: your three best-rated nights"
    )
    assert why_line(["rain", "whispers"], draws, notes, ["whispers"]) == (
        "rain: your three best-rated nights"
    )
    more = [*sessions, night(5, ["fire"], 5)]
    assert why_line(["rain"], draws, trigger_notes(more)) == (
        "rain: three of your four best-rated nights"
    )
    quick = [night(0, ["brushing"], onset=14.2)]
    assert why_line(["brushing"], {}, trigger_notes(quick)) == (
        "brushing: asleep in about 14 minutes with them"
    )
    assert why_line(["fire"], {}, trigger_notes(quick)) == "fire: something new to try"
    assert rank_scenes(SCENES, draws, ["rain", "noise"])[0] != "cabin"


def test_journal_rate_records_the_morning_from_a_terminal(capsys):
    with Journal.open(default_journal_path()) as journal:
        first = journal.start_session("campfire", "45", ["fire"], started_at=START)
        journal.end_session(first, "timer", ended_at=START + timedelta(minutes=45))
        second = journal.start_session("breathe", "30", ["noise"], started_at=START + timedelta(1))
        journal.end_session(second, "timer", ended_at=START + timedelta(1, minutes=30))
    assert cli.main(["journal", "rate", "--sleep", "4", "--minutes", "20", "--mood", "calm"]) == 0
    said = capsys.readouterr().out
    assert "breathe" in said and "slept 4/5" in said and "feeling calm" in said
    assert cli.main(["journal", "rate", "--night", str(first), "--sleep", "2"]) == 0
    with Journal.open(default_journal_path()) as journal:
        a, b = journal.session(first), journal.session(second)
    assert (b.sleep_rating, b.minutes_to_sleep, b.mood_after) == (4, 20.0, 4)
    assert (a.sleep_rating, a.minutes_to_sleep, a.mood_after) == (2, None, None)
    assert a.sleep_question_asked and b.sleep_question_asked  # the menu will not ask again
    capsys.readouterr()
    for args in (["--sleep", "6"], ["--mood", "grumpy"], ["--minutes", "-3"]):
        with pytest.raises(SystemExit) as stop:
            cli.main(["journal", "rate", *args])
        assert stop.value.code == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert args[0] in err[-1] and len(err[-1]) < 300
    assert cli.main(["journal", "rate"]) == 2
    assert "--sleep" in capsys.readouterr().err
    assert cli.main(["journal", "rate", "--night", "77", "--sleep", "3"]) == 2
    assert "no session 77" in capsys.readouterr().err
