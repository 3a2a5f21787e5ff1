"""Tonight's plan for a scene's program: which scripts, in which order, with which gaps.

Made once when the scene loads (never on the frame path), from the program, the scripts,
the sleep timer's fade, what the journal says was heard (:class:`Heard`) and a seed:

* no script twice in a night (a night continued after a restart goes on where it was);
* a shuffled part plays its least recently heard scripts first, so the first story of
  tonight is never last night's, and with one story a night, twelve stories last twelve
  nights before one comes round again; ties are broken by the seed;
* scripts follow each other until one would start after the fade has begun.

The whole night's order is planned (more than the default timer needs): the player goes on
down it if the timer is lengthened, and stops inside the fade.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from vrasmr.program.items import TimerWindow, gap_seconds, script_entries
from vrasmr.scene.program import DEFAULT_BREATHING_MINUTES, Program

NEVER = math.inf


@dataclass(frozen=True)
class Played:
    """A script heard earlier tonight: how far it got (``reached``: the last utterance
    begun) and whether it was heard to the end."""

    script_id: str
    reached: int = 0
    finished: bool = True


@dataclass(frozen=True)
class Heard:
    """What the journal says: tonight's scripts so far, in order, and for every other
    script heard before, how many nights ago it was last heard (1 = last night)."""

    tonight: tuple[Played, ...] = ()
    nights_ago: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PlannedScript:
    """One script in the night's order, estimated to start at ``start_s`` (scene seconds)
    and speak for ``seconds`` (from its first word to its last, pauses included)."""

    script_id: str
    part: int
    start_s: float
    seconds: float
    from_utterance: int = 0

    @property
    def end_s(self) -> float:
        return self.start_s + self.seconds


@dataclass(frozen=True)
class NightPlan:
    """The night's order and what it was planned against."""

    scripts: tuple[PlannedScript, ...]
    window: TimerWindow | None
    start_s: float
    seed: int
    pace: object = None  # the BreathPlan a breathing script was planned on

    def tonight(self) -> tuple[PlannedScript, ...]:
        """The scripts that start before the fade (all of them without a timer)."""
        if self.window is None:
            return self.scripts
        return tuple(s for s in self.scripts if s.start_s < self.window.fade_start)


def plan_night(
    program: Program,
    scripts: Mapping[str, object],
    *,
    heard: Heard | None = None,
    window: TimerWindow | None,
    seed: int,
    start_s: float,
    breathing_bpm: float = 6.0,
) -> NightPlan:
    """The night's plan (see the module docstring). ``scripts`` maps every id the program
    may play to its parsed :class:`~vrasmr.sound.speech.script.Script`."""
    heard = heard or Heard()
    rng = random.Random(seed)
    parts = program.parts
    counts = [0] * len(parts)
    used: set[str] = set()
    for played in heard.tonight:
        used.add(played.script_id)
        k = _part_for(program, played.script_id, counts)
        if k is not None:
            counts[k] += 1
    order: list[PlannedScript] = []
    at = start_s
    pace = None
    last = heard.tonight[-1] if heard.tonight else None
    if last is not None and not last.finished and last.script_id in scripts:
        k = next(iter(program.parts_of(last.script_id)), 0)
        script = scripts[last.script_id]
        start = _paragraph_start(script, last.reached)
        at, pace = _place(order, program, script, k, at, start, window, pace, breathing_bpm)
    for k, part in enumerate(parts):
        ids = [i for i in part.resolve(scripts) if i not in used]
        if part.order == "shuffle":
            draws = {i: rng.random() for i in ids}
            ids.sort(key=lambda i: (-heard.nights_ago.get(i, NEVER), draws[i]))
        room = len(ids) if part.count is None else max(part.count - counts[k], 0)
        for script_id in ids[:room]:
            used.add(script_id)
            script = scripts[script_id]
            at, pace = _place(order, program, script, k, at, 0, window, pace, breathing_bpm)
    return NightPlan(tuple(order), window, start_s, seed, pace)


def _place(order, program, script, k, at, start, window, pace, breathing_bpm):
    """Add ``script`` at ``at`` to ``order``; returns where the next one starts."""
    if script.header.kind == "breathing" and pace is None:
        pace = default_pace(at, breathing_bpm)
    minutes = program.parts[k].minutes or DEFAULT_BREATHING_MINUTES
    entries = list(
        script_entries(script, at, from_utterance=start, pace=pace, breath_minutes=minutes)
    )
    if not entries:
        return at, pace
    end = entries[-1].start_s + entries[-1].talk_s
    order.append(PlannedScript(script.id, k, entries[0].start_s, end - entries[0].start_s, start))
    last_pause = entries[-1].item.pause_after_s
    return end + max(last_pause, gap_seconds(program.gap_s, end, window)), pace


def default_pace(start_s: float, to_bpm: float):
    """The breathing guide's pace without a measurement: 12 breaths a minute until
    ``start_s``, then gliding to ``to_bpm`` (vrasmr.sleep.pacing)."""
    from vrasmr.sleep.pacing import GLIDE_S, START_BPM, BreathPlan

    return BreathPlan.steady(START_BPM).then(start_s, min(to_bpm, START_BPM), GLIDE_S)


def _part_for(program: Program, script_id: str, counts: list[int]) -> int | None:
    """The first part that names ``script_id`` and has room for it."""
    for k in program.parts_of(script_id):
        count = program.parts[k].count
        if count is None or counts[k] < count:
            return k
    return None


def _paragraph_start(script, reached: int) -> int:
    """The first utterance of the paragraph that utterance ``reached`` is in."""
    utterances = script.utterances
    reached = min(max(reached, 0), len(utterances) - 1)
    paragraph = utterances[reached].paragraph
    while reached > 0 and utterances[reached - 1].paragraph == paragraph:
        reached -= 1
    return reached


def with_chosen(order, program: Program, script_id: str, index: int) -> list:
    """``order`` with ``script_id`` played right after script ``index`` (-1: before all), in
    place of what its part would have played (a part with a ``count`` gives up its other
    scripts still to come); scripts already played keep their places."""
    done = list(order[: index + 1])
    chosen = next((p for p in order if p.script_id == script_id), None)
    if chosen is None:
        parts = program.parts_of(script_id)
        start = order[index + 1].start_s if index + 1 < len(order) else 0.0
        chosen = PlannedScript(script_id, parts[0] if parts else 0, start, 0.0)
    chosen = replace(chosen, from_utterance=0)
    limited = program.parts[chosen.part].count is not None
    rest = [
        p
        for p in order[index + 1 :]
        if p.script_id != script_id and not (limited and p.part == chosen.part)
    ]
    return [*done, chosen, *rest]
