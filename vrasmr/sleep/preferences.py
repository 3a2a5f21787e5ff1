"""Learning what helps: a Beta posterior per trigger kind from ratings and skips.

Evidence per session, for every trigger it played: a sleep rating r (1-5) counts as
(r-1)/4 of a success and (5-r)/4 of a failure; a better mood after than before adds half a
success (worse: half a failure); reaching the timer's end without a rating adds a quarter
success; each skip of a trigger is one failure. The menu marks a scene "for you" by Thompson
sampling (one draw per trigger each launch, ranked by :func:`rank_scenes`); triggers the
user switched off never count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from vrasmr.sleep.journal import Journal, SessionRow, normalize_trigger

TRIGGER_KINDS = (
    "whispers",
    "tapping",
    "brushing",
    "crinkling",
    "rain",
    "fire",
    "water",
    "noise",
    "story",
)
MIN_NIGHTS_FOR_YOU = 3  # sessions with evidence before any scene is marked "for you"


@dataclass
class Beta:
    alpha: float = 1.0
    beta: float = 1.0

    @property
    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)


@dataclass
class TriggerPreferences:
    """Per-trigger Beta(1, 1) priors updated with evidence from the journal."""

    posteriors: dict[str, Beta] = field(default_factory=dict)
    nights: int = 0  # sessions that gave any evidence

    @classmethod
    def from_sessions(cls, sessions: Iterable[SessionRow]) -> TriggerPreferences:
        prefs = cls()
        for session in sessions:
            prefs.observe_session(session)
        return prefs

    @classmethod
    def from_journal(cls, journal: Journal) -> TriggerPreferences:
        return cls.from_sessions(journal.sessions())

    def posterior(self, trigger: str) -> Beta:
        return self.posteriors.get(normalize_trigger(trigger), Beta())

    def update(self, trigger: str, *, success: float = 0.0, failure: float = 0.0) -> None:
        if success < 0 or failure < 0:
            raise ValueError("success and failure must not be negative")
        name = normalize_trigger(trigger)
        post = self.posteriors.setdefault(name, Beta())
        post.alpha += success
        post.beta += failure

    def observe_session(self, session: SessionRow) -> None:
        success = failure = 0.0
        if session.sleep_rating is not None:
            success += (session.sleep_rating - 1) / 4.0
            failure += (5 - session.sleep_rating) / 4.0
        elif session.end_reason == "timer":
            success += 0.25
        if session.mood_before is not None and session.mood_after is not None:
            if session.mood_after > session.mood_before:
                success += 0.5
            elif session.mood_after < session.mood_before:
                failure += 0.5
        for trigger in session.triggers:
            self.update(trigger, success=success, failure=failure)
        for trigger in session.skips:
            self.update(trigger, failure=1.0)
        if session.skips or (session.triggers and success + failure > 0):
            self.nights += 1

    def mean(self, trigger: str) -> float:
        return self.posterior(trigger).mean

    def sample(self, rng, triggers: Iterable[str] | None = None) -> dict[str, float]:
        """One Thompson draw per trigger (known kinds plus any seen) from ``rng``."""
        names = (
            sorted(set(TRIGGER_KINDS) | set(self.posteriors))
            if triggers is None
            else sorted({normalize_trigger(t) for t in triggers})
        )
        draw = rng.beta if hasattr(rng, "beta") else rng.betavariate
        return {
            name: float(draw(self.posterior(name).alpha, self.posterior(name).beta))
            for name in names
        }

    def for_you_draws(self, triggers: Iterable[str], rng=None) -> tuple[tuple[str, float], ...]:
        """This launch's Thompson draws for ``triggers``, for :func:`rank_scenes` in the menu;
        empty until the journal holds :data:`MIN_NIGHTS_FOR_YOU` sessions with evidence."""
        if self.nights < MIN_NIGHTS_FOR_YOU:
            return ()
        if rng is None:
            import random

            rng = random.Random()
        return tuple(sorted(self.sample(rng, triggers).items()))


def rank_scenes(
    scenes: Sequence[tuple[str, Iterable[str]]],
    draws: Mapping[str, float],
    switched_off: Iterable[str] = (),
) -> list[str]:
    """Scene ids best first by the mean draw over their triggers that are not switched off
    (a trigger without a draw counts 0.5); scenes with nothing audible are left out."""
    off = {normalize_trigger(t) for t in switched_off}
    scored = []
    for scene_id, triggers in scenes:
        audible = {normalize_trigger(t) for t in triggers} - off
        if audible:
            score = sum(draws.get(t, 0.5) for t in audible) / len(audible)
            scored.append((-score, scene_id))
    return [scene_id for _, scene_id in sorted(scored)]
