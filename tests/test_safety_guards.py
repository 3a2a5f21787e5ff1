"""The runtime guards (issue 25) on the real parts: the loudness guard on OpenAL Soft's
loopback device, the light guard on the EGL renderer, and the menu's mark for user scenes
never checked."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from tests.render_fixtures import (
    gl_context,  # noqa: F401 (the gl fixture)
    luminance,
)
from tests.sound_fixtures import SR, open_loopback
from vrasmr.safety.picture_metrics import scan_frames
from vrasmr.sound.engine import VoiceSpec
from vrasmr.sound.engine.guard import ATTACK_DB_PER_S, LIMIT_LUFS, TRUE_PEAK_LIMIT_DBTP
from vrasmr.sound.engine.master import MASTER_SLEW_PER_S
from vrasmr.sound.loudness import power_to_lufs, true_peak_dbtp, windowed_powers
from vrasmr.sound.normalise import normalise
from vrasmr.xmath import Pose


def pink(seconds: float, seed: int, category: str = "trigger") -> np.ndarray:
    """Pink noise levelled to its category (as every shipped sound is)."""
    rng = np.random.default_rng(seed)
    spectrum = np.fft.rfft(rng.standard_normal(round(seconds * SR)))
    freqs = np.fft.rfftfreq(round(seconds * SR), 1 / SR)
    spectrum[1:] /= np.sqrt(freqs[1:])
    spectrum[0] = 0.0
    return normalise(np.fft.irfft(spectrum, round(seconds * SR)), SR, category)


def ring(n: int, radius: float) -> np.ndarray:
    angles = np.arange(n) * 2 * np.pi / n
    return np.stack([np.sin(angles) * radius, np.zeros(n), -np.cos(angles) * radius], axis=1)


def play(engine, voices, positions, seconds, gains=None, block=480):
    """Drive the loopback engine as the App does (a post per block), returning the mix
    and the master gain per block."""
    engine.prepare(voices)
    engine.set_master(1.0, immediate=True)
    engine.set_listener(Pose.make())
    chunks, master = [], []
    for k in range(round(seconds * SR / block)):
        g = np.ones(len(voices)) if gains is None else gains(k * block / SR)
        engine.update(positions, g, block / SR)
        chunks.append(engine.render(block, block=block))
        master.append(engine.master)
    return np.concatenate(chunks).astype(np.float64), np.array(master)


def short_term_max(stereo: np.ndarray) -> float:
    _, powers = windowed_powers(stereo, SR, 3.0, 0.25)
    return float(power_to_lufs(powers.sum(axis=1)).max())


@pytest.fixture(name="engine")
def loopback_engine():
    engine = open_loopback()
    yield engine
    engine.close()


@pytest.fixture(scope="module", name="loud_voices")
def sixteen_loud_voices():
    return [VoiceSpec(f"v{i}", pink(6.0, i).astype(np.float32)) for i in range(16)]


# ---- loudness guard ------------------------------------------------------------------
def test_a_loud_scene_is_held_under_the_limits_from_its_first_sample(engine, loud_voices):
    # 16 sounds at full gain within 0.6 m: about -14 LUFS unguarded.
    stereo, master = play(engine, loud_voices, ring(16, 0.6), 8.0)
    assert short_term_max(stereo) <= LIMIT_LUFS
    assert true_peak_dbtp(stereo, SR) <= TRUE_PEAK_LIMIT_DBTP
    assert engine.guard.engaged and master[0] == pytest.approx(engine.guard.cap)
    assert np.ptp(master) < 1e-6  # set before the first sample, then held: nothing moves


def test_without_the_guard_the_same_scene_is_too_loud(engine, loud_voices):
    engine.guard.enabled = False
    stereo, _ = play(engine, loud_voices, ring(16, 0.6), 8.0)
    assert short_term_max(stereo) > LIMIT_LUFS + 2.0
    assert engine.guard.estimate_lufs >= short_term_max(stereo)  # the estimate is an upper bound


def test_a_quiet_scene_is_left_alone(engine, loud_voices):
    stereo, master = play(engine, loud_voices[:2], ring(2, 2.0), 4.0, lambda t: np.full(2, 0.3))
    assert engine.guard.cap_db == 0.0 and np.all(master == 1.0)
    assert short_term_max(stereo) < LIMIT_LUFS - 6.0


def test_the_cap_ramps_over_seconds_when_a_scene_grows_loud(engine, loud_voices):
    # The voices rise from quiet to full over 1 s: the cap follows at 10 dB/s at most, the
    # master never jumps, and the cap then holds (no pumping as the sound fluctuates).
    rise = lambda t: np.full(16, min(1.0, 0.05 + t))  # noqa: E731
    _, master = play(engine, loud_voices, ring(16, 0.6), 12.0, rise)
    assert np.abs(np.diff(master)).max() <= MASTER_SLEW_PER_S * 480 / SR + 1e-9
    fall_db = -20 * np.log10(master[-1])
    moving = np.flatnonzero(np.abs(np.diff(master)) > 1e-9)
    assert fall_db > 5.0 and (moving[-1] - moving[0]) * 480 / SR >= fall_db / ATTACK_DB_PER_S
    settled = master[-400:]  # the last 4 s
    assert np.ptp(settled) < 1e-9


def test_a_breathing_voice_never_pumps_the_cap(engine, loud_voices):
    # One voice dips 12 dB with every breath (10 s): the cap comes down once and holds.
    breath = lambda t: np.where(np.arange(16) == 0, 0.25 + 0.75 * (0.5 + 0.5 * math.cos(t)), 1.0)  # noqa: E731
    _, master = play(engine, loud_voices, ring(16, 0.6), 20.0, breath)
    assert np.ptp(master[200:]) < 1e-9


def test_a_stream_is_metered_as_it_is_fed(engine):
    loud = (pink(8.0, 7) * 10 ** (12 / 20)).astype(np.float32)  # 12 dB over a trigger
    blocks = iter(np.array_split(loud, 32))
    voice = VoiceSpec("stream", np.zeros(1, np.float32), loop=False, stream=blocks)
    stereo, _ = play(engine, [voice], ring(1, 0.4), 6.0)
    meter = engine._voices.feeders[0].meter
    assert meter.level.lufs == pytest.approx(-18.0, abs=2.0)  # the block, not an assumption
    assert short_term_max(stereo) <= LIMIT_LUFS


# ---- light guard ---------------------------------------------------------------------
BRIGHT = [  # white all round (the unsafe scene tests/unsafe_scenes/bright.toml)
    ("sky", {"zenith_colour": "#ffffff", "horizon_colour": "#ffffff", "moon": False}),
    ("fog", {"colour": "#ffffff", "density": 1.0, "height_m": 50.0}),
]


def draw_frames(
    gl, layers, look, seconds, *, fps=10.0, live=True, yaw=None, enabled=True, mel_cap=1e9
):
    """Frames drawn by the real renderer (post pass included) as a session draws them,
    with the head turned by ``yaw(t)`` (radians); returns the mean relative luminance of
    each, the guard's exposure and the melanopic EDI the check estimates. ``mel_cap``: the guard's melanopic cap (lux; by default
    out of the way, to see the luminance cap alone)."""
    from vrasmr.frame import View
    from vrasmr.render.contract import Still
    from vrasmr.render.renderer import Renderer
    from vrasmr.scene.layers import make_layer
    from vrasmr.xmath import Fov, quat_from_yaw_pitch_roll

    ctx, programs = gl
    size = (48, 48)
    renderer = Renderer(ctx, programs)
    renderer.light_guard.live = live
    renderer.light_guard.enabled = enabled
    renderer.light_guard.melanopic_cap_lux = mel_cap
    tex = ctx.texture(size, 4)
    fbo = ctx.framebuffer([tex])
    means, exposures, mels = [], [], []
    try:
        renderer.set_layers([make_layer(kind, **fields) for kind, fields in layers])
        for k in range(round(seconds * fps)):
            t = k / fps
            pose = Pose.make((0, 0, 0), quat_from_yaw_pitch_roll(yaw(t) if yaw else 0.0))
            view = View(pose, Fov.symmetric(90.0, 1.0))
            renderer.draw(Still(t, 0.0, look(t)), view, fbo, size)
            pixels = np.frombuffer(fbo.read(components=3), np.uint8).reshape(48, 48, 3)
            means.append(float(luminance(pixels).mean()))
            exposures.append(renderer.light_guard.read_exposure())
            mels.append(float(scan_frames([pixels / 255.0]).melanopic_lux()[0]))
    finally:
        renderer.release()
        fbo.release()
        tex.release()
    return np.array(means), np.array(exposures), np.array(mels)


def look_of(brightness=0.6, person=1.0, fade=1.0):
    from vrasmr.render.contract import Look

    return lambda t: Look(brightness * person, 0.6, fade, person)


def test_a_white_scene_is_held_at_the_brightness_limit(gl):
    means, _, _ = draw_frames(gl, BRIGHT, look_of(), 4.0, live=False)
    unguarded, _, _ = draw_frames(gl, BRIGHT, look_of(), 1.0, live=False, enabled=False)
    assert unguarded.min() > 0.3
    assert means.max() == pytest.approx(0.10, abs=0.005)


def test_a_scene_that_starts_bright_rises_no_faster_than_the_flash_rule_allows(gl):
    means, _, _ = draw_frames(gl, BRIGHT, look_of(), 4.0)
    assert means[0] < 0.01  # from black
    assert np.diff(means).max() <= 0.05 / 10 + 0.002  # 0.05 a second, at 10 frames a second
    assert means[-1] == pytest.approx(0.10, abs=0.005)


def test_a_head_turn_is_not_a_flash(gl):
    # A bright wall on one side: turning towards it changes the view, not the exposure.
    # A bright white orb on the right: turning to it in half a second changes the view from
    # black to the limit, and not the exposure (the guard looks all round, not through the eyes).
    layers = [
        ("sky", {"zenith_colour": "#000000", "horizon_colour": "#000000", "moon": False}),
        ("orb", {"position": (1.5, 0.0, 0.0), "radius_m": 1.0, "glow": 1.0, "colour": "#ffffff"}),
    ]
    turn = lambda t: 0.0 if t < 3.0 else -math.pi / 2 * min(1.0, (t - 3.0) / 0.5)  # noqa: E731
    means, exposure, _ = draw_frames(gl, layers, look_of(), 6.0, yaw=turn)
    assert means[25] < 0.001 and 0.03 < means[-1] <= 0.10
    assert exposure[20] < 0.5 and np.ptp(exposure[20:]) < 1e-6


def test_a_white_scene_is_held_under_the_evening_light_budget(gl):
    means, _, lux = draw_frames(gl, BRIGHT, look_of(), 2.0, live=False, mel_cap=10.0)
    assert lux.max() == pytest.approx(10.0, abs=0.6)  # on the check's display model
    assert means.max() < 0.10  # warm white at 10 lux: under the luminance cap


def test_the_persons_brightness_applies_on_top_of_the_guard(gl):
    means, _, _ = draw_frames(gl, BRIGHT, look_of(person=0.5), 2.0, live=False)
    assert means.max() == pytest.approx(0.05, abs=0.005)


def test_a_dim_scene_is_left_alone(gl):
    dim = [("sky", {"zenith_colour": "#101018", "horizon_colour": "#181820", "moon": False})]
    _, exposure, _ = draw_frames(gl, dim, look_of(0.3), 2.0, live=False)
    assert np.all(exposure == 1.0)


# ---- the menu --------------------------------------------------------------------------
def test_the_menu_marks_a_users_scene_never_checked_until_it_is():
    from tests.app_fixtures import write_user_scene
    from tests.test_safety_check import calm_recording, parse
    from vrasmr.safety import cli
    from vrasmr.session.factory import _scene_cards

    write_user_scene("mine")
    unchecked = {c.scene_id for c in _scene_cards() if c.unchecked}
    assert unchecked == {"mine"}  # shipped scenes are checked by CI, never marked
    cli.run(
        parse(["check", "mine", "--minutes", "1", "--size", "16"]), lambda s, m, z: calm_recording()
    )
    assert not any(c.unchecked for c in _scene_cards())


def test_the_menu_card_says_not_checked():
    from PIL import Image, ImageDraw

    from vrasmr.ui.layout import SceneCard
    from vrasmr.ui.paint import _card

    def painted(card):
        img = Image.new("RGBA", (260, 240), (0, 0, 0, 255))
        item = SimpleNamespace(card=card, label=card.title)
        _card(img, ImageDraw.Draw(img), item, (0, 0, 260, 240))
        return np.asarray(img)[200:, :, :3]

    plain = painted(SceneCard("mine", "Mine", ("noise",)))
    marked = painted(SceneCard("mine", "Mine", ("noise",), unchecked=True))
    assert plain.max() == 0 and marked.max() > 60  # a line of text under the card
