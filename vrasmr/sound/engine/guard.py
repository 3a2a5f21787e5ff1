"""The loudness guard: whatever a scene asks for, what reaches the ears stays at or under
:data:`LIMIT_LUFS` short-term and about :data:`TRUE_PEAK_LIMIT_DBTP`.

It predicts instead of listening. On a playback device OpenAL Soft mixes in its own thread
straight to the output, and a mix rendered ahead to be measured would add latency to
head-tracked sound; but the engine knows, for every voice, how loud its material is
(:mod:`.levels`, measured once per voice) and the gain, distance and closeness boost it has
asked OpenAL for. From those the guard estimates, on every applied post, the loudest
short-term loudness and true peak the mix can have at master gain 1, and caps the master so
that the estimate stays under the limits. The cap comes down at most
:data:`ATTACK_DB_PER_S` and goes back up at :data:`RELEASE_DB_PER_S` only after
:data:`HOLD_S` without coming down, so it moves over seconds and never follows the sound
(no pumping). OpenAL Soft's output limiter (``ALC_OUTPUT_LIMITER_SOFT``) stays on as the
last line: it holds samples at full scale, never at -6 dBTP, so the headroom comes from here.

The estimate's factors were measured on this engine (docs/sleep-safety.md, "The runtime
guard"): a source beside an ear is at most 2.6 LU louder in stereo than its mono material,
its true peak at most 3.8 dB higher; the loudest reverb's wet path is 12 dB under the dry
sound at 1 m. The same guard runs on loopback (exports, ``vrasmr check``), where the check
measures what it let through.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from vrasmr.sound.engine.levels import SILENT, VoiceLevel, measure_voice, power_to_lufs
from vrasmr.sound.spatial import proximity as prox

if TYPE_CHECKING:
    from vrasmr.sound.engine.contract import VoiceSpec
    from vrasmr.sound.engine.placement import Placement

LIMIT_LUFS = -20.0  # short-term (3 s) loudness at the ears
TRUE_PEAK_LIMIT_DBTP = -6.0
HRTF_LOUDNESS_DB = 3.0  # binaural output over mono material, worst direction (measured 2.6)
HRTF_PEAK_DB = 4.0  # the same for true peak (measured 3.8, a tap by the ear)
NOISE_CREST_DB = 13.0  # peak over RMS of a dense mix (4.5 sigma of Gaussian noise)
REVERB_WET_DB = -10.0  # wet path at send 1 against the dry sound at 1 m (measured -12)
ATTACK_DB_PER_S = 10.0  # fastest the cap comes down
RELEASE_DB_PER_S = 0.5  # how fast it goes back up, once ...
HOLD_S = 30.0  # ... it has not come down for this long (longer than the slowest breath)
ENGAGED_DB = -0.5  # a cap below this is the guard at work (said once per scene)


def peak_dbtp(power: float, largest: float) -> float:
    """The true peak a mix can reach, from its K-weighted power (both ears together) and
    its largest voice's peak at the ear: that peak over the rest at its RMS, or the mix as
    noise at :data:`NOISE_CREST_DB` over its RMS, whichever is higher."""
    rms = math.sqrt(power / 2)  # one ear
    click = largest * 10 ** (HRTF_PEAK_DB / 20) + rms
    noise = rms * 10 ** ((NOISE_CREST_DB + HRTF_LOUDNESS_DB) / 20)
    peak = max(click, noise)
    return 20 * math.log10(peak) if peak > 0 else -math.inf


class VoiceLevels:
    """The measured :class:`~.levels.VoiceLevel` of voices, kept by voice (not by list), so
    that a loader thread can measure what ``prepare`` will use."""

    def __init__(self, sample_rate: int):
        self.sample_rate = sample_rate
        self._known: dict[int, tuple[VoiceSpec, VoiceLevel]] = {}

    def measure(self, voices: list[VoiceSpec]) -> None:
        """Measure every voice not measured yet (a loader thread: about 0.1 s a minute)."""
        for voice in voices:
            if id(voice) not in self._known:
                self._known[id(voice)] = (voice, measure_voice(voice, self.sample_rate))

    def take(self, voices: list[VoiceSpec]) -> list[VoiceLevel]:
        """The levels of ``voices`` (measured now where not yet), forgetting all others."""
        self.measure(voices)
        levels = [self._known[id(v)][1] for v in voices]
        self._known = {id(v): (v, lv) for v, lv in zip(voices, levels, strict=True)}
        return levels


class LoudnessGuard:
    """The master's cap from the current voices' estimate (see the module docstring)."""

    def __init__(self):
        self.cap_db = 0.0  # in effect now
        self.target_db = 0.0  # where the estimate says it should be
        self.estimate_lufs = -math.inf  # short-term loudness at master 1
        self.estimate_dbtp = -math.inf  # true peak at master 1
        self._levels: list[VoiceLevel] = []
        self._streams: dict[int, object] = {}  # voice index -> its StreamMeter
        self._power = np.zeros(0)
        self._peak = np.zeros(0)
        self._send = np.zeros(0)
        self._bank = (0.0, 0.0)  # this bank's power and largest peak at master 1
        self._held_s = 0.0  # since the cap last came down
        self.fresh = True  # nothing heard since prepare: the first estimate applies at once
        self._observed = False
        self.said = False
        self.enabled = True  # False: estimate and cap are kept, the master is not capped

    # ---- per scene -------------------------------------------------------------------
    def use(self, voices: list[VoiceSpec], levels: list[VoiceLevel], fresh: bool) -> None:
        """The voices of a new bank and their levels; ``fresh`` when nothing else sounds."""
        self._levels = list(levels)
        self._power = np.array([lv.power for lv in levels], dtype=float)
        self._peak = np.array([lv.peak for lv in levels], dtype=float)
        self._send = np.array([min(max(v.reverb_send, 0.0), 1.0) for v in voices], dtype=float)
        self._streams = {}
        self._bank = (0.0, 0.0)
        self.fresh = fresh
        self._observed = False
        self.said = False

    def meter_streams(self, meters: dict[int, object]) -> None:
        """The stream voices' meters (index -> :class:`~.levels.StreamMeter`)."""
        self._streams = dict(meters)

    def bank_estimate(self) -> tuple[float, float]:
        """This bank's share of the estimate (power, largest peak), to be faded out with it
        when it retires."""
        return self._bank

    # ---- per applied post (the sound thread, lock held) ------------------------------
    def observe(self, placement: Placement) -> None:
        """Estimate the bank from where its gains are heading, distances and closeness."""
        n = placement.n
        if n == 0 or self._power.size != n:
            self._bank = (0.0, 0.0)
            self._observed = True
            return
        power, peak = self._power, self._peak
        if self._streams:
            power, peak = power.copy(), peak.copy()
            for i, meter in self._streams.items():
                level = meter.level
                power[i], peak[i] = level.power, level.peak
        gain = np.fmax(placement.target, placement.gain)
        if placement.any_near:
            gain = gain * prox.near_gain(placement.near)
        reach = gain / np.fmax(np.sqrt(placement.r2), 1.0)  # inverse distance, clamped at 1 m
        wet = 10 ** (REVERB_WET_DB / 10) * np.square(gain * self._send)
        total = float(np.dot(power, np.square(reach) + wet))
        self._bank = (total, float((peak * reach).max()))
        self._observed = True

    # ---- on the engine's clock ---------------------------------------------------------
    def step(self, dt: float, retiring: list[tuple[tuple[float, float], float]]) -> float:
        """Move the cap ``dt`` seconds on; ``retiring`` holds each fading bank's estimate
        and its fade gain now. Returns the cap (linear)."""
        power, largest = self._bank
        for (p, m), k in retiring:
            power += p * k * k
            largest = max(largest, m * k)
        self.estimate_lufs = power_to_lufs(power) + HRTF_LOUDNESS_DB if power > 0 else -math.inf
        self.estimate_dbtp = peak_dbtp(power, largest)
        self.target_db = min(
            0.0, LIMIT_LUFS - self.estimate_lufs, TRUE_PEAK_LIMIT_DBTP - self.estimate_dbtp
        )
        if self.fresh:
            if self._observed:  # nothing has been heard: start at the cap
                self.cap_db, self.fresh = self.target_db, False
            return self.cap
        if self.target_db < self.cap_db:
            self.cap_db = max(self.target_db, self.cap_db - ATTACK_DB_PER_S * dt)
            self._held_s = 0.0
        else:
            self._held_s += dt
            if self._held_s >= HOLD_S:
                self.cap_db = min(self.target_db, self.cap_db + RELEASE_DB_PER_S * dt)
        return self.cap

    @property
    def cap(self) -> float:
        """The cap on the master now (linear; 1 when the guard is not ``enabled``)."""
        return 10 ** (self.cap_db / 20) if self.enabled else 1.0

    @property
    def engaged(self) -> bool:
        return self.cap_db < ENGAGED_DB


__all__ = ["LoudnessGuard", "VoiceLevels", "SILENT", "LIMIT_LUFS", "TRUE_PEAK_LIMIT_DBTP"]
