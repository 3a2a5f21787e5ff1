"""Whispered voice: text and scripts to soft, unvoiced speech, rendered offline and cached.

Speech comes from espeak-ng (via the espeakng-loader wheel, no system install) with its
whisper variant, then ``voice_soften.whisperize`` removes any remaining voicing, de-esses and
gently compresses it. Renders are cached under ``user_cache_dir()/voice`` keyed by a hash of
the text and every setting, apart from the bounded sound cache and never evicted by it. This is slow work (about a second per minute of speech): call it
at load time or from a worker, never on the frame path.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import warnings
from pathlib import Path

import numpy as np

from vrasmr.cache_files import read_entry, write_atomic
from vrasmr.errors import VrasmrError
from vrasmr.lazy import LazyModule

from .voice_espeak import HOW_TO_GET_SPEECH, SpeechUnavailable, speak

signal = LazyModule("scipy.signal")  # only to make new speech (heavy to import)

CACHE_VERSION = 1
PARAGRAPH_PAUSE_SECONDS = 2.5
MIN_RATE_WPM, MAX_RATE_WPM = 80, 250
MAX_TEXT_CHARS = 100_000
_warned_fallback = False

__all__ = [
    "ScriptNotFound",
    "SpeechUnavailable",
    "list_scripts",
    "read_script",
    "whisper_script",
    "whisper_speech",
]


class ScriptNotFound(VrasmrError, FileNotFoundError):
    """No script with that id in audio/scripts/."""


def _cache_path(key: dict) -> Path:
    from .sound_cache import voice_dir

    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:32]
    return voice_dir() / f"{digest}.flac"


def _read_speech(path: Path) -> np.ndarray | None:
    """The cached speech, or None unless it is whole (as many frames as its header says)."""
    import soundfile

    with soundfile.SoundFile(path) as file:
        frames = file.frames
        data = file.read(dtype="float32")
    whole = data.ndim == 1 and frames > 0 and len(data) == frames
    return data if whole and np.all(np.isfinite(data)) else None


def _write_speech(path: Path, audio: np.ndarray, sample_rate: int) -> None:
    import soundfile

    def write(file) -> None:
        soundfile.write(file, audio, sample_rate, format="FLAC", subtype="PCM_24")

    write_atomic(path, write)


def whisper_speech(
    text: str, *, voice: str = "en-us", rate_wpm: int = 120, seed: int = 0, sample_rate: int = 48000
) -> np.ndarray:
    """Whispered speech of ``text`` as float32 mono at the "whisper" loudness target.

    Cached on disk. Raises SpeechUnavailable (saying how to install speech) if espeak-ng
    cannot load, and ValueError for empty text or out-of-range settings.
    """
    text = " ".join(text.split())
    if not text:
        raise ValueError("whisper_speech needs some text; got an empty string")
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(f"text is {len(text)} characters; split it below {MAX_TEXT_CHARS}")
    if not MIN_RATE_WPM <= rate_wpm <= MAX_RATE_WPM:
        raise ValueError(f"rate_wpm={rate_wpm} is outside {MIN_RATE_WPM}..{MAX_RATE_WPM}")
    key = {
        "text": text,
        "voice": voice,
        "rate": rate_wpm,
        "seed": seed,
        "sr": sample_rate,
        "v": CACHE_VERSION,
    }
    path = _cache_path(key)
    cached = read_entry(path, _read_speech, "cached speech")
    if cached is not None:
        return cached
    from .normalise import normalise
    from .voice_soften import whisperize

    espeak_voice = voice if "+" in voice else f"{voice}+whisper"
    raw, espeak_rate = speak(text, espeak_voice, rate_wpm)
    speech = whisperize(raw.astype(np.float64) / 32768.0, espeak_rate, np.random.default_rng(seed))
    divisor = np.gcd(sample_rate, espeak_rate)
    speech = signal.resample_poly(speech, sample_rate // divisor, espeak_rate // divisor)
    audio = normalise(speech, sample_rate, "whisper")
    _write_speech(path, audio, sample_rate)
    return audio


def _scripts_dir() -> Path:
    from ..content import audio_dir

    return audio_dir() / "scripts"


def list_scripts() -> list[str]:
    """Ids of the shipped whisper scripts (audio/scripts/<id>.txt)."""
    folder = _scripts_dir()
    return sorted(p.stem for p in folder.glob("*.txt")) if folder.is_dir() else []


def read_script(script_id: str) -> list[str]:
    """The script's paragraphs (a blank line in the file separates them)."""
    path = _scripts_dir() / f"{script_id}.txt"
    if not path.is_file():
        near = difflib.get_close_matches(script_id, list_scripts(), n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise ScriptNotFound(
            f"no whisper script {script_id!r} at {path}{hint} "
            f"(available: {', '.join(list_scripts())})"
        )
    text = path.read_text(encoding="utf-8")
    paragraphs = [" ".join(block.split()) for block in text.split("\n\n")]
    return [p for p in paragraphs if p]


def _texture_stand_in(
    paragraphs: list[str], rate_wpm: int, seed: int, sample_rate: int
) -> np.ndarray:
    from .synth import render

    words = sum(len(p.split()) for p in paragraphs)
    seconds = min(
        3600.0, max(5.0, words / rate_wpm * 60 + PARAGRAPH_PAUSE_SECONDS * len(paragraphs))
    )
    return render("whisper_texture", {}, seconds, sample_rate=sample_rate, seed=seed)


def whisper_script(
    script_id: str,
    *,
    voice: str = "en-us",
    rate_wpm: int = 120,
    seed: int = 0,
    sample_rate: int = 48000,
) -> np.ndarray:
    """Whispered reading of ``audio/scripts/<script_id>.txt``, paragraphs separated by pauses.

    If speech is unavailable, returns a wordless whisper texture of about the same length and
    warns once, saying how to get speech.
    """
    global _warned_fallback
    paragraphs = read_script(script_id)
    pause = np.zeros(int(PARAGRAPH_PAUSE_SECONDS * sample_rate), dtype=np.float32)
    parts: list[np.ndarray] = []
    try:
        for index, paragraph in enumerate(paragraphs):
            if index:
                parts.append(pause)
            parts.append(
                whisper_speech(
                    paragraph,
                    voice=voice,
                    rate_wpm=rate_wpm,
                    seed=seed + index,
                    sample_rate=sample_rate,
                )
            )
    except SpeechUnavailable as error:
        if not _warned_fallback:
            warnings.warn(
                f"speech unavailable, playing a wordless whisper texture instead of "
                f"{script_id!r}: {error}",
                RuntimeWarning,
                stacklevel=2,
            )
            _warned_fallback = True
        return _texture_stand_in(paragraphs, rate_wpm, seed, sample_rate)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)


assert HOW_TO_GET_SPEECH  # re-exported for callers that show the fix in the UI
