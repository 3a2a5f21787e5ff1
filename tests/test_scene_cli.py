"""``vrasmr scenes``: list, show and validate with exit statuses."""

from __future__ import annotations

import argparse
from pathlib import Path

from vrasmr.content import scenes_dir
from vrasmr.scene.cli import register

EXAMPLES = sorted((Path(__file__).parent / "scene_examples").glob("*.toml"))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="vrasmr")
    register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return args.func(args)


def test_validate_passes_on_shipped_scenes(capsys):
    assert main(["scenes", "validate"]) == 0
    assert main(["scenes", "validate", *map(str, scenes_dir().glob("*.toml"))]) == 0
    assert "valid" in capsys.readouterr().out


def test_validate_fails_with_helpful_errors_on_broken_examples(capsys):
    assert main(["scenes", "validate", *map(str, EXAMPLES)]) == 1
    err = capsys.readouterr().err
    for path in EXAMPLES:
        assert str(path) in err
    assert "did you mean 'rain-on-window'?" in err
    assert "emitters[0].motion.radus: unknown key" in err


def test_list_and_show(capsys):
    assert main(["scenes"]) == 0
    out = capsys.readouterr().out
    assert "ear-to-ear" in out and "Ear to Ear" in out and "whispers" in out
    assert main(["scenes", "show", "ear-to-ear"]) == 0
    assert "ear_to_ear" in capsys.readouterr().out
    assert main(["scenes", "show", "ear-to-eer"]) == 1
    assert "did you mean 'ear-to-ear'?" in capsys.readouterr().err


def _library_errors() -> dict[Path, str]:
    from vrasmr.scene.library import SceneLibrary

    library = SceneLibrary()
    library.poll()
    return {path: error.headline() for path, error in library.errors.items()}


def _user_scene_path(name: str) -> Path:
    from vrasmr.content import user_scenes_dir

    folder = user_scenes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def test_validate_reports_a_user_copy_of_a_shipped_scene_as_loading_does(capsys):
    copy = _user_scene_path("ear-to-ear.toml")
    copy.write_text((scenes_dir() / "ear-to-ear.toml").read_text().replace("Ear to Ear", "Mine"))
    refused = _library_errors()[copy]
    assert "already used by" in refused
    for argv in (["scenes", "validate", str(copy)], ["scenes", "validate"]):
        assert main(argv) == 1
        assert capsys.readouterr().err.splitlines() == [refused]


def test_validate_reports_a_draft_that_takes_a_shipped_id(tmp_path, capsys):
    draft = tmp_path / "ear-to-ear.toml"  # not in a scene folder yet
    draft.write_text((scenes_dir() / "ear-to-ear.toml").read_text())
    assert main(["scenes", "validate", str(draft)]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{draft}: id: id 'ear-to-ear' is already used by")


def test_symlinked_user_scenes_are_refused_clearly_by_the_library_and_validate(tmp_path, capsys):
    real = tmp_path / "linked.toml"
    real.write_text(
        'id = "linked"\ntitle = "Linked"\ntechniques = ["nature"]\n'
        '[[emitters]]\nsound = { generator = "rain" }\n'
    )
    link = _user_scene_path("linked.toml")
    link.symlink_to(real)
    dangling = _user_scene_path("gone.toml")
    dangling.symlink_to(tmp_path / "gone.toml")
    errors = _library_errors()
    assert set(errors) == {link, dangling}
    for path in (link, dangling):
        assert "is a link" in errors[path] and "copy the scene" in errors[path]
    assert str(real) in errors[link]
    assert main(["scenes", "validate", str(link)]) == 1
    assert capsys.readouterr().err.splitlines() == [errors[link]]
    assert main(["scenes", "validate"]) == 1
    assert sorted(capsys.readouterr().err.splitlines()) == sorted(errors.values())
    assert main(["scenes", "validate", str(real)]) == 0  # the file itself is a fine scene
    assert main(["scenes"]) == 0
    assert "linked" not in capsys.readouterr().out
