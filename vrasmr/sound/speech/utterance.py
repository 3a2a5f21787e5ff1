"""One utterance from text to finished sound: speak, trim, de-ess, compress, resample, level,
fade.

Every utterance leaves here as float32 mono at 48 kHz, on the speech loudness target
(±1 LU), with its true peak at most ``CEILING_DBTP`` and edges that fade to exact zero, so
utterances and silences join without a click. Runs in the synthesis worker (or for
``vrasmr say``), never in the playing process's sound path.
"""

from __future__ import annotations

import numpy as np

from vrasmr.lazy import LazyModule

from .deess import deess
from .dynamics import compress
from .voices import Voice

signal = LazyModule("scipy.signal")

SAMPLE_RATE = 48000
LOUDNESS_CATEGORY = "whisper"
CEILING_DBTP = -6.0
EDGE_FADE_S = 0.02
TRIM_BELOW_PEAK_DB = 45.0
TRIM_MARGIN_S = 0.04
MAX_TEXT_CHARS = 2000
LEVEL_PASSES = 3
LEVEL_TOLERANCE_LU = 0.5


def trim_silence(x: np.ndarray, sample_rate: int) -> np.ndarray:
    """``x`` without the near-silence the model leaves before and after the words."""
    magnitude = np.abs(x)
    peak = float(magnitude.max(initial=0.0))
    if peak <= 0:
        return x[:0]
    window = max(1, int(0.01 * sample_rate))
    level = np.convolve(magnitude, np.ones(window) / window, mode="same")
    loud = np.flatnonzero(level > peak * 10 ** (-TRIM_BELOW_PEAK_DB / 20))
    margin = int(TRIM_MARGIN_S * sample_rate)
    return x[max(0, loud[0] - margin) : loud[-1] + margin]


def fade_edges(x: np.ndarray, sample_rate: int, seconds: float = EDGE_FADE_S) -> np.ndarray:
    """Raised-cosine fade in and out, so the first and last samples are exactly zero."""
    n = min(int(seconds * sample_rate), len(x) // 2)
    out = np.array(x, dtype=np.float32)
    if n > 0:
        ramp = (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n))).astype(np.float32)
        out[:n] *= ramp
        out[-n:] *= ramp[::-1]
    if len(out):
        out[0] = out[-1] = 0.0
    return out


def to_rate(x: np.ndarray, rate: int, target: int = SAMPLE_RATE) -> np.ndarray:
    if rate == target:
        return np.asarray(x, np.float64)
    divisor = int(np.gcd(rate, target))
    return signal.resample_poly(np.asarray(x, np.float64), target // divisor, rate // divisor)


def check_text(text: str) -> str:
    """The text as spoken (whitespace collapsed); ValueError for empty or huge text."""
    text = " ".join(str(text).split())
    if not text:
        raise ValueError("an utterance needs some text; got an empty string")
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(
            f"an utterance is {len(text)} characters; split it into sentences "
            f"(at most {MAX_TEXT_CHARS})"
        )
    return text


def finish(raw: np.ndarray, rate: int) -> np.ndarray:
    """Raw speech at ``rate`` to a finished 48 kHz utterance (see the module docstring)."""
    from vrasmr.sound.loudness import integrated_lufs
    from vrasmr.sound.normalise import TARGETS, normalise

    speech = trim_silence(np.nan_to_num(np.asarray(raw, np.float64)), rate)
    if len(speech) == 0:
        return np.zeros(0, np.float32)
    speech = deess(speech, rate)
    speech = compress(speech, rate)
    speech = to_rate(speech, rate)
    for _ in range(LEVEL_PASSES):  # a peaky utterance can need the limiter more than once
        speech = normalise(speech, SAMPLE_RATE, LOUDNESS_CATEGORY, ceiling_dbtp=CEILING_DBTP)
        off = integrated_lufs(speech, SAMPLE_RATE) - TARGETS[LOUDNESS_CATEGORY]
        if not abs(off) > LEVEL_TOLERANCE_LU:  # (also ends on silence: -inf)
            break
    return fade_edges(speech, SAMPLE_RATE)


def make_utterance(voice: Voice, text: str, rate_wpm: int) -> np.ndarray:
    """``text`` spoken by ``voice`` at ``rate_wpm``, finished (float32, 48 kHz)."""
    raw = voice.speak(check_text(text), rate_wpm)
    return finish(raw, voice.sample_rate)
