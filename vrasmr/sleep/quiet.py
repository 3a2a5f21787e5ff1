"""The night's mix on the sound thread: a volume per kind of sound, voices and triggers going
quiet when sleep is likely, and the gentle wake's sound.

:class:`NightMix` wraps a loaded scene's sound source (the engine calls it on its own
thread). Every voice is a *bed* (an endless stream or a looping recording), a *trigger*
(events: a gesture stream or one-shot recording) or a *voice* (whispered scripts and
whisper textures). When sleep becomes likely the App sets
``quiet_since`` (scene time): from then no trigger or voice event starts, a script's stream
starts no new phrase (:class:`PhraseGate`), and each trigger and voice emitter's gain target
goes to 0 over :data:`QUIET_RAMP_S`, beginning only once its current event or phrase has had
time to end, so nothing is cut off mid-sound. Beds play on (the sleep timer fades them).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from vrasmr.sound.engine.streams import TRIGGER_LEAD_S

QUIET_RAMP_S = 8.0  # a trigger or voice goes to silence over this, after its event ends
PHRASE_HOLD_S = 40.0  # a script's current phrase ends within this (then its gain follows)
TEXTURE_HOLD_S = 4.0  # a looping whisper texture: a breath or two, then down
BED, TRIGGER, VOICE = 0, 1, 2
VOICE_KINDS = frozenset({"whispers", "voice", "story"})
WAKE_POSITION = (0.5, 0.3, -0.7)  # the wake sound: ahead, a little up and aside (< 1 m)


class PhraseGate:
    """Lets a voice program start its next phrase, until sleep is likely.

    A script stream (and the voice program that will drive voices) asks
    :meth:`phrase_may_start` before each phrase and stops when it is False; the phrase
    already playing always finishes."""

    def __init__(self) -> None:
        self._closed = threading.Event()

    def phrase_may_start(self) -> bool:
        return not self._closed.is_set()

    def close(self) -> None:
        self._closed.set()

    def open(self) -> None:
        self._closed.clear()


@dataclass(frozen=True)
class MixState:
    """What the App asks of the mix now (replaced whole when it changes, never mutated)."""

    volumes: tuple[float, float, float] = (1.0, 1.0, 1.0)  # beds, triggers, voice: 0..1
    quiet_since: float | None = None  # scene time sleep became likely; None: awake
    bed: float = 1.0  # every scene voice's multiplier (the timer's share during a wake)
    wake: float = 0.0  # the wake sound's level, 0..1 of its ceiling
    breath_sound: float = 1.0  # breathing sounds' share while a paced guide is off their pace


def voice_kind(voice, triggers) -> int:
    """BED, TRIGGER or VOICE for one of a scene's voices and its trigger kinds: a script's
    stream (neither endless nor triggered) is a voice whatever its kinds say."""
    if VOICE_KINDS & set(triggers):
        return VOICE
    if voice.loop:
        return BED
    stream = getattr(voice, "stream", None)
    if stream is not None and not hasattr(stream, "trigger"):
        return VOICE
    return TRIGGER


def _index(event) -> int:
    """The voice an engine event is for: an index, or ``(index, delay_s)``."""
    return event if isinstance(event, int) else event[0]


class NightMix:
    """The engine's sound source for ``scene`` with the night's volumes, quiet and wake."""

    def __init__(self, scene, wake_voice=None, wake_gain: float = 0.0) -> None:
        self.scene = scene
        self.kinds = np.array(
            [voice_kind(v, t) for v, t in zip(scene.voices, scene.triggers, strict=True)],
            dtype=int,
        )
        self.quietable = self.kinds != BED
        # what stands out of the beds comes in after them (a script's first words wait)
        self.entering = self.quietable
        self.breathing = np.array(["breathing" in t for t in scene.triggers], dtype=bool)
        self.hold = np.array([self._hold(i, k) for i, k in enumerate(self.kinds)], dtype=float)
        self.wake_voice = wake_voice
        self.wake_gain = float(wake_gain)
        self.voices = list(scene.voices) + ([wake_voice] if wake_voice is not None else [])

    def _hold(self, index: int, kind: int) -> float:
        """How long emitter ``index``'s current sound may still run when quiet begins."""
        if kind == BED:
            return 0.0
        voice = self.scene.voices[index]
        if voice.loop:
            return TEXTURE_HOLD_S
        if kind == VOICE:
            return PHRASE_HOLD_S
        schedule = self.scene.scene.emitters[index].schedule
        duration = float(getattr(schedule, "event_duration_s", len(voice.samples) / 48000.0))
        if getattr(voice, "stream", None) is not None:  # a gesture stream hears of events early
            duration += TRIGGER_LEAD_S
        return duration

    def sound_at(self, t0: float, t1: float, arg) -> tuple[np.ndarray, np.ndarray, list]:
        """``arg`` is ``(switched-off kinds, scale of every voice, MixState or None)``."""
        off, scale, state = arg
        positions, gains, triggers = self.scene.sound_at(t0, t1, (off, scale))
        entry = self.scene.runtime.entry_fade(t1)
        if entry < 1.0 and self.entering.any():
            gains *= np.where(self.entering, entry, 1.0)
            if entry <= 0.0:  # no event while the beds come in
                triggers = [e for e in triggers if not self.entering[_index(e)]]
        if state is not None:
            gains *= np.asarray(state.volumes, dtype=float)[self.kinds]
            if state.quiet_since is not None:
                since = t1 - state.quiet_since - self.hold
                fade = np.clip(1.0 - since / QUIET_RAMP_S, 0.0, 1.0)
                gains *= np.where(self.quietable, fade, 1.0)
                triggers = [e for e in triggers if not self.quietable[_index(e)]]
            if state.bed != 1.0:
                gains *= state.bed
            if state.breath_sound != 1.0:
                gains *= np.where(self.breathing, state.breath_sound, 1.0)
        if self.wake_voice is not None:
            level = 0.0 if state is None else state.wake * self.wake_gain * state.volumes[BED]
            positions = np.vstack([positions.reshape(-1, 3), WAKE_POSITION])
            gains = np.append(gains, level)
        return positions, gains, triggers
