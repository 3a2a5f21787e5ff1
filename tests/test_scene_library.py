"""Hot reload: edits are picked up by poll(); a broken edit keeps the last good scene."""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

from vrasmr.content import audio_dir, scenes_dir
from vrasmr.scene.library import SceneLibrary

SHIPPED = scenes_dir() / "ear-to-ear.toml"


def _touch(path: Path, text: str, tick: list[int]) -> None:
    """Write and give the file a new mtime (file systems may have coarse clocks)."""
    path.write_text(text)
    tick[0] += 1
    os.utime(path, ns=(tick[0] * 10**9, tick[0] * 10**9))


def _recipes_named_by(scene: Path) -> set[str]:
    """The recipes a scene's emitters name (``sound = "<recipe>"``)."""
    emitters = tomllib.loads(scene.read_text())["emitters"]
    return {e["sound"] for e in emitters if isinstance(e.get("sound"), str)}


def _setup(tmp_path: Path):
    builtin, user, recipes = tmp_path / "scenes", tmp_path / "user", tmp_path / "recipes"
    for folder in (builtin, user, recipes):
        folder.mkdir()
    for name in {"rain-on-roof", "whisper-texture", *_recipes_named_by(SHIPPED)}:
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
    emitters = tomllib.loads((builtin / "ear-to-ear.toml").read_text())["emitters"]
    page = [e.get("name") for e in emitters].index("page")
    assert events[0].error.field == f"emitters[{page}].sound.recipe"
    assert "ear-to-ear" in library.scenes  # still playable with the last good version


# ---- the shipped scene library (issue 6) ------------------------------------------------

import math  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tests.golden_images import check_golden, differs_from_golden  # noqa: E402
from tests.render_fixtures import gl_context, luminance, render_linear  # noqa: E402, F401

SHIPPED_IDS = sorted(p.stem for p in scenes_dir().glob("*.toml"))
GOLDEN_SIZE = (64, 40)
GOLDEN_TIME_S = 20.0


def test_the_library_has_the_fourteen_scenes():
    assert SHIPPED_IDS == [
        "affirmations",
        "bedtime-story",
        "breathe",
        "campfire",
        "ear-to-ear",
        "evening-attention",
        "guided-breathing",
        "guided-visualization",
        "nature-whispers",
        "night-train",
        "object-sounds",
        "personal-attention",
        "rain-tent",
        "snowfall-cabin",
    ]


def _model(scene_id: str):
    from vrasmr.scene.loading import load_scene

    return load_scene(scenes_dir() / f"{scene_id}.toml")


def test_every_shipped_scene_validates_with_a_unique_id_matching_its_file():
    ids = []
    for scene_id in SHIPPED_IDS:
        scene = _model(scene_id)
        assert scene.id == scene_id
        assert scene.brightness <= 0.35, f"{scene_id}: keep the default dim"
        ids.append(scene.id)
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("scene_id", SHIPPED_IDS)
def test_every_shipped_scene_loads(scene_id):
    from vrasmr.session.assets import load_scene

    loaded = load_scene(scene_id, seed=1)
    assert len(loaded.voices) == len(loaded.scene.emitters) > 0
    for voice in loaded.voices:
        assert voice.stream is not None or np.all(np.isfinite(voice.samples))


def _thumbnail_head(shot):
    from vrasmr.xmath import Pose, quat_from_yaw_pitch_roll

    yaw, pitch = math.radians(shot.yaw_deg), math.radians(shot.pitch_deg)
    return Pose.make(orientation=quat_from_yaw_pitch_roll(yaw, pitch))


def _still(scene_id: str, size, time_s: float, brightness: float | None = None):
    """The scene's thumbnail view (its yaw, pitch and fov) at ``brightness`` (default: its own)."""
    from vrasmr.render.contract import Look
    from vrasmr.render.thumbnails import render_still, scene_layers

    scene = _model(scene_id)
    shot = scene.thumbnail
    head = _thumbnail_head(shot)
    look = Look(brightness=scene.brightness if brightness is None else brightness)
    img = render_still(
        scene_layers(scene), size, time_s=time_s, head=head, look=look, fov_deg=shot.fov_deg
    )
    return np.asarray(img.convert("RGB"))


@pytest.mark.parametrize("scene_id", SHIPPED_IDS)
def test_thumbnail_view_is_dim_at_default_brightness(gl, scene_id):
    scene = _model(scene_id)
    img = _still(scene_id, (96, 60), scene.thumbnail.time_s)
    assert img.max() > 0, f"{scene_id}: nothing visible"
    assert luminance(img).mean() <= 0.10


def _linear_still(gl, scene_id: str, change=None):
    """The scene's thumbnail view at ``GOLDEN_TIME_S`` in linear light (tests/golden_images.py);
    ``change(layers)`` may alter its ``(kind, params)`` pairs first."""
    from vrasmr.render.thumbnails import scene_layers

    scene = _model(scene_id)
    shot = scene.thumbnail
    layers = scene_layers(scene)
    if change is not None:
        layers = change(layers)
    return render_linear(
        gl,
        layers,
        GOLDEN_SIZE,
        t=GOLDEN_TIME_S,
        pose=_thumbnail_head(shot),
        fov_deg=shot.fov_deg,
        breath=0.5,
    )


@pytest.mark.parametrize("scene_id", SHIPPED_IDS)
def test_golden_scene_still(gl, scene_id):
    """A small still per scene at a fixed time; VRASMR_REGEN_GOLDEN=1 rewrites them."""
    check_golden(f"scenes/{scene_id}", _linear_still(gl, scene_id))


def _layers_five_percent_fainter(layers):
    return [
        type(layer).model_validate({**layer.model_dump(), "opacity": 0.95 * layer.opacity})
        for layer in layers
    ]


@pytest.mark.parametrize("scene_id", SHIPPED_IDS)
def test_a_small_change_to_a_scene_fails_its_golden(gl, scene_id):
    linear = _linear_still(gl, scene_id, _layers_five_percent_fainter)
    assert differs_from_golden(f"scenes/{scene_id}", linear), f"{scene_id}: 5 % fainter layers"
