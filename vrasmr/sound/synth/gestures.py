"""One-off gestures by kind, for spoken programs: a cue such as ``[brush near left 6s]`` starts
``make_gesture("brush", 6.0)`` at that place for that long, made fresh like every trigger.

>>> from vrasmr.sound.synth.gestures import make_gesture
>>> brush = make_gesture("brush", 6.0, seed=3)  # a stream source that ends after 6 s
>>> engine.play_once(VoiceSpec("brush", SILENCE, stream=brush, head_anchored=True), (-0.3, 0, 0))
"""

from __future__ import annotations

import difflib

from vrasmr.errors import VrasmrError

# kind -> (generator, parameters): what a program's cue word plays
GESTURES: dict[str, tuple[str, dict]] = {
    "brush": ("brushing", {"variant": "hair"}),
    "tap": ("tapping", {"material": "wood", "striker": "finger"}),
    "scratch": ("scratching", {}),
    "crinkle": ("crinkling", {"material": "paper"}),
    "page": ("page_turn", {"interval_s": 2.0}),
    "pour": ("pouring", {"gap_seconds": 2.0}),
    "drops": ("water_drops", {}),
    "towel": ("towel", {}),
    "comb": ("brushing", {"rate_hz": 2.0, "stroke_seconds": 0.35, "bristle": 0.9}),
    "spray": ("spray", {}),
    "click": ("clicking", {}),
}
MIN_SECONDS, MAX_SECONDS = 0.5, 60.0


class UnknownGesture(VrasmrError, KeyError):
    """A gesture kind that is not in GESTURES."""


def make_gesture(kind: str, seconds: float, seed: int | None = None, sample_rate: int = 48000):
    """A stream source that plays one gesture of ``kind`` for ``seconds`` (0.5..60), faded in
    and out, then ends; ``seed`` None makes it fresh. At the trigger loudness target."""
    from vrasmr.sound.synth import gesture_stream

    if kind not in GESTURES:
        near = difflib.get_close_matches(kind, GESTURES, n=1, cutoff=0.4)
        hint = f"did you mean {near[0]!r}? " if near else ""
        raise UnknownGesture(f"unknown gesture {kind!r}; {hint}valid kinds: {', '.join(GESTURES)}")
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise ValueError(f"a gesture lasts {MIN_SECONDS:g} to {MAX_SECONDS:g} s, not {seconds:g}")
    name, params = GESTURES[kind]
    return gesture_stream(name, params, seconds, sample_rate=sample_rate, seed=seed, once=True)
