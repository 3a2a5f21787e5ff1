"""Hot reload: edits are picked up by poll(); a broken edit keeps the last good scene."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from vrasmr.content import audio_dir, scenes_dir
from vrasmr.scene.library import SceneLibrary

SHIPPED = scenes_dir() / "ear-to-ear.toml"


def _touch(path: Path, text: str, tick: list[int]) -> None:
    """Write and give the file a new mtime (file systems may have coarse clocks)."""
    path.write_text(text)
    tick[0] += 1
    os.utime(path, ns=(tick[0] * 10**9, tick[0] * 10**9))


def _setup(tmp_path: Path):
    builtin, user, recipes = tmp_path / "scenes", tmp_path / "user", tmp_path / "recipes"
    for folder in (builtin, user, recipes):
        folder.mkdir()
    for name in ("rain-on-window", "whisper-texture", "page-turn"):
        shutil.copy(audio_dir() / "recipes" / f"{name}.toml", recipes)
    return builtin, user, recipes, SceneLibrary([builtin, user], [recipes])


def test_hot_reload_add_change_break_fix_remove(tmp_path):
    builtin, user, recipes, library = _setup(tmp_path)
    tick = [1000]
    path = builtin / "ear-to-ear.toml"
    text = SHIPPED.read_text()
    _touch(path, text, tick)
    assert [(e.kind, e.scene_id) for e in library.poll()] == [("added", "ear-to-ear")]
    assert library.poll() == []  # nothing changed: nothing reported

    _touch(path, text.replace("brightness = 0.25", "brightness = 0.4"), tick)
    assert [(e.kind, e.scene_id) for e in library.poll()] == [("changed", "ear-to-ear")]
    assert library.get("ear-to-ear").brightness == 0.4

    _touch(path, text.replace("brightness = 0.25", "brightness = 0.9"), tick)
    events = library.poll()
    assert [e.kind for e in events] == ["error"]
    assert events[0].error.field == "brightness" and events[0].error.line == 7
    assert library.get("ear-to-ear").brightness == 0.4  # last good version stays

    _touch(path, text, tick)
    assert [e.kind for e in library.poll()] == ["changed"]
    assert library.get("ear-to-ear").brightness == 0.25 and path not in library.errors

    path.unlink()
    assert [e.kind for e in library.poll()] == ["removed"]
    assert library.ids() == []


def test_user_scene_with_a_builtin_id_gets_a_clear_message(tmp_path):
    builtin, user, recipes, library = _setup(tmp_path)
    tick = [1000]
    _touch(builtin / "ear-to-ear.toml", SHIPPED.read_text(), tick)
    mine = SHIPPED.read_text().replace('title = "Ear to Ear"', 'title = "Mine"')
    _touch(user / "ear-to-ear.toml", mine, tick)
    events = library.poll()
    errors = [e for e in events if e.kind == "error"]
    assert len(errors) == 1 and errors[0].path == user / "ear-to-ear.toml"
    assert "ear-to-ear-mine" in errors[0].error.message
    assert library.get("ear-to-ear").title == "Ear to Ear"


def test_recipe_change_rechecks_scenes(tmp_path):
    builtin, user, recipes, library = _setup(tmp_path)
    tick = [1000]
    _touch(builtin / "ear-to-ear.toml", SHIPPED.read_text(), tick)
    library.poll()
    (recipes / "page-turn.toml").unlink()
    events = library.poll()
    assert [e.kind for e in events] == ["error"]
    assert events[0].error.field == "emitters[2].sound.recipe"
    assert "ear-to-ear" in library.scenes  # still playable with the last good version
