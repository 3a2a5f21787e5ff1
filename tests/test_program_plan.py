"""Tonight's plan: no script twice, the least recently heard first, parts in turn with their
counts, a night continued where it stopped, and every shipped voice scene's program filling
its default timer (coverage and the longest silence before the fade)."""

from __future__ import annotations

import pytest

from tests.program_fixtures import shipped_program, voice_scene_ids
from vrasmr.program.assembly import default_window, program_start_s
from vrasmr.program.figures import plan_figures
from vrasmr.program.items import TimerWindow, gap_seconds
from vrasmr.program.plan import Heard, Played, plan_night

SEEDS = range(8)


def plan(scene, scripts, *, heard=None, seed=0, window="default"):
    window = default_window(scene) if window == "default" else window
    return plan_night(
        scene.program,
        scripts,
        heard=heard,
        window=window,
        seed=seed,
        start_s=program_start_s(scene),
        breathing_bpm=scene.breathing_rate_bpm,
    )


def test_the_voice_scenes_are_the_ones_the_issue_asks_for():
    assert set(voice_scene_ids()) >= {
        "bedtime-story",
        "guided-visualization",
        "affirmations",
        "snowfall-cabin",
        "rain-tent",
        "night-train",
        "evening-attention",
        "guided-breathing",
    }


@pytest.mark.parametrize("scene_id", voice_scene_ids())
def test_every_voice_scene_fills_its_default_timer_without_repeating(scene_id):
    scene, scripts = shipped_program(scene_id)
    for seed in SEEDS:
        night = plan(scene, scripts, seed=seed)
        ids = [s.script_id for s in night.scripts]
        assert len(ids) == len(set(ids))  # no script twice in a night
        figures = plan_figures(night, scene.program, scripts)
        assert figures.coverage >= 0.90, (seed, figures)
        assert figures.longest_silence_s <= 75.0, (seed, figures)  # gaps stay under 60 s
        starts = [s.start_s for s in night.tonight()]
        assert starts == sorted(starts) and starts[-1] < night.window.fade_start


def test_one_story_a_night_the_least_recently_heard_first():
    scene, scripts = shipped_program("bedtime-story")
    stories = sorted(i for i in scripts if i.startswith("story-"))
    # every story heard, each on a different night before: the oldest comes first
    heard = Heard(nights_ago={s: n + 1 for n, s in enumerate(stories)})
    for seed in SEEDS:
        night = plan(scene, scripts, heard=heard, seed=seed)
        tonight = [s.script_id for s in night.scripts if s.script_id.startswith("story-")]
        assert tonight == [stories[-1]]  # one story, the one heard 12 nights ago
    # never-heard stories come before any heard one, whatever the seed
    heard = Heard(nights_ago={s: 1 for s in stories[:11]})
    assert {plan(scene, scripts, heard=heard, seed=s).scripts[0].script_id for s in SEEDS} == {
        stories[11]
    }
    # with none heard, the seed chooses
    firsts = {plan(scene, scripts, seed=s).scripts[0].script_id for s in SEEDS}
    assert len(firsts) > 2 and firsts <= set(stories)


def test_tonights_scripts_are_not_played_again_and_a_cut_short_one_goes_on():
    scene, scripts = shipped_program("bedtime-story")
    story = "story-lighthouse"
    script = scripts[story]
    half = len(script.utterances) // 2
    heard = Heard(tonight=(Played(story, half, finished=False),))
    night = plan(scene, scripts, heard=heard)
    first = night.scripts[0]
    assert first.script_id == story and 0 < first.from_utterance <= half
    begins = script.utterances[first.from_utterance]
    assert script.utterances[first.from_utterance - 1].paragraph != begins.paragraph
    assert [s for s in night.scripts[1:] if s.script_id.startswith("story-")] == []
    # finished: the night goes on with the next part
    heard = Heard(tonight=(Played(story, len(script.utterances) - 1, finished=True),))
    ids = [s.script_id for s in plan(scene, scripts, heard=heard).scripts]
    assert story not in ids and not any(i.startswith("story-") for i in ids)


def test_gaps_grow_toward_the_fade_and_nothing_starts_after_it():
    window = TimerWindow(35 * 60.0, 45 * 60.0)
    gaps = [gap_seconds((20.0, 60.0), t, window) for t in (0.0, 600.0, 1200.0, 2100.0, 2400.0)]
    assert gaps == sorted(gaps) and gaps[0] == 20.0 and gaps[-1] == 60.0
    scene, scripts = shipped_program("guided-visualization")
    night = plan(scene, scripts)
    tonight = night.tonight()
    assert len(tonight) < len(night.scripts)  # more is planned than the timer needs
    between = [b.start_s - a.end_s for a, b in zip(tonight, tonight[1:], strict=False)]
    assert between == sorted(between) and between[0] >= 20.0
    # without a timer, the whole order plays
    assert plan(scene, scripts, window=None).tonight() == plan(scene, scripts, window=None).scripts


def test_the_same_seed_gives_the_same_night():
    scene, scripts = shipped_program("evening-attention")
    assert plan(scene, scripts, seed=5) == plan(scene, scripts, seed=5)
    orders = {tuple(s.script_id for s in plan(scene, scripts, seed=s).scripts) for s in SEEDS}
    assert len(orders) > 1


def test_breathing_guidance_glides_from_twelve_to_six_a_minute():
    from vrasmr.program.items import script_entries

    scene, scripts = shipped_program("guided-breathing")
    night = plan(scene, scripts)
    assert night.scripts[0].script_id == "breathing-slow"
    pace = night.pace
    start = night.scripts[0].start_s
    assert pace.rate(start - 1.0) == pytest.approx(12.0)  # no measurement: 12 a minute
    assert pace.rate(start + 20 * 60.0) == pytest.approx(6.0)
    entries = list(script_entries(scripts["breathing-slow"], start, pace=pace, breath_minutes=15))
    breaths = [e for e in entries if e.item.tag.breath is not None]
    inhales = [e for e in breaths if e.item.tag.breath % 1.0 == 0.0]
    exhales = [e for e in breaths if e.item.tag.breath % 1.0 == 0.5]
    header = scripts["breathing-slow"].header
    assert {e.item.text for e in inhales} <= set(header.inhale)
    assert {e.item.text for e in exhales} <= set(header.exhale)
    for e in breaths:  # each phrase on its half breath
        assert pace.cycles(e.start_s) == pytest.approx(e.item.tag.breath, abs=1e-6)
    periods = [b.start_s - a.start_s for a, b in zip(inhales, inhales[1:], strict=False)]
    assert periods[0] == pytest.approx(5.0, abs=0.2) and periods[-1] == pytest.approx(10, abs=0.2)
    assert 120 < len(inhales) < 140  # fifteen minutes, from 12 to 6 a minute
    assert entries[0].item.tag.paragraph == 0 and entries[-1].item.tag.paragraph > 0
