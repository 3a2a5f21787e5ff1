"""``[program]`` in the scene format, validated like the rest: each problem names the file,
the line and the field, and says how to fix it; a broken cue in a script the program plays
names the script's own file and line."""

from __future__ import annotations

import pytest

from tests.program_fixtures import PROGRAM_SCENE, install_scripts
from vrasmr.scene.errors import SceneError
from vrasmr.scene.loading import parse_scene_text


def scene_text(extra: str = "", changes: dict | None = None) -> str:
    text = PROGRAM_SCENE.format(id="bad", timer=15, extra=extra)
    for old, new in (changes or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def problems(text: str, *, install: bool = True) -> list[str]:
    if install:
        install_scripts()
    with pytest.raises(SceneError) as caught:
        parse_scene_text(text, "scenes/bad.toml")
    return [e.headline() for e in caught.value.all]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_good_program_loads():
    install_scripts()
    scene = parse_scene_text(scene_text(), "scenes/prog.toml")
    assert scene.program.parts[0].count == 1 and scene.program_emitter == 0
    assert scene.program.parts[0].resolve(["test-story-2", "test-story-1", "x"]) == [
        "test-story-1",
        "test-story-2",
    ]


@pytest.mark.parametrize(
    ("change", "needle", "field", "words"),
    [
        (
            {'scripts = ["test-story-*"]': 'scripts = ["test-stroy-*"]'},
            "test-stroy-*",
            "program.parts[0].scripts[0]",
            ["no script matches 'test-stroy-*'", "did you mean"],
        ),
        (
            {'scripts = ["test-walk"]': 'scripts = ["test-wlak"]'},
            "test-wlak",
            "program.parts[1].scripts[0]",
            ["unknown script 'test-wlak'", "did you mean 'test-walk'"],
        ),
        (
            {"gap_s = [2, 4]": "gap_s = [40, 4]"},
            "gap_s",
            "program.gap_s",
            ["[40, 4] shrinks", "[4, 40]"],
        ),
        (
            {"count = 1": "count = 0"},
            "count = 0",
            "program.parts[0].count",
            ["greater than or equal to 1"],
        ),
        (
            {"sound = { program = true }": 'sound = { program = true, voice = "soft" }'},
            "sound = { program = true",
            "emitters[0].sound",
            ["voice only applies to a script sound"],
        ),
        (
            {'scripts = ["test-walk"]': 'scripts = ["test-walk"]\nminutes = 5'},
            "minutes = 5",
            "program.parts[1].minutes",
            ["minutes applies to breathing scripts"],
        ),
    ],
)
def test_program_problems_name_file_line_field_and_fix(change, needle, field, words):
    text = scene_text(changes=change)
    (headline,) = problems(text)
    assert headline.startswith(f"scenes/bad.toml:{line_of(text, needle)}: {field}:"), headline
    for word in words:
        assert word in headline, headline


def test_the_program_needs_exactly_one_emitter_to_speak_it():
    text = scene_text().replace("sound = { program = true }", 'sound = "pink-noise"')
    (headline,) = problems(text)
    assert headline.startswith(f"scenes/bad.toml:{line_of(text, '[program]')}: program:")
    assert "add one with sound = { program = true }" in headline
    text = scene_text()
    text = text[: text.index("[program]")]  # a speaker, but no program
    (headline,) = problems(text)
    line = line_of(text, "sound = { program = true }")
    assert headline.startswith(f"scenes/bad.toml:{line}: emitters[0].sound.program:")
    assert "no [program]; add one" in headline
    two = scene_text().replace(
        "[program]",
        '[[emitters]]\nname = "echo"\nsound = { program = true }\n\n[program]',
    )
    (headline,) = problems(two)
    assert "emitters[1].sound.program" in headline and "one emitter speaks it" in headline


def test_a_word_list_belongs_on_its_own_emitter_not_in_a_program():
    from tests.program_fixtures import FIXTURES
    from vrasmr.content import user_audio_dir

    install_scripts()
    words = (FIXTURES / "whispers-test.txt").read_text(encoding="utf-8")
    (user_audio_dir() / "scripts" / "test-words.txt").write_text(words, encoding="utf-8")
    text = scene_text().replace('scripts = ["test-walk"]', 'scripts = ["test-words"]')
    (headline,) = problems(text)
    assert "program.parts[1].scripts" in headline and "is a word list" in headline
    assert 'sound = { script = "test-words" }' in headline


def test_a_broken_cue_in_a_programs_script_names_the_scripts_file_and_line():
    from vrasmr.content import user_audio_dir

    install_scripts()
    walk = user_audio_dir() / "scripts" / "test-walk.txt"
    walk.write_text(walk.read_text().replace("[tap right 2s]", "[tpa right 2.0s]"))
    text = scene_text()
    (headline,) = problems(text, install=False)
    assert headline.startswith(f"scenes/bad.toml:{line_of(text, 'test-walk')}: program.parts[1]")
    assert f"{walk}:14: unknown cue sound 'tpa'" in headline
    assert "did you mean 'tap'" in headline


def test_a_recipe_cannot_speak_a_program(tmp_path):
    from vrasmr.scene.loading import load_recipe

    path = tmp_path / "voice.toml"
    path.write_text('title = "x"\ntriggers = ["voice"]\n[sound]\nprogram = true\n')
    with pytest.raises(SceneError, match="a recipe cannot speak a scene's program"):
        load_recipe(path)


def test_voices_prepare_plans_every_script_a_program_may_speak_in_its_voice():
    from tests.program_fixtures import install_scene
    from vrasmr.sound.speech.prepare import plan_jobs
    from vrasmr.sound.speech.voices import VoiceRegistry

    install_scene("prog")  # its program speaks everything with the espeak voice
    plan, problems = plan_jobs()
    espeak = VoiceRegistry().cache_id("espeak")
    in_espeak = {job.text for job in plan.missing if job.voice_id == espeak}
    assert {"number 2.", "The tea is warm,", "Rest here,"} <= in_espeak
    assert not [p for p in problems if "test-" in p]
