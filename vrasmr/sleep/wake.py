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


def make_wake_voice(sound: str, *, bed_loop_s: float, sample_rate: int = 48000):
    """The wake sound as a looping, head-anchored voice (rendered now: call at load)."""
    from vrasmr.scene.loading import ContentIndex
    from vrasmr.sound import synth
    from vrasmr.sound.engine import VoiceSpec

    content, _ = ContentIndex.load()
    recipe = content.recipes[sound]
    samples = synth.render_loop(
        recipe.sound.generator,
        recipe.sound.params,
        bed_loop_s,
        sample_rate=sample_rate,
        seed=zlib.crc32(f"wake:{sound}".encode()) & 0x7FFFFFFF,
    )
    trim = np.float32(10.0 ** (recipe.gain_db / 20.0))
    samples = np.asarray(samples, dtype=np.float32) * trim
    return VoiceSpec(name=f"wake:{sound}", samples=samples, loop=True, head_anchored=True)


def fitted_wake(scene, wake_voice, sample_rate: int = 48000):
    """``(voice, gain)``: the wake voice for ``scene`` and its gain at full level, so that it
    sounds :data:`OVER_BED_LU` above the scene's beds together as they are heard (each at its
    own gain and distance). Up to the headroom its samples allow (peak
    :data:`PEAK_LIMIT`) the loudness is made in the samples, the rest by a gain of at most 1
    (the engine's ceiling). No bed to measure against: gain 0 (no wake sound, not a guess)."""
    from dataclasses import replace

    from vrasmr.sleep.quiet import BED, voice_kind
    from vrasmr.sound.loudness import integrated_lufs

    positions, _ = scene.runtime.emitters_at(10.0)
    power = 0.0
    for i, (voice, kinds) in enumerate(zip(scene.voices, scene.triggers, strict=True)):
        if voice_kind(voice, kinds) != BED or len(voice.samples) < sample_rate:
            continue
        lufs = integrated_lufs(voice.samples, sample_rate)
        distance = max(float(np.linalg.norm(positions[i])), 1.0)  # inverse distance, 1 m ref
        if np.isfinite(lufs):
            level = lufs + scene.scene.emitters[i].gain_db - 20.0 * np.log10(distance)
            power += 10.0 ** (level / 10.0)
    wake_lufs = integrated_lufs(wake_voice.samples, sample_rate)
    if power <= 0.0 or not np.isfinite(wake_lufs):
        return wake_voice, 0.0
    bed_lufs = 10.0 * np.log10(power)
    gain = float(10.0 ** ((bed_lufs + OVER_BED_LU - wake_lufs) / 20.0))
    peak = float(np.abs(wake_voice.samples).max())
    scale = min(gain, PEAK_LIMIT / peak) if gain > 1.0 and peak > 0.0 else 1.0
    if scale > 1.0:
        wake_voice = replace(wake_voice, samples=wake_voice.samples * np.float32(scale))
    return wake_voice, min(gain / scale, 1.0)
