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
