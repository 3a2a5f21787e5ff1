"""A scene whose prepared sounds would not fit in memory is refused before anything is made,
naming its largest emitter (docs/scene-format.md, "Sound memory"). Real scene files."""

from __future__ import annotations

import time

import numpy as np
import pytest
import soundfile as sf

from tests.test_cli import vrasmr
from vrasmr.content import user_audio_dir, user_cache_dir, user_scenes_dir
from vrasmr.scene.errors import SceneError
from vrasmr.scene.sound_memory import MAX_SCENE_SOUND_MIB

HEAD = """
id = "{id}"
title = "Too much sound"
techniques = ["object_sounds"]
sleep_timer = "off"

[[layers]]
kind = "sky"
"""

EVENT = """
[[emitters]]
name = "tap-{k}"
sound = {{ generator = "tapping" }}
motion = {{ type = "static", position = [{x}, 0.0, -1.0] }}
schedule = {{ type = "events", min_gap_s = 600, max_gap_s = 900, event_duration_s = {seconds} }}
"""

RECORDING = """
[[emitters]]
name = "tape-{k}"
sound = {{ file = "{file}" }}
motion = {{ type = "static", position = [{x}, 0.0, -1.0] }}
"""


def write_scene(scene_id: str, emitters: str) -> None:
    user_scenes_dir().mkdir(parents=True, exist_ok=True)
    text = HEAD.format(id=scene_id) + emitters
    (user_scenes_dir() / f"{scene_id}.toml").write_text(text, encoding="utf-8")


def events(count: int, seconds: float, longest: float | None = None) -> str:
    lengths = [seconds] * count
    if longest is not None:
        lengths[2] = longest
    return "".join(EVENT.format(k=k, x=k * 0.2 - 0.7, seconds=s) for k, s in enumerate(lengths))


def test_the_issues_scene_is_refused_at_load_naming_the_largest_emitter():
    """8 emitters of 600 s events: 879 MiB of float32 at 48 kHz (it took 2.76 GB and wrote
    0.9 GB of cache). Refused in well under a second, before any sound is made."""
    from vrasmr.session.assets import load_scene

    write_scene("too-much", events(8, 590.0, longest=600.0))
    started = time.perf_counter()
    with pytest.raises(SceneError) as caught:
        load_scene("too-much")
    assert time.perf_counter() - started < 5.0
    message = str(caught.value)
    assert "too-much.toml" in message
    assert "emitters[2].schedule.event_duration_s" in message
    assert "emitter 'tap-2' (a 600 s event: 110 MiB)" in message
    assert f"over the {MAX_SCENE_SOUND_MIB} MiB a scene may use" in message
    assert not list((user_cache_dir() / "sounds").glob("*"))  # nothing was made


def test_a_scene_under_the_limit_loads():
    from vrasmr.session.assets import load_scene

    write_scene("just-fits", events(4, 4.0))
    loaded = load_scene("just-fits", bed_loop_s=4.0)
    assert all(np.isfinite(v.samples).all() for v in loaded.voices)


def test_long_recordings_count_their_whole_length(tmp_path):
    """Three 20-minute recordings are 659 MiB decoded: refused, naming the first of them."""
    user_audio_dir().mkdir(parents=True, exist_ok=True)
    for k in range(3):  # headers are all the estimate reads (silence packs small)
        sf.write(user_audio_dir() / f"long-{k}.flac", np.zeros(20 * 60 * 8000, np.int16), 8000)
    emitters = "".join(RECORDING.format(k=k, x=k * 0.5, file=f"long-{k}.flac") for k in range(3))
    write_scene("three-tapes", emitters)
    r = vrasmr("scenes", "validate", cwd=tmp_path)
    assert r.returncode != 0
    assert "emitters[0].sound.file" in r.stdout + r.stderr
    assert "would take 659 MiB of memory" in r.stdout + r.stderr


def test_export_of_a_too_large_scene_is_one_clear_line(tmp_path):
    write_scene("too-much", events(8, 600.0))
    r = vrasmr(
        "export", "too-much", "--minutes", "0.05", "--out", str(tmp_path / "a.wav"), cwd=tmp_path
    )
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert "emitter 'tap-0'" in r.stderr and "MiB a scene may use" in r.stderr, r.stderr
