"""The parameters a scene file may give each sound generator: names, defaults, bounds and a
line of help each. They are part of the scene format, so a scene is checked here without the
sound package; :mod:`vrasmr.sound.synth` makes each generator's sound from its model.
"""

from __future__ import annotations

import difflib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from vrasmr.errors import VrasmrError


class Params(BaseModel):
    """Generator parameters: unknown names are refused, values are bounded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def num(default: float, lo: float, hi: float, description: str) -> Any:
    """A numeric field with a default, an inclusive range and a description."""
    return Field(default, ge=lo, le=hi, description=description)


def choice(default: str, description: str) -> Any:
    """A text field restricted by its ``Literal`` annotation."""
    return Field(default, description=description)


# Coloured noise


class NoiseParams(Params):
    warmth: float = num(0.0, 0.0, 1.0, "softening of highs: 0 = the pure colour, 1 = dark")


# Water: rain, ocean, a stream


class RainParams(Params):
    variant: Literal["light", "steady", "roof", "window", "leaves"] = choice(
        "steady", "surface and strength: light, steady, roof, window or leaves"
    )
    intensity: float = num(0.5, 0.0, 1.0, "how hard it rains: scales drop density and bed")
    gustiness: float = num(0.3, 0.0, 1.0, "slow swells in density, as if wind moves the rain")
    warmth: float = num(0.5, 0.0, 1.0, "softening of highs: 0 bright, 1 dark")


class OceanParams(Params):
    wave_period_s: float = num(11.0, 5.0, 20.0, "average time between waves, seconds")
    period_variation: float = num(0.3, 0.0, 0.6, "how much each wave's period varies")
    surf: float = num(0.5, 0.0, 1.0, "strength of the breaking crash and the wash")
    distance: float = num(0.4, 0.0, 1.0, "0 at the water's edge, 1 far up the beach (darker)")


class StreamParams(Params):
    flow: float = num(0.5, 0.0, 1.0, "amount of water: a trickle (0) to a lively brook (1)")
    bubbliness: float = num(0.5, 0.0, 1.0, "how much babbling (bubbles) over the rush")
    warmth: float = num(0.5, 0.0, 1.0, "softening of highs: 0 bright, 1 dark")


# Air and fire: wind, fire, insects, a fan


class WindParams(Params):
    strength: float = num(0.4, 0.0, 1.0, "average wind strength: a breeze (0) to a gale (1)")
    gustiness: float = num(0.5, 0.0, 1.0, "how much the wind rises and falls in gusts")
    gust_rate_hz: float = num(0.08, 0.01, 0.5, "how often gusts come, per second")
    whistle: float = num(0.2, 0.0, 1.0, "soft resonant whistle in the strongest gusts")


class FireParams(Params):
    crackle_rate_hz: float = num(12.0, 0.0, 60.0, "small crackles per second")
    pop_rate_hz: float = num(0.4, 0.0, 4.0, "larger pops per second")
    hiss: float = num(0.3, 0.0, 1.0, "level of the soft gas hiss")
    rumble: float = num(0.6, 0.0, 1.0, "level of the low roar of the flames")


class InsectsParams(Params):
    count: int = num(5, 1, 12, "how many crickets are singing")
    chirp_rate_hz: float = num(1.6, 0.5, 4.0, "chirps per second per cricket (cooler = slower)")
    pitch_hz: float = num(4200.0, 2500.0, 6000.0, "centre pitch of the song")
    distance: float = num(0.6, 0.0, 1.0, "how far away they are: far is softer and darker")
    chorus: float = num(0.3, 0.0, 1.0, "faint continuous chorus of distant insects")


class FanParams(Params):
    speed_rpm: float = num(900.0, 300.0, 2000.0, "blade speed, revolutions per minute")
    blades: int = num(5, 2, 9, "number of blades (sets the soft 'whoosh' rate)")
    hum: float = num(0.3, 0.0, 1.0, "level of the motor's low hum")
    mains_hz: float = num(50.0, 50.0, 60.0, "mains frequency behind the hum (50 or 60)")


# Tapping and clicking


class TappingParams(Params):
    material: Literal["wood", "glass", "ceramic", "plastic"] = choice(
        "wood", "what is tapped: wood, glass, ceramic or plastic"
    )
    striker: Literal["finger", "nail"] = choice("finger", "finger pad (soft) or fingernail")
    rate_hz: float = num(3.0, 0.2, 12.0, "taps per second")
    timing_jitter: float = num(0.12, 0.0, 0.5, "tempo variation: fraction each gap may vary")
    accent: float = num(0.4, 0.0, 1.0, "how much louder the first tap of each group is")
    group: int = num(4, 1, 8, "taps per group (the accent pattern)")
    pitch: float = num(1.0, 0.5, 2.0, "size of the object: >1 smaller and higher")


class ClickingParams(Params):
    rate_hz: float = num(0.7, 0.1, 4.0, "clicks per second")
    hardness: float = num(0.5, 0.0, 1.0, "soft plastic (0) to a crisp metal clasp (1)")
    release: float = num(0.7, 0.0, 1.0, "how often a press is followed by its release click")
    timing_jitter: float = num(0.5, 0.0, 0.9, "irregularity of the timing (fraction)")


# Textures: scratching, brushing, crinkling, a page, a spray, a towel


class ScratchingParams(Params):
    rate_hz: float = num(2.0, 0.2, 8.0, "scratch strokes per second")
    stroke_seconds: float = num(0.35, 0.05, 2.0, "length of one stroke, seconds")
    roughness: float = num(0.5, 0.0, 1.0, "grainy friction (surface texture) in each stroke")
    brightness: float = num(0.4, 0.0, 1.0, "dull fabric (0) to crisp card (1)")
    timing_jitter: float = num(0.2, 0.0, 0.6, "irregularity of the strokes (fraction)")


class BrushingParams(Params):
    variant: Literal["hair", "mic"] = choice(
        "hair", "hair: a brush through hair; mic: a soft brush on a microphone (close, fuzzy)"
    )
    rate_hz: float = num(0.8, 0.1, 4.0, "strokes per second")
    stroke_seconds: float = num(0.9, 0.2, 3.0, "length of one stroke, seconds")
    bristle: float = num(0.5, 0.0, 1.0, "how much fine bristle crackle each stroke has")
    timing_jitter: float = num(0.2, 0.0, 0.6, "irregularity of the strokes (fraction)")


class CrinklingParams(Params):
    material: Literal["paper", "plastic"] = choice("paper", "what is crinkled: paper or plastic")
    gesture_rate_hz: float = num(0.6, 0.1, 3.0, "handling gestures (squeezes) per second")
    gesture_seconds: float = num(1.2, 0.2, 4.0, "length of one gesture, seconds")
    density: float = num(0.5, 0.0, 1.0, "crackles within a gesture: sparse (0) to dense (1)")


class TowelParams(Params):
    rate_hz: float = num(0.5, 0.1, 3.0, "rustling gestures per second")
    gesture_seconds: float = num(1.5, 0.3, 4.0, "length of one gesture, seconds")
    fluffiness: float = num(0.6, 0.0, 1.0, "thin cloth (0) to thick terry towel (1, darker)")


class PageTurnParams(Params):
    interval_s: float = num(12.0, 2.0, 120.0, "time between page turns over a long stretch")
    turn_seconds: float = num(0.9, 0.4, 2.0, "length of one turn, seconds")
    paper: float = num(0.5, 0.0, 1.0, "thin soft paper (0) to crisp thick pages (1)")


class SprayParams(Params):
    rate_hz: float = num(0.5, 0.1, 2.0, "sprays per second")
    burst_seconds: float = num(0.25, 0.08, 1.0, "length of one spray, seconds")
    fineness: float = num(0.5, 0.0, 1.0, "a coarse splutter (0) to a fine mist (1, higher)")


# Pouring and water drops


class WaterDropsParams(Params):
    rate_hz: float = num(0.8, 0.1, 4.0, "drops per second")
    pitch_hz: float = num(1100.0, 300.0, 3000.0, "centre pitch of the drop's 'plink'")
    pitch_spread: float = num(0.3, 0.0, 1.0, "how much the pitch varies drop to drop (octaves)")
    timing_jitter: float = num(0.4, 0.0, 0.9, "irregularity of the timing (fraction)")
    room: float = num(0.3, 0.0, 1.0, "amount of soft room echo, as in a cave or a sink")


class PouringParams(Params):
    pour_seconds: float = num(6.0, 1.0, 30.0, "length of one pour, seconds")
    gap_seconds: float = num(4.0, 0.5, 30.0, "pause between pours, seconds")
    flow: float = num(0.5, 0.0, 1.0, "thin trickle (0) to a full stream (1)")
    vessel_pitch_hz: float = num(350.0, 150.0, 900.0, "resonance of the empty vessel")
    fill_rise: float = num(2.5, 1.0, 4.0, "how many times the resonance rises as it fills")


# The body: heartbeat, breathing, wordless whispers


class HeartbeatParams(Params):
    bpm: float = num(58.0, 40.0, 90.0, "beats per minute")
    variability: float = num(0.04, 0.0, 0.15, "beat-to-beat variation of the interval")
    depth: float = num(0.5, 0.0, 1.0, "how deep and chesty the thump is (0 light, 1 deep)")


class BreathingParams(Params):
    rate_bpm: float = num(6.0, 3.0, 20.0, "breaths per minute (6 is a calm, slowed breath)")
    exhale_ratio: float = num(1.5, 1.0, 2.5, "how much longer the exhale is than the inhale")
    nose: float = num(0.5, 0.0, 1.0, "mouth (0, airier) to nose (1, narrower and darker)")


class WhisperTextureParams(Params):
    syllable_rate_hz: float = num(2.5, 0.5, 5.0, "soft syllables per second")
    pause: float = num(0.35, 0.0, 0.8, "fraction of syllables left out (2 in a row at most)")
    sibilance: float = num(0.3, 0.0, 1.0, "how much 's' and 'sh' hiss the syllables have")


GENERATOR_PARAMS: dict[str, type[Params]] = {
    "white_noise": NoiseParams,
    "pink_noise": NoiseParams,
    "brown_noise": NoiseParams,
    "rain": RainParams,
    "ocean": OceanParams,
    "stream": StreamParams,
    "wind": WindParams,
    "fire": FireParams,
    "insects": InsectsParams,
    "fan": FanParams,
    "tapping": TappingParams,
    "clicking": ClickingParams,
    "scratching": ScratchingParams,
    "brushing": BrushingParams,
    "crinkling": CrinklingParams,
    "page_turn": PageTurnParams,
    "spray": SprayParams,
    "water_drops": WaterDropsParams,
    "pouring": PouringParams,
    "towel": TowelParams,
    "heartbeat": HeartbeatParams,
    "breathing": BreathingParams,
    "whisper_texture": WhisperTextureParams,
}


class UnknownGenerator(VrasmrError, KeyError):
    """A generator name that is not in GENERATOR_PARAMS."""


def params_model(name: str) -> type[Params]:
    """The parameter model of generator ``name`` (UnknownGenerator, with a suggestion)."""
    try:
        return GENERATOR_PARAMS[name]
    except KeyError:
        near = difflib.get_close_matches(name, GENERATOR_PARAMS, n=1, cutoff=0.4)
        hint = f"did you mean {near[0]!r}? " if near else ""
        raise UnknownGenerator(
            f"unknown sound generator {name!r}; {hint}valid names: {', '.join(GENERATOR_PARAMS)}"
        ) from None


def validate_params(name: str, params: dict | None) -> Params:
    """``params`` checked against generator ``name``'s model (pydantic.ValidationError if
    bad, UnknownGenerator for an unknown name)."""
    return params_model(name).model_validate(params or {})
