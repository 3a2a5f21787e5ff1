"""What a night's plan promises before the fade: how much of the time it covers, the
longest silence, how much is spoken (estimates at each script's rate; the voice is timed
for real when it plays)."""

from __future__ import annotations

from dataclasses import dataclass

from vrasmr.program.items import script_entries
from vrasmr.scene.program import DEFAULT_BREATHING_MINUTES


@dataclass(frozen=True)
class PlanFigures:
    """``coverage``: the share of the time before the fade that the program spans, from its
    first words to its last (its speech and every pause and gap between; the wait for the
    first words is not covered);
    ``longest_silence_s``: the longest stretch with no words before the fade (the wait for
    the first words included); ``speech_s``: seconds of words before the fade."""

    scripts: tuple[str, ...]
    before_fade_s: float
    coverage: float
    longest_silence_s: float
    speech_s: float


def speech_spans(plan, program, scripts) -> list[tuple[float, float]]:
    """(start, end) of every planned utterance, scene seconds, in order."""
    spans = []
    for planned in plan.scripts:
        script = scripts[planned.script_id]
        pace = plan.pace if script.header.kind == "breathing" else None
        minutes = program.parts[planned.part].minutes or DEFAULT_BREATHING_MINUTES
        at = planned.start_s - (script.lead_in_s if planned.from_utterance == 0 else 0.0)
        for entry in script_entries(
            script, at, from_utterance=planned.from_utterance, pace=pace, breath_minutes=minutes
        ):
            spans.append((entry.start_s, entry.start_s + entry.talk_s))
    return spans


def plan_figures(plan, program, scripts, horizon_s: float | None = None) -> PlanFigures:
    """The figures of ``plan`` up to the fade's start (``horizon_s`` without a timer)."""
    window = plan.window
    end = window.fade_start if window is not None else horizon_s
    if end is None:
        raise ValueError("a plan without a timer needs a horizon_s to measure against")
    spans = [(a, min(b, end)) for a, b in speech_spans(plan, program, scripts) if a < end]
    if not spans:
        return PlanFigures((), end, 0.0, end, 0.0)
    silences = [spans[0][0]] + [b[0] - a[1] for a, b in zip(spans, spans[1:], strict=False)]
    silences.append(end - spans[-1][1])
    covered = min(spans[-1][1], end)
    names = tuple(s.script_id for s in plan.scripts if s.start_s < end)
    return PlanFigures(
        scripts=names,
        before_fade_s=end,
        coverage=(covered - spans[0][0]) / end if end > 0 else 1.0,
        longest_silence_s=max(silences),
        speech_s=sum(b - a for a, b in spans),
    )
