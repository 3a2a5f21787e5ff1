"""Procedural ASMR sounds: a registry of seeded generators, and rendering to normalised audio.

Every generator is a pure function of (params, seconds, sample_rate, rng): the same seed gives
the same samples. ``render`` gives a finite float32 mono buffer at its loudness category's
target; ``render_loop`` gives a seamless loop; ``render_stream`` never repeats.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel

from vrasmr.errors import VrasmrError

from ..sound_cache import load_or_make
from . import ambience, body, noise, tapping, textures, water
from ._dsp import fade_edges

MIN_SAMPLE_RATE = 8000
MAX_SAMPLE_RATE = 192000
MAX_RENDER_SECONDS = 3600.0


@dataclass(frozen=True)
class GeneratorSpec:
    """One generator: its kind, loudness category, parameter model and synthesis function."""

    name: str
    kind: str  # "bed" | "trigger" | "voice"
    category: str  # a key of vrasmr.sound.normalise.TARGETS
    params: type[BaseModel]
    make: Callable[[BaseModel, float, int, np.random.Generator], np.ndarray]
    summary: str


class UnknownGenerator(VrasmrError, KeyError):
    """A generator name that is not in GENERATORS."""


def _spec(name, kind, category, params, make, summary) -> tuple[str, GeneratorSpec]:
    return name, GeneratorSpec(name, kind, category, params, make, summary)


GENERATORS: dict[str, GeneratorSpec] = dict(
    [
        _spec(
            "white_noise",
            "bed",
            "noise",
            noise.NoiseParams,
            noise.make_white,
            "flat-spectrum noise",
        ),
        _spec(
            "pink_noise",
            "bed",
            "noise",
            noise.NoiseParams,
            noise.make_pink,
            "noise falling 3 dB per octave, like steady rain far away",
        ),
        _spec(
            "brown_noise",
            "bed",
            "noise",
            noise.NoiseParams,
            noise.make_brown,
            "noise falling 6 dB per octave: a deep, soft roar",
        ),
        _spec(
            "rain",
            "bed",
            "bed",
            water.RainParams,
            water.make_rain,
            "rain: droplets and bubbles over a filtered bed, on five surfaces",
        ),
        _spec(
            "ocean",
            "bed",
            "bed",
            water.OceanParams,
            water.make_ocean,
            "waves with slow swells, a soft crash and a receding wash",
        ),
        _spec(
            "stream",
            "bed",
            "bed",
            water.StreamParams,
            water.make_stream,
            "a babbling brook: rushing water and bubbles",
        ),
        _spec(
            "wind",
            "bed",
            "bed",
            ambience.WindParams,
            ambience.make_wind,
            "wind in gusts, with an optional soft whistle",
        ),
        _spec(
            "fire",
            "bed",
            "bed",
            ambience.FireParams,
            ambience.make_fire,
            "a campfire: crackles, pops, hiss and a low roar",
        ),
        _spec(
            "insects",
            "bed",
            "bed",
            ambience.InsectsParams,
            ambience.make_insects,
            "night crickets chirping at a distance",
        ),
        _spec(
            "fan",
            "bed",
            "bed",
            ambience.FanParams,
            ambience.make_fan,
            "a fan: airflow with a faint motor hum",
        ),
        _spec(
            "tapping",
            "trigger",
            "trigger",
            tapping.TappingParams,
            tapping.make_tapping,
            "fingertip or nail taps on wood, glass, ceramic or plastic (modal synthesis)",
        ),
        _spec(
            "scratching",
            "trigger",
            "trigger",
            textures.ScratchingParams,
            textures.make_scratching,
            "slow scratching strokes on a surface",
        ),
        _spec(
            "brushing",
            "trigger",
            "trigger",
            textures.BrushingParams,
            textures.make_brushing,
            "brush strokes through hair, or a soft brush on a microphone",
        ),
        _spec(
            "crinkling",
            "trigger",
            "trigger",
            textures.CrinklingParams,
            textures.make_crinkling,
            "crinkling paper or plastic",
        ),
        _spec(
            "page_turn",
            "trigger",
            "trigger",
            textures.PageTurnParams,
            textures.make_page_turn,
            "turning the pages of a book",
        ),
        _spec(
            "water_drops",
            "trigger",
            "trigger",
            water.WaterDropsParams,
            water.make_water_drops,
            "single drops falling into water",
        ),
        _spec(
            "pouring",
            "trigger",
            "trigger",
            water.PouringParams,
            water.make_pouring,
            "water poured into a vessel, rising in pitch as it fills",
        ),
        _spec(
            "towel",
            "trigger",
            "trigger",
            textures.TowelParams,
            textures.make_towel,
            "the soft rustle of a towel",
        ),
        _spec(
            "heartbeat",
            "trigger",
            "body",
            body.HeartbeatParams,
            body.make_heartbeat,
            "a soft, slow heartbeat",
        ),
        _spec(
            "breathing",
            "trigger",
            "body",
            body.BreathingParams,
            body.make_breathing,
            "slow, soft breaths",
        ),
        _spec(
            "whisper_texture",
            "voice",
            "whisper",
            body.WhisperTextureParams,
            body.make_whisper_texture,
            "wordless whispered syllables, for ear-to-ear sweeps",
        ),
    ]
)


def _lookup(name: str) -> GeneratorSpec:
    try:
        return GENERATORS[name]
    except KeyError:
        near = difflib.get_close_matches(name, GENERATORS, n=1, cutoff=0.4)
        hint = f"did you mean {near[0]!r}? " if near else ""
        raise UnknownGenerator(
            f"unknown sound generator {name!r}; {hint}valid names: {', '.join(GENERATORS)}"
        ) from None


def validate_params(name: str, params: dict) -> BaseModel:
    """Check ``params`` against the generator's model (pydantic.ValidationError if bad)."""
    return _lookup(name).params.model_validate(params or {})


def _prepare(name, params, seconds, sample_rate):
    spec = _lookup(name)
    model = params if isinstance(params, spec.params) else validate_params(name, params)
    if not MIN_SAMPLE_RATE <= sample_rate <= MAX_SAMPLE_RATE:
        raise ValueError(
            f"sample_rate {sample_rate} is outside {MIN_SAMPLE_RATE}.."
            f"{MAX_SAMPLE_RATE} Hz; use 48000"
        )
    if not 0 < seconds <= MAX_RENDER_SECONDS:
        raise ValueError(
            f"seconds={seconds} must be in (0, {MAX_RENDER_SECONDS:.0f}]; for a "
            "whole night use render_loop or render_stream"
        )
    return spec, model


def _make(spec, model, seconds, sample_rate, seed) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = np.asarray(spec.make(model, seconds, sample_rate, rng), dtype=np.float64)
    if not np.all(np.isfinite(x)):  # belt and braces: never a NaN
        x = np.nan_to_num(x, nan=0.0, posinf=0.0, neginf=0.0)
    return x - np.mean(x) if spec.kind == "bed" else x


def render(
    name: str,
    params: dict | BaseModel | None,
    seconds: float,
    sample_rate: int = 48000,
    seed: int = 0,
    normalise: bool = True,
    cache: bool = False,
) -> np.ndarray:
    """Render ``seconds`` of a generator as finite float32 mono, at its category's loudness.

    With ``cache`` (normalised sounds only) it is kept like a loop and loaded next time."""
    from ..normalise import normalise as to_target

    spec, model = _prepare(name, params, seconds, sample_rate)

    def make() -> np.ndarray:
        x = fade_edges(_make(spec, model, seconds, sample_rate, seed), sample_rate)
        return to_target(x, sample_rate, spec.category) if normalise else x.astype(np.float32)

    if not (cache and normalise):
        return make()
    return load_or_make(_cache_key("once", name, model, seconds, sample_rate, seed), make)


def _crossfade_seconds(seconds: float) -> float:
    return min(2.0, seconds / 4)


CACHE_VERSION = 3  # 3: single-precision FFTs in coloured noise


def _cache_key(kind, name, model, seconds, sample_rate, seed) -> str:
    """The hash that names a rendered sound in the sound cache (vrasmr.sound.sound_cache)."""
    import hashlib
    import json

    key = [name, model.model_dump(mode="json"), seconds, sample_rate, seed, CACHE_VERSION]
    if kind != "loop":  # loops keep their old keys (their cached files stay valid)
        key.append(kind)
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:32]


def render_loop(
    name: str,
    params: dict | BaseModel | None,
    seconds: float,
    sample_rate: int = 48000,
    seed: int = 0,
    cache: bool = True,
) -> np.ndarray:
    """A seamless loop of ``seconds``: the tail is crossfaded into the head (equal power), so
    the last sample flows straight into the first. Normalised like ``render``.

    With ``cache`` the loop is kept in the sound cache (:mod:`vrasmr.sound.sound_cache`)
    and loaded next time.
    """
    spec, model = _prepare(name, params, seconds, sample_rate)

    def make() -> np.ndarray:
        return _render_loop(spec, model, seconds, sample_rate, seed)

    if not cache:
        return make()
    return load_or_make(_cache_key("loop", name, model, seconds, sample_rate, seed), make)


def _render_loop(spec, model, seconds, sample_rate, seed) -> np.ndarray:
    from ..loudness import true_peak_dbtp
    from ..normalise import TRUE_PEAK_LIMIT_DBTP, normalise

    n = max(2, int(round(seconds * sample_rate)))
    fade = max(1, int(_crossfade_seconds(seconds) * sample_rate))
    total = (n + fade) / sample_rate
    x = normalise(_make(spec, model, total, sample_rate, seed), sample_rate, spec.category)
    x = x.astype(np.float64)[: n + fade]
    theta = 0.5 * np.pi * np.arange(fade) / fade
    loop = x[:n].copy()
    loop[:fade] = x[:fade] * np.sin(theta) + x[n : n + fade] * np.cos(theta)
    peak = true_peak_dbtp(
        np.concatenate([loop, loop[:64]]), sample_rate, floor_dbtp=TRUE_PEAK_LIMIT_DBTP
    )
    if peak > TRUE_PEAK_LIMIT_DBTP:
        loop *= 10 ** ((TRUE_PEAK_LIMIT_DBTP - 0.05 - peak) / 20)
    return loop.astype(np.float32)


def render_stream(
    name: str,
    params: dict | BaseModel | None,
    block_seconds: float = 30.0,
    sample_rate: int = 48000,
    seed: int = 0,
) -> Iterator[np.ndarray]:
    """Endless, never-repeating audio in blocks of ``block_seconds`` (float32 mono).

    Each block is a fresh seeded render, crossfaded into the previous one; block k is always
    the same for the same seed. Run it off the audio thread (a worker fills a queue).
    """
    from ..normalise import normalise

    spec, model = _prepare(name, params, block_seconds, sample_rate)
    n = max(2, int(round(block_seconds * sample_rate)))
    fade = max(1, int(_crossfade_seconds(block_seconds) * sample_rate))
    theta = 0.5 * np.pi * np.arange(fade) / fade
    tail = None
    index = 0
    while True:
        x = _make(spec, model, (n + fade) / sample_rate, sample_rate, [seed, index])
        x = normalise(x, sample_rate, spec.category).astype(np.float64)[: n + fade]
        block = x[:n].copy()
        if tail is not None:
            block[:fade] = x[:fade] * np.sin(theta) + tail * np.cos(theta)
        tail = x[n : n + fade]
        index += 1
        yield block.astype(np.float32)


__all__ = [
    "GENERATORS",
    "GeneratorSpec",
    "UnknownGenerator",
    "render",
    "render_loop",
    "render_stream",
    "validate_params",
]
