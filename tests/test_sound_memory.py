"""A scene whose prepared sounds would not fit in memory is refused before anything is made,
naming its largest emitter (docs/scene-format.md, "Sound memory"); generators stream, so only
recordings can make a scene that large. Real scene files."""

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


def test_the_issues_scene_of_long_events_now_streams_in_a_few_blocks():
    """8 emitters of 600 s events took 2.76 GB (879 MiB of float32 at 48 kHz) and were then
    refused; their gestures now stream, each holding a few blocks."""
    from vrasmr.scene.loading import ContentIndex
    from vrasmr.scene.sound_memory import sound_costs
    from vrasmr.session.assets import load_scene

    write_scene("long-events", events(8, 590.0, longest=600.0))
    loaded = load_scene("long-events", seed=1)
    assert all(v.stream is not None for v in loaded.voices)
    content, _ = ContentIndex.load()
    costs = sound_costs(loaded.scene, content)
    assert sum(c.mib(48000) for c in costs) < 8 * 1.0  # under 1 MiB a stream
    cached = list((user_cache_dir() / "sounds").glob("*.npy"))  # at most tapping's level
    assert all(entry.stat().st_size < 1024 for entry in cached)  # no audio made ahead


def tapes(count: int, seconds: float = 20 * 60) -> str:
    """``count`` recordings of ``seconds`` (20 minutes: silence, whose header is all the
    estimate reads; shorter: soft noise, which loads)."""
    user_audio_dir().mkdir(parents=True, exist_ok=True)
    n = int(seconds * 8000)
    for k in range(count):
        audio = (
            np.zeros(n, np.int16) if seconds >= 60 else (np.random.randn(n) * 300).astype(np.int16)
        )
        sf.write(user_audio_dir() / f"long-{k}.flac", audio, 8000)
    return "".join(RECORDING.format(k=k, x=k * 0.5, file=f"long-{k}.flac") for k in range(count))


def test_too_many_long_recordings_are_refused_at_load_naming_the_largest():
    """Three 20-minute recordings are 659 MiB decoded: refused in well under a second,
    before anything is decoded."""
    from vrasmr.session.assets import load_scene

    write_scene("three-tapes", tapes(3) + events(1, 5.0))
    started = time.perf_counter()
    with pytest.raises(SceneError) as caught:
        load_scene("three-tapes")
    assert time.perf_counter() - started < 5.0
    message = str(caught.value)
    assert "three-tapes.toml" in message and "emitters[0].sound.file" in message
    assert "emitter 'tape-0' (the recording 'long-0.flac': 220 MiB)" in message
    assert f"over the {MAX_SCENE_SOUND_MIB} MiB a scene may use" in message


def test_a_scene_under_the_limit_loads():
    from vrasmr.session.assets import load_scene

    write_scene("just-fits", tapes(2, seconds=2.0) + events(4, 4.0))
    loaded = load_scene("just-fits", seed=1)
    assert all(np.isfinite(v.samples).all() for v in loaded.voices)


def test_long_recordings_count_their_whole_length(tmp_path):
    """`vrasmr scenes validate` says it too, naming the first of them."""
    write_scene("three-tapes", tapes(3))
    r = vrasmr("scenes", "validate", cwd=tmp_path)
    assert r.returncode != 0
    assert "emitters[0].sound.file" in r.stdout + r.stderr
    assert "would take 659 MiB of memory" in r.stdout + r.stderr


def test_export_of_a_too_large_scene_is_one_clear_line(tmp_path):
    write_scene("too-much", tapes(3))
    r = vrasmr(
        "export", "too-much", "--minutes", "0.05", "--out", str(tmp_path / "a.wav"), cwd=tmp_path
    )
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert "emitter 'tape-0'" in r.stderr and "MiB a scene may use" in r.stderr, r.stderr
