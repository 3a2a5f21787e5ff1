"""The script format (docs/scripts.md): header, utterances, pauses, cues, word lists, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from vrasmr.sound.speech.playback import every_utterance, script_items
from vrasmr.sound.speech.script import (
    ScriptError,
    ScriptNotFound,
    list_scripts,
    load_script,
    parse_script,
)

FIXTURES = Path(__file__).parent / "speech_scripts"
SHIPPED = {
    "affirmations",
    "muscle-relaxation",
    "story-lighthouse",
    "story-night-train",
    "visualization-aurora-lake",
    "visualization-campfire",
    "visualization-forest-glade",
    "visualization-moonlit-ocean",
}


def parse_fixture(name: str):
    path = FIXTURES / name
    return parse_script(path.read_text(encoding="utf-8"), str(path))


def test_header_becomes_a_typed_model():
    script = parse_fixture("evening-walk.txt")
    header = script.header
    assert (header.title, header.kind, header.voice) == ("An evening walk", "role-play", "soft")
    assert (header.rate_wpm, header.pause_scale) == (100, 1.5)
    assert script.id == "evening-walk" and script.has_header


def test_sentences_and_clauses_become_utterances_with_scaled_pauses_and_lines():
    script = parse_fixture("evening-walk.txt")
    said = [(u.text, round(u.pause_after_s, 2), u.line) for u in script.utterances]
    assert said == [
        ("You walk slowly down the lane.", 1.2, 10),  # 0.8 s × pause_scale 1.5
        ("The air is cool,", 0.45, 10),  # a clause: 0.3 s × 1.5
        ("and the light is low.", 9.75, 11),  # paragraph (2.5 s), then [pause 4s]: 6.5 × 1.5
        ("The gate is open,", 0.45, 13),
        ("just a little.", 1.2, 13),
        ("Rest here,", 0.45, 13),
        ("and listen.", 3.75, 14),
    ]
    assert [u.sentence_end for u in script.utterances] == [1, 0, 1, 0, 1, 0, 1]


def test_cues_start_with_the_next_clause_or_right_after_a_sentence():
    utterances = parse_fixture("evening-walk.txt").utterances
    just, rest, listen = utterances[4], utterances[5], utterances[6]
    (brush,) = just.cues_after  # written right after a sentence: starts when it ends
    assert (brush.sound, brush.place, brush.near, brush.seconds) == ("brush", "left", True, 6.0)
    assert brush.distance_m == pytest.approx(0.2) and brush.line == 13
    assert rest.cues == () and rest.cues_after == ()
    (tap,) = listen.cues  # written before a clause: starts with it
    assert (tap.sound, tap.place, tap.near, tap.distance_m) == ("tap", "right", False, 0.6)


def test_a_whispers_list_is_one_phrase_per_line_and_plays_in_a_seeded_order():
    script = parse_fixture("whispers-test.txt")
    assert [u.text for u in script.utterances] == [
        "relax",
        "you are safe here",
        "soft and slow",
        "breathe out",
    ]
    assert [u.line for u in script.utterances] == [6, 8, 9, 10]

    def first(n, seed):
        items = script_items(script, seed=seed)
        return [next(items).text for _ in range(n)]

    twelve = first(12, seed=5)
    assert twelve == first(12, seed=5) and twelve != first(12, seed=6)
    for start in range(0, 12, 4):  # each pass says every phrase once
        assert sorted(twelve[start : start + 4]) == sorted(u.text for u in script.utterances)
    assert all(a != b for a, b in zip(twelve, twelve[1:], strict=False))
    assert {len(every_utterance(script))} == {4}


def test_breathing_scripts_carry_their_phrases():
    script = parse_fixture("breathing-test.txt")
    assert script.header.inhale == ["Breathe in", "In"]
    texts = [item.text for item in every_utterance(script)]
    assert texts == ["Let your breath find its own pace.", "Breathe in", "and out", "In", "Out"]


def test_a_file_without_a_header_is_a_whispered_story_for_now():
    script = parse_script("Rest now. The lake is still.\n", "audio/scripts/calm.txt")
    assert (script.header.kind, script.header.voice, script.header.title) == (
        "story",
        "whisper",
        "calm",
    )
    assert not script.has_header and len(script.utterances) == 2


def test_abbreviations_and_ellipses():
    script = parse_script("Mr. Gray waves... and it is 3.5 metres away. Then rest!", "x.txt")
    assert [u.text for u in script.utterances] == [
        "Mr. Gray waves...",
        "and it is 3.5 metres away.",
        "Then rest!",
    ]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            "Rest now.\n\nThe lake [brsh left 6s] is still.",
            3,
            ["unknown cue sound 'brsh'", "brush"],
        ),
        ("Rest.\n[tap middle 2s] Here.", 2, ["unknown cue place 'middle'", "[<sound> <place>"]),
        ("Rest.\n\n\n[tap left 90s]", 4, ["cue length '90s'", "1 to 30"]),
        ("Rest [pause 100s] now.", 1, ["pause of 0.5 to 60 seconds"]),
        ("Rest [pause] now.", 1, ["like [pause 4s]"]),
        ("Rest now.\nThe lake [is still.", 2, ["'[' without its partner"]),
        (
            "+++\ntitle = 'x'\nkind = 'story'\n\nRest now.",
            1,
            ["never closed", "add a line with +++"],
        ),
        ("+++\ntitle = 'x'\nkind = 'storie'\n+++\nRest.", 3, ["kind", "'story'"]),
        ("+++\ntitle = 'x'\nkind = 'story'\nrate_wpm = 300\n+++\nRest.", 4, ["rate_wpm", "160"]),
        ("+++\ntitle = 'x'\nkind = 'story'\nspeed = 3\n+++\nRest.", 4, ["unknown key 'speed'"]),
        ("+++\ntitle = 'x'\nkind = 'breathing'\n+++\nRest.", 2, ["inhale = [...]"]),
        ("+++\ntitle = 'x'\nkind = 'whispers'\n+++\nrelax\n[pause 2s]", 6, ["no [tags]"]),
        ("+++\ntitle = 'x'\nkind = 'story'\n+++\n# only a comment\n", 5, ["no words"]),
    ],
)
def test_errors_name_file_and_line_and_the_fix(text, line, words):
    with pytest.raises(ScriptError) as caught:
        parse_script(text, "audio/scripts/bad.txt")
    message = str(caught.value)
    assert message.startswith(f"audio/scripts/bad.txt:{line}:"), message
    for word in words:
        assert word in message, message


def test_every_shipped_script_parses_into_utterances():
    assert set(list_scripts()) >= SHIPPED
    for script_id in list_scripts():
        script = load_script(script_id)
        assert script.utterances, script_id
        assert all(u.text.strip() and u.pause_after_s >= 0 for u in script.utterances)


def test_user_scripts_are_found_and_unknown_ids_suggest_the_nearest(_user_home):
    from vrasmr.content import user_audio_dir

    folder = user_audio_dir() / "scripts"
    folder.mkdir(parents=True)
    (folder / "my-words.txt").write_text((FIXTURES / "whispers-test.txt").read_text())
    assert load_script("my-words").header.kind == "whispers"
    with pytest.raises(ScriptNotFound, match="did you mean 'story-lighthouse'"):
        load_script("story-lighthous")
