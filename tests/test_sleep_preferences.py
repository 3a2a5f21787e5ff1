"""Learning what helps: Beta posteriors per trigger, Thompson-sampled "for you" scenes."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import numpy as np
import pytest

from vrasmr.sleep.journal import Journal
from vrasmr.sleep.preferences import TriggerPreferences, rank_scenes

SCENES = [
    ("whisper_room", ["whispers"]),
    ("tapping_desk", ["tapping"]),
    ("rain_cabin", ["rain", "water"]),
    ("campfire", ["fire", "crinkling"]),
]


def simulated_history(journal: Journal, nights: int = 40, seed: int = 7) -> None:
    """Rain helps this sleeper (4-5), tapping does not (1-2) and gets skipped."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, 22, 30).astimezone()
    for night in range(nights):
        scene_id, triggers = SCENES[night % len(SCENES)]
        sid = journal.start_session(scene_id, "45", triggers, started_at=start + timedelta(night))
        rating = {"rain_cabin": rng.choice([4, 5]), "tapping_desk": rng.choice([1, 2])}.get(
            scene_id, 3
        )
        if scene_id == "tapping_desk":
            journal.record_skip(sid, "tapping")
        journal.end_session(sid, "timer")
        journal.check_in(sid, sleep_rating=rating)


@pytest.fixture
def learned() -> TriggerPreferences:
    with Journal.open() as journal:
        simulated_history(journal)
        return TriggerPreferences.from_journal(journal)


def for_you(learned, scenes=SCENES, switched_off=(), rng=None) -> list[str]:
    """The menu's ranking: this launch's draws for the cards' triggers, then rank_scenes."""
    triggers = {t for _, ts in scenes for t in ts}
    return rank_scenes(scenes, dict(learned.for_you_draws(triggers, rng)), switched_off)


def test_for_you_prefers_the_trigger_rated_high(learned):
    rng = np.random.default_rng(2026)
    firsts = [for_you(learned, rng=rng)[0] for _ in range(200)]
    assert firsts.count("rain_cabin") > 150
    assert learned.mean("rain") > learned.mean("whispers") > learned.mean("tapping")


def test_for_you_is_repeatable_with_a_seed(learned):
    a = for_you(learned, rng=np.random.default_rng(5))
    b = for_you(learned, rng=np.random.default_rng(5))
    assert a == b and sorted(a) == sorted(s for s, _ in SCENES)
    assert for_you(learned, rng=random.Random(1))[0] == "rain_cabin"


def test_a_switched_off_trigger_is_never_for_you(learned):
    rng = np.random.default_rng(0)
    for _ in range(200):
        picks = for_you(learned, switched_off={"Rain", "whispers"}, rng=rng)
        assert "whisper_room" not in picks
    # rain's good record does not carry rain_cabin once rain is off: it is scored on water only
    only_rain = [("rain_only", ["rain"]), ("fire_only", ["fire"])]
    assert for_you(learned, only_rain, switched_off={"rain"}, rng=rng) == ["fire_only"]


def test_update_refuses_negative_evidence():
    with pytest.raises(ValueError, match="negative"):
        TriggerPreferences().update("rain", success=-1)
