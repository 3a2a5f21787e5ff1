"""The OpenAL engine through the loopback device: placement, reverb, gain safety, faults."""

from __future__ import annotations

import math

import numpy as np
import pytest

from vrasmr.sound.engine import MASTER_CEILING, VoiceSpec
from vrasmr.xmath import Pose, quat_from_yaw_pitch_roll

SR = 48000
FRAME = 480  # 100 control frames per second


def noise(seconds=1.0, amp=0.1, seed=7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(int(seconds * SR)) * amp).astype(np.float32)


def sine(freq=200.0, seconds=1.0, amp=0.3) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def head(yaw_deg=0.0) -> Pose:
    return Pose.make(orientation=quat_from_yaw_pitch_roll(math.radians(yaw_deg)))


def run(eng, positions, gains, seconds, pose=None) -> np.ndarray:
    """Drive the engine like the App: listener + update per frame, then mix that frame."""
    pos = np.atleast_2d(np.asarray(positions, dtype=float))
    g = np.asarray(gains, dtype=float)
    out = []
    for _ in range(int(seconds * SR / FRAME)):
        eng.set_listener(pose or Pose())
        eng.update(pos, g, FRAME / SR)
        out.append(eng.render(FRAME))
    return np.concatenate(out)


def rms_db(x: np.ndarray) -> np.ndarray:
    return 10 * np.log10(np.mean(np.square(x, dtype=np.float64), axis=0) + 1e-20)


def ild(x: np.ndarray) -> float:
    """Right minus left level in dB."""
    left, right = rms_db(x)
    return float(right - left)


def start(eng, voices, master=1.0):
    eng.prepare(voices)
    eng.set_master(master, immediate=True)


# ---- placement ---------------------------------------------------------------------
def test_hrtf_is_enabled_on_loopback(engine):
    assert engine.status.hrtf == "enabled"
    assert engine.status.problems == []


def test_source_on_the_right_is_louder_in_the_right_ear(engine):
    start(engine, [VoiceSpec("n", noise())])
    run(engine, [1.0, 0.0, 0.0], [1.0], 0.4)  # gains rise from silence first
    assert ild(run(engine, [1.0, 0.0, 0.0], [1.0], 0.5)) > 6.0


def test_ild_flips_when_the_head_turns_round(engine):
    start(engine, [VoiceSpec("n", noise())])
    run(engine, [1.0, 0.0, 0.0], [1.0], 0.4)
    facing = ild(run(engine, [1.0, 0.0, 0.0], [1.0], 0.5))
    turned = ild(run(engine, [1.0, 0.0, 0.0], [1.0], 0.5, pose=head(180)))
    assert facing > 6.0
    assert turned < -6.0


def test_ild_follows_azimuth_over_a_sweep(engine):
    start(engine, [VoiceSpec("n", noise())])
    azimuths = np.arange(-90, 91, 30)  # negative: left, positive: right
    levels = []
    for az in azimuths:
        a = math.radians(az)
        p = [math.sin(a), 0.0, -math.cos(a)]  # 1 m away, 0 = straight ahead
        run(engine, p, [1.0], 0.3)
        levels.append(ild(run(engine, p, [1.0], 0.3)))
    levels = np.array(levels)
    assert levels[0] < -6 and levels[-1] > 6
    assert abs(levels[3]) < 2.0  # straight ahead: balanced
    assert np.all(np.diff(levels) > -1.0)  # rises across the sweep (1 dB slack)


def test_head_anchored_voice_ignores_head_rotation(engine):
    start(engine, [VoiceSpec("n", noise(), head_anchored=True)])
    run(engine, [0.6, 0.0, -0.3], [1.0], 0.4)
    still = run(engine, [0.6, 0.0, -0.3], [1.0], 0.5)
    run(engine, [0.6, 0.0, -0.3], [1.0], 0.2, pose=head(120))
    turned = run(engine, [0.6, 0.0, -0.3], [1.0], 0.5, pose=head(120))
    assert ild(still) > 3.0
    np.testing.assert_allclose(rms_db(still), rms_db(turned), atol=0.5)


def test_world_anchored_voice_stays_put_when_the_head_turns(engine):
    start(engine, [VoiceSpec("n", noise())])
    run(engine, [0.0, 0.0, -1.0], [1.0], 0.4)  # straight ahead
    assert abs(ild(run(engine, [0.0, 0.0, -1.0], [1.0], 0.4))) < 2.0
    # turning the head 90 degrees left puts the source on the right
    run(engine, [0.0, 0.0, -1.0], [1.0], 0.2, pose=head(90))
    assert ild(run(engine, [0.0, 0.0, -1.0], [1.0], 0.4, pose=head(90))) > 6.0


def test_close_source_is_louder_and_warmer_and_never_inside_the_head(engine):
    engine.guard.enabled = False  # the boost itself: loud noise by the ear is the guard's
    start(engine, [VoiceSpec("n", noise())])

    def bands(p):
        run(engine, p, [1.0], 0.5)
        x = run(engine, p, [1.0], 0.4)[:, 1]
        spec = np.abs(np.fft.rfft(x)) ** 2
        f = np.fft.rfftfreq(len(x), 1 / SR)
        low = 10 * np.log10(spec[(f > 100) & (f < 1000)].sum())
        high = 10 * np.log10(spec[f > 6000].sum())
        return rms_db(x[:, None])[0], low, high

    far = bands([0.45, 0.0, 0.0])  # inside the reference distance: no distance gain change
    near = bands([0.14, 0.0, 0.0])
    assert near[0] > far[0] + 1.0  # louder overall (white noise)
    assert near[1] > far[1] + 4.0  # lows most of all
    assert near[2] - near[1] < far[2] - far[1] - 3.0  # a warmer balance
    centre = run(engine, [0.0, 0.0, 0.0], [1.0], 0.3)  # pushed out, not a singularity
    assert np.all(np.isfinite(centre)) and rms_db(centre).max() > -60


# ---- reverb ------------------------------------------------------------------------
def _tail_energy(eng, reverb: str) -> tuple[float, float]:
    burst = noise(0.1, amp=0.3)
    eng.set_reverb(reverb)
    start(eng, [VoiceSpec("burst", burst, loop=False, reverb_send=1.0)])
    run(eng, [1.0, 0.0, -1.0], [1.0], 0.3)  # gain fully up before the burst
    eng.trigger(0)
    out = run(eng, [1.0, 0.0, -1.0], [1.0], 1.0)
    dry = out[: int(0.1 * SR)]
    tail = out[int(0.25 * SR) : int(0.6 * SR)]
    return float(np.mean(dry**2)), float(np.mean(tail**2))


def test_reverb_send_leaves_a_tail_after_the_dry_sound_stops(engine):
    dry_energy, dry_tail = _tail_energy(engine, "none")
    wet_energy, wet_tail = _tail_energy(engine, "stone_room")
    assert dry_energy > 0 and wet_energy > 0
    assert dry_tail < 1e-9
    assert wet_tail > 1e-3 * wet_energy


def test_every_reverb_preset_loads(engine):
    from vrasmr.sound.spatial.presets import REVERB_PRESETS

    for name in [*REVERB_PRESETS, "none"]:
        engine.set_reverb(name)
        assert engine.status.reverb == name
    with pytest.raises(ValueError, match="unknown reverb preset"):
        engine.set_reverb("ballroom-on-mars")


# ---- gain safety -------------------------------------------------------------------
def test_fade_reaches_silence_and_stays_there(engine):
    start(engine, [VoiceSpec("n", noise())])
    run(engine, [1.0, 0.0, 0.0], [1.0], 0.4)
    engine.set_master(0.0)
    out = run(engine, [1.0, 0.0, 0.0], [1.0], 2.0)
    assert rms_db(out[:FRAME]).max() > -40  # still sounding as the fade starts
    assert np.all(out[int(1.2 * SR) :] == 0.0)
    assert engine.master == 0.0


def test_master_schedule_fades_on_the_render_clock(engine):
    start(engine, [VoiceSpec("n", noise())])
    engine.set_master_schedule(lambda t: max(0.0, 1.0 - t / 1.0))
    out = run(engine, [1.0, 0.0, 0.0], [1.0], 2.0)
    assert rms_db(out[int(0.3 * SR) : int(0.5 * SR)]).max() > -40
    assert np.all(out[int(1.1 * SR) :] == 0.0)


def test_no_sample_is_nan_or_above_the_ceiling(engine):
    loud = [VoiceSpec(f"v{i}", noise(amp=1.0, seed=i)) for i in range(12)]
    start(engine, loud)
    engine.set_master(5.0)  # asks too much: clamped to the ceiling
    positions = np.array([[0.2 * math.cos(i), 0.0, 0.2 * math.sin(i)] for i in range(12)])
    out = run(engine, positions, np.ones(12), 1.0)
    bad = positions.copy()
    bad[0] = np.nan
    bad[1] = np.inf
    out2 = run(engine, bad, np.array([np.nan, np.inf, *[1.0] * 10]), 0.3)
    for x in (out, out2):
        assert np.all(np.isfinite(x))
        assert np.abs(x).max() <= MASTER_CEILING
    assert engine.master <= MASTER_CEILING


def _clicks(x: np.ndarray, freq: float) -> bool:
    """A step is a click if it is steeper than a sine of ``freq`` at the signal's peak."""
    bound = 1.5 * 2 * np.pi * freq / SR * np.abs(x).max(axis=0)
    return bool(np.any(np.abs(np.diff(x, axis=0)).max(axis=0) > bound))


def test_gain_and_position_jumps_do_not_click(engine):
    tone = sine(220.0, seconds=1.0, amp=0.3)
    stepped = np.stack([tone, tone], 1)[:4800] * np.r_[np.zeros(2460), np.ones(2340)][:, None]
    assert _clicks(stepped, 220.0)  # the detector does see an unramped step
    start(engine, [VoiceSpec("tone", tone)])
    run(engine, [0.0, 0.0, -1.0], [1.0], 0.5)
    silenced = run(engine, [0.0, 0.0, -1.0], [0.0], 0.5)  # 1 -> 0 in one request
    jumped = run(engine, [0.0, 0.0, -1.0], [1.0], 0.5)  # 0 -> 1 in one request
    moved = run(engine, [3.0, 0.0, 2.0], [1.0], 0.8)  # a teleport behind and right
    for x in (silenced, jumped, moved):
        assert not _clicks(x, 220.0)


# ---- faults ------------------------------------------------------------------------
def test_device_loss_goes_silent_keeps_going_and_recovers(engine):
    voices = [VoiceSpec("n", noise())]
    start(engine, voices)
    assert rms_db(run(engine, [1.0, 0.0, 0.0], [1.0], 0.4)).max() > -40
    engine.device.connected = lambda: False  # the device vanishes under the engine
    engine.poll_device(now=100.0)
    assert engine.status.connected is False
    lost = [p for p in engine.status.problems if "disconnected" in p]
    assert len(lost) == 1
    # every call the App makes is still accepted, and the output is silence
    engine.set_listener(head(30))
    engine.update(np.array([[1.0, 0.0, 0.0]]), np.array([1.0]), 0.01)
    engine.trigger(0)
    engine.set_master(0.8)
    engine.prepare(voices)
    assert np.all(run(engine, [1.0, 0.0, 0.0], [1.0], 0.2) == 0.0)
    engine.poll_device(now=101.0)  # too soon to retry
    assert engine.status.connected is False
    engine.poll_device(now=104.0)  # retry: a fresh device opens
    assert engine.status.connected is True
    assert len([p for p in engine.status.problems if "disconnected" in p]) == 1
    assert rms_db(run(engine, [1.0, 0.0, 0.0], [1.0], 0.5)[-SR // 4 :]).max() > -40


def test_bad_frame_input_never_raises(engine):
    start(engine, [VoiceSpec("a", noise()), VoiceSpec("b", noise())])
    engine.update(np.zeros((2, 2)), np.ones(2), 0.01)  # 2-D positions
    engine.update(None, "loud", float("nan"))
    engine.trigger(99)
    engine.set_listener(Pose.make(orientation=(0.0, 0.0, 0.0, 0.0)))
    assert any("sound error" in p for p in engine.status.problems)
    out = run(engine, np.zeros((2, 3)) + [0, 0, -1], np.ones(2), 0.3)
    assert np.all(np.isfinite(out))


def test_master_keeps_fading_on_its_own_thread_when_frames_stop(engine):
    import time

    start(engine, [VoiceSpec("n", noise())])
    engine._start_service()  # what a playback engine runs; no frames are sent below
    engine.set_master_schedule(lambda t: 0.0)  # e.g. the sleep timer reached its end
    deadline = time.monotonic() + 10.0
    while engine.master > 0.0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert engine.master == 0.0
