"""Every shipped scene as the person sees it (1280x720, its own brightness, the resting gaze):
dim but never black, something bright to rest the eyes on, warm light at bedtime; and the
contact sheet that shows it."""

from __future__ import annotations

import numpy as np
import pytest

from tests.render_fixtures import gl_context  # noqa: F401  (provides the `gl` fixture)
from vrasmr.content import scenes_dir
from vrasmr.render.sheet import (
    FIGURE_SIZE,
    PictureFigures,
    contact_sheet,
    figure_problems,
    figures,
    light_class,
    scene_picture,
)

SHIPPED = sorted(p.stem for p in scenes_dir().glob("*.toml"))


def _model(scene_id: str):
    from vrasmr.scene.loading import load_scene

    return load_scene(scenes_dir() / f"{scene_id}.toml")


@pytest.mark.slow  # a 1280x720 render a scene
@pytest.mark.parametrize("scene_id", SHIPPED)
def test_every_scene_is_dim_warm_and_has_a_place_to_rest_the_eyes(gl, scene_id):
    scene = _model(scene_id)
    found = figures(np.asarray(scene_picture(scene, FIGURE_SIZE, gl=gl)))
    assert figure_problems(scene, found) == [], f"{scene_id}: {found}"


def test_indoor_and_fire_scenes_are_held_to_the_warm_limit():
    assert light_class(_model("bedtime-story")) == "warm"
    assert light_class(_model("campfire")) == "warm"
    assert light_class(_model("guided-visualization")) == "night"
    scene = _model("guided-visualization")
    cool_dim = PictureFigures(0.01, 0.2, 0.3)
    cool_bright = PictureFigures(0.04, 0.2, 0.3)
    assert figure_problems(scene, cool_dim) == []
    assert figure_problems(scene, cool_bright)  # cooler light must be dimmer
    assert figure_problems(_model("campfire"), cool_dim)  # a fire scene: 0.12 at most
    assert figure_problems(scene, PictureFigures(0.002, 0.2, 0.1))  # near black
    assert figure_problems(scene, PictureFigures(0.01, 0.05, 0.1))  # nothing to rest on


def test_figures_read_linear_light_from_srgb():
    grey = np.full((4, 4, 3), 188, np.uint8)  # sRGB 188 is linear 0.5
    found = figures(grey)
    assert found.mean_luminance == pytest.approx(0.5, abs=0.005)
    assert found.blue_share == pytest.approx(1 / 3)
    warm = np.zeros((4, 4, 3), np.uint8)
    warm[..., 0], warm[..., 1] = 255, 128
    assert figures(warm).blue_share == 0.0


def test_the_contact_sheet_shows_each_scene_with_its_figures(gl):
    from tests.app_fixtures import write_user_scene
    from vrasmr.scene.loading import load_scene

    scenes = [load_scene(write_user_scene(f"sheet-{k}")) for k in range(4)]
    sheet, found = contact_sheet(scenes, size=(160, 90), tile=(160, 90), columns=3, gl=gl)
    assert [sid for sid, _ in found] == [s.id for s in scenes]
    assert sheet.size == (3 * 168 + 8, 2 * (90 + 44 + 8) + 8)
    pixels = np.asarray(sheet)
    label_band = pixels[8 + 90 + 4 : 8 + 90 + 40, 8 : 8 + 160]
    assert label_band.max() > 100  # the labels are written under the first picture
    picture = np.asarray(scene_picture(scenes[0], (160, 90), gl=gl))
    assert found[0][1] == figures(picture)
