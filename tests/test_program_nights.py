"""Night after night through the real planner and a real journal file: no story comes round
again within a week (with one story a night, all twelve are heard first), tonight's first
story is never last night's, and a restart within two hours goes on with the same night."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.program_fixtures import shipped_program
from vrasmr.program.assembly import default_window, program_start_s
from vrasmr.program.history import heard_from_journal
from vrasmr.program.plan import plan_night
from vrasmr.sleep.journal import Journal

NIGHTS = 14
EVENING = datetime(2025, 1, 6, 22, 30).astimezone()


def plan_for(scene, scripts, journal, session):
    heard, seed = heard_from_journal(journal, session)
    return plan_night(
        scene.program,
        scripts,
        heard=heard,
        window=default_window(scene),
        seed=seed,
        start_s=program_start_s(scene),
    )


def listen(journal, session, night, began, *, until_s=None):
    """Hear tonight's planned scripts (to ``until_s`` seconds into the session)."""
    heard = []
    for planned in night.tonight():
        if until_s is not None and planned.start_s >= until_s:
            break
        at = began + timedelta(seconds=planned.start_s)
        journal.record_script(session, planned.script_id, at=at)
        cut = until_s is not None and planned.end_s > until_s
        journal.script_progress(session, planned.script_id, reached=60 if cut else 10**5,
                                finished=not cut)  # fmt: skip
        heard.append(planned.script_id)
    return heard


def first_repeat(stories_by_night: list[str]) -> int:
    """The night (from 1) a story was heard a second time, or 0 if none was."""
    seen = set()
    for n, story in enumerate(stories_by_night, start=1):
        if story in seen:
            return n
        seen.add(story)
    return 0


@pytest.mark.parametrize("scene_id", ["bedtime-story", "night-train"])
def test_two_weeks_of_nights_hear_every_story_before_one_comes_round(tmp_path, scene_id):
    scene, scripts = shipped_program(scene_id)
    path = tmp_path / "journal.sqlite3"  # a real file, opened afresh each night
    stories = []
    for night_no in range(NIGHTS):
        began = EVENING + timedelta(days=night_no)
        journal = Journal.open(path)
        session = journal.start_session(scene_id, "45", started_at=began)
        night = plan_for(scene, scripts, journal, session)
        heard = listen(journal, session, night, began)
        journal.end_session(session, "timer", ended_at=began + timedelta(minutes=45))
        journal.close()
        tonight = [s for s in heard if s.startswith("story-")]
        assert len(tonight) == 1 and len(heard) == len(set(heard))  # one story, no repeat
        stories += tonight
        if night_no:
            assert stories[-1] != stories[-2]  # tonight's first story is not last night's
    story_count = sum(1 for i in scripts if i.startswith("story-"))
    assert first_repeat(stories) == story_count + 1 == 13  # a week passes, and more
    assert set(stories[:story_count]) == {i for i in scripts if i.startswith("story-")}


def test_a_restart_within_two_hours_continues_the_night(tmp_path):
    scene, scripts = shipped_program("bedtime-story")
    path = tmp_path / "journal.sqlite3"
    journal = Journal.open(path)
    began = EVENING
    first = journal.start_session("bedtime-story", "45", started_at=began)
    night = plan_for(scene, scripts, journal, first)
    story = night.scripts[0].script_id
    listen(journal, first, night, began, until_s=10 * 60.0)  # the story is cut short
    journal.end_session(first, "headset_removed", ended_at=began + timedelta(minutes=10))
    _, seed_before = heard_from_journal(journal, first)
    journal.close()

    journal = Journal.open(path)  # back within two hours: the same night goes on
    again = began + timedelta(minutes=70)
    second = journal.start_session("bedtime-story", "45", started_at=again)
    heard, seed = heard_from_journal(journal, second)
    assert seed == seed_before and [p.script_id for p in heard.tonight] == [story]
    resumed = plan_for(scene, scripts, journal, second)
    assert resumed.scripts[0].script_id == story and resumed.scripts[0].from_utterance > 0
    rest = [s.script_id for s in resumed.scripts[1:]]
    assert not any(s.startswith("story-") for s in rest)  # still one story tonight
    journal.end_session(second, "timer", ended_at=again + timedelta(minutes=45))

    later = again + timedelta(hours=12)  # the next evening is a new night
    third = journal.start_session("bedtime-story", "45", started_at=later)
    heard, seed = heard_from_journal(journal, third)
    assert heard.tonight == () and heard.nights_ago[story] == 1 and seed != seed_before
    assert plan_for(scene, scripts, journal, third).scripts[0].script_id != story
    journal.close()
