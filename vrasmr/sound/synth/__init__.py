"""Procedural ASMR sounds that stream: a registry of generators, each a class that makes its
sound a chunk at a time from the state it holds (filters, event processes, slow random walks),
never a loop.

* :func:`stream` — an endless bed at its loudness category's level (calibrated once per
  generator and parameters, :mod:`.level`), for the sound engine's stream voices;
* :func:`gesture_stream` — a trigger: silent until triggered, then a gesture made fresh;
* :func:`render` — ``seconds`` of a generator as one array (normalised exactly: tests, tools);
* :func:`vrasmr.sound.synth.gestures.make_gesture` — a one-off gesture by kind, for programs.

A seed makes the samples reproducible; ``seed=None`` draws a fresh one (a new night).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel

from vrasmr.scene.generator_params import (
    GENERATOR_PARAMS,
    UnknownGenerator,
    params_model,
    validate_params,
)

from . import ambience, body, noise, pouring, tapping, textures, water
from ._generator import Ctx
from ._kernels import samples
from ._params import jittered
from .stream import GeneratorStream, GestureStream, pressure

MIN_SAMPLE_RATE = 8000
MAX_SAMPLE_RATE = 192000
MAX_RENDER_SECONDS = 3600.0


@dataclass(frozen=True)
class GeneratorSpec:
    """One generator: its kind, loudness category, parameters, class and defaults."""

    name: str
    kind: str  # "bed" | "trigger" | "voice"
    category: str  # a key of vrasmr.sound.normalise.TARGETS
    params: type[BaseModel]
    make: type  # a ._generator.Generator subclass: make(params, ctx)
    variation: float  # the default 0..1: how much it wanders (beds) or varies (gestures)
    summary: str
    calibrate_s: float = 30.0  # seconds its level is measured over


_BED, _TRIGGER = ("bed", "bed"), ("trigger", "trigger")
# name, (kind, category), class, default variation, calibration s, summary
_TABLE = (
    ("white_noise", ("bed", "noise"), noise.White, 0.0, 20,
     "flat-spectrum noise"),
    ("pink_noise", ("bed", "noise"), noise.Pink, 0.0, 20,
     "noise falling 3 dB per octave, like steady rain far away"),
    ("brown_noise", ("bed", "noise"), noise.Brown, 0.0, 20,
     "noise falling 6 dB per octave: a deep, soft roar"),
    ("rain", _BED, water.Rain, 0.5, 30,
     "rain: droplets and bubbles over a filtered bed, on five surfaces; it ebbs and flows"),
    ("ocean", _BED, water.Ocean, 0.5, 240,
     "waves with slow swells, a soft crash and a receding wash; sets come and go"),
    ("stream", _BED, water.Brook, 0.5, 30,
     "a babbling brook: rushing water and bubbles"),
    ("wind", _BED, ambience.Wind, 0.5, 60,
     "wind in gusts, with an optional soft whistle"),
    ("fire", _BED, ambience.Fire, 0.5, 240,
     "a campfire: crackles, pops, hiss and a low roar; it flares, calms and settles"),
    ("insects", _BED, ambience.Insects, 0.5, 60,
     "night crickets chirping at a distance"),
    ("fan", _BED, ambience.Fan, 0.0, 20,
     "a fan: airflow with a faint motor hum"),
    ("tapping", _TRIGGER, tapping.Tapping, 0.5, 30,
     "fingertip or nail taps on wood, glass, ceramic or plastic (modal synthesis)"),
    ("clicking", _TRIGGER, tapping.Clicking, 0.5, 120,
     "soft mechanical clicks: a pen, a clasp, a switch"),
    ("scratching", _TRIGGER, textures.Scratching, 0.5, 30,
     "slow scratching strokes on a surface"),
    ("brushing", _TRIGGER, textures.Brushing, 0.5, 30,
     "brush strokes through hair, or a soft brush on a microphone"),
    ("crinkling", _TRIGGER, textures.Crinkling, 0.5, 30,
     "crinkling paper or plastic"),
    ("page_turn", _TRIGGER, textures.PageTurn, 0.5, 90,
     "turning the pages of a book"),
    ("spray", _TRIGGER, textures.Spray, 0.5, 40,
     "a spray bottle's fine mist, in short soft bursts"),
    ("water_drops", _TRIGGER, pouring.WaterDrops, 0.5, 120,
     "single drops falling into water"),
    ("pouring", _TRIGGER, pouring.Pouring, 0.5, 60,
     "water poured into a vessel, rising in pitch as it fills"),
    ("towel", _TRIGGER, textures.Towel, 0.5, 30,
     "the soft rustle of a towel"),
    ("heartbeat", ("trigger", "body"), body.Heartbeat, 0.5, 30,
     "a soft, slow heartbeat"),
    ("breathing", ("trigger", "body"), body.BreathingSound, 0.5, 60,
     "slow, soft breaths"),
    ("whisper_texture", ("voice", "whisper"), body.WhisperTexture,
     0.5, 90, "wordless whispered syllables, for ear-to-ear sweeps"),
)  # fmt: skip
GENERATORS: dict[str, GeneratorSpec] = {
    name: GeneratorSpec(
        name, kind, cat, GENERATOR_PARAMS[name], cls, variation, summary, float(seconds)
    )
    for name, (kind, cat), cls, variation, seconds, summary in _TABLE
}


def _lookup(name: str) -> GeneratorSpec:
    params_model(name)  # an unknown name: UnknownGenerator, with a suggestion
    return GENERATORS[name]


def new_seed() -> int:
    """A fresh seed from the operating system's entropy (a new night)."""
    return int(np.random.SeedSequence().entropy % (2**63))


def _prepare(name, params, sample_rate):
    spec = _lookup(name)
    model = params if isinstance(params, spec.params) else validate_params(name, params)
    if not MIN_SAMPLE_RATE <= sample_rate <= MAX_SAMPLE_RATE:
        raise ValueError(
            f"sample_rate {sample_rate} is outside {MIN_SAMPLE_RATE}.."
            f"{MAX_SAMPLE_RATE} Hz; use 48000"
        )
    return spec, model


def _variation(spec: GeneratorSpec, variation: float | None) -> float:
    return spec.variation if variation is None else min(max(float(variation), 0.0), 1.0)


def stream(
    name: str,
    params: dict | BaseModel | None,
    *,
    sample_rate: int = 48000,
    seed: int | None = None,
    variation: float | None = None,
    gain: float = 1.0,
    weather: int | None = None,
) -> GeneratorStream:
    """An endless stream of generator ``name`` at its category's loudness (times ``gain``).
    ``variation`` (0..1, default the generator's) is how far its slow walks wander; streams
    given the same ``weather`` seed wander together (one wind, heard in three places).
    Its ``lufs`` is the loudness it plays at: the category's target, moved by ``gain``."""
    from ..normalise import TARGETS
    from .level import calibrated_gain

    spec, model = _prepare(name, params, sample_rate)
    rng = np.random.default_rng(new_seed() if seed is None else seed)
    shared = None if weather is None else np.random.default_rng(weather)
    generator = spec.make(model, Ctx(sample_rate, rng, _variation(spec, variation), weather=shared))
    lufs = TARGETS[spec.category] + 20.0 * math.log10(gain) if gain > 0 else -math.inf
    return GeneratorStream(generator, gain * calibrated_gain(spec, model, sample_rate), lufs)


def gesture_stream(
    name: str,
    params: dict | BaseModel | None,
    seconds: float,
    *,
    sample_rate: int = 48000,
    seed: int | None = None,
    variation: float | None = None,
    gain: float = 1.0,
    once: bool = False,
    overlap: int = 1,
) -> GestureStream:
    """A trigger's stream: each :meth:`~GestureStream.trigger` plays ``seconds`` of
    generator ``name`` made fresh, its numeric parameters moved at random by ``variation``
    (rate, stroke length, pressure, brightness ...) and its own variants drawn (strike
    positions, bristles, drops), at about its category's loudness."""
    from .level import calibrated_gain

    spec, model = _prepare(name, params, sample_rate)
    amount = _variation(spec, variation)
    level = gain * calibrated_gain(spec, model, sample_rate)

    def make(rng: np.random.Generator) -> GeneratorStream:
        own = np.random.default_rng(rng.integers(0, 2**63))
        generator = spec.make(jittered(model, own, amount), Ctx(sample_rate, own, amount))
        return GeneratorStream(generator, level * pressure(own, amount))

    rng = np.random.default_rng(new_seed() if seed is None else seed)
    return GestureStream(make, seconds, sample_rate, rng, once=once, overlap=overlap)


def render(
    name: str,
    params: dict | BaseModel | None,
    seconds: float,
    sample_rate: int = 48000,
    seed: int = 0,
    normalise: bool = True,
    variation: float | None = None,
) -> np.ndarray:
    """``seconds`` of a generator as finite float32 mono; with ``normalise``, levelled as a
    whole to its category's target (true peak under the limit), else raw.

    A trigger's first event comes at 20 ms: a short render is one event, a long one many.
    """
    from ..normalise import normalise as to_target

    spec, model = _prepare(name, params, sample_rate)
    if not 0 < seconds <= MAX_RENDER_SECONDS:
        raise ValueError(
            f"seconds={seconds} must be in (0, {MAX_RENDER_SECONDS:.0f}]; for a whole night "
            "use stream()"
        )
    generator = spec.make(
        model, Ctx(sample_rate, np.random.default_rng(seed), _variation(spec, variation))
    )
    n = samples(seconds, sample_rate)
    x = np.concatenate([generator.next_chunk() for _ in range(-(-n // generator.ctx.n))])[:n]
    if not np.all(np.isfinite(x)):  # belt and braces: never a NaN
        x = np.nan_to_num(x, nan=0.0, posinf=0.0, neginf=0.0)
    if spec.kind == "bed":
        x -= np.mean(x)
    k = min(len(x) // 2, int(sample_rate * 0.005))
    if k:  # 5 ms raised-cosine edges: a render starts and ends at zero
        ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(k) / k)
        x[:k] *= ramp
        x[-k:] *= ramp[::-1]
    return to_target(x, sample_rate, spec.category) if normalise else x.astype(np.float32)


__all__ = [
    "GENERATORS",
    "GeneratorSpec",
    "GeneratorStream",
    "GestureStream",
    "UnknownGenerator",
    "gesture_stream",
    "new_seed",
    "render",
    "stream",
    "validate_params",
]
