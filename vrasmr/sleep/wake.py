"""The gentle wake (off by default): over the 20 minutes before the wake time the picture
warms up from black and a nature sound rises from silence, never louder than the night's bed
plus :data:`CEILING_LU` (it aims :data:`OVER_BED_LU` above it).

The wake time is a wall-clock "HH:MM" in ``settings.toml`` (``wake_time``, ``wake_sound``);
:func:`plan_wake` turns it into session seconds once, when the night starts, so the rest is
a pure function of the session's clock. The level rises evenly in loudness (the sleep fade
backwards); the light follows a smoothstep to a dim dawn. The session must still be running
(a wired headset or the desktop: a wireless headset's battery does not last the night).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from vrasmr.sleep.fade import clamp01, loudness_to_gain, smoothstep

WINDOW_MIN = 20.0
MIN_LEAD_H = 1.0  # a wake time less than an hour away means tomorrow's
OVER_BED_LU = 6.0
CEILING_LU = 10.0
DAWN_BRIGHTNESS = 0.35  # the picture's level at the wake time (the scene's own is ~0.2)
DAWN_WARMTH = 1.0
PEAK_LIMIT = 0.7  # the wake sound's samples are raised no further than this peak
PROBE_S = 5.0  # seconds of the wake sound whose peak says its headroom


@dataclass(frozen=True)
class WakePlan:
    """When the wake rises (session seconds) and which sound."""

    start_s: float
    end_s: float
    sound: str = "stream"

    def progress(self, t: float) -> float:
        """0 before the rise, 1 from the wake time on."""
        return clamp01((t - self.start_s) / (self.end_s - self.start_s))

    def active(self, t: float) -> bool:
        return t >= self.start_s

    def sound_level(self, t: float) -> float:
        """The sound's gain, 0..1 of its ceiling: even in loudness, from silence."""
        return loudness_to_gain(self.progress(t))

    def light(self, t: float) -> float:
        """The dawn's share, 0..1 (smooth at both ends)."""
        return smoothstep(self.progress(t))


def plan_wake(
    wake_time: str | None,
    sound: str,
    now: datetime,
    session_t: float = 0.0,
    window_min: float = WINDOW_MIN,
) -> WakePlan | None:
    """The next ``wake_time`` ("HH:MM") at least an hour after ``now`` (the wall clock at
    session time ``session_t``) as a plan; None when no wake time is set."""
    if wake_time is None:
        return None
    hours, minutes = (int(x) for x in wake_time.split(":"))
    wake = now.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    while wake - now < timedelta(hours=MIN_LEAD_H):
        wake += timedelta(days=1)
    end = session_t + (wake - now).total_seconds()
    return WakePlan(end - window_min * 60.0, end, sound)


@dataclass(frozen=True)
class WakeSound:
    """The wake's nature sound, ready to stream: a recipe's generator at its calibrated
    loudness ``lufs`` (its category's target and the recipe's trim), and ``peak``, its sample
    peak at that level over :data:`PROBE_S` of another stream of it (the headroom
    :func:`fitted_wake` may use). Each scene's mix gets a voice of its own: a stream is read
    by one voice."""

    name: str
    generator: str
    params: dict
    trim: float
    seed: int
    lufs: float
    peak: float

    def voice(self, boost: float = 1.0):
        """An endless, head-anchored stream voice of the sound, ``boost`` times louder; its
        generator is made on the sound thread when first read (the frame that installs a
        scene only makes the voice)."""
        from vrasmr.sound.engine import VoiceSpec

        return VoiceSpec(
            name=f"wake:{self.name}",
            samples=np.zeros(1, np.float32),
            loop=True,
            head_anchored=True,
            stream=_WakeStream(self, boost),
        )


class _WakeStream:
    """The wake sound's stream, its generator made on first read."""

    def __init__(self, sound: WakeSound, boost: float) -> None:
        self.sound, self.boost = sound, float(boost)
        self._stream = None

    def __call__(self, frames: int) -> np.ndarray:
        if self._stream is None:
            from vrasmr.sound import synth

            sound = self.sound
            self._stream = synth.stream(
                sound.generator, sound.params, seed=sound.seed, gain=sound.trim * self.boost
            )
        return self._stream(frames)


def make_wake_sound(sound: str, *, seed: int | None = None, sample_rate: int = 48000) -> WakeSound:
    """The wake sound ``sound`` (a recipe's name), its level known (measured once per
    generator and cached, like any bed's): call at load. ``seed`` (the night's) makes it
    reproducible; None: a new night."""
    from vrasmr.scene.loading import ContentIndex
    from vrasmr.sound import synth

    content, _ = ContentIndex.load()
    recipe = content.recipes[sound]
    if recipe.sound.generator is None:
        raise ValueError(f"the wake sound {sound!r} is not a generator's recipe")
    night = synth.new_seed() if seed is None else seed
    own = zlib.crc32(f"wake:{sound}:{night}".encode()) & 0x7FFFFFFF
    trim = float(10.0 ** (recipe.gain_db / 20.0))
    params = dict(recipe.sound.params)
    probe = synth.stream(recipe.sound.generator, params, seed=own ^ 1, gain=trim)
    peak = float(np.abs(probe(int(PROBE_S * sample_rate))).max())
    return WakeSound(sound, recipe.sound.generator, params, trim, own, probe.lufs, peak)


def bed_lufs(voice, sample_rate: int = 48000) -> float:
    """A bed voice's loudness as it plays at gain 1: a generator's stream says the level it
    is calibrated to; a recording's samples are metered; NaN when neither can say."""
    from vrasmr.sound.loudness import integrated_lufs

    if voice.stream is not None:
        return float(getattr(voice.stream, "lufs", np.nan))
    if len(voice.samples) < sample_rate:
        return np.nan
    return float(integrated_lufs(voice.samples, sample_rate))


def fitted_wake(scene, wake: WakeSound, sample_rate: int = 48000):
    """``(voice, gain)``: a wake voice for ``scene`` and its gain at full level, so that it
    sounds :data:`OVER_BED_LU` above the scene's beds together as they are heard (each at its
    own gain and distance). Up to the headroom its samples allow (peak :data:`PEAK_LIMIT`)
    the loudness is made in the stream, the rest by a gain of at most 1 (the engine's
    ceiling). No bed to measure against: gain 0 (no wake sound, not a guess)."""
    from vrasmr.sleep.quiet import BED, voice_kind

    positions, _ = scene.runtime.emitters_at(10.0)
    power = 0.0
    for i, (voice, kinds) in enumerate(zip(scene.voices, scene.triggers, strict=True)):
        if voice_kind(voice, kinds) != BED:
            continue
        lufs = bed_lufs(voice, sample_rate)
        distance = max(float(np.linalg.norm(positions[i])), 1.0)  # inverse distance, 1 m ref
        if np.isfinite(lufs):
            level = lufs + scene.scene.emitters[i].gain_db - 20.0 * np.log10(distance)
            power += 10.0 ** (level / 10.0)
    if power <= 0.0 or not np.isfinite(wake.lufs):
        return wake.voice(), 0.0
    bed = 10.0 * np.log10(power)
    gain = float(10.0 ** ((bed + OVER_BED_LU - wake.lufs) / 20.0))
    scale = 1.0
    if gain > 1.0 and wake.peak > 0.0:
        scale = max(1.0, min(gain, PEAK_LIMIT / wake.peak))
    return wake.voice(scale), min(gain / scale, 1.0)
