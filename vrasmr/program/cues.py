"""The sounds a script's cues start (``[brush near left 6s]``): a trigger gesture of that
kind, made fresh for each cue, placed where the voice says it is.

:data:`GestureMaker` is the one interface: ``make(kind, seconds, seed)`` gives float32 mono
samples at 48 kHz. :func:`synth_gesture` makes them today from the procedural generators
(:mod:`vrasmr.sound.synth`); a streaming gesture maker can take its place without anything
else changing. Each place round the head (``near``: about 0.2 m from the ear, else 0.6 m) is
a head-anchored voice of its own (:func:`cue_emitters`); the player mixes each gesture into
its place's track from the sample where its clause starts.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable

import numpy as np

from vrasmr.sound.speech.script_model import CUE_PLACES, FAR_M, NEAR_M

GestureMaker = Callable[[str, float, int], np.ndarray]
"""``make(kind, seconds, seed) -> samples``: one gesture of a cue sound ``kind`` (a word of
:data:`~vrasmr.sound.speech.script.CUE_SOUNDS`), float32 mono at 48 kHz, edges faded."""

# cue sound -> (generator, params, level trim dB): the generators' sounds, paced for a hand
GESTURES: dict[str, tuple[str, dict, float]] = {
    "brush": ("brushing", {"variant": "hair", "rate_hz": 0.7, "stroke_seconds": 1.1}, 0.0),
    "comb": (
        "brushing",
        {"variant": "hair", "rate_hz": 1.3, "stroke_seconds": 0.6, "bristle": 0.85},
        -2.0,
    ),
    "tap": ("tapping", {"material": "wood", "striker": "finger", "rate_hz": 2.0}, -4.0),
    "scratch": ("scratching", {"rate_hz": 1.5, "brightness": 0.3}, -2.0),
    "crinkle": ("crinkling", {"material": "paper", "density": 0.35}, -3.0),
    "page": ("page_turn", {"interval_s": 2.5, "paper": 0.4}, 0.0),
    "pour": ("pouring", {}, -2.0),
    "drops": ("water_drops", {"rate_hz": 1.2}, -3.0),
    "towel": ("towel", {}, 0.0),
    # a fine mist: short soft hisses, no grain
    "spray": (
        "scratching",
        {"rate_hz": 1.0, "stroke_seconds": 0.35, "roughness": 0.0, "brightness": 1.0},
        -5.0,
    ),
    # a soft click or two (a clasp, a switch): a nail on plastic, one at a time
    "click": (
        "tapping",
        {"material": "plastic", "striker": "nail", "rate_hz": 0.8, "group": 1, "accent": 0.0},
        -6.0,
    ),
}

# cue sound -> the trigger kind a person can switch off in the menu (and the journal learns)
TRIGGER_OF: dict[str, str] = {
    "brush": "brushing",
    "comb": "brushing",
    "tap": "tapping",
    "scratch": "scratching",
    "crinkle": "crinkling",
    "page": "paper",
    "pour": "water",
    "drops": "water",
    "towel": "brushing",
    "spray": "water",
    "click": "tapping",
}

_DIRECTIONS = {
    "left": (-1.0, 0.0, 0.0),
    "right": (1.0, 0.0, 0.0),
    "front": (0.0, 0.0, -1.0),
    "behind": (0.0, 0.0, 1.0),
    "above": (0.0, 1.0, 0.0),
}


def synth_gesture(kind: str, seconds: float, seed: int) -> np.ndarray:
    """A gesture made by the procedural generators (the :data:`GestureMaker` of today)."""
    from vrasmr.sound import synth

    generator, params, trim_db = GESTURES[kind]
    samples = synth.render(generator, params, seconds, seed=seed)
    return (samples * np.float32(10.0 ** (trim_db / 20.0))).astype(np.float32)


def place_key(place: str, near: bool) -> str:
    """The track a cue sounds on, e.g. ``near-left`` or ``left``."""
    return f"near-{place}" if near else place


def place_position(key: str) -> tuple[float, float, float]:
    """Where a track sounds, head-relative metres."""
    near = key.startswith("near-")
    x, y, z = _DIRECTIONS[key.removeprefix("near-")]
    d = NEAR_M if near else FAR_M
    return (x * d, y * d, z * d)


def cue_keys(scripts: Iterable) -> list[str]:
    """Every track the cues of ``scripts`` use, in a fixed order."""
    used = {
        place_key(c.place, c.near)
        for script in scripts
        for u in script.utterances
        for c in (*u.cues, *u.cues_after)
    }
    order = [place_key(p, n) for n in (True, False) for p in CUE_PLACES]
    return [k for k in order if k in used]


def cue_triggers(scripts: Iterable) -> list[str]:
    """The trigger kinds the cues of ``scripts`` play."""
    kinds = {
        TRIGGER_OF[c.sound] for s in scripts for u in s.utterances for c in (*u.cues, *u.cues_after)
    }
    return sorted(kinds)


def gesture_seed(seed: int, script_id: str, utterance: int, n: int) -> int:
    return zlib.crc32(f"{seed}:{script_id}:{utterance}:{n}".encode()) & 0x7FFFFFFF


class CueMix:
    """The gestures now sounding on each track, mixed a block at a time (sound thread)."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = list(keys)
        self._active: list[tuple[str, int, np.ndarray]] = []  # (track, first sample, samples)
        self._quiet: dict[int, np.ndarray] = {}

    @property
    def busy(self) -> bool:
        return bool(self._active)

    def start(self, key: str, at_sample: int, samples: np.ndarray) -> None:
        if key in self.keys and len(samples):
            self._active.append((key, int(at_sample), np.asarray(samples, np.float32)))

    def render(self, begin: int, frames: int) -> dict[str, np.ndarray]:
        """Each track's samples ``[begin, begin + frames)``; a quiet track gets one shared
        read-only block of zeros."""
        quiet = self._quiet.get(frames)
        if quiet is None:
            quiet = np.zeros(frames, np.float32)
            quiet.flags.writeable = False
            self._quiet = {frames: quiet}
        if not self._active:
            return dict.fromkeys(self.keys, quiet)
        busy = {key for key, _, _ in self._active}
        out = {k: np.zeros(frames, np.float32) if k in busy else quiet for k in self.keys}
        end = begin + frames
        still = []
        for key, first, samples in self._active:
            last = first + len(samples)
            lo, hi = max(begin, first), min(end, last)
            if hi > lo:
                out[key][lo - begin : hi - begin] += samples[lo - first : hi - first]
            if last > end:
                still.append((key, first, samples))
        self._active = still
        return out

    def clear(self) -> None:
        self._active = []
