"""The bedtime-story window: the rain pane shows between the sash bars, never through them.

Before the fix the pane lay exactly in the plane of the window frame's front faces, so in
one eye the transom and mullion showed a dashed seam of rain (depth fighting). The pane is
found by drawing the scene twice with two very different panes: where they differ, the pane
shows. A clean window shows it as exactly four whole panes of glass.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.render_fixtures import (
    drawn,
    gl_context,  # noqa: F401  (provides the `gl` fixture)
    read_rgb,
)

SIZE = (960, 540)


def _eye_view(gl, layers, eye):
    from vrasmr.render.contract import Look, Still

    state = Still(20.0, 0.5, Look(brightness=1.0))
    with drawn(gl, layers, state, SIZE, pose=eye, fov_deg=60.0) as (_, fbo):
        return read_rgb(fbo, SIZE)[::-1].astype(int)


@pytest.mark.parametrize("eye_index", [0, 1], ids=["left", "right"])
def test_the_rain_pane_never_shows_through_the_window_bars(gl, eye_index):
    import math

    from scipy.ndimage import label

    from vrasmr.content import scenes_dir
    from vrasmr.render.thumbnails import scene_layers
    from vrasmr.scene.loading import load_scene
    from vrasmr.xmath import Pose, eye_poses, quat_from_yaw_pitch_roll

    scene = load_scene(scenes_dir() / "bedtime-story.toml")
    layers = scene_layers(scene)
    pane = next(layer for layer in layers if layer.kind == "window_rain")
    cx, cy, cz = pane.position
    yaw = math.atan2(-cx, -cz)
    pitch = math.atan2(cy, math.hypot(cx, cz))
    head = Pose.make(orientation=quat_from_yaw_pitch_roll(yaw, pitch))
    eye = eye_poses(head)[eye_index]

    def with_pane(**fields):
        return [
            type(layer).model_validate({**layer.model_dump(), **fields}) if layer is pane else layer
            for layer in layers
        ]

    # (a pane below the glow threshold: the bloom must not spread it over the bars)
    dark = _eye_view(gl, with_pane(tint_colour="#000000", intensity=0.0), eye)
    bright = _eye_view(gl, with_pane(tint_colour="#a020a0", intensity=0.0), eye)
    shows = np.abs(bright - dark).max(axis=-1) > 24
    _, count = label(shows)
    sizes = np.bincount(label(shows)[0].ravel())[1:]
    assert shows.sum() > 0.02 * shows.size, "the pane is in view"
    assert count == 4, f"the pane shows as {count} pieces (sizes {sorted(sizes)[:12]}...)"
