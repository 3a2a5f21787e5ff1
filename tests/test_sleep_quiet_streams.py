"""When sleep is likely the night goes quiet: triggers end, beds play on. Beds and triggers
are streams now (a bed endless, a trigger a gesture stream told of its events ahead), so the
mix must tell them apart by what they are, not by whether they stream."""

from __future__ import annotations

import numpy as np

from tests.app_fixtures import SKY, scene_text, static_emitter, write_scene_text
from tests.sound_fixtures import open_loopback
from vrasmr.sleep.quiet import BED, QUIET_RAMP_S, TRIGGER, MixState, NightMix, voice_kind
from vrasmr.sound.engine.streams import TRIGGER_LEAD_S
from vrasmr.xmath import Pose

TAPS = """schedule = { type = "events", min_gap_s = 1, max_gap_s = 2, event_duration_s = 1.0 }
"""
SCENE = scene_text(
    "bed-and-taps",
    "A bed and taps",
    SKY,
    static_emitter("rain", "rain-light", (0.0, 0.0, -1.0)),
    static_emitter("taps", "tapping-wood", (0.0, 0.0, -1.0)) + TAPS,
    techniques="object_sounds",
)


def loaded_scene(fade_in_s: float = 0.0):
    from vrasmr.session.assets import load_scene

    write_scene_text("bed-and-taps", SCENE.replace("fade_in_s = 0", f"fade_in_s = {fade_in_s:g}"))
    return load_scene("bed-and-taps", seed=3)


def test_a_streaming_bed_plays_on_and_a_gesture_stream_goes_quiet():
    scene = loaded_scene()
    bed, taps = scene.voices
    assert bed.stream is not None and taps.stream is not None  # both stream
    assert [voice_kind(v, k) for v, k in zip(scene.voices, scene.triggers, strict=True)] == [
        BED,
        TRIGGER,
    ]
    mix = NightMix(scene)
    quiet = MixState(quiet_since=10.0)
    told_before, told_after = [], []
    t, dt = 0.0, 0.05
    while t < 30.0:
        state = quiet if t >= 10.0 else None
        _, gains, events = mix.sound_at(t, t + dt, ((), 1.0, state))
        (told_after if state else told_before).extend(events)
        if t < 10.0:
            awake = gains
        t += dt
    assert gains[0] == awake[0] > 0.0  # the bed plays on
    assert awake[1] > 0.0 and gains[1] == 0.0  # the taps went quiet ...
    assert {i for i, _ in told_before} == {1}  # (gestures are told ahead: (index, delay))
    assert told_after == []  # ... and no gesture was told ahead after the quiet began
    # the taps' own hold covers a gesture told ahead before the quiet: it may still sound
    assert mix.hold[1] >= 1.0 + TRIGGER_LEAD_S


def mixed(off: tuple[str, ...], quiet: MixState | None, seconds: float = 30.0) -> np.ndarray:
    """The scene (seed 3) through the loopback engine, left channel; ``quiet`` from its
    ``quiet_since`` on."""
    mix = NightMix(loaded_scene())
    engine = open_loopback()
    sr, fps = engine.sample_rate, 20
    try:
        engine.prepare(mix.voices, source=mix.sound_at)
        engine.set_master(1.0, immediate=True)
        out = []
        for k in range(int(seconds * fps)):
            engine.set_listener(Pose.make())
            state = quiet if quiet and k / fps >= quiet.quiet_since else None
            engine.advance(k / fps, (k + 1) / fps, (off, 1.0, state), 1 / fps)
            out.append(engine.render(sr // fps))
    finally:
        engine.close()
    return np.concatenate(out)[:, 0]


def test_through_the_engine_after_the_quiet_only_the_bed_is_heard():
    sr = 48000
    quiet_at = 5.0
    end = quiet_at + 1.0 + TRIGGER_LEAD_S + QUIET_RAMP_S  # the taps' hold and ramp
    with_quiet = mixed((), MixState(quiet_since=quiet_at))
    bed_alone = mixed(("tapping",), None)

    def db(audio: np.ndarray, a: float, b: float) -> float:
        return 10.0 * np.log10(np.mean(audio[int(a * sr) : int(b * sr)] ** 2))

    assert db(with_quiet, 0.5, quiet_at) > db(bed_alone, 0.5, quiet_at) + 1.0  # taps heard
    assert db(bed_alone, end, 30.0) > -80.0  # the bed is there ...
    assert abs(db(with_quiet, end, 30.0) - db(bed_alone, end, 30.0)) < 0.5  # ... and alone


def test_no_gesture_is_told_ahead_while_the_beds_fade_in_and_then_they_come():
    """While the beds rise, what stands out of them is held back: a gesture told ahead is an
    ``(index, delay)`` event, which the entry must hold back like any other (it once indexed
    the mask with the pair: a sound error every block of the fade-in)."""
    mix = NightMix(loaded_scene(fade_in_s=10.0))
    during, after = [], []
    t, dt = 0.0, 0.05
    while t < 60.0:
        _, _, events = mix.sound_at(t, t + dt, ((), 1.0, None))
        (during if t + dt <= 10.0 else after).extend(events)
        t += dt
    assert during == []
    assert {i for i, _ in after} == {1}
