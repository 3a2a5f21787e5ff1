"""Scenes that speak: a whispered word list on a head-anchored emitter beside its breath
texture, the scene's voice choice, and the sleep-safety check with the espeak voice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.app_fixtures import static_emitter
from vrasmr.scene.errors import SceneError
from vrasmr.scene.loading import parse_scene_text

FIXTURES = Path(__file__).parent / "speech_scripts"

WORDS_SCENE = """
id = "{id}"
title = "Whispered words"
techniques = ["whispers"]
sleep_timer = 15
fade_in_s = {fade_in_s}

# the breath and mouth-noise texture, its own layer: a floor under the words (at -9 dB the
# check's 30 s measured -31.8 to -32.8 LUFS from one night to another, at the edge of its
# -32..-24 band; at -4 dB about -30, and the words rise less above it: startle 8.7 of 10 LU)
[[emitters]]
name = "breath"
sound = "whisper-texture"
gain_db = -4
anchor = "head"
motion = {{ type = "ear_to_ear", radius_m = 0.3, period_s = 40, start = "left" }}

# the words, moving around the head the other way
[[emitters]]
name = "words"
sound = {{ script = "test-whispers", voice = "{voice}" }}
gain_db = -3
anchor = "head"
motion = {{ type = "ear_to_ear", radius_m = 0.25, period_s = 50, start = "right" }}
"""


# rain on a window ahead and on the roof: the beds the words are heard over
RAIN_BED = static_emitter("rain", "rain-on-window", (0.0, 0.3, -2.0), 0) + static_emitter(
    "roof", "rain-on-roof", (0.0, 1.4, 0.0), 0
)


def install(scene_id: str, voice: str = "espeak", fade_in_s: float = 40.0, bed: str = "") -> None:
    from vrasmr.content import user_audio_dir, user_scenes_dir

    scripts = user_audio_dir() / "scripts"
    scripts.mkdir(parents=True, exist_ok=True)
    text = (FIXTURES / "whispers-test.txt").read_text(encoding="utf-8")
    (scripts / "test-whispers.txt").write_text(text, encoding="utf-8")
    user_scenes_dir().mkdir(parents=True, exist_ok=True)
    scene = WORDS_SCENE.format(id=scene_id, voice=voice, fade_in_s=fade_in_s) + bed
    (user_scenes_dir() / f"{scene_id}.toml").write_text(scene, encoding="utf-8")


def test_a_scene_chooses_the_voice_of_a_script_sound():
    install("words")
    with pytest.raises(SceneError, match="voice") as caught:
        parse_scene_text(WORDS_SCENE.format(id="x", voice="robot", fade_in_s=40), "x.toml")
    assert "'whisper', 'soft' or 'espeak'" in str(caught.value)
    bad = WORDS_SCENE.format(id="x", voice="soft", fade_in_s=40).replace(
        'sound = "whisper-texture"', 'sound = { generator = "pink_noise", voice = "soft" }'
    )
    with pytest.raises(SceneError, match="voice only applies to a script sound"):
        parse_scene_text(bad, "x.toml")


def test_the_words_stream_phrase_by_phrase_on_the_loopback_device():
    from vrasmr.session.assets import load_scene
    from vrasmr.sound.engine.offline import render_offline
    from vrasmr.xmath import Pose

    install("words", fade_in_s=2.0)  # words wait for the sounds' fade-in
    loaded = load_scene("words", seed=1)
    breath, words = loaded.voices
    assert breath.stream is not None and words.stream is not None  # both stream
    assert loaded.triggers[1] == ("whispers", "voice")
    stream = words.stream
    assert stream.worker_starts == 0  # loading a scene makes no speech yet
    seconds = 30.0
    stereo = render_offline(
        [words], lambda t: np.array([[0.25, 0.0, 0.0]]), lambda t: Pose.make(), seconds
    )
    assert stream.wait  # offline (loopback): it waited for each phrase
    starts = [s.seconds for s in stream.timeline]
    assert len(starts) >= 3 and starts[0] == 2.0  # the first words as the fade-in ends
    gaps = np.diff(starts)
    assert np.all(gaps > 3.0)  # each phrase, then a seeded 3-9 s silence
    texts = [s.item.text for s in stream.timeline]
    assert len(set(texts[:4])) == len(texts[:4])  # no phrase twice in a pass
    loud = np.abs(stereo).max(axis=1)
    first, sr = stream.timeline[0], 48000
    inside = loud[int((starts[0] + 0.1) * sr) : int((starts[0] + first.duration_s) * sr)]
    after = loud[int((starts[0] + first.duration_s + 0.6) * sr) : int((starts[1] - 0.3) * sr)]
    assert inside.max() > 1e-3 and after.max() < inside.max() / 100


@pytest.mark.slow
def test_a_speaking_scene_passes_the_sleep_safety_check_with_the_espeak_voice():
    from vrasmr.safety.check import check_scenes
    from vrasmr.safety.record import record_scene

    install("words-check", voice="espeak", bed=RAIN_BED)  # words over a bed, as shipped
    (report,) = check_scenes(["words-check"], record_scene, minutes=2.0, size=16)
    assert report.passed, [f"{f.metric} {f.value}" for f in report.failures]
