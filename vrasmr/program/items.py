"""A night's plan as speech: the items of each planned script in turn, pauses growing through
the night, a growing silence between scripts, and breathing guidance on the breath.

The same walk gives the planner its estimates (:func:`script_entries`: each utterance's
estimated start and length at the script's rate) and the player its items
(:class:`ItemSource`), so what is planned is what plays.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import KW_ONLY, dataclass

from vrasmr.sound.speech.playback import grown
from vrasmr.sound.speech.script_model import Cue, Script
from vrasmr.sound.speech.stream import SpeechItem

GROWTH_S = 3600.0  # without a timer, the gap between scripts grows over the first hour
BREATH_PHRASE_S = 1.0  # an estimate of one breath phrase's length
END_MARGIN_S = 10.0  # no utterance that would still be speaking this close to the fade's end
# (or a quarter of the fade, if that is shorter)


@dataclass(frozen=True)
class TimerWindow:
    """The sleep timer's fade, in scene seconds (``fade_end`` None: it never ends)."""

    fade_start: float
    fade_end: float

    def progress(self, t: float) -> float:
        """How far toward the fade's start ``t`` is, 0..1."""
        return min(max(t / self.fade_start, 0.0), 1.0) if self.fade_start > 0 else 1.0


@dataclass(frozen=True)
class Tag:
    """What a program item is: which planned script (``index`` in the night's order), which
    utterance (-1: a breath phrase, at breath cycle ``breath``), and its cues."""

    index: int
    script_id: str
    utterance: int
    sentence_end: bool = True
    opens: bool = False  # the first item of the script this time round
    cues: tuple[Cue, ...] = ()
    cues_after: tuple[Cue, ...] = ()
    breath: float | None = None
    paragraph: int = 0


@dataclass(frozen=True)
class Entry:
    """One utterance as planned: the item (its tag's ``index`` unset), its estimated start
    and the start of what follows (scene seconds), and its speaking time."""

    item: SpeechItem
    start_s: float
    talk_s: float
    next_s: float


def fits_window(window: TimerWindow, item, now: float, current: Tag | None) -> bool:
    """Whether ``item`` may start at scene time ``now`` under the timer's fade: no new script
    once the fade has begun, none past the first sentence end after its middle, and no
    utterance that would still be speaking near its end."""
    if item.tag.opens and now >= window.fade_start:
        return False  # no new script once the fade has begun
    middle = (window.fade_start + window.fade_end) / 2.0
    if now >= middle and (current is None or current.sentence_end):
        return False  # the first sentence end past the fade's middle
    margin = min(END_MARGIN_S, (window.fade_end - window.fade_start) / 4.0)
    return now + talk_seconds(item.text, item.rate_wpm) < window.fade_end - margin


def talk_seconds(text: str, rate_wpm: int) -> float:
    return len(text.split()) / rate_wpm * 60.0


def gap_seconds(gap_s: tuple[float, float], at: float, window: TimerWindow | None) -> float:
    """The silence after a script that ends at ``at``: growing from the first value to the
    second as the timer runs toward its fade (without a timer, over an hour)."""
    low, high = gap_s
    share = window.progress(at) if window is not None else min(max(at / GROWTH_S, 0.0), 1.0)
    return low + (high - low) * share


def script_entries(
    script: Script,
    at: float,
    *,
    voice: str | None = None,
    from_utterance: int = 0,
    pace=None,
    breath_minutes: float = 15.0,
) -> Iterator[Entry]:
    """The utterances of ``script`` from ``from_utterance`` on, starting at scene second
    ``at``, pauses grown for the time they fall at. A breathing script speaks its first
    paragraph, then a phrase at each inhale and exhale of ``pace`` (a
    :class:`~vrasmr.sleep.pacing.BreathPlan`) for ``breath_minutes``, then the rest."""
    header = script.header
    voice = voice or header.voice
    rate = header.rate_wpm
    utterances = script.utterances
    breathing = header.kind == "breathing" and pace is not None
    # the breaths come between the first paragraph and the rest (already past, if resumed
    # in the rest)
    breathed = (
        0 < from_utterance <= len(utterances) and utterances[from_utterance - 1].paragraph > 0
    )
    if from_utterance == 0:
        at += script.lead_in_s
    first = True
    for n in range(from_utterance, len(utterances)):
        u = utterances[n]
        if breathing and not breathed and u.paragraph > 0:
            for entry in _breaths(script, at, voice, pace, breath_minutes, first):
                yield entry
                at = entry.next_s
            breathed, first = True, False
        talk = talk_seconds(u.text, rate)
        pause = grown(u.pause_after_s, at + talk)
        tag = Tag(-1, script.id, n, u.sentence_end, first, u.cues, u.cues_after, None, u.paragraph)
        yield Entry(SpeechItem(u.text, pause, voice, rate, tag), at, talk, at + talk + pause)
        at += talk + pause
        first = False
    if breathing and not breathed:
        yield from _breaths(script, at, voice, pace, breath_minutes, first)


def _breaths(script: Script, at: float, voice: str, pace, minutes: float, opens: bool):
    """A phrase at each inhale and each exhale for ``minutes`` from ``at``."""
    header = script.header
    begin = math.ceil(pace.cycles(at) * 2.0) / 2.0  # the next half breath
    end = pace.cycles(at + minutes * 60.0)
    k = 0
    half = begin
    while half < end:
        phrases = header.inhale if half % 1.0 == 0.0 else header.exhale
        text = phrases[(k // 2) % len(phrases)]
        start = time_of_cycle(pace, half, at)
        nxt = time_of_cycle(pace, half + 0.5, start)
        talk = min(talk_seconds(text, header.rate_wpm), BREATH_PHRASE_S)
        tag = Tag(-1, script.id, -1, True, opens and k == 0, breath=half)
        # the next phrase is placed on its breath when it comes up (the pace may change)
        yield Entry(SpeechItem(text, 0.0, voice, header.rate_wpm, tag), start, talk, nxt)
        half += 0.5
        k += 1


def time_of_cycle(pace, cycle: float, after: float = 0.0) -> float:
    """The scene second at which ``pace`` has counted ``cycle`` breaths (at or after
    ``after``; bisection on its monotonic count)."""
    lo = after
    if pace.cycles(lo) >= cycle:
        return lo
    hi = lo + 60.0
    while pace.cycles(hi) < cycle:
        hi += (hi - lo) * 2.0
    for _ in range(48):
        mid = (lo + hi) / 2.0
        if pace.cycles(mid) < cycle:
            lo = mid
        else:
            hi = mid
    return hi


@dataclass(eq=False)
class ItemSource:
    """The speech items of a night's order from one point on: script ``index`` from
    utterance ``utterance``, the first item at scene second ``at`` (an estimate that the
    player renews whenever it changes course). Gaps and pauses are estimated as they are
    generated, so they follow the timer that is set when they come up."""

    order: list
    scripts: dict[str, Script]
    _: KW_ONLY
    index: int = 0
    utterance: int = 0
    at: float
    voice: str | None
    gap_s: tuple[float, float]
    window: Callable[[], TimerWindow | None]
    pace: Callable[[], object]
    breath_minutes: Callable[[int], float]

    def __iter__(self) -> Iterator[SpeechItem]:
        index, utterance, at = self.index, self.utterance, self.at
        while index < len(self.order):
            planned = self.order[index]
            script = self.scripts[planned.script_id]
            last = None
            for entry in script_entries(
                script,
                at,
                voice=self.voice,
                from_utterance=utterance,
                pace=self.pace() if script.header.kind == "breathing" else None,
                breath_minutes=self.breath_minutes(planned.part),
            ):
                if last is not None:
                    yield last
                item = entry.item
                tag = item.tag
                last = SpeechItem(
                    item.text, item.pause_after_s, item.voice, item.rate_wpm,
                    Tag(index, tag.script_id, tag.utterance, tag.sentence_end, tag.opens,
                        tag.cues, tag.cues_after, tag.breath, tag.paragraph),
                )  # fmt: skip
                at = entry.next_s
                end = entry.start_s + entry.talk_s
            index += 1
            utterance = 0
            if last is not None:
                gap = max(last.pause_after_s, gap_seconds(self.gap_s, end, self.window()))
                at = end + gap
                yield SpeechItem(
                    last.text, gap + self.lead_in(index), last.voice, last.rate_wpm, last.tag
                )

    def lead_in(self, index: int, utterance: int = 0) -> float:
        """The silence script ``index`` opens with (its leading ``[pause]``), if started from
        its beginning."""
        if utterance != 0 or index >= len(self.order):
            return 0.0
        return self.scripts[self.order[index].script_id].lead_in_s
