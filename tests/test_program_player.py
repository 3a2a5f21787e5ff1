"""The program as it plays (espeak voice, fixture scripts): in the plan's order, stopping
inside the fade and when sleep is likely, cues on their clause's very sample, and the
controls (voice off and on, next, choose) fading the words out over a second."""

from __future__ import annotations

import numpy as np
import pytest

from tests.program_fixtures import install_scene
from vrasmr.program.items import TimerWindow
from vrasmr.program.player import FADE_S, SAMPLE_RATE, VOICE

BLOCK = 12000  # what the engine's stream feeder asks for


def loaded_program(scene_id="prog", **kw):
    from vrasmr.session.assets import load_scene

    install_scene(scene_id, **kw)
    loaded = load_scene(scene_id, seed=1)
    loaded.program.bind_device(realtime=False)  # offline: wait for each utterance
    return loaded


def play(player, seconds, keys=None, *, on_block=None):
    """Pull every channel a block at a time, as the engine does; returns their audio."""
    keys = keys or player._keys
    out = {k: [] for k in keys}
    done = set()
    for n in range(int(seconds * SAMPLE_RATE / BLOCK)):
        if on_block is not None:
            on_block(n * BLOCK / SAMPLE_RATE)
        for key in keys:
            if key in done:
                continue
            block = player.pull(key, BLOCK)
            if block is None:
                done.add(key)
            else:
                out[key].append(block)
        if len(done) == len(keys):
            break
    return {k: np.concatenate(v) if v else np.zeros(0, np.float32) for k, v in out.items()}


def starts(player):
    """(seconds, script, utterance text) of every utterance begun, in our samples."""
    return [(s.seconds, s.item.tag.script_id, s.item.text) for s in player._speech.timeline]


def listened_player():
    """(player, tonight's plan, the events it sends) for the test program, seed 3."""
    loaded = loaded_program()
    player = loaded.program
    events = []
    night = loaded.plan_program(window=None, seed=3)
    player.on_event = events.append
    return player, night, events


def test_the_program_plays_its_plan_in_order_and_ends():
    player, night, events = listened_player()
    first, second = (s.script_id for s in night.scripts)
    assert first.startswith("test-story-") and second == "test-walk"
    audio = play(player, 90)
    assert player.status.ended and len(audio[VOICE]) < 90 * SAMPLE_RATE  # it ended
    said = starts(player)
    assert said[0][0] == pytest.approx(1.0, abs=0.01)  # start_s = 1
    assert [s for _, s, _ in said] == sorted([s for _, s, _ in said], key=[first, second].index)
    kinds = [(e.kind, e.script_id) for e in events]
    assert kinds == [
        ("started", first),
        ("progress", first),
        ("finished", first),
        ("started", second),
        ("progress", second),
        ("finished", second),
        ("ended", ""),
    ]
    last_of_first = max(t for t, s, _ in said if s == first)
    gap = min(t for t, s, _ in said if s == second) - last_of_first
    assert gap >= 2.0  # gap_s = [2, 4], after the last words
    assert np.all(np.isfinite(audio[VOICE])) and np.abs(audio[VOICE]).max() > 0.01


def test_no_script_starts_once_the_fade_has_begun_and_the_words_end_inside_it():
    loaded = loaded_program()
    player = loaded.program
    loaded.plan_program(window=TimerWindow(8.0, 60.0), seed=3)
    play(player, 90)
    said = starts(player)
    assert {s for _, s, _ in said} == {player.night.scripts[0].script_id}  # not the walk
    assert player.status.ended


def test_past_the_fades_middle_it_stops_at_the_first_sentence_end():
    loaded = loaded_program()
    player = loaded.program
    loaded.plan_program(window=TimerWindow(2.0, 10.0), seed=3)  # middle at 6 s
    audio = play(player, 60)
    last = player._speech.timeline[-1]
    assert last.item.tag.sentence_end and last.seconds < 8.0
    end = last.sample + last.samples
    assert not np.any(audio[VOICE][end:])  # nothing after it, and well before the fade's end
    assert end / SAMPLE_RATE < 10.0


def test_when_sleep_is_likely_the_current_phrase_is_the_last():
    loaded = loaded_program()
    player = loaded.program
    loaded.plan_program(window=None, seed=3)

    def close_at_4s(t):
        if t >= 4.0:
            loaded.phrase_gate.close()

    audio = play(player, 60, on_block=close_at_4s)
    last = player._speech.timeline[-1]
    assert last.seconds < 4.3  # nothing began after the gate closed (a block's grace)
    assert not np.any(audio[VOICE][last.sample + last.samples :])


def test_cues_start_on_the_very_sample_of_their_clause_or_sentence_end():
    made = []

    def marker(kind, seconds, seed):  # a gesture whose first sample is unmistakable
        made.append((kind, seconds))
        samples = np.full(int(seconds * SAMPLE_RATE), 0.25, np.float32)
        return samples

    loaded = loaded_program()
    player = loaded.program
    player.gestures.make = marker
    loaded.plan_program(window=None, seed=3)
    audio = play(player, 90)
    assert set(audio) == {VOICE, "near-left", "right"}
    said = {s.item.text: s for s in player._speech.timeline}
    brush = np.flatnonzero(audio["near-left"])[0]
    tap = np.flatnonzero(audio["right"])[0]
    # "just a little. [brush near left 6s]": right after the sentence, as it ends
    assert brush == said["just a little."].sample + said["just a little."].samples
    assert tap == said["and listen."].sample  # "[tap right 2s] and listen.": with the clause
    assert sorted(made) == [("brush", 6.0), ("tap", 2.0)]
    assert np.count_nonzero(audio["near-left"]) == 6 * SAMPLE_RATE


def test_switched_off_kinds_leave_their_cues_out():
    loaded = loaded_program()
    player = loaded.program
    loaded.plan_program(window=None, seed=3)
    player.switched_off = frozenset({"tapping"})
    audio = play(player, 90)
    assert np.any(audio["near-left"]) and not np.any(audio["right"])


def control_at(player, t_request, action):
    fired = []

    def on_block(t):
        if t >= t_request and not fired:
            fired.append(t)
            action()

    return on_block, fired


def test_voice_off_fades_over_a_second_and_on_again_repeats_the_cut_utterance():
    loaded = loaded_program()
    player = loaded.program
    loaded.plan_program(window=None, seed=3)
    # the first words are at 1 s; turn off at 1.25 s, mid-utterance
    off, fired = control_at(player, 1.25, lambda: player.voice(False))
    audio = play(player, 6, on_block=off)
    assert not player.status.on
    at = int(fired[0] * SAMPLE_RATE)
    voice = np.abs(audio[VOICE])
    fade = voice[at : at + int(FADE_S * SAMPLE_RATE)]
    assert fade[:2400].max() > 0.01  # still speaking as the fade begins ...
    assert not np.any(voice[at + int(FADE_S * SAMPLE_RATE) :])  # ... silent after it
    step = np.abs(np.diff(audio[VOICE][at - 100 : at + 2400]))
    assert step.max() < 0.1  # no cut
    cut = player._speech.timeline[-1].item.text
    before = len(player._speech.timeline)
    player.voice(True)
    play(player, 4)
    assert player.status.on and player._speech.timeline[before].item.text == cut


def test_next_skips_to_the_next_script_and_choosing_plays_that_one_next():
    player, night, events = listened_player()
    first = night.scripts[0].script_id
    skip, _ = control_at(player, 2.0, player.skip)
    play(player, 8, on_block=skip)
    assert ("skipped", first) in [(e.kind, e.script_id) for e in events]
    assert starts(player)[-1][1] == "test-walk"
    # the story part is done: tonight's choices are the stories not heard yet
    choices = [i for i, _ in player.status.choices]
    assert first not in choices and len(choices) == 2
    choose, _ = control_at(player, 0.0, lambda: player.choose(choices[0]))
    play(player, 6, on_block=choose)
    assert starts(player)[-1][1] == choices[0]
    assert player.status.script_id == choices[0]


BREATHING_SCENE = """
id = "breathe-test"
title = "Breathing test"
techniques = ["breathing"]
sleep_timer = "off"
fade_in_s = 1

[[emitters]]
name = "guide"
sound = { program = true }
motion = { type = "static", position = [0.0, 0.0, -0.5] }

[program]
voice = "espeak"
start_s = 1

[[program.parts]]
scripts = ["test-breathing"]
minutes = 1
"""


def test_breathing_phrases_come_on_the_breath_and_follow_a_new_pace():
    from tests.program_fixtures import FIXTURES
    from vrasmr.content import user_audio_dir, user_scenes_dir
    from vrasmr.program.items import time_of_cycle
    from vrasmr.session.assets import load_scene

    scripts = user_audio_dir() / "scripts"
    scripts.mkdir(parents=True, exist_ok=True)
    (scripts / "test-breathing.txt").write_text((FIXTURES / "breathing-test.txt").read_text())
    user_scenes_dir().mkdir(parents=True, exist_ok=True)
    (user_scenes_dir() / "breathe-test.toml").write_text(BREATHING_SCENE)
    loaded = load_scene("breathe-test", seed=1)
    player = loaded.program
    player.bind_device(realtime=False)
    night = loaded.plan_program(window=None)
    assert loaded.runtime.pacer is night.pace  # the picture breathes with the voice
    assert night.pace.rate(0.0) == 12.0  # no measurement: it starts at 12 a minute
    play(player, 30)
    # the adaptive night measured 8 a minute: from now on the guide follows that
    measured = night.pace.then(30.0, 8.0, 0.0)
    loaded.runtime.pacer = measured
    play(player, 40)
    breaths = [s for s in player._speech.timeline if s.item.tag.breath is not None]
    assert len(breaths) > 12
    for s in breaths:
        pace = night.pace if s.seconds < 30.0 else measured
        want = time_of_cycle(pace, s.item.tag.breath)
        assert s.seconds == pytest.approx(want, abs=1.5 / SAMPLE_RATE), s.item.text
        assert s.item.text in (("Breathe in", "In") if s.item.tag.breath % 1 == 0 else
                               ("and out", "Out"))  # fmt: skip
    late = [s.seconds for s in breaths if s.seconds > 35.0 and s.item.tag.breath % 1 == 0]
    assert np.diff(late) == pytest.approx(7.5, abs=0.01)  # 8 a minute
