"""Voices (one-shots, streams, the voice limit), offline renders, export and alsoft.conf."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pytest

from tests.sound_fixtures import open_loopback as _open
from vrasmr.sound.engine import VoiceSpec
from vrasmr.xmath import Pose, quat_from_yaw_pitch_roll

SR = 48000
FRAME = 480


def sine(freq, seconds, amp=0.2) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def run(eng, positions, gains, seconds) -> np.ndarray:
    out = []
    for _ in range(int(seconds * SR / FRAME)):
        eng.set_listener(Pose())
        eng.update(np.asarray(positions, dtype=float), np.asarray(gains, dtype=float), 0.01)
        out.append(eng.render(FRAME))
    return np.concatenate(out)


def energy(x: np.ndarray) -> float:
    return float(np.mean(np.square(x, dtype=np.float64)))


def band_level(x: np.ndarray, freq: float) -> float:
    spec = np.abs(np.fft.rfft(x[:, 0] + x[:, 1]))
    f = np.fft.rfftfreq(len(x), 1 / SR)
    return float(spec[np.abs(f - freq) < 5].max())


# ---- one-shots ---------------------------------------------------------------------
def _retriggered(eng, allow_overlap: bool) -> tuple[float, float]:
    burst = sine(300.0, 0.5)
    eng.prepare([VoiceSpec("tap", burst, loop=False, allow_overlap=allow_overlap)])
    eng.set_master(1.0, immediate=True)
    p, g = [[0.0, 0.0, -1.0]], [1.0]
    run(eng, p, g, 0.3)
    eng.trigger(0)
    once = energy(run(eng, p, g, 0.2))
    eng.trigger(0)  # while the first is still sounding
    again = energy(run(eng, p, g, 0.2))
    return once, again


def test_a_one_shot_is_not_stacked_on_itself(engine):
    once, again = _retriggered(engine, allow_overlap=False)
    assert once > 0
    assert again == pytest.approx(once, rel=0.1)


def test_a_one_shot_may_overlap_when_asked(engine):
    once, again = _retriggered(engine, allow_overlap=True)
    assert again > 1.5 * once


# ---- streams -----------------------------------------------------------------------
def test_stream_voice_is_fed_beyond_its_queue_and_ends(engine):
    seconds, block = 2.5, 1000
    tone = sine(440.0, seconds)
    pulled = []

    def source(frames):
        start = len(pulled) * block
        if start >= len(tone):
            return None
        pulled.append(start)
        return tone[start : start + block]

    engine.prepare([VoiceSpec("story", np.zeros(0, np.float32), stream=source)])
    engine.set_master(1.0, immediate=True)
    out = run(engine, [[0.0, 0.0, -1.0]], [1.0], 3.2)
    assert len(pulled) * block >= len(tone)  # everything was pulled, bit by bit
    late = out[int(1.8 * SR) : int(2.3 * SR)]  # well past the first second of queue
    assert band_level(late, 440.0) > 100 * band_level(late, 1000.0) + 1e-3
    assert energy(out[int(2.8 * SR) :]) == 0.0  # ended


def test_stream_from_a_generator(engine):
    def blocks():
        for _ in range(20):
            yield sine(440.0, 0.05)

    engine.prepare([VoiceSpec("bed", np.zeros(0, np.float32), stream=blocks())])
    engine.set_master(1.0, immediate=True)
    out = run(engine, [[0.0, 0.0, -1.0]], [1.0], 0.8)
    assert energy(out[int(0.4 * SR) : int(0.8 * SR)]) > 1e-4


def test_a_switch_while_a_stream_fills_frees_it_without_an_error(engine):
    """The sound thread fills streams without the lock; a scene switch on the frame thread
    may free them meanwhile. The freed stream must not be pumped afterwards (its source is
    gone: AL_INVALID_NAME). Here the stream itself makes the switch, mid-fill."""
    pulls = []

    def source(frames):
        pulls.append(frames)
        if len(pulls) == 35:  # past the queued and the ready blocks (30): a later fill
            engine.prepare([])  # a scene with no voices: the stream's source is deleted
        return sine(440.0, 0.05)

    engine.prepare([VoiceSpec("story", np.zeros(0, np.float32), stream=source)])
    engine.set_master(1.0, immediate=True)
    out = run(engine, [[0.0, 0.0, -1.0]], [1.0], 1.0)  # raised ALError before the fix
    assert len(pulls) >= 35
    assert energy(out[: SR // 4]) > 1e-4 and energy(out[-SR // 4 :]) == 0.0


# ---- voice limit -------------------------------------------------------------------
def test_voice_limit_keeps_the_highest_priorities():
    eng = _open(max_voices=2)
    try:
        freqs = [300.0, 500.0, 700.0, 900.0]
        prio = [0, 5, 1, 9]
        eng.prepare(
            [VoiceSpec(f"v{f}", sine(f, 1.0), priority=p) for f, p in zip(freqs, prio, strict=True)]
        )
        eng.set_master(1.0, immediate=True)
        pos = [[0.0, 0.0, -1.0]] * 4
        run(eng, pos, [1.0] * 4, 0.5)
        out = run(eng, pos, [1.0] * 4, 0.5)
        levels = {f: band_level(out, f) for f in freqs}
        assert eng.status.active_voices == 2
        assert levels[500.0] > 100 * levels[300.0]
        assert levels[900.0] > 100 * levels[700.0]
    finally:
        eng.close()


# ---- offline render and export -------------------------------------------------------
def test_render_offline_follows_a_scripted_head_turn():
    from vrasmr.sound.engine.offline import render_offline

    _open().close()  # skip or fail early without OpenAL
    tone = (np.random.default_rng(3).standard_normal(SR) * 0.1).astype(np.float32)

    def head_fn(t):
        return Pose.make(orientation=quat_from_yaw_pitch_roll(math.pi if t >= 1.0 else 0.0))

    seen = []
    out = render_offline(
        [VoiceSpec("n", tone)],
        lambda t: np.array([[1.0, 0.0, 0.0]]),
        head_fn,
        2.0,
        reverb="bedroom",
        progress=seen.append,
    )
    assert out.shape == (2 * SR, 2) and out.dtype == np.float32
    first, second = out[int(0.5 * SR) : SR], out[int(1.5 * SR) :]
    assert energy(first[:, 1]) > 2 * energy(first[:, 0])
    assert energy(second[:, 0]) > 2 * energy(second[:, 1])
    assert seen[-1] == 1.0 and all(b >= a for a, b in zip(seen, seen[1:], strict=False))


@pytest.mark.parametrize("suffix", [".wav", ".flac"])
def test_write_binaural_round_trip(tmp_path: Path, suffix):
    import soundfile as sf

    from vrasmr.sound.export import write_binaural

    stereo = np.stack([sine(300.0, 1.5), sine(500.0, 1.5)], 1)
    seen = []
    path = write_binaural(tmp_path / f"out{suffix}", stereo, SR, progress=seen.append)
    back, sr = sf.read(path, dtype="float32")
    assert sr == SR and back.shape == stereo.shape
    np.testing.assert_allclose(back, stereo, atol=1e-4)
    assert seen[-1] == 1.0 and len(seen) >= 2


def test_write_binaural_takes_blocks_and_refuses_unknown_formats(tmp_path: Path):
    import soundfile as sf

    from vrasmr.sound.export import write_binaural

    blocks = (np.full((480, 2), 0.1, np.float32) for _ in range(10))
    seen = []
    write_binaural(tmp_path / "b.wav", blocks, SR, seen.append, total_frames=4800)
    assert sf.info(str(tmp_path / "b.wav")).frames == 4800
    assert seen[0] == pytest.approx(0.1) and seen[-1] == 1.0
    with pytest.raises(ValueError, match="wav or .flac"):
        write_binaural(tmp_path / "x.mp3", np.zeros((10, 2), np.float32), SR)


# ---- alsoft.conf -------------------------------------------------------------------
def test_shipped_alsoft_conf_keeps_device_latency_within_25_ms():
    import configparser

    from vrasmr.sound.openal.config import shipped_config_path as shipped

    path = shipped()
    assert path is not None and path.name == "alsoft.conf"
    parser = configparser.ConfigParser(inline_comment_prefixes=("#",))
    parser.read_string("[top]\n" + path.read_text())
    section = parser["general"] if parser.has_section("general") else parser["top"]
    # OpenAL Soft 1.19's defaults where a key is absent
    general = {
        key: int(section.get(key, str(default)))
        for key, default in {"frequency": 44100, "period_size": 1024, "periods": 3}.items()
    }
    latency = general["period_size"] * general["periods"] / general["frequency"]
    assert latency <= 0.025


def test_shipped_config_is_used_only_without_a_user_config(tmp_path, monkeypatch):
    from vrasmr.sound.openal import config

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("ALSOFT_CONF", raising=False)
    assert config.apply_shipped_config().startswith("using")
    assert os.environ["ALSOFT_CONF"] == str(config.shipped_config_path())
    monkeypatch.setenv("ALSOFT_CONF", "/somewhere/mine.conf")
    assert config.apply_shipped_config() == "user configuration kept"
    assert os.environ["ALSOFT_CONF"] == "/somewhere/mine.conf"
    monkeypatch.delenv("ALSOFT_CONF")
    (tmp_path / "xdg").mkdir()
    (tmp_path / "xdg" / "alsoft.conf").write_text("[general]\nperiods = 4\n")
    assert config.apply_shipped_config() == "user configuration kept"
    assert "ALSOFT_CONF" not in os.environ


def test_required_reverb_presets_exist():
    from vrasmr.sound.spatial.presets import reverb_preset

    names = [
        "generic",
        "room",
        "bedroom",
        "livingroom",
        "wooden_small_room",
        "wooden_medium_room",
        "stone_room",
        "cave",
        "forest",
        "mountains",
        "plain",
        "outdoors_creek",
        "outdoors_valley",
        "outdoors_backyard",
        "padded_cell",
        "carpeted_hallway",
        "concert_hall",
        "underwater",
    ]
    for name in names:
        assert reverb_preset(name).decay_time > 0
    assert reverb_preset("none") is None
    assert reverb_preset("Stone Room") == reverb_preset("stone_room")


# ---- voices driven by the scene's sound source (App.step posts spans) --------------
class _Source:
    """A scene source: one tap on the right, a trigger at scene time 0.5 s; calls noted."""

    def __init__(self):
        self.calls: list[tuple[float, float, object]] = []

    def __call__(self, t0, t1, arg):
        self.calls.append((t0, t1, arg))
        triggers = [0] if t0 <= 0.5 < t1 else []
        return np.array([[1.0, 0.0, 0.0]]), np.array([arg]), triggers


def test_spans_are_evaluated_at_mix_time_and_merged_so_no_trigger_is_lost(engine):
    source = _Source()
    engine.prepare([VoiceSpec("tap", sine(300.0, 0.3), loop=False)], source=source)
    engine.set_master(1.0, immediate=True)
    engine.set_listener(Pose())
    engine.advance(0.0, 0.49, 1.0, 0.49)
    assert source.calls == []  # posting does not evaluate: the mix does
    engine.advance(0.49, 0.51, 1.0, 0.02)  # overtakes the first before any mix
    engine.advance(0.51, 0.52, 1.0, 0.01)
    out = engine.render(FRAME * 10)
    assert source.calls == [(0.0, 0.52, 1.0)]  # one span from the first post's start
    left, right = (energy(out[:, k : k + 1]) for k in (0, 1))
    assert right > 2.0 * left > 0.0  # the trigger in the overtaken post played, on the right


def test_a_span_posted_for_voices_since_replaced_is_dropped(engine):
    old, new = _Source(), _Source()
    engine.prepare([VoiceSpec("a", sine(300.0, 1.0))], source=old)
    engine.advance(0.0, 0.1, 1.0)
    engine.prepare([VoiceSpec("b", sine(500.0, 1.0)), VoiceSpec("c", sine(700.0, 1.0))], source=new)
    engine.render(FRAME)
    assert old.calls == [] and new.calls == []
    engine.advance(0.1, 0.2, 0.5)
    engine.render(FRAME)
    assert old.calls == [] and new.calls == [(0.1, 0.2, 0.5)]


def test_a_failing_source_is_reported_and_the_mix_goes_on(engine):
    def broken(t0, t1, arg):
        raise RuntimeError("scene runtime exploded")

    engine.prepare([VoiceSpec("bed", sine(300.0, 1.0))], source=broken)
    engine.set_master(1.0, immediate=True)
    for k in range(5):
        engine.advance(k * 0.01, (k + 1) * 0.01, None, 0.01)
        out = engine.render(FRAME)
    assert np.all(np.isfinite(out))
    assert any("scene runtime exploded" in p for p in engine.status.problems)
