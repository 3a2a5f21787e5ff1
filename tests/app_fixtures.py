"""A headless App on real parts (EGL + OpenAL loopback), with small scenes written for tests."""

from __future__ import annotations

from pathlib import Path

from tests.real_parts import missing

TWO_SOURCES = """
id = "{id}"
title = "Test two sources"
techniques = ["nature"]
brightness = 0.3
fade_in_s = 0
sleep_timer = "off"

[[layers]]
kind = "sky"
star_density = 0.8

[[layers]]
kind = "orb"

[[emitters]]
name = "right-rain"
sound = "rain-light"
gain_db = -6
motion = {{ type = "static", position = [{x}, 0.0, 0.0] }}

[[emitters]]
name = "front-noise"
sound = "pink-noise"
gain_db = {front_db}
motion = {{ type = "static", position = [0.0, 0.0, -1.5] }}
"""


def write_user_scene(scene_id: str, *, x: float = 1.0, front_db: float = -60.0) -> Path:
    """A scene in the user's folder (VRASMR_HOME is a temp dir in tests)."""
    from vrasmr.content import user_scenes_dir

    folder = user_scenes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{scene_id}.toml"
    path.write_text(TWO_SOURCES.format(id=scene_id, x=x, front_db=front_db), encoding="utf-8")
    return path


def headless_app(scene_id: str, *, sleep_timer=None, seed: int | None = 1):
    """(app, ctx) on EGL and the loopback engine; fails in CI when a part is missing."""
    from vrasmr.render.context import GLUnavailable, create_headless_context
    from vrasmr.session.factory import build_app
    from vrasmr.sound.openal._raw import OpenALMissing
    from vrasmr.sound.openal.checked import ALError

    try:
        ctx = create_headless_context()
    except GLUnavailable as exc:
        missing("an EGL OpenGL context", "VRASMR_EXPECT_GL", exc)
    try:
        app = build_app(scene_id, ctx, engine_kind="loopback", seed=seed, sleep_timer=sleep_timer)
    except (OpenALMissing, ALError) as exc:
        ctx.release()
        missing("OpenAL Soft (loopback)", "VRASMR_EXPECT_OPENAL", exc)
    return app, ctx


def write_settings(text: str) -> Path:
    """``settings.toml`` in the user's config folder, as a person would write it."""
    from vrasmr.content import user_config_dir

    path = user_config_dir() / "settings.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def fixed_yaw(yaw_deg: float):
    """A head path that stays turned ``yaw_deg`` (left positive), at the origin."""
    import math

    from vrasmr.xmath import Pose, quat_from_yaw_pitch_roll

    q = quat_from_yaw_pitch_roll(math.radians(yaw_deg))
    return lambda t: Pose.make((0.0, 0.0, 0.0), q)
