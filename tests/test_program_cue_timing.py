"""Cue timing on the loopback engine (a real OpenAL Soft render): each cue's gesture begins
in the mixed output within 100 ms of where its words are heard to begin (a cue written
before a clause) or to end (a cue written after a sentence)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.program_fixtures import install_scene
from tests.sound_fixtures import open_loopback
from vrasmr.program.assembly import CUE_EMITTER_PREFIX
from vrasmr.program.cues import TRIGGER_OF
from vrasmr.xmath import Pose

SR = 48000
LIMIT_S = 0.100
SEARCH_S = 0.3


def render(scene_id: str, seconds: float, *, words: bool, cues: bool):
    """The scene's program through the loopback engine, with only its words or only its
    cues; returns (stereo, the speech's timeline)."""
    from vrasmr.session.assets import load_scene
    from vrasmr.sound.engine.offline import render_offline

    loaded = load_scene(scene_id, seed=1)
    player = loaded.program
    loaded.plan_program(window=None, seed=3)
    if not words:
        player.gain = 0.0
    if not cues:
        player.switched_off = frozenset(TRIGGER_OF.values())
    runtime = loaded.runtime
    scene = loaded.scene
    ours = np.array(  # the program's voices only (the scene's beds would hide the onsets)
        [i == scene.program_emitter or (e.name or "").startswith(CUE_EMITTER_PREFIX)
         for i, e in enumerate(scene.emitters)],
        dtype=float,
    )  # fmt: skip
    engine = open_loopback()
    try:
        stereo = render_offline(
            loaded.voices,
            lambda t: runtime.emitters_at(t)[0],
            lambda t: Pose.make(),
            seconds,
            gains_fn=lambda t: runtime.emitters_at(t)[1] * ours,
            engine=engine,
        )
    finally:
        engine.close()
    return stereo, list(player._speech.timeline)


def heard_from(level: np.ndarray, around: int, *, last: bool = False) -> int:
    """The first (or last) sample near ``around`` louder than 50 dB under the local peak."""
    lo, hi = max(0, around - int(SEARCH_S * SR)), around + int(SEARCH_S * SR)
    part = level[lo:hi]
    loud = np.flatnonzero(part > part.max() * 10 ** (-50 / 20))
    return lo + int(loud[-1] if last else loud[0])


def cue_errors(scene_id: str, seconds: float) -> list[tuple[str, float]]:
    speech, timeline = render(scene_id, seconds, words=True, cues=False)
    gestures, again = render(scene_id, seconds, words=False, cues=True)
    assert [s.sample for s in timeline] == [s.sample for s in again]  # the same night
    speech, gestures = np.abs(speech).max(axis=1), np.abs(gestures).max(axis=1)
    errors = []
    for s in timeline:
        tag = s.item.tag
        for cue in tag.cues:  # with the clause: where its words are heard to begin
            words = heard_from(speech, s.sample)
            errors.append((cue.sound, (heard_from(gestures, s.sample) - words) / SR))
        for cue in tag.cues_after:  # after the sentence: where its words are heard to end
            end = s.sample + s.samples
            words = heard_from(speech, end, last=True)
            errors.append((cue.sound, (heard_from(gestures, end) - words) / SR))
    return errors


def test_cues_are_heard_within_100_ms_of_their_words():
    install_scene("cue-timing")
    errors = cue_errors("cue-timing", 45.0)
    assert [sound for sound, _ in errors] == ["brush", "tap"]
    print("cue timing errors (s):", [(sound, round(e, 4)) for sound, e in errors])
    for sound, error in errors:
        assert abs(error) <= LIMIT_S, (sound, error)


@pytest.mark.slow  # the neural voice and three minutes of a role play, twice
def test_a_shipped_role_play_cues_within_100_ms_on_the_loopback_engine():
    """evening-attention as shipped: the cues of its first minutes, real gestures."""
    from vrasmr.content import scenes_dir, user_scenes_dir
    from vrasmr.scene.loading import read_text

    text = read_text(scenes_dir() / "evening-attention.toml")
    user_scenes_dir().mkdir(parents=True, exist_ok=True)  # one role play, in the shipped voice
    text = text.replace('id = "evening-attention"', 'id = "attention-timing"').replace(
        'scripts = ["roleplay-*"]', 'scripts = ["roleplay-hair-brushing"]'
    )
    (user_scenes_dir() / "attention-timing.toml").write_text(text, encoding="utf-8")
    errors = cue_errors("attention-timing", 210.0)  # after its 40 s fade-in
    print("cue timing errors (s):", [(sound, round(e, 4)) for sound, e in errors])
    assert len(errors) >= 3
    assert max(abs(e) for _, e in errors) <= LIMIT_S
