"""A headless App on real parts (EGL + OpenAL loopback), with small scenes written for tests."""

from __future__ import annotations

import json
from pathlib import Path

from tests.real_parts import missing

SKY = '[[layers]]\nkind = "sky"\n'


def static_emitter(name: str, sound: str, position, gain_db: float | None = None) -> str:
    """One ``[[emitters]]`` table of a test scene: ``sound`` standing at ``position``."""
    gain = "" if gain_db is None else f"gain_db = {gain_db:g}\n"
    where = ", ".join(repr(float(c)) for c in position)
    return (
        f'\n[[emitters]]\nname = "{name}"\nsound = "{sound}"\n{gain}'
        f'motion = {{ type = "static", position = [{where}] }}\n'
    )


def scene_text(scene_id: str, title: str, *parts: str, techniques=("nature",), **fields) -> str:
    """A test scene: dim, no fade-in, no timer unless ``fields`` say otherwise (TOML values
    as Python ones), then ``parts`` (layers, emitters) in order."""
    header = {"brightness": 0.3, "fade_in_s": 0, "sleep_timer": "off"} | fields
    kinds = [techniques] if isinstance(techniques, str) else list(techniques)
    lines = [f'id = "{scene_id}"', f'title = "{title}"', f"techniques = {json.dumps(kinds)}"]
    lines += [f"{k} = {json.dumps(v)}" for k, v in header.items()]
    return "\n".join(lines) + "\n\n" + "\n".join(parts)


def write_scene_text(scene_id: str, text: str) -> Path:
    """``text`` as the scene ``scene_id`` in the user's folder (VRASMR_HOME is a temp dir)."""
    from vrasmr.content import user_scenes_dir

    folder = user_scenes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{scene_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def write_user_scene(scene_id: str, *, x: float = 1.0, front_db: float = -60.0) -> Path:
    """Two sources in the user's folder: light rain at ``x`` m to the right, pink noise
    ahead at ``front_db``."""
    text = scene_text(
        scene_id,
        "Test two sources",
        SKY + "star_density = 0.8\n",
        '[[layers]]\nkind = "orb"\n',
        static_emitter("right-rain", "rain-light", (x, 0.0, 0.0), -6),
        static_emitter("front-noise", "pink-noise", (0.0, 0.0, -1.5), front_db),
    )
    return write_scene_text(scene_id, text)


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


def sound_only_app(scene_id: str):
    """An App with no picture on the loopback engine and a journal; fails in CI when OpenAL
    Soft is missing."""
    from vrasmr.session.factory import build_app
    from vrasmr.sound.openal._raw import OpenALMissing
    from vrasmr.sound.openal.checked import ALError

    try:
        return build_app(scene_id, None, engine_kind="loopback", seed=1, journal=True)
    except (OpenALMissing, ALError) as exc:
        missing("OpenAL Soft (loopback)", "VRASMR_EXPECT_OPENAL", exc)


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
