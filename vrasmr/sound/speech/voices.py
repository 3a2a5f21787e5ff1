"""The voice interface and the registry of voices: ``whisper``, ``soft`` and ``espeak``.

A :class:`Voice` turns one utterance's text into raw speech at its own sample rate; the
utterance pipeline (:mod:`.utterance`) does the rest (trim, de-ess, resample, loudness,
fades). ``whisper`` and ``soft`` are the neural voice converted with WORLD; ``espeak`` is
espeak-ng's whisper, the fallback when the neural voice is not installed. A second model
drops in as another :class:`~.neural.ModelSource`: programs and scenes only name voices.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from .neural import HOW_TO_GET_NEURAL_VOICE, JOE, ModelSource
from .whisper import SoftSettings, WhisperSettings, to_soft, to_whisper

VOICE_NAMES: tuple[str, ...] = ("whisper", "soft", "espeak")
NEURAL_VOICES = ("whisper", "soft")
# length_scale = NATURAL_WPM / rate_wpm: at 2.0 the joe model speaks about 130 words a minute
# counting the clause and sentence pauses (measured on the shipped stories); past 2.0 it
# drawls, so a slower rate is carried by the script's pauses.
NATURAL_WPM = 230.0
LENGTH_SCALE_RANGE = (0.9, 2.0)
_log = logging.getLogger(__name__)


class Voice(Protocol):
    """What every voice provides."""

    name: str
    sample_rate: int

    @property
    def cache_id(self) -> str:
        """Everything that decides how it sounds (model, settings, version): part of the
        utterance cache key."""

    def speak(self, text: str, rate_wpm: int) -> np.ndarray:
        """Raw speech for one utterance, float32 mono at :attr:`sample_rate`."""


def _neural_id(kind, source: str, settings) -> str:
    return f"{kind.name}:{source}:v{kind.version}:{settings}"


def length_scale_for(rate_wpm: float) -> float:
    lo, hi = LENGTH_SCALE_RANGE
    return float(min(max(NATURAL_WPM / float(rate_wpm), lo), hi))


class _NeuralVoice:
    """The neural model speaking, shaped by the settings that give this voice its sound."""

    name = ""
    version = 0
    settings_type: type = object

    def __init__(self, model):
        self.model = model
        self.sample_rate = model.sample_rate
        self.settings = self.settings_type()

    @property
    def cache_id(self) -> str:
        return _neural_id(type(self), self.model.source.name, self.settings)

    def speak(self, text: str, rate_wpm: int) -> np.ndarray:
        return self.shape(self.model.synthesize(text, length_scale_for(rate_wpm)), text)

    def shape(self, plain: np.ndarray, text: str) -> np.ndarray:
        """The model's own voice for ``text`` turned into this voice."""
        raise NotImplementedError


class NeuralWhisper(_NeuralVoice):
    """The neural voice, whispered (WORLD: unvoiced, formants raised, low band thinned)."""

    name = "whisper"
    version = 3
    settings_type = WhisperSettings

    def shape(self, plain: np.ndarray, text: str) -> np.ndarray:
        return to_whisper(plain, self.sample_rate, self.settings, self.model.source.f0_range_hz)


class NeuralSoft(_NeuralVoice):
    """The neural voice, soft (voiced, lower, breathier, falling at a sentence's end)."""

    name = "soft"
    version = 2
    settings_type = SoftSettings

    def shape(self, plain: np.ndarray, text: str) -> np.ndarray:
        from .phonemes import final_mark

        return to_soft(
            plain,
            self.sample_rate,
            sentence_end=final_mark(text) in ".!?",
            settings=self.settings,
            f0_range=self.model.source.f0_range_hz,
        )


class EspeakWhisper:
    """espeak-ng's whisper, cepstrally re-excited with noise: robotic but always there."""

    name = "espeak"
    version = 1
    espeak_voice = "en-us+whisper"

    def __init__(self, seed: int = 0):
        self.sample_rate = 22050  # espeak-ng's rate; checked on each call
        self.seed = seed

    @property
    def cache_id(self) -> str:
        return f"{self.name}:{self.espeak_voice}:v{self.version}:seed{self.seed}"

    def speak(self, text: str, rate_wpm: int) -> np.ndarray:
        from .espeak import speak
        from .espeak_whisper import whisperize

        raw, rate = speak(text, self.espeak_voice, int(rate_wpm))
        self.sample_rate = rate
        rng = np.random.default_rng(self.seed)
        return whisperize(raw.astype(np.float64) / 32768.0, rate, rng).astype(np.float32)


@dataclass
class VoiceRegistry:
    """Which voices this machine has. ``neural=None`` is a machine without the neural voice
    (the fallback path): ``whisper`` and ``soft`` then resolve to ``espeak``."""

    neural: ModelSource | None = JOE
    _model: object | None = field(default=None, repr=False)
    _voices: dict[str, Voice] = field(default_factory=dict, repr=False)

    def neural_installed(self) -> bool:
        return self.neural is not None and self.neural.installed()

    def resolve(self, name: str) -> str:
        """The voice that will actually speak for ``name`` on this machine."""
        if name not in VOICE_NAMES:
            raise ValueError(f"unknown voice {name!r}; choose one of {', '.join(VOICE_NAMES)}")
        if name in NEURAL_VOICES and not self.neural_installed():
            return "espeak"
        return name

    def fallback_note(self, name: str) -> str | None:
        """Why ``name`` is not spoken as asked (and how to fix it), or None."""
        if self.resolve(name) != name:
            return f"voice {name!r} falls back to the espeak-ng whisper: {HOW_TO_GET_NEURAL_VOICE}"
        return None

    def get(self, name: str) -> Voice:
        """The resolved voice for ``name``, loading the model on first use (worker only)."""
        resolved = self.resolve(name)
        if resolved not in self._voices:
            if resolved == "espeak":
                self._voices[resolved] = EspeakWhisper()
            else:
                if self._model is None:
                    from .neural import NeuralVoice

                    self._model = NeuralVoice(self.neural)
                kind = NeuralWhisper if resolved == "whisper" else NeuralSoft
                self._voices[resolved] = kind(self._model)
        return self._voices[resolved]

    def cache_id(self, name: str) -> str:
        """The cache id of the resolved voice without loading any model."""
        resolved = self.resolve(name)
        if resolved == "espeak":
            return EspeakWhisper().cache_id
        from .whisper import SoftSettings, WhisperSettings

        if resolved == "whisper":
            return _neural_id(NeuralWhisper, self.neural.name, WhisperSettings())
        return _neural_id(NeuralSoft, self.neural.name, SoftSettings())


VOICE_SUMMARIES = {
    "whisper": "the neural voice, whispered (unvoiced, close)",
    "soft": "the neural voice, soft and low, for stories read aloud",
    "espeak": "espeak-ng's whisper (robotic; always available)",
}


def describe_voices(registry: VoiceRegistry) -> str:
    """Each voice, what speaks for it on this machine, and the neural model's origin."""
    lines = []
    for name in VOICE_NAMES:
        resolved = registry.resolve(name)
        shown = "" if resolved == name else f"  -> plays as {resolved}"
        lines.append(f"{name:8} {VOICE_SUMMARIES[name]}{shown}")
    if registry.neural_installed():
        lines.append(f"neural model: {registry.neural.licence}")
    else:
        lines.append(HOW_TO_GET_NEURAL_VOICE)
    return "\n".join(lines)
