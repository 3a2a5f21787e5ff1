"""Shipped scenes and recipes validate; each broken example gets a precise, helpful error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vrasmr.content import audio_dir, scenes_dir
from vrasmr.scene.errors import SceneError
from vrasmr.scene.loading import ContentIndex, load_scene, load_scenes, parse_scene_text
from vrasmr.scene.runtime import SceneRuntime

EXAMPLES = sorted((Path(__file__).parent / "scene_examples").glob("*.toml"))


@pytest.fixture(scope="module")
def content():
    index, errors = ContentIndex.load()
    assert errors == []
    return index


def _expectation(path: Path) -> tuple[str | None, str]:
    first = path.read_text().splitlines()[0]
    field, hint = first.removeprefix("# expect:").split("|")
    field = field.strip()
    return (None if field == "<none>" else field), hint.strip()


def test_every_shipped_scene_is_valid_and_runs(content):
    paths = sorted(scenes_dir().glob("*.toml"))
    scenes, errors = load_scenes(paths, content)
    assert errors == []
    assert "ear-to-ear" in scenes
    for scene in scenes.values():
        positions, gains = SceneRuntime(scene).emitters_at(30.0)
        assert positions.shape == (len(scene.emitters), 3)
        assert ((gains > 0) & (gains <= 1)).all()


def test_every_shipped_recipe_is_listed_with_trigger_kinds(content):
    names = {p.stem for p in (audio_dir() / "recipes").glob("*.toml")}
    assert names == set(content.recipes)
    for must in ("rain-on-window", "campfire", "story-lighthouse", "nail-tapping-plastic"):
        assert content.recipes[must].triggers


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_broken_example_names_file_line_field_and_fix(path, content):
    field, hint = _expectation(path)
    with pytest.raises(SceneError) as caught:
        load_scene(path, content)
    matching = [e for e in caught.value.all if e.field == field and hint in e.message]
    assert matching, f"no error at {field} mentioning {hint!r} in:\n{caught.value}"
    error = matching[0]
    assert error.file == str(path)
    if "missing" not in hint:  # a missing top-level key has no line to point at
        assert error.line is not None and error.line > 1
    assert str(path) in str(caught.value) and hint in str(caught.value)


def test_line_numbers_point_at_the_offending_key(content):
    text = (
        'id = "x"\ntitle = "x"\ntechniques = ["noise"]\n\n'
        '[[emitters]]\nsound = "pink-noise"\n\n'
        '[[emitters]]\nsound = "pink-noise"\n\n[emitters.motion]\ntype = "orbit"\n'
        "radius_m = 50.0\n"
    )
    with pytest.raises(SceneError) as caught:
        parse_scene_text(text, "x.toml", content)
    error = caught.value
    assert (error.field, error.line) == ("emitters[1].motion.radius_m", 13)
    assert str(error).startswith("x.toml:13: emitters[1].motion.radius_m: expected")


def test_one_file_reports_all_its_problems_at_once(content):
    text = (
        'id = "x"\ntitle = "x"\ntechniques = ["whisper", "nature"]\nbrightness = 2.0\n'
        'reverb = "bedrom"\n'
    )
    with pytest.raises(SceneError) as caught:
        parse_scene_text(text, "x.toml", content)
    fields = {e.field: e.message for e in caught.value.all}
    assert "did you mean 'whispers'" in fields["techniques[0]"]
    assert "did you mean 'bedroom'" in fields["reverb"]
    assert "brightness" in fields


def test_many_files_collect_every_error(content):
    scenes, errors = load_scenes(EXAMPLES + sorted(scenes_dir().glob("*.toml")), content)
    assert set(scenes) == {p.stem for p in scenes_dir().glob("*.toml")}
    assert {e.file for e in errors} == {str(p) for p in EXAMPLES}


def test_user_audio_file_inside_user_folder_is_accepted(tmp_path, content):
    from vrasmr.content import user_audio_dir

    user_audio_dir().mkdir(parents=True)
    (user_audio_dir() / "my-rain.flac").write_bytes(b"fLaC")
    index = ContentIndex(content.recipes, content.script_ids, (audio_dir(), user_audio_dir()))
    text = 'id = "x"\ntitle = "x"\ntechniques = ["nature"]\n[[emitters]]\nsound = { file = "my-rain.flac" }\n'
    scene = parse_scene_text(text, "x.toml", index)
    assert scene.emitters[0].sound.file == "my-rain.flac"


def test_symlink_out_of_the_audio_folder_is_refused(tmp_path, content):
    from vrasmr.content import user_audio_dir

    secret = tmp_path / "secret.wav"
    secret.write_bytes(b"RIFF")
    user_audio_dir().mkdir(parents=True)
    (user_audio_dir() / "sneaky.wav").symlink_to(secret)
    index = ContentIndex(content.recipes, content.script_ids, (audio_dir(), user_audio_dir()))
    text = 'id = "x"\ntitle = "x"\ntechniques = ["nature"]\n[[emitters]]\nsound = { file = "sneaky.wav" }\n'
    with pytest.raises(SceneError) as caught:
        parse_scene_text(text, "x.toml", index)
    assert caught.value.field == "emitters[0].sound.file"
    assert "sneaky.wav is a link to a file outside the audio folders" in caught.value.message


def test_fifty_megabyte_file_is_refused_before_reading(tmp_path, content):
    big = tmp_path / "big.toml"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(SceneError) as caught:
        load_scene(big, content)
    assert "at most" in caught.value.message and caught.value.file == str(big)


def test_a_scene_measures_each_new_sound_level_once(monkeypatch):
    """Generators stream; what a load makes is each new generator's level (a minute of it,
    metered), kept in the sound cache: the next load, in this process or another, reads it."""
    from vrasmr.session.assets import load_scene
    from vrasmr.sound.synth import level

    level._memo.clear()  # levels measured by earlier tests went to their own homes' caches
    first = load_scene("object-sounds", seed=1)
    assert all(v.stream is not None for v in first.voices)
    level._memo.clear()  # as a new process would start

    def measured(*args, **kwargs):
        raise AssertionError("a level was measured again")

    monkeypatch.setattr(level, "measure_lufs", measured)
    again = load_scene("object-sounds", seed=1)
    gains = [[v.stream.gain for v in s.voices if hasattr(v.stream, "gain")] for s in (first, again)]
    assert gains[0] == gains[1] and gains[0]


LONG = 100_000
HEAD = 'id = "x"\ntitle = "x"\ntechniques = ["nature"]\n'
RAIN = '[[emitters]]\nsound = { generator = "rain" }\n'
LONG_TEXT_SCENES = {
    "unknown-key": HEAD + "k" * LONG + " = 1\n",
    "unknown-key-in-an-emitter": HEAD + RAIN + "k" * LONG + " = 1\n",
    "generator-parameter-name": HEAD
    + '[[emitters]]\nsound = { generator = "rain", params = { '
    + "k" * LONG
    + " = 1 } }\n",
    "palette-name": HEAD + "[palette]\n" + "k" * LONG + ' = "#102030"\n',
    "sleep-timer": HEAD + 'sleep_timer = "' + "v" * LONG + '"\n',
    "technique": 'id = "x"\ntitle = "x"\ntechniques = ["' + "v" * 3999 + '"]\n',
    "layer-colour": HEAD + '[[layers]]\nkind = "room"\nwall_colour = "' + "v" * 3999 + '"\n',
    "title-type": 'id = "x"\ntechniques = ["nature"]\ntitle = ["' + "v" * LONG + '"]\n',
}


@pytest.mark.parametrize("case", LONG_TEXT_SCENES)
def test_a_huge_key_or_value_is_quoted_short_in_the_error(case, content):
    file = "long.toml"
    with pytest.raises(SceneError) as caught:
        parse_scene_text(LONG_TEXT_SCENES[case], file, content)
    lines = str(caught.value).splitlines()
    assert all(len(line) < 500 for line in lines), [len(line) for line in lines]
    assert any(re.search(r"[kv]{20}… \([\d,]+ characters\)", line) for line in lines), lines


def test_a_too_long_audio_file_name_is_an_error_not_a_crash(content):
    name = "v" * 290 + ".wav"  # under the field's 300 characters, over the file system's 255
    text = HEAD + '[[emitters]]\nsound = { file = "' + name + '" }\n'
    with pytest.raises(SceneError) as caught:
        parse_scene_text(text, "x.toml", content)
    assert caught.value.field == "emitters[0].sound.file"
    assert "at most 255 bytes" in caught.value.message
    assert len(caught.value.headline()) < 300
