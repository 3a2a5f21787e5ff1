"""Scenes "for you" in the menu: learned from a real journal, never for switched-off sounds."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from vrasmr.session.factory import session_menu
from vrasmr.sleep.journal import Journal
from vrasmr.sleep.preferences import rank_scenes
from vrasmr.ui.layout import FOR_YOU, MenuValues, SceneCard, for_you, layout

CARDS = [
    SceneCard("desk", "Desk", ("object_sounds",), triggers=("tapping",)),
    SceneCard("whisper-room", "Whisper room", ("whispers",), triggers=("voice", "whispers")),
    SceneCard("cabin", "Cabin", ("nature",), triggers=("rain", "water")),
    SceneCard("fireside", "Fireside", ("nature",), triggers=("fire", "tapping")),
]


def history(journal: Journal, nights: int = 12) -> None:
    """Tapping helps this sleeper (rated 5); whispers and rain do not (rated 1)."""
    start = datetime(2026, 1, 1, 22, 30).astimezone()
    for night in range(nights):
        triggers, rating = (["tapping"], 5) if night % 2 else (["whispers", "rain"], 1)
        sid = journal.start_session("s", "45", triggers, started_at=start + timedelta(night))
        journal.end_session(sid, "timer", ended_at=start + timedelta(night, minutes=45))
        journal.check_in(sid, sleep_rating=rating)


def marked(menu_or_values, cards=CARDS) -> list[str]:
    """Scene ids whose card has the "for you" label right under it."""
    values = getattr(menu_or_values, "values", menu_or_values)
    items, labels = layout(values, cards)
    out = []
    for label in (lb for lb in labels if lb.text == FOR_YOU):
        card = next(i for i in items if i.kind == "card" and i.rect[0] < label.x < i.rect[2])
        assert 0 < label.y - card.rect[3] < 0.02  # just below the card
        out.append(card.card.scene_id)
    return out


def test_the_scene_that_helped_is_labelled_for_you(tmp_path):
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        history(journal)
        menu = session_menu(journal, cards=CARDS, rng=random.Random(3))
    assert marked(menu) == ["desk"]


def test_a_switched_off_trigger_is_never_recommended(tmp_path):
    without_tapping = [(c.scene_id, set(c.triggers) - {"tapping"}) for c in CARDS]
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        history(journal)
        for seed in range(30):
            menu = session_menu(journal, cards=CARDS, rng=random.Random(seed))
            off = replace(menu.values, switched_off=frozenset({"tapping"}))
            assert len(marked(off)) == 1 and marked(off) != ["desk"]  # it plays nothing else
            # Scenes are judged by what they still play, as if tapping were not in them.
            draws = dict(off.trigger_draws)
            scenes = [(c.scene_id, c.triggers) for c in CARDS]
            assert rank_scenes(scenes, draws, {"tapping"}) == rank_scenes(without_tapping, draws)


def test_no_label_before_the_journal_knows_anything(tmp_path):
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        history(journal, nights=2)
        assert marked(session_menu(journal, cards=CARDS)) == []


def test_a_scene_that_failed_its_check_is_never_for_you():
    draws = (("rain", 0.2), ("tapping", 0.95), ("whispers", 0.1), ("fire", 0.3))
    failed = [replace(c, failed_check=c.scene_id == "desk") for c in CARDS]
    values = MenuValues(trigger_draws=draws)
    assert for_you(values, CARDS) == "desk"
    assert for_you(values, failed) == "fireside"
    assert marked(values, failed) == ["fireside"]
