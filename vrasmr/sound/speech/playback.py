"""A script as a scene plays it: the speech items of a script, in order or (for a word list)
in a seeded order, with pauses that grow through the night, as one :class:`SpeechStream`.

Programs (scripts in sequence over a night, cues triggering sounds) build on the same
pieces: :func:`script_items` and :class:`~.stream.SpeechStream`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from .script import Script, load_script
from .stream import SpeechItem, SpeechStream

PAUSE_GROWTH = 1.0  # pauses grow by this share of themselves over the first hour ...
GROWTH_HOURS = 1.0  # ... and stay there
WHISPER_GAP_S = (3.0, 9.0)  # silence after each whispered phrase (× pause_scale)
BREATHS = 12  # breaths a breathing script guides when a scene plays it
BREATH_HALF_S = 5.0  # 6 breaths a minute


def grown(pause_s: float, at_s: float) -> float:
    """A pause ``pause_s`` made longer the later in the session it comes."""
    return pause_s * (1.0 + PAUSE_GROWTH * min(max(at_s, 0.0) / (GROWTH_HOURS * 3600), 1.0))


def script_items(
    script: Script, *, voice: str | None = None, seed: int = 0
) -> Iterator[SpeechItem]:
    """The speech of ``script`` as items (``voice`` overrides the script's own)."""
    header = script.header
    voice = voice or header.voice
    if header.kind == "whispers":
        yield from _whispered(script, voice, seed)
        return
    at = script.lead_in_s
    for utterance in script.utterances:
        at += utterance.words / header.rate_wpm * 60.0
        pause = grown(utterance.pause_after_s, at)
        at += pause
        yield SpeechItem(utterance.text, pause, voice, header.rate_wpm, utterance)
    if header.kind == "breathing":
        for n in range(BREATHS):
            for phrases in (header.inhale, header.exhale):
                text = phrases[n % len(phrases)]
                yield SpeechItem(text, BREATH_HALF_S, voice, header.rate_wpm)


def _whispered(script: Script, voice: str, seed: int) -> Iterator[SpeechItem]:
    """The phrases over and over, each pass in a new shuffled order (none twice in a pass,
    never the same phrase twice running), with a seeded gap after each."""
    rng = random.Random(seed)
    phrases = list(script.utterances)
    lo, hi = (g * script.header.pause_scale for g in WHISPER_GAP_S)
    last = None
    while True:
        order = phrases[:]
        rng.shuffle(order)
        if len(order) > 1 and order[0] is last:
            order[0], order[-1] = order[-1], order[0]
        for phrase in order:
            yield SpeechItem(
                phrase.text, rng.uniform(lo, hi), voice, script.header.rate_wpm, phrase
            )
        last = order[-1]


def scene_stream(
    script_id: str,
    *,
    voice: str | None = None,
    gain: float = 1.0,
    seed: int = 0,
    may_start: Callable[[], bool] | None = None,
    min_lead_in_s: float = 0.0,
) -> SpeechStream:
    """The stream a scene emitter plays for ``sound = { script = "<id>" }``; ``may_start`` is
    asked before each utterance (False: the one that played was the last). The first words
    come after the script's lead-in, and no sooner than ``min_lead_in_s`` (the scene's beds
    fading in)."""
    script = load_script(script_id)
    return SpeechStream(
        script_items(script, voice=voice, seed=seed),
        gain=gain,
        lead_in_s=max(script.lead_in_s, min_lead_in_s),
        may_start=may_start,
    )


def every_utterance(script: Script, *, voice: str | None = None) -> list[SpeechItem]:
    """Each distinct utterance ``script`` can speak (once each), in playback order."""
    if script.header.kind == "whispers":
        voice = voice or script.header.voice
        rate = script.header.rate_wpm
        return [SpeechItem(u.text, 0.0, voice, rate, u) for u in script.utterances]
    seen: dict[str, SpeechItem] = {}
    for item in script_items(script, voice=voice):
        seen.setdefault(item.text, item)
    return list(seen.values())
